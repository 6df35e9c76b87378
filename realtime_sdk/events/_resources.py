"""Resources carried by GA Realtime events: session settings, items, content parts, responses.

Field names are the wire names. Optional fields default to `UNSET` (omitted from the JSON); fields
that accept `None` send `null`, which has a meaning of its own (e.g. `turn_detection=None` turns
voice activity detection off).
"""

from __future__ import annotations

import functools
from typing import Any, Literal, Union

import attrs

from .._types import UNSET, Unset
from .._validate import require, require_str
from .._validate import string_list_validator as string_list
from ._base import AUDIO, SECRET, Model, b64_if_bytes, decode_audio
from ._common import FunctionTool, InputTokenDetails, Usage

__all__ = [
    "AudioContent",
    "AudioFormat",
    "AudioInputConfig",
    "AudioOutputConfig",
    "AudioTranscription",
    "ClientSecret",
    "ContentPart",
    "Conversation",
    "CustomVoice",
    "FunctionCallItem",
    "FunctionCallOutputItem",
    "ImageDetail",
    "Include",
    "InputAudioContent",
    "InputFileContent",
    "InputImageContent",
    "InputItem",
    "InputTextContent",
    "Item",
    "ItemReference",
    "ItemStatus",
    "LegacyTranscriptionSessionConfig",
    "LogProb",
    "MCPApprovalRequestItem",
    "MCPApprovalResponseItem",
    "MCPCallError",
    "MCPCallItem",
    "MCPHTTPError",
    "MCPListToolsItem",
    "MCPListToolsTool",
    "MCPProtocolError",
    "MCPRequireApprovalFilter",
    "MCPTool",
    "MCPToolExecutionError",
    "MCPToolFilter",
    "MessageItem",
    "Modality",
    "NoiseReduction",
    "OutputAudioContent",
    "OutputTextContent",
    "PCMAAudioFormat",
    "PCMAudioFormat",
    "PCMUAudioFormat",
    "Prompt",
    "PromptCacheBreakpoint",
    "PromptVariable",
    "Reasoning",
    "Response",
    "ResponseAudioConfig",
    "ResponseAudioOutput",
    "ResponseCreateParams",
    "ResponseStatusDetails",
    "ResponseStatusError",
    "RetentionRatioTruncation",
    "SemanticVAD",
    "ServerVAD",
    "SessionAudioConfig",
    "SessionConfig",
    "TextContent",
    "Tool",
    "ToolChoice",
    "ToolChoiceFunction",
    "ToolChoiceMCP",
    "TracingConfig",
    "TranscriptionError",
    "TranscriptionLanguage",
    "TranscriptionSessionAudioConfig",
    "TranscriptionSessionConfig",
    "TranscriptionUsageDuration",
    "TranscriptionUsageTokens",
    "TruncationTokenLimits",
    "TurnDetection",
    "Voice",
]

Modality = Literal["text", "audio"]
"""An output modality of the model."""

ItemStatus = Literal["completed", "incomplete", "in_progress"]
"""The status of a conversation item."""

ImageDetail = Literal["auto", "low", "high", "original"]
"""How closely the model looks at an image (`auto` means `high`)."""

Include = Union[Literal["item.input_audio_transcription.logprobs"], str]  # noqa: UP007
"""Extra data to include in server events (open: servers know values beyond the documented one)."""

Voice = str
"""A voice id (open): alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar..."""


# --- audio formats -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class PCMAudioFormat(Model):
    """16-bit little-endian mono PCM audio at 24 kHz."""

    type: Literal["audio/pcm"] | Unset | None = "audio/pcm"
    rate: Literal[24000] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class PCMUAudioFormat(Model):
    """G.711 mu-law audio (8 kHz telephony)."""

    type: Literal["audio/pcmu"] | Unset | None = "audio/pcmu"


@attrs.frozen(kw_only=True, repr=False)
class PCMAAudioFormat(Model):
    """G.711 A-law audio (8 kHz telephony)."""

    type: Literal["audio/pcma"] | Unset | None = "audio/pcma"


