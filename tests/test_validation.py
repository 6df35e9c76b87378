"""Bad arguments are refused with a typed error naming them, before anything is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk.events import beta
from realtime_sdk.testing import FakeRealtimeServer

pytestmark = pytest.mark.anyio

# (call, the error type, words the message must contain)
BAD_GA_CALLS: list[tuple[str, Callable[[Any], Awaitable[Any]], type[Exception], str]] = [
    ("create_item str", lambda s: s.create_item("hello"), TypeError, "create_item(): item"),
    (
        "create_item beta item",
        lambda s: s.create_item(beta.MessageItem.user_text("hi")),
        TypeError,
        "create_item(): item",
    ),
    (
        "create_item previous_item_id",
        lambda s: s.create_item(ev.MessageItem.user_text("hi"), previous_item_id=3),
        TypeError,
        "previous_item_id",
    ),
    ("delete_item int", lambda s: s.delete_item(42), TypeError, "delete_item(): item_id"),
    ("retrieve_item int", lambda s: s.retrieve_item(42), TypeError, "retrieve_item(): item_id"),
    (
        "truncate_item ms",
        lambda s: s.truncate_item("item_1", audio_end_ms="10"),
        TypeError,
        "audio_end_ms",
    ),
    (
        "truncate_item bool",
        lambda s: s.truncate_item("item_1", audio_end_ms=True),
        TypeError,
        "audio_end_ms",
    ),
    (
        "create_response str",
        lambda s: s.create_response("text"),
        TypeError,
        "create_response(): response",
    ),
    (
        "create_response beta params",
        lambda s: s.create_response(beta.ResponseCreateParams()),
        TypeError,
        "create_response(): response",
    ),
    ("cancel_response int", lambda s: s.cancel_response(7), TypeError, "response_id"),
    (
        "update_session dict",
        lambda s: s.update_session({"instructions": "x"}),
        TypeError,
        "update_session(): session",
    ),
    (
        "update_session instructions",
        lambda s: s.update_session(instructions=5),
        TypeError,
        "instructions",
    ),
    ("update_session tools", lambda s: s.update_session(tools="search"), TypeError, "tools"),
    (
        "update_session tool entries",
        lambda s: s.update_session(tools=[{"type": "function"}]),
        TypeError,
        "each of tools",
    ),
    ("send str", lambda s: s.send("hello"), TypeError, "send(): event"),
    ("send unknown dict", lambda s: s.send({"type": "nope"}), rt.UsageError, "'nope'"),
    ("send untyped dict", lambda s: s.send({"item_id": "x"}), rt.UsageError, "send()"),
    (
        "send dict bad field",
        lambda s: s.send({"type": "conversation.item.delete", "item_id": 42}),
        rt.UsageError,
        "not a valid ga client event",
    ),
    (
        "send beta event",
        lambda s: s.send(beta.ResponseCreate(response=beta.ResponseCreateParams())),
        rt.UsageError,
        "not a client event of the ga dialect",
    ),
    (
        "send server event",
        lambda s: s.send(ev.InputAudioBufferCleared(event_id="e")),
        rt.UsageError,
        "InputAudioBufferCleared",
    ),
    ("send_raw bytes", lambda s: s.send_raw(b"{}"), TypeError, "send_raw(): text"),
]


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [pytest.param(c, e, w, id=name) for name, c, e, w in BAD_GA_CALLS],
)
async def test_bad_arguments_raise_and_send_nothing(
    call: Callable[[Any], Awaitable[Any]], error: type[Exception], words: str
) -> None:
    async with FakeRealtimeServer() as server:
        async with rt.Session(transport=server.connect_memory()) as session:
            with pytest.raises(error) as info:
                await call(session)
            assert words in str(info.value)
            # A good event afterwards is answered: it is the only thing the server received.
            await session.update_session(instructions="ok", wait=True)
        assert server.connections[0].received_types() == ["session.update"]


async def test_a_dict_is_decoded_and_sent_as_its_typed_event() -> None:
    async with FakeRealtimeServer() as server:
        async with rt.Session(transport=server.connect_memory()) as session:
            updated = await session.send(
                {"type": "session.update", "session": {"type": "realtime", "instructions": "Hi."}},
                wait=True,
            )
            assert isinstance(updated, ev.SessionUpdated)
            assert isinstance(updated.session, ev.SessionConfig)
            assert updated.session.instructions == "Hi."
        received = server.connections[0].received[0]
        assert isinstance(received, ev.SessionUpdate)
        assert isinstance(received.event_id, str)  # an event_id was assigned


async def test_beta_session_refuses_ga_objects() -> None:
    async with FakeRealtimeServer() as server:
        transport = server.connect_memory(dialect="beta")
        async with rt.Session[rt.BetaDialect](transport=transport, dialect="beta") as session:
            with pytest.raises(TypeError, match="create_item"):
                await session.create_item(ev.MessageItem.user_text("hi"))  # type: ignore[call-overload]
            with pytest.raises(rt.UsageError, match="beta"):
                await session.send({"type": "conversation.item.added"})
            created = await session.create_item(beta.MessageItem.user_text("hi"), wait=True)
            assert created.item.role == "user"
        assert server.connections[0].received_types() == ["conversation.item.create"]


@pytest.mark.parametrize(
    ("build", "words"),
    [
        pytest.param(lambda: ev.MessageItem.user_text(123), "user_text(): text", id="user_text"),
        pytest.param(lambda: ev.MessageItem.system_text(None), "system_text(): text", id="system"),
        pytest.param(
            lambda: ev.MessageItem.assistant_text(b"x"), "assistant_text(): text", id="assistant"
        ),
        pytest.param(lambda: ev.MessageItem.user_audio(3), "user_audio(): audio", id="user_audio"),
        pytest.param(lambda: ev.MessageItem.user_text("x", id=1), "id must be str", id="item_id"),
        pytest.param(lambda: beta.MessageItem.user_text(123), "user_text(): text", id="beta_text"),
        pytest.param(
            lambda: ev.SessionConfig(output_modalities="text"),
            "output_modalities must be a list such as ['text']",
            id="session_modalities",
        ),
        pytest.param(
            lambda: ev.ResponseCreateParams(output_modalities="audio"),
            "output_modalities must be a list such as ['audio']",
            id="response_modalities",
        ),
        pytest.param(
            lambda: ev.ResponseCreateParams(output_modalities=[1]),
            "an entry int 1",
            id="modality_entry",
        ),
        pytest.param(
            lambda: beta.SessionConfig(modalities="text"), "modalities must be a list", id="beta"
        ),
        pytest.param(
            lambda: beta.ResponseCreateParams(modalities=("text",)),
            "modalities must be a list of str",
            id="beta_tuple",
        ),
    ],
)
def test_model_constructors_refuse_wrong_types(build: Callable[[], object], words: str) -> None:
    with pytest.raises(TypeError) as info:
        build()
    assert words in str(info.value)


def test_model_constructors_accept_what_they_document() -> None:
    assert ev.SessionConfig(output_modalities=["text"]).output_modalities == ["text"]
    assert ev.SessionConfig().output_modalities is rt.UNSET
    assert ev.MessageItem.user_audio(b"\0\0").role == "user"
    assert beta.ResponseCreateParams(modalities=["text", "audio"]).modalities == ["text", "audio"]
