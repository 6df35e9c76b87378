"""The restore planner: what a new connection receives to continue a session (no I/O).

The conversations are made by the fake server's Sans-I/O engine and the plans are fed to a fresh
engine, which plays a new server connection: it must accept every event, and end up with the
configuration and the items the old one had.
"""

from __future__ import annotations

import itertools
import math
from array import array
from typing import Any

import orjson
import pytest

from realtime_sdk import UNSET, Conversation
from realtime_sdk._codec import decode_server_event, encode_client_event
from realtime_sdk._restore import (
    IdMap,
    plan_restore,
    restorable_config,
    restored_id_factory,
    select_items,
)
from realtime_sdk.events import _client as ga_c
from realtime_sdk.events import _resources as ga
from realtime_sdk.events import translation as tr
from realtime_sdk.events.beta import _resources as beta
from realtime_sdk.testing import FakeRealtimeEngine, FunctionCall, Reply, ScriptedResponder

DIALECTS = ["ga", "beta"]


def pcm(ms: int, amplitude: float = 0.3) -> bytes:
    count = ms * 24
    peak = amplitude * 32767
    return array("h", (round(peak * math.sin(i / 4)) for i in range(count))).tobytes()


class Call:
    """One fake connection and the client's Conversation of it."""

    def __init__(self, dialect: str, responder: Any = None, **kwargs: Any) -> None:
        if responder is not None:
            kwargs["responder"] = responder
        self.dialect = dialect
        self.engine = FakeRealtimeEngine(dialect=dialect, seed=1, **kwargs)  # type: ignore[arg-type]
        self.conversation = Conversation()
        self.received: list[Any] = []
        self.apply(self.engine.start())

    def apply(self, events: list[Any]) -> list[Any]:
        for event in events:
            self.conversation.apply(event)
        self.received.extend(events)
        return events

    def send(self, obj: dict[str, Any]) -> list[Any]:
        return self.apply(self.engine.handle(orjson.dumps(obj)))

    def send_event(self, event: Any) -> list[Any]:
        # Through the wire, as a real connection would carry it.
        return self.apply(self.engine.handle(encode_client_event(event)))

    def text_mode(self) -> None:
        if self.dialect == "ga":
            session: dict[str, Any] = {"type": "realtime", "output_modalities": ["text"]}
            session["audio"] = {"input": {"turn_detection": None}}
        else:
            session = {"modalities": ["text"], "turn_detection": None}
        self.send({"type": "session.update", "session": session})

    def user_text(self, text: str, respond: bool = True) -> None:
        self.send(
            {
                "type": "conversation.item.create",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": text}],
                },
            }
        )
        if respond:
            self.send({"type": "response.create"})

    def user_audio(self, transcript: str | None) -> str:
        self.send({"type": "input_audio_buffer.append", "audio": _b64(pcm(300))})
        out = self.send({"type": "input_audio_buffer.commit"})
        item_id = str(out[0].item_id)
        if transcript is not None:
            self.apply(
                [
                    decode_server_event(
                        orjson.dumps(
                            {
                                "type": "conversation.item.input_audio_transcription.completed",
                                "event_id": "evt_t",
                                "item_id": item_id,
                                "content_index": 0,
                                "transcript": transcript,
                                "usage": {"type": "duration", "seconds": 0.3},
                            }
                        ),
                        dialect=self.dialect,
                    )
                ]
            )
        return item_id


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


def replay(dialect: str, plan: Any) -> tuple[FakeRealtimeEngine, list[Any]]:
    """A new connection: a fresh engine receives the plan's events; nothing may be refused."""
    engine = FakeRealtimeEngine(dialect=dialect, seed=2)  # type: ignore[arg-type]
    out = list(engine.start())
    for event in plan.events:
        answers = engine.handle(encode_client_event(event))
        assert [a.type for a in answers if a.type == "error"] == [], answers
        out.extend(answers)
    return engine, out


