"""The public surface: what `import realtime_sdk` offers is exactly what we decided to offer."""

from __future__ import annotations

import importlib
import types
import typing

import attrs
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
    "calls_from_response_done", "configure_converter", "cost_of",
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
    # grouped Session options (issue 15)
    "Limits", "Timeouts",
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


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [("realtime_sdk.events", "Conversation", "ConversationObject"),
     ("realtime_sdk.events", "ClientSecret", "ClientSecretObject"),
     ("realtime_sdk.events", "Tool", "ToolDefinition"),
     ("realtime_sdk.events.beta", "Conversation", "ConversationObject"),
     ("realtime_sdk.events.beta", "ClientSecret", "ClientSecretObject")],
)  # fmt: skip
def test_renamed_event_models_keep_their_old_name_for_a_release(
    module: str, old: str, new: str
) -> None:
    mod = importlib.import_module(module)
    assert old not in mod.__all__
    with pytest.warns(
        DeprecationWarning, match=rf"{module}\.{old} is deprecated.*use {module}\.{new}"
    ) as caught:
        value = getattr(mod, old)
    assert value is getattr(mod, new)
    assert caught[0].filename == __file__  # the warning points at the caller, not at the SDK


def test_no_events_name_means_something_else_at_the_top_level() -> None:
    for module in (
        "realtime_sdk.events",
        "realtime_sdk.events.beta",
        "realtime_sdk.events.translation",
    ):
        mod = importlib.import_module(module)
        clashes = {name for name in mod.__all__ if name in realtime_sdk.__all__}
        assert all(getattr(mod, name) is getattr(realtime_sdk, name) for name in clashes), (
            module,
            clashes,
        )


def test_the_converter_singleton_is_deprecated_and_make_converter_stays() -> None:
    from realtime_sdk import _codec

    with pytest.warns(
        DeprecationWarning, match=r"realtime_sdk\.converter is deprecated.*make_converter"
    ):
        value = realtime_sdk.converter  # type: ignore[attr-defined]
    assert value is _codec.converter
    assert realtime_sdk.make_converter() is not _codec.converter
    with pytest.raises(AttributeError, match="no_such_name"):
        realtime_sdk.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_mcp_helpers_are_defined_under_their_public_names() -> None:
    assert realtime_sdk.approve_mcp.__name__ == "approve_mcp"
    assert realtime_sdk.deny_mcp.__name__ == "deny_mcp"


def _models_inside(annotation: object) -> set[type]:
    """The attrs classes an annotation names, through unions, lists and Literal-free generics."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return {annotation}
    return {cls for arg in typing.get_args(annotation) for cls in _models_inside(arg)}


@pytest.mark.parametrize(
    "module", ["realtime_sdk.events", "realtime_sdk.events.beta", "realtime_sdk.events.translation"]
)
def test_every_model_a_dialect_can_carry_is_exported_by_its_module(module: str) -> None:
    # The modules' `__all__` lists are derived from their submodules and unions (issue 15): whatever
    # model an event of the dialect may contain, at any depth, must still be importable from the
    # dialect's public module, under its own name, and listed.
    mod = importlib.import_module(module)
    seen: set[type] = set()
    todo = [*mod.CLIENT_EVENTS, *mod.SERVER_EVENTS]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for annotation in typing.get_type_hints(cls).values():
            todo.extend(_models_inside(annotation))
    missing = sorted(
        cls.__name__
        for cls in seen
        if cls.__name__ not in mod.__all__ or getattr(mod, cls.__name__) is not cls
    )
    assert missing == [], missing
    assert len(seen) > len(mod.CLIENT_EVENTS) + len(mod.SERVER_EVENTS)  # resources were reached
