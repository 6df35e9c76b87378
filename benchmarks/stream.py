"""Receive throughput: `async for event in Session` against a bare websockets loop, in one run.

A loopback server in a child process pushes one `session.created`, N `response.output_audio.delta`
events (40 ms of 24 kHz PCM16 each: 1,920 bytes, 2,560 base64 characters, GA shape with event_id,
response_id, item_id, output_index, content_index) and a final `response.done` marker. Three clients
read the whole stream, each timed from before connecting to the marker:

  a. bare: `websockets.asyncio.client.connect` + `orjson.loads` on each message (asyncio),
  b. `async for event in realtime_sdk.Session(...)` on asyncio,
  c. the same Session on trio,
  d. openai-python's realtime client (`AsyncOpenAI().realtime.connect()`, `async for event in
     connection`: websockets' asyncio client and pydantic models; asyncio only),
  e. the Session with `reconnect=True` on asyncio (events pass through the ResumableTransport,
     and the Conversation reducer that the restore needs is on),

each with permessage-deflate and without it (openai-python leaves it off unless asked: here it is
asked for through `websocket_connection_options`, so that every client decompresses alike). Runs are interleaved
(a, b, c, a, b, c, ...) and the median of the rounds is reported, so that a noisy machine affects all
contenders alike. Keepalive pings are off in both clients (a run is shorter than the ping interval).

The server does no work per message: at start-up it builds every frame once, compressed with the
parameters it will negotiate (RFC 7692: server_max_window_bits=12, client_max_window_bits=12, context
takeover, memLevel 5, like websockets' own server), and then only writes those bytes. So the figures
measure the client, not the server, and each process has a core of its own on a machine with two.

Run: `python benchmarks/stream.py` (100,000 events, 3 rounds: about 4 minutes, most of it in the
Session runs), `--quick` (20,000 events: under a minute), `--events N`, `--rounds N`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import importlib.metadata
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import anyio
import orjson
import websockets.asyncio.client
from websockets.client import ClientProtocol
from websockets.extensions.permessage_deflate import (
    ClientPerMessageDeflateFactory,
    ServerPerMessageDeflateFactory,
)
from websockets.http11 import Request
from websockets.protocol import SEND_EOF, State
from websockets.server import ServerProtocol
from websockets.uri import parse_uri

import realtime_sdk
from realtime_sdk import audio

RATE = 24000
FRAME_MS = 40
MARKER = "response.done"
MAX_SIZE = 16 * 2**20
PIECE_SIZE = 256 * 1024  # bytes the server writes at a time, cut at frame boundaries
HELLO = Path(__file__).resolve().parent.parent / "examples" / "hello.wav"


# --- the stream -----------------------------------------------------------------------------------


def speech_frames() -> list[bytes]:
    """40 ms frames of examples/hello.wav (realistic entropy for deflate), or noise without it."""
    size = RATE * 2 * FRAME_MS // 1000
    if HELLO.exists():
        frames = [f for f in audio.chunk(audio.read_wav(HELLO), FRAME_MS) if len(f) == size]
        if frames:
            return frames
    rng = random.Random(5)
    return [rng.randbytes(size) for _ in range(64)]


def session_created() -> dict[str, object]:
    return {
        "type": "session.created",
        "event_id": "event_C0sessioncreated0001",
        "session": {
            "type": "realtime",
            "object": "realtime.session",
            "id": "sess_C0benchmark000000001",
            "model": "gpt-realtime",
            "output_modalities": ["audio"],
            "instructions": "Be brief.",
            "tools": [],
            "tool_choice": "auto",
            "max_output_tokens": "inf",
            "tracing": None,
            "prompt": None,
            "expires_at": 1756324625,
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": RATE},
                    "transcription": None,
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
                    "format": {"type": "audio/pcm", "rate": RATE},
                    "voice": "marin",
                    "speed": 1.0,
                },
            },
            "include": None,
        },
    }


def build_messages(events: int) -> list[bytes]:
    """session.created, `events` audio deltas (turns of 250 deltas = 10 s), then the marker."""
    deltas = [base64.b64encode(f).decode("ascii") for f in speech_frames()]
    out = [orjson.dumps(session_created())]
    response_id = item_id = ""
    for i in range(events):
        if i % 250 == 0:
            response_id, item_id = f"resp_C0bench{i:013d}", f"item_C0bench{i:013d}"
        out.append(
            orjson.dumps(
                {
                    "type": "response.output_audio.delta",
                    "event_id": f"event_C0bench{i:014d}",
                    "response_id": response_id,
                    "item_id": item_id,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": deltas[i % len(deltas)],
                }
            )
        )
    out.append(
        orjson.dumps(
            {
                "type": MARKER,
                "event_id": "event_C0benchdone00000000",
                "response": {
                    "object": "realtime.response",
                    "id": response_id,
                    "status": "completed",
                    "status_details": None,
                    "output": [],
                    "conversation_id": "conv_C0bench",
                    "output_modalities": ["audio"],
                    "max_output_tokens": "inf",
                    "audio": {"output": {"format": {"type": "audio/pcm", "rate": RATE}}},
                    "usage": {"total_tokens": 0, "input_tokens": 0, "output_tokens": 0},
                    "metadata": None,
                },
            }
        )
    )
    return out


# --- the server (child process) --------------------------------------------------------------------


def server_extensions() -> list[ServerPerMessageDeflateFactory]:
    return [
        ServerPerMessageDeflateFactory(
            server_max_window_bits=12,
            client_max_window_bits=12,
            compress_settings={"memLevel": 5},
        )
    ]


def client_offer(compression: bool) -> bytes:
    """The upgrade request both clients send (same permessage-deflate offer as theirs)."""
    extensions = (
        [ClientPerMessageDeflateFactory(compress_settings={"memLevel": 5})] if compression else None
    )
    client = ClientProtocol(parse_uri("ws://127.0.0.1/"), extensions=extensions)
    client.send_request(client.connect())
    return b"".join(client.data_to_send())


def prebuilt_stream(messages: list[bytes], compression: bool) -> tuple[str, list[bytes]]:
    """Frames of every message, as negotiated for `compression`: (extensions' repr, pieces)."""
    template = ServerProtocol(extensions=server_extensions(), max_size=MAX_SIZE)
    template.receive_data(client_offer(compression))
    request = template.events_received()[0]
    assert isinstance(request, Request)
    template.send_response(template.accept(request))
    template.data_to_send()
    pieces: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for message in messages:
        template.send_text(message)
        for data in template.data_to_send():
            current.append(data)
            size += len(data)
        if size >= PIECE_SIZE:
            pieces.append(b"".join(current))
            current, size = [], 0
    if current:
        pieces.append(b"".join(current))
    return repr(template.extensions), pieces


class StreamServer:
    """Answers each connection's upgrade, writes the prebuilt frames, then does the closing handshake."""

    def __init__(self, messages: list[bytes]) -> None:
        self.streams = dict(prebuilt_stream(messages, c) for c in (False, True))

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        protocol = ServerProtocol(extensions=server_extensions(), max_size=MAX_SIZE)
        while not (events := protocol.events_received()):
            data = await reader.read(65536)
            if not data:
                return
            protocol.receive_data(data)
        request = events[0]
        if not isinstance(request, Request):
            return
        response = protocol.accept(request)
        protocol.send_response(response)
        writer.write(b"".join(protocol.data_to_send()))
        pieces = self.streams.get(repr(protocol.extensions))
        if response.status_code != 101 or pieces is None:
            return
        # Control frames (the close echo) the protocol produces while the stream is being written
        # wait for a frame boundary: they must not land inside a prebuilt frame.
        pending: list[bytes] = []
        streaming = True

        def write(chunks: list[bytes]) -> None:
            for chunk in chunks:
                if chunk == SEND_EOF:
                    writer.write_eof()
                else:
                    writer.write(chunk)

        async def read_client() -> None:
            while protocol.state is not State.CLOSED:
                data = await reader.read(65536)
                if data:
                    protocol.receive_data(data)
                else:
                    protocol.receive_eof()
                protocol.events_received()
                out = protocol.data_to_send()
                if streaming:
                    pending.extend(out)
                else:
                    write(out)
                if not data:
                    return

        client_reader = asyncio.create_task(read_client())
        for piece in pieces:
            if protocol.state is not State.OPEN:
                break  # the client closed: stop streaming
            writer.write(piece)
            await writer.drain()
            if pending:
                write(pending)
                pending.clear()
        streaming = False
        write(pending)
        try:
            await asyncio.wait_for(client_reader, 60)
        except asyncio.TimeoutError:
            client_reader.cancel()


def serve(events: int) -> None:
    """Child process: build the stream, print the port, serve until stdin closes."""

    def exit_when_parent_leaves() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_parent_leaves, daemon=True).start()

    async def main() -> None:
        server = StreamServer(build_messages(events))
        listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
        port = listener.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        async with listener:
            await listener.serve_forever()

    asyncio.run(main())


