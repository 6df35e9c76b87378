"""Typed models of Realtime translation sessions: audio in, translated audio and transcripts out.

Decode with `realtime_sdk._codec.decode_server_event(text, dialect="translation")`.
"""

from __future__ import annotations

import functools
from typing import Literal, Union

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._common import ErrorDetails

__all__ = [
    "CLIENT_EVENTS",
    "SERVER_EVENTS",
    "ClientEvent",
    "ErrorEvent",
    "ServerEvent",
    "SessionClose",
    "SessionClosed",
    "SessionCreated",
    "SessionInputAudioBufferAppend",
    "SessionInputTranscriptDelta",
    "SessionOutputAudioDelta",
    "SessionOutputTranscriptDelta",
    "SessionUpdate",
    "SessionUpdated",
    "TranslationAudio",
    "TranslationAudioInput",
    "TranslationAudioOutput",
    "TranslationNoiseReduction",
    "TranslationSession",
    "TranslationSessionConfig",
    "TranslationTranscription",
]


# --- resources ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class TranslationTranscription(Model):
    """Turns on source-language transcript deltas, made by `model`."""

    model: str
    language: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranslationNoiseReduction(Model):
    """Filters the input audio for a close (`near_field`) or distant (`far_field`) microphone."""

    type: Literal["near_field", "far_field"]


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudioInput(Model):
    """Input audio settings; `None` turns transcription or noise reduction off."""

    transcription: TranslationTranscription | Unset | None = UNSET
    noise_reduction: TranslationNoiseReduction | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudioOutput(Model):
    """Output settings: the target `language` (e.g. "es") of the translated audio and text."""

    language: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranslationAudio(Model):
    """The input and output audio settings of a translation session."""

    input: TranslationAudioInput | Unset | None = UNSET
    output: TranslationAudioOutput | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class TranslationSession(Model):
    """A translation session as the server reports it (`session.created` / `session.updated`)."""

    type: Literal["translation"] | Unset | None = "translation"
    id: str
    expires_at: int
    model: str
    audio: TranslationAudio


@attrs.frozen(kw_only=True, repr=False)
class TranslationSessionConfig(Model):
    """The settings a `session.update` may change (model and type are fixed at creation)."""

    audio: TranslationAudio | Unset | None = UNSET


# --- client events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdate(Model):
    """Changes the target language, source transcription or noise reduction."""

    type: Literal["session.update"] = "session.update"
    event_id: str | Unset | None = UNSET
    session: TranslationSessionConfig


@attrs.frozen(kw_only=True, repr=False)
class SessionInputAudioBufferAppend(Model):
    """Sends source audio: 24 kHz mono PCM16 (raw bytes or base64), ideally in 200 ms chunks."""

    type: Literal["session.input_audio_buffer.append"] = "session.input_audio_buffer.append"
    event_id: str | Unset | None = UNSET
    audio: str = attrs.field(converter=b64_if_bytes, metadata=AUDIO)

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio; decoded on first access only."""
        return decode_audio(self.audio, path="$.audio", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class SessionClose(Model):
    """Ends the session gracefully: pending audio is translated and sent before `session.closed`."""

    type: Literal["session.close"] = "session.close"
    event_id: str | Unset | None = UNSET


# --- server events -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class SessionCreated(Model):
    """The translation session exists; its initial configuration (first event)."""

    type: Literal["session.created"] = "session.created"
    event_id: str
    session: TranslationSession


@attrs.frozen(kw_only=True, repr=False)
class SessionUpdated(Model):
    """The translation session's configuration after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    event_id: str
    session: TranslationSession


@attrs.frozen(kw_only=True, repr=False)
class SessionClosed(Model):
    """The translation session is closed; no more events follow."""

    type: Literal["session.closed"] = "session.closed"
    event_id: str


@attrs.frozen(kw_only=True, repr=False)
class SessionInputTranscriptDelta(Model):
    """A piece of the source-language transcript (append as is: no spaces inserted)."""

    type: Literal["session.input_transcript.delta"] = "session.input_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionOutputTranscriptDelta(Model):
    """A piece of the translated transcript (append as is: no spaces inserted)."""

    type: Literal["session.output_transcript.delta"] = "session.output_transcript.delta"
    event_id: str
    delta: str
    elapsed_ms: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class SessionOutputAudioDelta(Model):
    """A chunk of translated audio of any length (base64; `audio_bytes` decodes it)."""

    type: Literal["session.output_audio.delta"] = "session.output_audio.delta"
    event_id: str
    delta: str = attrs.field(metadata=AUDIO)
    sample_rate: int | Unset | None = UNSET
    channels: int | Unset | None = UNSET
    format: Literal["pcm16"] | Unset | None = UNSET
    elapsed_ms: int | Unset | None = UNSET

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio chunk; decoded on first access only."""
        return decode_audio(self.delta, path="$.delta", event_type=self.type)


@attrs.frozen(kw_only=True, repr=False)
class ErrorEvent(Model):
    """Something went wrong; `error.event_id` names the client event that caused it."""

    type: Literal["error"] = "error"
    event_id: str
    error: ErrorDetails


CLIENT_EVENTS: tuple[type[Model], ...] = (
    SessionUpdate,
    SessionInputAudioBufferAppend,
    SessionClose,
)
"""The translation client event classes, in the protocol's documented order."""

SERVER_EVENTS: tuple[type[Model], ...] = (
    SessionCreated,
    SessionUpdated,
    SessionClosed,
    SessionInputTranscriptDelta,
    SessionOutputTranscriptDelta,
    SessionOutputAudioDelta,
    ErrorEvent,
)
"""The translation server event classes, in the protocol's documented order."""

ClientEvent = Union[  # noqa: UP007
    SessionUpdate,
    SessionInputAudioBufferAppend,
    SessionClose,
]
"""Any translation client event."""

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
