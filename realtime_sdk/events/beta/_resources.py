"""Resources of the pre-GA beta dialect: session configs, items, content parts, responses."""

from __future__ import annotations

from typing import Any, Literal, Union

import attrs

from ..._types import UNSET, Unset
from ..._validate import require, require_str
from ..._validate import string_list_validator as string_list
from .._base import Model, b64_if_bytes
from .._common import FunctionTool, Usage
from .._families import type_first
from .._resources import (  # identical in both dialects: one class serves both
    ConversationObject as ConversationObject,
)
from .._resources import (
    InputAudioContent as InputAudioContent,
)
from .._resources import (
    LogProb as LogProb,
)
from .._resources import (
    NoiseReduction as NoiseReduction,
)
from .._resources import (
    ResponseStatusDetails as ResponseStatusDetails,
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
from .._resources import (
    TranscriptionError as TranscriptionError,
)
from .._resources_audio import ServerVADBase
from .._resources_content import AudioPartBase
from .._resources_items import ItemBase
from .._resources_items import ItemStatus as ItemStatus
from .._resources_responses import ResponseBase

__all__ = [
    "AudioContent",
    "AudioFormat",
    "ClientSecretExpiry",
    "ClientSecretObject",
    "ContentPart",
    "ConversationItem",
    "ConversationObject",
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


# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputAudioTranscription(Model):
    """Turns on transcription of the user's audio with the given model (e.g. "whisper-1")."""

    model: str | Unset | None = UNSET
    """Transcription model id, e.g. `whisper-1` or `gpt-4o-transcribe`."""
    language: str | Unset | None = UNSET
    """Language of the input audio as an ISO-639-1 code (e.g. `en`); improves accuracy and latency."""
    prompt: str | Unset | None = UNSET
    """Text that guides the transcription's style or vocabulary (keywords for `whisper-1`)."""


@attrs.frozen(kw_only=True, repr=False)
class ServerVAD(ServerVADBase):
    """Turn detection by silence: a turn ends after `silence_duration_ms` below `threshold`.

    The GA `ServerVAD` without `idle_timeout_ms`, which the beta schema does not have.
    """


TurnDetection = Union[ServerVAD, SemanticVAD]  # noqa: UP007
"""A turn-detection setting; `None` in a session turns detection off."""


@attrs.frozen(kw_only=True, repr=False)
class TracingConfiguration(Model):
    """Names the trace of this session in the traces dashboard."""

    workflow_name: str | Unset | None = UNSET
    """Name of the workflow in the Traces dashboard."""
    group_id: str | Unset | None = UNSET
    """Group id of the trace, for filtering in the Traces dashboard."""
    metadata: dict[str, Any] | Unset | None = UNSET
    """Arbitrary metadata attached to the trace."""


@attrs.frozen(kw_only=True, repr=False)
class ClientSecretExpiry(Model):
    """When an ephemeral client secret expires: `seconds` after `anchor`."""

    anchor: Literal["created_at"] | Unset | None = UNSET
    """What the expiry counts from; only `created_at`."""
    seconds: int | Unset | None = UNSET
    """Seconds after the anchor until the secret expires."""


@attrs.frozen(kw_only=True, repr=False)
class ClientSecretObject(Model):
    """An ephemeral key for browser clients (its `value` is never shown in the repr)."""

    value: str | Unset | None = UNSET
    """The ephemeral key (secret: hidden in reprs)."""
    expires_at: int | ClientSecretExpiry | Unset | None = UNSET
    """When the key expires, Unix seconds (some servers send an expiry object instead)."""
    expires_after: ClientSecretExpiry | Unset | None = UNSET
    """When the key expires, relative to its creation."""

    def __repr__(self) -> str:
        shown = "UNSET" if self.value is UNSET else "'***'"
        return f"ClientSecretObject(value={shown}, expires_at={self.expires_at!r})"


@attrs.frozen(kw_only=True, repr=False)
class SessionConfig(Model):
    """A beta conversation session: sent in `session.update`, received in `session.created/updated`.

    Every field is optional: an update changes only the fields it sets. `None` turns a feature
    off (`turn_detection=None` disables VAD, `input_audio_transcription=None` stops transcription).
    `tool_choice` is "auto", "none", "required" or a function name.
    """

    id: str | Unset | None = UNSET
    """Session id (set by the server)."""
    modalities: list[Modality] | Unset | None = attrs.field(default=UNSET, validator=string_list)
    """What the model answers with: `["text"]`, or `["audio", "text"]` for speech."""
    model: str | Unset | None = UNSET
    """The realtime model of the session."""
    instructions: str | Unset | None = UNSET
    """System instructions prepended to every model call (content, tone, behaviour)."""
    voice: Voice | Unset | None = UNSET
    """Voice of the spoken output; fixed once the model has produced audio in the session."""
    input_audio_format: AudioFormat | Unset | None = UNSET
    """Format of input audio: `pcm16` (24 kHz mono), `g711_ulaw` or `g711_alaw`."""
    output_audio_format: AudioFormat | Unset | None = UNSET
    """Format of output audio: `pcm16` (24 kHz mono), `g711_ulaw` or `g711_alaw`."""
    input_audio_transcription: InputAudioTranscription | Unset | None = UNSET
    """Transcription of input audio; off unless set, `None` turns it off."""
    turn_detection: TurnDetection | Unset | None = UNSET
    """Voice activity detection (server or semantic); `None` turns it off."""
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    """Noise reduction of input audio; `None` turns it off."""
    tools: list[FunctionTool] | Unset | None = UNSET
    """Functions the model may call."""
    tool_choice: str | Unset | None = UNSET
    """How the model picks tools: `auto`, `none`, `required`, or a function name."""
    temperature: float | Unset | None = UNSET
    """Sampling temperature, 0.6 to 1.2 (default 0.8)."""
    max_response_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit per response, tool calls included: 1 to 4096, or `inf`."""
    speed: float | Unset | None = UNSET
    """Speaking speed, 0.25 to 1.5 (default 1.0); changes only between turns."""
    tracing: Literal["auto"] | TracingConfiguration | Unset | None = UNSET
    """Session tracing: `auto`, settings, or `None` for off; cannot change once enabled."""
    object: str | Unset | None = UNSET
    """Object type tag (set by the server)."""
    expires_at: int | Unset | None = UNSET
    """When the session expires, Unix seconds (set by the server)."""
    client_secret: ClientSecretObject | Unset | None = UNSET
    """Ephemeral key of the session, when created over REST (set by the server)."""
    include: list[str] | Unset | None = UNSET
    """Extra data the server adds to its events (e.g. transcription logprobs)."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionSessionConfig(Model):
    """A beta transcription-only session (`transcription_session.update` / `.updated`)."""

    id: str | Unset | None = UNSET
    """Session id (set by the server)."""
    object: str | Unset | None = UNSET
    """Object type tag (set by the server)."""
    expires_at: int | Unset | None = UNSET
    """When the session expires, Unix seconds (set by the server)."""
    client_secret: ClientSecretObject | Unset | None = UNSET
    """Ephemeral key of the session, when created over REST (set by the server)."""
    modalities: list[Modality] | Unset | None = UNSET
    """What the model answers with: `["text"]`, or `["audio", "text"]` for speech."""
    input_audio_format: AudioFormat | Unset | None = UNSET
    """Format of input audio: `pcm16` (24 kHz mono), `g711_ulaw` or `g711_alaw`."""
    input_audio_transcription: InputAudioTranscription | Unset | None = UNSET
    """Transcription of input audio; off unless set, `None` turns it off."""
    turn_detection: TurnDetection | Unset | None = UNSET
    """Voice activity detection (server or semantic); `None` turns it off."""
    input_audio_noise_reduction: NoiseReduction | Unset | None = UNSET
    """Noise reduction of input audio; `None` turns it off."""
    include: list[str] | Unset | None = UNSET
    """Extra data the server adds to its events (e.g. transcription logprobs)."""


# --- content parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputTextContent(Model):
    """Text the user or system wrote."""

    type: Literal["input_text"] | Unset | None = "input_text"
    """Type tag, always `input_text`."""
    text: str | Unset | None = UNSET
    """The text."""


@attrs.frozen(kw_only=True, repr=False)
class ItemReferenceContent(Model):
    """A reference, by `id`, to an earlier item's content."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    """Type tag, always `item_reference`."""
    id: str | Unset | None = UNSET
    """Id of the item whose content is referred to."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class AudioContent(AudioPartBase):
    """Audio the assistant produced (base64) with its transcript."""

    type: Literal["audio"] | Unset | None = "audio"
    """Type tag, always `audio`."""


ContentPart = Union[  # noqa: UP007
    InputTextContent,
    InputAudioContent,
    ItemReferenceContent,
    TextContent,
    AudioContent,
]
"""Any content part of a message item, told apart by `type`."""


# --- items -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MessageItem(ItemBase):
    """A message in the conversation from the system, the user or the assistant."""

    type: Literal["message"] | Unset | None = "message"
    """Type tag, always `message`."""
    role: Literal["user", "assistant", "system"] | Unset | None = UNSET
    """Who sent the message: `system`, `user` or `assistant`."""
    content: list[ContentPart] | Unset | None = UNSET
    """The message's content parts."""

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


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class FunctionCallItem(ItemBase):
    """The model's call of a function; `arguments` is a JSON text."""

    type: Literal["function_call"] | Unset | None = "function_call"
    """Type tag, always `function_call`."""
    call_id: str | Unset | None = UNSET
    """Id of this call; its output item refers to it."""
    name: str | Unset | None = UNSET
    """Name of the function called."""
    arguments: str | Unset | None = UNSET
    """The call's arguments as JSON text, e.g. `{"city": "Paris"}`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class FunctionCallOutputItem(ItemBase):
    """The result of a function call, sent back for the call with the same `call_id`."""

    type: Literal["function_call_output"] | Unset | None = "function_call_output"
    """Type tag, always `function_call_output`."""
    call_id: str | Unset | None = UNSET
    """Id of the function call this output answers."""
    output: str | Unset | None = UNSET
    """The function's result, free text (may be empty)."""


@attrs.frozen(kw_only=True, repr=False)
class ItemReference(Model):
    """A reference, by `id`, to an existing item, usable in `response.create` input."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    """Type tag, always `item_reference`."""
    id: str | Unset | None = UNSET
    """Id of the conversation item referred to."""


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
class Response(ResponseBase):
    """A model response: its status, output items and token usage (`usage` set when done)."""

    output: list[ConversationItem] | Unset | None = UNSET
    """Items the response produced."""
    metadata: dict[str, Any] | Unset | None = UNSET
    """Up to 16 key-value pairs attached by the client."""
    usage: Usage | Unset | None = UNSET
    """Token usage of the response (what is billed)."""
    conversation_id: str | Unset | None = UNSET
    """Conversation the response was added to (unset for out-of-band responses)."""
    voice: Voice | Unset | None = UNSET
    """Voice the model spoke with."""
    modalities: list[Modality] | Unset | None = UNSET
    """Modalities the model answered with."""
    output_audio_format: AudioFormat | Unset | None = UNSET
    """Format of the output audio."""
    temperature: float | Unset | None = UNSET
    """Sampling temperature used."""
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit that applied to this response."""


@attrs.frozen(kw_only=True, repr=False)
class ResponseCreateParams(Model):
    """Overrides for one response (`response.create`); unset fields use the session's values.

    `conversation` is "auto" (add the output to the conversation), "none" (out-of-band), or a
    conversation id. `input` replaces the conversation as the model's context.
    """

    modalities: list[Modality] | Unset | None = attrs.field(default=UNSET, validator=string_list)
    """What the model answers with: `["text"]`, or `["audio", "text"]` for speech."""
    instructions: str | Unset | None = UNSET
    """Instructions for this response, replacing the session's."""
    voice: Voice | Unset | None = UNSET
    """Voice for this response (only before the session's first audio)."""
    output_audio_format: AudioFormat | Unset | None = UNSET
    """Format of the output audio."""
    tools: list[FunctionTool] | Unset | None = UNSET
    """Functions the model may call in this response."""
    tool_choice: str | Unset | None = UNSET
    """How the model picks tools: `auto`, `none`, `required`, or a function name."""
    temperature: float | Unset | None = UNSET
    """Sampling temperature, 0.6 to 1.2 (default 0.8)."""
    max_response_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """Output token limit, tool calls included: 1 to 4096, or `inf`."""
    max_output_tokens: int | Literal["inf"] | Unset | None = UNSET
    """The same limit under the name the later beta schema uses."""
    conversation: str | Unset | None = UNSET
    """Where the response goes: `auto` (default conversation), `none` (out of band) or an id."""
    metadata: dict[str, Any] | Unset | None = UNSET
    """Up to 16 key-value pairs, echoed in the response's events."""
    input: list[ResponseInputItem] | Unset | None = UNSET
    """Context for this response instead of the conversation (`[]` clears it)."""


# --- transcription -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionInputTokenDetails(Model):
    """Input tokens of a transcription, by modality."""

    text_tokens: int | Unset | None = UNSET
    """Text input tokens."""
    audio_tokens: int | Unset | None = UNSET
    """Audio input tokens."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageTokens(Model):
    """What a transcription cost, in tokens."""

    type: Literal["tokens"] | Unset | None = "tokens"
    """Type tag, always `tokens`."""
    input_tokens: int | Unset | None = UNSET
    """Input tokens billed."""
    output_tokens: int | Unset | None = UNSET
    """Output tokens generated."""
    total_tokens: int | Unset | None = UNSET
    """Input plus output tokens."""
    input_token_details: TranscriptionInputTokenDetails | Unset | None = UNSET
    """The input tokens by modality."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageDuration(Model):
    """What a transcription cost, in seconds of audio."""

    type: Literal["duration"] | Unset | None = "duration"
    """Type tag, always `duration`."""
    seconds: float | Unset | None = UNSET
    """Duration of the input audio, in seconds."""
