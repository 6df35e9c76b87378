"""Audio encodings of the fake server: PCM16 at 24 kHz and G.711 at 8 kHz."""

from __future__ import annotations

from typing import Literal

import attrs

from ... import audio as _audio
from ..._types import Unset
from ...events import _resources as ga_r

_G711 = {  # kind -> (decode to PCM16, encode from PCM16)
    "ulaw": (_audio.ulaw_decode, _audio.ulaw_encode),
    "alaw": (_audio.alaw_decode, _audio.alaw_encode),
}


@attrs.frozen
class _Format:
    """An audio encoding: PCM16 at 24 kHz or G.711 (mu-law / A-law) at 8 kHz."""

    kind: Literal["pcm16", "ulaw", "alaw"]

    @property
    def rate(self) -> int:
        return 24000 if self.kind == "pcm16" else 8000

    @property
    def width(self) -> int:
        return 2 if self.kind == "pcm16" else 1

    def ms(self, num_bytes: int) -> float:
        return num_bytes / self.width * 1000 / self.rate

    def nbytes(self, ms: float) -> int:
        return max(0, round(ms * self.rate / 1000)) * self.width

    def to_pcm16(self, data: bytes) -> bytes:
        codec = _G711.get(self.kind)
        return data if codec is None else codec[0](data)

    def from_pcm16(self, pcm: bytes) -> bytes:
        codec = _G711.get(self.kind)
        return pcm if codec is None else codec[1](pcm)


_PCM16 = _Format("pcm16")


def _ga_format(fmt: ga_r.AudioFormat | Unset | None) -> _Format:
    if isinstance(fmt, ga_r.PCMUAudioFormat):
        return _Format("ulaw")
    if isinstance(fmt, ga_r.PCMAAudioFormat):
        return _Format("alaw")
    return _PCM16


def _beta_format(fmt: str | Unset | None) -> _Format:
    if fmt == "g711_ulaw":
        return _Format("ulaw")
    if fmt == "g711_alaw":
        return _Format("alaw")
    return _PCM16
