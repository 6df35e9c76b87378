"""The session protocol without I/O: lifecycle, request/answer correlation, response handles.

`SessionProtocol` is the Sans-I/O core of a Session, in the manner of h11's `Connection` and websockets'
`Protocol`: it takes in server text and the client's own sends and returns effects (deliver this event,
settle this waiter, bind or feed this handle, send these barge-in events, the connection is lost) for the
Session, a thin I/O shell, to carry out. It awaits nothing and knows nothing of anyio.

The Realtime protocol has no request ids on answers: a `session.updated` does not say which
`session.update` it answers. What it does have:

* an `error` event names the client `event_id` that caused it (`error.event_id`), and
* each client event that the server acknowledges has a documented answer type, often carrying the id of
  the item it concerns (`conversation.item.deleted.item_id`, ...).

`Correlator` matches answers to pending requests with those two facts: errors by event_id exactly,
successes by answer type and item id, oldest request first. `response.create` is matched by the one
handle-binding rule of `SessionProtocol.request_for` (the metadata tag the Session sets, see `TAG_KEY`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Literal, cast

import attrs

from ._careful import UndecodableFrame, breaks_types
from ._codec import decode_server_event, detect_dialect
from ._exceptions import (
    ConnectionClosed,
    ConnectionClosedOK,
    EventDecodeError,
    ServerError,
    UsageError,
)
from .events._base import Model
from .events._dialects import ANSWERS

__all__ = [
    "ANSWERS",
    "TAG_KEY",
    "TOOLS_TAG",
    "Bind",
    "Correlator",
    "Deliver",
    "Delivery",
    "Effect",
    "Feed",
    "Finish",
    "Interrupt",
    "Lost",
    "OpenFailed",
    "Opened",
    "Pending",
    "RunTools",
    "SessionProtocol",
    "SessionState",
    "Settle",
    "next_state",
    "response_tag",
]


class SessionState(enum.Enum):
    """Lifecycle of a Session."""

    NEW = "new"  # constructed, not entered
    CONNECTING = "connecting"  # transport opening / waiting for session.created
    OPEN = "open"  # session.created received
    CLOSING = "closing"  # close requested by the client
    CLOSED = "closed"  # transport closed (by either side); a Session is not reusable


# (state, trigger) -> new state. Triggers not listed for a state are refused (UsageError).
_TRANSITIONS: Mapping[tuple[SessionState, str], SessionState] = {
    (SessionState.NEW, "enter"): SessionState.CONNECTING,
    (SessionState.NEW, "close"): SessionState.CLOSED,  # closing a Session never entered
    (SessionState.CONNECTING, "session_created"): SessionState.OPEN,
    (SessionState.CONNECTING, "close"): SessionState.CLOSING,
    (SessionState.CONNECTING, "connection_lost"): SessionState.CLOSED,
    (SessionState.OPEN, "session_created"): SessionState.OPEN,
    (SessionState.OPEN, "close"): SessionState.CLOSING,
    (SessionState.OPEN, "connection_lost"): SessionState.CLOSED,
    (SessionState.CLOSING, "close"): SessionState.CLOSING,
    (SessionState.CLOSING, "connection_lost"): SessionState.CLOSED,
    (SessionState.CLOSING, "session_created"): SessionState.CLOSING,
    (SessionState.CLOSED, "close"): SessionState.CLOSED,
    (SessionState.CLOSED, "connection_lost"): SessionState.CLOSED,
}


def next_state(state: SessionState, trigger: str) -> SessionState:
    """The state after `trigger`; UsageError when the trigger is not allowed in `state`."""
    try:
        return _TRANSITIONS[state, trigger]
    except KeyError:
        if trigger == "enter":
            raise UsageError(
                "a Session can be entered only once; create a new Session to reconnect"
            ) from None
        raise UsageError(f"cannot {trigger.replace('_', ' ')} in state {state.value}") from None


_ANSWER_TYPES = frozenset().union(*ANSWERS.values()) | {"error"}


def _request_key(event_type: str, event: Any) -> str | None:
    """The item / response id a request concerns, when the client named one."""
    if event_type in ("conversation.item.create",):
        value = getattr(getattr(event, "item", None), "id", None)
    elif event_type == "response.cancel":
        value = getattr(event, "response_id", None)
    else:
        value = getattr(event, "item_id", None)
    return value if isinstance(value, str) else None


def _answer_key(event: Any) -> str | None:
    event_type = event.type
    if event_type in (
        "conversation.item.added",
        "conversation.item.created",
        "conversation.item.retrieved",
    ):
        value = getattr(getattr(event, "item", None), "id", None)
    elif event_type == "response.done":
        value = getattr(getattr(event, "response", None), "id", None)
    else:
        value = getattr(event, "item_id", None)
    return value if isinstance(value, str) else None


TAG_KEY = "realtime_sdk_handle"
"""`response.metadata` key carrying the tag that identifies a Session's own `response.create`."""


