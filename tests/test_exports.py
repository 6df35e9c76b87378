"""The public surface: what `import realtime_sdk` offers is exactly what we decided to offer."""

from __future__ import annotations

import importlib
import types

import pytest

import realtime_sdk

PUBLIC = {
    "UNSET", "DEFAULT_PRICES", "Anomaly", "AnyClientEvent", "AnyServerEvent", "AudioFormatError",
    "AuthenticationError", "ClientSecret", "ConfigurationError", "ConnectError", "ConnectionClosed",
    "ConnectionClosedError", "ConnectionClosedOK", "ContentPartState", "Conversation", "Cost",
    "DecodeProblem", "EventDecodeError", "EventEncodeError", "Interrupter", "ItemState", "MemoryTransport",
    "ModelPrices", "NotFoundError", "PlaybackTracker", "PriceTable", "RateLimitError",
    "RealtimeConnectionError", "RealtimeError", "RealtimeHandshakeError", "RealtimeTimeoutError",
    "ResponseHandle", "ResponseState", "ResponseUsage", "ServerError", "Session", "SessionState",
    "Tool", "ToolArgumentsError", "ToolCall", "ToolRegistry", "ToolResult", "Transport",
    "UnknownEvent", "Unset", "UndecodableFrame", "UsageError", "UsageMeter", "UsageTotals", "approve_mcp",
    "calls_from_response_done", "configure_converter", "converter", "cost_of",
    "create_client_secret", "decode_client_event", "decode_problems", "decode_server_event", "deny_mcp",
    "encode_client_event", "encode_server_event", "events", "make_converter",
    "mcp_approval_response", "memory_transport_pair", "output_item", "to_dict", "tool",
    "PROXY_FROM_ENV", "ProxyError", "CallError", "WebhookVerificationError",
    "CallIncomingEvent", "SipHeader", "WebhookEvent", "sign_webhook", "unwrap_webhook",
    "verify_webhook", "CallAnswer", "CallsClient", "SyncCallsClient",
    # typing (issue 14): dialect markers and exact answer types
    "BetaDialect", "BetaResponseHandle", "GADialect", "RealtimeSessionUpdated",
    "TranscriptionSessionConfigUpdated", "TranslationDialect",
    "ConnectionInterrupted", "Reconnect", "SessionResumed",
}  # fmt: skip


def test_all_is_exactly_the_public_surface() -> None:
    assert set(realtime_sdk.__all__) == PUBLIC
    assert len(realtime_sdk.__all__) == len(PUBLIC)  # no duplicates


def test_nothing_public_is_left_out_of_all() -> None:
    exported = {
        name
        for name, value in vars(realtime_sdk).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert exported <= PUBLIC | {"annotations"}


@pytest.mark.parametrize(
    "module",
    ["realtime_sdk", "realtime_sdk.events", "realtime_sdk.events.beta",
     "realtime_sdk.events.translation", "realtime_sdk.testing", "realtime_sdk.audio",
     "realtime_sdk.sync"],
)  # fmt: skip
def test_every_name_in_all_resolves(module: str) -> None:
    mod = importlib.import_module(module)
    assert len(set(mod.__all__)) == len(mod.__all__)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name}"


def test_every_exception_derives_from_the_root() -> None:
    for name in realtime_sdk.__all__:
        value = getattr(realtime_sdk, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert issubclass(value, realtime_sdk.RealtimeError), name


def test_exceptions_tree_is_drawn_in_the_module_docstring() -> None:
    from realtime_sdk import _exceptions

    doc = _exceptions.__doc__ or ""
    for name in _exceptions.__all__:
        if isinstance(getattr(_exceptions, name), type):
            assert name in doc, name
