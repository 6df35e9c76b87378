"""WAV files: read any integer PCM width, channel count and rate as PCM16 mono; write PCM16 mono."""

from __future__ import annotations

import contextlib
import io
import os
import struct
import wave
from collections.abc import Iterator
from typing import IO, NamedTuple, TypeAlias

from .._exceptions import AudioFormatError
from ._pcm import (
    _LITTLE_ENDIAN,
    DEFAULT_RATE,
    BytesLike,
    _check_pcm16,
    _check_rate,
    _reverse_groups,
    _to_mono,
    _to_pcm16,
)
from ._resample import resample

WavSource: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
"""A WAV file given as a path, its whole content, or a binary file object open for reading."""


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
