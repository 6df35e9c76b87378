"""`Timeouts` and `Limits`: the Session's grouped options, their checks, and the flat keywords they
replace (still accepted for one release, with a DeprecationWarning), on both Sessions."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import anyio
import attrs
import pytest

import realtime_sdk as rt
from realtime_sdk import sync

# Every flat keyword and where it now lives: (record, field, a valid value other than the default).
FLAT = {
    "open_timeout": (rt.Timeouts, "open", 3.0),
    "session_timeout": (rt.Timeouts, "session", 4.0),
    "answer_timeout": (rt.Timeouts, "answer", 5.0),
    "close_timeout": (rt.Timeouts, "close", 6.0),
    "ping_interval": (rt.Timeouts, "ping_interval", None),
    "ping_timeout": (rt.Timeouts, "ping_timeout", 7.0),
    "max_message_size": (rt.Limits, "max_message_size", 1024),
    "max_buffer": (rt.Limits, "max_buffer", 8),
    "handle_buffer": (rt.Limits, "handle_buffer", 16),
}
# The attribute of the async Session that holds each option (as the connection code reads it).
HELD = {
    "open": "_open_timeout",
    "session": "_session_timeout",
    "answer": "answer_timeout",
    "close": "_close_timeout",
    "ping_interval": "_ping_interval",
    "ping_timeout": "_ping_timeout",
    "max_message_size": "_max_message_size",
    "max_buffer": "_max_buffer",
    "handle_buffer": "_handle_buffer",
}
BOTH = pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda **kw: rt.Session(model="m", api_key="sk-x", **kw), id="async"),
        pytest.param(
            lambda **kw: sync.Session(model="m", api_key="sk-x", **kw).async_session, id="sync"
        ),
    ],
)


def test_defaults_are_the_documented_ones() -> None:
    assert attrs.asdict(rt.Timeouts()) == {
        "open": 10.0,
        "session": 10.0,
        "answer": 30.0,
        "close": 5.0,
        "ping_interval": 20.0,
        "ping_timeout": 20.0,
    }
    assert attrs.asdict(rt.Limits()) == {
        "max_message_size": 16 * 2**20,
        "max_buffer": 256,
        "handle_buffer": 4096,
    }


def test_records_are_frozen_keyword_only_and_comparable() -> None:
    timeouts = rt.Timeouts(answer=5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        timeouts.answer = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        rt.Timeouts(5)  # type: ignore[misc]
    assert attrs.evolve(timeouts, open=2) == rt.Timeouts(open=2, answer=5)
    assert rt.Limits(max_buffer=8) != rt.Limits()


@pytest.mark.parametrize(
    ("make", "error", "field"),
    [
        (lambda: rt.Timeouts(open=0), rt.ConfigurationError, "Timeouts.open"),
        (lambda: rt.Timeouts(session=-1), rt.ConfigurationError, "Timeouts.session"),
        (lambda: rt.Timeouts(answer=math.inf), rt.ConfigurationError, "Timeouts.answer"),
        (lambda: rt.Timeouts(close=math.nan), rt.ConfigurationError, "Timeouts.close"),
        (lambda: rt.Timeouts(ping_interval=0), rt.ConfigurationError, "Timeouts.ping_interval"),
        (lambda: rt.Timeouts(open=None), TypeError, "Timeouts.open"),
        (lambda: rt.Timeouts(answer="5"), TypeError, "Timeouts.answer"),
        (lambda: rt.Timeouts(ping_timeout=True), TypeError, "Timeouts.ping_timeout"),
        (lambda: rt.Limits(max_buffer=0), rt.ConfigurationError, "Limits.max_buffer"),
        (lambda: rt.Limits(handle_buffer=-4), rt.ConfigurationError, "Limits.handle_buffer"),
        (lambda: rt.Limits(max_message_size=1.5), TypeError, "Limits.max_message_size"),
        (lambda: rt.Limits(max_buffer=None), TypeError, "Limits.max_buffer"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    make: Callable[[], object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error, match=rf"^{field} must be"):
        make()


def test_none_turns_keepalive_off() -> None:
    assert rt.Timeouts(ping_interval=None, ping_timeout=None).ping_interval is None


@BOTH
def test_the_records_reach_the_session(make: Callable[..., rt.Session]) -> None:
    timeouts = rt.Timeouts(open=1, session=2, answer=3, close=4, ping_interval=5, ping_timeout=6)
    limits = rt.Limits(max_message_size=1000, max_buffer=7, handle_buffer=9)
    session = make(timeouts=timeouts, limits=limits)
    for record in (timeouts, limits):
        for field, value in attrs.asdict(record).items():
            assert getattr(session, HELD[field]) == value, field


@BOTH
@pytest.mark.parametrize("keyword", list(FLAT))
def test_a_flat_keyword_still_works_with_a_deprecation_warning(
    make: Callable[..., rt.Session], keyword: str
) -> None:
    record, field, value = FLAT[keyword]
    with pytest.warns(DeprecationWarning, match=rf"\({keyword}=\.\.\.\) is deprecated") as caught:
        session = make(**{keyword: value})
    assert caught[0].filename == __file__  # the warning points at the caller
    assert f"{record.__name__}({field}=...)" in str(caught[0].message)
    assert getattr(session, HELD[field]) == value
    # the other options keep their defaults
    for other, default in {**attrs.asdict(rt.Timeouts()), **attrs.asdict(rt.Limits())}.items():
        if other != field:
            assert getattr(session, HELD[other]) == default, other


@BOTH
def test_a_bad_flat_value_is_refused_like_the_records(make: Callable[..., rt.Session]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(rt.ConfigurationError, match=r"Limits\.max_buffer must be at least 1"):
            make(max_buffer=0)
        with pytest.raises(TypeError, match=r"Timeouts\.answer must be a number of seconds"):
            make(answer_timeout="soon")


@BOTH
@pytest.mark.parametrize(
    ("keyword", "record"),
    [("close_timeout", {"timeouts": rt.Timeouts()}), ("max_buffer", {"limits": rt.Limits()})],
)
def test_a_flat_keyword_with_its_record_is_a_type_error(
    make: Callable[..., rt.Session], keyword: str, record: dict[str, Any]
) -> None:
    name = next(iter(record))
    with pytest.raises(TypeError, match=rf"{keyword}= and {name}= both set"):
        make(**{keyword: FLAT[keyword][2]}, **record)


@BOTH
def test_a_flat_keyword_of_the_other_record_may_go_with_a_record(
    make: Callable[..., rt.Session],
) -> None:
    with pytest.warns(DeprecationWarning, match="max_buffer"):
        session = make(timeouts=rt.Timeouts(answer=3), max_buffer=8)
    assert (session.answer_timeout, session._max_buffer) == (3, 8)


@BOTH
def test_unknown_keywords_and_wrong_records_are_type_errors(
    make: Callable[..., rt.Session],
) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'open_timout'"):
        make(open_timout=3)
    with pytest.raises(TypeError, match="timeouts must be a Timeouts or None, got float"):
        make(timeouts=5.0)
    with pytest.raises(TypeError, match="limits must be a Limits or None, got Timeouts"):
        make(limits=rt.Timeouts())


@pytest.mark.anyio
@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"timeouts": rt.Timeouts(session=0.2)}, id="record"),
        pytest.param({"session_timeout": 0.2}, id="flat"),
    ],
)
async def test_the_session_timeout_bounds_entering(options: dict[str, Any]) -> None:
    client_end, server_end = rt.memory_transport_pair()  # a server that never says session.created
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        session = rt.Session(transport=client_end, **options)
    with anyio.fail_after(10), pytest.raises(rt.RealtimeTimeoutError, match=r"within 0\.2 s"):
        async with session:
            pass
    await server_end.aclose()


def test_the_sync_session_warns_once_per_keyword_at_its_caller() -> None:
    with pytest.warns(DeprecationWarning, match="is deprecated") as caught:
        session = sync.Session(model="m", api_key="sk-x", open_timeout=3, handle_buffer=16)
    assert [w.filename for w in caught] == [__file__, __file__]
    assert "sync.Session(open_timeout=...)" in str(caught[0].message)
    assert (session.async_session._open_timeout, session.async_session._handle_buffer) == (3, 16)


def test_the_warning_points_at_the_caller_of_a_subscripted_session() -> None:
    with pytest.warns(DeprecationWarning, match="open_timeout") as caught:
        rt.Session[rt.BetaDialect](model="m", api_key="sk-x", dialect="beta", open_timeout=3)
    with pytest.warns(DeprecationWarning, match="open_timeout") as caught_sync:
        sync.Session[rt.BetaDialect](model="m", api_key="sk-x", dialect="beta", open_timeout=3)
    assert [w.filename for w in [*caught, *caught_sync]] == [__file__, __file__]
