"""The fake server's Sans-I/O engine: client events in, server events out (no I/O)."""

from __future__ import annotations

import base64
import math
from typing import Any

import orjson
import pytest

from realtime_sdk._codec import decode_server_event, encode_server_event
from realtime_sdk.events import UnknownEvent
from realtime_sdk.testing import (
    Disconnect,
    FakeRealtimeEngine,
    FunctionCall,
    Reply,
    ResponderContext,
    ResponseStep,
    ScriptedResponder,
    Tone,
    vad_level,
)

DIALECTS = ["ga", "beta"]


def wire(events: list[Any]) -> list[dict[str, Any]]:
    """Encode each event, check it decodes back to an equal typed event, return the JSON dicts."""
    out = []
    for event in events:
        data = encode_server_event(event)
        dialect = "beta" if type(event).__module__.startswith("realtime_sdk.events.beta") else "ga"
        if not isinstance(event, UnknownEvent):
            assert decode_server_event(data, dialect=dialect) == event
        out.append(orjson.loads(data))
    return out


def types(events: list[Any]) -> list[str]:
    return [e["type"] for e in wire(events)]


def send(engine: FakeRealtimeEngine, obj: dict[str, Any]) -> list[dict[str, Any]]:
    """Send one client event as wire JSON; run any response to its end; return the JSON events."""
    return wire(engine.handle(orjson.dumps(obj)))


def user_text(text: str) -> dict[str, Any]:
    return {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        },
    }


def modalities(dialect: str, *values: str) -> dict[str, Any]:
    key = "output_modalities" if dialect == "ga" else "modalities"
    return {key: list(values)}


def text_mode(dialect: str) -> dict[str, Any]:
    return modalities(dialect, "text")


def audio_mode(dialect: str) -> dict[str, Any]:
    return modalities(dialect, "audio") if dialect == "ga" else modalities(dialect, "text", "audio")


def no_vad(dialect: str) -> dict[str, Any]:
    session: dict[str, Any]
    if dialect == "ga":
        session = {"type": "realtime", "audio": {"input": {"turn_detection": None}}}
    else:
        session = {"turn_detection": None}
    return {"type": "session.update", "session": session}


def pcm(ms: float, *, amplitude: float = 0.3) -> bytes:
    return Tone(ms=ms, amplitude=amplitude).pcm16() if amplitude else bytes(int(ms * 48))


def append(audio: bytes) -> dict[str, Any]:
    return {"type": "input_audio_buffer.append", "audio": base64.b64encode(audio).decode()}


def by_type(events: list[dict[str, Any]], type_: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == type_]


def new_engine(dialect: str, **kwargs: Any) -> FakeRealtimeEngine:
    engine = FakeRealtimeEngine(dialect=dialect, **kwargs)  # type: ignore[arg-type]
    wire(engine.start())
    return engine


# --- session -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_session_created_first_with_server_ids_and_reproducible_ids(dialect: str) -> None:
    def clock() -> float:
        return 1_700_000_000.0

    first = wire(FakeRealtimeEngine(dialect=dialect, seed=7, clock=clock).start())  # type: ignore[arg-type]
    again = wire(FakeRealtimeEngine(dialect=dialect, seed=7, clock=clock).start())  # type: ignore[arg-type]
    other = wire(FakeRealtimeEngine(dialect=dialect, seed=8, clock=clock).start())  # type: ignore[arg-type]
    assert [e["type"] for e in first] == ["session.created"]
    session = first[0]["session"]
    assert first[0]["event_id"].startswith("event_")
    assert session["id"].startswith("sess_")
    assert session["object"] == "realtime.session"
    assert first == again
    assert other[0]["session"]["id"] != session["id"]
    assert session["expires_at"] == 1_700_000_000 + 3600


def test_ga_default_session_has_server_vad_and_audio_output() -> None:
    session = wire(FakeRealtimeEngine(model="gpt-realtime-mini").start())[0]["session"]
    assert session["model"] == "gpt-realtime-mini"
    assert session["output_modalities"] == ["audio"]
    assert session["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}
    assert session["audio"]["input"]["turn_detection"]["type"] == "server_vad"
    assert session["audio"]["output"]["voice"] == "marin"


def test_ga_session_update_merges_into_the_session() -> None:
    engine = new_engine("ga")
    out = send(
        engine,
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "instructions": "Be terse.",
                "audio": {"output": {"voice": "cedar"}},
            },
        },
    )
    assert [e["type"] for e in out] == ["session.updated"]
    session = out[0]["session"]
    assert session["instructions"] == "Be terse."
    assert session["audio"]["output"]["voice"] == "cedar"
    # Untouched settings are kept, nested ones included.
    assert session["audio"]["output"]["format"] == {"type": "audio/pcm", "rate": 24000}
    assert session["audio"]["input"]["turn_detection"]["type"] == "server_vad"
    assert session["output_modalities"] == ["audio"]


