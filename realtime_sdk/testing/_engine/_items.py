"""Conversation item helpers: ids, content parts, the echoed form without audio, dialect checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from ..._types import UNSET
from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _resources as b_r

_M = TypeVar("_M", bound=Model)
_evolve = cast(Callable[..., Any], attrs.evolve)  # for fields of classes known only at run time


def _content(item: Model) -> list[Any]:
    content = getattr(item, "content", UNSET)
    return list(content) if isinstance(content, list) else []


def _strip_audio(item: _M) -> _M:
    """The item as the server echoes it: content parts without their audio payload."""
    content = getattr(item, "content", UNSET)
    if not isinstance(content, list) or not any(
        isinstance(getattr(p, "audio", UNSET), str) for p in content
    ):
        return item
    parts = [
        _evolve(p, audio=UNSET) if isinstance(getattr(p, "audio", UNSET), str) else p
        for p in content
    ]
    return cast(_M, _evolve(item, content=parts))


_GA_ITEM_TYPES = (
    ga_r.MessageItem,
    ga_r.FunctionCallItem,
    ga_r.FunctionCallOutputItem,
    ga_r.MCPApprovalResponseItem,
    ga_r.MCPListToolsItem,
    ga_r.MCPCallItem,
    ga_r.MCPApprovalRequestItem,
)
_BETA_ITEM_TYPES = (b_r.MessageItem, b_r.FunctionCallItem, b_r.FunctionCallOutputItem)


def _ga_item(item: Model) -> ga_r.Item:
    if isinstance(item, _GA_ITEM_TYPES):
        return item
    raise TypeError(f"not a GA conversation item: {type(item).__name__}")


def _beta_item(item: Model) -> b_r.ConversationItem:
    if isinstance(item, _BETA_ITEM_TYPES):
        return item
    raise TypeError(f"not a beta conversation item: {type(item).__name__}")


def _item_id(item: Model) -> str:
    value = getattr(item, "id", UNSET)
    return value if isinstance(value, str) else ""
