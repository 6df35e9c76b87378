"""What a voice bot needs above raw events, end to end against the fake server on asyncio and trio:
automatic tool execution, usage metering, the conversation reducer, recording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk._tools import tool
from realtime_sdk.testing import (
    FakeRealtimeServer,
    FunctionCall,
    Reply,
    ScriptedResponder,
    read_recording,
)

pytestmark = pytest.mark.anyio

TEXT_ONLY = ev.SessionConfig(output_modalities=["text"])


async def read_until(session: rt.Session, predicate: Any, limit: float = 10) -> list[Any]:
    seen: list[Any] = []
    with anyio.fail_after(limit):
        async for event in session:
            seen.append(event)
            if predicate(event, seen):
                return seen
    raise AssertionError("stream ended")


def responses_done(n: int) -> Any:
    return lambda e, seen: sum(1 for x in seen if x.type == "response.done") >= n


@tool
def get_weather(city: str, unit: str = "celsius") -> dict[str, Any]:
    """Current weather for a city.

    Args:
        city: the city name.
        unit: celsius or fahrenheit.
    """
    return {"city": city, "temperature": 21, "unit": unit}


@tool
async def get_time(zone: str) -> str:
    """Local time in a time zone."""
    await anyio.lowlevel.checkpoint()
    return f"12:00 in {zone}"


@tool
def explode(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(f"boom: {reason}")


async def test_tools_are_declared_and_run_automatically() -> None:
    responder = ScriptedResponder(
        [
            Reply(
                function_calls=[
                    FunctionCall(name="get_weather", arguments={"city": "Paris"}),
                    FunctionCall(name="get_time", arguments={"zone": "Europe/Paris"}),
                ]
            ),
            Reply(text="Sunny and noon."),
        ]
    )
    async with FakeRealtimeServer(responder=responder) as srv:
        async with rt.Session(
            model="m", base_url=srv.base_url, tools=[get_weather, get_time]
        ) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            await session.create_item(ev.MessageItem.user_text("Weather and time in Paris?"))
            await session.create_response()
            events = await read_until(session, responses_done(2))
    received = srv.connections[0].received
    declared = received[0]
    assert isinstance(declared, ev.SessionUpdate)
    assert [t.name for t in declared.session.tools] == ["get_weather", "get_time"]  # type: ignore[union-attr]
    assert declared.session.tools[0].parameters["required"] == ["city"]  # type: ignore[union-attr]
    outputs = {
        e.item.call_id: json.loads(e.item.output)
        if e.item.output.startswith("{")
        else e.item.output
        for e in received
        if isinstance(e, ev.ConversationItemCreate)
        and isinstance(e.item, ev.FunctionCallOutputItem)
    }
    assert len(outputs) == 2  # both parallel calls answered...
    assert {"city": "Paris", "temperature": 21, "unit": "celsius"} in outputs.values()
    assert "12:00 in Europe/Paris" in outputs.values()
    creates = [e for e in received if isinstance(e, ev.ResponseCreate)]
    assert len(creates) == 2  # ...with one response.create for the batch
    final = "".join(e.delta for e in events if isinstance(e, ev.ResponseOutputTextDelta))
    assert final.endswith("Sunny and noon.")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (FunctionCall(name="get_weather", arguments={"town": "Paris"}), "invalid arguments"),
        (FunctionCall(name="explode", arguments={"reason": "test"}), "RuntimeError: boom: test"),
        (FunctionCall(name="not_a_tool", arguments={}), "not_a_tool"),
    ],
)
async def test_bad_calls_send_error_text_and_the_session_lives(
    call: FunctionCall, expected: str
) -> None:
    responder = ScriptedResponder([Reply(function_calls=[call]), Reply(text="Sorry.")])
    async with FakeRealtimeServer(responder=responder) as srv:
        async with rt.Session(
            model="m", base_url=srv.base_url, tools=[get_weather, explode]
        ) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            await session.create_item(ev.MessageItem.user_text("go"))
            await session.create_response()
            await read_until(session, responses_done(2))
            assert not session.closed
    output = next(
        e.item.output
        for e in srv.connections[0].received
        if isinstance(e, ev.ConversationItemCreate)
        and isinstance(e.item, ev.FunctionCallOutputItem)
    )
    assert output.startswith("Error")
    assert expected in output


async def test_usage_totals_equal_the_sum_of_response_done_usages() -> None:
    async with FakeRealtimeServer() as srv:
        async with rt.Session(model="gpt-realtime", base_url=srv.base_url) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            for text in ("one", "two two", "three three three"):
                await session.create_item(ev.MessageItem.user_text(text))
                handle = await session.create_response()
                await handle.done()
            events = await read_until(session, responses_done(3))
    dones = [e for e in events if isinstance(e, ev.ResponseDone)]
    assert len(dones) == 3
    totals = session.usage.totals
    assert totals.responses == 3
    assert totals.total_tokens == sum(d.response.usage.total_tokens for d in dones)  # type: ignore[union-attr,misc]
    assert totals.input_tokens == sum(d.response.usage.input_tokens for d in dones)  # type: ignore[union-attr,misc]
    assert totals.output_text_tokens == sum(
        d.response.usage.output_token_details.text_tokens
        for d in dones  # type: ignore[union-attr,misc]
    )
    assert totals.cached_tokens == sum(
        d.response.usage.input_token_details.cached_tokens
        for d in dones  # type: ignore[union-attr,misc]
    )
    cost = session.usage.cost()
    assert cost.total > 0


async def test_conversation_matches_the_servers() -> None:
    async with FakeRealtimeServer() as srv:
        async with rt.Session(model="m", base_url=srv.base_url, conversation=True) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            await session.create_item(ev.MessageItem.user_text("first", id="item_user_1"))
            await (await session.create_response()).done()
            await session.create_item(ev.MessageItem.user_text("second"))
            await (await session.create_response()).done()
            conversation = session.conversation
            assert conversation is not None
            retrieved = []
            for state in conversation.items:
                event = await session.retrieve_item(state.id)
                assert isinstance(event, ev.ConversationItemRetrieved)
                retrieved.append(event.item)
            assert conversation.to_items("ga") == retrieved
            assert [s.role for s in conversation.items] == [
                "user",
                "assistant",
                "user",
                "assistant",
            ]
            assert "first" in conversation.items[1].text
            assert not conversation.anomalies


async def test_record_writes_both_directions(tmp_path: Path) -> None:
    path = tmp_path / "session.jsonl"
    async with FakeRealtimeServer() as srv:
        async with rt.Session(model="m", base_url=srv.base_url, record=path) as session:
            await session.update_session(instructions="hi", wait=True)
    messages = list(read_recording(path))
    directions = [(m.direction, m.type) for m in messages]
    assert ("server", "session.created") in directions
    assert ("client", "session.update") in directions
    assert ("server", "session.updated") in directions


async def test_a_recorded_session_replays_into_a_new_session_with_handles(tmp_path: Path) -> None:
    from realtime_sdk.testing import ReplayServer

    path = tmp_path / "turn.jsonl"

    async def turn(base_url: str, **kw: Any) -> str:
        async with rt.Session(model="m", base_url=base_url, **kw) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            await session.create_item(ev.MessageItem.user_text("replay me"))
            handle = await session.create_response()
            with anyio.fail_after(10):
                await handle.done()
            return handle.text

    async with FakeRealtimeServer() as srv:
        recorded = await turn(srv.base_url, record=path)
    async with ReplayServer(path) as replay:
        # The replayed response.created carries the recorded session's handle tag: the new
        # session's handle still binds (in send order) and finishes.
        replayed = await turn(replay.base_url)
        replay.check()
    assert replayed == recorded
    assert "replay me" in replayed


async def test_wait_answers_are_the_requests_own() -> None:
    slow = ScriptedResponder([Reply(text="streaming answer " * 20, pause_ms=5)])
    async with FakeRealtimeServer(responder=slow) as srv:
        async with rt.Session(model="m", base_url=srv.base_url) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            await session.create_item(ev.MessageItem.user_text("go"))
            streaming = await session.create_response()
            # While the assistant item is being added, our own item's answer is ours.
            added = await session.create_item(ev.MessageItem.user_text("and also"), wait=True)
            assert isinstance(added, ev.ConversationItemAdded)
            assert added.item.role == "user"  # type: ignore[union-attr]
            await streaming.done()


async def test_handles_and_waits_survive_a_reader_that_stopped() -> None:
    long = ScriptedResponder([Reply(text="word " * 120), Reply(text="second " * 120)])
    async with FakeRealtimeServer(responder=long) as srv:
        async with rt.Session(
            model="m", base_url=srv.base_url, limits=rt.Limits(max_buffer=4)
        ) as session:
            await session.update_session(TEXT_ONLY, wait=True)
            async for _ in session:
                break  # the app read one event, then stopped reading the stream
            handle = await session.create_response()
            with anyio.fail_after(10):
                assert len([t async for t in handle.text_deltas()]) == 120
            # A wait=True send from inside the loop while the buffer is full still gets its answer.
            second = await session.create_response()
            with anyio.fail_after(10):
                async for event in session:
                    if event.type == "response.output_text.delta":
                        answer = await session.update_session(instructions="x", wait=True)
                        assert isinstance(answer, ev.SessionUpdated)
                        break
                await second.done()


async def test_text_then_audio_iterators_each_get_their_deltas() -> None:
    async with FakeRealtimeServer() as srv:
        async with rt.Session(model="m", base_url=srv.base_url) as session:
            await session.create_item(ev.MessageItem.user_text("both kinds please"))
            handle = await session.create_response()
            await handle.done()
            transcript = "".join([t async for t in handle.transcript_deltas()])
            chunks = [c async for c in handle.audio_chunks()]
            assert "both kinds please" in transcript
            assert chunks
            assert sum(len(c) for c in chunks) / 48 == pytest.approx(handle.audio_ms)


def test_secrets_are_masked_in_model_reprs() -> None:
    secret = ev.ClientSecretObject(value="ek_SECRET", expires_at=1)
    tool = ev.MCPTool(server_label="s", authorization="tok_SECRET", headers={"X": "h_SECRET"})
    assert "SECRET" not in repr(secret)
    assert "SECRET" not in repr(tool)
    assert (
        "SECRET"
        in rt.encode_client_event(  # still sent on the wire, of course
            ev.SessionUpdate(session=ev.SessionConfig(tools=[tool]))
        ).decode()
    )
