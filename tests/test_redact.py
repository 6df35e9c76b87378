"""One secret rule: masking by value and by pattern, in debug logs, URLs and server text in errors."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from websockets.http11 import Request, Response

import realtime_sdk as rt
from realtime_sdk._connect import resolve_endpoint
from realtime_sdk._exceptions import ConnectionClosedError, handshake_error
from realtime_sdk._redact import is_secret_name, redact, redact_url, secret_values
from realtime_sdk._rest import create_client_secret
from realtime_sdk._transports import (
    WebSocketTransport,
    connect_websocket,
    http_response,
    serve_websocket,
)
from realtime_sdk.events import ErrorEvent
from realtime_sdk.events._common import ErrorDetails

KEY = "sk-proj-4b8c1d2e3f4a5b6c7d8e"


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "api-key",
        "X-Api-Key",
        "X-Auth-Token",
        "access_token",
        "client_secret",
        "sig",
        "Cookie",
        "Sec-WebSocket-Protocol",
    ],
)
def test_credential_names_are_secret(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name", ["model", "OpenAI-Beta", "User-Agent", "deployment", "api-version"]
)
def test_ordinary_names_are_not_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_known_values_are_masked_wherever_they_appear() -> None:
    values = secret_values(
        [("X-Auth-Token", "gw-T0KEN-77"), ("Authorization", f"Bearer {KEY}"), ("Model", "m")],
        "wss://h/v1?model=m&api-key=QUERY-VAL-1",
    )
    assert {"gw-T0KEN-77", KEY, "QUERY-VAL-1"} <= values
    assert "m" not in values
    text = "unknown token gw-T0KEN-77 / key QUERY-VAL-1 / sk part " + KEY[:12]
    masked = redact(text, values)
    for secret in ("gw-T0KEN-77", "QUERY-VAL-1"):
        assert secret not in masked
    assert masked.startswith("unknown token *** / key ***")


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        (f"Incorrect API key provided: Bearer {KEY}", KEY),
        (f"Incorrect API key provided: {KEY}.", KEY[3:]),
        ("GET /v1/realtime?model=m&api-key=QUERY-SECRET HTTP/1.1", "QUERY-SECRET"),
        ("> X-Auth-Token: hdr-SECRET-value", "hdr-SECRET-value"),
        ('{"client_secret": "ek_68af2b3c4d5e"}', "68af2b3c4d5e"),
        ("wss://user:pa55word@host/v1", "pa55word"),
        ("Sec-WebSocket-Protocol: realtime, openai-insecure-api-key.abc-SECRET", "abc-SECRET"),
    ],
)
def test_credential_shapes_are_masked_without_knowing_the_value(text: str, leak: str) -> None:
    assert leak not in redact(text)
    assert "***" in redact(text)


def test_ordinary_text_is_unchanged() -> None:
    text = "GET /v1/realtime?model=gpt-realtime HTTP/1.1 -- Upgrade: websocket"
    assert redact(text) == text


def test_redact_url_masks_query_credentials_and_user_info() -> None:
    url = "wss://u:pw@h/r?model=m&X-Auth-Token=abc&api-key=def"
    assert redact_url(url) == "wss://***@h/r?model=m&X-Auth-Token=***&api-key=***"


def test_custom_credential_header_counts_for_the_plaintext_rule() -> None:
    with pytest.raises(rt.ConfigurationError, match="allow_insecure"):
        resolve_endpoint(
            model="m", base_url="ws://gw.example.com", headers={"X-Auth-Token": "secret-token"}
        )


# --- the transport's debug log ---------------------------------------------------------------------


async def echo(ws: WebSocketTransport[object]) -> None:  # type: ignore[type-var]
    while True:
        await ws.send_text(await ws.receive_text())


@pytest.mark.anyio
async def test_debug_log_masks_every_credential_the_connection_sends(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever websockets' version and log wording (this runs on 14 to 17 in CI's matrix)."""
    caplog.set_level(logging.DEBUG)
    headers = {
        "Authorization": f"Bearer {KEY}",
        "X-Auth-Token": "custom-HEADER-secret",
        "X-Tenant": "tenant-7",
    }
    async with (
        serve_websocket(echo) as server,
        connect_websocket(
            server.url + "/v1?model=m&api-key=QUERY-SECRET", headers=headers, ping_interval=None
        ) as ws,
    ):
        await ws.send_text("hi")
        assert await ws.receive_text() == "hi"
    assert "tenant-7" in caplog.text  # the handshake is logged, only credentials are masked
    assert "model=m" in caplog.text
    for secret in (KEY, KEY[3:], "custom-HEADER-secret", "QUERY-SECRET"):
        assert secret not in caplog.text


# --- server text in exceptions ---------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_gateway_echoing_the_key_in_its_401_body_does_not_leak_it(
    anyio_backend: str,
) -> None:
    def refuse(request: Request) -> Response:
        sent = (
            request.headers.get("Authorization", "") + " " + request.headers.get("X-Auth-Token", "")
        )
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {sent}"}})
        return http_response(401, body, content_type="application/json")

    async with serve_websocket(echo, process_request=refuse) as server:
        with pytest.raises(rt.AuthenticationError) as info:
            async with rt.Session(
                model="m",
                base_url=server.url,
                api_key=KEY,
                headers={"X-Auth-Token": "plain-gw-token"},
            ):
                pass
    error = info.value
    assert "Incorrect API key provided" in str(error)
    for shown in (str(error), repr(error), error.body, error.server_message):
        assert KEY[3:] not in shown
        assert "plain-gw-token" not in shown


def test_handshake_error_masks_values_it_is_told_about() -> None:
    error = handshake_error(403, "token r4w-v4lue rejected", secrets=["r4w-v4lue"])
    assert "r4w-v4lue" not in str(error)
    assert "token *** rejected" in str(error)


@pytest.mark.anyio
async def test_rest_401_echoing_the_key_does_not_leak_it() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"message": f"bad key {KEY} for org"}})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with client:
        with pytest.raises(rt.AuthenticationError) as info:
            await create_client_secret(api_key=KEY, http_client=client)
    assert KEY[3:] not in str(info.value)
    assert "bad key" in str(info.value)


def test_server_error_event_and_close_reason_are_masked() -> None:
    event = ErrorEvent(
        event_id="e1",
        error=ErrorDetails(type="invalid_request_error", message=f"key Bearer {KEY} is revoked"),
    )
    assert KEY[3:] not in str(rt.ServerError(event))
    assert "is revoked" in str(rt.ServerError(event))
    closed = ConnectionClosedError(4001, f"bad api-key={KEY}")
    assert KEY[3:] not in str(closed)