AudioFormat = Union[PCMAudioFormat, PCMUAudioFormat, PCMAAudioFormat]  # noqa: UP007
"""An audio format for input or output audio."""


# --- audio input settings ----------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class NoiseReduction(Model):
    """Noise reduction of input audio, tuned for a close (`near_field`) or far (`far_field`) mic."""

    type: Literal["near_field", "far_field"] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class AudioTranscription(Model):
    """How input audio is transcribed (model such as `gpt-4o-transcribe` or `whisper-1`)."""

    model: str | Unset | None = UNSET
    language: str | Unset | None = UNSET
    languages: list[str] | Unset | None = UNSET
    keywords: list[str] | Unset | None = UNSET
    prompt: str | Unset | None = UNSET
    delay: Literal["minimal", "low", "medium", "high", "xhigh"] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ServerVAD(Model):
    """Turn detection by the server from silence in the input audio."""

    type: Literal["server_vad"] | Unset | None = "server_vad"
    threshold: float | Unset | None = UNSET
    prefix_padding_ms: int | Unset | None = UNSET
    silence_duration_ms: int | Unset | None = UNSET
    create_response: bool | Unset | None = UNSET
    interrupt_response: bool | Unset | None = UNSET
    idle_timeout_ms: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SemanticVAD(Model):
    """Turn detection by a model that judges whether the user has finished speaking."""

    type: Literal["semantic_vad"] | Unset | None = "semantic_vad"
    eagerness: Literal["low", "medium", "high", "auto"] | Unset | None = UNSET
    create_response: bool | Unset | None = UNSET
    interrupt_response: bool | Unset | None = UNSET


TurnDetection = Union[ServerVAD, SemanticVAD]  # noqa: UP007
"""A turn detection mode; a field set to `None` turns turn detection off."""


@attrs.frozen(kw_only=True, repr=False)
class AudioInputConfig(Model):
    """Settings of the input audio: format, transcription, noise reduction and turn detection."""

    format: AudioFormat | Unset | None = UNSET
    transcription: AudioTranscription | Unset | None = UNSET
    noise_reduction: NoiseReduction | Unset | None = UNSET
    turn_detection: ServerVAD | SemanticVAD | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class CustomVoice(Model):
    """A custom voice, referenced by its id."""

    id: str


@attrs.frozen(kw_only=True, repr=False)
class AudioOutputConfig(Model):
    """Settings of the output audio: format, voice and speaking speed (0.25 to 1.5)."""

    format: AudioFormat | Unset | None = UNSET
    voice: Voice | CustomVoice | Unset | None = UNSET
    speed: float | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionAudioConfig(Model):
    """Input and output audio settings of a realtime session."""

    input: AudioInputConfig | Unset | None = UNSET
    output: AudioOutputConfig | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionAudioConfig(Model):
    """Input audio settings of a transcription session."""

    input: AudioInputConfig | Unset | None = UNSET


# --- tools -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MCPToolFilter(Model):
    """Selects MCP tools by name and/or by their read-only annotation."""

    tool_names: list[str] | Unset | None = UNSET
    read_only: bool | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class MCPRequireApprovalFilter(Model):
    """Which MCP tools always, and which never, need approval before a call."""

    always: MCPToolFilter | Unset | None = UNSET
    never: MCPToolFilter | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class MCPTool(Model):
    """A remote MCP server (or OpenAI connector) whose tools the model may call."""

    type: Literal["mcp"] | Unset | None = "mcp"
    server_label: str
    server_url: str | Unset | None = UNSET
    connector_id: (
        Literal[
            "connector_dropbox",
            "connector_gmail",
            "connector_googlecalendar",
            "connector_googledrive",
            "connector_microsoftteams",
            "connector_outlookcalendar",
            "connector_outlookemail",
            "connector_sharepoint",
        ]
        | str
        | Unset
        | None
    ) = UNSET
    tunnel_id: str | Unset | None = UNSET
    authorization: str | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    server_description: str | Unset | None = UNSET
    headers: dict[str, str] | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    allowed_tools: list[str] | MCPToolFilter | Unset | None = UNSET
    allowed_callers: list[Literal["direct", "programmatic"]] | Unset | None = UNSET
    require_approval: MCPRequireApprovalFilter | Literal["always", "never"] | Unset | None = UNSET
    defer_loading: bool | Unset | None = UNSET


