"""The fake Realtime server's engine, Sans-I/O: client events in, server events out.

`FakeRealtimeEngine` holds one connection's state (session settings, conversation, input audio
buffer, voice activity detection, the response in progress) and answers each client event with
the server events the real service sends, built from the typed event models (so everything it
emits is valid by construction). It never awaits: a shell (the WebSocket server, an in-memory
pair, or a test) feeds it events and sends what it returns.

A response streams over time: `receive()` returns its first events (`response.created`,
`rate_limits.updated`), then the shell pulls the rest with `next_step()`, one step (a few events)
at a time, waiting `step.pause_ms` between steps. A `response.cancel` received between two steps
ends the response there.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable

from ..._codec import decode_client_event
from ..._exceptions import EventDecodeError
from ..._types import UNSET
from ...events import UnknownEvent
from ...events import _server as ga_s
from ...events._base import Model
from .._responder import Responder, default_responder
from ._defaults import _SESSION_TTL_S, FakeDialect
from ._input_audio import _InputAudioLayer
from ._rules import _Reject
from ._settings import BetaSettings, GaSettings, _Settings
from ._streaming import ResponseStep
from ._vad import _idle_timeout_ms, _Vad
from ._wire import BetaWire, GaWire, _Wire

__all__ = ["FakeRealtimeEngine"]

_DIALECTS: dict[str, tuple[type[_Wire], _Settings]] = {
    "ga": (GaWire, GaSettings()),
    "beta": (BetaWire, BetaSettings()),
}
"""Each dialect's wire factory and session settings: the one place the engine tells them apart."""


