"""Record a session's traffic to a JSON Lines file: the recording format's writer, in the core.

A recording is a text file with one JSON object per line:

```text
{"format": "realtime_sdk.recording", "version": 1, "dialect": "ga", "started_at": "2025-...+00:00", ...}
{"direction": "server", "t": 0.0312, "text": "{\\"type\\":\\"session.created\\",...}"}
{"direction": "client", "t": 0.0405, "text": "{\\"type\\":\\"session.update\\",...}"}
```

The first line is a header; each other line is one WebSocket text message, unchanged (`text`),
with who sent it and when (`t`, monotonic seconds since the recording started).

This module holds what `Session(record=...)` needs: the `Recorder` (the writer), `redact_audio`,
and `RecordingTransport`, the `Transport` wrapper that records. Reading recordings back and
replaying them is the test kit's business (`realtime_sdk.testing`, `_recfile` and `_replay`),
which imports from here, never the other way round.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import logging
import os
import time
from collections.abc import Mapping
from types import TracebackType
from typing import IO, Any, Literal

import orjson

from ._exceptions import ConfigurationError, RealtimeError, UsageError
from ._transports import Transport
from .events._dialects import DIALECT_SPECS, DIALECTS

__all__ = [
    "RECORDING_FORMAT",
    "RECORDING_VERSION",
    "Direction",
    "Recorder",
    "RecordingError",
    "RecordingTransport",
    "record_to",
    "redact_audio",
]

logger = logging.getLogger("realtime_sdk.testing")

RECORDING_FORMAT = "realtime_sdk.recording"
"""The `format` value of a recording's header line."""
RECORDING_VERSION = 1
"""The version of the recording format this module writes (and the newest it reads)."""

Direction = Literal["client", "server"]

_DIRECTIONS = ("client", "server")


class RecordingError(RealtimeError, ValueError):
    """A file or stream that is not a readable recording (names the line at fault)."""


# --- writing ---------------------------------------------------------------------------------------

# The output audio delta of every dialect: its `delta` is base64 audio.
_AUDIO_DELTA_TYPES = frozenset(spec.output_audio_delta for spec in DIALECT_SPECS.values())
# Events whose items or content parts may hold base64 audio in an `audio` member: every dialect's
# input audio append, and the events that carry items, content parts or a response's input.
_AUDIO_CARRYING_TYPES = frozenset(
    {
        *(spec.input_audio_append for spec in DIALECT_SPECS.values()),
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
