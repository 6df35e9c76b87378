"""FakeRealtimeServer over real loopback WebSockets and in memory, on asyncio and trio."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from realtime_sdk._exceptions import (
    AuthenticationError,
    ConnectionClosed,
    ConnectionClosedError,
    NotFoundError,
    UsageError,
)
from realtime_sdk._transports import Transport, connect_websocket
from realtime_sdk.events import ConversationItemCreate, UnknownEvent
from realtime_sdk.events.beta import InputAudioBufferAppend as BetaAppend
from realtime_sdk.testing import (
    FakeRealtimeServer,
    Faults,
    FunctionCall,
    Reply,
    ScriptedResponder,
    Tone,
)

pytestmark = pytest.mark.anyio


async def send(ws: Transport, obj: dict[str, Any]) -> None:
    await ws.send_text(orjson.dumps(obj).decode())


async def receive(ws: Transport) -> dict[str, Any]:
    value: dict[str, Any] = orjson.loads(await ws.receive_text())
    return value


async def receive_until(ws: Transport, type_: str) -> list[dict[str, Any]]:
    """Every event up to and including the first of type `type_`."""
    events = []
    while True:
        event = await receive(ws)
        events.append(event)
        if event["type"] == type_:
            return events


def user_text(text: str) -> dict[str, Any]:
    return {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        },
    }


def append(audio: bytes) -> dict[str, Any]:
    return {"type": "input_audio_buffer.append", "audio": base64.b64encode(audio).decode()}


def deltas(events: list[dict[str, Any]], type_: str) -> str:
    return "".join(e["delta"] for e in events if e["type"] == type_)


async def test_urls_and_text_turn_over_websocket() -> None:
    async with FakeRealtimeServer() as server:
        assert server.url == f"ws://127.0.0.1:{server.port}/v1/realtime"
        assert server.base_url == f"ws://127.0.0.1:{server.port}/v1"
        async with connect_websocket(f"{server.url}?model=gpt-realtime-mini") as ws:
            created = await receive(ws)
            assert created["type"] == "session.created"
            assert created["session"]["model"] == "gpt-realtime-mini"
            await send(ws, {**user_text("hello"), "event_id": "evt_1"})
            await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
            events = await receive_until(ws, "response.done")
        assert deltas(events, "response.output_text.delta") == "You said: hello"
        assert events[-1]["response"]["status"] == "completed"
        record = server.connections[0]
        assert (record.dialect, record.path, record.query) == (
            "ga",
            "/v1/realtime",
            {"model": "gpt-realtime-mini"},
        )
        assert record.received_types() == ["conversation.item.create", "response.create"]
        assert isinstance(record.received[0], ConversationItemCreate)
        assert record.received[0].event_id == "evt_1"
        assert record.sent_types()[0] == "session.created"
        assert record.sent_types()[-1] == "response.done"
        assert "api_key" not in repr(record)


async def test_beta_header_selects_the_beta_dialect_and_audio_turn() -> None:
    responder = ScriptedResponder([Reply(text="beep", audio=Tone(ms=300))])
    async with FakeRealtimeServer(responder=responder) as server:
        headers = {"OpenAI-Beta": "realtime=v1"}
        async with connect_websocket(server.url, headers=headers) as ws:
            created = await receive(ws)
            assert created["session"]["modalities"] == ["text", "audio"]
            await send(ws, {"type": "session.update", "session": {"turn_detection": None}})
            assert (await receive(ws))["type"] == "session.updated"
            await send(ws, append(Tone(ms=400).pcm16()))
            await send(ws, {"type": "input_audio_buffer.commit"})
            committed = await receive(ws)
            assert committed["type"] == "input_audio_buffer.committed"
            assert (await receive(ws))["type"] == "conversation.item.created"
            await send(ws, {"type": "response.create"})
            events = await receive_until(ws, "response.done")
        audio = b"".join(
            base64.b64decode(e["delta"]) for e in events if e["type"] == "response.audio.delta"
        )
        assert audio == Tone(ms=300).pcm16()
        assert deltas(events, "response.audio_transcript.delta") == "beep"
        assert server.connections[0].dialect == "beta"
        record = server.connections[0]
        assert record.received_types() == [
            "session.update",
            "input_audio_buffer.append",
            "input_audio_buffer.commit",
            "response.create",
        ]
        appended = record.received[1]
        assert isinstance(appended, BetaAppend)
        assert appended.audio_bytes == Tone(ms=400).pcm16()


async def test_ga_audio_turn_with_manual_commit() -> None:
    async with FakeRealtimeServer(dialect="ga") as server, connect_websocket(server.url) as ws:
        await receive(ws)
        await send(
            ws,
            {"type": "session.update", "session": {"type": "realtime", "audio": {"input": {"turn_detection": None}}}},
        )  # fmt: skip
        await receive(ws)
        await send(ws, append(Tone(ms=1200).pcm16()))
        await send(ws, {"type": "input_audio_buffer.commit"})
        await send(ws, {"type": "response.create"})
        events = await receive_until(ws, "response.done")
        assert [e["type"] for e in events[:3]] == [
            "input_audio_buffer.committed",
            "conversation.item.added",
            "conversation.item.done",
        ]
        assert deltas(events, "response.output_audio_transcript.delta") == (
            "I heard 1.2 seconds of audio."
        )
        assert any(e["type"] == "response.output_audio.delta" for e in events)
        usage = events[-1]["response"]["usage"]
        assert usage["input_token_details"]["audio_tokens"] == 12


async def test_vad_turn() -> None:
    async with FakeRealtimeServer() as server, connect_websocket(server.url) as ws:
        await receive(ws)
        silence = bytes(24000)  # 500 ms
        for chunk in (silence, Tone(ms=600).pcm16(), silence):
            await send(ws, append(chunk))
        events = await receive_until(ws, "response.done")
        kinds = [e["type"] for e in events]
        assert kinds[:3] == [
            "input_audio_buffer.speech_started",
            "input_audio_buffer.speech_stopped",
            "input_audio_buffer.committed",
        ]
        assert (events[0]["audio_start_ms"], events[1]["audio_end_ms"]) == (200, 1300)
        assert "response.created" in kinds
        transcript = deltas(events, "response.output_audio_transcript.delta")
        assert transcript == "I heard 1.1 seconds of audio."


async def test_function_call_turn() -> None:
    reply = Reply(function_calls=[FunctionCall(name="lookup", arguments={"q": "weather in Paris"})])
    responder = ScriptedResponder([reply, Reply(text="It is sunny.")])
    async with (
        FakeRealtimeServer(responder=responder) as server,
        connect_websocket(server.url) as ws,
    ):
        await receive(ws)
        await send(ws, user_text("weather?"))
        await send(ws, {"type": "response.create"})
        events = await receive_until(ws, "response.done")
        done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
        assert orjson.loads(done["arguments"]) == {"q": "weather in Paris"}
        assert done["name"] == "lookup"
        output = {
            "type": "function_call_output",
            "call_id": done["call_id"],
            "output": '{"sky": "sunny"}',
        }
        await send(ws, {"type": "conversation.item.create", "item": output})
        await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
        events = await receive_until(ws, "response.done")
        assert deltas(events, "response.output_text.delta") == "It is sunny."
        item_types = [getattr(i, "type", "") for i in server.connections[0].engine.items]
        assert item_types == ["message", "function_call", "function_call_output", "message"]


async def test_cancel_mid_response() -> None:
    words = " ".join(f"w{i}" for i in range(40))
    responder = ScriptedResponder([Reply(text=words, pause_ms=100)])
    async with (
        FakeRealtimeServer(responder=responder) as server,
        connect_websocket(server.url) as ws,
    ):
        await receive(ws)
        await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
        await receive_until(ws, "response.output_text.delta")
        await send(ws, {"type": "response.cancel"})
        events = await receive_until(ws, "response.done")
        response = events[-1]["response"]
        assert response["status"] == "cancelled"
        assert response["status_details"]["reason"] == "client_cancelled"
        sent_words = response["output"][0]["content"][0]["text"].split()
        assert 1 <= len(sent_words) < 40
        # The connection is still usable afterwards.
        await send(ws, {"type": "response.cancel", "event_id": "late"})
        error = await receive(ws)
        assert (error["type"], error["error"]["event_id"]) == ("error", "late")


async def test_api_key_is_checked_at_the_handshake() -> None:
    async with FakeRealtimeServer(api_key="sk-fake-123") as server:
        with pytest.raises(AuthenticationError) as info:
            async with connect_websocket(server.url, headers={"Authorization": "Bearer wrong"}):
                pass
        assert info.value.status_code == 401
        body = orjson.loads(info.value.body)
        assert body["error"]["code"] == "invalid_api_key"
        assert body["error"]["type"] == "invalid_request_error"
        assert body["error"]["message"].startswith("Incorrect API key provided")
        with pytest.raises(AuthenticationError):
            async with connect_websocket(server.url):
                pass
        with pytest.raises(NotFoundError):
            async with connect_websocket(server.base_url + "/elsewhere", headers={"api-key": "x"}):
                pass
        # (Refused handshakes first: their sockets are released once the client has gone.)
        for headers in ({"Authorization": "Bearer sk-fake-123"}, {"api-key": "sk-fake-123"}):
            async with connect_websocket(server.url, headers=headers) as ws:
                assert (await receive(ws))["type"] == "session.created"
        assert len(server.connections) == 2
        assert "sk-fake-123" not in repr(server.connections[0])


async def test_fault_close_with_code_and_reason() -> None:
    faults = Faults(close_after=1, close_code=4002, close_reason="fake overload")
    async with FakeRealtimeServer(faults=faults) as server, connect_websocket(server.url) as ws:
        assert (await receive(ws))["type"] == "session.created"
        with pytest.raises(ConnectionClosedError) as info:
            await receive(ws)
        assert (info.value.code, info.value.reason) == (4002, "fake overload")


async def test_fault_abrupt_close() -> None:
    faults = Faults(close_abruptly_after=2)
    async with FakeRealtimeServer(faults=faults) as server, connect_websocket(server.url) as ws:
        await receive(ws)
        await send(ws, {"type": "input_audio_buffer.clear"})
        assert (await receive(ws))["type"] == "input_audio_buffer.cleared"
        with pytest.raises(ConnectionClosedError) as info:
            await receive(ws)
        assert info.value.code == 1006


async def test_fault_malformed_frame_and_unknown_event() -> None:
    faults = Faults(malformed_frame_after=1, unknown_event_after=1)
    async with FakeRealtimeServer(faults=faults) as server, connect_websocket(server.url) as ws:
        assert (await receive(ws))["type"] == "session.created"
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(await ws.receive_text())
        unknown = await receive(ws)
        assert unknown["type"] == "fake.unknown_event"
        await send(ws, user_text("still alive?"))
        assert (await receive(ws))["type"] == "conversation.item.added"
        assert isinstance(server.connections[0].sent[1], UnknownEvent)


async def test_fault_stop_reading_makes_pings_go_unanswered() -> None:
    async with FakeRealtimeServer(faults=Faults(stop_reading_after=0)) as server:
        async with connect_websocket(
            server.url, ping_interval=0.05, ping_timeout=0.3, close_timeout=0.2
        ) as ws:
            assert (await receive(ws))["type"] == "session.created"
            for _ in range(3):
                await send(ws, user_text("anyone?"))
            with pytest.raises(ConnectionClosedError) as info:
                await receive(ws)
            assert info.value.code == 1011
        assert server.connections[0].received_types() == []


async def test_unknown_and_malformed_client_events_keep_the_connection() -> None:
    async with FakeRealtimeServer() as server, connect_websocket(server.url) as ws:
        await receive(ws)
        await ws.send_text("{not json")
        assert (await receive(ws))["error"]["code"] == "invalid_json"
        await send(ws, {"type": "bogus.event", "event_id": "b1"})
        error = await receive(ws)
        assert (error["error"]["param"], error["error"]["event_id"]) == ("type", "b1")
        await send(ws, user_text("ok"))
        assert (await receive(ws))["type"] == "conversation.item.added"
        record = server.connections[0]
        assert record.malformed == 1
        assert record.received_types() == ["bogus.event", "conversation.item.create"]


async def test_in_memory_connection() -> None:
    async with FakeRealtimeServer(api_key="sk-mem", responder=ScriptedResponder(["Hi!"])) as server:
        with pytest.raises(AuthenticationError):
            server.connect_memory()
        ws = server.connect_memory(
            headers={"Authorization": "Bearer sk-mem", "OpenAI-Beta": "realtime=v1"},
            path="/v1/realtime?model=gpt-4o-realtime-preview",
        )
        assert (await receive(ws))["type"] == "session.created"
        await send(ws, {"type": "response.create", "response": {"modalities": ["text"]}})
        events = await receive_until(ws, "response.done")
        assert deltas(events, "response.text.delta") == "Hi!"
        await ws.aclose()
        record = server.connections[0]
        await record.closed.wait()
        assert (record.dialect, record.query) == ("beta", {"model": "gpt-4o-realtime-preview"})
        assert record.received_types() == ["response.create"]
    with pytest.raises(UsageError):
        server.connect_memory()


async def test_server_shutdown_closes_memory_connections() -> None:
    async with FakeRealtimeServer() as server:
        ws = server.connect_memory()
        await receive(ws)
    with pytest.raises(ConnectionClosed) as info:
        await receive(ws)
    assert info.value.code == 1001
