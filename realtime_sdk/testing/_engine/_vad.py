"""Turn detection: its settings (checked and defaulted once for both dialects), and voice
activity detection, which finds where speech starts and stops in the input audio."""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterator
from typing import Any, Literal

import attrs

from ..._types import UNSET
from ...events import _resources as ga_r
from ...events.beta import _resources as b_r
from ._audio import _Format
from ._rules import _check_int_range, _check_range

_VAD_FRAME_MS = 10.0


def _rms(pcm: bytes) -> float:
    """Root mean square of PCM16 samples, as a fraction of full scale (0 to 1)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder != "little":
        samples.byteswap()
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768


def vad_level(threshold: float) -> float:
    """The RMS level (fraction of full scale) that `turn_detection.threshold` stands for.

    The threshold 0..1 maps linearly onto -60..0 dBFS: the default 0.5 is -30 dBFS (RMS 0.032),
    which normal speech exceeds and silence or faint noise does not.
    """
    return float(10 ** ((min(max(threshold, 0.0), 1.0) * 60 - 60) / 20))


# The server's defaults for the turn detection fields a `session.update` leaves unset (server
# VAD: threshold, prefix_padding_ms, silence_duration_ms, idle_timeout_ms; semantic VAD:
# eagerness; both: create_response, interrupt_response), as the API reference gives them.
_DEFAULTS: dict[str, Any] = {
    "threshold": 0.5,
    "prefix_padding_ms": 300,
    "silence_duration_ms": 500,
    "idle_timeout_ms": None,
    "eagerness": "auto",
    "create_response": True,
    "interrupt_response": True,
}
_SEMANTIC_SILENCE_MS = {"low": 1500, "high": 250}  # by eagerness; "auto" / "medium": 700
_TURN_DETECTION = (ga_r.ServerVAD, b_r.ServerVAD, ga_r.SemanticVAD, b_r.SemanticVAD)


def _check_turn_detection(path: str, turn_detection: object) -> None:
    if isinstance(turn_detection, (ga_r.ServerVAD, b_r.ServerVAD)):
        _check_range(f"{path}.threshold", turn_detection.threshold, 0.0, 1.0)
        _check_int_range(f"{path}.prefix_padding_ms", turn_detection.prefix_padding_ms, 0, 10_000)
        _check_int_range(
            f"{path}.silence_duration_ms", turn_detection.silence_duration_ms, 0, 10_000
        )


def _fill_turn_detection(td: object) -> Any:
    """`td` (either dialect's server or semantic VAD) with `_DEFAULTS` where a field is unset."""
    if not isinstance(td, _TURN_DETECTION):
        return td
    names = [f.name for f in attrs.fields(type(td)) if f.name in _DEFAULTS]
    return attrs.evolve(td, **{n: _DEFAULTS[n] for n in names if getattr(td, n) is UNSET})


def _idle_timeout_ms(td: object) -> int | None:
    """The server VAD's `idle_timeout_ms` (GA only; beta's server VAD has none), or None."""
    value = getattr(td, "idle_timeout_ms", None) if isinstance(td, ga_r.ServerVAD) else None
    return value if isinstance(value, int) else None


@attrs.frozen
class _Turns:
    """How turn detection judges the audio: a level, the padding and silence around speech."""

    level: float  # RMS level (fraction of full scale) that counts as speech
    prefix_ms: int
    silence_ms: int
    create_response: bool
    interrupt_response: bool

    @classmethod
    def of(cls, td: Any) -> _Turns:
        """From server VAD settings, or semantic VAD's, which the fake judges by silence too,
        longer or shorter per `eagerness`."""
        if isinstance(td, (ga_r.ServerVAD, b_r.ServerVAD)):
            threshold = td.threshold if isinstance(td.threshold, (int, float)) else None
            prefix = td.prefix_padding_ms if isinstance(td.prefix_padding_ms, int) else None
            silence = td.silence_duration_ms if isinstance(td.silence_duration_ms, int) else None
        else:
            threshold = prefix = None
            silence = _SEMANTIC_SILENCE_MS.get(getattr(td, "eagerness", "auto"), 700)
        return cls(
            level=vad_level(_DEFAULTS["threshold"] if threshold is None else threshold),
            prefix_ms=_DEFAULTS["prefix_padding_ms"] if prefix is None else prefix,
            silence_ms=_DEFAULTS["silence_duration_ms"] if silence is None else silence,
            create_response=td.create_response is not False,
            interrupt_response=td.interrupt_response is not False,
        )


@attrs.define
class _Vad:
    """Voice activity detection on RMS energy in 10 ms frames (server_vad semantics)."""

    speaking: bool = False
    start_ms: float = 0.0  # set by the engine when speech starts (with the prefix padding)
    silence_ms: float = 0.0
    item_id: str = ""  # the user item the speech becomes
    pending: bytes = b""  # audio not yet analysed (less than one frame)

    def feed(
        self, data: bytes, fmt: _Format, appended_ms: float, turns: _Turns
    ) -> Iterator[tuple[Literal["started", "stopped"], float]]:
        """Analyse `data` (ending at session audio time `appended_ms`); yield ("started", the
        frame's start) when speech starts, ("stopped", the end of the silence that ended it,
        as `audio_end_ms` counts it in the API reference) when it stops. Lazily: the engine
        acts on each boundary before the next frame is analysed."""
        frame = fmt.nbytes(_VAD_FRAME_MS)
        pending = self.pending + data
        analysed_ms = appended_ms - fmt.ms(len(pending))
        offset = 0
        while offset + frame <= len(pending):
            chunk = pending[offset : offset + frame]
            offset += frame
            frame_start = analysed_ms
            analysed_ms += _VAD_FRAME_MS
            speech = _rms(fmt.to_pcm16(chunk)) >= turns.level
            if not self.speaking:
                if speech:
                    self.speaking = True
                    self.silence_ms = 0.0
                    yield "started", frame_start
                continue
            self.silence_ms = 0.0 if speech else self.silence_ms + _VAD_FRAME_MS
            if self.silence_ms >= turns.silence_ms:
                self.speaking = False
                yield "stopped", analysed_ms
        self.pending = pending[offset:]
