"""The conversation reducer: fed with the fake server's events, it matches the server's conversation."""

from __future__ import annotations

import base64
from typing import Any

import attrs
import orjson
import pytest

from realtime_sdk._conversation import (
    DEFAULT_MAX_AUDIO_BYTES_PER_ITEM,
    Conversation,
    ItemState,
)
from realtime_sdk._exceptions import ConfigurationError
from realtime_sdk._types import UNSET
from realtime_sdk.events import _resources as ga_r
from realtime_sdk.events import _server as ga_s
from realtime_sdk.events._base import Model
from realtime_sdk.events.beta import _server as b_s
from realtime_sdk.testing import FakeRealtimeEngine, FunctionCall, Reply, ScriptedResponder, Tone

DIALECTS = ["ga", "beta"]


class Clock:
    """A clock that advances one second per reading."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


class Harness:
    """A fake engine whose every server event is applied to a Conversation."""

    def __init__(self, dialect: str, *replies: Reply, **conversation: Any) -> None:
        self.dialect = dialect
        self.engine = FakeRealtimeEngine(
            dialect=dialect,  # type: ignore[arg-type]
            responder=ScriptedResponder(replies),
            seed=7,
        )
        self.clock = Clock()
        self.conversation = Conversation(clock=self.clock, **conversation)
        self.events: list[Model] = []
        self.apply(self.engine.start())

    def apply(self, events: list[Model]) -> list[Model]:
        assert "error" not in _types(events), events
        for event in events:
            self.conversation.apply(event)
        self.events.extend(events)
        return events

    def send(self, obj: dict[str, Any]) -> list[Model]:
        return self.apply(self.engine.handle(orjson.dumps(obj)))

    def receive(self, obj: dict[str, Any]) -> list[Model]:
        """Only the immediate answer (a response stays in progress)."""
        return self.apply(self.engine.receive(orjson.dumps(obj)))

    def step(self) -> list[Model]:
        step = self.engine.next_step()
        assert step is not None
        return self.apply(list(step.events))

    # --- client events ---------------------------------------------------------------------

    def user_text(self, text: str) -> list[Model]:
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        }
        return self.send({"type": "conversation.item.create", "item": item})

    def vad_off(self) -> list[Model]:
        if self.dialect == "ga":
            session: dict[str, Any] = {
                "type": "realtime",
                "audio": {"input": {"turn_detection": None}},
            }
        else:
            session = {"turn_detection": None}
        return self.send({"type": "session.update", "session": session})

    def user_audio(self, ms: float) -> list[Model]:
        audio = base64.b64encode(Tone(ms=ms).pcm16()).decode()
        self.send({"type": "input_audio_buffer.append", "audio": audio})
        return self.send({"type": "input_audio_buffer.commit"})

    def modalities(self, mode: str) -> dict[str, Any]:
        if self.dialect == "ga":
            return {"output_modalities": [mode]}
        return {"modalities": ["audio", "text"] if mode == "audio" else ["text"]}

    def respond(self, mode: str = "audio") -> list[Model]:
        return self.send({"type": "response.create", "response": self.modalities(mode)})

    def retrieve(self, item_id: str) -> Model:
        """The server's copy of an item (not applied to the conversation)."""
        (event,) = self.engine.handle(
            orjson.dumps({"type": "conversation.item.retrieve", "item_id": item_id})
        )
        assert event.type == "conversation.item.retrieved"  # type: ignore[attr-defined]
        item: Model = event.item  # type: ignore[attr-defined]
        return item

    def server_items(self) -> list[Model]:
        """Every server item, retrieved, without the user audio events never carry."""
        ids = [getattr(item, "id", "") for item in self.engine.items]
        return [_without_user_audio(self.retrieve(item_id)) for item_id in ids]

    def check_equal_to_server(self) -> None:
        server = self.server_items()
        assert [item.id for item in self.conversation.items] == [
            getattr(i, "id", None) for i in server
        ]
        assert self.conversation.to_items(self.dialect) == server  # type: ignore[arg-type]


def _without_user_audio(item: Model) -> Model:
    """Fields the reducer cannot know: the audio of user `input_audio` parts (never echoed)."""
    content = getattr(item, "content", UNSET)
    if not isinstance(content, list):
        return item
    parts = [
        attrs.evolve(p, audio=UNSET) if getattr(p, "type", "") == "input_audio" else p
        for p in content
    ]
    evolve: Any = attrs.evolve
    new: Model = evolve(item, content=parts)
    return new