def message_texts(items: tuple[Any, ...]) -> list[tuple[str, str]]:
    """(role or type, text) of each item, as a reader would summarise the conversation."""
    out = []
    for item in items:
        if item.type == "message":
            text = "".join(str(getattr(p, "text", "") or "") for p in item.content)
            out.append((item.role, text))
        elif item.type == "function_call":
            out.append(("function_call", f"{item.name}{item.arguments}"))
        else:
            out.append((item.type, str(getattr(item, "output", ""))))
    return out


# --- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_config_is_the_acknowledged_session_without_read_only_fields(dialect: str) -> None:
    call = Call(dialect)
    call.send(
        {"type": "session.update", "session": {"instructions": "Speak like a pirate."}}
        if dialect == "beta"
        else {
            "type": "session.update",
            "session": {"type": "realtime", "instructions": "Speak like a pirate."},
        }
    )
    acknowledged = call.received[-1].session
    assert acknowledged.instructions == "Speak like a pirate."
    config = restorable_config(call.received[0].session)  # session.created has id etc.
    assert config is not None
    wire = orjson.loads(encode_client_event(config))
    for field in ("id", "object", "expires_at", "client_secret"):
        assert field not in wire
    plan = plan_restore(dialect=dialect, server_session=acknowledged)
    assert [e.type for e in plan.events] == ["session.update"]
    engine, _ = replay(dialect, plan)
    assert engine.session.instructions == "Speak like a pirate."  # type: ignore[attr-defined]


def test_beta_client_secret_and_unknown_fields_are_not_sent_back() -> None:
    session = beta.SessionConfig(
        id="sess_1",
        object="realtime.session",
        expires_at=1,
        client_secret=beta.ClientSecretObject(value="ek_secret", expires_at=2),
        instructions="Be brief.",
        extra_fields={"server_only": 1},
    )
    config = restorable_config(session)
    assert config == beta.SessionConfig(instructions="Be brief.")


def test_transcription_and_translation_configs() -> None:
    legacy = ga.LegacyTranscriptionSessionConfig(
        id="s", object="realtime.transcription_session", modalities=["text"], include=None
    )
    plan = plan_restore(dialect="ga", server_session=legacy)
    assert [e.type for e in plan.events] == ["transcription_session.update"]
    assert orjson.loads(encode_client_event(plan.events[0]))["session"] == {"include": None}
    audio = tr.TranslationAudio(output=tr.TranslationAudioOutput(language="es"))
    session = tr.TranslationSession(id="s", expires_at=1, model="m", audio=audio)
    plan = plan_restore(dialect="translation", server_session=session)
    assert [e.type for e in plan.events] == ["session.update"]
    assert plan.events[0].session == tr.TranslationSessionConfig(audio=audio)  # type: ignore[attr-defined]
    assert restorable_config(None) is None
    assert plan_restore(dialect="ga", server_session=None).events == ()


