"""`serve_websocket()`: a WebSocket server on anyio, for the fake servers and tests.

Accepts TCP (and optionally TLS) connections, runs the server side of the opening handshake with
websockets' `ServerProtocol` (a handler may answer with a plain HTTP response instead, see
`http_response()`), and hands each connection to the handler as a `WebSocketTransport`.
"""

from __future__ import annotations

import dataclasses
import http
import inspect
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio
import anyio.abc
from anyio.abc import SocketAttribute
from anyio.streams.tls import TLSListener
from websockets.datastructures import Headers
from websockets.extensions.permessage_deflate import (
    ServerPerMessageDeflateFactory,
)
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol

from .._exceptions import (
    ConnectionClosed,
)
from ._queue import background_tasks, write_chunks
from .websocket import (
    _HANDSHAKE_ERRORS,
    DEFAULT_MAX_MESSAGE_SIZE,
    WebSocketTransport,
    _receive_handshake,
    logger,
    protocol_logger,
)

Handler = Callable[[WebSocketTransport[ServerProtocol]], Awaitable[None]]


ProcessRequest = Callable[[Request], Response | Awaitable[Response | None] | None]


class WebSocketServer:
    """A running server made by `serve_websocket()`.

    Attributes:
        host: the address listened on.
        port: the TCP port listened on (the one picked by the OS when 0 was asked).
    """

    def __init__(self, host: str, port: int, *, secure: bool = False) -> None:
        self.host = host
        self.port = port
        self.secure = secure

    @property
    def url(self) -> str:
        """`ws://host:port` for clients (`wss://` when serving TLS)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'wss' if self.secure else 'ws'}://{host}:{self.port}"

    def __repr__(self) -> str:
        return f"WebSocketServer({self.url!r})"


@dataclasses.dataclass(frozen=True)
class _ServerOptions:
    handler: Handler
    process_request: ProcessRequest | None
    max_message_size: int
    compression: bool
    max_queue: int
    ping_interval: float | None
    ping_timeout: float | None
    open_timeout: float
    close_timeout: float


@asynccontextmanager
async def serve_websocket(
    handler: Handler,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    process_request: ProcessRequest | None = None,
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    compression: bool = True,
    max_queue: int = 64,
    ping_interval: float | None = 20.0,
    ping_timeout: float | None = 20.0,
    open_timeout: float = 10.0,
    close_timeout: float = 5.0,
    ssl_context: ssl.SSLContext | None = None,
) -> AsyncIterator[WebSocketServer]:
    """Serve WebSocket connections on `host:port` for the duration of an `async with` block.

    ```python
    async def echo(ws):
        while True:
            await ws.send_text(await ws.receive_text())

    async with serve_websocket(echo) as server:
        async with connect_websocket(server.url) as ws: ...
    ```

    * `handler(transport)` runs once per connection; the transport's `request` holds the path and
      headers. The connection is closed with 1000 when the handler returns, 1011 when it raises
      (the error is logged), 1001 when the server shuts down. A handler ending with
      `ConnectionClosed` (the client left) is a normal end.
    * `process_request(request)` (plain or async) may refuse the upgrade by returning a
      `websockets.http11.Response`, for example `http_response(401, '{"error": ...}')`; None accepts.
    * permessage-deflate is accepted when `compression` is true and the client offers it.
    * The other options mean what they mean for `connect_websocket()`; `open_timeout` bounds the
      client's upgrade request.
    * `ssl_context` (a server-side context with a certificate) serves wss:// instead of ws://.
    * Leaving the block stops listening and closes every connection.
    """
    options = _ServerOptions(
        handler=handler,
        process_request=process_request,
        max_message_size=max_message_size,
        compression=compression,
        max_queue=max_queue,
        ping_interval=ping_interval,
        ping_timeout=ping_timeout,
        open_timeout=open_timeout,
        close_timeout=close_timeout,
    )
    tcp_listener = await anyio.create_tcp_listener(local_host=host, local_port=port)
    server = WebSocketServer(
        host, tcp_listener.extra(SocketAttribute.local_port), secure=ssl_context is not None
    )
    listener: anyio.abc.Listener[Any] = tcp_listener
    if ssl_context is not None:
        # RFC 6455 §3: wss is WebSocket over TLS; the TLS handshake runs per connection.
        listener = TLSListener(tcp_listener, ssl_context, standard_compatible=False)
    async with listener, background_tasks() as tg:
        tg.start_soon(listener.serve, partial(_serve_connection, options), tg)
        logger.info("serving WebSocket connections on %s", server.url)
        yield server


def http_response(
    status: int,
    body: str | bytes = b"",
    *,
    content_type: str = "text/plain; charset=utf-8",
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = (),
) -> Response:
    """An HTTP response refusing a WebSocket upgrade, for `serve_websocket(process_request=...)`."""
    data = body.encode() if isinstance(body, str) else body
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    response_headers = Headers(
        [("Connection", "close"), ("Content-Length", str(len(data)))],
    )
    if data:
        response_headers["Content-Type"] = content_type
    for name, value in headers.items() if isinstance(headers, Mapping) else headers:
        response_headers[name] = value
    return Response(status, phrase, response_headers, data)


async def _serve_connection(options: _ServerOptions, stream: anyio.abc.ByteStream) -> None:
    """Run the opening handshake, then the handler, then the closing handshake for one client."""
    address = stream.extra(SocketAttribute.remote_address)
    peer = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
    transport = None
    try:
        transport = await _accept(stream, options, peer)
    finally:
        if transport is None:  # refused, failed or cancelled: the stream is still ours to close
            await anyio.aclose_forcefully(stream)
    if transport is None:
        return
    async with transport._running():
        code, reason = 1000, ""
        try:
            await options.handler(transport)
        except anyio.get_cancelled_exc_class():
            code, reason = 1001, "server shutting down"
            raise
        except ConnectionClosed:
            pass
        except Exception:
            logger.exception("WebSocket handler failed for %s", peer)
            code, reason = 1011, "internal error"
        finally:
            with anyio.CancelScope(shield=True):
                await transport.aclose(code, reason)


async def _accept(
    stream: anyio.abc.ByteStream, options: _ServerOptions, peer: str
) -> WebSocketTransport[ServerProtocol] | None:
    """Answer the client's upgrade request (RFC 6455 §4.2); None when refused or failed.

    The stream is left open for the caller to close, or owned by the returned transport.
    """
    extensions = (
        [
            ServerPerMessageDeflateFactory(
                server_max_window_bits=12,
                client_max_window_bits=12,
                compress_settings={"memLevel": 5},
            )
        ]
        if options.compression
        else None
    )
    protocol = ServerProtocol(
        extensions=extensions, max_size=options.max_message_size, logger=protocol_logger
    )
    try:
        with anyio.fail_after(options.open_timeout):
            events = await _receive_handshake(stream, protocol)
            if not events or not isinstance(events[0], Request):
                logger.info("invalid WebSocket handshake from %s: %s", peer, protocol.handshake_exc)
                return None
            request = events[0]
            response = await _response_for(request, protocol, options.process_request, peer)
            protocol.send_response(response)
            await write_chunks(stream, protocol.data_to_send())
    except (TimeoutError, *_HANDSHAKE_ERRORS) as exc:
        logger.info("WebSocket handshake with %s failed: %r", peer, exc)
        return None
    if response.status_code != 101:
        # The response ends with our EOF; let the client read it and close first (no RST).
        with anyio.move_on_after(options.close_timeout):
            try:
                while await stream.receive():
                    pass
            except _HANDSHAKE_ERRORS:
                pass
        return None
    logger.info("accepted WebSocket connection from %s to %s", peer, request.path.split("?")[0])
    return WebSocketTransport(
        stream,
        protocol,
        request=request,
        response=response,
        peer=peer,
        max_queue=options.max_queue,
        ping_interval=options.ping_interval,
        ping_timeout=options.ping_timeout,
        close_timeout=options.close_timeout,
        pending_events=events[1:],
    )


async def _response_for(
    request: Request,
    protocol: ServerProtocol,
    process_request: ProcessRequest | None,
    peer: str,
) -> Response:
    if process_request is not None:
        try:
            result = process_request(request)
            if inspect.isawaitable(result):
                result = await result
        except Exception:
            logger.exception("process_request failed for %s", peer)
            return protocol.reject(500, "Failed to open a WebSocket connection.\n")
        if result is not None:
            assert isinstance(result, Response)
            return result
    return protocol.accept(request)
