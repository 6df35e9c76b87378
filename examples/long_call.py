"""A call that outlives its session: `reconnect=` rotates to a new connection before the session
expires, and the conversation goes on as if nothing happened.

What it shows:

- `Session(..., reconnect=Reconnect(...))`: the session reconnects on its own after a lost
  connection, and rotates before `expires_at` at a quiet point (no response in progress, the user
  not speaking), restoring the settings and the conversation on the new connection;
- one `async for` over the session across every connection: a `SessionResumed` notice marks each
  move, then the events of the new connection follow;
- `session.conversation` and `session.usage` go on across connections.

Run it:

    python examples/long_call.py            # the fake server; its sessions last 20 seconds
    python examples/long_call.py --turns 6  # stop after 6 turns instead of after two rotations

With the fake server the call goes on through two rotations (about 8 seconds), then stops.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

import anyio

from realtime_sdk import RealtimeError, Reconnect, Session, SessionResumed, events
from realtime_sdk.testing import FakeRealtimeServer, Faults

MAX_SESSION_SECONDS = 20.0  # the fake's session lifetime (OpenAI's is 60 minutes)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A long call across session rotations.")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--rotations", type=int, default=2, help="stop after this many")
    parser.add_argument("--turns", type=int, default=None, help="stop after this many turns")
    parser.add_argument("--pause", type=float, default=0.4, help="seconds between turns")
    return parser.parse_args(argv)


async def say(session: Session, number: int) -> None:
    text = f"This is turn {number}."
    print(f"you: {text}")
    await session.create_item(events.MessageItem.user_text(text))
    await session.create_response()


async def call(session: Session, args: argparse.Namespace) -> None:
    await session.update_session(
        events.SessionConfig(
            output_modalities=["text"], instructions="Answer in one short sentence."
        ),
        wait=True,
    )
    turns, rotations = 1, 0
    await say(session, turns)
    answer: list[str] = []
    # One loop for the whole call: it goes on across the rotations.
    async for event in session:
        if isinstance(event, SessionResumed):
            rotations += 1
            print(
                f"-- session resumed ({event.reason}): {event.items_restored} item(s) restored, "
                f"{event.items_dropped} dropped, {event.downtime:.2f} s without a connection"
            )
        elif isinstance(event, events.ResponseOutputTextDelta):
            answer.append(event.delta)
        elif isinstance(event, events.ResponseDone):
            print(f"assistant: {''.join(answer)}")
            answer.clear()
            done = turns >= args.turns if args.turns is not None else rotations >= args.rotations
            if done:
                break
            await anyio.sleep(args.pause)  # a quiet moment between turns
            turns += 1
            await say(session, turns)
    assert session.conversation is not None
    print(
        f"{turns} turns, {session.reconnects} rotation(s); the conversation holds "
        f"{len(session.conversation)} items; {session.usage.totals.total_tokens} tokens in all"
    )


async def run(args: argparse.Namespace) -> int:
    # Rotate when less than 17 s are left (at the first quiet point), or at 3 s regardless.
    policy = Reconnect(rotate_before=MAX_SESSION_SECONDS - 3, force_before=3.0)
    async with contextlib.AsyncExitStack() as stack:
        server = await stack.enter_async_context(
            FakeRealtimeServer(faults=Faults(max_session_duration=MAX_SESSION_SECONDS))
        )
        session = await stack.enter_async_context(
            Session(args.model, base_url=server.base_url, reconnect=policy)
        )
        await call(session, args)
        print(f"connections: {len(server.connections)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return anyio.run(run, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
