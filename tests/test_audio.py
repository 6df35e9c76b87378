"""Tests for realtime_sdk.audio: PCM16 helpers, pacing, WAV, resampling and G.711."""

from __future__ import annotations

import io
import itertools
import math
import struct
import sys
import wave
from pathlib import Path

import anyio
import pytest

from realtime_sdk import audio
from realtime_sdk._exceptions import ConfigurationError, RealtimeError
from realtime_sdk.audio import AudioFormatError

# ---------------------------------------------------------------------------------------------
# helpers


def pcm(*samples: int) -> bytes:
    return struct.pack(f"<{len(samples)}h", *samples)


def unpack(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 2}h", data))


def sine(freq: float, rate: int, seconds: float, amplitude: float = 16000.0) -> bytes:
    count = round(rate * seconds)
    return pcm(*(round(amplitude * math.sin(2 * math.pi * freq * n / rate)) for n in range(count)))


def zero_crossings(data: bytes) -> int:
    samples = unpack(data)
    return sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))


def rms(samples: list[int]) -> float:
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def make_wav(frames: bytes, *, rate: int, channels: int, width: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(frames)
    return out.getvalue()


def riff(fmt_body: bytes, data: bytes, *, data_size: int | None = None) -> bytes:
    """A WAV file built by hand from a fmt chunk body and the data bytes."""
    size = len(data) if data_size is None else data_size
    chunks = (
        b"fmt "
        + struct.pack("<I", len(fmt_body))
        + fmt_body
        + b"data"
        + struct.pack("<I", size)
        + data
    )
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def fmt_chunk(tag: int, *, channels: int = 1, rate: int = 24000, bits: int = 16) -> bytes:
    align = channels * ((bits + 7) // 8)
    return struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)


def extensible_fmt(subtag: int, *, channels: int = 1, rate: int = 24000, bits: int = 16) -> bytes:
    guid = struct.pack("<H", subtag) + bytes.fromhex("000000001000800000aa00389b71")
    extra = struct.pack("<HHI", 22, bits, 0) + guid
    return fmt_chunk(0xFFFE, channels=channels, rate=rate, bits=bits) + extra


# ---------------------------------------------------------------------------------------------
# base64 and sizes


def test_base64_round_trip_and_known_value() -> None:
    data = pcm(1, 32767, -32768, 0)
    text = audio.pcm16_to_base64(data)
    assert text == "AQD/fwCAAAA="
    assert audio.base64_to_pcm16(text) == data
    assert audio.base64_to_pcm16(text.encode()) == data


def test_odd_length_pcm16_is_an_audio_format_error() -> None:
    with pytest.raises(AudioFormatError, match="odd length") as info:
        audio.pcm16_to_base64(b"\x00\x01\x02")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, RealtimeError)
    with pytest.raises(AudioFormatError, match="odd length"):
        audio.base64_to_pcm16("AQ==")  # one byte


@pytest.mark.parametrize("text", ["not base64!", "AQD", "é"])
def test_invalid_base64_is_an_audio_format_error(text: str) -> None:
    with pytest.raises(AudioFormatError, match="base64"):
        audio.base64_to_pcm16(text)


def test_duration_ms() -> None:
    assert audio.duration_ms(48000) == 1000.0
    assert audio.duration_ms(960) == 20.0
    assert audio.duration_ms(320, rate=8000) == 20.0
    assert audio.duration_ms(176400, rate=44100, channels=2) == 1000.0
    with pytest.raises(ConfigurationError):
        audio.duration_ms(10, rate=0)


def test_bytes_for_ms_gives_whole_frames() -> None:
    assert audio.bytes_for_ms(20) == 960
    assert audio.bytes_for_ms(10, rate=44100) == 882
    assert audio.bytes_for_ms(1000, rate=16000, channels=2) == 64000
    for rate in (8000, 11025, 22050, 24000, 44100):
        for ms in (0.1, 1, 2.5, 7, 10.3, 33.3):
            assert audio.bytes_for_ms(ms, rate=rate) % 2 == 0
    assert audio.bytes_for_ms(audio.duration_ms(1234)) == 1234
    with pytest.raises(ConfigurationError):
        audio.bytes_for_ms(-1)


