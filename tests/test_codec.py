"""The codec across dialects: dispatch, losslessness, UNSET vs null, errors, round-trip properties, fuzz."""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realtime_sdk
from realtime_sdk import UNSET, EventDecodeError, EventEncodeError, UnknownEvent, events
from realtime_sdk._codec import to_dict
from realtime_sdk.events import event_classes
from realtime_sdk.events._base import Model
from tests._fixtures import OPENAI_SPEC

from .strategies import json_values, model_strategy

SPEC = OPENAI_SPEC
DIALECT_DIRS = {"ga": "ga", "beta": "beta-2025-04-29", "translation": "translation"}
ALL = [(d, direction) for d in DIALECT_DIRS for direction in ("client", "server")]


def decode(direction: str, text: str | bytes, dialect: str) -> Any:
    if direction == "server":
        return realtime_sdk.decode_server_event(text, dialect=dialect)
    return realtime_sdk.decode_client_event(text, dialect=dialect)


def encode(direction: str, event: Model) -> str | bytes:
    if direction == "server":
        return realtime_sdk.encode_server_event(event)
    return realtime_sdk.encode_client_event(event)


def test_event_counts_match_the_protocol() -> None:
    counts = {key: len(event_classes(*key)) for key in ALL}  # type: ignore[arg-type]
    assert counts == {
        ("ga", "client"): 12,
        ("ga", "server"): 47,
        ("beta", "client"): 12,
        ("beta", "server"): 34,
        ("translation", "client"): 3,
        ("translation", "server"): 7,
    }


@pytest.mark.parametrize(("dialect", "direction"), ALL)
def test_every_published_example_decodes_to_its_class(dialect: str, direction: str) -> None:
    folder = SPEC / DIALECT_DIRS[dialect]
    by_type = {c.__attrs_attrs__.type.default: c for c in event_classes(dialect, direction)}  # type: ignore[arg-type,attr-defined]
    files = sorted(folder.glob(f"{direction}_*.json"))
    assert files
    for path in files:
        text = path.read_text()
        event = decode(direction, text, dialect)
        wire_type = json.loads(text)["type"].strip()
        if dialect == "beta" and path.name == "server_beta_conversation.item.retrieved.json":
            # Defective example: its `type` says conversation.item.created; it decodes as that.
            assert wire_type == "conversation.item.created"
        assert type(event) is by_type[wire_type], path.name
        again = orjson.loads(encode(direction, event))
        original = json.loads(text)
        original["type"] = wire_type  # white space around `type` is normalised (documented)
        assert again == original, path.name


@pytest.mark.parametrize(("dialect", "direction"), ALL)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_property_every_event_type(
    dialect: str, direction: str, data: st.DataObject
) -> None:
    for cls in event_classes(dialect, direction):  # type: ignore[arg-type]
        event = data.draw(model_strategy(cls), label=cls.__name__)
        text = encode(direction, event)
        back = decode(direction, text, dialect)
        assert back == event
        assert orjson.loads(encode(direction, back)) == orjson.loads(text)


@given(value=json_values)
@settings(max_examples=300, deadline=None)
def test_fuzz_arbitrary_json_only_event_decode_error(value: Any) -> None:
    text = orjson.dumps(value)
    for dialect in DIALECT_DIRS:
        for direction in ("client", "server"):
            with contextlib.suppress(EventDecodeError):
                decode(direction, text, dialect)


@given(
    event_type=st.sampled_from(
        sorted(
            {c.__attrs_attrs__.type.default for key in ALL for c in event_classes(*key)}  # type: ignore[arg-type,attr-defined]
        )
    ),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "event_id",
                "item",
                "response",
                "session",
                "delta",
                "audio",
                "item_id",
                "error",
                "output_index",
                "content_index",
                "response_id",
                "rate_limits",
                "transcript",
            ]
        ),
        json_values,
        max_size=6,
    ),
)
@settings(max_examples=400, deadline=None)
def test_fuzz_known_types_with_random_fields(event_type: str, fields: dict[str, Any]) -> None:
    text = orjson.dumps({"type": event_type, **fields})
    for dialect in DIALECT_DIRS:
        for direction in ("client", "server"):
            try:
                event = decode(direction, text, dialect)
            except EventDecodeError as exc:
                error: EventDecodeError | None = exc
            else:
                error = None
                assert orjson.loads(encode(direction, event)) == orjson.loads(text)
            if error is not None:
                assert error.raw == text
                assert error.path.startswith("$")


@given(st.binary(max_size=64))
@settings(max_examples=300, deadline=None)
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(EventDecodeError):
        realtime_sdk.decode_server_event(data)


def test_unknown_event_type_is_kept_whole_and_round_trips() -> None:
    text = '{"type":"response.future_thing","event_id":"e1","payload":{"a":[1,2]}}'
    event = realtime_sdk.decode_server_event(text)
    assert isinstance(event, UnknownEvent)
    assert event.type == "response.future_thing"
    assert event.raw == json.loads(text)
    assert json.loads(realtime_sdk.encode_server_event(event)) == json.loads(text)


def test_unknown_type_is_never_misclassified_unlike_openai_python() -> None:
    text = '{"type":"conversation.brand_new","event_id":"e1"}'
    assert isinstance(realtime_sdk.decode_server_event(text), UnknownEvent)
    pytest.importorskip("openai")
    from openai._models import construct_type_unchecked
    from openai.types.realtime import RealtimeServerEvent

    theirs = construct_type_unchecked(value=json.loads(text), type_=RealtimeServerEvent)  # type: ignore[arg-type]
    # openai-python falls back to the first member of its union: a wrong, known class.
    assert type(theirs).__name__ != "UnknownEvent"


