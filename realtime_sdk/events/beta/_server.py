"""Server events of the pre-GA beta dialect (what the server sends)."""

from __future__ import annotations

from typing import Literal, Union, get_args

import attrs

from ..._types import UNSET, Unset
from .._base import Model
from .._families import (
    AfterItemEvent,
    AudioDeltaEvent,
    AudioPartEvent,
    ContentPartEvent,
    ResponseEvent,
    ResponseItemEvent,
    ServerEventBase,
    TextDeltaEvent,
    type_first,
)
from .._server import (  # identical in both dialects: one class serves both
    ConversationCreated as ConversationCreated,
)
from .._server import (
    ConversationItemDeleted as ConversationItemDeleted,
)
from .._server import (
    ConversationItemInputAudioTranscriptionFailed as ConversationItemInputAudioTranscriptionFailed,
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
    InputAudioBufferCommitted as InputAudioBufferCommitted,
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
    LogProb,
    Response,
    SessionConfig,
    TextContent,
    TranscriptionSessionConfig,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
)


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemCreated(AfterItemEvent):
    """An item was added to the conversation after `previous_item_id` (`None`: first item)."""

    type: Literal["conversation.item.created"] = "conversation.item.created"
    """Event type, always `conversation.item.created`."""
    # `previous_item_id` (from AfterItemEvent) is required by the 2025-04-29 beta schema, optional
    # in the later one (`RealtimeBetaServerEvent*` in the GA document): absent is UNSET.
    item: ConversationItem
    """The item created."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemInputAudioTranscriptionCompleted(AudioPartEvent):
    """The full transcript of a user audio item is ready."""

    type: Literal["conversation.item.input_audio_transcription.completed"] = (
        "conversation.item.input_audio_transcription.completed"
    )
    """Event type, always `conversation.item.input_audio_transcription.completed`."""
    transcript: str
    """The transcript."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""
    usage: TranscriptionUsageTokens | TranscriptionUsageDuration | Unset | None = UNSET
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


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemRetrieved(ServerEventBase):
    """The item asked for with `conversation.item.retrieve`."""

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    """Event type, always `conversation.item.retrieved`."""
    item: ConversationItem
    """The item asked for."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseAudioDelta(AudioDeltaEvent):
    """A chunk of the assistant's audio (base64; `audio_bytes` decodes it)."""

    type: Literal["response.audio.delta"] = "response.audio.delta"
    """Event type, always `response.audio.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseAudioDone(ContentPartEvent):
    """The assistant's audio for one content part is complete."""

    type: Literal["response.audio.done"] = "response.audio.done"
    """Event type, always `response.audio.done`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseAudioTranscriptDelta(TextDeltaEvent):
    """A piece of the transcript of the assistant's audio."""

    type: Literal["response.audio_transcript.delta"] = "response.audio_transcript.delta"
    """Event type, always `response.audio_transcript.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseAudioTranscriptDone(ContentPartEvent):
    """The full transcript of the assistant's audio for one content part."""

    type: Literal["response.audio_transcript.done"] = "response.audio_transcript.done"
    """Event type, always `response.audio_transcript.done`."""
    transcript: str
    """The complete transcript of the audio."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseContentPartAdded(ContentPartEvent):
    """A new content part (text or audio) started in a response item."""

    type: Literal["response.content_part.added"] = "response.content_part.added"
    """Event type, always `response.content_part.added`."""
    part: TextContent | AudioContent
    """The content part added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseContentPartDone(ContentPartEvent):
    """A content part of a response item is complete."""

    type: Literal["response.content_part.done"] = "response.content_part.done"
    """Event type, always `response.content_part.done`."""
    part: TextContent | AudioContent
    """The content part, complete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseCreated(ServerEventBase):
    """A response started (status "in_progress")."""

    type: Literal["response.created"] = "response.created"
    """Event type, always `response.created`."""
    response: Response
    """The new response (status `in_progress`)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseDone(ServerEventBase):
    """A response ended; it carries the final status, output items and token usage."""

    type: Literal["response.done"] = "response.done"
    """Event type, always `response.done`."""
    response: Response
    """The finished response, with its status, output items and usage."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseFunctionCallArgumentsDone(ResponseItemEvent):
    """The complete JSON arguments of a function call: run the function now."""

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    """Event type, always `response.function_call_arguments.done`."""
    call_id: str
    """Id of the function call."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputItemAdded(ResponseEvent):
    """A response started producing a new item."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    """Event type, always `response.output_item.added`."""
    output_index: int
    """Position of the item in the response's output."""
    item: ConversationItem
    """The item added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputItemDone(ResponseEvent):
    """A response item is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    """Event type, always `response.output_item.done`."""
    output_index: int
    """Position of the item in the response's output."""
    item: ConversationItem
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseTextDelta(TextDeltaEvent):
    """A piece of the assistant's text."""

    type: Literal["response.text.delta"] = "response.text.delta"
    """Event type, always `response.text.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseTextDone(ContentPartEvent):
    """The assistant's full text for one content part."""

    type: Literal["response.text.done"] = "response.text.done"
    """Event type, always `response.text.done`."""
    text: str
    """The complete text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionCreated(ServerEventBase):
    """The session exists; its default configuration (first event of a connection)."""

    type: Literal["session.created"] = "session.created"
    """Event type, always `session.created`."""
    session: SessionConfig
    """The session's initial settings."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdated(ServerEventBase):
    """The session's configuration after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    """Event type, always `session.updated`."""
    session: SessionConfig
    """The session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class TranscriptionSessionUpdated(ServerEventBase):
    """The transcription session's configuration after a `transcription_session.update`."""

    type: Literal["transcription_session.updated"] = "transcription_session.updated"
    """Event type, always `transcription_session.updated`."""
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