Tool = Union[FunctionTool, MCPTool]  # noqa: UP007
"""A tool the model may use: a function or an MCP server."""


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceFunction(Model):
    """Forces the model to call the named function."""

    type: Literal["function"] | Unset | None = "function"
    name: str


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceMCP(Model):
    """Forces the model to use an MCP server (optionally one of its tools)."""

    type: Literal["mcp"] | Unset | None = "mcp"
    server_label: str
    name: str | Unset | None = UNSET


ToolChoice = Union[Literal["none", "auto", "required"], ToolChoiceFunction, ToolChoiceMCP]  # noqa: UP007
"""How the model chooses tools: a mode, or one forced function / MCP tool."""


# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TracingConfig(Model):
    """Names the trace of a session in the Traces dashboard."""

    workflow_name: str | Unset | None = UNSET
    group_id: str | Unset | None = UNSET
    metadata: dict[str, Any] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class Reasoning(Model):
    """How much the model reasons before answering (reasoning models only)."""

    effort: Literal["minimal", "low", "medium", "high", "xhigh"] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TruncationTokenLimits(Model):
    """Token limits applied when the conversation is truncated."""

    post_instructions: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class RetentionRatioTruncation(Model):
    """Truncation that keeps a fraction (0 to 1) of the conversation when the context fills up."""

    type: Literal["retention_ratio"] | Unset | None = "retention_ratio"
    retention_ratio: float
    token_limits: TruncationTokenLimits | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class PromptCacheBreakpoint(Model):
    """Marks a content part as a prompt cache breakpoint."""

    mode: Literal["explicit"] = "explicit"


@attrs.frozen(kw_only=True, repr=False)
class InputTextContent(Model):
    """Text given to the model (user or system message, or a prompt variable)."""

    type: Literal["input_text"] | Unset | None = "input_text"
    text: str | Unset | None = UNSET
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputAudioContent(Model):
    """Audio given by the user: base64 audio (raw bytes accepted) and an optional transcript."""

    type: Literal["input_audio"] | Unset | None = "input_audio"
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    # The live GA service sends `"transcript": null` for committed audio not (yet) transcribed.
    transcript: str | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent)."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class InputImageContent(Model):
    """An image given to the model, as a data URI (`image_url`) or an uploaded file id."""

    type: Literal["input_image"] | Unset | None = "input_image"
    image_url: str | Unset | None = UNSET
    file_id: str | Unset | None = UNSET
    detail: ImageDetail | Unset | None = UNSET
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputFileContent(Model):
    """A file given as a prompt variable: uploaded file id, URL or inline data."""

    type: Literal["input_file"] | Unset | None = "input_file"
    file_id: str | Unset | None = UNSET
    filename: str | Unset | None = UNSET
    file_data: str | Unset | None = UNSET
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    file_url: str | Unset | None = UNSET
    detail: Literal["auto", "low", "high"] | Unset | None = UNSET


PromptVariable = Union[str, InputTextContent, InputImageContent, InputFileContent]  # noqa: UP007
"""The value of a prompt template variable."""


