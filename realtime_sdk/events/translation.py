"""Typed models of Realtime translation sessions: audio in, translated audio and transcripts out.

Decode with `realtime_sdk._codec.decode_server_event(text, dialect="translation")`.
"""

from __future__ import annotations

import functools
from typing import Literal, Union, get_args

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._common import ErrorDetails as ErrorDetails  # the `error` member of `ErrorEvent`
from ._families import ClientEventBase, ServerEventBase, type_first
from ._server import ErrorEvent as ErrorEvent  # the GA `error` event, the same model

# --- resources ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TranslationTranscription(Model):
    """Turns on source-language transcript deltas, made by `model`."""

    model: str
    """Transcription model for the source-language transcript."""
    language: str | Unset | None = UNSET
    """Language of the input audio as an ISO-639-1 code (e.g. `en`)."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationNoiseReduction(Model):
    """Filters the input audio for a close (`near_field`) or distant (`far_field`) microphone."""

    type: Literal["near_field", "far_field"]
    """`near_field` for a close-talking mic (headset), `far_field` for a distant one."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudioInput(Model):
    """Input audio settings; `None` turns transcription or noise reduction off."""

    transcription: TranslationTranscription | Unset | None = UNSET
    """Source-language transcription; transcript deltas come only when set."""
    noise_reduction: TranslationNoiseReduction | Unset | None = UNSET
    """Noise reduction of input audio; `None` turns it off."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudioOutput(Model):
    """Output settings: the target `language` (e.g. "es") of the translated audio and text."""

    language: str | Unset | None = UNSET
    """Target language of the translation (e.g. `es`)."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudio(Model):
    """The input and output audio settings of a translation session."""

    input: TranslationAudioInput | Unset | None = UNSET
    """Settings of the audio to translate."""
    output: TranslationAudioOutput | Unset | None = UNSET
    """Settings of the translated output."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationSession(Model):
    """A translation session as the server reports it (`session.created` / `session.updated`)."""

    type: Literal["translation"] | Unset | None = "translation"
    """Session type, always `translation`."""
    id: str
    """Session id, like `sess_...`."""
    expires_at: int
    """When the session expires, Unix seconds."""
    model: str
    """The translation model; fixed at creation."""
    audio: TranslationAudio
    """Input and output audio settings."""


@attrs.frozen(kw_only=True, repr=False)
class TranslationSessionConfig(Model):
    """The settings a `session.update` may change (model and type are fixed at creation)."""

    audio: TranslationAudio | Unset | None = UNSET
    """Input and output audio settings to change."""


# --- client events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdate(ClientEventBase):
    """Changes the target language, source transcription or noise reduction."""

    type: Literal["session.update"] = "session.update"
    """Event type, always `session.update`."""
    session: TranslationSessionConfig
    """The settings to change; fields left unset keep their values."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionInputAudioBufferAppend(ClientEventBase):
    """Sends source audio: 24 kHz mono PCM16 (raw bytes or base64), ideally in 200 ms chunks."""

    type: Literal["session.input_audio_buffer.append"] = "session.input_audio_buffer.append"
    """Event type, always `session.input_audio_buffer.append`."""
    audio: str = attrs.field(converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio, PCM16 mono at 24 kHz (raw bytes are encoded for you)."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio; decoded on first access only."""
        return decode_audio(self.audio, path="$.audio", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionClose(ClientEventBase):
    """Ends the session gracefully: pending audio is translated and sent before `session.closed`."""

    type: Literal["session.close"] = "session.close"
    """Event type, always `session.close`."""


# --- server events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionCreated(ServerEventBase):
    """The translation session exists; its initial configuration (first event)."""

    type: Literal["session.created"] = "session.created"
    """Event type, always `session.created`."""
    session: TranslationSession
    """The session's initial settings."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdated(ServerEventBase):
    """The translation session's configuration after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    """Event type, always `session.updated`."""
    session: TranslationSession
    """The session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionClosed(ServerEventBase):
    """The translation session is closed; no more events follow."""

    type: Literal["session.closed"] = "session.closed"
    """Event type, always `session.closed`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionInputTranscriptDelta(ServerEventBase):
    """A piece of the source-language transcript (append as is: no spaces inserted)."""

    type: Literal["session.input_transcript.delta"] = "session.input_transcript.delta"
    """Event type, always `session.input_transcript.delta`."""
    delta: str
    """More source-language transcript text (append-only)."""
    elapsed_ms: int | Unset | None = UNSET
    """Alignment time in ms, in 200 ms steps; several deltas may share one (not an id)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionOutputTranscriptDelta(ServerEventBase):
    """A piece of the translated transcript (append as is: no spaces inserted)."""

    type: Literal["session.output_transcript.delta"] = "session.output_transcript.delta"
    """Event type, always `session.output_transcript.delta`."""
    delta: str
    """More transcript text of the translated audio (append-only)."""
    elapsed_ms: int | Unset | None = UNSET
    """Alignment time in ms, in 200 ms steps; several deltas may share one (not an id)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionOutputAudioDelta(ServerEventBase):
    """A chunk of translated audio of any length (base64; `audio_bytes` decodes it)."""

    type: Literal["session.output_audio.delta"] = "session.output_audio.delta"
    """Event type, always `session.output_audio.delta`."""
    delta: str = attrs.field(metadata=AUDIO)
    """The next piece of translated audio, base64."""
    sample_rate: int | Unset | None = UNSET
    """Sample rate of the audio, in Hz."""
    channels: int | Unset | None = UNSET
    """Number of audio channels."""
    format: Literal["pcm16"] | Unset | None = UNSET
    """Encoding of the audio, `pcm16`."""
    elapsed_ms: int | Unset | None = UNSET
    """Alignment time in ms (not an id)."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio chunk; decoded on first access only."""
        return decode_audio(self.delta, path="$.delta", event_type=self.type)


ClientEvent = Union[  # noqa: UP007
    SessionUpdate,
    SessionInputAudioBufferAppend,
    SessionClose,
]
"""Any translation client event."""

CLIENT_EVENTS: tuple[type[Model], ...] = get_args(ClientEvent)
"""The translation client event classes, in the protocol's documented order."""

ServerEvent = Union[  # noqa: UP007
    SessionCreated,
    SessionUpdated,
    SessionClosed,
    SessionInputTranscriptDelta,
    SessionOutputTranscriptDelta,
    SessionOutputAudioDelta,
    ErrorEvent,
]
"""Any translation server event."""

SERVER_EVENTS: tuple[type[Model], ...] = get_args(ServerEvent)
"""The translation server event classes, in the protocol's documented order."""

# The module exports its resources, its event classes (the one list of them is each union), the
# unions and the tuples.
__all__ = sorted(
    [
        "CLIENT_EVENTS",
        "SERVER_EVENTS",
        "ClientEvent",
        "ErrorDetails",
        "ServerEvent",
        "TranslationAudio",
        "TranslationAudioInput",
        "TranslationAudioOutput",
        "TranslationNoiseReduction",
        "TranslationSession",
        "TranslationSessionConfig",
        "TranslationTranscription",
        *(cls.__name__ for cls in (*CLIENT_EVENTS, *SERVER_EVENTS)),
    ]
)
