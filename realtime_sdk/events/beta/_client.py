"""Client events of the pre-GA beta dialect (what the client sends)."""

from __future__ import annotations

import functools
from typing import Literal, Union

import attrs

from ..._types import UNSET, Unset
from .._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._resources import (
    ConversationItem,
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
    """Adds an item to the conversation, after `previous_item_id` (`None`: at the start)."""

    type: Literal["conversation.item.create"] = "conversation.item.create"
    event_id: str | Unset = UNSET
    previous_item_id: str | Unset | None = UNSET
    item: ConversationItem


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemDelete(Model):
    """Removes an item from the conversation."""

    type: Literal["conversation.item.delete"] = "conversation.item.delete"
    event_id: str | Unset = UNSET
    item_id: str


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemRetrieve(Model):
    """Asks the server for an item as it stands now (answered by `conversation.item.retrieved`)."""

    type: Literal["conversation.item.retrieve"] = "conversation.item.retrieve"
    event_id: str | Unset = UNSET
    item_id: str


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemTruncate(Model):
    """Cuts an assistant audio item at `audio_end_ms` (what the user actually heard)."""

    type: Literal["conversation.item.truncate"] = "conversation.item.truncate"
    event_id: str | Unset = UNSET
    item_id: str
    content_index: int
    audio_end_ms: int


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferAppend(Model):
    """Appends audio to the input buffer (pass raw bytes or base64 text)."""

    type: Literal["input_audio_buffer.append"] = "input_audio_buffer.append"
    event_id: str | Unset = UNSET
    audio: str = attrs.field(converter=b64_if_bytes, metadata=AUDIO)

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio; decoded on first access only."""
        return decode_audio(self.audio, path="$.audio", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferClear(Model):
    """Discards the audio in the input buffer."""

    type: Literal["input_audio_buffer.clear"] = "input_audio_buffer.clear"
    event_id: str | Unset = UNSET


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferClear(Model):
    """Stops the audio being played out (WebRTC only) and discards what remains."""

    type: Literal["output_audio_buffer.clear"] = "output_audio_buffer.clear"
    event_id: str | Unset = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCommit(Model):
    """Commits the input buffer as a user audio item (needed when turn detection is off)."""

    type: Literal["input_audio_buffer.commit"] = "input_audio_buffer.commit"
    event_id: str | Unset = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCancel(Model):
    """Cancels the response in progress (or the one named by `response_id`)."""

    type: Literal["response.cancel"] = "response.cancel"
    event_id: str | Unset = UNSET
    response_id: str | Unset = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreate(Model):
    """Asks the model for a response, optionally with per-response overrides."""

    type: Literal["response.create"] = "response.create"
    event_id: str | Unset = UNSET
    response: ResponseCreateParams | Unset = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdate(Model):
    """Changes the session's configuration (only the fields set in `session`)."""

    type: Literal["session.update"] = "session.update"
    event_id: str | Unset = UNSET
    session: SessionConfig


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionUpdate(Model):
    """Changes the configuration of a transcription-only session."""

    type: Literal["transcription_session.update"] = "transcription_session.update"
    event_id: str | Unset = UNSET
    session: TranscriptionSessionConfig


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
"""The beta client event classes, in the protocol's documented order."""

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
"""Any beta client event."""
