"""A voice bot in one file: speak a WAV file to the model, get a spoken answer back.

What it shows:

- streaming audio at real-time pace (`audio.pace`), as a microphone would;
- server voice activity detection (VAD): the server notices the end of the user's turn from the
  silence that follows it and answers on its own, as the Realtime API does by default;
- receiving the answer as events: its audio (written to `reply.wav`) and its transcript;
- latency (time to first audio) and token usage with an estimated cost (`session.usage`).

Run it:

    python examples/voice_bot.py                      # the built-in fake server, no key needed
    python examples/voice_bot.py my_question.wav --out answer.wav
    OPENAI_API_KEY=sk-... python examples/voice_bot.py   # the real API (or pass --live)

Without OPENAI_API_KEY (and without `--live`) the example starts the SDK's fake Realtime server in
this process; its "voice" is a tone and its words are scripted, but every event is the real thing.
`--fast` skips real-time pacing (handy for tests; the latency figures then mean little).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from asyncio import CancelledError
from pathlib import Path

import anyio

from realtime_sdk import (
    AudioFormatError,
    ConfigurationError,
    RealtimeError,
    Session,
    audio,
    events,
)
from realtime_sdk.testing import FakeRealtimeServer, Reply, ScriptedResponder, default_responder

HERE = Path(__file__).resolve().parent
SILENCE_MS = 700  # silence after the speech: longer than the VAD's 500 ms, so the turn ends
ANSWER_TIMEOUT_S = 30


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Speak a WAV file to a realtime model.")
    parser.add_argument("wav", nargs="?", default=str(HERE / "hello.wav"), help="your question")
    parser.add_argument("--out", default="reply.wav", help="where to write the spoken answer")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="use OpenAI (needs OPENAI_API_KEY)")
    parser.add_argument("--fast", action="store_true", help="send the audio without pacing")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    return args


async def speak(session: Session, speech: bytes, fast: bool, clock: dict[str, float]) -> None:
    """Stream the user's speech, then silence, in 20 ms frames, as a microphone would."""
    silence = bytes(audio.bytes_for_ms(SILENCE_MS))
    for pcm in (speech, silence):
        if fast:
            for frame in audio.chunk(pcm, 20):
                await session.append_audio(frame)
        else:
            async for frame in audio.pace(pcm, ms=20):  # no faster than real time
                await session.append_audio(frame)
        clock.setdefault("speech_end", time.monotonic())  # set after the speech, not the silence


async def converse(session: Session, speech: bytes, args: argparse.Namespace) -> int:
    # Server VAD is on by default; wait for 500 ms of silence (the default 200 ms would end the
    # turn at the pause between two sentences), and transcribe what the user says.
    await session.update_session(
        events.SessionConfig(
            instructions="You are a friendly voice assistant. Answer in one or two sentences.",
            audio=events.SessionAudioConfig(
                input=events.AudioInputConfig(
                    transcription=events.AudioTranscription(model="gpt-4o-mini-transcribe"),
                    turn_detection=events.ServerVAD(silence_duration_ms=500),
                )
            ),
        ),
        wait=True,
    )
    clock: dict[str, float] = {}
    reply = bytearray()
    status = None
    async with anyio.create_task_group() as tg:
        tg.start_soon(speak, session, speech, args.fast, clock)
        with anyio.move_on_after(ANSWER_TIMEOUT_S):
            async for event in session:
                now = time.monotonic()
                if isinstance(event, events.InputAudioBufferSpeechStopped):
                    clock["speech_stopped"] = now  # the server saw the end of the turn
                elif isinstance(event, events.ConversationItemInputAudioTranscriptionCompleted):
                    print(f"you: {event.transcript.strip()}")
                elif isinstance(event, events.ResponseCreated):
                    clock["response_created"] = now
                    print("assistant: ", end="", flush=True)
                elif isinstance(event, events.ResponseOutputAudioDelta):
                    clock.setdefault("first_audio", now)
                    reply += event.audio_bytes  # PCM16, 24 kHz mono; a speaker would play it
                elif isinstance(event, events.ResponseOutputAudioTranscriptDelta):
                    print(event.delta, end="", flush=True)
                elif isinstance(event, events.ErrorEvent):
                    print(f"\nserver error: {event.error.message}", file=sys.stderr)
                elif isinstance(event, events.ResponseDone):
                    status = event.response.status
                    print()
                    break
        tg.cancel_scope.cancel()  # stop streaming, whatever is left of the silence
    if status is None:
        print(f"no answer within {ANSWER_TIMEOUT_S} s: did the file hold speech?", file=sys.stderr)
        return 1

    audio.write_wav(args.out, bytes(reply))
    print(f"reply: {audio.duration_ms(len(reply)) / 1000:.1f} s of audio written to {args.out}")
    if "first_audio" in clock:
        first = clock["first_audio"]
        parts = [f"{(first - clock[k]) * 1000:.0f} ms after {label}" for k, label in LATENCIES]
        print("latency: first audio " + ", ".join(parts))
    totals = session.usage.totals  # every response.done of the session, metered
    try:
        # At OpenAI's list prices (realtime_sdk.DEFAULT_PRICES, dated); pass your own PriceTable.
        cost = f"cost ~${session.usage.cost().total:.4f}"
    except ConfigurationError:
        cost = f"no price known for {args.model}"
    print(
        f"usage: {totals.input_tokens} input tokens ({totals.input_audio_tokens} audio), "
        f"{totals.output_tokens} output tokens ({totals.output_audio_tokens} audio); {cost}"
    )
    return 0 if status == "completed" else 1


LATENCIES = (
    ("speech_end", "the end of your speech"),
    ("speech_stopped", "the server detected it"),
    ("response_created", "response.created"),
)


async def run(args: argparse.Namespace) -> int:
    try:
        speech = audio.read_wav(args.wav)  # any PCM WAV, converted to 24 kHz mono PCM16
    except AudioFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    async with contextlib.AsyncExitStack() as stack:
        base_url = None  # the real API
        if not args.live:
            fake_model = ScriptedResponder(
                [Reply(text="It's sunny in Paris today, about 24 degrees. Enjoy your walk!")],
                then=default_responder,
            )
            server = await stack.enter_async_context(FakeRealtimeServer(responder=fake_model))
            base_url = server.base_url
            print(f"(no OPENAI_API_KEY: using the fake server at {server.url})", file=sys.stderr)
        session = await stack.enter_async_context(Session(args.model, base_url=base_url))
        print(f"you: ({audio.duration_ms(len(speech)) / 1000:.1f} s of speech from {args.wav})")
        return await converse(session, speech, args)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return anyio.run(run, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, CancelledError):  # Ctrl-C (reported as CancelledError on 3.10)
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
