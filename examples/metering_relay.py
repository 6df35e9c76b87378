"""A metering relay: forwards realtime traffic unchanged and counts each connection's token usage.

    client  <-- WebSocket -->  relay  <-- WebSocket -->  upstream (OpenAI, Azure, the fake server)
                                  |
                        UsageMeter per connection (tokens, cost), message and byte counts

What it shows:

- `serve_websocket` / `connect_websocket`, the SDK's WebSocket server and client transports;
- forwarding both directions as raw text: nothing is decoded or re-encoded on the way, so the
  relay adds no latency worth measuring and works for any event, even ones the SDK doesn't know;
- `UsageMeter.observe_raw(text)`: it only parses messages containing `"response.done"`;
- the client's credentials and query (`Authorization`, `api-key`, `?model=`) are passed upstream,
  so each user is billed on their own key; the relay keeps no key of its own.

Run it:

    python examples/metering_relay.py          # demo: fake upstream + relay + one client
    python examples/metering_relay.py --serve --port 8080 --upstream wss://api.openai.com
        # then point clients at ws://127.0.0.1:8080/v1 (Session(base_url=...))
    OPENAI_API_KEY=sk-... python examples/metering_relay.py   # demo through OpenAI (or --live)

The demo client records what it sent and received (`Session(record=...)`) and checks that it is
byte for byte what the relay forwarded.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import anyio

from realtime_sdk import (
    ConfigurationError,
    ConnectionClosed,
    RealtimeError,
    Session,
    UsageMeter,
    events,
)
from realtime_sdk._transports import connect_websocket, serve_websocket
from realtime_sdk.testing import FakeRealtimeServer, read_recording

# Handshake headers passed upstream: credentials and protocol selection, nothing else.
FORWARDED_HEADERS = {
    "authorization",
    "api-key",
    "openai-beta",
    "openai-organization",
    "openai-project",
}


class Traffic:
    """Messages and bytes going one way, with a digest to compare streams."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.digest = hashlib.sha256()

    def add(self, text: str) -> None:
        data = text.encode()
        self.messages += 1
        self.bytes += len(data)
        self.digest.update(len(data).to_bytes(8, "big") + data)  # message boundaries count


class Connection:
    """What the relay knows about one client connection."""

    def __init__(self, number: int, model: str | None) -> None:
        self.number = number
        self.model = model
        self.usage = UsageMeter(model=model)
        self.up = Traffic()  # client -> upstream
        self.down = Traffic()  # upstream -> client
        self.closed = anyio.Event()

    def report(self) -> str:
        totals = self.usage.totals
        try:
            cost = f"~${self.usage.cost().total:.4f}"
        except ConfigurationError:  # no price for this model
            cost = "cost unknown"
        return (
            f"[relay] connection {self.number} ({self.model}) closed: "
            f"{totals.responses} responses, {totals.total_tokens} tokens "
            f"({totals.input_tokens} in, {totals.output_tokens} out), {cost}; "
            f"relayed {self.up.messages} messages ({self.up.bytes} bytes) up, "
            f"{self.down.messages} messages ({self.down.bytes} bytes) down"
        )


def closing_code(exc: ConnectionClosed) -> tuple[int, str]:
    """The close code to pass on: the peer's own, unless it is one that cannot be sent."""
    if exc.code in (1005, 1006, 1015) or not 1000 <= exc.code <= 4999:
        return 1011, "upstream connection lost"
    return exc.code, exc.reason.encode()[:123].decode(errors="ignore")  # RFC 6455 §5.5


