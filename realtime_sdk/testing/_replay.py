"""Replay a recording as a server, and tell how a replayed client differs from the recording."""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias
from urllib.parse import parse_qsl, urlsplit

import anyio
import anyio.abc
import attrs
import orjson
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from .._codec import DIALECTS
from .._exceptions import ConfigurationError, ConnectionClosed, RealtimeError
from .._recording import _is_placeholder, _placeholder
from .._transports import MemoryTransport, Transport
from ._recfile import (
    RecordedMessage,
    Recording,
    RecordingHeader,
    _event_type,
    _lines,
    _read_header,
    _read_messages,
    read_recording,
)
from ._serving import LoopbackServer

__all__ = [
    "RecordingSource",
    "ReplayConnection",
    "ReplayMismatch",
    "ReplayMismatchError",
    "ReplayServer",
    "Strictness",
]

logger = logging.getLogger("realtime_sdk.testing")

Strictness = Literal["types", "exact", "none"]

_STRICTNESS = ("types", "exact", "none")
_INBOX_SIZE = 64
_PREVIEW = 60


class ReplayMismatchError(RealtimeError, AssertionError):
    """A replayed client did not send what the recording holds (see `ReplayServer.check()`).

    Attributes:
        mismatches: every `ReplayMismatch` found.
    """

    def __init__(self, mismatches: Sequence[ReplayMismatch]) -> None:
        self.mismatches = tuple(mismatches)
        lines = [f"{len(self.mismatches)} replay mismatch(es):"]
        lines += [f"- {m.message}" for m in self.mismatches[:10]]
        if len(self.mismatches) > 10:
            lines.append(f"- ... and {len(self.mismatches) - 10} more")
        super().__init__("\n".join(lines))


# --- diffing -------------------------------------------------------------------------------------


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= _PREVIEW else shown[: _PREVIEW - 3] + "..."


def _difference(expected: Any, actual: Any, path: str = "$") -> str | None:
    """Where two JSON values first differ (None if equal); a placeholder matches its length."""
    if _is_placeholder(expected) and isinstance(actual, str):
        if expected == (actual if _is_placeholder(actual) else _placeholder(actual)):
            return None
        return f"{path}: expected audio of {expected[10:-1]}, got {len(actual)} chars"
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            if key not in actual:
                return f"{path}.{key}: missing"
            found = _difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        for key in actual:
            if key not in expected:
                return f"{path}.{key}: not in the recording"
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            found = _difference(left, right, f"{path}[{index}]")
            if found:
                return found
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} elements, got {len(actual)}"
        return None
    if type(expected) is not type(actual) or expected != actual:
        return f"{path}: expected {_short(expected)}, got {_short(actual)}"
    return None


def _loads_object(text: str) -> dict[str, Any] | None:
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def _compare(expected: str, actual: str, strictness: Strictness) -> str | None:
    """Why `actual` does not match the recorded `expected` message (None when it does)."""
    if strictness == "none":
        return None
    want, got = _loads_object(expected), _loads_object(actual)
    if got is None:
        return "the client sent a message that is not a JSON object"
    want_type = want.get("type") if want is not None else None
    got_type = got.get("type")
    if want_type != got_type:
        return f"expected client event {want_type!r}, got {got_type!r}"
    if strictness == "types" or want is None:
        return None
    want.pop("event_id", None)
    got.pop("event_id", None)
    found = _difference(want, got)
    return f"{want_type!r} differs at {found}" if found else None


@attrs.frozen(kw_only=True)
class ReplayMismatch:
    """A difference between what a replayed client sent and what the recording holds.

    Attributes:
        connection: the index of the `ReplayConnection` it happened on.
        index: the position in the recording's messages of the client message expected (for
            "extra", the number of messages in the recording).
        kind: "different" (the client sent another event), "missing" (the client closed, or sent
            nothing within the time limit) or "extra" (the client sent more than was recorded).
        expected: the recorded message text (None for "extra").
        actual: the text the client sent (None for "missing").
        message: a readable explanation, also sent to the client in an `error` event.
    """

    connection: int
    index: int
    kind: Literal["different", "missing", "extra"]
    expected: str | None
    actual: str | None
    message: str


