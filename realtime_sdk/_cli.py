"""The `realtime-sdk` command line: chat, one voice turn, a fake server, record and replay, events.

```text
realtime-sdk chat                          a text conversation in the terminal
realtime-sdk say hello.wav --out reply.wav one spoken turn; writes the spoken reply
realtime-sdk fake-server --port 8765       the built-in fake Realtime server
realtime-sdk record say x.wav --out s.jsonl   a turn, with its traffic recorded (--force: overwrite)
realtime-sdk replay s.jsonl                the typed events of a recording
realtime-sdk events --dialect beta         the event types of a dialect
```

Without an API key (`--api-key` or `OPENAI_API_KEY`) and without `--base-url`, `chat`, `say` and
`record` talk to the in-process fake server, and say so on stderr. Configuration mistakes (no key
for OpenAI, a bad URL, a missing or unreadable WAV file) print one line on stderr and exit with
status 2; failures while talking to the server exit with status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import queue
import sys
import threading
from asyncio import CancelledError
from collections.abc import AsyncIterator, Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO, cast
from urllib.parse import urlsplit

import anyio
import anyio.to_thread

from . import __version__, audio
from ._exceptions import AudioFormatError, ConfigurationError, RealtimeError
from ._recording import RecordingError
from ._responses import ResponseHandle
from ._session import Session
from .events import _resources as ga
from .events._dialects import DIALECTS, Dialect, dialect_spec
from .events.beta import _resources as beta
from .testing._cli import add_serve_arguments, run_serve
from .testing._recfile import recorded_events
from .testing._server import FakeRealtimeServer

__all__ = ["build_parser", "main"]

_DEFAULT_MODELS = {"ga": "gpt-realtime", "beta": "gpt-4o-realtime-preview"}
_APPEND_MS = 100  # input audio goes out in 100 ms appends
_DELTA_PREVIEW = 60


class _UserError(Exception):
    """A mistake in the command line or its inputs: reported on stderr, exit status 2."""


# --- parser ---------------------------------------------------------------------------------------


def _connection_options() -> argparse.ArgumentParser:
    """The options shared by the commands that open a session."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument(
        "--model", help="model name (default: gpt-realtime; gpt-4o-realtime-preview for beta)"
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        help="server base URL, ws(s):// or http(s):// (default: wss://api.openai.com/v1)",
    )
    group.add_argument(
        "--api-key",
        metavar="KEY",
        default=None,
        help="API key (default: the OPENAI_API_KEY environment variable)",
    )
    group.add_argument(
        "--dialect",
        choices=("ga", "beta"),
        default="ga",
        help="protocol dialect (default: %(default)s)",
    )
    group.add_argument(
        "--fake",
        action="store_true",
        help="talk to the built-in fake server, in this process (the default without a key)",
    )
    group.add_argument(
        "--allow-insecure",
        action="store_true",
        help="allow sending the key over plaintext ws:// to a host that is not this machine "
        "(refused by default)",
    )
    return common


def _add_recording_options(parser: argparse.ArgumentParser) -> None:
    """`--out` and `--force` of `record`, also accepted after its subcommand (`record chat --out`)."""
    parser.add_argument(
        "--out",
        metavar="FILE.jsonl",
        dest="record_out",
        # SUPPRESS: given after the subcommand it wins; not given, it leaves the record's default.
        default=argparse.SUPPRESS,
        help="the recording to write (default: session.jsonl)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        default=argparse.SUPPRESS,
        help="overwrite the recording if the file exists (default: refuse)",
    )


def _add_say(commands: Any, common: argparse.ArgumentParser, *, recorded: bool = False) -> None:
    say = commands.add_parser(
        "say",
        parents=[common],
        help="send one spoken turn from a WAV file and write the spoken reply",
        description="Send a WAV file as one user turn, print the reply's transcript and write "
        "its audio to a WAV file.",
    )
    say.add_argument("wav", metavar="FILE.wav", help="the user's speech (any PCM WAV)")
    # Under `record`, --out names the recording (as for `record chat`); the reply is --reply.
    say.add_argument(
        "--reply" if recorded else "--out",
        metavar="FILE.wav",
        dest="out",
        default="reply.wav",
        help="where to write the reply audio (default: %(default)s)",
    )
    if recorded:
        _add_recording_options(say)
    say.add_argument(
        "--pace",
        action="store_true",
        help="stream the file at real-time speed, as if spoken (default: as fast as possible)",
    )


