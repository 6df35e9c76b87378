"""Protocol bookkeeping for a session, without I/O: lifecycle states and request/answer correlation.

The Realtime protocol has no request ids on answers: a `session.updated` does not say which
`session.update` it answers. What it does have:

* an `error` event names the client `event_id` that caused it (`error.event_id`), and
* each client event that the server acknowledges has a documented answer type, often carrying the id of
  the item it concerns (`conversation.item.deleted.item_id`, ...).

`Correlator` matches answers to pending requests with those two facts: errors by event_id exactly,
successes by answer type and item id, oldest request first. The Session (the I/O shell) owns one and turns
its verdicts into awaited results.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ._exceptions import UsageError

__all__ = [
    "ANSWERS",
    "TAG_KEY",
    "Correlator",
    "Pending",
    "SessionState",
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


# Client event type -> the server event types that acknowledge it (GA, beta and translation names).
ANSWERS: Mapping[str, frozenset[str]] = {
    "session.update": frozenset({"session.updated"}),
    "transcription_session.update": frozenset({"transcription_session.updated"}),
    "conversation.item.create": frozenset({"conversation.item.added", "conversation.item.created"}),
    "conversation.item.delete": frozenset({"conversation.item.deleted"}),
    "conversation.item.truncate": frozenset({"conversation.item.truncated"}),
    "conversation.item.retrieve": frozenset({"conversation.item.retrieved"}),
    "input_audio_buffer.commit": frozenset({"input_audio_buffer.committed"}),
    "input_audio_buffer.clear": frozenset({"input_audio_buffer.cleared"}),
    "output_audio_buffer.clear": frozenset({"output_audio_buffer.cleared"}),
    "response.create": frozenset({"response.created"}),
    "response.cancel": frozenset({"response.done"}),
    "session.close": frozenset({"session.closed"}),
}

_ANSWER_TYPES = frozenset().union(*ANSWERS.values()) | {"error"}


def _request_key(event_type: str, event: Any) -> str | None:
    """The item / response id a request concerns, when the client named one."""
    if event_type in ("conversation.item.create",):
        value = getattr(getattr(event, "item", None), "id", None)
    elif event_type == "response.create":
        value = response_tag(getattr(event, "response", None))
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
    elif event_type == "response.created":
        value = response_tag(getattr(event, "response", None))
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
    """Match server answers and errors to client events awaited with `wait=True`."""

    def __init__(self) -> None:
        self._pending: dict[str, Pending] = {}
        # Whether the server echoes response metadata (then an untagged response.created, such as
        # one started by server VAD, answers none of our response.create requests).
        self._tags_echoed = False

    def __len__(self) -> int:
        return len(self._pending)

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
        if event_type == "response.created" and key is not None:
            self._tags_echoed = True
        loose = key is None and event_type == "response.created" and not self._tags_echoed
        for pending in self._pending.values():
            if event_type in pending.answer_types and (
                pending.key is None or pending.key == key or loose
            ):
                del self._pending[pending.event_id]
                return pending, "answer"
        return None

    def drain(self) -> list[Pending]:
        """Every pending request, removed: the connection is gone and none will be answered."""
        pending = list(self._pending.values())
        self._pending.clear()
        return pending
