"""Session end to end against real loopback servers (the fake server and raw WebSocket servers),
on asyncio and trio."""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from websockets.http11 import Request, Response

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk._transports import WebSocketTransport, http_response, serve_websocket
from realtime_sdk.events import beta
from realtime_sdk.testing import FakeRealtimeServer, Faults, FunctionCall, Reply, ScriptedResponder

pytestmark = pytest.mark.anyio

KEY = "sk-test-0123456789"
VAD_OFF = ev.SessionConfig(
    audio=ev.SessionAudioConfig(input=ev.AudioInputConfig(turn_detection=None))
)


def pcm_tone(ms: int, amplitude: int = 8000) -> bytes:
    import math

    n = 24 * ms
    return b"".join(
        int(amplitude * math.sin(2 * math.pi * 440 * i / 24000)).to_bytes(2, "little", signed=True)
        for i in range(n)
    )


async def until(session: rt.Session, wire_type: str) -> list[Any]:
    seen = []
    with anyio.fail_after(10):
        async for event in session:
            seen.append(event)
            if event.type == wire_type:
                return seen
    raise AssertionError(f"stream ended before {wire_type}: {[e.type for e in seen]}")


@pytest.fixture
async def server() -> AsyncIterator[FakeRealtimeServer]:
    async with FakeRealtimeServer(api_key=KEY) as srv:
        yield srv


def session_for(srv: FakeRealtimeServer, **kw: Any) -> rt.Session:
    return rt.Session(model="gpt-realtime", base_url=srv.base_url, api_key=KEY, **kw)


# --- connecting -------------------------------------------------------------------------------


