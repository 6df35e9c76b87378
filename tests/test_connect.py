"""URLs, headers and credential rules for OpenAI, Azure and custom servers (pure, no I/O)."""

from __future__ import annotations

import anyio.lowlevel
import pytest

from realtime_sdk._connect import Secret, is_loopback_host, redact_url, resolve_endpoint
from realtime_sdk._exceptions import ConfigurationError

NO_ENV: dict[str, str] = {}


def headers_of(target: object) -> dict[str, str]:
    return dict(target.headers)  # type: ignore[attr-defined]


def test_openai_default_url_and_headers() -> None:
    t = resolve_endpoint(
        model="gpt-realtime",
        api_key="sk-test-123",
        organization="org-1",
        project="proj-1",
        environ=NO_ENV,
    )
    assert t.url == "wss://api.openai.com/v1/realtime?model=gpt-realtime"
    h = headers_of(t)
    assert h["Authorization"] == "Bearer sk-test-123"
    assert h["OpenAI-Organization"] == "org-1"
    assert h["OpenAI-Project"] == "proj-1"
    assert "OpenAI-Beta" not in h
    assert t.secure


def test_api_key_from_environment() -> None:
    t = resolve_endpoint(model="m", environ={"OPENAI_API_KEY": "sk-env"})
    assert headers_of(t)["Authorization"] == "Bearer sk-env"


def test_missing_key_for_openai_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        resolve_endpoint(model="m", environ=NO_ENV)


def test_custom_server_needs_no_key() -> None:
    t = resolve_endpoint(model="m", base_url="http://127.0.0.1:8765/v1", environ=NO_ENV)
    assert t.url == "ws://127.0.0.1:8765/v1/realtime?model=m"
    assert "Authorization" not in headers_of(t)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://gw.example.com/v1/", "wss://gw.example.com/v1/realtime?model=m"),
        ("wss://gw.example.com", "wss://gw.example.com/realtime?model=m"),
        ("http://localhost:9000/api", "ws://localhost:9000/api/realtime?model=m"),
    ],
)
def test_base_url_schemes(base: str, expected: str) -> None:
    assert resolve_endpoint(model="m", base_url=base, api_key="k", environ=NO_ENV).url == expected


def test_beta_dialect_header_and_translation_path() -> None:
    beta = resolve_endpoint(model="m", api_key="k", dialect="beta", environ=NO_ENV)
    assert headers_of(beta)["OpenAI-Beta"] == "realtime=v1"
    tr = resolve_endpoint(model="gpt-realtime-translate", api_key="k", dialect="translation")
    assert tr.url.startswith("wss://api.openai.com/v1/realtime/translations?model=")


def test_call_id_attaches_instead_of_model() -> None:
    t = resolve_endpoint(model="m", api_key="k", call_id="rtc_123", environ=NO_ENV)
    assert t.url == "wss://api.openai.com/v1/realtime?call_id=rtc_123"


def test_extra_headers_and_query_parameters() -> None:
    t = resolve_endpoint(
        model="m",
        api_key="k",
        headers={"X-Trace": "abc", "user-agent": "mine/1"},
        query={"region": "eu"},
        environ=NO_ENV,
    )
    h = headers_of(t)
    assert h["X-Trace"] == "abc"
    assert h["user-agent"] == "mine/1"
    assert "User-Agent" not in h
    assert t.url.endswith("?model=m&region=eu")


def test_azure_ga_path_with_api_key_header() -> None:
    t = resolve_endpoint(
        model=None,
        azure_endpoint="https://res.openai.azure.com",
        azure_deployment="my-rt",
        api_key="az-key",
        environ=NO_ENV,
    )
    assert t.url == "wss://res.openai.azure.com/openai/v1/realtime?model=my-rt"
    h = headers_of(t)
    assert h["api-key"] == "az-key"
    assert "Authorization" not in h


def test_azure_preview_path_with_token_provider() -> None:
    def provider() -> str:
        return "entra-token"

    t = resolve_endpoint(
        model=None,
        azure_endpoint="https://res.openai.azure.com/",
        azure_deployment="dep",
        api_version="2024-10-01-preview",
        token_provider=provider,
        environ=NO_ENV,
    )
    assert t.url == (
        "wss://res.openai.azure.com/openai/realtime?api-version=2024-10-01-preview&deployment=dep"
    )
    assert t.bearer_provider is provider
    assert "api-key" not in headers_of(t)


def test_azure_without_credentials() -> None:
    with pytest.raises(ConfigurationError, match="Azure credential"):
        resolve_endpoint(model="d", azure_endpoint="https://x.openai.azure.com", environ=NO_ENV)


