"""Server events of the pre-GA beta dialect (what the server sends)."""

from __future__ import annotations

import functools
from typing import Literal, Union, get_args

import attrs

from ..._types import UNSET, Unset
from .._base import AUDIO, Model, decode_audio
from .._server import (  # identical in both dialects: one class serves both
    ConversationItemDeleted as ConversationItemDeleted,
)
from .._server import (
    ConversationItemTruncated as ConversationItemTruncated,
)
from .._server import (
    ErrorEvent as ErrorEvent,
)
from .._server import (
    InputAudioBufferCleared as InputAudioBufferCleared,
)
from .._server import (
    InputAudioBufferSpeechStarted as InputAudioBufferSpeechStarted,
)
from .._server import (
    InputAudioBufferSpeechStopped as InputAudioBufferSpeechStopped,
)
from .._server import (
    OutputAudioBufferCleared as OutputAudioBufferCleared,
)
from .._server import (
    OutputAudioBufferStarted as OutputAudioBufferStarted,
)
from .._server import (
    OutputAudioBufferStopped as OutputAudioBufferStopped,
)
from .._server import (
    RateLimitsUpdated as RateLimitsUpdated,
)
from .._server import (
    ResponseFunctionCallArgumentsDelta as ResponseFunctionCallArgumentsDelta,
)
from ._resources import (
    AudioContent,
    ConversationItem,
    ConversationObject,
    LogProb,
    Response,
    SessionConfig,
    TextContent,
    TranscriptionError,
    TranscriptionSessionConfig,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
)