def test_beta_session_update_merges_and_turns_vad_off() -> None:
    engine = new_engine("beta")
    out = send(
        engine, {"type": "session.update", "session": {"voice": "verse", "turn_detection": None}}
    )
    session = out[0]["session"]
    assert (session["voice"], session["turn_detection"]) == ("verse", None)
    assert session["modalities"] == ["text", "audio"]
    assert session["temperature"] == 0.8


def test_turn_detection_update_fills_in_the_defaults() -> None:
    engine = new_engine("ga")
    out = send(
        engine,
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 0.7}}},
            },
        },
    )
    td = out[0]["session"]["audio"]["input"]["turn_detection"]
    assert td["threshold"] == 0.7
    assert (td["create_response"], td["interrupt_response"]) == (True, True)
    assert isinstance(td["silence_duration_ms"], int)


@pytest.mark.parametrize(
    ("dialect", "session", "code", "param"),
    [
        ("ga", {"type": "realtime", "audio": {"output": {"voice": "robot"}}}, "invalid_value", "session.audio.output.voice"),
        ("ga", {"type": "realtime", "audio": {"output": {"speed": 3.0}}}, "decimal_above_max_value", "session.audio.output.speed"),
        ("ga", {"type": "realtime", "temperature": 0.9}, "unknown_parameter", "session.temperature"),
        ("ga", {"type": "realtime", "output_modalities": ["video"]}, "invalid_value", "session.output_modalities[0]"),
        ("ga", {"type": "realtime", "output_modalities": ["text", "audio"]}, "invalid_value", "session.output_modalities"),
        ("ga", {"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}}, "invalid_value", "session.audio.input.format.rate"),
        ("ga", {"type": "realtime", "audio": {"input": {"format": {"type": "audio/mp3"}}}}, "invalid_value", "session.audio.input.format.type"),
        ("ga", {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 1.5}}}}, "decimal_above_max_value", "session.audio.input.turn_detection.threshold"),
        ("beta", {"voice": "robot"}, "invalid_value", "session.voice"),
        ("beta", {"temperature": 0.1}, "decimal_below_min_value", "session.temperature"),
        ("beta", {"temperature": 2.0}, "decimal_above_max_value", "session.temperature"),
        ("beta", {"modalities": ["audio"]}, "invalid_value", "session.modalities"),
        ("beta", {"input_audio_format": "mp3"}, "invalid_value", "session.input_audio_format"),
        ("beta", {"max_response_output_tokens": 99999}, "integer_above_max_value", "session.max_response_output_tokens"),
    ],
)  # fmt: skip
def test_invalid_session_value_gives_error_and_keeps_session(
    dialect: str, session: dict[str, Any], code: str, param: str
) -> None:
    engine = new_engine(dialect)
    before = engine.session
    out = send(engine, {"type": "session.update", "event_id": "evt_client_1", "session": session})
    assert [e["type"] for e in out] == ["error"]
    error = out[0]["error"]
    assert error["type"] == "invalid_request_error"
    assert (error["code"], error["param"], error["event_id"]) == (code, param, "evt_client_1")
    assert error["message"]
    assert engine.session == before


def test_error_messages_read_like_the_real_api() -> None:
    engine = new_engine("beta")
    out = send(engine, {"type": "session.update", "session": {"temperature": 2.0}})
    assert out[0]["error"]["message"] == (
        "Invalid 'session.temperature': decimal above maximum value. Expected a value <= 1.2, "
        "but got 2.0 instead."
    )


def test_engine_refuses_invalid_initial_session() -> None:
    from realtime_sdk.events.beta import SessionConfig

    with pytest.raises(ValueError, match="invalid session settings"):
        FakeRealtimeEngine(dialect="beta", session=SessionConfig(voice="robot"))


# --- conversation ------------------------------------------------------------------------------


def test_ga_item_create_gives_added_then_done() -> None:
    engine = new_engine("ga")
    out = send(engine, {**user_text("hello"), "event_id": "c1"})
    assert [e["type"] for e in out] == ["conversation.item.added", "conversation.item.done"]
    added, done = out
    assert added["previous_item_id"] is None
    assert added["item"] == done["item"]
    item = added["item"]
    assert item["id"].startswith("item_")
    assert (item["role"], item["status"]) == ("user", "completed")
    assert item["content"] == [{"type": "input_text", "text": "hello"}]


