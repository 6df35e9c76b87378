"""The conversation's state views: items, content parts and anomalies (read-only views).

`Conversation` (`_conversation.py`) is the reducer that changes them as server events arrive; the
applications read them. Responses have their view in `_conversation_response.py`; typed snapshots
of an item are made in `_conversation_snapshot.py`.

Each view changes only through its own small mutator methods (the `# --- changed by the
reducer` sections, underscored: not public API), so that a view keeps its slots consistent (an
item's stored audio total, a part's received count) and the reducer decides only what to change.
"""

from __future__ import annotations

import binascii
from collections import deque
from typing import Any, Final, Literal

import attrs

from ._conversation_snapshot import to_item as _snapshot
from ._types import UNSET, Unset
from .events._base import Model

__all__ = [
    "DEFAULT_MAX_AUDIO_BYTES_PER_ITEM",
    "DEFAULT_MAX_AUDIO_BYTES_TOTAL",
    "Anomaly",
    "AnomalyKind",
    "ContentPartState",
    "ItemState",
    "TranscriptionSegment",
]

DEFAULT_MAX_AUDIO_BYTES_PER_ITEM: Final = 10 * 60 * 24_000 * 2
"""Audio kept per item by default: 10 minutes of 24 kHz PCM16 (28.8 MB)."""

DEFAULT_MAX_AUDIO_BYTES_TOTAL: Final = 3 * DEFAULT_MAX_AUDIO_BYTES_PER_ITEM
"""Audio kept for the whole conversation by default (30 minutes of 24 kHz PCM16)."""

AnomalyKind = Literal[
    "unknown_item",
    "unknown_previous_item",
    "unknown_content_part",
    "unknown_response",
    "duplicate_response",
    "invalid_audio",
]
"""What was out of order: an event for an item, content part or response never announced, a
`previous_item_id` not in the conversation, a second `response.created` for a finished response,
or an audio delta that is not valid base64."""

_PCM16: Final = (24_000, 2)  # (sample rate, bytes per sample)
_G711: Final = (8_000, 1)
_FORMATS: Final[dict[str, tuple[int, int]]] = {
    "audio/pcm": _PCM16,
    "pcm16": _PCM16,
    "audio/pcmu": _G711,
    "audio/pcma": _G711,
    "g711_ulaw": _G711,
    "g711_alaw": _G711,
}
_TEXT_PARTS: Final = frozenset({"input_text", "output_text", "text"})
_BASE64_ALPHABET: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_MAX_SEGMENTS: Final = 1000


@attrs.frozen
class Anomaly:
    """An event that did not fit the documented order, and what the reducer did about it."""

    kind: AnomalyKind
    event_type: str
    detail: str


@attrs.frozen(kw_only=True)
class TranscriptionSegment:
    """A diarized segment of a user audio item's transcript (times in seconds)."""

    id: str
    text: str
    speaker: str
    start: float
    end: float
    content_index: int


def base64_size(text: object) -> int | None:
    """The decoded size of `text` when it is base64 that `base64.b64decode(text, validate=True)`
    accepts (the alphabet, a length that is a multiple of 4, at most two `=` at the end); None when
    that is not certain without decoding it (not a string, other characters, other lengths)."""
    if type(text) is not str or len(text) % 4 or not text.isascii():
        return None
    rest = text.encode("ascii").translate(None, _BASE64_ALPHABET)
    if rest and (rest not in (b"=", b"==") or not text.endswith(rest.decode("ascii"))):
        return None
    return len(text) // 4 * 3 - len(rest)