def response_tag(response: Any) -> str | None:
    """The handle tag a response carries in its metadata (None without one)."""
    metadata = getattr(response, "metadata", None)
    tag = metadata.get(TAG_KEY) if isinstance(metadata, dict) else None
    return tag if isinstance(tag, str) else None


@attrs.define(kw_only=True)
class Pending:
    """A client event waiting for its answer."""

    event_id: str
    request_type: str
    answer_types: frozenset[str]
    key: str | None


class Correlator:
    """Match server answers and errors to client events awaited with `wait=True`.

    (`SessionProtocol` matches `response.create` itself, with the rule that binds handles.)
    """

    def __init__(self) -> None:
        self._pending: dict[str, Pending] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def pending(self, event_id: str) -> bool:
        """True while `event_id` awaits its answer."""
        return event_id in self._pending

    def expect(self, event: Any) -> Pending:
        """Register a client event (with its event_id set) as awaiting an answer."""
        event_type = event.type
        answers = ANSWERS.get(event_type)
        if answers is None:
            raise UsageError(f"the server sends no answer to {event_type!r}; send it without wait")
        event_id = event.event_id
        if not isinstance(event_id, str):
            raise UsageError("a client event awaited with wait=True needs an event_id")
        if event_id in self._pending:
            raise UsageError(f"event_id {event_id!r} is already awaiting an answer")
        pending = Pending(
            event_id=event_id,
            request_type=event_type,
            answer_types=answers,
            key=_request_key(event_type, event),
        )
        self._pending[event_id] = pending
        return pending

    def forget(self, event_id: str) -> None:
        """Stop waiting for an event's answer (its waiter was cancelled or timed out)."""
        self._pending.pop(event_id, None)

    def on_server_event(self, event: Any) -> tuple[Pending, Literal["answer", "error"]] | None:
        """The pending request that `event` settles, and how; None when it settles none."""
        if not self._pending:
            return None
        event_type = event.type
        if event_type not in _ANSWER_TYPES:
            return None
        if event_type == "error":
            caused_by = getattr(getattr(event, "error", None), "event_id", None)
            if isinstance(caused_by, str) and caused_by in self._pending:
                return self._pending.pop(caused_by), "error"
            return None
        key = _answer_key(event)
        for pending in self._pending.values():
            if event_type in pending.answer_types and (pending.key is None or pending.key == key):
                del self._pending[pending.event_id]
                return pending, "answer"
        return None

    def drain(self) -> list[Pending]:
        """Every pending request, removed: the connection is gone and none will be answered."""
        pending = list(self._pending.values())
        self._pending.clear()
        return pending


# --- the session protocol ------------------------------------------------------------------------------

TOOLS_TAG = "tools"
"""Handle tag earlier versions set on their tool follow-up `response.create` (bound to no handle;
tool follow-ups are now tagged like any handle)."""

_CREATED_TYPES = frozenset({"session.created", "transcription_session.created"})
_SESSION_TYPES = _CREATED_TYPES | {"session.updated", "transcription_session.updated"}
# Event types the protocol acts on even with nothing pending (see `SessionProtocol.receive_event`).
_ROUTED_TYPES = _SESSION_TYPES | {"error", "response.created", "response.done"}


