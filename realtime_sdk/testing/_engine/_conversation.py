"""The conversation: items in order, and the `conversation.item.*` client events."""

from __future__ import annotations

import base64
from typing import Any

import attrs

from ..._types import UNSET
from ...events import _client as ga_c
from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _client as b_c
from ...events.beta import _resources as b_r
from ._billing import _BillingLayer
from ._items import _content, _evolve, _item_id, _strip_audio
from ._rules import _Reject


class _ConversationLayer(_BillingLayer):
    """The conversation's items and their client events."""

    def _index_of(self, item_id: str) -> int | None:
        for index, item in enumerate(self._items):
            if _item_id(item) == item_id:
                return index
        return None

    def _find(self, item_id: str, param: str, action: str) -> int:
        index = self._index_of(item_id)
        if index is None:
            raise _Reject(
                "item_not_found",
                f"Error {action} item: the item with id '{item_id}' does not exist.",
                param,
            )
        return index

    def _insert(self, item: Model, position: int | None = None) -> str | None:
        """Insert `item` (at the end by default); return the id of the item before it."""
        if position is None:
            position = len(self._items)
        previous = _item_id(self._items[position - 1]) if position > 0 else None
        self._items.insert(position, item)
        while len(self._items) > self._max_items:
            self._items.pop(0)
        return previous or None

    def _replace(self, item: Model) -> None:
        index = self._index_of(_item_id(item))
        if index is not None:
            self._items[index] = item

    def _item_added_events(self, item: Model, previous: str | None) -> list[Model]:
        """GA: conversation.item.added + conversation.item.done; beta: conversation.item.created."""
        return self._wire.item_added(previous, _strip_audio(item))

    def _on_item_create(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemCreate, b_c.ConversationItemCreate))
        item: Model = event.item
        item_id = _item_id(item)
        if item_id and self._index_of(item_id) is not None:
            raise _Reject(
                "item_already_exists",
                f"Error adding item: an item with id '{item_id}' already exists.",
                "item.id",
            )
        if not item_id:
            item_id = self._new_id("item")
        changes: dict[str, Any] = {"id": item_id}
        if getattr(item, "status", UNSET) is UNSET and hasattr(item, "status"):
            changes["status"] = "completed"
        for name, value in self._wire.item_fields.items():  # beta: "object": "realtime.item"
            if getattr(item, name, UNSET) is UNSET:
                changes[name] = value
        item = attrs.evolve(item, **changes)
        previous_id = event.previous_item_id
        if previous_id is UNSET:
            position = None
        elif previous_id is None or previous_id == "root":
            position = 0
        else:
            index = self._index_of(previous_id)
            if index is None:
                raise _Reject(
                    "item_not_found",
                    f"Error adding item: the previous item with id '{previous_id}' does not exist.",
                    "previous_item_id",
                )
            position = index + 1
        previous = self._insert(item, position)
        return self._item_added_events(item, previous)

    def _on_item_delete(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemDelete, b_c.ConversationItemDelete))
        del self._items[self._find(event.item_id, "item_id", "deleting")]
        return [self._wire.item_deleted(event.item_id)]

    def _on_item_retrieve(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemRetrieve, b_c.ConversationItemRetrieve))
        item = self._items[self._find(event.item_id, "item_id", "retrieving")]
        return [self._wire.item_retrieved(item)]

    def _on_item_truncate(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemTruncate, b_c.ConversationItemTruncate))
        index = self._find(event.item_id, "item_id", "truncating")
        item = self._items[index]
        content = _content(item)
        if getattr(item, "role", None) != "assistant" or not (
            0 <= event.content_index < len(content)
        ):
            raise _Reject(
                "invalid_value",
                "Only audio content of assistant messages can be truncated.",
                "content_index",
            )
        part = content[event.content_index]
        if not isinstance(part, (ga_r.OutputAudioContent, ga_r.AudioContent, b_r.AudioContent)):
            raise _Reject(
                "invalid_value",
                "Only audio content of assistant messages can be truncated.",
                "content_index",
            )
        fmt = self._output_format_now()
        audio = part.audio_bytes
        duration = fmt.ms(len(audio))
        if event.audio_end_ms < 0 or event.audio_end_ms > duration:
            raise _Reject(
                "invalid_value",
                f"Audio content of {duration:.0f}ms is shorter than the requested "
                f"audio_end_ms of {event.audio_end_ms}ms.",
                "audio_end_ms",
            )
        # The transcript no longer matches the audio: the server drops it (API reference).
        kept = base64.b64encode(audio[: fmt.nbytes(event.audio_end_ms)]).decode("ascii")
        content[event.content_index] = attrs.evolve(part, audio=kept, transcript=UNSET)
        self._items[index] = _evolve(item, content=content)
        return [self._wire.item_truncated(event.item_id, event.content_index, event.audio_end_ms)]