# --- conversation ------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_new_connection_gets_the_conversation_in_order_and_chained(dialect: str) -> None:
    weather = FunctionCall(name="get_weather", arguments={"city": "Oslo"}, call_id="call_1")
    responder = ScriptedResponder(
        [
            "Hello there.",
            Reply(text="Checking.", function_calls=[weather]),
            "It is sunny in Oslo.",
        ]
    )
    call = Call(dialect, responder)
    call.text_mode()
    call.user_text("Hi!")
    call.user_text("Weather in Oslo?")
    output: dict[str, Any] = {"type": "function_call_output", "call_id": "call_1"}
    output["output"] = '{"sky": "sunny"}'
    call.send({"type": "conversation.item.create", "item": output})
    call.send({"type": "response.create"})
    before = [item.id for item in call.conversation.items]
    assert len(before) == 7

    selection = select_items(call.conversation, dialect=dialect)  # type: ignore[arg-type]
    plan = plan_restore(
        dialect=dialect,  # type: ignore[arg-type]
        server_session=call.received[-1].session
        if call.received[-1].type.startswith("session")
        else call.engine.session,
        selection=selection,
        new_id=restored_id_factory("t"),
    )
    assert (plan.items_restored, plan.items_dropped, plan.summarized) == (7, 0, False)
    kinds = [e.type for e in plan.events]
    assert kinds == ["session.update"] + ["conversation.item.create"] * 7
    creates = plan.events[1:]
    assert creates[0].previous_item_id is UNSET  # type: ignore[attr-defined]
    for earlier, later in itertools.pairwise(creates):
        assert later.previous_item_id == earlier.item.id  # type: ignore[attr-defined]

    engine, _ = replay(dialect, plan)
    assert message_texts(engine.items) == [
        ("user", "Hi!"),
        ("assistant", "Hello there."),
        ("user", "Weather in Oslo?"),
        ("assistant", "Checking."),
        ("function_call", 'get_weather{"city":"Oslo"}'),
        ("function_call_output", '{"sky": "sunny"}'),
        ("assistant", "It is sunny in Oslo."),
    ]
    assert [plan.id_map.canonical(str(i.id)) for i in engine.items] == before
    # The new server can go on from there: its context holds the restored items.
    assert engine.handle(orjson.dumps({"type": "response.create"}))[-1].type == "response.done"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_audio_becomes_text_and_untranscribed_user_audio_is_dropped(dialect: str) -> None:
    call = Call(dialect, ScriptedResponder(["Sure, I can help.", "Goodbye."]))
    if dialect == "ga":
        call.send(
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"input": {"turn_detection": None}}},
            }
        )
    else:
        call.send({"type": "session.update", "session": {"turn_detection": None}})
    call.user_audio("Can you help me?")
    call.send({"type": "response.create"})  # audio answer with a transcript
    call.user_audio(None)  # no transcription: nothing to restore it from
    call.send({"type": "response.create"})
    assert call.conversation.items[1].audio  # the assistant answered in audio
    selection = select_items(call.conversation, dialect=dialect)  # type: ignore[arg-type]
    assert [i.id for i in selection.left_out] == [call.conversation.items[2].id]
    plan = plan_restore(dialect=dialect, server_session=None, selection=selection)  # type: ignore[arg-type]
    assert (plan.items_restored, plan.items_dropped) == (3, 1)
    engine, _ = replay(dialect, plan)
    assert message_texts(engine.items) == [
        ("user", "Can you help me?"),
        ("assistant", "Sure, I can help."),
        ("assistant", "Goodbye."),
    ]
    part_types = [p.type for item in engine.items for p in item.content]  # type: ignore[attr-defined]
    assert part_types == (
        ["input_text", "output_text", "output_text"]
        if dialect == "ga"
        else ["input_text", "text", "text"]
    )


def long_call(turns: int) -> Call:
    call = Call("ga", ScriptedResponder([f"Answer {n}." for n in range(turns)]))
    call.text_mode()
    for n in range(turns):
        call.user_text(f"Question {n}?")
    return call


def test_budget_keeps_the_newest_items_by_count() -> None:
    call = long_call(20)
    selection = select_items(call.conversation, max_items=5)
    plan = plan_restore(dialect="ga", server_session=None, selection=selection)
    assert (plan.items_restored, plan.items_dropped) == (5, 35)
    engine, _ = replay("ga", plan)
    assert message_texts(engine.items) == [
        ("assistant", "Answer 17."),
        ("user", "Question 18?"),
        ("assistant", "Answer 18."),
        ("user", "Question 19?"),
        ("assistant", "Answer 19."),
    ]
    assert [i.id for i in selection.left_out] == [i.id for i in call.conversation.items[:35]]


def test_budget_by_token_estimate() -> None:
    call = long_call(20)
    # Each item: about 3 tokens of text plus 4 of overhead.
    selection = select_items(call.conversation, max_tokens=50)
    assert 0 < len(selection.kept) < 10
    assert len(selection.kept) + len(selection.left_out) == 40
    kept = [item.id for item, _ in selection.kept]
    assert kept == [i.id for i in call.conversation.items[-len(kept) :]]  # the newest, in order
    assert select_items(call.conversation, max_tokens=0).kept == ()
    both = select_items(call.conversation, max_items=3, max_tokens=10_000)
    assert len(both.kept) == 3


