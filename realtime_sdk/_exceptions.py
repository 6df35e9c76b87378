"""Every error realtime_sdk raises derives from one root, `RealtimeError`.

```text
RealtimeError
├── ConfigurationError            bad arguments found before any I/O: URL, dialect, missing API key,
│                                 credentials over plaintext to a remote host
├── EventDecodeError              wire text that is not a valid event (not JSON, no "type", wrong field type)
├── EventEncodeError              an event object that cannot be written as JSON
├── AudioFormatError              audio bytes or a file the audio helpers cannot use (not WAV, not PCM...)
├── ToolArgumentsError            the model's arguments for a tool do not match its parameters
├── UsageError                    the SDK used out of order: a second iterator, a send before entering
├── ServerError                   the server answered one of our client events with an `error` event
├── WebhookVerificationError      a webhook whose signature, timestamp or headers do not check out
├── CallError                     the calls REST API refused a request (create, accept, reject...)
├── RealtimeTimeoutError          a documented wait ran out (session.created, an answer awaited with wait=True)
└── RealtimeConnectionError       the connection could not be made or was lost
    ├── ConnectError              TCP/TLS/DNS failure, refused connection, open timeout
    │   └── ProxyError            the proxy could not be reached or refused the tunnel (407...)
    ├── RealtimeHandshakeError    the server refused the WebSocket upgrade (carries status and message)
    │   ├── AuthenticationError   401, 403
    │   ├── NotFoundError         404
    │   └── RateLimitError        429
    └── ConnectionClosed          the WebSocket is closed
        ├── ConnectionClosedOK    closed normally (1000 / 1001): sends after that raise it
        ├── ConnectionClosedError closed abnormally: iteration raises it (code, reason)
        └── ConnectionInterrupted with reconnect on: a request in flight when its connection
                                  went away (the session carries on over a new connection)
```

Lower-layer exceptions (websockets, anyio, OS, httpx, cattrs) are converted where they cross into this
package, with the original kept as `__cause__`. No message here ever contains an API key or token:
text that comes from a server (a refused handshake's body, an `error` event's message, a close reason)
is masked with `_redact.redact` before it is shown, because a gateway may echo the credential back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._redact import redact

if TYPE_CHECKING:
    from .events._common import ErrorDetails

__all__ = [
    "AudioFormatError",
    "AuthenticationError",
    "CallError",
    "ConfigurationError",
    "ConnectError",
    "ConnectionClosed",
    "ConnectionClosedError",
    "ConnectionClosedOK",
    "ConnectionInterrupted",
    "EventDecodeError",
    "EventEncodeError",
    "NotFoundError",
    "ProxyError",
    "RateLimitError",
    "RealtimeConnectionError",
    "RealtimeError",
    "RealtimeHandshakeError",
    "RealtimeTimeoutError",
    "ServerError",
    "ToolArgumentsError",
    "UsageError",
    "WebhookVerificationError",
]


class RealtimeError(Exception):
    """Root of every exception raised by realtime_sdk."""


class ConfigurationError(RealtimeError, ValueError):
    """Invalid configuration detected before any I/O (bad URL, unknown dialect, missing API key...)."""


class UsageError(RealtimeError, RuntimeError):
    """The SDK was used in a way its state does not allow (for example two concurrent iterators)."""


class RealtimeTimeoutError(RealtimeError, TimeoutError):
    """A wait with a documented time limit ran out."""


class EventDecodeError(RealtimeError, ValueError):
    """Wire data that is not a valid event of the chosen dialect.

    Attributes:
        raw: the text (or bytes) that was being decoded, unchanged.
        event_type: the event's `type` when it could be read, else None.
        path: JSON path of the offending field (`$.response.usage.total_tokens`), or `$` for the whole
            message.
    """

    def __init__(
        self,
        message: str,
        *,
        raw: str | bytes | None = None,
        event_type: str | None = None,
        path: str = "$",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.raw = raw
        self.event_type = event_type
        self.path = path

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path != "$" else ""
        what = f" in {self.event_type!r} event" if self.event_type else ""
        return f"{self.message}{what}{where}"


class AudioFormatError(RealtimeError, ValueError):
    """Audio data or an audio file the audio helpers cannot use.

    Raised for an odd-length PCM16 buffer, invalid base64, a file that is not WAV or cannot be read,
    and WAV data that is not integer PCM (IEEE float, mu-law, A-law, compressed formats).
    """


class ToolArgumentsError(RealtimeError, ValueError):
    """The model's arguments for a tool do not match its parameters.

    The message names every wrong argument and why; it is written to be sent back to the model.

    Attributes:
        tool_name: the tool whose arguments were rejected.
        problems: one line per problem, e.g. `argument 'unit': expected one of "c", "f", got "k"`.
    """

    def __init__(self, tool_name: str, problems: Sequence[str]) -> None:
        self.tool_name = tool_name
        self.problems = list(problems)
        super().__init__(f"invalid arguments for tool {tool_name!r}: " + "; ".join(self.problems))


class EventEncodeError(RealtimeError, ValueError):
    """An event object could not be encoded to JSON (wrong field type, unserialisable value)."""


class ServerError(RealtimeError):
    """The server rejected a client event: it answered with an `error` event for its event_id.

    Attributes:
        event: the typed `error` server event.
        type, code, message, param, event_id: copied from `event.error` for convenience.
    """

    def __init__(self, event: Any) -> None:
        error: ErrorDetails = event.error
        self.event = event
        self.type: str = error.type
        self.code: str | None = _opt(error.code)
        self.message: str = error.message
        self.param: str | None = _opt(error.param)
        self.event_id: str | None = _opt(error.event_id)
        detail = f"{self.type}"
        if self.code:
            detail += f"/{self.code}"
        if self.param:
            detail += f" (param {self.param})"
        if self.event_id:
            detail += f" for client event {self.event_id}"
        super().__init__(redact(f"{self.message} [{detail}]"))


def _opt(value: object) -> Any:
    # UNSET and None both read as "absent" on the convenience attributes.
    return value if isinstance(value, str) else None


class RealtimeConnectionError(RealtimeError, ConnectionError):
    """The connection could not be established or was lost."""


class ConnectError(RealtimeConnectionError):
    """TCP, TLS or DNS failure, refused connection, or open timeout while connecting."""


class ProxyError(ConnectError):
    """The proxy could not be reached, or refused to open a tunnel (HTTP 407 or another status).

    The message and attributes name the proxy as `scheme://host:port`: never its credentials.

    Attributes:
        proxy: the proxy's URL without user info.
        status_code: the proxy's HTTP status when it answered CONNECT with one, else None.
    """

    def __init__(self, message: str, *, proxy: str = "", status_code: int | None = None) -> None:
        super().__init__(message)
        self.proxy = proxy
        self.status_code = status_code


class WebhookVerificationError(RealtimeError, ValueError):
    """A webhook failed verification: missing headers, a bad or unknown signature, a timestamp
    outside the tolerance, or a body that is not the expected JSON event."""


class CallError(RealtimeError):
    """The calls REST API (`/realtime/calls...`) refused a request.

    Attributes:
        status_code: the HTTP status.
        body: the response body as text, possibly empty.
        server_message: the `error.message` of a JSON body when there is one, else the body.
        url: the request URL (credential-like query values masked).
    """

    def __init__(
        self, status_code: int, body: str = "", *, url: str = "", action: str = ""
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.url = url
        self.server_message = _server_message(body)
        what = action or "calls request"
        text = f"{what} refused with HTTP {status_code}" + (f" by {url}" if url else "")
        if self.server_message:
            text += f": {self.server_message}"
        super().__init__(text)


class RealtimeHandshakeError(RealtimeConnectionError):
    """The server refused the WebSocket upgrade.

    Attributes:
        status_code: the HTTP status of the refusal.
        body: the response body as text (the server's message), possibly empty, with credentials
            masked (`secrets`, the values the request sent, and anything shaped like a key or token).
        server_message: the `error.message` of a JSON body when there is one, else the body.
    """

    def __init__(
        self, status_code: int, body: str = "", *, url: str = "", secrets: Iterable[str] = ()
    ) -> None:
        self.status_code = status_code
        self.body = redact(body, secrets)
        self.url = url
        self.server_message = _server_message(self.body)
        where = f" from {url}" if url else ""
        text = f"WebSocket handshake refused with HTTP {status_code}{where}"
        if self.server_message:
            text += f": {self.server_message}"
        super().__init__(text)


def _server_message(body: str) -> str:
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return body.strip()[:500]
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return str(err["message"])
        if isinstance(data.get("message"), str):
            return str(data["message"])
    return body.strip()[:500]


class AuthenticationError(RealtimeHandshakeError):
    """The server refused the credentials (HTTP 401 or 403)."""


class NotFoundError(RealtimeHandshakeError):
    """The endpoint, model or deployment does not exist (HTTP 404)."""


class RateLimitError(RealtimeHandshakeError):
    """Too many requests or quota exhausted (HTTP 429)."""


def handshake_error(
    status_code: int, body: str = "", *, url: str = "", secrets: Iterable[str] = ()
) -> RealtimeHandshakeError:
    """Build the most specific handshake error for an HTTP status (`secrets`: values to mask)."""
    cls: type[RealtimeHandshakeError]
    if status_code in (401, 403):
        cls = AuthenticationError
    elif status_code == 404:
        cls = NotFoundError
    elif status_code == 429:
        cls = RateLimitError
    else:
        cls = RealtimeHandshakeError
    return cls(status_code, body, url=url, secrets=secrets)


class ConnectionClosed(RealtimeConnectionError):
    """The WebSocket connection is closed.

    Attributes:
        code: the close code received (or 1006 when the connection dropped without one).
        reason: the close reason received, possibly empty.
    """

    def __init__(self, code: int, reason: str = "", message: str | None = None) -> None:
        self.code = code
        self.reason = reason
        if message is None:
            message = f"connection closed with code {code}" + (
                f": {redact(reason)}" if reason else ""
            )
        super().__init__(message)


class ConnectionClosedOK(ConnectionClosed):
    """The connection was closed normally (1000 or 1001)."""


class ConnectionClosedError(ConnectionClosed):
    """The connection was closed abnormally (any code but 1000 / 1001, or no close frame)."""


class ConnectionInterrupted(ConnectionClosed):
    """A request was in flight when its connection went away, and the session reconnects.

    Raised (with `reconnect=` on) by `wait=True` sends whose answer was still awaited and by the
    response handles still streaming: the old server will never answer them and the new one does
    not know them. The session itself continues; a `SessionResumed` notice in the event stream
    tells when. Send the request again then, if it is still wanted.

    Attributes:
        code, reason: how the old connection was closed (1006 when it dropped, 1001 when the
            session expired or was rotated).
    """


def connection_closed(code: int, reason: str = "") -> ConnectionClosed:
    """The ConnectionClosed subclass that fits a close code."""
    if code in (1000, 1001):
        return ConnectionClosedOK(code, reason)
    return ConnectionClosedError(code, reason)
