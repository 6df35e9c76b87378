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
    "ClientSecretObject",
    "ContentPart",
    "ConversationObject",
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
    "ToolChoice",
    "ToolChoiceFunction",
    "ToolChoiceMCP",
    "ToolDefinition",
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
    """Type tag, always `audio/pcm`."""
    rate: Literal[24000] | Unset | None = UNSET
    """Sample rate in Hz; only 24000 is supported."""


@attrs.frozen(kw_only=True, repr=False)
class PCMUAudioFormat(Model):
    """G.711 mu-law audio (8 kHz telephony)."""

    type: Literal["audio/pcmu"] | Unset | None = "audio/pcmu"
    """Type tag, always `audio/pcmu`."""


@attrs.frozen(kw_only=True, repr=False)
class PCMAAudioFormat(Model):
    """G.711 A-law audio (8 kHz telephony)."""

    type: Literal["audio/pcma"] | Unset | None = "audio/pcma"
    """Type tag, always `audio/pcma`."""


AudioFormat = Union[PCMAudioFormat, PCMUAudioFormat, PCMAAudioFormat]  # noqa: UP007
"""An audio format for input or output audio."""


# --- audio input settings ----------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class NoiseReduction(Model):
    """Noise reduction of input audio, tuned for a close (`near_field`) or far (`far_field`) mic."""

    type: Literal["near_field", "far_field"] | Unset | None = UNSET
    """`near_field` for a close-talking mic (headset), `far_field` for a distant one (laptop, room)."""


@attrs.frozen(kw_only=True, repr=False)
class AudioTranscription(Model):
    """How input audio is transcribed (model such as `gpt-4o-transcribe` or `whisper-1`)."""

    model: str | Unset | None = UNSET
    """Transcription model id, e.g. `whisper-1`, `gpt-4o-transcribe` or `gpt-4o-mini-transcribe`."""
    language: str | Unset | None = UNSET
    """Language of the input audio as an ISO-639-1 code (e.g. `en`); improves accuracy and latency."""
    languages: list[str] | Unset | None = UNSET
    """Candidate languages of the input audio (ISO-639-1 codes), for models that accept several."""
    keywords: list[str] | Unset | None = UNSET
    """Words or phrases that steer the transcription (for models that support them)."""
    prompt: str | Unset | None = UNSET
    """Text that guides the transcription's style or vocabulary (keywords for `whisper-1`)."""
    delay: Literal["minimal", "low", "medium", "high", "xhigh"] | Unset | None = UNSET
    """How long the model waits before emitting text: higher is more accurate but slower."""


@attrs.frozen(kw_only=True, repr=False)
class ServerVAD(Model):
    """Turn detection by the server from silence in the input audio."""

    type: Literal["server_vad"] | Unset | None = "server_vad"
    """Type tag, always `server_vad`."""
    threshold: float | Unset | None = UNSET
    """Activation threshold, 0.0 to 1.0 (default 0.5); higher needs louder speech."""
    prefix_padding_ms: int | Unset | None = UNSET
    """Audio kept from before detected speech, in ms (default 300)."""
    silence_duration_ms: int | Unset | None = UNSET
    """Silence that ends a turn, in ms (default 500); shorter answers sooner."""
    create_response: bool | Unset | None = UNSET
    """Whether the server starts a response by itself when the user stops speaking."""
    interrupt_response: bool | Unset | None = UNSET
    """Whether the user starting to speak cancels the response in progress."""
    idle_timeout_ms: int | Unset | None = UNSET
    """After this many ms without user speech, a response is triggered."""


@attrs.frozen(kw_only=True, repr=False)
class SemanticVAD(Model):
    """Turn detection by a model that judges whether the user has finished speaking."""

    type: Literal["semantic_vad"] | Unset | None = "semantic_vad"
    """Type tag, always `semantic_vad`."""
    eagerness: Literal["low", "medium", "high", "auto"] | Unset | None = UNSET
    """How soon the model replies: `low` waits longer for the user, `high` answers sooner; `auto` is `medium`."""
    create_response: bool | Unset | None = UNSET
    """Whether the server starts a response by itself when the user stops speaking."""
    interrupt_response: bool | Unset | None = UNSET
    """Whether the user starting to speak cancels the response in progress."""


