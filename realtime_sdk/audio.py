"""Audio helpers for the Realtime API's wire format: PCM16, little-endian, mono, 24 kHz by default.

Everything here is pure Python with no required dependency beyond the SDK's own:

- **base64 and sizes**: `pcm16_to_base64`, `base64_to_pcm16`, `duration_ms`, `bytes_for_ms`,
  `chunk`.
- **real-time pacing**: `Pacer` and `pace` send audio no faster than it plays, on asyncio and trio.
- **WAV files**: `read_wav`, `read_wav_info`, `write_wav` (stdlib `wave`; any integer PCM width,
  channel count and rate is converted to PCM16 mono at the rate you ask for).
- **resampling**: `resample` and the streaming `Resampler`; they use
  [soxr](https://pypi.org/project/soxr/) when it is installed (`pip install realtime-sdk[soxr]`)
  and a pure-Python windowed-sinc filter otherwise.
- **G.711**: `ulaw_encode` / `ulaw_decode` (`audio/pcmu`) and `alaw_encode` / `alaw_decode`
  (`audio/pcma`), bit-exact with the ITU-T G.191 reference implementation of G.711.

```python
from realtime_sdk import audio

pcm = audio.read_wav("hello.wav")            # PCM16 mono 24 kHz, whatever the file holds
async for frame in audio.pace(pcm, ms=20):   # 20 ms frames, sent in real time
    text = audio.pcm16_to_base64(frame)      # the `audio` of an input_audio_buffer.append event
    ...
```
"""

from __future__ import annotations

import array
import base64
import contextlib
import functools
import importlib
import io
import math
import operator
import os
import struct
import sys
import wave
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from itertools import repeat
from typing import IO, Any, Literal, NamedTuple, TypeAlias

import anyio

from ._exceptions import AudioFormatError, ConfigurationError

__all__ = [
    "DEFAULT_RATE",
    "AudioFormatError",
    "BytesLike",
    "Pacer",
    "ResampleBackend",
    "Resampler",
    "WavInfo",
    "WavSource",
    "alaw_decode",
    "alaw_encode",
    "base64_to_pcm16",
    "bytes_for_ms",
    "chunk",
    "duration_ms",
    "pace",
    "pcm16_to_base64",
    "read_wav",
    "read_wav_info",
    "resample",
    "ulaw_decode",
    "ulaw_encode",
    "write_wav",
]

DEFAULT_RATE = 24000
"""The Realtime API's PCM16 sample rate (Hz)."""

BytesLike: TypeAlias = bytes | bytearray | memoryview
"""Any buffer of raw bytes the helpers accept."""

WavSource: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
"""A WAV file given as a path, its whole content, or a binary file object open for reading."""

ResampleBackend: TypeAlias = Literal["auto", "soxr", "python"]
"""`"soxr"` needs the soxr package; `"python"` is the built-in filter; `"auto"` prefers soxr."""

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
# real-time pacing
# --------------------------------------------------------------------------------------------


