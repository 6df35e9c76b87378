"""Barge-in: when the user starts speaking over the assistant, stop it where the user stopped hearing it.

Without help the server cannot know how much of its audio was actually played: it streams faster than
real time, and the rest sits in the app's playback buffer. So on `input_audio_buffer.speech_started`
during assistant audio the client must

1. cancel the response if it is still being generated (`response.cancel`),
2. truncate the assistant item at the audio actually played (`conversation.item.truncate` with
   `audio_end_ms`), so the conversation - and the model's next answer - matches what the user heard,
3. stop its own playback (and, on WebRTC/SIP transports, `output_audio_buffer.clear`).

`Interrupter` decides those actions from events, without I/O; the Session performs them. The played
position comes from a `PlaybackTracker` the app feeds, or, without one, is estimated from the audio
handed to the app, assuming it plays in real time from the first chunk.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

from .events._dialects import RESPONSE_STREAMS

__all__ = [
    "CancelResponse",
    "ClearOutputAudio",
    "InterruptAction",
    "Interrupter",
    "PlaybackTracker",
    "TruncateItem",
]

_AUDIO_DELTAS = frozenset(names.audio_delta for names in RESPONSE_STREAMS)


@attrs.frozen
class CancelResponse:
    """Send `response.cancel` for this response."""

    response_id: str


@attrs.frozen
class TruncateItem:
    """Send `conversation.item.truncate` at the played position."""

    item_id: str
    content_index: int
    audio_end_ms: int


@attrs.frozen
class ClearOutputAudio:
    """Send `output_audio_buffer.clear` (WebRTC / SIP transports only)."""


InterruptAction = CancelResponse | TruncateItem | ClearOutputAudio


class PlaybackTracker:
    """What the app has actually played of the assistant's audio; feed it from the audio callback.

    ```python
    tracker = PlaybackTracker()
    ...
    speaker.write(chunk)
    tracker.played(chunk)            # or tracker.played(ms=20)
    ```
    The tracker follows the item whose audio the Session last handed out; `played()` adds to it.
    """

    def __init__(self, *, rate: int = 24000, sample_width: int = 2, channels: int = 1) -> None:
        self._bytes_per_ms = rate * sample_width * channels / 1000
        self.item_id: str | None = None
        self.content_index = 0
        self._played_ms = 0.0

    def start(self, item_id: str, content_index: int = 0) -> None:
        """A new assistant audio item starts playing (the Session calls this for you)."""
        if item_id != self.item_id or content_index != self.content_index:
            self.item_id = item_id
            self.content_index = content_index
            self._played_ms = 0.0

    def played(
        self, data: bytes | bytearray | memoryview | None = None, *, ms: float = 0.0
    ) -> None:
        """Record audio as played: the bytes written to the speaker, or a duration in ms."""
        if data is not None:
            ms += len(data) / self._bytes_per_ms
        self._played_ms += ms

    @property
    def played_ms(self) -> int:
        """Milliseconds of the current item played so far."""
        return int(self._played_ms)

    def reset(self) -> None:
        """Forget the current item (playback stopped)."""
        self.item_id = None
        self._played_ms = 0.0


class Interrupter:
    """Decides the barge-in actions from server events (Sans-I/O).

    `observe(event)` returns the actions to take now (usually none). `clear_output_audio` adds
    `output_audio_buffer.clear` for transports that play audio server-side (WebRTC / SIP).
    """

    def __init__(
        self,
        tracker: PlaybackTracker | None = None,
        *,
        clear_output_audio: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tracker = tracker
        self.clear_output_audio = clear_output_audio
        self._clock = clock
        self._active_response: str | None = None
        self._item: tuple[str, int] | None = None  # (item_id, content_index) of the latest audio
        self._delivered_ms = 0.0
        self._first_audio_at: float | None = None
        self.interruptions = 0
        self._interrupted: deque[str] = deque(maxlen=16)  # items already truncated

    def observe(self, event: Any) -> list[InterruptAction]:
        """Update from one server event; return the actions it calls for."""
        event_type = event.type
        if event_type in _AUDIO_DELTAS:
            if event.item_id in self._interrupted:
                return []  # still in flight from an item already cut: not played, not counted
            key = (event.item_id, event.content_index)
            if key != self._item:
                self._item = key
                self._delivered_ms = 0.0
                self._first_audio_at = self._clock()
                if self.tracker is not None:
                    self.tracker.start(*key)
            self._delivered_ms += len(event.delta) * 3 / 4 / 48  # base64 -> PCM16 24 kHz ms
            return []
        if event_type == "response.created":
            self._active_response = event.response.id
        elif event_type == "response.done":
            if event.response.id == self._active_response:
                self._active_response = None
        elif event_type == "input_audio_buffer.speech_started":
            return self._interrupt()
        return []

    def forget(self) -> None:
        """Forget the response and the audio item in progress: the connection that carried them
        is gone (`reconnect=`), so there is nothing left to cancel or truncate."""
        self._active_response = None
        self._item = None
        self._delivered_ms = 0.0
        self._first_audio_at = None
        if self.tracker is not None:
            self.tracker.reset()

    def played_ms(self) -> int:
        """The played position of the current assistant audio item (tracker, or estimate)."""
        if self.tracker is not None and self._item is not None:
            if self.tracker.item_id == self._item[0]:
                return min(self.tracker.played_ms, int(self._delivered_ms))
            return 0
        if self._first_audio_at is None:
            return 0
        elapsed_ms = (self._clock() - self._first_audio_at) * 1000
        return int(min(elapsed_ms, self._delivered_ms))

    def _interrupt(self) -> list[InterruptAction]:
        actions: list[InterruptAction] = []
        if self._active_response is not None:
            actions.append(CancelResponse(self._active_response))
            self._active_response = None
        if self._item is not None:
            played = self.played_ms()
            if played < int(self._delivered_ms):
                item_id, content_index = self._item
                actions.append(TruncateItem(item_id, content_index, played))
            if self.clear_output_audio:
                actions.append(ClearOutputAudio())
            self._interrupted.append(self._item[0])
            self._item = None
            self._delivered_ms = 0.0
            self._first_audio_at = None
            if self.tracker is not None:
                self.tracker.reset()
        if actions:
            self.interruptions += 1
        return actions
