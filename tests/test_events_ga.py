"""GA dialect: published examples, hand-built client events, audio fields, typed decode errors."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest

from realtime_sdk import events
from realtime_sdk._codec import (
    decode_client_event,
    decode_server_event,
    encode_client_event,
    encode_server_event,
)
from realtime_sdk._exceptions import EventDecodeError, RealtimeError
from realtime_sdk._types import UNSET
from realtime_sdk.events import UnknownEvent, event_classes
from tests._fixtures import OPENAI_SPEC

EXAMPLES = OPENAI_SPEC / "ga"

GA_CLIENT_TYPES = [
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
]
GA_SERVER_TYPES = [
    "conversation.created",
    "conversation.item.added",
    "conversation.item.created",
    "conversation.item.deleted",
    "conversation.item.done",
    "conversation.item.input_audio_transcription.completed",
    "conversation.item.input_audio_transcription.delta",
    "conversation.item.input_audio_transcription.failed",
    "conversation.item.input_audio_transcription.segment",
    "conversation.item.retrieved",
    "conversation.item.truncated",
    "error",
    "input_audio_buffer.cleared",
    "input_audio_buffer.committed",
    "input_audio_buffer.dtmf_event_received",
    "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped",
    "input_audio_buffer.timeout_triggered",
    "mcp_list_tools.completed",
    "mcp_list_tools.failed",
    "mcp_list_tools.in_progress",
    "output_audio_buffer.cleared",
    "output_audio_buffer.started",
    "output_audio_buffer.stopped",
    "rate_limits.updated",
    "response.content_part.added",
    "response.content_part.done",
    "response.created",
    "response.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.mcp_call.completed",
    "response.mcp_call.failed",
    "response.mcp_call.in_progress",
    "response.mcp_call_arguments.delta",
    "response.mcp_call_arguments.done",
    "response.output_audio.delta",
    "response.output_audio.done",
    "response.output_audio_transcript.delta",
    "response.output_audio_transcript.done",
    "response.output_item.added",
    "response.output_item.done",
    "response.output_text.delta",
    "response.output_text.done",
    "session.created",
    "session.updated",
    "transcription_session.updated",
]

# Published examples whose `type` is not exactly the wire type (see the spec README's defects).
DEFECTIVE = {"server_ga_input_audio_buffer.dtmf_event_received.json"}


def class_name(wire_type: str) -> str:
    """The class name the conventions give a wire type (acronyms upper-case, `error` special)."""
    if wire_type == "error":
        return "ErrorEvent"
    parts = re.split(r"[._]", wire_type)
    return "".join("MCP" if p == "mcp" else p.capitalize() for p in parts)


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def load(name: str) -> str:
    return (EXAMPLES / name).read_text()


def decode(path: Path) -> Any:
    if path.name.startswith("client_"):
        return decode_client_event(path.read_text(), dialect="ga")
    return decode_server_event(path.read_text(), dialect="ga")


def encode(path: Path, event: Any) -> Any:
    if path.name.startswith("client_"):
        return orjson.loads(encode_client_event(event))
    return orjson.loads(encode_server_event(event))


def wire(event: Any) -> Any:
    return orjson.loads(encode_client_event(event))


# --- the event tables ---------------------------------------------------------------------------


def test_ga_has_12_client_and_47_server_event_classes_in_documented_order() -> None:
    client = event_classes("ga", "client")
    server = event_classes("ga", "server")
    assert len(client) == 12
    assert len(server) == 47
    assert [attrs.fields(c).type.default for c in client] == GA_CLIENT_TYPES
    assert [attrs.fields(c).type.default for c in server] == GA_SERVER_TYPES


@pytest.mark.parametrize("wire_type", GA_CLIENT_TYPES + GA_SERVER_TYPES)
def test_every_event_class_is_named_after_its_type_and_exported(wire_type: str) -> None:
    cls = getattr(events, class_name(wire_type))
    assert attrs.fields(cls).type.default == wire_type
    assert class_name(wire_type) in events.__all__


def test_package_all_is_sorted_and_keeps_the_base_names() -> None:
    assert events.__all__ == sorted(events.__all__)
    assert {"UnknownEvent", "event_classes", "ClientEvent", "ServerEvent"} <= set(events.__all__)
    for name in events.__all__:
        assert hasattr(events, name), name


# --- published examples -------------------------------------------------------------------------


def test_every_ga_type_has_a_published_example() -> None:
    names = {p.name for p in example_files()}
    for t in GA_CLIENT_TYPES:
        assert f"client_ga_{t}.json" in names
    for t in GA_SERVER_TYPES:
        assert f"server_ga_{t}.json" in names


@pytest.mark.parametrize(
    "path", [p for p in example_files() if p.name not in DEFECTIVE], ids=lambda p: p.name
)
def test_published_example_decodes_to_its_class_and_round_trips(path: Path) -> None:
    raw = json.loads(path.read_text())
    event = decode(path)
    assert not isinstance(event, UnknownEvent)
    assert type(event).__name__ == class_name(raw["type"])
    assert event.type == raw["type"]
    assert encode(path, event) == raw


def test_dtmf_example_with_leading_space_decodes_and_reencodes_stripped() -> None:
    raw = json.loads(load("server_ga_input_audio_buffer.dtmf_event_received.json"))
    event = decode_server_event(json.dumps(raw))
    assert isinstance(event, events.InputAudioBufferDtmfEventReceived)
    assert event.event == "9"
    assert event.received_at == 1763605109
    assert event.event_id is UNSET  # the example has none
    assert orjson.loads(encode_server_event(event)) == {**raw, "type": raw["type"].strip()}


def test_beta_content_part_names_in_ga_items_decode_to_lenient_classes() -> None:
    done = decode_server_event(load("server_ga_response.output_item.done.json"))
    assert isinstance(done.item, events.MessageItem)
    (part,) = done.item.content
    assert isinstance(part, events.TextContent)
    assert part.text == "Sure, I can help with that."

    retrieved = decode_server_event(load("server_ga_conversation.item.retrieved.json"))
    (audio,) = retrieved.item.content
    assert isinstance(audio, events.AudioContent)
    assert audio.transcript.startswith("Yes, I can hear you")
    assert audio.format == "pcm16"
    # The published payload ends in "..." (a placeholder): strict base64 refuses it, with the path.
    with pytest.raises(EventDecodeError, match="base64") as info:
        _ = audio.audio_bytes
    assert info.value.path == "$.audio"


def test_response_create_input_accepts_item_reference() -> None:
    event = decode_client_event(load("client_ga_response.create__2.json"))
    assert isinstance(event, events.ResponseCreate)
    params = event.response
    assert isinstance(params, events.ResponseCreateParams)
    assert params.conversation == "none"
    assert params.metadata == {"response_purpose": "summarization"}
    ref, message = params.input
    assert ref == events.ItemReference(id="item_12345")
    assert isinstance(message, events.MessageItem)
    assert message.content == [
        events.InputTextContent(text="Summarize the above message in one sentence.")
    ]


def test_session_created_keeps_nulls_and_types_nested_settings() -> None:
    event = decode_server_event(load("server_ga_session.created.json"))
    assert isinstance(event, events.SessionCreated)
    session = event.session
    assert isinstance(session, events.SessionConfig)
    assert session.tracing is None
    assert session.prompt is None
    assert session.include is None
    assert session.max_output_tokens == "inf"
    assert session.expires_at == 1756324625
    assert isinstance(session.audio, events.SessionAudioConfig)
    audio_in = session.audio.input
    assert isinstance(audio_in, events.AudioInputConfig)
    assert audio_in.transcription is None
    assert audio_in.noise_reduction is None
    assert audio_in.format == events.PCMAudioFormat(rate=24000)
    vad = audio_in.turn_detection
    assert isinstance(vad, events.ServerVAD)
    assert vad.idle_timeout_ms is None
    assert vad.silence_duration_ms == 200
    assert isinstance(session.audio.output, events.AudioOutputConfig)
    assert session.audio.output.voice == "marin"


def test_response_created_and_done_keep_nulls_and_type_usage() -> None:
    created = decode_server_event(load("server_ga_response.created.json"))
    assert created.response.status == "in_progress"
    assert created.response.status_details is None
    assert created.response.usage is None
    assert created.response.metadata is None

    done = decode_server_event(load("server_ga_response.done.json"))
    usage = done.response.usage
    assert isinstance(usage, events.Usage)
    assert usage.total_tokens == 253
    assert isinstance(usage.input_token_details, events.InputTokenDetails)
    assert usage.input_token_details.cached_tokens == 64
    (item,) = done.response.output
    assert isinstance(item.content[0], events.OutputAudioContent)


def test_transcription_failed_keeps_null_param() -> None:
    event = decode_server_event(
        load("server_ga_conversation.item.input_audio_transcription.failed.json")
    )
    assert isinstance(event.error, events.TranscriptionError)
    assert event.error.code == "audio_unintelligible"
    assert event.error.param is None


def test_transcription_session_updated_without_client_secret() -> None:
    event = decode_server_event(load("server_ga_transcription_session.updated.json"))
    assert isinstance(event, events.TranscriptionSessionUpdated)
    session = event.session
    assert session.client_secret is UNSET
    assert session.input_audio_format == "pcm16"
    assert session.include == ["item.input_audio_transcription.avg_logprob"]
    assert isinstance(session.turn_detection, events.ServerVAD)
    assert session.input_audio_noise_reduction == events.NoiseReduction(type="near_field")


def test_transcription_completed_usage_is_tagged_by_type() -> None:
    event = decode_server_event(
        load("server_ga_conversation.item.input_audio_transcription.completed.json")
    )
    assert isinstance(event.usage, events.TranscriptionUsageTokens)
    assert event.usage.input_tokens == 13
    raw = json.loads(load("server_ga_conversation.item.input_audio_transcription.completed.json"))
    raw["usage"] = {"type": "duration", "seconds": 2.5}
    event = decode_server_event(json.dumps(raw))
    assert event.usage == events.TranscriptionUsageDuration(seconds=2.5)


# --- building client events ---------------------------------------------------------------------


def test_session_update_encodes_nested_settings_omitting_unset_and_sending_null() -> None:
    event = events.SessionUpdate(
        event_id="evt_1",
        session=events.SessionConfig(
            model="gpt-realtime",
            output_modalities=["audio"],
            instructions="Be brief.",
            audio=events.SessionAudioConfig(
                input=events.AudioInputConfig(
                    format=events.PCMAudioFormat(rate=24000),
                    noise_reduction=events.NoiseReduction(type="far_field"),
                    transcription=events.AudioTranscription(model="gpt-4o-transcribe"),
                    turn_detection=None,
                ),
                output=events.AudioOutputConfig(
                    format=events.PCMUAudioFormat(), voice="marin", speed=1.25
                ),
            ),
            tracing="auto",
            tools=[
                events.FunctionTool(name="get_time", parameters={"type": "object"}),
                events.MCPTool(
                    server_label="docs",
                    server_url="https://example.invalid/mcp",
                    allowed_tools=events.MCPToolFilter(read_only=True),
                    require_approval="never",
                ),
            ],
            tool_choice=events.ToolChoiceFunction(name="get_time"),
            max_output_tokens=512,
            truncation=events.RetentionRatioTruncation(retention_ratio=0.5),
            prompt=events.Prompt(id="pmpt_1", variables={"city": "Paris"}),
        ),
    )
    assert wire(event) == {
        "type": "session.update",
        "event_id": "evt_1",
        "session": {
            "type": "realtime",
            "output_modalities": ["audio"],
            "model": "gpt-realtime",
            "instructions": "Be brief.",
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "transcription": {"model": "gpt-4o-transcribe"},
                    "noise_reduction": {"type": "far_field"},
                    "turn_detection": None,
                },
                "output": {"format": {"type": "audio/pcmu"}, "voice": "marin", "speed": 1.25},
            },
            "tracing": "auto",
            "tools": [
                {"type": "function", "name": "get_time", "parameters": {"type": "object"}},
                {
                    "type": "mcp",
                    "server_label": "docs",
                    "server_url": "https://example.invalid/mcp",
                    "allowed_tools": {"read_only": True},
                    "require_approval": "never",
                },
            ],
            "tool_choice": {"type": "function", "name": "get_time"},
            "max_output_tokens": 512,
            "truncation": {"type": "retention_ratio", "retention_ratio": 0.5},
            "prompt": {"id": "pmpt_1", "variables": {"city": "Paris"}},
        },
    }
    assert decode_client_event(encode_client_event(event)) == event


def test_transcription_session_update_via_session_update() -> None:
    event = events.SessionUpdate(
        session=events.TranscriptionSessionConfig(
            audio=events.TranscriptionSessionAudioConfig(
                input=events.AudioInputConfig(
                    format=events.PCMAAudioFormat(),
                    turn_detection=events.SemanticVAD(eagerness="low"),
                )
            ),
            include=["item.input_audio_transcription.logprobs"],
        )
    )
    assert wire(event) == {
        "type": "session.update",
        "session": {
            "type": "transcription",
            "audio": {
                "input": {
                    "format": {"type": "audio/pcma"},
                    "turn_detection": {"type": "semantic_vad", "eagerness": "low"},
                }
            },
            "include": ["item.input_audio_transcription.logprobs"],
        },
    }
    decoded = decode_client_event(encode_client_event(event))
    assert isinstance(decoded.session, events.TranscriptionSessionConfig)


def test_response_create_without_params_is_just_its_type() -> None:
    assert wire(events.ResponseCreate()) == {"type": "response.create"}


def test_response_create_with_params_and_item_reference() -> None:
    event = events.ResponseCreate(
        response=events.ResponseCreateParams(
            conversation="none",
            output_modalities=["text"],
            metadata={"purpose": "summary"},
            tool_choice="required",
            max_output_tokens="inf",
            input=[events.ItemReference(id="item_1"), events.MessageItem.user_text("Summarize")],
        )
    )
    assert wire(event) == {
        "type": "response.create",
        "response": {
            "output_modalities": ["text"],
            "tool_choice": "required",
            "max_output_tokens": "inf",
            "conversation": "none",
            "metadata": {"purpose": "summary"},
            "input": [
                {"type": "item_reference", "id": "item_1"},
                {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": "Summarize"}],
                },
            ],
        },
    }


def test_message_item_constructors() -> None:
    assert wire(events.ConversationItemCreate(item=events.MessageItem.system_text("Be kind"))) == {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "system",
            "content": [{"type": "input_text", "text": "Be kind"}],
        },
    }
    item = events.MessageItem.assistant_text("Hello", id="msg_1")
    assert wire(events.ConversationItemCreate(item=item, previous_item_id="root")) == {
        "type": "conversation.item.create",
        "previous_item_id": "root",
        "item": {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Hello"}],
        },
    }
    audio = events.MessageItem.user_audio(b"\x01\x02\x03\x04")
    (part,) = audio.content
    assert isinstance(part, events.InputAudioContent)
    assert part.audio == "AQIDBA=="
    assert part.audio_bytes == b"\x01\x02\x03\x04"


def test_function_call_output_and_truncate_and_cancel() -> None:
    output = events.ConversationItemCreate(
        item=events.FunctionCallOutputItem(call_id="call_1", output='{"ok": true}')
    )
    assert wire(output) == {
        "type": "conversation.item.create",
        "item": {"type": "function_call_output", "call_id": "call_1", "output": '{"ok": true}'},
    }
    truncate = events.ConversationItemTruncate(item_id="msg_2", content_index=0, audio_end_ms=1500)
    assert wire(truncate) == {
        "type": "conversation.item.truncate",
        "item_id": "msg_2",
        "content_index": 0,
        "audio_end_ms": 1500,
    }
    assert wire(events.ResponseCancel()) == {"type": "response.cancel"}
    assert wire(events.ResponseCancel(response_id="resp_1")) == {
        "type": "response.cancel",
        "response_id": "resp_1",
    }


def test_mcp_approval_response_item() -> None:
    event = events.ConversationItemCreate(
        item=events.MCPApprovalResponseItem(id="apr_1", approval_request_id="req_1", approve=False)
    )
    assert wire(event)["item"] == {
        "type": "mcp_approval_response",
        "id": "apr_1",
        "approval_request_id": "req_1",
        "approve": False,
    }


# --- audio fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"\x00\x01\xfe\xff", bytearray(b"\x00\x01\xfe\xff")])
def test_input_audio_buffer_append_base64_encodes_raw_bytes(raw: bytes) -> None:
    event = events.InputAudioBufferAppend(audio=raw)
    assert event.audio == "AAH+/w=="
    assert wire(event) == {"type": "input_audio_buffer.append", "audio": "AAH+/w=="}
    assert event.audio_bytes == b"\x00\x01\xfe\xff"


def test_input_audio_buffer_append_keeps_base64_text() -> None:
    event = events.InputAudioBufferAppend(audio="AAH+/w==")
    assert event.audio == "AAH+/w=="
    assert event.audio_bytes == b"\x00\x01\xfe\xff"


def test_output_audio_delta_audio_bytes_decodes_once() -> None:
    pcm = bytes(range(256)) * 4
    text = json.dumps(
        {
            "type": "response.output_audio.delta",
            "event_id": "e1",
            "response_id": "r1",
            "item_id": "i1",
            "output_index": 0,
            "content_index": 0,
            "delta": base64.b64encode(pcm).decode(),
        }
    )
    event = decode_server_event(text)
    assert isinstance(event, events.ResponseOutputAudioDelta)
    assert event.audio_bytes == pcm
    assert event.audio_bytes is event.audio_bytes  # cached
    assert "base64 audio" in repr(event)  # long audio is not dumped into reprs


def test_bad_base64_audio_raises_a_realtime_error_naming_the_field() -> None:
    event = events.ResponseOutputAudioDelta(
        event_id="e",
        response_id="r",
        item_id="i",
        output_index=0,
        content_index=0,
        delta="abc",
    )
    with pytest.raises(EventDecodeError) as info:
        _ = event.audio_bytes
    assert isinstance(info.value, RealtimeError)
    assert info.value.path == "$.delta"


def test_content_part_audio_bytes_is_empty_when_absent() -> None:
    assert events.OutputAudioContent(transcript="hi").audio_bytes == b""


# --- decode errors ------------------------------------------------------------------------------


RESPONSE_DONE = {
    "type": "response.done",
    "event_id": "e1",
    "response": {
        "object": "realtime.response",
        "id": "resp_1",
        "status": "completed",
        "output": [],
        "usage": {"total_tokens": 5, "input_tokens": 2, "output_tokens": 3},
    },
}


def test_wrong_type_deep_in_an_event_names_its_json_path() -> None:
    bad = json.loads(json.dumps(RESPONSE_DONE))
    bad["response"]["usage"]["total_tokens"] = "5"
    with pytest.raises(EventDecodeError) as info:
        decode_server_event(json.dumps(bad), strict=True)
    assert info.value.path == "$.response.usage.total_tokens"
    assert info.value.event_type == "response.done"


def test_valid_response_done_decodes() -> None:
    event = decode_server_event(json.dumps(RESPONSE_DONE))
    assert isinstance(event, events.ResponseDone)
    assert event.response.usage == events.Usage(total_tokens=5, input_tokens=2, output_tokens=3)


def test_unknown_content_part_type_names_the_content_path() -> None:
    bad = {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_video", "url": "x"}],
        },
    }
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(json.dumps(bad), strict=True)
    assert info.value.path.startswith("$.item.content[0]")
    assert "input_video" in str(info.value)


def test_missing_required_field_names_it() -> None:
    bad = {"type": "response.output_text.delta", "event_id": "e", "response_id": "r"}
    with pytest.raises(EventDecodeError) as info:
        decode_server_event(json.dumps(bad), strict=True)
    assert info.value.path in {"$.item_id", "$.output_index", "$.content_index", "$.delta"}


def test_value_outside_an_enumeration_is_rejected() -> None:
    bad = {
        "type": "session.update",
        "session": {"type": "realtime", "output_modalities": ["video"]},
    }
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(json.dumps(bad), strict=True)
    assert info.value.path == "$.session.output_modalities[0]"


def test_unknown_members_are_kept_through_a_round_trip() -> None:
    text = json.dumps(
        {
            "type": "input_audio_buffer.speech_started",
            "event_id": "e",
            "audio_start_ms": 10,
            "item_id": "i",
            "new_field": {"x": 1},
        }
    )
    event = decode_server_event(text)
    assert event.extra_fields == {"new_field": {"x": 1}}
    assert orjson.loads(encode_server_event(event)) == json.loads(text)
