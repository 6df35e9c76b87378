"""Mistakes that `mypy --strict` must report (tests/test_typing.py expects one error per marked line)."""

from __future__ import annotations

import realtime_sdk as rt
from realtime_sdk import sync
from realtime_sdk.events import beta


async def misuse() -> None:
    session = rt.Session(model="gpt-realtime")
    await session.create_item(beta.MessageItem.user_text("hi"))  # error: beta item in a GA session
    await session.delete_item(42)  # error: an item id is a str
    await session.close_session()  # error: only translation sessions close this way
    translation: rt.Session[rt.TranslationDialect] = rt.Session(dialect="translation")
    await translation.create_response()  # error: translation sessions have no responses
    await translation.commit_audio()  # error: translation sessions commit no audio buffer
    await translation.cancel_response()  # error: translation sessions have no responses
    # Translation sessions have no conversation: every conversation-only send is refused.
    await translation.create_item(rt.events.MessageItem.user_text("hi"))  # error: no conversation
    await translation.retrieve_item("item_1")  # error: no conversation
    await translation.delete_item("item_1")  # error: no conversation
    await translation.delete_item("item_1", wait=True)  # error: no conversation
    await translation.truncate_item("item_1", audio_end_ms=10)  # error: no conversation
    await translation.clear_audio()  # error: no input audio buffer to clear
    await translation.clear_audio(wait=True)  # error: no input audio buffer to clear
    await translation.clear_output_audio()  # error: no output audio buffer to clear
    legacy = rt.events.LegacyTranscriptionSessionConfig()
    await translation.update_transcription_session(legacy)  # error: not a transcription session
    updated = await session.update_session(instructions="x", wait=True)
    print(updated.session.voice)  # error: no voice in SessionConfig (it is in audio.output)

    rt.Session(open_timout=5)  # error: a misspelt keyword
    rt.Session(timeouts=rt.Timeouts(answer="5"))  # error: seconds are a number
    rt.Session(limits=rt.Timeouts())  # error: the wrong record


def sync_misuse() -> None:
    with sync.Session(model="gpt-realtime") as session:
        session.create_item("hello")  # error: an item object, not a str
        session.close_session()  # error: only translation sessions close this way
    with sync.Session[rt.TranslationDialect](dialect="translation") as translation:
        translation.create_item(rt.events.MessageItem.user_text("hi"))  # error: no conversation
        translation.create_response()  # error: translation sessions have no responses
        translation.cancel_response()  # error: translation sessions have no responses
        translation.commit_audio()  # error: translation sessions commit no audio buffer
        translation.retrieve_item("item_1")  # error: no conversation
        translation.delete_item("item_1")  # error: no conversation
        translation.delete_item("item_1", wait=True)  # error: no conversation
        translation.truncate_item("item_1", audio_end_ms=10)  # error: no conversation
        translation.clear_audio()  # error: no input audio buffer to clear
        translation.clear_output_audio(wait=True)  # error: no output audio buffer to clear
        legacy = rt.events.LegacyTranscriptionSessionConfig()
        translation.update_transcription_session(legacy)  # error: not a transcription session