class Pacer:
    """Waits so that audio goes out at real-time speed, without drift.

    Every wait is scheduled against the absolute time of the first one (`anyio.current_time()`),
    so a late wake-up is made up on the next frame instead of adding up over a long stream.
    Works on asyncio and trio.

    ```python
    pacer = Pacer(24000)
    for frame in audio.chunk(pcm, 20):
        await pacer.wait_for_bytes(len(frame))   # returns at once for the first frame
        await send(frame)                        # your code that sends the frame
    ```

    Args:
        rate: sample rate of the PCM16 mono audio, for `wait_for_bytes`.
        lead_ms: how far ahead of real time the sender may run (a little lead keeps the server's
            buffer from running dry); 0 sends each frame exactly when the previous one has played.
    """

    def __init__(self, rate: int = DEFAULT_RATE, *, lead_ms: float = 0.0) -> None:
        _check_rate(rate)
        if not lead_ms >= 0 or math.isinf(lead_ms):
            raise ConfigurationError(f"lead_ms must be a finite number >= 0, got {lead_ms!r}")
        self.rate = rate
        self.lead_ms = float(lead_ms)
        self._start: float | None = None
        self._sent_ms = 0.0

    @property
    def sent_ms(self) -> float:
        """Milliseconds of audio accounted for since the start (or the last `reset`)."""
        return self._sent_ms

    def reset(self) -> None:
        """Start a new stream: the next wait returns at once and becomes the new time origin.

        Call it after a pause in the audio; otherwise the pacer catches up by sending the
        frames that follow the pause without waiting.
        """
        self._start = None
        self._sent_ms = 0.0

    async def wait_for(self, ms: float) -> None:
        """Sleep until the audio accounted so far has played, then account `ms` more.

        Always a checkpoint (cancellation is seen here), even when no sleep is needed.
        """
        if not ms >= 0 or math.isinf(ms):
            raise ConfigurationError(f"ms must be a finite number >= 0, got {ms!r}")
        now = anyio.current_time()
        if self._start is None:
            self._start = now
        deadline = self._start + (self._sent_ms - self.lead_ms) / 1000.0
        await anyio.sleep_until(deadline)
        self._sent_ms += ms

    async def wait_for_bytes(self, num_bytes: int) -> None:
        """`wait_for` the duration of `num_bytes` of PCM16 mono audio at this pacer's rate."""
        await self.wait_for(duration_ms(num_bytes, rate=self.rate))


def pace(
    frames_or_bytes: BytesLike | Iterable[bytes] | AsyncIterable[bytes],
    ms: float = 20,
    rate: int = DEFAULT_RATE,
    *,
    lead_ms: float = 0.0,
) -> AsyncIterator[bytes]:
    """Yield PCM16 mono frames no faster than they play: `async for frame in pace(pcm): ...`.

    `frames_or_bytes` is either one buffer, cut into `ms`-millisecond frames, or an iterable (sync
    or async) of frames, each paced by its own length. The first frame comes at once.

    Raises:
        AudioFormatError: the buffer, or a frame, has an odd length.
    """
    pacer = Pacer(rate, lead_ms=lead_ms)
    if isinstance(frames_or_bytes, (bytes, bytearray, memoryview)):
        return _Paced(chunk(frames_or_bytes, ms, rate=rate), pacer)
    return _Paced(frames_or_bytes, pacer)


class _Paced(AsyncIterator[bytes]):
    # A plain async iterator rather than an async generator: nothing is left to finalize when the
    # caller breaks out of its loop (which matters on trio).
    def __init__(self, frames: Iterable[bytes] | AsyncIterable[bytes], pacer: Pacer) -> None:
        self._sync: Iterator[bytes] | None = None
        self._async: AsyncIterator[bytes] | None = None
        if isinstance(frames, AsyncIterable):
            self._async = aiter(frames)
        else:
            self._sync = iter(frames)
        self._pacer = pacer

    async def __anext__(self) -> bytes:
        if self._async is not None:
            frame = await anext(self._async)
        else:
            assert self._sync is not None
            try:
                frame = next(self._sync)
            except StopIteration:
                raise StopAsyncIteration from None
        _check_pcm16(frame, "an audio frame")
        await self._pacer.wait_for_bytes(len(frame))
        return bytes(frame)


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


# --------------------------------------------------------------------------------------------
# WAV
# --------------------------------------------------------------------------------------------


class WavInfo(NamedTuple):
    """What a WAV file holds, as stored (before any conversion)."""

    rate: int
    """Frames per second (Hz)."""
    channels: int
    """Interleaved channels per frame."""
    sample_width: int
    """Bytes per sample: 1 (unsigned 8-bit), 2, 3 or 4 (signed little-endian)."""
    frames: int
    """Frames present in the file's data chunk."""


