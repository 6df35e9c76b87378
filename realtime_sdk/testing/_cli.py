"""The command line of the testing toolkit: `python -m realtime_sdk.testing serve ...`."""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
from collections.abc import Sequence

import anyio

from .._exceptions import RealtimeError
from .._recording import RecordingError
from ._replay import ReplayServer
from ._server import FakeRealtimeServer

__all__ = ["add_serve_arguments", "build_parser", "main", "run_serve"]

_DESCRIPTION = """\
Run a fake OpenAI Realtime server on this machine, for tests and demos without a network or an
API bill. It speaks the GA protocol (and beta to clients sending `OpenAI-Beta: realtime=v1`).
With --replay it plays a recording (JSON Lines, written by realtime_sdk.testing.Recorder) to
each client instead, checking that the client sends what was recorded.

On start it prints two lines to stdout:
  url: ws://HOST:PORT/v1/realtime      (the WebSocket endpoint)
  base_url: ws://HOST:PORT/v1          (for Session(base_url=...) or openai-python's
                                        websocket_base_url)
With --tls it serves wss:// with a certificate from a throwaway CA made at start-up, and prints a
third line, the CA certificate to trust (e.g. NODE_EXTRA_CA_CERTS=PATH for Node clients):
  ca: /tmp/realtime-sdk-fake-ca-.../ca.pem   (deleted when the server stops)
It runs until interrupted (Ctrl-C, SIGINT or SIGTERM), then exits with status 0.
"""

_EPILOG = """\
examples:
  python -m realtime_sdk.testing serve --port 8765
  python -m realtime_sdk.testing serve --port 0 --api-key sk-test --dialect beta
  python -m realtime_sdk.testing serve --port 8443 --tls
  python -m realtime_sdk.testing serve --replay session.jsonl --strictness exact
"""


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {value}")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `serve` options to `parser` (for embedding as another tool's subcommand)."""
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s; use 0.0.0.0 to accept other machines)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=8765,
        help="TCP port to listen on; 0 picks a free port (default: %(default)s)",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help="require this key (`Authorization: Bearer KEY` or `api-key: KEY`); "
        "default: accept any client",
    )
    parser.add_argument(
        "--dialect",
        choices=("ga", "beta"),
        help="always speak this dialect (default: beta to clients sending "
        "`OpenAI-Beta: realtime=v1`, GA to the others)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for reproducible ids (default: %(default)s)"
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve wss:// with a certificate from a throwaway CA (needs the `testing` extra); "
        "prints the CA's PEM file as `ca: PATH`",
    )
    replay = parser.add_argument_group("replay")
    replay.add_argument(
        "--replay",
        metavar="FILE.jsonl",
        help="play this recording to every client instead of running the fake model",
    )
    replay.add_argument(
        "--strictness",
        choices=("types", "exact", "none"),
        help="how client events are checked against the recording: same types (default), "
        "same JSON except event_id, or not at all",
    )
    replay.add_argument(
        "--client-timeout",
        type=_positive,
        metavar="SECONDS",
        help="how long to wait for an expected client event before closing (default: 5)",
    )
    replay.add_argument(
        "--speed",
        type=_positive,
        help="replay server events at the recorded pace times SPEED (default: as fast as possible)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log connections and events to stderr"
    )


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of `python -m realtime_sdk.testing`."""
    parser = argparse.ArgumentParser(
        prog=prog or "python -m realtime_sdk.testing",
        description="Testing tools for realtime_sdk.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    serve = commands.add_parser(
        "serve",
        help="run a fake (or replaying) Realtime server until interrupted",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_serve_arguments(serve)
    return parser


def _make_server(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> FakeRealtimeServer | ReplayServer:
    if args.replay is None:
        for option, value in (
            ("--strictness", args.strictness),
            ("--client-timeout", args.client_timeout),
            ("--speed", args.speed),
        ):
            if value is not None:
                parser.error(f"{option} needs --replay")
        return FakeRealtimeServer(
            api_key=args.api_key,
            dialect=args.dialect,
            host=args.host,
            port=args.port,
            seed=args.seed,
            tls=args.tls,
        )
    if args.tls:
        parser.error("--tls is not supported with --replay")
    try:
        return ReplayServer(
            args.replay,
            strictness=args.strictness or "types",
            dialect=args.dialect,
            api_key=args.api_key,
            host=args.host,
            port=args.port,
            client_timeout=args.client_timeout or 5.0,
            speed=args.speed,
        )
    except RecordingError as exc:
        parser.error(f"--replay: {exc}")


async def _serve(server: FakeRealtimeServer | ReplayServer) -> None:
    # The handler is installed before the URL is printed: a signal sent after reading it stops
    # the server cleanly.
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with server:
            kind = "replaying" if isinstance(server, ReplayServer) else "fake"
            print(f"url: {server.url}", flush=True)
            print(f"base_url: {server.base_url}", flush=True)
            if isinstance(server, FakeRealtimeServer) and server.base_url.startswith("wss:"):
                print(f"ca: {server.ca_path}", flush=True)
            print(
                f"realtime_sdk {kind} server running; press Ctrl-C to stop.",
                file=sys.stderr,
                flush=True,
            )
            async for signum in signals:
                print(f"stopping ({signal.Signals(signum).name})", file=sys.stderr, flush=True)
                break


def run_serve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the `serve` command with parsed `args`; return the exit status."""
    if args.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
        logging.getLogger("realtime_sdk.testing.server").setLevel(logging.DEBUG)  # every event
    server = _make_server(parser, args)
    try:
        anyio.run(_serve, server)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status.

    Bad arguments print a usage error to stderr and give status 2; `--help` gives 0.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return run_serve(parser, args)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
