"""Session continuity end to end, against the fake server's faults, on asyncio and trio.

Each scenario checks what the new connection received (the configuration first, then the restored
items, in order), that the Conversation and the usage meter carry on, and that the application's
one `async for` saw the `SessionResumed` notice and then the next response.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import anyio
import pytest

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk.testing import (
    Disconnect,
    FakeRealtimeServer,
    Faults,
    Reply,
    ScriptedResponder,
)

pytestmark = pytest.mark.anyio

TEXT = ev.SessionConfig(output_modalities=["text"], instructions="Answer in one line.")
FAST = {"initial_delay": 0.01, "max_delay": 0.05}


def session_on(
    server: FakeRealtimeServer, policy: rt.Reconnect | None = None, **kwargs: Any
) -> rt.Session[Any]:
    """A Session to the fake server with `reconnect=` on (quick retries by default)."""
    return rt.Session(
        model="gpt-realtime",
        base_url=server.base_url,
        reconnect=policy or rt.Reconnect(**FAST),
        **kwargs,
    )


def text_of(events: Sequence[Any]) -> str:
    return "".join(e.delta for e in events if isinstance(e, ev.ResponseOutputTextDelta))


async def turn(session: rt.Session, text: str) -> rt.ResponseHandle:
    await session.create_item(ev.MessageItem.user_text(text))
    return await session.create_response()


async def until(session: rt.Session, stop: Any, limit: float = 15) -> list[Any]:
    """The events of the session's one `async for` up to (and with) the first where `stop`."""
    seen: list[Any] = []
    with anyio.fail_after(limit):
        async for event in session:
            seen.append(event)
            if stop(event):
                return seen
    raise AssertionError(f"the stream ended: {[getattr(e, 'type', e) for e in seen]}")


def is_done(event: Any) -> bool:
    return isinstance(event, ev.ResponseDone)


def restored_items(connection: Any) -> list[tuple[str, str]]:
    """(role, text) of the items a connection was asked to create, in order."""
    out = []
    for event in connection.received:
        if isinstance(event, ev.ConversationItemCreate):
            item = event.item
            text = "".join(getattr(p, "text", "") or "" for p in getattr(item, "content", []))
            out.append((getattr(item, "role", item.type), text))
    return out


def conversation_view(session: rt.Session) -> list[tuple[str, str | None, str]]:
    assert session.conversation is not None
    return [(i.id, i.role, i.text) for i in session.conversation.items]


@pytest.mark.parametrize(
    ("cut", "code"),
    [(Disconnect(after_steps=2, code=None), 1006), (Disconnect(after_steps=2), 1011)],
    ids=["tcp-drop", "close-1011"],
)
async def test_lost_mid_response_resumes_with_config_then_items(
    cut: Disconnect, code: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="realtime_sdk")
    responder = ScriptedResponder(
        [
            "Hello there.",
            Reply(text="one two three four five six", disconnect=cut),
            "Seven.",
        ]
    )
    async with FakeRealtimeServer(responder=responder, api_key="sk-test-secret") as server:
        async with session_on(server, api_key="sk-test-secret") as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            first = await until(session, is_done)
            before = conversation_view(session)
            usage_before = session.usage.totals.total_tokens
            cut_short = await turn(session, "Count to ten.")
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            notice = events[-1]
            with pytest.raises(rt.ConnectionInterrupted) as info:
                await cut_short.done()
            assert info.value.code == code
            again = await turn(session, "Go on.")
            after = await until(session, is_done)
            assert (await again.done()).status == "completed"
            assert session.reconnects == 1
            view = conversation_view(session)
    assert text_of(first) == "Hello there."
    assert isinstance(notice, rt.SessionResumed)
    assert (notice.reason, notice.reconnects, notice.attempts) == ("connection_lost", 1, 1)
    assert notice.items_restored == 4  # Hi, Hello there., Count to ten., the partial answer
    assert notice.items_dropped == 0
    assert notice.requests_failed >= 1
    assert notice.downtime > 0
    # The new connection got the acknowledged configuration first, then the items in order.
    _old, new = server.connections
    assert new.received_types()[0] == "session.update"
    assert new.received[0].session.instructions == "Answer in one line."  # type: ignore[attr-defined]
    assert new.received[0].session.output_modalities == ["text"]  # type: ignore[attr-defined]
    assert restored_items(new)[:4] == [
        ("user", "Hi!"),
        ("assistant", "Hello there."),
        ("user", "Count to ten."),
        ("assistant", restored_items(new)[3][1]),
    ]
    assert restored_items(new)[3][1].startswith("one")  # what the user saw before the cut
    assert new.received_types()[5:] == ["conversation.item.create", "response.create"]
    # The Conversation is one conversation: the old ids stay, the new items follow them.
    assert view[: len(before)] == before
    assert [role for _, role, _ in view[len(before) :]] == [
        "user",
        "assistant",
        "user",
        "assistant",
    ]
    assert view[-1][2] == "Seven."
    assert text_of(after) == "Seven."
    # Usage goes on: every finished response of both connections is counted.
    assert session.usage.totals.responses == 2
    assert session.usage.totals.total_tokens > usage_before
    logged = caplog.text
    assert "reconnecting" in logged
    assert "session resumed" in logged
    assert "sk-test-secret" not in logged


