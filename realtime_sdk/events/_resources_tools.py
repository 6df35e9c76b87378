"""GA tool definitions and tool choice: function tools, MCP servers and their filters.

Part of the GA resources (`realtime_sdk.events._resources` gathers them).
"""

from __future__ import annotations

from typing import Literal, Union

import attrs

from .._types import UNSET, Unset
from ._base import SECRET, Model
from ._common import FunctionTool

# --- tools -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MCPToolFilter(Model):
    """Selects MCP tools by name and/or by their read-only annotation."""

    tool_names: list[str] | Unset | None = UNSET
    """Names of the tools selected."""
    read_only: bool | Unset | None = UNSET
    """Select tools by their read-only annotation (`readOnlyHint`)."""


@attrs.frozen(kw_only=True, repr=False)
class MCPRequireApprovalFilter(Model):
    """Which MCP tools always, and which never, need approval before a call."""

    always: MCPToolFilter | Unset | None = UNSET
    """Tools that always need approval."""
    never: MCPToolFilter | Unset | None = UNSET
    """Tools that never need approval."""


@attrs.frozen(kw_only=True, repr=False)
class MCPTool(Model):
    """A remote MCP server (or OpenAI connector) whose tools the model may call."""

    type: Literal["mcp"] | Unset | None = "mcp"
    """Type tag, always `mcp`."""
    server_label: str
    """Label naming this MCP server in tool calls."""
    server_url: str | Unset | None = UNSET
    """URL of the MCP server (give this, `connector_id` or `tunnel_id`)."""
    connector_id: (
        Literal[
            "connector_dropbox",
            "connector_gmail",
            "connector_googlecalendar",
            "connector_googledrive",
            "connector_microsoftteams",
            "connector_outlookcalendar",
            "connector_outlookemail",
            "connector_sharepoint",
        ]
        | str
        | Unset
        | None
    ) = UNSET
    """Id of an OpenAI service connector, e.g. `connector_gmail` (instead of `server_url`)."""
    tunnel_id: str | Unset | None = UNSET
    """Id of a Secure MCP Tunnel to use instead of a server URL."""
    authorization: str | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    """OAuth access token for the MCP server or connector (secret: hidden in reprs)."""
    server_description: str | Unset | None = UNSET
    """Description of the server, giving the model context."""
    headers: dict[str, str] | Unset | None = attrs.field(default=UNSET, metadata=SECRET)
    """HTTP headers sent to the MCP server, e.g. for authentication (secret: hidden in reprs)."""
    allowed_tools: list[str] | MCPToolFilter | Unset | None = UNSET
    """The server's tools the model may use: names, or a filter."""
    allowed_callers: list[Literal["direct", "programmatic"]] | Unset | None = UNSET
    """Contexts allowed to invoke the tools (`direct`, `programmatic`)."""
    require_approval: MCPRequireApprovalFilter | Literal["always", "never"] | Unset | None = UNSET
    """Which tools need approval before a call: `always`, `never`, or a filter."""
    defer_loading: bool | Unset | None = UNSET
    """Whether the tools are deferred and found through tool search."""


ToolDefinition = Union[FunctionTool, MCPTool]  # noqa: UP007
"""A tool the model may use: a function or an MCP server."""


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceFunction(Model):
    """Forces the model to call the named function."""

    type: Literal["function"] | Unset | None = "function"
    """Type tag, always `function`."""
    name: str
    """Name of the function to call."""


@attrs.frozen(kw_only=True, repr=False)
class ToolChoiceMCP(Model):
    """Forces the model to use an MCP server (optionally one of its tools)."""

    type: Literal["mcp"] | Unset | None = "mcp"
    """Type tag, always `mcp`."""
    server_label: str
    """Label of the MCP server to use."""
    name: str | Unset | None = UNSET
    """Name of the tool to call on that server."""


ToolChoice = Union[Literal["none", "auto", "required"], ToolChoiceFunction, ToolChoiceMCP]  # noqa: UP007
"""How the model chooses tools: a mode, or one forced function / MCP tool."""
