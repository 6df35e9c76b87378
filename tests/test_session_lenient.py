"""A Session facing what real servers send (issue 9), on asyncio and trio: the app's loop never ends early."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk.events import beta

pytestmark = pytest.mark.anyio

GA_CREATED = {
    "type": "session.created",
    "event_id": "event_0",
    "session": {"type": "realtime", "id": "sess_1", "object": "realtime.session"},
}
BETA_CREATED = {
    "type": "session.created",
    "event_id": "event_0",
    "session": {"id": "sess_1", "object": "realtime.session", "modalities": ["text"]},
}


def turn() -> list[str]:
    """One GA voice turn as the live service sends it, with a wrong-typed field and a broken frame."""
    user_item = {
        "id": "item_user",
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_audio", "transcript": None}],
    }
    frames: list[Any] = [
        {"type": "conversation.item.added", "event_id": "e1", "previous_item_id": None, "item": user_item},
        {"type": "conversation.item.done", "event_id": "e2", "previous_item_id": None, "item": user_item},
        {"type": "response.created", "event_id": "e3", "response": {"id": "resp_1", "object": "realtime.response", "status": "in_progress", "output": []}},
        {"type": "response.created", "event_id": "e3b", "response": "garbage"},
        {"type": "conversation.item.added", "event_id": "e3c", "item": 5},
        "{this is not JSON",
        {"type": "response.output_audio_transcript.delta", "event_id": "e4", "response_id": "resp_1", "item_id": "item_a", "output_index": "0", "content_index": 0, "delta": "Hel"},
        {"type": "response.output_audio_transcript.delta", "event_id": "e5", "response_id": "resp_1", "item_id": "item_a", "output_index": 0, "content_index": 0, "delta": "lo"},
        {"type": "response.done", "event_id": "e6", "response": {"id": "resp_1", "object": "realtime.response", "status": "completed", "output": []}},
    ]  # fmt: skip
    return [f if isinstance(f, str) else json.dumps(f) for f in frames]


async def with_server(
    created: dict[str, Any],
    frames: list[str],
    app: Callable[[rt.Session], Awaitable[None]],
    **session_kw: Any,
) -> None:
    """Run `app` on a Session whose server sends `created`, then `frames` once a response is asked for."""
    client_end, server_end = rt.memory_transport_pair()

    async def server() -> None:
        with contextlib.suppress(rt.ConnectionClosed):  # the app may leave before the last frame
            await server_end.send_text(json.dumps(created))
            while json.loads(await server_end.receive_text())["type"] != "response.create":
                pass
            for frame in frames:
                await server_end.send_text(frame)

    async with anyio.create_task_group() as tg:
        tg.start_soon(server)
        with anyio.fail_after(10):
            async with rt.Session(transport=client_end, **session_kw) as session:
                await app(session)


async def test_one_async_for_sees_every_event_of_a_turn_with_nulls_wrong_types_and_a_broken_frame() -> (
    None
):
    seen: list[Any] = []

    async def app(session: rt.Session) -> None:
        await session.create_response()
        async for event in session:
            seen.append(event)
            if event.type == "response.done":
                break
        assert session.undecodable_frames == 1
        conversation = session.conversation
        assert conversation is not None
        assert "item_user" in [item.id for item in conversation.items]

    await with_server(GA_CREATED, turn(), app, conversation=True)

    assert [type(e).__name__ for e in seen] == [
        "SessionCreated",
        "ConversationItemAdded",
        "ConversationItemDone",
        "ResponseCreated",
        "ResponseCreated",
        "ConversationItemAdded",
        "UndecodableFrame",
        "ResponseOutputAudioTranscriptDelta",
        "ResponseOutputAudioTranscriptDelta",
        "ResponseDone",
    ]
    added = seen[1]
    assert isinstance(added.item, ev.MessageItem)
    assert added.item.content[0].transcript is None
    assert rt.decode_problems(added) == ()
    garbled = seen[4]
    assert garbled.response is rt.UNSET  # required, but the server sent a string: kept, reported
    assert [p.path for p in rt.decode_problems(garbled)] == ["$.response"]
    assert json.loads(rt.encode_server_event(garbled))["response"] == "garbage"
    broken = seen[6]
    assert isinstance(broken, rt.UndecodableFrame)
    assert broken.raw == "{this is not JSON"
    assert isinstance(broken.error, rt.EventDecodeError)
    with pytest.raises(rt.EventEncodeError):
        rt.encode_client_event(broken)  # type: ignore[arg-type]
    wrong = seen[7]
    assert wrong.delta == "Hel"
    assert [p.path for p in rt.decode_problems(wrong)] == ["$.output_index"]
    assert json.loads(rt.encode_server_event(wrong))["output_index"] == "0"


async def test_strict_session_raises_and_stays_usable() -> None:
    seen: list[Any] = []
    raised: list[rt.EventDecodeError] = []

    async def app(session: rt.Session) -> None:
        await session.create_response()
        while True:
            try:
                event = await session.recv()
            except rt.EventDecodeError as exc:
                raised.append(exc)
                continue
            seen.append(event.type)
            if event.type == "response.done":
                return

    await with_server(GA_CREATED, turn(), app, strict=True)
    assert [e.path for e in raised] == ["$.response", "$.item", "$", "$.output_index"]
    assert seen.count("response.output_audio_transcript.delta") == 1
    assert seen[-1] == "response.done"


@pytest.mark.parametrize(
    ("created", "dialect", "delta_type", "delta_cls"),
    [
        (GA_CREATED, "ga", "response.output_text.delta", ev.ResponseOutputTextDelta),
        (BETA_CREATED, "beta", "response.text.delta", beta.ResponseTextDelta),
    ],
)
async def test_auto_dialect_follows_session_created(
    created: dict[str, Any], dialect: str, delta_type: str, delta_cls: type
) -> None:
    delta = {"type": delta_type, "event_id": "e", "response_id": "r", "item_id": "i", "output_index": 0, "content_index": 0, "delta": "hi"}  # fmt: skip
    seen: list[Any] = []

    async def app(session: rt.Session) -> None:
        assert session.dialect == dialect
        assert isinstance(
            await session.recv(), ev.SessionCreated if dialect == "ga" else beta.SessionCreated
        )
        await session.create_response()
        seen.append(await session.recv())

    await with_server(created, [json.dumps(delta)], app, dialect="auto")
    assert isinstance(seen[0], delta_cls)
    assert rt.decode_problems(seen[0]) == ()


def test_auto_is_a_valid_dialect_and_others_are_not() -> None:
    client_end, _ = rt.memory_transport_pair()
    assert rt.Session(transport=client_end, dialect="auto").dialect == "ga"  # until session.created
    with pytest.raises(rt.UsageError, match="auto"):
        rt.Session(transport=client_end, dialect="gaa")