TurnDetection = Union[ServerVAD, SemanticVAD]  # noqa: UP007
"""A turn detection mode; a field set to `None` turns turn detection off."""


@attrs.frozen(kw_only=True, repr=False)
class AudioInputConfig(Model):
    """Settings of the input audio: format, transcription, noise reduction and turn detection."""

    format: AudioFormat | Unset | None = UNSET
    """Encoding of input audio (PCM 24 kHz by default)."""
    transcription: AudioTranscription | Unset | None = UNSET
    """Transcription of input audio; off unless set, `None` turns it off."""
    noise_reduction: NoiseReduction | Unset | None = UNSET
    """Noise reduction of input audio before VAD and the model; `None` turns it off."""
    turn_detection: ServerVAD | SemanticVAD | Unset | None = UNSET
    """Voice activity detection (server or semantic); `None` turns it off."""


@attrs.frozen(kw_only=True, repr=False)
class CustomVoice(Model):
    """A custom voice, referenced by its id."""

    id: str
    """The custom voice's id, e.g. `voice_1234`."""


@attrs.frozen(kw_only=True, repr=False)
class AudioOutputConfig(Model):
    """Settings of the output audio: format, voice and speaking speed (0.25 to 1.5)."""

    format: AudioFormat | Unset | None = UNSET
    """Encoding of output audio (PCM 24 kHz by default)."""
    voice: Voice | CustomVoice | Unset | None = UNSET
    """Voice of the spoken output; fixed once the model has produced audio in the session."""
    speed: float | Unset | None = UNSET
    """Speaking speed, 0.25 to 1.5 (default 1.0); changes only between turns."""


@attrs.frozen(kw_only=True, repr=False)
class SessionAudioConfig(Model):
    """Input and output audio settings of a realtime session."""

    input: AudioInputConfig | Unset | None = UNSET
    """Settings of the audio the client sends."""
    output: AudioOutputConfig | Unset | None = UNSET
    """Settings of the audio the model speaks."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionAudioConfig(Model):
    """Input audio settings of a transcription session."""

    input: AudioInputConfig | Unset | None = UNSET
    """Settings of the audio to transcribe."""


# --- tools -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MCPToolFilter(Model):
    """Selects MCP tools by name and/or by their read-only annotation."""

    tool_names: list[str] | Unset | None = UNSET
    """Names of the tools selected."""
    read_only: bool | Unset | None = UNSET
    """Select tools by their read-only annotation (`readOnlyHint`)."""


@attrs.frozen(kw_only=True, repr=False)
class MCPRequireApprovalFilter(Model):
    """Which MCP tools always, and which never, need approval before a call."""

    always: MCPToolFilter | Unset | None = UNSET
    """Tools that always need approval."""
    never: MCPToolFilter | Unset | None = UNSET
    """Tools that never need approval."""


@attrs.frozen(kw_only=True, repr=False)
class MCPTool(Model):
    """A remote MCP server (or OpenAI connector) whose tools the model may call."""

    type: Literal["mcp"] | Unset | None = "mcp"
    """Type tag, always `mcp`."""
    server_label: str
    """Label naming this MCP server in tool calls."""
    server_url: str | Unset | None = UNSET
    """URL of the MCP server (give this, `connector_id` or `tunnel_id`)."""
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
    """Id of an OpenAI service connector, e.g. `connector_gmail` (instead of `server_url`)."""
    tunnel_id: str | Unset | None = UNSET
    """Id of a Secure MCP Tunnel to use instead of a server URL."""
    authorization: str | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    """OAuth access token for the MCP server or connector (secret: hidden in reprs)."""
    server_description: str | Unset | None = UNSET
    """Description of the server, giving the model context."""
    headers: dict[str, str] | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    """HTTP headers sent to the MCP server, e.g. for authentication (secret: hidden in reprs)."""
    allowed_tools: list[str] | MCPToolFilter | Unset | None = UNSET
    """The server's tools the model may use: names, or a filter."""
    allowed_callers: list[Literal["direct", "programmatic"]] | Unset | None = UNSET
    """Contexts allowed to invoke the tools (`direct`, `programmatic`)."""
    require_approval: MCPRequireApprovalFilter | Literal["always", "never"] | Unset | None = UNSET
    """Which tools need approval before a call: `always`, `never`, or a filter."""
    defer_loading: bool | Unset | None = UNSET
    """Whether the tools are deferred and found through tool search."""


