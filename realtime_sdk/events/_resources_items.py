"""GA conversation items (messages, function calls, MCP items), the conversation, and transcription payloads.

Part of the GA resources (`realtime_sdk.events._resources` gathers them).
"""

from __future__ import annotations

from typing import Any, Literal, Union

import attrs

from .._types import UNSET, Unset
from .._validate import require, require_str
from ._base import Model
from ._common import InputTokenDetails
from ._families import type_first
from ._resources_content import ContentPart, InputAudioContent, InputTextContent, OutputTextContent

ItemStatus = Literal["completed", "incomplete", "in_progress"]
"""The status of a conversation item ("in_progress" is sent although the beta schema omits it)."""


@attrs.frozen(kw_only=True, repr=False)
class ItemBase(Model):
    """The fields a message, function call or function call output item has after its `type`.

    GA and beta items alike; each item class adds its `type` first (`type_first`) and its own fields.
    """

    id: str | Unset | None = UNSET
    """The item's unique id (client-chosen or assigned by the server)."""
    object: Literal["realtime.item"] | Unset | None = UNSET
    """Object type tag, always `realtime.item` (set by the server)."""
    status: ItemStatus | Unset | None = UNSET
    """The item's status (`completed`, `incomplete` or `in_progress`); changing it has no effect."""


# --- conversation items ------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MessageItem(ItemBase):
    """A message in the conversation, from the system, the user or the assistant.

    Build one with `MessageItem.user_text("hi")`, `MessageItem.user_audio(pcm)`,
    `MessageItem.system_text(...)` or `MessageItem.assistant_text(...)`.
    """

    type: Literal["message"] | Unset | None = "message"
    """Type tag, always `message`."""
    role: Literal["system", "user", "assistant"]
    """Who sent the message: `system`, `user` or `assistant`."""
    content: list[ContentPart]
    """The message's content parts."""

    # `type: ignore`s below: mypy does not yet see `@model` classes as attrs classes (see _base).
    @classmethod
    def user_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """A user message holding one text part."""
        require_str(text, "text", "MessageItem.user_text()")
        part = InputTextContent(text=text)
        return cls._of("user", part, id)

    @classmethod
    def user_audio(
        cls, audio: bytes | str, *, transcript: str | Unset = UNSET, id: str | Unset = UNSET
    ) -> MessageItem:
        """A user message holding one audio part (raw bytes in the session's input format)."""
        require(audio, (bytes, bytearray, str), "audio", "MessageItem.user_audio()")
        part = InputAudioContent(audio=audio, transcript=transcript)
        return cls._of("user", part, id)

    @classmethod
    def system_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """A system message holding one text part."""
        require_str(text, "text", "MessageItem.system_text()")
        part = InputTextContent(text=text)
        return cls._of("system", part, id)

    @classmethod
    def assistant_text(cls, text: str, *, id: str | Unset = UNSET) -> MessageItem:
        """An assistant message holding one text part (e.g. to seed a conversation)."""
        require_str(text, "text", "MessageItem.assistant_text()")
        part = OutputTextContent(text=text)
        return cls._of("assistant", part, id)

    @classmethod
    def _of(
        cls, role: Literal["system", "user", "assistant"], part: ContentPart, id: str | Unset
    ) -> MessageItem:
        if id is not UNSET:
            require_str(id, "id", "MessageItem")
        return cls(id=id, role=role, content=[part])


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class FunctionCallItem(ItemBase):
    """A call of a function tool by the model; `arguments` is JSON text."""

    type: Literal["function_call"] | Unset | None = "function_call"
    """Type tag, always `function_call`."""
    call_id: str | Unset | None = UNSET
    """Id of this call; its output item refers to it."""
    name: str
    """Name of the function called."""
    arguments: str
    """The call's arguments as JSON text, e.g. `{"city": "Paris"}`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class FunctionCallOutputItem(ItemBase):
    """The result of a function call, sent back by the client for the given `call_id`."""

    type: Literal["function_call_output"] | Unset | None = "function_call_output"
    """Type tag, always `function_call_output`."""
    call_id: str
    """Id of the function call this output answers."""
    output: str
    """The function's result, free text (may be empty)."""


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalResponseItem(Model):
    """The client's answer to an MCP approval request."""

    type: Literal["mcp_approval_response"] | Unset | None = "mcp_approval_response"
    """Type tag, always `mcp_approval_response`."""
    id: str
    """Id of this approval response."""
    approval_request_id: str
    """Id of the approval request answered."""
    approve: bool
    """Whether the call is approved."""
    reason: str | Unset | None = UNSET
    """Why the call was approved or refused."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsTool(Model):
    """One tool offered by an MCP server; `input_schema` is a JSON Schema object."""

    name: str
    """Name of the tool."""
    input_schema: dict[str, Any]
    """JSON Schema of the tool's input."""
    annotations: dict[str, Any] | Unset | None = UNSET
    """Annotations the server gives for the tool."""


