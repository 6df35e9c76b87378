"""REST over httpx: ephemeral client secrets, and what every REST call shares (base URL, proxy
settings, error mapping).

GA: `POST {base}/realtime/client_secrets` returns `{"value", "expires_at", "session"}`.
Beta: `POST {base}/realtime/sessions` returns the session with `client_secret: {"value", "expires_at"}`.

httpx is imported inside the functions that send, so importing realtime_sdk does not load it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit, urlunsplit

import attrs
import orjson

from ._connect import Secret, is_loopback_host, redact_url
from ._exceptions import (
    ConfigurationError,
    ConnectError,
    ProxyError,
    RealtimeError,
    handshake_error,
)
from ._proxy import PROXY_FROM_ENV, ProxySetting, parse_proxy_url
from .events._base import Model

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ClientSecret",
    "create_client_secret",
    "http_base",
    "http_client_options",
    "map_http_error",
    "proxy_refusal",
]

_DEFAULT_REST_BASE = "https://api.openai.com/v1"


@attrs.frozen(kw_only=True)
class ClientSecret:
    """An ephemeral key: pass `value` as `api_key` to a Session (or to a browser client).

    Attributes:
        value: the secret itself (repr shows only its first characters).
        expires_at: expiry, in seconds since the epoch.
        session: the session configuration the server attached to the secret, as JSON.
    """

    value: str = attrs.field(repr=lambda v: f"'{v[:3]}***'")
    expires_at: int
    session: dict[str, Any] = attrs.field(factory=dict, repr=False)


def http_base(base_url: str | None, what: str = "base_url") -> str:
    """The REST base URL (default `https://api.openai.com/v1`), ws(s):// taken as http(s)://."""
    url = (base_url or _DEFAULT_REST_BASE).rstrip("/")
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https", "http": "http", "https": "https"}.get(parts.scheme)
    if scheme is None or not parts.hostname:
        raise ConfigurationError(
            f"{what} {redact_url(url)!r} must be an http(s) or ws(s) URL with a host"
        )
    if parts.username or parts.password:
        raise ConfigurationError(f"{what} must not embed credentials (user:password@)")
    return urlunsplit(parts._replace(scheme=scheme))


def http_client_options(timeout: float, proxy: ProxySetting) -> dict[str, Any]:
    """httpx client arguments for a `proxy=` setting: the environment's proxies (httpx's
    `trust_env`), none, or the given URL (checked here, before any I/O)."""
    options: dict[str, Any] = {"timeout": timeout, "follow_redirects": False}
    if proxy is PROXY_FROM_ENV:
        options["trust_env"] = True
    elif proxy is None:
        options["trust_env"] = False
    else:
        if parse_proxy_url(proxy).scheme.startswith("socks"):
            try:
                import socksio  # noqa: F401  (httpx's SOCKS support)
            except ImportError:
                raise ConfigurationError(
                    "a SOCKS proxy needs the optional dependency socksio: "
                    "pip install 'realtime-sdk[socks]'"
                ) from None
        options["proxy"] = proxy
        options["trust_env"] = False
    return options


def proxy_refusal(url: str) -> ProxyError:
    """A forward proxy answered 407 to a plain http:// request."""
    return ProxyError(
        f"HTTP 407 from a proxy for {redact_url(url)}: the proxy needs (other) credentials",
        status_code=407,
    )


def map_http_error(exc: Exception, url: str, action: str) -> ConnectError:
    """An httpx transport error as ours: ProxyError, or ConnectError (timeouts included)."""
    import httpx

    where = redact_url(url)
    if isinstance(exc, httpx.ProxyError):
        # httpcore's message is the proxy's status line ("407 Proxy Authentication Required").
        status = str(exc)[:3]
        return ProxyError(
            f"the proxy refused to {action} at {where}: {exc}",
            status_code=int(status) if status.isdigit() else None,
        )
    if isinstance(exc, httpx.TimeoutException):
        return ConnectError(f"timed out trying to {action} at {where}")
    return ConnectError(f"cannot reach {where} to {action}: {type(exc).__name__}")


