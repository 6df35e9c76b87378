"""Call control over REST: WebRTC calls from an SDP offer, and SIP calls (accept, reject, refer,
hang up), for OpenAI and Azure OpenAI.

Endpoints (openai-python `resources/realtime/calls.py`; OpenAI API reference "Realtime calls"):

* `POST {base}/realtime/calls`: the SDP offer as multipart/form-data with the parts `sdp`
  (`application/sdp`) and `session` (`application/json`), or, without a session, the offer alone
  as an `application/sdp` body; `Accept: application/sdp`. Answers 201 with the SDP answer as the
  body and the call's URL (ending in its id) in `Location`.
* `POST {base}/realtime/calls/{call_id}/accept` (JSON body: the session configuration, `type`
  "realtime"), `/reject` (`{"status_code": 486}`; 603 Decline when omitted), `/refer`
  (`{"target_uri": "tel:+1..." or "sip:..."}`), `/hangup` (no body). Each answers 200, no body.

Azure OpenAI serves the same under `{endpoint}/openai/v1/realtime/calls` (Microsoft Foundry REST
reference: "Create a Realtime call", "End a Realtime call"; "Use the GPT Realtime API via SIP"
for accept/reject/refer), with the key in `api-key` or an Entra ID token as `Bearer`.

Request building and answer parsing are pure functions shared by `CallsClient` (async) and
`SyncCallsClient`; httpx is imported only when a request is sent.
"""

from __future__ import annotations

import inspect
import os
import secrets
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import attrs
import orjson

from ._connect import Secret, is_loopback_host, redact_url
from ._exceptions import CallError, ConfigurationError, RealtimeError
from ._proxy import PROXY_FROM_ENV, ProxySetting
from ._rest import http_base, http_client_options, map_http_error, proxy_refusal
from .events._base import Model

if TYPE_CHECKING:
    import httpx

__all__ = ["CallAnswer", "CallsClient", "SyncCallsClient"]

_SIP_URI_SCHEMES = ("sip:", "sips:", "tel:")


@attrs.frozen(kw_only=True)
class CallAnswer:
    """What creating a WebRTC call returns.

    Attributes:
        sdp: the SDP answer: give it to your peer connection as the remote description.
        call_id: the call's id (`rtc_...`), from the `Location` header; None if the server sent
            none. Use it for `hangup`, and for a sideband `Session(call_id=...)`.
        location: the `Location` header as sent.
    """

    sdp: str = attrs.field(repr=lambda sdp: f"<{len(sdp)} characters>")
    call_id: str | None
    location: str | None = None


@attrs.frozen
class _Request:
    action: str
    url: str
    headers: dict[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=False)


def _session_json(session: Model | Mapping[str, Any] | None, model: str | None) -> dict[str, Any]:
    if session is None:
        body: dict[str, Any] = {}
    elif isinstance(session, Model):
        from ._codec import to_dict

        body = to_dict(session)
    elif isinstance(session, Mapping):
        body = dict(session)
    else:
        raise ConfigurationError(
            f"session must be a SessionConfig or a mapping, got {type(session).__name__}"
        )
    body.setdefault("type", "realtime")
    if model is not None:
        body["model"] = model
    return body


def _check_call_id(call_id: str) -> str:
    if not isinstance(call_id, str) or not call_id.strip():
        raise ConfigurationError(f"call_id must be a non-empty string, got {call_id!r}")
    return quote(call_id, safe="")  # one path segment, whatever it holds


