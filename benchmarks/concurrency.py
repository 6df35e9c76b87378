"""Many concurrent Sessions in one process: CPU per event, memory per session, pacing.

N Sessions (default 200) connect to a loopback echo server running in a child process (websockets'
asyncio server). Each session then streams audio in real time for S seconds: every 1/R s
(default R = 50, 20 ms frames of 24 kHz PCM16: 960 bytes, 1,280 base64 characters) it calls
`session.append_audio(frame)`, paced with `anyio.sleep_until` on absolute deadlines, while another
task reads `async for event in session`. The server answers every `input_audio_buffer.append` with a
`response.output_audio.delta` carrying the same audio, so each session exchanges R events per second
each way. Sessions are spread evenly over one frame period (as independent callers would be).

Reported for the client process, over the exchange only (connecting is reported apart):

* CPU seconds per 1,000 events (sent + received), user + system, from `resource.getrusage()`;
* memory per session: resident set size (VmRSS) at its highest during the exchange minus VmRSS
  before connecting (after a one-session warm-up), divided by the number of sessions;
* achieved event rate against the target (N x R x 2), late frames (handed to the session more than
  one frame period after their deadline) and the echo latency (append to matching delta);
* the server's CPU use, to show whether the server (not the client) was the limit.

Clients (`--client`): `session` (realtime_sdk.Session), `bare` (websockets' asyncio client with
orjson: the baseline) and `openai` (openai-python's realtime client, `AsyncOpenAI().realtime.connect()`,
asyncio only; permessage-deflate asked for through `websocket_connection_options` when on).

`--compare` measures every client in one run, one after the other, each in a child process of its own
against its own server, for every session count in `--sessions 40,80,...`, and prints a table with
the ratios to the bare client of that run; `--compare --sweep` also reports, per client, the most
sessions of the list that ran without a late frame.

Run: `python benchmarks/concurrency.py` (200 sessions, 50 events/s each way, 10 s);
`--quick` (50 sessions for 3 s); `--sessions N --seconds S --rate R`; `--backend trio`;
`--no-compression` (permessage-deflate is on by default, as in Session);
`--compare --sessions 40 --seconds 10` (bare, Session, openai-python, with and without deflate).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gc
import importlib.metadata
import itertools
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import anyio
import orjson
import websockets.asyncio.client

import realtime_sdk
from realtime_sdk import audio

RATE = 24000
HELLO = Path(__file__).resolve().parent.parent / "examples" / "hello.wav"
CONNECT_CONCURRENCY = 20  # handshakes in flight at once while opening the sessions


# --- the echo server (child process) ------------------------------------------------------------------


def serve(compression: bool) -> None:
    """Child process: echo audio appends as audio deltas; print the port; exit when stdin closes."""
    import asyncio

    from websockets.asyncio.server import ServerConnection
    from websockets.asyncio.server import serve as ws_serve
    from websockets.exceptions import ConnectionClosed

    def exit_when_parent_leaves() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_parent_leaves, daemon=True).start()
    created = orjson.dumps(
        {
            "type": "session.created",
            "event_id": "event_C0created",
            "session": {"type": "realtime", "object": "realtime.session", "id": "sess_C0echo"},
        }
    ).decode()
    connections = 0

    async def echo(ws: ServerConnection) -> None:
        nonlocal connections
        connections += 1
        prefix = f"event_C0{connections:06d}_"
        response_id, item_id = f"resp_C0{connections:06d}", f"item_C0{connections:06d}"
        count = 0
        await ws.send(created)
        with contextlib.suppress(ConnectionClosed):
            async for message in ws:
                event = orjson.loads(message)
                if event.get("type") != "input_audio_buffer.append":
                    continue
                count += 1
                reply = {
                    "type": "response.output_audio.delta",
                    "event_id": f"{prefix}{count}",
                    "response_id": response_id,
                    "item_id": item_id,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": event["audio"],
                }
                await ws.send(orjson.dumps(reply).decode())

    async def main() -> None:
        async with ws_serve(
            echo,
            "127.0.0.1",
            0,
            compression="deflate" if compression else None,
            ping_interval=None,
            max_size=16 * 2**20,
            backlog=1024,
        ) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            print(f"READY {port}", flush=True)
            await server.serve_forever()

    asyncio.run(main())


@contextlib.contextmanager
def server_process(compression: bool) -> Iterator[tuple[str, int]]:
    """Start the echo server; yield (url, pid); stop it (it also exits if this process dies)."""
    command = [sys.executable, __file__, "--serve"]
    if not compression:
        command.append("--no-compression")
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the echo server did not start: {line!r}")
        yield f"ws://127.0.0.1:{int(line.split()[1])}", process.pid
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- measurements -----------------------------------------------------------------------------------


def rss_bytes() -> int:
    """Current resident set size (VmRSS) of this process; the peak (ru_maxrss) without /proc."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def cpu_seconds_of(pid: int) -> float | None:
    """User + system CPU seconds of another process (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def speech_frames(ms: float) -> list[bytes]:
    size = audio.bytes_for_ms(ms, rate=RATE)
    if HELLO.exists():
        frames = [f for f in audio.chunk(audio.read_wav(HELLO), ms) if len(f) == size]
        if frames:
            return frames
    rng = random.Random(5)
    return [rng.randbytes(size) for _ in range(64)]


# --- the client ----------------------------------------------------------------------------------------


DELTA = "response.output_audio.delta"


class Connection(Protocol):
    """What the benchmark does with one connection."""

    async def send_audio(self, frame: bytes) -> None:
        """Send one `input_audio_buffer.append`."""

    async def read_deltas(self, on_delta: Callable[[], bool]) -> None:
        """Read events, calling `on_delta()` for each audio delta, until it returns True."""


class SessionConnection:
    """A realtime_sdk Session: `append_audio` and `async for event in session`."""

    def __init__(self, session: realtime_sdk.Session) -> None:
        self.session = session

    async def send_audio(self, frame: bytes) -> None:
        await self.session.append_audio(frame)

    async def read_deltas(self, on_delta: Callable[[], bool]) -> None:
        async for event in self.session:
            if event.type == DELTA and on_delta():
                return


class BareConnection:
    """The baseline: websockets' asyncio client, base64 + orjson.dumps out, orjson.loads in."""

    def __init__(self, ws: websockets.asyncio.client.ClientConnection) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def send_audio(self, frame: bytes) -> None:
        event = {
            "type": "input_audio_buffer.append",
            "event_id": f"evt_{next(self.ids)}",
            "audio": base64.b64encode(frame).decode("ascii"),
        }
        await self.ws.send(orjson.dumps(event), text=True)

    async def read_deltas(self, on_delta: Callable[[], bool]) -> None:
        async for message in self.ws:
            if orjson.loads(message)["type"] == DELTA and on_delta():
                return