class ReplayConnection:
    """What happened on one replay connection, for assertions.

    Attributes:
        index: 0 for the server's first connection, then 1, 2...
        path: the request path without the query; `query`: its parameters.
        headers: the handshake headers, names in lower case (never shown in the repr).
        received: the client messages received, as text, in order.
        sent: how many recorded server messages were sent.
        mismatches: the `ReplayMismatch`es found on this connection.
        finished: set once the whole recording has been played.
        closed: set once the connection has ended.
    """

    def __init__(
        self,
        *,
        index: int,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        max_records: int,
    ) -> None:
        self.index = index
        self.path = path
        self.query: dict[str, str] = dict(query)
        self.headers: dict[str, str] = dict(headers)
        self.received: deque[str] = deque(maxlen=max_records)
        self.sent = 0
        self.mismatches: list[ReplayMismatch] = []
        self.finished = anyio.Event()
        self.closed = anyio.Event()

    def __repr__(self) -> str:
        return (
            f"ReplayConnection(index={self.index}, received={len(self.received)}, "
            f"sent={self.sent}, mismatches={len(self.mismatches)})"
        )


class _Stop(Exception):
    """The replay of a connection is over (the client left or timed out)."""


class _Replay:
    """Plays the recording on one connection."""

    def __init__(
        self,
        server: ReplayServer,
        transport: Transport,
        record: ReplayConnection,
    ) -> None:
        self.server = server
        self.transport = transport
        self.record = record
        self.errors_sent = 0

    async def run(self) -> None:
        send, receive = anyio.create_memory_object_stream[str](_INBOX_SIZE)
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._read, send)
                with contextlib.suppress(_Stop):
                    await self._play(receive)
                    self.record.finished.set()
                    await self._extras(receive)
                tg.cancel_scope.cancel()
        finally:
            receive.close()
            self.record.closed.set()

    async def _read(self, inbox: MemoryObjectSendStream[str]) -> None:
        async with inbox:
            while True:
                try:
                    text = await self.transport.receive_text()
                except ConnectionClosed:
                    return
                self.record.received.append(text)
                await inbox.send(text)

    async def _play(self, inbox: MemoryObjectReceiveStream[str]) -> None:
        server = self.server
        speed = server.speed
        anchor_clock = anyio.current_time()
        anchor_t: float | None = None
        with contextlib.closing(server._iter_messages()) as messages:
            for index, message in enumerate(messages):
                if anchor_t is None:
                    anchor_t = message.t
                if message.direction == "server":
                    if speed is not None:
                        due = anchor_clock + (message.t - anchor_t) / speed
                        await anyio.sleep(max(0.0, due - anyio.current_time()))
                    await self._send(message.text, index, messages)
                    self.record.sent += 1
                    continue
                text = await self._expect(inbox, index, message, messages)
                anchor_clock, anchor_t = anyio.current_time(), message.t
                problem = _compare(message.text, text, server.strictness)
                if problem is not None:
                    await self._mismatch(index, "different", message.text, text, problem)

    async def _expect(
        self,
        inbox: MemoryObjectReceiveStream[str],
        index: int,
        message: RecordedMessage,
        rest: Iterator[RecordedMessage],
    ) -> str:
        """The client's next message, within the server's `client_timeout`."""
        timeout = self.server.client_timeout
        with anyio.move_on_after(timeout):
            try:
                return await inbox.receive()
            except anyio.EndOfStream:
                self._client_left(index, message, rest)
        what = message.type or "message"
        problem = (
            f"no client event within {timeout:g} s at recorded message {index} "
            f"(expected {what!r}); closing the connection"
        )
        await self._mismatch(index, "missing", message.text, None, problem)
        with anyio.CancelScope(shield=True):
            await self.transport.aclose(1011, "replay: the client stopped sending")
        raise _Stop

    def _client_left(
        self, index: int, message: RecordedMessage, rest: Iterator[RecordedMessage]
    ) -> None:
        """Record the client events the client did not send before closing; stop."""
        if self.server.strictness != "none":
            missing = 1 + sum(1 for m in rest if m.direction == "client")
            what = message.type or "message"
            problem = (
                f"the client closed the connection at recorded message {index} "
                f"(expected {what!r}); {missing} recorded client message(s) not sent"
            )
            self._add(
                ReplayMismatch(
                    connection=self.record.index,
                    index=index,
                    kind="missing",
                    expected=message.text,
                    actual=None,
                    message=problem,
                )
            )
        raise _Stop

    async def _extras(self, inbox: MemoryObjectReceiveStream[str]) -> None:
        """After the recording: every further client message is unexpected."""
        async for text in inbox:
            if self.server.strictness == "none":
                continue
            shown = _event_type(text) or "message"
            await self._mismatch(
                self.server._count_hint,
                "extra",
                None,
                text,
                f"the client sent {shown!r} after the end of the recording",
            )

    async def _send(self, text: str, index: int, rest: Iterator[RecordedMessage]) -> None:
        try:
            await self.transport.send_text(text)
        except ConnectionClosed:
            upcoming = next((m for m in rest if m.direction == "client"), None)
            if upcoming is not None:
                self._client_left(index + 1, upcoming, rest)
            raise _Stop from None

    def _add(self, mismatch: ReplayMismatch) -> None:
        self.record.mismatches.append(mismatch)
        logger.info("replay mismatch: %s", mismatch.message)

    async def _mismatch(
        self,
        index: int,
        kind: Literal["different", "missing", "extra"],
        expected: str | None,
        actual: str | None,
        problem: str,
    ) -> None:
        """Record a mismatch and tell the client with an `error` event."""
        message = f"Replay mismatch: {problem}."
        self._add(
            ReplayMismatch(
                connection=self.record.index,
                index=index,
                kind=kind,
                expected=expected,
                actual=actual,
                message=message,
            )
        )
        client_event_id = None
        if actual is not None:
            obj = _loads_object(actual)
            if obj is not None and isinstance(obj.get("event_id"), str):
                client_event_id = obj["event_id"]
        self.errors_sent += 1
        error = {
            "type": "error",
            "event_id": f"event_replay_{self.record.index}_{self.errors_sent}",
            "error": {
                "type": "invalid_request_error",
                "code": "replay_mismatch",
                "message": message,
                "param": None,
                "event_id": client_event_id,
            },
        }
        try:
            await self.transport.send_text(orjson.dumps(error).decode())
        except ConnectionClosed:
            raise _Stop from None