@attrs.frozen(kw_only=True, repr=False)
class Prompt(Model):
    """A reference to a stored prompt template, with its version and variable values."""

    id: str
    version: str | Unset | None = UNSET
    variables: dict[str, PromptVariable] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionConfig(Model):
    """Settings of a realtime (speech-to-speech) session: sent in `session.update`, echoed back.

    `id`, `object` and `expires_at` are filled in by the server. `model` is open (e.g.
    `gpt-realtime`); `voice` in `audio.output` is one of `Voice` or a `CustomVoice`.
    """

    type: Literal["realtime"] | Unset | None = "realtime"
    id: str | Unset | None = UNSET
    object: Literal["realtime.session"] | Unset | None = UNSET
    expires_at: int | Unset | None = UNSET
    output_modalities: list[Modality] | Unset | None = attrs.field(
        default=UNSET, validator=string_list
    )
    model: str | Unset | None = UNSET
    instructions: str | Unset | None = UNSET
    audio: SessionAudioConfig | Unset | None = UNSET
    include: list[Include] | Unset | None = UNSET
    tracing: Literal["auto"] | TracingConfig | Unset | None = UNSET
    tools: list[Tool] | Unset | None = UNSET
    tool_choice: ToolChoice | Unset | None = UNSET
    parallel_tool_calls: bool | Unset | None = UNSET
    reasoning: Reasoning | Unset | None = UNSET
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    truncation: Literal["auto", "disabled"] | RetentionRatioTruncation | Unset | None = UNSET
    prompt: Prompt | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionConfig(Model):
    """Settings of a transcription-only session (`session.update` with type "transcription").

    `id`, `object` and `expires_at` are filled in by the server.
    """

    type: Literal["transcription"] | Unset | None = "transcription"
    id: str | Unset | None = UNSET
    object: str | Unset | None = UNSET
    expires_at: int | Unset | None = UNSET
    audio: TranscriptionSessionAudioConfig | Unset | None = UNSET
    include: list[Include] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ClientSecret(Model):
    """An ephemeral key and its expiry time (Unix seconds)."""

    value: str = attrs.field(metadata=SECRET)
    expires_at: int


@attrs.frozen(kw_only=True, repr=False)
class LegacyTranscriptionSessionConfig(Model):
    """The flat transcription session of `transcription_session.update` / `.updated`.

    This is the pre-GA layout (`input_audio_format` "pcm16" | "g711_ulaw" | "g711_alaw", ...);
    `id`, `object`, `client_secret` and `modalities` are only sent by the server.
    """

    id: str | Unset | None = UNSET
    object: str | Unset | None = UNSET
    client_secret: ClientSecret | Unset | None = UNSET
    modalities: list[Modality] | Unset | None = UNSET
    input_audio_format: Literal["pcm16", "g711_ulaw", "g711_alaw"] | str | Unset | None = UNSET
    input_audio_transcription: AudioTranscription | Unset | None = UNSET
    turn_detection: ServerVAD | SemanticVAD | Unset | None = UNSET
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    include: list[Include] | Unset | None = UNSET


# --- content parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class OutputTextContent(Model):
    """Text written by the assistant."""

    type: Literal["output_text"] | Unset | None = "output_text"
    text: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioContent(Model):
    """Audio spoken by the assistant (base64) and its transcript."""

    type: Literal["output_audio"] | Unset | None = "output_audio"
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    transcript: str | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent)."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class TextContent(Model):
    """A text part under its pre-GA name `text` (some GA servers still send it)."""

    type: Literal["text"] | Unset | None = "text"
    text: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class AudioContent(Model):
    """An audio part under its pre-GA name `audio` (some GA servers still send it)."""

    type: Literal["audio"] | Unset | None = "audio"
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    transcript: str | Unset | None = UNSET
    format: str | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent)."""
        return decode_audio(self.audio, path="$.audio")


ContentPart = Union[  # noqa: UP007
    InputTextContent,
    InputAudioContent,
    InputImageContent,
    OutputTextContent,
    OutputAudioContent,
    TextContent,
    AudioContent,
]
"""One part of a message's content."""