def _add_chat(commands: Any, common: argparse.ArgumentParser, *, recorded: bool = False) -> None:
    chat = commands.add_parser(
        "chat",
        parents=[common],
        help="a text conversation in the terminal",
        description="Chat in text: each line read from stdin is a user message; the answer is "
        "streamed to stdout. Ends at end of input, on /quit or on Ctrl-C.",
    )
    if recorded:
        _add_recording_options(chat)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `realtime-sdk`."""
    parser = argparse.ArgumentParser(
        prog="realtime-sdk",
        description="Talk to the OpenAI Realtime API (or a compatible or fake server) from the "
        "command line.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__} (Python {platform.python_version()})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _connection_options()
    _add_chat(commands, common)
    _add_say(commands, common)

    fake = commands.add_parser(
        "fake-server",
        help="run the built-in fake Realtime server until interrupted",
        description="Run a fake OpenAI Realtime server on this machine (no network, no bill). "
        "It prints its `url:` and `base_url:` on start.",
    )
    add_serve_arguments(fake)

    record = commands.add_parser(
        "record",
        help="run a `say` or `chat` turn while recording the traffic to JSON Lines",
        description="Run `say` or `chat` while recording every WebSocket message to a JSON "
        "Lines file (replay it with `realtime-sdk replay` or `fake-server --replay`).",
    )
    _add_recording_options(record)
    record.set_defaults(record_out="session.jsonl", force=False)
    recorded = record.add_subparsers(dest="recorded", metavar="COMMAND", required=True)
    _add_say(recorded, common, recorded=True)
    _add_chat(recorded, common, recorded=True)

    replay = commands.add_parser(
        "replay",
        help="print the typed events of a recording, one per line",
        description="Print a recording's events in order: time, direction and type (with a "
        "short summary for text deltas and errors).",
    )
    replay.add_argument("recording", metavar="FILE.jsonl")
    replay.add_argument(
        "--dialect", choices=DIALECTS, help="decode as this dialect (default: the file's)"
    )

    events = commands.add_parser(
        "events",
        help="list the event types of each dialect",
        description="List the client and server event types of each protocol dialect.",
    )
    events.add_argument("--dialect", choices=DIALECTS, help="only this dialect")
    return parser


# --- connecting -----------------------------------------------------------------------------------


def _use_fake(args: argparse.Namespace) -> bool:
    """`--fake`, or no key and no base URL: the in-process fake server (noted on stderr)."""
    if args.fake:
        return True
    base_url = args.base_url or os.environ.get("OPENAI_REALTIME_BASE_URL")
    if base_url is None and not (args.api_key or os.environ.get("OPENAI_API_KEY")):
        print(
            "note: no API key (--api-key or OPENAI_API_KEY): using the built-in fake server",
            file=sys.stderr,
        )
        return True
    return False


@contextlib.asynccontextmanager
async def _open_session(args: argparse.Namespace) -> AsyncIterator[Session[Any]]:
    """The session the command runs in: the fake server's, or the one the options name."""
    model = args.model or _DEFAULT_MODELS[args.dialect]
    record = getattr(args, "record_out", None)
    if _use_fake(args):
        if args.base_url is not None:
            raise _UserError("--fake and --base-url cannot be used together")
        async with FakeRealtimeServer() as server:
            async with Session(
                model, base_url=server.base_url, dialect=args.dialect, record=record
            ) as session:
                yield session
        return
    key = args.api_key or os.environ.get("OPENAI_API_KEY")
    if not key and urlsplit(args.base_url or "").hostname == "api.openai.com":
        raise _UserError(
            "no API key for api.openai.com: pass --api-key or set OPENAI_API_KEY "
            "(or use --fake for the built-in fake server)"
        )
    async with Session(
        model,
        api_key=args.api_key,
        base_url=args.base_url,
        dialect=args.dialect,
        record=record,
        allow_insecure=args.allow_insecure,
    ) as session:
        yield session


