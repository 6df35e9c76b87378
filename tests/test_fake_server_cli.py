"""`python -m realtime_sdk.testing serve`: run by hand, in a subprocess, and its argument errors."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import anyio.abc
import orjson
import pytest
from anyio.streams.buffered import BufferedByteReceiveStream

from realtime_sdk._exceptions import AuthenticationError
from realtime_sdk._transports import connect_websocket
from realtime_sdk.testing import Recorder
from realtime_sdk.testing._cli import main

COMMAND = [sys.executable, "-m", "realtime_sdk.testing", "serve"]


@asynccontextmanager
async def serving(
    *args: str, last: str = "base_url"
) -> AsyncIterator[tuple[anyio.abc.Process, dict[str, str]]]:
    """Start the server in a subprocess; yield it and the `key: value` lines it printed, up to
    the `last` one."""
    process = await anyio.open_process([*COMMAND, *args])
    try:
        assert process.stdout is not None
        stdout = BufferedByteReceiveStream(process.stdout)
        printed: dict[str, str] = {}
        with anyio.fail_after(30):
            while last not in printed:
                line = (await stdout.receive_until(b"\n", 4096)).decode()
                key, _, value = line.partition(": ")
                printed[key] = value.strip()
        yield process, printed
    finally:
        if process.returncode is None:
            process.kill()
        with anyio.CancelScope(shield=True):
            await process.aclose()


async def stderr_of(process: anyio.abc.Process) -> str:
    assert process.stderr is not None
    chunks = []
    with anyio.fail_after(10):
        async for chunk in process.stderr:
            chunks.append(chunk)
    return b"".join(chunks).decode()


@pytest.mark.anyio
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_serve_prints_its_urls_and_exits_cleanly_on_a_signal(
    anyio_backend: str, stop: signal.Signals
) -> None:
    async with serving("--port", "0", "--api-key", "sk-cli") as (process, printed):
        url, base_url = printed["url"], printed["base_url"]
        assert url.startswith("ws://127.0.0.1:")
        assert url == base_url + "/realtime"
        assert base_url.endswith("/v1")
        assert ":0/" not in url  # the real port, not the 0 asked for
        with pytest.raises(AuthenticationError):
            async with connect_websocket(url):
                pass
        async with connect_websocket(url, headers={"Authorization": "Bearer sk-cli"}) as ws:
            with anyio.fail_after(10):
                created = orjson.loads(await ws.receive_text())
        assert created["type"] == "session.created"
        process.send_signal(stop)
        with anyio.fail_after(10):
            code = await process.wait()
        errors = await stderr_of(process)
    assert code == 0
    assert f"stopping ({stop.name})" in errors
    assert "sk-cli" not in errors
    assert "Traceback" not in errors


@pytest.mark.anyio
async def test_serve_replays_a_recording(anyio_backend: str, tmp_path: Path) -> None:
    path = tmp_path / "rec.jsonl"
    created = '{"type":"session.created","event_id":"event_recorded","session":{}}'
    with Recorder(path) as recorder:
        recorder.record("server", created)
        recorder.record("client", '{"type":"response.create"}')
        recorder.record("server", '{"type":"response.done","event_id":"event_2"}')
    async with serving("--port", "0", "--replay", str(path), "--dialect", "ga") as (process, p):
        async with connect_websocket(p["url"]) as ws:
            with anyio.fail_after(10):
                assert await ws.receive_text() == created
                await ws.send_text('{"type":"conversation.item.create"}')
                error = orjson.loads(await ws.receive_text())
                done = orjson.loads(await ws.receive_text())
        process.terminate()
        with anyio.fail_after(10):
            assert await process.wait() == 0
    assert error["error"]["code"] == "replay_mismatch"
    assert done["event_id"] == "event_2"


def test_help_describes_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for text in ("--port", "--api-key", "--dialect {ga,beta}", "--replay", "base_url:", "SIGTERM"):
        assert text in out
    assert main(["--help"]) == 0
    assert "serve" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required: COMMAND"),
        (["listen"], "invalid choice: 'listen'"),
        (["serve", "--port", "http"], "not a port number: 'http'"),
        (["serve", "--port", "70000"], "port must be between 0 and 65535"),
        (["serve", "--dialect", "v2"], "invalid choice: 'v2'"),
        (["serve", "--strictness", "exact"], "--strictness needs --replay"),
        (["serve", "--replay", "x.jsonl", "--speed", "0"], "must be a positive number"),
        (["serve", "--replay", "/nonexistent/x.jsonl"], "--replay: cannot open recording"),
        (["serve", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_exit_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "usage:" in captured.err
    assert captured.out == ""


def test_an_invalid_recording_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("hello\n")
    assert main(["serve", "--replay", str(path)]) == 2
    assert "line 1: not JSON" in capsys.readouterr().err


def test_a_port_in_use_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    assert f"error: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_exit_status_of_the_real_command() -> None:
    result = subprocess.run(
        [*COMMAND, "--port", "-1"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "port must be between 0 and 65535" in result.stderr


@pytest.mark.anyio
async def test_serve_tls_prints_the_ca_to_trust(anyio_backend: str) -> None:
    pytest.importorskip("trustme")
    import ssl

    async with serving("--port", "0", "--tls", last="ca") as (process, printed):
        assert printed["url"].startswith("wss://127.0.0.1:")
        ca = anyio.Path(printed["ca"])
        context = ssl.create_default_context(cadata=await ca.read_text())
        async with connect_websocket(printed["url"], ssl_context=context) as ws:
            assert orjson.loads(await ws.receive_text())["type"] == "session.created"
        process.send_signal(signal.SIGTERM)
        with anyio.fail_after(30):
            assert await process.wait() == 0
    assert not await ca.exists()  # removed when the server stopped


def test_tls_with_replay_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--replay", "x.jsonl", "--tls"]) == 2
    assert "--tls" in capsys.readouterr().err
