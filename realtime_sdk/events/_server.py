"""The 47 server events of the GA Realtime protocol (what the server sends)."""

from __future__ import annotations

import functools
from typing import Literal, Union, get_args

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, decode_audio
from ._common import ErrorDetails, RateLimit
from ._resources import (
    ContentPart,
    ConversationObject,
    Item,
    LegacyTranscriptionSessionConfig,
    LogProb,
    Response,
    SessionConfig,
    TranscriptionError,
    TranscriptionLanguage,
    TranscriptionSessionConfig,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
)

# --- conversation ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ConversationCreated(Model):
    """A conversation was created (right after the session)."""

    type: Literal["conversation.created"] = "conversation.created"
    """Event type, always `conversation.created`."""
    event_id: str
    """Unique id of this server event."""
    conversation: ConversationObject
    """The conversation."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemAdded(Model):
    """An item was added to the conversation (its content may still be streaming)."""

    type: Literal["conversation.item.added"] = "conversation.item.added"
    """Event type, always `conversation.item.added`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
    item: Item
    """The item added."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemCreated(Model):
    """An item was created in the conversation."""

    type: Literal["conversation.item.created"] = "conversation.item.created"
    """Event type, always `conversation.item.created`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
    item: Item
    """The item created."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemDeleted(Model):
    """An item was removed from the conversation."""

    type: Literal["conversation.item.deleted"] = "conversation.item.deleted"
    """Event type, always `conversation.item.deleted`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the item deleted."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemDone(Model):
    """An item of the conversation is complete (final content)."""

    type: Literal["conversation.item.done"] = "conversation.item.done"
    """Event type, always `conversation.item.done`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
    item: Item
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemInputAudioTranscriptionCompleted(Model):
    """The transcript of a user audio item is ready."""

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
    languages: list[TranscriptionLanguage] | Unset | None = UNSET
    """Languages detected in the audio."""
    logprobs: list[LogProb] | Unset | None = UNSET
    """Log probabilities of the transcript's tokens, when the session includes them."""
    usage: TranscriptionUsageTokens | TranscriptionUsageDuration
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
    obfuscation: str | Unset | None = UNSET
    """Random padding that hides the delta's length (stream obfuscation)."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemInputAudioTranscriptionFailed(Model):
    """Transcribing a user audio item failed."""

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
class ConversationItemInputAudioTranscriptionSegment(Model):
    """A transcribed segment of user audio, with its speaker and times in seconds (diarization)."""

    type: Literal["conversation.item.input_audio_transcription.segment"] = (
        "conversation.item.input_audio_transcription.segment"
    )
    """Event type, always `conversation.item.input_audio_transcription.segment`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the user item holding the audio."""
    content_index: int
    """Position of the audio part in the item's content."""
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


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemRetrieved(Model):
    """The item asked for by `conversation.item.retrieve`."""

    type: Literal["conversation.item.retrieved"] = "conversation.item.retrieved"
    """Event type, always `conversation.item.retrieved`."""
    event_id: str
    """Unique id of this server event."""
    item: Item
    """The item asked for."""


@attrs.frozen(kw_only=True, repr=False)
class ConversationItemTruncated(Model):
    """An assistant audio message was truncated at `audio_end_ms`."""

    type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
    """Event type, always `conversation.item.truncated`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the assistant message truncated."""
    content_index: int
    """Position of the audio part truncated."""
    audio_end_ms: int
    """Where the audio was cut, in ms; the server dropped the text transcript."""


@attrs.frozen(kw_only=True, repr=False)
class ErrorEvent(Model):
    """The server reports an error; `error.event_id` names the client event that caused it."""

    type: Literal["error"] = "error"
    """Event type, always `error`."""
    event_id: str
    """Unique id of this server event."""
    error: ErrorDetails
    """What went wrong."""