@contextlib.contextmanager
def server_process(events: int) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--events", str(events)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the server did not start: {line!r}")
        yield f"ws://127.0.0.1:{int(line.split()[1])}"
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the server exits when its stdin closes
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the clients -----------------------------------------------------------------------------------


async def bare_client(url: str, compression: bool) -> tuple[int, float]:
    """websockets' asyncio client and orjson.loads: (audio deltas, seconds to the marker)."""
    start = time.perf_counter()
    count = 0
    async with websockets.asyncio.client.connect(
        url,
        compression="deflate" if compression else None,
        ping_interval=None,
        max_size=MAX_SIZE,
    ) as ws:
        async for message in ws:
            event = orjson.loads(message)
            kind = event["type"]
            if kind == "response.output_audio.delta":
                count += 1
            elif kind == MARKER:
                break
        elapsed = time.perf_counter() - start
    return count, elapsed


async def session_client(
    url: str, compression: bool, *, reconnect: bool = False
) -> tuple[int, float]:
    """`async for event in Session`: (audio deltas, seconds to the marker)."""
    start = time.perf_counter()
    count = 0
    async with realtime_sdk.Session(
        model="gpt-realtime",
        base_url=url,
        compression=compression,
        timeouts=realtime_sdk.Timeouts(ping_interval=None),
        reconnect=reconnect,
    ) as session:
        async for event in session:
            kind = event.type
            if kind == "response.output_audio.delta":
                count += 1
            elif kind == MARKER:
                break
        elapsed = time.perf_counter() - start
    return count, elapsed


