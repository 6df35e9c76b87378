"""The pre-GA beta dialect: published examples, relay-era fields, lenient decoding, typed errors."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest

from realtime_sdk._codec import (
    decode_client_event,
    decode_server_event,
    encode_client_event,
    encode_server_event,
)
from realtime_sdk._exceptions import EventDecodeError
from realtime_sdk._types import UNSET
from realtime_sdk.events import UnknownEvent, beta, event_classes
from tests._fixtures import OPENAI_SPEC

SPEC = OPENAI_SPEC
EXAMPLES = SPEC / "beta-2025-04-29"

BETA_CLIENT_TYPES = {
    "conversation.item.create",
    "conversation.item.delete",
    "conversation.item.retrieve",
    "conversation.item.truncate",
    "input_audio_buffer.append",
    "input_audio_buffer.clear",
    "input_audio_buffer.commit",
    "output_audio_buffer.clear",
    "response.cancel",
    "response.create",
    "session.update",
    "transcription_session.update",
}
BETA_SERVER_TYPES = {
    "conversation.created",
    "conversation.item.created",
    "conversation.item.deleted",
    "conversation.item.input_audio_transcription.completed",
    "conversation.item.input_audio_transcription.delta",
    "conversation.item.input_audio_transcription.failed",
    "conversation.item.retrieved",
    "conversation.item.truncated",
    "error",
    "input_audio_buffer.cleared",
    "input_audio_buffer.committed",
    "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped",
    "output_audio_buffer.cleared",
    "output_audio_buffer.started",
    "output_audio_buffer.stopped",
    "rate_limits.updated",
    "response.audio.delta",
    "response.audio.done",
    "response.audio_transcript.delta",
    "response.audio_transcript.done",
    "response.content_part.added",
    "response.content_part.done",
    "response.created",
    "response.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.added",
    "response.output_item.done",
    "response.text.delta",
    "response.text.done",
    "session.created",
    "session.updated",
    "transcription_session.updated",
}


def class_name(wire_type: str) -> str:
    """The class name the conventions give a wire type (`error` is `ErrorEvent`)."""
    if wire_type == "error":
        return "ErrorEvent"
    return "".join(part.capitalize() for part in re.split(r"[._]", wire_type))


def wire_type(cls: type[Any]) -> str:
    default = attrs.fields(cls).type.default
    assert isinstance(default, str)
    return default


def example_files() -> list[Any]:
    return [pytest.param(p, id=p.stem) for p in sorted(EXAMPLES.glob("*.json"))]


def load(name: str) -> str:
    return (EXAMPLES / name).read_text()


def roundtrip_server(text: str) -> Any:
    event = decode_server_event(text, dialect="beta")
    assert orjson.loads(encode_server_event(event)) == json.loads(text)
    return event


# --- published examples ------------------------------------------------------------------------


@pytest.mark.parametrize("path", example_files())
def test_published_example_decodes_to_its_class_and_round_trips(path: Path) -> None:
    text = path.read_text()
    client = path.name.startswith("client_")
    wire_type = path.stem.split("_beta_", 1)[1]
    if client:
        event = decode_client_event(text, dialect="beta")
        encoded = encode_client_event(event)
    else:
        event = decode_server_event(text, dialect="beta")
        encoded = encode_server_event(event)
    if wire_type == "conversation.item.retrieved":
        # Known defect: the published example's `type` is conversation.item.created.
        wire_type = "conversation.item.created"
    assert type(event).__name__ == class_name(wire_type)
    # The beta dialect's class (shapes identical in both dialects share one class).
    assert type(event) is getattr(beta, class_name(wire_type))
    assert event.type == wire_type
    assert orjson.loads(encoded) == json.loads(text)
    # Every member the examples use is modelled: nothing lands in extra_fields at top level.
    assert not event.extra_fields


def test_defective_retrieved_example_is_a_created_event() -> None:
    text = load("server_beta_conversation.item.retrieved.json")
    event = roundtrip_server(text)
    assert isinstance(event, beta.ConversationItemCreated)
    assert event.previous_item_id == "msg_002"
    item = event.item
    assert isinstance(item, beta.MessageItem)
    assert item.role == "user"
    assert item.status == "completed"
    assert item.content is not UNSET
    (part,) = item.content
    assert isinstance(part, beta.InputAudioContent)
    assert part.transcript == "hello how are you"
    assert part.audio_bytes == base64.b64decode("base64encodedaudio==")


def test_in_progress_status_is_accepted_on_responses_and_items() -> None:
    created = roundtrip_server(load("server_beta_response.created.json"))
    assert isinstance(created, beta.ResponseCreated)
    assert created.response.status == "in_progress"
    assert created.response.status_details is None
    assert created.response.usage is None
    assert created.response.output == []

    added = roundtrip_server(load("server_beta_response.output_item.added.json"))
    assert isinstance(added, beta.ResponseOutputItemAdded)
    assert isinstance(added.item, beta.MessageItem)
    assert added.item.status == "in_progress"


def test_session_configs_without_client_secret_decode() -> None:
    update = decode_client_event(load("client_beta_session.update.json"), dialect="beta")
    assert isinstance(update, beta.SessionUpdate)
    assert update.session.client_secret is UNSET
    assert update.event_id == "event_123"

    updated = roundtrip_server(load("server_beta_transcription_session.updated.json"))
    assert isinstance(updated, beta.TranscriptionSessionUpdated)
    session = updated.session
    assert session.client_secret is UNSET
    assert session.object == "realtime.transcription_session"
    assert session.include == ["item.input_audio_transcription.avg_logprob"]
    assert session.input_audio_noise_reduction == beta.NoiseReduction(type="near_field")
    assert isinstance(session.turn_detection, beta.ServerVAD)
    assert session.turn_detection.create_response is True


def test_client_secret_is_typed_and_hidden_from_repr() -> None:
    text = json.dumps(
        {
            "type": "session.created",
            "event_id": "e1",
            "session": {
                "id": "sess_1",
                "client_secret": {"value": "ek_SECRET", "expires_at": 1700000000},
                "speed": 1.1,
                "tracing": "auto",
                "include": None,
                "expires_at": 1700000600,
            },
        }
    )
    event = roundtrip_server(text)
    secret = event.session.client_secret
    assert isinstance(secret, beta.ClientSecretObject)
    assert secret.value == "ek_SECRET"
    assert secret.expires_at == 1700000000
    assert "ek_SECRET" not in repr(event)
    assert event.session.speed == 1.1
    assert event.session.tracing == "auto"
    assert event.session.include is None


def test_class_tables_match_the_protocol_lists() -> None:
    assert len(beta.CLIENT_EVENTS) == 12
    assert len(beta.SERVER_EVENTS) == 34
    assert {wire_type(c) for c in beta.CLIENT_EVENTS} == BETA_CLIENT_TYPES
    assert {wire_type(c) for c in beta.SERVER_EVENTS} == BETA_SERVER_TYPES
    assert event_classes("beta", "client") == beta.CLIENT_EVENTS
    assert event_classes("beta", "server") == beta.SERVER_EVENTS
    for cls in (*beta.CLIENT_EVENTS, *beta.SERVER_EVENTS):
        assert cls.__name__ == class_name(wire_type(cls))


def test_ga_wire_names_are_unknown_in_the_beta_dialect() -> None:
    text = '{"type": "response.output_text.delta", "event_id": "e", "delta": "hi"}'
    event = decode_server_event(text, dialect="beta")
    assert isinstance(event, UnknownEvent)
    assert event.raw["delta"] == "hi"


# --- what the relay parsed: every field present and typed --------------------------------------


def test_session_update_with_relay_fields_encodes_exactly() -> None:
    event = beta.SessionUpdate(
        event_id="evt_1",
        session=beta.SessionConfig(
            modalities=["text", "audio"],
            instructions="Be brief.",
            voice="alloy",
            input_audio_format="pcm16",
            output_audio_format="g711_ulaw",
            input_audio_transcription=beta.InputAudioTranscription(model="whisper-1"),
            turn_detection=beta.ServerVAD(
                threshold=0.6, prefix_padding_ms=300, silence_duration_ms=700
            ),
            tools=[
                beta.FunctionTool(
                    name="lookup",
                    description="Look a word up.",
                    parameters={"type": "object", "properties": {"word": {"type": "string"}}},
                )
            ],
            tool_choice="auto",
            temperature=0.7,
            max_response_output_tokens="inf",
        ),
    )
    expected = {
        "type": "session.update",
        "event_id": "evt_1",
        "session": {
            "modalities": ["text", "audio"],
            "instructions": "Be brief.",
            "voice": "alloy",
            "input_audio_format": "pcm16",
            "output_audio_format": "g711_ulaw",
            "input_audio_transcription": {"model": "whisper-1"},
            "turn_detection": {
                "type": "server_vad",
                "threshold": 0.6,
                "prefix_padding_ms": 300,
                "silence_duration_ms": 700,
            },
            "tools": [
                {
                    "type": "function",
                    "name": "lookup",
                    "description": "Look a word up.",
                    "parameters": {"type": "object", "properties": {"word": {"type": "string"}}},
                }
            ],
            "tool_choice": "auto",
            "temperature": 0.7,
            "max_response_output_tokens": "inf",
        },
    }
    text = encode_client_event(event)
    assert orjson.loads(text) == expected
    assert decode_client_event(text, dialect="beta") == event


def test_none_turns_features_off_and_is_sent_as_null() -> None:
    event = beta.SessionUpdate(
        session=beta.SessionConfig(
            turn_detection=None, input_audio_transcription=None, input_audio_noise_reduction=None
        )
    )
    assert orjson.loads(encode_client_event(event)) == {
        "type": "session.update",
        "session": {
            "input_audio_transcription": None,
            "turn_detection": None,
            "input_audio_noise_reduction": None,
        },
    }


def test_semantic_vad_and_numeric_token_limit_decode() -> None:
    text = json.dumps(
        {
            "type": "session.updated",
            "event_id": "e",
            "session": {
                "turn_detection": {
                    "type": "semantic_vad",
                    "eagerness": "high",
                    "interrupt_response": False,
                },
                "max_response_output_tokens": 200,
            },
        }
    )
    session = roundtrip_server(text).session
    assert session.turn_detection == beta.SemanticVAD(eagerness="high", interrupt_response=False)
    assert session.max_response_output_tokens == 200


def test_response_done_usage_is_typed_to_every_token_detail() -> None:
    event = roundtrip_server(load("server_beta_response.done.json"))
    assert isinstance(event, beta.ResponseDone)
    usage = event.response.usage
    assert isinstance(usage, beta.Usage)
    counts = {
        "total": usage.total_tokens,
        "input": usage.input_tokens,
        "output": usage.output_tokens,
    }
    assert counts == {"total": 275, "input": 127, "output": 148}
    inp = usage.input_token_details
    out = usage.output_token_details
    assert isinstance(inp, beta.InputTokenDetails)
    assert isinstance(out, beta.OutputTokenDetails)
    details = [inp.cached_tokens, inp.text_tokens, inp.audio_tokens, out.text_tokens]
    details.append(out.audio_tokens)
    assert details == [384, 119, 8, 36, 112]
    assert all(type(n) is int for n in [*counts.values(), *details])
    cached = inp.cached_tokens_details
    assert isinstance(cached, beta.CachedTokensDetails)
    assert (cached.text_tokens, cached.audio_tokens) == (128, 256)
    assert event.response.status == "completed"
    assert event.response.output is not UNSET
    (item,) = event.response.output
    assert isinstance(item, beta.MessageItem)
    assert item.role == "assistant"
    assert item.content == [beta.TextContent(text="Sure, how can I assist you today?")]


def test_items_carry_relay_fields_typed() -> None:
    call = json.dumps(
        {
            "type": "response.output_item.done",
            "event_id": "e",
            "response_id": "resp_1",
            "output_index": 1,
            "item": {
                "id": "fc_1",
                "object": "realtime.item",
                "type": "function_call",
                "status": "completed",
                "name": "lookup",
                "call_id": "call_1",
                "arguments": '{"word": "x"}',
            },
        }
    )
    item = roundtrip_server(call).item
    assert item == beta.FunctionCallItem(
        id="fc_1",
        object="realtime.item",
        status="completed",
        name="lookup",
        call_id="call_1",
        arguments='{"word": "x"}',
    )
    audio = json.dumps(
        {
            "type": "conversation.item.created",
            "event_id": "e",
            "previous_item_id": None,
            "item": {
                "id": "msg_1",
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "audio", "audio": "AAEC", "transcript": "hi"}],
            },
        }
    )
    event = roundtrip_server(audio)
    assert event.previous_item_id is None
    (part,) = event.item.content
    assert isinstance(part, beta.AudioContent)
    assert (part.transcript, part.audio_bytes) == ("hi", b"\x00\x01\x02")


def test_function_call_output_item_is_sent_as_documented() -> None:
    event = beta.ConversationItemCreate(
        item=beta.FunctionCallOutputItem(call_id="call_1", output='{"ok": true}')
    )
    assert orjson.loads(encode_client_event(event)) == {
        "type": "conversation.item.create",
        "item": {"type": "function_call_output", "call_id": "call_1", "output": '{"ok": true}'},
    }


def test_message_constructors_build_the_wire_shapes() -> None:
    def wire(item: Any) -> Any:
        return orjson.loads(encode_client_event(beta.ConversationItemCreate(item=item)))["item"]

    assert wire(beta.MessageItem.user_text("hi")) == {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "hi"}],
    }
    assert wire(beta.MessageItem.system_text("rules"))["role"] == "system"
    assert wire(beta.MessageItem.assistant_text("ok"))["content"] == [
        {"type": "text", "text": "ok"}
    ]
    audio = beta.MessageItem.user_audio(b"\x01\x02\x03")
    assert wire(audio)["content"] == [{"type": "input_audio", "audio": "AQID"}]
    assert audio.content is not UNSET
    part = audio.content[0]
    assert isinstance(part, beta.InputAudioContent)
    assert part.audio_bytes == b"\x01\x02\x03"


def test_response_create_accepts_item_references_and_both_token_limit_names() -> None:
    text = json.dumps(
        {
            "type": "response.create",
            "response": {
                "conversation": "none",
                "metadata": {"topic": "x"},
                "input": [
                    {"type": "item_reference", "id": "msg_1"},
                    {"type": "message", "role": "user", "content": [{"type": "input_text"}]},
                ],
                "max_response_output_tokens": 50,
                "max_output_tokens": "inf",
            },
        }
    )
    event = decode_client_event(text, dialect="beta")
    assert orjson.loads(encode_client_event(event)) == json.loads(text)
    params = event.response
    assert params.input[0] == beta.ItemReference(id="msg_1")
    assert (params.max_response_output_tokens, params.max_output_tokens) == (50, "inf")
    assert params.conversation == "none"


def test_rate_limits_and_errors_use_the_shared_resources() -> None:
    limits = roundtrip_server(load("server_beta_rate_limits.updated.json"))
    assert limits.rate_limits[0] == beta.RateLimit(
        name="requests", limit=1000, remaining=999, reset_seconds=60
    )
    error = roundtrip_server(load("server_beta_error.json"))
    assert isinstance(error, beta.ErrorEvent)
    assert isinstance(error.error, beta.ErrorDetails)
    assert (error.error.code, error.error.event_id, error.error.param) == (
        "invalid_event",
        "event_567",
        None,
    )
    failed = roundtrip_server(
        load("server_beta_conversation.item.input_audio_transcription.failed.json")
    )
    assert failed.error == beta.TranscriptionError(
        type="transcription_error",
        code="audio_unintelligible",
        message="The audio could not be transcribed.",
        param=None,
    )


def test_transcription_logprobs_and_usage_are_typed() -> None:
    text = json.dumps(
        {
            "type": "conversation.item.input_audio_transcription.completed",
            "event_id": "e",
            "item_id": "i",
            "content_index": 0,
            "transcript": "hi",
            "logprobs": [{"token": "hi", "logprob": -0.1, "bytes": [104, 105]}],
            "usage": {"type": "duration", "seconds": 1.5},
        }
    )
    event = roundtrip_server(text)
    assert event.logprobs == [beta.LogProb(token="hi", logprob=-0.1, bytes=[104, 105])]
    assert event.usage == beta.TranscriptionUsageDuration(seconds=1.5)


def test_unknown_members_are_kept_for_the_round_trip() -> None:
    text = json.dumps(
        {
            "type": "session.updated",
            "event_id": "e",
            "session": {"voice": "marin", "turn_detection": {"type": "server_vad", "x": 1}},
            "future": True,
        }
    )
    event = roundtrip_server(text)
    assert event.extra_fields == {"future": True}
    assert event.session.voice == "marin"
    assert event.session.turn_detection.extra_fields == {"x": 1}


# --- audio ---------------------------------------------------------------------------------------


def test_input_audio_append_takes_raw_bytes() -> None:
    pcm = bytes(range(256)) * 4
    event = beta.InputAudioBufferAppend(audio=pcm)
    wire = orjson.loads(encode_client_event(event))
    assert wire == {"type": "input_audio_buffer.append", "audio": base64.b64encode(pcm).decode()}
    assert event.audio_bytes == pcm
    assert "base64 audio" in repr(event)
    assert decode_client_event(encode_client_event(event), dialect="beta") == event


def test_audio_delta_decodes_lazily_and_rejects_bad_base64() -> None:
    good = json.dumps(
        {
            "type": "response.audio.delta",
            "event_id": "e",
            "response_id": "r",
            "item_id": "i",
            "output_index": 0,
            "content_index": 0,
            "delta": base64.b64encode(b"\x10\x20").decode(),
        }
    )
    event = roundtrip_server(good)
    assert isinstance(event, beta.ResponseAudioDelta)
    assert event.audio_bytes == b"\x10\x20"
    assert event.audio_bytes is event.audio_bytes  # decoded once, then cached

    bad = roundtrip_server(load("server_beta_response.audio.delta.json"))
    with pytest.raises(EventDecodeError) as info:
        _ = bad.audio_bytes
    assert info.value.path == "$.delta"
    assert info.value.event_type == "response.audio.delta"


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        (
            {
                "type": "response.done",
                "event_id": "e",
                "response": {"usage": {"total_tokens": "9"}},
            },
            "$.response.usage.total_tokens",
        ),
        (
            {"type": "session.updated", "event_id": "e", "session": {"input_audio_format": "mp3"}},
            "$.session.input_audio_format",
        ),
        (
            {
                "type": "session.updated",
                "event_id": "e",
                "session": {"turn_detection": {"type": 1}},
            },
            "$.session.turn_detection.type",
        ),
        (
            {
                "type": "session.updated",
                "event_id": "e",
                "session": {"max_response_output_tokens": "infinite"},
            },
            "$.session.max_response_output_tokens",
        ),
        (
            {"type": "rate_limits.updated", "event_id": "e", "rate_limits": [{}, {"limit": "x"}]},
            "$.rate_limits[1].limit",
        ),
        (
            {"type": "response.text.delta", "event_id": "e", "response_id": "r", "item_id": "i"},
            "$.output_index",
        ),
        ({"type": "input_audio_buffer.cleared"}, "$.event_id"),
    ],
)
def test_wrong_types_raise_event_decode_error_with_a_path(payload: Any, path: str) -> None:
    with pytest.raises(EventDecodeError) as info:
        decode_server_event(json.dumps(payload), dialect="beta", strict=True)
    assert info.value.path == path
    assert info.value.event_type == payload["type"]


def test_error_inside_an_optional_list_names_the_element() -> None:
    payload = {
        "type": "response.done",
        "event_id": "e",
        "response": {"output": [{"type": "message", "content": [{"type": "text", "text": 5}]}]},
    }
    with pytest.raises(EventDecodeError) as info:
        decode_server_event(json.dumps(payload), dialect="beta", strict=True)
    assert info.value.path == "$.response.output[0].content[0].text"


def test_wrong_client_event_types_raise_with_a_path() -> None:
    text = '{"type": "conversation.item.truncate", "item_id": "i", "content_index": 0}'
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(text, dialect="beta", strict=True)
    assert info.value.path == "$.audio_end_ms"
    text = '{"type": "conversation.item.create", "item": {"type": "message", "role": "robot"}}'
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(text, dialect="beta", strict=True)
    assert info.value.path == "$.item.role"
