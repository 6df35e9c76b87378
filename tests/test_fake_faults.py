"""FakeRealtimeServer's faults (session expiry, mid-response disconnects, scripted rate limits,
the idle timeout), input audio transcription, TLS and subprotocol auth: over loopback WebSockets
and in memory, on asyncio and trio."""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import orjson
import pytest

import realtime_sdk as rt
from realtime_sdk._exceptions import ConnectionClosedError, ConnectionClosedOK, UsageError
from realtime_sdk._transports import Transport, connect_websocket
from realtime_sdk.events._common import RateLimit
from realtime_sdk.testing import (
    Disconnect,
    FakeRealtimeServer,
    Faults,
    Reply,
    ScriptedResponder,
    Tone,
    Transcription,
)

pytestmark = pytest.mark.anyio

VIAS = ["websocket", "memory"]


@pytest.fixture(params=VIAS)
def via(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@asynccontextmanager
async def connect(
    server: FakeRealtimeServer, via: str, headers: dict[str, str] | None = None
) -> AsyncIterator[Transport]:
    if via == "memory":
        ws = server.connect_memory(headers=headers)
        try:
            yield ws
        finally:
            await ws.aclose()
    else:
        async with connect_websocket(server.url, headers=headers or {}) as ws:
            yield ws


async def send(ws: Transport, obj: dict[str, Any]) -> None:
    await ws.send_text(orjson.dumps(obj).decode())


async def receive(ws: Transport) -> dict[str, Any]:
    with anyio.fail_after(10):
        value: dict[str, Any] = orjson.loads(await ws.receive_text())
    return value


async def receive_until(ws: Transport, type_: str) -> list[dict[str, Any]]:
    events = []
    while True:
        events.append(await receive(ws))
        if events[-1]["type"] == type_:
            return events


async def receive_types_until_closed(ws: Transport, seen: list[str]) -> None:
    while True:
        seen.append((await receive(ws))["type"])


def append(audio: bytes) -> dict[str, Any]:
    return {"type": "input_audio_buffer.append", "audio": base64.b64encode(audio).decode()}


def session_update(**audio_input: Any) -> dict[str, Any]:
    return {
        "type": "session.update",
        "session": {"type": "realtime", "audio": {"input": audio_input}},
    }


# --- session expiry ----------------------------------------------------------------------------


async def test_session_expires_with_the_real_error_then_1001(via: str) -> None:
    before = time.time()
    async with (
        FakeRealtimeServer(faults=Faults(max_session_duration=0.3)) as server,
        connect(server, via) as ws,
    ):
        created = await receive(ws)
        after = time.time()
        # expires_at is the connection's start plus the maximum duration.
        assert int(before + 0.3) <= created["session"]["expires_at"] <= int(after + 0.3)
        error = await receive(ws)
        assert error["type"] == "error"
        assert error["error"]["code"] == "session_expired"
        assert error["error"]["message"] == (
            "Your session hit the maximum duration of 0.005 minutes."
        )
        with pytest.raises(ConnectionClosedOK) as info:
            await receive(ws)
        assert info.value.code == 1001
        assert info.value.reason == error["error"]["message"]


async def test_session_expires_in_the_middle_of_a_response(via: str) -> None:
    # 40 words with 50 ms between deltas take at least 2 s: far past the 0.3 s limit.
    responder = ScriptedResponder([Reply(text="word " * 40, pause_ms=50)])
    faults = Faults(max_session_duration=0.3)
    async with (
        FakeRealtimeServer(faults=faults, responder=responder) as server,
        connect(server, via) as ws,
    ):
        await receive(ws)
        await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
        events = await receive_until(ws, "error")
        assert events[-1]["error"]["code"] == "session_expired"
        assert "response.output_text.delta" in [e["type"] for e in events]
        assert "response.done" not in [e["type"] for e in events]
        with pytest.raises(ConnectionClosedOK) as info:
            await receive(ws)
        assert info.value.code == 1001


def test_expiry_message_counts_whole_minutes() -> None:
    engine = rt.testing.FakeRealtimeEngine(max_session_duration=3600, clock=lambda: 1000.0)
    (created,) = engine.start()
    assert created.session.expires_at == 4600  # type: ignore[attr-defined]
    (error,) = engine.expire()
    assert error.error.message == (  # type: ignore[attr-defined]
        "Your session hit the maximum duration of 60 minutes."
    )


# --- disconnects in the middle of a response ---------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), [(1011, 1011), (None, 1006)])
async def test_disconnect_mid_response_then_a_new_connection_works(
    via: str, code: int | None, expected: int
) -> None:
    responder = ScriptedResponder(
        [
            Reply(text="one two three four five", disconnect=Disconnect(after_steps=2, code=code)),
            Reply(text="back again"),
        ]
    )
    async with FakeRealtimeServer(responder=responder) as server:
        async with connect(server, via) as ws:
            await receive(ws)
            await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
            seen: list[str] = []
            with pytest.raises(ConnectionClosedError) as info:
                await receive_types_until_closed(ws, seen)
            assert info.value.code == expected
            if code is not None:
                assert info.value.reason == "Internal server error"
            assert seen[:2] == ["response.created", "rate_limits.updated"]
            assert seen.count("response.output_text.delta") == 2
            assert "response.done" not in seen
        # Reconnecting reaches the same server, with the same options and responder.
        async with connect(server, via) as ws:
            await receive(ws)
            await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
            events = await receive_until(ws, "response.done")
            text = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
            assert text == "back again"
        assert len(server.connections) == 2


def test_disconnect_rejects_codes_a_close_frame_cannot_carry() -> None:
    with pytest.raises(ValueError, match="1006"):
        Disconnect(code=1006)
    with pytest.raises(ValueError, match="after_steps"):
        Disconnect(after_steps=-1)


# --- rate limits -------------------------------------------------------------------------------


async def test_scripted_rate_limits_follow_response_created(via: str) -> None:
    limits = [RateLimit(name="tokens", limit=1000, remaining=0, reset_seconds=12.5)]
    responder = ScriptedResponder([Reply(text="a", rate_limits=limits), Reply(text="b")])
    async with FakeRealtimeServer(responder=responder) as server, connect(server, via) as ws:
        await receive(ws)
        await send(ws, {"type": "response.create"})
        first = await receive_until(ws, "response.done")
        assert [e["type"] for e in first[:2]] == ["response.created", "rate_limits.updated"]
        assert first[1]["rate_limits"] == [
            {"name": "tokens", "limit": 1000, "remaining": 0, "reset_seconds": 12.5}
        ]
        await send(ws, {"type": "response.create"})
        second = await receive_until(ws, "response.done")
        assert second[1]["type"] == "rate_limits.updated"
        assert {r["name"] for r in second[1]["rate_limits"]} == {"requests", "tokens"}


# --- idle timeout ------------------------------------------------------------------------------


async def test_idle_timeout_commits_the_silence_and_answers(via: str) -> None:
    responder = ScriptedResponder(["Are you still there?"])
    async with FakeRealtimeServer(responder=responder) as server, connect(server, via) as ws:
        await receive(ws)
        await send(
            ws, session_update(turn_detection={"type": "server_vad", "idle_timeout_ms": 200})
        )
        assert (await receive(ws))["type"] == "session.updated"
        await send(ws, append(bytes(Tone(ms=150, amplitude=0).pcm16())))  # silence
        events = await receive_until(ws, "response.done")
        kinds = [e["type"] for e in events]
        assert kinds[:5] == [
            "input_audio_buffer.timeout_triggered",
            "input_audio_buffer.committed",
            "conversation.item.added",
            "conversation.item.done",
            "response.created",
        ]
        triggered = events[0]
        assert (triggered["audio_start_ms"], triggered["audio_end_ms"]) == (0, 150)
        assert events[1]["item_id"] == triggered["item_id"] == events[2]["item"]["id"]
        assert events[2]["item"]["content"] == [{"type": "input_audio", "transcript": None}]
        assert events[-1]["response"]["status"] == "completed"


# --- input audio transcription -----------------------------------------------------------------


async def test_transcription_events_from_the_responders_script(via: str) -> None:
    responder = ScriptedResponder(
        [], transcripts=["hello there", Transcription(error="audio_unintelligible")]
    )
    async with FakeRealtimeServer(responder=responder) as server, connect(server, via) as ws:
        await receive(ws)
        await send(
            ws, session_update(turn_detection=None, transcription={"model": "gpt-4o-transcribe"})
        )
        await receive(ws)
        await send(ws, append(Tone(ms=500).pcm16()))
        await send(ws, {"type": "input_audio_buffer.commit"})
        events = await receive_until(ws, "conversation.item.input_audio_transcription.completed")
        item_id = events[0]["item_id"]
        # The item events keep `transcript: null`, as on the live service.
        assert events[1]["item"]["content"] == [{"type": "input_audio", "transcript": None}]
        deltas = [
            e for e in events if e["type"] == "conversation.item.input_audio_transcription.delta"
        ]
        assert "".join(d["delta"] for d in deltas) == "hello there"
        assert {(d["item_id"], d["content_index"]) for d in deltas} == {(item_id, 0)}
        completed = events[-1]
        assert completed["transcript"] == "hello there"
        # 500 ms of audio is 5 audio tokens; "hello there" is 3 text tokens.
        assert completed["usage"] == {
            "type": "tokens",
            "input_tokens": 5,
            "input_token_details": {"text_tokens": 0, "audio_tokens": 5},
            "output_tokens": 3,
            "total_tokens": 8,
        }
        await send(ws, {"type": "conversation.item.retrieve", "item_id": item_id})
        retrieved = await receive(ws)
        assert retrieved["item"]["content"][0]["transcript"] == "hello there"

        await send(ws, append(Tone(ms=200).pcm16()))
        await send(ws, {"type": "input_audio_buffer.commit"})
        events = await receive_until(ws, "conversation.item.input_audio_transcription.failed")
        assert events[-1]["error"] == {
            "type": "transcription_error",
            "code": "audio_unintelligible",
            "message": "The audio could not be transcribed.",
            "param": None,
        }


async def test_beta_transcription_with_whisper_reports_seconds(via: str) -> None:
    async with (
        FakeRealtimeServer(dialect="beta") as server,
        connect(server, via) as ws,
    ):
        await receive(ws)
        await send(
            ws,
            {
                "type": "session.update",
                "session": {
                    "turn_detection": None,
                    "input_audio_transcription": {"model": "whisper-1"},
                },
            },
        )
        await receive(ws)
        await send(ws, append(Tone(ms=1200).pcm16()))
        await send(ws, {"type": "input_audio_buffer.commit"})
        events = await receive_until(ws, "conversation.item.input_audio_transcription.completed")
        assert events[1]["type"] == "conversation.item.created"
        assert events[1]["item"]["content"][0]["transcript"] is None
        completed = events[-1]
        assert completed["transcript"] == "1.2 seconds of audio"  # default_transcription
        assert completed["usage"] == {"type": "duration", "seconds": 1.2}


async def test_no_transcription_events_when_the_session_does_not_ask(via: str) -> None:
    async with FakeRealtimeServer() as server, connect(server, via) as ws:
        await receive(ws)
        await send(ws, session_update(turn_detection=None))
        await receive(ws)
        await send(ws, append(Tone(ms=300).pcm16()))
        await send(ws, {"type": "input_audio_buffer.commit"})
        await send(ws, {"type": "input_audio_buffer.clear"})
        events = await receive_until(ws, "input_audio_buffer.cleared")
        assert [e["type"] for e in events] == [
            "input_audio_buffer.committed",
            "conversation.item.added",
            "conversation.item.done",
            "input_audio_buffer.cleared",
        ]


# --- TLS ---------------------------------------------------------------------------------------


async def test_tls_server_with_a_session() -> None:
    pytest.importorskip("trustme")
    server = FakeRealtimeServer(tls=True, api_key="sk-tls", responder=ScriptedResponder(["Hi"]))
    async with server:
        assert server.url.startswith("wss://127.0.0.1:")
        assert await anyio.Path(server.ca_path).read_bytes() == server.ca_pem
        assert server.ca_pem.startswith(b"-----BEGIN CERTIFICATE-----")
        async with rt.Session(
            model="gpt-realtime",
            base_url=server.base_url,
            api_key="sk-tls",
            ssl_context=server.ssl_context,
        ) as session:
            updated = await session.update_session(instructions="over TLS", wait=True)
            assert updated is not None
            assert updated.session.instructions == "over TLS"  # type: ignore[attr-defined]
        # Without the CA the certificate is refused: verification stays on.
        with pytest.raises(rt.ConnectError, match=r"(?i)certificate"):
            async with rt.Session(model="m", base_url=server.base_url, api_key="sk-tls"):
                pass
        path = server.ca_path
    assert not await anyio.Path(path).exists()  # the PEM file lives as long as the server
    assert len(server.connections) == 1  # the refused TLS handshake never became a connection
    with pytest.raises(UsageError):
        server.ca_path  # noqa: B018


async def test_plain_server_has_no_ca() -> None:
    server = FakeRealtimeServer()
    with pytest.raises(UsageError, match="tls=True"):
        server.ca_pem  # noqa: B018
    with pytest.raises(UsageError, match="tls=True"):
        server.ssl_context  # noqa: B018


# --- subprotocol auth (browser-style clients) ---------------------------------------------------


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_subprotocol_handshake_with_a_raw_websockets_client(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    """websockets' own asyncio client offers the subprotocols a browser client offers."""
    from websockets.asyncio.client import connect as ws_connect
    from websockets.exceptions import InvalidStatus

    caplog.set_level(logging.DEBUG)

    async with FakeRealtimeServer(api_key="sk-sub") as server:
        offered: Any = ["realtime", "openai-insecure-api-key.sk-sub"]
        async with ws_connect(server.url, subprotocols=offered) as ws:
            assert ws.subprotocol == "realtime"  # echoed, as the real API does
            created = orjson.loads(await ws.recv())
            assert created["type"] == "session.created"
            assert created["session"]["type"] == "realtime"  # GA
        beta: Any = [*offered, "openai-beta.realtime-v1"]
        async with ws_connect(server.url, subprotocols=beta) as ws:
            assert ws.subprotocol == "realtime"
            created = orjson.loads(await ws.recv())
            assert "modalities" in created["session"]  # the beta session shape
        wrong: Any = ["realtime", "openai-insecure-api-key.sk-wrong"]
        with pytest.raises(InvalidStatus) as info:
            async with ws_connect(server.url, subprotocols=wrong):
                pass
        assert info.value.response.status_code == 401
        assert b"sk-wrong" not in info.value.response.body
    assert [c.dialect for c in server.connections] == ["ga", "beta"]
    # The server's own logs never show the key (the client library's debug log is not ours).
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("realtime_sdk")]
    assert ours
    assert not [m for m in ours if "sk-sub" in m or "sk-wrong" in m]


async def test_subprotocol_key_in_memory() -> None:
    async with FakeRealtimeServer(api_key="sk-sub") as server:
        ws = server.connect_memory(
            headers={"Sec-WebSocket-Protocol": "realtime, openai-insecure-api-key.sk-sub"}
        )
        assert (await receive(ws))["type"] == "session.created"
        await ws.aclose()
        with pytest.raises(rt.AuthenticationError):
            server.connect_memory(
                headers={"Sec-WebSocket-Protocol": "realtime, openai-insecure-api-key.nope"}
            )


# --- exceptions from the block -----------------------------------------------------------------


async def test_an_exception_in_the_block_propagates_as_itself() -> None:
    class Boom(Exception):
        pass

    async def run() -> None:
        async with FakeRealtimeServer() as server, connect_websocket(server.url) as ws:
            await receive(ws)
            raise Boom("from the test")

    with pytest.raises(Boom) as info:
        await run()
    assert type(info.value) is Boom  # not an ExceptionGroup around it