def _types(events: list[Model]) -> list[str]:
    return [str(getattr(e, "type", "")) for e in events]


def _done_response(events: list[Model]) -> Any:
    return next(e for e in events if getattr(e, "type", "") == "response.done").response  # type: ignore[attr-defined]


# --- turns against the fake server -------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_text_turn(dialect: str) -> None:
    h = Harness(dialect, Reply(text="Hello there, how can I help?"))
    h.user_text("hi")
    events = h.respond("text")
    response = _done_response(events)

    conv = h.conversation
    user, assistant = conv.items
    assert (user.role, user.text, user.status) == ("user", "hi", "completed")
    assert assistant.role == "assistant"
    assert assistant.text == "Hello there, how can I help?"
    assert assistant.status == "completed"
    assert conv.last_assistant_item() is assistant
    assert assistant.response_id == response.id

    state = conv.get_response(response.id)
    assert state is not None
    assert state.status == "completed"
    assert state.output_item_ids == (assistant.id,)
    assert state.usage == response.usage
    assert state.created_at is not None
    assert state.done_at is not None
    assert state.done_at > state.created_at  # from the injected clock
    assert conv.active_response is None
    assert not conv.anomalies
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_audio_turn(dialect: str) -> None:
    h = Harness(dialect, Reply(text="I hear you loud and clear", audio=Tone(ms=700)))
    h.vad_off()
    h.user_audio(400)
    h.respond("audio")

    conv = h.conversation
    user, assistant = conv.items
    assert user.role == "user"
    assert [p.type for p in user.content] == ["input_audio"]
    assert user.audio == b""  # user audio is never echoed in events
    assert assistant.transcript == "I hear you loud and clear"
    assert assistant.text == ""
    assert assistant.audio == Tone(ms=700).pcm16()
    assert assistant.audio_duration_ms == pytest.approx(700)
    assert not assistant.audio_truncated_storage
    assert not conv.anomalies
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_function_call_turn(dialect: str) -> None:
    call = FunctionCall(name="get_weather", arguments={"city": "Paris", "unit": "c"}, call_id="c1")
    h = Harness(dialect, Reply(function_calls=[call]), Reply(text="It is sunny."))
    h.user_text("weather?")
    h.respond("text")

    conv = h.conversation
    call_item = conv.items[-1]
    assert call_item.type == "function_call"
    assert call_item.name == "get_weather"
    assert call_item.call_id == "c1"
    assert orjson.loads(call_item.arguments or "") == {"city": "Paris", "unit": "c"}
    assert call_item.status == "completed"
    assert conv.last_assistant_item() is None  # a call is not an assistant message

    output = {"type": "function_call_output", "call_id": "c1", "output": '{"sky":"clear"}'}
    h.send({"type": "conversation.item.create", "item": output})
    h.respond("text")
    types = [(i.type, i.role) for i in conv.items]
    assert types == [
        ("message", "user"),
        ("function_call", None),
        ("function_call_output", None),
        ("message", "assistant"),
    ]
    assert conv.items[2].output == '{"sky":"clear"}'
    assert conv.items[2].call_id == "c1"
    last = conv.last_assistant_item()
    assert last is not None
    assert last.text == "It is sunny."
    assert not conv.anomalies
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_truncation_cuts_audio_and_clears_transcript(dialect: str) -> None:
    h = Harness(dialect, Reply(text="A long answer to cut short", audio=Tone(ms=1000)))
    h.user_text("talk")
    h.respond("audio")
    assistant = h.conversation.items[-1]
    assert assistant.transcript == "A long answer to cut short"

    events = h.send(
        {
            "type": "conversation.item.truncate",
            "item_id": assistant.id,
            "content_index": 0,
            "audio_end_ms": 300,
        }
    )
    assert _types(events) == ["conversation.item.truncated"]
    assert assistant.truncated
    assert assistant.audio_end_ms == 300
    assert assistant.audio == Tone(ms=1000).pcm16()[: 300 * 48]
    assert assistant.audio_duration_ms == pytest.approx(300)
    assert assistant.transcript == ""
    assert assistant.content[0].transcript is None
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_deletion(dialect: str) -> None:
    h = Harness(dialect, Reply(text="ok"))
    h.user_text("first")
    h.user_text("second")
    h.respond("text")
    first = h.conversation.items[0]
    h.send({"type": "conversation.item.delete", "item_id": first.id})
    assert first.deleted
    assert h.conversation.get(first.id) is None
    assert [i.text for i in h.conversation.items] == ["second", "ok"]
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cancelled_response(dialect: str) -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    h = Harness(dialect, Reply(text=text, audio=Tone(ms=1200)))
    h.user_text("count")
    h.receive({"type": "response.create", "response": h.modalities("audio")})
    active = h.conversation.active_response
    assert active is not None
    assert active.status == "in_progress"
    assert not active.done
    h.step()
    h.step()
    h.step()
    events = h.receive({"type": "response.cancel"})
    response = _done_response(events)
    state = h.conversation.get_response(response.id)
    assert state is active
    assert state.status == "cancelled"
    assert getattr(state.status_details, "reason", None) == "client_cancelled"
    assert h.conversation.active_response is None
    partial = h.conversation.items[-1]
    assert partial.status == "incomplete"
    assert 0 < partial.audio_duration_ms < 1200
    assert text.startswith(partial.transcript)
    assert not h.conversation.anomalies
    h.check_equal_to_server()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_several_responses_are_tracked_in_order(dialect: str) -> None:
    h = Harness(dialect, Reply(text="a"), Reply(text="b"), Reply(text="c"))
    for word in ("x", "y", "z"):
        h.user_text(word)
        h.respond("text")
    conv = h.conversation
    assert [r.status for r in conv.responses] == ["completed"] * 3
    assert [conv.get(r.output_item_ids[0]).text for r in conv.responses] == ["a", "b", "c"]  # type: ignore[union-attr]
    assert [i.text for i in conv.items] == ["x", "a", "y", "b", "z", "c"]
    h.check_equal_to_server()


