"""Transport layer: WebSocket client and server over 127.0.0.1, and the in-memory pair."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import anyio.abc
import anyio.lowlevel
import pytest
from anyio.abc import SocketAttribute
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from websockets.client import ClientProtocol
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.protocol import State
from websockets.server import ServerProtocol
from websockets.uri import parse_uri

from realtime_sdk._exceptions import (
    AuthenticationError,
    ConnectError,
    ConnectionClosedError,
    ConnectionClosedOK,
    NotFoundError,
    RateLimitError,
    RealtimeHandshakeError,
)
from realtime_sdk._transports import (
    WebSocketTransport,
    connect_websocket,
    http_response,
    memory_transport_pair,
    serve_websocket,
)
from realtime_sdk._transports.websocket import _OUTBOX_HIGH_WATER

pytestmark = pytest.mark.anyio

ServerSide = WebSocketTransport[ServerProtocol]

# A guard against hangs, far above what any test needs; not a timing assertion.
GUARD = 5


def client(url: str, **options: Any) -> Any:
    """`connect_websocket` without keepalive unless a test asks for it."""
    options.setdefault("ping_interval", None)
    return connect_websocket(url, **options)


async def echo(ws: ServerSide) -> None:
    while True:
        await ws.send_text("echo:" + await ws.receive_text())


# --- a minimal server built on the protocol object alone, for misbehaving peers --------------------

RawBehaviour = Callable[[anyio.abc.SocketStream, ServerProtocol], Awaitable[None]]


@contextlib.asynccontextmanager
async def raw_server(behaviour: RawBehaviour) -> AsyncIterator[str]:
    """Accept the WebSocket upgrade with ServerProtocol, then run `behaviour(stream, protocol)`."""

    async def handle(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            protocol = ServerProtocol()
            events: list[object] = []
            while not events:
                protocol.receive_data(await stream.receive())
                events = list(protocol.events_received())
            request = events[0]
            assert isinstance(request, Request)
            protocol.send_response(protocol.accept(request))
            await send_pending(stream, protocol)
            with contextlib.suppress(anyio.BrokenResourceError, anyio.EndOfStream, OSError):
                await behaviour(stream, protocol)

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, handle, tg)
        yield f"ws://127.0.0.1:{listener.extra(SocketAttribute.local_port)}"
        tg.cancel_scope.cancel()


async def send_pending(stream: anyio.abc.SocketStream, protocol: ServerProtocol) -> None:
    for chunk in protocol.data_to_send():
        if chunk:
            await stream.send(chunk)
        else:
            await stream.send_eof()


async def answer_until_eof(stream: anyio.abc.SocketStream, protocol: ServerProtocol) -> None:
    """Behave as a correct peer: answer pings and close frames until the client closes TCP."""
    while True:
        try:
            data = await stream.receive()
        except anyio.EndOfStream:
            return
        protocol.receive_data(data)
        await send_pending(stream, protocol)


# --- WebSocket: messages -------------------------------------------------------------------------


async def test_text_round_trip_both_ways(anyio_backend: str) -> None:
    seen: list[Request] = []

    async def greet_then_echo(ws: ServerSide) -> None:
        seen.append(ws.request)
        await ws.send_text("welcome")
        await echo(ws)

    async with serve_websocket(greet_then_echo) as server:
        assert server.url == f"ws://127.0.0.1:{server.port}"
        async with client(server.url + "/v1/realtime?model=m", headers={"X-Test": "1"}) as ws:
            assert await ws.receive_text() == "welcome"
            for text in ["hello", "", "é ✓ 😀", '{"type": "x"}']:
                await ws.send_text(text)
                assert await ws.receive_text() == "echo:" + text
    assert seen[0].path == "/v1/realtime?model=m"
    assert seen[0].headers["X-Test"] == "1"


async def test_utf8_bytes_are_sent_as_text(anyio_backend: str) -> None:
    async with serve_websocket(echo) as server, client(server.url) as ws:
        await ws.send_text('{"é": 1}'.encode())
        assert await ws.receive_text() == 'echo:{"é": 1}'


async def test_client_keeps_a_copy_of_its_request_without_credentials(anyio_backend: str) -> None:
    seen: list[Request] = []

    async def record(ws: ServerSide) -> None:
        seen.append(ws.request)

    headers = {"Authorization": "Bearer sk-SECRET", "OpenAI-Beta": "realtime=v1"}
    async with (
        serve_websocket(record) as server,
        client(server.url + "/v1?api-key=QSECRET", headers=headers) as ws,
    ):
        assert ws.request.headers["OpenAI-Beta"] == "realtime=v1"
        assert "SECRET" not in repr(ws.request)
        assert "SECRET" not in repr(ws)
    assert seen[0].headers["Authorization"] == "Bearer sk-SECRET"  # what went on the wire


async def test_one_mebibyte_message_both_ways(anyio_backend: str) -> None:
    big = "0123456789abcdef" * 2**16
    async with serve_websocket(echo) as server, client(server.url) as ws:
        await ws.send_text(big)
        assert await ws.receive_text() == "echo:" + big


@pytest.mark.parametrize("compression", [True, False])
async def test_compression_negotiated_when_offered(anyio_backend: str, compression: bool) -> None:
    async with serve_websocket(echo) as server, client(server.url, compression=compression) as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        assert extensions.startswith("permessage-deflate") is compression
        assert bool(ws.protocol.extensions) is compression
        await ws.send_text("x" * 100_000)
        assert await ws.receive_text() == "echo:" + "x" * 100_000


async def test_concurrent_senders_keep_their_order(anyio_backend: str) -> None:
    received: list[str] = []
    done = anyio.Event()

    async def collect(ws: ServerSide) -> None:
        while len(received) < 5 * 40:
            received.append(await ws.receive_text())
        done.set()

    async def sender(ws: WebSocketTransport[Any], task: int) -> None:
        for i in range(40):
            await ws.send_text(f"{task}:{i}:" + "y" * (i * 50))

    async with serve_websocket(collect) as server, client(server.url) as ws:
        async with anyio.create_task_group() as tg:
            for task in range(5):
                tg.start_soon(sender, ws, task)
        with anyio.fail_after(GUARD):
            await done.wait()
    for task in range(5):
        mine = [int(m.split(":")[1]) for m in received if m.startswith(f"{task}:")]
        assert mine == list(range(40))


# --- WebSocket: closing ---------------------------------------------------------------------------


async def test_normal_close_delivers_queued_messages_then_ok(anyio_backend: str) -> None:
    async def send_three(ws: ServerSide) -> None:
        for text in ("a", "b", "c"):
            await ws.send_text(text)

    async with serve_websocket(send_three) as server, client(server.url) as ws:
        with anyio.fail_after(GUARD):
            await ws.wait_closed()
        assert ws.closed
        assert [await ws.receive_text() for _ in range(3)] == ["a", "b", "c"]
        with pytest.raises(ConnectionClosedOK) as info:
            await ws.receive_text()
        assert info.value.code == 1000
        with pytest.raises(ConnectionClosedOK):
            await ws.send_text("too late")


async def test_client_close_code_and_reason_reach_the_server(anyio_backend: str) -> None:
    outcome: list[BaseException] = []
    handler_done = anyio.Event()

    async def wait_for_close(ws: ServerSide) -> None:
        try:
            await ws.receive_text()
        except ConnectionClosedError as exc:
            outcome.append(exc)
        finally:
            handler_done.set()

    async with serve_websocket(wait_for_close) as server:
        async with client(server.url) as ws:
            await ws.aclose(4000, "bye")
            await ws.aclose()  # idempotent
            with pytest.raises(ConnectionClosedError) as info:
                await ws.receive_text()
            assert (info.value.code, info.value.reason) == (4000, "bye")
        with anyio.fail_after(GUARD):
            await handler_done.wait()
    assert isinstance(outcome[0], ConnectionClosedError)
    assert (outcome[0].code, outcome[0].reason) == (4000, "bye")


class PipeEnd(anyio.abc.ByteStream):
    """One end of an in-memory byte pipe; its writes wait while `gate` is not set."""

    def __init__(
        self, outgoing: MemoryObjectSendStream[bytes], incoming: MemoryObjectReceiveStream[bytes]
    ) -> None:
        self.outgoing, self.incoming = outgoing, incoming
        self.gate = anyio.Event()
        self.gate.set()
        self.write_waiting = anyio.Event()  # set when a write found the gate closed

    async def send(self, item: bytes) -> None:
        if not self.gate.is_set():
            self.write_waiting.set()
            await self.gate.wait()
        await self.outgoing.send(item)

    async def receive(self, max_bytes: int = 65536) -> bytes:
        try:
            return await self.incoming.receive()
        except anyio.ClosedResourceError:
            raise anyio.EndOfStream from None

    async def send_eof(self) -> None:
        await self.outgoing.aclose()

    async def aclose(self) -> None:
        await self.outgoing.aclose()
        await self.incoming.aclose()


def pipe_pair() -> tuple[WebSocketTransport[Any], WebSocketTransport[Any], PipeEnd]:
    """Client and server transports over an in-memory pipe; returns the client's pipe end too."""
    to_server, from_client = anyio.create_memory_object_stream[bytes](16)
    to_client, from_server = anyio.create_memory_object_stream[bytes](16)
    client_end, server_end = PipeEnd(to_server, from_server), PipeEnd(to_client, from_client)
    client_protocol = ClientProtocol(parse_uri("ws://pipe/"), state=State.OPEN)
    request = client_protocol.connect()
    response = Response(101, "Switching Protocols", Headers())
    options: dict[str, Any] = {"request": request, "response": response, "close_timeout": 0.2}
    client_ws = WebSocketTransport(client_end, client_protocol, peer="pipe client", **options)
    server_ws = WebSocketTransport(
        server_end, ServerProtocol(state=State.OPEN), peer="pipe server", **options
    )
    return client_ws, server_ws, client_end