def test_plaintext_credentials_to_remote_host_refused() -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure") as info:
        resolve_endpoint(model="m", base_url="ws://gw.example.com", api_key="sk-secret")
    assert "sk-secret" not in str(info.value)
    ok = resolve_endpoint(
        model="m", base_url="ws://gw.example.com", api_key="sk-secret", allow_insecure=True
    )
    assert not ok.secure


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "example.com", "192.168.1.1", "0.0.0.0"])
def test_non_loopback_hosts(host: str) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://host/v1", "must start with"),
        ("wss://", "has no host"),
        ("", "non-empty"),
        ("wss://user:pw@host/v1", "must not embed credentials"),
        ("wss://host:notaport/v1", "invalid port"),
    ],
)
def test_bad_urls(url: str, fragment: str) -> None:
    with pytest.raises(ConfigurationError, match=fragment):
        resolve_endpoint(model="m", base_url=url, api_key="k")


def test_bad_dialect() -> None:
    with pytest.raises(ConfigurationError, match="dialect"):
        resolve_endpoint(model="m", api_key="k", dialect="v2")


def test_secrets_never_shown() -> None:
    s = Secret("sk-very-secret")
    assert "sk-very-secret" not in repr(s)
    assert "sk-very-secret" not in str(s)
    t = resolve_endpoint(model="m", api_key="sk-very-secret", environ=NO_ENV)
    assert "sk-very-secret" not in repr(t)


def test_redact_url_hides_credential_like_query_values() -> None:
    assert redact_url("wss://h/r?model=m&api-key=abc&token=xyz") == (
        "wss://h/r?model=m&api-key=***&token=***"
    )


def test_credentials_in_custom_headers_or_query_count_for_the_plaintext_rule() -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure"):
        resolve_endpoint(
            model="m", base_url="ws://gw.example.com", headers={"Authorization": "Bearer t"}
        )
    with pytest.raises(ConfigurationError, match="allow_insecure"):
        resolve_endpoint(model="m", base_url="ws://gw.example.com", query={"api-key": "k"})


def test_base_url_query_is_kept_and_userinfo_never_shown() -> None:
    t = resolve_endpoint(model="m", base_url="wss://gw.example.com/v1?tenant=7", api_key="k")
    assert t.url == "wss://gw.example.com/v1/realtime?tenant=7&model=m"
    with pytest.raises(ConfigurationError) as info:
        resolve_endpoint(model="m", base_url="wss://user:sk-SECRET@host:99999/v1", api_key="k")
    assert "sk-SECRET" not in str(info.value)
    assert "sk-SECRET" not in redact_url("wss://user:sk-SECRET@host/v1")
    t = resolve_endpoint(
        model="m", base_url="wss://h/v1", api_key="k", query={"token": "v4lue-SECRET"}
    )
    assert "v4lue-SECRET" not in repr(t)


# --- credentials minted per connection ---------------------------------------------------------


@pytest.mark.anyio
async def test_api_key_callable_is_called_for_every_connection() -> None:
    from realtime_sdk._connect import credential_headers

    minted = iter(["ek_first", "ek_second"])
    t = resolve_endpoint(model="m", api_key=lambda: next(minted), environ=NO_ENV)
    assert "Authorization" not in headers_of(t)  # nothing minted before a connection
    assert "ek_" not in repr(t)
    assert dict(await credential_headers(t))["Authorization"] == "Bearer ek_first"
    assert dict(await credential_headers(t))["Authorization"] == "Bearer ek_second"


@pytest.mark.anyio
async def test_async_api_key_callable_for_azure_goes_in_api_key() -> None:
    from realtime_sdk._connect import credential_headers

    async def mint() -> str:
        await anyio.lowlevel.checkpoint()
        return "azure-key-0"

    t = resolve_endpoint(
        model=None, azure_endpoint="https://res.openai.azure.com", azure_deployment="d",
        api_key=mint, environ=NO_ENV,
    )  # fmt: skip
    headers = dict(await credential_headers(t))
    assert headers["api-key"] == "azure-key-0"
    assert "Authorization" not in headers


@pytest.mark.anyio
async def test_token_provider_replaces_any_other_authorization() -> None:
    from realtime_sdk._connect import credential_headers

    t = resolve_endpoint(
        model="m", api_key="sk-fixed", token_provider=lambda: "tok", environ=NO_ENV
    )
    auth = [v for k, v in await credential_headers(t) if k.lower() == "authorization"]
    assert auth == ["Bearer tok"]


@pytest.mark.anyio
async def test_credential_callable_returning_nothing_is_a_clear_error() -> None:
    from realtime_sdk._connect import credential_headers

    t = resolve_endpoint(model="m", api_key=lambda: None, environ=NO_ENV)  # type: ignore[arg-type,return-value]
    with pytest.raises(ConfigurationError, match="api_key callable must return a non-empty"):
        await credential_headers(t)
    with pytest.raises(ConfigurationError, match="api_key must be a string or a callable"):
        resolve_endpoint(model="m", api_key=42, environ=NO_ENV)  # type: ignore[arg-type]
