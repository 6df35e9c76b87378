"""`Transport`: what a session needs from a connection (text messages both ways, and a close).

Two implementations satisfy it: `websocket.WebSocketTransport` and `memory.MemoryTransport`; the
Session, `ResumableTransport` and `RecordingTransport` are written against this interface only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from websockets.client import ClientProtocol

    from .memory import MemoryTransport
    from .websocket import WebSocketTransport


class Transport(Protocol):
    """What a session needs from a connection: text messages both ways, and a close."""

    async def send_text(self, text: str | bytes) -> None:
        """Send one text message; raise `ConnectionClosed` once the connection is closed.

        `bytes` are taken as UTF-8 text already encoded (what `orjson.dumps` returns).
        """
        ...

    async def receive_text(self) -> str:
        """Return the next text message.

        Raises `ConnectionClosedOK` / `ConnectionClosedError` once the connection is closed and
        every message received before the close has been returned.
        """
        ...

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection with `code` and `reason`; idempotent."""
        ...

    @property
    def closed(self) -> bool:
        """True once the connection is closing or closed (nothing more can be sent)."""
        ...


if TYPE_CHECKING:
    # Both implementations satisfy the interface.
    def _implements_transport(
        ws: WebSocketTransport[ClientProtocol], memory: MemoryTransport
    ) -> tuple[Transport, Transport]:
        return ws, memory
