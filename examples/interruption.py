"""Barge-in: the user talks over the assistant, and the assistant stops where the user stopped it.

The server sends audio faster than it plays, so when the user interrupts, most of the answer may
already sit in the app's playback buffer, unheard. For the conversation to match what the user
actually heard, the client must truncate the assistant's message at the audio *played*.
`Session(interrupt_on_speech=True, playback=tracker)` does that: the app tells a `PlaybackTracker`
what it played, and on `input_audio_buffer.speech_started` the Session cancels the response (if
still running) and sends `conversation.item.truncate` at the played position.

This example plays the answer on a simulated speaker (real-time speed; `--fast` plays it 5x faster)
and, 1.5 s into the answer, "speaks" (streams the start of examples/hello.wav).

Run it:

    python examples/interruption.py            # the built-in fake server
    OPENAI_API_KEY=sk-... python examples/interruption.py   # the real API (or --live)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from asyncio import CancelledError
from pathlib import Path

import anyio

from realtime_sdk import PlaybackTracker, RealtimeError, Session, audio, events
from realtime_sdk.testing import FakeRealtimeServer, Reply, ScriptedResponder

HERE = Path(__file__).resolve().parent
STORY = (
    "Once upon a time, in a small village by the sea, there lived an old fisherman who "
    "talked to the waves every morning. One day the waves answered him, and told him of a "
    "treasure hidden under the lighthouse, guarded by a very sleepy crab."
)
MAX_BUFFER_MS = 120_000  # the speaker's buffer: two minutes of audio at most


class FakeSpeaker:
    """A speaker that plays PCM16 24 kHz audio in 20 ms frames and reports it to a tracker."""

    def __init__(self, tracker: PlaybackTracker, speed: float) -> None:
        self.tracker = tracker
        self.buffer = bytearray()
        self.played_ms = 0.0
        # A pacer at a higher "rate" paces frames faster than real time.
        self.pacer = audio.Pacer(rate=round(audio.DEFAULT_RATE * speed))
        self.reached: dict[float, anyio.Event] = {}

    def write(self, pcm: bytes) -> None:
        if audio.duration_ms(len(self.buffer) + len(pcm)) > MAX_BUFFER_MS:
            raise RuntimeError("the speaker's buffer is full")
        self.buffer += pcm

    def stop(self) -> None:
        """Drop what has not been played yet (the user interrupted)."""
        self.buffer.clear()

    def when_played(self, ms: float) -> anyio.Event:
        """An event set once `ms` milliseconds of audio have been played."""
        return self.reached.setdefault(ms, anyio.Event())

    async def run(self) -> None:
        frame_size = audio.bytes_for_ms(20)
        while True:
            if not self.buffer:
                self.pacer.reset()  # nothing to play: start a fresh timeline when audio comes
                await anyio.sleep(0.01)
                continue
            frame = bytes(self.buffer[:frame_size])
            del self.buffer[:frame_size]
            await self.pacer.wait_for_bytes(len(frame))  # the time it takes to play it
            self.tracker.played(frame)  # what the user has heard: this drives the truncation
            self.played_ms += audio.duration_ms(len(frame))
            for ms, event in self.reached.items():
                if self.played_ms >= ms:
                    event.set()


async def user_interrupts(session: Session, speaker: FakeSpeaker, after_ms: float) -> None:
    """Wait until the user has heard `after_ms` of the answer, then speak over it."""
    await speaker.when_played(after_ms).wait()
    print(f"\n[user] starts talking {after_ms / 1000:.1f} s into the answer")
    speech = audio.read_wav(HERE / "hello.wav")[: audio.bytes_for_ms(1200)]
    async for frame in audio.pace(speech, ms=20):
        await session.append_audio(frame)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Interrupt a realtime model mid-answer.")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="use OpenAI (needs OPENAI_API_KEY)")
    parser.add_argument("--fast", action="store_true", help="play the answer 5x faster")
    parser.add_argument("--after-ms", type=float, default=1500, help="when the user interrupts")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    return args


async def converse(session: Session, speaker: FakeSpeaker, after_ms: float) -> int:
    await session.create_item(events.MessageItem.user_text("Tell me a story about the sea."))
    await session.create_response()
    received_ms = 0.0
    async with anyio.create_task_group() as tg:
        tg.start_soon(speaker.run)
        tg.start_soon(user_interrupts, session, speaker, after_ms)
        print("assistant: ", end="", flush=True)
        with anyio.move_on_after(60):
            async for event in session:
                if isinstance(event, events.ResponseOutputAudioDelta):
                    speaker.write(event.audio_bytes)
                    received_ms += audio.duration_ms(len(event.audio_bytes))
                elif isinstance(event, events.ResponseOutputAudioTranscriptDelta):
                    print(event.delta, end="", flush=True)  # the text arrives before it is heard
                elif isinstance(event, events.InputAudioBufferSpeechStarted):
                    speaker.stop()  # stop talking at once; the Session tells the server
                    print("[speaker] stopped: the user is speaking")
                elif (
                    isinstance(event, events.ResponseDone) and event.response.status == "cancelled"
                ):
                    print("[session] the response was cancelled")
                elif isinstance(event, events.ConversationItemTruncated):
                    # A little after the user started: the server needs some speech to detect it.
                    print(
                        f"[session] truncated the answer at {event.audio_end_ms} ms "
                        f"(the user heard {event.audio_end_ms / 1000:.2f} s of "
                        f"{received_ms / 1000:.2f} s received)"
                    )
                    tg.cancel_scope.cancel()
                    return 0
                elif isinstance(event, events.ErrorEvent):
                    print(f"[server] {event.error.message}", file=sys.stderr)
        tg.cancel_scope.cancel()
    print("no interruption happened", file=sys.stderr)
    return 1


async def run(args: argparse.Namespace) -> int:
    tracker = PlaybackTracker()
    speaker = FakeSpeaker(tracker, speed=5.0 if args.fast else 1.0)
    async with contextlib.AsyncExitStack() as stack:
        base_url = None  # the real API
        if not args.live:
            fake_model = ScriptedResponder([Reply(text=STORY)])  # spoken as a 5 s tone
            server = await stack.enter_async_context(FakeRealtimeServer(responder=fake_model))
            base_url = server.base_url
            print("(no OPENAI_API_KEY: using the fake server)", file=sys.stderr)
        session = await stack.enter_async_context(
            Session(args.model, base_url=base_url, interrupt_on_speech=True, playback=tracker)
        )
        return await converse(session, speaker, args.after_ms)


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