class Relay:
    """Relays each client connection to `upstream` (an origin such as wss://api.openai.com)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.count = 0
        self.recent: collections.deque[Connection] = collections.deque(maxlen=100)

    async def handle(self, client: Any) -> None:
        request = client.request  # the client's opening handshake: path, query and headers
        query = dict(parse_qsl(urlsplit(request.path).query))
        self.count += 1
        connection = Connection(self.count, query.get("model"))
        self.recent.append(connection)
        headers = [
            (name, value)
            for name, value in request.headers.raw_items()
            if name.lower() in FORWARDED_HEADERS
        ]
        try:
            async with connect_websocket(self.upstream + request.path, headers=headers) as upstream:
                async with anyio.create_task_group() as tg:
                    tg.start_soon(self.pump, client, upstream, connection.up, None, tg.cancel_scope)
                    tg.start_soon(
                        self.pump,
                        upstream,
                        client,
                        connection.down,
                        connection.usage,
                        tg.cancel_scope,
                    )
        except RealtimeError as exc:  # upstream refused or unreachable (never holds a secret)
            print(
                f"[relay] connection {connection.number}: upstream failed: {exc}", file=sys.stderr
            )
            await client.aclose(1011, "upstream unavailable")
        finally:
            print(connection.report(), flush=True)
            connection.closed.set()

    @staticmethod
    async def pump(
        source: Any,
        sink: Any,
        traffic: Traffic,
        usage: UsageMeter | None,
        scope: anyio.CancelScope,
    ) -> None:
        """Copy messages from `source` to `sink` unchanged until one side closes."""
        try:
            while True:
                text = await source.receive_text()
                traffic.add(text)
                if usage is not None:
                    usage.observe_raw(text)  # cheap unless the text holds "response.done"
                await sink.send_text(text)
        except ConnectionClosed as exc:
            with contextlib.suppress(ConnectionClosed):
                await sink.aclose(*closing_code(exc))  # close the other side the same way
        scope.cancel()


async def demo_client(base_url: str, api_key: str | None, model: str, record: Path) -> None:
    """One text conversation through the relay, recorded on the client's side."""
    async with Session(model, base_url=base_url, api_key=api_key, record=record) as session:
        await session.update_session(events.SessionConfig(output_modalities=["text"]))
        for question in ("Hello relay!", "What do you count?"):
            await session.create_item(events.MessageItem.user_text(question))
            handle = await session.create_response()
            await handle.done()
            print(f"[client] you: {question} / assistant: {handle.text}")


def check(record: Path, connection: Connection) -> bool:
    """Compare the client's own recording with what the relay forwarded."""
    seen = {"client": Traffic(), "server": Traffic()}
    for message in read_recording(record):
        seen[message.direction].add(message.text)
    same = all(
        mine.digest.digest() == relayed.digest.digest() and mine.bytes == relayed.bytes
        for mine, relayed in ((seen["client"], connection.up), (seen["server"], connection.down))
    )
    verdict = "byte for byte what the relay forwarded" if same else "NOT what the relay forwarded"
    print(
        f"[check] the client sent {seen['client'].bytes} bytes and received "
        f"{seen['server'].bytes} bytes: {verdict}"
    )
    return same


async def demo(args: argparse.Namespace) -> int:
    async with contextlib.AsyncExitStack() as stack:
        upstream = args.upstream
        if upstream is None and not args.live:
            fake = await stack.enter_async_context(FakeRealtimeServer())
            upstream = f"ws://127.0.0.1:{fake.port}"
            print("(no OPENAI_API_KEY: the upstream is the fake server)", file=sys.stderr)
        relay = Relay(upstream or "wss://api.openai.com")
        server = await stack.enter_async_context(serve_websocket(relay.handle, "127.0.0.1", 0))
        print(f"[relay] {server.url}/v1 -> {relay.upstream}")
        record = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "client.jsonl"
        api_key = os.environ.get("OPENAI_API_KEY")  # sent by the client, passed on by the relay
        await demo_client(f"{server.url}/v1", api_key, args.model, record)
        with anyio.fail_after(10):
            await relay.recent[0].closed.wait()  # the relay prints its totals on close
        return 0 if check(record, relay.recent[0]) else 1


async def serve(args: argparse.Namespace) -> int:
    relay = Relay(args.upstream or "wss://api.openai.com")
    async with serve_websocket(relay.handle, args.host, args.port) as server:
        print(f"[relay] {server.url}/v1 -> {relay.upstream}; Ctrl-C to stop", flush=True)
        await anyio.sleep_forever()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A realtime relay that meters token usage.")
    parser.add_argument("--serve", action="store_true", help="relay until interrupted (no demo)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--upstream", help="upstream origin (default: wss://api.openai.com)")
    parser.add_argument("--model", default="gpt-realtime", help="the demo client's model")
    parser.add_argument("--live", action="store_true", help="demo through OpenAI")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    try:
        return anyio.run(serve if args.serve else demo, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
