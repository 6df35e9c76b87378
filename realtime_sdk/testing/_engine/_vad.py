"""Voice activity detection and turn detection settings (server VAD, semantic VAD)."""

from __future__ import annotations

import math
import sys
from array import array
from typing import Any

import attrs

from ..._types import UNSET
from ...events import _resources as ga_r
from ...events.beta import _resources as b_r
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


@attrs.define
class _Vad:
    """Voice activity detection state."""

    speaking: bool = False
    start_ms: float = 0.0
    silence_ms: float = 0.0
    item_id: str = ""
    pending: bytes = b""  # audio not yet analysed (less than one frame)


def _check_turn_detection(path: str, turn_detection: object) -> None:
    if isinstance(turn_detection, (ga_r.ServerVAD, b_r.ServerVAD)):
        _check_range(f"{path}.threshold", turn_detection.threshold, 0.0, 1.0)
        _check_int_range(f"{path}.prefix_padding_ms", turn_detection.prefix_padding_ms, 0, 10_000)
        _check_int_range(
            f"{path}.silence_duration_ms", turn_detection.silence_duration_ms, 0, 10_000
        )


def _fill_ga_turn_detection(td: object) -> Any:
    if isinstance(td, ga_r.ServerVAD):
        return ga_r.ServerVAD(
            threshold=0.5 if td.threshold is UNSET else td.threshold,
            prefix_padding_ms=300 if td.prefix_padding_ms is UNSET else td.prefix_padding_ms,
            silence_duration_ms=500 if td.silence_duration_ms is UNSET else td.silence_duration_ms,
            idle_timeout_ms=None if td.idle_timeout_ms is UNSET else td.idle_timeout_ms,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    if isinstance(td, ga_r.SemanticVAD):
        return ga_r.SemanticVAD(
            eagerness="auto" if td.eagerness is UNSET else td.eagerness,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    return td


def _fill_beta_turn_detection(td: object) -> Any:
    if isinstance(td, b_r.ServerVAD):
        return b_r.ServerVAD(
            threshold=0.5 if td.threshold is UNSET else td.threshold,
            prefix_padding_ms=300 if td.prefix_padding_ms is UNSET else td.prefix_padding_ms,
            silence_duration_ms=500 if td.silence_duration_ms is UNSET else td.silence_duration_ms,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    if isinstance(td, b_r.SemanticVAD):
        return b_r.SemanticVAD(
            eagerness="auto" if td.eagerness is UNSET else td.eagerness,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    return td
