"""The base of every protocol model: attrs, frozen, slotted, keyword-only, lossless."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._exceptions import EventDecodeError
from .._types import UNSET, Unset

__all__ = ["AUDIO", "EMPTY_EXTRA", "SECRET", "Model", "b64_if_bytes", "decode_audio"]

EMPTY_EXTRA: Mapping[str, Any] = MappingProxyType({})


def _audio_repr(value: object) -> str:
    if isinstance(value, str) and len(value) > 48:
        return f"<base64 audio, {len(value)} chars>"
    return repr(value)


AUDIO: Mapping[str, Any] = MappingProxyType({"audio": True})
"""Field metadata marking base64 audio (shortened in reprs)."""

SECRET: Mapping[str, Any] = MappingProxyType({"secret": True})
"""Field metadata marking a credential (never shown in reprs, so never in logs)."""


def b64_if_bytes(
    value: str | bytes | bytearray | memoryview | Unset | None,
) -> str | Unset | None:
    """attrs converter: raw bytes become base64 text; text (and UNSET, None) are kept as given."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    return value


def decode_audio(value: str | Unset | None, *, path: str, event_type: str | None = None) -> bytes:
    """Base64-decode an audio field (b"" when UNSET or null); bad base64 raises EventDecodeError."""
    if value is UNSET or value is None:
        return b""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EventDecodeError(
            f"audio is not valid base64 ({exc})", event_type=event_type, path=path
        ) from None


@attrs.frozen(kw_only=True, repr=False)
class Model:
    """Base class of every event and resource model.

    `extra_fields` keeps the JSON members this SDK does not model, so a decoded object is written back
    exactly as it came (`encode(decode(x)) == x`): servers add fields before SDKs learn them.
    Fields left UNSET are omitted from the JSON and from the repr.
    """

    extra_fields: Mapping[str, Any] = attrs.field(default=EMPTY_EXTRA)
    """JSON members this SDK does not model, kept as received and written back on encode."""

    def __repr__(self) -> str:
        parts = []
        for f in attrs.fields(type(self))[1:]:
            value = getattr(self, f.name)
            if value is UNSET:
                continue
            if f.metadata.get("secret"):
                text = "'***'" if value is not None else "None"
            elif f.metadata.get("audio"):
                text = _audio_repr(value)
            else:
                text = repr(value)
            parts.append(f"{f.name}={text}")
        if self.extra_fields:
            parts.append(f"extra_fields={dict(self.extra_fields)!r}")
        return f"{type(self).__name__}({', '.join(parts)})"