async def create_client_secret(
    *,
    session: Model | Mapping[str, Any] | None = None,
    expires_after_seconds: int | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    dialect: Literal["ga", "beta"] = "ga",
    http_client: httpx.AsyncClient | None = None,
    timeout: float = 30.0,
    allow_insecure: bool = False,
    proxy: ProxySetting = PROXY_FROM_ENV,
) -> ClientSecret:
    """Create an ephemeral client secret for a realtime session.

    `session` is the session configuration to bind to the secret (a `SessionConfig` model or a JSON-ready
    mapping). Errors: AuthenticationError / NotFoundError / RateLimitError / RealtimeHandshakeError for
    HTTP errors (with the server's message), ConnectError when the server cannot be reached,
    ProxyError when a proxy refuses. `proxy`: a proxy URL, None for none, or by default the
    environment's (HTTPS_PROXY...), as httpx reads it; ignored when `http_client` is given.
    """
    import httpx

    key = api_key or os.environ.get("OPENAI_API_KEY")
    if not key:
        raise ConfigurationError("no API key: pass api_key= or set OPENAI_API_KEY")
    secret = Secret(key)
    options = http_client_options(timeout, proxy)
    base = http_base(base_url or os.environ.get("OPENAI_BASE_URL"))
    host = urlsplit(base).hostname or ""
    if base.startswith("http://") and not allow_insecure and not is_loopback_host(host):
        raise ConfigurationError(
            f"refusing to send the API key over plaintext http:// to {host!r}; "
            "use https:// or pass allow_insecure=True"
        )
    body: dict[str, Any] = {}
    if session is not None:
        if isinstance(session, Model):
            from ._codec import to_dict

            body = to_dict(session) if dialect == "beta" else {"session": to_dict(session)}
        else:
            body = dict(session) if dialect == "beta" else {"session": dict(session)}
    if expires_after_seconds is not None:
        if not 10 <= expires_after_seconds <= 7200:
            raise ConfigurationError("expires_after_seconds must be between 10 and 7200")
        if dialect == "beta":
            body["client_secret"] = {
                "expires_after": {"anchor": "created_at", "seconds": expires_after_seconds}
            }
        else:
            body["expires_after"] = {"anchor": "created_at", "seconds": expires_after_seconds}
    path = "/realtime/sessions" if dialect == "beta" else "/realtime/client_secrets"
    url = base + path
    headers = {
        "Authorization": f"Bearer {secret.reveal()}",
        "Content-Type": "application/json",
    }
    if dialect == "beta":
        headers["OpenAI-Beta"] = "realtime=v1"
    client = http_client or httpx.AsyncClient(**options)
    try:
        response = await client.post(url, content=orjson.dumps(body), headers=headers)
    except httpx.HTTPError as exc:
        raise map_http_error(exc, url, "create a client secret") from exc
    finally:
        if http_client is None:
            await client.aclose()
    if response.status_code == 407:
        raise proxy_refusal(url)
    if response.status_code >= 300:
        raise handshake_error(
            response.status_code, response.text, url=redact_url(url), secrets=[secret.reveal()]
        )
    try:
        data = response.json()
    except ValueError as exc:
        raise RealtimeError(f"{redact_url(url)} answered with a body that is not JSON") from exc
    return _parse_secret(data, dialect, redact_url(url))


def _parse_secret(data: Any, dialect: str, url: str) -> ClientSecret:
    if not isinstance(data, dict):
        raise RealtimeError(f"{url} answered with JSON that is not an object")
    if dialect == "beta":
        holder = data.get("client_secret")
        session = {k: v for k, v in data.items() if k != "client_secret"}
    else:
        holder = data
        found = data.get("session")
        session = found if isinstance(found, dict) else {}
    if not (
        isinstance(holder, dict)
        and isinstance(holder.get("value"), str)
        and isinstance(holder.get("expires_at"), int)
    ):
        raise RealtimeError(f"{url} answered without a client secret value and expires_at")
    return ClientSecret(value=holder["value"], expires_at=holder["expires_at"], session=session)