@attrs.frozen(kw_only=True, repr=False)
class ConversationCreated(Model):
    """The session's conversation exists (sent right after `session.created`)."""

    type: Literal["conversation.created"] = "conversation.created"
    """Event type, always `conversation.created`."""
    event_id: str
    """Unique id of this server event."""
    conversation: ConversationObject
    """The conversation."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemCreated(Model):
    """An item was added to the conversation after `previous_item_id` (`None`: first item)."""

    type: Literal["conversation.item.created"] = "conversation.item.created"
    """Event type, always `conversation.item.created`."""
    event_id: str
    """Unique id of this server event."""
    # Required by the 2025-04-29 beta schema, optional in the later one (`RealtimeBetaServerEvent*`
    # in the GA document): absent is UNSET.
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
    item: ConversationItem
    """The item created."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemInputAudioTranscriptionCompleted(Model):
    """The full transcript of a user audio item is ready."""

    type: Literal["conversation.item.input_audio_transcription.completed"] = (
        "conversation.item.input_audio_transcription.completed"
    )
    """Event type, always `conversation.item.input_audio_transcription.completed`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the user item holding the audio."""
    content_index: int
    """Position of the audio part in the item's content."""
    transcript: str
    """The transcript."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""
    usage: TranscriptionUsageTokens | TranscriptionUsageDuration | Unset | None = UNSET
    """Usage of the transcription, in tokens or in seconds of audio."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemInputAudioTranscriptionDelta(Model):
    """A piece of the transcript of a user audio item."""

    type: Literal["conversation.item.input_audio_transcription.delta"] = (
        "conversation.item.input_audio_transcription.delta"
    )
    """Event type, always `conversation.item.input_audio_transcription.delta`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the user item holding the audio."""
    content_index: int | Unset | None = UNSET
    """Position of the audio part in the item's content."""
    delta: str | Unset | None = UNSET
    """The next piece of the transcript."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemInputAudioTranscriptionFailed(Model):
    """Transcribing a user audio item failed; `error` says why."""

    type: Literal["conversation.item.input_audio_transcription.failed"] = (
        "conversation.item.input_audio_transcription.failed"
    )
    """Event type, always `conversation.item.input_audio_transcription.failed`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the user item holding the audio."""
    content_index: int
    """Position of the audio part in the item's content."""
    error: TranscriptionError
    """Why transcription failed."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemRetrieved(Model):
    """The item asked for with `conversation.item.retrieve`."""

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    """Event type, always `conversation.item.retrieved`."""
    event_id: str
    """Unique id of this server event."""
    item: ConversationItem
    """The item asked for."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCommitted(Model):
    """The input buffer became the user audio item `item_id`."""

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    """Event type, always `input_audio_buffer.committed`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET  # optional in the later beta schema, as above
    """Id of the item before this one (`None` when it comes first)."""
    item_id: str
    """Id of the user message item that will be created from the audio."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioDelta(Model):
    """A chunk of the assistant's audio (base64; `audio_bytes` decodes it)."""

    type: Literal["response.audio.delta"] = "response.audio.delta"
    """Event type, always `response.audio.delta`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    delta: str = attrs.field(metadata=AUDIO)
    """The next piece of audio, base64 in the session's output format."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio chunk; decoded on first access only."""
        return decode_audio(self.delta, path="$.delta", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioDone(Model):
    """The assistant's audio for one content part is complete."""

    type: Literal["response.audio.done"] = "response.audio.done"
    """Event type, always `response.audio.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioTranscriptDelta(Model):
    """A piece of the transcript of the assistant's audio."""

    type: Literal["response.audio_transcript.delta"] = "response.audio_transcript.delta"
    """Event type, always `response.audio_transcript.delta`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    delta: str
    """The next piece of the transcript."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioTranscriptDone(Model):
    """The full transcript of the assistant's audio for one content part."""

    type: Literal["response.audio_transcript.done"] = "response.audio_transcript.done"
    """Event type, always `response.audio_transcript.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    transcript: str
    """The complete transcript of the audio."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseContentPartAdded(Model):
    """A new content part (text or audio) started in a response item."""

    type: Literal["response.content_part.added"] = "response.content_part.added"
    """Event type, always `response.content_part.added`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    part: TextContent | AudioContent
    """The content part added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseContentPartDone(Model):
    """A content part of a response item is complete."""

    type: Literal["response.content_part.done"] = "response.content_part.done"
    """Event type, always `response.content_part.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    part: TextContent | AudioContent
    """The content part, complete."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreated(Model):
    """A response started (status "in_progress")."""

    type: Literal["response.created"] = "response.created"
    """Event type, always `response.created`."""
    event_id: str
    """Unique id of this server event."""
    response: Response
    """The new response (status `in_progress`)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseDone(Model):
    """A response ended; it carries the final status, output items and token usage."""

    type: Literal["response.done"] = "response.done"
    """Event type, always `response.done`."""
    event_id: str
    """Unique id of this server event."""
    response: Response
    """The finished response, with its status, output items and usage."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseFunctionCallArgumentsDone(Model):
    """The complete JSON arguments of a function call: run the function now."""

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    """Event type, always `response.function_call_arguments.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the function call item."""
    output_index: int
    """Position of the item in the response's output."""
    call_id: str
    """Id of the function call."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputItemAdded(Model):
    """A response started producing a new item."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    """Event type, always `response.output_item.added`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    output_index: int
    """Position of the item in the response's output."""
    item: ConversationItem
    """The item added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputItemDone(Model):
    """A response item is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    """Event type, always `response.output_item.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    output_index: int
    """Position of the item in the response's output."""
    item: ConversationItem
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseTextDelta(Model):
    """A piece of the assistant's text."""

    type: Literal["response.text.delta"] = "response.text.delta"
    """Event type, always `response.text.delta`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    delta: str
    """The next piece of text."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseTextDone(Model):
    """The assistant's full text for one content part."""

    type: Literal["response.text.done"] = "response.text.done"
    """Event type, always `response.text.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the item."""
    output_index: int
    """Position of the item in the response's output."""
    content_index: int
    """Position of the content part in the item's content."""
    text: str
    """The complete text."""


@attrs.frozen(kw_only=True, repr=False)
class SessionCreated(Model):
    """The session exists; its default configuration (first event of a connection)."""

    type: Literal["session.created"] = "session.created"
    """Event type, always `session.created`."""
    event_id: str
    """Unique id of this server event."""
    session: SessionConfig
    """The session's initial settings."""


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdated(Model):
    """The session's configuration after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    """Event type, always `session.updated`."""
    event_id: str
    """Unique id of this server event."""
    session: SessionConfig
    """The session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionUpdated(Model):
    """The transcription session's configuration after a `transcription_session.update`."""

    type: Literal["transcription_session.updated"] = "transcription_session.updated"
    """Event type, always `transcription_session.updated`."""
    event_id: str
    """Unique id of this server event."""
    session: TranscriptionSessionConfig
    """The transcription session's settings after the update."""


ServerEvent = Union[  # noqa: UP007
    ConversationCreated,
    ConversationItemCreated,
    ConversationItemDeleted,
    ConversationItemInputAudioTranscriptionCompleted,
    ConversationItemInputAudioTranscriptionDelta,
    ConversationItemInputAudioTranscriptionFailed,
    ConversationItemRetrieved,
    ConversationItemTruncated,
    ErrorEvent,
    InputAudioBufferCleared,
    InputAudioBufferCommitted,
    InputAudioBufferSpeechStarted,
    InputAudioBufferSpeechStopped,
    OutputAudioBufferCleared,
    OutputAudioBufferStarted,
    OutputAudioBufferStopped,
    RateLimitsUpdated,
    ResponseAudioDelta,
    ResponseAudioDone,
    ResponseAudioTranscriptDelta,
    ResponseAudioTranscriptDone,
    ResponseContentPartAdded,
    ResponseContentPartDone,
    ResponseCreated,
    ResponseDone,
    ResponseFunctionCallArgumentsDelta,
    ResponseFunctionCallArgumentsDone,
    ResponseOutputItemAdded,
    ResponseOutputItemDone,
    ResponseTextDelta,
    ResponseTextDone,
    SessionCreated,
    SessionUpdated,
    TranscriptionSessionUpdated,
]
"""Any beta server event."""

SERVER_EVENTS: tuple[type[Model], ...] = get_args(ServerEvent)
"""The beta server event classes, in the protocol's documented order."""

# The module exports its event classes (the one list of them is `ServerEvent`), the union and the tuple.
__all__ = sorted(["SERVER_EVENTS", "ServerEvent", *(cls.__name__ for cls in SERVER_EVENTS)])
