"""Ephemeral client secrets over HTTPS (httpx): hand a short-lived key to a browser or phone client.

GA: `POST {base}/realtime/client_secrets` returns `{"value", "expires_at", "session"}`.
Beta: `POST {base}/realtime/sessions` returns the session with `client_secret: {"value", "expires_at"}`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import attrs
import httpx
import orjson

from ._connect import Secret, is_loopback_host, redact_url
from ._exceptions import ConfigurationError, ConnectError, RealtimeError, handshake_error
from .events._base import Model

__all__ = ["ClientSecret", "create_client_secret"]

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


def _http_base(base_url: str | None) -> str:
    url = (base_url or os.environ.get("OPENAI_BASE_URL") or _DEFAULT_REST_BASE).rstrip("/")
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https", "http": "http", "https": "https"}.get(parts.scheme)
    if scheme is None or not parts.hostname:
        raise ConfigurationError(
            f"base_url {redact_url(url)!r} must be an http(s) or ws(s) URL with a host"
        )
    return urlunsplit(parts._replace(scheme=scheme))


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
) -> ClientSecret:
    """Create an ephemeral client secret for a realtime session.

    `session` is the session configuration to bind to the secret (a `SessionConfig` model or a JSON-ready
    mapping). Errors: AuthenticationError / NotFoundError / RateLimitError / RealtimeHandshakeError for
    HTTP errors (with the server's message), ConnectError when the server cannot be reached.
    """
    key = api_key or os.environ.get("OPENAI_API_KEY")
    if not key:
        raise ConfigurationError("no API key: pass api_key= or set OPENAI_API_KEY")
    secret = Secret(key)
    base = _http_base(base_url)
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
    client = http_client or httpx.AsyncClient(timeout=timeout, follow_redirects=False)
    try:
        response = await client.post(url, content=orjson.dumps(body), headers=headers)
    except httpx.TimeoutException as exc:
        raise ConnectError(f"timed out creating a client secret at {redact_url(url)}") from exc
    except httpx.HTTPError as exc:
        raise ConnectError(f"cannot reach {redact_url(url)}: {type(exc).__name__}") from exc
    finally:
        if http_client is None:
            await client.aclose()
    if response.status_code >= 300:
        raise handshake_error(response.status_code, response.text, url=redact_url(url))
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