# --- input audio buffer ------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCleared(Model):
    """The input audio buffer was cleared."""

    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"
    """Event type, always `input_audio_buffer.cleared`."""
    event_id: str
    """Unique id of this server event."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCommitted(Model):
    """The input audio buffer became the user message item `item_id`."""

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    """Event type, always `input_audio_buffer.committed`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
    item_id: str
    """Id of the user message item that will be created from the audio."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferDtmfEventReceived(Model):
    """A DTMF key (`event`, e.g. "9") was pressed on a phone call; `received_at` is Unix seconds."""

    type: Literal["input_audio_buffer.dtmf_event_received"] = (
        "input_audio_buffer.dtmf_event_received"
    )
    """Event type, always `input_audio_buffer.dtmf_event_received`."""
    # Lenient: the published example has no event_id.
    event_id: str | Unset | None = UNSET
    """Unique id of this server event (absent in some captures)."""
    event: str
    """The telephone key the user pressed."""
    received_at: int
    """When the server received the key press, Unix seconds (UTC)."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferSpeechStarted(Model):
    """Turn detection heard the user start speaking (interrupt playback here)."""

    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    """Event type, always `input_audio_buffer.speech_started`."""
    event_id: str
    """Unique id of this server event."""
    audio_start_ms: int
    """When speech started, in ms since the session's first buffered audio (includes prefix padding)."""
    item_id: str
    """Id of the user message item that will be created when speech stops."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferSpeechStopped(Model):
    """Turn detection heard the user stop speaking."""

    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    """Event type, always `input_audio_buffer.speech_stopped`."""
    event_id: str
    """Unique id of this server event."""
    audio_end_ms: int
    """When speech stopped, in ms since the session's first buffered audio (includes silence duration)."""
    item_id: str
    """Id of the user message item that will be created."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferTimeoutTriggered(Model):
    """No speech was heard for the server VAD's `idle_timeout_ms`."""

    type: Literal["input_audio_buffer.timeout_triggered"] = "input_audio_buffer.timeout_triggered"
    """Event type, always `input_audio_buffer.timeout_triggered`."""
    event_id: str
    """Unique id of this server event."""
    audio_start_ms: int
    """Start of the buffered audio after the last response's playback, in ms."""
    audio_end_ms: int
    """Offset of the buffered audio when the idle timeout fired, in ms."""
    item_id: str
    """Id of the item created for the buffered audio."""


# --- MCP tool listing --------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsCompleted(Model):
    """The MCP server's tools were listed (see the `mcp_list_tools` item)."""

    type: Literal["mcp_list_tools.completed"] = "mcp_list_tools.completed"
    """Event type, always `mcp_list_tools.completed`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the MCP tool list item."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsFailed(Model):
    """Listing the MCP server's tools failed."""

    type: Literal["mcp_list_tools.failed"] = "mcp_list_tools.failed"
    """Event type, always `mcp_list_tools.failed`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the MCP tool list item."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsInProgress(Model):
    """The MCP server's tools are being listed."""

    type: Literal["mcp_list_tools.in_progress"] = "mcp_list_tools.in_progress"
    """Event type, always `mcp_list_tools.in_progress`."""
    event_id: str
    """Unique id of this server event."""
    item_id: str
    """Id of the MCP tool list item."""


# --- output audio buffer (WebRTC / SIP) --------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferCleared(Model):
    """The output audio buffer was cleared (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.cleared"] = "output_audio_buffer.cleared"
    """Event type, always `output_audio_buffer.cleared`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferStarted(Model):
    """The server started playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.started"] = "output_audio_buffer.started"
    """Event type, always `output_audio_buffer.started`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferStopped(Model):
    """The server finished playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.stopped"] = "output_audio_buffer.stopped"
    """Event type, always `output_audio_buffer.stopped`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""


@attrs.frozen(kw_only=True, repr=False)
class RateLimitsUpdated(Model):
    """The current rate limits (sent at the start of each response)."""

    type: Literal["rate_limits.updated"] = "rate_limits.updated"
    """Event type, always `rate_limits.updated`."""
    event_id: str
    """Unique id of this server event."""
    rate_limits: list[RateLimit]
    """The current rate limits."""


