"""`FakeRealtimeServer`: the fake engine served over WebSocket (loopback) or an in-memory pair."""

from __future__ import annotations

import contextlib
import logging
import math
from collections import deque
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import anyio
import anyio.abc
import attrs
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from websockets.http11 import Request, Response

from .._codec import decode_client_event, encode_server_event
from .._exceptions import ConnectionClosed, EventDecodeError
from .._transports import (
    MemoryTransport,
    Transport,
    WebSocketTransport,
)
from ..events import UnknownEvent
from ..events._base import Model
from ._calls import CallsMixin, FakeCallsAPI, call_session, serve_http
from ._engine import FakeDialect, FakeRealtimeEngine
from ._responder import Disconnect, Responder, default_responder
from ._serving import SUBPROTOCOL_BETA, LoopbackServer, offered_subprotocols

__all__ = ["ConnectionRecord", "Faults", "FakeRealtimeServer"]

logger = logging.getLogger("realtime_sdk.testing.server")
"""Each event received and sent, at DEBUG (`realtime-sdk fake-server -v` shows them)."""

_INBOX_SIZE = 16
_MALFORMED_FRAME = '{"type": "response.output_text.delta", "delta": '  # cut short: not JSON
_UNKNOWN_EVENT_TYPE = "fake.unknown_event"


@attrs.frozen(kw_only=True)
class Faults:
    """Faults the server injects on every connection; each is off when None.

    Counts are server events sent by the engine (`session.created` is the first), so
    `close_after=1` closes right after `session.created`.

    Attributes:
        close_abruptly_after: drop the connection without a close frame (the client sees 1006).
        close_after: close with `close_code` and `close_reason`.
        malformed_frame_after: send one text frame that is not JSON.
        unknown_event_after: send one event of an unknown type (`fake.unknown_event`).
        stop_reading_after: after this many client messages, stop reading from the connection,
            as a hung server does: once the client has sent a few more messages the socket is no
            longer read, so its pings go unanswered.
        max_session_duration: seconds after which each session expires as on the real service
            (60 minutes there): an `error` event with code `session_expired` ("Your session hit
            the maximum duration of N minutes.", N in minutes), then a close with 1001 and the
            same message as its reason.
            `expires_at` in `session.created` is set from it.

    Faults in the middle of a response (a close 1011, a dropped TCP connection) are responder
    actions: `Reply(disconnect=Disconnect(...))`; so are scripted `rate_limits`. The idle timeout
    is the session's own setting (`ServerVAD(idle_timeout_ms=...)`).
    """

    close_abruptly_after: int | None = None
    close_after: int | None = None
    close_code: int = 1011
    close_reason: str = "fake server fault"
    malformed_frame_after: int | None = None
    unknown_event_after: int | None = None
    stop_reading_after: int | None = None
    max_session_duration: float | None = attrs.field(default=None)

    @max_session_duration.validator
    def _check_duration(self, _: Any, value: float | None) -> None:
        if value is not None and not (value > 0 and math.isfinite(value)):
            raise ValueError(f"max_session_duration must be a positive number, got {value!r}")


class ConnectionRecord:
    """What happened on one connection, for assertions.

    Attributes:
        index: 0 for the server's first connection, then 1, 2...
        dialect: the dialect spoken on it ("ga" or "beta").
        path: the request path without the query (`/v1/realtime`).
        query: the query parameters (`{"model": "gpt-realtime"}`).
        headers: the handshake request headers, names in lower case (the repr never shows them:
            they hold the API key).
        received: the client events received, typed, in order (`UnknownEvent` for unknown
            types; malformed messages are not events and are counted in `malformed`).
        sent: the server events sent, typed, in order.
        malformed: how many client messages could not be decoded.
        engine: the connection's `FakeRealtimeEngine` (its session, conversation...).
        closed: set once the connection has ended.
    """

    def __init__(
        self,
        *,
        index: int,
        dialect: FakeDialect,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        engine: FakeRealtimeEngine,
        max_records: int,
    ) -> None:
        self.index = index
        self.dialect: FakeDialect = dialect
        self.path = path
        self.query: dict[str, str] = dict(query)
        self.headers: dict[str, str] = dict(headers)
        self.engine = engine
        self.received: deque[Model] = deque(maxlen=max_records)
        self.sent: deque[Model] = deque(maxlen=max_records)
        self.malformed = 0
        self.closed = anyio.Event()

    def received_types(self) -> list[str]:
        """The `type` of each client event received, in order."""
        return [str(getattr(e, "type", "")) for e in self.received]

    def sent_types(self) -> list[str]:
        """The `type` of each server event sent, in order."""
        return [str(getattr(e, "type", "")) for e in self.sent]

    def __repr__(self) -> str:
        return (
            f"ConnectionRecord(index={self.index}, dialect={self.dialect!r}, path={self.path!r}, "
            f"received={len(self.received)}, sent={len(self.sent)})"
        )


