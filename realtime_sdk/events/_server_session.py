"""GA server events about the session: `session.*`, errors, rate limits and the MCP tool listing.

That is `session.created` / `.updated`, `transcription_session.updated`, `error`,
`rate_limits.updated` and `mcp_list_tools.*`.

Part of the GA server events (`realtime_sdk.events._server` gathers them into `ServerEvent`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from ._common import ErrorDetails, RateLimit
from ._families import ServerEventBase, type_first
from ._resources import (
    LegacyTranscriptionSessionConfig,
    SessionConfig,
    TranscriptionSessionConfig,
)

# --- session -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionCreated(ServerEventBase):
    """The session exists, with its default settings (the first event of a connection)."""

    type: Literal["session.created"] = "session.created"
    """Event type, always `session.created`."""
    session: SessionConfig | TranscriptionSessionConfig
    """The session's initial settings."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class SessionUpdated(ServerEventBase):
    """The session's settings after a `session.update`."""

    type: Literal["session.updated"] = "session.updated"
    """Event type, always `session.updated`."""
    session: SessionConfig | TranscriptionSessionConfig
    """The session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class TranscriptionSessionUpdated(ServerEventBase):
    """A transcription session's settings after `transcription_session.update` (flat layout)."""

    type: Literal["transcription_session.updated"] = "transcription_session.updated"
    """Event type, always `transcription_session.updated`."""
    session: LegacyTranscriptionSessionConfig
    """The transcription session's settings after the update."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class ErrorEvent(ServerEventBase):
    """The server reports an error; `error.event_id` names the client event that caused it."""

    type: Literal["error"] = "error"
    """Event type, always `error`."""
    error: ErrorDetails
    """What went wrong."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class RateLimitsUpdated(ServerEventBase):
    """The current rate limits (sent at the start of each response)."""

    type: Literal["rate_limits.updated"] = "rate_limits.updated"
    """Event type, always `rate_limits.updated`."""
    rate_limits: list[RateLimit]
    """The current rate limits."""


# --- MCP tool listing --------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MCPListToolsCompleted(ServerEventBase):
    """The MCP server's tools were listed (see the `mcp_list_tools` item)."""

    type: Literal["mcp_list_tools.completed"] = "mcp_list_tools.completed"
    """Event type, always `mcp_list_tools.completed`."""
    item_id: str
    """Id of the MCP tool list item."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MCPListToolsFailed(ServerEventBase):
    """Listing the MCP server's tools failed."""

    type: Literal["mcp_list_tools.failed"] = "mcp_list_tools.failed"
    """Event type, always `mcp_list_tools.failed`."""
    item_id: str
    """Id of the MCP tool list item."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MCPListToolsInProgress(ServerEventBase):
    """The MCP server's tools are being listed."""

    type: Literal["mcp_list_tools.in_progress"] = "mcp_list_tools.in_progress"
    """Event type, always `mcp_list_tools.in_progress`."""
    item_id: str
    """Id of the MCP tool list item."""
