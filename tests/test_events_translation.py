"""Realtime translation sessions: published examples, audio in and out, typed errors."""

from __future__ import annotations

import base64
import json
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
from realtime_sdk.events import UnknownEvent, event_classes
from realtime_sdk.events import translation as tr
from realtime_sdk.events._common import ErrorDetails
from tests._fixtures import OPENAI_SPEC

SPEC = OPENAI_SPEC
EXAMPLES = SPEC / "translation"

CLASS_OF_TYPE = {
    ("client", "session.update"): tr.SessionUpdate,
    ("client", "session.input_audio_buffer.append"): tr.SessionInputAudioBufferAppend,
    ("client", "session.close"): tr.SessionClose,
    ("server", "session.created"): tr.SessionCreated,
    ("server", "session.updated"): tr.SessionUpdated,
    ("server", "session.closed"): tr.SessionClosed,
    ("server", "session.input_transcript.delta"): tr.SessionInputTranscriptDelta,
    ("server", "session.output_transcript.delta"): tr.SessionOutputTranscriptDelta,
    ("server", "session.output_audio.delta"): tr.SessionOutputAudioDelta,
    ("server", "error"): tr.ErrorEvent,
}


def wire_type(cls: type[Any]) -> str:
    default = attrs.fields(cls).type.default
    assert isinstance(default, str)
    return default


def example_files() -> list[Any]:
    return [pytest.param(p, id=p.stem) for p in sorted(EXAMPLES.glob("*.json"))]


def load(name: str) -> str:
    return (EXAMPLES / name).read_text()


def roundtrip_server(text: str) -> Any:
    event = decode_server_event(text, dialect="translation")
    assert orjson.loads(encode_server_event(event)) == json.loads(text)
    return event


@pytest.mark.parametrize("path", example_files())
def test_published_example_decodes_to_its_class_and_round_trips(path: Path) -> None:
    text = path.read_text()
    direction, wire = path.stem.split("_translation_", 1)
    if direction == "client":
        event = decode_client_event(text, dialect="translation")
        encoded = encode_client_event(event)
    else:
        event = decode_server_event(text, dialect="translation")
        encoded = encode_server_event(event)
    assert type(event) is CLASS_OF_TYPE[direction, wire]
    assert event.type == wire
    assert orjson.loads(encoded) == json.loads(text)
    assert not event.extra_fields


def test_class_tables_match_the_protocol_lists() -> None:
    assert len(tr.CLIENT_EVENTS) == 3
    assert len(tr.SERVER_EVENTS) == 7
    assert event_classes("translation", "client") == tr.CLIENT_EVENTS
    assert event_classes("translation", "server") == tr.SERVER_EVENTS
    assert {("client", wire_type(c)) for c in tr.CLIENT_EVENTS} | {
        ("server", wire_type(c)) for c in tr.SERVER_EVENTS
    } == set(CLASS_OF_TYPE)


def test_session_created_is_fully_typed() -> None:
    event = roundtrip_server(load("server_translation_session.created.json"))
    assert isinstance(event, tr.SessionCreated)
    session = event.session
    assert (session.id, session.type, session.model, session.expires_at) == (
        "sess_123",
        "translation",
        "gpt-realtime-translate",
        1714857600,
    )
    audio_in = session.audio.input
    assert isinstance(audio_in, tr.TranslationAudioInput)
    assert audio_in.transcription == tr.TranslationTranscription(
        model="gpt-realtime-whisper", language="en"
    )
    assert audio_in.noise_reduction == tr.TranslationNoiseReduction(type="near_field")
    assert session.audio.output == tr.TranslationAudioOutput(language="fr")


def test_session_update_sends_null_to_turn_off_noise_reduction() -> None:
    event = tr.SessionUpdate(
        session=tr.TranslationSessionConfig(
            audio=tr.TranslationAudio(
                input=tr.TranslationAudioInput(
                    transcription=tr.TranslationTranscription(model="gpt-realtime-whisper"),
                    noise_reduction=None,
                ),
                output=tr.TranslationAudioOutput(language="es"),
            )
        )
    )
    text = encode_client_event(event)
    assert orjson.loads(text) == {
        "type": "session.update",
        "session": {
            "audio": {
                "input": {
                    "transcription": {"model": "gpt-realtime-whisper"},
                    "noise_reduction": None,
                },
                "output": {"language": "es"},
            }
        },
    }
    assert decode_client_event(text, dialect="translation") == event