async def openai_client(url: str, compression: bool) -> tuple[int, float]:
    """openai-python's realtime client: (audio deltas, seconds to the marker)."""
    import openai

    start = time.perf_counter()
    count = 0
    client = openai.AsyncOpenAI(api_key="sk-benchmark", websocket_base_url=url)
    options: dict[str, object] = {
        "max_size": MAX_SIZE,
        "compression": "deflate" if compression else None,
        "ping_interval": None,
    }
    async with client.realtime.connect(
        model="gpt-realtime",
        websocket_connection_options=options,  # type: ignore[arg-type]
        max_retries=0,
    ) as connection:
        async for event in connection:
            kind = event.type
            if kind == "response.output_audio.delta":
                count += 1
            elif kind == MARKER:
                break
        elapsed = time.perf_counter() - start
    await client.close()
    return count, elapsed


async def session_reconnect_client(url: str, compression: bool) -> tuple[int, float]:
    """The Session with `reconnect=True`: (audio deltas, seconds to the marker)."""
    return await session_client(url, compression, reconnect=True)


Client = Callable[[str, bool], Awaitable[tuple[int, float]]]
CONTENDERS: dict[str, tuple[Client, str]] = {
    "a. bare websockets + orjson (asyncio)": (bare_client, "asyncio"),
    "b. Session (asyncio)": (session_client, "asyncio"),
    "c. Session (trio)": (session_client, "trio"),
    "d. openai-python realtime (asyncio)": (openai_client, "asyncio"),
    "e. Session(reconnect=True) (asyncio)": (session_reconnect_client, "asyncio"),
}