def test_chunk_splits_with_short_last_chunk() -> None:
    data = bytes(range(256)) * 10  # 2560 bytes
    parts = list(audio.chunk(data, 20))
    assert [len(p) for p in parts] == [960, 960, 640]
    assert b"".join(parts) == data
    assert [len(p) for p in audio.chunk(data[:1600], 10, rate=16000)] == [320] * 5
    assert list(audio.chunk(b"")) == []


def test_chunk_rejects_odd_length_at_call_time() -> None:
    with pytest.raises(AudioFormatError):
        audio.chunk(b"\x00\x00\x00")  # not even iterated
    with pytest.raises(ConfigurationError, match="no whole sample"):
        audio.chunk(b"\x00\x00", 0.01)


# ---------------------------------------------------------------------------------------------
# pacing


@pytest.mark.anyio
async def test_pace_frames_in_order_at_real_time() -> None:
    frames = [bytes([i]) * 480 for i in range(10)]  # 10 frames of 10 ms at 24 kHz
    start = anyio.current_time()
    got = [frame async for frame in audio.pace(frames)]
    elapsed = anyio.current_time() - start
    assert got == frames
    # The 10th frame goes out when the first nine (90 ms) have played (1 ms for clock rounding).
    assert elapsed >= 0.089


@pytest.mark.anyio
async def test_pace_cuts_a_buffer_into_frames() -> None:
    data = sine(440, 24000, 0.1)  # 100 ms
    start = anyio.current_time()
    got = [frame async for frame in audio.pace(data, ms=20)]
    elapsed = anyio.current_time() - start
    assert [len(f) for f in got] == [960] * 5
    assert b"".join(got) == data
    assert elapsed >= 0.079


@pytest.mark.anyio
async def test_pace_accepts_async_iterables_and_checks_frames() -> None:
    async def source():
        for i in range(3):
            yield bytes([i]) * 320  # 10 ms at 16 kHz

    start = anyio.current_time()
    got = [frame async for frame in audio.pace(source(), rate=16000)]
    assert got == [bytes([i]) * 320 for i in range(3)]
    assert anyio.current_time() - start >= 0.019

    with pytest.raises(AudioFormatError):
        async for _ in audio.pace([b"\x00\x00", b"\x00"]):
            pass


