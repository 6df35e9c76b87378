"""The transport layer: text messages in and out of a connection.

* `Transport`: the small interface the session uses.
* `connect_websocket()`: a client WebSocket connection (ws:// or wss://) on asyncio or trio.
* `serve_websocket()`: a WebSocket server, for fake servers and tests.
* `memory_transport_pair()`: two connected in-memory transports, for tests without sockets.

The WebSocket implementation drives websockets' Sans-I/O protocol objects over anyio byte streams
(see `realtime_sdk._ws`). Lower-layer errors (OS, TLS, anyio, websockets) become `ConnectError`,
handshake errors (`handshake_error()`) or `ConnectionClosed` here, with the original as `__cause__`.
"""

from __future__ import annotations

import dataclasses
import http
import inspect
import re
import ssl
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import anyio.abc
from anyio.abc import SocketAttribute
from anyio.lowlevel import checkpoint
from anyio.streams.tls import TLSListener
from websockets.client import ClientProtocol
from websockets.datastructures import Headers
from websockets.extensions.permessage_deflate import (
    ClientPerMessageDeflateFactory,
    ServerPerMessageDeflateFactory,
)
from websockets.http11 import USER_AGENT, Request, Response
from websockets.protocol import Event
from websockets.server import ServerProtocol
from websockets.uri import WebSocketURI, parse_uri

from ._exceptions import (
    ConfigurationError,
    ConnectError,
    ConnectionClosed,
    ProxyError,
    RealtimeHandshakeError,
    UsageError,
    connection_closed,
    handshake_error,
)
from ._proxy import PROXY_FROM_ENV, ProxySetting, ProxyURL, open_stream, resolve_proxy
from ._redact import MASK, is_secret_name, redact_url, secret_values
from ._ws import (
    STREAM_ERRORS,
    BoundedQueue,
    WebSocketTransport,
    background_tasks,
    logger,
    protocol_logger,
    write_chunks,
)

__all__ = [
    "MemoryTransport",
    "Transport",
    "WebSocketServer",
    "WebSocketTransport",
    "connect_websocket",
    "http_response",
    "memory_transport_pair",
    "serve_websocket",
]

DEFAULT_MAX_MESSAGE_SIZE = 16 * 2**20

# Handshake errors (timeouts aside) while a byte stream is open.
_HANDSHAKE_ERRORS = (*STREAM_ERRORS, anyio.EndOfStream)


class Transport(Protocol):
    """What a session needs from a connection: text messages both ways, and a close."""

    async def send_text(self, text: str | bytes) -> None:
        """Send one text message; raise `ConnectionClosed` once the connection is closed.

        `bytes` are taken as UTF-8 text already encoded (what `orjson.dumps` returns).
        """
        ...

    async def receive_text(self) -> str:
        """Return the next text message.

        Raises `ConnectionClosedOK` / `ConnectionClosedError` once the connection is closed and
        every message received before the close has been returned.
        """
        ...

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection with `code` and `reason`; idempotent."""
        ...

    @property
    def closed(self) -> bool:
        """True once the connection is closing or closed (nothing more can be sent)."""
        ...


# --- in-memory pair -------------------------------------------------------------------------------


class _MemoryLink:
    """State shared by the two ends of an in-memory connection."""

    __slots__ = ("close", "queues")

    def __init__(self, max_buffer: int) -> None:
        self.queues = (BoundedQueue[str](max_buffer), BoundedQueue[str](max_buffer))
        self.close: tuple[int, str] | None = None  # code and reason of the first side that closed


class MemoryTransport:
    """One end of an in-memory connection made by `memory_transport_pair()`.

    Sending blocks while the peer has `max_buffer` unread messages. After either side calls
    `aclose(code, reason)`, both sides' `receive_text()` return the messages already buffered and
    then raise `ConnectionClosedOK` (1000, 1001) or `ConnectionClosedError` (any other code) with
    that code and reason; sends raise it at once. For fault injection any code from 1000 to 4999
    is accepted, including 1006 ("connection lost", which no real close frame can carry).
    A cancelled `receive_text()` takes no message.
    """

    def __init__(self, link: _MemoryLink, side: int) -> None:
        self._link = link
        self._inbox = link.queues[side]
        self._outbox = link.queues[1 - side]

    @property
    def closed(self) -> bool:
        """True once either side closed."""
        return self._link.close is not None

    async def send_text(self, text: str | bytes) -> None:
        """Queue one message for the peer, waiting while its buffer is full."""
        if isinstance(text, bytes):
            text = text.decode()
        try:
            await self._outbox.put(text)
        except anyio.ClosedResourceError:
            raise self._closed_exception() from None

    async def receive_text(self) -> str:
        """Return the next message from the peer; raise `ConnectionClosed` once closed and drained."""
        try:
            return await self._inbox.get()
        except anyio.EndOfStream:
            raise self._closed_exception() from None

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close both directions with `code` and `reason`; idempotent (the first close wins)."""
        if not 1000 <= code <= 4999:
            raise UsageError(f"invalid close code {code}")
        if self._link.close is None:
            self._link.close = (code, reason)
            for queue in self._link.queues:
                queue.close()
        await checkpoint()

    def _closed_exception(self) -> ConnectionClosed:
        assert self._link.close is not None
        return connection_closed(*self._link.close)


