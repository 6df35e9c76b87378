"""ResumableTransport on its own: reconnect attempts, giving up, sends during the gap (in memory)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
import orjson
import pytest

import realtime_sdk as rt
from realtime_sdk._exceptions import handshake_error
from realtime_sdk._link import GaveUp, ResumableTransport
from realtime_sdk.testing import FakeRealtimeServer

pytestmark = pytest.mark.anyio

CREATED = orjson.dumps(
    {
        "type": "session.created",
        "event_id": "evt_1",
        "session": {"type": "realtime", "id": "sess_1", "object": "realtime.session"},
    }
).decode()


class Hooks:
    """The Session's side of the link, recorded."""

    dialect = "ga"
    conversation = None
    server_session = None

    def __init__(self) -> None:
        self.interrupted: list[BaseException] = []
        self.resumed: list[rt.SessionResumed] = []
        self.ids = 0

    def _continuity_interrupted(self, error: rt.ConnectionInterrupted) -> int:
        self.interrupted.append(error)
        return 0

    def _continuity_waiting(self) -> bool:
        return False

    def _continuity_resumed(self, notice: rt.SessionResumed, session_event: Any) -> None:
        self.resumed.append(notice)

    def _next_event_id(self) -> str:
        self.ids += 1
        return f"evt_c{self.ids}"


def failing(error: BaseException, calls: list[int]) -> Any:
    async def connector() -> contextlib.AbstractAsyncContextManager[Any]:
        calls.append(1)

        @contextlib.asynccontextmanager
        async def refuse() -> AsyncIterator[Any]:
            raise error
            yield  # pragma: no cover

        return refuse()

    return connector


@contextlib.asynccontextmanager
async def link_over(connector: Any, **policy: Any) -> AsyncIterator[tuple[Any, Any, Hooks]]:
    client, server = rt.memory_transport_pair()
    hooks = Hooks()
    async with anyio.create_task_group() as tg:
        link = ResumableTransport(
            client,
            connector=connector,
            policy=rt.Reconnect(random=lambda: 0.0, rotate_before=None, **policy),
            hooks=hooks,  # type: ignore[arg-type]
            task_group=tg,
            session_timeout=5,
            answer_timeout=5,
        )
        await server.send_text(CREATED)
        assert await link.receive_text() == CREATED
        yield link, server, hooks
        tg.cancel_scope.cancel()


async def test_attempts_run_out_with_the_last_error(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []
    refused = rt.ConnectError("connection refused by 127.0.0.1:9")
    async with link_over(failing(refused, calls), max_attempts=3) as (link, server, hooks):
        await server.aclose(1011, "server error")
        with pytest.raises(GaveUp) as info:
            await link.receive_text()
        assert info.value.last_error is refused
        assert info.value.attempts == 3
        assert len(calls) == 3
        assert [e.code for e in hooks.interrupted] == [1011]  # work in flight failed at once
        assert hooks.resumed == []
        with pytest.raises(GaveUp):
            await link.send_text("{}")  # sends after giving up raise too
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "giving up reconnecting after 3 attempt(s)" in warnings[0].getMessage()


async def test_a_permanent_refusal_stops_at_once() -> None:
    calls: list[int] = []
    refusal = handshake_error(403, '{"error": {"message": "forbidden"}}')
    async with link_over(failing(refusal, calls), max_attempts=5) as (link, server, _):
        await server.aclose(1006)
        with pytest.raises(GaveUp) as info:
            await link.receive_text()
    assert isinstance(info.value.last_error, rt.AuthenticationError)
    assert len(calls) == 1


@pytest.mark.parametrize("code", [1000, 1008])
async def test_final_closes_end_the_stream(code: int) -> None:
    calls: list[int] = []
    async with link_over(failing(rt.ConnectError("x"), calls)) as (link, server, hooks):
        await server.aclose(code)
        with pytest.raises(rt.ConnectionClosed) as info:
            await link.receive_text()
        assert info.value.code == code
    assert calls == []
    assert hooks.interrupted == []


async def test_closing_does_not_reconnect() -> None:
    calls: list[int] = []
    async with link_over(failing(rt.ConnectError("x"), calls)) as (link, _, _):
        await link.aclose()
        with pytest.raises(rt.ConnectionClosedOK):
            await link.receive_text()
        assert link.closed
    assert calls == []


async def test_sends_wait_for_the_new_connection_and_sends_under_way_fail_fast() -> None:
    gate = anyio.Event()
    async with FakeRealtimeServer() as fake:

        async def connector() -> contextlib.AbstractAsyncContextManager[Any]:
            await gate.wait()  # the new connection takes a while
            return contextlib.nullcontext(fake.connect_memory())

        async with link_over(connector) as (link, server, hooks):
            for n in range(64):  # the old server reads nothing: its queue fills up
                await link.send_text(f'{{"type": "noise", "n": {n}}}')
            outcome: dict[str, Any] = {}

            async def send(name: str, text: str) -> None:
                try:
                    await link.send_text(text)
                    outcome[name] = "sent"
                except rt.ConnectionInterrupted as exc:
                    outcome[name] = exc

            texts: list[str] = []
            async with anyio.create_task_group() as tg:
                tg.start_soon(send, "under way", '{"type": "input_audio_buffer.commit"}')
                await anyio.wait_all_tasks_blocked()
                assert outcome == {}  # blocked by the full queue
                tg.start_soon(_read_into, link, texts, 1)
                await server.aclose(1006)
                await anyio.wait_all_tasks_blocked()
                assert hooks.interrupted  # the loss is known; the new connection is not there
                tg.start_soon(
                    send, "in the gap", '{"type": "input_audio_buffer.clear", "event_id": "e1"}'
                )
                await anyio.wait_all_tasks_blocked()
                assert "in the gap" not in outcome  # waits for the new connection
                gate.set()
            assert isinstance(outcome["under way"], rt.ConnectionInterrupted)
            assert outcome["under way"].code == 1006
            assert outcome["in the gap"] == "sent"
            assert [n.reason for n in hooks.resumed] == ["connection_lost"]
            assert orjson.loads(texts[0])["type"] == "input_audio_buffer.cleared"
            assert fake.connections[0].received_types() == ["input_audio_buffer.clear"]


async def _read_into(link: Any, texts: list[str], count: int) -> None:
    with anyio.fail_after(10):
        while len(texts) < count:
            texts.append(await link.receive_text())


async def test_closing_while_reconnecting_stops_at_once_and_closes_normally() -> None:
    attempts: list[int] = []

    async def connector() -> contextlib.AbstractAsyncContextManager[Any]:
        attempts.append(1)
        await anyio.sleep_forever()  # a connection that never comes
        raise AssertionError  # pragma: no cover

    async with link_over(connector) as (link, server, hooks):
        await server.aclose(1006)
        outcome: list[BaseException] = []

        async def read() -> None:
            try:
                await link.receive_text()
            except rt.ConnectionClosed as exc:
                outcome.append(exc)

        async with anyio.create_task_group() as tg:
            tg.start_soon(read)
            await anyio.wait_all_tasks_blocked()
            assert attempts == [1]
            assert hooks.interrupted
            with anyio.fail_after(5):
                await link.aclose(1000, "bye")
        assert isinstance(outcome[0], rt.ConnectionClosedOK)
        assert (outcome[0].code, outcome[0].reason) == (1000, "bye")
        with pytest.raises(rt.ConnectionClosedOK):
            await link.send_text("{}")