RecordingSource: TypeAlias = "str | os.PathLike[str] | Recording | Sequence[RecordedMessage]"
"""What a `ReplayServer` plays: a recording path, a `Recording`, or messages."""


class ReplayServer(LoopbackServer[ReplayConnection]):
    """A server that plays a recording back to a client and checks what the client sends.

    ```python
    async with ReplayServer("session.jsonl") as server:
        async with Session(base_url=server.base_url, api_key="test") as session: ...
    server.check()  # raises ReplayMismatchError listing any difference
    ```

    On each connection the recorded server messages are sent in order, exactly as recorded.
    Where the recording has client messages before the next server message, the server waits
    for the client's messages and compares each with the recorded one:

    * `strictness="types"` (default): same event `type`.
    * `"exact"`: same JSON, ignoring the top-level `event_id` (a redacted audio placeholder
      matches any audio of the same length).
    * `"none"`: no check; the client's messages only pace the replay.

    A difference is added to `mismatches` and reported to the client as an `error` event
    (code `replay_mismatch`); the replay goes on. If the client sends nothing for
    `client_timeout` seconds when a message is expected, that is a "missing" mismatch and the
    connection is closed (1011). Client messages after the end of the recording are "extra".

    Args:
        recording: a recording path, a `Recording`, or a sequence of `RecordedMessage`.
        strictness: "types", "exact" or "none".
        dialect: the dialect (default: the recording's header, else "ga"); informational.
        api_key: when set, the handshake needs it (`Authorization: Bearer` or `api-key`).
        host: the address to listen on.
        port: the port to listen on (0: a free port).
        client_timeout: how long to wait for an expected client message.
        speed: None sends server messages as fast as possible; a number replays them at the
            recorded pace scaled by it (1.0: real time, 2.0: twice as fast).
        ping_interval: seconds between the server's keepalive pings (None: off).
        ping_timeout: seconds to wait for their pongs (None: wait forever).
        max_records: how many connection records, and received messages per connection, are kept.

    Raises:
        RecordingError: the recording cannot be read or is invalid.
        ConfigurationError: an invalid option.
    """

    def __init__(
        self,
        recording: RecordingSource,
        *,
        strictness: Strictness = "types",
        dialect: str | None = None,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        client_timeout: float = 5.0,
        speed: float | None = None,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        max_records: int = 10_000,
    ) -> None:
        if strictness not in _STRICTNESS:
            raise ConfigurationError(
                f"strictness must be 'types', 'exact' or 'none', got {strictness!r}"
            )
        if not client_timeout > 0:
            raise ConfigurationError(f"client_timeout must be positive, got {client_timeout!r}")
        if speed is not None and not speed > 0:
            raise ConfigurationError(f"speed must be positive or None, got {speed!r}")
        if dialect is not None and dialect not in DIALECTS:
            raise ConfigurationError(
                f"dialect must be one of {', '.join(DIALECTS)}, got {dialect!r}"
            )
        self._path: str | None = None
        self._messages: tuple[RecordedMessage, ...] = ()
        header = RecordingHeader()
        if isinstance(recording, (str, os.PathLike)):
            self._path = os.fspath(recording)
            # Validate the whole file now (streaming), so that errors show before serving.
            with _lines(self._path) as lines:
                header = _read_header(lines)
                count = sum(1 for _ in _read_messages(lines))
        elif isinstance(recording, Recording):
            header = recording.header
            self._messages = recording.messages
            count = len(self._messages)
        else:
            self._messages = tuple(recording)
            for message in self._messages:
                if not isinstance(message, RecordedMessage):
                    raise ConfigurationError(
                        f"a recording sequence holds RecordedMessage, got {type(message).__name__}"
                    )
            count = len(self._messages)
        self.header = header
        self.dialect = dialect or header.dialect
        self.strictness: Strictness = strictness
        self.client_timeout = client_timeout
        self.speed = speed
        self._count_hint = count
        super().__init__(
            api_key=api_key,
            host=host,
            port=port,
            ping_interval=ping_interval,
            ping_timeout=ping_timeout,
        )
        self._max_records = max_records
        self._connections_made = 0
        self.connections: deque[ReplayConnection] = deque(maxlen=max_records)

    def __repr__(self) -> str:
        where = self.url if self._bound_port is not None else "not started"
        return (
            f"ReplayServer({where}, messages={self._count_hint}, strictness={self.strictness!r}, "
            f"connections={len(self.connections)})"
        )

    @property
    def message_count(self) -> int:
        """How many messages the recording holds (both directions)."""
        return self._count_hint

    def _iter_messages(self) -> Generator[RecordedMessage, None, None]:
        if self._path is not None:
            yield from read_recording(self._path)
        else:
            yield from self._messages

    # --- results ---------------------------------------------------------------------------------

    @property
    def mismatches(self) -> list[ReplayMismatch]:
        """Every mismatch found so far, over all connections, in connection order."""
        return [m for record in self.connections for m in record.mismatches]

    def check(self) -> None:
        """Raise `ReplayMismatchError` (an `AssertionError`) if any mismatch was found."""
        found = self.mismatches
        if found:
            raise ReplayMismatchError(found)

    # --- addresses -------------------------------------------------------------------------------

    # --- lifetime --------------------------------------------------------------------------------

    async def __aenter__(self) -> ReplayServer:
        await self._start()
        return self

    # --- connections -----------------------------------------------------------------------------

    def _new_record(
        self, path: str, headers: Mapping[str, str], **options: Any
    ) -> ReplayConnection:
        split = urlsplit(path)
        record = ReplayConnection(
            index=self._connections_made,
            path=split.path,
            query=dict(parse_qsl(split.query)),
            headers=headers,
            max_records=self._max_records,
        )
        self._connections_made += 1
        self.connections.append(record)
        return record

    def connect_memory(
        self,
        *,
        path: str = "/v1/realtime",
        headers: Mapping[str, str] | None = None,
        max_buffer: int = 64,
    ) -> MemoryTransport:
        """Open an in-memory connection (no socket) replaying the recording; return the client end.

        Raises:
            UsageError: the server is not running.
            AuthenticationError: `api_key` is set and `headers` do not carry it.
        """
        return self._connect_memory(path, headers, max_buffer)

    async def _run_connection(self, transport: Transport, record: ReplayConnection) -> None:
        await _Replay(self, transport, record).run()
