"""A WebSocket connection over an anyio byte stream, driven by a websockets Sans-I/O protocol object.

`WebSocketTransport` is a thin I/O shell: the protocol object (`websockets.client.ClientProtocol` or
`websockets.server.ServerProtocol`) parses and builds frames, and this module only moves bytes between
it and the network. Three background tasks run per connection (see `WebSocketTransport._run`):

* the **reader** feeds received bytes to the protocol and delivers text messages to a bounded queue,
  or, once a receiver is set (`set_receiver`), hands each message to it in this very task (the
  Session decodes and dispatches there: no task switch per message); when the queue is full or the
  receiver waits it stops reading the socket, so a slow consumer causes TCP backpressure;
* the **writer** writes what is queued: messages `send_text` could not write itself (another
  write was under way) and the frames the protocol produces on its own (pongs, close frames,
  pings); so the reader never waits on the socket's send side. A sender writes its frame itself
  when nothing else is being written, shielded, so that a cancelled caller can never leave half
  a frame on the wire;
* the **keepalive** pings the peer and drops the connection (reported as 1011) when a pong is late.

The tasks run shielded from the cancellation of the task that opened the connection: a cancelled
caller still gets its close frame written and the closing handshake (bounded by `close_timeout`);
they end when the connection is closed, or at once when the `_running()` block is left.

Invariant: every protocol call is followed by `data_to_send()`, queued for the writer, before the
next `await`, so the protocol never holds unsent bytes at a suspension point, frames are written in
the order the protocol built them (which permessage-deflate's shared context requires), and any
task may call it.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import anyio
import anyio.abc
from anyio.lowlevel import checkpoint
from websockets.client import ClientProtocol
from websockets.datastructures import Headers
from websockets.exceptions import ProtocolError
from websockets.frames import CloseCode, Frame, Opcode
from websockets.http11 import Request, Response
from websockets.protocol import Event, Protocol, State
from websockets.server import ServerProtocol

from .._exceptions import (
    ConnectionClosed,
    ConnectionClosedOK,
    EventEncodeError,
    UsageError,
    connection_closed,
)
from .._redact import redact
from ._queue import BoundedQueue, background_tasks, write_chunks

if TYPE_CHECKING:
    _LoggerAdapter = logging.LoggerAdapter[logging.Logger]
else:
    _LoggerAdapter = logging.LoggerAdapter


logger = logging.getLogger("realtime_sdk.transport")


P = TypeVar("P", bound=Protocol)


# Bytes asked of the stream per read.
_READ_SIZE = 65536


# Frames the reader may leave for the writer task (pongs, the close echo) before it stops reading.
_OUTBOX_SIZE = 64


# Errors a byte stream raises when the connection is gone (ssl.SSLError is an OSError).
STREAM_ERRORS = (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError)


class _RedactingLogger(_LoggerAdapter):
    """Logger for websockets' protocol objects that masks credentials in their debug output.

    Each line is formatted first, then masked by `_redact.redact`: the connection's own credential
    values (see `with_secrets`) and anything shaped like a credential. Nothing here depends on how
    websockets words its log lines, which changes between versions.
    """

    def __init__(self, logger: logging.Logger, secrets: frozenset[str] = frozenset()) -> None:
        super().__init__(logger, {})
        self.secrets = secrets

    def with_secrets(self, secrets: frozenset[str]) -> _RedactingLogger:
        """The same logger, also masking these values (a connection's credentials)."""
        return _RedactingLogger(self.logger, self.secrets | secrets)

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        try:
            text = str(msg) % args if args else str(msg)
        except (TypeError, ValueError):
            text = " ".join(str(part) for part in (msg, *args))
        super().log(level, "%s", redact(text, self.secrets), **kwargs)


protocol_logger = _RedactingLogger(logging.getLogger("realtime_sdk.transport.protocol"))


"""Logger handed to websockets' protocol objects (frame-level debug output, credentials masked)."""


_DISCARD_LIMIT = 256


"""Messages received after our close frame before we stop waiting for the peer's (then: drop TCP)."""


_OUTBOX_HIGH_WATER = 16


"""Write chunks that may wait for the writer task before `send_text` waits (about one frame each)."""


class WebSocketTransport(Generic[P]):
    """One open WebSocket connection carrying text messages, client or server side.

    Made by `connect_websocket()` (client) or handed to a `serve_websocket()` handler (server); it
    implements the `Transport` interface.

    Behaviour:

    * `receive_text()` returns messages in order. Once the connection is closed it raises
      `ConnectionClosedOK` (close code 1000, 1001 or an empty close frame) or `ConnectionClosedError`
      (any other code; 1006 when the TCP connection ended without a close frame), after every
      message that arrived before the close has been returned. The reported code is the one of the
      side that started the closing handshake.
    * At most `max_queue` received messages wait for `receive_text()`; beyond that the transport
      stops reading the socket until the application catches up (TCP backpressure).
    * A binary message fails the connection with 1003 (the Realtime protocol is text only); a
      message over `max_message_size` fails it with 1009; invalid UTF-8 with 1007.
    * `send_text()` returns once its frame is written (from the caller's task, when no other write
      is under way) or queued for the writer task; it waits while 16 frames wait for the writer,
      so a peer that reads slowly slows the senders down and memory stays bounded. Sends from
      many tasks are serialised; each task's messages keep their order.

    Cancellation:

    * A cancelled `receive_text()` takes no message: the next call returns it.
    * A cancelled `send_text()` sent nothing: it can only be cancelled while waiting for its turn,
      before its frame is built. A queued frame is always written whole by the writer task (a
      partial write, possible with trio and TLS streams, would corrupt the connection).

    Attributes:
        request: the opening handshake request (on the server side: its path and headers).
        response: the opening handshake response (on the client side: the server's 101 answer).
    """

    def __init__(
        self,
        stream: anyio.abc.ByteStream,
        protocol: P,
        *,
        request: Request,
        response: Response,
        peer: str,
        max_queue: int = 64,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        close_timeout: float = 5.0,
        pending_events: Sequence[Event] = (),
    ) -> None:
        self._stream = stream
        self._protocol = protocol
        self.request = request
        self.response = response
        self._peer = peer
        self._ping_interval = ping_interval
        self._ping_timeout = ping_timeout
        self._close_timeout = close_timeout
        self._writer_done = anyio.Event()
        # Events the protocol parsed along with the handshake (frames the peer sent right after it).
        self._pending_events = list(pending_events)

        self._inbox: BoundedQueue[str] = BoundedQueue(max_queue)
        self._outbox: BoundedQueue[bytes] = BoundedQueue(_OUTBOX_SIZE)
        # An uncontended acquire does not yield (the send path yields in `wait_below` now and then).
        self._send_lock = anyio.Lock(fast_acquire=True)
        self._writer_idle = False  # the writer task waits for an empty outbox
        self._direct = False  # a sender writes its frame itself
        self._direct_done: anyio.Event | None = None  # set when that write is over (on demand)
        self._direct_scope: anyio.CancelScope | None = None
        self._scope_class: type[anyio.CancelScope] | None = None
        self._done = anyio.Event()

        self._receiver: Callable[[str], Awaitable[None] | None] | None = None
        self._fragments: list[bytes | bytearray | memoryview] | None = None
        self._discarding = False  # stop delivering messages (closing or failed)
        self._discarded = 0  # messages received and discarded since then
        self._broken = False  # the TCP connection was dropped
        self._close_deadline = math.inf  # when to stop waiting for the peer to close TCP
        self._receive_scope: anyio.CancelScope | None = None
        self._delivery_scope: anyio.CancelScope | None = None
        self._paused = False  # the reader waits for room in the inbox
        self._pauses = 0
        self._ping: tuple[bytes, anyio.Event] | None = None
        self._queue_writes(protocol.data_to_send())

    def __repr__(self) -> str:
        side = self._protocol.side.name.lower()
        return f"<WebSocketTransport {side} {self._peer} {self._protocol.state.name.lower()}>"

    # --- public API ---------------------------------------------------------------------------

    @property
    def protocol(self) -> P:
        """The websockets protocol object (for inspection: `extensions`, `state`, close frames)."""
        return self._protocol

    @property
    def response_headers(self) -> Headers:
        """Headers of the opening handshake response."""
        return self.response.headers

    @property
    def closed(self) -> bool:
        """True once closing started or the connection dropped: sending is no longer possible."""
        return self._broken or self._protocol.state is not State.OPEN

    async def send_text(self, text: str | bytes) -> None:
        """Send one text message; raise `ConnectionClosed` when the connection is closed.

        `bytes` must already be UTF-8 (as `orjson.dumps` returns): they are sent without a check.
        """
        if isinstance(text, bytes):
            data = text
        else:
            try:
                data = text.encode()
            except UnicodeEncodeError as exc:
                raise EventEncodeError(f"text is not valid Unicode: {exc.reason}") from exc
        outbox, lock = self._outbox, self._send_lock
        # The common case: nobody waits for their turn and the outbox has room. Then the frame is
        # built at once, without the lock (nothing awaits between the check and the build); every
        # 32nd time the sender passes a checkpoint first, so that a sending loop still yields.
        while not lock.locked() and len(outbox) < _OUTBOX_HIGH_WATER:
            if outbox._skip_checkpoint():
                await self._send_frame(data)
                return
            await checkpoint()
        async with lock:  # one sender at a time: frames are built in queue order
            # Backpressure, and the only place a send can be cancelled: before the frame is built.
            # A few frames may wait for the writer task, so that a sender does not need a task
            # switch per message; beyond that the sender waits (bounded memory).
            await outbox.wait_below(_OUTBOX_HIGH_WATER)
            await self._send_frame(data)

    async def _send_frame(self, data: bytes) -> None:
        """Build a text frame; write it from this task if no other write is under way, else
        queue it for the writer task. Not a cancellation point before the frame is handed on."""
        if self.closed:
            raise self._closed_exception()
        self._protocol.send_text(data)
        chunks = self._protocol.data_to_send()
        if self._writer_idle and not self._outbox and not self._direct:
            await self._write_directly(chunks)
        else:
            self._queue_writes(chunks)

    async def _write_directly(self, chunks: list[bytes]) -> None:
        """Write a frame from the sender's task while the writer task has nothing to write.

        Saves waking the writer task per message. Shielded: the frame is built (and, with
        permessage-deflate, the compression context advanced), so it must reach the wire whole;
        only dropping the connection (`_abort`) interrupts it. Frames the reader queues meanwhile
        (pongs, the close echo) wait for it, so frames still go out in the order they were built.
        """
        self._direct = True
        try:
            scope_class = self._scope_class
            if scope_class is None:
                # `anyio.CancelScope()` looks up the running backend each time: find its class once.
                scope = anyio.CancelScope(shield=True)
                self._scope_class = type(scope)
            else:
                scope = scope_class(shield=True)
            with scope:
                self._direct_scope = scope
                await write_chunks(self._stream, chunks)
        except STREAM_ERRORS as exc:
            logger.debug("connection %s lost while writing: %r", self._peer, exc)
            self._abort()
        finally:
            self._direct_scope = None
            self._direct = False
            done, self._direct_done = self._direct_done, None
            if done is not None:  # the writer task waits for this write (rare: made on demand)
                done.set()

    def set_receiver(self, receiver: Callable[[str], Awaitable[None] | None]) -> list[str]:
        """From now on, hand each received message to `receiver` in the task reading the socket.

        `receiver(text)` returns None once done with the message, or an awaitable to await before
        the next one (while it waits, the socket is not read: TCP backpressure). It must not raise.
        Returns the messages received before the call, for the caller to take first; after it,
        `receive_text()` only waits for the close and raises `ConnectionClosed`.
        """
        self._receiver = receiver
        return self._inbox.get_all_nowait()

    def closed_exception(self) -> ConnectionClosed:
        """The `ConnectionClosed` that `receive_text()` raises once the connection is closed."""
        return self._closed_exception()

    async def receive_text(self) -> str:
        """Return the next text message; raise `ConnectionClosed` once closed and drained."""
        try:
            return await self._inbox.get()
        except anyio.EndOfStream:
            raise self._closed_exception() from self._protocol.parser_exc

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection and wait until it is closed.

        Performs the closing handshake (RFC 6455 §7.1.2) and waits for the peer's close frame and
        end of stream, for at most `close_timeout` seconds, then drops the TCP connection.
        Idempotent and safe from any task; messages arriving after it starts are discarded.
        """
        if self._protocol.state is State.OPEN and not self._broken:
            try:
                self._protocol.send_close(code, reason)
            except ProtocolError as exc:
                raise UsageError(f"invalid close code {code} or reason too long: {exc}") from exc
            self._queue_writes(self._protocol.data_to_send())
            self._expect_close()
        self._stop_delivering()
        await self._done.wait()

    async def wait_closed(self) -> None:
        """Wait until the connection is closed (by either side) and the socket released."""
        await self._done.wait()

    # --- lifetime -----------------------------------------------------------------------------

    @asynccontextmanager
    async def _running(self) -> AsyncIterator[None]:
        """Run the background tasks for the duration of the block; drop the connection on exit."""
        async with background_tasks() as tg:
            tg.start_soon(self._run)
            try:
                yield
            finally:
                self._abort()  # _run is shielded: it ends because the connection is dropped

    async def _run(self) -> None:
        with anyio.CancelScope(shield=True):
            await self._run_shielded()

    async def _run_shielded(self) -> None:
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._write_loop)
                if self._ping_interval is not None:
                    tg.start_soon(self._keepalive, self._ping_interval)
                try:
                    await self._read_loop()
                    # The closing handshake is over: let the writer flush what the protocol queued
                    # last (the echoed close frame, RFC 6455 §5.5.1), bounded by the close timeout.
                    if not self._broken:
                        self._outbox.close()
                        with anyio.move_on_after(self._close_timeout):
                            await self._writer_done.wait()
                finally:
                    # Closed, dropped or cancelled: stop the writer even if the peer never reads.
                    self._abort()
                    tg.cancel_scope.cancel()
        finally:
            if self._protocol.state is not State.CLOSED:
                self._protocol.receive_eof()  # cancelled: settle the state as a dropped connection
            self._inbox.close()
            with anyio.CancelScope(shield=True):
                await anyio.aclose_forcefully(self._stream)
            code, reason = self._close_info()
            logger.info("connection %s closed with code %d %r", self._peer, code, reason)
            self._done.set()

    # --- reading ------------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        protocol = self._protocol
        events, self._pending_events = self._pending_events, []
        await self._handle_events(events)
        # One cancel scope for the whole loop, not one per read: `_expect_close` sets its deadline
        # (RFC 6455 §7.1.1: the peer did not close the TCP connection in time) and `_abort`
        # cancels it. Either ends the loop as if the peer had closed TCP.
        with anyio.CancelScope(deadline=self._close_deadline) as scope:
            self._receive_scope = scope
            try:
                while protocol.state is not State.CLOSED:
                    await self._process(await self._receive_bytes())
            finally:
                self._receive_scope = None
        if protocol.state is not State.CLOSED:
            await self._process(b"")

    async def _process(self, data: bytes) -> None:
        """Feed bytes from the peer (b"": end of stream) to the protocol; act on what it parsed."""
        protocol = self._protocol
        if data:
            protocol.receive_data(data)
        else:
            protocol.receive_eof()
        writes, events = protocol.data_to_send(), protocol.events_received()
        # RFC 6455 §5.5.2 and §5.5.1: pongs and the echoed close frame must reach the peer; the
        # writer task sends them. Waiting here only when a flood of pings fills the outbox.
        for chunk in writes:
            try:
                await self._outbox.put(chunk)
            except anyio.ClosedResourceError:
                break
        await self._handle_events(events)

    async def _receive_bytes(self) -> bytes:
        """Next bytes from the peer; b"" at end of stream or when the connection broke."""
        try:
            return await self._stream.receive(_READ_SIZE)
        except anyio.EndOfStream:
            return b""
        except STREAM_ERRORS as exc:
            logger.debug("connection %s lost: %r", self._peer, exc)
            return b""

    async def _handle_events(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Frame):
                await self._handle_frame(event)
        if self._protocol.close_expected():
            self._expect_close()

    async def _handle_frame(self, frame: Frame) -> None:
        opcode = frame.opcode
        if opcode is Opcode.TEXT:
            if frame.fin:
                await self._deliver(frame.data)
            else:
                self._fragments = [frame.data]
        elif opcode is Opcode.CONT:
            # The protocol object checks fragment order and the total size (RFC 6455 §5.4).
            if self._fragments is not None:
                self._fragments.append(frame.data)
                if frame.fin:
                    data, self._fragments = b"".join(self._fragments), None
                    await self._deliver(data)
        elif opcode is Opcode.BINARY:
            # RFC 6455 §7.4.1, 1003: a type of data the endpoint cannot accept (Realtime is JSON text).
            self._fail(CloseCode.UNSUPPORTED_DATA, "binary messages are not supported")
        elif opcode is Opcode.PONG and self._ping is not None and frame.data == self._ping[0]:
            self._ping[1].set()

    async def _deliver(self, data: bytes | bytearray | memoryview) -> None:
        if self._discarding:
            self._discarded += 1
            if self._discarded > _DISCARD_LIMIT and self._protocol.state is State.CLOSING:
                # The peer keeps streaming after our close frame: it may not read it for a long
                # time (a busy server handles its writes first). Do not wait close_timeout for it.
                logger.debug(
                    "connection %s: no close after %d messages", self._peer, _DISCARD_LIMIT
                )
                self._abort()
            return
        try:
            text = str(data, "utf-8")
        except UnicodeDecodeError:
            # RFC 6455 §8.1: invalid UTF-8 in a text message fails the connection with 1007.
            self._fail(CloseCode.INVALID_DATA, "invalid UTF-8 in a text message")
            return
        receiver = self._receiver
        if receiver is not None:
            waiting = receiver(text)
            if waiting is None:
                return
        else:
            try:
                self._inbox.put_nowait(text)
                return
            except anyio.WouldBlock:
                waiting = self._inbox.put(text)
        # Backpressure: stop reading the socket until the application takes a message.
        self._paused = True
        self._pauses += 1
        try:
            with anyio.CancelScope() as scope:
                self._delivery_scope = scope
                await waiting
        finally:
            self._delivery_scope = None
            self._paused = False

    def _stop_delivering(self) -> None:
        self._discarding = True
        if self._delivery_scope is not None:
            self._delivery_scope.cancel()

    # --- writing ------------------------------------------------------------------------------

    def _queue_writes(self, chunks: list[bytes]) -> None:
        """Hand what the protocol produced to the writer task."""
        for chunk in chunks:
            try:
                self._outbox.append(chunk)
            except anyio.ClosedResourceError:
                return

    async def _write_loop(self) -> None:
        """Write queued bytes in order; the only task writing to the stream."""
        try:
            while True:
                try:
                    self._writer_idle = True
                    try:
                        first = await self._outbox.get()
                    finally:
                        self._writer_idle = False
                    while self._direct:  # a sender is writing its frame itself
                        if self._direct_done is None:
                            self._direct_done = anyio.Event()
                        await self._direct_done.wait()
                    chunks = [first, *self._outbox.get_all_nowait()]
                    if await write_chunks(self._stream, chunks):
                        self._abort()  # our EOF cannot be a half-close: drop the connection now
                        return
                except anyio.EndOfStream:
                    return
                except STREAM_ERRORS as exc:
                    logger.debug("connection %s lost while writing: %r", self._peer, exc)
                    self._abort()
                    return
        finally:
            self._writer_done.set()

    # --- closing ------------------------------------------------------------------------------

    async def _keepalive(self, interval: float) -> None:
        """Ping every `interval` seconds; fail the connection with 1011 when a pong is late."""
        timeout = self._ping_timeout
        while True:
            await anyio.sleep(interval)
            if self.closed:
                return
            pong = anyio.Event()
            self._ping = (os.urandom(4), pong)
            self._protocol.send_ping(self._ping[0])
            self._queue_writes(self._protocol.data_to_send())
            if timeout is None:
                continue
            while not pong.is_set():
                pauses = self._pauses
                with anyio.move_on_after(timeout):
                    await pong.wait()
                # The pong may be waiting unread behind messages the application has not taken yet:
                # a window during which the reader was paused by backpressure does not count.
                if not pong.is_set() and not self._paused and pauses == self._pauses:
                    # A peer that does not answer a ping will not answer a close frame either:
                    # send one (best effort) and drop the connection now, reported as 1011, instead
                    # of waiting close_timeout more for its end of the closing handshake.
                    logger.info("connection %s: no pong within %g s", self._peer, timeout)
                    self._fail(CloseCode.INTERNAL_ERROR, "keepalive ping timeout")
                    self._abort()
                    return

    def _fail(self, code: int, reason: str) -> None:
        """Fail the connection (RFC 6455 §7.1.7): send a close frame and stop delivering messages."""
        self._stop_delivering()
        self._protocol.fail(code, reason)
        self._queue_writes(self._protocol.data_to_send())
        self._expect_close()

    def _expect_close(self) -> None:
        # RFC 6455 §7.1.1: once the closing handshake started, wait for the TCP close only so long.
        if self._close_deadline == math.inf:
            self._close_deadline = anyio.current_time() + self._close_timeout
            if self._receive_scope is not None:
                self._receive_scope.deadline = self._close_deadline

    def _abort(self) -> None:
        """Drop the TCP connection now: stop reading, delivering and queueing writes."""
        self._broken = True
        self._stop_delivering()
        self._close_deadline = -math.inf
        self._outbox.close()
        if self._direct_scope is not None:
            self._direct_scope.cancel()
        if self._receive_scope is not None:
            self._receive_scope.cancel()

    def _close_info(self) -> tuple[int, str]:
        """Close code and reason of the side that started the closing handshake; 1006 if none."""
        protocol = self._protocol
        sent, received = protocol.close_sent, protocol.close_rcvd
        if sent is not None and not protocol.close_rcvd_then_sent:
            return sent.code, sent.reason
        if received is not None:
            return received.code, received.reason
        return CloseCode.ABNORMAL_CLOSURE, ""

    def _closed_exception(self) -> ConnectionClosed:
        code, reason = self._close_info()
        if code == CloseCode.NO_STATUS_RCVD:
            # An empty close frame is a normal close (RFC 6455 §7.1.5: "no status code present").
            return ConnectionClosedOK(code, reason)
        return connection_closed(code, reason)


DEFAULT_MAX_MESSAGE_SIZE = 16 * 2**20


# Handshake errors (timeouts aside) while a byte stream is open.
_HANDSHAKE_ERRORS = (*STREAM_ERRORS, anyio.EndOfStream)


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