ToolDefinition = Union[FunctionTool, MCPTool]  # noqa: UP007
"""A tool the model may use: a function or an MCP server."""


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceFunction(Model):
    """Forces the model to call the named function."""

    type: Literal["function"] | Unset | None = "function"
    """Type tag, always `function`."""
    name: str
    """Name of the function to call."""


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceMCP(Model):
    """Forces the model to use an MCP server (optionally one of its tools)."""

    type: Literal["mcp"] | Unset | None = "mcp"
    """Type tag, always `mcp`."""
    server_label: str
    """Label of the MCP server to use."""
    name: str | Unset | None = UNSET
    """Name of the tool to call on that server."""


ToolChoice = Union[Literal["none", "auto", "required"], ToolChoiceFunction, ToolChoiceMCP]  # noqa: UP007
"""How the model chooses tools: a mode, or one forced function / MCP tool."""


# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TracingConfig(Model):
    """Names the trace of a session in the Traces dashboard."""

    workflow_name: str | Unset | None = UNSET
    """Name of the workflow in the Traces dashboard."""
    group_id: str | Unset | None = UNSET
    """Group id of the trace, for filtering in the Traces dashboard."""
    metadata: dict[str, Any] | Unset | None = UNSET
    """Arbitrary metadata attached to the trace."""


@attrs.frozen(kw_only=True, repr=False)
class Reasoning(Model):
    """How much the model reasons before answering (reasoning models only)."""

    effort: Literal["minimal", "low", "medium", "high", "xhigh"] | Unset | None = UNSET
    """Reasoning effort; more effort is slower and uses more tokens."""


@attrs.frozen(kw_only=True, repr=False)
class TruncationTokenLimits(Model):
    """Token limits applied when the conversation is truncated."""

    post_instructions: int | Unset | None = UNSET
    """Token limit for the conversation after the instructions, when truncating."""


@attrs.frozen(kw_only=True, repr=False)
class RetentionRatioTruncation(Model):
    """Truncation that keeps a fraction (0 to 1) of the conversation when the context fills up."""

    type: Literal["retention_ratio"] | Unset | None = "retention_ratio"
    """Type tag, always `retention_ratio`."""
    retention_ratio: float
    """Fraction (0.0 to 1.0) of post-instruction conversation tokens kept when truncating."""
    token_limits: TruncationTokenLimits | Unset | None = UNSET
    """Custom token limits; the model's defaults when unset."""


@attrs.frozen(kw_only=True, repr=False)
class PromptCacheBreakpoint(Model):
    """Marks a content part as a prompt cache breakpoint."""

    mode: Literal["explicit"] = "explicit"
    """Breakpoint mode, always `explicit`."""


