"""The fake server's calls REST API (`/v1/realtime/calls...`) and incoming-call webhooks.

`FakeCallsAPI` is Sans-I/O: `handle(method, path, headers, body)` returns `(status, headers,
body)`. `serve_http()` serves such a handler over HTTP/1.1 (h11 over anyio) on loopback, and
`FakeRealtimeServer` runs one beside its WebSocket listener (`server.http_base_url`).

What it does, after openai-python's `resources/realtime/calls.py` and the API reference:
`POST /realtime/calls` takes an SDP offer (raw `application/sdp`, or multipart parts `sdp` and
`session`) and answers 201 with a minimal SDP answer (RFC 3264: one m-line per offered m-line, in
order) and `Location: /v1/realtime/calls/{call_id}`; `accept`, `reject`, `refer` and `hangup`
answer 200 and are recorded. The same paths under `/openai/v1` serve Azure-style requests.
Which state a call must be in for each action is the fake's own rule (not documented upstream):
accept and reject need a ringing SIP call, refer and hangup an active call.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from email import policy
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlsplit

import anyio
import anyio.abc
import h11
import orjson
from anyio.abc import SocketAttribute
from websockets.http11 import Request, Response

from .._exceptions import UsageError
from .._transports import http_response
from .._webhooks import sign_webhook
from ..events._base import Model
from ._serving import auth_ok

__all__ = ["CallRecord", "CallsMixin", "FakeCallsAPI", "call_session", "serve_http"]

CallState = Literal["ringing", "active", "rejected", "referred", "ended"]
Answer = tuple[int, list[tuple[str, str]], bytes]

_MAX_BODY = 1 << 20  # bytes of request body the fake accepts
_DEFAULT_SIP_HEADERS = (
    ("From", "sip:+14155550100@sip.example.com"),
    ("To", "sip:+18005550199@sip.example.com"),
)


class CallRecord:
    """One call the fake knows, and what was done to it.

    Attributes:
        call_id: `rtc_...`.
        kind: "sip" (made by `ring`) or "webrtc" (made by `POST /realtime/calls`).
        state: "ringing", "active", "rejected", "referred" or "ended".
        session: the session configuration JSON the call was accepted (or created) with.
        sip_headers: the INVITE headers sent in the webhook (SIP calls).
        offer, answer: the SDP offer and answer (WebRTC calls).
        actions: `(action, JSON body)` per request, in order: ("create", ...), ("accept", ...),
            ("reject", {"status_code": 486}), ("refer", {"target_uri": ...}), ("hangup", {}).
        webhook_status: the HTTP status the webhook receiver answered (SIP calls).
    """

    def __init__(self, call_id: str, kind: Literal["sip", "webrtc"]) -> None:
        self.call_id = call_id
        self.kind = kind
        self.state: CallState = "ringing" if kind == "sip" else "active"
        self.session: dict[str, Any] | None = None
        self.sip_headers: list[tuple[str, str]] = []
        self.offer: str | None = None
        self.answer: str | None = None
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self.webhook_status: int | None = None
        self._ended: anyio.Event | None = None

    def _end(self, state: CallState) -> None:
        self.state = state
        if self._ended is not None:
            self._ended.set()

    async def wait_ended(self) -> None:
        """Return once the call is over (rejected, referred or hung up)."""
        if self.state in ("rejected", "referred", "ended"):
            return
        if self._ended is None:
            self._ended = anyio.Event()
        await self._ended.wait()

    def action_names(self) -> list[str]:
        """The actions done, in order (`["accept", "refer", "hangup"]`)."""
        return [name for name, _ in self.actions]

    def __repr__(self) -> str:
        return f"CallRecord({self.call_id!r}, kind={self.kind!r}, state={self.state!r})"


def _json(status: int, data: Any, extra: Sequence[tuple[str, str]] = ()) -> Answer:
    return status, [("Content-Type", "application/json"), *extra], orjson.dumps(data)


def _error(status: int, message: str, code: str | None = None, param: str | None = None) -> Answer:
    error = {"message": message, "type": "invalid_request_error", "param": param, "code": code}
    return _json(status, {"error": error})


class FakeCallsAPI:
    """The calls endpoints as a pure request handler, with a record of every call.

    Args:
        api_key: when set, requests need `Authorization: Bearer <key>` or `api-key: <key>`.
        seed: makes call ids and SDP answers reproducible.
        validate_session: checks a session configuration, raising ValueError when invalid.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        seed: int = 0,
        validate_session: Callable[[dict[str, Any]], object] | None = None,
        max_calls: int = 1000,
    ) -> None:
        self._api_key = api_key
        self._rng = random.Random(seed)
        self._validate = validate_session
        self._max_calls = max_calls
        self.calls: dict[str, CallRecord] = {}

    def _new_call(self, kind: Literal["sip", "webrtc"]) -> CallRecord:
        while len(self.calls) >= self._max_calls:  # forget the oldest
            del self.calls[next(iter(self.calls))]
        call = CallRecord(f"rtc_{self._rng.getrandbits(128):032x}", kind)
        self.calls[call.call_id] = call
        return call

    # --- SIP: an incoming call and its webhook ---------------------------------------------------

    def incoming_call(
        self, sip_headers: Sequence[tuple[str, str]] = _DEFAULT_SIP_HEADERS
    ) -> tuple[CallRecord, bytes]:
        """A new ringing SIP call, and the body of its `realtime.call.incoming` webhook."""
        call = self._new_call("sip")
        call.sip_headers = list(sip_headers)
        event = {
            "object": "event",
            "id": f"evt_{self._rng.getrandbits(128):032x}",
            "type": "realtime.call.incoming",
            "created_at": int(time.time()),
            "data": {
                "call_id": call.call_id,
                "sip_headers": [{"name": n, "value": v} for n, v in call.sip_headers],
            },
        }
        return call, orjson.dumps(event)

    # --- HTTP ------------------------------------------------------------------------------------

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """Answer one request; `headers` with lower-case names."""
        route = path.split("?", 1)[0].rstrip("/")
        prefix, found, rest = route.partition("/realtime/calls")
        if not found or prefix not in ("/v1", "/openai/v1"):
            return _error(404, f"Invalid URL ({method} {route})")
        if self._api_key is not None and not auth_ok(headers, self._api_key):
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        if method != "POST":
            return _error(405, f"{method} is not supported on {route}")
        if not rest:
            return self._create(headers, body, prefix)
        call_id, _, action = rest.lstrip("/").partition("/")
        call = self.calls.get(call_id)
        if call is None or action not in ("accept", "reject", "refer", "hangup"):
            return _error(404, f"Call {call_id!r} not found.", "call_not_found")
        try:
            data = orjson.loads(body) if body.strip() else {}
        except orjson.JSONDecodeError:
            return _error(400, "The body is not valid JSON.")
        if not isinstance(data, dict):
            return _error(400, "The body must be a JSON object.")
        return getattr(self, f"_{action}")(call, data)  # type: ignore[no-any-return]

    def _create(self, headers: Mapping[str, str], body: bytes, prefix: str) -> Answer:
        content_type = headers.get("content-type", "")
        session: dict[str, Any] | None = None
        if content_type.startswith("multipart/form-data"):
            parts = _form_parts(content_type, body)
            offer = parts.get("sdp", b"").decode("utf-8", "replace")
            if "session" in parts:
                try:
                    session = orjson.loads(parts["session"])
                except orjson.JSONDecodeError:
                    return _error(400, "The session part is not valid JSON.", param="session")
        elif content_type.startswith("application/sdp"):
            offer = body.decode("utf-8", "replace")
        else:
            return _error(415, "Send the SDP offer as application/sdp or multipart/form-data.")
        if not offer.lstrip().startswith("v=0") or "\nm=" not in offer.replace("\r", ""):
            return _error(400, "The SDP offer is invalid.", param="sdp")
        if session is not None:
            problem = self._check_session(session)
            if problem:
                return _error(400, problem, param="session")
        call = self._new_call("webrtc")
        call.offer, call.session = offer, session
        call.answer = sdp_answer(offer, self._rng)
        call.actions.append(("create", {"session": session}))
        location = f"{prefix}/realtime/calls/{call.call_id}"
        return (
            201,
            [("Content-Type", "application/sdp"), ("Location", location)],
            call.answer.encode(),
        )

    def _check_session(self, session: Any) -> str | None:
        if not isinstance(session, dict):
            return "The session must be a JSON object."
        if self._validate is not None:
            try:
                self._validate(session)
            except ValueError as exc:
                return f"Invalid session configuration: {exc}"
        return None

    def _in_state(self, call: CallRecord, action: str, *states: CallState) -> Answer | None:
        if call.state in states:
            return None
        return _error(400, f"Cannot {action} call {call.call_id!r}: it is {call.state}.")

    def _accept(self, call: CallRecord, data: dict[str, Any]) -> Answer:
        refused = self._in_state(call, "accept", "ringing")
        if refused is None:
            problem = self._check_session(data)
            if problem:
                return _error(400, problem)
            call.state, call.session = "active", data
            call.actions.append(("accept", data))
        return refused or (200, [], b"")

    def _reject(self, call: CallRecord, data: dict[str, Any]) -> Answer:
        refused = self._in_state(call, "reject", "ringing")
        status = data.get("status_code", 603)
        if refused is None and not (isinstance(status, int) and 400 <= status <= 699):
            refused = _error(400, "status_code must be a SIP error status.", param="status_code")
        if refused is None:
            call._end("rejected")
            call.actions.append(("reject", data))
        return refused or (200, [], b"")

    def _refer(self, call: CallRecord, data: dict[str, Any]) -> Answer:
        refused = self._in_state(call, "refer", "active")
        if refused is None and not isinstance(data.get("target_uri"), str):
            refused = _error(400, "target_uri is required.", param="target_uri")
        if refused is None:
            call._end("referred")
            call.actions.append(("refer", data))
        return refused or (200, [], b"")

    def _hangup(self, call: CallRecord, data: dict[str, Any]) -> Answer:
        refused = self._in_state(call, "hang up", "active")
        if refused is None:
            call._end("ended")
            call.actions.append(("hangup", data))
        return refused or (200, [], b"")


