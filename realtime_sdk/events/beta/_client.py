"""Client events of the pre-GA beta dialect (what the client sends)."""

from __future__ import annotations

from typing import Literal, Union, get_args

import attrs

from ..._types import UNSET, Unset
from .._base import Model
from .._client import (  # identical in both dialects: one class serves both
    ConversationItemDelete as ConversationItemDelete,
)
from .._client import (
    ConversationItemRetrieve as ConversationItemRetrieve,
)
from .._client import (
    ConversationItemTruncate as ConversationItemTruncate,
)
from .._client import (
    InputAudioBufferAppend as InputAudioBufferAppend,
)
from .._client import (
    InputAudioBufferClear as InputAudioBufferClear,
)
from .._client import (
    InputAudioBufferCommit as InputAudioBufferCommit,
)
from .._client import (
    OutputAudioBufferClear as OutputAudioBufferClear,
)
from .._client import (
    ResponseCancel as ResponseCancel,
)
from .._families import ClientEventBase, type_first
from ._resources import (
    ConversationItem,
    ResponseCreateParams,
    SessionConfig,
    TranscriptionSessionConfig,
)


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ConversationItemCreate(ClientEventBase):
    """Adds an item to the conversation, after `previous_item_id` (`None`: at the start)."""

    type: Literal["conversation.item.create"] = "conversation.item.create"
    """Event type, always `conversation.item.create`."""
    previous_item_id: str | Unset | None = UNSET
    """Insert after this item; `root` for the start, unset for the end."""
    item: ConversationItem
    """The item to add."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ResponseCreate(ClientEventBase):
    """Asks the model for a response, optionally with per-response overrides."""

    type: Literal["response.create"] = "response.create"
    """Event type, always `response.create`."""
    response: ResponseCreateParams | Unset | None = UNSET
    """Settings for this response only; unset uses the session's."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdate(ClientEventBase):
    """Changes the session's configuration (only the fields set in `session`)."""

    type: Literal["session.update"] = "session.update"
    """Event type, always `session.update`."""
    session: SessionConfig
    """The settings to change; fields left unset keep their values."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class TranscriptionSessionUpdate(ClientEventBase):
    """Changes the configuration of a transcription-only session."""

    type: Literal["transcription_session.update"] = "transcription_session.update"
    """Event type, always `transcription_session.update`."""
    session: TranscriptionSessionConfig
    """The transcription settings to change."""


ClientEvent = Union[  # noqa: UP007
    ConversationItemCreate,
    ConversationItemDelete,
    ConversationItemRetrieve,
    ConversationItemTruncate,
    InputAudioBufferAppend,
    InputAudioBufferClear,
    InputAudioBufferCommit,
    OutputAudioBufferClear,
    ResponseCancel,
    ResponseCreate,
    SessionUpdate,
    TranscriptionSessionUpdate,
]
"""Any beta client event."""

CLIENT_EVENTS: tuple[type[Model], ...] = get_args(ClientEvent)
"""The beta client event classes, in the protocol's documented order."""

# The module exports its event classes (the one list of them is `ClientEvent`), the union and the tuple.
__all__ = sorted(["CLIENT_EVENTS", "ClientEvent", *(cls.__name__ for cls in CLIENT_EVENTS)])
