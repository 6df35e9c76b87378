"""GA server events about the conversation: `conversation.*`, items, and input audio transcription.

Part of the GA server events (`realtime_sdk.events._server` gathers them into `ServerEvent`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._types import UNSET, Unset
from ._families import AfterItemEvent, AudioPartEvent, ServerEventBase, type_first
from ._resources import (
    ConversationObject,
    Item,
    LogProb,
    TranscriptionError,
    TranscriptionLanguage,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
)

# --- conversation ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationCreated(ServerEventBase):
    """A conversation was created (right after the session)."""

    type: Literal["conversation.created"] = "conversation.created"
    """Event type, always `conversation.created`."""
    conversation: ConversationObject
    """The conversation."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemAdded(AfterItemEvent):
    """An item was added to the conversation (its content may still be streaming)."""

    type: Literal["conversation.item.added"] = "conversation.item.added"
    """Event type, always `conversation.item.added`."""
    item: Item
    """The item added."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemCreated(AfterItemEvent):
    """An item was created in the conversation."""

    type: Literal["conversation.item.created"] = "conversation.item.created"
    """Event type, always `conversation.item.created`."""
    item: Item
    """The item created."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemDeleted(ServerEventBase):
    """An item was removed from the conversation."""

    type: Literal["conversation.item.deleted"] = "conversation.item.deleted"
    """Event type, always `conversation.item.deleted`."""
    item_id: str
    """Id of the item deleted."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemDone(AfterItemEvent):
    """An item of the conversation is complete (final content)."""

    type: Literal["conversation.item.done"] = "conversation.item.done"
    """Event type, always `conversation.item.done`."""
    item: Item
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemInputAudioTranscriptionCompleted(AudioPartEvent):
    """The transcript of a user audio item is ready."""

    type: Literal["conversation.item.input_audio_transcription.completed"] = (
        "conversation.item.input_audio_transcription.completed"
    )
    """Event type, always `conversation.item.input_audio_transcription.completed`."""
    transcript: str
    """The transcript."""
    languages: list[TranscriptionLanguage] | Unset | None = UNSET
    """Languages detected in the audio."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""
    usage: TranscriptionUsageTokens | TranscriptionUsageDuration
    """Usage of the transcription, in tokens or in seconds of audio."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemInputAudioTranscriptionDelta(ServerEventBase):
    """A piece of the transcript of a user audio item."""

    type: Literal["conversation.item.input_audio_transcription.delta"] = (
        "conversation.item.input_audio_transcription.delta"
    )
    """Event type, always `conversation.item.input_audio_transcription.delta`."""
    item_id: str
    """Id of the user item holding the audio."""
    content_index: int | Unset | None = UNSET
    """Position of the audio part in the item's content."""
    delta: str | Unset | None = UNSET
    """The next piece of the transcript."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""
    obfuscation: str | Unset | None = UNSET
    """Random padding that hides the delta's length (stream obfuscation)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemInputAudioTranscriptionFailed(AudioPartEvent):
    """Transcribing a user audio item failed."""

    type: Literal["conversation.item.input_audio_transcription.failed"] = (
        "conversation.item.input_audio_transcription.failed"
    )
    """Event type, always `conversation.item.input_audio_transcription.failed`."""
    error: TranscriptionError
    """Why transcription failed."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemInputAudioTranscriptionSegment(AudioPartEvent):
    """A transcribed segment of user audio, with its speaker and times in seconds (diarization)."""

    type: Literal["conversation.item.input_audio_transcription.segment"] = (
        "conversation.item.input_audio_transcription.segment"
    )
    """Event type, always `conversation.item.input_audio_transcription.segment`."""
    text: str
    """Text of the segment."""
    id: str
    """Id of the segment."""
    speaker: str
    """Label of the speaker detected for the segment."""
    start: float
    """Start of the segment, in seconds."""
    end: float
    """End of the segment, in seconds."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemRetrieved(ServerEventBase):
    """The item asked for by `conversation.item.retrieve`."""

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    """Event type, always `conversation.item.retrieved`."""
    item: Item
    """The item asked for."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemTruncated(AudioPartEvent):
    """An assistant audio message was truncated at `audio_end_ms`."""

    type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
    """Event type, always `conversation.item.truncated`."""
    audio_end_ms: int
    """Where the audio was cut, in ms; the server dropped the text transcript."""