async def test_cancelled_send_sends_nothing(anyio_backend: str) -> None:
    client_ws, server_ws, client_end = pipe_pair()
    client_end.gate = anyio.Event()  # the peer reads nothing for now
    async with client_ws._running(), server_ws._running():
        await client_ws.send_text("first")
        await client_end.write_waiting.wait()  # "first" is being written
        queued = [f"q{i}" for i in range(_OUTBOX_HIGH_WATER)]
        for text in queued:  # queued behind it, up to the outbox's high-water mark
            await client_ws.send_text(text)
        with anyio.move_on_after(0.05) as waited:
            await client_ws.send_text("cancelled")  # over the mark: waits for its turn
        assert waited.cancelled_caught
        client_end.gate.set()
        await client_ws.send_text("third")
        expected = ["first", *queued, "third"]
        assert [await server_ws.receive_text() for _ in expected] == expected


async def test_close_is_bounded_when_the_peer_reads_nothing(anyio_backend: str) -> None:
    client_ws, server_ws, client_end = pipe_pair()
    client_end.gate = anyio.Event()  # nothing the client writes ever arrives
    async with client_ws._running(), server_ws._running():
        with anyio.fail_after(GUARD):
            await client_ws.aclose()  # the close frame can never be written
        with pytest.raises(ConnectionClosedOK):
            await client_ws.receive_text()
        await server_ws.aclose()