class ContentPartState:
    """One content part of an item: its type, text, transcript and audio (read-only view).

    `audio` holds a prefix of the audio received (possibly empty) when `audio_truncated_storage`
    is True: the conversation's audio limits were reached; `audio_bytes_received` still counts it.
    The audio is kept as the base64 text it arrived in and decoded when it is first read.
    """

    __slots__ = (
        "_audio",
        "_audio_received",
        "_audio_size",
        "_audio_truncated_storage",
        "_model",
        "_text",
        "_transcript",
        "_type",
    )

    def __init__(self, part_type: str) -> None:
        self._type = part_type
        self._text: list[str] | None = None
        self._transcript: list[str] | Unset | None = UNSET
        # Stored audio: base64 chunks as received (validated, not decoded) and decoded bytes.
        self._audio: list[str | bytes] = []
        self._audio_size = 0  # decoded bytes stored
        self._audio_received = 0
        self._audio_truncated_storage = False
        self._model: Model | None = None

    @property
    def type(self) -> str:
        """The part's wire type: `output_audio`, `output_text`, `input_audio`, `audio`, `text`..."""
        return self._type

    @property
    def text(self) -> str | None:
        """The text of a text part (None for other parts)."""
        return None if self._text is None else "".join(self._text)

    @property
    def transcript(self) -> str | None:
        """The transcript of an audio part (None when there is none, e.g. after truncation)."""
        t = self._transcript
        return "".join(t) if isinstance(t, list) else None

    @property
    def audio(self) -> bytes:
        """The stored audio (a copy)."""
        return self._decoded()

    @property
    def audio_bytes_received(self) -> int:
        """How many audio bytes the part has (received, minus what truncation cut)."""
        return self._audio_received

    @property
    def audio_truncated_storage(self) -> bool:
        """True when some received audio was not stored (the audio limits were reached)."""
        return self._audio_truncated_storage

    # --- changed by the reducer -------------------------------------------------------------

    def _append_text(self, delta: str) -> None:
        if self._text is None:
            self._text = [delta]
        else:
            self._text.append(delta)

    def _set_text(self, text: str) -> None:
        self._text = [text]

    def _append_transcript(self, delta: str) -> None:
        if isinstance(self._transcript, list):
            self._transcript.append(delta)
        else:
            self._transcript = [delta]

    def _set_transcript(self, transcript: str) -> None:
        self._transcript = [transcript]

    def _count_audio(self, size: int) -> None:
        """`size` more bytes received (stored or not)."""
        self._audio_received += size

    def _store_audio(self, data: str | bytes, size: int) -> None:
        """Store `size` bytes of audio: `data` is base64 whose decoded size is `size` (validated
        with `base64_size`), or the bytes themselves."""
        if size:
            self._audio.append(data)
            self._audio_size += size

    def _decoded(self) -> bytes:
        """The stored audio as bytes, decoded once: the chunks are replaced by the result."""
        chunks = self._audio
        if len(chunks) == 1 and type(chunks[0]) is bytes:
            return chunks[0]
        a2b = binascii.a2b_base64  # what b64decode does after its check, which base64_size made
        data = b"".join(c if type(c) is bytes else a2b(c) for c in chunks)
        self._audio = [data] if data else []
        return data

    def _stop_storing(self) -> None:
        """Mark that received audio was not (or is no longer) all stored."""
        self._audio_truncated_storage = True

    def _keep_audio(self, size: int) -> int:
        """Keep the first `size` stored bytes; the bytes dropped."""
        cut = self._audio_size - size
        if cut <= 0:
            return 0
        data = self._decoded()[:size]
        self._audio = [data] if data else []
        self._audio_size = size
        return cut

    def _drop_audio_tail(self, size: int) -> int:
        """Drop up to `size` bytes from the end of the stored audio; the bytes dropped."""
        cut = self._keep_audio(max(0, self._audio_size - size))
        if cut:
            self._audio_truncated_storage = True
        return cut

    def _truncate_audio(self, keep: int) -> int:
        """Cut the audio at `keep` bytes, as the server does, and drop the transcript (API
        reference, `conversation.item.truncate`); the stored bytes dropped."""
        cut = self._keep_audio(keep)
        self._audio_received = min(self._audio_received, keep)
        self._transcript = UNSET
        return cut

    def _merge(self, model: Model, *, keep_transcript: bool = False) -> None:
        self._type = str(getattr(model, "type", self._type))
        text = getattr(model, "text", UNSET)
        if isinstance(text, str):
            self._text = [text]
        transcript = getattr(model, "transcript", UNSET)
        if transcript is not UNSET and not keep_transcript:
            self._transcript = [transcript] if isinstance(transcript, str) else None
        self._model = model

    def __repr__(self) -> str:
        return (
            f"ContentPartState(type={self._type!r}, text={self.text!r}, "
            f"transcript={self.transcript!r}, audio_bytes_received={self._audio_received})"
        )


