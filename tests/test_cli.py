"""The `realtime-sdk` command line: each subcommand against the fake server, and each clear error."""

from __future__ import annotations

import contextlib
import io
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from realtime_sdk import Session, audio
from realtime_sdk._cli import main
from realtime_sdk.testing import read_recording

HELLO = Path(__file__).resolve().parents[1] / "examples" / "hello.wav"


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach OpenAI: without a key the CLI uses the in-process fake server."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_REALTIME_BASE_URL", raising=False)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- say ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["ga", "beta"])
def test_say_writes_the_spoken_reply_and_prints_transcript_and_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dialect: str
) -> None:
    out = tmp_path / "reply.wav"
    assert main(["say", str(HELLO), "--out", str(out), "--dialect", dialect]) == 0
    captured = capsys.readouterr()
    # The fake model states how long the user spoke: hello.wav lasts 3.1 s.
    assert "assistant: I heard 3.1 seconds of audio." in captured.out
    assert f"wrote {out}" in captured.out
    assert "time to first audio:" in captured.out
    assert "usage: " in captured.out
    assert "1 response(s)" in captured.out
    assert "using the built-in fake server" in captured.err
    info = audio.read_wav_info(out)
    assert (info.rate, info.channels, info.sample_width) == (24000, 1, 2)
    assert info.frames > 24000 // 2  # a spoken reply, not an empty file


def test_fake_option_wins_over_a_configured_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-used")
    assert main(["say", "--fake", str(HELLO), "--out", str(tmp_path / "r.wav")]) == 0
    assert "I heard 3.1 seconds" in capsys.readouterr().out


# --- chat -----------------------------------------------------------------------------------------


def test_chat_answers_each_line_until_quit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hello there\n\nsecond line\n/quit\nnot read\n"))
    assert main(["chat"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "assistant: You said: hello there",
        "assistant: You said: second line",
    ]
    assert "2 response(s)" in captured.err


def test_chat_ends_at_end_of_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("only line"))
    assert main(["chat", "--dialect", "beta"]) == 0
    assert capsys.readouterr().out == "assistant: You said: only line\n"


# --- record and replay ----------------------------------------------------------------------------