async def test_handler_error_closes_with_1011(anyio_backend: str) -> None:
    async def fail(ws: ServerSide) -> None:
        await ws.send_text("first")
        raise RuntimeError("boom")

    async def read_two(url: str) -> None:
        async with client(url) as ws:
            assert await ws.receive_text() == "first"
            await ws.receive_text()

    async with serve_websocket(fail) as server:
        with pytest.raises(ConnectionClosedError) as info:  # not wrapped in an exception group
            await read_two(server.url)
    assert info.value.code == 1011


async def test_error_in_the_server_block_is_not_wrapped(anyio_backend: str) -> None:
    with pytest.raises(KeyError):
        async with serve_websocket(echo):
            raise KeyError("mine")


async def test_abrupt_tcp_close_is_1006_after_queued_messages(anyio_backend: str) -> None:
    async def drop(stream: anyio.abc.SocketStream, protocol: ServerProtocol) -> None:
        protocol.send_text(b"last words")
        await send_pending(stream, protocol)
        await stream.send_eof()  # TCP end without a close frame
        with contextlib.suppress(anyio.EndOfStream):
            while True:
                await stream.receive()

    async with raw_server(drop) as url, client(url) as ws:
        assert await ws.receive_text() == "last words"
        with pytest.raises(ConnectionClosedError) as info:
            await ws.receive_text()
        assert info.value.code == 1006


async def test_message_over_max_size_fails_with_1009(anyio_backend: str) -> None:
    async def send_sizes(ws: ServerSide) -> None:
        await ws.send_text("small")
        await ws.send_text("x" * 2000)
        await ws.receive_text()

    async with (
        serve_websocket(send_sizes) as server,
        client(server.url, max_message_size=1000) as ws,
    ):
        assert await ws.receive_text() == "small"
        with pytest.raises(ConnectionClosedError) as info:
            await ws.receive_text()
        assert info.value.code == 1009


