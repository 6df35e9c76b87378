"""GA responses: `Response`, its status and audio settings, and `ResponseCreateParams`.

Part of the GA resources (`realtime_sdk.events._resources` gathers them).
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._types import UNSET, Unset
from .._validate import string_list_validator as string_list
from ._base import Model
from ._common import Usage
from ._resources_audio import AudioFormat, CustomVoice, Voice
from ._resources_items import InputItem, Item
from ._resources_session import Modality, Prompt, Reasoning
from ._resources_tools import ToolChoice, ToolDefinition

# --- responses ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ResponseStatusError(Model):
    """Why a response failed (`type` and `code` are open strings)."""

    type: str | Unset | None = UNSET
    """Kind of error."""
    code: str | Unset | None = UNSET
    """Error code."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseStatusDetails(Model):
    """Why a response ended as it did (cancelled, incomplete or failed)."""

    type: Literal["completed", "cancelled", "failed", "incomplete"] | Unset | None = UNSET
    """The status these details explain."""
    reason: (
        Literal["turn_detected", "client_cancelled", "max_output_tokens", "content_filter"]
        | Unset
        | None
    ) = UNSET
    """Why the response stopped early: user speech, client cancel, token limit or content filter."""
    error: ResponseStatusError | Unset | None = UNSET
    """The error, when the response failed."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioOutput(Model):
    """Format and voice of a response's audio."""

    format: AudioFormat | Unset | None = UNSET
    """Encoding of the output audio."""
    voice: Voice | CustomVoice | Unset | None = UNSET
    """Voice of the spoken output."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioConfig(Model):
    """Audio settings of a response."""

    output: ResponseAudioOutput | Unset | None = UNSET
    """Output audio settings."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseBase(Model):
    """The fields a response starts with in both dialects (GA and beta `Response`)."""

    id: str | Unset | None = UNSET
    """The response's unique id."""
    object: Literal["realtime.response"] | Unset | None = UNSET
    """Object type tag, always `realtime.response`."""
    status: (
        Literal["completed", "cancelled", "failed", "incomplete", "in_progress"] | Unset | None
    ) = UNSET
    """Final status (`completed`, `cancelled`, `failed`, `incomplete`), or `in_progress`."""
    status_details: ResponseStatusDetails | Unset | None = UNSET
    """Why the response ended as it did."""


@attrs.frozen(kw_only=True, repr=False)
class Response(ResponseBase):
    """A model response: its status, output items and token usage."""

    output: list[Item] | Unset | None = UNSET
    """Items the response produced."""
    metadata: dict[str, str] | Unset | None = UNSET
    """Up to 16 key-value pairs attached by the client."""
    audio: ResponseAudioConfig | Unset | None = UNSET
    """Audio settings used for the response."""
    usage: Usage | Unset | None = UNSET
    """Token usage of the response (what is billed)."""
    conversation_id: str | Unset | None = UNSET
    """Conversation the response was added to (unset for out-of-band responses)."""
    output_modalities: list[Modality] | Unset | None = UNSET
    """Modalities the model answered with."""
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit that applied to this response."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreateParams(Model):
    """Settings of one response (`response.create`), overriding the session's for it.

    `conversation` is "auto" (add to the default conversation), "none" (out of band) or an id;
    `input` replaces the conversation as the response's context.
    """

    output_modalities: list[Modality] | Unset | None = attrs.field(
        default=UNSET, validator=string_list
    )
    """What the model answers with: `["audio"]` (with transcript) or `["text"]`."""
    instructions: str | Unset | None = UNSET
    """Instructions for this response, replacing the session's."""
    audio: ResponseAudioConfig | Unset | None = UNSET
    """Audio settings for this response."""
    tools: list[ToolDefinition] | Unset | None = UNSET
    """Tools the model may call in this response."""
    tool_choice: ToolChoice | Unset | None = UNSET
    """How the model picks tools in this response."""
    parallel_tool_calls: bool | Unset | None = UNSET
    """Whether the model may call several tools at once (reasoning models only)."""
    reasoning: Reasoning | Unset | None = UNSET
    """Reasoning settings for this response."""
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit, tool calls included: 1 to 4096, or `inf`."""
    conversation: Literal["auto", "none"] | str | Unset | None = UNSET
    """Where the response goes: `auto` (default conversation), `none` (out of band) or an id."""
    metadata: dict[str, str] | Unset | None = UNSET
    """Up to 16 key-value pairs, echoed in the response's events."""
    prompt: Prompt | Unset | None = UNSET
    """A stored prompt template to use."""
    input: list[InputItem] | Unset | None = UNSET
    """Context for this response instead of the conversation (`[]` clears it)."""
