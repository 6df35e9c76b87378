"""Typed snapshots of conversation items: an `ItemState` as a GA or beta item model.

`ItemState.to_item()` and `Conversation.to_items()` call `to_item` here. The classes come from the
dialect table (`DialectSpec.items`): GA and beta differ in their content part classes (GA
`OutputTextContent` / `OutputAudioContent`, beta `TextContent` / `AudioContent`) and in which
fields are required (GA's `FunctionCallItem.name`, its `MessageItem.role` of three values), as in
the published GA and beta schemas (tests/fixtures/openai-spec/). A field the item never received
is sent as "" when the dialect requires it and left out otherwise; only user audio keeps a
`"transcript": null` (as the live service sends it).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from ._exceptions import ConfigurationError
from ._types import UNSET, Unset
from .events._base import Model
from .events._dialects import ItemClasses, dialect_spec

if TYPE_CHECKING:
    from ._conversation_state import ContentPartState, ItemState

__all__ = ["to_item"]

_CONVERSATION_DIALECTS: Final = ("ga", "beta")
_ROLES: Final = ("user", "assistant", "system")
_ECHOED: Final = frozenset({"input_text", "input_image"})  # kept as the server echoed them
_BETA_MODULE: Final = "realtime_sdk.events.beta"


def to_item(
    item: ItemState, dialect: Literal["ga", "beta"] = "ga", *, include_audio: bool = True
) -> Model | None:
    """The item as a typed model of `dialect` (`MessageItem`, `FunctionCallItem`...).

    Items of types this reducer does not model (MCP items) are returned as last received
    when they are of the requested dialect, else None.
    """
    spec = dialect_spec(dialect) if dialect in _CONVERSATION_DIALECTS else None
    if spec is None or spec.items is None:
        raise ConfigurationError(f"dialect must be 'ga' or 'beta', got {dialect!r}")
    classes, beta_wanted = spec.items, dialect == "beta"
    fields: dict[str, Any] = {"id": item._id, "object": item._object, "status": item._status}
    if item._type == "message":
        cls = classes.message
        if _required(cls, "role"):
            role: Any = item._role if item._role in _ROLES else "assistant"
        else:
            role = item._role if item._role is not None else UNSET
        parts = (_part(p, classes, beta_wanted, include_audio) for p in item._parts)
        fields.update(role=role, content=[p for p in parts if p is not None])
    elif item._type == "function_call":
        cls = classes.function_call
        fields.update(
            call_id=_value(cls, "call_id", item._call_id),
            name=_value(cls, "name", item._name),
            arguments=_value(cls, "arguments", item.arguments),
        )
    elif item._type == "function_call_output":
        cls = classes.function_call_output
        fields.update(
            call_id=_value(cls, "call_id", item._call_id),
            output=_value(cls, "output", item._output),
        )
    else:
        return _own(item._model, beta_wanted)
    model: Model = cast(Any, cls)(**fields)
    return model


def _required(cls: type[Model], field: str) -> bool:
    return attrs.fields_dict(cls)[field].default is attrs.NOTHING


def _takes_text(cls: type[Model]) -> bool:
    """True for a text part class (`text`), False for an audio one (`audio`, `transcript`)."""
    return "text" in attrs.fields_dict(cls)


def _value(cls: type[Model], field: str, value: str | None) -> Any:
    """`value`, or what stands for a value never received: "" when `cls` requires the field."""
    if value is not None:
        return value
    return "" if _required(cls, field) else UNSET


def _own(model: Model | None, beta_wanted: bool) -> Model | None:
    """`model` when it is a model of the wanted dialect, else None."""
    if model is None:
        return None
    return model if type(model).__module__.startswith(_BETA_MODULE) == beta_wanted else None


def _part(p: ContentPartState, classes: ItemClasses, beta_wanted: bool, include_audio: bool) -> Any:
    t = p._type
    if t in _ECHOED and _own(p._model, beta_wanted) is not None:
        return p._model  # as the server echoed it (events never change it)
    cls: Any = classes.content_parts.get(t)
    if cls is None:
        return _own(p._model, beta_wanted)
    if _takes_text(cls):
        return cls(text=p.text if p._text is not None else UNSET)
    transcript: Any = p._transcript
    if isinstance(transcript, list):
        transcript = "".join(transcript)
    elif transcript is None and t != "input_audio":
        transcript = UNSET  # only user audio carries `"transcript": null`
    audio: str | Unset = UNSET
    if include_audio and p._audio_size:
        audio = base64.b64encode(p._decoded()).decode("ascii")
    return cls(audio=audio, transcript=transcript)