def test_unknown_fields_survive_at_every_depth() -> None:
    text = json.dumps(
        {
            "type": "response.done",
            "event_id": "e",
            "future_top": 1,
            "response": {
                "id": "r",
                "future_response": {"x": True},
                "usage": {"total_tokens": 3, "future_usage": [1]},
            },
        }
    )
    event = realtime_sdk.decode_server_event(text)
    assert isinstance(event, events.ResponseDone)
    assert event.extra_fields == {"future_top": 1}
    assert event.response.extra_fields == {"future_response": {"x": True}}
    assert json.loads(realtime_sdk.encode_server_event(event)) == json.loads(text)


def test_unset_is_omitted_and_none_is_null() -> None:
    off = events.SessionUpdate(
        event_id="e",
        session=events.SessionConfig(
            instructions="Be brief.",
            audio=events.SessionAudioConfig(input=events.AudioInputConfig(turn_detection=None)),
        ),
    )
    assert json.loads(realtime_sdk.encode_client_event(off)) == {
        "type": "session.update",
        "event_id": "e",
        "session": {
            "type": "realtime",
            "instructions": "Be brief.",
            "audio": {"input": {"turn_detection": None}},
        },
    }
    assert repr(events.ResponseCancel()) == "ResponseCancel(type='response.cancel')"
    assert events.ResponseCancel().response_id is UNSET


def test_client_audio_accepts_raw_bytes_and_decodes_lazily() -> None:
    pcm = bytes(range(256)) * 4
    append = events.InputAudioBufferAppend(audio=pcm)
    assert append.audio == base64.b64encode(pcm).decode()
    assert json.loads(realtime_sdk.encode_client_event(append))["audio"] == append.audio
    assert append.audio_bytes == pcm
    assert append.audio_bytes is append.audio_bytes  # decoded once, then cached
    assert "base64 audio" in repr(append)  # audio shortened in reprs and logs


def test_audio_delta_bytes_property() -> None:
    pcm = b"\x01\x00\xff\x7f" * 100
    text = json.dumps(
        {
            "type": "response.output_audio.delta",
            "event_id": "e",
            "response_id": "r",
            "item_id": "i",
            "output_index": 0,
            "content_index": 0,
            "delta": base64.b64encode(pcm).decode(),
        }
    )
    event = realtime_sdk.decode_server_event(text)
    assert isinstance(event, events.ResponseOutputAudioDelta)
    assert event.audio_bytes == pcm


@pytest.mark.parametrize(
    ("text", "message", "path"),
    [
        (b"\xff\xfe", "not valid JSON", "$"),
        ("[1, 2]", "must be a JSON object", "$"),
        ('{"event_id": "x"}', "no `type`", "$.type"),
        ('{"type": 5}', "non-string `type`", "$.type"),
        (
            '{"type":"response.done","event_id":"e","response":{"usage":{"total_tokens":"3"}}}',
            "expected an integer or null, got string",
            "$.response.usage.total_tokens",
        ),
        (
            '{"type":"response.output_text.delta","event_id":"e","response_id":"r",'
            '"item_id":"i","output_index":0,"content_index":0}',
            "required field missing",
            "$.delta",
        ),
        (
            '{"type":"response.done","event_id":"e","response":{"status":"exploded"}}',
            "'exploded'",
            "$.response.status",
        ),
        (
            '{"type":"conversation.item.added","event_id":"e",'
            '"item":{"type":"message","role":"user","content":[{"type":"input_txt"}]}}',
            "'input_txt'",
            "$.item.content[0].type",
        ),
    ],
)
def test_bad_input_names_type_and_path(text: str | bytes, message: str, path: str) -> None:
    with pytest.raises(EventDecodeError) as info:
        realtime_sdk.decode_server_event(text, strict=True)
    err = info.value
    assert message in str(err)
    assert err.path == path
    assert err.raw == text
    assert isinstance(err, realtime_sdk.RealtimeError)
    assert err.__cause__ is None or not isinstance(err.__cause__, KeyError) or path != "$"


def test_bad_dialect_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="dialect"):
        realtime_sdk.decode_server_event("{}", dialect="v9")


def test_encode_rejects_non_events_and_unserialisable_values() -> None:
    with pytest.raises(EventEncodeError):
        realtime_sdk.encode_client_event({"type": "session.update"})  # type: ignore[arg-type]
    bad = events.ConversationItemCreate(
        item=events.FunctionCallOutputItem(call_id="c", output=object())  # type: ignore[arg-type]
    )
    with pytest.raises(EventEncodeError, match="ConversationItemCreate"):
        realtime_sdk.encode_client_event(bad)


def test_to_dict_matches_encoded_json() -> None:
    event = events.ConversationItemCreate(item=events.MessageItem.user_text("hi"))
    assert to_dict(event) == json.loads(realtime_sdk.encode_client_event(event))


def test_max_output_tokens_inf_and_int() -> None:
    for value in ("inf", 512):
        event = events.ResponseCreate(response=events.ResponseCreateParams(max_output_tokens=value))
        back = realtime_sdk.decode_client_event(realtime_sdk.encode_client_event(event))
        assert back == event