class ItemState:
    """One conversation item as applied so far (read-only view; changes as events arrive)."""

    __slots__ = (
        "_arguments",
        "_audio_end_ms",
        "_audio_stored",
        "_call_id",
        "_deleted",
        "_format",
        "_id",
        "_in_conversation",
        "_model",
        "_name",
        "_object",
        "_output",
        "_parts",
        "_provisional",
        "_response_id",
        "_role",
        "_segments",
        "_status",
        "_tr_error",
        "_tr_status",
        "_tr_usage",
        "_truncated",
        "_type",
    )

    def __init__(self, item_id: str, item_type: str, fmt: tuple[int, int]) -> None:
        self._id = item_id
        self._type = item_type
        self._role: str | None = None
        self._status: str | Unset = UNSET
        self._object: Any = UNSET  # "realtime.item" or UNSET
        self._parts: list[ContentPartState] = []
        self._call_id: str | None = None
        self._name: str | None = None
        self._arguments: list[str] | None = None
        self._output: str | None = None
        self._response_id: str | None = None
        self._format = fmt
        self._audio_stored = 0
        self._truncated = False
        self._audio_end_ms: int | None = None
        self._deleted = False
        self._in_conversation = False
        self._provisional = False
        self._tr_status: Literal["in_progress", "completed", "failed"] | None = None
        self._tr_error: Model | None = None
        self._tr_usage: Model | None = None
        self._segments: deque[TranscriptionSegment] | None = None
        self._model: Model | None = None

    # --- identity and status ---------------------------------------------------------------

    @property
    def id(self) -> str:
        """The item id."""
        return self._id

    @property
    def type(self) -> str:
        """`message`, `function_call`, `function_call_output`, `mcp_call`..."""
        return self._type

    @property
    def role(self) -> str | None:
        """`user`, `assistant` or `system` for messages (None for other items)."""
        return self._role

    @property
    def status(self) -> str | None:
        """`in_progress`, `completed` or `incomplete` (None until the server says)."""
        return self._status if isinstance(self._status, str) else None

    @property
    def response_id(self) -> str | None:
        """The response that produced the item (None for items the client created)."""
        return self._response_id

    @property
    def in_conversation(self) -> bool:
        """True while the item is part of the conversation (False for out-of-band outputs)."""
        return self._in_conversation

    @property
    def deleted(self) -> bool:
        """True once `conversation.item.deleted` removed the item."""
        return self._deleted

    # --- content -----------------------------------------------------------------------------

    @property
    def content(self) -> tuple[ContentPartState, ...]:
        """The item's content parts, by content index."""
        return tuple(self._parts)

    @property
    def text(self) -> str:
        """The text of the item's text parts, joined ("" when it has none)."""
        return "".join(p.text or "" for p in self._parts if p._type in _TEXT_PARTS)

    @property
    def transcript(self) -> str:
        """The transcripts of the item's audio parts, joined ("" when none is known).

        For assistant audio: the output transcript; for user audio: the input transcription.
        Truncation clears it, as the server does.
        """
        return "".join(p.transcript or "" for p in self._parts)

    @property
    def audio(self) -> bytes:
        """The item's stored audio (assistant output audio; user audio is never echoed)."""
        if len(self._parts) == 1:
            return self._parts[0]._decoded()
        return b"".join(p._decoded() for p in self._parts)

    @property
    def audio_duration_ms(self) -> float:
        """The duration of the audio received for the item (after truncation, if any)."""
        rate, width = self._format
        return sum(p._audio_received for p in self._parts) / width * 1000 / rate

    @property
    def audio_truncated_storage(self) -> bool:
        """True when some received audio was not stored (see `Conversation` audio limits)."""
        return any(p._audio_truncated_storage for p in self._parts)

    @property
    def truncated(self) -> bool:
        """True once `conversation.item.truncated` cut the item's audio."""
        return self._truncated

    @property
    def audio_end_ms(self) -> int | None:
        """Where the audio was truncated (None when it was not)."""
        return self._audio_end_ms

    # --- function calls ----------------------------------------------------------------------

    @property
    def call_id(self) -> str | None:
        """The call id of a `function_call` or `function_call_output` item."""
        return self._call_id

    @property
    def name(self) -> str | None:
        """The function (or MCP tool) name of a call item."""
        return self._name

    @property
    def arguments(self) -> str | None:
        """The call's JSON arguments as streamed so far (complete once the item is done)."""
        return None if self._arguments is None else "".join(self._arguments)

    @property
    def output(self) -> str | None:
        """The output of a `function_call_output` (or MCP call) item."""
        return self._output

    # --- input audio transcription -----------------------------------------------------------

    @property
    def input_transcription_status(self) -> Literal["in_progress", "completed", "failed"] | None:
        """Where the transcription of a user audio item stands (None: no transcription event)."""
        return self._tr_status

    @property
    def input_transcription_error(self) -> Model | None:
        """Why the transcription failed (`TranscriptionError`), if it did."""
        return self._tr_error

    @property
    def input_transcription_usage(self) -> Model | None:
        """The transcription's usage, from its `completed` event."""
        return self._tr_usage

    @property
    def input_transcription_segments(self) -> tuple[TranscriptionSegment, ...]:
        """Diarized segments (the last 1000) of the input transcription."""
        return tuple(self._segments) if self._segments is not None else ()

    # --- typed snapshot ----------------------------------------------------------------------

    def to_item(
        self, dialect: Literal["ga", "beta"] = "ga", *, include_audio: bool = True
    ) -> Model | None:
        """The item as a typed model of `dialect` (`MessageItem`, `FunctionCallItem`...).

        Items of types this reducer does not model (MCP items) are returned as last received
        when they are of the requested dialect, else None.
        """
        return _snapshot(self, dialect, include_audio=include_audio)

    # --- changed by the reducer -------------------------------------------------------------

    def _part(self, index: int) -> ContentPartState | None:
        """The content part at `index`, or None when the item has none there."""
        parts = self._parts
        return parts[index] if 0 <= index < len(parts) else None

    def _grow_parts(self, index: int, part_type: str) -> ContentPartState:
        """The part at `index`, adding parts of `part_type` up to it when the item is shorter."""
        parts = self._parts
        while len(parts) <= index:
            parts.append(ContentPartState(part_type))
        return parts[index]

    def _set_role(self, role: str | None) -> None:
        self._role = role

    def _set_format(self, fmt: tuple[int, int]) -> None:
        self._format = fmt

    def _set_response(self, response_id: str) -> None:
        self._response_id = response_id

    def _enter(self, *, provisional: bool) -> None:
        """Now part of the conversation (provisional: placed at the end until the server says)."""
        self._in_conversation = True
        self._provisional = provisional

    def _leave(self) -> None:
        self._in_conversation = False

    def _mark_deleted(self) -> None:
        self._deleted = True

    def _store_audio(self, part: ContentPartState, data: str | bytes, size: int, limit: int) -> int:
        """Count `size` bytes as received by `part` and store what fits in the item's `limit`;
        the bytes stored (beyond the limit the part is marked `audio_truncated_storage`). `data`
        is the audio, or its validated base64 (see `ContentPartState._store_audio`)."""
        part._count_audio(size)
        if part._audio_truncated_storage:
            return 0
        room = limit - self._audio_stored
        if size > room:
            size = max(0, room - room % self._format[1])
            if size:  # decoded only when a part of it is kept
                data = (binascii.a2b_base64(data) if isinstance(data, str) else data)[:size]
            part._stop_storing()
        part._store_audio(data, size)
        self._audio_stored += size
        return size

    def _drop_audio(self) -> int:
        """Drop all stored audio (the parts that had some are marked); the bytes dropped."""
        for part in self._parts:
            if part._audio_size:
                part._drop_audio_tail(part._audio_size)
        dropped = self._audio_stored
        self._audio_stored = 0
        return dropped

    def _drop_audio_tail(self, size: int) -> int:
        """Drop up to `size` stored bytes, from the end of each part in turn; the bytes dropped."""
        dropped = 0
        for part in self._parts:
            cut = part._drop_audio_tail(size - dropped)
            dropped += cut
        self._audio_stored -= dropped
        return dropped

    def _truncate(self, index: int, audio_end_ms: int) -> int:
        """Cut part `index`'s audio at `audio_end_ms` (`conversation.item.truncated`); the stored
        bytes dropped."""
        rate, width = self._format
        keep = max(0, round(audio_end_ms * rate / 1000)) * width
        cut = self._parts[index]._truncate_audio(keep)
        self._audio_stored -= cut
        self._truncated = True
        self._audio_end_ms = audio_end_ms
        return cut

    def _transcribing(self) -> None:
        self._tr_status = "in_progress"

    def _transcribed(self, usage: Model | None) -> None:
        self._tr_status = "completed"
        self._tr_usage = usage

    def _transcription_failed(self, error: Model) -> None:
        self._tr_status = "failed"
        self._tr_error = error

    def _add_segment(self, segment: TranscriptionSegment) -> None:
        if self._segments is None:
            self._segments = deque(maxlen=_MAX_SEGMENTS)
        self._segments.append(segment)

    def _append_arguments(self, delta: str) -> None:
        if self._arguments is None:
            self._arguments = [delta]
        else:
            self._arguments.append(delta)

    def _set_arguments(self, arguments: str) -> None:
        self._arguments = [arguments]

    def _set_call(self, *, call_id: object = None, name: object = None) -> None:
        """Take the call id and function name when they are strings."""
        if isinstance(call_id, str):
            self._call_id = call_id
        if isinstance(name, str):
            self._name = name

    def _merge(self, model: Model) -> None:
        """Take every field the server sent in an item model (audio payloads excepted)."""
        self._type = str(getattr(model, "type", self._type))
        role = getattr(model, "role", UNSET)
        if isinstance(role, str):
            self._role = role
        status = getattr(model, "status", UNSET)
        if isinstance(status, str):
            self._status = status
        obj = getattr(model, "object", UNSET)
        if isinstance(obj, str):
            self._object = obj
        for attr, slot in (("call_id", "_call_id"), ("name", "_name"), ("output", "_output")):
            value = getattr(model, attr, UNSET)
            if isinstance(value, str):
                setattr(self, slot, value)
        arguments = getattr(model, "arguments", UNSET)
        if isinstance(arguments, str):
            self._arguments = [arguments]
        content = getattr(model, "content", UNSET)
        if isinstance(content, list):
            parts = self._parts
            for index, part_model in enumerate(content):
                if index == len(parts):
                    parts.append(ContentPartState(str(getattr(part_model, "type", ""))))
                # The server drops a truncated item's transcript; later copies must not revive it.
                parts[index]._merge(part_model, keep_transcript=self._truncated)
        self._model = model

    def __repr__(self) -> str:
        extra = ""
        if self._type == "message":
            extra = f", role={self._role!r}, text={self.text!r}, transcript={self.transcript!r}"
        elif self._type == "function_call":
            extra = f", name={self._name!r}, arguments={self.arguments!r}"
        elif self._type == "function_call_output":
            extra = f", call_id={self._call_id!r}, output={self._output!r}"
        return f"ItemState(id={self._id!r}, type={self._type!r}, status={self.status!r}{extra})"


def _format_of(value: Any) -> tuple[int, int] | None:
    """(rate, sample width) of a GA format model or a beta format name."""
    key = value if isinstance(value, str) else getattr(value, "type", None)
    return _FORMATS.get(key) if isinstance(key, str) else None
