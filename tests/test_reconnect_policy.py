"""Session continuity decisions without I/O: the Reconnect policy, triggers, rotation, gap audio."""

from __future__ import annotations

import math
from typing import Any

import orjson
import pytest

import realtime_sdk as rt
from realtime_sdk._codec import decode_server_event
from realtime_sdk._exceptions import handshake_error
from realtime_sdk._reconnect import (
    DEFAULT_SESSION_LIFETIME,
    ActivityTracker,
    PendingAudio,
    RotationSchedule,
    describe_loss,
    is_permanent,
    is_session_expired,
    reconnect_reason,
)
from realtime_sdk.testing import FakeRealtimeEngine


def server_event(obj: dict[str, Any], dialect: str = "ga") -> Any:
    return decode_server_event(orjson.dumps({"event_id": "evt_1", **obj}), dialect=dialect)


# --- the policy --------------------------------------------------------------------------------


def test_defaults_are_usable() -> None:
    policy = rt.Reconnect()
    assert policy.max_attempts >= 1
    assert policy.rotate_before is not None
    assert policy.force_before < policy.rotate_before


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_attempts": 2.5}, "max_attempts"),
        ({"max_attempts": True}, "max_attempts"),
        ({"initial_delay": -1}, "initial_delay"),
        ({"max_delay": math.inf}, "max_delay"),
        ({"initial_delay": math.nan}, "initial_delay"),
        ({"initial_delay": 5, "max_delay": 1}, "max_delay"),
        ({"multiplier": 0.5}, "multiplier"),
        ({"rotate_before": 0}, "rotate_before"),
        ({"rotate_before": 5, "force_before": 5}, "force_before"),
        ({"restore_items": -1}, "restore_items"),
        ({"restore_tokens": "many"}, "restore_tokens"),
        ({"gap_audio": "keep"}, "gap_audio"),
        ({"gap_audio_limit": 0}, "gap_audio_limit"),
        ({"summarize": "not callable"}, "summarize"),
    ],
)
def test_bad_settings_are_refused_with_their_name(kwargs: dict[str, Any], named: str) -> None:
    with pytest.raises(rt.ConfigurationError, match=named):
        rt.Reconnect(**kwargs)


def test_backoff_is_exponential_with_full_jitter() -> None:
    top = rt.Reconnect(initial_delay=0.5, max_delay=4.0, random=lambda: 0.999999)
    caps = [round(top.delay(n), 3) for n in range(1, 7)]
    assert caps == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]  # doubling, capped at max_delay
    bottom = rt.Reconnect(initial_delay=0.5, max_delay=4.0, random=lambda: 0.0)
    assert [bottom.delay(n) for n in range(1, 7)] == [0.0] * 6  # full jitter reaches zero
    values = iter([0.25, 0.5, 0.75])
    mid = rt.Reconnect(
        initial_delay=1.0, max_delay=100.0, multiplier=3.0, random=lambda: next(values)
    )
    assert [mid.delay(n) for n in (1, 2, 3)] == [0.25, 1.5, 6.75]
    assert rt.Reconnect(max_delay=8.0, random=lambda: 0.5).delay(10_000) == 4.0  # no overflow


def test_backoff_refuses_bad_random_sources_and_attempt_numbers() -> None:
    with pytest.raises(rt.ConfigurationError, match="random"):
        rt.Reconnect(random=lambda: 1.0).delay(1)
    with pytest.raises(rt.ConfigurationError, match="attempt"):
        rt.Reconnect().delay(0)


# --- triggers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expired", "reason"),
    [
        (1006, False, "connection_lost"),  # dropped without a close frame
        (1011, False, "connection_lost"),  # server error, and our ping timeout
        (1012, False, "connection_lost"),
        (1001, False, "going_away"),
        (1001, True, "session_expired"),
        (1000, True, "session_expired"),
        (1000, False, None),  # a normal close is final
        (1008, False, None),  # policy violation: a new connection ends the same way
        (1002, False, None),
        (4000, False, None),
    ],
)
def test_which_closes_reconnect(code: int, expired: bool, reason: str | None) -> None:
    exc = rt._exceptions.connection_closed(code, "bye")
    assert reconnect_reason(exc, expired=expired) == reason