class FakeRealtimeEngine(_InputAudioLayer):
    """One fake Realtime connection's state machine (no I/O).

    Args:
        dialect: "ga" (default) or "beta": which protocol's event shapes to speak.
        model: the session's model name (default "gpt-realtime" / "gpt-4o-realtime-preview").
        session: a `SessionConfig` of the dialect merged over the defaults, e.g. to turn server
            VAD off from the start (`turn_detection=None`); validated like a `session.update`.
        responder: decides what the fake model says (`default_responder` echoes the user).
        seed: makes the generated ids (`event_...`, `item_...`, `resp_...`) reproducible.
        clock: the time source for `expires_at` (Unix seconds).
        max_items: conversation size limit; the oldest items are dropped beyond it.
        max_buffer_ms: input audio buffer limit; appending beyond it gives an error event.
        max_session_duration: the session's maximum duration in seconds: `expires_at` in
            `session.created` is set from it, and the shell calls `expire()` when it is over
            (default: `expires_at` one hour ahead, not enforced).

    Use `start()` for the first events, `receive(event)` for each client event (a typed event, or
    raw text, which is decoded here), and `next_step()` while `responding`. For tests, `handle()`
    does `receive()` and then runs any response to its end.
    """

    def __init__(
        self,
        *,
        dialect: FakeDialect = "ga",
        model: str | None = None,
        session: Model | None = None,
        responder: Responder = default_responder,
        seed: int = 0,
        clock: Callable[[], float] = time.time,
        max_items: int = 4096,
        max_buffer_ms: float = 15 * 60 * 1000,
        max_session_duration: float | None = None,
    ) -> None:
        if dialect not in ("ga", "beta"):
            raise ValueError(f"dialect must be 'ga' or 'beta', got {dialect!r}")
        self._dialect = dialect
        self._rng = random.Random(seed)
        wire, self._settings = _DIALECTS[dialect]
        self._wire = wire(self._event_id)
        self._responder = responder
        self._max_items = max_items
        self._max_buffer_ms = max_buffer_ms
        self._conversation_id = self._new_id("conv")
        self._items = []
        self._buffer = bytearray()
        self._buffer_start_ms = 0.0  # session audio time of the buffer's first byte
        self._appended_ms = 0.0  # all audio appended in the session
        self._vad = _Vad()
        self._active = None
        self._queued = deque(maxlen=16)
        self._responses = 0
        self._tokens_used = 0
        self._prefix = []  # context processed by the last response
        self._assistant_audio = False
        self._last_response_id: str | None = None
        self._transcriptions = 0
        self._activity = 0  # bumped whenever the idle timeout's timer restarts
        if max_session_duration is not None and not (
            max_session_duration > 0 and math.isfinite(max_session_duration)
        ):
            raise ValueError(
                f"max_session_duration must be a positive number, got {max_session_duration!r}"
            )
        self.max_session_duration = max_session_duration
        """The session's maximum duration in seconds (None: not enforced)."""
        self.responder_errors: deque[BaseException] = deque(maxlen=16)
        """Exceptions raised by the responder (each also failed its response)."""
        expires_at = int(clock() + (max_session_duration or _SESSION_TTL_S))
        self._session = self._settings.default(self._new_id("sess"), model, expires_at)
        if session is not None:
            try:
                self._session = self._updated_session(session)
            except _Reject as exc:
                raise ValueError(f"invalid session settings: {exc.message}") from None
        handlers = (
            self._on_session_update,
            self._on_item_create,
            self._on_item_delete,
            self._on_item_retrieve,
            self._on_item_truncate,
            self._on_append,
            self._on_commit,
            self._on_clear,
            self._on_response_create,
            self._on_response_cancel,
            self._on_unsupported,  # output_audio_buffer.clear
            self._on_unsupported,  # transcription_session.update
        )
        self._handlers = dict(zip(self._wire.client_events, handlers, strict=True))

    # --- public state ----------------------------------------------------------------------------

    @property
    def dialect(self) -> FakeDialect:
        """The dialect this engine speaks."""
        return self._dialect

    @property
    def session(self) -> Model:
        """The current session settings (`SessionConfig` of the dialect)."""
        return self._session

    @property
    def items(self) -> tuple[Model, ...]:
        """The conversation items in order, as stored (user audio included)."""
        return tuple(self._items)

    @property
    def input_audio_buffer(self) -> bytes:
        """The audio appended and not yet committed or cleared."""
        return bytes(self._buffer)

    @property
    def responding(self) -> bool:
        """True while a response is in progress (pull it with `next_step()`)."""
        return self._active is not None

    # --- entry points ----------------------------------------------------------------------------

    def start(self) -> list[Model]:
        """The events sent when a client connects: `session.created`."""
        return [self._wire.session_created(self._session)]

    def receive(self, event: Model | str | bytes) -> list[Model]:
        """Handle one client event; return the server events to send now.

        `event` is a typed client event of the engine's dialect, or raw wire text (decoded here;
        malformed JSON or an invalid event gives an `error` event). Any error leaves the
        connection usable, as on the real server.
        """
        if isinstance(event, (str, bytes)):
            try:
                event = decode_client_event(event, dialect=self._dialect, strict=True)
            except EventDecodeError as exc:
                return [self._decode_error(exc)]
        raw_id = getattr(event, "event_id", UNSET)
        client_event_id = raw_id if isinstance(raw_id, str) else None
        try:
            if isinstance(event, UnknownEvent):
                raw_id = event.raw.get("event_id")
                client_event_id = raw_id if isinstance(raw_id, str) else None
                raise self._unknown_type(event.type)
            handler = self._handlers.get(type(event))
            if handler is None:
                raise self._unknown_type(str(getattr(event, "type", type(event).__name__)))
            return handler(event, client_event_id)
        except _Reject as exc:
            return [self._error(exc, client_event_id)]

    def next_step(self) -> ResponseStep | None:
        """The next events of the response in progress, or None when no response is active.

        The last step of a response ends with `response.done`. Wait `pause_ms` before the next
        call, and hand the engine any client event received meanwhile first.
        """
        active = self._active
        if active is None:
            return None
        if active.steps is None:
            active.steps = self._steps(active, active.reply)
        cut = active.reply.disconnect
        if cut is not None and active.steps_sent >= cut.after_steps:
            return ResponseStep((), 0.0, disconnect=cut)
        events = next(active.steps, None)
        if events is not None:
            active.steps_sent += 1
            return ResponseStep(tuple(events), active.pause_ms)
        if cut is not None:  # a short reply: the connection ends before `response.done`
            return ResponseStep((), 0.0, disconnect=cut)
        done = self._finish(active, "completed")
        return ResponseStep(tuple(done), 0.0)

    @property
    def expiry_message(self) -> str:
        """ "Your session hit the maximum duration of N minutes." (N: `max_session_duration`
        in minutes; the live service's limit is 60)."""
        seconds = self.max_session_duration or _SESSION_TTL_S
        return f"Your session hit the maximum duration of {seconds / 60:g} minutes."

    def expire(self) -> list[Model]:
        """The `error` event sent when the session reaches `max_session_duration`; the shell
        then closes the connection with 1001 and `expiry_message` as the reason.

        The live service closes with 1001 and that message as the reason (a captured close:
        pollen-robotics/reachy_mini_conversation_app issue 134), after an `error` event with
        code `session_expired` and the same message (issue 10).
        """
        return [self._error(_Reject("session_expired", self.expiry_message), None)]

    @property
    def idle_timeout_ms(self) -> int | None:
        """The server VAD's `idle_timeout_ms` while its timer runs (no response in progress,
        no speech), else None. The shell calls `idle_timeout()` once that long has passed
        since `activity` last changed."""
        if self._active is not None or self._vad.speaking:
            return None
        return _idle_timeout_ms(self._turn_detection())

    @property
    def activity(self) -> int:
        """A counter that changes whenever the idle timeout's timer restarts (a response ended,
        speech started or stopped, the session was updated)."""
        return self._activity

    def idle_timeout(self) -> list[Model]:
        """The idle timeout fired: `input_audio_buffer.timeout_triggered`, then the buffered
        (silent) audio committed as a user item and a response, as the API reference describes
        `idle_timeout_ms`."""
        if self.idle_timeout_ms is None:
            return []
        self._activity += 1
        fmt = self._input_format()
        item_id = self._new_id("item")
        start_ms = self._buffer_start_ms
        audio = bytes(self._buffer)
        end_ms = start_ms + fmt.ms(len(audio))
        self._reset_buffer()
        # GA only: beta's server VAD has no `idle_timeout_ms`, so `idle_timeout_ms` is None there.
        triggered = ga_s.InputAudioBufferTimeoutTriggered(
            event_id=self._event_id(),
            audio_start_ms=int(start_ms),
            audio_end_ms=int(end_ms),
            item_id=item_id,
        )
        events: list[Model] = [triggered, *self._commit(audio, item_id)]
        td = self._turn_detection()
        if getattr(td, "create_response", True) is not False:
            events.extend(self._start_response(None, None))
        return events

    def drain(self) -> list[Model]:
        """Run the response in progress (and any queued ones) to the end, ignoring pauses; stop
        at a step that ends the connection (a responder's `Disconnect`)."""
        out: list[Model] = []
        while (step := self.next_step()) is not None:
            out.extend(step.events)
            if step.disconnect is not None:
                break
        return out

    def handle(self, event: Model | str | bytes) -> list[Model]:
        """`receive(event)` followed by `drain()`: every event the client ends up getting."""
        return [*self.receive(event), *self.drain()]
