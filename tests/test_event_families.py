"""Fields shared by families of models are declared once (issue 15), and nothing a user sees moves.

The event families of `realtime_sdk/events/_families.py` (and the resource bases `ItemBase`,
`AudioPartBase`, `ServerVADBase`, `ResponseBase`, `MCPCodedErrorBase`) are attrs bases; attrs puts
a base's fields first, and `type_first` moves `type` back to the front. These tests pin what that
must keep: `type` leads every event, the family's fields follow in the family's order, the encoded
keys follow the fields, and the models the dialects now share decode in each dialect.
"""

from __future__ import annotations

import base64
import json

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
from realtime_sdk.events import beta, event_classes
from realtime_sdk.events import translation as tr
from realtime_sdk.events._base import Model
from tests._fixtures import OPENAI_SPEC

ALL_EVENTS = sorted(
    {
        cls
        for dialect in ("ga", "beta", "translation")
        for direction in ("client", "server")
        for cls in event_classes(dialect, direction)  # type: ignore[arg-type]
    },
    key=lambda cls: f"{cls.__module__}.{cls.__name__}",
)


def _names(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls)]


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_type_leads_and_the_family_fields_follow_in_order(cls: type) -> None:
    names = _names(cls)
    assert names[:2] == ["extra_fields", "type"]
    family = next(base for base in cls.__mro__[1:] if attrs.has(base))
    if family is not Model:
        shared = _names(family)[1:]  # the family's fields, after Model's `extra_fields`
        assert names[2 : 2 + len(shared)] == shared, (cls.__name__, family.__name__)


def _examples() -> list[tuple[str, str, str]]:
    out = []
    for folder, dialect in (
        ("ga", "ga"),
        ("beta-2025-04-29", "beta"),
        ("translation", "translation"),
    ):
        for path in sorted((OPENAI_SPEC / folder).glob("*_*.json")):
            if path.name.startswith(("client_", "server_")):
                out.append((path.name, path.read_text(), dialect))
    return out


@pytest.mark.parametrize(("name", "text", "dialect"), _examples(), ids=lambda v: str(v)[:60])
def test_encoded_keys_follow_the_field_order(name: str, text: str, dialect: str) -> None:
    if name.startswith("client_"):
        event = decode_client_event(text, dialect=dialect)  # type: ignore[call-overload]
        wire = orjson.loads(encode_client_event(event))
    else:
        event = decode_server_event(text, dialect=dialect)  # type: ignore[call-overload]
        wire = orjson.loads(encode_server_event(event))
    assert set(wire) == set(json.loads(text))  # (values: tests/test_events_*.py)
    modelled = [n for n in _names(type(event)) if n in wire]
    assert list(wire)[: len(modelled)] == modelled  # `type` first; unmodelled members after
    assert next(iter(wire)) == "type"


SHARED = [
    (beta, "ConversationCreated"),
    (beta, "ConversationItemInputAudioTranscriptionFailed"),
    (beta, "InputAudioBufferCommitted"),
    (beta, "InputAudioContent"),
    (beta, "ResponseStatusDetails"),
    (beta, "TranscriptionError"),
    (tr, "ErrorEvent"),
]


@pytest.mark.parametrize(("module", "name"), SHARED, ids=lambda v: getattr(v, "__name__", v))
def test_models_that_are_the_same_in_every_dialect_are_one_class(module: object, name: str) -> None:
    assert getattr(module, name) is getattr(events, name)


@pytest.mark.parametrize(
    ("dialect", "example", "expected"),
    [
        ("beta", "beta-2025-04-29/server_beta_conversation.created.json", beta.ConversationCreated),
        (
            "beta",
            "beta-2025-04-29/server_beta_input_audio_buffer.committed.json",
            beta.InputAudioBufferCommitted,
        ),
        (
            "beta",
            "beta-2025-04-29/server_beta_conversation.item.input_audio_transcription.failed.json",
            beta.ConversationItemInputAudioTranscriptionFailed,
        ),
        ("translation", "translation/server_translation_error.json", tr.ErrorEvent),
        ("ga", "ga/server_ga_conversation.created.json", events.ConversationCreated),
    ],
)
def test_a_shared_class_decodes_in_each_dialect_that_has_it(
    dialect: str, example: str, expected: type
) -> None:
    text = (OPENAI_SPEC / example).read_text()
    event = decode_server_event(text, dialect=dialect)  # type: ignore[call-overload]
    assert type(event) is expected
    assert orjson.loads(encode_server_event(event)) == json.loads(text)


def test_beta_user_audio_parts_decode_to_the_shared_part_in_the_beta_item_union() -> None:
    wire = {
        "type": "conversation.item.created",
        "event_id": "evt_1",
        "previous_item_id": None,
        "item": {
            "id": "item_1",
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_audio", "transcript": "hi"},
                {"type": "input_text", "text": "x"},
            ],
        },
    }
    event = decode_server_event(orjson.dumps(wire), dialect="beta")
    assert isinstance(event, beta.ConversationItemCreated)
    assert isinstance(event.item, beta.MessageItem)  # the beta item, not the GA one
    audio, text = event.item.content
    assert type(audio) is events.InputAudioContent
    assert type(text) is beta.InputTextContent  # the beta part (GA's has prompt caching)


def test_the_beta_assistant_audio_part_encodes_raw_bytes_as_its_docs_say() -> None:
    part = beta.AudioContent(audio=b"\x00\x01\x02", transcript="hi")
    assert part.audio == base64.b64encode(b"\x00\x01\x02").decode("ascii")
    assert part.audio_bytes == b"\x00\x01\x02"
