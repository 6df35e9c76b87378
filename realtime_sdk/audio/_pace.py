"""Real-time pacing: send audio no faster than it plays, on asyncio and trio."""

from __future__ import annotations

import math
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator

import anyio

from .._exceptions import ConfigurationError
from ._pcm import DEFAULT_RATE, BytesLike, _check_pcm16, _check_rate, chunk, duration_ms

# --------------------------------------------------------------------------------------------
# real-time pacing
# --------------------------------------------------------------------------------------------


class Pacer:
    """Waits so that audio goes out at real-time speed, without drift.

    Every wait is scheduled against the absolute time of the first one (`anyio.current_time()`),
    so a late wake-up is made up on the next frame instead of adding up over a long stream.
    Works on asyncio and trio.

    ```python
    pacer = Pacer(24000)
    for frame in audio.chunk(pcm, 20):
        await pacer.wait_for_bytes(len(frame))   # returns at once for the first frame
        await send(frame)                        # your code that sends the frame
    ```

    Args:
        rate: sample rate of the PCM16 mono audio, for `wait_for_bytes`.
        lead_ms: how far ahead of real time the sender may run (a little lead keeps the server's
            buffer from running dry); 0 sends each frame exactly when the previous one has played.
    """

    def __init__(self, rate: int = DEFAULT_RATE, *, lead_ms: float = 0.0) -> None:
        _check_rate(rate)
        if not lead_ms >= 0 or math.isinf(lead_ms):
            raise ConfigurationError(f"lead_ms must be a finite number >= 0, got {lead_ms!r}")
        self.rate = rate
        self.lead_ms = float(lead_ms)
        self._start: float | None = None
        self._sent_ms = 0.0

    @property
    def sent_ms(self) -> float:
        """Milliseconds of audio accounted for since the start (or the last `reset`)."""
        return self._sent_ms

    def reset(self) -> None:
        """Start a new stream: the next wait returns at once and becomes the new time origin.

        Call it after a pause in the audio; otherwise the pacer catches up by sending the
        frames that follow the pause without waiting.
        """
        self._start = None
        self._sent_ms = 0.0

    async def wait_for(self, ms: float) -> None:
        """Sleep until the audio accounted so far has played, then account `ms` more.

        Always a checkpoint (cancellation is seen here), even when no sleep is needed.
        """
        if not ms >= 0 or math.isinf(ms):
            raise ConfigurationError(f"ms must be a finite number >= 0, got {ms!r}")
        now = anyio.current_time()
        if self._start is None:
            self._start = now
        deadline = self._start + (self._sent_ms - self.lead_ms) / 1000.0
        await anyio.sleep_until(deadline)
        self._sent_ms += ms

    async def wait_for_bytes(self, num_bytes: int) -> None:
        """`wait_for` the duration of `num_bytes` of PCM16 mono audio at this pacer's rate."""
        await self.wait_for(duration_ms(num_bytes, rate=self.rate))


def pace(
    frames_or_bytes: BytesLike | Iterable[bytes] | AsyncIterable[bytes],
    ms: float = 20,
    rate: int = DEFAULT_RATE,
    *,
    lead_ms: float = 0.0,
) -> AsyncIterator[bytes]:
    """Yield PCM16 mono frames no faster than they play: `async for frame in pace(pcm): ...`.

    `frames_or_bytes` is either one buffer, cut into `ms`-millisecond frames, or an iterable (sync
    or async) of frames, each paced by its own length. The first frame comes at once.

    Raises:
        AudioFormatError: the buffer, or a frame, has an odd length.
    """
    pacer = Pacer(rate, lead_ms=lead_ms)
    if isinstance(frames_or_bytes, (bytes, bytearray, memoryview)):
        return _Paced(chunk(frames_or_bytes, ms, rate=rate), pacer)
    return _Paced(frames_or_bytes, pacer)


class _Paced(AsyncIterator[bytes]):
    # A plain async iterator rather than an async generator: nothing is left to finalize when the
    # caller breaks out of its loop (which matters on trio).
    def __init__(self, frames: Iterable[bytes] | AsyncIterable[bytes], pacer: Pacer) -> None:
        self._sync: Iterator[bytes] | None = None
        self._async: AsyncIterator[bytes] | None = None
        if isinstance(frames, AsyncIterable):
            self._async = aiter(frames)
        else:
            self._sync = iter(frames)
        self._pacer = pacer

    async def __anext__(self) -> bytes:
        if self._async is not None:
            frame = await anext(self._async)
        else:
            assert self._sync is not None
            try:
                frame = next(self._sync)
            except StopIteration:
                raise StopAsyncIteration from None
        _check_pcm16(frame, "an audio frame")
        await self._pacer.wait_for_bytes(len(frame))
        return bytes(frame)
