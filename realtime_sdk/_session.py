# Kept whole: what remains here is the Session's I/O driver, one unit around one task structure:
# the constructor's checks, the lifecycle (enter, close from any task, exit), the reader that feeds
# the SessionProtocol and applies its effects, delivery with backpressure, and the iterator; they
# share the same private state. The sends live in the mixins `_event_sends`, `_sends` and
# `_audio_sends`; the protocol decisions in `_protocol`.
"""Session: one Realtime connection with typed sends, typed events and answer correlation.

The Session is the I/O shell around a Sans-I/O `SessionProtocol` (`_protocol.py`): it moves text
between a Transport and the protocol and carries out the effects the protocol returns; it makes no
protocol decision of its own.

```text
socket read ─> (WebSocket reader task) protocol.receive_text ─> effects: settle waiters, bind/feed
    handles, barge-in and tool tasks ─> bounded buffer ─> async for
send_*(...) ─> event_id ─> protocol.expect (wait=True) ─> encode ─> transport.send_text
```

Backpressure: the event buffer holds at most `max_buffer` events. When the application stops reading,
delivery waits for room, so the task reading the socket stops reading it: the server is slowed down
by TCP flow control, memory stays bounded (the protocol decides when to drop instead: nobody reads).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import ssl
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, cast

import anyio
import anyio.abc

from . import _validate
from ._answers import (
    DialectT,
)
from ._careful import UndecodableFrame
from ._codec import (
    AnyServerEvent,
)
from ._connect import (
    ApiKeyProvider,
    ConnectionTarget,
    Secret,
    TokenProvider,
    credential_headers,
    resolve_endpoint,
)
from ._conversation import Conversation
from ._event_sends import _Waiter
from ._exceptions import (
    ConfigurationError,
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    ConnectionInterrupted,
    EventDecodeError,
    RealtimeTimeoutError,
    UsageError,
    connection_closed,
)
from ._interruption import (
    CancelResponse,
    InterruptAction,
    Interrupter,
    PlaybackTracker,
    TruncateItem,
)
from ._link import GaveUp, ResumableTransport
from ._options import DeprecatedOptions, Limits, Timeouts, grouped_options
from ._protocol import (
    Bind,
    Deliver,
    Delivery,
    Effect,
    Feed,
    Finish,
    Interrupt,
    Lost,
    Opened,
    OpenFailed,
    RunTools,
    SessionProtocol,
    SessionState,
    Settle,
)
from ._proxy import PROXY_FROM_ENV, ProxySetting, parse_proxy_url
from ._reconnect import Reconnect, SessionResumed
from ._sends import TypedSends, _AnyHandle
from ._tools import Tool, ToolRegistry, calls_from_response_done, output_item
from ._transports import BoundedQueue, Transport, connect_websocket
from ._types import UNSET
from ._usage import UsageMeter
from .events import _resources as ga
from .events._base import Model
from .events._dialects import Dialect, dialect_spec, is_dialect
from .events.beta import _resources as beta

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["AnyServerEvent", "Session"]

logger = logging.getLogger("realtime_sdk")


class Session(TypedSends[DialectT]):
    """A Realtime session over one WebSocket, usable as `async with Session(...) as session:`.

    Connection arguments (all keyword-only but `model`):

    * `model`, `api_key` (default: `OPENAI_API_KEY`), `base_url` (default `wss://api.openai.com/v1`; ws, wss,
      http or https), `organization`, `project`, `headers`, `query`, `call_id` (attach to a WebRTC/SIP call).
    * Azure OpenAI: `azure_endpoint`, `azure_deployment`, `api_version` (preview path when given),
      `api_key` (sent as `api-key`) or `token_provider` (sync or async callable giving a bearer token).
    * `dialect`: "ga" (default), "beta" (pre-GA wire names, sends `OpenAI-Beta: realtime=v1`),
      "translation" (translation sessions) or "auto" (connect as GA, then speak what the server's
      `session.created` shows: GA if its session has a `type`, else beta; for compatible servers).
    * `strict`: raise `EventDecodeError` from `recv()` / `async for` for anything that does not match
      the schema. By default events are decoded leniently (`decode_problems(event)` tells what was
      tolerated) and a frame that is not an event arrives as an `UndecodableFrame` (counted in
      `undecodable_frames`), so the application's loop goes on.
    * `allow_insecure`: permit credentials over ws:// to a non-loopback host (off by default).
    * `proxy`: a proxy URL (`http://`, `https://`, `socks5://` with the `socks` extra), None for
      none, or by default HTTPS_PROXY / HTTP_PROXY / ALL_PROXY unless NO_PROXY names the host.
    * `timeouts`: a `Timeouts` (opening, `session.created`, answers to `wait=True` sends, closing,
      keepalive pings); `limits`: a `Limits` (message size, events held for a slow reader, deltas
      a ResponseHandle holds). None: the defaults. The flat keywords they replace (`open_timeout=`,
      `max_buffer=`, ...) still work for one release, with a DeprecationWarning.
    * Transport tuning: `ssl_context`, `compression` (permessage-deflate).
    * `interrupt_on_speech`: barge-in: when the user starts speaking over assistant audio, cancel the
      response and truncate the assistant item at the audio played (`playback`, a PlaybackTracker
      the app feeds; without one, estimated from the audio handed out);
      `clear_output_audio_on_interrupt` also sends `output_audio_buffer.clear` (WebRTC / SIP).
    * `tools`: functions (plain or `@tool`) or a ToolRegistry. They are declared with `session.update`
      on entering, and run when the model calls them: arguments validated, outputs (or error texts)
      sent as `function_call_output` items, then one `response.create` per batch of calls
      (`auto_tool_response=False` leaves that to you; a `ResponseCreateParams` sets that
      follow-up response's parameters, such as `output_modalities=["text"]` or `instructions`).
      `on_tool_response(handle)` is called with the follow-up's ResponseHandle when it is requested.
    * `conversation`: keep `session.conversation` (a Conversation reducer) up to date; `True` for
      one without stored audio, or pass your own Conversation.
    * `reconnect`: survive lost connections and the session time limit: `True`, or a `Reconnect`
      for the knobs. The session reconnects (fresh credentials from a callable `api_key` or
      `token_provider` each time), restores its configuration and conversation, and the event
      stream goes on with a `SessionResumed` notice; `session.reconnects` counts the reconnects.
      Requests in flight at the loss raise `ConnectionInterrupted`. Keeps `session.conversation`.
    * `record`: write the session's traffic, both directions, to this JSON Lines file.
    * `transport`: an already-connected Transport (for example one end of `memory_transport_pair()`),
      instead of connecting.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        api_key: str | ApiKeyProvider | None = None,
        base_url: str | None = None,
        dialect: Dialect | Literal["auto"] = "ga",
        organization: str | None = None,
        project: str | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        call_id: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_version: str | None = None,
        token_provider: TokenProvider | None = None,
        allow_insecure: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        proxy: ProxySetting = PROXY_FROM_ENV,
        timeouts: Timeouts | None = None,
        limits: Limits | None = None,
        compression: bool = True,
        interrupt_on_speech: bool = False,
        playback: PlaybackTracker | None = None,
        clear_output_audio_on_interrupt: bool = False,
        tools: ToolRegistry | Iterable[Tool[..., Any] | Callable[..., Any]] | None = None,
        auto_tool_response: bool | ga.ResponseCreateParams | beta.ResponseCreateParams = True,
        on_tool_response: Callable[[_AnyHandle], object] | None = None,
        conversation: bool | Conversation = False,
        reconnect: bool | Reconnect = False,
        record: str | os.PathLike[str] | None = None,
        transport: Transport | None = None,
        strict: bool = False,
        **deprecated: Unpack[DeprecatedOptions],
    ) -> None:
        timeouts, limits = grouped_options("Session", timeouts, limits, deprecated)
        self._target: ConnectionTarget | None = None
        if transport is None:
            self._target = resolve_endpoint(
                model=model,
                dialect="ga" if dialect == "auto" else dialect,
                api_key=Secret(api_key) if isinstance(api_key, str) else api_key,
                base_url=base_url,
                organization=organization,
                project=project,
                headers=headers,
                query=query,
                call_id=call_id,
                azure_endpoint=azure_endpoint,
                azure_deployment=azure_deployment,
                api_version=api_version,
                token_provider=token_provider,
                allow_insecure=allow_insecure,
            )
        elif dialect != "auto" and not is_dialect(dialect):
            raise UsageError(
                f"dialect must be 'ga', 'beta', 'translation' or 'auto', got {dialect!r}"
            )
        self.model = model
        self._dialect: Dialect = "ga" if dialect == "auto" else dialect
        self._spec = dialect_spec(self._dialect)
        self.strict = strict
        self._transport: Transport | None = transport
        self._ssl_context = ssl_context
        if isinstance(proxy, str):
            parse_proxy_url(proxy)  # a bad proxy URL is a ConfigurationError before any I/O
        self._proxy = proxy
        self._open_timeout = timeouts.open
        self._session_timeout = timeouts.session
        self._close_timeout = timeouts.close
        self._max_message_size = limits.max_message_size
        self._ping_interval = timeouts.ping_interval
        self._ping_timeout = timeouts.ping_timeout
        self._compression = compression
        self._max_buffer = limits.max_buffer
        self._handle_buffer = limits.handle_buffer
        self.answer_timeout = timeouts.answer

        self.interrupter: Interrupter | None = None
        """The barge-in logic, when `interrupt_on_speech=True` (or a PlaybackTracker was given)."""
        if interrupt_on_speech or playback is not None:
            self.interrupter = Interrupter(
                playback, clear_output_audio=clear_output_audio_on_interrupt
            )

        self.tools: ToolRegistry | None = None
        """The tools the model may call, run automatically (see `tools=`)."""
        if tools is not None:
            self.tools = tools if isinstance(tools, ToolRegistry) else ToolRegistry(tools)
        params_class = self._spec.response_params or ga.ResponseCreateParams
        if not isinstance(auto_tool_response, (bool, params_class)):
            raise TypeError(
                f"auto_tool_response must be True, False or the {self._dialect} dialect's "
                f"ResponseCreateParams, got {_validate.describe(auto_tool_response)}"
            )
        self._auto_tool_response = auto_tool_response
        self._on_tool_response = on_tool_response
        self.usage = UsageMeter(model=model)
        """Token usage of every `response.done` of this session, with cost (`usage.cost()`)."""
        self.conversation: Conversation | None = None
        """The conversation as the server's events describe it, when `conversation=` is set."""
        if isinstance(conversation, Conversation):
            self.conversation = conversation
        elif conversation:
            self.conversation = Conversation(max_audio_bytes_per_item=0, max_audio_bytes_total=0)
        self._record = record
        self._reconnect: Reconnect | None = None
        if isinstance(reconnect, Reconnect):
            self._reconnect = reconnect
        elif reconnect is True:
            self._reconnect = Reconnect()
        elif reconnect is not False:
            raise ConfigurationError(
                f"reconnect must be True, False or a Reconnect, got {type(reconnect).__name__}"
            )
        if self._reconnect is not None:
            if self._target is None:
                raise ConfigurationError(
                    "reconnect needs an endpoint to connect to again; it cannot be used with "
                    "transport="
                )
            if self.conversation is None:  # the restore re-creates the conversation from it
                self.conversation = Conversation(
                    max_audio_bytes_per_item=0, max_audio_bytes_total=0
                )
        self._link: ResumableTransport | None = None

        self._protocol = SessionProtocol(
            dialect=dialect,
            strict=strict,
            max_buffer=limits.max_buffer,
            interrupter=self.interrupter,
            usage=self.usage,
            conversation=self.conversation,
            run_tools=self.tools is not None,
        )
        self._waiters: dict[str, _Waiter] = {}
        self._client_classes = self._spec.client_classes
        self._id_prefix = f"evt_{os.urandom(4).hex()}_"
        self._ids = itertools.count(1)
        self._stack: contextlib.AsyncExitStack | None = None
        self._task_group: anyio.abc.TaskGroup | None = None
        # Events for `recv` / `async for`: a bounded queue whose cancelled `get` loses nothing.
        self._events: BoundedQueue[Any] | None = None
        self._created = anyio.Event()
        self._closed = anyio.Event()
        self._reader_done = anyio.Event()
        self._open_error: BaseException | None = None
        self._close_code_wanted: tuple[int, str] = (1000, "")
        self._receiving = False
        self._recv_used = False
        self.dropped_events = 0
        """Events dropped from the session's buffer while nobody read its stream (see `recv`)."""
        self._iterator: weakref.ref[_EventIterator] | None = None

    @property
    def server_session(self) -> Model | None:
        """The server's view of the session: from session.created, kept current by session.updated."""
        return cast("Model | None", self._protocol.server_session)

    @property
    def created_event(self) -> AnyServerEvent | None:
        """The `session.created` event the server sent when the session opened."""
        return cast("AnyServerEvent | None", self._protocol.created_event)

    def __repr__(self) -> str:
        where = self._target.safe_url if self._target is not None else "custom transport"
        return f"<Session {self.dialect} {where} {self._protocol.state.value}>"

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        """The lifecycle state: NEW, CONNECTING, OPEN, CLOSING or CLOSED."""
        return self._protocol.state

    @property
    def closed(self) -> bool:
        """True once the connection is closed (by either side)."""
        return self._protocol.state is SessionState.CLOSED

    @property
    def _close_error(self) -> ConnectionClosed | None:
        """How the connection ended (the protocol's record), once closed."""
        return self._protocol.close_error

    @property
    def close_code(self) -> int | None:
        """The WebSocket close code once closed, else None."""
        error = self._protocol.close_error
        return error.code if error is not None else None

    async def __aenter__(self) -> Self:
        self._protocol.enter()
        stack = contextlib.AsyncExitStack()
        self._stack = stack
        try:
            if self._transport is None:
                assert self._target is not None
                self._transport = await stack.enter_async_context(await self._connect(self._target))
            wrap: Callable[[Transport], Transport] | None = None
            if self._record is not None:
                from ._recording import Recorder, RecordingTransport

                recorder = Recorder(
                    self._record, dialect=self.dialect, metadata={"url": self._describe()}
                )
                if self._reconnect is not None:
                    # Every connection is recorded, into the one file closed on the way out.
                    stack.callback(recorder.close)
                    wrap = functools.partial(RecordingTransport, recorder=recorder)
                self._transport = RecordingTransport(
                    cast(Transport, self._transport),
                    recorder,
                    close_recorder=self._reconnect is None,
                )
                stack.push_async_callback(self._transport.aclose)
            transport = cast(Transport, self._transport)
            self._events = BoundedQueue(self._max_buffer)
            tg = await stack.enter_async_context(anyio.create_task_group())
            self._task_group = tg
            if self._reconnect is not None:
                transport = self._link = ResumableTransport(
                    transport,
                    connector=self._reconnect_connector,
                    policy=self._reconnect,
                    hooks=self,
                    task_group=tg,
                    wrap=wrap,
                    session_timeout=self._session_timeout,
                    answer_timeout=self.answer_timeout,
                )
                self._transport = transport
            stack.push_async_callback(self._shutdown, transport, tg)
            tg.start_soon(self._reader, transport)
            try:
                with anyio.fail_after(self._session_timeout):
                    await self._created.wait()
            except TimeoutError:
                raise RealtimeTimeoutError(
                    f"no session.created within {self._session_timeout} s"
                ) from None
            if self._open_error is not None:
                raise self._open_error
            if self._protocol.state is not SessionState.OPEN:
                # aclose() from another task while opening.
                raise self._protocol.close_error or ConnectionClosedOK(1000, "closed while opening")
        except BaseException:
            await self._exit_stack()
            raise
        if self.tools is not None and len(self.tools) and self.dialect != "translation":
            try:
                session: Session[Any] = self
                await session.update_session(tools=self.tools.definitions(), wait=True)
            except BaseException:
                await self._exit_stack()
                raise
        logger.info("session open (%s)", self._describe())
        return self

    async def _reconnect_connector(self) -> contextlib.AbstractAsyncContextManager[Any]:
        assert self._target is not None
        return await self._connect(self._target)

    async def _connect(
        self, target: ConnectionTarget
    ) -> contextlib.AbstractAsyncContextManager[Any]:
        headers = await credential_headers(target)
        logger.info("connecting to %s", target.safe_url)
        return connect_websocket(
            target.url,
            headers=headers,
            ssl_context=self._ssl_context,
            proxy=self._proxy,
            open_timeout=self._open_timeout,
            max_message_size=self._max_message_size,
            ping_interval=self._ping_interval,
            ping_timeout=self._ping_timeout,
            close_timeout=self._close_timeout,
            compression=self._compression,
        )

    def _describe(self) -> str:
        if self._target is not None:
            return self._target.safe_url
        return "custom transport"

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # The task that entered the session exits its task groups, here and only here.
        try:
            await self.aclose()
        finally:
            await self._exit_stack()

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close the session and wait until it is closed; idempotent, from any task.

        It starts the closing handshake (bounded by `close_timeout`) and waits for its end. Called
        inside a cancel scope that expires, it stops waiting but the close goes on: the close frame is
        sent and `async with` finishes the close on the way out.
        """
        protocol = self._protocol
        state = protocol.state
        if state is SessionState.NEW:
            protocol.close()
            return
        if state is SessionState.OPEN or state is SessionState.CONNECTING:
            protocol.close()
            self._close_code_wanted = (code, reason)
            transport = self._transport
            if transport is None:
                return  # still connecting: __aenter__ sees CLOSING and gives up
            # The transport's aclose queues the close frame before its first await: once called, a
            # cancelled caller has still started the closing handshake.
            await transport.aclose(code, reason)
        if self._stack is not None or self._task_group is not None:
            await self._closed.wait()
        logger.info("session closed (%s)", self._describe())

    async def _exit_stack(self) -> None:
        """Close the transport and exit the task groups (in the task that entered them)."""
        stack, self._stack = self._stack, None
        try:
            if stack is not None:
                await stack.aclose()
        finally:
            # Even when the unwinding above is itself cancelled, the session ends up closed.
            if self._protocol.state is not SessionState.CLOSED:
                self._lost(connection_closed(*self._close_code_wanted))
            self._task_group = None

    async def _shutdown(self, transport: Transport, tg: anyio.abc.TaskGroup) -> None:
        code, reason = self._close_code_wanted
        try:
            # Shielded so that a cancelled caller still gets a clean closing handshake (bounded).
            with anyio.CancelScope(shield=True), anyio.move_on_after(self._close_timeout + 1):
                await transport.aclose(code, reason)
                # The reader sees the close (and its code) at once, or was cancelled with the caller.
                await self._reader_done.wait()
        finally:
            tg.cancel_scope.cancel()  # tool runs and barge-in sends in flight

    def _lost(self, error: ConnectionClosed) -> None:
        """The connection is gone: apply the protocol's verdict (fail waiters and handles)."""
        if self._protocol.state is SessionState.CLOSED and self._closed.is_set():
            return
        if isinstance(error, ConnectionClosedError):
            logger.info("connection lost: %s", error)
        self._apply(self._protocol.connection_lost(error))

    # --- receiving ---------------------------------------------------------------------------

    async def _reader(self, transport: Transport) -> None:
        """Take server messages until the connection closes.

        A WebSocketTransport hands each message to `_on_text` from the task that reads the socket
        (no hand-off per event); this loop then only waits for the close. Other transports (memory,
        recording) are read here.
        """
        on_text = self._on_text
        try:
            set_receiver = getattr(transport, "set_receiver", None)
            if set_receiver is not None:
                for text in set_receiver(on_text):
                    waiting = on_text(text)
                    if waiting is not None:
                        await waiting
            while True:
                waiting = on_text(await transport.receive_text())
                if waiting is not None:
                    await waiting
        except ConnectionClosed as exc:
            self._lost(exc)
        finally:
            self._reader_done.set()

    def _on_text(self, text: str) -> Awaitable[None] | None:
        """One server message: its effects, applied now; an awaitable only under backpressure."""
        result = self._protocol.receive(text)
        if type(result) is list:
            return self._apply(result)
        # The common case: no effect but delivering `result` (see `SessionProtocol.receive`).
        if self._link is not None:
            self._link.observe(result)  # quiet points, committed audio (reconnect=)
        return self._deliver(result)

    def _apply(self, effects: list[Effect]) -> Awaitable[None] | None:
        # Dispatch on the exact class (effects are final); `Feed` first, the most frequent one.
        for effect in cast("list[Any]", effects):
            kind = type(effect)
            if kind is Feed:
                effect.handle._feed(effect.event)
            elif kind is Deliver:
                item = effect.item
                if self._link is not None:
                    self._link.observe(item)
                return self._deliver(item)
            elif kind is Settle:
                waiter = self._waiters.pop(effect.event_id, None)
                if waiter is not None:
                    waiter.result, waiter.error = effect.result, effect.error
                    waiter.done.set()
            elif kind is Bind:
                effect.handle._bind(effect.created)
            elif kind is Finish:
                effect.handle._finish(None, effect.error)
            elif kind is Opened:
                self._created.set()
            elif kind is OpenFailed:
                self._open_error = effect.error
                self._created.set()
            elif kind is Interrupt:
                if self._task_group is not None:
                    self._task_group.start_soon(self._interrupt, effect.actions)
            elif kind is RunTools:
                if self._task_group is not None:
                    self._task_group.start_soon(self._run_tools, effect.done)
            elif kind is Lost:
                if self._events is not None:
                    self._events.close()  # readers drain what is buffered, then see the close
                self._created.set()
                self._closed.set()
        return None

    # --- continuity (reconnect=) -------------------------------------------------------------

    @property
    def reconnects(self) -> int:
        """How many times the session has moved to a new connection (`reconnect=`)."""
        return self._link.reconnects if self._link is not None else 0

    def _continuity_interrupted(self, error: ConnectionInterrupted) -> int:
        """The connection went away under the requests in flight: fail them with `error`."""
        if self.interrupter is not None:
            self.interrupter.forget()  # the response it would cancel is gone with the connection
        effects = self._protocol.interrupt(error)
        self._apply(effects)
        return len(effects)

    def _continuity_waiting(self) -> bool:
        return self._protocol.waiting

    def _continuity_resumed(
        self, notice: SessionResumed, session_event: Any
    ) -> Awaitable[None] | None:
        self._protocol.adopt_session(session_event)
        return self._deliver(notice)

    def _consuming(self) -> bool:
        """True while the application reads the event stream: `recv()` was used, or an `async for`
        over the session is running (an iterator that ended or was dropped no longer counts)."""
        if self._recv_used:
            return True
        iterator = self._iterator() if self._iterator is not None else None
        return iterator is not None and not iterator.finished

    def _deliver(self, item: Any) -> Awaitable[None] | None:
        """Queue an event for `recv` / `async for`; an awaitable when it must wait (backpressure)."""
        if isinstance(item, (EventDecodeError, UndecodableFrame)):
            if isinstance(item, EventDecodeError):
                logger.warning("undecodable server event: %s", item)
            else:
                logger.warning("undecodable server frame: %s", item.error)
        elif logger.isEnabledFor(logging.DEBUG):
            logger.debug("received %r", item)
        sink = self._events
        assert sink is not None
        protocol = self._protocol
        buffered = len(sink)
        if buffered < protocol.max_buffer:  # `delivery`'s first rule, without the call
            sink.append(item)
            return None
        action = protocol.delivery(buffered, self._consuming)
        if action is Delivery.APPEND:
            sink.append(item)
            return None
        if action is Delivery.DROP_OLDEST:
            self._hold(sink, item)
            return None
        if action is Delivery.DISCARD:
            return None
        return self._deliver_later(sink, item)

    async def _deliver_later(self, sink: BoundedQueue[Any], item: Any) -> None:
        """Backpressure: wait for room, re-checking now and then whether anyone still reads."""
        while True:
            with anyio.move_on_after(0.25):
                await sink.wait_below(self._max_buffer)
            action = self._protocol.delivery(len(sink), self._consuming)
            if action is Delivery.APPEND:
                sink.append(item)
                return
            if action is Delivery.DROP_OLDEST:
                self._hold(sink, item)
                return
            if action is Delivery.DISCARD:
                return

    def _hold(self, sink: BoundedQueue[Any], event: Any) -> None:
        """Buffer an event while nobody reads the session's stream (only handles, or nothing).

        The reader must not stall on a stream nobody reads, or response handles would stop too:
        the buffer keeps the newest `max_buffer` events and counts what it drops (`dropped_events`,
        and one warning in the log). Once `recv()` or `async for` has been used, the buffer applies
        backpressure instead and nothing is dropped.
        """
        first_drop = not self.dropped_events
        while len(sink) >= self._max_buffer:
            sink.get_nowait()
            self.dropped_events += 1
        sink.append(event)
        if first_drop:
            logger.warning(
                "the session's events are not being read: dropping the oldest beyond max_buffer=%d "
                "(use `async for event in session` to receive them all)",
                self._max_buffer,
            )

    async def _run_tools(self, done: Any) -> None:
        """Run the function calls of a finished response; send their outputs and a new request."""
        assert self.tools is not None
        calls = calls_from_response_done(done)
        if not calls:
            return
        try:
            results = await self.tools.run_all(calls)
            for result in results:
                await self.send(
                    self._event(
                        "conversation.item.create", item=output_item(result, dialect=self.dialect)
                    )
                )
            if self._auto_tool_response is not False:
                params = self._auto_tool_response if self._auto_tool_response is not True else UNSET
                handle = await self._request_response(params, self._next_event_id())
                if self._on_tool_response is not None:
                    try:
                        self._on_tool_response(handle)
                    except Exception:
                        logger.exception("on_tool_response callback failed")
        except ConnectionClosed:
            return

    async def _interrupt(self, actions: list[InterruptAction]) -> None:
        logger.info("user speech over assistant audio: %s", actions)
        for action in actions:
            try:
                if isinstance(action, CancelResponse):
                    await cast("Session[Any]", self).cancel_response(action.response_id)
                elif isinstance(action, TruncateItem):
                    await cast("Session[Any]", self).truncate_item(
                        action.item_id,
                        content_index=action.content_index,
                        audio_end_ms=action.audio_end_ms,
                    )
                else:
                    await cast("Session[Any]", self).clear_output_audio()
            except ConnectionClosed:
                return

    @property
    def dialect(self) -> Dialect:
        """The dialect spoken ("auto" becomes "ga" or "beta" at `session.created`)."""
        found = self._protocol.dialect
        if found != self._dialect and is_dialect(found):  # dialect="auto" settled
            self._dialect = found
            self._spec = dialect_spec(found)
            self._client_classes = self._spec.client_classes
        return self._dialect

    @property
    def undecodable_frames(self) -> int:
        """How many frames from the server were not events (each one delivered or raised)."""
        return self._protocol.undecodable_frames

    async def recv(self) -> AnyServerEvent | UndecodableFrame | SessionResumed:
        """The next server event. Raises ConnectionClosedOK after a normal close,
        ConnectionClosedError after an abnormal one, UsageError if another task is receiving at the
        same time. A frame that is not an event comes as an `UndecodableFrame`; with `strict=True`
        it raises EventDecodeError instead, as does an event that does not match the schema (the
        session stays usable)."""
        events = self._events
        if events is None:
            raise UsageError("the session is not open: use `async with Session(...) as session`")
        if self._receiving:
            raise UsageError("another task is already receiving events from this session")
        self._receiving = True
        if self._iterator is None or self._iterator() is None:
            self._recv_used = True  # a direct `recv()` caller is a consumer from now on
        try:
            item = await events.get()
        except anyio.EndOfStream:
            error = self._protocol.close_error or ConnectionClosedOK(1000, "")
            if isinstance(error, GaveUp):  # reconnecting failed: the last attempt's error
                raise error.last_error from error
            raise error from None
        finally:
            self._receiving = False
        if isinstance(item, EventDecodeError):
            raise item
        return cast("AnyServerEvent | UndecodableFrame | SessionResumed", item)

    def __aiter__(self) -> AsyncIterator[AnyServerEvent | UndecodableFrame | SessionResumed]:
        current = self._iterator() if self._iterator is not None else None
        if current is not None and not current.finished:
            raise UsageError(
                "this session is already being iterated; use one `async for` per session "
                "(response handles and callbacks can observe events alongside it)"
            )
        iterator = _EventIterator(self)
        self._iterator = weakref.ref(iterator)
        return iterator


class _EventIterator:
    """The `async for` iterator of a Session: ends quietly on a normal close."""

    def __init__(self, session: Session[Any]) -> None:
        self._session = session
        self.finished = False

    def __aiter__(self) -> _EventIterator:
        return self

    async def __anext__(self) -> AnyServerEvent | UndecodableFrame | SessionResumed:
        if self.finished:
            raise StopAsyncIteration
        session = self._session
        events = session._events
        # Hot path: an event is waiting, so take it at once (no await chain, no scheduler round
        # trip), except now and then (the queue's own rule) so that a busy loop still yields.
        if events and not session._receiving and events._skip_checkpoint():
            item = events.get_nowait()
            if not isinstance(item, EventDecodeError):
                return cast("AnyServerEvent | UndecodableFrame", item)
            self.finished = True
            raise item
        try:
            return await session.recv()
        except ConnectionClosedOK:
            self.finished = True
            raise StopAsyncIteration from None
        except BaseException:
            # The `async for` ends here (a lost connection, an undecodable message, a cancel):
            # a new one may start at once, whatever keeps this iterator alive.
            self.finished = True
            raise
