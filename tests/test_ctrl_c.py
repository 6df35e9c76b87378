"""Ctrl-C (SIGINT) ends the command line and the examples at once, with status 130 and no traceback.

Each test starts a real process against the built-in fake server, its standard input a
pseudo-terminal, waits until it is doing what a user would interrupt (waiting at the `you>` prompt,
streaming speech), sends SIGINT and checks how it ended. The terminal stays open, so a program whose
reading thread keeps it alive until Enter fails these tests.
"""

from __future__ import annotations

import asyncio
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import realtime_sdk

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# A guard against a hang, far above the fraction of a second an interrupted program takes to end
# even on a loaded machine; not a timing assertion.
GUARD = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


class Program:
    """A process of `sys.executable`, its stdin a pseudo-terminal (so it prompts, as for a person)."""

    def __init__(self, *args: str | Path) -> None:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_"))
        }
        self.terminal, child_end = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-u", *map(str, args)],
            stdin=child_end,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        os.close(child_end)
        self.seen = {"stdout": b"", "stderr": b""}

    def type(self, line: str) -> None:
        os.write(self.terminal, line.encode() + b"\n")

    def wait_for(self, stream: str, marker: str, count: int = 1) -> None:
        """Read `stream` until `marker` was printed `count` times in all."""
        pipe = getattr(self.process, stream)
        while self.seen[stream].count(marker.encode()) < count:
            chunk = os.read(pipe.fileno(), 4096)
            if not chunk:
                raise AssertionError(f"{marker!r} never printed; {stream}: {self.seen[stream]!r}")
            self.seen[stream] += chunk

    def interrupt(self) -> tuple[int, str]:
        """Send SIGINT, the terminal still open; return the exit status and all of stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            status = self.process.wait(timeout=GUARD)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the program did not end on Ctrl-C") from None
        finally:
            os.close(self.terminal)
            assert self.process.stdout is not None
            assert self.process.stderr is not None
            with self.process.stdout, self.process.stderr:
                self.seen["stderr"] += self.process.stderr.read()
        return status, self.seen["stderr"].decode(errors="replace")


@pytest.mark.parametrize(
    ("command", "prompt_stream"),
    [
        pytest.param(("-m", "realtime_sdk", "chat"), "stderr", id="realtime-sdk chat"),
        pytest.param((EXAMPLES / "text_chat.py",), "stdout", id="examples/text_chat.py"),
    ],
)
def test_ctrl_c_at_the_prompt_ends_the_chat_at_once(
    command: tuple[str | Path, ...], prompt_stream: str
) -> None:
    program = Program(*command)
    program.wait_for(prompt_stream, "you> ")
    program.type("hello")
    program.wait_for("stdout", "You said: hello")
    program.wait_for(prompt_stream, "you> ", count=2)  # waiting for the next line, in readline()
    status, stderr = program.interrupt()
    assert status == 130, stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr


def test_ctrl_c_while_the_voice_bot_streams_speech(tmp_path: Path) -> None:
    # The default is to stream the 3-second WAV at real-time pace: SIGINT lands while it is sent.
    program = Program(EXAMPLES / "voice_bot.py", "--out", tmp_path / "reply.wav")
    program.wait_for("stdout", "you: ")
    status, stderr = program.interrupt()
    assert status == 130, stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "reply.wav").exists()


@pytest.mark.parametrize("name", ["azure", "function_calling", "interruption", "voice_bot"])
@pytest.mark.parametrize("error", [KeyboardInterrupt, asyncio.CancelledError])
def test_every_example_main_turns_ctrl_c_into_status_130(
    name: str, error: type[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Examples that end by themselves within a second on the fake server: Ctrl-C at any await.

    On Python 3.10, anyio.run reports Ctrl-C as the main task's CancelledError.
    """
    import importlib.util

    import anyio

    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def interrupted(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(anyio, "run", interrupted)
    assert module.main([]) == 130


def test_realtime_sdk_main_survives_ctrl_c_while_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from realtime_sdk import __main__ as entry

    real_import = builtins.__import__

    def interrupted_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "_cli" or name.endswith("._cli"):
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    assert entry.main(["events"]) == 130
    assert realtime_sdk.__version__  # the package itself is untouched


_CANCEL_THROUGH_EXIT_STACK = """
import contextlib, sys
import anyio
from realtime_sdk.testing import FakeRealtimeServer

async def main():
    with anyio.CancelScope() as scope:
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(FakeRealtimeServer())
            scope.cancel()  # what Ctrl-C does to the examples' main task
            await anyio.sleep(10)
    print("cancelled")

anyio.run(main, backend=sys.argv[1])
"""


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_cancelling_a_fake_server_entered_through_an_exit_stack_ends(backend: str) -> None:
    """The examples enter the fake server with an AsyncExitStack; cancelling it used to spin forever
    (a CancelledError that was its own __context__). In a subprocess: that loop cannot be timed out
    from inside."""
    done = subprocess.run(
        [sys.executable, "-c", _CANCEL_THROUGH_EXIT_STACK, backend],
        capture_output=True,
        text=True,
        timeout=GUARD,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "cancelled"