def _multipart(parts: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """RFC 7578 multipart/form-data: (name, content type, data) parts."""
    boundary = f"realtime-sdk-{secrets.token_hex(16)}"
    chunks: list[bytes] = []
    for name, content_type, data in parts:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def call_id_from_location(location: str | None) -> str | None:
    """The last path segment of a `Location` header (`/v1/realtime/calls/rtc_123` -> `rtc_123`)."""
    if not location:
        return None
    segment = urlsplit(location).path.rstrip("/").rpartition("/")[2]
    return segment or None


class _CallsBase:
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        azure_endpoint: str | None = None,
        token_provider: Callable[[], str | Awaitable[str]] | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: float = 30.0,
        proxy: ProxySetting = PROXY_FROM_ENV,
        allow_insecure: bool = False,
        http_client: Any = None,
    ) -> None:
        self._client = http_client
        self._owned = False
        if azure_endpoint is not None:
            self._base = http_base(azure_endpoint, "azure_endpoint") + "/openai/v1"
            key = api_key or os.environ.get("AZURE_OPENAI_API_KEY")
            self._key_header = "api-key"
        else:
            self._base = http_base(base_url or os.environ.get("OPENAI_BASE_URL"), "base_url")
            key = api_key or os.environ.get("OPENAI_API_KEY")
            self._key_header = "Authorization"
        if not key and token_provider is None:
            raise ConfigurationError(
                "no credential: pass api_key= or token_provider=, or set "
                + ("AZURE_OPENAI_API_KEY" if azure_endpoint is not None else "OPENAI_API_KEY")
            )
        self._secret = Secret(key) if key else None
        self._token_provider = token_provider
        host = urlsplit(self._base).hostname or ""
        if self._base.startswith("http://") and not allow_insecure and not is_loopback_host(host):
            raise ConfigurationError(
                f"refusing to send credentials over plaintext http:// to {host!r}; "
                "use https:// or pass allow_insecure=True"
            )
        self._extra: dict[str, str] = {}
        if organization:
            self._extra["OpenAI-Organization"] = organization
        if project:
            self._extra["OpenAI-Project"] = project
        self._options = http_client_options(timeout, proxy)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({redact_url(self._base)!r})"

    # --- requests (pure) -------------------------------------------------------------------------

    def _auth(self, token: str | None) -> dict[str, str]:
        headers = dict(self._extra)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        elif self._secret is not None:
            value = self._secret.reveal()
            headers[self._key_header] = (
                f"Bearer {value}" if self._key_header == "Authorization" else value
            )
        return headers

    def _create(
        self, sdp: str, session: Model | Mapping[str, Any] | None, model: str | None
    ) -> _Request:
        if not isinstance(sdp, str) or not sdp.lstrip().startswith("v="):
            raise ConfigurationError("sdp must be an SDP offer (text starting with 'v=0')")
        headers = {"Accept": "application/sdp"}
        if session is None and model is None:
            content, content_type = sdp.encode(), "application/sdp"
        else:
            content, content_type = _multipart(
                [
                    ("sdp", "application/sdp", sdp.encode()),
                    ("session", "application/json", orjson.dumps(_session_json(session, model))),
                ]
            )
        headers["Content-Type"] = content_type
        return _Request("create call", f"{self._base}/realtime/calls", headers, content)

    def _action(self, call_id: str, action: str, body: dict[str, Any] | None) -> _Request:
        url = f"{self._base}/realtime/calls/{_check_call_id(call_id)}/{action}"
        headers = {"Accept": "*/*"}
        content = b""
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = orjson.dumps(body)
        return _Request(f"{action} call", url, headers, content)

    def _accept(
        self, call_id: str, session: Model | Mapping[str, Any] | None, model: str | None
    ) -> _Request:
        return self._action(call_id, "accept", _session_json(session, model))

    def _reject(self, call_id: str, status_code: int | None) -> _Request:
        body: dict[str, Any] = {}
        if status_code is not None:
            # A SIP final response refusing a call: 4xx, 5xx or 6xx (RFC 3261 §21).
            if isinstance(status_code, bool) or not isinstance(status_code, int):
                raise ConfigurationError(f"status_code must be an int, got {status_code!r}")
            if not 400 <= status_code <= 699:
                raise ConfigurationError(
                    f"status_code must be a SIP error status (400 to 699), got {status_code}"
                )
            body["status_code"] = status_code
        return self._action(call_id, "reject", body)

    def _refer(self, call_id: str, target_uri: str) -> _Request:
        if not isinstance(target_uri, str) or not target_uri.lower().startswith(_SIP_URI_SCHEMES):
            raise ConfigurationError(
                f"target_uri must be a sip:, sips: or tel: URI, got {target_uri!r}"
            )
        return self._action(call_id, "refer", {"target_uri": target_uri})

    def _hangup(self, call_id: str) -> _Request:
        return self._action(call_id, "hangup", None)

    @staticmethod
    def _check(request: _Request, response: httpx.Response) -> None:
        if response.status_code == 407:
            raise proxy_refusal(request.url)
        if not 200 <= response.status_code < 300:
            raise CallError(
                response.status_code,
                response.text,
                url=redact_url(request.url),
                action=request.action,
            )

    @classmethod
    def _answer(cls, request: _Request, response: httpx.Response) -> CallAnswer:
        cls._check(request, response)
        sdp = response.text
        if not sdp.lstrip().startswith("v="):
            raise RealtimeError(
                f"{redact_url(request.url)} answered without an SDP answer "
                f"(Content-Type {response.headers.get('content-type', 'none')!r})"
            )
        location = response.headers.get("location")
        return CallAnswer(sdp=sdp, call_id=call_id_from_location(location), location=location)


