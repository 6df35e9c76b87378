"""Response handles: one object per `response.create`, to stream its deltas and await its result.

```python
handle = await session.create_response()
async for text in handle.text_deltas():
    print(text, end="")
response = await handle.done()          # the final typed response (status, usage, output)
print(handle.time_to_first_audio)       # latency, in seconds
```

The Session's reader routes every event that carries this response's id to the handle (one dict lookup
per event), so a handle can be consumed while `async for event in session` still sees every event.
Binding a handle to its response uses the `metadata` the server echoes in `response.created`
(exact), falling back to send order for servers that do not echo metadata.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import anyio

from ._answers import BetaDelta, CreatedT, DeltaT, DoneT, ResponseT
from ._exceptions import (
    ConnectionClosed,
    RealtimeError,
    RealtimeTimeoutError,
    ServerError,
    UsageError,
)
from ._protocol import TAG_KEY
from .events._dialects import RESPONSE_STREAMS
from .events.beta import _resources as beta
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    from ._session import Session

__all__ = ["HANDLE_METADATA_KEY", "BetaResponseHandle", "ResponseHandle"]


HANDLE_METADATA_KEY = TAG_KEY
"""The `response.metadata` key the Session sets to bind a response to its handle."""

# The delta types of both dialects (a handle serves GA and beta sessions alike).
_TEXT = frozenset(names.text_delta for names in RESPONSE_STREAMS)
_AUDIO = frozenset(names.audio_delta for names in RESPONSE_STREAMS)
_TRANSCRIPT = frozenset(names.transcript_delta for names in RESPONSE_STREAMS)
_DELTAS = _TEXT | _AUDIO | _TRANSCRIPT


class ResponseHandle(Generic[CreatedT, DoneT, ResponseT, DeltaT]):
    """A response requested with `Session.create_response()`.

    Typed for the GA dialect by default (`done()` returns `Response`, `events()` yields
    `ResponseOutputTextDelta | ResponseOutputAudioDelta | ResponseOutputAudioTranscriptDelta`);
    a beta session's `create_response()` returns a `BetaResponseHandle`, the same class with the
    beta event types.

    Attributes:
        event_id (str): the event_id of the `response.create` that asked for it.
        response_id (str | None): the server's id, once `response.created` has arrived.
        text (str): the text received so far (text deltas joined).
        transcript (str): the audio transcript received so far.
        audio_ms (float): milliseconds of output audio received so far (at 24 kHz PCM16).
        created (Any): the `response.created` event, once received (else None).
        time_to_first_text (float | None): seconds from the send of `response.create` to the
            first text delta; None until it arrives.
        time_to_first_audio (float | None): seconds from the send of `response.create` to the
            first audio delta; None until it arrives.
        duration (float | None): seconds from the send of `response.create` to `response.done`;
            None until it arrives.
    """

    def __init__(self, session: Session[Any], event_id: str, buffer: int) -> None:
        self._session = session
        self.event_id = event_id
        self.response_id: str | None = None
        self.created: CreatedT | None = None
        self.text = ""
        self.transcript = ""
        self.audio_ms = 0.0
        self._sent_at = time.monotonic()
        self.time_to_first_text: float | None = None
        self.time_to_first_audio: float | None = None
        self.duration: float | None = None
        self._done_event: DoneT | None = None
        self._error: BaseException | None = None
        self._finished = anyio.Event()
        self._bound = anyio.Event()
        self._overflowed = False
        self._buffer = buffer
        # One queue per kind, each entry (arrival number, event): an iterator over some kinds takes
        # only those and leaves the others for a later iterator; `events()` merges by arrival.
        self._queues: dict[str, deque[tuple[int, Any]]] = {
            kind: deque() for kind in ("text", "audio", "transcript")
        }
        self._queued = 0
        self._arrivals = 0
        self._wakeup = anyio.Event()
        self._iterating = False

    def __repr__(self) -> str:
        state = "done" if self._finished.is_set() else "pending"
        return f"<ResponseHandle {self.response_id or self.event_id} {state}>"

    # --- fed by the Session's reader (synchronous, never blocks) --------------------------------

    def _bind(self, created: Any) -> None:
        self.created = created
        self.response_id = created.response.id
        self._bound.set()

    def _feed(self, event: Any) -> None:
        event_type = event.type
        now = time.monotonic()
        if event_type in _TEXT:
            self.text += event.delta
            if self.time_to_first_text is None:
                self.time_to_first_text = now - self._sent_at
        elif event_type in _TRANSCRIPT:
            self.transcript += event.delta
        elif event_type in _AUDIO:
            # base64 length -> PCM16 bytes -> ms at 24 kHz, without decoding the audio here.
            self.audio_ms += len(event.delta) * 3 / 4 / 48
            if self.time_to_first_audio is None:
                self.time_to_first_audio = now - self._sent_at
        if event_type in _DELTAS:
            if self._overflowed:
                pass  # past an overflow nothing more is queued: the reader sees no silent gap
            elif self._queued < self._buffer:
                kind = (
                    "text"
                    if event_type in _TEXT
                    else "audio"
                    if event_type in _AUDIO
                    else "transcript"
                )
                self._queues[kind].append((self._arrivals, event))
                self._arrivals += 1
                self._queued += 1
                self._wakeup.set()
            else:
                self._overflowed = True
                self._wakeup.set()
        elif event_type == "response.done":
            self._finish(event, None)

    def _finish(self, done_event: Any, error: BaseException | None) -> None:
        if self._finished.is_set():
            return
        self._done_event = done_event
        self._error = error
        self.duration = time.monotonic() - self._sent_at
        self._finished.set()
        self._wakeup.set()
        self._bound.set()

    # --- for the application ---------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """True once the response is done (or failed to start)."""
        return self._finished.is_set()

    async def done(self) -> ResponseT:
        """Wait for `response.done` and return its typed `response` (status, output, usage).

        Raises ServerError when the server rejected the `response.create`, and ConnectionClosed
        when the connection ended first.
        """
        await self._finished.wait()
        if self._error is not None:
            raise self._error
        return cast(ResponseT, cast(Any, self._done_event).response)

    @property
    def done_event(self) -> DoneT | None:
        """The `response.done` event once received, else None."""
        return self._done_event

    async def cancel(self) -> None:
        """Cancel this response (`response.cancel` with its id) and wait until it is done."""
        if self._finished.is_set():
            return
        try:
            with anyio.fail_after(self._session.answer_timeout):
                await self._bound.wait()  # the response id is needed to name it in response.cancel
        except TimeoutError:
            raise RealtimeTimeoutError(
                f"{self!r}: no response.created to cancel within {self._session.answer_timeout} s"
            ) from None
        if not self._finished.is_set() and self.response_id is not None:
            await self._session.cancel_response(self.response_id)
        await self._finished.wait()

    def events(self) -> AsyncIterator[DeltaT]:
        """Every text, audio and transcript delta event of this response, in order, until done.

        Deltas are buffered from the moment the response is requested, so nothing is missed by
        starting late; when more than the Session's `handle_buffer` deltas wait unread, iteration
        raises RealtimeError instead of losing some silently. (A plain iterator object, not an async
        generator: breaking out of the loop early needs no clean-up, on asyncio and trio alike.)
        """
        return _Deltas[DeltaT](self, ("text", "audio", "transcript"), None)

    def text_deltas(self) -> AsyncIterator[str]:
        """The text of this response as it streams (text deltas; transcript deltas for audio)."""
        return _Deltas(self, ("text", "transcript"), _delta_text)

    def transcript_deltas(self) -> AsyncIterator[str]:
        """The transcript of this response's audio as it streams."""
        return _Deltas(self, ("transcript",), _delta_text)

    def audio_chunks(self) -> AsyncIterator[bytes]:
        """The output audio of this response as it streams, decoded (PCM16 by default)."""
        return _Deltas(self, ("audio",), _delta_audio)


