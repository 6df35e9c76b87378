"""The fake server's dialects and session defaults (what `session.created` shows).

The default sessions' turn detection is server VAD with the defaults a `session.update` gets
(`_vad._DEFAULTS`), but 200 ms of silence to end a turn.
"""

from __future__ import annotations

from typing import Literal

from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _resources as b_r
from ._vad import _fill_turn_detection

FakeDialect = Literal["ga", "beta"]
"""The protocol dialects the fake server speaks."""

DEFAULT_INSTRUCTIONS = "You are the realtime_sdk fake model. You answer briefly and predictably."
"""The session's instructions until a `session.update` changes them."""

_SESSION_TTL_S = 3600


def _ga_default_session(session_id: str, model: str | None, expires_at: int) -> Model:
    pcm = ga_r.PCMAudioFormat(rate=24000)
    return ga_r.SessionConfig(
        id=session_id,
        object="realtime.session",
        model=model or "gpt-realtime",
        output_modalities=["audio"],
        instructions=DEFAULT_INSTRUCTIONS,
        tools=[],
        tool_choice="auto",
        max_output_tokens="inf",
        tracing=None,
        prompt=None,
        expires_at=expires_at,
        audio=ga_r.SessionAudioConfig(
            input=ga_r.AudioInputConfig(
                format=pcm,
                transcription=None,
                noise_reduction=None,
                turn_detection=_fill_turn_detection(ga_r.ServerVAD(silence_duration_ms=200)),
            ),
            output=ga_r.AudioOutputConfig(format=pcm, voice="marin", speed=1.0),
        ),
        include=None,
    )


def _beta_default_session(session_id: str, model: str | None, expires_at: int) -> Model:
    return b_r.SessionConfig(
        id=session_id,
        object="realtime.session",
        expires_at=expires_at,
        model=model or "gpt-4o-realtime-preview",
        modalities=["text", "audio"],
        instructions=DEFAULT_INSTRUCTIONS,
        voice="alloy",
        input_audio_format="pcm16",
        output_audio_format="pcm16",
        input_audio_transcription=None,
        turn_detection=_fill_turn_detection(b_r.ServerVAD(silence_duration_ms=200)),
        input_audio_noise_reduction=None,
        tools=[],
        tool_choice="auto",
        temperature=0.8,
        max_response_output_tokens="inf",
        speed=1.0,
        tracing=None,
        include=None,
    )
