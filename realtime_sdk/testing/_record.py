"""Record a session's traffic to JSON Lines, read recordings back, and replay them as a server.

A recording is a text file with one JSON object per line:

```text
{"format": "realtime_sdk.recording", "version": 1, "dialect": "ga", "started_at": "2025-...+00:00", ...}
{"direction": "server", "t": 0.0312, "text": "{\\"type\\":\\"session.created\\",...}"}
{"direction": "client", "t": 0.0405, "text": "{\\"type\\":\\"session.update\\",...}"}
```

The first line is a header; each other line is one WebSocket text message, unchanged (`text`),
with who sent it and when (`t`, monotonic seconds since the recording started).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import logging
import os
import time
from collections import deque
from collections.abc import Generator, Iterator, Mapping, Sequence
from types import TracebackType
from typing import IO, Any, Literal, TypeAlias
from urllib.parse import parse_qsl, urlsplit

import anyio
import anyio.abc
import attrs
import orjson
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from .._codec import DIALECTS, decode_client_event, decode_server_event
from .._exceptions import (
    ConfigurationError,
    ConnectionClosed,
    EventDecodeError,
    RealtimeError,
    UsageError,
)
from .._transport import (
    MemoryTransport,
    Transport,
)
from ..events._base import Model
from ._serving import LoopbackServer

__all__ = [
    "RECORDING_FORMAT",
    "RECORDING_VERSION",
    "Direction",
    "RecordedEvent",
    "RecordedMessage",
    "Recorder",
    "Recording",
    "RecordingError",
    "RecordingHeader",
    "RecordingTransport",
    "ReplayConnection",
    "ReplayMismatch",
    "ReplayMismatchError",
    "RecordingSource",
    "ReplayServer",
    "Strictness",
    "read_recording",
    "read_recording_header",
    "record_to",
    "recorded_events",
    "redact_audio",
]

logger = logging.getLogger("realtime_sdk.testing")

RECORDING_FORMAT = "realtime_sdk.recording"
"""The `format` value of a recording's header line."""
RECORDING_VERSION = 1
"""The version of the recording format this module writes (and the newest it reads)."""

Direction = Literal["client", "server"]
Strictness = Literal["types", "exact", "none"]

_DIRECTIONS = ("client", "server")
_STRICTNESS = ("types", "exact", "none")
# A line holds one message, JSON-escaped: at most the transport's 16 MiB limit, escaped (x2), plus
# some room. Longer lines are refused rather than read into memory.
_MAX_LINE = 40 * 2**20
_INBOX_SIZE = 64
_PREVIEW = 60


class RecordingError(RealtimeError, ValueError):
    """A file or stream that is not a readable recording (names the line at fault)."""


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


# --- records ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RecordingHeader:
    """The first line of a recording.

    Attributes:
        version: the format version the file was written with.
        dialect: the wire dialect of the session ("ga", "beta" or "translation").
        started_at: wall-clock time (UTC) at which recording started, or None if unknown.
        redacted_audio: whether audio payloads were replaced by placeholders.
        metadata: free-form values given to the `Recorder` (for example the URL or model).
    """

    version: int = RECORDING_VERSION
    dialect: str = "ga"
    started_at: datetime.datetime | None = None
    redacted_audio: bool = False
    metadata: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class RecordedMessage:
    """One recorded WebSocket text message.

    Attributes:
        direction: "client" (sent by the client) or "server" (sent by the server).
        t: monotonic seconds from the start of the recording to this message.
        text: the message exactly as it was on the wire.
    """

    direction: Direction
    t: float
    text: str

    @property
    def type(self) -> str | None:
        """The event's `type`, or None when the text is not a JSON object with a string `type`."""
        return _event_type(self.text)


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """One recorded message decoded to its typed event (see `recorded_events()`)."""

    direction: Direction
    t: float
    event: Model


