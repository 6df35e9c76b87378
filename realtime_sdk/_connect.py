"""Where to connect and how to authenticate: URLs and headers for OpenAI, Azure OpenAI and other servers.

Pure functions, no I/O: `resolve_endpoint(...)` turns the Session's arguments into a `ConnectionTarget`
(URL + headers), checked before any socket is opened. Credentials are held by `Secret`, whose repr never
shows them, and are never sent in clear text to a host that is not loopback unless the caller opts in.
"""

from __future__ import annotations

import inspect
import ipaddress
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import attrs

from ._exceptions import ConfigurationError
from ._redact import is_secret_name, redact_url

if TYPE_CHECKING:  # the dialect table loads the event models; the connection needs only the name
    from .events._dialects import Dialect

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiKeyProvider",
    "ConnectionTarget",
    "Secret",
    "TokenProvider",
    "is_loopback_host",
    "redact_url",
    "credential_headers",
    "resolve_endpoint",
]

DEFAULT_BASE_URL = "wss://api.openai.com/v1"
USER_AGENT = "realtime-sdk/0.1"

TokenProvider = Callable[[], str | Awaitable[str]]
"""A sync or async callable returning a bearer token (for example an Entra ID token for Azure)."""

ApiKeyProvider = Callable[[], str | Awaitable[str]]
"""A sync or async callable returning an API key, called for every connection (so each one can use
a freshly minted ephemeral key)."""


class Secret:
    """A credential that never shows itself in a repr, str, log line or exception message."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise ConfigurationError(f"a credential must be a string, got {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The credential itself: only for putting it in a request header."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


@attrs.frozen(kw_only=True)
class ConnectionTarget:
    """A resolved WebSocket endpoint: URL, headers (credentials included) and its safe description."""

    url: str = attrs.field(repr=lambda url: repr(redact_url(url)))
    headers: tuple[tuple[str, str], ...] = attrs.field(repr=False)
    secure: bool
    dialect: Dialect
    bearer_provider: TokenProvider | None = attrs.field(default=None, repr=False)
    key_provider: ApiKeyProvider | None = attrs.field(default=None, repr=False)
    key_header: Literal["authorization", "api-key"] = "authorization"

    @property
    def safe_url(self) -> str:
        """The URL with credential-like query values replaced by `***`, for logs and errors."""
        return redact_url(self.url)


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ws_base(url: str, what: str) -> tuple[str, str, str, str]:
    """Validate a base URL; return (ws scheme, netloc, path without trailing slash, query)."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(f"{what} must be a non-empty URL string, got {url!r}")
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise ConfigurationError(f"{what} {redact_url(url)!r} is not a valid URL: {exc}") from None
    scheme = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}.get(parts.scheme.lower())
    if scheme is None:
        raise ConfigurationError(
            f"{what} {redact_url(url)!r} must start with ws://, wss://, http:// or https://"
        )
    if not parts.hostname:
        raise ConfigurationError(f"{what} {redact_url(url)!r} has no host")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ConfigurationError(f"{what} {redact_url(url)!r} has an invalid port") from exc
    if parts.username or parts.password:
        raise ConfigurationError(
            f"{what} must not embed credentials (user:password@); pass api_key instead"
        )
    return scheme, parts.netloc, parts.path.rstrip("/"), parts.query