class _Closed(Exception):
    """The connection ended (the client left, or a fault closed it)."""


class _Connection:
    """Runs one connection: reads client messages, feeds the engine, sends its events."""

    def __init__(self, transport: Transport, record: ConnectionRecord, faults: Faults) -> None:
        self.transport = transport
        self.record = record
        self.engine = record.engine
        self.faults = faults
        self.events_sent = 0
        self.messages_read = 0
        self.injected: set[str] = set()

    async def run(self) -> None:
        send, receive = anyio.create_memory_object_stream[str](_INBOX_SIZE)
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._read, send)
                with contextlib.suppress(_Closed):
                    await self._serve(receive)
                tg.cancel_scope.cancel()
        finally:
            receive.close()
            self.record.closed.set()

    async def _expire(self) -> None:
        """The session reached its maximum duration: `error` session_expired, close 1001."""
        await self._send(self.engine.expire())
        await self.transport.aclose(1001, self.engine.expiry_message)
        raise _Closed

    async def _read(self, inbox: MemoryObjectSendStream[str]) -> None:
        async with inbox:
            while True:
                stop = self.faults.stop_reading_after
                if stop is not None and self.messages_read >= stop:
                    await anyio.sleep_forever()
                try:
                    text = await self.transport.receive_text()
                except ConnectionClosed:
                    return
                self.messages_read += 1
                await inbox.send(text)

    async def _serve(self, inbox: MemoryObjectReceiveStream[str]) -> None:
        duration = self.engine.max_session_duration
        # Deadlines are checked between sends (never by cancelling one halfway).
        expires_at = anyio.current_time() + (math.inf if duration is None else duration)
        await self._fault_point()
        await self._send(self.engine.start())
        next_step_at = -math.inf
        activity, idle_since = self.engine.activity, anyio.current_time()
        while True:
            if anyio.current_time() >= expires_at:
                await self._expire()
            if not self.engine.responding:
                if self.engine.activity != activity:
                    activity, idle_since = self.engine.activity, anyio.current_time()
                idle_ms = self.engine.idle_timeout_ms
                idle_at = math.inf if idle_ms is None else idle_since + idle_ms / 1000
                handled = await self._handle_next(inbox, min(idle_at, expires_at))
                if not handled and anyio.current_time() >= idle_at:
                    await self._send(self.engine.idle_timeout())
                continue
            # A response is streaming: client events received meanwhile go first, so that a
            # response.cancel between two deltas takes effect before the next one.
            try:
                text = inbox.receive_nowait()
            except anyio.WouldBlock:
                pass
            except anyio.EndOfStream:
                return
            else:
                await self._handle(text)
                continue
            if next_step_at > anyio.current_time():
                await self._handle_next(inbox, min(next_step_at, expires_at))
                continue
            step = self.engine.next_step()
            if step is None:
                continue
            await self._send(step.events)
            if step.disconnect is not None:
                await self._disconnect(step.disconnect)
            next_step_at = anyio.current_time() + step.pause_ms / 1000
            await anyio.lowlevel.checkpoint()

    async def _handle_next(self, inbox: MemoryObjectReceiveStream[str], deadline: float) -> bool:
        """Handle the next client message if one arrives before `deadline` (True if one did)."""
        received: str | None = None
        with anyio.move_on_after(deadline - anyio.current_time()):
            try:
                received = await inbox.receive()
            except anyio.EndOfStream:
                raise _Closed from None
        # Handled outside the timed wait: the deadline must never cut a send short.
        if received is None:
            return False
        await self._handle(received)
        return True

    async def _handle(self, text: str) -> None:
        try:
            event = decode_client_event(text, dialect=self.record.dialect, strict=True)
        except EventDecodeError:
            self.record.malformed += 1
            logger.debug("<- a message that is not a client event (%d chars)", len(text))
            await self._send(self.engine.receive(text))
            return
        self.record.received.append(event)
        logger.debug("<- %s", getattr(event, "type", type(event).__name__))
        await self._send(self.engine.receive(event))

    async def _send(self, events: list[Model] | tuple[Model, ...]) -> None:
        for event in events:
            logger.debug("-> %s", getattr(event, "type", type(event).__name__))
            await self._send_text(_encode(event))
            self.record.sent.append(event)
            self.events_sent += 1
            await self._fault_point()

    async def _send_text(self, text: str) -> None:
        try:
            await self.transport.send_text(text)
        except ConnectionClosed:
            raise _Closed from None

    async def _fault_point(self) -> None:
        """Inject the faults due after `events_sent` events."""
        faults, count = self.faults, self.events_sent
        if faults.malformed_frame_after == count and "malformed" not in self.injected:
            self.injected.add("malformed")
            await self._send_text(_MALFORMED_FRAME)
        if faults.unknown_event_after == count and "unknown" not in self.injected:
            self.injected.add("unknown")
            event = UnknownEvent(
                type=_UNKNOWN_EVENT_TYPE,
                raw={"type": _UNKNOWN_EVENT_TYPE, "event_id": f"event_fake{count}"},
            )
            await self._send_text(_encode(event))
            self.record.sent.append(event)
        if faults.close_abruptly_after == count:
            await self._abort()
            raise _Closed
        if faults.close_after == count:
            await self.transport.aclose(faults.close_code, faults.close_reason)
            raise _Closed

    async def _disconnect(self, cut: Disconnect) -> None:
        """A responder's `Disconnect`: a close frame with its code, or a dropped connection."""
        if cut.code is None:
            await self._abort()
        else:
            await self.transport.aclose(cut.code, cut.reason)
        raise _Closed

    async def _abort(self) -> None:
        transport = self.transport
        if isinstance(transport, WebSocketTransport):
            # Drop the TCP connection without a close frame (the client reports 1006).
            transport._abort()
            await transport.wait_closed()
        else:
            await transport.aclose(1006, "")


