"""The 12 client events of the GA Realtime protocol (what the client sends)."""

from __future__ import annotations

import functools
from typing import Literal, Union

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._resources import (
    Item,
    LegacyTranscriptionSessionConfig,
    ResponseCreateParams,
    SessionConfig,
    TranscriptionSessionConfig,
)

__all__ = [
    "CLIENT_EVENTS",
    "ClientEvent",
    "ConversationItemCreate",
    "ConversationItemDelete",
    "ConversationItemRetrieve",
    "ConversationItemTruncate",
    "InputAudioBufferAppend",
    "InputAudioBufferClear",
    "InputAudioBufferCommit",
    "OutputAudioBufferClear",
    "ResponseCancel",
    "ResponseCreate",
    "SessionUpdate",
    "TranscriptionSessionUpdate",
]


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemCreate(Model):
    """Adds an item to the conversation, after `previous_item_id` (default: at the end)."""

    type: Literal["conversation.item.create"] = "conversation.item.create"
    event_id: str | Unset | None = UNSET
    previous_item_id: str | Unset | None = UNSET
    item: Item


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemDelete(Model):
    """Removes an item from the conversation."""

    type: Literal["conversation.item.delete"] = "conversation.item.delete"
    event_id: str | Unset | None = UNSET
    item_id: str


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemRetrieve(Model):
    """Asks the server for a conversation item (answered by `conversation.item.retrieved`)."""

    type: Literal["conversation.item.retrieve"] = "conversation.item.retrieve"
    event_id: str | Unset | None = UNSET
    item_id: str


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemTruncate(Model):
    """Cuts an assistant message's audio at `audio_end_ms` (e.g. where the user interrupted)."""

    type: Literal["conversation.item.truncate"] = "conversation.item.truncate"
    event_id: str | Unset | None = UNSET
    item_id: str
    content_index: int
    audio_end_ms: int


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferAppend(Model):
    """Appends audio to the input buffer; `audio` takes raw bytes or base64 text."""

    type: Literal["input_audio_buffer.append"] = "input_audio_buffer.append"
    event_id: str | Unset | None = UNSET
    audio: str = attrs.field(converter=b64_if_bytes, metadata=AUDIO)

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio."""
        return decode_audio(self.audio, path="$.audio", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferClear(Model):
    """Discards the audio in the input buffer."""

    type: Literal["input_audio_buffer.clear"] = "input_audio_buffer.clear"
    event_id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCommit(Model):
    """Turns the input buffer into a user message item (needed when turn detection is off)."""

    type: Literal["input_audio_buffer.commit"] = "input_audio_buffer.commit"
    event_id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferClear(Model):
    """Stops playing the response audio (WebRTC / SIP); cancel the response first."""

    type: Literal["output_audio_buffer.clear"] = "output_audio_buffer.clear"
    event_id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCancel(Model):
    """Cancels the response in progress (or the one named by `response_id`)."""

    type: Literal["response.cancel"] = "response.cancel"
    event_id: str | Unset | None = UNSET
    response_id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreate(Model):
    """Asks the model for a response, optionally with settings for this response only."""

    type: Literal["response.create"] = "response.create"
    event_id: str | Unset | None = UNSET
    response: ResponseCreateParams | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdate(Model):
    """Changes the session's settings (realtime or transcription); answered by `session.updated`."""

    type: Literal["session.update"] = "session.update"
    event_id: str | Unset | None = UNSET
    session: SessionConfig | TranscriptionSessionConfig


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionUpdate(Model):
    """Changes a transcription session's settings, in the flat pre-GA layout."""

    type: Literal["transcription_session.update"] = "transcription_session.update"
    event_id: str | Unset | None = UNSET
    session: LegacyTranscriptionSessionConfig


CLIENT_EVENTS: tuple[type[Model], ...] = (
    ConversationItemCreate,
    ConversationItemDelete,
    ConversationItemRetrieve,
    ConversationItemTruncate,
    InputAudioBufferAppend,
    InputAudioBufferClear,
    InputAudioBufferCommit,
    OutputAudioBufferClear,
    ResponseCancel,
    ResponseCreate,
    SessionUpdate,
    TranscriptionSessionUpdate,
)
"""Every GA client event class, in the protocol's documented order."""

ClientEvent = Union[  # noqa: UP007
    ConversationItemCreate,
    ConversationItemDelete,
    ConversationItemRetrieve,
    ConversationItemTruncate,
    InputAudioBufferAppend,
    InputAudioBufferClear,
    InputAudioBufferCommit,
    OutputAudioBufferClear,
    ResponseCancel,
    ResponseCreate,
    SessionUpdate,
    TranscriptionSessionUpdate,
]
"""Any GA client event."""
