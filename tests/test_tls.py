"""wss:// over real TLS on loopback (a throwaway CA from trustme): verification on by default,
an ssl_context to trust another CA, and a Session over TLS, on asyncio and trio."""

from __future__ import annotations

import json
import ssl
from typing import Any

import pytest

import realtime_sdk as rt
from realtime_sdk._transports import WebSocketTransport, connect_websocket, serve_websocket

trustme = pytest.importorskip("trustme")

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def ca() -> Any:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_context(ca: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def client_context(ca: Any) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


async def realtime_server(ws: WebSocketTransport[Any]) -> None:
    created = {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}}
    await ws.send_text(json.dumps(created))
    while True:
        text = json.loads(await ws.receive_text())
        if text["type"] == "session.update":
            updated = {"type": "session.updated", "event_id": "e2", "session": text["session"]}
            await ws.send_text(json.dumps(updated))


async def test_wss_round_trip_with_a_trusted_ca(
    server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    async def echo(ws: WebSocketTransport[Any]) -> None:
        await ws.send_text("echo:" + await ws.receive_text())

    async with serve_websocket(echo, "localhost", ssl_context=server_context) as server:
        assert server.url.startswith("wss://localhost:")
        async with connect_websocket(server.url, ssl_context=client_context) as ws:
            await ws.send_text("over tls")
            assert await ws.receive_text() == "echo:over tls"


async def test_certificate_verification_is_on_by_default(
    server_context: ssl.SSLContext, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve_websocket(realtime_server, "localhost", ssl_context=server_context) as server:
        # The system trust store does not know the test CA: the connection is refused.
        with pytest.raises(rt.ConnectError, match=r"(?i)certificate"):
            async with rt.Session(model="m", base_url=server.url, api_key="sk-secret-tls"):
                pass
    assert "sk-secret-tls" not in caplog.text


async def test_session_over_tls_sends_credentials_to_a_remote_style_host(
    server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    async with serve_websocket(realtime_server, "localhost", ssl_context=server_context) as server:
        async with rt.Session(
            model="m", base_url=server.url, api_key="sk-tls", ssl_context=client_context
        ) as session:
            updated = await session.update_session(instructions="over TLS", wait=True)
            assert updated is not None
            assert updated.type == "session.updated"