async def test_session_expired_then_1001_reconnects() -> None:
    async with FakeRealtimeServer(faults=Faults(max_session_duration=2.0)) as server:
        async with session_on(server, rt.Reconnect(rotate_before=None, **FAST)) as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            await until(session, is_done)
            before = conversation_view(session)
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            await turn(session, "Still there?")
            after = await until(session, is_done)
            view = conversation_view(session)
    types = [getattr(e, "type", "") for e in events]
    assert "error" not in types  # session_expired is the SDK's business, not the app's
    notice = events[-1]
    assert notice.reason == "session_expired"
    old, new = server.connections[0], server.connections[1]
    assert old.sent_types()[-1] == "error"  # the server did say it
    assert new.received_types()[:3] == [
        "session.update",
        "conversation.item.create",
        "conversation.item.create",
    ]
    assert text_of(after) == "You said: Still there?"
    assert view[:2] == before
    assert [text for _, _, text in view[2:]] == ["Still there?", "You said: Still there?"]
    assert session.usage.totals.responses == 2


async def test_proactive_rotation_before_expires_at_at_a_quiet_point() -> None:
    policy = rt.Reconnect(rotate_before=4.5, force_before=1.0, **FAST)
    async with FakeRealtimeServer(faults=Faults(max_session_duration=6.0)) as server:
        async with session_on(server, policy) as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            await until(session, is_done)
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            await turn(session, "After the rotation?")
            after = await until(session, is_done)
            view = conversation_view(session)
    notice = events[-1]
    assert (notice.reason, notice.downtime, notice.requests_failed) == ("rotation", 0.0, 0)
    old, new = server.connections[0], server.connections[1]
    # Make before break: the old session never expired, the client closed it itself.
    assert "error" not in old.sent_types()
    assert new.received_types()[:3] == [
        "session.update",
        "conversation.item.create",
        "conversation.item.create",
    ]
    assert [text for _, _, text in view] == [
        "Hi!",
        "You said: Hi!",
        "After the rotation?",
        "You said: After the rotation?",
    ]
    assert text_of(after) == "You said: After the rotation?"
    assert session.usage.totals.responses == 2


async def test_a_refused_reconnect_gives_up_with_the_typed_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    keys = iter(["sk-right", "sk-revoked", "sk-revoked"])
    responder = ScriptedResponder([Reply(text="a b c d", disconnect=Disconnect(after_steps=1))])
    async with FakeRealtimeServer(api_key="sk-right", responder=responder) as server:
        async with session_on(
            server, rt.Reconnect(max_attempts=3, **FAST), api_key=lambda: next(keys)
        ) as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            with pytest.raises(rt.AuthenticationError) as info:
                await until(session, lambda e: False)
            assert info.value.status_code == 401
            with pytest.raises(rt.ConnectionClosed):
                await session.create_response()
    assert len(server.connections) == 1  # 401 is final: no second attempt
    assert "giving up reconnecting after 1 attempt" in caplog.text
    assert "sk-r" not in caplog.text