class FakeClock:
    """Replaces anyio's clock for one test: every sleep wakes `late` seconds after its deadline."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, late: float) -> None:
        self.now = 100.0
        self.late = late
        self.deadlines: list[float] = []
        monkeypatch.setattr(anyio, "current_time", lambda: self.now)
        monkeypatch.setattr(anyio, "sleep_until", self.sleep_until)

    async def sleep_until(self, deadline: float) -> None:
        self.deadlines.append(deadline)
        self.now = max(self.now, deadline) + self.late


@pytest.mark.anyio
async def test_pacer_schedules_against_the_start_so_lateness_does_not_add_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock(monkeypatch, late=0.003)  # each wake-up 3 ms late
    pacer = audio.Pacer(24000)
    for _ in range(50):
        await pacer.wait_for(20)
    # Deadlines stay on the 20 ms grid of the first call; they would drift by 3 ms per frame
    # if each wait were relative to the previous wake-up.
    assert clock.deadlines == pytest.approx([100.0 + 0.02 * k for k in range(50)])
    assert pacer.sent_ms == 1000.0


@pytest.mark.anyio
async def test_pacer_lead_wait_for_bytes_and_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(monkeypatch, late=0.0)
    pacer = audio.Pacer(16000, lead_ms=30)
    for _ in range(6):
        await pacer.wait_for_bytes(320)  # 10 ms at 16 kHz
    # The first four frames may go out at once (30 ms lead), then one every 10 ms.
    assert clock.deadlines == pytest.approx([100.0 - 0.03 + 0.01 * k for k in range(6)])
    assert clock.now == pytest.approx(100.02)

    clock.now = 200.0
    clock.deadlines.clear()
    pacer.reset()
    assert pacer.sent_ms == 0.0
    await pacer.wait_for(10)
    assert clock.deadlines == pytest.approx([199.97])  # a fresh start: no catching up
    with pytest.raises(ConfigurationError):
        audio.Pacer(lead_ms=-1)


# ---------------------------------------------------------------------------------------------
# WAV


def test_write_then_read_wav(tmp_path: Path) -> None:
    data = sine(300, 16000, 0.05)
    path = tmp_path / "tone.wav"
    audio.write_wav(path, data, rate=16000)
    assert audio.read_wav_info(path) == (16000, 1, 2, len(data) // 2)
    assert audio.read_wav_info(str(path)).frames == len(data) // 2
    assert audio.read_wav(path, rate=None) == data
    assert audio.read_wav(path.read_bytes(), rate=16000) == data
    with path.open("rb") as f:
        assert audio.read_wav(f, rate=16000) == data

    buffer = io.BytesIO()
    audio.write_wav(buffer, data)  # 24 kHz by default
    assert buffer.closed is False
    assert audio.read_wav_info(buffer.getvalue()).rate == 24000


def test_write_wav_rejects_odd_pcm_and_unwritable_paths(tmp_path: Path) -> None:
    with pytest.raises(AudioFormatError):
        audio.write_wav(tmp_path / "x.wav", b"\x00")
    with pytest.raises(AudioFormatError, match="cannot write"):
        audio.write_wav(tmp_path / "missing-dir" / "x.wav", b"\x00\x00")


def test_read_8_bit_unsigned_wav() -> None:
    wav = make_wav(bytes([0, 128, 255, 64]), rate=24000, channels=1, width=1)
    assert audio.read_wav_info(wav) == (24000, 1, 1, 4)
    assert unpack(audio.read_wav(wav)) == [-32768, 0, 32512, -16384]


def test_read_24_and_32_bit_wav_keeps_the_top_16_bits() -> None:
    values24 = [0x123456, -0x123456, 0x7FFFFF, -0x800000, 0]
    frames24 = b"".join(v.to_bytes(3, "little", signed=True) for v in values24)
    wav24 = make_wav(frames24, rate=24000, channels=1, width=3)
    assert audio.read_wav_info(wav24).sample_width == 3
    assert unpack(audio.read_wav(wav24)) == [v >> 8 for v in values24]

    values32 = [0x12345678, -0x12345678, 2**31 - 1, -(2**31), 65535]
    frames32 = b"".join(v.to_bytes(4, "little", signed=True) for v in values32)
    wav32 = make_wav(frames32, rate=24000, channels=1, width=4)
    assert unpack(audio.read_wav(wav32)) == [v >> 16 for v in values32]


def test_read_stereo_and_multichannel_wav_averages_to_mono() -> None:
    stereo = make_wav(pcm(1000, 3000, -1, 0, 32767, 32767), rate=24000, channels=2, width=2)
    assert audio.read_wav_info(stereo) == (24000, 2, 2, 3)
    assert unpack(audio.read_wav(stereo)) == [2000, -1, 32767]

    three = make_wav(pcm(3, 6, 9, -300, 0, 0), rate=24000, channels=3, width=2)
    assert unpack(audio.read_wav(three)) == [6, -100]


def test_read_44k_stereo_wav_is_resampled_to_24k() -> None:
    tone = unpack(sine(1000, 44100, 0.5))
    frames = pcm(*(s for s in tone for _ in range(2)))  # same tone on both channels
    wav = make_wav(frames, rate=44100, channels=2, width=2)
    out = audio.read_wav(wav)
    assert len(out) // 2 == 12000
    assert zero_crossings(out) == pytest.approx(1000, abs=2)  # still 1 kHz
    assert audio.read_wav(wav, rate=44100) == pcm(*tone)


def test_not_a_wav_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is text and not audio at all")
    with pytest.raises(AudioFormatError, match=r"notes\.txt.*not a WAV file"):
        audio.read_wav(path)
    with pytest.raises(AudioFormatError, match="<bytes>: not a WAV file"):
        audio.read_wav_info(b"RIFF")
    with pytest.raises(AudioFormatError, match=r"missing\.wav: cannot open"):
        audio.read_wav(tmp_path / "missing.wav")


def test_float_wav_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "float.wav"
    path.write_bytes(riff(fmt_chunk(3, bits=32), struct.pack("<4f", 0.0, 0.5, -0.5, 1.0)))
    with pytest.raises(AudioFormatError, match=r"float\.wav.*IEEE float.*only integer PCM"):
        audio.read_wav(path)
    with pytest.raises(AudioFormatError, match="IEEE float"):
        audio.read_wav_info(path)


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        (fmt_chunk(7, bits=8), "mu-law"),
        (fmt_chunk(6, bits=8), "A-law"),
        (fmt_chunk(0x55), "MPEG layer 3"),
        (extensible_fmt(3, bits=32), "IEEE float.*WAVE_FORMAT_EXTENSIBLE"),
    ],
)
def test_non_pcm_wav_formats_are_rejected(fmt: bytes, problem: str) -> None:
    with pytest.raises(AudioFormatError, match=problem):
        audio.read_wav(riff(fmt, b"\x00" * 16))


def test_extensible_pcm_wav_is_read() -> None:
    values = [0x123456, -0x123456, 0x10, -0x10]  # two stereo frames
    data = b"".join(v.to_bytes(3, "little", signed=True) for v in values)
    wav = riff(extensible_fmt(1, channels=2, bits=24), data)
    assert audio.read_wav_info(wav) == (24000, 2, 3, 2)
    assert unpack(audio.read_wav(wav)) == [(0x1234 + -0x1235) // 2, (0 + -1) // 2]


def test_truncated_wav_returns_the_frames_present() -> None:
    wav = make_wav(pcm(1, 2, 3, 4), rate=24000, channels=1, width=2)
    cut = wav[:-3]  # half of the last sample gone
    assert audio.read_wav_info(cut).frames == 2
    assert unpack(audio.read_wav(cut)) == [1, 2]
    streamed = riff(fmt_chunk(1), pcm(5, 6), data_size=0xFFFFFFFF)  # unknown length
    assert unpack(audio.read_wav(streamed)) == [5, 6]


def test_read_wav_from_a_non_seekable_stream() -> None:
    wav = make_wav(pcm(7, -7), rate=24000, channels=1, width=2)

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    assert unpack(audio.read_wav(Pipe(wav))) == [7, -7]


# ---------------------------------------------------------------------------------------------
# resampling

RATE_PAIRS = [
    (24000, 8000),
    (24000, 16000),
    (24000, 44100),
    (24000, 48000),
    (8000, 24000),
    (16000, 24000),
    (44100, 24000),
    (48000, 24000),
]


@pytest.mark.parametrize(("src", "dst"), RATE_PAIRS)
def test_python_resampler_keeps_length_and_frequency(src: int, dst: int) -> None:
    tone = sine(1000, src, 0.5)
    out = audio.resample(tone, src, dst, backend="python")
    assert len(out) // 2 == round(len(tone) / 2 * dst / src)
    assert zero_crossings(out) == pytest.approx(1000, abs=2)
    samples = unpack(out)
    middle = samples[len(samples) // 4 : 3 * len(samples) // 4]
    assert rms(middle) == pytest.approx(16000 / math.sqrt(2), rel=0.01)  # 1 kHz is in the passband


@pytest.mark.parametrize(("src", "dst"), RATE_PAIRS)
def test_soxr_resampler_keeps_length_and_frequency(src: int, dst: int) -> None:
    pytest.importorskip("soxr")
    tone = sine(1000, src, 0.5)
    out = audio.resample(tone, src, dst, backend="soxr")
    assert len(out) // 2 == round(len(tone) / 2 * dst / src)
    assert zero_crossings(out) == pytest.approx(1000, abs=2)
    stream = audio.Resampler(src, dst, backend="soxr")
    assert stream.backend == "soxr"
    pieces = [stream.process(tone[i : i + 960]) for i in range(0, len(tone), 960)]
    assert len(b"".join(pieces) + stream.flush()) == len(out)


def test_python_resampler_filters_out_frequencies_above_the_new_nyquist() -> None:
    # 13 kHz cannot exist at 24 kHz; plain decimation would fold it to 11 kHz at full level.
    out = unpack(audio.resample(sine(13000, 48000, 0.2), 48000, 24000, backend="python"))
    assert rms(out[len(out) // 4 : 3 * len(out) // 4]) < 16000 * 0.001


def test_python_streaming_resampler_matches_one_shot() -> None:
    tone = sine(440, 44100, 0.2) + sine(3000, 44100, 0.1)
    for src, dst in [(44100, 24000), (24000, 44100), (48000, 24000), (24000, 23999)]:
        resampler = audio.Resampler(src, dst, backend="python")
        assert resampler.backend == "python"
        sizes = [2, 962, 30, 4000, 2, 1000]
        pieces, pos, k = [], 0, 0
        while pos < len(tone):
            size = sizes[k % len(sizes)]
            pieces.append(resampler.process(tone[pos : pos + size]))
            pos, k = pos + size, k + 1
        pieces.append(resampler.flush())
        assert b"".join(pieces) == audio.resample(tone, src, dst, backend="python")
        # After flush the resampler starts a new stream from silence.
        again = resampler.process(tone) + resampler.flush()
        assert again == audio.resample(tone, src, dst, backend="python")


def test_resample_edge_cases() -> None:
    data = pcm(1, 2, 3)
    assert audio.resample(data, 24000, 24000) == data
    assert audio.resample(b"", 24000, 16000) == b""
    passthrough = audio.Resampler(16000, 16000)
    assert passthrough.backend == "none"
    assert passthrough.process(data) == data
    assert passthrough.flush() == b""
    with pytest.raises(AudioFormatError):
        audio.resample(b"\x00", 24000, 16000)
    with pytest.raises(ConfigurationError, match="from_rate"):
        audio.resample(data, 0, 16000)
    with pytest.raises(ConfigurationError, match="backend"):
        audio.resample(data, 24000, 16000, backend="fast")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="too steep"):
        audio.resample(data, 1_000_000, 1000, backend="python")
    # Full-scale input does not wrap around at the overshoot of the filter.
    square = pcm(*([32767] * 20 + [-32768] * 20) * 10)
    out = unpack(audio.resample(square, 24000, 44100, backend="python"))
    assert max(out) == 32767
    assert min(out) == -32768


def test_without_soxr_auto_uses_the_python_resampler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio._resample, "_soxr_modules", lambda: None)
    tone = sine(1000, 24000, 0.1)
    assert audio.Resampler(24000, 16000).backend == "python"
    assert audio.resample(tone, 24000, 16000) == audio.resample(
        tone, 24000, 16000, backend="python"
    )
    with pytest.raises(ConfigurationError, match=r"realtime-sdk\[soxr\]"):
        audio.resample(tone, 24000, 16000, backend="soxr")


# ---------------------------------------------------------------------------------------------
# G.711: reference formulas of the ITU-T G.191 STL, written out independently in slow loops


def ref_ulaw_encode(lin: int) -> int:
    absno = ((~lin) >> 2) + 33 if lin < 0 else (lin >> 2) + 33
    absno = min(absno, 0x1FFF)
    i, segno = absno >> 6, 1
    while i:
        segno, i = segno + 1, i >> 1
    code = ((8 - segno) << 4) | (0x0F - ((absno >> segno) & 0x0F))
    return code | 0x80 if lin >= 0 else code


def ref_ulaw_decode(code: int) -> int:
    sign = -1 if code < 0x80 else 1
    mantissa = ~code
    exponent = (mantissa >> 4) & 0x07
    step = 4 << (exponent + 1)
    return sign * ((0x80 << exponent) + step * (mantissa & 0x0F) + step // 2 - 4 * 33)


def ref_alaw_encode(lin: int) -> int:
    ix = (~lin) >> 4 if lin < 0 else lin >> 4
    if ix > 15:
        iexp = 1
        while ix > 16 + 15:
            ix, iexp = ix >> 1, iexp + 1
        ix = ix - 16 + (iexp << 4)
    if lin >= 0:
        ix |= 0x80
    return ix ^ 0x55


def ref_alaw_decode(code: int) -> int:
    ix = (code ^ 0x55) & 0x7F
    iexp, mant = ix >> 4, ix & 0x0F
    if iexp > 0:
        mant += 16
    mant = (mant << 4) + 8
    if iexp > 1:
        mant <<= iexp - 1
    return mant if code > 127 else -mant


ALL_SAMPLES = pcm(*range(-32768, 32768))
ALL_CODES = bytes(range(256))


def test_g711_known_values() -> None:
    assert unpack(audio.ulaw_decode(b"\x00\x80\xff\x7f")) == [-32124, 32124, 0, 0]
    assert unpack(audio.alaw_decode(b"\xd5\x55\x2a\xaa")) == [8, -8, -32256, 32256]
    assert audio.ulaw_encode(pcm(0, 32767, -32768)) == b"\xff\x80\x00"
    assert audio.alaw_encode(pcm(0, 32767, -32768)) == b"\xd5\xaa\x2a"
    assert audio.ulaw_encode(b"") == b""
    assert audio.ulaw_decode(b"") == b""
    assert audio.alaw_encode(pcm(-1)) == b"\x55"


def test_ulaw_matches_the_reference_for_every_input() -> None:
    assert audio.ulaw_encode(ALL_SAMPLES) == bytes(map(ref_ulaw_encode, range(-32768, 32768)))
    assert unpack(audio.ulaw_decode(ALL_CODES)) == [ref_ulaw_decode(c) for c in range(256)]


def test_alaw_matches_the_reference_for_every_input() -> None:
    assert audio.alaw_encode(ALL_SAMPLES) == bytes(map(ref_alaw_encode, range(-32768, 32768)))
    assert unpack(audio.alaw_decode(ALL_CODES)) == [ref_alaw_decode(c) for c in range(256)]


def test_g711_round_trips() -> None:
    # Every A-law code survives decode -> encode; mu-law's "negative zero" 0x7F becomes 0xFF.
    assert audio.alaw_encode(audio.alaw_decode(ALL_CODES)) == ALL_CODES
    expected = bytearray(ALL_CODES)
    expected[0x7F] = 0xFF
    assert audio.ulaw_encode(audio.ulaw_decode(ALL_CODES)) == bytes(expected)
    # Speech-level audio comes back within the quantization step of its segment.
    tone = sine(440, 8000, 0.05, amplitude=8000)
    for encode, decode in [
        (audio.ulaw_encode, audio.ulaw_decode),
        (audio.alaw_encode, audio.alaw_decode),
    ]:
        back = unpack(decode(encode(tone)))
        assert len(back) == len(tone) // 2
        assert all(abs(a - b) <= 256 for a, b in zip(unpack(tone), back, strict=True))
    with pytest.raises(AudioFormatError):
        audio.ulaw_encode(b"\x00")


def test_public_names_are_exported() -> None:
    for name in audio.__all__:
        assert hasattr(audio, name), name
    assert sys.modules["realtime_sdk.audio"] is audio
