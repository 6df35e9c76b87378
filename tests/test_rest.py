"""Ephemeral client secrets over httpx, against httpx.MockTransport."""

from __future__ import annotations

import json

import httpx
import pytest

from realtime_sdk._exceptions import (
    AuthenticationError,
    ConfigurationError,
    ConnectError,
    RateLimitError,
    RealtimeError,
)
from realtime_sdk._rest import create_client_secret

pytestmark = pytest.mark.anyio


def client_for(handler: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


async def test_ga_client_secret_request_and_response() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "value": "ek_abc123",
                "expires_at": 1756310470,
                "session": {"type": "realtime", "model": "gpt-realtime"},
            },
        )

    async with client_for(handler) as client:
        secret = await create_client_secret(
            api_key="sk-main",
            session={"type": "realtime", "model": "gpt-realtime"},
            expires_after_seconds=600,
            http_client=client,
        )
    assert secret.value == "ek_abc123"
    assert secret.expires_at == 1756310470
    assert secret.session["model"] == "gpt-realtime"
    assert "ek_abc123" not in repr(secret)
    (request,) = seen
    assert str(request.url) == "https://api.openai.com/v1/realtime/client_secrets"
    assert request.headers["authorization"] == "Bearer sk-main"
    assert json.loads(request.content) == {
        "session": {"type": "realtime", "model": "gpt-realtime"},
        "expires_after": {"anchor": "created_at", "seconds": 600},
    }


async def test_beta_sessions_endpoint() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/realtime/sessions"
        assert request.headers["openai-beta"] == "realtime=v1"
        return httpx.Response(
            200,
            json={
                "id": "sess_1",
                "model": "gpt-4o-realtime-preview",
                "client_secret": {"value": "ek_beta", "expires_at": 1700000000},
            },
        )

    async with client_for(handler) as client:
        secret = await create_client_secret(
            api_key="sk", dialect="beta", session={"model": "m"}, http_client=client
        )
    assert secret.value == "ek_beta"
    assert secret.session["id"] == "sess_1"


@pytest.mark.parametrize(("status", "exc"), [(401, AuthenticationError), (429, RateLimitError)])
async def test_http_errors_are_typed(status: int, exc: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": {"message": "nope, really"}})

    async with client_for(handler) as client:
        with pytest.raises(exc, match="nope, really") as info:
            await create_client_secret(api_key="sk-hidden", http_client=client)
    assert "sk-hidden" not in str(info.value)
    assert info.value.status_code == status  # type: ignore[attr-defined]


async def test_unreachable_server_is_connect_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    async with client_for(handler) as client:
        with pytest.raises(ConnectError):
            await create_client_secret(api_key="sk", http_client=client)


async def test_malformed_answer() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"unexpected": True})

    async with client_for(handler) as client:
        with pytest.raises(RealtimeError, match="without a client secret"):
            await create_client_secret(api_key="sk", http_client=client)


async def test_argument_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        await create_client_secret()
    with pytest.raises(ConfigurationError, match="between 10 and 7200"):
        await create_client_secret(api_key="sk", expires_after_seconds=5)
    with pytest.raises(ConfigurationError, match="plaintext"):
        await create_client_secret(api_key="sk", base_url="http://gw.example.com/v1")
