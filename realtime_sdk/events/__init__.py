"""Typed models of every Realtime event (GA at this level; `beta` and `translation` sub-modules)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from ._base import Model, model

__all__ = ["UnknownEvent", "event_classes"]


@model
class UnknownEvent(Model):
    """An event whose `type` this SDK does not know; kept whole so it can be forwarded unchanged.

    Attributes:
        type: the wire `type` as received.
        raw: the decoded JSON object, every member included.
    """

    type: str
    raw: dict[str, Any] = attrs.field(factory=dict)


def event_classes(
    dialect: Literal["ga", "beta", "translation"], direction: Literal["client", "server"]
) -> tuple[type[Model], ...]:
    """The event classes of one dialect and direction, in the protocol's documented order."""
    raise NotImplementedError
