"""The leading fields that families of events share, declared (and described) once.

Every client event starts with an optional `event_id`; every server event with a required one; the
events of a response's output go on with `response_id`, `item_id`, `output_index` and, for those
about one content part, `content_index`. Each family is a private attrs base here, and an event
class derives from the base of its family and declares only its `type` and its own fields.

attrs puts a base's fields before the subclass's own ones, so a subclass is decorated with
`field_transformer=type_first`, which moves `type` back to the front: the fields (and so the keys
of an encoded event, and the repr) keep the order they had when every class declared all its
fields, `type` then `event_id` then the rest (tests/test_event_families.py checks it).

Inheriting a slot costs a little when decoding: CPython checks the instance's type against the
slot's owner, a subtype check when the owner is a base (about 20 ns a field; benchmarks/decode.py
measured the decode mix within 5% of the flat classes).

The bases are not events (no `type`), are in no union, and are not exported.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, decode_audio

__all__ = [
    "AfterItemEvent",
    "AudioDeltaEvent",
    "AudioPartEvent",
    "ClientEventBase",
    "ContentPartEvent",
    "MCPCallEvent",
    "ResponseEvent",
    "ResponseItemEvent",
    "ServerEventBase",
    "TextDeltaEvent",
    "type_first",
]


def type_first(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """attrs field transformer: `type` goes right after `extra_fields`, before inherited fields."""
    tag = [f for f in fields if f.name == "type"]
    if not tag:
        return fields
    rest = [f for f in fields if f.name != "type"]
    return [rest[0], *tag, *rest[1:]]  # rest[0] is Model's `extra_fields`


# --- client events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ClientEventBase(Model):
    """The field every client event starts with."""

    event_id: str | Unset | None = UNSET
    """Optional id chosen by the client for this event; errors refer to it (GA and beta: at most 512
    characters)."""


# --- server events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ServerEventBase(Model):
    """The field every server event starts with."""

    event_id: str
    """Unique id of this server event."""


@attrs.frozen(kw_only=True, repr=False)
class AfterItemEvent(ServerEventBase):
    """An event about an item placed in the conversation after another one."""

    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""


@attrs.frozen(kw_only=True, repr=False)
class AudioPartEvent(ServerEventBase):
    """An event about the audio part of a conversation item (transcription, truncation)."""

    item_id: str
    """Id of the item holding the audio."""
    content_index: int
    """Position of the audio part in the item's content."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseEvent(ServerEventBase):
    """An event about one response."""

    response_id: str
    """Id of the response."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseItemEvent(ResponseEvent):
    """An event about one output item of a response."""

    item_id: str
    """Id of the output item (for the `*_arguments.*` events, the function or MCP call item)."""
    output_index: int
    """Position of the item in the response's output."""


@attrs.frozen(kw_only=True, repr=False)
class ContentPartEvent(ResponseItemEvent):
    """An event about one content part of a response's output item (parts, text, audio)."""

    content_index: int
    """Position of the content part in the item's content."""


@attrs.frozen(kw_only=True, repr=False)
class AudioDeltaEvent(ContentPartEvent):
    """A chunk of a response's audio (GA `response.output_audio.delta`, beta `response.audio.delta`)."""

    delta: str = attrs.field(metadata=AUDIO)
    """The next piece of audio, base64 in the session's output format."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio chunk; decoded on first access only."""
        return decode_audio(self.delta, path="$.delta", event_type=getattr(self, "type", None))


@attrs.frozen(kw_only=True, repr=False)
class TextDeltaEvent(ContentPartEvent):
    """A piece of a response's text, or of its audio's transcript (GA and beta)."""

    delta: str
    """The next piece of the text (or of the transcript)."""


@attrs.frozen(kw_only=True, repr=False)
class MCPCallEvent(ServerEventBase):
    """An event about the progress of an MCP tool call."""

    output_index: int
    """Position of the item in the response's output."""
    item_id: str
    """Id of the MCP call item."""
