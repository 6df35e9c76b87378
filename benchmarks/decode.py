"""Decode and encode throughput of realtime_sdk's codec, side by side with baselines, in one run.

Decoding: a realistic server stream mix (per simulated turn: 50 audio deltas of 20-100 ms of 24 kHz PCM16,
20 transcript deltas, 10 text deltas, one response.done with full usage; one session.updated every 5 turns)
decoded with
  1. bare `orjson.loads` (the floor: no typing at all),
  2. `realtime_sdk.decode_server_event`,
  3. openai-python's `parse_event` (construct_type_unchecked over its RealtimeServerEvent union).
The same mix with one wrong-kind value per event shows the cost of the lenient fallback (issue 9).
Encoding: `input_audio_buffer.append` from raw bytes, base64 + orjson.dumps versus realtime_sdk's two paths:
the typed one (`encode_client_event(InputAudioBufferAppend(audio=raw))`) and the one `Session.append_audio`
uses (`encode_audio_append`, no intermediate object).

Figures are ratios of the median of interleaved rounds, so that a noisy shared machine affects all
contenders alike. Run: `python benchmarks/decode.py` (add `--quick` for a short run).
"""

from __future__ import annotations

import base64
import json
import logging
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import orjson

import realtime_sdk
from realtime_sdk import events
from realtime_sdk._codec import encode_audio_append

RATE = 24000


def _ids(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789") for _ in range(21)
    )


def build_mix(turns: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    out: list[bytes] = []
    for turn in range(turns):
        resp, item = _ids(rng, "resp_"), _ids(rng, "item_")
        if turn % 5 == 0:
            out.append(orjson.dumps(session_updated(rng)))
        for i in range(50):
            ms = rng.randint(20, 100)
            pcm = rng.randbytes(RATE * 2 * ms // 1000)
            out.append(
                orjson.dumps(
                    {
                        "type": "response.output_audio.delta",
                        "event_id": _ids(rng, "event_"),
                        "response_id": resp,
                        "item_id": item,
                        "output_index": 0,
                        "content_index": 0,
                        "delta": base64.b64encode(pcm).decode(),
                    }
                )
            )
            if i % 5 == 0:
                out.append(orjson.dumps(text_delta(rng, "response.output_text.delta", resp, item)))
            if i % 5 in (1, 3):
                out.append(
                    orjson.dumps(
                        text_delta(rng, "response.output_audio_transcript.delta", resp, item)
                    )
                )
        out.append(orjson.dumps(response_done(rng, resp, item)))
    return out


def text_delta(rng: random.Random, kind: str, resp: str, item: str) -> dict[str, Any]:
    words = ["Sure", " thing", ",", " the", " weather", " in", " Paris", " is", " sunny", "."]
    return {
        "type": kind,
        "event_id": _ids(rng, "event_"),
        "response_id": resp,
        "item_id": item,
        "output_index": 0,
        "content_index": 0,
        "delta": rng.choice(words),
    }


def session_updated(rng: random.Random) -> dict[str, Any]:
    return {
        "type": "session.updated",
        "event_id": _ids(rng, "event_"),
        "session": {
            "type": "realtime",
            "object": "realtime.session",
            "id": _ids(rng, "sess_"),
            "model": "gpt-realtime",
            "output_modalities": ["audio"],
            "instructions": "You are a friendly assistant. Be brief and speak clearly.",
            "tools": [
                {
                    "type": "function",
                    "name": "get_weather",
                    "description": "Current weather for a city.",
                    "parameters": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                }
            ],
            "tool_choice": "auto",
            "max_output_tokens": "inf",
            "tracing": None,
            "prompt": None,
            "expires_at": 1756324625,
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "transcription": {"model": "whisper-1"},
                    "noise_reduction": None,
                    "turn_detection": {
                        "type": "server_vad",
                        "threshold": 0.5,
                        "prefix_padding_ms": 300,
                        "silence_duration_ms": 200,
                        "idle_timeout_ms": None,
                        "create_response": True,
                        "interrupt_response": True,
                    },
                },
                "output": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "voice": "marin",
                    "speed": 1.0,
                },
            },
            "include": None,
        },
    }


def response_done(rng: random.Random, resp: str, item: str) -> dict[str, Any]:
    return {
        "type": "response.done",
        "event_id": _ids(rng, "event_"),
        "response": {
            "object": "realtime.response",
            "id": resp,
            "status": "completed",
            "status_details": None,
            "output": [
                {
                    "id": item,
                    "type": "message",
                    "status": "completed",
                    "role": "assistant",
                    "content": [
                        {
                            "type": "output_audio",
                            "transcript": "Sure thing, the weather in Paris is sunny.",
                        }
                    ],
                }
            ],
            "conversation_id": _ids(rng, "conv_"),
            "output_modalities": ["audio"],
            "max_output_tokens": "inf",
            "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin"}},
            "usage": {
                "total_tokens": 253,
                "input_tokens": 132,
                "output_tokens": 121,
                "input_token_details": {
                    "text_tokens": 119,
                    "audio_tokens": 13,
                    "image_tokens": 0,
                    "cached_tokens": 64,
                    "cached_tokens_details": {
                        "text_tokens": 64,
                        "audio_tokens": 0,
                        "image_tokens": 0,
                    },
                },
                "output_token_details": {"text_tokens": 30, "audio_tokens": 91},
            },
            "metadata": None,
        },
    }