async def test_binary_message_fails_with_1003(anyio_backend: str) -> None:
    async def send_binary(stream: anyio.abc.SocketStream, protocol: ServerProtocol) -> None:
        protocol.send_text(b"text first")
        protocol.send_binary(b"\x00\x01")
        await send_pending(stream, protocol)
        await answer_until_eof(stream, protocol)

    async with raw_server(send_binary) as url, client(url) as ws:
        assert await ws.receive_text() == "text first"
        with pytest.raises(ConnectionClosedError) as info:
            await ws.receive_text()
        assert info.value.code == 1003


async def test_ping_timeout_closes_with_1011(anyio_backend: str) -> None:
    async def ignore_everything(stream: anyio.abc.SocketStream, protocol: ServerProtocol) -> None:
        while True:
            await stream.receive()

    async with raw_server(ignore_everything) as url:
        options = {"ping_interval": 0.05, "ping_timeout": 0.1, "close_timeout": 0.1}
        async with client(url, **options) as ws:
            with anyio.fail_after(GUARD), pytest.raises(ConnectionClosedError) as info:
                await ws.receive_text()
            assert (info.value.code, info.value.reason) == (1011, "keepalive ping timeout")


async def test_keepalive_keeps_an_answering_peer(anyio_backend: str) -> None:
    async with (
        serve_websocket(echo) as server,
        client(server.url, ping_interval=0.02, ping_timeout=0.5) as ws,
    ):
        await anyio.sleep(0.1)  # several pings answered
        await ws.send_text("still open")
        assert await ws.receive_text() == "echo:still open"


# --- WebSocket: backpressure and cancellation ----------------------------------------------------


async def wait_until_stalled(count: Callable[[], int]) -> int:
    """Wait until `count()` stops changing (bounded by GUARD); return its value."""
    with anyio.move_on_after(GUARD):
        last = -1
        while count() != last:
            last = count()
            await anyio.sleep(0.1)
    return count()


async def test_slow_reader_makes_the_server_block_then_gets_everything(anyio_backend: str) -> None:
    total, filler = 2000, "z" * (64 * 1024 - 6)
    sent = 0

    async def flood(ws: ServerSide) -> None:
        nonlocal sent
        for i in range(total):
            await ws.send_text(f"{i:06d}{filler}")
            sent += 1
        await ws.receive_text()

    async with (
        serve_websocket(flood, compression=False) as server,
        client(server.url, max_queue=8, compression=False) as ws,
    ):
        stalled_at = await wait_until_stalled(lambda: sent)
        assert stalled_at < total // 2
        with anyio.fail_after(GUARD * 2):
            for i in range(total):
                text = await ws.receive_text()
                assert text[:6] == f"{i:06d}"
                assert len(text) == 64 * 1024
        assert sent == total


async def test_leaving_the_block_is_prompt_while_the_reader_is_blocked(anyio_backend: str) -> None:
    outcome: list[BaseException] = []
    flood_ended = anyio.Event()

    async def flood(ws: ServerSide) -> None:
        try:
            while True:
                await ws.send_text("w" * 1000)
        except ConnectionClosedOK as exc:
            outcome.append(exc)
        finally:
            flood_ended.set()

    async with serve_websocket(flood) as server:
        with anyio.fail_after(GUARD):
            async with client(server.url, max_queue=1, close_timeout=GUARD * 2) as ws:
                await ws.receive_text()
                await anyio.sleep(0.05)  # the queue is full and the reader waits
        with anyio.fail_after(GUARD):
            await flood_ended.wait()
    assert isinstance(outcome[0], ConnectionClosedOK)
    assert outcome[0].code == 1000


async def test_cancelled_receive_loses_no_message(anyio_backend: str) -> None:
    async def send_when_told(ws: ServerSide) -> None:
        assert await ws.receive_text() == "go"
        await ws.send_text("next")
        for i in range(300):
            await ws.send_text(str(i))
            if i % 7 == 0:
                await anyio.lowlevel.checkpoint()
        await ws.receive_text()

    async with serve_websocket(send_when_told) as server, client(server.url) as ws:
        with anyio.CancelScope() as scope:
            scope.cancel()
            await ws.receive_text()
        with anyio.move_on_after(0.05):
            await ws.receive_text()
        await ws.send_text("go")
        assert await ws.receive_text() == "next"
        received: list[str] = []
        with anyio.fail_after(GUARD):
            while len(received) < 300:
                # Timeouts short enough to land while messages are arriving.
                with anyio.move_on_after(0.0005):
                    received.append(await ws.receive_text())
        assert received == [str(i) for i in range(300)]


