"""The dialect table names what OpenAI publishes, and the code that asks it behaves per dialect."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from realtime_sdk._codec import decode_server_event
from realtime_sdk._protocol import ANSWERS as PROTOCOL_ANSWERS
from realtime_sdk.events import _resources as ga_r
from realtime_sdk.events._dialects import (
    ANSWERS,
    DIALECT_SPECS,
    DIALECTS,
    RESPONSE_STREAMS,
    dialect_spec,
    is_dialect,
)
from realtime_sdk.events.beta import _resources as beta_r

from ._fixtures import OPENAI_SPEC

# The folder of each dialect's published examples (tests/fixtures/openai-spec/README.md).
EXAMPLES = {"ga": "ga", "beta": "beta-2025-04-29", "translation": "translation"}


def published(dialect: str, direction: str) -> set[str]:
    """The event types OpenAI publishes an example of, for one dialect and direction."""
    folder: Path = OPENAI_SPEC / EXAMPLES[dialect]
    prefix = f"{direction}_{dialect}_"
    # A second example of one type is `<type>__2.json`.
    return {
        path.name[len(prefix) : -len(".json")].split("__")[0]
        for path in folder.glob(f"{prefix}*.json")
    }


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_wire_name_of_a_dialect_is_a_published_event_of_it(dialect: str) -> None:
    spec = dialect_spec(dialect)  # type: ignore[arg-type]
    server, client = published(dialect, "server"), published(dialect, "client")
    assert spec.output_audio_delta in server
    assert spec.input_audio_append in client
    if spec.response is not None:
        assert set(spec.response.event_types) <= server
    # The classes hold exactly the types their dialect publishes examples of (where it does).
    assert server <= set(spec.server_classes)
    assert client <= set(spec.client_classes)


def test_ga_and_beta_response_streams_differ_only_in_their_names() -> None:
    ga, beta = dialect_spec("ga"), dialect_spec("beta")
    assert ga.response is not None
    assert beta.response is not None
    assert ga.response.text_part == "output_text"
    assert beta.response.text_part == "text"
    assert ga.response.audio_part == "output_audio"
    assert beta.response.audio_part == "audio"
    assert dialect_spec("translation").response is None
    assert [spec.name for spec in DIALECT_SPECS.values() if spec.has_conversation] == ["ga", "beta"]
    assert (ga.response, beta.response) == RESPONSE_STREAMS


def test_the_canonical_map_takes_each_beta_stream_event_to_its_ga_twin() -> None:
    ga, beta = dialect_spec("ga"), dialect_spec("beta")
    assert beta.canonical_type("response.audio.delta") == "response.output_audio.delta"
    assert beta.canonical_type("response.text.done") == "response.output_text.done"
    assert beta.canonical_type("session.created") == "session.created"
    assert ga.to_ga == {}
    assert dialect_spec("translation").to_ga == {}
    assert len(beta.to_ga) == 6
    for beta_type, ga_type in beta.to_ga.items():
        assert beta_type not in ga.server_classes
        # Same members under another name: a beta event decoded as its GA twin keeps every field.
        beta_fields = {a.name for a in attrs.fields(beta.server_classes[beta_type])}
        ga_fields = {a.name for a in attrs.fields(ga.server_classes[ga_type])}
        assert beta_fields == ga_fields, beta_type


def test_a_published_beta_delta_is_the_ga_delta_under_the_canonical_name() -> None:
    text = (OPENAI_SPEC / "beta-2025-04-29" / "server_beta_response.audio.delta.json").read_text()
    beta_event = decode_server_event(text, dialect="beta")
    as_ga = json.loads(text)
    as_ga["type"] = dialect_spec("beta").canonical_type(as_ga["type"])
    ga_event = decode_server_event(json.dumps(as_ga), dialect="ga")
    assert type(ga_event).__name__ == "ResponseOutputAudioDelta"
    assert ga_event.delta == beta_event.delta  # type: ignore[union-attr]


def test_each_dialect_answers_only_with_its_own_events() -> None:
    for spec in DIALECT_SPECS.values():
        for request, answers in spec.answers.items():
            assert request in spec.client_classes
            assert answers, request
            assert answers <= set(spec.server_classes), request
    assert dialect_spec("beta").answers["conversation.item.create"] == {"conversation.item.created"}
    assert dialect_spec("ga").answers["conversation.item.create"] == {
        "conversation.item.added",
        "conversation.item.created",
    }
    assert set(dialect_spec("translation").answers) == {"session.update", "session.close"}


def test_the_protocol_waits_for_the_answers_the_table_lists() -> None:
    # One table: the protocol reads the dialects' own, which is every dialect's answers merged.
    merged: dict[str, frozenset[str]] = {}
    for spec in DIALECT_SPECS.values():
        for request, answers in spec.answers.items():
            merged[request] = merged.get(request, frozenset()) | answers
    assert PROTOCOL_ANSWERS is ANSWERS
    assert merged == dict(ANSWERS)


def test_a_name_that_is_not_a_dialect_is_refused() -> None:
    assert all(is_dialect(name) for name in ("ga", "beta", "translation"))
    assert not is_dialect("auto")
    assert not is_dialect("GA")
    assert not is_dialect(None)
    with pytest.raises(KeyError):
        dialect_spec("v2")  # type: ignore[arg-type]


def test_each_conversation_dialect_builds_every_part_type_with_its_own_classes() -> None:
    ga, beta = dialect_spec("ga").items, dialect_spec("beta").items
    assert ga is not None
    assert beta is not None
    assert dialect_spec("translation").items is None
    part_types = {"input_text", "output_text", "text", "input_audio", "output_audio", "audio"}
    assert set(ga.content_parts) == set(beta.content_parts) == part_types
    for part_type, cls in ga.content_parts.items():
        assert attrs.fields(cls).type.default == part_type  # GA has a class for each
    # Beta has no output_* parts: its text and audio classes stand for them.
    assert beta.content_parts["output_text"] is beta.content_parts["text"]
    assert beta.content_parts["output_audio"] is beta.content_parts["audio"]
    assert beta.content_parts["audio"] is beta_r.AudioContent
    assert beta.message is beta_r.MessageItem
    assert ga.function_call_output is ga_r.FunctionCallOutputItem
