"""The Session's lifecycle under structured concurrency: closing from any task and inside any cancel
scope, a cancelled caller's close frame, a dead peer, a flooded session; on asyncio and trio."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest

import realtime_sdk as rt
from realtime_sdk._transports import WebSocketTransport, serve_websocket
from realtime_sdk.testing import FakeRealtimeServer, Faults

pytestmark = pytest.mark.anyio

CREATED = json.dumps(
    {
        "type": "session.created",
        "event_id": "event_1",
        "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
    }
)


def delta(n: int) -> str:
    return json.dumps(
        {
            "type": "response.output_text.delta",
            "event_id": f"event_d{n}",
            "response_id": "resp_1",
            "item_id": "item_1",
            "output_index": 0,
            "content_index": 0,
            "delta": f"word {n} " * 20,
        }
    )


class CloseRecorder:
    """A server that sends `session.created`, then reads until the client closes, and records how
    the connection ended (the close code the client sent; 1006 when it sent none)."""

    def __init__(self, *, flood: bool = False) -> None:
        self.codes: list[int] = []
        self.ended = anyio.Event()
        self.flood = flood

    async def handler(self, ws: WebSocketTransport[Any]) -> None:
        await ws.send_text(CREATED)
        try:
            if self.flood:
                n = 0
                while True:
                    n += 1
                    await ws.send_text(delta(n))
            while True:
                await ws.receive_text()
        except rt.ConnectionClosed as exc:
            self.codes.append(exc.code)
            self.ended.set()
            raise


async def test_aclose_inside_a_nested_cancel_scope() -> None:
    recorder = CloseRecorder()
    async with serve_websocket(recorder.handler) as srv:
        async with rt.Session(model="m", base_url=srv.url) as session:
            with anyio.move_on_after(5):
                await session.aclose()
            assert session.closed
            assert session.close_code == 1000
            with pytest.raises(rt.ConnectionClosedOK):
                await session.append_audio(b"\0\0")
        with anyio.fail_after(10):
            await recorder.ended.wait()
    assert recorder.codes == [1000]


async def test_aclose_from_a_watchdog_task() -> None:
    recorder = CloseRecorder()
    async with serve_websocket(recorder.handler) as srv:
        async with rt.Session(model="m", base_url=srv.url) as session:
            seen: list[str] = []

            async def watchdog() -> None:
                await anyio.sleep(0.05)
                await session.aclose(4000, "watchdog")

            async def read_all() -> None:
                async for event in session:  # blocked in recv() when the watchdog closes
                    seen.append(event.type)

            with anyio.fail_after(10):
                async with anyio.create_task_group() as tg:
                    tg.start_soon(watchdog)
                    with pytest.raises(rt.ConnectionClosedError) as info:
                        await read_all()
            assert seen == ["session.created"]
            assert (info.value.code, info.value.reason) == (4000, "watchdog")
            assert session.closed
        with anyio.fail_after(10):
            await recorder.ended.wait()
    assert recorder.codes == [4000]


async def test_a_cancelled_caller_still_sends_its_close_frame() -> None:
    recorder = CloseRecorder()
    async with serve_websocket(recorder.handler) as srv:
        with anyio.CancelScope() as scope:
            async with rt.Session(model="m", base_url=srv.url) as session:
                scope.cancel()
                await anyio.sleep_forever()
        assert scope.cancelled_caught
        assert session.closed
        with anyio.fail_after(10):
            await recorder.ended.wait()
    assert recorder.codes == [1000]  # a closing handshake, not a dropped connection (1006)


async def test_a_dead_peer_is_noticed_without_waiting_for_the_close_timeout() -> None:
    # The server stops reading, so it answers neither pings nor a close frame. With a close
    # timeout of 60 s, the session must still end soon after ping_interval + ping_timeout.
    async with FakeRealtimeServer(faults=Faults(stop_reading_after=0)) as srv:
        with anyio.fail_after(30):
            async with rt.Session(
                model="m",
                base_url=srv.base_url,
                timeouts=rt.Timeouts(ping_interval=0.1, ping_timeout=0.3, close=60),
            ) as session:
                for _ in range(4):  # fill the server's tiny queue so it stops reading the socket
                    await session.append_audio(b"\0\0" * 4000)
                with pytest.raises(rt.ConnectionClosedError) as info:
                    async for _ in session:
                        pass
                assert info.value.code == 1011


@pytest.mark.parametrize("compression", [True, False])
async def test_leaving_a_flooded_session_does_not_take_the_close_timeout(
    compression: bool,
) -> None:
    # The server streams without pause and has stopped reading (its one-message queue is full),
    # so it never sees our close frame: leaving must not wait the 60 s close timeout for it.
    recorder = CloseRecorder(flood=True)
    async with serve_websocket(recorder.handler, compression=compression, max_queue=1) as srv:
        with anyio.fail_after(30):
            async with rt.Session(
                model="m", base_url=srv.url, compression=compression, timeouts=rt.Timeouts(close=60)
            ) as session:
                for _ in range(4):
                    await session.append_audio(b"\0\0" * 4000)
                count = 0
                async for _ in session:
                    count += 1
                    if count == 200:
                        break
            await recorder.ended.wait()
    assert session.closed
    assert session.close_code == 1000  # we started the closing handshake


async def test_a_vad_response_before_ours_does_not_take_our_handle() -> None:
    """Regression (binding fault): once the server has echoed a handle tag, an untagged
    `response.created` (server VAD) that arrives before ours is not bound to our handle."""

    def response(event_type: str, response_id: str, tag: str | None, status: str) -> str:
        metadata = {"realtime_sdk_handle": tag} if tag is not None else None
        body = {
            "object": "realtime.response",
            "id": response_id,
            "status": status,
            "metadata": metadata,
        }
        return json.dumps({"type": event_type, "event_id": f"ev_{response_id}", "response": body})

    async def server(ws: WebSocketTransport[Any]) -> None:
        await ws.send_text(CREATED)
        for n in (1, 2):
            request = json.loads(await ws.receive_text())
            assert request["type"] == "response.create"
            tag = request["response"]["metadata"]["realtime_sdk_handle"]
            if n == 2:  # server VAD starts a response just before ours
                await ws.send_text(response("response.created", "resp_vad", None, "in_progress"))
            await ws.send_text(response("response.created", f"resp_{n}", tag, "in_progress"))
            await ws.send_text(response("response.done", f"resp_{n}", tag, "completed"))
        await ws.receive_text()  # until the client closes

    async with serve_websocket(server) as srv:
        async with rt.Session(model="m", base_url=srv.url) as session:
            with anyio.fail_after(10):
                first = await session.create_response()
                await first.done()
                second = await session.create_response(wait=True)
                assert second.response_id == "resp_2"  # not "resp_vad"
                await second.done()
    assert first.response_id == "resp_1"
    assert second.response_id == "resp_2"