async def test_slow_consumer_is_not_failed_by_its_own_keepalive(anyio_backend: str) -> None:
    async def flood_then_echo(ws: ServerSide) -> None:
        for i in range(100):
            await ws.send_text(f"{i:03d}" + "k" * 65536)
        await echo(ws)

    # A pong stuck behind the unread queue would fail the first ping after ping_timeout; 1 s leaves a
    # loaded machine room to answer a ping that is read in time, and the sleep still spans it twice.
    options = {"max_queue": 2, "compression": False, "ping_interval": 0.05, "ping_timeout": 1.0}
    async with (
        serve_websocket(flood_then_echo, compression=False) as server,
        client(server.url, **options) as ws,
    ):
        await anyio.sleep(2.5)  # over two ping timeouts long, without reading
        for i in range(100):
            assert (await ws.receive_text())[:3] == f"{i:03d}"
        await ws.send_text("alive")
        assert await ws.receive_text() == "echo:alive"


# --- WebSocket: opening failures ------------------------------------------------------------------


async def never_called(ws: ServerSide) -> None:
    raise AssertionError("the handshake should have been refused")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, RealtimeHandshakeError),
    ],
)
async def test_handshake_refusal_maps_status_to_error(
    anyio_backend: str, status: int, error_class: type[RealtimeHandshakeError]
) -> None:
    def refuse(request: Request) -> Response:
        body = json.dumps({"error": {"message": f"refused with {status}"}})
        return http_response(status, body, content_type="application/json")

    async with serve_websocket(never_called, process_request=refuse) as server:
        with pytest.raises(RealtimeHandshakeError) as info:
            async with client(server.url + "/v1/realtime?model=m&api-key=SECRET-KEY"):
                pass
    error = info.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.server_message == f"refused with {status}"
    assert "model=m" in str(error)
    assert "SECRET-KEY" not in str(error)


async def test_async_process_request_sees_path_and_headers(anyio_backend: str) -> None:
    async def require_token(request: Request) -> Response | None:
        await anyio.lowlevel.checkpoint()
        if request.headers.get("Authorization") != "Bearer good":
            return http_response(401, '{"error": {"message": "bad token"}}')
        return None

    async with serve_websocket(echo, process_request=require_token) as server:
        with pytest.raises(AuthenticationError, match="bad token"):
            async with client(server.url, headers=[("Authorization", "Bearer bad")]):
                pass
        async with client(server.url, headers=[("Authorization", "Bearer good")]) as ws:
            await ws.send_text("in")
            assert await ws.receive_text() == "echo:in"


async def test_redirect_is_refused_not_followed(anyio_backend: str) -> None:
    def redirect(request: Request) -> Response:
        return http_response(302, headers={"Location": "wss://elsewhere.invalid/x?token=T0KEN"})

    async with serve_websocket(never_called, process_request=redirect) as server:
        with pytest.raises(RealtimeHandshakeError) as info:
            async with client(server.url):
                pass
    assert type(info.value) is RealtimeHandshakeError
    assert info.value.status_code == 302
    assert "redirect to wss://elsewhere.invalid/x" in str(info.value)
    assert "T0KEN" not in str(info.value)


async def test_refused_connection_is_connect_error(anyio_backend: str) -> None:
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(SocketAttribute.local_port)
    await listener.aclose()
    with pytest.raises(ConnectError) as info:
        async with client(f"ws://user:PASSWORD@127.0.0.1:{port}"):
            pass
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "PASSWORD" not in str(info.value)
    assert info.value.__cause__ is not None


async def test_open_timeout_is_connect_error(anyio_backend: str) -> None:
    async def say_nothing(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            await anyio.sleep_forever()

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, say_nothing, tg)
        with pytest.raises(ConnectError, match="timed out"):
            async with client(f"ws://127.0.0.1:{port}", open_timeout=0.2):
                pass
        tg.cancel_scope.cancel()


async def test_tls_failure_is_connect_error(anyio_backend: str) -> None:
    async with serve_websocket(never_called) as server:
        with pytest.raises(ConnectError) as info:
            async with client(f"wss://127.0.0.1:{server.port}"):
                pass
    assert f"127.0.0.1:{server.port}" in str(info.value)