def test_beta_item_create_gives_created() -> None:
    engine = new_engine("beta")
    out = send(engine, user_text("hello"))
    assert [e["type"] for e in out] == ["conversation.item.created"]
    assert out[0]["previous_item_id"] is None
    assert out[0]["item"]["object"] == "realtime.item"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_previous_item_id_places_the_item(dialect: str) -> None:
    engine = new_engine(dialect)
    first = send(engine, {**user_text("one"), "item": {**user_text("one")["item"], "id": "item_a"}})
    send(engine, {**user_text("three"), "item": {**user_text("three")["item"], "id": "item_c"}})
    out = send(
        engine,
        {
            **user_text("two"),
            "previous_item_id": "item_a",
            "item": {**user_text("two")["item"], "id": "item_b"},
        },
    )
    assert first[0]["item"]["id"] == "item_a"
    assert out[0]["previous_item_id"] == "item_a"
    send(
        engine,
        {
            **user_text("zero"),
            "previous_item_id": "root",
            "item": {**user_text("zero")["item"], "id": "item_0"},
        },
    )
    ids = [getattr(item, "id", None) for item in engine.items]
    assert ids == ["item_0", "item_a", "item_b", "item_c"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_unknown_ids_give_item_not_found(dialect: str) -> None:
    engine = new_engine(dialect)
    for event in (
        {"type": "conversation.item.delete", "item_id": "item_nope", "event_id": "e1"},
        {"type": "conversation.item.retrieve", "item_id": "item_nope", "event_id": "e1"},
        {"type": "conversation.item.truncate", "item_id": "item_nope", "content_index": 0, "audio_end_ms": 10, "event_id": "e1"},
        {**user_text("x"), "previous_item_id": "item_nope", "event_id": "e1"},
    ):  # fmt: skip
        out = send(engine, event)
        assert [e["type"] for e in out] == ["error"]
        assert (out[0]["error"]["code"], out[0]["error"]["event_id"]) == ("item_not_found", "e1")
        assert "item_nope" in out[0]["error"]["message"]
    assert engine.items == ()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_delete_and_retrieve(dialect: str) -> None:
    engine = new_engine(dialect)
    item_id = send(engine, user_text("keep me"))[0]["item"]["id"]
    retrieved = send(engine, {"type": "conversation.item.retrieve", "item_id": item_id})
    assert [e["type"] for e in retrieved] == ["conversation.item.retrieved"]
    assert retrieved[0]["item"]["content"][0]["text"] == "keep me"
    deleted = send(engine, {"type": "conversation.item.delete", "item_id": item_id})
    assert deleted[0] == {**deleted[0], "type": "conversation.item.deleted", "item_id": item_id}
    assert engine.items == ()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_truncate_assistant_audio(dialect: str) -> None:
    engine = new_engine(
        dialect, responder=ScriptedResponder([Reply(text="Hi.", audio=Tone(ms=500))])
    )
    send(engine, no_vad(dialect))
    out = send(engine, {"type": "response.create", "response": audio_mode(dialect)})
    item_id = by_type(out, "response.output_item.done")[0]["item"]["id"]
    too_long = send(engine, {"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0, "audio_end_ms": 900})  # fmt: skip
    assert too_long[0]["error"]["code"] == "invalid_value"
    ok = send(engine, {"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0, "audio_end_ms": 200})  # fmt: skip
    assert ok == [
        {**ok[0], "type": "conversation.item.truncated", "item_id": item_id, "audio_end_ms": 200}
    ]
    retrieved = send(engine, {"type": "conversation.item.retrieve", "item_id": item_id})
    part = retrieved[0]["item"]["content"][0]
    assert len(base64.b64decode(part["audio"])) == 200 * 48
    assert "transcript" not in part


# --- input audio buffer ------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("ms", "shown"), [(0, "0.00"), (50, "50.00")])
def test_commit_of_too_little_audio_gives_the_real_error(dialect: str, ms: int, shown: str) -> None:
    engine = new_engine(dialect)
    send(engine, no_vad(dialect))
    if ms:
        assert send(engine, append(pcm(ms))) == []
    out = send(engine, {"type": "input_audio_buffer.commit", "event_id": "commit_1"})
    assert out == [
        {
            "type": "error",
            "event_id": out[0]["event_id"],
            "error": {
                "type": "invalid_request_error",
                "code": "input_audio_buffer_commit_empty",
                "message": "Error committing input audio buffer: buffer too small. Expected at "
                f"least 100ms of audio, but buffer only has {shown}ms of audio.",
                "param": None,
                "event_id": "commit_1",
            },
        }
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_append_commit_makes_a_user_audio_item(dialect: str) -> None:
    engine = new_engine(dialect)
    send(engine, no_vad(dialect))
    audio = pcm(300)
    assert send(engine, append(audio)) == []
    assert engine.input_audio_buffer == audio
    out = send(engine, {"type": "input_audio_buffer.commit"})
    expected = ["input_audio_buffer.committed"] + (
        ["conversation.item.added", "conversation.item.done"]
        if dialect == "ga"
        else ["conversation.item.created"]
    )
    assert [e["type"] for e in out] == expected
    assert out[0]["item_id"] == out[1]["item"]["id"]
    assert out[1]["item"]["content"][0]["type"] == "input_audio"
    # The server does not echo audio back, and sends `"transcript": null` (live GA capture).
    assert out[1]["item"]["content"][0] == {"type": "input_audio", "transcript": None}
    assert engine.input_audio_buffer == b""
    stored = engine.items[0]
    assert stored.content[0].audio_bytes == audio  # type: ignore[attr-defined]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_clear_empties_the_buffer(dialect: str) -> None:
    engine = new_engine(dialect)
    send(engine, no_vad(dialect))
    send(engine, append(pcm(300)))
    assert types(engine.handle('{"type": "input_audio_buffer.clear"}')) == [
        "input_audio_buffer.cleared"
    ]
    assert engine.input_audio_buffer == b""
    assert send(engine, {"type": "input_audio_buffer.commit"})[0]["error"]["code"] == (
        "input_audio_buffer_commit_empty"
    )


def test_bad_base64_audio_is_an_error() -> None:
    engine = new_engine("ga")
    out = send(engine, {"type": "input_audio_buffer.append", "audio": "***"})
    assert (out[0]["type"], out[0]["error"]["param"]) == ("error", "audio")


# --- server VAD --------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_vad_detects_a_turn_commits_it_and_answers(dialect: str) -> None:
    engine = new_engine(dialect)  # server VAD is on by default: silence 200 ms, prefix 300 ms
    audio = pcm(1000, amplitude=0) + pcm(500) + pcm(400, amplitude=0)
    out = wire(engine.receive(orjson.dumps(append(audio))))
    kinds = [e["type"] for e in out]
    assert kinds[:3] == [
        "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed",
    ]
    started, stopped, committed = out[:3]
    assert started["audio_start_ms"] == 700  # speech at 1000 ms minus 300 ms prefix padding
    assert stopped["audio_end_ms"] == 1700  # speech end at 1500 ms plus 200 ms of silence
    assert started["item_id"] == stopped["item_id"] == committed["item_id"]
    assert kinds[-2:] == ["response.created", "rate_limits.updated"]
    assert engine.responding
    rest = wire(engine.drain())
    assert rest[-1]["type"] == "response.done"
    transcript = "".join(
        e["delta"] for e in rest if e["type"].endswith(("audio_transcript.delta", "text.delta"))
    )
    assert transcript == "I heard 1.0 seconds of audio."
    # The silence after the turn stays in the buffer; the committed audio is 700..1700 ms.
    assert len(engine.input_audio_buffer) == 200 * 48
    user = engine.items[0]
    assert len(user.content[0].audio_bytes) == 1000 * 48  # type: ignore[attr-defined]


def test_vad_without_create_response_only_commits() -> None:
    engine = new_engine("beta")
    send(
        engine,
        {
            "type": "session.update",
            "session": {"turn_detection": {"type": "server_vad", "create_response": False}},
        },
    )
    out = send(engine, append(pcm(300) + pcm(700, amplitude=0)))
    assert [e["type"] for e in out] == [
        "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed",
        "conversation.item.created",
    ]
    assert out[1]["audio_end_ms"] == 800  # 300 ms of speech + 500 ms (the default silence)


def test_vad_threshold_decides_what_is_speech() -> None:
    assert vad_level(0.5) == pytest.approx(10 ** (-30 / 20))
    engine = new_engine("ga")
    send(
        engine,
        {
            "type": "session.update",
            "session": {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 0.9}}}},
        },
    )  # fmt: skip
    assert send(engine, append(pcm(500) + pcm(700, amplitude=0))) == []  # RMS -13.5 dBFS < -6 dBFS
    loud = send(engine, append(pcm(500, amplitude=0.9) + pcm(700, amplitude=0)))
    assert loud[0]["type"] == "input_audio_buffer.speech_started"


def test_speech_interrupts_the_response_in_progress() -> None:
    engine = new_engine("ga", responder=ScriptedResponder([Reply(text="A long answer " * 5)]))
    send(engine, user_text("hi"))
    engine.receive(orjson.dumps({"type": "response.create"}))
    first = engine.next_step()
    assert first is not None
    out = wire(engine.receive(orjson.dumps(append(pcm(200)))))
    assert out[0]["type"] == "input_audio_buffer.speech_started"
    done = by_type(out, "response.done")[0]["response"]
    assert done["status"] == "cancelled"
    assert done["status_details"] == {"type": "cancelled", "reason": "turn_detected"}
    assert not engine.responding


# --- responses ---------------------------------------------------------------------------------

GA_TEXT_SEQUENCE_HEAD = [
    "response.created",
    "rate_limits.updated",
    "response.output_item.added",
    "conversation.item.added",
    "response.content_part.added",
]
GA_TEXT_SEQUENCE_TAIL = [
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "conversation.item.done",
    "response.done",
]


def test_ga_text_response_sequence_and_usage() -> None:
    engine = new_engine("ga")
    send(engine, user_text("hello there"))
    out = send(engine, {"type": "response.create", "response": text_mode("ga")})
    kinds = [e["type"] for e in out]
    assert kinds[:5] == GA_TEXT_SEQUENCE_HEAD
    assert kinds[-5:] == GA_TEXT_SEQUENCE_TAIL
    deltas = by_type(out, "response.output_text.delta")
    assert len(deltas) > 1
    text = "".join(d["delta"] for d in deltas)
    assert text == "You said: hello there"
    assert by_type(out, "response.output_text.done")[0]["text"] == text
    response = out[-1]["response"]
    assert response["status"] == "completed"
    assert response["id"].startswith("resp_")
    assert response["conversation_id"].startswith("conv_")
    assert response["output"][0]["content"] == [{"type": "output_text", "text": text}]
    # The published GA example: `"part": {"type": "text", "text": ""}`.
    assert by_type(out, "response.content_part.added")[0]["part"] == {"type": "text", "text": ""}
    assert by_type(out, "response.content_part.done")[0]["part"] == {"type": "text", "text": text}
    usage = response["usage"]
    assert (
        usage["output_tokens"]
        == usage["output_token_details"]["text_tokens"]
        == math.ceil(len(text) / 4)
    )
    assert usage["output_token_details"]["audio_tokens"] == 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    details = usage["input_token_details"]
    assert details["text_tokens"] + details["audio_tokens"] == usage["input_tokens"]
    assert details["cached_tokens"] == 0
    # The assistant message joined the conversation.
    assert [getattr(i, "role", None) for i in engine.items] == ["user", "assistant"]


def test_beta_text_response_sequence() -> None:
    engine = new_engine("beta")
    send(engine, user_text("hello"))
    out = send(engine, {"type": "response.create", "response": text_mode("beta")})
    kinds = [e["type"] for e in out]
    assert kinds[:5] == [
        "response.created",
        "rate_limits.updated",
        "response.output_item.added",
        "conversation.item.created",
        "response.content_part.added",
    ]
    assert kinds[-4:] == [
        "response.text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done",
    ]
    assert "".join(d["delta"] for d in by_type(out, "response.text.delta")) == "You said: hello"
    assert out[-1]["response"]["output"][0]["content"] == [
        {"type": "text", "text": "You said: hello"}
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_audio_response_streams_tone_and_transcript(dialect: str) -> None:
    engine = new_engine(dialect, responder=ScriptedResponder([Reply(text="Here is a tone for you.", audio=Tone(ms=450))]))  # fmt: skip
    send(engine, no_vad(dialect))
    out = send(engine, {"type": "response.create", "response": audio_mode(dialect)})
    audio_delta = "response.output_audio.delta" if dialect == "ga" else "response.audio.delta"
    transcript_delta = (
        "response.output_audio_transcript.delta"
        if dialect == "ga"
        else "response.audio_transcript.delta"
    )
    chunks = [base64.b64decode(e["delta"]) for e in by_type(out, audio_delta)]
    assert [len(c) for c in chunks] == [4800, 4800, 4800, 4800, 2400]  # 100 ms chunks at 24 kHz
    assert b"".join(chunks) == Tone(ms=450).pcm16()
    transcript = "".join(e["delta"] for e in by_type(out, transcript_delta))
    assert transcript == "Here is a tone for you."
    done_type = (
        "response.output_audio_transcript.done"
        if dialect == "ga"
        else "response.audio_transcript.done"
    )
    assert by_type(out, done_type)[0]["transcript"] == transcript
    # Part events name the part "audio" in both dialects (published GA schema and example);
    # the item keeps the GA content type "output_audio".
    part = by_type(out, "response.content_part.done")[0]["part"]
    assert part == {"type": "audio", "transcript": transcript}
    item_part = by_type(out, "response.output_item.done")[0]["item"]["content"][0]
    assert item_part == {
        "type": "output_audio" if dialect == "ga" else "audio",
        "transcript": transcript,
    }
    usage = out[-1]["response"]["usage"]
    assert usage["output_token_details"] == {
        "text_tokens": math.ceil(len(transcript) / 4),
        "audio_tokens": 9,
    }


def test_default_responder_in_audio_mode_generates_a_tone() -> None:
    engine = new_engine("ga")
    send(engine, user_text("hi"))
    out = send(engine, {"type": "response.create"})
    audio = b"".join(
        base64.b64decode(e["delta"]) for e in by_type(out, "response.output_audio.delta")
    )
    assert len(audio) > 0
    assert len(audio) % 2 == 0
    assert (
        "".join(e["delta"] for e in by_type(out, "response.output_audio_transcript.delta"))
        == "You said: hi"
    )


def test_g711_output_is_encoded_at_8_khz() -> None:
    engine = new_engine("beta", responder=ScriptedResponder([Reply(text="x", audio=Tone(ms=250))]))
    send(engine, {"type": "session.update", "session": {"output_audio_format": "g711_ulaw"}})
    out = send(engine, {"type": "response.create"})
    chunks = [base64.b64decode(e["delta"]) for e in by_type(out, "response.audio.delta")]
    assert [len(c) for c in chunks] == [800, 800, 400]


def test_cached_tokens_cover_the_prefix_an_earlier_response_processed() -> None:
    engine = new_engine("ga")
    send(
        engine,
        {"type": "session.update", "session": {"type": "realtime", "instructions": "x" * 1000}},
    )
    send(engine, user_text("first question"))
    first = send(engine, {"type": "response.create", "response": text_mode("ga")})[-1]["response"][
        "usage"
    ]
    send(engine, user_text("second question"))
    second = send(engine, {"type": "response.create", "response": text_mode("ga")})[-1]["response"][
        "usage"
    ]
    assert first["input_token_details"]["cached_tokens"] == 0
    cached = second["input_token_details"]["cached_tokens"]
    assert cached > 0
    assert cached % 64 == 0
    assert cached <= second["input_tokens"]
    details = second["input_token_details"]["cached_tokens_details"]
    assert details["text_tokens"] + details["audio_tokens"] == cached
    assert second["input_tokens"] > first["input_tokens"]


def test_input_audio_counts_ten_tokens_per_second() -> None:
    engine = new_engine("ga")
    send(engine, no_vad("ga"))
    send(engine, append(pcm(2000)))
    send(engine, {"type": "input_audio_buffer.commit"})
    out = send(engine, {"type": "response.create", "response": text_mode("ga")})
    assert out[-1]["response"]["usage"]["input_token_details"]["audio_tokens"] == 20
    text = "".join(e["delta"] for e in by_type(out, "response.output_text.delta"))
    assert text == "I heard 2.0 seconds of audio."


@pytest.mark.parametrize("dialect", DIALECTS)
def test_function_call_response(dialect: str) -> None:
    call = FunctionCall(
        name="get_weather", arguments={"city": "Paris", "unit": "celsius"}, call_id="call_1"
    )
    engine = new_engine(dialect, responder=ScriptedResponder([Reply(function_calls=[call])]))
    send(engine, user_text("weather?"))
    out = send(engine, {"type": "response.create"})
    kinds = [e["type"] for e in out]
    assert "response.content_part.added" not in kinds  # no message, only the call
    added = by_type(out, "response.output_item.added")[0]["item"]
    assert (added["type"], added["name"], added["call_id"], added["status"]) == (
        "function_call",
        "get_weather",
        "call_1",
        "in_progress",
    )
    deltas = by_type(out, "response.function_call_arguments.delta")
    assert len(deltas) > 1
    arguments = "".join(d["delta"] for d in deltas)
    assert orjson.loads(arguments) == {"city": "Paris", "unit": "celsius"}
    done = by_type(out, "response.function_call_arguments.done")[0]
    assert (done["arguments"], done["call_id"]) == (arguments, "call_1")
    if dialect == "ga":
        assert done["name"] == "get_weather"
    final = out[-1]["response"]
    assert final["status"] == "completed"
    assert final["output"][0]["arguments"] == arguments
    assert kinds.index("response.function_call_arguments.done") < kinds.index(
        "response.output_item.done"
    )


def test_text_and_several_calls_in_one_response() -> None:
    reply = Reply(
        text="Let me check.",
        function_calls=[FunctionCall(name="a"), FunctionCall(name="b", arguments='{"x":1}')],
    )
    engine = new_engine("ga", responder=ScriptedResponder([reply]))
    out = send(engine, {"type": "response.create", "response": text_mode("ga")})
    output = out[-1]["response"]["output"]
    assert [o["type"] for o in output] == ["message", "function_call", "function_call"]
    assert [o.get("arguments") for o in output[1:]] == ["{}", '{"x":1}']
    assert [e["output_index"] for e in by_type(out, "response.output_item.done")] == [0, 1, 2]
    assert output[1]["call_id"] != output[2]["call_id"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cancel_mid_response_stops_the_deltas(dialect: str) -> None:
    words = " ".join(f"word{i}" for i in range(20))
    engine = new_engine(dialect, responder=ScriptedResponder([Reply(text=words, pause_ms=50)]))
    send(engine, user_text("go"))
    head = wire(
        engine.receive(orjson.dumps({"type": "response.create", "response": text_mode(dialect)}))
    )
    assert [e["type"] for e in head] == ["response.created", "rate_limits.updated"]
    step = engine.next_step()
    assert step is not None
    assert step.pause_ms == 50
    first = wire(list(step.events))
    out = send(engine, {"type": "response.cancel", "event_id": "cancel_1"})
    assert engine.next_step() is None
    assert not engine.responding
    delta = "response.output_text.delta" if dialect == "ga" else "response.text.delta"
    sent_text = "".join(e["delta"] for e in by_type(first, delta))
    assert sent_text == "word0 "
    item = by_type(out, "response.output_item.done")[0]["item"]
    assert item["status"] == "incomplete"
    done = out[-1]["response"]
    assert (done["status"], done["status_details"]) == (
        "cancelled",
        {"type": "cancelled", "reason": "client_cancelled"},
    )
    assert done["usage"]["output_tokens"] == math.ceil(len(sent_text) / 4)
    # Nothing else follows, and the engine takes new work.
    assert (
        send(engine, {"type": "response.create", "response": text_mode(dialect)})[-1]["type"]
        == "response.done"
    )


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cancel_without_active_response_is_an_error(dialect: str) -> None:
    engine = new_engine(dialect)
    out = send(engine, {"type": "response.cancel", "event_id": "c"})
    assert (out[0]["error"]["code"], out[0]["error"]["event_id"]) == (
        "response_cancel_not_active",
        "c",
    )


def test_second_response_while_one_is_active_is_refused() -> None:
    engine = new_engine("ga")
    engine.receive(orjson.dumps({"type": "response.create"}))
    out = wire(engine.receive(orjson.dumps({"type": "response.create", "event_id": "again"})))
    assert out[0]["error"]["code"] == "conversation_already_has_active_response"
    assert wire(engine.drain())[-1]["type"] == "response.done"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_out_of_band_response_stays_out_of_the_conversation(dialect: str) -> None:
    engine = new_engine(dialect)
    send(engine, user_text("hello"))
    out = send(
        engine,
        {"type": "response.create", "response": {**text_mode(dialect), "conversation": "none", "metadata": {"topic": "x"}}},
    )  # fmt: skip
    kinds = [e["type"] for e in out]
    assert not any(k.startswith("conversation.item") for k in kinds)
    assert "conversation_id" not in out[-1]["response"]
    assert out[-1]["response"]["metadata"] == {"topic": "x"}
    assert len(engine.items) == 1


def test_response_input_replaces_the_conversation_as_context() -> None:
    seen: list[ResponderContext] = []

    def responder(context: ResponderContext) -> Reply:
        seen.append(context)
        return Reply(text="ok")

    engine = new_engine("ga", responder=responder)
    item_id = send(engine, user_text("in the conversation"))[0]["item"]["id"]
    params = {
        "conversation": "none",
        "input": [{"type": "item_reference", "id": item_id}, user_text("only here")["item"]],
    }
    send(engine, {"type": "response.create", "response": params})
    assert seen[0].last_user_text == "only here"
    assert len(seen[0].items) == 2
    bad = send(engine, {"type": "response.create", "response": {"input": [{"type": "item_reference", "id": "item_x"}]}})  # fmt: skip
    assert bad[0]["error"]["code"] == "item_not_found"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_reply_error_fails_the_response(dialect: str) -> None:
    engine = new_engine(dialect, responder=ScriptedResponder([Reply(error="model_overloaded")]))
    out = send(engine, {"type": "response.create"})
    assert [e["type"] for e in out] == ["response.created", "rate_limits.updated", "response.done"]
    response = out[-1]["response"]
    assert response["status"] == "failed"
    assert response["status_details"] == {
        "type": "failed",
        "error": {"type": "server_error", "code": "model_overloaded"},
    }


def test_a_failing_responder_fails_the_response_and_is_kept() -> None:
    def broken(context: ResponderContext) -> Reply:
        raise RuntimeError("bug in the test's responder")

    engine = new_engine("ga", responder=broken)
    out = send(engine, {"type": "response.create"})
    assert out[-1]["response"]["status_details"]["error"]["code"] == "responder_error"
    assert isinstance(engine.responder_errors[0], RuntimeError)


def test_voice_cannot_change_once_assistant_audio_exists() -> None:
    engine = new_engine("ga")
    send(engine, {"type": "response.create"})
    out = send(engine, {"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"voice": "ash"}}}})  # fmt: skip
    assert out[0]["error"]["code"] == "cannot_update_voice"


def test_rate_limits_count_down() -> None:
    engine = new_engine("ga")
    first = by_type(send(engine, {"type": "response.create"}), "rate_limits.updated")[0]
    second = by_type(send(engine, {"type": "response.create"}), "rate_limits.updated")[0]
    names = [limit["name"] for limit in first["rate_limits"]]
    assert names == ["requests", "tokens"]
    assert second["rate_limits"][0]["remaining"] == first["rate_limits"][0]["remaining"] - 1
    assert second["rate_limits"][1]["remaining"] < first["rate_limits"][1]["remaining"]


# --- malformed and unknown events --------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_unknown_and_malformed_events_give_errors_and_the_engine_goes_on(dialect: str) -> None:
    engine = new_engine(dialect)
    unknown = wire(engine.receive('{"type": "conversation.frobnicate", "event_id": "u1"}'))
    assert unknown[0]["error"]["code"] == "invalid_value"
    assert (unknown[0]["error"]["param"], unknown[0]["error"]["event_id"]) == ("type", "u1")
    assert "'conversation.frobnicate'" in unknown[0]["error"]["message"]
    not_json = wire(engine.receive("this is not json"))
    assert not_json[0]["error"]["code"] == "invalid_json"
    no_type = wire(engine.receive('{"event_id": "n1"}'))
    assert no_type[0]["error"] == {
        "type": "invalid_request_error",
        "code": "invalid_event",
        "message": "The 'type' field is missing.",
        "param": "type",
        "event_id": "n1",
    }
    wrong_type = wire(engine.receive('{"type": "conversation.item.delete", "item_id": 5}'))
    assert (wrong_type[0]["error"]["code"], wrong_type[0]["error"]["param"]) == (
        "invalid_type",
        "item_id",
    )
    missing = wire(engine.receive('{"type": "conversation.item.delete"}'))
    assert missing[0]["error"]["code"] == "missing_required_parameter"
    assert send(engine, user_text("still here"))[0]["type"].startswith("conversation.item.")


# --- responders --------------------------------------------------------------------------------


def test_scripted_responder_plays_in_order_then_fails_or_falls_back() -> None:
    script = ScriptedResponder([Reply(text="one"), "two"])
    engine = new_engine("ga", responder=script)
    texts = []
    for _ in range(3):
        out = send(engine, {"type": "response.create", "response": text_mode("ga")})
        texts.append("".join(e["delta"] for e in by_type(out, "response.output_text.delta")))
        last = out[-1]["response"]
    assert texts == ["one", "two", ""]
    assert last["status_details"]["error"]["code"] == "script_exhausted"
    assert script.remaining == 0

    fallback = ScriptedResponder([], then=lambda context: Reply(text="fallback"))
    engine = new_engine("ga", responder=fallback)
    out = send(engine, {"type": "response.create", "response": text_mode("ga")})
    assert "".join(e["delta"] for e in by_type(out, "response.output_text.delta")) == "fallback"


def test_responder_context_describes_the_turn() -> None:
    seen: list[ResponderContext] = []

    def responder(context: ResponderContext) -> Reply:
        seen.append(context)
        return Reply(text="ok")

    engine = new_engine("beta", responder=responder)
    send(engine, no_vad("beta"))
    send(engine, user_text("typed"))
    send(engine, append(pcm(1500)))
    send(engine, {"type": "input_audio_buffer.commit"})
    send(
        engine,
        {"type": "response.create", "response": {"modalities": ["text"], "instructions": "hi"}},
    )
    context = seen[0]
    assert (context.last_user_kind, context.last_user_text) == ("audio", "typed")
    assert context.last_user_audio_ms == pytest.approx(1500)
    assert context.output_modalities == ("text",)
    assert context.dialect == "beta"
    assert getattr(context.params, "instructions", None) == "hi"
    assert context.response_index == 0


def test_tone_and_reply_validate_their_arguments() -> None:
    assert len(Tone(ms=100).pcm16()) == 4800
    assert len(Tone(ms=100).pcm16(8000)) == 1600
    with pytest.raises(ValueError, match="amplitude"):
        Tone(amplitude=2)
    with pytest.raises(ValueError, match="pause_ms"):
        Reply(pause_ms=-1)
    assert FunctionCall(name="f", arguments={"a": [1, 2]}).arguments_json == '{"a":[1,2]}'


# --- responder actions, transcription, idle timeout (Sans-I/O) ---------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_disconnect_is_a_step_after_the_streamed_ones(dialect: str) -> None:
    cut = Disconnect(after_steps=1, code=None)
    engine = FakeRealtimeEngine(
        dialect=dialect, responder=ScriptedResponder([Reply(text="one two three", disconnect=cut)])
    )
    engine.start()
    created = types(engine.receive(orjson.dumps({"type": "response.create"})))
    assert created == ["response.created", "rate_limits.updated"]
    first = engine.next_step()
    assert first is not None
    assert first.disconnect is None
    assert "response.output_item.added" in types(list(first.events))
    second = engine.next_step()
    assert second == ResponseStep((), 0.0, disconnect=cut)
    assert engine.responding  # no response.done: the connection ends here
    assert "response.done" not in types(engine.drain())


def test_idle_timeout_runs_only_while_idle() -> None:
    engine = FakeRealtimeEngine(responder=ScriptedResponder(["a"]))
    engine.start()
    assert engine.idle_timeout_ms is None  # the default server VAD has no idle timeout
    assert engine.idle_timeout() == []
    vad = {"type": "server_vad", "idle_timeout_ms": 5000}
    before = engine.activity
    send(
        engine,
        {
            "type": "session.update",
            "session": {"type": "realtime", "audio": {"input": {"turn_detection": vad}}},
        },
    )
    assert engine.activity != before  # the timer restarts
    assert engine.idle_timeout_ms == 5000
    events = engine.receive(orjson.dumps({"type": "response.create"}))
    assert engine.responding
    assert engine.idle_timeout_ms is None  # not while a response is in progress
    engine.drain()
    assert engine.idle_timeout_ms == 5000
    assert types(events)[0] == "response.created"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_failing_transcriber_fails_the_transcription_visibly(dialect: str) -> None:
    class Broken:
        def __call__(self, context: ResponderContext) -> Reply:
            return Reply(text="x")

        def transcribe(self, context: Any) -> Any:
            raise RuntimeError("bug in the test's transcriber")

    engine = FakeRealtimeEngine(dialect=dialect, responder=Broken())
    engine.start()
    if dialect == "ga":
        session: dict[str, Any] = {
            "type": "realtime",
            "audio": {"input": {"turn_detection": None, "transcription": {"model": "m"}}},
        }
    else:
        session = {"turn_detection": None, "input_audio_transcription": {"model": "m"}}
    send(engine, {"type": "session.update", "session": session})
    send(
        engine, {"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm(200)).decode()}
    )
    out = send(engine, {"type": "input_audio_buffer.commit"})
    assert out[-1]["type"] == "conversation.item.input_audio_transcription.failed"
    assert out[-1]["error"]["code"] == "responder_error"
    assert [type(e) for e in engine.responder_errors] == [RuntimeError]