def test_out_of_band_response_outputs_stay_out_of_the_conversation() -> None:
    h = Harness("ga", Reply(text="side note"))
    h.user_text("hi")
    events = h.send(
        {
            "type": "response.create",
            "response": {"conversation": "none", "output_modalities": ["text"]},
        }
    )
    response = _done_response(events)
    state = h.conversation.get_response(response.id)
    assert state is not None
    assert state.conversation_id is None
    (item_id,) = state.output_item_ids
    item = h.conversation.get(item_id)
    assert item is not None
    assert item.text == "side note"
    assert not item.in_conversation
    assert [i.text for i in h.conversation.items] == ["hi"]
    assert not h.conversation.anomalies


def test_session_output_format_sets_audio_duration() -> None:
    h = Harness("ga", Reply(text="hello", audio=Tone(ms=500)))
    h.send(
        {
            "type": "session.update",
            "session": {
                "type": "realtime",
                "audio": {"output": {"format": {"type": "audio/pcmu"}}},
            },
        }
    )
    h.user_text("hi")
    h.respond("audio")
    assistant = h.conversation.items[-1]
    assert len(assistant.audio) == 4000  # 500 ms of 8 kHz G.711
    assert assistant.audio_duration_ms == pytest.approx(500)


# --- input audio transcription -----------------------------------------------------------------


def test_input_transcription_events() -> None:
    h = Harness("ga", Reply(text="ok"))
    h.vad_off()
    h.user_audio(300)
    h.user_audio(300)
    first, second = h.conversation.items
    conv = h.conversation
    for delta in ("hel", "lo"):
        conv.apply(
            ga_s.ConversationItemInputAudioTranscriptionDelta(
                event_id="e", item_id=first.id, content_index=0, delta=delta
            )
        )
    assert first.transcript == "hello"
    assert first.input_transcription_status == "in_progress"
    usage = ga_r.TranscriptionUsageDuration(seconds=0.3)
    conv.apply(
        ga_s.ConversationItemInputAudioTranscriptionCompleted(
            event_id="e", item_id=first.id, content_index=0, transcript="Hello.", usage=usage
        )
    )
    conv.apply(
        ga_s.ConversationItemInputAudioTranscriptionSegment(
            event_id="e",
            item_id=first.id,
            content_index=0,
            text="Hello.",
            id="seg_1",
            speaker="A",
            start=0.0,
            end=0.3,
        )
    )
    assert first.transcript == "Hello."
    assert str(first.input_transcription_status) == "completed"
    assert first.input_transcription_usage == usage
    assert [(s.id, s.speaker, s.text) for s in first.input_transcription_segments] == [
        ("seg_1", "A", "Hello.")
    ]
    error = ga_r.TranscriptionError(type="server_error", message="boom")
    conv.apply(
        ga_s.ConversationItemInputAudioTranscriptionFailed(
            event_id="e", item_id=second.id, content_index=0, error=error
        )
    )
    assert second.input_transcription_status == "failed"
    assert second.input_transcription_error == error
    assert second.transcript == ""
    assert not conv.anomalies
    snapshot: Any = first.to_item()
    (part,) = snapshot.content
    assert part == ga_r.InputAudioContent(transcript="Hello.")


