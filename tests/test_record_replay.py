"""Recording sessions to JSON Lines, reading recordings, and replaying them with ReplayServer."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import anyio
import orjson
import pytest

from realtime_sdk._exceptions import (
    AuthenticationError,
    ConfigurationError,
    ConnectionClosed,
    ConnectionClosedError,
    EventDecodeError,
    RealtimeError,
)
from realtime_sdk._transports import Transport, connect_websocket
from realtime_sdk.events import (
    ConversationItemCreate,
    InputAudioBufferAppend,
    ResponseDone,
    SessionCreated,
    UnknownEvent,
)
from realtime_sdk.events.beta import SessionCreated as BetaSessionCreated
from realtime_sdk.testing import (
    FakeRealtimeServer,
    RecordedMessage,
    Recorder,
    Recording,
    RecordingError,
    RecordingTransport,
    ReplayMismatchError,
    ReplayServer,
    Tone,
    read_recording,
    read_recording_header,
    record_to,
    recorded_events,
    redact_audio,
)

# --- helpers ------------------------------------------------------------------------------------


def dumps(obj: dict[str, Any]) -> str:
    return orjson.dumps(obj).decode()


async def send(ws: Transport, obj: dict[str, Any]) -> None:
    await ws.send_text(dumps(obj))


async def receive(ws: Transport) -> dict[str, Any]:
    with anyio.fail_after(5):
        value: dict[str, Any] = orjson.loads(await ws.receive_text())
    return value


async def receive_until(ws: Transport, type_: str) -> list[dict[str, Any]]:
    events = []
    while True:
        event = await receive(ws)
        events.append(event)
        if event["type"] == type_:
            return events


def user_text(text: str, event_id: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        },
    }
    if event_id is not None:
        event["event_id"] = event_id
    return event


def append(audio: bytes) -> dict[str, Any]:
    return {"type": "input_audio_buffer.append", "audio": base64.b64encode(audio).decode()}


TEXT_SESSION = {
    "type": "session.update",
    "session": {"type": "realtime", "instructions": "Be brief."},
}


async def text_turn(ws: Transport, text: str = "hello") -> list[dict[str, Any]]:
    """session.created, session.update, a user text and a response: every server event."""
    events = [await receive(ws)]
    await send(ws, TEXT_SESSION)
    events.append(await receive(ws))
    await send(ws, user_text(text))
    await send(ws, {"type": "response.create", "response": {"output_modalities": ["text"]}})
    events += await receive_until(ws, "response.done")
    return events


def small_recording() -> list[RecordedMessage]:
    """A hand-made recording: created, update/updated, then item and response."""

    def server(t: float, obj: dict[str, Any]) -> RecordedMessage:
        return RecordedMessage(direction="server", t=t, text=dumps(obj))

    def client(t: float, obj: dict[str, Any]) -> RecordedMessage:
        return RecordedMessage(direction="client", t=t, text=dumps(obj))

    return [
        server(0.0, {"type": "session.created", "event_id": "e1", "session": {}}),
        client(0.1, {"type": "session.update", "event_id": "c1", "session": {"type": "realtime"}}),
        server(0.2, {"type": "session.updated", "event_id": "e2", "session": {}}),
        client(0.3, user_text("hello", "c2")),
        client(0.4, {"type": "response.create", "event_id": "c3"}),
        server(0.5, {"type": "response.done", "event_id": "e3", "response": {"id": "r1"}}),
    ]


# --- Recorder and reader ---------------------------------------------------------------------------


def test_recorder_writes_header_and_messages_as_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "session.jsonl"
    texts = ['{"type":"session.created"}', 'not json \u00e9 \n "quoted"', '{"type":"x"}']
    with Recorder(path, dialect="beta", metadata={"model": "gpt-realtime"}) as recorder:
        recorder.record("server", texts[0])
        recorder.record("client", texts[1])
        # Written as it happens: the lines are in the file before the recorder is closed.
        assert len(path.read_bytes().splitlines()) == 3
        recorder.record("server", texts[2])
        assert recorder.count == 3
    assert recorder.closed
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert lines[0]["format"] == "realtime_sdk.recording"
    assert (lines[0]["version"], lines[0]["dialect"]) == (1, "beta")
    assert lines[0]["metadata"] == {"model": "gpt-realtime"}
    assert [set(line) for line in lines[1:]] == [{"direction", "t", "text"}] * 3
    header = read_recording_header(path)
    assert header.dialect == "beta"
    assert header.started_at is not None
    assert header.started_at.tzinfo is not None
    messages = list(read_recording(path))
    assert [(m.direction, m.text) for m in messages] == [
        ("server", texts[0]),
        ("client", texts[1]),
        ("server", texts[2]),
    ]
    times = [m.t for m in messages]
    assert times == sorted(times)
    assert times[0] >= 0
    assert messages[0].type == "session.created"
    assert messages[1].type is None


def test_recorder_on_text_and_binary_file_objects() -> None:
    text_file, binary_file = io.StringIO(), io.BytesIO()
    for target in (text_file, binary_file):
        with Recorder(target) as recorder:
            recorder.record("client", '{"type":"response.create"}')
    assert not text_file.closed  # a file object given by the caller is left open
    for target in (text_file, binary_file):
        target.seek(0)
        assert read_recording_header(target).version == 1
        target.seek(0)
        assert [m.type for m in read_recording(target)] == ["response.create"]


def test_recorder_rejects_misuse() -> None:
    with pytest.raises(ConfigurationError, match="dialect"):
        Recorder(io.StringIO(), dialect="v2")
    recorder = Recorder(io.StringIO())
    with pytest.raises(RealtimeError, match="direction"):
        recorder.record("both", "{}")  # type: ignore[arg-type]
    recorder.close()
    recorder.close()  # idempotent
    with pytest.raises(RealtimeError, match="closed"):
        recorder.record("client", "{}")


def test_recorder_cannot_open_path(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="cannot open"):
        Recorder(tmp_path / "missing-dir" / "x.jsonl")


def test_a_failing_write_stops_recording_without_raising() -> None:
    class FullDisk(io.StringIO):
        def write(self, s: str) -> int:
            if '"direction"' in s:
                raise OSError(28, "No space left on device")
            return super().write(s)

    recorder = Recorder(FullDisk())
    recorder.record("client", "{}")
    recorder.record("client", "{}")
    assert isinstance(recorder.error, OSError)
    assert recorder.count == 0


def test_redact_audio_keeps_lengths_and_other_events() -> None:
    audio = base64.b64encode(bytes(4800)).decode()
    assert len(audio) == 6400
    redacted = orjson.loads(redact_audio(dumps({**append(bytes(4800)), "event_id": "c1"})))
    assert redacted == {
        "type": "input_audio_buffer.append",
        "audio": "<redacted 6400 chars>",
        "event_id": "c1",
    }
    for delta_type in ("response.output_audio.delta", "response.audio.delta"):
        delta = orjson.loads(redact_audio(dumps({"type": delta_type, "delta": audio})))
        assert delta["delta"] == "<redacted 6400 chars>"
    item = {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_audio", "audio": audio, "transcript": "hi"}],
        },
    }
    part = orjson.loads(redact_audio(dumps(item)))["item"]["content"][0]
    assert part == {"type": "input_audio", "audio": "<redacted 6400 chars>", "transcript": "hi"}
    # Text deltas, session settings (an `audio` object), and non-JSON are left as they are.
    unchanged = [
        dumps({"type": "response.output_text.delta", "delta": audio}),
        dumps({"type": "session.update", "session": {"audio": {"output": {"voice": "marin"}}}}),
        dumps({"type": "response.output_audio_transcript.delta", "delta": "audio.delta"}),
        '{"type": "input_audio_buffer.append", "audio": ',
    ]
    for text in unchanged:
        assert redact_audio(text) == text


async def test_recorder_with_redaction_records_session(anyio_backend: str) -> None:
    stream = io.StringIO()
    async with FakeRealtimeServer() as server:
        transport = record_to(server.connect_memory(), stream, redact_audio=True)
        await receive(transport)
        await send(transport, append(Tone(ms=200).pcm16()))
        await transport.aclose()
    assert transport.recorder.closed
    stream.seek(0)
    assert read_recording_header(stream).redacted_audio is True
    stream.seek(0)
    appended = next(m for m in read_recording(stream) if m.direction == "client")
    assert orjson.loads(appended.text)["audio"] == "<redacted 12800 chars>"


async def test_recording_transport_records_both_directions(
    anyio_backend: str, tmp_path: Path
) -> None:
    path = tmp_path / "rec.jsonl"
    async with FakeRealtimeServer() as server:
        async with connect_websocket(server.url) as ws:
            with Recorder(path, metadata={"url": server.url}) as recorder:
                transport = RecordingTransport(ws, recorder)
                events = await text_turn(transport)
                assert not transport.closed
        record = server.connections[0]
    messages = list(read_recording(path))
    server_texts = [m.text for m in messages if m.direction == "server"]
    assert [orjson.loads(t) for t in server_texts] == events
    assert [m.type for m in messages if m.direction == "client"] == record.received_types()
    assert [m.type for m in messages if m.direction == "server"] == record.sent_types()[
        : len(server_texts)
    ]
    # Each request is recorded before the events it caused.
    order = [m.type for m in messages]
    assert order.index("response.create") < order.index("response.created")
    assert order.index("session.update") < order.index("session.updated")


async def test_recording_transport_on_the_server_side(anyio_backend: str) -> None:
    stream = io.StringIO()
    async with FakeRealtimeServer() as server:
        client = server.connect_memory()
        # Wrap the client end, but declare it the server side: directions swap.
        transport = RecordingTransport(client, Recorder(stream), side="server")
        await receive(transport)
        await send(transport, {"type": "response.create"})
        await transport.aclose()
    stream.seek(0)
    assert [(m.direction, m.type) for m in read_recording(stream)] == [
        ("client", "session.created"),
        ("server", "response.create"),
    ]


async def test_recording_transport_records_utf8_bytes_as_text(anyio_backend: str) -> None:
    stream = io.StringIO()
    async with FakeRealtimeServer() as server:
        transport = RecordingTransport(server.connect_memory(), Recorder(stream))
        await receive(transport)
        await transport.send_text(dumps(user_text("caf\u00e9")).encode())
        assert (await receive(transport))["type"] == "conversation.item.added"
        await transport.aclose()
    assert not transport.recorder.closed  # not asked to close it
    stream.seek(0)
    sent = next(m for m in read_recording(stream) if m.direction == "client")
    assert orjson.loads(sent.text)["item"]["content"][0]["text"] == "caf\u00e9"
    assert server.connections[0].received_types() == ["conversation.item.create"]


async def test_recorded_events_are_typed(anyio_backend: str, tmp_path: Path) -> None:
    path = tmp_path / "rec.jsonl"
    async with FakeRealtimeServer() as server:
        transport = record_to(server.connect_memory(), path)
        await text_turn(transport, "typed")
        await send(transport, {"type": "made.up", "event_id": "c9"})
        assert (await receive(transport))["type"] == "error"
        await transport.aclose()
    events = list(recorded_events(path))
    assert isinstance(events[0].event, SessionCreated)
    assert events[0].direction == "server"
    done = [e.event for e in events if isinstance(e.event, ResponseDone)]
    assert len(done) == 1
    assert done[0].response.status == "completed"
    client = list(recorded_events(path, direction="client"))
    assert {e.direction for e in client} == {"client"}
    created = [e.event for e in client if isinstance(e.event, ConversationItemCreate)]
    assert created[0].item.content[0].text == "typed"  # type: ignore[union-attr]
    assert isinstance(client[-1].event, UnknownEvent)
    assert client[-1].event.type == "made.up"
    assert [e.t for e in events] == sorted(e.t for e in events)


async def test_recorded_events_dialect_from_header(anyio_backend: str) -> None:
    stream = io.StringIO()
    async with FakeRealtimeServer(dialect="beta") as server:
        transport = record_to(server.connect_memory(), stream, dialect="beta")
        await receive(transport)
        await transport.aclose()
    stream.seek(0)
    (event,) = recorded_events(stream)
    assert isinstance(event.event, BetaSessionCreated)


def test_recorded_events_invalid_messages() -> None:
    stream = io.StringIO()
    with Recorder(stream) as recorder:
        recorder.record("server", '{"event_id": 5}')  # not an event: no `type`
        recorder.record("client", '{"type": "input_audio_buffer.append", "audio": "AAAA"}')
    stream.seek(0)
    with pytest.raises(EventDecodeError):
        list(recorded_events(stream))
    stream.seek(0)
    (kept,) = recorded_events(stream, skip_invalid=True)
    assert isinstance(kept.event, InputAudioBufferAppend)
    assert kept.event.audio_bytes == b"\x00\x00\x00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "other"}\n', "line 1: unknown format"),
        ('{"format": "realtime_sdk.recording", "version": 9}\n', "line 1: unsupported"),
        ('{"format": "realtime_sdk.recording", "version": 1}\n\n[1]\n', "line 3: expected a JSON"),
        ('{"direction": "up", "t": 0, "text": ""}\n', "line 1: direction"),
        ('{"direction": "client", "t": "0", "text": ""}\n', "line 1: t must be a number"),
        ('{"direction": "client", "t": 0, "text": 1}\n', "line 1: text must be a string"),
        ('{"direction": "client", "t": 0, "text": ""}\n{oops\n', "line 2: not JSON"),
    ],
)
def test_invalid_recordings_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(RecordingError, match=message):
        list(read_recording(path))
    with pytest.raises(RecordingError, match=message):
        ReplayServer(path)


def test_recording_without_header_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl"
    path.write_text('{"direction": "client", "t": 1, "text": "{}"}\n')
    recording = Recording.load(path)
    assert recording.header.dialect == "ga"
    assert recording.messages == (RecordedMessage(direction="client", t=1.0, text="{}"),)
    with pytest.raises(RecordingError, match="cannot open"):
        list(read_recording(tmp_path / "nope.jsonl"))


# --- ReplayServer ----------------------------------------------------------------------------------


async def test_replay_of_a_recorded_session_over_websocket(
    anyio_backend: str, tmp_path: Path
) -> None:
    path = tmp_path / "rec.jsonl"
    async with FakeRealtimeServer() as server, connect_websocket(server.url) as ws:
        recording = RecordingTransport(ws, Recorder(path), close_recorder=True)
        original = await text_turn(recording)
        await recording.aclose()
        assert recording.closed
    async with ReplayServer(path) as replay:
        assert replay.message_count == len(original) + 3
        assert replay.url == f"ws://127.0.0.1:{replay.port}/v1/realtime"
        async with connect_websocket(replay.url + "?model=gpt-realtime") as ws:
            replayed = await text_turn(ws, "something else")  # types strictness: text may differ
            with anyio.fail_after(5):
                await replay.connections[0].finished.wait()
        with anyio.fail_after(5):
            await replay.connections[0].closed.wait()
    assert replayed == original
    connection = replay.connections[0]
    assert connection.query == {"model": "gpt-realtime"}
    assert connection.sent == len(original)
    assert [orjson.loads(t)["type"] for t in connection.received] == [
        "session.update",
        "conversation.item.create",
        "response.create",
    ]
    assert replay.mismatches == []
    replay.check()


async def test_replay_reports_a_different_event(anyio_backend: str) -> None:
    async with ReplayServer(small_recording()) as replay:
        ws = replay.connect_memory()
        assert (await receive(ws))["type"] == "session.created"
        await send(ws, {"type": "session.update", "session": {}})
        assert (await receive(ws))["type"] == "session.updated"
        await send(ws, {"type": "input_audio_buffer.clear", "event_id": "mine"})
        error = await receive(ws)
        await send(ws, {"type": "response.create"})
        assert (await receive(ws))["type"] == "response.done"
        await ws.aclose()
    assert error["type"] == "error"
    assert error["error"]["code"] == "replay_mismatch"
    assert error["error"]["event_id"] == "mine"
    assert "expected client event 'conversation.item.create'" in error["error"]["message"]
    assert "got 'input_audio_buffer.clear'" in error["error"]["message"]
    (mismatch,) = replay.mismatches
    assert (mismatch.kind, mismatch.index, mismatch.connection) == ("different", 3, 0)
    assert mismatch.actual is not None
    assert orjson.loads(mismatch.actual)["type"] == "input_audio_buffer.clear"
    assert mismatch.message == error["error"]["message"]
    with pytest.raises(ReplayMismatchError, match="1 replay mismatch") as info:
        replay.check()
    assert isinstance(info.value, AssertionError)
    assert info.value.mismatches == (mismatch,)


async def test_exact_strictness_compares_json_but_not_event_ids(anyio_backend: str) -> None:
    async with ReplayServer(small_recording(), strictness="exact") as replay:
        ws = replay.connect_memory()
        await receive(ws)
        await send(ws, {"type": "session.update", "event_id": "x", "session": {"type": "realtime"}})
        assert (await receive(ws))["type"] == "session.updated"
        await send(ws, user_text("goodbye", "other-id"))
        await send(ws, {"type": "response.create"})
        error = await receive(ws)
        assert (await receive(ws))["type"] == "response.done"
        await ws.aclose()
    (mismatch,) = replay.mismatches
    assert mismatch.index == 3
    assert "$.item.content[0].text: expected 'hello', got 'goodbye'" in mismatch.message
    assert error["error"]["message"] == mismatch.message


async def test_exact_replay_of_redacted_audio_matches_by_length(anyio_backend: str) -> None:
    stream = io.StringIO()
    with Recorder(stream, redact_audio=True) as recorder:
        recorder.record("server", dumps({"type": "session.created", "session": {}}))
        recorder.record("client", dumps(append(Tone(ms=100).pcm16())))
        recorder.record("client", dumps(append(Tone(ms=100).pcm16())))
        recorder.record("server", dumps({"type": "input_audio_buffer.committed"}))
    stream.seek(0)
    recording = Recording.load(stream)
    async with ReplayServer(recording, strictness="exact") as replay:
        ws = replay.connect_memory()
        await receive(ws)
        await send(ws, append(bytes(4800)))  # other samples, same length: matches
        await send(ws, append(bytes(4000)))  # shorter: does not
        assert (await receive(ws))["type"] == "error"
        assert (await receive(ws))["type"] == "input_audio_buffer.committed"
        await ws.aclose()
    (mismatch,) = replay.mismatches
    assert mismatch.index == 2
    assert "expected audio of 6400 chars, got 5336 chars" in mismatch.message


async def test_no_strictness_never_complains(anyio_backend: str) -> None:
    async with ReplayServer(small_recording(), strictness="none") as replay:
        ws = replay.connect_memory()
        await receive(ws)
        for _ in range(3):
            await send(ws, {"type": "anything"})
        assert [(await receive(ws))["type"] for _ in range(2)] == [
            "session.updated",
            "response.done",
        ]
        await send(ws, {"type": "one.more"})
        await ws.aclose()
    assert replay.mismatches == []


async def test_a_client_that_stops_is_timed_out_and_closed(anyio_backend: str) -> None:
    async with ReplayServer(small_recording(), client_timeout=0.2) as replay:
        ws = replay.connect_memory()
        await receive(ws)
        error = await receive(ws)  # the client sends nothing
        with pytest.raises(ConnectionClosedError) as info:
            await receive(ws)
    assert info.value.code == 1011
    assert error["error"]["code"] == "replay_mismatch"
    assert "no client event within 0.2 s" in error["error"]["message"]
    (mismatch,) = replay.mismatches
    assert (mismatch.kind, mismatch.index, mismatch.actual) == ("missing", 1, None)
    assert not replay.connections[0].finished.is_set()


async def test_a_client_that_closes_early(anyio_backend: str) -> None:
    async with ReplayServer(small_recording()) as replay:
        ws = replay.connect_memory()
        await receive(ws)
        await send(ws, {"type": "session.update", "session": {}})
        await receive(ws)
        await ws.aclose()
        with anyio.fail_after(5):
            await replay.connections[0].closed.wait()
    (mismatch,) = replay.mismatches
    assert mismatch.kind == "missing"
    assert mismatch.index == 3
    assert "2 recorded client message(s) not sent" in mismatch.message


async def test_extra_client_events_after_the_recording(anyio_backend: str) -> None:
    async with ReplayServer(small_recording()) as replay:
        ws = replay.connect_memory()
        await receive(ws)
        await send(ws, {"type": "session.update", "session": {}})
        await send(ws, user_text("hello"))
        await send(ws, {"type": "response.create"})
        await receive_until(ws, "response.done")
        with anyio.fail_after(5):
            await replay.connections[0].finished.wait()
        await send(ws, {"type": "response.create", "event_id": "late"})
        error = await receive(ws)
        await ws.aclose()
    assert error["error"]["event_id"] == "late"
    (mismatch,) = replay.mismatches
    assert mismatch.kind == "extra"
    assert "'response.create' after the end of the recording" in mismatch.message


async def test_each_connection_replays_from_the_start(anyio_backend: str, tmp_path: Path) -> None:
    path = tmp_path / "rec.jsonl"
    with Recorder(path) as recorder:
        for message in small_recording():
            recorder.record(message.direction, message.text)
    async with ReplayServer(path, speed=1000.0) as replay:
        for _ in range(2):
            ws = replay.connect_memory()
            assert (await receive(ws))["event_id"] == "e1"
            await send(ws, {"type": "session.update", "session": {}})
            await send(ws, user_text("hello"))
            await send(ws, {"type": "response.create"})
            assert [(await receive(ws))["event_id"] for _ in range(2)] == ["e2", "e3"]
            await ws.aclose()
    assert len(replay.connections) == 2
    replay.check()


async def test_replay_server_checks_the_api_key(anyio_backend: str) -> None:
    async with ReplayServer(small_recording(), api_key="sk-test") as replay:
        with pytest.raises(AuthenticationError):
            async with connect_websocket(replay.url):
                pass
        with pytest.raises(AuthenticationError):
            replay.connect_memory()
        async with connect_websocket(replay.url, headers={"Authorization": "Bearer sk-test"}) as ws:
            assert (await receive(ws))["type"] == "session.created"
        ws2 = replay.connect_memory(headers={"api-key": "sk-test"})
        assert (await receive(ws2))["type"] == "session.created"
        await ws2.aclose()
    assert "sk-test" not in repr(replay.connections[0])


async def test_replay_server_shutdown_closes_clients(anyio_backend: str) -> None:
    async with ReplayServer(small_recording()) as replay:
        ws = replay.connect_memory()
        await receive(ws)
    with pytest.raises(ConnectionClosed) as info:
        await receive(ws)
    assert info.value.code == 1001


def test_replay_server_options_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="strictness"):
        ReplayServer([], strictness="loose")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="client_timeout"):
        ReplayServer([], client_timeout=0)
    with pytest.raises(ConfigurationError, match="speed"):
        ReplayServer([], speed=-1)
    with pytest.raises(RealtimeError, match="not running"):
        ReplayServer([]).connect_memory()
    assert ReplayServer([], dialect="beta").dialect == "beta"