def test_handshake_refusals_and_other_errors() -> None:
    for status in (400, 401, 403, 404, 422):
        assert is_permanent(handshake_error(status, "{}"))
    for status in (408, 429, 500, 502, 503, 504):
        assert not is_permanent(handshake_error(status, ""))
    assert not is_permanent(rt.ConnectError("connection refused"))
    assert not is_permanent(rt.RealtimeTimeoutError("no session.created within 10 s"))
    assert not is_permanent(rt.ConnectionClosedError(1006))
    assert is_permanent(rt.ConnectionClosedOK(1000))
    assert is_permanent(rt.ConfigurationError("the api_key callable returned None"))
    assert reconnect_reason(rt.ConnectError("refused")) is None  # not a lost connection


def test_session_expired_error_is_recognised() -> None:
    # As captured from OpenAI (livekit/agents#1122).
    event = server_event(
        {
            "type": "error",
            "error": {
                "type": "invalid_request_error",
                "code": "session_expired",
                "message": "Your session hit the maximum duration of 60 minutes.",
                "param": None,
                "event_id": None,
            },
        }
    )
    assert is_session_expired(event)
    other = server_event(
        {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}
    )
    assert not is_session_expired(other)
    assert not is_session_expired(server_event({"type": "input_audio_buffer.cleared"}))


def test_loss_descriptions_hold_no_secrets() -> None:
    assert describe_loss(rt.ConnectionClosedError(1011, "keepalive ping timeout")) == (
        "closed with code 1011 (keepalive ping timeout)"
    )
    assert describe_loss(None) == "rotation before the session expired"
    refused = handshake_error(401, "", url="wss://x.example/v1/realtime?api-key=***")
    assert "AuthenticationError" in describe_loss(refused)


# --- rotation ----------------------------------------------------------------------------------


def test_rotation_schedule_from_expires_at() -> None:
    policy = rt.Reconnect(rotate_before=120, force_before=10)
    schedule = RotationSchedule.for_session(1_000_600, policy, now=50.0, wall_now=1_000_000.0)
    assert schedule == RotationSchedule(soft=530.0, hard=640.0, expires=650.0)
    assert schedule.due(529.0, quiet=True) is None
    assert schedule.due(530.0, quiet=False) is None
    assert schedule.due(530.0, quiet=True) == "quiet"
    assert schedule.due(640.0, quiet=False) == "forced"
    assert schedule.next_check(500.0) == 30.0
    assert schedule.next_check(600.0) == 0.0


@pytest.mark.parametrize("expires_at", [None, "soon", 999_000, 1_000_000 + 10**6, True])
def test_without_a_usable_expires_at_the_session_lives_sixty_minutes(expires_at: Any) -> None:
    schedule = RotationSchedule.for_session(
        expires_at, rt.Reconnect(), now=0.0, wall_now=1_000_000.0
    )
    assert schedule is not None
    assert schedule.expires == DEFAULT_SESSION_LIFETIME


def test_no_schedule_without_proactive_rotation() -> None:
    policy = rt.Reconnect(rotate_before=None)
    assert RotationSchedule.for_session(1, policy, now=0.0) is None


def test_quiet_points_follow_the_conversation() -> None:
    tracker = ActivityTracker()
    assert tracker.quiet
    engine = FakeRealtimeEngine(seed=3)
    for event in engine.start():  # server VAD on by default
        tracker.observe(event)
    tracker.audio_appended()
    assert tracker.quiet  # with turn detection, buffered audio is silence until speech starts
    tracker.observe(server_event({"type": "input_audio_buffer.speech_started",
                                  "audio_start_ms": 0, "item_id": "i"}))  # fmt: skip
    assert not tracker.quiet
    tracker.observe(server_event({"type": "input_audio_buffer.speech_stopped",
                                  "audio_end_ms": 500, "item_id": "i"}))  # fmt: skip
    assert tracker.quiet
    created = engine.handle(orjson.dumps({"type": "response.create"}))
    tracker.observe(created[0])
    assert tracker.responding
    assert not tracker.quiet
    for event in created[1:]:
        tracker.observe(event)
    assert created[-1].type == "response.done"
    assert tracker.quiet