def _form_parts(content_type: str, body: bytes) -> dict[str, bytes]:
    """The named parts of a multipart/form-data body (RFC 7578)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    parts: dict[str, bytes] = {}
    if not message.is_multipart():
        return parts
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = payload
    return parts


def sdp_answer(offer: str, rng: random.Random) -> str:
    """A minimal, well-formed SDP answer (RFC 8866 fields; RFC 3264 §6: one m-line per offered
    m-line, same order and media; ICE and DTLS attributes as WebRTC needs, RFC 8829)."""
    session_id = rng.getrandbits(62)
    ufrag = f"{rng.getrandbits(32):08x}"
    pwd = f"{rng.getrandbits(128):032x}"[:24]
    fingerprint = ":".join(f"{rng.getrandbits(8):02X}" for _ in range(32))
    lines = ["v=0", f"o=- {session_id} 1 IN IP4 127.0.0.1", "s=-", "t=0 0"]
    sections: list[list[str]] = []
    for line in offer.replace("\r\n", "\n").split("\n"):
        if line.startswith("m="):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
    mids = [
        next((a[6:] for a in s if a.startswith("a=mid:")), str(i)) for i, s in enumerate(sections)
    ]
    if any(line.startswith("a=group:BUNDLE") for line in offer.splitlines()):
        lines.append("a=group:BUNDLE " + " ".join(mids))
    for section, mid in zip(sections, mids, strict=True):
        media, _, proto, *formats = section[0][2:].split()
        chosen = formats[0] if formats else "0"
        lines += [
            f"m={media} 9 {proto} {chosen}",
            "c=IN IP4 0.0.0.0",
            f"a=mid:{mid}",
            f"a=ice-ufrag:{ufrag}",
            f"a=ice-pwd:{pwd}",
            f"a=fingerprint:sha-256 {fingerprint}",
            "a=setup:active",
        ]
        if media == "application":
            lines.append("a=sctp-port:5000")
        else:
            rtpmap = next((a for a in section if a.startswith(f"a=rtpmap:{chosen} ")), None)
            lines += ["a=sendrecv", "a=rtcp-mux", *([rtpmap] if rtpmap else [])]
    return "\r\n".join(lines) + "\r\n"


async def deliver_webhook(url: str, body: bytes, *, secret: str) -> int:
    """POST a signed webhook to `url` (no proxy, 10 s at most); return the receiver's status."""
    import httpx

    headers = {"Content-Type": "application/json", **sign_webhook(body, secret=secret)}
    async with httpx.AsyncClient(timeout=10.0, trust_env=False) as client:
        response = await client.post(url, content=body, headers=headers)
    return response.status_code


