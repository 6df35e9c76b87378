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

import time
from collections import deque
from collections.abc import Callable
from typing import Any, Final, Literal

from ._conversation_response import ResponseState as ResponseState
from ._conversation_state import _PCM16, _format_of, base64_size
from ._conversation_state import (
    DEFAULT_MAX_AUDIO_BYTES_PER_ITEM as DEFAULT_MAX_AUDIO_BYTES_PER_ITEM,
)
from ._conversation_state import DEFAULT_MAX_AUDIO_BYTES_TOTAL as DEFAULT_MAX_AUDIO_BYTES_TOTAL
from ._conversation_state import Anomaly as Anomaly
from ._conversation_state import AnomalyKind as AnomalyKind
from ._conversation_state import ContentPartState as ContentPartState
from ._conversation_state import ItemState as ItemState
from ._conversation_state import TranscriptionSegment as TranscriptionSegment
from ._conversation_state import __all__ as _STATE_NAMES
from ._exceptions import ConfigurationError, EventDecodeError
from ._types import UNSET
from .events._base import Model
from .events._common import Usage
from .events._dialects import RESPONSE_STREAMS

# The reducer, and the views it changes (re-exported: this module is where they are imported from).
__all__ = ["Conversation", "ResponseState", *_STATE_NAMES]

