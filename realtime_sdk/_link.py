# Kept whole: `ResumableTransport` is one state machine (the current connection, the senders waiting
# for the next one, the restore in flight, the rotation schedule, the id map) whose methods all read
# and write that state; its decisions already live in the Sans-I/O `_reconnect` and `_restore`.
"""The I/O of session continuity: one Transport for the Session over a series of connections.

`ResumableTransport` is what a Session with `reconnect=` reads and writes. Underneath it holds the
current connection and replaces it when it is lost or about to expire; every decision comes from
the Sans-I/O pieces in `_reconnect` and `_restore`:

```text
Session reader ─ receive_text ─┬─ current connection ──> text (restore echoes swallowed, ids mapped)
                               └─ on a loss: fail requests in flight, back off, connect (fresh
                                  credentials), restore, replay audio, SessionResumed, go on
rotation task ─ before expires_at, at a quiet point: open and restore a new connection while the
                old one serves, switch the senders, close the old one (the reader moves over)
```

Each connection's context manager is entered and exited by a task of its own (`_hold`), in the
Session's task group, so that two connections can be open at once during a rotation.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import anyio
import anyio.abc
import attrs

from ._codec import (
    decode_client_event,
    decode_server_event,
    encode_audio_append,
    encode_client_event,
    encode_server_event,
)
from ._conversation import Conversation
from ._exceptions import (
    ConnectionClosed,
    ConnectionClosedError,
    ConnectionClosedOK,
    ConnectionInterrupted,
    EventDecodeError,
    EventEncodeError,
    RealtimeTimeoutError,
    ServerError,
    connection_closed,
)
from ._reconnect import (
    ActivityTracker,
    PendingAudio,
    Reconnect,
    ResumeReason,
    RotationSchedule,
    SessionResumed,
    describe_loss,
    is_permanent,
    is_session_expired,
    reconnect_reason,
)
from ._restore import IdMap, RestorePlan, plan_restore, restored_id_factory, select_items
from ._transports import Transport
from .events._base import Model
from .events._dialects import Dialect, dialect_spec

__all__ = ["ContinuityHooks", "GaveUp", "ResumableTransport"]

logger = logging.getLogger("realtime_sdk")

Connector = Callable[[], Awaitable[contextlib.AbstractAsyncContextManager[Any]]]
"""Opens one connection (with fresh credentials): returns its not yet entered context manager."""

_ROTATION_POLL = 0.05  # seconds between quiet-point checks inside the rotation window
_ROTATION_RETRY = 1.0  # seconds before a failed rotation is tried again
_MAX_ERROR_TEXT = 4096  # longer messages are not the server's `session_expired` error


class ContinuityHooks(Protocol):
    """What the driver needs from its Session."""

    conversation: Conversation | None

    @property
    def dialect(self) -> Dialect: ...

    @property
    def server_session(self) -> Model | None: ...

    def _continuity_interrupted(self, error: ConnectionInterrupted) -> int:
        """Fail the requests in flight with `error`; return how many."""
        ...

    def _continuity_waiting(self) -> bool:
        """True while a `wait=True` send awaits its answer."""
        ...

    def _continuity_resumed(
        self, notice: SessionResumed, session_event: Any
    ) -> Awaitable[None] | None:
        """Adopt the new connection's session and queue `notice` for the application."""
        ...

    def _next_event_id(self) -> str: ...


class GaveUp(ConnectionClosedError):
    """Reconnecting failed: `last_error` is what the last attempt raised (the Session raises it)."""

    def __init__(self, code: int, reason: str, last_error: BaseException, attempts: int) -> None:
        super().__init__(
            code,
            reason,
            f"gave up reconnecting after {attempts} attempt(s): {describe_loss(last_error)}",
        )
        self.last_error = last_error
        self.attempts = attempts


class _Connection:
    """One underlying connection and what belongs to it."""

    def __init__(self, transport: Transport, *, owned: bool) -> None:
        self.transport = transport
        self.owned = owned  # its context manager is held by a `_hold` task of ours
        self.release = anyio.Event()  # set: the `_hold` task exits the context manager
        self.expired = False  # the server sent `session_expired` on it
        self.schedule: RotationSchedule | None = None
        self.id_map = IdMap()
        self.id_tag = ""  # a substring of every restored id (a cheap filter on the hot path)
        self.created: Any = None  # its session.created
        self.attached = False  # its messages go straight to the Session's receiver