class Effect:
    """Something the I/O shell must do after the protocol took in a server message or a change."""

    __slots__ = ()

    def _fields(self) -> tuple[str, ...]:
        return cast("tuple[str, ...]", type(self).__slots__)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, name) == getattr(other, name) for name in self._fields()
        )

    __hash__ = None  # type: ignore[assignment]


class Deliver(Effect):
    """Queue `item` (a server event, or an EventDecodeError) for `recv()` / `async for`."""

    __slots__ = ("item",)

    def __init__(self, item: Any) -> None:
        self.item = item


class Opened(Effect):
    """The session opened: `event` is the `session.created` (or the first session event)."""

    __slots__ = ("event",)

    def __init__(self, event: Any) -> None:
        self.event = event


class OpenFailed(Effect):
    """The server refused the session before creating it (an error or undecodable first message)."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


class Settle(Effect):
    """The `wait=True` send `event_id` has its answer (`result`) or failed (`error`)."""

    __slots__ = ("error", "event_id", "result")

    def __init__(
        self, event_id: str, result: Any = None, error: BaseException | None = None
    ) -> None:
        self.event_id = event_id
        self.result = result
        self.error = error


class Bind(Effect):
    """`handle` (as registered with `track_response`) belongs to the response `created` starts."""

    __slots__ = ("created", "handle")

    def __init__(self, handle: Any, created: Any) -> None:
        self.handle = handle
        self.created = created


class Feed(Effect):
    """`event` concerns the response of `handle` (a delta, or its `response.done`)."""

    __slots__ = ("event", "handle")

    def __init__(self, handle: Any, event: Any) -> None:
        self.handle = handle
        self.event = event


class Finish(Effect):
    """`handle`'s response will never come or stream on: end it with `error`."""

    __slots__ = ("error", "handle")

    def __init__(self, handle: Any, error: BaseException) -> None:
        self.handle = handle
        self.error = error


class Interrupt(Effect):
    """Barge-in: send these client events (cancel, truncate, clear) for the interrupter's verdict."""

    __slots__ = ("actions",)

    def __init__(self, actions: list[Any]) -> None:
        self.actions = actions


class RunTools(Effect):
    """A `response.done` that may hold function calls: run them and send their outputs."""

    __slots__ = ("done",)

    def __init__(self, done: Any) -> None:
        self.done = done


class Lost(Effect):
    """The connection is gone (`error` says how): nothing more arrives or can be sent."""

    __slots__ = ("error",)

    def __init__(self, error: ConnectionClosed) -> None:
        self.error = error


class Delivery(enum.Enum):
    """What to do with an event for the application's stream (see `SessionProtocol.delivery`)."""

    APPEND = "append"  # room in the buffer (or a bounded overdraft for a waiting sender)
    DROP_OLDEST = "drop_oldest"  # nobody reads the stream: keep the newest max_buffer events
    WAIT = "wait"  # the application reads: backpressure until it takes an event
    DISCARD = "discard"  # the client is closing and the buffer is full: drop the late event