def test_input_audio_append_takes_raw_bytes_and_close_is_bare() -> None:
    pcm = b"\x00\x01" * 2400
    event = tr.SessionInputAudioBufferAppend(audio=pcm, event_id="a1")
    assert orjson.loads(encode_client_event(event)) == {
        "type": "session.input_audio_buffer.append",
        "event_id": "a1",
        "audio": base64.b64encode(pcm).decode(),
    }
    assert event.audio_bytes == pcm
    assert orjson.loads(encode_client_event(tr.SessionClose())) == {"type": "session.close"}


def test_output_audio_delta_decodes_to_bytes() -> None:
    text = json.dumps(
        {
            "type": "session.output_audio.delta",
            "event_id": "e",
            "delta": base64.b64encode(b"\x01\x00\x02\x00").decode(),
            "sample_rate": 24000,
            "channels": 1,
            "format": "pcm16",
            "elapsed_ms": None,
        }
    )
    event = roundtrip_server(text)
    assert isinstance(event, tr.SessionOutputAudioDelta)
    assert event.audio_bytes == b"\x01\x00\x02\x00"
    assert (event.sample_rate, event.channels, event.format, event.elapsed_ms) == (
        24000,
        1,
        "pcm16",
        None,
    )


def test_published_placeholder_audio_is_reported_as_bad_base64() -> None:
    event = roundtrip_server(load("server_translation_session.output_audio.delta.json"))
    with pytest.raises(EventDecodeError) as info:
        _ = event.audio_bytes
    assert info.value.path == "$.delta"


def test_transcript_deltas_and_errors() -> None:
    source = roundtrip_server(load("server_translation_session.input_transcript.delta.json"))
    assert (source.delta, source.elapsed_ms) == (" hear", 1200)
    target = roundtrip_server(load("server_translation_session.output_transcript.delta.json"))
    assert (target.delta, target.elapsed_ms) == (" escuch", 1200)
    error = roundtrip_server(load("server_translation_error.json"))
    assert isinstance(error, tr.ErrorEvent)
    assert isinstance(error.error, ErrorDetails)
    assert error.error.event_id == "event_567"
    assert isinstance(
        roundtrip_server('{"type": "session.closed", "event_id": "x"}'), tr.SessionClosed
    )


def test_conversation_events_are_unknown_in_translation_sessions() -> None:
    event = decode_server_event(
        '{"type": "response.done", "event_id": "e", "response": {}}', dialect="translation"
    )
    assert isinstance(event, UnknownEvent)


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        (
            {
                "type": "session.input_transcript.delta",
                "event_id": "e",
                "delta": "a",
                "elapsed_ms": "1",
            },
            "$.elapsed_ms",
        ),
        ({"type": "session.output_transcript.delta", "event_id": "e"}, "$.delta"),
        (
            {"type": "session.output_audio.delta", "event_id": "e", "delta": "", "format": "mp3"},
            "$.format",
        ),
        (
            {
                "type": "session.updated",
                "event_id": "e",
                "session": {"id": "s", "type": "translation", "expires_at": 1, "audio": {}},
            },
            "$.session.model",
        ),
        (
            {
                "type": "session.created",
                "event_id": "e",
                "session": {
                    "id": "s",
                    "type": "translation",
                    "expires_at": 1,
                    "model": "m",
                    "audio": {"input": {"noise_reduction": {"type": "loud"}}},
                },
            },
            "$.session.audio.input.noise_reduction.type",
        ),
    ],
)
def test_wrong_types_raise_event_decode_error_with_a_path(payload: Any, path: str) -> None:
    with pytest.raises(EventDecodeError) as info:
        decode_server_event(json.dumps(payload), dialect="translation", strict=True)
    assert info.value.path == path
    assert info.value.event_type == payload["type"]


def test_wrong_client_event_raises_with_a_path() -> None:
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(
            '{"type": "session.input_audio_buffer.append"}', dialect="translation", strict=True
        )
    assert info.value.path == "$.audio"
    text = '{"type": "session.update", "session": {"audio": {"output": {"language": 3}}}}'
    with pytest.raises(EventDecodeError) as info:
        decode_client_event(text, dialect="translation", strict=True)
    assert info.value.path == "$.session.audio.output.language"
    assert tr.SessionUpdate(session=tr.TranslationSessionConfig()).session.audio is UNSET
