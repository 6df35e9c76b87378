"""Benchmark realtime_sdk.audio on one second of 24 kHz speech.

- G.711 mu-law / A-law encode and decode: the table lookups of `realtime_sdk.audio` against a
  plain Python per-sample loop (the baseline, timed in the same run).
- Resampling: the pure-Python windowed-sinc fallback against soxr (when installed), plus how
  closely the two outputs agree.

Run with `.venv/bin/python benchmarks/audio.py` (takes a few seconds).
"""

from __future__ import annotations

import functools
import math
import struct
import time
from collections.abc import Callable
from pathlib import Path

from realtime_sdk import audio
from realtime_sdk._exceptions import ConfigurationError

RATE = audio.DEFAULT_RATE
HELLO = Path(__file__).resolve().parent.parent / "examples" / "hello.wav"


def one_second_of_speech() -> bytes:
    """The first second of examples/hello.wav, or a synthetic vowel-like signal without it."""
    if HELLO.exists():
        pcm = audio.read_wav(HELLO)
        return (pcm * (1 + 2 * RATE // max(len(pcm), 2)))[: 2 * RATE]  # repeated if short
    samples = (
        round(
            6000 * math.sin(2 * math.pi * 220 * n / RATE)
            + 3000 * math.sin(2 * math.pi * 700 * n / RATE)
            + 1500 * math.sin(2 * math.pi * 2500 * n / RATE)
        )
        for n in range(RATE)
    )
    return struct.pack(f"<{RATE}h", *samples)


def seconds_per_call(fn: Callable[[], object], budget: float = 0.4) -> float:
    """Best time of one call, repeating the call for about `budget` seconds (at least 3 times)."""
    best = math.inf
    spent = 0.0
    runs = 0
    while runs < 3 or spent < budget:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        runs += 1
    return best


# -- baseline: the G.711 segment algorithm applied sample by sample, no tables --------------------


def loop_ulaw_encode(pcm: bytes) -> bytes:
    out = bytearray()
    for (sample,) in struct.iter_unpack("<h", pcm):
        magnitude = min(((~sample if sample < 0 else sample) >> 2) + 33, 0x1FFF)
        segment = magnitude.bit_length() - 6
        code = (segment << 4) | ((magnitude >> (segment + 1)) & 0x0F)
        out.append(code ^ (0xFF if sample >= 0 else 0x7F))
    return bytes(out)


def loop_ulaw_decode(codes: bytes) -> bytes:
    out = bytearray()
    for code in codes:
        inverted = ~code & 0xFF
        segment = (inverted >> 4) & 0x07
        magnitude = ((((inverted & 0x0F) << 3) + 0x84) << segment) - 0x84
        out += struct.pack("<h", -magnitude if inverted & 0x80 else magnitude)
    return bytes(out)


def loop_alaw_encode(pcm: bytes) -> bytes:
    out = bytearray()
    for (sample,) in struct.iter_unpack("<h", pcm):
        magnitude = (~sample if sample < 0 else sample) >> 4
        segment = max(0, magnitude.bit_length() - 4)
        mantissa = (magnitude >> max(0, segment - 1)) & 0x0F
        out.append(((segment << 4) | mantissa | (0x80 if sample >= 0 else 0)) ^ 0x55)
    return bytes(out)


def loop_alaw_decode(codes: bytes) -> bytes:
    out = bytearray()
    for code in codes:
        bits = code ^ 0x55
        segment = (bits >> 4) & 0x07
        magnitude = ((bits & 0x0F) << 4) + 8
        if segment:
            magnitude = (magnitude + 0x100) << (segment - 1)
        out += struct.pack("<h", magnitude if bits & 0x80 else -magnitude)
    return bytes(out)


def bench_g711(pcm: bytes) -> None:
    print(f"G.711 on 1 s of {RATE} Hz PCM16 ({len(pcm) // 2} samples)")
    start = time.perf_counter()
    audio.ulaw_encode(b"\x00\x00")
    audio.alaw_encode(b"\x00\x00")
    audio.ulaw_decode(b"\x00")
    audio.alaw_decode(b"\x00")
    print(f"  tables built once (first call):  {(time.perf_counter() - start) * 1e3:6.1f} ms")
    ulaw, alaw = audio.ulaw_encode(pcm), audio.alaw_encode(pcm)
    cases: list[tuple[str, Callable[[], bytes], Callable[[], bytes]]] = [
        ("mu-law encode", lambda: audio.ulaw_encode(pcm), lambda: loop_ulaw_encode(pcm)),
        ("mu-law decode", lambda: audio.ulaw_decode(ulaw), lambda: loop_ulaw_decode(ulaw)),
        ("A-law encode", lambda: audio.alaw_encode(pcm), lambda: loop_alaw_encode(pcm)),
        ("A-law decode", lambda: audio.alaw_decode(alaw), lambda: loop_alaw_decode(alaw)),
    ]
    for name, table, loop in cases:
        if table() != loop():
            raise SystemExit(f"{name}: table lookup and per-sample loop disagree")
        t_table, t_loop = seconds_per_call(table), seconds_per_call(loop)
        print(
            f"  {name}:  per-sample loop {t_loop * 1e3:7.2f} ms, table lookup"
            f" {t_table * 1e3:6.3f} ms -> table lookup is {t_loop / t_table:.0f}x faster"
        )


def snr_db(reference: bytes, other: bytes) -> float:
    count = min(len(reference), len(other)) // 2
    a = struct.unpack(f"<{count}h", reference[: 2 * count])
    b = struct.unpack(f"<{count}h", other[: 2 * count])
    signal = sum(x * x for x in a)
    noise = sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return math.inf if noise == 0 else 10 * math.log10(signal / noise)


def bench_resample(pcm: bytes) -> None:
    try:
        audio.resample(b"\x00\x00" * 8, 24000, 16000, backend="soxr")
        have_soxr = True
    except ConfigurationError:
        have_soxr = False
    print()
    print("Resampling 1 s of audio" + ("" if have_soxr else " (soxr not installed)"))
    pairs = [(24000, 8000), (24000, 16000), (24000, 44100), (24000, 48000), (48000, 24000)]
    sources = {RATE: pcm}
    for src, dst in pairs:
        if src not in sources:
            sources[src] = audio.resample(pcm, RATE, src, backend="soxr" if have_soxr else "python")
        data = sources[src]
        audio.resample(data, src, dst, backend="python")  # build the filter table
        t_py = seconds_per_call(functools.partial(audio.resample, data, src, dst, backend="python"))
        line = f"  {src:>5} -> {dst:<5} python {t_py * 1e3:7.1f} ms ({1 / t_py:5.1f}x real time)"
        if have_soxr:
            t_sx = seconds_per_call(
                functools.partial(audio.resample, data, src, dst, backend="soxr")
            )
            agree = snr_db(
                audio.resample(data, src, dst, backend="soxr"),
                audio.resample(data, src, dst, backend="python"),
            )
            line += (
                f" | soxr {t_sx * 1e3:6.2f} ms -> soxr is {t_py / t_sx:.0f}x faster;"
                f" outputs agree to {agree:.0f} dB SNR"
            )
        print(line)


def main() -> None:
    pcm = one_second_of_speech()
    bench_g711(pcm)
    bench_resample(pcm)


if __name__ == "__main__":
    main()
