"""The per-event cost of the Session's receive path, stage by stage, without I/O.

A typical server stream (per turn: `response.created`, 50 audio deltas of 2,560 characters, 20 transcript
deltas, `response.output_audio.done`, `response.done`) is taken in by successively more of the stack:

  1. `orjson.loads` (the floor: parsing only),
  2. `decode_server_event` (parsing and typing),
  3. `SessionProtocol.receive_text` (plus the Sans-I/O bookkeeping),
  4. `Session._on_text` with the application's queue, then `get_nowait` (what the reader task runs for
     each message, and what `async for` takes out when an event is waiting).

Two scenarios: `plain` (nothing pending: no handle, no waiter) and `handle` (each response is bound
to a handle, as `session.create_response()` does, so every delta is fed to it).

Figures are microseconds per event, the median of interleaved rounds. To compare with another tree, run
the script with that tree's package first on PYTHONPATH, e.g.
`git archive main realtime_sdk | tar -x -C /tmp/hot_base && PYTHONPATH=/tmp/hot_base python
benchmarks/hot_path.py`. Run: `python benchmarks/hot_path.py` (`--quick` for a short run).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import orjson

import realtime_sdk
import realtime_sdk._session as session_module
from realtime_sdk._codec import decode_server_event
from realtime_sdk._protocol import TAG_KEY, SessionProtocol

AUDIO = "A" * 2560  # 2,560 characters of base64: 80 ms of 24 kHz PCM16 would be ~5,100


def _turn(n: int) -> tuple[str, list[bytes]]:
    tag = f"evt_{n}"
    resp, item = f"resp_{n}", f"item_{n}"
    out: list[dict[str, Any]] = [
        {
            "type": "response.created",
            "event_id": f"s{n}a",
            "response": {
                "id": resp,
                "object": "realtime.response",
                "status": "in_progress",
                "output": [],
                "metadata": {TAG_KEY: tag},
            },
        }
    ]
    common = {"response_id": resp, "item_id": item, "output_index": 0, "content_index": 0}
    for i in range(50):
        out.append(
            {
                "type": "response.output_audio.delta",
                "event_id": f"s{n}d{i}",
                "delta": AUDIO,
                **common,
            }
        )
        if i % 5 == 0 and i // 5 < 20:
            out.append(
                {
                    "type": "response.output_audio_transcript.delta",
                    "event_id": f"s{n}t{i}",
                    "delta": "hello there ",
                    **common,
                }
            )
    for i in range(10):
        out.append(
            {
                "type": "response.output_audio_transcript.delta",
                "event_id": f"s{n}u{i}",
                "delta": "and more ",
                **common,
            }
        )
    out.append({"type": "response.output_audio.done", "event_id": f"s{n}e", **common})
    out.append(
        {
            "type": "response.done",
            "event_id": f"s{n}z",
            "response": {
                "id": resp,
                "object": "realtime.response",
                "status": "completed",
                "output": [],
                "metadata": {TAG_KEY: tag},
                "usage": {"total_tokens": 10, "input_tokens": 4, "output_tokens": 6},
            },
        }
    )
    return tag, [orjson.dumps(e) for e in out]


_SESSION_CREATED = orjson.dumps(
    {
        "type": "session.created",
        "event_id": "s0",
        "session": {"type": "realtime", "id": "sess_1", "object": "realtime.session"},
    }
).decode()


class _Handle:
    """Stands in for a ResponseHandle: the protocol only hands it back."""

    def _bind(self, created: Any) -> None:
        pass

    def _feed(self, event: Any) -> None:
        pass

    def _finish(self, result: Any, error: Any) -> None:
        pass


def _turns(count: int) -> list[tuple[str, list[str]]]:
    return [(tag, [m.decode() for m in msgs]) for tag, msgs in (_turn(n) for n in range(count))]


def _run_loads(turns: list[tuple[str, list[str]]], handles: bool) -> int:
    loads, n = orjson.loads, 0
    for _tag, msgs in turns:
        for text in msgs:
            loads(text)
        n += len(msgs)
    return n


def _run_decode(turns: list[tuple[str, list[str]]], handles: bool) -> int:
    decode, n = decode_server_event, 0
    for _tag, msgs in turns:
        for text in msgs:
            decode(text)
        n += len(msgs)
    return n


def _protocol() -> SessionProtocol:
    protocol = SessionProtocol()
    protocol.enter()
    protocol.receive_text(_SESSION_CREATED)
    return protocol


def _run_protocol(turns: list[tuple[str, list[str]]], handles: bool) -> int:
    protocol, handle, n = _protocol(), _Handle(), 0
    # `receive` (the hot entry the Session uses) where the tree has it, else `receive_text`.
    receive = getattr(protocol, "receive", protocol.receive_text)
    for tag, msgs in turns:
        if handles:
            protocol.track_response(tag, handle)
        for text in msgs:
            receive(text)
        n += len(msgs)
    return n


def _session() -> Any:
    session = realtime_sdk.Session("gpt-realtime", api_key="sk-benchmark")
    session._events = session_module.BoundedQueue(256)
    session._recv_used = True  # the application reads the stream
    session._protocol.enter()
    session._on_text(_SESSION_CREATED)
    session._events.get_nowait()
    return session


def _run_session(turns: list[tuple[str, list[str]]], handles: bool) -> int:
    session, handle, n = _session(), _Handle(), 0
    on_text, events, protocol = session._on_text, session._events, session._protocol
    for tag, msgs in turns:
        if handles:
            protocol.track_response(tag, handle)
        for text in msgs:
            on_text(text)
            events.get_nowait()
        n += len(msgs)
    return n


STAGES: dict[str, Callable[[list[tuple[str, list[str]]], bool], int]] = {
    "orjson.loads": _run_loads,
    "decode_server_event": _run_decode,
    "SessionProtocol.receive": _run_protocol,
    "Session._on_text + queue": _run_session,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer turns and rounds")
    args = parser.parse_args()
    turns = _turns(20 if args.quick else 60)
    rounds = 5 if args.quick else 15
    print(f"realtime_sdk from {realtime_sdk.__file__}")
    print(f"python {sys.version.split()[0]}; {sum(len(m) for _, m in turns)} events per round")
    for scenario, handles in (("plain", False), ("handle", True)):
        samples: dict[str, list[float]] = {name: [] for name in STAGES}
        for _ in range(rounds):
            for name, run in STAGES.items():
                gc.collect()
                start = time.perf_counter()
                count = run(turns, handles)
                samples[name].append((time.perf_counter() - start) / count * 1e6)
        print(
            f"\n{scenario}: us per event (median of {rounds} rounds; increment over the stage above)"
        )
        previous = 0.0
        for name, values in samples.items():
            median = statistics.median(values)
            print(f"  {name:32s} {median:6.2f}  (+{median - previous:5.2f})")
            previous = median


if __name__ == "__main__":
    main()
