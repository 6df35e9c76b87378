"""Every example runs against the built-in fake server (no network, no key) and does what it says."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from realtime_sdk import ConnectionClosed, Session, audio

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name: str) -> Any:
    """Import `examples/<name>.py` as a module (the examples are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without these variables every example talks to the in-process fake server."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_REALTIME_BASE_URL",
        "AZURE_OPENAI_ENDPOINT",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_DEPLOYMENT",
        "AZURE_OPENAI_API_VERSION",
    ):
        monkeypatch.delenv(name, raising=False)


def offline_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("OPENAI_API_KEY", None)
    return env


# --- voice_bot ------------------------------------------------------------------------------------


def test_voice_bot_writes_a_spoken_reply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reply.wav"
    assert load("voice_bot").main(["--fast", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "you: (3.1 s of speech from" in printed
    assert "assistant: It's sunny in Paris today, about 24 degrees. Enjoy your walk!" in printed
    assert re.search(r"latency: first audio \d+ ms after the end of your speech", printed)
    assert "ms after response.created" in printed
    usage = re.search(r"usage: (\d+) input tokens \((\d+) audio\), (\d+) output tokens", printed)
    assert usage is not None
    assert int(usage[2]) > 0  # the spoken question was billed as audio
    assert "cost ~$0.0" in printed
    # reply.wav: a 24 kHz mono PCM16 file holding the (non-silent) spoken answer.
    info = audio.read_wav_info(out)
    assert (info.rate, info.channels, info.sample_width) == (24000, 1, 2)
    assert f"reply: {info.frames / 24000:.1f} s of audio written to {out}" in printed
    assert info.frames > 24000
    assert max(audio.read_wav(out)) > 0


def test_voice_bot_reports_a_bad_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "question.wav"
    bad.write_bytes(b"definitely not RIFF")
    assert load("voice_bot").main([str(bad), "--fast", "--out", str(tmp_path / "r.wav")]) == 2
    assert "question.wav" in capsys.readouterr().err
    assert not (tmp_path / "r.wav").exists()


# --- text_chat ------------------------------------------------------------------------------------


def test_text_chat_with_piped_stdin() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "text_chat.py")],
        input="Hi!\n\nHow are you?\n/quit\nnever sent\n",
        capture_output=True,
        text=True,
        env=offline_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "assistant: You said: Hi!",
        "assistant: You said: How are you?",
    ]
    assert "bye! (answers: 2, tokens: " in result.stderr


# --- function_calling -----------------------------------------------------------------------------


def test_function_calling_runs_both_tools(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("function_calling").main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "you: What's the weather in Paris, in Fahrenheit?",
        'model calls get_weather({"city":"Paris"})',
        "  [tool] get_weather('Paris') -> {'temperature_c': 22.0, 'conditions': 'sunny'}",
        'model calls convert_temperature({"celsius":22,"to":"fahrenheit"})',
        "  [tool] convert_temperature(22.0, to='fahrenheit') -> 71.60",
        "assistant: It's sunny in Paris: 22 °C, which is 71.6 °F.",
        "(3 responses)",
    ]


def test_function_calling_tools_are_declared_from_their_signatures() -> None:
    example = load("function_calling")
    schema = example.convert_temperature.definition.parameters
    assert schema["properties"]["to"]["enum"] == ["fahrenheit", "kelvin"]
    assert schema["required"] == ["celsius", "to"]
    with pytest.raises(ValueError, match="no weather data for 'Atlantis'"):
        example.get_weather("Atlantis")


# --- sip_receptionist -----------------------------------------------------------------------------


def test_sip_receptionist_answers_a_call_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("sip_receptionist").main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(
        r"incoming call rtc_[0-9a-f]{32} from sip:\+4930555123@carrier\.example", lines[0]
    )
    assert lines[1:] == [
        "accepted",
        "caller: Hello, are you open on Saturday?",
        'model calls opening_hours({"day":"saturday"})',
        "  [tool] opening_hours('saturday') -> 9:00-12:00",
        "receptionist: On Saturday we're open from 9 to 12. Goodbye!",
        "hung up",
        "the fake recorded: accept, hangup (ended)",
    ]


def test_sip_receptionist_refuses_an_unsigned_webhook(capsys: pytest.CaptureFixture[str]) -> None:
    example = load("sip_receptionist")

    async def scenario() -> tuple[int, list[tuple[str, str]], bytes]:
        async with anyio.create_task_group() as tg:
            receptionist = example.Receptionist(
                calls=None,  # never reached: the webhook is refused first
                secret="whsec_" + "A" * 44,
                tasks=tg,
                model="gpt-realtime",
                realtime_base_url=None,
                api_key=None,
                caller_says=None,
            )
            return await receptionist.on_webhook(
                "POST", "/webhooks/openai", {"webhook-id": "wh_1"}, b"{}"
            )

    status, _, _ = anyio.run(scenario)
    assert status == 400
    assert "refused a webhook: missing the webhook-timestamp header" in capsys.readouterr().err


# --- interruption ---------------------------------------------------------------------------------