class CallsClient(_CallsBase):
    """Control realtime calls over REST (async): create WebRTC calls, answer SIP calls.

    ```python
    async with rt.CallsClient() as calls:            # OPENAI_API_KEY, api.openai.com
        await calls.accept(event.call_id, session={"instructions": "Be brief.", "model": "gpt-realtime"})
        ...
        await calls.hangup(event.call_id)
    ```

    Args:
        api_key: the API key (default `OPENAI_API_KEY`, or `AZURE_OPENAI_API_KEY` for Azure).
        base_url: the API's base URL (default `OPENAI_BASE_URL` or `https://api.openai.com/v1`);
            ws:// and wss:// are taken as http:// and https://.
        azure_endpoint: an Azure OpenAI resource (`https://NAME.openai.azure.com`): requests go to
            `{azure_endpoint}/openai/v1/realtime/calls...` with the key in `api-key`.
        token_provider: a sync or async callable giving a bearer token (Entra ID), instead of a key.
        organization: sent as `OpenAI-Organization`.
        project: sent as `OpenAI-Project`.
        timeout: seconds for each request.
        proxy: a proxy URL, None for none, or by default the environment's (as httpx reads it).
        allow_insecure: permit credentials over http:// to a non-loopback host.
        http_client: an `httpx.AsyncClient` of yours to send with (then `timeout` and `proxy`
            are its own; it is not closed here).

    Used without `async with`, each request opens and closes its own connection.

    Errors: CallError when the API refuses a request (its status and message), ProxyError when a
    proxy refuses, ConnectError when the server cannot be reached, ConfigurationError for bad
    arguments (before anything is sent).
    """

    _client: httpx.AsyncClient | None

    async def __aenter__(self) -> CallsClient:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(**self._options)
            self._owned = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool this client opened (not one it was given)."""
        if self._owned and self._client is not None:
            client, self._client, self._owned = self._client, None, False
            await client.aclose()

    async def _send(self, request: _Request) -> httpx.Response:
        import httpx

        token = None
        if self._token_provider is not None:
            value = self._token_provider()
            token = await value if inspect.isawaitable(value) else value
        headers = {**self._auth(token), **request.headers}
        client = self._client or httpx.AsyncClient(**self._options)
        try:
            return await client.post(request.url, content=request.content, headers=headers)
        except httpx.HTTPError as exc:
            raise map_http_error(exc, request.url, request.action) from exc
        finally:
            if client is not self._client:
                await client.aclose()

    async def create(
        self,
        sdp: str,
        *,
        session: Model | Mapping[str, Any] | None = None,
        model: str | None = None,
    ) -> CallAnswer:
        """Start a WebRTC call from your peer connection's SDP offer; return the SDP answer.

        `session` (a `SessionConfig` or its JSON) configures the call's session; `model` sets
        its `model`. Without either, the offer is sent alone as `application/sdp`.
        """
        request = self._create(sdp, session, model)
        return self._answer(request, await self._send(request))

    async def accept(
        self,
        call_id: str,
        *,
        session: Model | Mapping[str, Any] | None = None,
        model: str | None = None,
    ) -> None:
        """Accept an incoming SIP call with this session configuration (instructions, tools...)."""
        request = self._accept(call_id, session, model)
        self._check(request, await self._send(request))

    async def reject(self, call_id: str, *, status_code: int | None = None) -> None:
        """Refuse an incoming SIP call with a SIP status (default: the server's, 603 Decline)."""
        request = self._reject(call_id, status_code)
        self._check(request, await self._send(request))

    async def refer(self, call_id: str, *, target_uri: str) -> None:
        """Transfer a call to `target_uri` (`tel:+14155550123` or `sip:agent@example.com`)."""
        request = self._refer(call_id, target_uri)
        self._check(request, await self._send(request))

    async def hangup(self, call_id: str) -> None:
        """End a SIP or WebRTC call."""
        request = self._hangup(call_id)
        self._check(request, await self._send(request))


class SyncCallsClient(_CallsBase):
    """The blocking twin of `CallsClient` (same arguments and methods), for a webhook handler in
    a synchronous web framework. `token_provider` must be a plain callable here."""

    _client: httpx.Client | None

    def __enter__(self) -> SyncCallsClient:
        if self._client is None:
            import httpx

            self._client = httpx.Client(**self._options)
            self._owned = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool this client opened (not one it was given)."""
        if self._owned and self._client is not None:
            client, self._client, self._owned = self._client, None, False
            client.close()

    def _send(self, request: _Request) -> httpx.Response:
        import httpx

        token = None
        if self._token_provider is not None:
            value = self._token_provider()
            if not isinstance(value, str):
                raise ConfigurationError("SyncCallsClient needs a token_provider returning a str")
            token = value
        headers = {**self._auth(token), **request.headers}
        client = self._client or httpx.Client(**self._options)
        try:
            return client.post(request.url, content=request.content, headers=headers)
        except httpx.HTTPError as exc:
            raise map_http_error(exc, request.url, request.action) from exc
        finally:
            if client is not self._client:
                client.close()

    def create(
        self,
        sdp: str,
        *,
        session: Model | Mapping[str, Any] | None = None,
        model: str | None = None,
    ) -> CallAnswer:
        """See `CallsClient.create`."""
        request = self._create(sdp, session, model)
        return self._answer(request, self._send(request))

    def accept(
        self,
        call_id: str,
        *,
        session: Model | Mapping[str, Any] | None = None,
        model: str | None = None,
    ) -> None:
        """See `CallsClient.accept`."""
        request = self._accept(call_id, session, model)
        self._check(request, self._send(request))

    def reject(self, call_id: str, *, status_code: int | None = None) -> None:
        """See `CallsClient.reject`."""
        request = self._reject(call_id, status_code)
        self._check(request, self._send(request))

    def refer(self, call_id: str, *, target_uri: str) -> None:
        """See `CallsClient.refer`."""
        request = self._refer(call_id, target_uri)
        self._check(request, self._send(request))

    def hangup(self, call_id: str) -> None:
        """See `CallsClient.hangup`."""
        request = self._hangup(call_id)
        self._check(request, self._send(request))
