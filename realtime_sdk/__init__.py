"""realtime_sdk: an async, typed client for the OpenAI Realtime API and compatible servers.

Everything public is re-exported here; implementation lives in private modules. Protocol models are in
`realtime_sdk.events` (GA), `realtime_sdk.events.beta` and `realtime_sdk.events.translation`.
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

from ._exceptions import AudioFormatError as AudioFormatError
from ._exceptions import AuthenticationError as AuthenticationError
from ._exceptions import CallError as CallError
from ._exceptions import ConfigurationError as ConfigurationError
from ._exceptions import ConnectError as ConnectError
from ._exceptions import ConnectionClosed as ConnectionClosed
from ._exceptions import ConnectionClosedError as ConnectionClosedError
from ._exceptions import ConnectionClosedOK as ConnectionClosedOK
from ._exceptions import ConnectionInterrupted as ConnectionInterrupted
from ._exceptions import EventDecodeError as EventDecodeError
from ._exceptions import EventEncodeError as EventEncodeError
from ._exceptions import NotFoundError as NotFoundError
from ._exceptions import ProxyError as ProxyError
from ._exceptions import RateLimitError as RateLimitError
from ._exceptions import RealtimeConnectionError as RealtimeConnectionError
from ._exceptions import RealtimeError as RealtimeError
from ._exceptions import RealtimeHandshakeError as RealtimeHandshakeError
from ._exceptions import RealtimeTimeoutError as RealtimeTimeoutError
from ._exceptions import ServerError as ServerError
from ._exceptions import ToolArgumentsError as ToolArgumentsError
from ._exceptions import UsageError as UsageError
from ._exceptions import WebhookVerificationError as WebhookVerificationError
from ._types import UNSET as UNSET
from ._types import Unset as Unset

if _typing.TYPE_CHECKING:
    from . import events as events
    from ._answers import BetaDialect as BetaDialect
    from ._answers import GADialect as GADialect
    from ._answers import RealtimeSessionUpdated as RealtimeSessionUpdated
    from ._answers import TranscriptionSessionConfigUpdated as TranscriptionSessionConfigUpdated
    from ._answers import TranslationDialect as TranslationDialect
    from ._calls import CallAnswer as CallAnswer
    from ._calls import CallsClient as CallsClient
    from ._calls import SyncCallsClient as SyncCallsClient
    from ._careful import DecodeProblem as DecodeProblem
    from ._careful import UndecodableFrame as UndecodableFrame
    from ._careful import decode_problems as decode_problems
    from ._codec import AnyClientEvent as AnyClientEvent
    from ._codec import AnyServerEvent as AnyServerEvent
    from ._codec import configure_converter as configure_converter
    from ._codec import decode_client_event as decode_client_event
    from ._codec import decode_server_event as decode_server_event
    from ._codec import encode_client_event as encode_client_event
    from ._codec import encode_server_event as encode_server_event
    from ._codec import make_converter as make_converter
    from ._codec import to_dict as to_dict
    from ._conversation import Anomaly as Anomaly
    from ._conversation import ContentPartState as ContentPartState
    from ._conversation import Conversation as Conversation
    from ._conversation import ItemState as ItemState
    from ._conversation import ResponseState as ResponseState
    from ._interruption import Interrupter as Interrupter
    from ._interruption import PlaybackTracker as PlaybackTracker
    from ._options import Limits as Limits
    from ._options import Timeouts as Timeouts
    from ._protocol import SessionState as SessionState
    from ._proxy import PROXY_FROM_ENV as PROXY_FROM_ENV
    from ._reconnect import Reconnect as Reconnect
    from ._reconnect import SessionResumed as SessionResumed
    from ._responses import BetaResponseHandle as BetaResponseHandle
    from ._responses import ResponseHandle as ResponseHandle
    from ._rest import ClientSecret as ClientSecret
    from ._rest import create_client_secret as create_client_secret
    from ._session import Session as Session
    from ._tools import Tool as Tool
    from ._tools import ToolCall as ToolCall
    from ._tools import ToolRegistry as ToolRegistry
    from ._tools import ToolResult as ToolResult
    from ._tools import approve_mcp as approve_mcp
    from ._tools import calls_from_response_done as calls_from_response_done
    from ._tools import deny_mcp as deny_mcp
    from ._tools import mcp_approval_response as mcp_approval_response
    from ._tools import output_item as output_item
    from ._tools import tool as tool
    from ._transports import MemoryTransport as MemoryTransport
    from ._transports import Transport as Transport
    from ._transports import memory_transport_pair as memory_transport_pair
    from ._usage import DEFAULT_PRICES as DEFAULT_PRICES
    from ._usage import Cost as Cost
    from ._usage import ModelPrices as ModelPrices
    from ._usage import PriceTable as PriceTable
    from ._usage import ResponseUsage as ResponseUsage
    from ._usage import UsageMeter as UsageMeter
    from ._usage import UsageTotals as UsageTotals
    from ._usage import cost_of as cost_of
    from ._webhooks import CallIncomingEvent as CallIncomingEvent
    from ._webhooks import SipHeader as SipHeader
    from ._webhooks import WebhookEvent as WebhookEvent
    from ._webhooks import sign_webhook as sign_webhook
    from ._webhooks import unwrap_webhook as unwrap_webhook
    from ._webhooks import verify_webhook as verify_webhook
    from .events import UnknownEvent as UnknownEvent

__version__ = "0.1.0.dev0"

# Everything else is imported on first use (PEP 562), so that `import realtime_sdk` stays cheap and a
# program pays only for what it touches: httpx with `create_client_secret`'s first request, the dialect
# models and websockets with the first `Session`, `events`... (see benchmarks/import_time.py).
# name -> (module relative to this package, attribute; "" for the module itself)
_LAZY: dict[str, tuple[str, str]] = {
    "events": ("", "events"),
    "BetaDialect": ("._answers", "BetaDialect"),
    "GADialect": ("._answers", "GADialect"),
    "RealtimeSessionUpdated": ("._answers", "RealtimeSessionUpdated"),
    "TranscriptionSessionConfigUpdated": ("._answers", "TranscriptionSessionConfigUpdated"),
    "TranslationDialect": ("._answers", "TranslationDialect"),
    "CallAnswer": ("._calls", "CallAnswer"),
    "CallsClient": ("._calls", "CallsClient"),
    "SyncCallsClient": ("._calls", "SyncCallsClient"),
    "DecodeProblem": ("._careful", "DecodeProblem"),
    "UndecodableFrame": ("._careful", "UndecodableFrame"),
    "decode_problems": ("._careful", "decode_problems"),
    "AnyClientEvent": ("._codec", "AnyClientEvent"),
    "AnyServerEvent": ("._codec", "AnyServerEvent"),
    "configure_converter": ("._codec", "configure_converter"),
    "decode_client_event": ("._codec", "decode_client_event"),
    "decode_server_event": ("._codec", "decode_server_event"),
    "encode_client_event": ("._codec", "encode_client_event"),
    "encode_server_event": ("._codec", "encode_server_event"),
    "make_converter": ("._codec", "make_converter"),
    "to_dict": ("._codec", "to_dict"),
    "Anomaly": ("._conversation", "Anomaly"),
    "ContentPartState": ("._conversation", "ContentPartState"),
    "Conversation": ("._conversation", "Conversation"),
    "ItemState": ("._conversation", "ItemState"),
    "ResponseState": ("._conversation", "ResponseState"),
    "Interrupter": ("._interruption", "Interrupter"),
    "PlaybackTracker": ("._interruption", "PlaybackTracker"),
    "Limits": ("._options", "Limits"),
    "Timeouts": ("._options", "Timeouts"),
    "SessionState": ("._protocol", "SessionState"),
    "PROXY_FROM_ENV": ("._proxy", "PROXY_FROM_ENV"),
    "Reconnect": ("._reconnect", "Reconnect"),
    "SessionResumed": ("._reconnect", "SessionResumed"),
    "BetaResponseHandle": ("._responses", "BetaResponseHandle"),
    "ResponseHandle": ("._responses", "ResponseHandle"),
    "ClientSecret": ("._rest", "ClientSecret"),
    "create_client_secret": ("._rest", "create_client_secret"),
    "Session": ("._session", "Session"),
    "Tool": ("._tools", "Tool"),
    "ToolCall": ("._tools", "ToolCall"),
    "ToolRegistry": ("._tools", "ToolRegistry"),
    "ToolResult": ("._tools", "ToolResult"),
    "approve_mcp": ("._tools", "approve_mcp"),
    "calls_from_response_done": ("._tools", "calls_from_response_done"),
    "deny_mcp": ("._tools", "deny_mcp"),
    "mcp_approval_response": ("._tools", "mcp_approval_response"),
    "output_item": ("._tools", "output_item"),
    "tool": ("._tools", "tool"),
    "MemoryTransport": ("._transports", "MemoryTransport"),
    "Transport": ("._transports", "Transport"),
    "memory_transport_pair": ("._transports", "memory_transport_pair"),
    "DEFAULT_PRICES": ("._usage", "DEFAULT_PRICES"),
    "Cost": ("._usage", "Cost"),
    "ModelPrices": ("._usage", "ModelPrices"),
    "PriceTable": ("._usage", "PriceTable"),
    "ResponseUsage": ("._usage", "ResponseUsage"),
    "UsageMeter": ("._usage", "UsageMeter"),
    "UsageTotals": ("._usage", "UsageTotals"),
    "cost_of": ("._usage", "cost_of"),
    "CallIncomingEvent": ("._webhooks", "CallIncomingEvent"),
    "SipHeader": ("._webhooks", "SipHeader"),
    "WebhookEvent": ("._webhooks", "WebhookEvent"),
    "sign_webhook": ("._webhooks", "sign_webhook"),
    "unwrap_webhook": ("._webhooks", "unwrap_webhook"),
    "verify_webhook": ("._webhooks", "verify_webhook"),
    "UnknownEvent": (".events", "UnknownEvent"),
}


def __getattr__(name: str) -> object:
    if name == "converter":
        # Exported until 0.1.0.dev0: a shared, mutable singleton (not cached here, so each use warns).
        from ._codec import converter
        from ._deprecation import warn_deprecated

        warn_deprecated(__name__, name, "realtime_sdk.make_converter() for a converter of your own")
        return converter
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = _importlib.import_module(module_name or f".{attribute}", __name__)
    value = getattr(module, attribute) if module_name else module
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "DEFAULT_PRICES",
    "PROXY_FROM_ENV",
    "UNSET",
    "Anomaly",
    "AnyClientEvent",
    "AnyServerEvent",
    "AudioFormatError",
    "AuthenticationError",
    "BetaDialect",
    "BetaResponseHandle",
    "CallAnswer",
    "CallError",
    "CallIncomingEvent",
    "CallsClient",
    "ClientSecret",
    "ConfigurationError",
    "ConnectError",
    "ConnectionClosed",
    "ConnectionClosedError",
    "ConnectionClosedOK",
    "ConnectionInterrupted",
    "ContentPartState",
    "Conversation",
    "Cost",
    "DecodeProblem",
    "EventDecodeError",
    "EventEncodeError",
    "GADialect",
    "Interrupter",
    "ItemState",
    "Limits",
    "MemoryTransport",
    "ModelPrices",
    "NotFoundError",
    "PlaybackTracker",
    "PriceTable",
    "ProxyError",
    "RateLimitError",
    "RealtimeConnectionError",
    "RealtimeError",
    "RealtimeHandshakeError",
    "RealtimeSessionUpdated",
    "RealtimeTimeoutError",
    "Reconnect",
    "ResponseHandle",
    "ResponseState",
    "ResponseUsage",
    "ServerError",
    "Session",
    "SessionResumed",
    "SessionState",
    "SipHeader",
    "SyncCallsClient",
    "Timeouts",
    "Tool",
    "ToolArgumentsError",
    "ToolCall",
    "ToolRegistry",
    "ToolResult",
    "TranscriptionSessionConfigUpdated",
    "TranslationDialect",
    "Transport",
    "UndecodableFrame",
    "UnknownEvent",
    "Unset",
    "UsageError",
    "UsageMeter",
    "UsageTotals",
    "WebhookEvent",
    "WebhookVerificationError",
    "approve_mcp",
    "calls_from_response_done",
    "configure_converter",
    "cost_of",
    "create_client_secret",
    "decode_client_event",
    "decode_problems",
    "decode_server_event",
    "deny_mcp",
    "encode_client_event",
    "encode_server_event",
    "events",
    "make_converter",
    "mcp_approval_response",
    "memory_transport_pair",
    "output_item",
    "sign_webhook",
    "to_dict",
    "tool",
    "unwrap_webhook",
    "verify_webhook",
]