# --- responses ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ResponseContentPartAdded(Model):
    """A content part was added to an item of the response."""

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
    part: ContentPart
    """The content part added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseContentPartDone(Model):
    """A content part of the response is complete."""

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
    part: ContentPart
    """The content part, complete."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreated(Model):
    """A response started (`status` "in_progress")."""

    type: Literal["response.created"] = "response.created"
    """Event type, always `response.created`."""
    event_id: str
    """Unique id of this server event."""
    response: Response
    """The new response (status `in_progress`)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseDone(Model):
    """A response finished (completed, cancelled, failed or incomplete), with its usage."""

    type: Literal["response.done"] = "response.done"
    """Event type, always `response.done`."""
    event_id: str
    """Unique id of this server event."""
    response: Response
    """The finished response, with its status, output items and usage."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseFunctionCallArgumentsDelta(Model):
    """A piece of a function call's JSON arguments."""

    type: Literal["response.function_call_arguments.delta"] = (
        "response.function_call_arguments.delta"
    )
    """Event type, always `response.function_call_arguments.delta`."""
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
    delta: str
    """The next piece of the arguments' JSON text."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseFunctionCallArgumentsDone(Model):
    """A function call's JSON arguments are complete."""

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
    name: str
    """Name of the function called."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseMCPCallArgumentsDelta(Model):
    """A piece of an MCP call's JSON arguments."""

    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"
    """Event type, always `response.mcp_call_arguments.delta`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the MCP call item."""
    output_index: int
    """Position of the item in the response's output."""
    delta: str
    """The next piece of the arguments' JSON text."""
    obfuscation: str | Unset | None = UNSET
    """Random padding that hides the delta's length (stream obfuscation)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseMCPCallArgumentsDone(Model):
    """An MCP call's JSON arguments are complete."""

    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"
    """Event type, always `response.mcp_call_arguments.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    item_id: str
    """Id of the MCP call item."""
    output_index: int
    """Position of the item in the response's output."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseMCPCallCompleted(Model):
    """An MCP tool call succeeded."""

    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"
    """Event type, always `response.mcp_call.completed`."""
    event_id: str
    """Unique id of this server event."""
    output_index: int
    """Position of the item in the response's output."""
    item_id: str
    """Id of the MCP call item."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseMCPCallFailed(Model):
    """An MCP tool call failed (see the item's `error`)."""

    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"
    """Event type, always `response.mcp_call.failed`."""
    event_id: str
    """Unique id of this server event."""
    output_index: int
    """Position of the item in the response's output."""
    item_id: str
    """Id of the MCP call item."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseMCPCallInProgress(Model):
    """An MCP tool call is running."""

    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"
    """Event type, always `response.mcp_call.in_progress`."""
    event_id: str
    """Unique id of this server event."""
    output_index: int
    """Position of the item in the response's output."""
    item_id: str
    """Id of the MCP call item."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputAudioDelta(Model):
    """A chunk of the response's audio (base64 `delta`; decoded in `audio_bytes`)."""

    type: Literal["response.output_audio.delta"] = "response.output_audio.delta"
    """Event type, always `response.output_audio.delta`."""
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
        """The decoded audio chunk."""
        return decode_audio(self.delta, path="$.delta", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputAudioDone(Model):
    """The response's audio for one content part is complete (carries no audio)."""

    type: Literal["response.output_audio.done"] = "response.output_audio.done"
    """Event type, always `response.output_audio.done`."""
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
class ResponseOutputAudioTranscriptDelta(Model):
    """A piece of the transcript of the response's audio."""

    type: Literal["response.output_audio_transcript.delta"] = (
        "response.output_audio_transcript.delta"
    )
    """Event type, always `response.output_audio_transcript.delta`."""
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
class ResponseOutputAudioTranscriptDone(Model):
    """The transcript of the response's audio is complete."""

    type: Literal["response.output_audio_transcript.done"] = "response.output_audio_transcript.done"
    """Event type, always `response.output_audio_transcript.done`."""
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
class ResponseOutputItemAdded(Model):
    """The response started a new output item."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    """Event type, always `response.output_item.added`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    output_index: int
    """Position of the item in the response's output."""
    item: Item
    """The item added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputItemDone(Model):
    """An output item of the response is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    """Event type, always `response.output_item.done`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response."""
    output_index: int
    """Position of the item in the response's output."""
    item: Item
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseOutputTextDelta(Model):
    """A piece of the response's text."""

    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    """Event type, always `response.output_text.delta`."""
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
class ResponseOutputTextDone(Model):
    """The response's text for one content part is complete."""

    type: Literal["response.output_text.done"] = "response.output_text.done"
    """Event type, always `response.output_text.done`."""
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


# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class SessionCreated(Model):
    """The session exists, with its default settings (the first event of a connection)."""

    type: Literal["session.created"] = "session.created"
    """Event type, always `session.created`."""
    event_id: str
    """Unique id of this server event."""
    session: SessionConfig | TranscriptionSessionConfig
    """The session's initial settings."""


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdated(Model):
    """The session's settings after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    """Event type, always `session.updated`."""
    event_id: str
    """Unique id of this server event."""
    session: SessionConfig | TranscriptionSessionConfig
    """The session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionUpdated(Model):
    """A transcription session's settings after `transcription_session.update` (flat layout)."""

    type: Literal["transcription_session.updated"] = "transcription_session.updated"
    """Event type, always `transcription_session.updated`."""
    event_id: str
    """Unique id of this server event."""
    session: LegacyTranscriptionSessionConfig
    """The transcription session's settings after the update."""


ServerEvent = Union[  # noqa: UP007
    ConversationCreated,
    ConversationItemAdded,
    ConversationItemCreated,
    ConversationItemDeleted,
    ConversationItemDone,
    ConversationItemInputAudioTranscriptionCompleted,
    ConversationItemInputAudioTranscriptionDelta,
    ConversationItemInputAudioTranscriptionFailed,
    ConversationItemInputAudioTranscriptionSegment,
    ConversationItemRetrieved,
    ConversationItemTruncated,
    ErrorEvent,
    InputAudioBufferCleared,
    InputAudioBufferCommitted,
    InputAudioBufferDtmfEventReceived,
    InputAudioBufferSpeechStarted,
    InputAudioBufferSpeechStopped,
    InputAudioBufferTimeoutTriggered,
    MCPListToolsCompleted,
    MCPListToolsFailed,
    MCPListToolsInProgress,
    OutputAudioBufferCleared,
    OutputAudioBufferStarted,
    OutputAudioBufferStopped,
    RateLimitsUpdated,
    ResponseContentPartAdded,
    ResponseContentPartDone,
    ResponseCreated,
    ResponseDone,
    ResponseFunctionCallArgumentsDelta,
    ResponseFunctionCallArgumentsDone,
    ResponseMCPCallCompleted,
    ResponseMCPCallFailed,
    ResponseMCPCallInProgress,
    ResponseMCPCallArgumentsDelta,
    ResponseMCPCallArgumentsDone,
    ResponseOutputAudioDelta,
    ResponseOutputAudioDone,
    ResponseOutputAudioTranscriptDelta,
    ResponseOutputAudioTranscriptDone,
    ResponseOutputItemAdded,
    ResponseOutputItemDone,
    ResponseOutputTextDelta,
    ResponseOutputTextDone,
    SessionCreated,
    SessionUpdated,
    TranscriptionSessionUpdated,
]
"""Any GA server event; what `decode_server_event` returns for a known GA `type`."""

SERVER_EVENTS: tuple[type[Model], ...] = get_args(ServerEvent)
"""Every GA server event class, in the protocol's documented order."""

# The module exports its event classes (the one list of them is `ServerEvent`), the union and the tuple.
__all__ = sorted(["SERVER_EVENTS", "ServerEvent", *(cls.__name__ for cls in SERVER_EVENTS)])