def call_session(data: dict[str, Any]) -> Model:
    """A call's session JSON as a GA `SessionConfig`; ValueError when the fake would refuse it."""
    from .._codec import converter
    from ..events._resources import SessionConfig
    from ._engine import FakeRealtimeEngine

    try:
        session: Model = converter.structure(data, SessionConfig)
        FakeRealtimeEngine(dialect="ga", session=session)  # its own checks (ranges, voices...)
    except ValueError:
        raise
    except Exception as exc:
        raise ValueError(str(exc)) from None
    return session


class CallsMixin:
    """What FakeRealtimeServer adds for calls: the REST API's address, the call records, ringing
    a SIP call, and the check that a sideband connection names an active call."""

    calls_api: FakeCallsAPI
    _host: str
    _http_port: int | None

    if TYPE_CHECKING:  # provided by LoopbackServer

        def _not_running(self) -> UsageError: ...

    @property
    def http_base_url(self) -> str:
        """`http://127.0.0.1:PORT/v1`: the REST base URL (calls API) for `CallsClient(base_url=)`."""
        if self._http_port is None:
            raise self._not_running()
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._http_port}/v1"

    @property
    def calls(self) -> dict[str, CallRecord]:
        """Every call, by id: its state, session, and the actions done to it."""
        return self.calls_api.calls

    async def ring(
        self,
        webhook_url: str,
        *,
        secret: str,
        sip_headers: Sequence[tuple[str, str]] | None = None,
    ) -> CallRecord:
        """Make a SIP call ring: POST its signed `realtime.call.incoming` webhook to `webhook_url`.

        Returns the call's record once the receiver answered (its status in `webhook_status`).
        """
        call, body = (
            self.calls_api.incoming_call(sip_headers)
            if sip_headers is not None
            else self.calls_api.incoming_call()
        )
        call.webhook_status = await deliver_webhook(webhook_url, body, secret=secret)
        return call

    @asynccontextmanager
    async def _sideband(self, transport: Any, call_id: str | None) -> AsyncIterator[None]:
        """Run a connection; when it is a sideband of a call, close it (1000) once the call is
        over, as the service ends the call's WebSocket."""
        call = self.calls.get(call_id) if call_id is not None else None
        if call is None:
            yield
            return
        async with anyio.create_task_group() as tg:

            async def close_when_over() -> None:
                await call.wait_ended()
                await transport.aclose(1000, f"call {call.state}")

            tg.start_soon(close_when_over)
            yield
            tg.cancel_scope.cancel()

    def _refuse_sideband(self, request: Request) -> Response | None:
        """Refuse a sideband connection (`?call_id=`) to an unknown or inactive call."""
        call_id = dict(parse_qsl(urlsplit(request.path).query)).get("call_id")
        if call_id is not None:
            call = self.calls.get(call_id)
            if call is None or call.state != "active":
                # A sideband connection attaches to an accepted (or created) call only.
                state = "unknown" if call is None else call.state
                return http_response(
                    404 if call is None else 400,
                    orjson.dumps({"error": {"message": f"call {call_id!r} is {state}"}}),
                    content_type="application/json",
                )
        return None


