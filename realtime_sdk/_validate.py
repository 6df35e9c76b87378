"""Early checks of what the application passes in, before anything is sent.

A wrong type is refused at once with a `TypeError` naming the argument (and the call), instead of
going out on the wire and coming back later as a server `error`. The checks are plain `isinstance`
tests on the send methods' arguments and in model constructors; decoding a server event never runs
them (the codec builds models without calling `__init__`), and `Session.append_audio`, the hot path,
keeps its single `isinstance` test.

This module imports only `_types`, so models and the Session can both use it.
"""

from __future__ import annotations

from typing import Any

from ._types import UNSET

__all__ = ["describe", "require", "require_int", "require_str", "string_list_validator"]


def describe(value: object) -> str:
    """A short description of a value for an error message: its type, and its repr when short."""
    text = repr(value)
    kind = type(value).__name__
    return f"{kind} {text}" if len(text) <= 40 else kind


def _names(expected: type | tuple[type, ...]) -> str:
    if isinstance(expected, type):
        return expected.__name__
    names = [t.__name__ for t in expected]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def require(value: Any, expected: type | tuple[type, ...], name: str, where: str) -> None:
    """TypeError unless `value` is an instance of `expected`."""
    if not isinstance(value, expected):
        raise TypeError(f"{where}: {name} must be {_names(expected)}, got {describe(value)}")


def require_str(value: Any, name: str, where: str) -> None:
    """TypeError unless `value` is a str."""
    if not isinstance(value, str):
        raise TypeError(f"{where}: {name} must be str, got {describe(value)}")


def require_int(value: Any, name: str, where: str) -> None:
    """TypeError unless `value` is an int (bool is refused: `True` is no millisecond count)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{where}: {name} must be int, got {describe(value)}")


def string_list_validator(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator for a field holding a list of strings (such as `output_modalities`).

    A bare string is refused with a hint: iterating it would send one letter per entry.
    UNSET and None pass (they mean "not given" and null).
    """
    if value is UNSET or value is None:
        return
    where = f"{type(instance).__name__}()"
    if isinstance(value, str):
        raise TypeError(f"{where}: {attribute.name} must be a list such as [{value!r}], not a str")
    if not isinstance(value, list):
        raise TypeError(f"{where}: {attribute.name} must be a list of str, got {describe(value)}")
    for entry in value:
        if not isinstance(entry, str):
            raise TypeError(
                f"{where}: {attribute.name} must be a list of str, got an entry {describe(entry)}"
            )
