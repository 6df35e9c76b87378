"""A terminal chat with a realtime model, in text: type a line, watch the answer stream in.

What it shows:

- a text-only session (`output_modalities=["text"]`);
- adding user messages (`MessageItem.user_text`) and asking for a response;
- streaming the answer with a response handle (`handle.text_deltas()`), then `await handle.done()`.

Run it:

    python examples/text_chat.py                      # the built-in fake server (it echoes you)
    OPENAI_API_KEY=sk-... python examples/text_chat.py   # the real API (or pass --live)
    printf 'Hi!\\nTell me a joke\\n' | python examples/text_chat.py   # piped input works too

Type `/quit` (or end the input with Ctrl-D) to leave.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import sys
import threading
from asyncio import CancelledError

import anyio
import anyio.to_thread

from realtime_sdk import RealtimeError, Session, events
from realtime_sdk.testing import FakeRealtimeServer


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Chat with a realtime model in text.")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="use OpenAI (needs OPENAI_API_KEY)")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    return args


def read_line() -> str:
    """One line from stdin ("" at the end), with a prompt when a person is typing."""
    if sys.stdin.isatty():
        print("you> ", end="", flush=True)
    return sys.stdin.readline()


class Keyboard:
    """Lines typed by the user, read one at a time when the chat asks for one.

    input() or readline() would block the event loop, and cannot be interrupted: it waits for Enter.
    So the reading happens in a daemon thread, which Ctrl-C does not wait for; the event loop waits
    for the line in a worker thread, which `close()` releases.
    """

    def __init__(self) -> None:
        self._wanted = threading.Semaphore(0)
        self._lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        line = "-"
        while line:  # "" is the end of the input
            self._wanted.acquire()
            line = read_line()
            self._lines.put(line)

    async def readline(self) -> str:
        self._wanted.release()
        return await anyio.to_thread.run_sync(self._lines.get, abandon_on_cancel=True)

    def close(self) -> None:
        self._lines.put("")


async def chat(session: Session, keyboard: Keyboard) -> None:
    # Text in, text out: no audio for this session.
    await session.update_session(
        events.SessionConfig(
            output_modalities=["text"],
            instructions="You are a concise, friendly assistant.",
        ),
        wait=True,
    )
    while True:
        line = await keyboard.readline()
        if not line or line.strip() == "/quit":
            break
        if not line.strip():
            continue
        await session.create_item(events.MessageItem.user_text(line.strip()))
        handle = await session.create_response()
        print("assistant: ", end="", flush=True)
        async for text in handle.text_deltas():
            print(text, end="", flush=True)
        print()
        response = await handle.done()
        if response.status != "completed":
            print(f"(the response ended as {response.status})", file=sys.stderr)
    totals = session.usage.totals
    print(f"bye! (answers: {totals.responses}, tokens: {totals.total_tokens})", file=sys.stderr)


async def run(args: argparse.Namespace) -> int:
    async with contextlib.AsyncExitStack() as stack:
        base_url = None  # the real API
        if not args.live:
            # The fake server's default model answers "You said: ..." to every message.
            server = await stack.enter_async_context(FakeRealtimeServer())
            base_url = server.base_url
            print("(no OPENAI_API_KEY: chatting with the fake server)", file=sys.stderr)
        session = await stack.enter_async_context(Session(args.model, base_url=base_url))
        keyboard = Keyboard()
        stack.callback(keyboard.close)
        await chat(session, keyboard)
    return 0


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