BetaResponseHandle = ResponseHandle[
    beta_server.ResponseCreated, beta_server.ResponseDone, beta.Response, BetaDelta
]
"""The ResponseHandle of a beta session (`Session[BetaDialect]`), typed with the beta events."""


def _delta_text(event: Any) -> str:
    return str(event.delta)


def _delta_audio(event: Any) -> bytes:
    return bytes(event.audio_bytes)


_T = TypeVar("_T")


class _Deltas(Generic[_T]):
    """Async iterator over a handle's buffered deltas of some kinds, in arrival order."""

    def __init__(
        self,
        handle: ResponseHandle[Any, Any, Any, Any],
        kinds: tuple[str, ...],
        convert: Callable[[Any], _T] | None,
    ) -> None:
        if handle._iterating:
            raise UsageError("this response handle is already being iterated")
        self._handle = handle
        self._queues = [handle._queues[kind] for kind in kinds]
        self._convert = convert

    def __aiter__(self) -> _Deltas[_T]:
        return self

    def _next(self) -> Any | None:
        """The earliest queued delta of our kinds, removed; None when there is none."""
        best = None
        for queue in self._queues:
            if queue and (best is None or queue[0][0] < best[0][0]):
                best = queue
        if best is None:
            return None
        self._handle._queued -= 1
        return best.popleft()[1]

    async def __anext__(self) -> _T:
        handle = self._handle
        handle._iterating = True
        try:
            while True:
                event = self._next()
                if event is not None:
                    return cast(_T, event) if self._convert is None else self._convert(event)
                if handle._finished.is_set() or handle._overflowed:
                    break
                handle._wakeup = anyio.Event()
                await handle._wakeup.wait()
        finally:
            handle._iterating = False
        if handle._overflowed:
            raise RealtimeError(
                f"{handle!r}: more than its buffer of deltas waited unread, so the stream stops "
                "here; iterate the handle as the response streams or raise handle_buffer"
            )
        if isinstance(handle._error, (ServerError, ConnectionClosed)):
            raise handle._error
        raise StopAsyncIteration