def test_interruption_truncates_at_the_audio_played(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("interruption").main(["--fast", "--after-ms", "1000"]) == 0
    printed = capsys.readouterr().out
    assert "[user] starts talking 1.0 s into the answer" in printed
    assert "[speaker] stopped: the user is speaking" in printed
    found = re.search(r"truncated the answer at (\d+) ms \(.* of ([\d.]+) s received\)", printed)
    assert found is not None
    truncated_ms, received_s = int(found[1]), float(found[2])
    # Cut after what the user heard before speaking, and well before the end of the answer.
    assert 1000 <= truncated_ms < received_s * 1000


# --- microphone -----------------------------------------------------------------------------------


def test_microphone_without_sounddevice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # makes `import sounddevice` fail
    assert load("microphone").main([]) == 1
    err = capsys.readouterr().err
    assert "needs the sounddevice package" in err
    assert "pip install 'realtime-sdk[microphone]'" in err


def test_microphone_without_a_device(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = types.ModuleType("sounddevice")

    class PortAudioError(Exception):
        pass

    def query_devices(kind: str | None = None) -> Any:
        raise PortAudioError("Error querying device -1")

    fake.PortAudioError = PortAudioError  # type: ignore[attr-defined]
    fake.query_devices = query_devices  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    assert load("microphone").main([]) == 1
    assert "no usable audio device: Error querying device -1" in capsys.readouterr().err


# --- azure ----------------------------------------------------------------------------------------


def test_azure_against_the_fake_server(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("azure").main([]) == 0
    printed = capsys.readouterr().out
    assert "the fake Azure saw: /openai/v1/realtime?model=gpt-realtime" in printed
    assert "authenticated with the api-key header: True" in printed
    assert "assistant: You said: Say hello from Azure in five words." in printed
    assert "fake-azure-key" not in printed  # the key is never shown


def test_azure_preview_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    example = load("azure")
    args = ["--api-version", "2025-04-01-preview", "--deployment", "my-rt", "Hi"]
    assert example.main(args) == 0
    printed = capsys.readouterr().out
    assert "saw: /openai/realtime?api-version=2025-04-01-preview&deployment=my-rt" in printed


# --- ephemeral_token_server -----------------------------------------------------------------------


@pytest.fixture
def token_server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "ephemeral_token_server.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=offline_env(),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("serving client secrets at http://127.0.0.1:"), line
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_ephemeral_token_server_hands_out_secrets(token_server: str) -> None:
    with httpx.Client(trust_env=False, timeout=30) as client:
        first = client.post(token_server)
        second = client.get(token_server)
        missing = client.post(token_server.replace("/session", "/other"))
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-store"
    body = first.json()
    assert body["value"].startswith("ek_stub_")
    assert time.time() < body["expires_at"] <= time.time() + 600 + 5
    assert body["session"]["model"] == "gpt-realtime"
    assert body["session"]["audio"]["output"]["voice"] == "marin"
    assert second.status_code == 200
    assert second.json()["value"] != body["value"]  # a new secret per request
    assert missing.status_code == 404


# --- metering_relay -------------------------------------------------------------------------------


def test_metering_relay_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("metering_relay").main([]) == 0
    printed = capsys.readouterr().out
    assert "[client] you: Hello relay! / assistant: You said: Hello relay!" in printed
    totals = re.search(
        r"connection 1 \(gpt-realtime\) closed: 2 responses, (\d+) tokens \((\d+) in, (\d+) out\)"
        r".*relayed (\d+) messages \((\d+) bytes\) up, (\d+) messages \((\d+) bytes\) down",
        printed,
    )
    assert totals is not None
    assert int(totals[1]) == int(totals[2]) + int(totals[3]) > 0
    up_bytes, down_bytes = totals[5], totals[7]
    assert (
        f"the client sent {up_bytes} bytes and received {down_bytes} bytes: "
        "byte for byte what the relay forwarded"
    ) in printed


@pytest.mark.anyio
async def test_metering_relay_passes_the_client_credentials_upstream() -> None:
    from realtime_sdk._transports import serve_websocket
    from realtime_sdk.testing import FakeRealtimeServer

    example = load("metering_relay")
    async with FakeRealtimeServer(api_key="sk-right") as upstream:
        relay = example.Relay(f"ws://127.0.0.1:{upstream.port}")
        async with serve_websocket(relay.handle) as server:
            base_url = f"{server.url}/v1"
            async with Session("gpt-realtime-mini", base_url=base_url, api_key="sk-right"):
                pass
            assert upstream.connections[0].query == {"model": "gpt-realtime-mini"}
            with pytest.raises(ConnectionClosed):  # upstream says 401: the relay closes on us
                async with Session("gpt-realtime", base_url=base_url, api_key="sk-wrong"):
                    pass
            assert len(upstream.connections) == 1
    assert [c.model for c in relay.recent] == ["gpt-realtime-mini", "gpt-realtime"]


# --- long_call ------------------------------------------------------------------------------------


def test_long_call_keeps_talking_across_two_rotations(capsys: pytest.CaptureFixture[str]) -> None:
    assert load("long_call").main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    notices = [line for line in lines if line.startswith("-- session resumed")]
    assert len(notices) == 2
    assert all("(rotation)" in line and "0 dropped" in line for line in notices)
    turns = [line for line in lines if line.startswith("you: ")]
    answers = [line for line in lines if line.startswith("assistant: ")]
    assert len(answers) == len(turns) >= 3  # every turn answered, before and after each rotation
    assert answers[-1] == f"assistant: You said: This is turn {len(turns)}."
    first = lines.index(notices[0])
    assert any(line.startswith("assistant: ") for line in lines[first : lines.index(notices[1])])
    assert (
        f"{len(turns)} turns, 2 rotation(s); the conversation holds {2 * len(turns)} items"
        in (lines[-2])
    )
    assert lines[-1] == "connections: 3"