# --- conversation items ------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MessageItem(Model):
    """A message in the conversation, from the system, the user or the assistant.

    Build one with `MessageItem.user_text("hi")`, `MessageItem.user_audio(pcm)`,
    `MessageItem.system_text(...)` or `MessageItem.assistant_text(...)`.
    """

    type: Literal["message"] | Unset | None = "message"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    role: Literal["system", "user", "assistant"]
    content: list[ContentPart]

    # `type: ignore`s below: mypy does not yet see `@model` classes as attrs classes (see _base).
    @classmethod
    def user_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """A user message holding one text part."""
        require_str(text, "text", "MessageItem.user_text()")
        part = InputTextContent(text=text)
        return cls._of("user", part, id)

    @classmethod
    def user_audio(
        cls, audio: bytes | str, *, transcript: str | Unset = UNSET, id: str | Unset = UNSET
    ) -> MessageItem:
        """A user message holding one audio part (raw bytes in the session's input format)."""
        require(audio, (bytes, bytearray, str), "audio", "MessageItem.user_audio()")
        part = InputAudioContent(audio=audio, transcript=transcript)
        return cls._of("user", part, id)

    @classmethod
    def system_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """A system message holding one text part."""
        require_str(text, "text", "MessageItem.system_text()")
        part = InputTextContent(text=text)
        return cls._of("system", part, id)

    @classmethod
    def assistant_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """An assistant message holding one text part (e.g. to seed a conversation)."""
        require_str(text, "text", "MessageItem.assistant_text()")
        part = OutputTextContent(text=text)
        return cls._of("assistant", part, id)

    @classmethod
    def _of(
        cls, role: Literal["system", "user", "assistant"], part: ContentPart, id: str | Unset
    ) -> MessageItem:
        if id is not UNSET:
            require_str(id, "id", "MessageItem")
        return cls(id=id, role=role, content=[part])


@attrs.frozen(kw_only=True, repr=False)
class FunctionCallItem(Model):
    """A call of a function tool by the model; `arguments` is JSON text."""

    type: Literal["function_call"] | Unset | None = "function_call"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    call_id: str | Unset | None = UNSET
    name: str
    arguments: str


@attrs.frozen(kw_only=True, repr=False)
class FunctionCallOutputItem(Model):
    """The result of a function call, sent back by the client for the given `call_id`."""

    type: Literal["function_call_output"] | Unset | None = "function_call_output"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    call_id: str
    output: str


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalResponseItem(Model):
    """The client's answer to an MCP approval request."""

    type: Literal["mcp_approval_response"] | Unset | None = "mcp_approval_response"
    id: str
    approval_request_id: str
    approve: bool
    reason: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsTool(Model):
    """One tool offered by an MCP server; `input_schema` is a JSON Schema object."""

    name: str
    input_schema: dict[str, Any]
    annotations: dict[str, Any] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsItem(Model):
    """The list of tools an MCP server offers."""

    type: Literal["mcp_list_tools"] | Unset | None = "mcp_list_tools"
    id: str | Unset | None = UNSET
    server_label: str
    tools: list[MCPListToolsTool]


@attrs.frozen(kw_only=True, repr=False)
class MCPProtocolError(Model):
    """An MCP call failed with an MCP protocol error."""

    type: Literal["protocol_error"] | Unset | None = "protocol_error"
    code: int
    message: str


@attrs.frozen(kw_only=True, repr=False)
class MCPToolExecutionError(Model):
    """An MCP call failed while the tool ran."""

    type: Literal["tool_execution_error"] | Unset | None = "tool_execution_error"
    message: str


@attrs.frozen(kw_only=True, repr=False)
class MCPHTTPError(Model):
    """An MCP call failed with an HTTP error from the MCP server."""

    type: Literal["http_error"] | Unset | None = "http_error"
    code: int
    message: str


MCPCallError = Union[MCPProtocolError, MCPToolExecutionError, MCPHTTPError]  # noqa: UP007
"""Why an MCP call failed."""


@attrs.frozen(kw_only=True, repr=False)
class MCPCallItem(Model):
    """A call of an MCP tool: its arguments (JSON text), and its output or error."""

    type: Literal["mcp_call"] | Unset | None = "mcp_call"
    id: str
    server_label: str
    name: str
    arguments: str
    approval_request_id: str | Unset | None = UNSET
    output: str | Unset | None = UNSET
    error: MCPCallError | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalRequestItem(Model):
    """The model asks for approval before calling an MCP tool."""

    type: Literal["mcp_approval_request"] | Unset | None = "mcp_approval_request"
    id: str
    server_label: str
    name: str
    arguments: str