def test_summary_replaces_what_did_not_fit() -> None:
    call = long_call(10)
    selection = select_items(call.conversation, max_items=2)
    summary = f"Earlier, the user asked {len(selection.left_out) // 2} questions."
    plan = plan_restore(dialect="ga", server_session=None, selection=selection, summary=summary)
    assert plan.summarized
    assert (plan.items_restored, plan.items_dropped) == (2, 18)
    engine, _ = replay("ga", plan)
    assert message_texts(engine.items) == [
        ("system", "Earlier, the user asked 9 questions."),
        ("user", "Question 9?"),
        ("assistant", "Answer 9."),
    ]


def test_function_output_is_not_restored_without_its_call() -> None:
    call = Call(
        "ga",
        ScriptedResponder([Reply(function_calls=[FunctionCall(name="f", call_id="c1")]), "Done."]),
    )
    call.text_mode()
    call.user_text("Go.")
    output = {"type": "function_call_output", "call_id": "c1", "output": "ok"}
    call.send({"type": "conversation.item.create", "item": output})
    call.send({"type": "response.create"})
    types = [i.type for i in call.conversation.items]
    assert types == ["message", "function_call", "function_call_output", "message"]
    selection = select_items(call.conversation, max_items=2)  # the output and the answer fit
    assert [i.type for i, _ in selection.kept] == ["message"]
    assert [i.type for i in selection.left_out] == types[:3]


# --- ids across connections --------------------------------------------------------------------


def test_conversation_stays_one_conversation_across_connections() -> None:
    call = long_call(2)
    before = [(i.id, i.role, i.text) for i in call.conversation.items]
    selection = select_items(call.conversation)
    plan = plan_restore(dialect="ga", server_session=None, selection=selection)
    engine, answers = replay("ga", plan)
    id_map = plan.id_map
    # The new server's answers to the restore are echoes: the Conversation has those items.
    echoes = [a for a in answers if a.type.startswith("conversation.item")]
    assert echoes
    assert all(id_map.is_restore_echo(a) for a in echoes)
    # What the new server says next refers to its own ids; the Conversation gets its own.
    after = engine.handle(
        orjson.dumps(
            {
                "type": "conversation.item.create",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": "And now?"}],
                },
            }
        )
    )
    added = after[0]
    assert added.previous_item_id == plan.events[-1].item.id  # type: ignore[attr-defined]
    assert not id_map.is_restore_echo(added)
    translated = id_map.inbound(added)
    assert translated.previous_item_id == before[-1][0]
    call.apply([id_map.inbound(e) for e in after])
    assert [(i.id, i.role, i.text) for i in call.conversation.items][:4] == before
    assert call.conversation.items[-1].text == "And now?"
    assert call.conversation.anomaly_count == 0


def test_ids_the_application_kept_still_name_their_items() -> None:
    call = long_call(1)
    first = call.conversation.items[0].id
    plan = plan_restore(
        dialect="ga", server_session=None, selection=select_items(call.conversation)
    )
    engine, _ = replay("ga", plan)
    request = plan.id_map.outbound(ga_c.ConversationItemDelete(item_id=first))
    answers = engine.handle(encode_client_event(request))
    assert [a.type for a in answers] == ["conversation.item.deleted"]
    assert plan.id_map.inbound(answers[0]).item_id == first
    untouched = ga_c.ConversationItemDelete(item_id="item_other")
    assert plan.id_map.outbound(untouched) is untouched
    assert not IdMap()
    assert IdMap().inbound(answers[0]) is answers[0]


def test_restored_ids_fit_the_api_limit_and_are_unique() -> None:
    make = restored_id_factory()
    ids = [make() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert max(len(i) for i in ids) <= 32
    assert make().startswith("item_r")