# Response stream event type -> the content part type it fills (GA `output_audio`, beta `audio`...).
_PART_TYPES: Final = {
    event_type: part_type
    for names in RESPONSE_STREAMS
    for event_type, part_type in names.part_types.items()
}


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
            if not response.done:
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
            if item.role == "assistant":
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
        if item.in_conversation:
            self._order.remove(item.id)
            item._leave()
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
        item._set_role(role)
        if response is not None:
            item._set_response(response.id)
            response._add_output(item_id)
        self._append(item, provisional=True)
        return item

    def _part(self, event: Any, item: ItemState, raw: Any, part_type: str) -> ContentPartState:
        index = raw if isinstance(raw, int) and raw >= 0 else 0
        part = item._part(index)
        if part is not None:
            return part
        self._anomaly(
            "unknown_content_part", event, f"item {item.id!r} has no content part {index}"
        )
        return item._grow_parts(index, part_type)

    def _append(self, item: ItemState, *, provisional: bool = False) -> None:
        if not item.in_conversation:
            self._order.append(item.id)
            item._enter(provisional=provisional)

    def _place(self, event: Any, item: ItemState, previous: Any) -> None:
        """Put `item` after `previous` (None: first; UNSET: at the end) unless already placed."""
        if item.in_conversation and not item._provisional:
            return
        order = self._order
        if item.in_conversation:
            order.remove(item.id)
            item._leave()
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
                    f"previous item {previous!r} of {item.id!r} is unknown; appended at the end",
                )
                position = len(order)
        order.insert(position, item.id)
        item._enter(provisional=False)

    def _store_audio(
        self, item: ItemState, part: ContentPartState, data: str | bytes, size: int
    ) -> None:
        self._audio_total += item._store_audio(part, data, size, self._max_item_audio)
        if self._audio_total > self._max_total_audio:
            self._evict_audio(keep=item)

    def _evict_audio(self, keep: ItemState) -> None:
        """Drop the stored audio of the oldest items until the total fits its limit."""
        for item in self._items.values():
            if self._audio_total <= self._max_total_audio:
                return
            if item is keep or not item._audio_stored:
                continue
            self._audio_total -= item._drop_audio()
        if self._audio_total > self._max_total_audio:  # the current item alone is too big
            self._audio_total -= keep._drop_audio_tail(self._audio_total - self._max_total_audio)

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
        item._mark_deleted()

    def _on_item_truncated(self, event: Any) -> None:
        item = self._items.get(event.item_id)
        if item is None:
            self._anomaly("unknown_item", event, f"truncated item {event.item_id!r} is unknown")
            return
        index = event.content_index
        if item._part(index) is None:
            self._anomaly(
                "unknown_content_part", event, f"item {item.id!r} has no content part {index}"
            )
            return
        self._audio_total -= item._truncate(index, event.audio_end_ms)

    # --- input audio transcription -----------------------------------------------------------

    def _input_part(self, event: Any) -> tuple[ItemState, ContentPartState]:
        item = self._item_for_delta(event, "message", "user")
        return item, self._part(event, item, getattr(event, "content_index", 0), "input_audio")

    def _on_input_tr_delta(self, event: Any) -> None:
        item, part = self._input_part(event)
        delta = getattr(event, "delta", UNSET)
        if isinstance(delta, str):
            part._append_transcript(delta)
        item._transcribing()

    def _on_input_tr_completed(self, event: Any) -> None:
        item, part = self._input_part(event)
        part._set_transcript(event.transcript)
        usage = getattr(event, "usage", UNSET)
        item._transcribed(usage if isinstance(usage, Model) else None)

    def _on_input_tr_failed(self, event: Any) -> None:
        item, _ = self._input_part(event)
        item._transcription_failed(event.error)

    def _on_input_tr_segment(self, event: Any) -> None:
        item, _ = self._input_part(event)
        item._add_segment(
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
        elif response.done:
            self._anomaly(
                "duplicate_response", event, f"response {response_id!r} was created again"
            )
        status = getattr(model, "status", UNSET)
        response._mark_created(self._clock(), status if isinstance(status, str) else "in_progress")
        response._take_fields(model)

    def _on_response_done(self, event: Any) -> None:
        model = event.response
        response_id = model.id if isinstance(model.id, str) else ""
        response = self._response(event, response_id)
        details = getattr(model, "status_details", None)
        usage = getattr(model, "usage", None)
        response._mark_done(
            self._clock(),
            getattr(model, "status", UNSET),
            details if isinstance(details, Model) else None,
            usage if isinstance(usage, Usage) else None,
        )
        response._take_fields(model)
        output = getattr(model, "output", UNSET)
        for item_model in output if isinstance(output, list) else ():
            item_id = getattr(item_model, "id", None)
            if not isinstance(item_id, str):
                continue
            if item_id not in self._items:
                self._anomaly("unknown_item", event, f"output item {item_id!r} was never added")
                item = self._item_from_model(item_model, response_id)
                if response.conversation_id is not None:
                    self._append(item, provisional=True)
            else:
                item = self._item_from_model(item_model, response_id)
            item._set_response(response_id)
            response._add_output(item_id)

    def _on_output_item(self, event: Any) -> None:
        response = self._response(event, event.response_id)
        item_id = getattr(event.item, "id", None)
        if event.type == "response.output_item.done" and item_id not in self._items:
            self._anomaly("unknown_item", event, f"output item {item_id!r} was never added")
        item = self._item_from_model(event.item, response.id)
        item._set_response(response.id)
        item._set_format(response._format)
        response._add_output(item.id)

    def _on_content_part(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        index = event.content_index
        part_type = str(getattr(event.part, "type", ""))
        if event.type == "response.content_part.added":
            item._grow_parts(index, part_type)
        part = self._part(event, item, index, part_type)
        part._merge(event.part, keep_transcript=item.truncated)

    def _on_text_delta(self, event: Any) -> None:
        item = self._items.get(event.item_id) or self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        self._part(event, item, event.content_index, kind)._append_text(event.delta)

    def _on_text_done(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        self._part(event, item, event.content_index, kind)._set_text(event.text)

    def _on_audio_delta(self, event: Any) -> None:
        # The hot path: one dict lookup, one list index, one store.
        item = self._items.get(event.item_id)
        if item is None:
            item = self._item_for_delta(event, "message", "assistant")
        index = event.content_index
        part = item._part(index)
        if part is None:
            part = self._part(event, item, index, _PART_TYPES[event.type])
        text = event.delta
        size = base64_size(text)  # valid base64 is kept as it came, decoded when it is read
        if size is None:  # not plainly valid: decode it to know (as `audio_bytes` does)
            try:
                text = event.audio_bytes
            except EventDecodeError:
                self._anomaly("invalid_audio", event, f"audio delta of {item.id!r} is not base64")
                return
            size = len(text)
        self._store_audio(item, part, text, size)

    def _on_transcript_delta(self, event: Any) -> None:
        item = self._items.get(event.item_id) or self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        self._part(event, item, event.content_index, kind)._append_transcript(event.delta)

    def _on_transcript_done(self, event: Any) -> None:
        item = self._item_for_delta(event, "message", "assistant")
        kind = _PART_TYPES[event.type]
        part = self._part(event, item, event.content_index, kind)
        if not item.truncated:
            part._set_transcript(event.transcript)

    def _on_arguments_delta(self, event: Any) -> None:
        item_type = "function_call" if "function" in event.type else "mcp_call"
        item = self._items.get(event.item_id) or self._item_for_delta(event, item_type, None)
        item._set_call(call_id=getattr(event, "call_id", None))
        item._append_arguments(event.delta)

    def _on_arguments_done(self, event: Any) -> None:
        item_type = "function_call" if "function" in event.type else "mcp_call"
        item = self._item_for_delta(event, item_type, None)
        item._set_arguments(event.arguments)
        item._set_call(call_id=getattr(event, "call_id", None), name=getattr(event, "name", None))
