"""Calls REST (create from an SDP offer, accept, reject, refer, hang up) against the fake server's
calls API, a signed incoming-call webhook, and a sideband Session on the accepted call."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import anyio
import pytest

import realtime_sdk as rt
from realtime_sdk.testing import FakeRealtimeServer, serve_http

pytestmark = pytest.mark.anyio

API_KEY = "sk-calls-test-0123456789"
SECRET = "whsec_" + base64.b64encode(b"calls-test-webhook-secret-key-32").decode()

OFFER = (
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=mid:0\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=sendrecv\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=mid:1\r\n"
    "a=sctp-port:5000\r\n"
)


def calls_client(server: FakeRealtimeServer, **options: Any) -> rt.CallsClient:
    return rt.CallsClient(base_url=server.http_base_url, api_key=API_KEY, proxy=None, **options)


# --- WebRTC: create a call from an SDP offer ------------------------------------------------------


async def test_create_call_returns_the_sdp_answer_and_the_call_id() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server, calls_client(server) as calls:
        answer = await calls.create(
            OFFER, session={"instructions": "Be brief.", "audio": {"output": {"voice": "marin"}}}
        )
    assert answer.call_id is not None
    assert answer.call_id.startswith("rtc_")
    assert answer.location == f"/v1/realtime/calls/{answer.call_id}"
    lines = answer.sdp.split("\r\n")
    assert lines[0] == "v=0"
    assert [line.split()[0] for line in lines if line.startswith("m=")] == [
        "m=audio",
        "m=application",
    ]
    assert "m=audio 9 UDP/TLS/RTP/SAVPF 111" in lines
    assert "a=rtpmap:111 opus/48000/2" in lines
    assert "a=group:BUNDLE 0 1" in lines
    call = server.calls[answer.call_id]
    assert (call.kind, call.state, call.offer) == ("webrtc", "active", OFFER)
    assert call.session == {
        "instructions": "Be brief.",
        "audio": {"output": {"voice": "marin"}},
        "type": "realtime",
    }


class Spy:
    """The fake's calls API behind a recorder of each request's path and headers."""

    def __init__(self, server: FakeRealtimeServer) -> None:
        self.api = server.calls_api
        self.seen: list[tuple[str, Mapping[str, str]]] = []

    def __call__(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Any:
        self.seen.append((path, headers))
        return self.api.handle(method, path, headers, body)


async def test_create_call_without_a_session_sends_the_bare_offer() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        spy = Spy(server)
        async with serve_http(spy) as port:
            async with rt.CallsClient(
                base_url=f"http://127.0.0.1:{port}/v1", api_key=API_KEY, proxy=None
            ) as calls:
                answer = await calls.create(OFFER)
    headers = spy.seen[0][1]
    assert headers["content-type"] == "application/sdp"
    assert headers["accept"] == "application/sdp"
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert answer.call_id in server.calls
    assert server.calls[answer.call_id].session is None


async def test_a_session_model_is_sent_as_its_json() -> None:
    config = rt.events.SessionConfig(instructions="From a model.", output_modalities=["text"])
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        async with calls_client(server) as calls:
            answer = await calls.create(OFFER, session=config, model="gpt-realtime")
        assert answer.call_id is not None
        session = server.calls[answer.call_id].session
    assert session == {
        "type": "realtime",
        "instructions": "From a model.",
        "output_modalities": ["text"],
        "model": "gpt-realtime",
    }


# --- SIP: webhook, accept, sideband, refer, hang up -----------------------------------------------


class WebhookReceiver:
    """A webhook endpoint on loopback that verifies what it receives."""

    def __init__(self) -> None:
        self.events: list[rt.CallIncomingEvent | rt.WebhookEvent] = []
        self.refused = 0
        self.received = anyio.Event()

    def __call__(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Any:
        try:
            self.events.append(rt.unwrap_webhook(body, headers, secret=SECRET))
        except rt.WebhookVerificationError:
            self.refused += 1
            return 400, [], b"bad signature"
        self.received.set()
        return 200, [], b""


async def test_incoming_call_accept_sideband_refer() -> None:
    receiver = WebhookReceiver()
    async with FakeRealtimeServer(api_key=API_KEY) as server, serve_http(receiver) as port:
        call = await server.ring(
            f"http://127.0.0.1:{port}/webhook",
            secret=SECRET,
            sip_headers=[("From", "sip:+15550100@carrier.example"), ("X-Account", "42")],
        )
        assert call.webhook_status == 200
        (event,) = receiver.events
        assert isinstance(event, rt.CallIncomingEvent)
        assert event.call_id == call.call_id
        assert event.header("x-account") == "42"
        assert call.state == "ringing"

        async with calls_client(server) as calls:
            await calls.accept(
                event.call_id,
                session={"instructions": "You are the front desk.", "model": "gpt-realtime"},
            )
            assert call.state == "active"
            async with rt.Session(
                call_id=event.call_id, base_url=server.base_url, api_key=API_KEY, proxy=None
            ) as session:
                server_session = session.server_session
                assert isinstance(server_session, rt.events.SessionConfig)
                assert server_session.instructions == "You are the front desk."
                assert server_session.model == "gpt-realtime"
                assert server.connections[-1].query == {"call_id": event.call_id}
            await calls.refer(event.call_id, target_uri="tel:+14155550123")
        assert call.action_names() == ["accept", "refer"]
        assert call.actions[1] == ("refer", {"target_uri": "tel:+14155550123"})
        assert call.state == "referred"


async def test_a_webhook_with_the_wrong_secret_is_refused_by_the_receiver() -> None:
    receiver = WebhookReceiver()
    async with FakeRealtimeServer() as server, serve_http(receiver) as port:
        call = await server.ring(
            f"http://127.0.0.1:{port}/",
            secret="whsec_" + base64.b64encode(b"some other secret").decode(),
        )
    assert call.webhook_status == 400
    assert receiver.refused == 1
    assert not receiver.events


async def test_reject_and_hangup_are_recorded() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server, calls_client(server) as calls:
        declined, _ = server.calls_api.incoming_call()
        await calls.reject(declined.call_id, status_code=486)
        assert declined.actions == [("reject", {"status_code": 486})]
        assert declined.state == "rejected"

        default, _ = server.calls_api.incoming_call()
        await calls.reject(default.call_id)
        assert default.actions == [("reject", {})]

        answered, _ = server.calls_api.incoming_call()
        await calls.accept(answered.call_id)
        await calls.hangup(answered.call_id)
        assert answered.action_names() == ["accept", "hangup"]
        assert answered.state == "ended"


async def test_refusals_are_typed_call_errors() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        call, _ = server.calls_api.incoming_call()
        async with calls_client(server) as calls:
            await calls.accept(call.call_id)
            with pytest.raises(rt.CallError) as twice:
                await calls.accept(call.call_id)
            with pytest.raises(rt.CallError) as unknown:
                await calls.hangup("rtc_nope")
            other, _ = server.calls_api.incoming_call()
            with pytest.raises(rt.CallError) as bad_session:
                await calls.accept(other.call_id, session={"output_modalities": "loud"})
        async with rt.CallsClient(
            base_url=server.http_base_url, api_key="sk-wrong-key-999", proxy=None
        ) as wrong:
            with pytest.raises(rt.CallError) as unauthorized:
                await wrong.hangup(call.call_id)
    assert twice.value.status_code == 400
    assert "it is active" in str(twice.value)
    assert unknown.value.status_code == 404
    assert "hangup call refused with HTTP 404" in str(unknown.value)
    assert bad_session.value.status_code == 400
    assert unauthorized.value.status_code == 401
    assert unauthorized.value.server_message == "Incorrect API key provided."
    assert "sk-wrong-key-999" not in str(unauthorized.value)


async def test_sideband_to_an_unknown_or_ringing_call_is_refused() -> None:
    async with FakeRealtimeServer() as server:
        call, _ = server.calls_api.incoming_call()
        with pytest.raises(rt.NotFoundError):
            async with rt.Session(call_id="rtc_unknown", base_url=server.base_url, proxy=None):
                pass
        with pytest.raises(rt.RealtimeHandshakeError) as ringing:
            async with rt.Session(call_id=call.call_id, base_url=server.base_url, proxy=None):
                pass
    assert ringing.value.status_code == 400
    assert "ringing" in str(ringing.value)


async def test_bad_arguments_fail_before_any_request() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server, calls_client(server) as calls:
        with pytest.raises(rt.ConfigurationError, match="status_code"):
            await calls.reject("rtc_1", status_code=200)
        with pytest.raises(rt.ConfigurationError, match="target_uri"):
            await calls.refer("rtc_1", target_uri="https://example.com")
        with pytest.raises(rt.ConfigurationError, match="call_id"):
            await calls.hangup("")
        with pytest.raises(rt.ConfigurationError, match="SDP offer"):
            await calls.create("hello")
    with pytest.raises(rt.ConfigurationError, match="plaintext"):
        rt.CallsClient(base_url="http://calls.example.com/v1", api_key=API_KEY)
    with pytest.raises(rt.ConfigurationError, match="no credential"):
        rt.CallsClient(base_url="https://calls.example.com/v1", api_key="")


async def test_a_call_id_is_one_path_segment() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server, calls_client(server) as calls:
        with pytest.raises(rt.CallError) as caught:
            await calls.hangup("../../other/endpoint")
    assert caught.value.status_code == 404
    assert "%2F" in caught.value.url


async def test_azure_paths_and_api_key_header() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        spy = Spy(server)
        async with serve_http(spy) as port:
            async with rt.CallsClient(
                azure_endpoint=f"http://127.0.0.1:{port}", api_key=API_KEY, proxy=None
            ) as calls:
                answer = await calls.create(OFFER)
                assert answer.call_id is not None
                await calls.hangup(answer.call_id)
    assert [path for path, _ in spy.seen] == [
        "/openai/v1/realtime/calls",
        f"/openai/v1/realtime/calls/{answer.call_id}/hangup",
    ]
    assert all(h["api-key"] == API_KEY and "authorization" not in h for _, h in spy.seen)
    assert answer.location == f"/openai/v1/realtime/calls/{answer.call_id}"


async def test_token_provider_sends_a_bearer_token() -> None:
    async def token() -> str:
        return API_KEY

    async with FakeRealtimeServer(api_key=API_KEY) as server:
        call, _ = server.calls_api.incoming_call()
        async with rt.CallsClient(
            base_url=server.http_base_url, token_provider=token, proxy=None
        ) as calls:
            await calls.accept(call.call_id)
    assert call.state == "active"


async def test_sync_client_against_the_fake() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        call, _ = server.calls_api.incoming_call()

        def control() -> rt.CallAnswer:
            with rt.SyncCallsClient(
                base_url=server.http_base_url, api_key=API_KEY, proxy=None
            ) as calls:
                calls.accept(call.call_id, session={"instructions": "sync"})
                calls.refer(call.call_id, target_uri="sip:desk@example.com")
                return calls.create(OFFER)

        answer = await anyio.to_thread.run_sync(control)
    assert call.action_names() == ["accept", "refer"]
    assert answer.call_id in server.calls
    assert call.session == {"instructions": "sync", "type": "realtime"}


async def test_an_unreachable_server_is_a_connect_error() -> None:
    calls = rt.CallsClient(base_url="http://127.0.0.1:9/v1", api_key=API_KEY, proxy=None)
    with pytest.raises(rt.ConnectError, match="hangup call"):
        await calls.hangup("rtc_1")
    assert API_KEY not in repr(calls)


async def test_hanging_up_closes_the_sideband_session() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server, calls_client(server) as calls:
        call, _ = server.calls_api.incoming_call()
        await calls.accept(call.call_id)
        async with rt.Session(
            call_id=call.call_id, base_url=server.base_url, api_key=API_KEY, proxy=None
        ) as session:
            await calls.hangup(call.call_id)
            with anyio.fail_after(10):  # a bound, so that a regression fails instead of hanging
                async for _ in session:  # ends quietly when the server closes normally
                    pass
            assert session.closed
            assert session.close_code == 1000
        assert call.state == "ended"


def test_azure_sideband_url_names_the_call_not_a_deployment() -> None:
    from realtime_sdk._connect import resolve_endpoint

    target = resolve_endpoint(
        model=None,
        call_id="rtc_123",
        azure_endpoint="https://res.openai.azure.com",
        api_key="azure-key-1234",
        environ={},
    )
    assert target.url == "wss://res.openai.azure.com/openai/v1/realtime?call_id=rtc_123"
    assert ("api-key", "azure-key-1234") in target.headers
    with pytest.raises(rt.ConfigurationError, match="api_version"):
        resolve_endpoint(
            model=None,
            call_id="rtc_123",
            azure_endpoint="https://res.openai.azure.com",
            api_version="2025-04-01-preview",
            api_key="azure-key-1234",
            environ={},
        )


async def test_azure_style_sideband_attaches_to_the_fake() -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        call, _ = server.calls_api.incoming_call()
        async with rt.CallsClient(
            azure_endpoint=server.http_base_url.removesuffix("/v1"), api_key=API_KEY, proxy=None
        ) as calls:
            await calls.accept(call.call_id, session={"instructions": "Azure desk."})
        root = server.base_url.removesuffix("/v1")
        async with rt.Session(
            call_id=call.call_id, azure_endpoint=root, api_key=API_KEY, proxy=None
        ) as session:
            assert isinstance(session.server_session, rt.events.SessionConfig)
            assert session.server_session.instructions == "Azure desk."
        assert server.connections[-1].path == "/openai/v1/realtime"
        assert server.connections[-1].headers["api-key"] == API_KEY
