"""The base of every protocol model: attrs, frozen, slotted, keyword-only, lossless."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._types import UNSET

__all__ = ["EMPTY_EXTRA", "Model", "audio_field", "b64_if_bytes", "model"]

EMPTY_EXTRA: Mapping[str, Any] = MappingProxyType({})

model = attrs.frozen(kw_only=True, slots=True, repr=False)
"""Decorator for protocol models: `@model class X(Model): ...`."""


def _audio_repr(value: object) -> str:
    if isinstance(value, str) and len(value) > 48:
        return f"<base64 audio, {len(value)} chars>"
    return repr(value)


def b64_if_bytes(value: Any) -> Any:
    """attrs converter: raw bytes become base64 text; text is kept as given."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    return value


def audio_field(*, default: Any = attrs.NOTHING, accept_bytes: bool = False) -> Any:
    """A base64 audio field: shortened in repr; optionally accepts raw bytes (client events)."""
    return attrs.field(
        default=default,
        converter=b64_if_bytes if accept_bytes else None,
        metadata={"audio": True},
    )


@model
class Model:
    """Base class of every event and resource model.

    `extra_fields` keeps the JSON members this SDK does not model, so a decoded object is written back
    exactly as it came (`encode(decode(x)) == x`): servers add fields before SDKs learn them.
    Fields left UNSET are omitted from the JSON and from the repr.
    """

    extra_fields: Mapping[str, Any] = attrs.field(default=EMPTY_EXTRA)

    def __repr__(self) -> str:
        parts = []
        for f in attrs.fields(type(self))[1:]:
            value = getattr(self, f.name)
            if value is UNSET:
                continue
            text = _audio_repr(value) if f.metadata.get("audio") else repr(value)
            parts.append(f"{f.name}={text}")
        if self.extra_fields:
            parts.append(f"extra_fields={dict(self.extra_fields)!r}")
        return f"{type(self).__name__}({', '.join(parts)})"