Item = Union[  # noqa: UP007
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MCPCallItem,
    MCPApprovalRequestItem,
]
"""A conversation item."""


@attrs.frozen(kw_only=True, repr=False)
class ItemReference(Model):
    """Refers to an existing conversation item by id (in `response.create` input)."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    id: str


InputItem = Union[  # noqa: UP007
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MCPCallItem,
    MCPApprovalRequestItem,
    ItemReference,
]
"""An item of a response's `input`: a new item, or a reference to an existing one."""


# --- responses ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ResponseStatusError(Model):
    """Why a response failed (`type` and `code` are open strings)."""

    type: str | Unset | None = UNSET
    code: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseStatusDetails(Model):
    """Why a response ended as it did (cancelled, incomplete or failed)."""

    type: Literal["completed", "cancelled", "failed", "incomplete"] | Unset | None = UNSET
    reason: (
        Literal["turn_detected", "client_cancelled", "max_output_tokens", "content_filter"]
        | Unset
        | None
    ) = UNSET
    error: ResponseStatusError | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioOutput(Model):
    """Format and voice of a response's audio."""

    format: AudioFormat | Unset | None = UNSET
    voice: Voice | CustomVoice | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseAudioConfig(Model):
    """Audio settings of a response."""

    output: ResponseAudioOutput | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class Response(Model):
    """A model response: its status, output items and token usage."""

    id: str | Unset | None = UNSET
    object: Literal["realtime.response"] | Unset | None = UNSET
    status: (
        Literal["completed", "cancelled", "failed", "incomplete", "in_progress"] | Unset | None
    ) = UNSET
    status_details: ResponseStatusDetails | Unset | None = UNSET
    output: list[Item] | Unset | None = UNSET
    metadata: dict[str, str] | Unset | None = UNSET
    audio: ResponseAudioConfig | Unset | None = UNSET
    usage: Usage | Unset | None = UNSET
    conversation_id: str | Unset | None = UNSET
    output_modalities: list[Modality] | Unset | None = UNSET
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreateParams(Model):
    """Settings of one response (`response.create`), overriding the session's for it.

    `conversation` is "auto" (add to the default conversation), "none" (out of band) or an id;
    `input` replaces the conversation as the response's context.
    """

    output_modalities: list[Modality] | Unset | None = attrs.field(
        default=UNSET, validator=string_list
    )
    instructions: str | Unset | None = UNSET
    audio: ResponseAudioConfig | Unset | None = UNSET
    tools: list[Tool] | Unset | None = UNSET
    tool_choice: ToolChoice | Unset | None = UNSET
    parallel_tool_calls: bool | Unset | None = UNSET
    reasoning: Reasoning | Unset | None = UNSET
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    conversation: Literal["auto", "none"] | str | Unset | None = UNSET
    metadata: dict[str, str] | Unset | None = UNSET
    prompt: Prompt | Unset | None = UNSET
    input: list[InputItem] | Unset | None = UNSET


# --- other event payloads ----------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Conversation(Model):
    """The conversation a session created."""

    id: str | Unset | None = UNSET
    object: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class LogProb(Model):
    """The log probability of one transcribed token."""

    token: str
    logprob: float
    bytes: list[int]


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionLanguage(Model):
    """A language detected in the transcribed audio."""

    code: str


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageTokens(Model):
    """Transcription usage billed by tokens."""

    type: Literal["tokens"] | Unset | None = "tokens"
    input_tokens: int
    input_token_details: InputTokenDetails | Unset | None = UNSET
    output_tokens: int
    total_tokens: int


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageDuration(Model):
    """Transcription usage billed by audio duration."""

    type: Literal["duration"] | Unset | None = "duration"
    seconds: float


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionError(Model):
    """Why transcribing input audio failed (`type` and `code` are open strings)."""

    type: str | Unset | None = UNSET
    code: str | Unset | None = UNSET
    message: str | Unset | None = UNSET
    param: str | Unset | None = UNSET