class SessionProtocol:
    """The Realtime session protocol without I/O: server text and client sends in, effects out.

    * `receive_text(text)` decodes one server message and returns what follows from it: settle a
      `wait=True` sender, bind or feed a response handle, barge-in sends, tool runs, the open or the
      open's failure, and finally delivery to the application's stream.
    * `expect()`, `track_response()`, `forget()` register the client's own sends; `check_sendable()`
      says whether sending is allowed now.
    * The lifecycle goes through one table (`next_state`): `enter()`, `session.created`, `close()`,
      `connection_lost()`.
    * `delivery()` decides between appending, dropping the oldest (nobody reads) and backpressure.

    Handles are opaque objects to it: it only hands them back in `Bind`, `Feed` and `Finish`.
    The usage meter, conversation and interrupter, when given, are fed every server event.
    """

    def __init__(
        self,
        *,
        dialect: str = "ga",
        max_buffer: int = 256,
        interrupter: Any = None,
        usage: Any = None,
        conversation: Any = None,
        run_tools: bool = False,
        strict: bool = False,
    ) -> None:
        # "auto": GA until the server's session.created shows its dialect (`detect_dialect`).
        self.auto_dialect = dialect == "auto"
        self.dialect = "ga" if self.auto_dialect else dialect
        self.strict = strict
        self.undecodable_frames = 0  # frames from the server that were not events
        self.max_buffer = max_buffer
        self.interrupter = interrupter
        self.usage = usage
        self.conversation = conversation
        self.run_tools = run_tools
        self.state = SessionState.NEW
        self.close_error: ConnectionClosed | None = None
        self.created_event: Any = None
        self.server_session: Any = None
        self._opened = False  # session.created (or an open failure) has been reported
        self._correlator = Correlator()
        # response.create requests awaiting their response.created, in send order:
        # event_id -> handle (None for a wait=True send without a handle).
        self._requested: dict[str, Any] = {}
        self._awaiting_created: set[str] = set()  # event_ids of response.create sent with wait=True
        self._streaming: dict[str, Any] = {}  # response id -> handle, until response.done
        # Whether the server echoes response metadata: then an untagged response.created (server
        # VAD, another client of the same session) is nobody's request.
        self._tags_echoed = False

    # --- lifecycle ------------------------------------------------------------------------------

    def _transition(self, trigger: str) -> None:
        self.state = next_state(self.state, trigger)

    def enter(self) -> None:
        """The Session is being entered (connecting); UsageError the second time."""
        self._transition("enter")

    def close(self) -> None:
        """The client asked to close (a Session never entered is closed at once)."""
        self._transition("close")

    @property
    def waiting(self) -> bool:
        """True while a `wait=True` send awaits its answer."""
        return bool(self._correlator) or bool(self._awaiting_created)

    def connection_lost(self, error: ConnectionClosed) -> list[Effect]:
        """The connection ended: every waiter, handle and the opening fail with `error`."""
        if self.close_error is None:
            self.close_error = error
        error = self.close_error
        self._transition("connection_lost")
        effects = self.interrupt(error)
        if not self._opened:
            self._opened = True
            effects.append(OpenFailed(error))
        effects.append(Lost(error))
        return effects

    def interrupt(self, error: ConnectionClosed) -> list[Effect]:
        """The connection went away but the session goes on over a new one (`reconnect=`):
        every waiter and handle fails with `error`; the lifecycle state does not change."""
        effects: list[Effect] = []
        for pending in self._correlator.drain():
            effects.append(Settle(pending.event_id, error=error))
        for event_id in self._awaiting_created:
            effects.append(Settle(event_id, error=error))
        self._awaiting_created.clear()
        for handle in [*self._streaming.values(), *self._requested.values()]:
            if handle is not None:
                effects.append(Finish(handle, error))
        self._streaming.clear()
        self._requested.clear()
        return effects

    def adopt_session(self, event: Any) -> None:
        """The session now lives on a new connection: take its configuration (from its
        `session.created` or `session.updated`)."""
        session = getattr(event, "session", None)
        if isinstance(session, Model):
            self.server_session = session

    # --- sending --------------------------------------------------------------------------------

    def check_sendable(self) -> None:
        """Raise unless client events may be sent now (ConnectionClosed once closing or closed)."""
        state = self.state
        if state is SessionState.OPEN:
            return
        if state is SessionState.CLOSED or state is SessionState.CLOSING:
            raise self.close_error or ConnectionClosedOK(1000, "session closed")
        raise UsageError("the session is not open: use `async with Session(...) as session`")

    def expect(self, event: Any) -> str:
        """Register a client event (event_id set) as sent with `wait=True`; return its event_id.

        Its answer or error comes back as a `Settle` effect.
        """
        if event.type != "response.create":
            return self._correlator.expect(event).event_id
        event_id = event.event_id
        if not isinstance(event_id, str):
            raise UsageError("a client event awaited with wait=True needs an event_id")
        if event_id in self._awaiting_created or self._correlator.pending(event_id):
            raise UsageError(f"event_id {event_id!r} is already awaiting an answer")
        self._awaiting_created.add(event_id)
        self._requested.setdefault(event_id, None)
        return event_id

    def track_response(self, event_id: str, handle: Any) -> None:
        """Bind `handle` to the response that the `response.create` `event_id` starts."""
        self._requested[event_id] = handle

    def forget(self, event_id: str) -> None:
        """Stop waiting for `event_id` (its sender was cancelled, timed out or failed to send)."""
        self._correlator.forget(event_id)
        if event_id in self._awaiting_created:
            self._awaiting_created.discard(event_id)
            if self._requested.get(event_id, False) is None:
                del self._requested[event_id]

    def untrack_response(self, event_id: str) -> None:
        """The `response.create` `event_id` was never sent: forget its handle."""
        self._requested.pop(event_id, None)

    def request_for(self, created: Any) -> str | None:
        """The event_id of our `response.create` that the `response.created` `created` answers.

        The one binding rule, for handles and `wait=True` senders alike:

        * a tag we set (`realtime_sdk_handle` in the response metadata) names its request exactly;
        * the tools tag names none (earlier versions' tool follow-ups, found in old recordings);
        * no tag: the oldest request, unless the server has echoed a tag before (it echoes metadata,
          so an untagged response is someone else's: server VAD, another client of the session);
        * another tag (a replay of another session's recording): the oldest request.
        """
        tag = response_tag(getattr(created, "response", None))
        if tag is not None:
            self._tags_echoed = True
            if tag in self._requested:
                return tag
            if tag == TOOLS_TAG:
                return None
        elif self._tags_echoed:
            return None
        return next(iter(self._requested), None)

    # --- receiving ------------------------------------------------------------------------------

    def delivery(self, buffered: int, consuming: Callable[[], bool]) -> Delivery:
        """How to queue an event for the application while `buffered` events wait unread.

        With room: append. Nobody reads the stream (`consuming()` false: only handles, or nothing):
        drop the oldest, so that handles and waiters never stall. A `wait=True` sender may be the
        very reader that is not reading: a bounded overdraft up to twice `max_buffer` lets its
        answer through. Otherwise: backpressure, except once the client is closing (as a
        WebSocket discards messages after its close frame): then a late event is discarded.
        """
        if buffered < self.max_buffer:
            return Delivery.APPEND
        if self.state is SessionState.CLOSING:
            return Delivery.DISCARD
        if not consuming():
            return Delivery.DROP_OLDEST
        if self.waiting and buffered < 2 * self.max_buffer:
            return Delivery.APPEND
        return Delivery.WAIT

    def receive_text(self, text: str | bytes) -> list[Effect]:
        """Take in one server message; return its effects, `Deliver` last."""
        result = self.receive(text)
        return result if type(result) is list else [Deliver(result)]

    def receive(self, text: str | bytes) -> Any:
        """`receive_text` for the hot path: the same effects, except that a message whose only
        effect is `Deliver` (the common case: an event that concerns nothing pending here) comes
        back as the item to deliver itself, with no effect list or object built for it.

        A list means effects (`Deliver` last); anything else is the item to deliver.
        """
        if self.auto_dialect:
            found = detect_dialect(text)
            if found is not None:
                self.dialect, self.auto_dialect = found, False
        try:
            event = decode_server_event(text, dialect=self.dialect, strict=self.strict)
        except EventDecodeError as exc:
            self.undecodable_frames += 1
            if not self.strict:
                # Not an event: the app gets a typed notice and its loop goes on (issue 9).
                return UndecodableFrame(raw=exc.raw if exc.raw is not None else text, error=exc)
            if not self._opened:
                # Nothing usable came before session.created: fail the opening now.
                self._opened = True
                return [OpenFailed(exc), Deliver(exc)]
            return [Deliver(exc)]
        if breaks_types(event):
            # A required field the server got wrong reads UNSET: the app gets the event
            # (decode_problems tells what), the bookkeeping written against the types does not.
            return event
        return self._receive(event)

    def receive_event(self, event: Any) -> list[Effect]:
        """Take in one decoded server event; return its effects, `Deliver` last."""
        result = self._receive(event)
        return result if type(result) is list else [Deliver(result)]

    def _receive(self, event: Any) -> Any:
        """`receive_event`, returning the event itself when delivering it is all there is to do."""
        event_type = event.type
        if (
            event_type not in _ROUTED_TYPES
            and not self._correlator._pending
            and self.interrupter is None
            and self.conversation is None
        ):
            # The common cases: an event that concerns nobody here, or a delta of a response
            # bound to a handle (fed to it; `response.done`, which ends it, is routed below).
            streaming = self._streaming
            if not streaming:
                return event
            response_id = getattr(event, "response_id", None)
            handle = streaming.get(response_id) if isinstance(response_id, str) else None
            if handle is None:
                return event
            return [Feed(handle, event), Deliver(event)]
        effects: list[Effect] = []
        if event_type in _SESSION_TYPES:
            self._on_session_event(event, effects)
        elif event_type == "error":
            self._on_error(event, effects)
        if self._correlator:
            settled = self._correlator.on_server_event(event)
            if settled is not None:
                pending, how = settled
                if how == "error":
                    effects.append(Settle(pending.event_id, error=ServerError(event)))
                else:
                    effects.append(Settle(pending.event_id, result=event))
        if event_type == "response.created":
            self._on_response_created(event, effects)
        elif self._streaming:
            response_id = getattr(event, "response_id", None)
            if response_id is None and event_type == "response.done":
                response_id = event.response.id
            if isinstance(response_id, str):
                handle = self._streaming.get(response_id)
                if handle is not None:
                    effects.append(Feed(handle, event))
                    if event_type == "response.done":
                        del self._streaming[response_id]
        if self.interrupter is not None:
            actions = self.interrupter.observe(event)
            if actions:
                effects.append(Interrupt(actions))
        if event_type == "response.done":
            if self.usage is not None:
                self.usage.observe(event)
            if self.run_tools:
                effects.append(RunTools(event))
        if self.conversation is not None:
            self.conversation.apply(event)
        effects.append(Deliver(event))
        return effects

    def _on_session_event(self, event: Any, effects: list[Effect]) -> None:
        session = getattr(event, "session", None)
        if isinstance(session, Model):
            self.server_session = session
        if event.type in _CREATED_TYPES or not self._opened:
            if self.created_event is None:
                self.created_event = event
            if self.state is SessionState.CONNECTING:
                self._transition("session_created")
            if not self._opened:
                self._opened = True
                effects.append(Opened(event))

    def _on_error(self, event: Any, effects: list[Effect]) -> None:
        if not self._opened and self.state is SessionState.CONNECTING:
            # The server refused the session before creating it (bad model, quota...).
            self._opened = True
            effects.append(OpenFailed(ServerError(event)))
            return
        caused_by = getattr(getattr(event, "error", None), "event_id", None)
        if isinstance(caused_by, str) and caused_by in self._requested:
            handle = self._requested.pop(caused_by)
            if caused_by in self._awaiting_created:
                self._awaiting_created.discard(caused_by)
                effects.append(Settle(caused_by, error=ServerError(event)))
            if handle is not None:
                effects.append(Finish(handle, ServerError(event)))

    def _on_response_created(self, event: Any, effects: list[Effect]) -> None:
        event_id = self.request_for(event)
        if event_id is None:
            return
        handle = self._requested.pop(event_id)
        if event_id in self._awaiting_created:
            self._awaiting_created.discard(event_id)
            effects.append(Settle(event_id, result=event))
        if handle is not None:
            self._streaming[event.response.id] = handle
            effects.append(Bind(handle, event))
