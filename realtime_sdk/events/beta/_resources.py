"""Resources of the pre-GA beta dialect: session configs, items, content parts, responses."""

from __future__ import annotations

import functools
from typing import Any, Literal, Union

import attrs

from ..._types import UNSET, Unset
from ..._validate import require, require_str
from ..._validate import string_list_validator as string_list
from .._base import AUDIO, Model, b64_if_bytes, decode_audio
from .._common import FunctionTool, Usage
from .._resources import (  # identical in both dialects: one class serves both
    Conversation as Conversation,
)
from .._resources import (
    LogProb as LogProb,
)
from .._resources import (
    NoiseReduction as NoiseReduction,
)
from .._resources import (
    ResponseStatusError as ResponseStatusError,
)
from .._resources import (
    SemanticVAD as SemanticVAD,
)
from .._resources import (
    TextContent as TextContent,
)

__all__ = [
    "AudioContent",
    "AudioFormat",
    "ClientSecret",
    "ClientSecretExpiry",
    "ContentPart",
    "Conversation",
    "ConversationItem",
    "FunctionCallItem",
    "FunctionCallOutputItem",
    "InputAudioContent",
    "InputAudioTranscription",
    "InputTextContent",
    "ItemReference",
    "ItemReferenceContent",
    "ItemStatus",
    "LogProb",
    "MessageItem",
    "Modality",
    "NoiseReduction",
    "Response",
    "ResponseCreateParams",
    "ResponseInputItem",
    "ResponseStatusDetails",
    "ResponseStatusError",
    "SemanticVAD",
    "ServerVAD",
    "SessionConfig",
    "TextContent",
    "TracingConfiguration",
    "TranscriptionError",
    "TranscriptionInputTokenDetails",
    "TranscriptionSessionConfig",
    "TranscriptionUsageDuration",
    "TranscriptionUsageTokens",
    "TurnDetection",
    "Voice",
]

Voice = str
"""A voice name; known values: alloy, ash, ballad, coral, echo, fable, onyx, nova, sage, shimmer,
verse. Open, because servers add voices."""

Modality = Literal["text", "audio"]
"""An output modality of the model."""

AudioFormat = Literal["pcm16", "g711_ulaw", "g711_alaw"]
"""A beta audio encoding: 24 kHz mono little-endian PCM16, or 8 kHz G.711 u-law / A-law."""

ItemStatus = Literal["completed", "incomplete", "in_progress"]
"""The state of a conversation item ("in_progress" is sent although the schema omits it)."""


# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputAudioTranscription(Model):
    """Turns on transcription of the user's audio with the given model (e.g. "whisper-1")."""

    model: str | Unset | None = UNSET
    language: str | Unset | None = UNSET
    prompt: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ServerVAD(Model):
    """Turn detection by silence: a turn ends after `silence_duration_ms` below `threshold`."""

    type: Literal["server_vad"] | Unset | None = "server_vad"
    threshold: float | Unset | None = UNSET
    prefix_padding_ms: int | Unset | None = UNSET
    silence_duration_ms: int | Unset | None = UNSET
    create_response: bool | Unset | None = UNSET
    interrupt_response: bool | Unset | None = UNSET


TurnDetection = Union[ServerVAD, SemanticVAD]  # noqa: UP007
"""A turn-detection setting; `None` in a session turns detection off."""


@attrs.frozen(kw_only=True, repr=False)
class TracingConfiguration(Model):
    """Names the trace of this session in the traces dashboard."""

    workflow_name: str | Unset | None = UNSET
    group_id: str | Unset | None = UNSET
    metadata: dict[str, Any] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ClientSecretExpiry(Model):
    """When an ephemeral client secret expires: `seconds` after `anchor`."""

    anchor: Literal["created_at"] | Unset | None = UNSET
    seconds: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ClientSecret(Model):
    """An ephemeral key for browser clients (its `value` is never shown in the repr)."""

    value: str | Unset | None = UNSET
    expires_at: int | ClientSecretExpiry | Unset | None = UNSET
    expires_after: ClientSecretExpiry | Unset | None = UNSET

    def __repr__(self) -> str:
        shown = "UNSET" if self.value is UNSET else "'***'"
        return f"ClientSecret(value={shown}, expires_at={self.expires_at!r})"


