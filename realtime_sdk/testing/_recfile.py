"""Read recordings back: the header, the messages, and the messages decoded to typed events.

The format (one JSON object per line, a header first) is described in `realtime_sdk._recording`,
which writes it; this module reads it.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Iterator, Mapping
from typing import IO, Any

import attrs
import orjson

from .._codec import DIALECTS, decode_client_event, decode_server_event
from .._exceptions import ConfigurationError, EventDecodeError
from .._recording import _DIRECTIONS, RECORDING_FORMAT, RECORDING_VERSION, Direction, RecordingError
from ..events._base import Model

__all__ = [
    "RecordedEvent",
    "RecordedMessage",
    "Recording",
    "RecordingHeader",
    "read_recording",
    "read_recording_header",
    "recorded_events",
]

# A line holds one message, JSON-escaped: at most the transport's 16 MiB limit, escaped (x2), plus
# some room. Longer lines are refused rather than read into memory.
_MAX_LINE = 40 * 2**20


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


def _event_type(text: str) -> str | None:
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict) and isinstance(obj.get("type"), str):
        return str(obj["type"])
    return None
