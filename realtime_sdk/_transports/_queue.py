"""`BoundedQueue` and the task helpers the transports share.

`BoundedQueue` is the one buffer between a connection and its consumer: it holds at most
`max_size` items, so a slow consumer stops the reader (TCP backpressure) instead of growing memory.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

import anyio
import anyio.abc
from anyio.lowlevel import checkpoint
from anyio.streams.tls import TLSStream
from websockets.protocol import SEND_EOF

if sys.version_info >= (3, 11):
    from builtins import BaseExceptionGroup
else:  # anyio depends on the backport on Python 3.10
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found,unused-ignore]


T = TypeVar("T")


@asynccontextmanager
async def background_tasks() -> AsyncIterator[anyio.abc.TaskGroup]:
    """A task group for tasks that never raise, cancelled when the block ends.

    An error raised by the block itself comes out as is, not wrapped in an exception group (anyio
    and trio wrap it), so that `except ConnectionClosedError:` around the block works.
    """
    error: BaseException | None = None
    try:
        async with anyio.create_task_group() as tg:
            try:
                yield tg
            finally:
                tg.cancel_scope.cancel()
    except BaseExceptionGroup as group:
        if len(group.exceptions) != 1:
            raise
        error = group.exceptions[0]
    if error is not None:
        try:
            raise error
        finally:
            error = None  # no reference cycle through the traceback


async def write_chunks(stream: anyio.abc.ByteStream, chunks: list[bytes]) -> bool:
    """Write what a protocol object's `data_to_send()` returned, in order.

    Returns True when the chunks asked for a half-close the stream cannot do (TLS): the caller
    then closes the connection outright, as RFC 6455 §7.1.1 allows once the closing handshake is
    over; otherwise both ends would wait for the other's EOF until the close timeout.
    """
    cannot_half_close = False
    for chunk in chunks:
        if chunk == SEND_EOF:
            # Half-close TCP: a server after the closing handshake (RFC 6455 §7.1.1) or a refusal.
            if isinstance(stream, TLSStream):  # TLS has no half-close (close_notify ends both ways)
                cannot_half_close = True
                continue
            try:
                await stream.send_eof()
            except NotImplementedError:
                cannot_half_close = True
        else:
            await stream.send(chunk)
    return cannot_half_close


class BoundedQueue(Generic[T]):
    """A FIFO holding at most `max_size` items, for one direction of a connection.

    `get()` removes an item only once it has finished waiting, so a cancelled `get()` never loses
    one. (An anyio memory object stream hands the item to a waiting receiver first; on asyncio a
    cancellation landing just after that hand-off drops the item: anyio issue #536.)

    `close()` ends the queue: `get()` drains what is left then raises `anyio.EndOfStream`; `put()`
    raises `anyio.ClosedResourceError`.
    """

    def __init__(self, max_size: int) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self._items: deque[T] = deque()
        self._max_size = max_size
        self._closed = False
        self._ops = 0
        # Created by a waiter, set and dropped by the next change: no cost when nobody waits.
        self._item_added: anyio.Event | None = None
        self._item_removed: anyio.Event | None = None
        self._event_class: Callable[[], anyio.Event] | None = None

    def _new_event(self) -> anyio.Event:
        # `anyio.Event()` looks up the running backend each time; a queue lives in one event loop,
        # so the backend's own class, found once, makes the next ones directly.
        if self._event_class is None:
            event = anyio.Event()
            self._event_class = type(event)
            return event
        return self._event_class()

    def __len__(self) -> int:
        return len(self._items)

    def put_nowait(self, item: T) -> None:
        """Append `item`; raise `anyio.WouldBlock` when the queue is full."""
        if self._closed:
            raise anyio.ClosedResourceError
        if len(self._items) >= self._max_size:
            raise anyio.WouldBlock
        self._append(item)

    def append(self, item: T) -> None:
        """Append `item` even past the limit (for the few items whose number the caller bounds)."""
        if self._closed:
            raise anyio.ClosedResourceError
        self._append(item)

    def _skip_checkpoint(self) -> bool:
        # Hot path: an operation that need not wait skips the scheduler, except every 32nd time so
        # that a busy producer or consumer still yields to other tasks and to cancellation.
        self._ops += 1
        return self._ops & 31 != 0

    async def put(self, item: T) -> None:
        """Append `item`, waiting while the queue is full; a cancelled put appends nothing."""
        if len(self._items) < self._max_size or self._closed:
            if not self._closed and self._skip_checkpoint():
                self._append(item)
                return
            await checkpoint()
        # Waiting is itself the checkpoint: no scheduler round trip before it.
        while len(self._items) >= self._max_size and not self._closed:
            if self._item_removed is None:
                self._item_removed = self._new_event()
            await self._item_removed.wait()
        if self._closed:
            raise anyio.ClosedResourceError
        self._append(item)

    async def wait_below(self, count: int) -> None:
        """Wait until fewer than `count` items are queued (or the queue is closed)."""
        if len(self._items) < count or self._closed:
            if self._skip_checkpoint():
                return
            await checkpoint()
        while len(self._items) >= count and not self._closed:
            if self._item_removed is None:
                self._item_removed = self._new_event()
            await self._item_removed.wait()

    def get_nowait(self) -> T:
        """Remove and return the oldest item; raise `anyio.WouldBlock` when there is none."""
        if not self._items:
            if self._closed:
                raise anyio.EndOfStream
            raise anyio.WouldBlock
        item = self._items.popleft()
        if self._item_removed is not None:
            self._item_removed.set()
            self._item_removed = None
        return item

    async def get(self) -> T:
        """Remove and return the oldest item, waiting for one; a cancelled get removes nothing."""
        if self._items or self._closed:
            if self._items and self._skip_checkpoint():
                return self.get_nowait()
            await checkpoint()
        # An empty queue: waiting is itself the checkpoint (no scheduler round trip before it).
        while not self._items:
            if self._closed:
                raise anyio.EndOfStream
            if self._item_added is None:
                self._item_added = self._new_event()
            await self._item_added.wait()
        item = self._items.popleft()
        if self._item_removed is not None:
            self._item_removed.set()
            self._item_removed = None
        return item

    def get_all_nowait(self) -> list[T]:
        """Remove and return every queued item."""
        items = list(self._items)
        self._items.clear()
        if items and self._item_removed is not None:
            self._item_removed.set()
            self._item_removed = None
        return items

    def close(self) -> None:
        """End the queue; waiters wake up (see the class docstring)."""
        self._closed = True
        for event in (self._item_added, self._item_removed):
            if event is not None:
                event.set()
        self._item_added = self._item_removed = None

    def _append(self, item: T) -> None:
        self._items.append(item)
        if self._item_added is not None:
            self._item_added.set()
            self._item_added = None
