"""What a new connection must receive to continue a session: a pure planner (no I/O, no awaits).

A new Realtime connection starts a new server session: default settings, an empty conversation.
The planner turns what the client knows into the client events that rebuild it:

1. `session.update` with the last configuration the server acknowledged (`session.created` /
   `session.updated`), without the fields only the server sets: `id`, `object`, `expires_at`,
   `client_secret` (OpenAI API reference, Realtime session object; openai-python
   `types/realtime/realtime_session_create_response.py`).
2. `conversation.item.create` for the conversation's items, oldest first, each placed after the
   previous one with `previous_item_id` (OpenAI API reference, `conversation.item.create`). Only
   what the API lets a client create is re-created: user and system text, user audio as the text
   of its input transcription, assistant text and assistant audio as assistant text (its
   transcript), function calls and their outputs. The audio itself is not re-sent: a client cannot
   create assistant audio, and user audio would be billed and transcribed again.

Restored items get new ids on the new server, chosen by the client (the API accepts a client item
`id`), so that every `conversation.item.create` can name its predecessor without waiting for the
previous answer. `IdMap` translates between those ids and the ids of the application's
Conversation, which stays one conversation across connections.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from ._conversation import Conversation, ItemState
from ._types import UNSET, Unset
from .events import _resources as ga
from .events import event_classes
from .events import translation as tr
from .events._base import EMPTY_EXTRA, Model
from .events._dialects import Dialect
from .events.beta import _resources as beta

__all__ = [
    "IdMap",
    "RestorePlan",
    "RestoreSelection",
    "estimate_tokens",
    "plan_restore",
    "restorable_config",
    "restorable_item",
    "restored_id_factory",
    "select_items",
]

# Fields of a session object that only the server sets (sending them back is refused or ignored).
_READ_ONLY: Final = ("id", "object", "expires_at", "client_secret")
_CHARS_PER_TOKEN: Final = 4  # OpenAI's rule of thumb for English text ("What are tokens?")
_ITEM_OVERHEAD_TOKENS: Final = 4
_ECHO_TYPES: Final = frozenset(
    {"conversation.item.added", "conversation.item.done", "conversation.item.created"}
)


# --- configuration -----------------------------------------------------------------------------


def restorable_config(session: object) -> Model | None:
    """The session settings to send again: `session` without its read-only fields.

    Fields this SDK does not model (`extra_fields`) are left out as well: a server may report
    read-only fields it has added, and a refused `session.update` would end the restore. None when
    `session` is not a session object this SDK knows.
    """
    if isinstance(session, tr.TranslationSession):
        return tr.TranslationSessionConfig(audio=session.audio)
    if not isinstance(
        session,
        (
            ga.SessionConfig,
            ga.TranscriptionSessionConfig,
            ga.LegacyTranscriptionSessionConfig,
            beta.SessionConfig,
            beta.TranscriptionSessionConfig,
        ),
    ):
        return None
    names = attrs.fields_dict(type(session))
    changes: dict[str, Any] = {name: UNSET for name in _READ_ONLY if name in names}
    if isinstance(session, ga.LegacyTranscriptionSessionConfig):
        changes["modalities"] = UNSET  # server-only in the pre-GA transcription layout
    changes["extra_fields"] = EMPTY_EXTRA
    return attrs.evolve(session, **changes)


def _config_event_type(config: Model) -> str:
    if isinstance(config, (ga.LegacyTranscriptionSessionConfig, beta.TranscriptionSessionConfig)):
        return "transcription_session.update"
    return "session.update"


# --- items -------------------------------------------------------------------------------------


def _text_part(role: str, text: str, dialect: Dialect) -> Model:
    if dialect == "beta":
        return (
            beta.TextContent(text=text) if role == "assistant" else beta.InputTextContent(text=text)
        )
    return (
        ga.OutputTextContent(text=text) if role == "assistant" else ga.InputTextContent(text=text)
    )


def _image_part(part: Any, dialect: Dialect) -> Model | None:
    model = part._model
    if dialect != "ga" or not isinstance(model, ga.InputImageContent):
        return None
    if not isinstance(model.image_url, str) and not isinstance(model.file_id, str):
        return None  # the server did not echo the image: nothing to send again
    return attrs.evolve(model, extra_fields=EMPTY_EXTRA)


def restorable_item(item: ItemState, dialect: Dialect = "ga") -> Model | None:
    """The item to create on a new connection in place of `item`, without an id; None when the
    API offers no way to create it (audio without a transcript, MCP items, an unfinished call).

    Text parts are kept; an audio part becomes a text part holding its transcript (for the user,
    the input transcription); a user image is kept when the server echoed its `image_url` or
    `file_id`.
    """
    if dialect == "translation":
        return None
    if item.type == "message":
        role = item.role
        if role not in ("user", "assistant", "system"):
            return None
        parts: list[Any] = []
        for part in item.content:
            kind = part.type
            if kind in ("input_text", "output_text", "text"):
                text = part.text
                if text:
                    parts.append(_text_part(role, text, dialect))
            elif kind in ("input_audio", "output_audio", "audio"):
                transcript = part.transcript
                if transcript and transcript.strip():
                    parts.append(_text_part(role, transcript, dialect))
            elif kind == "input_image" and role == "user":
                image = _image_part(part, dialect)
                if image is not None:
                    parts.append(image)
        if not parts:
            return None
        role_: Any = role
        if dialect == "beta":
            return beta.MessageItem(role=role_, content=parts)
        return ga.MessageItem(role=role_, content=parts)
    if item.type == "function_call":
        name, arguments, call_id = item.name, item.arguments, item.call_id
        if not name or arguments is None or not call_id:
            return None
        cls = beta.FunctionCallItem if dialect == "beta" else ga.FunctionCallItem
        return cls(call_id=call_id, name=name, arguments=arguments)
    if item.type == "function_call_output":
        if not item.call_id or item.output is None:
            return None
        out_cls = beta.FunctionCallOutputItem if dialect == "beta" else ga.FunctionCallOutputItem
        return out_cls(call_id=item.call_id, output=item.output)
    return None


def estimate_tokens(item: Model) -> int:
    """A rough token count of an item to restore: 4 characters per token, plus 4 per item.

    Good enough to bound what is re-sent; the server's count (in the next `response.done`'s
    usage) is the truth.
    """
    chars = 0
    for name in ("name", "arguments", "output"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            chars += len(value)
    content = getattr(item, "content", None)
    for part in content if isinstance(content, list) else ():
        text = getattr(part, "text", None)
        if isinstance(text, str):
            chars += len(text)
        else:
            chars += 85 * _CHARS_PER_TOKEN  # an image: a low-detail image's token count
    return -(-chars // _CHARS_PER_TOKEN) + _ITEM_OVERHEAD_TOKENS


@attrs.frozen(kw_only=True)
class RestoreSelection:
    """Which items of a Conversation a new connection gets.

    Attributes:
        kept: (the Conversation's item, the item to create), oldest first.
        left_out: the items not re-created, oldest first: over the budget, impossible to create,
            or a function call output whose call was left out.
        anchor: the id of the Conversation's last item (None when it is empty): items the new
            server adds after the restored ones follow it in the Conversation.
    """

    kept: tuple[tuple[ItemState, Model], ...]
    left_out: tuple[ItemState, ...]
    anchor: str | None


def select_items(
    conversation: Conversation,
    *,
    dialect: Dialect = "ga",
    max_items: int | None = None,
    max_tokens: int | None = None,
) -> RestoreSelection:
    """Choose the newest items that fit `max_items` and `max_tokens` (None: no limit).

    The kept items are a contiguous tail of the conversation (an item that does not fit stops the
    selection, so no turn is skipped in the middle); items that cannot be created are left out
    wherever they are. A function call output is kept only with its call.
    """
    items = conversation.items
    kept_newest_first: list[tuple[ItemState, Model]] = []
    count = tokens = 0
    full = False
    for item in reversed(items):
        if full:
            break
        model = restorable_item(item, dialect)
        if model is None:
            continue
        cost = estimate_tokens(model)
        if (max_items is not None and count + 1 > max_items) or (
            max_tokens is not None and tokens + cost > max_tokens
        ):
            full = True
            continue
        count += 1
        tokens += cost
        kept_newest_first.append((item, model))
    kept: list[tuple[ItemState, Model]] = []
    calls: set[str] = set()
    for item, model in reversed(kept_newest_first):
        if item.type == "function_call" and item.call_id:
            calls.add(item.call_id)
        elif item.type == "function_call_output" and item.call_id not in calls:
            continue  # its call is not on the new server: the output would be refused
        kept.append((item, model))
    kept_ids = {item.id for item, _ in kept}
    return RestoreSelection(
        kept=tuple(kept),
        left_out=tuple(item for item in items if item.id not in kept_ids),
        anchor=items[-1].id if items else None,
    )


# --- ids ---------------------------------------------------------------------------------------


def restored_id_factory(prefix: str | None = None) -> Callable[[], str]:
    """New item ids for one restore: `item_r<8 hex>_<n>`, at most 32 characters (the API's limit
    on client item ids)."""
    tag = prefix if prefix is not None else os.urandom(4).hex()
    counter = iter(range(1, 10**9))
    return lambda: f"item_r{tag}_{next(counter)}"


class IdMap:
    """Item ids of one connection's restored items, and the Conversation's ids they stand for.

    * `inbound(event)`: a server event with restored ids replaced by the Conversation's
      (`item_id`, `previous_item_id`, `item.id`); an item that follows the last restored item
      follows the Conversation's last item (`anchor`).
    * `outbound(event)`: a client event with the Conversation's ids replaced by the new server's
      (`item_id`, `previous_item_id`), so that an id the application kept from before the
      reconnect still names the same item.
    * `is_restore_echo(event)`: the server's answer to a restore's own `conversation.item.create`
      (the Conversation already has those items).
    """

    __slots__ = ("_anchor", "_restored", "_tail", "_to_canonical", "_to_server")

    def __init__(
        self,
        to_canonical: Mapping[str, str] | None = None,
        *,
        restored: frozenset[str] = frozenset(),
        tail: str | None = None,
        anchor: str | None = None,
    ) -> None:
        self._to_canonical = dict(to_canonical or {})
        self._to_server = {canonical: new for new, canonical in self._to_canonical.items()}
        self._restored = restored | frozenset(self._to_canonical)
        self._tail = tail
        self._anchor = anchor

    def __bool__(self) -> bool:
        return bool(self._restored)

    def __len__(self) -> int:
        return len(self._to_canonical)

    def canonical(self, server_id: str) -> str:
        """The Conversation's id for an id of the new server (unchanged when not restored)."""
        return self._to_canonical.get(server_id, server_id)

    def server(self, canonical_id: str) -> str:
        """The new server's id for a Conversation id (unchanged when not restored)."""
        return self._to_server.get(canonical_id, canonical_id)

    def is_restore_echo(self, event: object) -> bool:
        """True for `conversation.item.added` / `.done` / `.created` of a restored item."""
        if not self._restored or getattr(event, "type", None) not in _ECHO_TYPES:
            return False
        return getattr(getattr(event, "item", None), "id", None) in self._restored

    def inbound(self, event: Any) -> Any:
        """`event` with restored item ids replaced by the Conversation's."""
        if not self._restored:
            return event
        changes: dict[str, Any] = {}
        item_id = getattr(event, "item_id", None)
        if isinstance(item_id, str) and item_id in self._to_canonical:
            changes["item_id"] = self._to_canonical[item_id]
        previous = getattr(event, "previous_item_id", None)
        if isinstance(previous, str) and previous in self._restored:
            if previous == self._tail and self._anchor is not None:
                changes["previous_item_id"] = self._anchor
            elif previous in self._to_canonical:
                changes["previous_item_id"] = self._to_canonical[previous]
        item = getattr(event, "item", None)
        inner = getattr(item, "id", None)
        if isinstance(inner, str) and inner in self._to_canonical and isinstance(item, Model):
            changes["item"] = attrs.evolve(item, id=self._to_canonical[inner])  # type: ignore[call-arg]
        return attrs.evolve(event, **changes) if changes else event

    def outbound(self, event: Any) -> Any:
        """`event` with Conversation ids of restored items replaced by the new server's."""
        if not self._to_server:
            return event
        changes: dict[str, Any] = {}
        for name in ("item_id", "previous_item_id"):
            value = getattr(event, name, None)
            if isinstance(value, str) and value in self._to_server:
                changes[name] = self._to_server[value]
        return attrs.evolve(event, **changes) if changes else event


# --- the plan ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RestorePlan:
    """The client events that rebuild a session on a new connection, in sending order.

    Attributes:
        events: `session.update` (when there is a configuration), then one
            `conversation.item.create` per item, chained by `previous_item_id`; no event ids.
        id_map: the restored items' new ids and the Conversation ids they stand for.
        items_restored: conversation items re-created (the summary message not included).
        items_dropped: conversation items left out.
        summarized: True when a summary message replaces the left-out items.
    """

    events: tuple[Model, ...]
    id_map: IdMap
    items_restored: int
    items_dropped: int
    summarized: bool


def plan_restore(
    *,
    dialect: Dialect,
    server_session: object,
    selection: RestoreSelection | None = None,
    summary: str | None = None,
    new_id: Callable[[], str] | None = None,
) -> RestorePlan:
    """The events that restore `server_session`'s settings and `selection`'s items.

    `summary` (the summarise hook's text) becomes a system message placed before the restored
    items. `new_id` makes the restored items' ids (default: `restored_id_factory()`).
    """
    classes: dict[str, Any] = {
        cls.__attrs_attrs__.type.default: cls  # type: ignore[attr-defined]
        for cls in event_classes(dialect, "client")
    }
    events: list[Model] = []
    config = restorable_config(server_session)
    if config is not None:
        wire_type = _config_event_type(config)
        if wire_type in classes:
            events.append(classes[wire_type](session=config))
    make_id = new_id or restored_id_factory()
    create = classes.get("conversation.item.create")
    to_canonical: dict[str, str] = {}
    restored: set[str] = set()
    previous: str | Unset = UNSET
    summarized = False
    kept = selection.kept if selection is not None and create is not None else ()
    if summary and create is not None and dialect != "translation":
        summary_item = (
            beta.MessageItem.system_text(summary)
            if dialect == "beta"
            else ga.MessageItem.system_text(summary)
        )
        item_id = make_id()
        events.append(create(item=attrs.evolve(summary_item, id=item_id)))
        restored.add(item_id)
        previous = item_id
        summarized = True
    for item, model in kept:
        item_id = make_id()
        assert create is not None
        events.append(
            create(item=attrs.evolve(model, id=item_id), previous_item_id=previous)  # type: ignore[call-arg]
        )
        to_canonical[item_id] = item.id
        previous = item_id
    left_out = len(selection.left_out) if selection is not None else 0
    if selection is not None and create is None:
        left_out += len(selection.kept)
    return RestorePlan(
        events=tuple(events),
        id_map=IdMap(
            to_canonical,
            restored=frozenset(restored),
            tail=previous if isinstance(previous, str) else None,
            anchor=selection.anchor if selection is not None else None,
        ),
        items_restored=len(kept),
        items_dropped=left_out,
        summarized=summarized,
    )