@attrs.frozen(kw_only=True, repr=False)
class SessionConfig(Model):
    """A beta conversation session: sent in `session.update`, received in `session.created/updated`.

    Every field is optional: an update changes only the fields it sets. `None` turns a feature
    off (`turn_detection=None` disables VAD, `input_audio_transcription=None` stops transcription).
    `tool_choice` is "auto", "none", "required" or a function name.
    """

    id: str | Unset | None = UNSET
    modalities: list[Modality] | Unset | None = attrs.field(default=UNSET, validator=string_list)
    model: str | Unset | None = UNSET
    instructions: str | Unset | None = UNSET
    voice: Voice | Unset | None = UNSET
    input_audio_format: AudioFormat | Unset | None = UNSET
    output_audio_format: AudioFormat | Unset | None = UNSET
    input_audio_transcription: InputAudioTranscription | Unset | None = UNSET
    turn_detection: TurnDetection | Unset | None = UNSET
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    tools: list[FunctionTool] | Unset | None = UNSET
    tool_choice: str | Unset | None = UNSET
    temperature: float | Unset | None = UNSET
    max_response_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    speed: float | Unset | None = UNSET
    tracing: Literal["auto"] | TracingConfiguration | Unset | None = UNSET
    object: str | Unset | None = UNSET
    expires_at: int | Unset | None = UNSET
    client_secret: ClientSecret | Unset | None = UNSET
    include: list[str] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionConfig(Model):
    """A beta transcription-only session (`transcription_session.update` / `.updated`)."""

    id: str | Unset | None = UNSET
    object: str | Unset | None = UNSET
    expires_at: int | Unset | None = UNSET
    client_secret: ClientSecret | Unset | None = UNSET
    modalities: list[Modality] | Unset | None = UNSET
    input_audio_format: AudioFormat | Unset | None = UNSET
    input_audio_transcription: InputAudioTranscription | Unset | None = UNSET
    turn_detection: TurnDetection | Unset | None = UNSET
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    include: list[str] | Unset | None = UNSET


# --- content parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputTextContent(Model):
    """Text the user or system wrote."""

    type: Literal["input_text"] | Unset | None = "input_text"
    text: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputAudioContent(Model):
    """Audio the user spoke (base64; pass raw bytes when building one); `transcript` once known."""

    type: Literal["input_audio"] | Unset | None = "input_audio"
    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    transcript: str | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent); decoded on first access only."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class ItemReferenceContent(Model):
    """A reference, by `id`, to an earlier item's content."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class AudioContent(Model):
    """Audio the assistant produced (base64) with its transcript."""

    type: Literal["audio"] | Unset | None = "audio"
    audio: str | Unset | None = attrs.field(default=UNSET, metadata=AUDIO)
    transcript: str | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent); decoded on first access only."""
        return decode_audio(self.audio, path="$.audio")


ContentPart = Union[  # noqa: UP007
    InputTextContent,
    InputAudioContent,
    ItemReferenceContent,
    TextContent,
    AudioContent,
]
"""Any content part of a message item, told apart by `type`."""


# --- items -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MessageItem(Model):
    """A message in the conversation from the system, the user or the assistant."""

    type: Literal["message"] | Unset | None = "message"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    role: Literal["user", "assistant", "system"] | Unset | None = UNSET
    content: list[ContentPart] | Unset | None = UNSET

    @classmethod
    def user_text(cls, text: str) -> MessageItem:
        """A user message holding `text`."""
        require_str(text, "text", "MessageItem.user_text()")
        return cls(role="user", content=[InputTextContent(text=text)])

    @classmethod
    def system_text(cls, text: str) -> MessageItem:
        """A system message (instructions inserted into the conversation)."""
        require_str(text, "text", "MessageItem.system_text()")
        return cls(role="system", content=[InputTextContent(text=text)])

    @classmethod
    def assistant_text(cls, text: str) -> MessageItem:
        """An assistant message holding `text` (e.g. to replay history)."""
        require_str(text, "text", "MessageItem.assistant_text()")
        return cls(role="assistant", content=[TextContent(text=text)])

    @classmethod
    def user_audio(cls, audio: bytes | str) -> MessageItem:
        """A user message holding audio in the session's input format (raw bytes or base64)."""
        require(audio, (bytes, bytearray, str), "audio", "MessageItem.user_audio()")
        return cls(role="user", content=[InputAudioContent(audio=b64_if_bytes(audio))])


