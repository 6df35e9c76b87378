"""openai-python's own Realtime client against FakeRealtimeServer: proof that the wire output is faithful.

Every server event is parsed by openai-python exactly as `connection.recv()` does, and then also
validated strictly against the pydantic model it was parsed to, so a missing field, a wrong type or
an unknown event type in the fake server's output fails these tests.

No difference is excused: `part.type` of `response.content_part.added` / `.done` is "text" or
"audio" as openai-python, the published schema and the live service have it. Every event the fake
sent is also checked against the published JSON Schema (tests/_schema.py), and openai-python's
logs are captured and must hold no warning or error.

openai-python's WebSocket client runs on asyncio only, so this module runs on asyncio only.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import orjson
import pytest
from openai import AsyncOpenAI
from openai.resources.realtime.realtime import AsyncRealtimeConnection
from openai.types.realtime import (
    ConversationItemAdded,
    ConversationItemDone,
    InputAudioBufferCommittedEvent,
    RealtimeConversationItemFunctionCall,
    RealtimeErrorEvent,
    ResponseAudioDeltaEvent,
    ResponseAudioTranscriptDeltaEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseDoneEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseTextDeltaEvent,
    SessionCreatedEvent,
    SessionUpdatedEvent,
)
from pydantic import BaseModel, ValidationError

from realtime_sdk.testing import (
    FakeRealtimeServer,
    FunctionCall,
    Reply,
    ScriptedResponder,
    Tone,
)
from tests._schema import assert_schema_valid

pytestmark = pytest.mark.anyio

API_KEY = "sk-fake-compat"


@pytest.fixture
def anyio_backend() -> str:
    """openai-python's realtime client is asyncio-only."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _openai_logs(caplog: pytest.LogCaptureFixture) -> Any:
    """openai-python logs nothing at warning level or above in these runs."""
    caplog.set_level(logging.DEBUG, logger="openai")
    yield
    problems = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("openai") and r.levelno >= logging.WARNING
    ]
    assert problems == []


@asynccontextmanager
async def openai_connection(
    server: FakeRealtimeServer,
) -> AsyncIterator[AsyncRealtimeConnection]:
    client = AsyncOpenAI(api_key=API_KEY, websocket_base_url=server.base_url, max_retries=0)
    async with client.realtime.connect(model="gpt-realtime") as connection:
        yield connection
    await client.close()
    for record in server.connections:
        assert_schema_valid(record)


async def recv(connection: AsyncRealtimeConnection) -> Any:
    """The next event as openai-python parses it, checked strictly against its model."""
    with anyio.fail_after(10):
        raw = await connection.recv_bytes()
    event = connection.parse_event(raw)
    assert isinstance(event, BaseModel), f"openai-python did not recognise {raw[:200]!r}"
    # `parse_event` builds the model without validation: validate the same JSON strictly.
    try:
        type(event).model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise AssertionError(f"{type(event).__name__}: {exc.errors()}") from None
    assert not isinstance(event, RealtimeErrorEvent), event.error
    return event


async def recv_until(connection: AsyncRealtimeConnection, event_type: str) -> list[Any]:
    events = []
    while True:
        event = await recv(connection)
        events.append(event)
        if event.type == event_type:
            return events


def of_type(events: list[Any], cls: type[BaseModel]) -> list[Any]:
    return [e for e in events if isinstance(e, cls)]


async def test_text_turn() -> None:
    responder = ScriptedResponder([Reply(text="Paris is the capital of France.")])
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        openai_connection(server) as connection,
    ):
        created = await recv(connection)
        assert isinstance(created, SessionCreatedEvent)
        assert created.session.model == "gpt-realtime"  # type: ignore[union-attr]
        await connection.session.update(
            session={"type": "realtime", "output_modalities": ["text"], "instructions": "Be brief."}
        )
        updated = await recv(connection)
        assert isinstance(updated, SessionUpdatedEvent)
        assert updated.session.output_modalities == ["text"]  # type: ignore[union-attr]
        assert updated.session.instructions == "Be brief."  # type: ignore[union-attr]
        await connection.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "What is the capital of France?"}],
            }
        )
        added, done = await recv(connection), await recv(connection)
        assert isinstance(added, ConversationItemAdded)
        assert isinstance(done, ConversationItemDone)
        await connection.response.create()
        events = await recv_until(connection, "response.done")
    assert isinstance(events[0], ResponseCreatedEvent)
    deltas = of_type(events, ResponseTextDeltaEvent)
    assert len(deltas) > 1
    assert "".join(d.delta for d in deltas) == "Paris is the capital of France."
    (part_added,) = of_type(events, ResponseContentPartAddedEvent)
    (part_done,) = of_type(events, ResponseContentPartDoneEvent)
    assert (part_added.part.type, part_added.part.text) == ("text", "")
    assert (part_done.part.type, part_done.part.text) == ("text", "Paris is the capital of France.")
    response_done = events[-1]
    assert isinstance(response_done, ResponseDoneEvent)
    assert response_done.response.status == "completed"
    usage = response_done.response.usage
    assert usage is not None
    assert usage.input_tokens
    assert usage.output_tokens
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert usage.output_token_details is not None
    assert usage.output_token_details.text_tokens == usage.output_tokens
    assert server.connections[0].received_types() == [
        "session.update",
        "conversation.item.create",
        "response.create",
    ]