@attrs.frozen(kw_only=True, repr=False)
class InputTextContent(Model):
    """Text given to the model (user or system message, or a prompt variable)."""

    type: Literal["input_text"] | Unset | None = "input_text"
    """Type tag, always `input_text`."""
    text: str | Unset | None = UNSET
    """The text."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioContent(Model):
    """Audio given by the user: base64 audio (raw bytes accepted) and an optional transcript."""

    type: Literal["input_audio"] | Unset | None = "input_audio"
    """Type tag, always `input_audio`."""
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio in the session's input format (raw bytes are encoded for you)."""
    # The live GA service sends `"transcript": null` for committed audio not (yet) transcribed.
    transcript: str | Unset | None = UNSET
    """Transcript of the audio; `None` while not (yet) transcribed."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent)."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class InputImageContent(Model):
    """An image given to the model, as a data URI (`image_url`) or an uploaded file id."""

    type: Literal["input_image"] | Unset | None = "input_image"
    """Type tag, always `input_image`."""
    image_url: str | Unset | None = UNSET
    """The image: a URL or a base64 data URL."""
    file_id: str | Unset | None = UNSET
    """Id of an uploaded image file."""
    detail: ImageDetail | Unset | None = UNSET
    """How closely the model looks at the image (default `auto`)."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""


@attrs.frozen(kw_only=True, repr=False)
class InputFileContent(Model):
    """A file given as a prompt variable: uploaded file id, URL or inline data."""

    type: Literal["input_file"] | Unset | None = "input_file"
    """Type tag, always `input_file`."""
    file_id: str | Unset | None = UNSET
    """Id of an uploaded file."""
    filename: str | Unset | None = UNSET
    """Name of the file."""
    file_data: str | Unset | None = UNSET
    """Inline content of the file."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""
    file_url: str | Unset | None = UNSET
    """URL of the file."""
    detail: Literal["auto", "low", "high"] | Unset | None = UNSET
    """Rendering detail of the file: `auto` (default), `low` or `high`."""


PromptVariable = Union[str, InputTextContent, InputImageContent, InputFileContent]  # noqa: UP007
"""The value of a prompt template variable."""


@attrs.frozen(kw_only=True, repr=False)
class Prompt(Model):
    """A reference to a stored prompt template, with its version and variable values."""

    id: str
    """Id of the prompt template."""
    version: str | Unset | None = UNSET
    """Version of the template; the current one when unset."""
    variables: dict[str, PromptVariable] | Unset | None = UNSET
    """Values substituted for the template's variables."""


@attrs.frozen(kw_only=True, repr=False)
class SessionConfig(Model):
    """Settings of a realtime (speech-to-speech) session: sent in `session.update`, echoed back.

    `id`, `object` and `expires_at` are filled in by the server. `model` is open (e.g.
    `gpt-realtime`); `voice` in `audio.output` is one of `Voice` or a `CustomVoice`.
    """

    type: Literal["realtime"] | Unset | None = "realtime"
    """Type tag, always `realtime`."""
    id: str | Unset | None = UNSET
    """Session id (set by the server)."""
    object: Literal["realtime.session"] | Unset | None = UNSET
    """Object type tag, `realtime.session` (set by the server)."""
    expires_at: int | Unset | None = UNSET
    """When the session expires, Unix seconds (set by the server)."""
    output_modalities: list[Modality] | Unset | None = attrs.field(
        default=UNSET, validator=string_list
    )
    """What the model answers with: `["audio"]` (audio plus transcript, the default) or `["text"]`."""
    model: str | Unset | None = UNSET
    """The realtime model of the session, e.g. `gpt-realtime`."""
    instructions: str | Unset | None = UNSET
    """System instructions prepended to every model call (content, tone, behaviour)."""
    audio: SessionAudioConfig | Unset | None = UNSET
    """Input and output audio settings."""
    include: list[Include] | Unset | None = UNSET
    """Extra data the server adds to its events (e.g. transcription logprobs)."""
    tracing: Literal["auto"] | TracingConfig | Unset | None = UNSET
    """Session tracing: `auto`, settings, or `None` for off; cannot change once enabled."""
    tools: list[ToolDefinition] | Unset | None = UNSET
    """Tools the model may call."""
    tool_choice: ToolChoice | Unset | None = UNSET
    """How the model picks tools: `auto`, `none`, `required`, or one forced tool."""
    parallel_tool_calls: bool | Unset | None = UNSET
    """Whether the model may call several tools at once (reasoning models only)."""
    reasoning: Reasoning | Unset | None = UNSET
    """Reasoning settings (reasoning models only)."""
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit per response, tool calls included: 1 to 4096, or `inf`."""
    truncation: Literal["auto", "disabled"] | RetentionRatioTruncation | Unset | None = UNSET
    """What happens when the conversation outgrows the context: `auto`, `disabled`, or a retention ratio."""
    prompt: Prompt | Unset | None = UNSET
    """A stored prompt template to use."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionConfig(Model):
    """Settings of a transcription-only session (`session.update` with type "transcription").

    `id`, `object` and `expires_at` are filled in by the server.
    """

    type: Literal["transcription"] | Unset | None = "transcription"
    """Type tag, always `transcription`."""
    id: str | Unset | None = UNSET
    """Session id (set by the server)."""
    object: str | Unset | None = UNSET
    """Object type tag, `realtime.session` (set by the server)."""
    expires_at: int | Unset | None = UNSET
    """When the session expires, Unix seconds (set by the server)."""
    audio: TranscriptionSessionAudioConfig | Unset | None = UNSET
    """Input audio settings."""
    include: list[Include] | Unset | None = UNSET
    """Extra data the server adds to its events (e.g. transcription logprobs)."""