@attrs.frozen(kw_only=True)
class Recording:
    """A whole recording held in memory: its header and messages.

    `Recording.load(path_or_file)` reads one; a `ReplayServer` accepts it (handy for a recording
    written to an `io.StringIO`).
    """

    header: RecordingHeader
    messages: tuple[RecordedMessage, ...]

    @classmethod
    def load(cls, source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Recording:
        """Read a whole recording from a path or an open file.

        Raises:
            RecordingError: the file cannot be read or is not a recording.
        """
        with _lines(source) as lines:
            header = _read_header(lines)
            messages = tuple(_read_messages(lines))
        return cls(header=header, messages=messages)


# --- writing ---------------------------------------------------------------------------------------

_AUDIO_DELTA_TYPES = frozenset(
    {"response.output_audio.delta", "response.audio.delta", "session.output_audio.delta"}
)
# Events whose items or content parts may hold base64 audio in an `audio` member.
_AUDIO_CARRYING_TYPES = frozenset(
    {
        "input_audio_buffer.append",
        "session.input_audio_buffer.append",
        "conversation.item.create",
        "conversation.item.created",
        "conversation.item.added",
        "conversation.item.done",
        "conversation.item.retrieved",
        "response.create",
        "response.created",
        "response.done",
        "response.output_item.added",
        "response.output_item.done",
        "response.content_part.added",
        "response.content_part.done",
    }
)


def _placeholder(value: str) -> str:
    return f"<redacted {len(value)} chars>"


def _is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith("<redacted ") and value.endswith(" chars>")


def _redact_members(value: Any) -> Any:
    """Replace every string `audio` member, at any depth, by a placeholder."""
    if isinstance(value, dict):
        return {
            key: _placeholder(item)
            if key == "audio" and isinstance(item, str) and not _is_placeholder(item)
            else _redact_members(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact_members(item) for item in value]
    return value


def redact_audio(text: str) -> str:
    """Return the message with its base64 audio replaced by `"<redacted N chars>"` placeholders.

    Only events that carry audio are decoded (appends, audio deltas, and events holding items
    or content parts); any other message is returned unchanged, as is text that is not JSON.
    """
    if '"audio' not in text and "audio.delta" not in text:
        return text  # fast path: no audio member, no audio delta
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return text
    if not isinstance(obj, dict):
        return text
    event_type = obj.get("type")
    if event_type in _AUDIO_DELTA_TYPES:
        delta = obj.get("delta")
        if not isinstance(delta, str) or _is_placeholder(delta):
            return text
        obj["delta"] = _placeholder(delta)
    elif event_type in _AUDIO_CARRYING_TYPES:
        redacted = _redact_members(obj)
        if redacted == obj:
            return text
        obj = redacted
    else:
        return text
    return orjson.dumps(obj).decode()


def _dump_line(obj: Mapping[str, Any]) -> bytes:
    try:
        return orjson.dumps(obj) + b"\n"
    except TypeError:
        # orjson refuses lone surrogates; json escapes them (\udXXX) and stays loss-free.
        return (json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n").encode()


class Recorder:
    """Writes a session's messages to a JSON Lines recording as they happen.

    ```python
    with Recorder("session.jsonl", dialect="ga", redact_audio=True) as recorder:
        recorder.record("client", text)
    ```

    Each line is written (and by default flushed) when `record()` is called, so memory use does
    not grow with the session and a crash loses nothing already recorded. Writing is a plain
    blocking file write: use a local file.

    Args:
        target: a path (created or truncated; closed by `close()`), or an open text or binary
            file object (flushed, not closed, by `close()`).
        dialect: the session's dialect, stored in the header ("ga", "beta" or "translation").
        redact_audio: replace base64 audio (appends, audio deltas, audio content parts) by
            `"<redacted N chars>"`, keeping the length.
        metadata: JSON-ready values stored in the header (never put an API key there).
        flush: flush after every line (default); False leaves it to the file's buffer.

    Attributes:
        count: how many messages were recorded.
        error: the `OSError` that stopped recording, if writing failed. A failed write is logged
            once and recording stops; the session itself goes on.

    Raises:
        ConfigurationError: unknown dialect.
        RecordingError: the path cannot be opened for writing.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        dialect: str = "ga",
        redact_audio: bool = False,
        metadata: Mapping[str, Any] | None = None,
        flush: bool = True,
    ) -> None:
        if dialect not in DIALECTS:
            raise ConfigurationError(
                f"dialect must be one of {', '.join(DIALECTS)}, got {dialect!r}"
            )
        self.dialect = dialect
        self.redact_audio = redact_audio
        self.count = 0
        self.error: OSError | None = None
        self._flush_each = flush
        self._owned: IO[bytes] | None = None
        if isinstance(target, (str, os.PathLike)):
            self.name = os.fspath(target)
            try:
                self._owned = open(target, "wb")  # noqa: SIM115 (closed by close())
            except OSError as exc:
                raise RecordingError(
                    f"cannot open {self.name!r} for writing: {exc.strerror or exc}"
                ) from exc
            self._file: IO[Any] = self._owned
        else:
            self.name = str(getattr(target, "name", "<stream>"))
            self._file = target
        self._text = isinstance(self._file, io.TextIOBase)
        self._closed = False
        self._start = time.monotonic()
        started = datetime.datetime.now(datetime.timezone.utc)
        header: dict[str, Any] = {
            "format": RECORDING_FORMAT,
            "version": RECORDING_VERSION,
            "dialect": dialect,
            "started_at": started.isoformat(),
            "redacted_audio": redact_audio,
        }
        if metadata:
            header["metadata"] = dict(metadata)
        self._write(_dump_line(header))

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"Recorder({self.name!r}, {state}, count={self.count})"

    @property
    def closed(self) -> bool:
        """True once `close()` was called."""
        return self._closed

    def record(self, direction: Direction, text: str | bytes) -> None:
        """Append one message sent by `direction` ("client" or "server"), timestamped now.

        `text` is the message's text, or its UTF-8 encoding.

        Raises:
            UsageError: the recorder is closed, or `direction` is not "client" or "server".
        """
        if self._closed:
            raise UsageError("this Recorder is closed")
        if direction not in _DIRECTIONS:
            raise UsageError(f"direction must be 'client' or 'server', got {direction!r}")
        if self.error is not None:
            return
        t = round(time.monotonic() - self._start, 6)
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8", "replace")
        if self.redact_audio:
            text = redact_audio(text)
        if self._write(_dump_line({"direction": direction, "t": t, "text": text})):
            self.count += 1

    def _write(self, line: bytes) -> bool:
        try:
            if self._text:
                self._file.write(line.decode())
            else:
                self._file.write(line)
            if self._flush_each:
                self._file.flush()
        except OSError as exc:
            self.error = exc
            logger.warning("recording to %s stopped: %s", self.name, exc)
            return False
        return True

    def close(self) -> None:
        """Flush, and close the file if the recorder opened it; idempotent."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError, ValueError):
            self._file.flush()
        if self._owned is not None:
            try:
                self._owned.close()
            except OSError as exc:
                self.error = self.error or exc

    def __enter__(self) -> Recorder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class RecordingTransport:
    """A `Transport` that records every message going through another transport.

    ```python
    async with connect_websocket(url, headers=...) as ws:
        transport = RecordingTransport(ws, Recorder("session.jsonl"), close_recorder=True)
        async with Session(transport=transport) as session: ...
    ```

    Args:
        inner: the transport to wrap.
        recorder: where messages are recorded.
        side: which end `inner` is: "client" (default; what it sends is recorded as "client",
            what it receives as "server") or "server" (the other way round).
        close_recorder: close the recorder when this transport is closed.

    A message sent is recorded just before it is handed to `inner`, so a reply can never be
    recorded before the message that caused it.
    """

    def __init__(
        self,
        inner: Transport,
        recorder: Recorder,
        *,
        side: Direction = "client",
        close_recorder: bool = False,
    ) -> None:
        if side not in _DIRECTIONS:
            raise UsageError(f"side must be 'client' or 'server', got {side!r}")
        self.inner = inner
        self.recorder = recorder
        self._sent: Direction = side
        self._received: Direction = "server" if side == "client" else "client"
        self._close_recorder = close_recorder

    def __repr__(self) -> str:
        return f"RecordingTransport({self.inner!r}, {self.recorder!r})"

    @property
    def closed(self) -> bool:
        """True once the wrapped transport is closing or closed."""
        return self.inner.closed

    async def send_text(self, text: str | bytes) -> None:
        """Record `text` (a str, or UTF-8 bytes), then send it through the wrapped transport."""
        if not self.recorder.closed:
            self.recorder.record(self._sent, text)
        await self.inner.send_text(text)

    async def receive_text(self) -> str:
        """Receive the next message from the wrapped transport and record it."""
        text = await self.inner.receive_text()
        if not self.recorder.closed:
            self.recorder.record(self._received, text)
        return text

    async def aclose(self, code: int = 1000, reason: str = "") -> None:
        """Close the wrapped transport (and the recorder when `close_recorder` is set)."""
        try:
            await self.inner.aclose(code, reason)
        finally:
            if self._close_recorder:
                self.recorder.close()


def record_to(
    transport: Transport,
    path: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    dialect: str = "ga",
    redact_audio: bool = False,
    metadata: Mapping[str, Any] | None = None,
    side: Direction = "client",
) -> RecordingTransport:
    """Wrap `transport` so that its traffic is recorded to `path`; closing it closes the file.

    ```python
    async with connect_websocket(url) as ws:
        async with Session(transport=record_to(ws, "session.jsonl")) as session: ...
    ```
    """
    recorder = Recorder(path, dialect=dialect, redact_audio=redact_audio, metadata=metadata)
    return RecordingTransport(transport, recorder, side=side, close_recorder=True)


# --- reading ---------------------------------------------------------------------------------------


class _Lines:
    """Numbered lines of a recording source, each at most `_MAX_LINE` characters."""

    def __init__(self, file: IO[Any], name: str) -> None:
        self.file = file
        self.name = name
        self.number = 0
        self._peeked: tuple[int, Any] | None = None

    def error(self, message: str, number: int | None = None) -> RecordingError:
        return RecordingError(f"{self.name}, line {number or self.number}: {message}")

    def next_object(self) -> tuple[int, Any] | None:
        """The next non-blank line parsed as JSON, with its number; None at the end."""
        if self._peeked is not None:
            peeked, self._peeked = self._peeked, None
            return peeked
        while True:
            try:
                line = self.file.readline(_MAX_LINE + 1)
            except (OSError, UnicodeDecodeError) as exc:
                raise RecordingError(f"cannot read {self.name}: {exc}") from exc
            if not line:
                return None
            self.number += 1
            if len(line) > _MAX_LINE:
                raise self.error(f"line longer than {_MAX_LINE} characters")
            if not line.strip():
                continue
            try:
                return self.number, orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise self.error(f"not JSON ({exc})") from exc

    def push_back(self, item: tuple[int, Any]) -> None:
        self._peeked = item


@contextlib.contextmanager
def _lines(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Iterator[_Lines]:
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            file = open(source, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise RecordingError(f"cannot open recording {name!r}: {exc.strerror or exc}") from exc
        with file:
            yield _Lines(file, name)
    else:
        yield _Lines(source, str(getattr(source, "name", "<stream>")))


def _read_header(lines: _Lines) -> RecordingHeader:
    """Read the header line; a recording without one is taken as GA, version 1."""
    first = lines.next_object()
    if first is None:
        return RecordingHeader()
    number, obj = first
    if not (isinstance(obj, dict) and "format" in obj):
        lines.push_back(first)
        return RecordingHeader()
    if obj.get("format") != RECORDING_FORMAT:
        raise lines.error(f"unknown format {obj.get('format')!r}", number)
    version = obj.get("version")
    if not isinstance(version, int) or not 1 <= version <= RECORDING_VERSION:
        raise lines.error(
            f"unsupported recording version {version!r} (this version reads 1 to "
            f"{RECORDING_VERSION})",
            number,
        )
    dialect = obj.get("dialect", "ga")
    if dialect not in DIALECTS:
        raise lines.error(f"unknown dialect {dialect!r}", number)
    started_at = None
    if isinstance(obj.get("started_at"), str):
        with contextlib.suppress(ValueError):
            started_at = datetime.datetime.fromisoformat(obj["started_at"])
    metadata = obj.get("metadata")
    return RecordingHeader(
        version=version,
        dialect=dialect,
        started_at=started_at,
        redacted_audio=obj.get("redacted_audio") is True,
        metadata=dict(metadata) if isinstance(metadata, dict) else {},
    )


def _read_messages(lines: _Lines) -> Iterator[RecordedMessage]:
    while True:
        item = lines.next_object()
        if item is None:
            return
        number, obj = item
        if not isinstance(obj, dict):
            raise lines.error("expected a JSON object", number)
        direction, t, text = obj.get("direction"), obj.get("t"), obj.get("text")
        if direction not in _DIRECTIONS:
            raise lines.error(f"direction must be 'client' or 'server', got {direction!r}", number)
        if isinstance(t, bool) or not isinstance(t, (int, float)):
            raise lines.error(f"t must be a number, got {t!r}", number)
        if not isinstance(text, str):
            raise lines.error("text must be a string", number)
        yield RecordedMessage(direction=direction, t=float(t), text=text)


def read_recording_header(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> RecordingHeader:
    """Read only the header of a recording (defaults when the file has none).

    Raises:
        RecordingError: the file cannot be read or its header is invalid.
    """
    with _lines(source) as lines:
        return _read_header(lines)


def read_recording(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
) -> Iterator[RecordedMessage]:
    """Yield a recording's messages in order, reading the file lazily.

    ```python
    for message in read_recording("session.jsonl"):
        print(message.direction, message.t, message.type)
    ```

    Raises:
        RecordingError: the file cannot be read, or a line is not a valid record (the message
            names the line).
    """
    with _lines(source) as lines:
        _read_header(lines)
        yield from _read_messages(lines)


def recorded_events(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    dialect: str | None = None,
    direction: Direction | None = None,
    skip_invalid: bool = False,
) -> Iterator[RecordedEvent]:
    """Yield a recording's messages decoded to typed events, with direction and timestamp.

    Client messages are decoded as client events and server messages as server events of
    `dialect` (default: the dialect in the header). Unknown event types give `UnknownEvent`.
    `direction` keeps only one side. Redacted audio stays a placeholder string (decoding its
    bytes raises `EventDecodeError`).

    Raises:
        RecordingError: the file is not a valid recording.
        EventDecodeError: a message is not a valid event, unless `skip_invalid` is set (then it
            is skipped).
    """
    with _lines(source) as lines:
        header = _read_header(lines)
        use = dialect or header.dialect
        if use not in DIALECTS:
            raise ConfigurationError(f"dialect must be one of {', '.join(DIALECTS)}, got {use!r}")
        for message in _read_messages(lines):
            if direction is not None and message.direction != direction:
                continue
            decode = decode_client_event if message.direction == "client" else decode_server_event
            try:
                event = decode(message.text, dialect=use)
            except EventDecodeError:
                if skip_invalid:
                    continue
                raise
            yield RecordedEvent(direction=message.direction, t=message.t, event=event)


# --- replay ----------------------------------------------------------------------------------------


def _event_type(text: str) -> str | None:
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict) and isinstance(obj.get("type"), str):
        return str(obj["type"])
    return None


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