async def test_credentials_stay_out_of_debug_logs(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    headers = {"Authorization": "Bearer sk-HEADER-SECRET", "api-key": "KEY-SECRET"}
    async with (
        serve_websocket(echo) as server,
        client(server.url + "/v1?api-key=QUERY-SECRET", headers=headers) as ws,
    ):
        await ws.send_text("hi")
        assert await ws.receive_text() == "echo:hi"
    assert "GET /v1?api-key=***" in caplog.text  # the debug output exists, redacted
    for secret in ("HEADER-SECRET", "KEY-SECRET", "QUERY-SECRET"):
        assert secret not in caplog.text


# --- in-memory pair -------------------------------------------------------------------------------


async def test_memory_pair_carries_messages_both_ways(anyio_backend: str) -> None:
    left, right = memory_transport_pair()
    await left.send_text("to right")
    await left.send_text("as bytes ✓".encode())
    assert await right.receive_text() == "to right"
    assert await right.receive_text() == "as bytes ✓"
    await left.send_text("to right")
    await right.send_text("to left")
    assert await right.receive_text() == "to right"
    assert await left.receive_text() == "to left"
    assert not left.closed
    assert not right.closed


@pytest.mark.parametrize(
    ("code", "reason", "error_class"),
    [
        (1000, "", ConnectionClosedOK),
        (1001, "going away", ConnectionClosedOK),
        (4000, "custom", ConnectionClosedError),
        (1006, "", ConnectionClosedError),
    ],
)
async def test_memory_close_drains_then_raises_matching_error(
    anyio_backend: str, code: int, reason: str, error_class: type[Exception]
) -> None:
    left, right = memory_transport_pair()
    await left.send_text("one")
    await left.send_text("two")
    await left.aclose(code, reason)
    assert left.closed
    assert right.closed
    assert await right.receive_text() == "one"
    assert await right.receive_text() == "two"
    for receive in (right.receive_text, left.receive_text):
        with pytest.raises(error_class) as info:
            await receive()
        assert (info.value.code, info.value.reason) == (code, reason)  # type: ignore[attr-defined]
    with pytest.raises(error_class):
        await right.send_text("after close")


async def test_memory_send_blocks_on_full_buffer_and_close_wakes_it(anyio_backend: str) -> None:
    left, right = memory_transport_pair(max_buffer=2)
    await left.send_text("1")
    await left.send_text("2")
    with anyio.move_on_after(0.05) as scope:
        await left.send_text("3")
    assert scope.cancelled_caught
    assert await right.receive_text() == "1"
    await left.send_text("3")

    async def blocked_send() -> None:
        with pytest.raises(ConnectionClosedError) as info:
            await left.send_text("4")
        assert info.value.code == 1011

    async with anyio.create_task_group() as tg:
        tg.start_soon(blocked_send)
        await anyio.sleep(0.01)
        await right.aclose(1011, "fault injected")
    assert [await right.receive_text(), await right.receive_text()] == ["2", "3"]


async def test_memory_cancelled_receive_loses_no_message(anyio_backend: str) -> None:
    left, right = memory_transport_pair(max_buffer=4)

    async def produce() -> None:
        for i in range(300):
            await left.send_text(str(i))
            if i % 5 == 0:
                await anyio.lowlevel.checkpoint()

    received: list[str] = []
    async with anyio.create_task_group() as tg:
        tg.start_soon(produce)
        with anyio.fail_after(GUARD):
            while len(received) < 300:
                with anyio.CancelScope() as scope:
                    tg.start_soon(_cancel_soon, scope)
                    received.append(await right.receive_text())
    assert received == [str(i) for i in range(300)]


async def _cancel_soon(scope: anyio.CancelScope) -> None:
    await anyio.lowlevel.checkpoint()
    scope.cancel()


async def test_a_send_with_room_still_waits_behind_a_sender_in_line(anyio_backend: str) -> None:
    # A send skips the send lock only when nobody is in line: a sender holding it (as one waiting
    # at the outbox's high-water mark does) keeps its place even when the outbox has room.
    client_ws, server_ws, _ = pipe_pair()
    async with client_ws._running(), server_ws._running():
        sent = anyio.Event()

        async def send_later() -> None:
            await client_ws.send_text("later")
            sent.set()

        async with anyio.create_task_group() as tg:
            async with client_ws._send_lock:  # a sender in line
                tg.start_soon(send_later)
                await anyio.wait_all_tasks_blocked()
                assert not sent.is_set()  # it waits for its turn, its frame not built
                assert not client_ws._outbox
            with anyio.fail_after(GUARD):
                await sent.wait()
        assert await server_ws.receive_text() == "later"