async def test_many_turns_small_budget_and_the_summarize_hook() -> None:
    seen: list[list[str]] = []

    async def summarize(items: Sequence[rt.ItemState]) -> str:
        seen.append([item.text for item in items])
        await anyio.lowlevel.checkpoint()
        return f"Earlier: {len(items)} messages about counting."

    replies: list[Reply | str] = [f"Answer {n}." for n in range(8)]
    replies.append(Reply(text="x y z", disconnect=Disconnect(after_steps=0)))
    policy = rt.Reconnect(restore_items=3, summarize=summarize, **FAST)
    async with FakeRealtimeServer(responder=ScriptedResponder(replies)) as server:
        async with session_on(server, policy) as session:
            await session.update_session(TEXT, wait=True)
            for n in range(8):
                await turn(session, f"Question {n}?")
                await until(session, is_done)
            await turn(session, "Last one?")
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
    notice = events[-1]
    assert (notice.items_restored, notice.items_dropped, notice.summarized) == (3, 14, True)
    assert seen == [[t for n in range(7) for t in (f"Question {n}?", f"Answer {n}.")]]
    assert restored_items(server.connections[1]) == [
        ("system", "Earlier: 14 messages about counting."),
        ("user", "Question 7?"),
        ("assistant", "Answer 7."),
        ("user", "Last one?"),
    ]


async def test_audio_appended_during_the_gap_is_replayed() -> None:
    responder = ScriptedResponder([Reply(text="a b", disconnect=Disconnect(after_steps=0))])
    policy = rt.Reconnect(initial_delay=0.3, max_delay=0.3, random=lambda: 0.99)
    session_config = ev.SessionConfig(
        output_modalities=["text"],
        audio=ev.SessionAudioConfig(input=ev.AudioInputConfig(turn_detection=None)),
    )
    chunk = bytes(range(256)) * 20
    async with FakeRealtimeServer(responder=responder) as server:
        async with session_on(server, policy) as session:
            await session.update_session(session_config, wait=True)
            handle = await turn(session, "Hi!")
            with pytest.raises(rt.ConnectionInterrupted):
                await handle.done()
            await session.append_audio(chunk)  # no connection now: held for the next one
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            await session.commit_audio(wait=True)
    notice = events[-1]
    assert notice.audio_replayed_bytes == len(chunk)
    assert notice.audio_dropped_bytes == 0
    new = server.connections[1]
    assert new.received_types()[-2:] == ["input_audio_buffer.append", "input_audio_buffer.commit"]
    assert new.received[-2].audio_bytes == chunk  # type: ignore[attr-defined]


async def test_no_reconnect_after_the_apps_own_close_or_a_normal_close() -> None:
    async with FakeRealtimeServer(faults=Faults(close_after=3, close_code=1000)) as server:
        async with session_on(server) as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            with anyio.fail_after(10):
                seen = [e async for e in session]  # ends quietly at the server's 1000
        assert session.close_code == 1000
        assert not any(isinstance(e, rt.SessionResumed) for e in seen)
        assert len(server.connections) == 1
    async with FakeRealtimeServer() as server:
        async with session_on(server) as session:
            await session.aclose()
            await anyio.sleep(0.05)
        assert session.reconnects == 0
        assert len(server.connections) == 1


def test_reconnect_settings_are_checked_before_any_io() -> None:
    with pytest.raises(rt.ConfigurationError, match="reconnect must be"):
        rt.Session(model="m", api_key="k", reconnect="yes")  # type: ignore[arg-type]
    a, _ = rt.memory_transport_pair()
    with pytest.raises(rt.ConfigurationError, match="transport="):
        rt.Session(transport=a, reconnect=True)
    session = rt.Session(model="m", api_key="k", reconnect=True)
    assert session.conversation is not None  # the restore needs the reducer
    assert session.reconnects == 0


async def test_forced_rotation_at_the_hard_limit_cuts_the_response_in_progress() -> None:
    long_reply = Reply(text=" ".join(f"w{n}" for n in range(80)), pause_ms=50)
    responder = ScriptedResponder([long_reply, "Short."])
    policy = rt.Reconnect(rotate_before=3.5, force_before=2.5, **FAST)
    async with FakeRealtimeServer(
        responder=responder, faults=Faults(max_session_duration=5.0)
    ) as server:
        async with session_on(server, policy) as session:
            await session.update_session(TEXT, wait=True)
            handle = await turn(session, "Talk for a long time.")
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            with pytest.raises(rt.ConnectionInterrupted) as info:
                await handle.done()
            await turn(session, "And now?")
            after = await until(session, is_done)
    notice = events[-1]
    assert (notice.reason, notice.requests_failed) == ("rotation", 1)
    assert info.value.code == 1001
    assert not any(isinstance(e, ev.ResponseDone) for e in events)  # no quiet point came
    assert "error" not in server.connections[0].sent_types()  # rotated before the expiry
    assert text_of(after) == "Short."