@attrs.frozen(kw_only=True, repr=False)
class ClientSecretObject(Model):
    """An ephemeral key and its expiry time (Unix seconds)."""

    value: str = attrs.field(metadata=SECRET)
    """The ephemeral key (secret: hidden in reprs)."""
    expires_at: int
    """When the key expires, Unix seconds."""


@attrs.frozen(kw_only=True, repr=False)
class LegacyTranscriptionSessionConfig(Model):
    """The flat transcription session of `transcription_session.update` / `.updated`.

    This is the pre-GA layout (`input_audio_format` "pcm16" | "g711_ulaw" | "g711_alaw", ...);
    `id`, `object`, `client_secret` and `modalities` are only sent by the server.
    """

    id: str | Unset | None = UNSET
    """Session id (set by the server)."""
    object: str | Unset | None = UNSET
    """Object type tag (set by the server)."""
    client_secret: ClientSecretObject | Unset | None = UNSET
    """Ephemeral key of the session (set by the server)."""
    modalities: list[Modality] | Unset | None = UNSET
    """Output modalities of the session (set by the server)."""
    input_audio_format: Literal["pcm16", "g711_ulaw", "g711_alaw"] | str | Unset | None = UNSET
    """Input audio format: `pcm16`, `g711_ulaw` or `g711_alaw`."""
    input_audio_transcription: AudioTranscription | Unset | None = UNSET
    """Transcription of input audio: model, language, prompt."""
    turn_detection: ServerVAD | SemanticVAD | Unset | None = UNSET
    """Voice activity detection; `None` turns it off."""
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    """Noise reduction of input audio; `None` turns it off."""
    include: list[Include] | Unset | None = UNSET
    """Extra data the server adds to its events (e.g. transcription logprobs)."""