@attrs.frozen(kw_only=True, repr=False)
class FunctionCallItem(Model):
    """The model's call of a function; `arguments` is a JSON text."""

    type: Literal["function_call"] | Unset | None = "function_call"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    call_id: str | Unset | None = UNSET
    name: str | Unset | None = UNSET
    arguments: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class FunctionCallOutputItem(Model):
    """The result of a function call, sent back for the call with the same `call_id`."""

    type: Literal["function_call_output"] | Unset | None = "function_call_output"
    id: str | Unset | None = UNSET
    object: Literal["realtime.item"] | Unset | None = UNSET
    status: ItemStatus | Unset | None = UNSET
    call_id: str | Unset | None = UNSET
    output: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ItemReference(Model):
    """A reference, by `id`, to an existing item, usable in `response.create` input."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    id: str | Unset | None = UNSET


ConversationItem = Union[MessageItem, FunctionCallItem, FunctionCallOutputItem]  # noqa: UP007
"""Any conversation item, told apart by `type`."""

ResponseInputItem = Union[  # noqa: UP007
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    ItemReference,
]
"""An item of a `response.create` input: a new item or a reference to an existing one."""


# --- responses ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ResponseStatusDetails(Model):
    """Why a response ended as it did (cancelled by turn detection, cut by token limit...)."""

    type: Literal["completed", "cancelled", "failed", "incomplete"] | Unset | None = UNSET
    reason: (
        Literal["turn_detected", "client_cancelled", "max_output_tokens", "content_filter"]
        | Unset
        | None
    ) = UNSET
    error: ResponseStatusError | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class Response(Model):
    """A model response: its status, output items and token usage (`usage` set when done)."""

    id: str | Unset | None = UNSET
    object: Literal["realtime.response"] | Unset | None = UNSET
    status: (
        Literal["completed", "cancelled", "failed", "incomplete", "in_progress"] | Unset | None
    ) = UNSET
    status_details: ResponseStatusDetails | Unset | None = UNSET
    output: list[ConversationItem] | Unset | None = UNSET
    metadata: dict[str, Any] | Unset | None = UNSET
    usage: Usage | Unset | None = UNSET
    conversation_id: str | Unset | None = UNSET
    voice: Voice | Unset | None = UNSET
    modalities: list[Modality] | Unset | None = UNSET
    output_audio_format: AudioFormat | Unset | None = UNSET
    temperature: float | Unset | None = UNSET
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreateParams(Model):
    """Overrides for one response (`response.create`); unset fields use the session's values.

    `conversation` is "auto" (add the output to the conversation), "none" (out-of-band), or a
    conversation id. `input` replaces the conversation as the model's context.
    """

    modalities: list[Modality] | Unset | None = attrs.field(default=UNSET, validator=string_list)
    instructions: str | Unset | None = UNSET
    voice: Voice | Unset | None = UNSET
    output_audio_format: AudioFormat | Unset | None = UNSET
    tools: list[FunctionTool] | Unset | None = UNSET
    tool_choice: str | Unset | None = UNSET
    temperature: float | Unset | None = UNSET
    max_response_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    conversation: str | Unset | None = UNSET
    metadata: dict[str, Any] | Unset | None = UNSET
    input: list[ResponseInputItem] | Unset | None = UNSET


# --- transcription -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionError(Model):
    """Why transcribing an input audio item failed."""

    type: str | Unset | None = UNSET
    code: str | Unset | None = UNSET
    message: str | Unset | None = UNSET
    param: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionInputTokenDetails(Model):
    """Input tokens of a transcription, by modality."""

    text_tokens: int | Unset | None = UNSET
    audio_tokens: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageTokens(Model):
    """What a transcription cost, in tokens."""

    type: Literal["tokens"] | Unset | None = "tokens"
    input_tokens: int | Unset | None = UNSET
    output_tokens: int | Unset | None = UNSET
    total_tokens: int | Unset | None = UNSET
    input_token_details: TranscriptionInputTokenDetails | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageDuration(Model):
    """What a transcription cost, in seconds of audio."""

    type: Literal["duration"] | Unset | None = "duration"
    seconds: float | Unset | None = UNSET
