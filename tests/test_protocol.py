"""The Sans-I/O bookkeeping: lifecycle table and answer correlation, events in, verdicts out."""

from __future__ import annotations

import pytest

from realtime_sdk import events as ev
from realtime_sdk._exceptions import UsageError
from realtime_sdk._protocol import Correlator, SessionState, next_state
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


def _created(response_id: str, tag: str | None) -> ev.ResponseCreated:
    metadata = {"realtime_sdk_handle": tag} if tag else None
    return ev.ResponseCreated(event_id="s", response=ev.Response(id=response_id, metadata=metadata))


def test_response_create_answers_match_by_tag_once_the_server_echoes_tags() -> None:
    c = Correlator()
    mine = c.expect(
        ev.ResponseCreate(
            event_id="rc1",
            response=ev.ResponseCreateParams(metadata={"realtime_sdk_handle": "rc1"}),
        )
    )
    assert c.on_server_event(_created("resp_other", "someone-else")) is None
    assert c.on_server_event(_created("resp_mine", "rc1")) == (mine, "answer")
    # Tags are echoed by this server: an untagged response (server VAD) answers nobody now.
    c.expect(
        ev.ResponseCreate(
            event_id="rc2",
            response=ev.ResponseCreateParams(metadata={"realtime_sdk_handle": "rc2"}),
        )
    )
    assert c.on_server_event(_created("resp_vad", None)) is None


def test_untagged_answers_match_in_order_when_the_server_drops_metadata() -> None:
    c = Correlator()
    mine = c.expect(
        ev.ResponseCreate(
            event_id="rc1",
            response=ev.ResponseCreateParams(metadata={"realtime_sdk_handle": "rc1"}),
        )
    )
    assert c.on_server_event(_created("resp_1", None)) == (mine, "answer")