async def test_audio_turn() -> None:
    reply_audio = Tone(ms=300, hz=880)
    responder = ScriptedResponder([Reply(text="Beep.", audio=reply_audio)])
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        openai_connection(server) as connection,
    ):
        assert isinstance(await recv(connection), SessionCreatedEvent)
        await connection.session.update(
            session={
                "type": "realtime",
                "output_modalities": ["audio"],
                "audio": {
                    "input": {
                        "format": {"type": "audio/pcm", "rate": 24000},
                        "turn_detection": None,
                    },
                    "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "marin"},
                },
            }
        )
        updated = await recv(connection)
        assert isinstance(updated, SessionUpdatedEvent)
        assert updated.session.audio.input.turn_detection is None  # type: ignore[union-attr]
        spoken = Tone(ms=500).pcm16()  # 500 ms of 24 kHz PCM16, sent in 100 ms chunks
        for start in range(0, len(spoken), 4800):
            chunk = spoken[start : start + 4800]
            await connection.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        await connection.input_audio_buffer.commit()
        committed = await recv(connection)
        assert isinstance(committed, InputAudioBufferCommittedEvent)
        await connection.response.create()
        events = await recv_until(connection, "response.done")
    audio_deltas = of_type(events, ResponseAudioDeltaEvent)
    assert audio_deltas
    assert {d.type for d in audio_deltas} == {"response.output_audio.delta"}
    assert b"".join(base64.b64decode(d.delta) for d in audio_deltas) == reply_audio.pcm16()
    transcript = of_type(events, ResponseAudioTranscriptDeltaEvent)
    assert "".join(d.delta for d in transcript) == "Beep."
    (part_done,) = of_type(events, ResponseContentPartDoneEvent)
    assert (part_done.part.type, part_done.part.transcript) == ("audio", "Beep.")
    done_item = events[-1].response.output[0]
    assert [c.type for c in done_item.content] == ["output_audio"]
    response_done = events[-1]
    assert isinstance(response_done, ResponseDoneEvent)
    assert response_done.response.status == "completed"
    assert response_done.response.output_modalities == ["audio"]
    usage = response_done.response.usage
    assert usage is not None
    assert usage.input_token_details is not None
    assert usage.output_token_details is not None
    assert usage.input_token_details.audio_tokens  # the 500 ms heard
    assert usage.output_token_details.audio_tokens  # the 300 ms said
    appended = server.connections[0].received_types().count("input_audio_buffer.append")
    assert appended == 5


async def test_function_call_turn() -> None:
    call = FunctionCall(name="get_weather", arguments={"city": "Paris"}, call_id="call_weather_1")
    responder = ScriptedResponder(
        [Reply(function_calls=[call]), Reply(text="It is 21 degrees in Paris.")]
    )
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        openai_connection(server) as connection,
    ):
        await recv(connection)
        await connection.session.update(
            session={
                "type": "realtime",
                "output_modalities": ["text"],
                "tools": [
                    {
                        "type": "function",
                        "name": "get_weather",
                        "description": "Current weather in a city.",
                        "parameters": {
                            "type": "object",
                            "properties": {"city": {"type": "string"}},
                            "required": ["city"],
                        },
                    }
                ],
                "tool_choice": "auto",
            }
        )
        updated = await recv(connection)
        assert [t.name for t in updated.session.tools] == ["get_weather"]
        await connection.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "Weather in Paris?"}],
            }
        )
        await connection.response.create()
        first = await recv_until(connection, "response.done")
        (arguments_done,) = of_type(first, ResponseFunctionCallArgumentsDoneEvent)
        assert arguments_done.name == "get_weather"
        assert arguments_done.call_id == "call_weather_1"
        assert orjson.loads(arguments_done.arguments) == {"city": "Paris"}
        streamed = of_type(first, ResponseFunctionCallArgumentsDeltaEvent)
        assert "".join(d.delta for d in streamed) == arguments_done.arguments
        output_items = first[-1].response.output
        assert isinstance(output_items[0], RealtimeConversationItemFunctionCall)
        assert output_items[0].call_id == "call_weather_1"

        await connection.conversation.item.create(
            item={
                "type": "function_call_output",
                "call_id": arguments_done.call_id,
                "output": '{"temperature_c": 21}',
            }
        )
        await connection.response.create()
        second = await recv_until(connection, "response.done")
    text = "".join(d.delta for d in of_type(second, ResponseTextDeltaEvent))
    assert text == "It is 21 degrees in Paris."
    assert second[-1].response.status == "completed"
    item_types = [getattr(i, "type", "") for i in server.connections[0].engine.items]
    assert item_types == ["message", "function_call", "function_call_output", "message"]