_WAVE_FORMAT_PCM = 0x0001
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE
# The SubFormat GUID of WAVE_FORMAT_EXTENSIBLE is a format tag followed by these 14 bytes
# (KSDATAFORMAT_SUBTYPE_* in the Microsoft multimedia registration).
_GUID_TAIL = bytes.fromhex("000000001000800000aa00389b71")
_FORMAT_NAMES = {
    0x0002: "Microsoft ADPCM",
    0x0003: "IEEE float",
    0x0006: "A-law",
    0x0007: "mu-law",
    0x0011: "IMA ADPCM",
    0x0031: "GSM 6.10",
    0x0050: "MPEG",
    0x0055: "MPEG layer 3",
}


class _Layout(NamedTuple):
    tag: int  # 1 for plain PCM, 0xFFFE for extensible PCM
    rate: int
    channels: int
    width: int
    data_offset: int
    data_size: int  # bytes of whole frames actually present


def _describe(tag: int) -> str:
    name = _FORMAT_NAMES.get(tag)
    return f"{name} (format tag {tag})" if name else f"format tag {tag:#06x}"


def _scan(f: IO[bytes], name: str) -> _Layout:
    """Walk the RIFF chunks to the `data` chunk, checking that the samples are integer PCM."""
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        kind = {b"RIFX": "big-endian RIFX", b"RF64": "RF64"}.get(head[:4])
        if kind and head[8:12] == b"WAVE":
            raise AudioFormatError(f"{name}: {kind} WAV files are not supported")
        raise AudioFormatError(f"{name}: not a WAV file (no RIFF/WAVE header)")
    fmt: tuple[int, int, int, int] | None = None
    while True:
        header = f.read(8)
        if len(header) < 8:
            raise AudioFormatError(f"{name}: WAV file has no data chunk")
        chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
        if chunk_id == b"fmt ":
            fmt = _parse_fmt(f.read(min(size, 1024)), name)
            skip = size - min(size, 1024)
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioFormatError(f"{name}: WAV data chunk comes before its fmt chunk")
            tag, rate, channels, width = fmt
            offset = f.tell()
            end = f.seek(0, io.SEEK_END)
            present = min(size, max(0, end - offset))
            present -= present % (channels * width)
            return _Layout(tag, rate, channels, width, offset, present)
        else:
            skip = size
        # RIFF chunks are padded to an even length.
        f.seek(skip + (size & 1), io.SEEK_CUR)


def _parse_fmt(body: bytes, name: str) -> tuple[int, int, int, int]:
    if len(body) < 16:
        raise AudioFormatError(f"{name}: WAV fmt chunk is truncated")
    tag, channels, rate, _byte_rate, _align, bits = struct.unpack_from("<HHIIHH", body)
    if tag == _WAVE_FORMAT_EXTENSIBLE:
        if len(body) < 40:
            raise AudioFormatError(f"{name}: WAV extensible fmt chunk is truncated")
        sub = body[24:40]
        subtag = struct.unpack_from("<H", sub)[0]
        if sub[2:] != _GUID_TAIL:
            raise AudioFormatError(f"{name}: WAV sub-format {sub.hex()} is not supported")
        if subtag != _WAVE_FORMAT_PCM:
            raise AudioFormatError(
                f"{name}: WAV samples are {_describe(subtag)} in a WAVE_FORMAT_EXTENSIBLE file;"
                " only integer PCM is supported"
            )
    elif tag != _WAVE_FORMAT_PCM:
        hint = ""
        if tag in (6, 7):
            hint = " (for raw G.711 bytes use ulaw_decode / alaw_decode)"
        raise AudioFormatError(
            f"{name}: WAV samples are {_describe(tag)}; only integer PCM is supported{hint}"
        )
    width = (bits + 7) // 8
    if not 1 <= width <= 4:
        raise AudioFormatError(f"{name}: WAV samples of {bits} bits are not supported (8 to 32)")
    if channels == 0 or rate == 0:
        raise AudioFormatError(f"{name}: WAV header gives {channels} channels at {rate} Hz")
    return tag, rate, channels, width