async def test_rotation_loses_none_of_the_audio_the_app_appended() -> None:
    policy = rt.Reconnect(rotate_before=4.5, force_before=1.0, gap_audio_limit=20 * 2**20, **FAST)
    silence = bytes(4800)  # 100 ms of 24 kHz PCM16: server VAD hears nothing
    sent: list[bytes] = []
    async with FakeRealtimeServer(faults=Faults(max_session_duration=6.0)) as server:
        async with session_on(server, policy) as session:
            await session.update_session(TEXT, wait=True)
            with anyio.fail_after(10):
                while not session.reconnects:
                    chunk = silence[:-2] + len(sent).to_bytes(2, "little")  # numbered chunks
                    await session.append_audio(chunk)
                    sent.append(chunk)
                    await anyio.sleep(0.02)
                for _ in range(3):  # and on the new connection
                    chunk = silence[:-2] + len(sent).to_bytes(2, "little")
                    await session.append_audio(chunk)
                    sent.append(chunk)
            await session.commit_audio(wait=True)
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
    new = server.connections[1]
    appended = b"".join(
        e.audio_bytes  # type: ignore[attr-defined]
        for e in new.received
        if isinstance(e, ev.InputAudioBufferAppend)
    )
    # Nothing was committed on the old connection: everything appended is on the new one.
    assert appended == b"".join(sent)
    assert events[-1].audio_replayed_bytes == len(appended) - 3 * len(silence)


async def test_every_attempt_gets_fresh_credentials() -> None:
    minted: list[str] = []

    async def mint() -> str:
        await anyio.lowlevel.checkpoint()
        minted.append(f"ek_{len(minted) + 1}")
        return minted[-1]

    responder = ScriptedResponder([Reply(text="a b", disconnect=Disconnect(after_steps=0))])
    async with FakeRealtimeServer(responder=responder) as server:
        async with session_on(server, api_key=mint) as session:
            await turn(session, "Hi!")
            await until(session, lambda e: isinstance(e, rt.SessionResumed))
            assert "ek_" not in repr(session)
    assert [c.headers["authorization"] for c in server.connections] == [
        "Bearer ek_1",
        "Bearer ek_2",
    ]


async def test_beta_dialect_resumes_too() -> None:
    from realtime_sdk.events import beta

    responder = ScriptedResponder(
        ["Hi.", Reply(text="one two three", disconnect=Disconnect(after_steps=1)), "Back."]
    )
    async with FakeRealtimeServer(responder=responder) as server:
        async with rt.Session(
            model="gpt-4o-realtime-preview",
            base_url=server.base_url,
            dialect="beta",
            reconnect=rt.Reconnect(**FAST),
        ) as session:
            await session.update_session(beta.SessionConfig(modalities=["text"]), wait=True)
            await session.create_item(beta.MessageItem.user_text("Hello"))
            await session.create_response()
            await until(session, lambda e: e.type == "response.done")
            await session.create_item(beta.MessageItem.user_text("Count"))
            await session.create_response()
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            await session.create_response()
            after = await until(session, lambda e: e.type == "response.done")
    assert events[-1].items_restored == 4
    new = server.connections[1]
    assert new.dialect == "beta"
    assert new.received_types()[:2] == ["session.update", "conversation.item.create"]
    assert "".join(e.delta for e in after if e.type == "response.text.delta") == "Back."


async def test_a_recording_holds_every_connection(tmp_path: Any) -> None:
    from realtime_sdk.testing import read_recording

    path = tmp_path / "call.jsonl"
    responder = ScriptedResponder([Reply(text="a b", disconnect=Disconnect(after_steps=0)), "Ok."])
    async with FakeRealtimeServer(responder=responder) as server:
        async with session_on(server, record=path) as session:
            await session.update_session(TEXT, wait=True)
            await turn(session, "Hi!")
            await until(session, lambda e: isinstance(e, rt.SessionResumed))
            await session.create_response()
            await until(session, is_done)
    directions = [(m.direction, m.type) for m in read_recording(path)]
    assert directions.count(("server", "session.created")) == 2
    second = directions.index(("server", "session.created"), 1)
    assert directions[second + 1] == ("client", "session.update")  # the restore, on the wire
    assert directions[-1] == ("server", "response.done")