def _print_usage(session: Session, out: TextIO) -> None:
    totals = session.usage.totals
    line = (
        f"usage: {totals.input_tokens} input tokens, {totals.output_tokens} output tokens "
        f"in {totals.responses} response(s)"
    )
    try:
        cost = session.usage.cost(model=session.model)
    except ConfigurationError:
        line += " (no price known for this model)"
    else:
        line += f", about ${cost.total.quantize(Decimal('0.000001'))}"
    print(line, file=out)


# --- chat -----------------------------------------------------------------------------------------


def _read_line() -> str:
    if sys.stdin.isatty():
        print("you> ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline()


class _StdinLines:
    """Lines of stdin for the event loop, each read (after its prompt) when asked for.

    `readline()` blocks in the operating system until Enter and cannot be interrupted, so it runs in
    a daemon thread of its own: on Ctrl-C the program ends at once, without joining that thread. (In
    an anyio worker thread, abandoned on cancellation, the interpreter would wait for the line at
    exit, and a second Ctrl-C would print a threading traceback.) The worker thread that waits for
    the queue is released by `close()`.
    """

    def __init__(self) -> None:
        self._wanted = threading.Semaphore(0)
        self._lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._read, name="realtime-sdk stdin", daemon=True).start()

    def _read(self) -> None:
        line = "-"
        while line:  # "" is the end of input
            self._wanted.acquire()
            try:
                line = _read_line()
            except (OSError, ValueError):  # stdin closed under us
                line = ""
            self._lines.put(line)

    async def readline(self) -> str:
        """The next line, "" at the end of input."""
        self._wanted.release()
        return await anyio.to_thread.run_sync(self._lines.get, abandon_on_cancel=True)

    def close(self) -> None:
        self._lines.put("")  # wakes a `get` abandoned by a cancelled `readline`


async def _chat(args: argparse.Namespace) -> int:
    lines = _StdinLines()
    try:
        return await _chat_loop(args, lines)
    finally:
        lines.close()


async def _chat_loop(args: argparse.Namespace, lines: _StdinLines) -> int:
    async with _open_session(args) as session:
        while True:
            line = await lines.readline()
            if not line:  # end of input
                break
            text = line.strip()
            if text in ("/quit", "/exit"):
                break
            if not text:
                continue
            handle = await _ask(session, text)
            print("assistant: ", end="", flush=True)
            async for delta in handle.text_deltas():
                print(delta, end="", flush=True)
            print()
            response = await handle.done()
            if response.status != "completed":
                print(f"(response {response.status})", file=sys.stderr)
        _print_usage(session, sys.stderr)
    return 0


async def _ask(session: Session[Any], text: str) -> ResponseHandle[Any, Any, Any, Any]:
    """Add a user text message and ask for a text answer."""
    if session.dialect == "beta":
        await session.create_item(beta.MessageItem.user_text(text))
        return await session.create_response(beta.ResponseCreateParams(modalities=["text"]))
    await session.create_item(ga.MessageItem.user_text(text))
    return await session.create_response(ga.ResponseCreateParams(output_modalities=["text"]))


# --- say ------------------------------------------------------------------------------------------


def _read_wav(path: str) -> bytes:
    if not Path(path).is_file():
        raise _UserError(f"{path}: no such file")
    pcm = audio.read_wav(path)  # AudioFormatError for a file that is not PCM WAV
    if not pcm:
        raise _UserError(f"{path}: the WAV file holds no audio")
    return pcm


