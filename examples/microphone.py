"""Talk to a realtime model with your microphone and hear it on your speakers.

What it shows:

- capturing and playing audio with `sounddevice`, blocking reads and writes moved to worker
  threads (`anyio.to_thread`) so the event loop stays free;
- resampling between the devices' rate and the API's 24 kHz (`audio.Resampler`);
- server VAD turn taking, and barge-in: when you talk over the assistant, playback stops and the
  Session truncates the answer at what you heard (`PlaybackTracker`).

Needs the optional extra: `pip install 'realtime-sdk[microphone]'` (sounddevice and PortAudio),
a microphone and an output device. Use headphones, or the assistant will hear itself.

Run it:

    OPENAI_API_KEY=sk-... python examples/microphone.py     # the real API (or --live)
    python examples/microphone.py                           # the fake server: it answers in tones

Stop with Ctrl-C, or `--seconds N`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import Any

import anyio
import anyio.to_thread
from anyio.streams.memory import MemoryObjectReceiveStream

from realtime_sdk import PlaybackTracker, RealtimeError, Session, audio, events
from realtime_sdk.testing import FakeRealtimeServer

FRAME_MS = 20
INSTALL_HINT = "install it with: pip install 'realtime-sdk[microphone]'"


def load_sounddevice() -> Any:
    """The sounddevice module, or None after printing why it cannot be used."""
    try:
        import sounddevice  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print(f"microphone.py needs the sounddevice package; {INSTALL_HINT}", file=sys.stderr)
        return None
    except OSError as exc:  # the package is there but the PortAudio library is not
        print(f"sounddevice cannot load PortAudio ({exc}); {INSTALL_HINT}", file=sys.stderr)
        return None
    try:
        sounddevice.query_devices(kind="input")
        sounddevice.query_devices(kind="output")
    except (sounddevice.PortAudioError, ValueError) as exc:
        print(f"no usable audio device: {exc}", file=sys.stderr)
        return None
    return sounddevice


async def capture(sd: Any, session: Session) -> None:
    """Microphone -> 24 kHz PCM16 -> input_audio_buffer.append, 20 ms at a time."""
    rate = int(sd.query_devices(kind="input")["default_samplerate"])
    to_api = audio.Resampler(rate, audio.DEFAULT_RATE)
    frames = rate * FRAME_MS // 1000
    with sd.RawInputStream(samplerate=rate, channels=1, dtype="int16", blocksize=frames) as mic:
        while True:
            data, _overflowed = await anyio.to_thread.run_sync(mic.read, frames)
            await session.append_audio(to_api.process(bytes(data)))


async def play(sd: Any, chunks: MemoryObjectReceiveStream[bytes], tracker: PlaybackTracker) -> None:
    """Assistant audio -> the speaker, telling the tracker what was played."""
    rate = int(sd.query_devices(kind="output")["default_samplerate"])
    to_device = audio.Resampler(audio.DEFAULT_RATE, rate)
    with sd.RawOutputStream(samplerate=rate, channels=1, dtype="int16") as speaker:
        async for chunk in chunks:
            for frame in audio.chunk(chunk, FRAME_MS):
                # write() blocks until the device has room: it returns at playback pace.
                await anyio.to_thread.run_sync(speaker.write, to_device.process(frame))
                tracker.played(frame)


async def converse(sd: Any, session: Session, tracker: PlaybackTracker) -> None:
    # At most ~10 s of answer waits for the speaker; the session's reader waits beyond that.
    send, receive = anyio.create_memory_object_stream[bytes](100)
    async with anyio.create_task_group() as tg:
        tg.start_soon(capture, sd, session)
        tg.start_soon(play, sd, receive, tracker)
        print("listening... (Ctrl-C to stop)")
        async for event in session:
            if isinstance(event, events.ResponseOutputAudioDelta):
                await send.send(event.audio_bytes)
            elif isinstance(event, events.InputAudioBufferSpeechStarted):
                while True:  # barge-in: drop the audio not played yet
                    try:
                        receive.receive_nowait()
                    except (anyio.WouldBlock, anyio.EndOfStream):
                        break
            elif isinstance(event, events.ConversationItemInputAudioTranscriptionCompleted):
                print(f"you: {event.transcript.strip()}")
            elif isinstance(event, events.ResponseOutputAudioTranscriptDone):
                print(f"assistant: {event.transcript}")
            elif isinstance(event, events.ConversationItemTruncated):
                print(f"(interrupted after {event.audio_end_ms} ms)")
            elif isinstance(event, events.ErrorEvent):
                print(f"server error: {event.error.message}", file=sys.stderr)


async def run(sd: Any, args: argparse.Namespace) -> int:
    tracker = PlaybackTracker()
    async with contextlib.AsyncExitStack() as stack:
        base_url = None  # the real API
        if not args.live:
            server = await stack.enter_async_context(FakeRealtimeServer())
            base_url = server.base_url
            print("(no OPENAI_API_KEY: the fake server answers with tones)", file=sys.stderr)
        session = await stack.enter_async_context(
            Session(args.model, base_url=base_url, interrupt_on_speech=True, playback=tracker)
        )
        with anyio.move_on_after(args.seconds):
            await converse(sd, session, tracker)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Voice chat with your microphone.")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="use OpenAI (needs OPENAI_API_KEY)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    sd = load_sounddevice()
    if sd is None:
        return 1
    try:
        return anyio.run(run, sd, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
