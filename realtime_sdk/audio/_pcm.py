"""PCM16 basics: base64, sizes, chunking, and the sample-level conversions the WAV reader and resampler share."""

from __future__ import annotations

import array
import base64
import math
import operator
import sys
from collections.abc import Iterator
from itertools import repeat
from typing import TypeAlias

from .._exceptions import AudioFormatError, ConfigurationError

DEFAULT_RATE = 24000
"""The Realtime API's PCM16 sample rate (Hz)."""

BytesLike: TypeAlias = bytes | bytearray | memoryview
"""Any buffer of raw bytes the helpers accept."""


_LITTLE_ENDIAN = sys.byteorder == "little"


# --------------------------------------------------------------------------------------------
# base64 and sizes
# --------------------------------------------------------------------------------------------


def _check_pcm16(data: BytesLike, what: str = "PCM16 audio") -> None:
    if len(data) % 2:
        raise AudioFormatError(
            f"{what} has an odd length ({len(data)} bytes); PCM16 samples are 2 bytes each"
        )


def _check_rate(rate: int, name: str = "rate") -> None:
    if not isinstance(rate, int) or isinstance(rate, bool) or rate <= 0:
        raise ConfigurationError(f"{name} must be a positive integer in Hz, got {rate!r}")


def pcm16_to_base64(data: BytesLike) -> str:
    """Encode PCM16 bytes as the base64 text that `input_audio_buffer.append` carries.

    Raises:
        AudioFormatError: `data` has an odd length.
    """
    _check_pcm16(data)
    return base64.b64encode(data).decode("ascii")


def base64_to_pcm16(text: str | bytes) -> bytes:
    """Decode base64 audio (the `delta` of a `response.output_audio.delta` event) into PCM16.

    Raises:
        AudioFormatError: `text` is not valid base64, or decodes to an odd number of bytes.
    """
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError as exc:  # binascii.Error, or non-ASCII text
        raise AudioFormatError(f"audio is not valid base64: {exc}") from exc
    _check_pcm16(data, "decoded base64 audio")
    return data


def duration_ms(
    num_bytes: int, *, rate: int = DEFAULT_RATE, channels: int = 1, sample_width: int = 2
) -> float:
    """How many milliseconds `num_bytes` of audio last (PCM16 mono 24 kHz unless told otherwise)."""
    _check_rate(rate)
    frame = _frame_size(channels, sample_width)
    if num_bytes < 0:
        raise ConfigurationError(f"num_bytes must not be negative, got {num_bytes}")
    return num_bytes * 1000.0 / (rate * frame)


def bytes_for_ms(
    ms: float, *, rate: int = DEFAULT_RATE, channels: int = 1, sample_width: int = 2
) -> int:
    """The byte count of `ms` milliseconds of audio, rounded to the nearest whole frame.

    With the default 2-byte samples the result is always even: 20 ms at 24 kHz is 960 bytes.
    """
    _check_rate(rate)
    frame = _frame_size(channels, sample_width)
    if not ms >= 0 or math.isinf(ms):
        raise ConfigurationError(f"ms must be a finite number >= 0, got {ms!r}")
    return round(ms * rate / 1000.0) * frame


def _frame_size(channels: int, sample_width: int) -> int:
    if channels <= 0 or sample_width <= 0:
        raise ConfigurationError(
            f"channels and sample_width must be positive, got {channels} and {sample_width}"
        )
    return channels * sample_width


def chunk(data: BytesLike, ms: float = 20, *, rate: int = DEFAULT_RATE) -> Iterator[bytes]:
    """Split PCM16 mono audio into frames of `ms` milliseconds; the last one may be shorter.

    Raises:
        AudioFormatError: `data` has an odd length.
        ConfigurationError: `ms` is shorter than one sample at `rate`.
    """
    _check_pcm16(data)
    size = bytes_for_ms(ms, rate=rate)
    if size <= 0:
        raise ConfigurationError(f"a {ms} ms chunk holds no whole sample at {rate} Hz")
    return _chunks(memoryview(data).cast("B"), size)


def _chunks(view: memoryview, size: int) -> Iterator[bytes]:
    for start in range(0, len(view), size):
        yield bytes(view[start : start + size])


# --------------------------------------------------------------------------------------------
# sample-level helpers
# --------------------------------------------------------------------------------------------


def _samples(data: BytesLike) -> array.array[int]:
    """Little-endian PCM16 bytes as a native array of ints."""
    out = array.array("h")
    out.frombytes(data)
    if not _LITTLE_ENDIAN:
        out.byteswap()
    return out


def _to_bytes(samples: array.array[int]) -> bytes:
    if not _LITTLE_ENDIAN:
        samples = array.array(samples.typecode, samples)
        samples.byteswap()
    return samples.tobytes()


def _reverse_groups(data: bytes, width: int) -> bytes:
    """Reverse the byte order inside every `width`-byte group."""
    out = bytearray(len(data))
    for k in range(width):
        out[k::width] = data[width - 1 - k :: width]
    return bytes(out)


_FLIP_SIGN = bytes(b ^ 0x80 for b in range(256))


def _to_pcm16(data: bytes, width: int) -> bytes:
    """Little-endian integer PCM of `width` bytes per sample as PCM16 (keeps the top 16 bits)."""
    if width == 2:
        return data
    count = len(data) // width
    out = bytearray(2 * count)
    if width == 1:
        # 8-bit WAV is unsigned with 128 as zero: flipping the top bit makes it signed, and it
        # becomes the high byte of the 16-bit sample.
        out[1::2] = data.translate(_FLIP_SIGN)
    else:
        out[0::2] = data[width - 2 :: width]
        out[1::2] = data[width - 1 :: width]
    return bytes(out)


def _to_mono(pcm16: bytes, channels: int) -> bytes:
    """Average interleaved PCM16 channels into one."""
    if channels == 1:
        return pcm16
    samples = _samples(pcm16)
    lanes = [samples[c::channels] for c in range(channels)]
    total: Iterator[int] = map(operator.add, lanes[0], lanes[1])
    for lane in lanes[2:]:
        total = map(operator.add, total, lane)
    mixed = map(operator.floordiv, total, repeat(channels))
    return _to_bytes(array.array("h", mixed))