# --- a small HTTP/1.1 server ----------------------------------------------------------------------

Handler = Callable[[str, str, Mapping[str, str], bytes], Answer | Awaitable[Answer]]


@asynccontextmanager
async def serve_http(
    handler: Handler, host: str = "127.0.0.1", port: int = 0, *, request_timeout: float = 30.0
) -> AsyncIterator[int]:
    """Serve `handler(method, path, headers, body)` over HTTP/1.1 on `host:port` (keep-alive,
    bodies up to 1 MiB); yield the port listened on. For fakes and examples, not production."""
    listener = await anyio.create_tcp_listener(local_host=host, local_port=port)
    async with listener, anyio.create_task_group() as tg:

        async def serve(stream: anyio.abc.SocketStream) -> None:
            async with stream:
                await _serve_connection(stream, handler, request_timeout)

        tg.start_soon(listener.serve, serve)
        try:
            yield listener.extra(SocketAttribute.local_port)
        finally:
            tg.cancel_scope.cancel()


async def _serve_connection(
    stream: anyio.abc.ByteStream, handler: Handler, request_timeout: float
) -> None:
    connection = h11.Connection(h11.SERVER)
    while True:
        try:
            with anyio.fail_after(request_timeout):
                request = await _read_request(stream, connection)
        except (TimeoutError, h11.RemoteProtocolError, anyio.BrokenResourceError, OSError):
            return
        if request is None:
            return
        method, target, headers, body = request
        if body is None:
            answer: Answer = _error(413, "The request body is too large.")
        else:
            result = handler(method, target, headers, body)
            answer = await result if isinstance(result, Awaitable) else result
        status, response_headers, content = answer
        response = h11.Response(
            status_code=status,
            headers=[*response_headers, ("Content-Length", str(len(content)))],
        )
        try:
            await stream.send(connection.send(response) or b"")
            await stream.send(connection.send(h11.Data(data=content)) or b"")
            await stream.send(connection.send(h11.EndOfMessage()) or b"")
        except (anyio.BrokenResourceError, OSError):
            return
        if connection.our_state is not h11.DONE or connection.their_state is not h11.DONE:
            return
        connection.start_next_cycle()


async def _read_request(
    stream: anyio.abc.ByteStream, connection: h11.Connection
) -> tuple[str, str, dict[str, str], bytes | None] | None:
    """The next request, or None when the client closed; body None when over the limit."""
    request: h11.Request | None = None
    body = bytearray()
    too_large = False
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            try:
                data = await stream.receive()
            except anyio.EndOfStream:
                data = b""
            connection.receive_data(data)
        elif isinstance(event, h11.Request):
            request = event
        elif isinstance(event, h11.Data):
            if len(body) + len(event.data) > _MAX_BODY:
                too_large = True
            else:
                body += event.data
        elif isinstance(event, h11.EndOfMessage):
            assert request is not None
            headers: dict[str, str] = {}
            for name, value in request.headers:
                key = name.decode("latin-1").lower()
                text = value.decode("latin-1")
                headers[key] = f"{headers[key]}, {text}" if key in headers else text
            return (
                request.method.decode("ascii"),
                request.target.decode("latin-1"),
                headers,
                None if too_large else bytes(body),
            )
        else:  # ConnectionClosed, PAUSED
            return None


def webhook_secret() -> str:
    """A fresh `whsec_` secret, for a fake endpoint."""
    import base64

    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