def resolve_endpoint(
    *,
    model: str | None,
    dialect: Dialect = "ga",
    api_key: str | Secret | ApiKeyProvider | None = None,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    call_id: str | None = None,
    azure_endpoint: str | None = None,
    azure_deployment: str | None = None,
    api_version: str | None = None,
    token_provider: TokenProvider | None = None,
    allow_insecure: bool = False,
    environ: Mapping[str, str] | None = None,
) -> ConnectionTarget:
    """Build the WebSocket URL and headers for a session; raise ConfigurationError on bad input.

    * OpenAI (default): `{base_url}/realtime?model=...`, `Authorization: Bearer <key>`; the key defaults to
      `OPENAI_API_KEY`. `call_id` attaches to an existing WebRTC/SIP call instead of naming a model.
    * Azure OpenAI (`azure_endpoint`): `{endpoint}/openai/v1/realtime?model=<deployment>` (GA), or with
      `api_version` the preview path `{endpoint}/openai/realtime?api-version=...&deployment=...`; the key goes
      in `api-key`, or a token from `token_provider` in `Authorization: Bearer`. With `call_id`:
      `{endpoint}/openai/v1/realtime?call_id=...` (a sideband connection to a SIP or WebRTC call).
    * dialect "beta" adds `OpenAI-Beta: realtime=v1`; "translation" uses `/realtime/translations`.
    * `api_key` may be a sync or async callable: it is called for every connection
      (`credential_headers`), and its key goes where a fixed key would.
    """
    if dialect not in ("ga", "beta", "translation"):
        raise ConfigurationError(f"dialect must be 'ga', 'beta' or 'translation', got {dialect!r}")
    env = os.environ if environ is None else environ
    out_headers: list[tuple[str, str]] = [("User-Agent", USER_AGENT)]
    query_items: list[tuple[str, str]] = []
    key_provider: ApiKeyProvider | None = None
    if isinstance(api_key, str):
        secret: Secret | None = Secret(api_key)
    elif api_key is None or isinstance(api_key, Secret):
        secret = api_key
    elif callable(api_key):
        secret, key_provider = None, api_key
    else:
        raise ConfigurationError(
            f"api_key must be a string or a callable returning one, got {type(api_key).__name__}"
        )

    if azure_endpoint is not None:
        scheme, netloc, path, base_query = _ws_base(azure_endpoint, "azure_endpoint")
        deployment = azure_deployment or model
        if call_id is not None:
            # A sideband connection to a SIP or WebRTC call: GA v1 only, no deployment
            # ("Use the GPT Realtime API via SIP", Microsoft Foundry: /openai/v1/realtime?call_id=).
            if api_version:
                raise ConfigurationError(
                    "call_id needs Azure's GA /openai/v1 path: leave api_version unset"
                )
            path += "/openai/v1/realtime"
            query_items.append(("call_id", call_id))
        elif not deployment:
            raise ConfigurationError("Azure OpenAI needs azure_deployment (or model)")
        elif api_version:
            path += "/openai/realtime"
            query_items += [("api-version", api_version), ("deployment", deployment)]
        else:
            path += "/openai/v1/realtime"
            query_items.append(("model", deployment))
        if secret is None and token_provider is None and key_provider is None:
            key = env.get("AZURE_OPENAI_API_KEY")
            secret = Secret(key) if key else None
        if secret is None and token_provider is None and key_provider is None:
            raise ConfigurationError(
                "no Azure credential: pass api_key=, token_provider=, or set AZURE_OPENAI_API_KEY"
            )
        if secret is not None:
            out_headers.append(("api-key", secret.reveal()))
        default_host = False
    else:
        url = (
            base_url
            if base_url is not None
            else env.get("OPENAI_REALTIME_BASE_URL") or DEFAULT_BASE_URL
        )
        scheme, netloc, path, base_query = _ws_base(url, "base_url")
        default_host = urlsplit(url).hostname == "api.openai.com"
        path += "/realtime/translations" if dialect == "translation" else "/realtime"
        if call_id is not None:
            query_items.append(("call_id", call_id))
        elif model:
            query_items.append(("model", model))
        elif dialect != "translation":
            raise ConfigurationError("a model is required (or call_id to attach to a call)")
        if secret is None and token_provider is None and key_provider is None:
            key = env.get("OPENAI_API_KEY")
            secret = Secret(key) if key else None
        if secret is None and token_provider is None and key_provider is None and default_host:
            raise ConfigurationError(
                "no API key: pass api_key= or set the OPENAI_API_KEY environment variable"
            )
        if secret is not None:
            out_headers.append(("Authorization", f"Bearer {secret.reveal()}"))
        if organization:
            out_headers.append(("OpenAI-Organization", organization))
        if project:
            out_headers.append(("OpenAI-Project", project))
    if dialect == "beta":
        out_headers.append(("OpenAI-Beta", "realtime=v1"))
    for name, value in (headers or {}).items():
        out_headers = [(k, v) for k, v in out_headers if k.lower() != name.lower()]
        out_headers.append((name, value))
    # A query string already on base_url (a gateway's tenant, say) is kept, before ours.
    query_items = parse_qsl(base_query, keep_blank_values=True) + query_items
    query_items += list((query or {}).items())

    host = urlsplit(f"{scheme}://{netloc}").hostname or ""
    # Credentials are ours (api_key, token provider) or the caller's own headers / query values.
    has_credentials = (
        secret is not None
        or token_provider is not None
        or key_provider is not None
        or any(is_secret_name(name) for name, _ in out_headers)
        or any(is_secret_name(name) for name, _ in query_items)
    )
    if scheme == "ws" and has_credentials and not allow_insecure and not is_loopback_host(host):
        raise ConfigurationError(
            f"refusing to send credentials over plaintext ws:// to {host!r}; use wss:// "
            "or pass allow_insecure=True"
        )
    full = urlunsplit((scheme, netloc, quote(path), urlencode(query_items, quote_via=quote), ""))
    return ConnectionTarget(
        url=full,
        headers=tuple(out_headers),
        secure=scheme == "wss",
        dialect=dialect,
        bearer_provider=token_provider,
        key_provider=key_provider,
        key_header="api-key" if azure_endpoint is not None else "authorization",
    )


async def _call_provider(provider: Callable[[], str | Awaitable[str]], what: str) -> str:
    value: object = provider()
    if inspect.isawaitable(value):
        value = await value
    if not isinstance(value, str) or not value:
        raise ConfigurationError(
            f"{what} must return a non-empty string, got {type(value).__name__}"
        )
    return value


async def credential_headers(target: ConnectionTarget) -> list[tuple[str, str]]:
    """The target's headers with fresh credentials from its providers (called per connection)."""
    headers = list(target.headers)
    if target.key_provider is not None:
        key = await _call_provider(target.key_provider, "the api_key callable")
        if target.key_header == "api-key":
            headers.append(("api-key", key))
        else:
            headers.append(("Authorization", f"Bearer {key}"))
    if target.bearer_provider is not None:
        token = await _call_provider(target.bearer_provider, "token_provider")
        headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
        headers.append(("Authorization", f"Bearer {token}"))
    return headers