# --- anomalies ---------------------------------------------------------------------------------


def _usage() -> Any:
    from realtime_sdk.events._common import Usage

    return Usage(total_tokens=3, input_tokens=2, output_tokens=1)


def test_response_done_without_created() -> None:
    conv = Conversation()
    item = ga_r.MessageItem(
        id="item_1",
        status="completed",
        role="assistant",
        content=[ga_r.OutputTextContent(text="hi")],
    )
    done = ga_s.ResponseDone(
        event_id="e1",
        response=ga_r.Response(
            id="resp_1", status="completed", output=[item], usage=_usage(), conversation_id="conv_1"
        ),
    )
    conv.apply(done)
    state = conv.get_response("resp_1")
    assert state is not None
    assert state.status == "completed"
    assert state.created_at is None
    assert state.done_at is not None
    assert state.usage == _usage()
    assert [a.kind for a in conv.anomalies] == ["unknown_response", "unknown_item"]
    assert conv.anomalies[0].event_type == "response.done"
    assert [(i.id, i.text) for i in conv.items] == [("item_1", "hi")]


def test_delta_for_unknown_item_creates_it() -> None:
    conv = Conversation()
    for delta in ("Hel", "lo"):
        conv.apply(
            ga_s.ResponseOutputTextDelta(
                event_id="e",
                response_id="resp_1",
                item_id="item_x",
                output_index=0,
                content_index=0,
                delta=delta,
            )
        )
    item = conv.get("item_x")
    assert item is not None
    assert (item.role, item.text) == ("assistant", "Hello")
    assert conv.items == (item,)
    kinds = [a.kind for a in conv.anomalies]
    assert kinds == ["unknown_item", "unknown_content_part"]  # reported once, not per delta
    assert "item_x" in conv.anomalies[0].detail


def test_item_added_after_unknown_previous_item_is_appended() -> None:
    conv = Conversation()
    first = ga_r.MessageItem.user_text("one", id="item_1")
    second = ga_r.MessageItem.user_text("two", id="item_2")
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id=None, item=first))
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id="gone", item=second))
    assert [i.id for i in conv.items] == ["item_1", "item_2"]
    (anomaly,) = conv.anomalies
    assert anomaly.kind == "unknown_previous_item"
    assert anomaly.event_type == "conversation.item.added"


def test_previous_item_id_orders_items() -> None:
    conv = Conversation()
    a = ga_r.MessageItem.user_text("a", id="a")
    b = ga_r.MessageItem.user_text("b", id="b")
    c = ga_r.MessageItem.user_text("c", id="c")
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id=None, item=a))
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id="a", item=c))
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id="a", item=b))
    conv.apply(
        ga_s.ConversationItemAdded(
            event_id="e", previous_item_id=None, item=attrs.evolve(a, id="z")
        )
    )
    assert [i.id for i in conv.items] == ["z", "a", "b", "c"]
    assert not conv.anomalies


def test_provisional_item_moves_when_its_added_event_arrives() -> None:
    conv = Conversation()
    conv.apply(
        ga_s.ConversationItemAdded(event_id="e", item=ga_r.MessageItem.user_text("u", id="u"))
    )
    conv.apply(
        ga_s.ResponseOutputTextDelta(
            event_id="e",
            response_id="r",
            item_id="late",
            output_index=0,
            content_index=0,
            delta="x",
        )
    )
    conv.apply(
        ga_s.ConversationItemAdded(event_id="e", item=ga_r.MessageItem.user_text("v", id="v"))
    )
    assert [i.id for i in conv.items] == ["u", "late", "v"]
    late = ga_r.MessageItem(id="late", role="assistant", content=[ga_r.OutputTextContent(text="")])
    conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id="v", item=late))
    assert [i.id for i in conv.items] == ["u", "v", "late"]
    assert conv.get("late").text == ""  # type: ignore[union-attr]