def memory_transport_pair(max_buffer: int = 64) -> tuple[MemoryTransport, MemoryTransport]:
    """Two connected in-memory transports: what one sends, the other receives."""
    link = _MemoryLink(max_buffer)
    return MemoryTransport(link, 0), MemoryTransport(link, 1)


# --- client -----------------------------------------------------------------------------------------


@asynccontextmanager
async def connect_websocket(
    url: str,
    *,
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    ssl_context: ssl.SSLContext | None = None,
    open_timeout: float = 10.0,
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    ping_interval: float | None = 20.0,
    ping_timeout: float | None = 20.0,
    close_timeout: float = 5.0,
    compression: bool = True,
    max_queue: int = 64,
    proxy: ProxySetting = PROXY_FROM_ENV,
) -> AsyncIterator[WebSocketTransport[ClientProtocol]]:
    """Open a client WebSocket connection for the duration of an `async with` block.

    ```python
    async with connect_websocket("wss://host/path", headers={"Authorization": "Bearer ..."}) as ws:
        await ws.send_text('{"type": "ping"}')
        reply = await ws.receive_text()
    ```

    * wss:// uses `ssl_context`, by default `ssl.create_default_context()` (system trust store,
      host name checked against the URL's host, sent as SNI).
    * TCP connect, TLS and the HTTP upgrade together take at most `open_timeout` seconds.
    * permessage-deflate (RFC 7692) is offered when `compression` is true.
    * Received messages over `max_message_size` bytes fail the connection with 1009; at most
      `max_queue` messages wait unread before reading from the socket pauses.
    * A ping is sent every `ping_interval` seconds (None: never); no pong within `ping_timeout`
      seconds closes the connection with 1011.
    * Leaving the block closes the connection (code 1000), waiting at most `close_timeout` seconds
      for the peer.
    * `proxy`: a proxy URL (`http://`, `https://`, `socks5://`; user:password@ for credentials),
      None for no proxy, or by default the one HTTPS_PROXY / HTTP_PROXY / ALL_PROXY give unless
      NO_PROXY names the host. `ssl_context` also verifies an `https://` proxy.

    Raises:
        ConfigurationError: the URL or an option is invalid.
        ConnectError: DNS, TCP or TLS failure, connection refused, open timeout, or an invalid
            handshake response.
        ProxyError: the proxy could not be reached or refused the tunnel (a ConnectError).
        RealtimeHandshakeError: the server answered the upgrade with another status than 101
            (AuthenticationError for 401/403, NotFoundError for 404, RateLimitError for 429); a
            redirect is refused, never followed.
    """
    if open_timeout <= 0 or close_timeout <= 0 or max_queue < 1 or max_message_size < 1:
        raise ConfigurationError(
            "open_timeout and close_timeout must be positive, max_queue and max_message_size at least 1"
        )
    uri = _parse_url(url)
    safe_url = _safe_url(url)
    proxy_url = resolve_proxy(proxy, secure=uri.secure, host=uri.host, port=uri.port)
    extensions = (
        [ClientPerMessageDeflateFactory(compress_settings={"memLevel": 5})] if compression else None
    )
    header_items = list(headers.items() if isinstance(headers, Mapping) else headers)
    protocol = ClientProtocol(
        uri,
        extensions=extensions,
        max_size=max_message_size,
        logger=protocol_logger.with_secrets(secret_values(header_items, url)),
    )
    request = protocol.connect()
    for name, value in header_items:
        _check_header(name, value)
        request.headers[name] = value
    if "User-Agent" not in request.headers:
        request.headers["User-Agent"] = USER_AGENT

    where = f"{uri.host}:{uri.port}"
    logger.debug(
        "opening WebSocket connection to %s%s",
        safe_url,
        f" through the proxy {proxy_url.safe_url}" if proxy_url is not None else "",
    )
    try:
        with anyio.fail_after(open_timeout):
            stream = await _open_stream(uri, ssl_context, where, proxy_url)
            try:
                response, pending = await _client_handshake(
                    stream, protocol, request, where, safe_url
                )
            except BaseException:
                await anyio.aclose_forcefully(stream)
                raise
    except TimeoutError as exc:
        raise ConnectError(
            f"timed out after {open_timeout:g} s opening a WebSocket connection to {where}"
            + (f" through the proxy {proxy_url.safe_url}" if proxy_url is not None else "")
        ) from exc

    transport = WebSocketTransport(
        stream,
        protocol,
        request=_masked(request),
        response=response,
        peer=safe_url,
        max_queue=max_queue,
        ping_interval=ping_interval,
        ping_timeout=ping_timeout,
        close_timeout=close_timeout,
        pending_events=pending,
    )
    extension_names = ", ".join(type(ext).__name__ for ext in protocol.extensions) or "none"
    logger.info("connected to %s (extensions: %s)", safe_url, extension_names)
    async with transport._running():
        try:
            yield transport
        finally:
            with anyio.CancelScope(shield=True):
                await transport.aclose()