def run_once(client: Client, backend: str, url: str, compression: bool, events: int) -> float:
    """One timed run; returns events per second."""
    if backend == "asyncio" and client is not session_client:
        count, elapsed = asyncio.run(client(url, compression))
    else:
        count, elapsed = anyio.run(client, url, compression, backend=backend)
    if count != events:
        raise RuntimeError(f"received {count} audio deltas, expected {events}")
    return events / elapsed


# --- report ------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs ({usable} usable)"


def versions() -> str:
    names = ["websockets", "anyio", "trio", "orjson", "attrs"]
    found = ", ".join(f"{n} {importlib.metadata.version(n)}" for n in names)
    return f"Python {platform.python_version()}, realtime_sdk {realtime_sdk.__version__}, {found}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=None, help="audio deltas per run (100000)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (3)")
    parser.add_argument("--quick", action="store_true", help="20,000 events")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    events = args.events or (20_000 if args.quick else 100_000)
    rounds = args.rounds or 3
    if args.serve:
        serve(events)
        return

    print(versions())
    print(f"machine: {machine()}")
    frame = RATE * 2 * FRAME_MS // 1000
    print(
        f"stream: {events} x response.output_audio.delta ({FRAME_MS} ms, {frame} PCM16 bytes,"
        f" {len(base64.b64encode(bytes(frame)))} base64 chars), {rounds} interleaved rounds"
    )
    started = time.perf_counter()
    with server_process(events) as url:
        print(f"server ready in {time.perf_counter() - started:.1f} s at {url}")
        keys = [(name, c) for c in (True, False) for name in CONTENDERS]
        rates: dict[tuple[str, bool], list[float]] = {k: [] for k in keys}
        cpu: dict[tuple[str, bool], list[float]] = {k: [] for k in keys}
        for round_ in range(rounds):
            for name, compression in keys:
                client, backend = CONTENDERS[name]
                cpu_start = time.process_time()
                rate = run_once(client, backend, url, compression, events)
                cpu[(name, compression)].append((time.process_time() - cpu_start) / events)
                rates[(name, compression)].append(rate)
            print(f"  round {round_ + 1}/{rounds} done", flush=True)
    for compression in (True, False):
        label = "permessage-deflate" if compression else "no compression"
        print(f"{label}: median events/s (min-max), client CPU per event")
        base = statistics.median(rates[(next(iter(CONTENDERS)), compression)])
        for name in CONTENDERS:
            r = rates[(name, compression)]
            median = statistics.median(r)
            us = statistics.median(cpu[(name, compression)]) * 1e6
            print(
                f"  {name:40s} {median:9,.0f}/s ({min(r):,.0f}-{max(r):,.0f})"
                f"  {us:5.1f} us CPU/event  {median / base:5.2f}x a"
            )
        b = statistics.median(rates[("b. Session (asyncio)", compression)]) / base
        c = statistics.median(rates[("c. Session (trio)", compression)]) / base
        d = statistics.median(rates[("d. openai-python realtime (asyncio)", compression)]) / base
        verdict = "met" if b >= 0.95 else "NOT met"
        e = statistics.median(rates[("e. Session(reconnect=True) (asyncio)", compression)]) / base
        print(
            f"  b/a = {b:.2f} (target >= 0.95: {verdict}), c/a = {c:.2f}, d/a = {d:.2f}, "
            f"e/b = {e / b:.2f}"
        )
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