def test_other_anomalies_do_not_raise() -> None:
    conv = Conversation()
    conv.apply(ga_s.ConversationItemDeleted(event_id="e", item_id="nope"))
    conv.apply(
        ga_s.ConversationItemTruncated(
            event_id="e", item_id="nope", content_index=0, audio_end_ms=5
        )
    )
    conv.apply(
        b_s.ResponseAudioDelta(
            event_id="e",
            response_id="r",
            item_id="i",
            output_index=0,
            content_index=0,
            delta="!!not base64!!",
        )
    )
    created = ga_s.ResponseCreated(
        event_id="e", response=ga_r.Response(id="r", status="in_progress")
    )
    conv.apply(created)
    conv.apply(ga_s.ResponseDone(event_id="e", response=ga_r.Response(id="r", status="completed")))
    conv.apply(created)
    kinds = [a.kind for a in conv.anomalies]
    assert kinds == [
        "unknown_item",  # deleted
        "unknown_item",  # truncated
        "unknown_item",  # audio delta (the item is created on the fly)
        "unknown_content_part",
        "invalid_audio",
        "duplicate_response",
    ]
    assert conv.anomaly_count == 6
    adopted = conv.get("i")
    assert adopted is not None
    assert adopted.audio == b""
    assert conv.get_response("r").status == "in_progress"  # type: ignore[union-attr]


def test_anomalies_are_bounded() -> None:
    conv = Conversation(max_anomalies=3)
    for n in range(10):
        conv.apply(ga_s.ConversationItemDeleted(event_id="e", item_id=f"i{n}"))
    assert len(conv.anomalies) == 3
    assert conv.anomaly_count == 10
    assert [a.detail for a in conv.anomalies] == [
        f"deleted item 'i{n}' is unknown" for n in (7, 8, 9)
    ]


def test_unrelated_events_are_ignored() -> None:
    conv = Conversation()
    conv.apply(ga_s.InputAudioBufferCleared(event_id="e"))
    conv.apply(object())
    assert conv.items == ()
    assert not conv.anomalies


# --- bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_audio_storage_bound_per_item(dialect: str) -> None:
    h = Harness(dialect, Reply(text="long", audio=Tone(ms=1000)), max_audio_bytes_per_item=10_001)
    h.user_text("go")
    h.respond("audio")
    assistant = h.conversation.items[-1]
    assert assistant.audio_truncated_storage
    assert assistant.audio == Tone(ms=1000).pcm16()[:10_000]  # whole samples only
    assert assistant.audio_duration_ms == pytest.approx(1000)  # still counted
    assert assistant.content[0].audio_bytes_received == 48_000


def test_audio_storage_bound_total_drops_oldest_audio() -> None:
    h = Harness("ga", Reply(text="one", audio=Tone(ms=500)), Reply(text="two", audio=Tone(ms=500)))
    h.conversation = Conversation(max_audio_bytes_total=30_000)
    h.apply(list(h.events))  # replay the start into the new conversation
    h.user_text("a")
    h.respond("audio")
    h.user_text("b")
    h.respond("audio")
    first, second = h.conversation.items[1], h.conversation.items[3]
    assert first.audio == b""
    assert first.audio_truncated_storage
    assert first.audio_duration_ms == pytest.approx(500)
    assert len(second.audio) == 24_000
    assert not second.audio_truncated_storage


def test_item_and_response_limits() -> None:
    conv = Conversation(max_items=3, max_responses=2)
    previous: str | None = None
    for n in range(5):
        item = ga_r.MessageItem.user_text(str(n), id=f"i{n}")
        conv.apply(ga_s.ConversationItemAdded(event_id="e", previous_item_id=previous, item=item))
        previous = f"i{n}"
        conv.apply(ga_s.ResponseCreated(event_id="e", response=ga_r.Response(id=f"r{n}")))
    assert [i.id for i in conv.items] == ["i2", "i3", "i4"]
    assert [r.id for r in conv.responses] == ["r3", "r4"]


def test_default_audio_bound_is_ten_minutes_of_pcm16() -> None:
    assert DEFAULT_MAX_AUDIO_BYTES_PER_ITEM == 10 * 60 * 24_000 * 2


def test_invalid_limits() -> None:
    with pytest.raises(ConfigurationError):
        Conversation(max_items=0)
    with pytest.raises(ConfigurationError):
        Conversation(max_audio_bytes_per_item=-1)


def test_views_are_read_only() -> None:
    h = Harness("ga", Reply(text="hi"))
    h.user_text("x")
    item: ItemState = h.conversation.items[0]
    with pytest.raises(AttributeError):
        item.text = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        item.new_attribute = 1  # type: ignore[attr-defined]
    assert isinstance(h.conversation.items, tuple)
