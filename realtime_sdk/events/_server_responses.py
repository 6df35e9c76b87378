"""GA server events of a response: `response.*` (lifecycle, output items, content parts, deltas).

Part of the GA server events (`realtime_sdk.events._server` gathers them into `ServerEvent`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._types import UNSET, Unset
from ._families import (
    AudioDeltaEvent,
    ContentPartEvent,
    MCPCallEvent,
    ResponseEvent,
    ResponseItemEvent,
    ServerEventBase,
    TextDeltaEvent,
    type_first,
)
from ._resources import (
    ContentPart,
    Item,
    Response,
)

# --- responses ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseContentPartAdded(ContentPartEvent):
    """A content part was added to an item of the response."""

    type: Literal["response.content_part.added"] = "response.content_part.added"
    """Event type, always `response.content_part.added`."""
    part: ContentPart
    """The content part added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseContentPartDone(ContentPartEvent):
    """A content part of the response is complete."""

    type: Literal["response.content_part.done"] = "response.content_part.done"
    """Event type, always `response.content_part.done`."""
    part: ContentPart
    """The content part, complete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseCreated(ServerEventBase):
    """A response started (`status` "in_progress")."""

    type: Literal["response.created"] = "response.created"
    """Event type, always `response.created`."""
    response: Response
    """The new response (status `in_progress`)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseDone(ServerEventBase):
    """A response finished (completed, cancelled, failed or incomplete), with its usage."""

    type: Literal["response.done"] = "response.done"
    """Event type, always `response.done`."""
    response: Response
    """The finished response, with its status, output items and usage."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseFunctionCallArgumentsDelta(ResponseItemEvent):
    """A piece of a function call's JSON arguments."""

    type: Literal["response.function_call_arguments.delta"] = (
        "response.function_call_arguments.delta"
    )
    """Event type, always `response.function_call_arguments.delta`."""
    call_id: str
    """Id of the function call."""
    delta: str
    """The next piece of the arguments' JSON text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseFunctionCallArgumentsDone(ResponseItemEvent):
    """A function call's JSON arguments are complete."""

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    """Event type, always `response.function_call_arguments.done`."""
    call_id: str
    """Id of the function call."""
    name: str
    """Name of the function called."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseMCPCallArgumentsDelta(ResponseItemEvent):
    """A piece of an MCP call's JSON arguments."""

    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"
    """Event type, always `response.mcp_call_arguments.delta`."""
    delta: str
    """The next piece of the arguments' JSON text."""
    obfuscation: str | Unset | None = UNSET
    """Random padding that hides the delta's length (stream obfuscation)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseMCPCallArgumentsDone(ResponseItemEvent):
    """An MCP call's JSON arguments are complete."""

    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"
    """Event type, always `response.mcp_call_arguments.done`."""
    arguments: str
    """The complete arguments, as JSON text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseMCPCallCompleted(MCPCallEvent):
    """An MCP tool call succeeded."""

    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"
    """Event type, always `response.mcp_call.completed`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseMCPCallFailed(MCPCallEvent):
    """An MCP tool call failed (see the item's `error`)."""

    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"
    """Event type, always `response.mcp_call.failed`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseMCPCallInProgress(MCPCallEvent):
    """An MCP tool call is running."""

    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"
    """Event type, always `response.mcp_call.in_progress`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputAudioDelta(AudioDeltaEvent):
    """A chunk of the response's audio (base64 `delta`; decoded in `audio_bytes`)."""

    type: Literal["response.output_audio.delta"] = "response.output_audio.delta"
    """Event type, always `response.output_audio.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputAudioDone(ContentPartEvent):
    """The response's audio for one content part is complete (carries no audio)."""

    type: Literal["response.output_audio.done"] = "response.output_audio.done"
    """Event type, always `response.output_audio.done`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputAudioTranscriptDelta(TextDeltaEvent):
    """A piece of the transcript of the response's audio."""

    type: Literal["response.output_audio_transcript.delta"] = (
        "response.output_audio_transcript.delta"
    )
    """Event type, always `response.output_audio_transcript.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputAudioTranscriptDone(ContentPartEvent):
    """The transcript of the response's audio is complete."""

    type: Literal["response.output_audio_transcript.done"] = "response.output_audio_transcript.done"
    """Event type, always `response.output_audio_transcript.done`."""
    transcript: str
    """The complete transcript of the audio."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputItemAdded(ResponseEvent):
    """The response started a new output item."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    """Event type, always `response.output_item.added`."""
    output_index: int
    """Position of the item in the response's output."""
    item: Item
    """The item added (content may still stream)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputItemDone(ResponseEvent):
    """An output item of the response is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    """Event type, always `response.output_item.done`."""
    output_index: int
    """Position of the item in the response's output."""
    item: Item
    """The item, complete."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputTextDelta(TextDeltaEvent):
    """A piece of the response's text."""

    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    """Event type, always `response.output_text.delta`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseOutputTextDone(ContentPartEvent):
    """The response's text for one content part is complete."""

    type: Literal["response.output_text.done"] = "response.output_text.done"
    """Event type, always `response.output_text.done`."""
    text: str
    """The complete text."""