def openai_parser() -> Callable[[bytes], Any] | None:
    try:
        from openai._models import construct_type_unchecked
        from openai.types.realtime import RealtimeServerEvent
    except ImportError:
        return None

    def parse(data: bytes) -> Any:
        # Exactly what openai-python's RealtimeConnection.parse_event does.
        return construct_type_unchecked(value=json.loads(data), type_=RealtimeServerEvent)

    return parse


def timed(fn: Callable[[Any], Any], items: list[Any]) -> float:
    start = time.perf_counter_ns()
    for x in items:
        fn(x)
    return (time.perf_counter_ns() - start) / len(items) / 1000.0


def compare(
    contenders: dict[str, Callable[[Any], Any]], items: list[Any], rounds: int
) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            samples[name].append(timed(fn, items))
    return {name: statistics.median(s) for name, s in samples.items()}


def main() -> None:
    quick = "--quick" in sys.argv
    turns, rounds = (4, 5) if quick else (20, 15)
    mix = build_mix(turns)
    # Sanity: every message decodes to a known class.
    for m in mix:
        assert not isinstance(realtime_sdk.decode_server_event(m), events.UnknownEvent)
    contenders: dict[str, Callable[[Any], Any]] = {
        "orjson.loads": orjson.loads,
        "realtime_sdk.decode_server_event": realtime_sdk.decode_server_event,
    }
    parse = openai_parser()
    if parse is not None:
        contenders["openai-python parse_event"] = parse
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"mix: {len(mix)} events, {sum(map(len, mix)) / len(mix):.0f} bytes on average")
    result = compare(contenders, mix, rounds)
    base = result["orjson.loads"]
    ours = result["realtime_sdk.decode_server_event"]
    for name, us in result.items():
        print(f"  {name:36s} {us:8.2f} us/event  ({us / base:5.2f}x orjson.loads)")
    print(f"decode: realtime_sdk / orjson.loads = {ours / base:.2f}x (target <= 1.5x)")
    if parse is not None:
        theirs = result["openai-python parse_event"]
        print(f"decode: openai-python / realtime_sdk = {theirs / ours:.1f}x faster (target >= 10x)")

    # Per type, to see where the time goes.
    by_type: dict[str, list[bytes]] = {}
    for m in mix:
        by_type.setdefault(orjson.loads(m)["type"], []).append(m)
    print("per event type (realtime_sdk / orjson.loads):")
    for kind, items in by_type.items():
        r = compare(
            {"o": orjson.loads, "r": realtime_sdk.decode_server_event}, items, max(3, rounds // 3)
        )
        print(f"  {kind:40s} {r['r'] / r['o']:5.2f}x  ({r['o']:.2f} -> {r['r']:.2f} us)")

    # The lenient fallback (issue 9): what a drifting server costs. Each event of the mix with one
    # value of the wrong kind (`event_id` as a number) is refused by the fast path and decoded by
    # the careful walk, which keeps the value and reports it.
    logging.getLogger("realtime_sdk.decode").setLevel(logging.ERROR)  # one warning per kind
    drifted = [orjson.dumps({**orjson.loads(m), "event_id": 1}) for m in mix]
    assert realtime_sdk.decode_problems(realtime_sdk.decode_server_event(drifted[0]))
    lenient = compare({"d": realtime_sdk.decode_server_event}, drifted, max(3, rounds // 3))["d"]
    print(
        f"lenient fallback: one wrong-kind field per event {lenient:.2f} us/event "
        f"= {lenient / ours:.1f}x the valid mix (decoded, kept, reported)"
    )

    # Encoding input_audio_buffer.append from raw bytes.
    rng = random.Random(3)
    chunks = [rng.randbytes(RATE * 2 * rng.randint(20, 100) // 1000) for _ in range(500)]

    def baseline_encode(pcm: bytes) -> bytes:
        return orjson.dumps(
            {
                "type": "input_audio_buffer.append",
                "event_id": "evt_1",
                "audio": base64.b64encode(pcm).decode("ascii"),
            }
        )

    def sdk_encode(pcm: bytes) -> bytes:
        return realtime_sdk.encode_client_event(
            events.InputAudioBufferAppend(event_id="evt_1", audio=pcm)
        )

    def session_path(pcm: bytes) -> bytes:
        return encode_audio_append(pcm, "evt_1")

    assert orjson.loads(sdk_encode(chunks[0])) == orjson.loads(baseline_encode(chunks[0]))
    assert session_path(chunks[0]) == baseline_encode(chunks[0])
    enc = compare(
        {"base": baseline_encode, "typed": sdk_encode, "session": session_path}, chunks, rounds
    )
    print(f"encode append: base64+orjson.dumps {enc['base']:.2f} us/event")
    print(
        f"  Session.append_audio path (encode_audio_append) {enc['session']:.2f} us"
        f" = {enc['session'] / enc['base']:.2f}x (target <= 1.3x)"
    )
    print(
        f"  typed path (encode_client_event(InputAudioBufferAppend(...))) {enc['typed']:.2f} us"
        f" = {enc['typed'] / enc['base']:.2f}x"
    )


if __name__ == "__main__":
    main()