def test_record_then_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recording = tmp_path / "session.jsonl"
    reply = tmp_path / "reply.wav"
    assert main(["record", "--out", str(recording), "say", str(HELLO), "--reply", str(reply)]) == 0
    assert reply.exists()
    messages = list(read_recording(recording))
    assert messages[0].direction == "server"
    assert messages[0].type == "session.created"
    assert "input_audio_buffer.commit" in [m.type for m in messages if m.direction == "client"]
    capsys.readouterr()

    assert main(["replay", str(recording)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(messages)  # one line per recorded event
    assert lines[0].split()[1:] == ["<-", "server", "session.created"]
    assert any(line.split()[1:] == ["->", "client", "response.create"] for line in lines)
    assert lines[-1].split()[1:] == ["<-", "server", "response.done"]
    # Transcript deltas are shown with their text.
    assert any("response.output_audio_transcript.delta" in line and "'" in line for line in lines)


def test_record_a_chat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = tmp_path / "chat.jsonl"
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
    assert main(["record", "--out", str(recording), "chat"]) == 0
    texts = [m.text for m in read_recording(recording) if m.type == "response.output_text.delta"]
    assert texts
    assert "said" in "".join(texts)


def test_record_accepts_out_after_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = tmp_path / "chat.jsonl"
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
    assert main(["record", "chat", "--out", str(recording)]) == 0
    assert any(m.type == "response.done" for m in read_recording(recording))
    reply, said = tmp_path / "reply.wav", tmp_path / "said.jsonl"
    assert main(["record", "say", str(HELLO), "--out", str(said), "--reply", str(reply)]) == 0
    assert any(m.type == "input_audio_buffer.commit" for m in read_recording(said))
    assert audio.read_wav(reply)


@pytest.mark.parametrize("where", ["before", "after"])
def test_record_refuses_to_overwrite_a_recording_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    recording = tmp_path / "kept.jsonl"
    recording.write_text("precious\n")
    reply = str(tmp_path / "reply.wav")
    say = ["say", str(HELLO), "--reply", reply]
    out = ["--out", str(recording)]
    argv = ["record", *out, *say] if where == "before" else ["record", *say, *out]
    assert main(argv) == 2
    assert "exists: pass --force" in capsys.readouterr().err
    assert recording.read_text() == "precious\n"
    assert main([*argv, "--force"]) == 0
    assert any(m.type == "session.created" for m in read_recording(recording))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from realtime_sdk import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith(f"realtime-sdk {__version__} (Python ")


def test_replay_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not json\n")
    assert main(["replay", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 1" in err
    assert "Traceback" not in err


# --- events ---------------------------------------------------------------------------------------


def test_events_of_one_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--dialect", "beta"]) == 0
    out = capsys.readouterr().out
    assert "beta client events" in out
    assert "beta server events" in out
    assert "  response.create\n" in out
    assert "  response.audio.delta\n" in out
    assert "ga " not in out
    assert "translation" not in out


def test_events_of_every_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events"]) == 0
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [h.split(" (")[0] for h in headers] == [
        f"{d} {side} events" for d in ("ga", "beta", "translation") for side in ("client", "server")
    ]
    assert "  response.output_audio.delta\n" in out
    assert "  session.output_transcript.delta\n" in out


# --- fake-server ----------------------------------------------------------------------------------


@contextlib.contextmanager
def fake_server_process(*options: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`realtime-sdk fake-server --port 0 ...` in a subprocess, and the base_url it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "realtime_sdk", "fake-server", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("url: ws://127.0.0.1:")
        yield process, process.stdout.readline().removeprefix("base_url: ").strip()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_fake_server_subcommand_serves_until_interrupted() -> None:
    with fake_server_process() as (process, base_url):

        async def talk() -> str:
            async with Session("gpt-realtime", base_url=base_url) as session:
                assert session.created_event is not None
                return str(session.created_event.type)

        assert anyio.run(talk) == "session.created"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0


def test_verbose_fake_server_logs_events_and_allow_insecure_reaches_it_by_a_public_address(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake_server_process("-v") as (process, base_url):
        # 0.0.0.0 reaches the local server, but is not a loopback address for the plaintext rule.
        public = base_url.replace("127.0.0.1", "0.0.0.0")
        chat = ["chat", "--base-url", public, "--api-key", "sk-cli-test"]
        monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
        assert main(chat) == 2
        assert "refusing to send credentials over plaintext" in capsys.readouterr().err
        monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
        assert main([*chat, "--allow-insecure"]) == 0
        assert "You said: hi" in capsys.readouterr().out
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        log = process.stderr.read()
    for line in ("-> session.created", "<- conversation.item.create", "-> response.done"):
        assert line in log
    assert "accepted WebSocket connection" in log  # connections, as before
    assert "sk-cli-test" not in log


def test_fake_server_subcommand_reports_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake-server", "--speed", "2"]) == 2
    assert "--speed needs --replay" in capsys.readouterr().err


# --- errors ---------------------------------------------------------------------------------------


def test_missing_key_for_openai(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "--base-url", "wss://api.openai.com/v1"]) == 2
    err = capsys.readouterr().err
    assert "no API key" in err
    assert "--api-key" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("url", ["ftp://example.com/v1", "not a url", "ws://:80/v1"])
def test_bad_url(capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert main(["say", "--base-url", url, str(HELLO)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("realtime-sdk: error: base_url")
    assert "Traceback" not in err


def test_missing_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", str(tmp_path / "nope.wav")]) == 2
    assert "nope.wav: no such file" in capsys.readouterr().err


def test_bad_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio at all")
    assert main(["say", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "notes.wav" in err
    assert "not a WAV file" in err


def test_empty_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.wav"
    audio.write_wav(empty, b"")
    assert main(["say", str(empty)]) == 2
    assert "holds no audio" in capsys.readouterr().err


def test_unreachable_server_fails_without_leaking_the_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"ws://127.0.0.1:{_closed_port()}/v1"
    assert main(["chat", "--base-url", url, "--api-key", "sk-very-secret"]) == 1
    err = capsys.readouterr().err
    assert "ConnectError" in err
    assert "sk-very-secret" not in err
    assert "Traceback" not in err


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["say"]) == 2
    assert main(["chat", "--dialect", "klingon"]) == 2
    assert main(["say", "--fake", "--base-url", "ws://127.0.0.1:9/v1", str(HELLO)]) == 2
    assert "cannot be used together" in capsys.readouterr().err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("chat", "say", "fake-server", "record", "replay", "events"):
        assert command in out
