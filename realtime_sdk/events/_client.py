"""The 12 client events of the GA Realtime protocol (what the client sends)."""

from __future__ import annotations

import functools
from typing import Literal, Union, get_args

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._families import ClientEventBase, type_first
from ._resources import (
    Item,
    LegacyTranscriptionSessionConfig,
    ResponseCreateParams,
    SessionConfig,
    TranscriptionSessionConfig,
)


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemCreate(ClientEventBase):
    """Adds an item to the conversation, after `previous_item_id` (default: at the end)."""

    type: Literal["conversation.item.create"] = "conversation.item.create"
    """Event type, always `conversation.item.create`."""
    previous_item_id: str | Unset | None = UNSET
    """Insert after this item; `root` for the start, unset for the end."""
    item: Item
    """The item to add."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemDelete(ClientEventBase):
    """Removes an item from the conversation."""

    type: Literal["conversation.item.delete"] = "conversation.item.delete"
    """Event type, always `conversation.item.delete`."""
    item_id: str
    """Id of the item to delete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemRetrieve(ClientEventBase):
    """Asks the server for a conversation item (answered by `conversation.item.retrieved`)."""

    type: Literal["conversation.item.retrieve"] = "conversation.item.retrieve"
    """Event type, always `conversation.item.retrieve`."""
    item_id: str
    """Id of the item to fetch."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemTruncate(ClientEventBase):
    """Cuts an assistant message's audio at `audio_end_ms` (e.g. where the user interrupted)."""

    type: Literal["conversation.item.truncate"] = "conversation.item.truncate"
    """Event type, always `conversation.item.truncate`."""
    item_id: str
    """Id of the assistant message to truncate (only those can be)."""
    content_index: int
    """Position of the audio part to truncate; use 0."""
    audio_end_ms: int
    """Cut the audio here, in ms (inclusive); beyond its length is an error."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferAppend(ClientEventBase):
    """Appends audio to the input buffer; `audio` takes raw bytes or base64 text."""

    type: Literal["input_audio_buffer.append"] = "input_audio_buffer.append"
    """Event type, always `input_audio_buffer.append`."""
    audio: str = attrs.field(converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio in the session's input format (raw bytes are encoded for you)."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio."""
        return decode_audio(self.audio, path="$.audio", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferClear(ClientEventBase):
    """Discards the audio in the input buffer."""

    type: Literal["input_audio_buffer.clear"] = "input_audio_buffer.clear"
    """Event type, always `input_audio_buffer.clear`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferCommit(ClientEventBase):
    """Turns the input buffer into a user message item (needed when turn detection is off)."""

    type: Literal["input_audio_buffer.commit"] = "input_audio_buffer.commit"
    """Event type, always `input_audio_buffer.commit`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class OutputAudioBufferClear(ClientEventBase):
    """Stops playing the response audio (WebRTC / SIP); cancel the response first."""

    type: Literal["output_audio_buffer.clear"] = "output_audio_buffer.clear"
    """Event type, always `output_audio_buffer.clear`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseCancel(ClientEventBase):
    """Cancels the response in progress (or the one named by `response_id`)."""

    type: Literal["response.cancel"] = "response.cancel"
    """Event type, always `response.cancel`."""
    response_id: str | Unset | None = UNSET
    """Id of the response to cancel; unset cancels the one in progress."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseCreate(ClientEventBase):
    """Asks the model for a response, optionally with settings for this response only."""

    type: Literal["response.create"] = "response.create"
    """Event type, always `response.create`."""
    response: ResponseCreateParams | Unset | None = UNSET
    """Settings for this response only; unset uses the session's."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdate(ClientEventBase):
    """Changes the session's settings (realtime or transcription); answered by `session.updated`."""

    type: Literal["session.update"] = "session.update"
    """Event type, always `session.update`."""
    session: SessionConfig | TranscriptionSessionConfig
    """The settings to change; fields left unset keep their values."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class TranscriptionSessionUpdate(ClientEventBase):
    """Changes a transcription session's settings, in the flat pre-GA layout."""

    type: Literal["transcription_session.update"] = "transcription_session.update"
    """Event type, always `transcription_session.update`."""
    session: LegacyTranscriptionSessionConfig
    """The transcription settings to change."""


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

CLIENT_EVENTS: tuple[type[Model], ...] = get_args(ClientEvent)
"""Every GA client event class, in the protocol's documented order."""

# The module exports its event classes (the one list of them is `ClientEvent`), the union and the tuple.
__all__ = sorted(["CLIENT_EVENTS", "ClientEvent", *(cls.__name__ for cls in CLIENT_EVENTS)])
