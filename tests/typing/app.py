"""A small application checked with `mypy --strict` by tests/test_typing.py (never imported by pytest).

Every `assert_type` pins the exact static type a user gets; a regression to `Any` or to a union of
every server event fails the check.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from typing_extensions import assert_type

import realtime_sdk as rt
from realtime_sdk import sync
from realtime_sdk.events import beta
from realtime_sdk.events import translation as tr


async def ga_app() -> None:
    async with rt.Session(model="gpt-realtime") as session:
        assert_type(session, rt.Session[rt.GADialect])
        updated = await session.update_session(instructions="x", wait=True)
        assert_type(updated, rt.RealtimeSessionUpdated)
        instructions = updated.session.instructions
        assert_type(instructions, str | rt.Unset | None)
        assert_type(await session.update_session(instructions="x"), None)

        added = await session.create_item(rt.events.MessageItem.user_text("hi"), wait=True)
        assert_type(added, rt.events.ConversationItemAdded | rt.events.ConversationItemCreated)
        assert_type(
            await session.delete_item("item_1", wait=True), rt.events.ConversationItemDeleted
        )
        assert_type(await session.retrieve_item("item_1"), rt.events.ConversationItemRetrieved)
        assert_type(await session.commit_audio(wait=True), rt.events.InputAudioBufferCommitted)
        assert_type(await session.cancel_response(wait=True), rt.events.ResponseDone)
        truncated = await session.truncate_item("item_1", audio_end_ms=10, wait=True)
        assert_type(truncated, rt.events.ConversationItemTruncated)

        deleted = await session.send(rt.events.ConversationItemDelete(item_id="i"), wait=True)
        assert_type(deleted, rt.events.ConversationItemDeleted)
        sent = await session.send(
            rt.events.SessionUpdate(session=rt.events.SessionConfig()), wait=True
        )
        assert_type(sent, rt.events.SessionUpdated)
        assert_type(
            await session.send({"type": "input_audio_buffer.clear"}, wait=True), rt.AnyServerEvent
        )
        assert_type(await session.send(rt.events.InputAudioBufferClear()), None)

        handle = await session.create_response()
        assert_type(handle, rt.ResponseHandle)
        response = await handle.done()
        assert_type(response, rt.events.Response)
        assert_type(handle.done_event, rt.events.ResponseDone | None)
        assert_type(handle.created, rt.events.ResponseCreated | None)
        deltas = handle.events()
        assert_type(
            deltas,
            AsyncIterator[
                rt.events.ResponseOutputTextDelta
                | rt.events.ResponseOutputAudioDelta
                | rt.events.ResponseOutputAudioTranscriptDelta
            ],
        )
        async for text in handle.text_deltas():
            assert_type(text, str)
        async for event in session:  # with reconnect=, the notice comes in the same stream
            if isinstance(event, rt.events.ResponseDone):
                assert_type(event.response, rt.events.Response)
            elif isinstance(event, rt.SessionResumed):
                assert_type(event.items_dropped, int)
        flag: bool = bool(instructions)
        committed = await session.commit_audio(wait=flag)
        assert_type(committed, rt.events.InputAudioBufferCommitted | None)


def options_app() -> None:
    tuned = rt.Session(timeouts=rt.Timeouts(answer=5), limits=rt.Limits(max_buffer=64))
    assert_type(tuned, rt.Session[rt.GADialect])
    old = rt.Session(answer_timeout=5, max_buffer=64)  # deprecated, still typed
    assert_type(old, rt.Session[rt.GADialect])
    assert_type(sync.Session(timeouts=rt.Timeouts(open=3)), sync.Session[rt.GADialect])


async def beta_app() -> None:
    session = rt.Session[rt.BetaDialect](model="gpt-4o-realtime-preview", dialect="beta")
    async with session:
        updated = await session.update_session(instructions="x", wait=True)
        assert_type(updated, beta.SessionUpdated)
        assert_type(updated.session.instructions, str | rt.Unset | None)
        cancel = await session.send(rt.events.ResponseCancel(), wait=True)
        assert_type(cancel, beta.ResponseDone)
        created = await session.create_item(beta.MessageItem.user_text("hi"), wait=True)
        assert_type(created, beta.ConversationItemCreated)
        assert_type(await session.commit_audio(), None)
        assert_type(await session.commit_audio(wait=True), beta.InputAudioBufferCommitted)
        assert_type(await session.cancel_response(wait=True), beta.ResponseDone)
        assert_type(await session.retrieve_item("item_1"), beta.ConversationItemRetrieved)
        assert_type(await session.retrieve_item("item_1", wait=False), None)
        # The conversation sends both dialects share answer with the GA classes.
        assert_type(await session.clear_audio(wait=True), rt.events.InputAudioBufferCleared)
        cleared = await session.clear_output_audio(wait=True)
        assert_type(cleared, rt.events.OutputAudioBufferCleared)
        assert_type(
            await session.delete_item("item_1", wait=True), rt.events.ConversationItemDeleted
        )
        truncated = await session.truncate_item("item_1", audio_end_ms=10, wait=True)
        assert_type(truncated, rt.events.ConversationItemTruncated)
        flag: bool = bool(truncated)
        assert_type(await session.clear_audio(wait=flag), rt.events.InputAudioBufferCleared | None)
        handle = await session.create_response()
        assert_type(handle, rt.BetaResponseHandle)
        assert_type(await handle.done(), beta.Response)


async def translation_app() -> None:
    session: rt.Session[rt.TranslationDialect] = rt.Session(dialect="translation")
    async with session:
        assert_type(await session.update_session(wait=True), tr.SessionUpdated)
        assert_type(await session.close_session(wait=True), tr.SessionClosed)
        assert_type(await session.append_audio(b"\0\0"), None)


def sync_app() -> None:
    with sync.Session(model="gpt-realtime") as session:
        assert_type(session, sync.Session[rt.GADialect])
        updated = session.update_session(instructions="x", wait=True)
        assert_type(updated, rt.RealtimeSessionUpdated)
        assert_type(updated.session.instructions, str | rt.Unset | None)
        assert_type(session.delete_item("item_1", wait=True), rt.events.ConversationItemDeleted)
        truncated = session.truncate_item("item_1", audio_end_ms=10, wait=True)
        assert_type(truncated, rt.events.ConversationItemTruncated)
        cleared = session.clear_output_audio(wait=True)
        assert_type(cleared, rt.events.OutputAudioBufferCleared)
        committed = session.send(rt.events.InputAudioBufferCommit(), wait=True)
        assert_type(committed, rt.events.InputAudioBufferCommitted)
        handle = session.create_response()
        assert_type(handle, sync.ResponseHandle)
        assert_type(handle.done(), rt.events.Response)
        assert_type(handle.done_event, rt.events.ResponseDone | None)
        for event in session:
            assert_type(event, rt.AnyServerEvent | rt.UndecodableFrame | rt.SessionResumed)
    with sync.Session[rt.BetaDialect](dialect="beta") as old:
        assert_type(old.update_session(wait=True), beta.SessionUpdated)
        assert_type(old.create_response(), sync.BetaResponseHandle)
        assert_type(old.clear_audio(wait=True), rt.events.InputAudioBufferCleared)
        assert_type(old.delete_item("item_1", wait=True), rt.events.ConversationItemDeleted)
        assert_type(old.commit_audio(wait=True), beta.InputAudioBufferCommitted)
    with sync.Session[rt.TranslationDialect](dialect="translation") as translator:
        assert_type(translator.close_session(wait=True), tr.SessionClosed)
        translator.append_audio(b"\0\0")