async def test_barge_in_after_a_reconnect_does_not_chase_the_lost_response() -> None:
    from realtime_sdk.testing import Tone

    cut = Reply(text="A long spoken answer. " * 5, disconnect=Disconnect(after_steps=3))
    responder = ScriptedResponder([cut, "Yes?"])
    vad = ev.ServerVAD(create_response=False, interrupt_response=False)
    audio_session = ev.SessionConfig(
        audio=ev.SessionAudioConfig(input=ev.AudioInputConfig(turn_detection=vad))
    )
    async with FakeRealtimeServer(responder=responder) as server:
        async with session_on(server, interrupt_on_speech=True) as session:
            await session.update_session(audio_session, wait=True)
            handle = await turn(session, "Tell me a story.")
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
            assert any(isinstance(e, ev.ResponseOutputAudioDelta) for e in events)
            with pytest.raises(rt.ConnectionInterrupted):
                await handle.done()
            await session.append_audio(Tone(ms=600, amplitude=0.5).pcm16())
            await session.append_audio(bytes(24_000))  # 500 ms of silence: the turn ends
            await until(session, lambda e: e.type == "input_audio_buffer.committed")
    new = server.connections[1]
    assert "input_audio_buffer.append" in new.received_types()
    # Nothing of the lost response is left to cancel or truncate on the new server.
    assert "response.cancel" not in new.received_types()
    assert "conversation.item.truncate" not in new.received_types()
    assert "error" not in new.sent_types()


async def test_rotation_waits_for_the_end_of_a_response_the_server_started() -> None:
    from realtime_sdk.testing import Tone

    long_reply = Reply(text=" ".join(f"w{n}" for n in range(40)), pause_ms=50)
    policy = rt.Reconnect(rotate_before=4.5, force_before=1.0, **FAST)
    text_vad = ev.SessionConfig(output_modalities=["text"])  # server VAD answers by itself
    async with FakeRealtimeServer(
        responder=ScriptedResponder([long_reply]), faults=Faults(max_session_duration=6.0)
    ) as server:
        async with session_on(server, policy) as session:
            await session.update_session(text_vad, wait=True)
            await session.append_audio(Tone(ms=600, amplitude=0.5).pcm16())
            await session.append_audio(bytes(24_000))  # the turn ends: VAD asks for a response
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
    kinds = [type(e).__name__ for e in events]
    assert "ResponseCreated" in kinds  # no handle of ours: the server's own response
    assert kinds.index("ResponseDone") < kinds.index("SessionResumed")  # rotated after it
    assert events[-1].requests_failed == 0
    assert text_of(events) == " ".join(f"w{n}" for n in range(40))


async def test_spoken_turns_come_back_as_their_transcripts() -> None:
    from realtime_sdk.testing import Tone

    responder = ScriptedResponder(
        ["Paris is lovely.", Reply(text="a b", disconnect=Disconnect(after_steps=0))],
        transcripts=["Tell me about Paris."],
    )
    spoken = ev.SessionConfig(
        output_modalities=["text"],
        audio=ev.SessionAudioConfig(
            input=ev.AudioInputConfig(
                turn_detection=None,
                transcription=ev.AudioTranscription(model="gpt-4o-transcribe"),
            )
        ),
    )
    async with FakeRealtimeServer(responder=responder) as server:
        async with session_on(server) as session:
            await session.update_session(spoken, wait=True)
            await session.append_audio(Tone(ms=500).pcm16())
            await session.commit_audio(wait=True)
            await until(
                session,
                lambda e: e.type == "conversation.item.input_audio_transcription.completed",
            )
            await session.create_response()
            await until(session, is_done)
            await turn(session, "And Rome?")
            events = await until(session, lambda e: isinstance(e, rt.SessionResumed))
    assert (events[-1].items_restored, events[-1].items_dropped) == (3, 0)
    new = server.connections[1]
    assert new.received[0].session.audio.input.transcription.model == "gpt-4o-transcribe"  # type: ignore[attr-defined]
    assert restored_items(new) == [
        ("user", "Tell me about Paris."),  # the audio, as its transcript
        ("assistant", "Paris is lovely."),
        ("user", "And Rome?"),  # its answer was cut before it began
    ]