async def test_enter_waits_for_session_created(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        assert session.state.value == "open"
        assert isinstance(session.created_event, ev.SessionCreated)
        assert isinstance(session.server_session, ev.SessionConfig)
        first = await session.recv()  # session.created is also delivered to the reader
        assert isinstance(first, ev.SessionCreated)
    assert session.closed
    record = server.connections[0]
    assert record.path == "/v1/realtime"
    assert record.query["model"] == "gpt-realtime"
    assert record.headers["authorization"] == f"Bearer {KEY}"
    assert "openai-beta" not in record.headers


async def test_headers_for_openai_organization_project_and_extra(
    server: FakeRealtimeServer,
) -> None:
    async with session_for(
        server, organization="org-1", project="proj-9", headers={"X-Trace": "t1"}, query={"a": "b"}
    ):
        pass
    h = server.connections[0].headers
    assert (h["openai-organization"], h["openai-project"], h["x-trace"]) == (
        "org-1",
        "proj-9",
        "t1",
    )
    assert server.connections[0].query["a"] == "b"


async def test_azure_paths_and_api_key_header() -> None:
    async with FakeRealtimeServer(api_key="az-key") as srv:
        endpoint = srv.base_url.removesuffix("/v1")
        async with rt.Session(azure_endpoint=endpoint, azure_deployment="dep1", api_key="az-key"):
            pass
        async with rt.Session(
            azure_endpoint=endpoint,
            azure_deployment="dep2",
            api_version="2024-10-01-preview",
            api_key="az-key",
        ):
            pass
    ga, preview = srv.connections
    assert (ga.path, ga.query) == ("/openai/v1/realtime", {"model": "dep1"})
    assert preview.path == "/openai/realtime"
    assert preview.query == {"api-version": "2024-10-01-preview", "deployment": "dep2"}
    assert ga.headers["api-key"] == "az-key"
    assert "authorization" not in ga.headers


async def test_azure_async_token_provider() -> None:
    async def provider() -> str:
        await anyio.lowlevel.checkpoint()
        return "entra-token"

    async with FakeRealtimeServer(api_key="entra-token") as srv:
        endpoint = srv.base_url.removesuffix("/v1")
        async with rt.Session(
            azure_endpoint=endpoint, azure_deployment="d", token_provider=provider
        ):
            pass
    assert srv.connections[0].headers["authorization"] == "Bearer entra-token"


async def test_beta_dialect_header_and_events() -> None:
    async with FakeRealtimeServer() as srv:
        async with rt.Session(model="m", base_url=srv.base_url, dialect="beta") as session:
            assert isinstance(session.created_event, beta.SessionCreated)
            await session.create_item(beta.MessageItem.user_text("hello"), wait=True)
            await session.create_response()
            events = await until(session, "response.done")
    assert srv.connections[0].headers["openai-beta"] == "realtime=v1"
    assert "response.text.delta" in [e.type for e in events] or "response.audio.delta" in [
        e.type for e in events
    ]


async def test_wrong_key_is_authentication_error_without_the_key(
    server: FakeRealtimeServer,
) -> None:
    with pytest.raises(rt.AuthenticationError) as info:
        async with rt.Session(model="m", base_url=server.base_url, api_key="sk-wrong-secret"):
            pass
    assert info.value.status_code == 401
    assert "Incorrect API key" in str(info.value)
    assert "sk-wrong-secret" not in str(info.value)


@pytest.mark.parametrize(
    ("status", "exc"),
    [(404, rt.NotFoundError), (429, rt.RateLimitError), (500, rt.RealtimeHandshakeError)],
)
async def test_handshake_errors_are_typed(status: int, exc: type[Exception]) -> None:
    def refuse(request: Request) -> Response:
        return http_response(status, json.dumps({"error": {"message": f"refused {status}"}}))

    async def never(ws: WebSocketTransport[Any]) -> None:  # pragma: no cover - refused first
        raise AssertionError

    async with serve_websocket(never, process_request=refuse) as srv:
        with pytest.raises(exc, match=f"refused {status}") as info:
            async with rt.Session(model="m", base_url=srv.url):
                pass
    assert info.value.status_code == status  # type: ignore[attr-defined]


async def test_connection_refused_is_connect_error() -> None:
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    await listener.aclose()
    with pytest.raises(rt.ConnectError):
        async with rt.Session(model="m", base_url=f"ws://127.0.0.1:{port}/v1"):
            pass


async def test_plaintext_credentials_to_remote_host_are_refused() -> None:
    with pytest.raises(rt.ConfigurationError, match="allow_insecure"):
        rt.Session(model="m", base_url="ws://realtime.example.com/v1", api_key=KEY)


async def test_key_never_in_repr_or_logs(
    server: FakeRealtimeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="realtime_sdk")
    async with session_for(server) as session:
        assert KEY not in repr(session)
        await session.append_audio(pcm_tone(200))
        await session.update_session(instructions="Be brief.", wait=True)
    text = caplog.text
    assert KEY not in text
    assert "connecting to" in text
    assert "session.updated" in text  # events are logged at DEBUG
    assert "9600 bytes of audio" in text  # audio payloads are summarised, never dumped


# --- sending and correlation --------------------------------------------------------------------


async def test_every_send_method_writes_the_expected_json(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.update_session(VAD_OFF, instructions="Be brief.", wait=True)
        added = await session.create_item(ev.MessageItem.user_text("hi", id="item_u1"), wait=True)
        assert isinstance(added, ev.ConversationItemAdded)
        await session.append_audio(pcm_tone(150))
        committed = await session.commit_audio(wait=True)
        assert isinstance(committed, ev.InputAudioBufferCommitted)
        await session.append_audio(b"\x00\x00" * 100)
        assert isinstance(await session.clear_audio(wait=True), ev.InputAudioBufferCleared)
        retrieved = await session.retrieve_item("item_u1")
        assert isinstance(retrieved, ev.ConversationItemRetrieved)
        assert isinstance(
            await session.delete_item("item_u1", wait=True), ev.ConversationItemDeleted
        )
        handle = await session.create_response(
            ev.ResponseCreateParams(output_modalities=["text"]), wait=True
        )
        assert isinstance(handle.created, ev.ResponseCreated)
        await until(session, "response.done")
        await session.send_raw('{"type":"input_audio_buffer.clear","event_id":"raw_1"}')
        await until(session, "input_audio_buffer.cleared")
    received = server.connections[0].received
    types = [e.type for e in received]
    assert types == [
        "session.update",
        "conversation.item.create",
        "input_audio_buffer.append",
        "input_audio_buffer.commit",
        "input_audio_buffer.append",
        "input_audio_buffer.clear",
        "conversation.item.retrieve",
        "conversation.item.delete",
        "response.create",
        "input_audio_buffer.clear",
    ]
    # Event ids are assigned, unique, and the raw one is kept.
    ids = [e.event_id for e in received]
    assert len(set(ids)) == len(ids)
    assert ids[-1] == "raw_1"
    update = received[0]
    assert isinstance(update, ev.SessionUpdate)
    assert json.loads(rt.encode_client_event(update))["session"] == {
        "type": "realtime",
        "instructions": "Be brief.",
        "audio": {"input": {"turn_detection": None}},
    }
    append = received[2]
    assert isinstance(append, ev.InputAudioBufferAppend)
    assert append.audio_bytes == pcm_tone(150)


async def test_truncate_and_cancel(server: FakeRealtimeServer) -> None:
    slow = ScriptedResponder([Reply(text="one two three four five six", pause_ms=50)])
    async with FakeRealtimeServer(responder=slow) as srv, session_for(srv) as session:
        await session.create_item(ev.MessageItem.user_text("talk"))
        handle = await session.create_response(
            ev.ResponseCreateParams(output_modalities=["text"]), wait=True
        )
        assert isinstance(handle.created, ev.ResponseCreated)
        done = await session.cancel_response(wait=True)
        assert isinstance(done, ev.ResponseDone)
        assert done.response.status == "cancelled"
        await session.truncate_item("item_x", audio_end_ms=100)
        error = (await until(session, "error"))[-1]
        assert isinstance(error, ev.ErrorEvent)  # unknown item: an error event, session lives on
        assert not session.closed
    truncate = srv.connections[0].received[-1]
    assert isinstance(truncate, ev.ConversationItemTruncate)
    assert (truncate.item_id, truncate.content_index, truncate.audio_end_ms) == ("item_x", 0, 100)


async def test_server_error_for_awaited_event(server: FakeRealtimeServer) -> None:
    bad = ev.SessionConfig(
        audio=ev.SessionAudioConfig(output=ev.AudioOutputConfig(voice="not-a-voice"))
    )
    async with session_for(server) as session:
        with pytest.raises(rt.ServerError) as info:
            await session.update_session(bad, wait=True)
        err = info.value
        assert err.type == "invalid_request_error"
        assert err.code
        assert err.param
        assert err.event_id == server.connections[0].received[-1].event_id
        # The error event is also delivered to the reader, and the session stays usable.
        events = await until(session, "error")
        assert isinstance(events[-1], ev.ErrorEvent)
        assert isinstance(
            await session.update_session(instructions="ok", wait=True), ev.SessionUpdated
        )


async def test_concurrent_senders_keep_their_order(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:

        async def sender(tag: int) -> None:
            for i in range(20):
                await session.send(ev.InputAudioBufferAppend(event_id=f"s{tag}_{i}", audio=b"\0\0"))

        async with anyio.create_task_group() as tg:
            for tag in range(4):
                tg.start_soon(sender, tag)
        await session.clear_audio(wait=True)
    ids = [e.event_id for e in server.connections[0].received if e.type.endswith("append")]
    assert len(ids) == 80
    for tag in range(4):
        mine = [i for i in ids if i.startswith(f"s{tag}_")]
        assert mine == [f"s{tag}_{i}" for i in range(20)]


async def test_wait_times_out_with_a_typed_error() -> None:
    async def silent_after_created(ws: WebSocketTransport[Any]) -> None:
        await ws.send_text(
            json.dumps(
                {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}}
            )
        )
        try:
            while True:
                await ws.receive_text()  # read and never answer
        except rt.ConnectionClosed:
            pass

    async with serve_websocket(silent_after_created) as srv:
        async with rt.Session(
            model="m", base_url=srv.url, timeouts=rt.Timeouts(answer=0.2)
        ) as session:
            with pytest.raises(rt.RealtimeTimeoutError, match=r"no answer to session\.update"):
                await session.update_session(instructions="x", wait=True)


# --- receiving, closing ----------------------------------------------------------------------------


async def test_normal_close_ends_iteration_quietly() -> None:
    faults = Faults(close_after=1, close_code=1000, close_reason="bye")
    async with FakeRealtimeServer(faults=faults) as srv, session_for(srv) as session:
        seen = [event.type async for event in session]
        assert seen == ["session.created"]
        with pytest.raises(rt.ConnectionClosedOK):
            await session.recv()
        with pytest.raises(rt.ConnectionClosedOK):
            await session.append_audio(b"\0\0")


async def test_abnormal_close_raises_with_code_and_reason() -> None:
    faults = Faults(close_after=1, close_code=1011, close_reason="overloaded")
    async with FakeRealtimeServer(faults=faults) as srv, session_for(srv) as session:
        with pytest.raises(rt.ConnectionClosedError) as info:
            async for _ in session:
                pass
        assert (info.value.code, info.value.reason) == (1011, "overloaded")
        assert session.close_code == 1011


async def test_abrupt_drop_is_1006() -> None:
    async with FakeRealtimeServer(faults=Faults(close_abruptly_after=1)) as srv:
        async with session_for(srv) as session:
            with pytest.raises(rt.ConnectionClosedError) as info:
                async for _ in session:
                    pass
            assert info.value.code == 1006


async def test_undecodable_server_message_is_a_typed_notice_and_the_session_continues() -> None:
    async with FakeRealtimeServer(faults=Faults(malformed_frame_after=1)) as srv:
        async with session_for(srv) as session:
            assert isinstance(await session.recv(), ev.SessionCreated)
            notice = await session.recv()
            assert isinstance(notice, rt.UndecodableFrame)
            assert isinstance(notice.error, rt.EventDecodeError)
            assert session.undecodable_frames == 1
            assert isinstance(
                await session.update_session(instructions="x", wait=True), ev.SessionUpdated
            )


async def test_undecodable_server_message_raises_in_strict_mode_and_the_session_continues() -> None:
    async with FakeRealtimeServer(faults=Faults(malformed_frame_after=1)) as srv:
        async with session_for(srv, strict=True) as session:
            assert isinstance(await session.recv(), ev.SessionCreated)
            with pytest.raises(rt.EventDecodeError):
                await session.recv()
            assert isinstance(
                await session.update_session(instructions="x", wait=True), ev.SessionUpdated
            )


async def test_unknown_event_type_is_yielded(server: FakeRealtimeServer) -> None:
    async with FakeRealtimeServer(faults=Faults(unknown_event_after=1)) as srv:
        async with session_for(srv) as session:
            await session.recv()
            event = await session.recv()
            assert isinstance(event, rt.UnknownEvent)


async def test_ping_timeout_closes_with_1011() -> None:
    async with FakeRealtimeServer(faults=Faults(stop_reading_after=0)) as srv:
        async with session_for(
            srv, timeouts=rt.Timeouts(ping_interval=0.1, ping_timeout=0.3)
        ) as session:
            for _ in range(4):  # fill the server's tiny queue so it stops reading the socket
                await session.append_audio(b"\0\0" * 4000)
            with pytest.raises(rt.ConnectionClosedError) as info, anyio.fail_after(10):
                async for _ in session:
                    pass
            assert info.value.code == 1011


async def test_second_concurrent_iterator_is_refused(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        iterator = session.__aiter__()
        with pytest.raises(rt.UsageError, match="already being iterated"):
            session.__aiter__()
        del iterator
        session.__aiter__()  # the first one is gone: a new iteration may start


async def test_concurrent_recv_is_refused(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.recv()
        errors: list[BaseException] = []

        async def second() -> None:
            try:
                await session.recv()
            except rt.UsageError as exc:
                errors.append(exc)

        async with anyio.create_task_group() as tg:
            tg.start_soon(session.recv)
            await anyio.sleep(0.05)
            tg.start_soon(second)
            await anyio.sleep(0.05)
            await session.update_session(instructions="wake up")  # answers the first recv
        assert len(errors) == 1


async def test_backpressure_slow_consumer_bounds_memory() -> None:
    sent = 0
    payload = base64.b64encode(os.urandom(45_000)).decode()  # incompressible: no deflate shortcut

    async def firehose(ws: WebSocketTransport[Any]) -> None:
        nonlocal sent
        created = {"type": "session.created", "event_id": "e", "session": {"type": "realtime"}}
        await ws.send_text(json.dumps(created))
        for i in range(800):
            await ws.send_text(json.dumps({"type": "x.blob", "event_id": f"e{i}", "data": payload}))
            sent += 1

    async with serve_websocket(firehose) as srv:
        async with rt.Session(
            model="m", base_url=srv.url, limits=rt.Limits(max_buffer=4)
        ) as session:
            await session.recv()  # a reader that then stops reading
            # The reader stops: the server's sends stall once the bounded buffers and the socket are
            # full (TCP backpressure), far short of the 800 messages (48 MB) it wants to send.
            previous = -1
            with anyio.fail_after(30):
                while sent != previous:
                    previous = sent
                    await anyio.sleep(0.5)
            assert sent < 400
            received = 0
            with anyio.fail_after(60):
                async for event in session:
                    if event.type == "x.blob":
                        assert isinstance(event, rt.UnknownEvent)
                        assert event.raw["event_id"] == f"e{received}"
                        received += 1
                        if received == 800:
                            break
            assert received == 800


async def test_a_session_nobody_reads_does_not_stall_its_handles(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        FakeRealtimeServer() as srv,
        session_for(srv, limits=rt.Limits(max_buffer=8)) as session,
    ):
        await session.update_session(ev.SessionConfig(output_modalities=["text"]), wait=True)
        for n in range(3):
            await session.create_item(ev.MessageItem.user_text(f"message number {n} " * 5))
            handle = await session.create_response()
            with anyio.fail_after(10):
                text = "".join([t async for t in handle.text_deltas()])
            assert f"message number {n}" in text
        assert session.dropped_events > 0
    assert "not being read" in caplog.text


async def test_cancelled_recv_loses_nothing(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.recv()
        with anyio.move_on_after(0.05):
            await session.recv()  # nothing comes: cancelled
        await session.update_session(instructions="x")
        event = await session.recv()
        assert isinstance(event, ev.SessionUpdated)


async def test_cancelled_wait_leaves_the_session_usable(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        with anyio.CancelScope() as scope:
            scope.cancel()
            await session.update_session(instructions="x", wait=True)
        assert isinstance(
            await session.update_session(instructions="y", wait=True), ev.SessionUpdated
        )


async def test_cancelled_connect_leaves_nothing_behind() -> None:
    async def hang(ws: WebSocketTransport[Any]) -> None:
        await anyio.sleep_forever()  # never sends session.created

    async with serve_websocket(hang) as srv:
        session = rt.Session(model="m", base_url=srv.url)
        with anyio.move_on_after(0.2):
            await session.__aenter__()
        assert session.closed
        with pytest.raises(rt.UsageError):
            await session.__aenter__()


async def test_session_created_timeout() -> None:
    async def hang(ws: WebSocketTransport[Any]) -> None:
        await anyio.sleep_forever()

    async with serve_websocket(hang) as srv:
        with pytest.raises(rt.RealtimeTimeoutError, match=r"session\.created"):
            async with rt.Session(model="m", base_url=srv.url, timeouts=rt.Timeouts(session=0.2)):
                pass


async def test_leaving_while_streaming_is_prompt() -> None:
    long = ScriptedResponder([Reply(text="x" * 400, pause_ms=20)])
    async with FakeRealtimeServer(responder=long) as srv:
        with anyio.fail_after(5):
            async with session_for(srv) as session:
                await session.create_item(ev.MessageItem.user_text("go"))
                await session.create_response(wait=True)
                await until(session, "response.output_audio_transcript.delta")
        assert session.closed


async def test_send_before_enter_is_a_usage_error() -> None:
    session = rt.Session(model="m", base_url="ws://127.0.0.1:1/v1")
    with pytest.raises(rt.UsageError):
        await session.append_audio(b"\0\0")
    with pytest.raises(rt.UsageError, match="takes bytes"):
        await session.append_audio("not bytes")  # type: ignore[arg-type]


# --- the three turns a voice bot makes (the fake server's faithfulness, with this SDK) ------------


async def test_text_turn(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.update_session(ev.SessionConfig(output_modalities=["text"]), wait=True)
        await session.create_item(ev.MessageItem.user_text("Hello there"), wait=True)
        await session.create_response()
        events = await until(session, "response.done")
    text = "".join(e.delta for e in events if isinstance(e, ev.ResponseOutputTextDelta))
    assert "Hello there" in text
    done = events[-1]
    assert isinstance(done, ev.ResponseDone)
    assert done.response.status == "completed"
    assert isinstance(done.response.usage, ev.Usage)
    assert done.response.usage.total_tokens > 0  # type: ignore[operator]


async def test_audio_turn(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.update_session(VAD_OFF, wait=True)
        for _ in range(5):
            await session.append_audio(pcm_tone(100))
        await session.commit_audio(wait=True)
        await session.create_response()
        events = await until(session, "response.done")
    audio = b"".join(e.audio_bytes for e in events if isinstance(e, ev.ResponseOutputAudioDelta))
    transcript = "".join(
        e.delta for e in events if isinstance(e, ev.ResponseOutputAudioTranscriptDelta)
    )
    assert len(audio) > 0
    assert "0.5 seconds" in transcript


async def test_function_call_turn() -> None:
    responder = ScriptedResponder(
        [
            Reply(function_calls=[FunctionCall(name="get_weather", arguments={"city": "Paris"})]),
            Reply(text="It is sunny in Paris."),
        ]
    )
    tool = ev.FunctionTool(
        name="get_weather",
        description="Weather for a city.",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}},
    )
    async with FakeRealtimeServer(responder=responder) as srv, session_for(srv) as session:
        await session.update_session(
            ev.SessionConfig(output_modalities=["text"]), tools=[tool], wait=True
        )
        await session.create_item(ev.MessageItem.user_text("Weather in Paris?"))
        await session.create_response()
        events = await until(session, "response.done")
        call = next(e for e in events if isinstance(e, ev.ResponseFunctionCallArgumentsDone))
        assert json.loads(call.arguments) == {"city": "Paris"}
        await session.create_item(
            ev.FunctionCallOutputItem(call_id=call.call_id, output='{"sky": "sunny"}')
        )
        await session.create_response()
        events = await until(session, "response.done")
    text = "".join(e.delta for e in events if isinstance(e, ev.ResponseOutputTextDelta))
    assert text == "It is sunny in Paris."


# --- response handles ----------------------------------------------------------------------------


async def test_response_handle_streams_and_finishes(server: FakeRealtimeServer) -> None:
    async with session_for(server) as session:
        await session.update_session(VAD_OFF, wait=True)
        await session.create_item(ev.MessageItem.user_text("Handles please"))
        handle = await session.create_response()
        chunks: list[bytes] = []
        text: list[str] = []
        async with anyio.create_task_group() as tg:

            async def main_loop() -> None:
                # The session's own iterator still sees every event, handle or not.
                types = [e.type for e in await until(session, "response.done")]
                assert "response.output_audio.delta" in types

            tg.start_soon(main_loop)
            async for event in handle.events():
                if isinstance(event, ev.ResponseOutputAudioDelta):
                    chunks.append(event.audio_bytes)
                elif isinstance(event, ev.ResponseOutputAudioTranscriptDelta):
                    text.append(event.delta)
        response = await handle.done()
        assert response.status == "completed"
        assert response.usage.total_tokens > 0
        assert "".join(text) == handle.transcript
        assert "Handles please" in handle.transcript
        assert handle.audio_ms == pytest.approx(len(b"".join(chunks)) / 48)
        assert handle.time_to_first_audio is not None
        assert handle.duration is not None
        assert handle.duration >= handle.time_to_first_audio
        assert handle.time_to_first_text is None  # audio output: no text deltas


async def test_two_handles_get_their_own_deltas() -> None:
    responder = ScriptedResponder([Reply(text="first answer"), Reply(text="second answer")])
    async with FakeRealtimeServer(responder=responder) as srv, session_for(srv) as session:
        await session.update_session(ev.SessionConfig(output_modalities=["text"]), wait=True)
        first = await session.create_response()
        await first.done()
        second = await session.create_response()
        assert [t async for t in second.text_deltas()]
        await second.done()
        assert (first.text, second.text) == ("first answer", "second answer")
        assert first.response_id != second.response_id
        # Deltas buffered before anyone iterated are not lost.
        assert "".join([t async for t in first.text_deltas()]) == "first answer"


async def test_handle_cancel() -> None:
    slow = ScriptedResponder([Reply(text="a b c d e f g h i j k l m n o p", pause_ms=30)])
    async with FakeRealtimeServer(responder=slow) as srv, session_for(srv) as session:
        await session.update_session(ev.SessionConfig(output_modalities=["text"]), wait=True)
        handle = await session.create_response()
        async for _ in handle.text_deltas():
            break
        await handle.cancel()
        response = await handle.done()
        assert response.status == "cancelled"
        assert len(handle.text) < len("a b c d e f g h i j k l m n o p")


async def test_handle_of_a_refused_response_raises_server_error() -> None:
    async with FakeRealtimeServer() as srv, session_for(srv) as session:
        bad = ev.ResponseCreateParams(output_modalities=["smell"])  # type: ignore[list-item]
        handle = await session.create_response(bad)
        with pytest.raises(rt.ServerError):
            await handle.done()


async def test_handles_end_when_the_connection_drops() -> None:
    slow = ScriptedResponder([Reply(text="x" * 200, pause_ms=20)])
    faults = Faults(close_abruptly_after=8)
    async with FakeRealtimeServer(responder=slow, faults=faults) as srv:
        async with session_for(srv) as session:
            handle = await session.create_response()
            with pytest.raises(rt.ConnectionClosedError), anyio.fail_after(10):
                await handle.done()


# --- interruption ------------------------------------------------------------------------------------


async def test_barge_in_cancels_and_truncates_at_the_played_position() -> None:
    from realtime_sdk import PlaybackTracker

    long_answer = ScriptedResponder([Reply(text="This is a long answer. " * 10, pause_ms=5)])
    tracker = PlaybackTracker()
    async with FakeRealtimeServer(responder=long_answer) as srv:
        async with session_for(srv, playback=tracker) as session:
            await session.update_session(
                ev.SessionConfig(
                    audio=ev.SessionAudioConfig(
                        input=ev.AudioInputConfig(
                            turn_detection=ev.ServerVAD(
                                create_response=False, interrupt_response=False
                            )
                        )
                    )
                ),
                wait=True,
            )
            await session.create_item(ev.MessageItem.user_text("Tell me a story"))
            handle = await session.create_response()
            played = 0
            async for chunk in handle.audio_chunks():
                tracker.played(chunk[: len(chunk) // 2])  # the speaker is slower than the stream
                played += len(chunk) // 2
                if played >= 24_000 * 2 * 0.3:  # 300 ms played: the user starts talking
                    break
            speaking = pcm_tone(600, amplitude=16000)
            await session.append_audio(speaking)
            seen: set[str] = set()
            with anyio.fail_after(10):
                async for event in session:  # the app's main loop keeps reading events
                    seen.add(event.type)
                    if handle.finished and "conversation.item.truncated" in seen:
                        break
            assert "input_audio_buffer.speech_started" in seen
            assert (await handle.done()).status == "cancelled"
    sent = srv.connections[0].received
    truncate = next(e for e in sent if isinstance(e, ev.ConversationItemTruncate))
    assert truncate.item_id == handle.done_event.response.output[0].id
    assert truncate.audio_end_ms == pytest.approx(played / 48, abs=2)
    assert any(isinstance(e, ev.ResponseCancel) for e in sent)
    assert session.interrupter is not None
    assert session.interrupter.interruptions == 1
