"""The conversation as the client sees it: a pure reducer of server events (no I/O, no awaits).

```python
conversation = Conversation()
async for event in session:
    conversation.apply(event)
reply = conversation.last_assistant_item()
print(reply.transcript, reply.audio_duration_ms)
```

`Conversation.apply` understands the GA and the beta dialect (it dispatches on the event's `type`
string; the fields it reads have the same names in both). It keeps the items in server order
(`previous_item_id`), their text, transcripts, audio, function calls and input-audio
transcription, and the lifecycle of each response. Events that arrive out of the documented order
never raise: they are recorded as `Anomaly` entries and the reducer does the sensible thing
(creates the missing item or response on the fly, or appends at the end).

The state objects (`ItemState`, `ContentPartState`, `ResponseState`) are live read-only views:
they change as events are applied; `to_items()` gives typed snapshots.
"""

from __future__ import annotations

import base64
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Final, Literal

import attrs

from ._exceptions import ConfigurationError, EventDecodeError
from ._types import UNSET, Unset
from .events import _resources as ga
from .events._base import Model
from .events._common import Usage
from .events._dialects import RESPONSE_STREAMS
from .events.beta import _resources as beta

__all__ = [
    "DEFAULT_MAX_AUDIO_BYTES_PER_ITEM",
    "DEFAULT_MAX_AUDIO_BYTES_TOTAL",
    "Anomaly",
    "AnomalyKind",
    "ContentPartState",
    "Conversation",
    "ItemState",
    "ResponseState",
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
# Response stream event type -> the content part type it fills (GA `output_audio`, beta `audio`...).
_PART_TYPES: Final = {
    event_type: part_type
    for names in RESPONSE_STREAMS
    for event_type, part_type in names.part_types.items()
}
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


class ContentPartState:
    """One content part of an item: its type, text, transcript and audio (read-only view).

    `audio` holds a prefix of the audio received (possibly empty) when `audio_truncated_storage`
    is True: the conversation's audio limits were reached; `audio_bytes_received` still counts it.
    """

    __slots__ = (
        "_audio",
        "_audio_received",
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
        self._audio = bytearray()
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
        return bytes(self._audio)

    @property
    def audio_bytes_received(self) -> int:
        """How many audio bytes the part has (received, minus what truncation cut)."""
        return self._audio_received

    @property
    def audio_truncated_storage(self) -> bool:
        """True when some received audio was not stored (the audio limits were reached)."""
        return self._audio_truncated_storage

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
            return bytes(self._parts[0]._audio)
        return b"".join(p._audio for p in self._parts)

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
        if dialect == "ga":
            return self._to_ga(include_audio)
        if dialect == "beta":
            return self._to_beta(include_audio)
        raise ConfigurationError(f"dialect must be 'ga' or 'beta', got {dialect!r}")

    def _audio_b64(self, part: ContentPartState, include: bool) -> str | Unset:
        if include and part._audio:
            return base64.b64encode(part._audio).decode("ascii")
        return UNSET

    def _to_ga(self, include_audio: bool) -> Model | None:
        status: Any = self._status
        if self._type == "message":
            content: list[ga.ContentPart] = []
            for p in self._parts:
                ga_part = self._ga_part(p, include_audio)
                if ga_part is not None:
                    content.append(ga_part)
            role: Any = self._role if self._role in ("user", "assistant", "system") else "assistant"
            return ga.MessageItem(
                id=self._id, object=self._object, status=status, role=role, content=content
            )
        if self._type == "function_call":
            return ga.FunctionCallItem(
                id=self._id,
                object=self._object,
                status=status,
                call_id=self._call_id if self._call_id is not None else UNSET,
                name=self._name or "",
                arguments=self.arguments or "",
            )
        if self._type == "function_call_output":
            return ga.FunctionCallOutputItem(
                id=self._id,
                object=self._object,
                status=status,
                call_id=self._call_id or "",
                output=self._output or "",
            )
        return self._model if self._model is not None and _is_ga(self._model) else None

    def _ga_part(self, p: ContentPartState, include_audio: bool) -> Any:
        transcript: Any = p._transcript
        if isinstance(transcript, list):
            transcript = "".join(transcript)
        t = p._type
        if transcript is None and t != "input_audio":
            # Only GA user audio carries `"transcript": null` (as the live service sends it).
            transcript = UNSET
        text: Any = p.text if p._text is not None else UNSET
        if t in ("input_text", "input_image") and p._model is not None and _is_ga(p._model):
            return p._model  # as the server echoed it (events never change it)
        if t == "input_text":
            return ga.InputTextContent(text=text)
        if t == "output_text":
            return ga.OutputTextContent(text=text)
        if t == "text":
            return ga.TextContent(text=text)
        if t == "input_audio":
            return ga.InputAudioContent(
                audio=self._audio_b64(p, include_audio), transcript=transcript
            )
        if t == "output_audio":
            return ga.OutputAudioContent(
                audio=self._audio_b64(p, include_audio), transcript=transcript
            )
        if t == "audio":
            return ga.AudioContent(audio=self._audio_b64(p, include_audio), transcript=transcript)
        return p._model if p._model is not None and _is_ga(p._model) else None

    def _to_beta(self, include_audio: bool) -> Model | None:
        status: Any = self._status
        if self._type == "message":
            content: list[beta.ContentPart] = []
            for p in self._parts:
                beta_part = self._beta_part(p, include_audio)
                if beta_part is not None:
                    content.append(beta_part)
            role: Any = self._role if self._role is not None else UNSET
            return beta.MessageItem(
                id=self._id, object=self._object, status=status, role=role, content=content
            )
        if self._type == "function_call":
            return beta.FunctionCallItem(
                id=self._id,
                object=self._object,
                status=status,
                call_id=self._call_id if self._call_id is not None else UNSET,
                name=self._name if self._name is not None else UNSET,
                arguments=UNSET if self._arguments is None else "".join(self._arguments),
            )
        if self._type == "function_call_output":
            return beta.FunctionCallOutputItem(
                id=self._id,
                object=self._object,
                status=status,
                call_id=self._call_id if self._call_id is not None else UNSET,
                output=self._output if self._output is not None else UNSET,
            )
        return self._model if self._model is not None and not _is_ga(self._model) else None

    def _beta_part(self, p: ContentPartState, include_audio: bool) -> Any:
        transcript: Any = p._transcript
        if isinstance(transcript, list):
            transcript = "".join(transcript)
        t = p._type
        text: Any = p.text if p._text is not None else UNSET
        if t == "input_text" and p._model is not None and not _is_ga(p._model):
            return p._model  # as the server echoed it (events never change it)
        if t == "input_text":
            return beta.InputTextContent(text=text)
        if t in ("output_text", "text"):
            return beta.TextContent(text=text)
        if t == "input_audio":
            return beta.InputAudioContent(
                audio=self._audio_b64(p, include_audio), transcript=transcript
            )
        if t in ("output_audio", "audio"):
            return beta.AudioContent(
                audio=self._audio_b64(p, include_audio),
                transcript=UNSET if transcript is None else transcript,
            )
        return p._model if p._model is not None and not _is_ga(p._model) else None

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


def _is_ga(model: Model) -> bool:
    return not type(model).__module__.startswith("realtime_sdk.events.beta")


class ResponseState:
    """One response's lifecycle: status, output items, usage and timestamps (read-only view)."""

    __slots__ = (
        "_conversation_id",
        "_created_at",
        "_done_at",
        "_format",
        "_id",
        "_output",
        "_response",
        "_status",
        "_status_details",
        "_usage",
    )

    def __init__(self, response_id: str, fmt: tuple[int, int]) -> None:
        self._id = response_id
        self._status = "in_progress"
        self._status_details: Model | None = None
        self._usage: Usage | None = None
        self._output: list[str] = []
        self._created_at: float | None = None
        self._done_at: float | None = None
        self._conversation_id: str | None = None
        self._format = fmt
        self._response: Model | None = None

    @property
    def id(self) -> str:
        """The response id."""
        return self._id

    @property
    def status(self) -> str:
        """`in_progress`, then `completed`, `cancelled`, `failed` or `incomplete`."""
        return self._status

    @property
    def done(self) -> bool:
        """True once `response.done` arrived."""
        return self._done_at is not None

    @property
    def status_details(self) -> Model | None:
        """Why the response ended as it did (`ResponseStatusDetails`), if the server said."""
        return self._status_details

    @property
    def usage(self) -> Usage | None:
        """The response's token usage (from `response.done`)."""
        return self._usage

    @property
    def output_item_ids(self) -> tuple[str, ...]:
        """The ids of the response's output items, in output order."""
        return tuple(self._output)

    @property
    def conversation_id(self) -> str | None:
        """The conversation the response adds to (None: out of band, or not said)."""
        return self._conversation_id

    @property
    def created_at(self) -> float | None:
        """Clock time of `response.created` (None when it never arrived)."""
        return self._created_at

    @property
    def done_at(self) -> float | None:
        """Clock time of `response.done` (None while in progress)."""
        return self._done_at

    @property
    def duration(self) -> float | None:
        """`done_at - created_at` when both are known."""
        if self._created_at is None or self._done_at is None:
            return None
        return self._done_at - self._created_at

    @property
    def response(self) -> Model | None:
        """The last `Response` model received (from `response.created` or `response.done`)."""
        return self._response

    def __repr__(self) -> str:
        return (
            f"ResponseState(id={self._id!r}, status={self._status!r}, "
            f"output_item_ids={self._output!r})"
        )


def _format_of(value: Any) -> tuple[int, int] | None:
    """(rate, sample width) of a GA format model or a beta format name."""
    key = value if isinstance(value, str) else getattr(value, "type", None)
    return _FORMATS.get(key) if isinstance(key, str) else None


class Conversation:
    """Applies server events to a model of the conversation; see the module docs.

    Args:
        clock: time source of `ResponseState.created_at` / `done_at` (default `time.time`).
        max_items: items kept (conversation and out-of-band outputs); the oldest are dropped.
        max_responses: responses kept; the oldest are dropped.
        max_audio_bytes_per_item: audio stored per item; beyond it the duration keeps counting
            but the bytes are dropped and `audio_truncated_storage` is set.
        max_audio_bytes_total: audio stored for all items; beyond it the oldest items' audio is
            dropped (and marked `audio_truncated_storage`).
        max_anomalies: anomalies kept in `anomalies` (`anomaly_count` counts them all).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        max_items: int = 4096,
        max_responses: int = 1000,
        max_audio_bytes_per_item: int = DEFAULT_MAX_AUDIO_BYTES_PER_ITEM,
        max_audio_bytes_total: int = DEFAULT_MAX_AUDIO_BYTES_TOTAL,
        max_anomalies: int = 256,
    ) -> None:
        for name, value in (
            ("max_items", max_items),
            ("max_responses", max_responses),
            ("max_anomalies", max_anomalies),
            ("max_audio_bytes_per_item", max_audio_bytes_per_item),
            ("max_audio_bytes_total", max_audio_bytes_total),
        ):
            if value < 0 or (value == 0 and name in ("max_items", "max_responses")):
                raise ConfigurationError(f"{name} must be positive, got {value}")
        self._clock = clock
        self._max_items = max_items
        self._max_responses = max_responses
        self._max_item_audio = max_audio_bytes_per_item
        self._max_total_audio = max_audio_bytes_total
        self._items: dict[str, ItemState] = {}  # every known item, oldest first
        self._order: list[str] = []  # conversation order (server order)
        self._responses: dict[str, ResponseState] = {}
        self._audio_total = 0
        self._format = _PCM16  # the session's output audio format
        self._conversation_id: str | None = None
        self.anomalies: deque[Anomaly] = deque(maxlen=max_anomalies)
        """The latest anomalies (events out of the documented order), oldest first."""
        self.anomaly_count = 0
        """How many anomalies were seen in all."""
        audio_delta = self._on_audio_delta
        text_delta = self._on_text_delta
        transcript_delta = self._on_transcript_delta
        self._handlers: dict[str, Callable[[Any], None]] = {
            "session.created": self._on_session,
            "session.updated": self._on_session,
            "conversation.created": self._on_conversation_created,
            "conversation.item.added": self._on_item_added,
            "conversation.item.created": self._on_item_added,
            "conversation.item.done": self._on_item_done,
            "conversation.item.retrieved": self._on_item_retrieved,
            "conversation.item.deleted": self._on_item_deleted,
            "conversation.item.truncated": self._on_item_truncated,
            "conversation.item.input_audio_transcription.delta": self._on_input_tr_delta,
            "conversation.item.input_audio_transcription.completed": self._on_input_tr_completed,
            "conversation.item.input_audio_transcription.failed": self._on_input_tr_failed,
            "conversation.item.input_audio_transcription.segment": self._on_input_tr_segment,
            "response.created": self._on_response_created,
            "response.done": self._on_response_done,
            "response.output_item.added": self._on_output_item,
            "response.output_item.done": self._on_output_item,
            "response.content_part.added": self._on_content_part,
            "response.content_part.done": self._on_content_part,
            "response.function_call_arguments.delta": self._on_arguments_delta,
            "response.mcp_call_arguments.delta": self._on_arguments_delta,
            "response.function_call_arguments.done": self._on_arguments_done,
            "response.mcp_call_arguments.done": self._on_arguments_done,
        }
        for names in RESPONSE_STREAMS:  # the response stream, under each dialect's names
            self._handlers[names.text_delta] = text_delta
            self._handlers[names.text_done] = self._on_text_done
            self._handlers[names.audio_delta] = audio_delta
            self._handlers[names.transcript_delta] = transcript_delta
            self._handlers[names.transcript_done] = self._on_transcript_done

    # --- entry point -------------------------------------------------------------------------

    def apply(self, event: object) -> None:
        """Apply one server event (GA or beta; events that change nothing here are ignored)."""
        handler = self._handlers.get(getattr(event, "type", ""))
        if handler is not None:
            handler(event)

    # --- views -------------------------------------------------------------------------------

    @property
    def items(self) -> tuple[ItemState, ...]:
        """The conversation's items in server order."""
        items = self._items
        return tuple(items[item_id] for item_id in self._order)

    def get(self, item_id: str) -> ItemState | None:
        """Any known item by id (out-of-band response outputs included), or None."""
        return self._items.get(item_id)

    @property
    def responses(self) -> tuple[ResponseState, ...]:
        """The kept responses, oldest first."""
        return tuple(self._responses.values())

    def get_response(self, response_id: str) -> ResponseState | None:
        """A kept response by id, or None."""
        return self._responses.get(response_id)

    @property
    def active_response(self) -> ResponseState | None:
        """The latest response still in progress, or None."""
        for response in reversed(self._responses.values()):
            if response._done_at is None:
                return response
        return None

    @property
    def conversation_id(self) -> str | None:
        """The id from `conversation.created`, when it was seen."""
        return self._conversation_id

    def last_assistant_item(self) -> ItemState | None:
        """The last assistant message of the conversation, or None."""
        items = self._items
        for item_id in reversed(self._order):
            item = items[item_id]
            if item._role == "assistant":
                return item
        return None

    def to_items(
        self, dialect: Literal["ga", "beta"] = "ga", *, include_audio: bool = True
    ) -> list[Model]:
        """The conversation as typed items of `dialect`, in server order.

        Compare with `conversation.item.retrieved` results modulo what events never carry: the
        audio of user `input_audio` parts, and `extra_fields` of the items.
        """
        out: list[Model] = []
        for item in self.items:
            model = item.to_item(dialect, include_audio=include_audio)
            if model is not None:
                out.append(model)
        return out

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return (
            f"Conversation(items={len(self._order)}, responses={len(self._responses)}, "
            f"anomalies={self.anomaly_count})"
        )

    # --- bookkeeping -------------------------------------------------------------------------

    def _anomaly(self, kind: AnomalyKind, event: Any, detail: str) -> None:
        self.anomalies.append(Anomaly(kind, str(getattr(event, "type", "")), detail))
        self.anomaly_count += 1

    def _new_item(self, item_id: str, item_type: str, fmt: tuple[int, int]) -> ItemState:
        item = ItemState(item_id, item_type, fmt)
        self._items[item_id] = item
        if len(self._items) > self._max_items:
            oldest = next(iter(self._items))
            self._drop(self._items.pop(oldest))
        return item

    def _drop(self, item: ItemState) -> None:
        if item._in_conversation:
            self._order.remove(item._id)
            item._in_conversation = False
        self._audio_total -= item._audio_stored

    def _response(self, event: Any, response_id: str) -> ResponseState:
        """The response of an event, created on the fly (anomaly) when it was never announced."""
        response = self._responses.get(response_id)
        if response is None:
            self._anomaly("unknown_response", event, f"response {response_id!r} was not created")
            response = self._add_response(response_id)
        return response

    def _add_response(self, response_id: str) -> ResponseState:
        response = ResponseState(response_id, self._format)
        self._responses[response_id] = response
        if len(self._responses) > self._max_responses:
            del self._responses[next(iter(self._responses))]
        return response

    def _item_for_delta(self, event: Any, item_type: str, role: str | None) -> ItemState:
        """The item of a streaming event; unknown items are created and appended (anomaly)."""
        item_id = str(event.item_id)
        item = self._items.get(item_id)
        if item is not None:
            return item
        self._anomaly("unknown_item", event, f"item {item_id!r} was never added")
        response_id = getattr(event, "response_id", None)
        response = self._responses.get(response_id) if isinstance(response_id, str) else None
        item = self._new_item(item_id, item_type, response._format if response else self._format)
        item._role = role
        if response is not None:
            item._response_id = response._id
            if item_id not in response._output:
                response._output.append(item_id)
        self._append(item, provisional=True)
        return item

    def _part(self, event: Any, item: ItemState, raw: Any, part_type: str) -> ContentPartState:
        parts = item._parts
        index = raw if isinstance(raw, int) and raw >= 0 else 0
        if index < len(parts):
            return parts[index]
        self._anomaly(
            "unknown_content_part", event, f"item {item._id!r} has no content part {index}"
        )
        while len(parts) <= index:
            parts.append(ContentPartState(part_type))
        return parts[index]

    def _append(self, item: ItemState, *, provisional: bool = False) -> None:
        if not item._in_conversation:
            self._order.append(item._id)
            item._in_conversation = True
            item._provisional = provisional

    def _place(self, event: Any, item: ItemState, previous: Any) -> None:
        """Put `item` after `previous` (None: first; UNSET: at the end) unless already placed."""
        if item._in_conversation and not item._provisional:
            return
        order = self._order
        if item._in_conversation:
            order.remove(item._id)
            item._in_conversation = False
        if previous is UNSET:
            self._append(item)
            return
        if previous is None:
            position = 0
        elif order and order[-1] == previous:
            position = len(order)
        else:
            try:
                position = order.index(previous) + 1
            except ValueError:
                self._anomaly(
                    "unknown_previous_item",
                    event,
                    f"previous item {previous!r} of {item._id!r} is unknown; appended at the end",
                )
                position = len(order)
        order.insert(position, item._id)
        item._in_conversation = True
        item._provisional = False

    def _store_audio(self, item: ItemState, part: ContentPartState, data: bytes) -> None:
        size = len(data)
        part._audio_received += size
        if part._audio_truncated_storage:
            return
        room = self._max_item_audio - item._audio_stored
        if size > room:
            data = data[: max(0, room - room % item._format[1])]
            part._audio_truncated_storage = True
            size = len(data)
        part._audio += data
        item._audio_stored += size
        self._audio_total += size
        if self._audio_total > self._max_total_audio:
            self._evict_audio(keep=item)

    def _evict_audio(self, keep: ItemState) -> None:
        """Drop the stored audio of the oldest items until the total fits its limit."""
        for item in self._items.values():
            if self._audio_total <= self._max_total_audio:
                return
            if item is keep or not item._audio_stored:
                continue
            for part in item._parts:
                if part._audio:
                    part._audio = bytearray()
                    part._audio_truncated_storage = True
            self._audio_total -= item._audio_stored
            item._audio_stored = 0
        if self._audio_total > self._max_total_audio:  # the current item alone is too big
            excess = self._audio_total - self._max_total_audio
            for part in keep._parts:
                cut = min(excess, len(part._audio))
                if cut:
                    del part._audio[len(part._audio) - cut :]
                    part._audio_truncated_storage = True
                    excess -= cut
                    keep._audio_stored -= cut
                    self._audio_total -= cut

    # --- session -----------------------------------------------------------------------------

    def _on_session(self, event: Any) -> None:
        session = event.session
        audio = getattr(session, "audio", None)
        fmt = _format_of(getattr(getattr(audio, "output", None), "format", None))
        fmt = fmt or _format_of(getattr(session, "output_audio_format", None))
        if fmt is not None:
            self._format = fmt

    def _on_conversation_created(self, event: Any) -> None:
        conversation_id = getattr(event.conversation, "id", None)
        if isinstance(conversation_id, str):
            self._conversation_id = conversation_id

    # --- items -------------------------------------------------------------------------------

    def _item_from_model(self, model: Any, response_id: str | None = None) -> ItemState:
        item_id = getattr(model, "id", UNSET)
        item_id = item_id if isinstance(item_id, str) else ""
        item = self._items.get(item_id)
        if item is None:
            response = self._responses.get(response_id) if response_id else None
            fmt = response._format if response is not None else self._format
            item = self._new_item(item_id, str(getattr(model, "type", "message")), fmt)
        item._merge(model)
        return item

    def _on_item_added(self, event: Any) -> None:
        item = self._item_from_model(event.item)
        self._place(event, item, getattr(event, "previous_item_id", UNSET))

    def _on_item_done(self, event: Any) -> None:
        item_id = getattr(event.item, "id", None)
        if isinstance(item_id, str) and item_id not in self._items:
            self._anomaly("unknown_item", event, f"item {item_id!r} was never added")
        self._on_item_added(event)

    def _on_item_retrieved(self, event: Any) -> None:
        item = self._items.get(getattr(event.item, "id", ""))
        if item is not None:
            item._merge(event.item)

    def _on_item_deleted(self, event: Any) -> None:
        item = self._items.pop(event.item_id, None)
        if item is None:
            self._anomaly("unknown_item", event, f"deleted item {event.item_id!r} is unknown")
            return
        self._drop(item)
        item._deleted = True

    def _on_item_truncated(self, event: Any) -> None:
        item = self._items.get(event.item_id)
        if item is None:
            self._anomaly("unknown_item", event, f"truncated item {event.item_id!r} is unknown")
            return
        index = event.content_index
        if not 0 <= index < len(item._parts):
            self._anomaly(
                "unknown_content_part", event, f"item {item._id!r} has no content part {index}"
            )
            return
        part = item._parts[index]
        rate, width = item._format
        keep = max(0, round(event.audio_end_ms * rate / 1000)) * width
        if len(part._audio) > keep:
            cut = len(part._audio) - keep
            del part._audio[keep:]
            item._audio_stored -= cut
            self._audio_total -= cut
        part._audio_received = min(part._audio_received, keep)
        # Truncating deletes the server-side transcript (API reference, conversation.item.truncate).
        part._transcript = UNSET
        item._truncated = True
        item._audio_end_ms = event.audio_end_ms

    # --- input audio transcription -----------------------------------------------------------

    def _input_part(self, event: Any) -> tuple[ItemState, ContentPartState]:
        item = self._item_for_delta(event, "message", "user")
        return item, self._part(event, item, getattr(event, "content_index", 0), "input_audio")

    def _on_input_tr_delta(self, event: Any) -> None:
        item, part = self._input_part(event)
        delta = getattr(event, "delta", UNSET)
        if isinstance(delta, str):
            if isinstance(part._transcript, list):
                part._transcript.append(delta)
            else:
                part._transcript = [delta]
        item._tr_status = "in_progress"

    def _on_input_tr_completed(self, event: Any) -> None:
        item, part = self._input_part(event)
        part._transcript = [event.transcript]
        item._tr_status = "completed"
        usage = getattr(event, "usage", UNSET)
        item._tr_usage = usage if isinstance(usage, Model) else None

    def _on_input_tr_failed(self, event: Any) -> None:
        item, _ = self._input_part(event)
        item._tr_status = "failed"
        item._tr_error = event.error

    def _on_input_tr_segment(self, event: Any) -> None:
        item, _ = self._input_part(event)
        if item._segments is None:
            item._segments = deque(maxlen=_MAX_SEGMENTS)
        item._segments.append(
            TranscriptionSegment(
                id=event.id,
                text=event.text,
                speaker=event.speaker,
                start=event.start,
                end=event.end,
                content_index=event.content_index,
            )
        )

    # --- responses ---------------------------------------------------------------------------

    def _on_response_created(self, event: Any) -> None:
        model = event.response
        response_id = model.id if isinstance(model.id, str) else ""
        response = self._responses.get(response_id)
        if response is None:
            response = self._add_response(response_id)
        elif response._done_at is not None:
            self._anomaly(
                "duplicate_response", event, f"response {response_id!r} was created again"
            )
        response._created_at = self._clock()
        status = getattr(model, "status", UNSET)
        response._status = status if isinstance(status, str) else "in_progress"
        self._take_response_fields(response, model)

    def _take_response_fields(self, response: ResponseState, model: Any) -> None:
        response._response = model
        conversation_id = getattr(model, "conversation_id", UNSET)
        if isinstance(conversation_id, str) and conversation_id:
            response._conversation_id = conversation_id
        audio = getattr(model, "audio", None)
        fmt = _format_of(getattr(getattr(audio, "output", None), "format", None))
        fmt = fmt or _format_of(getattr(model, "output_audio_format", None))
        if fmt is not None:
            response._format = fmt

    def _on_response_done(self, event: Any) -> None:
        model = event.response
        response_id = model.id if isinstance(model.id, str) else ""
        response = self._response(event, response_id)
        response._done_at = self._clock()
        status = getattr(model, "status", UNSET)
        if isinstance(status, str):
            response._status = status
        details = getattr(model, "status_details", None)
        response._status_details = details if isinstance(details, Model) else None
        usage = getattr(model, "usage", None)
        response._usage = usage if isinstance(usage, Usage) else None
        self._take_response_fields(response, model)
        output = getattr(model, "output", UNSET)
        for item_model in output if isinstance(output, list) else ():
            item_id = getattr(item_model, "id", None)
            if not isinstance(item_id, str):
                continue
            if item_id not in self._items:
                self._anomaly("unknown_item", event, f"output item {item_id!r} was never added")
                item = self._item_from_model(item_model, response_id)
                if response._conversation_id is not None:
                    self._append(item, provisional=True)
            else:
                item = self._item_from_model(item_model, response_id)
            item._response_id = response_id
            if item_id not in response._output:
                response._output.append(item_id)

    def _on_output_item(self, event: Any) -> None:
        response = self._response(event, event.response_id)
        item_id = getattr(event.item, "id", None)
        if event.type == "response.output_item.done" and item_id not in self._items:
            self._anomaly("unknown_item", event, f"output item {item_id!r} was never added")
        item = self._item_from_model(event.item, response._id)
        item._response_id = response._id
        item._format = response._format
        if item._id not in response._output:
            response._output.append(item._id)

    def _on_content_part(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        index = event.content_index
        parts = item._parts
        if event.type == "response.content_part.added":
            while len(parts) <= index:
                parts.append(ContentPartState(str(getattr(event.part, "type", ""))))
        part = self._part(event, item, index, str(getattr(event.part, "type", "")))
        part._merge(event.part, keep_transcript=item._truncated)

    def _on_text_delta(self, event: Any) -> None:
        item = self._items.get(event.item_id) or self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        part = self._part(event, item, event.content_index, kind)
        if part._text is None:
            part._text = [event.delta]
        else:
            part._text.append(event.delta)

    def _on_text_done(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        self._part(event, item, event.content_index, kind)._text = [event.text]

    def _on_audio_delta(self, event: Any) -> None:
        # The hot path: one dict lookup, one list index, one bytearray extend.
        item = self._items.get(event.item_id)
        if item is None:
            item = self._item_for_delta(event, "message", "assistant")
        parts = item._parts
        index = event.content_index
        if 0 <= index < len(parts):
            part = parts[index]
        else:
            kind = _PART_TYPES[event.type]
            part = self._part(event, item, index, kind)
        try:
            data = event.audio_bytes
        except EventDecodeError:
            self._anomaly("invalid_audio", event, f"audio delta of {item._id!r} is not base64")
            return
        if part._audio_truncated_storage or item._audio_stored + len(data) > self._max_item_audio:
            self._store_audio(item, part, data)
            return
        part._audio_received += len(data)
        part._audio += data
        item._audio_stored += len(data)
        self._audio_total += len(data)
        if self._audio_total > self._max_total_audio:
            self._evict_audio(keep=item)

    def _on_transcript_delta(self, event: Any) -> None:
        item = self._items.get(event.item_id) or self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        part = self._part(event, item, event.content_index, kind)
        if isinstance(part._transcript, list):
            part._transcript.append(event.delta)
        else:
            part._transcript = [event.delta]

    def _on_transcript_done(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        part = self._part(event, item, event.content_index, kind)
        if not item._truncated:
            part._transcript = [event.transcript]

    def _on_arguments_delta(self, event: Any) -> None:
        item_type = "function_call" if "function" in event.type else "mcp_call"
        item = self._items.get(event.item_id) or self._item_for_delta(event, item_type, None)
        call_id = getattr(event, "call_id", None)
        if isinstance(call_id, str):
            item._call_id = call_id
        if item._arguments is None:
            item._arguments = [event.delta]
        else:
            item._arguments.append(event.delta)

    def _on_arguments_done(self, event: Any) -> None:
        item_type = "function_call" if "function" in event.type else "mcp_call"
        item = self._item_for_delta(event, item_type, None)
        item._arguments = [event.arguments]
        for attr, slot in (("call_id", "_call_id"), ("name", "_name")):
            value = getattr(event, attr, None)
            if isinstance(value, str):
                setattr(item, slot, value)
