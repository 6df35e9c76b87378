"""Two connected in-memory transports (`memory_transport_pair()`), for tests without sockets."""

from __future__ import annotations

import anyio
import anyio.abc
from anyio.lowlevel import checkpoint

from .._exceptions import (
    ConnectionClosed,
    UsageError,
    connection_closed,
)
from ._queue import BoundedQueue


class _MemoryLink:
    """State shared by the two ends of an in-memory connection."""

    __slots__ = ("close", "queues")

    def __init__(self, max_buffer: int) -> None:
        self.queues = (BoundedQueue[str](max_buffer), BoundedQueue[str](max_buffer))
        self.close: tuple[int, str] | None = None  # code and reason of the first side that closed


class MemoryTransport:
    """One end of an in-memory connection made by `memory_transport_pair()`.

    Sending blocks while the peer has `max_buffer` unread messages. After either side calls
    `aclose(code, reason)`, both sides' `receive_text()` return the messages already buffered and
    then raise `ConnectionClosedOK` (1000, 1001) or `ConnectionClosedError` (any other code) with
    that code and reason; sends raise it at once. For fault injection any code from 1000 to 4999
    is accepted, including 1006 ("connection lost", which no real close frame can carry).
    A cancelled `receive_text()` takes no message.
    """

    def __init__(self, link: _MemoryLink, side: int) -> None:
        self._link = link
        self._inbox = link.queues[side]
        self._outbox = link.queues[1 - side]

    @property
    def closed(self) -> bool:
        """True once either side closed."""
        return self._link.close is not None

    async def send_text(self, text: str | bytes) -> None:
        """Queue one message for the peer, waiting while its buffer is full."""
        if isinstance(text, bytes):
            text = text.decode()
        try:
            await self._outbox.put(text)
        except anyio.ClosedResourceError:
            raise self._closed_exception() from None

    async def receive_text(self) -> str:
        """Return the next message from the peer; raise `ConnectionClosed` once closed and drained."""
        try:
            return await self._inbox.get()
        except anyio.EndOfStream:
            raise self._closed_exception() from None

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close both directions with `code` and `reason`; idempotent (the first close wins)."""
        if not 1000 <= code <= 4999:
            raise UsageError(f"invalid close code {code}")
        if self._link.close is None:
            self._link.close = (code, reason)
            for queue in self._link.queues:
                queue.close()
        await checkpoint()

    def _closed_exception(self) -> ConnectionClosed:
        assert self._link.close is not None
        return connection_closed(*self._link.close)


def memory_transport_pair(max_buffer: int = 64) -> tuple[MemoryTransport, MemoryTransport]:
    """Two connected in-memory transports: what one sends, the other receives."""
    link = _MemoryLink(max_buffer)
    return MemoryTransport(link, 0), MemoryTransport(link, 1)
