"""The UNSET sentinel and the small type aliases shared by every layer.

"Not given" and "null" are different things on the wire: a field left UNSET is omitted from the JSON,
a field set to None is sent as `null` (which, for example, turns server VAD off).
"""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeVar

__all__ = ["UNSET", "Unset", "is_set"]

_T = TypeVar("_T")


class _UnsetType(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = _UnsetType.UNSET
"""The value of every optional field that was not given; omitted when encoding."""

Unset = Literal[_UnsetType.UNSET]
"""The type of `UNSET`, for annotations: `instructions: str | Unset = UNSET`."""


def is_set(value: _T | Unset) -> bool:
    """True when `value` is anything but UNSET (None counts as set: it is sent as null)."""
    return value is not UNSET