@attrs.frozen(kw_only=True, repr=False)
class MCPListToolsItem(Model):
    """The list of tools an MCP server offers."""

    type: Literal["mcp_list_tools"] | Unset | None = "mcp_list_tools"
    """Type tag, always `mcp_list_tools`."""
    id: str | Unset | None = UNSET
    """Id of this tool list."""
    server_label: str
    """Label of the MCP server."""
    tools: list[MCPListToolsTool]
    """The tools the server offers."""


@attrs.frozen(kw_only=True, repr=False)
class MCPCodedErrorBase(Model):
    """The fields of an MCP call error that carries a code (protocol and HTTP errors)."""

    code: int
    """Error code (MCP protocol code or HTTP status)."""
    message: str
    """Error message."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MCPProtocolError(MCPCodedErrorBase):
    """An MCP call failed with an MCP protocol error."""

    type: Literal["protocol_error"] | Unset | None = "protocol_error"
    """Type tag, always `protocol_error`."""


@attrs.frozen(kw_only=True, repr=False)
class MCPToolExecutionError(Model):
    """An MCP call failed while the tool ran."""

    type: Literal["tool_execution_error"] | Unset | None = "tool_execution_error"
    """Type tag, always `tool_execution_error`."""
    message: str
    """Error message."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class MCPHTTPError(MCPCodedErrorBase):
    """An MCP call failed with an HTTP error from the MCP server."""

    type: Literal["http_error"] | Unset | None = "http_error"
    """Type tag, always `http_error`."""


MCPCallError = Union[MCPProtocolError, MCPToolExecutionError, MCPHTTPError]  # noqa: UP007
"""Why an MCP call failed."""


@attrs.frozen(kw_only=True, repr=False)
class MCPCallItem(Model):
    """A call of an MCP tool: its arguments (JSON text), and its output or error."""

    type: Literal["mcp_call"] | Unset | None = "mcp_call"
    """Type tag, always `mcp_call`."""
    id: str
    """Id of this tool call."""
    server_label: str
    """Label of the MCP server that ran the tool."""
    name: str
    """Name of the tool called."""
    arguments: str
    """The call's arguments as JSON text."""
    approval_request_id: str | Unset | None = UNSET
    """Id of the approval request for this call, if any."""
    output: str | Unset | None = UNSET
    """The tool's output."""
    error: MCPCallError | Unset | None = UNSET
    """Why the call failed, if it did."""


@attrs.frozen(kw_only=True, repr=False)
class MCPApprovalRequestItem(Model):
    """The model asks for approval before calling an MCP tool."""

    type: Literal["mcp_approval_request"] | Unset | None = "mcp_approval_request"
    """Type tag, always `mcp_approval_request`."""
    id: str
    """Id of this approval request."""
    server_label: str
    """Label of the MCP server asking."""
    name: str
    """Name of the tool to call."""
    arguments: str
    """The call's arguments as JSON text."""


Item = Union[  # noqa: UP007
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MCPCallItem,
    MCPApprovalRequestItem,
]
"""A conversation item."""


@attrs.frozen(kw_only=True, repr=False)
class ItemReference(Model):
    """Refers to an existing conversation item by id (in `response.create` input)."""

    type: Literal["item_reference"] | Unset | None = "item_reference"
    """Type tag, always `item_reference`."""
    id: str
    """Id of the conversation item referred to."""


InputItem = Union[  # noqa: UP007
    MessageItem,
    FunctionCallItem,
    FunctionCallOutputItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MCPCallItem,
    MCPApprovalRequestItem,
    ItemReference,
]
"""An item of a response's `input`: a new item, or a reference to an existing one."""


# --- other event payloads ----------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ConversationObject(Model):
    """The conversation a session created."""

    id: str | Unset | None = UNSET
    """The conversation's unique id."""
    object: str | Unset | None = UNSET
    """Object type tag, always `realtime.conversation`."""


@attrs.frozen(kw_only=True, repr=False)
class LogProb(Model):
    """The log probability of one transcribed token."""

    token: str
    """The token."""
    logprob: float
    """Its log probability."""
    bytes: list[int]
    """The token's UTF-8 bytes."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionLanguage(Model):
    """A language detected in the transcribed audio."""

    code: str
    """Code of the detected language (ISO-639-1)."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageTokens(Model):
    """Transcription usage billed by tokens."""

    type: Literal["tokens"] | Unset | None = "tokens"
    """Type tag, always `tokens`."""
    input_tokens: int
    """Input tokens billed."""
    input_token_details: InputTokenDetails | Unset | None = UNSET
    """Breakdown of the input tokens."""
    output_tokens: int
    """Output tokens generated."""
    total_tokens: int
    """Input plus output tokens."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionUsageDuration(Model):
    """Transcription usage billed by audio duration."""

    type: Literal["duration"] | Unset | None = "duration"
    """Type tag, always `duration`."""
    seconds: float
    """Duration of the input audio, in seconds."""


@attrs.frozen(kw_only=True, repr=False)
class TranscriptionError(Model):
    """Why transcribing input audio failed (`type` and `code` are open strings)."""

    type: str | Unset | None = UNSET
    """Kind of error."""
    code: str | Unset | None = UNSET
    """Error code."""
    message: str | Unset | None = UNSET
    """Human-readable error message."""
    param: str | Unset | None = UNSET
    """Parameter the error relates to."""