def test_without_turn_detection_uncommitted_audio_is_not_quiet() -> None:
    tracker = ActivityTracker()
    updated = server_event(
        {
            "type": "session.updated",
            "session": {"type": "realtime", "audio": {"input": {"turn_detection": None}}},
        }
    )
    tracker.observe(updated)
    tracker.audio_appended()
    assert not tracker.quiet
    tracker.observe(server_event({"type": "input_audio_buffer.committed", "item_id": "i"}))
    assert tracker.quiet
    tracker.audio_appended()
    tracker.observe(server_event({"type": "input_audio_buffer.cleared"}))
    assert tracker.quiet
    beta_vad = server_event(
        {"type": "session.updated", "session": {"turn_detection": {"type": "server_vad"}}},
        dialect="beta",
    )
    tracker.observe(beta_vad)
    tracker.audio_appended()
    assert tracker.quiet
    tracker.audio_appended()
    tracker.reset()
    assert tracker.quiet
    assert not tracker.responding


# --- input audio across connections ------------------------------------------------------------


def test_audio_since_the_last_commit_and_during_the_gap_is_replayed() -> None:
    pending = PendingAudio(limit=1000)
    pending.sent(b"a" * 100)
    pending.committed()  # the server has it in an item: nothing to resend
    pending.sent(b"b" * 100)
    pending.sent(bytearray(b"c" * 100))
    pending.held(memoryview(b"d" * 100))
    assert len(pending) == 300
    chunks, dropped = pending.take()
    assert chunks == [b"b" * 100, b"c" * 100, b"d" * 100]
    assert dropped == 0
    assert pending.take() == ([], 0)


def test_gap_buffer_is_bounded_and_counts_what_it_drops() -> None:
    pending = PendingAudio(limit=250)
    for letter in b"abcd":
        pending.held(bytes([letter]) * 100)
    chunks, dropped = pending.take()
    assert b"".join(chunks) == b"b" * 50 + b"c" * 100 + b"d" * 100  # the newest 250 bytes
    assert dropped == 150
    pending.sent(b"x" * 400)  # audio the old server had: trimmed, not counted as dropped
    assert len(pending) == 250
    assert pending.take()[1] == 0


def test_drop_policy_counts_every_byte_not_replayed() -> None:
    pending = PendingAudio(limit=1000, policy="drop")
    pending.sent(b"a" * 100)
    pending.held(b"b" * 60)
    assert pending.take(replay=False) == ([], 160)


# --- the notice --------------------------------------------------------------------------------


def test_session_resumed_is_not_a_wire_event() -> None:
    notice = rt.SessionResumed(reason="connection_lost", reconnects=1, attempts=2, downtime=0.4)
    for encode in (rt.encode_client_event, rt.encode_server_event, rt.to_dict):
        with pytest.raises(rt.EventEncodeError, match="SessionResumed is a notice"):
            encode(notice)  # type: ignore[arg-type]
    with pytest.raises(rt.EventEncodeError, match="expected an event object, got dict"):
        rt.encode_client_event({"type": "x"})  # type: ignore[arg-type]
    match notice:
        case rt.SessionResumed(reason="connection_lost", attempts=attempts):
            assert attempts == 2
        case _:
            pytest.fail("SessionResumed does not match by attributes")
    assert notice.type == "realtime_sdk.session_resumed"


def test_connection_interrupted_is_a_closed_connection_error() -> None:
    exc = rt.ConnectionInterrupted(1006, "connection lost")
    assert isinstance(exc, rt.ConnectionClosed)
    assert isinstance(exc, rt.RealtimeError)
    assert not isinstance(exc, rt.ConnectionClosedError)
    assert exc.code == 1006
    assert "1006" in str(exc)
