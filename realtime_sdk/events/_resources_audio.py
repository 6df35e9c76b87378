"""GA audio settings: audio formats, voice activity detection, and the session's input/output audio.

Part of the GA resources (`realtime_sdk.events._resources` gathers them). Field names are the wire names;
optional fields default to `UNSET` (omitted from the JSON).
"""

from __future__ import annotations

from typing import Literal, Union

import attrs

from .._types import UNSET, Unset
from ._base import Model

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
class ServerVADBase(Model):
    """The settings of turn detection by silence that GA and beta share (`ServerVAD` of each)."""

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


@attrs.frozen(kw_only=True, repr=False)
class ServerVAD(ServerVADBase):
    """Turn detection by the server from silence in the input audio."""

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