class _Restored:
    """A new connection, restored and ready to take over."""

    def __init__(self, connection: _Connection, plan: RestorePlan, session_event: Any) -> None:
        self.connection = connection
        self.plan = plan
        self.session_event = session_event


class ResumableTransport:
    """A Transport that survives lost connections and the session time limit (see module docs)."""

    def __init__(
        self,
        first: Transport,
        *,
        connector: Connector,
        policy: Reconnect,
        hooks: ContinuityHooks,
        task_group: anyio.abc.TaskGroup,
        wrap: Callable[[Transport], Transport] | None = None,
        session_timeout: float,
        answer_timeout: float,
    ) -> None:
        self._policy = policy
        self._connector = connector
        self._hooks = hooks
        self._tg = task_group
        self._wrap = wrap  # applied to every new connection (the Session's recorder)
        self._session_timeout = session_timeout
        self._answer_timeout = answer_timeout
        self._conn: _Connection | None = _Connection(first, owned=False)
        self._retiring: _Connection | None = None  # the old connection of a rotation
        self._resumed_notice: SessionResumed | None = None  # for the reader to deliver
        self._resumed_session: Any = None
        self._available = anyio.Event()  # set while there is a connection to send on
        self._available.set()
        self._replacing = anyio.Lock()
        self._closing = False
        self._close_wanted: tuple[int, str] = (1000, "")
        self._attempt_scope: anyio.CancelScope | None = None
        self._final: BaseException | None = None
        self._first_seen = False
        self._receiver: Callable[[str], Awaitable[None] | None] | None = None
        self._backlog: deque[str] = deque()  # a new connection's messages from before set_receiver
        self._generation = 0  # lost connections so far
        self._last_loss: ConnectionClosed | None = None
        self.tracker = ActivityTracker()
        self.pending_audio = PendingAudio(policy.gap_audio_limit, policy.gap_audio)
        self.reconnects = 0
        """How many times the session has moved to a new connection."""

    # --- Transport -------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closing or self._final is not None

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close for good: the current connection (no reconnect follows) and any spare one."""
        self._closing = True
        self._close_wanted = (code, reason)
        self._available.set()  # senders waiting for a connection see the close
        if self._attempt_scope is not None:
            self._attempt_scope.cancel()  # a reconnect in progress stops
        retiring, self._retiring = self._retiring, None
        if retiring is not None:
            retiring.release.set()
        if self._conn is not None:
            # The reader reads it to its end (and its close code), then ends.
            await self._conn.transport.aclose(code, reason)

    async def send_text(self, text: str | bytes) -> None:
        """Send on the current connection; while reconnecting, wait for the new one.

        A send under way when its connection was lost raises ConnectionInterrupted (it is never
        sent to the new server behind the application's back); a send started while reconnecting
        waits and goes to the new connection.
        """
        generation = self._generation
        while True:
            conn = await self._sendable()
            if self._generation != generation:
                loss = self._last_loss
                raise ConnectionInterrupted(
                    loss.code if loss is not None else 1006, "the connection was lost while sending"
                )
            if conn.id_map:
                text = self._outbound(conn, text)
            try:
                await conn.transport.send_text(text)
                return
            except ConnectionClosed:
                if self._closing or self._final is not None:
                    raise
                await anyio.sleep(_ROTATION_POLL)  # until the reader has seen the loss

    async def send_audio(
        self, audio: bytes | bytearray | memoryview, event_id: str, wire_type: str
    ) -> None:
        """Append input audio: sent now, or held for the next connection while there is none."""
        conn = self._conn
        if conn is None or not self._available.is_set():
            if self._closing or self._final is not None:
                await self._sendable()  # raises
            self.pending_audio.held(audio)
            return
        try:
            await conn.transport.send_text(encode_audio_append(audio, event_id, wire_type))
        except ConnectionClosed:
            if self._closing or self._final is not None:
                raise
            self.pending_audio.held(audio)
            return
        self.pending_audio.sent(audio)
        self.tracker.audio_appended()

    def set_receiver(self, receiver: Callable[[str], Awaitable[None] | None]) -> list[str]:
        """Hand each message to `receiver` from the task reading the socket, as the WebSocket
        transport does (see `WebSocketTransport.set_receiver`), on every connection in turn.

        Returns the messages received before the call; `receive_text()` then returns only the
        messages a new connection received before it was handed over, and raises at the end.
        """
        self._receiver = receiver
        conn = self._conn
        return self._attach(conn) if conn is not None else []

    def _attach(self, conn: _Connection) -> list[str]:
        """Route `conn`'s messages straight to the receiver (when its transport can)."""
        inner = getattr(conn.transport, "set_receiver", None)
        if inner is None or self._receiver is None or conn.attached:
            return []
        conn.attached = True
        early = inner(functools.partial(self._on_message, conn))
        return [text for text in (self._filter(conn, t) for t in early) if text is not None]

    def _on_message(self, conn: _Connection, text: str) -> Awaitable[None] | None:
        # In the task reading the socket: must not raise (the filter does not).
        filtered = self._filter(conn, text)
        if filtered is None or self._receiver is None:
            return None
        return self._receiver(filtered)

    def _filter(self, conn: _Connection, text: str) -> str | None:
        if not self._first_seen:
            self._first_seen = True
            self._schedule(conn, text)
        return self._inbound(conn, text)

    async def receive_text(self) -> str:
        while True:
            if self._backlog:
                return self._backlog.popleft()
            conn = self._conn
            if conn is None:
                raise self._final_error()
            if self._receiver is not None and not conn.attached and self._available.is_set():
                self._backlog.extend(self._attach(conn))
                if self._backlog:
                    continue
            try:
                text = await conn.transport.receive_text()
            except ConnectionClosed as exc:
                await self._on_closed(conn, exc)
                notice = self._resumed_notice
                if notice is not None:
                    self._resumed_notice = None
                    waiting = self._hooks._continuity_resumed(notice, self._resumed_session)
                    if waiting is not None:
                        await waiting
                continue
            text_or_none = self._filter(conn, text)
            if text_or_none is not None:
                return text_or_none

    # --- events the Session decoded --------------------------------------------------------------

    def observe(self, event: Any) -> None:
        """Every server event the Session receives (quiet points, the pending input audio)."""
        self.tracker.observe(event)
        event_type = getattr(event, "type", None)
        if event_type in ("input_audio_buffer.committed", "input_audio_buffer.cleared"):
            self.pending_audio.committed()

    # --- inbound and outbound filters ------------------------------------------------------------

    def _schedule(self, conn: _Connection, text: str) -> None:
        try:
            event = decode_server_event(text, dialect=self._hooks.dialect)
        except EventDecodeError:
            return
        self._set_schedule(conn, event)

    def _set_schedule(self, conn: _Connection, event: Any) -> None:
        expires_at = getattr(getattr(event, "session", None), "expires_at", None)
        conn.schedule = RotationSchedule.for_session(
            expires_at, self._policy, now=anyio.current_time()
        )
        if conn.schedule is not None:
            self._tg.start_soon(self._rotation_task, conn)

    def _inbound(self, conn: _Connection, text: str) -> str | None:
        """The text to hand to the Session, or None to swallow it."""
        tag = conn.id_tag
        restored = bool(tag) and tag in text
        # An `error` event is short; audio deltas are not worth scanning.
        if not restored and (len(text) > _MAX_ERROR_TEXT or "session_expired" not in text):
            return text
        try:
            event = decode_server_event(text, dialect=self._hooks.dialect)
        except EventDecodeError:
            return text  # the Session reports it
        if is_session_expired(event):
            # The server ends the session (a 1001 close follows): the reconnect takes it from here.
            conn.expired = True
            logger.info("the server says the session expired; reconnecting")
            return None
        if not restored:
            return text
        if conn.id_map.is_restore_echo(event):
            return None
        mapped = conn.id_map.inbound(event)
        if mapped is event:
            return text
        try:
            return encode_server_event(mapped).decode()
        except EventEncodeError:
            return text

    def _outbound(self, conn: _Connection, text: str | bytes) -> str | bytes:
        raw = text.decode() if isinstance(text, bytes) else text
        if '"item_id"' not in raw and '"previous_item_id"' not in raw:
            return text
        try:
            event = decode_client_event(raw, dialect=self._hooks.dialect)
        except EventDecodeError:
            return text
        mapped = conn.id_map.outbound(event)
        return text if mapped is event else encode_client_event(mapped)

    # --- sending while reconnecting ----------------------------------------------------------------

    def _final_error(self) -> BaseException:
        return self._final or ConnectionClosedOK(1000, "session closed")

    async def _sendable(self) -> _Connection:
        while True:
            if self._closing or self._final is not None:
                raise self._final_error()
            conn = self._conn
            if conn is not None and self._available.is_set():
                return conn
            await self._available.wait()

    # --- losing a connection ---------------------------------------------------------------------

    async def _on_closed(self, conn: _Connection, exc: ConnectionClosed) -> None:
        """The reader saw `conn` close: move to the rotation's connection, reconnect, or end."""
        if conn is self._retiring:
            self._retiring = None
            conn.release.set()
            return  # the rotation switched the senders already; the reader follows
        if self._closing:
            self._final = exc
            self._conn = None
            conn.release.set()
            raise exc
        reason = reconnect_reason(exc, expired=conn.expired)
        if reason is None:
            self._final = exc
            self._conn = None
            self._available.set()
            conn.release.set()
            raise exc
        self._generation += 1
        self._last_loss = exc
        if self._available.is_set():
            self._available = anyio.Event()  # senders wait for the new connection
        failed = self._hooks._continuity_interrupted(ConnectionInterrupted(exc.code, exc.reason))
        lost_at = anyio.current_time()
        logger.info("connection lost (%s): reconnecting", describe_loss(exc))
        async with self._replacing:
            if self._conn is not conn:  # a rotation finished meanwhile: use its connection
                conn.release.set()
                self._available.set()
                return
            conn.release.set()
            await self._reconnect(reason, exc, lost_at, failed)

    async def _reconnect(
        self, reason: ResumeReason, exc: ConnectionClosed, lost_at: float, failed: int
    ) -> None:
        policy = self._policy
        plan_inputs = await self._plan_inputs()
        last_error: BaseException = exc
        attempt = 0
        while attempt < policy.max_attempts and not self._closing:
            attempt += 1
            restored = None
            try:
                with anyio.CancelScope() as self._attempt_scope:  # aclose() cancels it
                    await anyio.sleep(policy.delay(attempt))
                    restored = await self._open_and_restore(plan_inputs)
            except Exception as error:  # typed errors of the attempt; cancellation goes through
                last_error = error
                if is_permanent(error):
                    break
                logger.info(
                    "reconnect attempt %d of %d failed: %s",
                    attempt,
                    policy.max_attempts,
                    describe_loss(error),
                )
                continue
            finally:
                self._attempt_scope = None
            if restored is None:  # cancelled by aclose()
                break
            replay = policy.gap_audio == "buffer"
            replayed, dropped = await self._switch(restored, replay=replay)
            self._announce(
                restored,
                reason=reason,
                attempts=attempt,
                downtime=anyio.current_time() - lost_at,
                replayed=replayed,
                dropped=dropped,
                failed=failed,
                cause=describe_loss(exc),
            )
            return
        if self._closing:
            self._final = connection_closed(*self._close_wanted)
            self._available.set()
            raise self._final
        logger.warning(
            "giving up reconnecting after %d attempt(s): %s", attempt, describe_loss(last_error)
        )
        self._final = GaveUp(exc.code, exc.reason, last_error, attempt)
        self._conn = None
        self._available.set()
        raise self._final

    # --- opening and restoring -------------------------------------------------------------------

    async def _plan_inputs(self) -> tuple[Any, str | None]:
        """The items to restore and the summary of the rest (asked once per outage)."""
        selection = self._select()
        return selection, await self._summarize(selection)

    def _select(self) -> Any:
        conversation = self._hooks.conversation
        dialect = self._hooks.dialect
        if conversation is None or dialect == "translation":
            return None
        return select_items(
            conversation,
            dialect=dialect,
            max_items=self._policy.restore_items,
            max_tokens=self._policy.restore_tokens,
        )

    async def _summarize(self, selection: Any) -> str | None:
        hook = self._policy.summarize
        if hook is None or selection is None or not selection.left_out:
            return None
        try:
            result = hook(selection.left_out)
            if inspect.isawaitable(result):
                result = await result
        except Exception as exc:
            logger.warning("the summarize hook failed (%s); restoring without a summary", exc)
            return None
        return result if isinstance(result, str) and result.strip() else None

    async def _hold(
        self,
        cm: contextlib.AbstractAsyncContextManager[Any],
        *,
        task_status: anyio.abc.TaskStatus[_Connection] = anyio.TASK_STATUS_IGNORED,
    ) -> None:
        async with cm as transport:
            if self._wrap is not None:
                transport = self._wrap(transport)
            conn = _Connection(transport, owned=True)
            task_status.started(conn)
            await conn.release.wait()
            await transport.aclose()

    async def _open(self) -> _Connection:
        """A new connection, up to its `session.created` (fresh credentials from the connector)."""
        cm = await self._connector()
        conn: _Connection = await self._tg.start(self._hold, cm)
        try:
            dialect = self._hooks.dialect
            with anyio.fail_after(self._session_timeout):
                while True:
                    text = await conn.transport.receive_text()
                    created = decode_server_event(text, dialect=dialect)
                    if created.type == "error":
                        raise ServerError(created)
                    if created.type in ("session.created", "transcription_session.created"):
                        break
        except TimeoutError:
            conn.release.set()
            raise RealtimeTimeoutError(
                f"no session.created within {self._session_timeout} s"
            ) from None
        except BaseException:
            conn.release.set()
            raise
        conn.created = created
        return conn

    async def _restore(self, conn: _Connection, plan_inputs: tuple[Any, str | None]) -> _Restored:
        """Send the restore plan on `conn` and wait for every answer (a refusal: ServerError)."""
        dialect = self._hooks.dialect
        transport = conn.transport
        selection, summary = plan_inputs
        tag = restored_id_factory()
        plan = plan_restore(
            dialect=dialect,
            server_session=self._hooks.server_session,
            selection=selection,
            summary=summary,
            new_id=tag,
        )
        conn.id_map = plan.id_map
        conn.id_tag = tag().rsplit("_", 1)[0] + "_"
        session_event: Any = conn.created
        expected: dict[str, str | None] = {}  # event_id -> the item id its answer names
        for event in plan.events:
            event_id = self._hooks._next_event_id()
            item_id = getattr(getattr(event, "item", None), "id", None)
            expected[event_id] = item_id if isinstance(item_id, str) else None
            await transport.send_text(encode_client_event(_with_id(event, event_id)))
        try:
            with anyio.fail_after(self._answer_timeout):
                while expected:
                    event = decode_server_event(await transport.receive_text(), dialect=dialect)
                    session_event = self._answered(event, expected) or session_event
        except TimeoutError:
            raise RealtimeTimeoutError(
                f"no answer to the restore within {self._answer_timeout} s"
            ) from None
        return _Restored(conn, plan, session_event)

    async def _open_and_restore(self, plan_inputs: tuple[Any, str | None]) -> _Restored:
        conn = await self._open()
        try:
            return await self._restore(conn, plan_inputs)
        except BaseException:
            conn.release.set()
            raise

    def _answered(self, event: Any, expected: dict[str, str | None]) -> Any:
        """Tick off the restore's answers; a refusal ends the attempt (ServerError)."""
        event_type = event.type
        if event_type == "error":
            caused_by = getattr(event.error, "event_id", None)
            if caused_by in expected:
                raise ServerError(event)
            return None
        if event_type in ("session.updated", "transcription_session.updated"):
            for event_id, item_id in expected.items():
                if item_id is None:
                    del expected[event_id]
                    break
            return event
        if event_type in ("conversation.item.added", "conversation.item.created"):
            item_id = getattr(event.item, "id", None)
            for event_id, wanted in expected.items():
                if wanted is not None and wanted == item_id:
                    del expected[event_id]
                    break
        return None

    # --- switching ---------------------------------------------------------------------------------

    async def _switch(self, restored: _Restored, *, replay: bool) -> tuple[int, int]:
        """Make `restored` the current connection; send it the input audio it must have first.

        Sends wait (and appends are held) until the replay is done, so that the new server gets
        the application's audio and events in the order they were made.
        """
        conn = restored.connection
        if self._available.is_set():
            self._available = anyio.Event()
        self._conn = conn
        wire_type = dialect_spec(self._hooks.dialect).input_audio_append
        sent: list[bytes] = []
        dropped = 0
        while True:  # appends held while replaying are replayed too
            chunks, lost = self.pending_audio.take(replay=replay or bool(sent))
            dropped += lost
            if not chunks:
                break
            for chunk in chunks:
                event_id = self._hooks._next_event_id()
                await conn.transport.send_text(encode_audio_append(chunk, event_id, wire_type))
                sent.append(chunk)
        for chunk in sent:  # uncommitted on the new server now
            self.pending_audio.sent(chunk)
        self.tracker.reset()
        if sent:
            self.tracker.audio_appended()
        self._available.set()
        if conn.created is not None:
            self._set_schedule(conn, conn.created)
        return sum(map(len, sent)), dropped

    def _announce(
        self,
        restored: _Restored,
        *,
        reason: ResumeReason,
        attempts: int,
        downtime: float,
        replayed: int,
        dropped: int,
        failed: int,
        cause: str,
    ) -> None:
        self.reconnects += 1
        plan = restored.plan
        notice = SessionResumed(
            reason=reason,
            reconnects=self.reconnects,
            attempts=attempts,
            downtime=downtime,
            items_restored=plan.items_restored,
            items_dropped=plan.items_dropped,
            summarized=plan.summarized,
            audio_replayed_bytes=replayed,
            audio_dropped_bytes=dropped,
            requests_failed=failed,
            cause=cause,
        )
        logger.info(
            "session resumed on a new connection (%s, attempt %d, %.2f s down): %d item(s) "
            "restored, %d dropped",
            reason,
            attempts,
            downtime,
            plan.items_restored,
            plan.items_dropped,
        )
        self._resumed_notice = notice
        self._resumed_session = restored.session_event

    # --- proactive rotation ----------------------------------------------------------------------

    async def _rotation_task(self, conn: _Connection) -> None:
        """Replace `conn` before it expires: at a quiet point past `soft`, at `hard` regardless."""
        schedule = conn.schedule
        assert schedule is not None
        while self._conn is conn and not self.closed and not conn.expired:
            now = anyio.current_time()
            if schedule.due(now, quiet=self._quiet()) is None:
                await anyio.sleep(max(schedule.next_check(now), _ROTATION_POLL))
                continue
            if now >= schedule.expires:
                return  # too late: the server ends it and the reader reconnects
            try:
                await self._rotate(conn, schedule)
                return
            except Exception as exc:
                logger.info("rotation failed (%s); the old connection goes on", describe_loss(exc))
                await anyio.sleep(_ROTATION_RETRY)

    def _quiet(self) -> bool:
        return self.tracker.quiet and not self._hooks._continuity_waiting()

    async def _rotate(self, old: _Connection, schedule: RotationSchedule) -> None:
        """Make before break: open the new connection while `old` serves; at a quiet point (or
        the hard limit) hold the sends, restore on the new connection, switch, close `old`."""
        async with self._replacing:
            if self._conn is not old or self.closed:
                return
            new = await self._open()
            try:
                summary = await self._summarize(self._select())  # may be slow: before holding
                # Quiet depends on server events, the app's audio and its waiters: polled.
                while True:
                    due = schedule.due(anyio.current_time(), quiet=self._quiet())
                    if due is not None:
                        break
                    await anyio.sleep(_ROTATION_POLL)
                if self._conn is not old or self.closed:
                    new.release.set()
                    return
                if self._available.is_set():
                    self._available = anyio.Event()  # sends wait, appends are held
                selection = self._select()  # what the old connection added meanwhile too
                if selection is not None and not selection.left_out:
                    summary = None
                restored = await self._restore(new, (selection, summary))
            except BaseException:
                new.release.set()
                self._available.set()
                raise
            failed = 0
            if due == "forced":
                error = ConnectionInterrupted(1001, "rotated before the session expired")
                failed = self._hooks._continuity_interrupted(error)
            self._retiring = old
            replayed, dropped = await self._switch(restored, replay=True)
            self._announce(
                restored,
                reason="rotation",
                attempts=1,
                downtime=0.0,
                replayed=replayed,
                dropped=dropped,
                failed=failed,
                cause=describe_loss(None),
            )
            # The reader is reading the old connection: its close moves the reader over.
            await old.transport.aclose(1000, "rotated")


def _with_id(event: Any, event_id: str) -> Any:
    return attrs.evolve(event, event_id=event_id)
