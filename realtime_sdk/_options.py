"""The Session's grouped options: `Timeouts` and `Limits`, small frozen records (as httpx's `Timeout`
and `Limits`), and the reading of the flat keywords they replace (deprecated for one release).

Both `realtime_sdk.Session` and `realtime_sdk.sync.Session` take `timeouts=` and `limits=`; the flat
keywords (`open_timeout=`, `max_buffer=`, ...) are listed once, in `DeprecatedOptions`, and read by
`grouped_options`. Pure: no I/O.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Mapping
from typing import Any, TypedDict

import attrs

from ._exceptions import ConfigurationError

__all__ = ["DeprecatedOptions", "Limits", "Timeouts", "grouped_options"]


def _seconds(optional: bool) -> Any:
    """An attrs validator: a positive, finite number of seconds (or None when `optional`)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        where = f"{type(instance).__name__}.{attribute.name}"
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a number of seconds or None" if optional else "a number of seconds"
            raise TypeError(f"{where} must be {kind}, got {value!r} ({type(value).__name__})")
        if not (value > 0 and math.isfinite(value)):
            raise ConfigurationError(f"{where} must be a positive, finite number, got {value!r}")

    return check


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: a whole number, at least 1."""
    where = f"{type(instance).__name__}.{attribute.name}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{where} must be an int, got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ConfigurationError(f"{where} must be at least 1, got {value!r}")


@attrs.frozen(kw_only=True)
class Timeouts:
    """How long the Session waits, in seconds: `Session(timeouts=rt.Timeouts(answer=10))`.

    Every field has its default when not given; each must be a positive, finite number
    (`ping_interval` and `ping_timeout` may be None). A wrong type raises TypeError, a value out
    of range ConfigurationError, each naming the field.

    Attributes:
        open: TCP connect, TLS and the WebSocket upgrade together (a `ConnectError` after it).
        session: entering waits this long for `session.created` (`RealtimeTimeoutError`).
        answer: a send awaited with `wait=True` waits this long for its answer
            (`RealtimeTimeoutError`).
        close: the closing handshake.
        ping_interval: seconds between keepalive pings (None: no pings).
        ping_timeout: a ping's pong must come within this, else the connection is dropped with
            code 1011 (None: wait forever).
    """

    open: float = attrs.field(default=10.0, validator=_seconds(False))
    session: float = attrs.field(default=10.0, validator=_seconds(False))
    answer: float = attrs.field(default=30.0, validator=_seconds(False))
    close: float = attrs.field(default=5.0, validator=_seconds(False))
    ping_interval: float | None = attrs.field(default=20.0, validator=_seconds(True))
    ping_timeout: float | None = attrs.field(default=20.0, validator=_seconds(True))


@attrs.frozen(kw_only=True)
class Limits:
    """How much the Session holds: `Session(limits=rt.Limits(max_buffer=1024))`.

    Every field has its default when not given; each must be an int of at least 1 (TypeError or
    ConfigurationError naming the field otherwise).

    Attributes:
        max_message_size: the largest message accepted from the server, in bytes (16 MiB); a
            larger one closes the connection with code 1009.
        max_buffer: events held for a slow reader of the session's stream (see "Backpressure").
        handle_buffer: deltas a ResponseHandle holds for a reader that has not caught up.
    """

    max_message_size: int = attrs.field(default=16 * 2**20, validator=_count)
    max_buffer: int = attrs.field(default=256, validator=_count)
    handle_buffer: int = attrs.field(default=4096, validator=_count)


class DeprecatedOptions(TypedDict, total=False):
    """The flat keywords that `Timeouts` and `Limits` replace (accepted for one release)."""

    open_timeout: float
    session_timeout: float
    answer_timeout: float
    close_timeout: float
    ping_interval: float | None
    ping_timeout: float | None
    max_message_size: int
    max_buffer: int
    handle_buffer: int


# Each flat keyword: (the record's keyword, the record, its field).
_FLAT: Mapping[str, tuple[str, type[Timeouts | Limits], str]] = {
    "open_timeout": ("timeouts", Timeouts, "open"),
    "session_timeout": ("timeouts", Timeouts, "session"),
    "answer_timeout": ("timeouts", Timeouts, "answer"),
    "close_timeout": ("timeouts", Timeouts, "close"),
    "ping_interval": ("timeouts", Timeouts, "ping_interval"),
    "ping_timeout": ("timeouts", Timeouts, "ping_timeout"),
    "max_message_size": ("limits", Limits, "max_message_size"),
    "max_buffer": ("limits", Limits, "max_buffer"),
    "handle_buffer": ("limits", Limits, "handle_buffer"),
}


def grouped_options(
    where: str, timeouts: Timeouts | None, limits: Limits | None, flat: Mapping[str, Any]
) -> tuple[Timeouts, Limits]:
    """The records a constructor named `where` runs with, from its `timeouts=`, `limits=` and flat
    keywords `flat`: a DeprecationWarning for each flat keyword (pointing at the constructor's
    caller), TypeError for an unknown keyword, a record of the wrong type, or a flat keyword
    whose record was passed too."""
    given = {"timeouts": timeouts, "limits": limits}
    for name, cls in (("timeouts", Timeouts), ("limits", Limits)):
        if given[name] is not None and not isinstance(given[name], cls):
            raise TypeError(
                f"{where}(): {name} must be a {cls.__name__} or None, "
                f"got {type(given[name]).__name__}"
            )
    changes: dict[str, dict[str, Any]] = {"timeouts": {}, "limits": {}}
    # The warning points at the code that called the constructor: past this function, the
    # constructor, and typing's `__call__` for a subscripted class (`Session[BetaDialect](...)`).
    stacklevel, frame = 3, sys._getframe(2)
    while frame.f_back is not None and frame.f_globals.get("__name__") == "typing":
        stacklevel, frame = stacklevel + 1, frame.f_back
    for keyword, value in flat.items():
        if keyword not in _FLAT:
            raise TypeError(f"{where}() got an unexpected keyword argument {keyword!r}")
        record, cls, field = _FLAT[keyword]
        if given[record] is not None:
            raise TypeError(
                f"{where}(): {keyword}= and {record}= both set {cls.__name__}.{field}; "
                f"pass it once, as {record}={cls.__name__}({field}=...)"
            )
        warnings.warn(
            f"{where}({keyword}=...) is deprecated and will be removed in the next release; "
            f"use {record}=realtime_sdk.{cls.__name__}({field}=...)",
            DeprecationWarning,
            stacklevel=stacklevel,
        )
        changes[record][field] = value
    return (
        timeouts if timeouts is not None else Timeouts(**changes["timeouts"]),
        limits if limits is not None else Limits(**changes["limits"]),
    )