# --- content parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class OutputTextContent(Model):
    """Text written by the assistant."""

    type: Literal["output_text"] | Unset | None = "output_text"
    """Type tag, always `output_text`."""
    text: str | Unset | None = UNSET
    """The text."""


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioContent(Model):
    """Audio spoken by the assistant (base64) and its transcript."""

    type: Literal["output_audio"] | Unset | None = "output_audio"
    """Type tag, always `output_audio`."""
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio in the session's output format (raw bytes are encoded for you)."""
    transcript: str | Unset | None = UNSET
    """Transcript of the audio."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent)."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class TextContent(Model):
    """A text part under its pre-GA name `text` (some GA servers still send it)."""

    type: Literal["text"] | Unset | None = "text"
    """Type tag, always `text`."""
    text: str | Unset | None = UNSET
    """The text."""


@attrs.frozen(kw_only=True, repr=False)
class AudioContent(Model):
    """An audio part under its pre-GA name `audio` (some GA servers still send it)."""

    type: Literal["audio"] | Unset | None = "audio"
    """Type tag, always `audio`."""
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio in the session's output format (raw bytes are encoded for you)."""
    transcript: str | Unset | None = UNSET
    """Transcript of the audio."""
    format: str | Unset | None = UNSET
    """Audio format name, as sent by pre-GA servers."""

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
    """Type tag, always `message`."""
    id: str | Unset | None = UNSET
    """The item's unique id (client-chosen or assigned by the server)."""
    object: Literal["realtime.item"] | Unset | None = UNSET
    """Object type tag, always `realtime.item` (set by the server)."""
    status: ItemStatus | Unset | None = UNSET
    """The item's status (`completed`, `incomplete` or `in_progress`); changing it has no effect."""
    role: Literal["system", "user", "assistant"]
    """Who sent the message: `system`, `user` or `assistant`."""
    content: list[ContentPart]
    """The message's content parts."""

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
    """Type tag, always `function_call`."""
    id: str | Unset | None = UNSET
    """The item's unique id (client-chosen or assigned by the server)."""
    object: Literal["realtime.item"] | Unset | None = UNSET
    """Object type tag, always `realtime.item` (set by the server)."""
    status: ItemStatus | Unset | None = UNSET
    """The item's status (`completed`, `incomplete` or `in_progress`); changing it has no effect."""
    call_id: str | Unset | None = UNSET
    """Id of this call; its output item refers to it."""
    name: str
    """Name of the function called."""
    arguments: str
    """The call's arguments as JSON text, e.g. `{"city": "Paris"}`."""


