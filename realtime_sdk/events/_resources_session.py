"""GA session configuration: `SessionConfig`, the transcription sessions, prompts, tracing, truncation.

Part of the GA resources (`realtime_sdk.events._resources` gathers them).
"""

from __future__ import annotations

from typing import Any, Literal, Union

import attrs

from .._types import UNSET, Unset
from .._validate import string_list_validator as string_list
from ._base import SECRET, Model
from ._resources_audio import (
    AudioTranscription,
    NoiseReduction,
    SemanticVAD,
    ServerVAD,
    SessionAudioConfig,
    TranscriptionSessionAudioConfig,
)
from ._resources_content import InputFileContent, InputImageContent, InputTextContent
from ._resources_tools import ToolChoice, ToolDefinition

Modality = Literal["text", "audio"]
"""An output modality of the model."""


Include = Union[Literal["item.input_audio_transcription.logprobs"], str]  # noqa: UP007
"""Extra data to include in server events (open: servers know values beyond the documented one)."""


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
