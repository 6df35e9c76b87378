"""`send()`, `send_raw()` and the checks every send passes: the generic sending half of `Session`.

A mixin, like `AudioSends` and `TypedSends` (which build on it): `Session` provides the state
declared under `TYPE_CHECKING` in the class body. `send(event, wait=True)` registers a waiter with
the `SessionProtocol`, which settles it when the server's answer (or an error naming the event)
arrives; the overloads give the answer's class in the session's dialect.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, cast, overload

import anyio
import anyio.abc
import attrs
import orjson

from . import _validate
from ._answers import (
    BetaDialect,
    ConvT,
    DialectT,
    GADialect,
    TranslationDialect,
)
from ._codec import (
    AnyServerEvent,
    decode_client_event,
    encode_client_event,
)
from ._exceptions import (
    EventDecodeError,
    RealtimeTimeoutError,
    UsageError,
)
from ._protocol import (
    SessionProtocol,
)
from ._transports import BoundedQueue, Transport
from ._types import UNSET
from .events import _client as ga_client
from .events import _server as ga_server
from .events import translation as tr
from .events._base import Model
from .events._dialects import Dialect
from .events.beta import _client as beta_client
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    pass

__all__ = ["EventSends"]

logger = logging.getLogger("realtime_sdk")


@attrs.define
class _Waiter:
    done: anyio.Event = attrs.field(factory=anyio.Event)
    result: Any = None
    error: BaseException | None = None


class EventSends(Generic[DialectT]):
    """`send()` and `send_raw()` of `Session` (a mixin: `Session` provides what is declared here)."""

    if TYPE_CHECKING:
        # Provided by Session (_session.py).
        _id_prefix: str
        _ids: Iterator[int]
        _protocol: SessionProtocol
        _transport: Transport | None
        _waiters: dict[str, _Waiter]
        _events: BoundedQueue[Any] | None
        _max_buffer: int
        _client_classes: Mapping[str, type[Model]]
        answer_timeout: float

        @property
        def dialect(self) -> Dialect: ...

    # --- sending -----------------------------------------------------------------------------

    def _next_event_id(self) -> str:
        return f"{self._id_prefix}{next(self._ids)}"

    def _check_sendable(self) -> Transport:
        self._protocol.check_sendable()
        assert self._transport is not None
        return self._transport

    # send(event, wait=True): the answer class of the event's type in the session's dialect.
    @overload
    async def send(
        self: EventSends[GADialect], event: ga_client.SessionUpdate, *, wait: Literal[True]
    ) -> ga_server.SessionUpdated: ...
    @overload
    async def send(
        self: EventSends[GADialect],
        event: ga_client.TranscriptionSessionUpdate,
        *,
        wait: Literal[True],
    ) -> ga_server.TranscriptionSessionUpdated: ...
    @overload
    async def send(
        self: EventSends[GADialect], event: ga_client.ConversationItemCreate, *, wait: Literal[True]
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated: ...
    @overload
    async def send(
        self: EventSends[GADialect],
        event: ga_client.ConversationItemRetrieve,
        *,
        wait: Literal[True],
    ) -> ga_server.ConversationItemRetrieved: ...
    @overload
    async def send(
        self: EventSends[GADialect], event: ga_client.InputAudioBufferCommit, *, wait: Literal[True]
    ) -> ga_server.InputAudioBufferCommitted: ...
    @overload
    async def send(
        self: EventSends[GADialect], event: ga_client.ResponseCreate, *, wait: Literal[True]
    ) -> ga_server.ResponseCreated: ...
    @overload
    async def send(
        self: EventSends[GADialect], event: ga_client.ResponseCancel, *, wait: Literal[True]
    ) -> ga_server.ResponseDone: ...
    @overload
    async def send(
        self: EventSends[BetaDialect], event: beta_client.SessionUpdate, *, wait: Literal[True]
    ) -> beta_server.SessionUpdated: ...
    @overload
    async def send(
        self: EventSends[BetaDialect],
        event: beta_client.TranscriptionSessionUpdate,
        *,
        wait: Literal[True],
    ) -> beta_server.TranscriptionSessionUpdated: ...
    @overload
    async def send(
        self: EventSends[BetaDialect],
        event: beta_client.ConversationItemCreate,
        *,
        wait: Literal[True],
    ) -> beta_server.ConversationItemCreated: ...
    @overload
    async def send(
        self: EventSends[BetaDialect],
        event: ga_client.ConversationItemRetrieve,
        *,
        wait: Literal[True],
    ) -> beta_server.ConversationItemRetrieved: ...
    @overload
    async def send(
        self: EventSends[BetaDialect],
        event: ga_client.InputAudioBufferCommit,
        *,
        wait: Literal[True],
    ) -> beta_server.InputAudioBufferCommitted: ...
    @overload
    async def send(
        self: EventSends[BetaDialect], event: beta_client.ResponseCreate, *, wait: Literal[True]
    ) -> beta_server.ResponseCreated: ...
    @overload
    async def send(
        self: EventSends[BetaDialect], event: ga_client.ResponseCancel, *, wait: Literal[True]
    ) -> beta_server.ResponseDone: ...
    @overload
    async def send(
        self: EventSends[ConvT], event: ga_client.ConversationItemDelete, *, wait: Literal[True]
    ) -> ga_server.ConversationItemDeleted: ...
    @overload
    async def send(
        self: EventSends[ConvT], event: ga_client.ConversationItemTruncate, *, wait: Literal[True]
    ) -> ga_server.ConversationItemTruncated: ...
    @overload
    async def send(
        self: EventSends[ConvT], event: ga_client.InputAudioBufferClear, *, wait: Literal[True]
    ) -> ga_server.InputAudioBufferCleared: ...
    @overload
    async def send(
        self: EventSends[ConvT], event: ga_client.OutputAudioBufferClear, *, wait: Literal[True]
    ) -> ga_server.OutputAudioBufferCleared: ...
    @overload
    async def send(
        self: EventSends[TranslationDialect], event: tr.SessionUpdate, *, wait: Literal[True]
    ) -> tr.SessionUpdated: ...
    @overload
    async def send(
        self: EventSends[TranslationDialect], event: tr.SessionClose, *, wait: Literal[True]
    ) -> tr.SessionClosed: ...
    @overload
    async def send(
        self, event: Model | Mapping[str, Any], *, wait: Literal[True]
    ) -> AnyServerEvent: ...
    @overload
    async def send(
        self, event: Model | Mapping[str, Any], *, wait: Literal[False] = False
    ) -> None: ...
    @overload
    async def send(
        self, event: Model | Mapping[str, Any], *, wait: bool
    ) -> AnyServerEvent | None: ...
    async def send(
        self, event: Model | Mapping[str, Any], *, wait: bool = False
    ) -> AnyServerEvent | None:
        """Send any client event; with `wait=True` return the server's answer to it.

        `event` is a client event object of the session's dialect, or a dict in the wire layout
        (`{"type": "response.cancel"}`), decoded to its typed class first so that a mistake is
        refused here (UsageError) instead of by the server. An event_id is assigned when the event
        has none. With `wait=True` the call returns the answer (`session.updated`,
        `conversation.item.added`/`created`, `...deleted`, `...truncated`, `...retrieved`,
        `input_audio_buffer.committed`/`cleared`, `output_audio_buffer.cleared`,
        `response.created`, `response.done` for a cancel) or raises ServerError when the server answers
        with an `error` naming this event_id, RealtimeTimeoutError after `answer_timeout`. The
        answer is typed with the event's answer class in the session's dialect (with
        `AnyServerEvent` for a dict).
        """
        if not isinstance(event, Model) or self._client_classes.get(
            getattr(event, "type", "")
        ) is not type(event):
            event = self._checked_event(event)
        transport = self._check_sendable()
        if getattr(event, "event_id", UNSET) is UNSET:
            event = cast(Model, attrs.evolve(cast(Any, event), event_id=self._next_event_id()))
        text = encode_client_event(event)
        if not wait:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("sending %r", event)
            await transport.send_text(text)
            return None
        event_id = self._protocol.expect(event)
        waiter = self._waiters[event_id] = _Waiter()
        try:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("sending %r (awaiting answer)", event)
            await transport.send_text(text)
            with anyio.fail_after(self.answer_timeout):
                await waiter.done.wait()
        except TimeoutError:
            hint = ""
            if self._events is not None and len(self._events) >= self._max_buffer:
                hint = " (the event buffer is full: read events in another task while waiting)"
            raise RealtimeTimeoutError(
                f"no answer to {cast(Any, event).type} {event_id} within "
                f"{self.answer_timeout} s{hint}"
            ) from None
        finally:
            self._protocol.forget(event_id)
            self._waiters.pop(event_id, None)
        if waiter.error is not None:
            raise waiter.error
        return cast(AnyServerEvent, waiter.result)

    async def send_raw(self, text: str) -> None:
        """Send text as-is (no validation, no event_id): the escape hatch for unmodelled events."""
        _validate.require_str(text, "text", "send_raw()")
        await self._check_sendable().send_text(text)

    def _checked_event(self, event: object) -> Model:
        """`event` as a client event object of this session's dialect, or UsageError/TypeError."""
        if isinstance(event, Mapping):
            try:
                decoded = decode_client_event(
                    orjson.dumps(dict(event)), dialect=self.dialect, strict=True
                )
            except (EventDecodeError, TypeError, ValueError) as exc:
                raise UsageError(
                    f"send(): the dict is not a valid {self.dialect} client event: {exc}"
                ) from None
            if self._client_classes.get(decoded.type) is not type(decoded):
                raise UsageError(
                    f"send(): {decoded.type!r} is not a client event of the {self.dialect} "
                    "dialect (send_raw() sends unmodelled events as text)"
                )
            return cast(Model, decoded)
        if not isinstance(event, Model):
            raise TypeError(
                "send(): event must be a client event object or a dict, "
                f"got {_validate.describe(event)}"
            )
        raise UsageError(
            f"send(): {type(event).__name__} ({getattr(event, 'type', '?')!r}) is not a client "
            f"event of the {self.dialect} dialect"
        )