async def _say(args: argparse.Namespace) -> int:
    pcm = _read_wav(args.wav)  # before connecting: a bad file costs no connection
    async with _open_session(args) as session:
        # One explicit turn: no server VAD, the whole file is committed as the user's message.
        if session.dialect == "beta":
            await session.update_session(beta.SessionConfig(turn_detection=None), wait=True)
        else:
            no_vad = ga.AudioInputConfig(turn_detection=None)
            await session.update_session(
                ga.SessionConfig(audio=ga.SessionAudioConfig(input=no_vad)), wait=True
            )
        frames = audio.chunk(pcm, _APPEND_MS)
        async for frame in audio.pace(frames) if args.pace else _as_async(frames):
            await session.append_audio(frame)
        await session.commit_audio(wait=True)
        print(f"you: ({audio.duration_ms(len(pcm)) / 1000:.1f} s of audio from {args.wav})")

        handle = await session.create_response()
        reply = bytearray()
        audio_delta = dialect_spec(session.dialect).output_audio_delta
        print("assistant: ", end="", flush=True)
        async for event in handle.events():
            if event.type == audio_delta:
                reply += cast(Any, event).audio_bytes
            else:  # transcript or text deltas
                print(event.delta, end="", flush=True)
        print()
        response = await handle.done()
        if response.status != "completed":
            print(f"(response {response.status})", file=sys.stderr)
        audio.write_wav(args.out, bytes(reply))
        print(f"wrote {args.out} ({audio.duration_ms(len(reply)) / 1000:.1f} s of audio)")
        if handle.time_to_first_audio is not None:
            print(f"time to first audio: {handle.time_to_first_audio * 1000:.0f} ms")
        _print_usage(session, sys.stdout)
    return 0


async def _as_async(frames: Any) -> AsyncIterator[bytes]:
    for frame in frames:
        yield frame


# --- replay and events ----------------------------------------------------------------------------


def _summary(event: Any) -> str:
    """A few words about an event worth showing on its line."""
    event_type = str(getattr(event, "type", ""))
    if event_type == "error":
        return f"  {getattr(event.error, 'code', None)}: {getattr(event.error, 'message', '')}"
    delta = getattr(event, "delta", None)
    if isinstance(delta, str) and "audio." not in event_type and not event_type.endswith("audio"):
        shown = delta if len(delta) <= _DELTA_PREVIEW else delta[: _DELTA_PREVIEW - 3] + "..."
        return f"  {shown!r}"
    return ""


def _replay(args: argparse.Namespace) -> int:
    try:
        for recorded in recorded_events(args.recording, dialect=args.dialect):
            arrow = "->" if recorded.direction == "client" else "<-"
            event: Any = recorded.event
            line = f"{recorded.t:9.3f}s {arrow} {recorded.direction:<6} {event.type}"
            print(line + _summary(event))
    except RecordingError as exc:
        raise _UserError(str(exc)) from exc
    return 0


def _events(args: argparse.Namespace) -> int:
    dialects: tuple[Dialect, ...] = (args.dialect,) if args.dialect else DIALECTS
    for dialect in dialects:
        spec = dialect_spec(dialect)
        for direction, classes in (
            ("client", spec.client_classes),
            ("server", spec.server_classes),
        ):
            print(f"{dialect} {direction} events ({len(classes)}):")
            for event_type in classes:
                print(f"  {event_type}")
    return 0


# --- main -----------------------------------------------------------------------------------------

_Runner = Callable[[argparse.Namespace], Any]


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    command = args.recorded if args.command == "record" else args.command
    if command == "fake-server":
        return run_serve(parser, args)
    if command == "replay":
        return _replay(args)
    if command == "events":
        return _events(args)
    record = getattr(args, "record_out", None)
    if record is not None and Path(record).exists() and not args.force:
        raise _UserError(f"{record} exists: pass --force to overwrite it (or another --out)")
    runner: _Runner = _chat if command == "chat" else _say
    result: int = anyio.run(runner, args)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run `realtime-sdk` with `argv` (default: `sys.argv[1:]`); return the exit status.

    0 on success; 2 for a usage or configuration error (message on stderr); 1 when the server
    or the connection failed; 130 when interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _run(args, parser)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 2
    except (_UserError, ConfigurationError, AudioFormatError, RecordingError) as exc:
        print(f"realtime-sdk: error: {exc}", file=sys.stderr)
        return 2
    except RealtimeError as exc:
        print(f"realtime-sdk: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, CancelledError):  # Ctrl-C: anyio on Python 3.10 reports it as the
        print(file=sys.stderr)  # main task's cancellation, not as KeyboardInterrupt
        return 130
    except BrokenPipeError:  # `realtime-sdk replay x.jsonl | head`: the reader left, fine
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return 0