@attrs.frozen(kw_only=True, repr=False)
class FunctionCallOutputItem(Model):
    """The result of a function call, sent back by the client for the given `call_id`."""

    type: Literal["function_call_output"] | Unset | None = "function_call_output"
    """Type tag, always `function_call_output`."""
    id: str | Unset | None = UNSET
    """The item's unique id (client-chosen or assigned by the server)."""
    object: Literal["realtime.item"] | Unset | None = UNSET
    """Object type tag, always `realtime.item` (set by the server)."""
    status: ItemStatus | Unset | None = UNSET
    """The item's status (`completed`, `incomplete` or `in_progress`); changing it has no effect."""
    call_id: str
    """Id of the function call this output answers."""
    output: str
    """The function's result, free text (may be empty)."""


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalResponseItem(Model):
    """The client's answer to an MCP approval request."""

    type: Literal["mcp_approval_response"] | Unset | None = "mcp_approval_response"
    """Type tag, always `mcp_approval_response`."""
    id: str
    """Id of this approval response."""
    approval_request_id: str
    """Id of the approval request answered."""
    approve: bool
    """Whether the call is approved."""
    reason: str | Unset | None = UNSET
    """Why the call was approved or refused."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsTool(Model):
    """One tool offered by an MCP server; `input_schema` is a JSON Schema object."""

    name: str
    """Name of the tool."""
    input_schema: dict[str, Any]
    """JSON Schema of the tool's input."""
    annotations: dict[str, Any] | Unset | None = UNSET
    """Annotations the server gives for the tool."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsItem(Model):
    """The list of tools an MCP server offers."""

    type: Literal["mcp_list_tools"] | Unset | None = "mcp_list_tools"
    """Type tag, always `mcp_list_tools`."""
    id: str | Unset | None = UNSET
    """Id of this tool list."""
    server_label: str
    """Label of the MCP server."""
    tools: list[MCPListToolsTool]
    """The tools the server offers."""


@attrs.frozen(kw_only=True, repr=False)
class MCPProtocolError(Model):
    """An MCP call failed with an MCP protocol error."""

    type: Literal["protocol_error"] | Unset | None = "protocol_error"
    """Type tag, always `protocol_error`."""
    code: int
    """Error code (MCP protocol code or HTTP status)."""
    message: str
    """Error message."""


@attrs.frozen(kw_only=True, repr=False)
class MCPToolExecutionError(Model):
    """An MCP call failed while the tool ran."""

    type: Literal["tool_execution_error"] | Unset | None = "tool_execution_error"
    """Type tag, always `tool_execution_error`."""
    message: str
    """Error message."""


@attrs.frozen(kw_only=True, repr=False)
class MCPHTTPError(Model):
    """An MCP call failed with an HTTP error from the MCP server."""

    type: Literal["http_error"] | Unset | None = "http_error"
    """Type tag, always `http_error`."""
    code: int
    """Error code (MCP protocol code or HTTP status)."""
    message: str
    """Error message."""


MCPCallError = Union[MCPProtocolError, MCPToolExecutionError, MCPHTTPError]  # noqa: UP007
"""Why an MCP call failed."""


@attrs.frozen(kw_only=True, repr=False)
class MCPCallItem(Model):
    """A call of an MCP tool: its arguments (JSON text), and its output or error."""

    type: Literal["mcp_call"] | Unset | None = "mcp_call"
    """Type tag, always `mcp_call`."""
    id: str
    """Id of this tool call."""
    server_label: str
    """Label of the MCP server that ran the tool."""
    name: str
    """Name of the tool called."""
    arguments: str
    """The call's arguments as JSON text."""
    approval_request_id: str | Unset | None = UNSET
    """Id of the approval request for this call, if any."""
    output: str | Unset | None = UNSET
    """The tool's output."""
    error: MCPCallError | Unset | None = UNSET
    """Why the call failed, if it did."""


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalRequestItem(Model):
    """The model asks for approval before calling an MCP tool."""

    type: Literal["mcp_approval_request"] | Unset | None = "mcp_approval_request"
    """Type tag, always `mcp_approval_request`."""
    id: str
    """Id of this approval request."""
    server_label: str
    """Label of the MCP server asking."""
    name: str
    """Name of the tool to call."""
    arguments: str
    """The call's arguments as JSON text."""


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
    """Type tag, always `item_reference`."""
    id: str
    """Id of the conversation item referred to."""


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
class Response(Model):
    """A model response: its status, output items and token usage."""

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


# --- other event payloads ----------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ConversationObject(Model):
    """The conversation a session created."""

    id: str | Unset | None = UNSET
    """The conversation's unique id."""
    object: str | Unset | None = UNSET
    """Object type tag, always `realtime.conversation`."""


@attrs.frozen(kw_only=True, repr=False)
class LogProb(Model):
    """The log probability of one transcribed token."""

    token: str
    """The token."""
    logprob: float
    """Its log probability."""
    bytes: list[int]
    """The token's UTF-8 bytes."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionLanguage(Model):
    """A language detected in the transcribed audio."""

    code: str
    """Code of the detected language (ISO-639-1)."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageTokens(Model):
    """Transcription usage billed by tokens."""

    type: Literal["tokens"] | Unset | None = "tokens"
    """Type tag, always `tokens`."""
    input_tokens: int
    """Input tokens billed."""
    input_token_details: InputTokenDetails | Unset | None = UNSET
    """Breakdown of the input tokens."""
    output_tokens: int
    """Output tokens generated."""
    total_tokens: int
    """Input plus output tokens."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageDuration(Model):
    """Transcription usage billed by audio duration."""

    type: Literal["duration"] | Unset | None = "duration"
    """Type tag, always `duration`."""
    seconds: float
    """Duration of the input audio, in seconds."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionError(Model):
    """Why transcribing input audio failed (`type` and `code` are open strings)."""

    type: str | Unset | None = UNSET
    """Kind of error."""
    code: str | Unset | None = UNSET
    """Error code."""
    message: str | Unset | None = UNSET
    """Human-readable error message."""
    param: str | Unset | None = UNSET
    """Parameter the error relates to."""
