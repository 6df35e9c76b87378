"""The response the Session requests after running tool calls: its parameters and its handle."""

from __future__ import annotations

import logging

import anyio
import pytest

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk.events import beta
from realtime_sdk.testing import FakeRealtimeServer, FunctionCall, Reply, ScriptedResponder

pytestmark = pytest.mark.anyio


@rt.tool
def get_weather(city: str) -> str:
    """Current weather for a city.

    Args:
        city: the city name.
    """
    return f"Sunny in {city}"


def _responder() -> ScriptedResponder:
    return ScriptedResponder(
        [
            Reply(function_calls=[FunctionCall(name="get_weather", arguments={"city": "Paris"})]),
            Reply(text="It is sunny."),
        ]
    )


class _Collector:
    """An `on_tool_response` callback that keeps the handles it is given."""

    def __init__(self) -> None:
        self.handles: list[rt.ResponseHandle] = []
        self._got = anyio.Event()

    def __call__(self, handle: rt.ResponseHandle) -> None:
        self.handles.append(handle)
        self._got.set()

    async def first(self) -> rt.ResponseHandle:
        with anyio.fail_after(10):
            await self._got.wait()
        return self.handles[0]


async def _ask(session: rt.Session) -> rt.ResponseHandle:
    await session.create_item(ev.MessageItem.user_text("Weather in Paris?"))
    return await session.create_response(ev.ResponseCreateParams(output_modalities=["text"]))


async def test_follow_up_uses_the_given_parameters_and_is_observable_as_a_handle() -> None:
    follow_ups = _Collector()
    params = ev.ResponseCreateParams(output_modalities=["text"], instructions="Answer in one line.")
    async with FakeRealtimeServer(responder=_responder()) as server:
        async with rt.Session(
            transport=server.connect_memory(),
            tools=[get_weather],
            auto_tool_response=params,
            on_tool_response=follow_ups,
        ) as session:
            first = await _ask(session)
            await first.done()
            follow_up = await follow_ups.first()
            with anyio.fail_after(10):
                response = await follow_up.done()
    assert follow_up is not first
    assert follow_up.response_id == response.id != first.response_id
    assert response.status == "completed"
    assert follow_up.text == "It is sunny."
    assert follow_up.audio_ms == 0  # text only, although the session's default is audio
    creates = [e for e in server.connections[0].received if isinstance(e, ev.ResponseCreate)]
    assert len(creates) == 2
    sent = creates[1].response
    assert isinstance(sent, ev.ResponseCreateParams)
    assert sent.output_modalities == ["text"]
    assert sent.instructions == "Answer in one line."
    assert sent.metadata == {"realtime_sdk_handle": follow_up.event_id}  # bound exactly


async def test_default_follow_up_keeps_the_session_settings() -> None:
    follow_ups = _Collector()
    async with FakeRealtimeServer(responder=_responder()) as server:
        async with rt.Session(
            transport=server.connect_memory(), tools=[get_weather], on_tool_response=follow_ups
        ) as session:
            await (await _ask(session)).done()
            follow_up = await follow_ups.first()
            with anyio.fail_after(10):
                await follow_up.done()
    creates = [e for e in server.connections[0].received if isinstance(e, ev.ResponseCreate)]
    assert creates[1].response.output_modalities is rt.UNSET  # type: ignore[union-attr]
    assert follow_up.audio_ms > 0  # the fake server's session default: audio


async def test_a_failing_callback_is_logged_and_the_follow_up_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(handle: rt.ResponseHandle) -> None:
        raise ValueError("callback bug")

    async with FakeRealtimeServer(responder=_responder()) as server:
        async with rt.Session(
            transport=server.connect_memory(),
            tools=[get_weather],
            auto_tool_response=ev.ResponseCreateParams(output_modalities=["text"]),
            on_tool_response=broken,
        ) as session:
            await (await _ask(session)).done()
            with anyio.fail_after(10):
                async for event in session:
                    if isinstance(event, ev.ResponseDone) and event.response.output:
                        item = event.response.output[0]
                        if isinstance(item, ev.MessageItem) and item.role == "assistant":
                            break
    assert any("on_tool_response" in r.getMessage() for r in caplog.records)
    assert any(r.levelno == logging.ERROR for r in caplog.records)


def test_auto_tool_response_must_be_params_of_the_dialect() -> None:
    with pytest.raises(TypeError, match="auto_tool_response"):
        rt.Session(transport=object(), auto_tool_response="text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="beta dialect's ResponseCreateParams"):
        rt.Session(
            transport=object(),  # type: ignore[arg-type]
            dialect="beta",
            auto_tool_response=ev.ResponseCreateParams(),
        )
    rt.Session(
        transport=object(),  # type: ignore[arg-type]
        dialect="beta",
        auto_tool_response=beta.ResponseCreateParams(modalities=["text"]),
    )
