"""The Sans-I/O bookkeeping: lifecycle table and answer correlation, events in, verdicts out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from realtime_sdk import events as ev
from realtime_sdk._careful import UndecodableFrame
from realtime_sdk._conversation import Conversation
from realtime_sdk._exceptions import (
    ConnectionClosedError,
    ConnectionClosedOK,
    ConnectionInterrupted,
    EventDecodeError,
    ServerError,
    UsageError,
)
from realtime_sdk._interruption import CancelResponse, Interrupter
from realtime_sdk._protocol import (
    TAG_KEY,
    TOOLS_TAG,
    Bind,
    Correlator,
    Deliver,
    Delivery,
    Effect,
    Feed,
    Finish,
    Interrupt,
    Lost,
    Opened,
    OpenFailed,
    RunTools,
    SessionProtocol,
    SessionState,
    Settle,
    next_state,
)
from realtime_sdk._usage import UsageMeter
from realtime_sdk.events import _common
from realtime_sdk.events.beta import _resources as beta_resources
from realtime_sdk.events.beta import _server as beta_server


def error_for(event_id: str | None) -> ev.ErrorEvent:
    return ev.ErrorEvent(
        event_id="srv_1",
        error=_common.ErrorDetails(
            type="invalid_request_error", message="bad", code="x", event_id=event_id
        ),
    )


def test_lifecycle_happy_path() -> None:
    s = next_state(SessionState.NEW, "enter")
    assert s is SessionState.CONNECTING
    s = next_state(s, "session_created")
    assert s is SessionState.OPEN
    s = next_state(s, "close")
    assert s is SessionState.CLOSING
    assert next_state(s, "connection_lost") is SessionState.CLOSED


def test_a_session_is_entered_once() -> None:
    with pytest.raises(UsageError, match="entered only once"):
        next_state(SessionState.CLOSED, "enter")
    with pytest.raises(UsageError, match="entered only once"):
        next_state(SessionState.OPEN, "enter")


def test_error_settles_exactly_its_event() -> None:
    c = Correlator()
    a = c.expect(ev.InputAudioBufferCommit(event_id="a"))
    b = c.expect(ev.InputAudioBufferCommit(event_id="b"))
    settled = c.on_server_event(error_for("b"))
    assert settled is not None
    assert settled[0] is b
    assert settled[1] == "error"
    assert len(c) == 1
    # An error for nobody (or for an event not awaited) settles nothing.
    assert c.on_server_event(error_for(None)) is None
    assert c.on_server_event(error_for("zzz")) is None
    settled = c.on_server_event(ev.InputAudioBufferCommitted(event_id="s", item_id="i1"))
    assert settled is not None
    assert settled[0] is a


def test_answers_match_by_item_id_not_only_by_order() -> None:
    c = Correlator()
    first = c.expect(ev.ConversationItemDelete(event_id="d1", item_id="item_A"))
    second = c.expect(ev.ConversationItemDelete(event_id="d2", item_id="item_B"))
    settled = c.on_server_event(ev.ConversationItemDeleted(event_id="s1", item_id="item_B"))
    assert settled == (second, "answer")
    settled = c.on_server_event(ev.ConversationItemDeleted(event_id="s2", item_id="item_A"))
    assert settled == (first, "answer")


def test_item_create_answered_by_added_ga_and_created_beta() -> None:
    c = Correlator()
    item = ev.MessageItem.user_text("hi")
    p = c.expect(ev.ConversationItemCreate(event_id="c1", item=item))
    unrelated = ev.ResponseOutputTextDelta(
        event_id="x",
        response_id="r",
        item_id="i",
        output_index=0,
        content_index=0,
        delta="hello",
    )
    assert c.on_server_event(unrelated) is None
    added = ev.ConversationItemAdded(event_id="s", item=ev.MessageItem.user_text("hi"))
    assert c.on_server_event(added) == (p, "answer")

    c2 = Correlator()
    p2 = c2.expect(ev.ConversationItemCreate(event_id="c2", item=item))
    created = beta_server.ConversationItemCreated(
        event_id="s2", previous_item_id=None, item=beta_resources.MessageItem.user_text("hi")
    )
    assert c2.on_server_event(created) == (p2, "answer")


def test_events_without_answers_cannot_be_awaited() -> None:
    c = Correlator()
    with pytest.raises(UsageError, match="no answer"):
        c.expect(ev.InputAudioBufferAppend(event_id="a", audio=b"\x00\x00"))
    with pytest.raises(UsageError, match="needs an event_id"):
        c.expect(ev.InputAudioBufferCommit())
    c.expect(ev.InputAudioBufferCommit(event_id="dup"))
    with pytest.raises(UsageError, match="already awaiting"):
        c.expect(ev.InputAudioBufferCommit(event_id="dup"))


def test_drain_and_forget() -> None:
    c = Correlator()
    c.expect(ev.InputAudioBufferClear(event_id="1"))
    c.expect(ev.InputAudioBufferCommit(event_id="2"))
    c.forget("1")
    assert [p.event_id for p in c.drain()] == ["2"]
    assert len(c) == 0


# --- SessionProtocol: a client and a scripted server, no I/O ---------------------------------------


class Pair:
    """A SessionProtocol and the server's side of the conversation, as JSON text (like h11's
    ConnectionPair): the test plays the server, the protocol answers with effects."""

    def __init__(self, **kw: Any) -> None:
        self.client = SessionProtocol(**kw)
        self.client.enter()
        self.counter = 0

    def server(self, event_type: str, **fields: Any) -> list[Effect]:
        self.counter += 1
        return self.client.receive_text(
            json.dumps({"type": event_type, "event_id": f"srv_{self.counter}", **fields})
        )

    def open(self) -> list[Effect]:
        return self.server("session.created", session={"type": "realtime", "id": "sess_1"})

    def created(self, response_id: str, tag: str | None) -> list[Effect]:
        metadata = {TAG_KEY: tag} if tag is not None else None
        response = {"object": "realtime.response", "id": response_id, "metadata": metadata}
        return self.server("response.created", response=response)

    def request_response(self, event_id: str, handle: Any = None, *, wait: bool = False) -> None:
        if handle is not None:
            self.client.track_response(event_id, handle)
        if wait:
            self.client.expect(
                ev.ResponseCreate(
                    event_id=event_id,
                    response=ev.ResponseCreateParams(metadata={TAG_KEY: event_id}),
                )
            )


def delta(response_id: str, text: str) -> dict[str, Any]:
    return {
        "response_id": response_id,
        "item_id": "item_1",
        "output_index": 0,
        "content_index": 0,
        "delta": text,
    }


def only(effects: list[Effect], kind: type[Effect]) -> list[Any]:
    return [effect for effect in effects if type(effect) is kind]


def test_opening_and_the_lifecycle_go_through_the_table() -> None:
    pair = Pair()
    assert pair.client.state is SessionState.CONNECTING
    with pytest.raises(UsageError, match="not open"):
        pair.client.check_sendable()
    effects = pair.open()
    assert [type(e) for e in effects] == [Opened, Deliver]
    assert pair.client.state is SessionState.OPEN
    assert pair.client.created_event is effects[0].event
    pair.client.check_sendable()
    pair.client.close()
    assert pair.client.state is SessionState.CLOSING
    with pytest.raises(ConnectionClosedOK):
        pair.client.check_sendable()
    lost = pair.client.connection_lost(ConnectionClosedOK(1000, ""))
    assert [type(e) for e in lost] == [Lost]
    assert pair.client.state is SessionState.CLOSED
    with pytest.raises(UsageError, match="entered only once"):
        pair.client.enter()


def test_a_session_never_entered_closes_at_once() -> None:
    protocol = SessionProtocol()
    protocol.close()
    assert protocol.state is SessionState.CLOSED


def test_an_error_before_session_created_fails_the_opening() -> None:
    pair = Pair()
    effects = pair.server(
        "error", error={"type": "invalid_request_error", "code": "model_not_found", "message": "no"}
    )
    (failed,) = only(effects, OpenFailed)
    assert isinstance(failed.error, ServerError)
    assert failed.error.code == "model_not_found"
    assert type(effects[-1]) is Deliver  # the app's stream still gets the error event


def test_an_undecodable_message_is_delivered_as_a_notice_and_does_not_fail_the_opening() -> None:
    pair = Pair()
    (deliver,) = pair.client.receive_text("{not json")
    assert isinstance(deliver, Deliver)
    assert isinstance(deliver.item, UndecodableFrame)
    assert deliver.item.raw == "{not json"
    assert pair.client.undecodable_frames == 1


def test_strict_an_undecodable_first_message_fails_the_opening_and_later_ones_do_not() -> None:
    pair = Pair(strict=True)
    effects = pair.client.receive_text("{not json")
    assert [type(e) for e in effects] == [OpenFailed, Deliver]
    assert isinstance(effects[0].error, EventDecodeError)
    effects = pair.client.receive_text("{still not json")
    assert [type(e) for e in effects] == [Deliver]


def test_an_untagged_vad_response_does_not_take_our_handle_once_tags_are_echoed() -> None:
    """Regression: the Session bound a server-VAD response to our handle in send order."""
    pair = Pair()
    pair.open()
    first, second = object(), object()
    pair.request_response("evt_1", first)
    (bind,) = only(pair.created("resp_1", "evt_1"), Bind)
    assert bind.handle is first
    # The server echoes tags. Server VAD starts a response before ours arrives: it is nobody's.
    pair.request_response("evt_2", second)
    assert only(pair.created("resp_vad", None), Bind) == []
    vad_delta = pair.server("response.output_text.delta", **delta("resp_vad", "not ours"))
    assert only(vad_delta, Feed) == []
    (bind,) = only(pair.created("resp_2", "evt_2"), Bind)
    assert bind.handle is second
    assert bind.created.response.id == "resp_2"


def test_a_wait_for_response_created_follows_the_same_rule() -> None:
    pair = Pair()
    pair.open()
    pair.request_response("evt_1", wait=True)
    assert [s.result.response.id for s in only(pair.created("resp_1", "evt_1"), Settle)] == [
        "resp_1"
    ]
    pair.request_response("evt_2", object(), wait=True)
    assert only(pair.created("resp_vad", None), Settle) == []
    effects = pair.created("resp_2", "evt_2")
    (settle,) = only(effects, Settle)
    assert settle.event_id == "evt_2"
    assert settle.result.response.id == "resp_2"
    assert len(only(effects, Bind)) == 1


def test_servers_that_drop_metadata_bind_in_send_order() -> None:
    pair = Pair()
    pair.open()
    first, second = object(), object()
    pair.request_response("evt_1", first)
    pair.request_response("evt_2", second)
    assert only(pair.created("resp_1", None), Bind)[0].handle is first
    assert only(pair.created("resp_2", None), Bind)[0].handle is second


def test_a_replayed_tag_binds_in_send_order_and_the_tools_tag_binds_nothing() -> None:
    pair = Pair()
    pair.open()
    mine = object()
    pair.request_response("evt_1", mine)
    assert only(pair.created("resp_tools", TOOLS_TAG), Bind) == []
    # A recording of another session carries that session's tags.
    assert only(pair.created("resp_1", "evt_1f00_1"), Bind)[0].handle is mine


def test_a_bound_handle_gets_its_deltas_and_done_then_nothing_more() -> None:
    pair = Pair()
    pair.open()
    handle = object()
    pair.request_response("evt_1", handle)
    pair.created("resp_1", "evt_1")
    (feed,) = only(pair.server("response.output_text.delta", **delta("resp_1", "hi")), Feed)
    assert feed.handle is handle
    assert feed.event.delta == "hi"
    done = pair.server("response.done", response={"object": "realtime.response", "id": "resp_1"})
    assert [f.event.type for f in only(done, Feed)] == ["response.done"]
    assert only(pair.server("response.output_text.delta", **delta("resp_1", "late")), Feed) == []


def test_receive_hands_back_the_event_itself_when_delivering_it_is_all_there_is_to_do() -> None:
    # The Session's hot entry: the same verdicts as receive_text, without building effects for
    # an event that concerns nothing pending.
    pair = Pair()
    assert [type(e) for e in pair.open()] == [Opened, Deliver]
    receive = pair.client.receive

    def text(event_type: str, **fields: Any) -> str:
        return json.dumps({"type": event_type, "event_id": "srv_x", **fields})

    quiet = receive(text("response.output_text.delta", **delta("resp_1", "hi")))
    assert isinstance(quiet, ev.ResponseOutputTextDelta)
    assert quiet.delta == "hi"
    assert isinstance(receive("not json"), UndecodableFrame)
    handle = object()
    pair.request_response("evt_1", handle)
    bound = receive(
        text("response.created", response={"id": "resp_1", "metadata": {TAG_KEY: "evt_1"}})
    )
    assert [type(e) for e in bound] == [Bind, Deliver]
    feed, deliver = receive(text("response.output_text.delta", **delta("resp_1", "yo")))
    assert type(feed) is Feed
    assert feed.handle is handle
    assert deliver.item is feed.event
    # A delta of another response is not fed to the handle: delivered as is.
    other = receive(text("response.output_text.delta", **delta("resp_2", "no")))
    assert isinstance(other, ev.ResponseOutputTextDelta)
    assert [
        type(e)
        for e in pair.client.receive_text(
            text("response.output_text.delta", **delta("resp_2", "no"))
        )
    ] == [Deliver]
    done = receive(text("response.done", response={"id": "resp_1"}))
    assert [type(e) for e in done] == [Feed, Deliver]
    assert isinstance(
        receive(text("response.output_text.delta", **delta("resp_1", "late"))),
        ev.ResponseOutputTextDelta,
    )


def test_a_refused_response_create_fails_its_waiter_and_handle() -> None:
    pair = Pair()
    pair.open()
    handle = object()
    pair.request_response("evt_1", handle, wait=True)
    effects = pair.server(
        "error",
        error={"type": "invalid_request_error", "message": "bad", "event_id": "evt_1"},
    )
    (settle,) = only(effects, Settle)
    (finish,) = only(effects, Finish)
    assert isinstance(settle.error, ServerError)
    assert finish.handle is handle
    assert isinstance(finish.error, ServerError)


def work_in_flight(pair: Pair) -> set[object]:
    """A streaming handle, a handle awaiting its response.created (wait=True) and a wait=True
    commit; returns the handles."""
    pair.open()
    handle, streaming = object(), object()
    pair.request_response("evt_1", streaming)
    pair.created("resp_1", "evt_1")
    pair.request_response("evt_2", handle, wait=True)
    pair.client.expect(ev.InputAudioBufferCommit(event_id="evt_3"))
    return {handle, streaming}


def assert_all_failed(effects: list[Effect], error: BaseException, handles: set[object]) -> None:
    assert sorted(s.event_id for s in only(effects, Settle)) == ["evt_2", "evt_3"]
    assert all(s.error is error for s in only(effects, Settle))
    assert {f.handle for f in only(effects, Finish)} == handles


def test_losing_the_connection_fails_every_waiter_and_handle() -> None:
    pair = Pair()
    handles = work_in_flight(pair)
    lost = ConnectionClosedError(1011, "boom")
    effects = pair.client.connection_lost(lost)
    assert_all_failed(effects, lost, handles)
    assert type(effects[-1]) is Lost
    assert pair.client.close_error is lost
    with pytest.raises(ConnectionClosedError):
        pair.client.check_sendable()


def test_an_interruption_fails_the_work_in_flight_and_the_session_stays_open() -> None:
    pair = Pair()
    handles = work_in_flight(pair)
    gone = ConnectionInterrupted(1006, "")
    effects = pair.client.interrupt(gone)
    assert_all_failed(effects, gone, handles)
    assert not only(effects, Lost)
    assert pair.client.state is SessionState.OPEN
    assert pair.client.close_error is None
    pair.client.check_sendable()  # the session goes on over the next connection
    assert not pair.client.waiting
    # Events of the old response that still arrive feed no handle.
    assert not only(pair.server("response.output_text.delta", **delta("resp_1", "x")), Feed)
    pair.client.adopt_session(
        ev.SessionUpdated(event_id="e", session=ev.SessionConfig(id="sess_2", instructions="hi"))
    )
    assert pair.client.server_session.id == "sess_2"


def test_losing_the_connection_while_opening_fails_the_opening() -> None:
    pair = Pair()
    effects = pair.client.connection_lost(ConnectionClosedError(1006, ""))
    assert [type(e) for e in effects] == [OpenFailed, Lost]


def test_delivery_policy() -> None:
    protocol = SessionProtocol(max_buffer=2)
    protocol.enter()
    assert protocol.delivery(1, consuming=lambda: True) is Delivery.APPEND
    assert protocol.delivery(2, consuming=lambda: False) is Delivery.DROP_OLDEST
    assert protocol.delivery(2, consuming=lambda: True) is Delivery.WAIT
    protocol.expect(ev.InputAudioBufferCommit(event_id="c"))  # a waiting sender may not be reading
    assert protocol.delivery(3, consuming=lambda: True) is Delivery.APPEND
    assert protocol.delivery(4, consuming=lambda: True) is Delivery.WAIT
    protocol.close()
    assert protocol.delivery(4, consuming=lambda: True) is Delivery.DISCARD


def test_fan_out_to_usage_conversation_and_tools() -> None:
    usage = UsageMeter(model="gpt-realtime")
    conversation = Conversation()
    pair = Pair(usage=usage, conversation=conversation, run_tools=True)
    pair.open()
    pair.server(
        "conversation.item.added",
        item={"type": "message", "id": "item_1", "role": "user", "content": []},
    )
    assert [item.id for item in conversation.items] == ["item_1"]
    usage_fields = {"total_tokens": 3, "input_tokens": 1, "output_tokens": 2}
    effects = pair.server(
        "response.done",
        response={"object": "realtime.response", "id": "resp_1", "usage": usage_fields},
    )
    assert [type(e) for e in effects] == [RunTools, Deliver]
    assert usage.get("resp_1") is not None
    assert usage.totals.total_tokens == 3


def test_barge_in_becomes_an_interrupt_effect() -> None:
    pair = Pair(interrupter=Interrupter())
    pair.open()
    pair.created("resp_1", None)
    pair.server("response.output_audio.delta", **{**delta("resp_1", "AAAA"), "item_id": "item_a"})
    effects = pair.server("input_audio_buffer.speech_started", audio_start_ms=10, item_id="item_u")
    (interrupt,) = only(effects, Interrupt)
    assert interrupt.actions[0] == CancelResponse("resp_1")