def _parse_url(url: str) -> WebSocketURI:
    try:
        return parse_uri(url)
    except Exception:
        # `from None`: websockets' message repeats the URL, which may carry a secret.
        raise ConfigurationError(
            f"invalid WebSocket URL {_safe_url(url)!r}: expected ws://host[:port]/path or wss://..."
        ) from None


def _safe_url(url: str) -> str:
    """`url` for logs and messages: no user:password, credential-like query values masked."""
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return redact_url(url)


def _masked(request: Request) -> Request:
    """A copy of `request` fit to keep and show: credential header values and query masked."""
    headers = Headers(
        (name, MASK if is_secret_name(name) else value)
        for name, value in request.headers.raw_items()
    )
    return Request(redact_url(request.path), headers)


_TOKEN = re.compile(r"[-!#$%&'*+.^_`|~0-9A-Za-z]+")  # RFC 9110 §5.6.2


def _check_header(name: str, value: str) -> None:
    # RFC 9110 §5.5: no CR, LF or NUL in a field value (they would inject headers).
    if not _TOKEN.fullmatch(name):
        raise ConfigurationError(f"invalid HTTP header name {name!r}")
    if any(char in value for char in "\r\n\0"):
        raise ConfigurationError(f"invalid value for HTTP header {name!r} (CR, LF or NUL)")


async def _open_stream(
    uri: WebSocketURI, ssl_context: ssl.SSLContext | None, where: str, proxy: ProxyURL | None
) -> anyio.abc.ByteStream:
    """TCP (and TLS for wss://) connection to the URL's host, through `proxy` (see `_proxy`)."""
    try:
        return await open_stream(
            uri.host, uri.port, tls=uri.secure, ssl_context=ssl_context, proxy=proxy
        )
    except ProxyError:
        raise
    except _HANDSHAKE_ERRORS as exc:
        raise ConnectError(f"could not connect to {where}: {_describe(exc)}") from exc


def _describe(exc: BaseException) -> str:
    """A readable reason for a connection failure (anyio wraps per-address errors as the cause)."""
    reason = str(exc) or type(exc).__name__
    cause = exc.__cause__
    group: Sequence[BaseException] | None = getattr(cause, "exceptions", None)  # an ExceptionGroup
    if group:
        reason += " (" + "; ".join(str(sub) for sub in group) + ")"
    elif cause is not None and str(cause):
        reason += f" ({cause})"
    return reason


async def _client_handshake(
    stream: anyio.abc.ByteStream,
    protocol: ClientProtocol,
    request: Request,
    where: str,
    safe_url: str,
) -> tuple[Response, list[Event]]:
    """Send the upgrade request (RFC 6455 §4.1); return the 101 response and events after it."""
    protocol.send_request(request)
    try:
        await write_chunks(stream, protocol.data_to_send())
        events = await _receive_handshake(stream, protocol)
    except _HANDSHAKE_ERRORS as exc:
        raise ConnectError(f"connection to {where} failed during the handshake: {exc!r}") from exc
    if not events or not isinstance(events[0], Response):
        failure = protocol.handshake_exc
        reason = (
            f"{failure}: {failure.__cause__}" if failure and failure.__cause__ else str(failure)
        )
        raise ConnectError(f"no valid handshake response from {where}: {reason}") from failure
    response = events[0]
    status = response.status_code
    if status != 101:
        body = response.body.decode("utf-8", "replace")
        if 300 <= status < 400:
            raise _redirect_refused(response, body, safe_url)
        secrets = secret_values(request.headers.raw_items(), request.path)
        raise handshake_error(status, body, url=safe_url, secrets=secrets) from (
            protocol.handshake_exc
        )
    if protocol.handshake_exc is not None:
        raise ConnectError(
            f"invalid handshake response from {where}: {protocol.handshake_exc}"
        ) from protocol.handshake_exc
    return response, events[1:]


def _redirect_refused(response: Response, body: str, safe_url: str) -> RealtimeHandshakeError:
    locations = response.headers.get_all("Location")
    target = redact_url(locations[0]) if locations else "an unspecified location"
    error = handshake_error(response.status_code, body, url=safe_url)
    error.args = (
        f"WebSocket handshake answered with HTTP {response.status_code} from {safe_url}: "
        f"redirect to {target} refused (redirects are not followed)",
    )
    return error


async def _receive_handshake(
    stream: anyio.abc.ByteStream, protocol: ClientProtocol | ServerProtocol
) -> list[Event]:
    """Feed the protocol until it parsed the peer's handshake message (or gave up on it)."""
    while True:
        try:
            data = await stream.receive()
        except anyio.EndOfStream:
            protocol.receive_eof()
        else:
            protocol.receive_data(data)
        events = protocol.events_received()
        if events or protocol.handshake_exc is not None:
            return events


# --- server -----------------------------------------------------------------------------------------

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


if TYPE_CHECKING:
    # Both implementations satisfy the interface.
    def _implements_transport(
        ws: WebSocketTransport[ClientProtocol], memory: MemoryTransport
    ) -> tuple[Transport, Transport]:
        return ws, memory
