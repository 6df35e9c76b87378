"""`connect_websocket()`: a client WebSocket connection, ws:// or wss://, on asyncio or trio.

Opens the byte stream (TCP, through a proxy when one is configured, then TLS), runs the opening
handshake (RFC 6455 section 4.1) with websockets' `ClientProtocol`, and hands the stream to a
`WebSocketTransport`. Failures become `ConnectError` or `RealtimeHandshakeError` (with the
original as `__cause__`); credentials never appear in a message or a log line.
"""

from __future__ import annotations

import re
import ssl
import urllib.parse
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager

import anyio
import anyio.abc
from websockets.client import ClientProtocol
from websockets.datastructures import Headers
from websockets.extensions.permessage_deflate import (
    ClientPerMessageDeflateFactory,
)
from websockets.http11 import USER_AGENT, Request, Response
from websockets.protocol import Event
from websockets.uri import WebSocketURI, parse_uri

from .._exceptions import (
    ConfigurationError,
    ConnectError,
    ProxyError,
    RealtimeHandshakeError,
    handshake_error,
)
from .._proxy import PROXY_FROM_ENV, ProxySetting, ProxyURL, open_stream, resolve_proxy
from .._redact import MASK, is_secret_name, redact_url, secret_values
from ._queue import write_chunks
from .websocket import (
    _HANDSHAKE_ERRORS,
    DEFAULT_MAX_MESSAGE_SIZE,
    WebSocketTransport,
    _receive_handshake,
    logger,
    protocol_logger,
)


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
    with connect_errors(f"could not connect to {where}"):
        return await open_stream(
            uri.host, uri.port, tls=uri.secure, ssl_context=ssl_context, proxy=proxy
        )


@contextmanager
def connect_errors(failure: str) -> Iterator[None]:
    """Map what a byte stream raises while a connection opens to `ConnectError("{failure}: why")`.

    The one place where the lower layers' errors (OS and TLS errors, anyio's broken, closed and
    ended streams) become the SDK's while connecting; the original is the `__cause__`. A
    `ProxyError` (already the SDK's, see `_proxy`) passes through. Once the connection is open,
    `WebSocketTransport` reports the same errors (`STREAM_ERRORS`) as a 1006 `ConnectionClosed`.
    """
    try:
        yield
    except ProxyError:
        raise
    except _HANDSHAKE_ERRORS as exc:
        raise ConnectError(f"{failure}: {_describe(exc)}") from exc


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
    with connect_errors(f"connection to {where} failed during the handshake"):
        await write_chunks(stream, protocol.data_to_send())
        events = await _receive_handshake(stream, protocol)
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