class OpenAIConnection:
    """openai-python's realtime client: `input_audio_buffer.append` and `async for event`."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    async def send_audio(self, frame: bytes) -> None:
        await self.connection.input_audio_buffer.append(
            audio=base64.b64encode(frame).decode("ascii")
        )

    async def read_deltas(self, on_delta: Callable[[], bool]) -> None:
        async for event in self.connection:
            if event.type == DELTA and on_delta():
                return


class Run:
    """Settings and shared counters of one benchmark run."""

    def __init__(self, args: argparse.Namespace, url: str) -> None:
        self.url = url
        self.sessions: int = args.sessions
        self.rate: float = args.rate
        self.frames: int = max(1, round(args.seconds * args.rate))
        self.period = 1.0 / args.rate
        self.compression: bool = not args.no_compression
        self.client: str = args.client
        self.audio = speech_frames(1000.0 / args.rate)
        self.connected = 0
        self.all_connected = anyio.Event()
        self.go = anyio.Event()
        self.all_done = anyio.Event()
        self.all_finished = anyio.Event()
        self.start = math.inf
        self.sent = 0
        self.received = 0
        self.lateness: list[float] = []
        self.latency: list[float] = []
        self.finished = 0
        self.incomplete = 0
        self.peak_rss = 0

    async def connect(self, stack: contextlib.AsyncExitStack) -> Connection:
        """Open one client connection, closed when `stack` closes."""
        if self.client == "bare":
            ws = await stack.enter_async_context(
                websockets.asyncio.client.connect(
                    self.url, compression="deflate" if self.compression else None
                )
            )
            return BareConnection(ws)
        if self.client == "openai":
            import openai

            client = openai.AsyncOpenAI(api_key="sk-benchmark", websocket_base_url=self.url)
            stack.push_async_callback(client.close)
            options: dict[str, object] = {
                "max_size": 16 * 2**20,
                "compression": "deflate" if self.compression else None,
            }
            connection = await stack.enter_async_context(
                client.realtime.connect(
                    model="gpt-realtime",
                    websocket_connection_options=options,  # type: ignore[arg-type]
                    max_retries=0,
                )
            )
            return OpenAIConnection(connection)
        session = await stack.enter_async_context(
            realtime_sdk.Session(
                model="gpt-realtime", base_url=self.url, compression=self.compression
            )
        )
        return SessionConnection(session)

    async def session(self, index: int, limiter: anyio.CapacityLimiter) -> None:
        async with contextlib.AsyncExitStack() as stack:
            async with limiter:
                connection = await self.connect(stack)
            self.connected += 1
            if self.connected == self.sessions:
                self.all_connected.set()
            await self.go.wait()
            await self.exchange(connection, self.start + index * self.period / self.sessions)
            await self.all_done.wait()

    async def exchange(self, connection: Connection, start: float) -> None:
        sent_at: list[float] = []
        frames = self.audio
        count = 0

        async def send() -> None:
            for k in range(self.frames):
                deadline = start + k * self.period
                await anyio.sleep_until(deadline)
                sent_at.append(anyio.current_time())
                await connection.send_audio(frames[k % len(frames)])
                self.lateness.append(anyio.current_time() - deadline)
                self.sent += 1

        def on_delta() -> bool:
            nonlocal count
            self.latency.append(anyio.current_time() - sent_at[count])
            count += 1
            self.received += 1
            return count == self.frames

        # Bounded: a session that has not got every echo some time after its last frame gives up.
        grace = max(10.0, self.frames * self.period)
        with anyio.move_on_after(self.frames * self.period + grace) as scope:
            async with anyio.create_task_group() as tg:
                tg.start_soon(send)
                await connection.read_deltas(on_delta)
        if scope.cancelled_caught:
            self.incomplete += 1
        self.finished += 1
        if self.finished == self.sessions:
            self.all_finished.set()

    async def sample_rss(self) -> None:
        while True:
            self.peak_rss = max(self.peak_rss, rss_bytes())
            await anyio.sleep(0.25)


async def warm_up(state: Run) -> None:
    """One short connection first, so that one-time costs (imports, decoder generation) are not
    counted as per-session memory."""
    async with contextlib.AsyncExitStack() as stack:
        connection = await state.connect(stack)
        for _ in range(3):
            await connection.send_audio(state.audio[0])
        count = 0

        def on_delta() -> bool:
            nonlocal count
            count += 1
            return count == 3

        await connection.read_deltas(on_delta)


async def run(args: argparse.Namespace, url: str, server_pid: int) -> None:
    state = Run(args, url)
    await warm_up(state)
    gc.collect()
    rss_before = rss_bytes()
    cpu_before = time.process_time()
    wall_before = anyio.current_time()
    limiter = anyio.CapacityLimiter(CONNECT_CONCURRENCY)
    async with anyio.create_task_group() as tg:
        for i in range(state.sessions):
            tg.start_soon(state.session, i, limiter)
        with anyio.fail_after(120):  # bounded: every session connected within two minutes
            await state.all_connected.wait()
        connect_wall = anyio.current_time() - wall_before
        connect_cpu = time.process_time() - cpu_before
        rss_connected = rss_bytes()
        state.peak_rss = rss_connected
        sampler = anyio.CancelScope()

        async def sample() -> None:
            with sampler:
                await state.sample_rss()

        tg.start_soon(sample)
        server_cpu_start = cpu_seconds_of(server_pid)
        usage_start = resource.getrusage(resource.RUSAGE_SELF)
        state.start = anyio.current_time() + 0.1
        state.go.set()
        await state.all_finished.wait()  # bounded: each session gives up on its own
        elapsed = anyio.current_time() - state.start
        usage_end = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu_end = cpu_seconds_of(server_pid)
        sampler.cancel()
        state.all_done.set()  # only now do the sessions close
    report(
        state,
        rss_before=rss_before,
        rss_connected=rss_connected,
        connect_wall=connect_wall,
        connect_cpu=connect_cpu,
        elapsed=elapsed,
        user=usage_end.ru_utime - usage_start.ru_utime,
        system=usage_end.ru_stime - usage_start.ru_stime,
        server_cpu=(
            server_cpu_end - server_cpu_start
            if server_cpu_start is not None and server_cpu_end is not None
            else None
        ),
    )


def report(
    state: Run,
    *,
    rss_before: int,
    rss_connected: int,
    connect_wall: float,
    connect_cpu: float,
    elapsed: float,
    user: float,
    system: float,
    server_cpu: float | None,
) -> None:
    n = state.sessions
    events = state.sent + state.received
    target = n * state.rate * 2
    cpu = user + system
    late = sum(1 for x in state.lateness if x > state.period)
    mib = 2**20
    print(
        f"connect: {n} sessions in {connect_wall:.2f} s, {connect_cpu / n * 1000:.2f} ms CPU per"
        f" session; RSS {rss_before / mib:.1f} MiB before, {rss_connected / mib:.1f} MiB connected"
        f" ({(rss_connected - rss_before) / n / 1024:.0f} KiB per idle session)"
    )
    print(
        f"exchange: {state.sent} sent + {state.received} received = {events} events in"
        f" {elapsed:.2f} s = {events / elapsed:,.0f} events/s (target {target:,.0f}/s,"
        f" {events / elapsed / target:.0%}); {state.incomplete} sessions incomplete"
    )
    print(
        f"  client CPU: {cpu:.2f} s ({user:.2f} user + {system:.2f} system)"
        f" = {cpu / elapsed:.0%} of one core;"
        f" {cpu / events * 1000:.3f} CPU s per 1,000 events ({cpu / events * 1e6:.0f} us/event)"
    )
    if server_cpu is not None:
        print(
            f"  server CPU (child process): {server_cpu:.2f} s = {server_cpu / elapsed:.0%} of one core"
        )
    print(
        f"  memory: peak RSS {state.peak_rss / mib:.1f} MiB,"
        f" {(state.peak_rss - rss_before) / n / 1024:.0f} KiB per session at steady state"
        f" (ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB)"
    )
    lateness_ms = [x * 1000 for x in state.lateness]
    latency_ms = [x * 1000 for x in state.latency]
    print(
        f"  pacing: {late} of {len(lateness_ms)} frames late (> {state.period * 1000:.0f} ms);"
        f" lateness p50 {percentile(lateness_ms, 0.5):.1f} ms, p99 {percentile(lateness_ms, 0.99):.1f}"
        f" ms, max {max(lateness_ms, default=math.nan):.1f} ms"
    )
    print(
        f"  echo latency (append -> delta): p50 {statistics.median(latency_ms) if latency_ms else math.nan:.1f} ms,"
        f" p99 {percentile(latency_ms, 0.99):.1f} ms, max {max(latency_ms, default=math.nan):.1f} ms"
    )
    result = {
        "cpu_us_per_event": cpu / events * 1e6 if events else math.nan,
        "late": late,
        "frames": len(lateness_ms),
        "echo_p50_ms": statistics.median(latency_ms) if latency_ms else math.nan,
        "echo_p99_ms": percentile(latency_ms, 0.99),
        "kib_per_session": (state.peak_rss - rss_before) / n / 1024,
        "rate": events / elapsed / target,
        "incomplete": state.incomplete,
    }
    print("RESULT " + json.dumps(result), flush=True)


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


CLIENT_NAMES = {
    "bare": "bare websockets",
    "session": "Session",
    "openai": "openai-python realtime",
}


def compare(args: argparse.Namespace, counts: list[int]) -> None:
    """Every client in turn (a child process each), with and without deflate; one table."""
    print(versions())
    print(f"machine: {machine()}")
    print(f"compare: {args.seconds:g} s at {args.rate:g} events/s each way per session")
    with contextlib.suppress(OSError):
        print(f"load average before: {os.getloadavg()}")
    rows: dict[tuple[bool, int, str], dict[str, float]] = {}
    for compression in (True, False):
        for n in counts:
            for client in ("bare", "session", "openai"):
                command = [
                    sys.executable,
                    __file__,
                    "--client",
                    client,
                    "--sessions",
                    str(n),
                    "--seconds",
                    str(args.seconds),
                    "--rate",
                    str(args.rate),
                ]
                if not compression:
                    command.append("--no-compression")
                output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
                lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
                if not lines:
                    print(f"  {client} x {n} failed:\n{output}")
                    continue
                rows[(compression, n, client)] = json.loads(lines[-1][7:])
                print(
                    f"  done: {client} x {n}, deflate {'on' if compression else 'off'}", flush=True
                )
    for compression in (True, False):
        print(f"permessage-deflate {'on' if compression else 'off'}:")
        print(
            "  sessions client                    CPU/event  vs bare  late frames     "
            "echo p50  echo p99  p99 vs bare  KiB/session"
        )
        for n in counts:
            base = rows.get((compression, n, "bare"))
            for client in ("bare", "session", "openai"):
                row = rows.get((compression, n, client))
                if row is None:
                    continue
                ratio = row["cpu_us_per_event"] / base["cpu_us_per_event"] if base else math.nan
                p99 = row["echo_p99_ms"] / base["echo_p99_ms"] if base else math.nan
                print(
                    f"  {n:8d} {CLIENT_NAMES[client]:25s} {row['cpu_us_per_event']:6.0f} us"
                    f"  {ratio:6.2f}x  {int(row['late']):6d}/{int(row['frames']):<7d}"
                    f" {row['echo_p50_ms']:6.1f} ms {row['echo_p99_ms']:6.1f} ms"
                    f"  {p99:8.2f}x  {row['kib_per_session']:9.0f}"
                )
        if args.sweep:
            for client in ("bare", "session", "openai"):
                clean = [
                    n
                    for n in counts
                    if (row := rows.get((compression, n, client))) is not None
                    and row["late"] == 0
                    and row["incomplete"] == 0
                ]
                print(
                    f"  {CLIENT_NAMES[client]}: most sessions without a late frame:"
                    f" {max(clean) if clean else 'none'} (of {counts})"
                )
    with contextlib.suppress(OSError):
        print(f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sessions", default=None, help="concurrent sessions (200); with --compare a list: 40,80"
    )
    parser.add_argument("--seconds", type=float, default=None, help="exchange duration (10)")
    parser.add_argument("--rate", type=float, default=50.0, help="events/s each way per session")
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    parser.add_argument(
        "--client",
        choices=["session", "bare", "openai"],
        default="session",
        help="realtime_sdk.Session, the bare websockets asyncio baseline, or openai-python",
    )
    parser.add_argument(
        "--compare", action="store_true", help="every client, with and without deflate, one run"
    )
    parser.add_argument(
        "--sweep", action="store_true", help="with --compare: most sessions without a late frame"
    )
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate")
    parser.add_argument("--quick", action="store_true", help="50 sessions for 3 s")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(not args.no_compression)
        return
    counts = [int(n) for n in str(args.sessions or (50 if args.quick else 200)).split(",")]
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)
    if min(counts) < 1 or args.seconds <= 0 or args.rate <= 0:
        parser.error("--sessions, --seconds and --rate must be positive")
    if args.compare:
        compare(args, counts)
        return
    if len(counts) != 1:
        parser.error("a list of session counts needs --compare")
    args.sessions = counts[0]
    if args.client != "session" and args.backend != "asyncio":
        parser.error(f"--client {args.client} runs on asyncio only")

    print(versions())
    print(f"machine: {machine()}")
    frame = audio.bytes_for_ms(1000 / args.rate, rate=RATE)
    print(
        f"{args.sessions} {CLIENT_NAMES[args.client]}"
        f" connections on {args.backend}, {args.rate:g} events/s each way for"
        f" {args.seconds:g} s ({frame} PCM16 bytes = {len(base64.b64encode(bytes(frame)))} base64"
        f" chars per event), permessage-deflate {'off' if args.no_compression else 'on'}"
    )
    with server_process(not args.no_compression) as (url, pid):
        anyio.run(run, args, url, pid, backend=args.backend)


if __name__ == "__main__":
    main()
