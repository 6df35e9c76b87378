"""The transport layer: text messages in and out of a connection (in the manner of httpx's `_transports`).

* `base`: `Transport`, the small interface the session uses.
* `websocket`: `WebSocketTransport`, one WebSocket connection over an anyio byte stream, driven by
  websockets' Sans-I/O protocol object (the same code on asyncio and trio).
* `client`: `connect_websocket()`, a client connection (ws:// or wss://, through a proxy if asked):
  TCP, TLS and the opening handshake.
* `server`: `serve_websocket()` and `http_response()`, a WebSocket server for fake servers and tests.
* `memory`: `memory_transport_pair()`, two connected in-memory transports, for tests without sockets.
* `_queue`: `BoundedQueue` and the task helpers the others share.

Lower-layer errors (OS, TLS, anyio, websockets) become `ConnectError`, `RealtimeHandshakeError` or
`ConnectionClosed` at this boundary, with the original as `__cause__`; which stream errors mean "the
connection is gone" is written once, as `STREAM_ERRORS` in `websocket`. The secret rule stays in
`realtime_sdk._redact`: the exceptions and the connection code use it as well as the transports.
"""

from ._queue import BoundedQueue as BoundedQueue
from ._queue import background_tasks as background_tasks
from ._queue import write_chunks as write_chunks
from .base import Transport as Transport
from .client import connect_websocket as connect_websocket
from .memory import MemoryTransport as MemoryTransport
from .memory import memory_transport_pair as memory_transport_pair
from .server import WebSocketServer as WebSocketServer
from .server import http_response as http_response
from .server import serve_websocket as serve_websocket
from .websocket import STREAM_ERRORS as STREAM_ERRORS
from .websocket import WebSocketTransport as WebSocketTransport
from .websocket import logger as logger
from .websocket import protocol_logger as protocol_logger

__all__ = [
    "STREAM_ERRORS",
    "BoundedQueue",
    "MemoryTransport",
    "Transport",
    "WebSocketServer",
    "WebSocketTransport",
    "background_tasks",
    "connect_websocket",
    "http_response",
    "logger",
    "memory_transport_pair",
    "protocol_logger",
    "serve_websocket",
    "write_chunks",
]