def _encode(event: Model) -> str:
    data: str | bytes = encode_server_event(event)
    return data.decode() if isinstance(data, bytes) else data


class FakeRealtimeServer(CallsMixin, LoopbackServer[ConnectionRecord]):
    """A protocol-faithful fake Realtime server on 127.0.0.1, for tests and examples.

    ```python
    async with FakeRealtimeServer() as server:
        async with connect_websocket(server.url) as ws: ...
        assert server.connections[0].received_types() == ["session.update", ...]
    ```

    Args:
        api_key: when set, the handshake needs `Authorization: Bearer <key>` or `api-key: <key>`
            (HTTP 401 with an OpenAI-style JSON error otherwise).
        dialect: "ga" or "beta"; None speaks beta to clients sending `OpenAI-Beta: realtime=v1`
            and GA to the others.
        responder: what the fake model says (shared by all connections).
        host: the address to listen on.
        port: the port to listen on (0: a free port).
        faults: faults to inject on every connection.
        seed: makes ids reproducible (each connection gets its own id sequence).
        session: a `SessionConfig` of the dialect merged over the default session (for example
            `turn_detection=None`); only used with a fixed `dialect`.
        max_records: how many events per direction each `ConnectionRecord` keeps (the oldest are
            dropped beyond), and how many connection records the server keeps.
        ping_interval: seconds between the server's own keepalive pings (None: off).
        ping_timeout: seconds to wait for their pongs (None: wait forever).
        tls: serve `wss://` with a certificate from a throwaway CA made for this server (needs
            the `testing` extra). Clients trust it through `ssl_context` (a Session),
            `ca_pem`, or the PEM file at `ca_path` (`NODE_EXTRA_CA_CERTS` for Node).

    Browser-style clients may authenticate with the subprotocol `openai-insecure-api-key.<key>`
    (the server then answers with the subprotocol `realtime`); the subprotocol
    `openai-beta.realtime-v1` asks for the beta dialect like the `OpenAI-Beta` header.

    Attributes:
        connections: a `ConnectionRecord` per connection, in order of arrival.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        dialect: FakeDialect | None = None,
        responder: Responder = default_responder,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        seed: int = 0,
        session: Model | None = None,
        max_records: int = 10_000,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        tls: bool = False,
    ) -> None:
        if dialect not in (None, "ga", "beta"):
            raise ValueError(f"dialect must be 'ga', 'beta' or None, got {dialect!r}")
        if session is not None and dialect is None:
            raise ValueError("session settings need a fixed dialect ('ga' or 'beta')")
        super().__init__(
            api_key=api_key,
            host=host,
            port=port,
            ping_interval=ping_interval,
            ping_timeout=ping_timeout,
            tls=tls,
        )
        self._dialect = dialect
        self._responder = responder
        self._faults = faults or Faults()
        self._seed = seed
        self._session = session
        self._max_records = max_records
        self._count = 0
        self.connections: deque[ConnectionRecord] = deque(maxlen=max_records)
        self.calls_api = FakeCallsAPI(api_key=api_key, seed=seed, validate_session=call_session)
        """The calls REST API (`/v1/realtime/calls...`), served at `http_base_url`."""
        self._http_port: int | None = None

    def __repr__(self) -> str:
        where = self.url if self._bound_port is not None else "not started"
        return f"FakeRealtimeServer({where}, connections={len(self.connections)})"

    # --- addresses -------------------------------------------------------------------------------

    # --- lifetime --------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeRealtimeServer:
        await self._start()
        assert self._stack is not None
        try:  # the calls REST API, on its own port (the WebSocket listener speaks only upgrades)
            self._http_port = await self._stack.enter_async_context(
                serve_http(self.calls_api.handle, self._host)
            )
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    def _process_request(self, request: Request) -> Response | None:
        answer = super()._process_request(request)  # None, a refusal, or a 101 with a subprotocol
        if answer is not None and answer.status_code != 101:
            return answer
        return self._refuse_sideband(request) or answer

    def _max_queue(self) -> int:
        # A fault that stops reading must stall the socket soon: the transport queues one message.
        return 1 if self._faults.stop_reading_after is not None else 64

    # --- connections -----------------------------------------------------------------------------

    def _new_record(
        self, path: str, headers: Mapping[str, str], **options: Any
    ) -> ConnectionRecord:
        dialect: FakeDialect | None = options.get("dialect")
        split = urlsplit(path)
        query = dict(parse_qsl(split.query))
        if dialect is None:
            dialect = self._dialect
        if dialect is None:
            beta = "realtime=v1" in headers.get("openai-beta", "").replace(" ", "")
            beta = beta or SUBPROTOCOL_BETA in offered_subprotocols(headers)
            dialect = "beta" if beta else "ga"
        index = self._count
        self._count += 1
        session = self._session if dialect == self._dialect else None
        call = self.calls.get(query.get("call_id", ""))
        if call is not None and call.session is not None and dialect == "ga":
            session = call_session(call.session)  # a sideband connection: the call's session
        model = query.get("model") or None
        if (
            call is not None
            and model is None
            and isinstance((call.session or {}).get("model"), str)
        ):
            model = (call.session or {})["model"]
        engine = FakeRealtimeEngine(
            dialect=dialect,
            model=model,
            session=session,
            responder=self._responder,
            seed=self._seed * 1_000_003 + index,
            max_session_duration=self._faults.max_session_duration,
        )
        record = ConnectionRecord(
            index=index,
            dialect=dialect,
            path=split.path,
            query=query,
            headers=headers,
            engine=engine,
            max_records=self._max_records,
        )
        self.connections.append(record)
        return record

    def connect_memory(
        self,
        *,
        path: str = "/v1/realtime",
        headers: Mapping[str, str] | None = None,
        dialect: FakeDialect | None = None,
        max_buffer: int = 64,
    ) -> MemoryTransport:
        """Open an in-memory connection (no socket); return the client's end.

        The engine runs on the other end in the server's task group, with the same behaviour,
        records and faults as a WebSocket connection. `headers` play the role of the handshake
        headers (API key check, `OpenAI-Beta`); `path` may carry `?model=...`.

        Raises:
            UsageError: the server is not running.
            AuthenticationError: `api_key` is set and `headers` do not carry it.
        """
        return self._connect_memory(path, headers, max_buffer, dialect=dialect)

    async def _run_connection(self, transport: Transport, record: ConnectionRecord) -> None:
        async with self._sideband(transport, record.query.get("call_id")):
            await _Connection(transport, record, self._faults).run()
