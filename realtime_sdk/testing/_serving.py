"""What the fake and the replay servers share: a loopback WebSocket listener with the OpenAI
handshake checks (path, API key), an in-memory variant, and their lifetime in a task group."""

from __future__ import annotations

import contextlib
import os
import ssl
import tempfile
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

import anyio
import anyio.abc
import orjson
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol
from websockets.typing import Subprotocol

from .._exceptions import UsageError, handshake_error
from .._transports import (
    MemoryTransport,
    Transport,
    WebSocketTransport,
    http_response,
    memory_transport_pair,
    protocol_logger,
    serve_websocket,
)

__all__ = ["LoopbackServer", "ThrowawayCA", "auth_ok", "lower_headers", "offered_subprotocols"]

R = TypeVar("R")  # the per-connection record type

UNAUTHORIZED = orjson.dumps(
    {
        "error": {
            "message": "Incorrect API key provided. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    }
).decode()

NOT_FOUND = orjson.dumps(
    {
        "error": {
            "message": "Invalid URL: the Realtime API is served at /v1/realtime.",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }
).decode()


# Browser-style clients cannot set headers on a WebSocket: they offer these subprotocols instead
# (openai-node's `OpenAIRealtimeWebSocket`, @openai/agents-realtime; the API reference's
# "WebSocket" guide). The server answers with `realtime`.
SUBPROTOCOL_REALTIME = "realtime"
SUBPROTOCOL_KEY_PREFIX = "openai-insecure-api-key."
SUBPROTOCOL_BETA = "openai-beta.realtime-v1"


def offered_subprotocols(headers: Mapping[str, str]) -> list[str]:
    """The subprotocols offered in `Sec-WebSocket-Protocol` (lower-case header names)."""
    value = headers.get("sec-websocket-protocol", "")
    return [p.strip() for p in value.split(",") if p.strip()]


def auth_ok(headers: Mapping[str, str], api_key: str) -> bool:
    """True when `Authorization: Bearer <key>`, `api-key: <key>` or the subprotocol
    `openai-insecure-api-key.<key>` carries `api_key`."""
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip() == api_key:
        return True
    if headers.get("api-key", "") == api_key:
        return True
    return SUBPROTOCOL_KEY_PREFIX + api_key in offered_subprotocols(headers)


class ThrowawayCA:
    """A certificate authority made for one server, and a certificate it issued for loopback.

    Made with trustme (the `testing` extra); nothing is written to disk until `write()`.
    """

    def __init__(self) -> None:
        try:
            import trustme
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise UsageError(
                "tls=True needs trustme: pip install 'realtime-sdk[testing]'"
            ) from None
        self._ca = trustme.CA(organization_name="realtime_sdk fake server")
        self._leaf = self._ca.issue_cert("localhost", "127.0.0.1", "::1")
        self.pem: bytes = self._ca.cert_pem.bytes()
        self.path: str | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None

    def server_context(self) -> ssl.SSLContext:
        """A server-side context presenting the loopback certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._leaf.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client-side context (verification on) that trusts this CA."""
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context

    def write(self) -> str:
        """Write the CA certificate to a PEM file in a private temporary directory."""
        if self.path is None:
            self._dir = tempfile.TemporaryDirectory(prefix="realtime-sdk-fake-ca-")
            path = os.path.join(self._dir.name, "ca.pem")
            with open(path, "wb") as file:
                file.write(self.pem)
            self.path = path
        return self.path

    def remove(self) -> None:
        """Delete the PEM file written by `write()`."""
        directory, self._dir, self.path = self._dir, None, None
        if directory is not None:
            directory.cleanup()


def lower_headers(pairs: Any) -> dict[str, str]:
    """Header pairs as a dict with lower-case names (repeated headers joined with ", ")."""
    out: dict[str, str] = {}
    for name, value in pairs:
        key = str(name).lower()
        out[key] = f"{out[key]}, {value}" if key in out else str(value)
    return out


class LoopbackServer(Generic[R]):
    """Base of FakeRealtimeServer and ReplayServer: subclasses say how to record and run one
    connection (`_new_record`, `_run_connection`); this class listens, checks the handshake, and
    runs connections over WebSocket or in memory."""

    def __init__(
        self,
        *,
        api_key: str | None,
        host: str,
        port: int,
        ping_interval: float | None,
        ping_timeout: float | None,
        tls: bool = False,
    ) -> None:
        self._api_key = api_key
        self._tls: ThrowawayCA | None = ThrowawayCA() if tls else None
        self._host = host
        self._port = port
        self._ping_interval = ping_interval
        self._ping_timeout = ping_timeout
        self._stack: contextlib.AsyncExitStack | None = None
        self._tg: anyio.abc.TaskGroup | None = None
        self._bound_port: int | None = None

    # --- for subclasses ------------------------------------------------------------------------

    def _new_record(self, path: str, headers: Mapping[str, str], **options: Any) -> R:
        raise NotImplementedError

    async def _run_connection(self, transport: Transport, record: R) -> None:
        raise NotImplementedError

    def _max_queue(self) -> int:
        return 64

    def _not_running(self) -> UsageError:
        name = type(self).__name__
        return UsageError(f"the server is not running: use `async with {name}(...)`")

    # --- addresses -----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port listened on."""
        if self._bound_port is None:
            raise self._not_running()
        return self._bound_port

    @property
    def base_url(self) -> str:
        """`ws://127.0.0.1:PORT/v1` (`wss://` with TLS): a Session's `base_url`, openai-python's
        `websocket_base_url`."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "wss" if self._tls is not None else "ws"
        return f"{scheme}://{host}:{self.port}/v1"

    @property
    def url(self) -> str:
        """`ws://127.0.0.1:PORT/v1/realtime`: the Realtime endpoint."""
        return f"{self.base_url}/realtime"

    # --- TLS -----------------------------------------------------------------------------------

    def _ca(self) -> ThrowawayCA:
        if self._tls is None:
            raise UsageError(f"this {type(self).__name__} serves plain ws://: pass tls=True")
        return self._tls

    @property
    def ca_pem(self) -> bytes:
        """The throwaway CA's certificate (PEM) that signed the server's certificate (`tls=True`).

        Raises:
            UsageError: the server was made without `tls=True`.
        """
        return self._ca().pem

    @property
    def ca_path(self) -> str:
        """The path of a PEM file holding `ca_pem`, while the server runs (for other processes:
        `NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, `curl --cacert`); it is deleted on exit.

        Raises:
            UsageError: the server is not running, or was made without `tls=True`.
        """
        path = self._ca().path
        if path is None:
            raise self._not_running()
        return path

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """A new client `ssl.SSLContext` trusting the server's CA (`Session(ssl_context=...)`);
        certificate and host name verification stay on.

        Raises:
            UsageError: the server was made without `tls=True`.
        """
        return self._ca().client_context()

    # --- lifetime ------------------------------------------------------------------------------

    async def _start(self) -> None:
        if self._stack is not None:
            raise UsageError(f"this {type(self).__name__} is already running")
        stack = contextlib.AsyncExitStack()
        try:
            self._tg = await stack.enter_async_context(anyio.create_task_group())
            stack.callback(self._tg.cancel_scope.cancel)
            ws_server = await stack.enter_async_context(
                serve_websocket(
                    self._handle_websocket,
                    self._host,
                    self._port,
                    process_request=self._process_request,
                    ping_interval=self._ping_interval,
                    ping_timeout=self._ping_timeout,
                    max_queue=self._max_queue(),
                    ssl_context=None if self._tls is None else self._tls.server_context(),
                )
            )
            if self._tls is not None:
                self._tls.write()
                stack.callback(self._tls.remove)
        except BaseException:
            self._tg = None
            await stack.aclose()
            raise
        self._bound_port = ws_server.port
        self._stack = stack

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        stack, self._stack = self._stack, None
        self._tg = None
        if stack is not None:
            # The block's own exception is not handed to the task group, which would wrap it in
            # an ExceptionGroup: it propagates as itself once the server has stopped.
            try:
                await stack.aclose()
            except BaseException as exc:
                # On cancellation several exits re-raise one CancelledError, and AsyncExitStack
                # then makes it its own __context__: an AsyncExitStack of the caller's (as in the
                # examples) would loop forever walking that chain. Cut the cycle.
                _cut_context_cycle(exc)
                raise

    # --- connections ---------------------------------------------------------------------------

    def _process_request(self, request: Request) -> Response | None:
        """Refuse the upgrade for a wrong path (404) or a missing or wrong API key (401)."""
        path = request.path.split("?", 1)[0]
        if not path.rstrip("/").endswith("/realtime"):
            return http_response(404, NOT_FOUND, content_type="application/json")
        headers = lower_headers(request.headers.raw_items())
        if self._api_key is not None and not auth_ok(headers, self._api_key):
            return http_response(401, UNAUTHORIZED, content_type="application/json")
        if SUBPROTOCOL_REALTIME in offered_subprotocols(headers):
            # Echo `realtime`, as the real API does: browsers and Node's `ws` fail a handshake
            # that offered subprotocols and got none back. The answer is built by a protocol
            # object without extensions, so no compression is negotiated on this connection.
            protocol = ServerProtocol(
                subprotocols=[Subprotocol(SUBPROTOCOL_REALTIME)], logger=protocol_logger
            )
            return protocol.accept(request)
        return None

    async def _handle_websocket(self, transport: WebSocketTransport[ServerProtocol]) -> None:
        request = transport.request
        record = self._new_record(request.path, lower_headers(request.headers.raw_items()))
        await self._run_connection(transport, record)

    def _connect_memory(
        self,
        path: str,
        headers: Mapping[str, str] | None,
        max_buffer: int,
        **options: Any,
    ) -> MemoryTransport:
        if self._tg is None:
            raise self._not_running()
        lowered = {name.lower(): value for name, value in (headers or {}).items()}
        if self._api_key is not None and not auth_ok(lowered, self._api_key):
            raise handshake_error(401, UNAUTHORIZED)
        client, server_end = memory_transport_pair(max_buffer)
        record = self._new_record(path, lowered, **options)
        self._tg.start_soon(self._run_memory, server_end, record)
        return client

    async def _run_memory(self, transport: MemoryTransport, record: R) -> None:
        code, reason = 1000, ""
        try:
            await self._run_connection(transport, record)
        except anyio.get_cancelled_exc_class():
            code, reason = 1001, "server shutting down"
            raise
        finally:
            with anyio.CancelScope(shield=True):
                await transport.aclose(code, reason)


def _cut_context_cycle(exc: BaseException) -> None:
    """Make `exc`'s chain of `__context__` end, where it comes back to an exception already seen."""
    seen = {id(exc)}
    current = exc
    while current.__context__ is not None:
        if id(current.__context__) in seen:
            current.__context__ = None
            return
        seen.add(id(current.__context__))
        current = current.__context__
