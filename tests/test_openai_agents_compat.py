"""The openai-agents realtime runner (Python) against FakeRealtimeServer: a text turn, an audio
turn and a function-tool turn complete with no validation error.

openai-agents validates every server event with openai-python's pydantic models and reports a
failure as a logged "Failed to validate server event" plus an `error` session event; this module
captures both and asserts that there are none. Every event the fake sent is also checked against
the published JSON Schema (tests/_schema.py).

openai-agents runs on asyncio only, so this module runs on asyncio only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest

agents = pytest.importorskip("agents")

from agents import function_tool, set_tracing_disabled  # noqa: E402
from agents.realtime import (  # noqa: E402
    RealtimeAgent,
    RealtimeAgentEndEvent,
    RealtimeAudio,
    RealtimeAudioEnd,
    RealtimeError,
    RealtimeRunner,
    RealtimeSession,
    RealtimeToolEnd,
    RealtimeToolStart,
)
from agents.realtime.items import AssistantMessageItem, UserMessageItem  # noqa: E402

from realtime_sdk.testing import (  # noqa: E402
    FakeRealtimeServer,
    FunctionCall,
    Reply,
    ScriptedResponder,
    Tone,
)
from tests._schema import assert_schema_valid  # noqa: E402

pytestmark = pytest.mark.anyio

API_KEY = "sk-fake-agents"


@pytest.fixture
def anyio_backend() -> str:
    """openai-agents' realtime runner is asyncio-only."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_tracing() -> None:
    # The runner would otherwise export traces to OpenAI's servers.
    set_tracing_disabled(True)


weather_calls: list[str] = []


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    weather_calls.append(city)
    return f"Sunny in {city}"


class Capture:
    """Everything the run reported: session events, error events, and openai-agents' logs."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.errors: list[Any] = []
        self.records: list[logging.LogRecord] = []


@asynccontextmanager
async def agent_session(
    server: FakeRealtimeServer, caplog: pytest.LogCaptureFixture, **settings: Any
) -> AsyncIterator[tuple[RealtimeSession, Capture]]:
    agent = RealtimeAgent(name="assistant", instructions="Be brief.", tools=[get_weather])
    runner = RealtimeRunner(agent, config={"model_settings": settings})
    capture = Capture()
    caplog.set_level(logging.DEBUG, logger="openai.agents")
    session = await runner.run(model_config={"api_key": API_KEY, "url": f"{server.url}"})
    async with session:
        yield session, capture
    capture.records = [r for r in caplog.records if r.name.startswith("openai.agents")]
    # No validation error, no error event, no error logged by openai-agents.
    assert capture.errors == []
    problems = [r.getMessage() for r in capture.records if r.levelno >= logging.WARNING]
    assert problems == []
    for record in server.connections:
        assert_schema_valid(record)


async def until_agent_end(
    session: RealtimeSession, capture: Capture, *, after: type | None = None
) -> list[Any]:
    """Session events up to the end of the agent's turn (error events captured); with `after`,
    the first turn end after an event of that class."""
    turn: list[Any] = []
    with anyio.fail_after(15):
        async for event in session:
            capture.events.append(event)
            turn.append(event)
            if isinstance(event, RealtimeError):
                capture.errors.append(event.error)
            seen = after is None or any(isinstance(e, after) for e in turn)
            if isinstance(event, RealtimeAgentEndEvent) and seen:
                return turn
    raise AssertionError("the session ended before the agent's turn did")


async def until_said(session: RealtimeSession, capture: Capture, text: str) -> None:
    """Session events until the runner's history holds an assistant message saying `text`."""
    if text in assistant_texts(session):
        return
    with anyio.fail_after(15):
        async for event in session:
            capture.events.append(event)
            if isinstance(event, RealtimeError):
                capture.errors.append(event.error)
            if text in assistant_texts(session):
                return
    raise AssertionError(f"the assistant never said {text!r}")


def assistant_texts(session: RealtimeSession) -> list[str]:
    out = []
    for item in session._history:
        if isinstance(item, AssistantMessageItem):
            for part in item.content:
                out.append(getattr(part, "text", None) or getattr(part, "transcript", None) or "")
    return out


async def test_text_turn(caplog: pytest.LogCaptureFixture) -> None:
    responder = ScriptedResponder([Reply(text="Paris is the capital of France.")])
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        agent_session(server, caplog, output_modalities=["text"]) as (session, capture),
    ):
        await session.send_message("What is the capital of France?")
        await until_agent_end(session, capture)
        users = [i for i in session._history if isinstance(i, UserMessageItem)]
        assert [p.text for p in users[0].content] == ["What is the capital of France?"]
        await until_said(session, capture, "Paris is the capital of France.")
    assert "response.output_text.delta" in server.connections[0].sent_types()


async def test_audio_turn(caplog: pytest.LogCaptureFixture) -> None:
    responder = ScriptedResponder(
        [Reply(text="I heard you.", audio=Tone(ms=300))], transcripts=["Can you hear me?"]
    )
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        agent_session(server, caplog) as (session, capture),
    ):
        # Speech then silence: the fake's server VAD ends the turn and answers.
        speech = Tone(ms=600, hz=300, amplitude=0.5).pcm16()
        silence = bytes(Tone(ms=800, amplitude=0).pcm16())
        await session.send_audio(speech + silence)
        turn = await until_agent_end(session, capture)
        audio = b"".join(e.audio.data for e in turn if isinstance(e, RealtimeAudio))
        assert audio == Tone(ms=300).pcm16()
        assert any(isinstance(e, RealtimeAudioEnd) for e in turn)
        await until_said(session, capture, "I heard you.")
        # The runner turns input transcription on; the fake's transcript reaches its history.
        users = [i for i in session._history if isinstance(i, UserMessageItem)]
        assert [p.transcript for p in users[0].content] == ["Can you hear me?"]
    sent = server.connections[0].sent_types()
    assert "input_audio_buffer.speech_stopped" in sent
    assert "conversation.item.input_audio_transcription.completed" in sent
    assert "response.output_audio.delta" in sent


async def test_tool_turn(caplog: pytest.LogCaptureFixture) -> None:
    weather_calls.clear()
    responder = ScriptedResponder(
        [
            Reply(function_calls=[FunctionCall(name="get_weather", arguments={"city": "Paris"})]),
            Reply(text="It is sunny in Paris."),
        ]
    )
    async with (
        FakeRealtimeServer(api_key=API_KEY, responder=responder) as server,
        agent_session(server, caplog, output_modalities=["text"]) as (session, capture),
    ):
        await session.send_message("Weather in Paris?")
        # The call's response ends a turn; the runner then runs the tool and asks for another.
        turn = await until_agent_end(session, capture, after=RealtimeToolEnd)
        starts = [e for e in turn if isinstance(e, RealtimeToolStart)]
        ends = [e for e in turn if isinstance(e, RealtimeToolEnd)]
        assert [e.tool.name for e in starts] == ["get_weather"]
        assert [e.output for e in ends] == ["Sunny in Paris"]
        assert weather_calls == ["Paris"]
        await until_said(session, capture, "It is sunny in Paris.")
    # The runner sent the tool's output back and asked for the next response.
    received = server.connections[0].received
    outputs = [
        getattr(e.item, "output", None)
        for e in received
        if getattr(e, "type", "") == "conversation.item.create"
    ]
    assert "Sunny in Paris" in outputs
    assert responder.remaining == 0