@contextlib.contextmanager
def _open_source(source: WavSource) -> Iterator[tuple[IO[bytes], str]]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield io.BytesIO(source), "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            f = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise AudioFormatError(f"{name}: cannot open: {exc.strerror or exc}") from exc
        with f:
            yield f, name
    else:
        name = str(getattr(source, "name", "<file>"))
        seekable = getattr(source, "seekable", None)
        if seekable is not None and seekable():
            yield source, name
        else:
            try:
                content = source.read()
            except OSError as exc:
                raise AudioFormatError(f"{name}: cannot read: {exc.strerror or exc}") from exc
            yield io.BytesIO(content), name


def _load(source: WavSource, *, with_data: bool) -> tuple[WavInfo, bytes]:
    with _open_source(source) as (f, name):
        try:
            start = f.tell()
            layout = _scan(f, name)
            frame = layout.channels * layout.width
            info = WavInfo(layout.rate, layout.channels, layout.width, layout.data_size // frame)
            if not with_data:
                return info, b""
            if layout.tag == _WAVE_FORMAT_PCM:
                data = _read_with_wave(f, start, name, info)
            else:
                # Python < 3.12's `wave` refuses WAVE_FORMAT_EXTENSIBLE: read the data chunk the
                # scan located (little-endian samples, as stored).
                f.seek(layout.data_offset)
                data = f.read(layout.data_size)
        except OSError as exc:
            raise AudioFormatError(f"{name}: cannot read: {exc.strerror or exc}") from exc
        return info, data[: len(data) - len(data) % frame]


def _read_with_wave(f: IO[bytes], start: int, name: str, info: WavInfo) -> bytes:
    f.seek(start)
    try:
        with wave.open(f, "rb") as w:
            data = w.readframes(info.frames)
    except (wave.Error, EOFError) as exc:
        raise AudioFormatError(f"{name}: invalid WAV file: {exc}") from exc
    if not _LITTLE_ENDIAN and info.sample_width > 1:
        data = _reverse_groups(data, info.sample_width)  # `wave` returns native byte order
    return data


def read_wav_info(source: WavSource) -> WavInfo:
    """Read a WAV file's header: `(rate, channels, sample_width, frames)` as stored.

    Raises:
        AudioFormatError: not a WAV file, not integer PCM, or unreadable (the message names it).
    """
    return _load(source, with_data=False)[0]


def read_wav(source: WavSource, *, rate: int | None = DEFAULT_RATE) -> bytes:
    """Read a WAV file as PCM16 mono at `rate` (24 kHz unless told; None keeps the file's rate).

    Converts any integer PCM width (unsigned 8-bit, 16, 24, 32-bit), averages the channels to mono
    and resamples with `resample`. Samples wider than 16 bits are truncated to their top 16 bits.

    Raises:
        AudioFormatError: not a WAV file, not integer PCM (IEEE float, mu-law, A-law, compressed),
            or unreadable; the message names the file and the problem.
    """
    if rate is not None:
        _check_rate(rate)
    info, data = _load(source, with_data=True)
    pcm = _to_mono(_to_pcm16(data, info.sample_width), info.channels)
    if rate is not None and rate != info.rate:
        pcm = resample(pcm, info.rate, rate)
    return pcm


def write_wav(
    dest: str | os.PathLike[str] | IO[bytes], pcm16: BytesLike, *, rate: int = DEFAULT_RATE
) -> None:
    """Write PCM16 mono audio as a 16-bit PCM WAV file (a path, or a binary file object).

    A file object is left open; it need not be seekable.

    Raises:
        AudioFormatError: `pcm16` has an odd length, or the file cannot be written.
    """
    _check_pcm16(pcm16)
    _check_rate(rate)
    data = bytes(pcm16)
    if not _LITTLE_ENDIAN:
        data = _reverse_groups(data, 2)  # `wave` expects native byte order
    try:
        if isinstance(dest, (str, os.PathLike)):
            name = os.fspath(dest)
            with open(name, "wb") as f:
                _write_wave(f, data, rate)
        else:
            name = str(getattr(dest, "name", "<file>"))
            _write_wave(dest, data, rate)
    except OSError as exc:
        raise AudioFormatError(f"{name}: cannot write: {exc.strerror or exc}") from exc


def _write_wave(f: IO[bytes], data: bytes, rate: int) -> None:
    # The file is opened by the caller: `wave` leaves a half-built writer behind (reported as an
    # unraisable exception) when it fails to open a path itself.
    with wave.open(f, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.setnframes(len(data) // 2)
        w.writeframes(data)


# --------------------------------------------------------------------------------------------
# resampling
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _soxr_modules() -> tuple[Any, Any] | None:
    try:
        soxr = importlib.import_module("soxr")
        numpy = importlib.import_module("numpy")
    except ImportError:
        return None
    return soxr, numpy


def _use_soxr(backend: ResampleBackend) -> tuple[Any, Any] | None:
    if backend == "python":
        return None
    if backend not in ("auto", "soxr"):
        raise ConfigurationError(f"backend must be 'auto', 'soxr' or 'python', got {backend!r}")
    mods = _soxr_modules()
    if mods is None and backend == "soxr":
        raise ConfigurationError(
            "the soxr backend needs the soxr package: pip install 'realtime-sdk[soxr]'"
        )
    return mods


def resample(
    pcm16: BytesLike, from_rate: int, to_rate: int, *, backend: ResampleBackend = "auto"
) -> bytes:
    """Convert PCM16 mono audio from one sample rate to another (for example 48000 -> 24000).

    The output has `round(n * to_rate / from_rate)` samples for `n` input samples.

    With soxr installed (`pip install 'realtime-sdk[soxr]'`) this uses its high-quality ("HQ")
    resampler. Without it, a pure-Python polyphase windowed-sinc filter (Kaiser window, 16 zero
    crossings a side) runs instead. Measured on tones, the fallback is flat within 0.1 dB up to 38 %
    of the lower of the two rates (9.1 kHz for 24 kHz audio), 6 dB down at 45 %, and rejects
    everything from 52 % up (what would alias or image) by at least 75 dB: fine for speech, but its
    passband is narrower than soxr's and it is 100 to 500 times slower (still 5 to 30 times faster
    than real time in CPython). `backend` forces one or the other.

    Raises:
        AudioFormatError: `pcm16` has an odd length.
        ConfigurationError: a rate is not a positive integer, or `backend="soxr"` without soxr.
    """
    _check_pcm16(pcm16)
    _check_rate(from_rate, "from_rate")
    _check_rate(to_rate, "to_rate")
    mods = _use_soxr(backend)
    if from_rate == to_rate:
        return bytes(pcm16)
    if not pcm16:
        return b""
    if mods is not None:
        soxr, np = mods
        samples = np.frombuffer(pcm16, dtype="<i2")
        out = soxr.resample(samples, from_rate, to_rate, quality="HQ")
        return bytes(out.astype("<i2", copy=False).tobytes())
    sinc = _SincResampler(from_rate, to_rate)
    return sinc.process(pcm16) + sinc.flush()


class Resampler:
    """Resample a PCM16 mono stream chunk by chunk, with no clicks at chunk boundaries.

    ```python
    resampler = Resampler(48000, 24000)
    async for mic_chunk in microphone:           # 48 kHz PCM16 mono chunks
        await send(resampler.process(mic_chunk))   # 24 kHz
    await send(resampler.flush())
    ```

    The filter needs a few samples of look-ahead, so each `process` returns slightly less than
    its share until `flush` releases the rest. After `flush` the resampler starts a new stream.
    Uses soxr when installed (see `resample` for the quality of each backend).
    """

    def __init__(self, from_rate: int, to_rate: int, *, backend: ResampleBackend = "auto") -> None:
        _check_rate(from_rate, "from_rate")
        _check_rate(to_rate, "to_rate")
        self.from_rate = from_rate
        self.to_rate = to_rate
        mods = _use_soxr(backend)
        self._np: Any = None
        self._stream: Any = None
        self._sinc: _SincResampler | None = None
        if from_rate == to_rate:
            pass
        elif mods is not None:
            soxr, self._np = mods
            self._stream = soxr.ResampleStream(from_rate, to_rate, 1, dtype="int16", quality="HQ")
        else:
            self._sinc = _SincResampler(from_rate, to_rate)

    @property
    def backend(self) -> Literal["soxr", "python", "none"]:
        """Which implementation runs: `"none"` when both rates are equal (audio passes through)."""
        if self._stream is not None:
            return "soxr"
        return "python" if self._sinc is not None else "none"

    def process(self, pcm16: BytesLike) -> bytes:
        """Feed one chunk and get the resampled audio that is ready.

        Raises:
            AudioFormatError: `pcm16` has an odd length.
        """
        _check_pcm16(pcm16)
        if self._stream is not None:
            samples = self._np.frombuffer(pcm16, dtype="<i2")
            out = self._stream.resample_chunk(samples, last=False)
            return bytes(out.astype("<i2", copy=False).tobytes())
        if self._sinc is not None:
            return self._sinc.process(pcm16)
        return bytes(pcm16)

    def flush(self) -> bytes:
        """End the stream: return the audio still held back, and start over."""
        if self._stream is not None:
            out = self._stream.resample_chunk(self._np.zeros(0, dtype="<i2"), last=True)
            self._stream.clear()
            return bytes(out.astype("<i2", copy=False).tobytes())
        if self._sinc is not None:
            return self._sinc.flush()
        return b""


# Filter design of the pure-Python resampler.
_ZERO_CROSSINGS = 16  # sinc lobes kept on each side of the centre tap
_KAISER_BETA = 8.0  # about 80 dB side lobes for the window
_CUTOFF = 0.9  # cut-off as a fraction of the lower rate's Nyquist frequency
_MAX_PHASES = 1024  # phases in the polyphase table; more are rounded to the nearest one
_MAX_RATIO = 200  # steepest downsampling ratio (its filter has about 36 * ratio taps)
_MAX_HALF_WIDTH = math.ceil(_ZERO_CROSSINGS * _MAX_RATIO / _CUTOFF)

_sumprod: Callable[[Iterable[float], Iterable[float]], float] | None = getattr(
    math, "sumprod", None
)


def _bessel_i0(x: float) -> float:
    """Modified Bessel function of the first kind, order 0 (power series), for the Kaiser window."""
    term = total = 1.0
    k = 1
    while term > total * 1e-17:
        term *= (x / (2 * k)) ** 2
        total += term
        k += 1
    return total


@functools.lru_cache(maxsize=16)
def _sinc_table(up: int, down: int) -> tuple[int, tuple[tuple[float, ...], ...]]:
    """(half, phases) of the windowed-sinc interpolator for a reduced ratio `up/down`."""
    scale = min(1.0, up / down)  # cut-off relative to the input's Nyquist frequency
    bandwidth = _CUTOFF * scale  # = 2 * cut-off in cycles per input sample
    half = math.ceil(_ZERO_CROSSINGS / bandwidth)
    if half > _MAX_HALF_WIDTH:
        raise ConfigurationError(
            f"resampling by {up}/{down} is too steep for the built-in resampler (at most"
            f" {_MAX_RATIO}:1 down); install soxr: pip install 'realtime-sdk[soxr]'"
        )
    count = up if up <= _MAX_PHASES else _MAX_PHASES
    norm = _bessel_i0(_KAISER_BETA)
    table = []
    for q in range(count):
        frac = q / count
        taps = []
        for k in range(2 * half):
            u = frac + half - 1 - k  # distance from the output instant to this input sample
            x = u / half
            if abs(x) >= 1.0:
                taps.append(0.0)
                continue
            arg = math.pi * bandwidth * u
            sinc = 1.0 if arg == 0 else math.sin(arg) / arg
            window = _bessel_i0(_KAISER_BETA * math.sqrt(1.0 - x * x)) / norm
            taps.append(sinc * window)
        gain = math.fsum(taps)  # unity DC gain in every phase
        table.append(tuple(t / gain for t in taps))
    return half, tuple(table)


class _SincResampler:
    """Pure-Python polyphase windowed-sinc resampler keeping its history between chunks.

    Output sample `n` is the band-limited interpolation of the input at time `n * from / to`
    (zero delay: the filter is centred, using `half` samples of look-ahead).
    """

    def __init__(self, from_rate: int, to_rate: int) -> None:
        g = math.gcd(from_rate, to_rate)
        self._up = to_rate // g
        self._down = from_rate // g
        self._half, self._table = _sinc_table(self._up, self._down)
        self._reset()

    def _reset(self) -> None:
        self._buf: list[float] = [0.0] * self._half  # silence before the stream starts
        self._base = -self._half  # input index of _buf[0]
        self._next = 0  # index of the next output sample
        self._consumed = 0  # input samples received

    def process(self, pcm16: BytesLike) -> bytes:
        samples = _samples(pcm16)
        self._buf.extend(map(float, samples))  # float * float is the fastest product
        self._consumed += len(samples)
        return self._run(None)

    def flush(self) -> bytes:
        up, down = self._up, self._down
        total = (2 * self._consumed * up + down) // (2 * down)  # round half up, like soxr
        self._buf.extend([0.0] * (self._half + 2))
        out = self._run(total)
        self._reset()
        return out

    def _run(self, total: int | None) -> bytes:
        up, down, half = self._up, self._down, self._half
        table = self._table
        count = len(table)
        exact = count == up
        width = 2 * half
        buf, base = self._buf, self._base
        # Output n reads inputs i - half + 1 .. i + half with i = n * down // up (one more when a
        # rounded phase rolls over): stop at the first n whose window passes the newest input.
        newest = base + len(buf) - 1 - (0 if exact else 1)
        stop = max(0, ((newest - half + 1) * up + down - 1) // down)
        if total is not None:
            stop = min(stop, total)
        first = base + half - 1  # buf index of input i is i - base; window starts at i - first
        dot = _sumprod if _sumprod is not None else _dot
        out: list[float] = []
        append = out.append
        for n in range(self._next, stop):
            i, p = divmod(n * down, up)
            if not exact:
                p = (2 * p * count + up) // (2 * up)
                if p == count:
                    i, p = i + 1, 0
            start = i - first
            append(dot(table[p], buf[start : start + width]))
        self._next = max(self._next, stop)
        # Drop the input no later output needs (one spare sample for phase rounding).
        keep_from = (self._next * down) // up - half
        if keep_from > base:
            del buf[: keep_from - base]
            self._base = keep_from
        return _floats_to_pcm16(out)


def _dot(a: Iterable[float], b: Iterable[float]) -> float:
    total: float = sum(map(operator.mul, a, b))
    return total


def _floats_to_pcm16(values: list[float]) -> bytes:
    """Round to the nearest integer and clip to the PCM16 range."""
    if values and (min(values) < -32768.0 or max(values) > 32767.0):
        values = [-32768.0 if v < -32768.0 else 32767.0 if v > 32767.0 else v for v in values]
    return _to_bytes(array.array("h", map(round, values)))


# --------------------------------------------------------------------------------------------
# G.711
# --------------------------------------------------------------------------------------------
# The segment (chord) quantizers of ITU-T G.711 tables 1a/2a, with the 16-bit input mapping of the
# ITU-T G.191 Software Tool Library: a negative sample is one's-complemented (~x) before taking its
# magnitude, which makes the quantizer symmetric around zero.


def _ulaw_code(magnitude: int) -> int:
    """mu-law code of a positive sample whose 14-bit magnitude is `magnitude` (0..8191)."""
    biased = min(magnitude + 33, 0x1FFF)  # G.711 mu-law bias of 33, clipped to 13 bits
    segment = biased.bit_length() - 6  # 0..7
    code = (segment << 4) | ((biased >> (segment + 1)) & 0x0F)
    # Code words are sent inverted, with the sign bit set for positive samples.
    return code ^ 0xFF


def _ulaw_value(code: int) -> int:
    inverted = ~code & 0xFF
    segment = (inverted >> 4) & 0x07
    magnitude = ((((inverted & 0x0F) << 3) + 0x84) << segment) - 0x84
    return -magnitude if inverted & 0x80 else magnitude


def _alaw_code(magnitude: int) -> int:
    """A-law code of a positive sample whose 12-bit magnitude is `magnitude` (0..2047)."""
    segment = max(0, magnitude.bit_length() - 4)  # 0..7
    mantissa = (magnitude >> max(0, segment - 1)) & 0x0F
    return ((segment << 4) | mantissa | 0x80) ^ 0x55  # even bits inverted on the line


def _alaw_value(code: int) -> int:
    bits = code ^ 0x55
    segment = (bits >> 4) & 0x07
    magnitude = ((bits & 0x0F) << 4) + 8
    if segment:
        magnitude = (magnitude + 0x100) << (segment - 1)
    return magnitude if bits & 0x80 else -magnitude


@functools.lru_cache(maxsize=2)
def _encode_table(law: str) -> bytes:
    """The code for every 16-bit sample, indexed by the sample's unsigned bit pattern."""
    # A positive sample s quantizes through its top bits: magnitude s >> shift. A negative one
    # goes through ~s, so sample -1 - s has the code of s with the sign bit (0x80) cleared.
    code, shift = (_ulaw_code, 2) if law == "ulaw" else (_alaw_code, 4)
    per_magnitude = bytes(code(m) for m in range(0x8000 >> shift))
    step = 1 << shift
    positive = bytearray(0x8000)  # samples 0 .. 32767
    for k in range(step):
        positive[k::step] = per_magnitude
    negative = positive[::-1].translate(_FLIP_SIGN)  # samples -32768 .. -1
    return bytes(positive + negative)


@functools.lru_cache(maxsize=2)
def _decode_tables(law: str) -> tuple[bytes, bytes]:
    """`bytes.translate` tables giving the low and the high byte of each code's sample."""
    value = _ulaw_value if law == "ulaw" else _alaw_value
    words = [value(c) & 0xFFFF for c in range(256)]
    return bytes(w & 0xFF for w in words), bytes(w >> 8 for w in words)


def _encode(pcm16: BytesLike, law: str) -> bytes:
    _check_pcm16(pcm16)
    table = _encode_table(law)
    words = array.array("H")
    words.frombytes(pcm16)
    if not _LITTLE_ENDIAN:
        words.byteswap()
    if len(words) < 2:
        return bytes(table[w] for w in words)
    return bytes(operator.itemgetter(*words)(table))


def _decode(codes: BytesLike, law: str) -> bytes:
    low, high = _decode_tables(law)
    data = bytes(codes)
    out = bytearray(2 * len(data))
    out[0::2] = data.translate(low)
    out[1::2] = data.translate(high)
    return bytes(out)


def ulaw_encode(pcm16: BytesLike) -> bytes:
    """Encode PCM16 audio as G.711 mu-law (`audio/pcmu`), one byte per sample.

    Raises:
        AudioFormatError: `pcm16` has an odd length.
    """
    return _encode(pcm16, "ulaw")


def ulaw_decode(ulaw: BytesLike) -> bytes:
    """Decode G.711 mu-law bytes (`audio/pcmu`) to PCM16 audio (two bytes per input byte)."""
    return _decode(ulaw, "ulaw")


def alaw_encode(pcm16: BytesLike) -> bytes:
    """Encode PCM16 audio as G.711 A-law (`audio/pcma`), one byte per sample.

    Raises:
        AudioFormatError: `pcm16` has an odd length.
    """
    return _encode(pcm16, "alaw")


def alaw_decode(alaw: BytesLike) -> bytes:
    """Decode G.711 A-law bytes (`audio/pcma`) to PCM16 audio (two bytes per input byte)."""
    return _decode(alaw, "alaw")
