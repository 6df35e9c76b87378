"""Standard Webhooks verification of `realtime.call.incoming`, cross-checked against openai-python's
`client.webhooks.unwrap` on the same payloads: both accept and refuse the same inputs."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import openai
import pytest

import realtime_sdk as rt

SECRET = "whsec_" + base64.b64encode(b"a 32-byte webhook signing key!!!").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"another key, rotated out long ago").decode()

CALL_EVENT = {
    "object": "event",
    "id": "evt_685343a1381c819085d44c354e1b330e",
    "type": "realtime.call.incoming",
    "created_at": 1750287018,
    "data": {
        "call_id": "rtc_u1_9c6574da8b8a41a18da9308f4ad974ce",
        "sip_headers": [
            {"name": "From", "value": "sip:+142555512112@sip.example.com"},
            {"name": "To", "value": "sip:+18005551212@sip.example.com"},
            {"name": "Call-ID", "value": "03782086-4ce9-44bf-8b0d-4e303d2cc590"},
            {"name": "X-Customer", "value": "gold"},
            {"name": "X-Customer", "value": "renewal"},
        ],
        "sip_media_security": "srtp",
    },
}  # the shape of openai-python's RealtimeCallIncomingWebhookEvent


def body(event: Any = CALL_EVENT) -> bytes:
    return json.dumps(event).encode()


def signed(payload: bytes, *, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    return rt.sign_webhook(payload, secret=secret, webhook_id="wh_123", timestamp=at)


def cases() -> list[tuple[str, bytes, dict[str, str]]]:
    """(name, payload, headers): valid and invalid deliveries, timestamps far from the edges.

    Built when a test runs (not at collection): the timestamps are relative to the clock."""
    now = int(time.time())
    good = body()
    headers = signed(good)
    sig = headers["webhook-signature"]
    other = signed(good, secret=OTHER_SECRET)["webhook-signature"]
    out = [
        ("valid", good, headers),
        ("valid, header names in capitals", good, {k.title(): v for k, v in headers.items()}),
        (
            "valid among several signatures",
            good,
            {**headers, "webhook-signature": f"{other} {sig}"},
        ),
        ("only other signatures", good, {**headers, "webhook-signature": f"{other} {other}"}),
        ("tampered body", good.replace(b"gold", b"lead"), headers),
        ("wrong secret", good, signed(good, secret=OTHER_SECRET)),
        ("signed 100 s ago", good, signed(good, at=now - 100)),
        ("signed 1000 s ago", good, signed(good, at=now - 1000)),
        ("signed 100 s ahead", good, signed(good, at=now + 100)),
        ("signed 1000 s ahead", good, signed(good, at=now + 1000)),
        ("timestamp changed after signing", good, {**headers, "webhook-timestamp": str(now - 5)}),
        ("id changed after signing", good, {**headers, "webhook-id": "wh_456"}),
        ("timestamp not a number", good, {**headers, "webhook-timestamp": "yesterday"}),
        ("unknown signature version", good, {**headers, "webhook-signature": "v2," + sig[3:]}),
        ("truncated signature", good, {**headers, "webhook-signature": sig[:-4]}),
        ("empty signature header", good, {**headers, "webhook-signature": ""}),
        (
            "valid, bare signature without v1, (as openai-python)",
            good,
            {**headers, "webhook-signature": sig[3:]},
        ),
        ("valid, non-ASCII body", "é ☎".encode() + good, signed("é ☎".encode() + good)),
    ]
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        out.append((f"missing {name}", good, {k: v for k, v in headers.items() if k != name}))
    return out


def ours(payload: bytes, headers: dict[str, str]) -> bool:
    try:
        rt.verify_webhook(payload, headers, secret=SECRET)
    except rt.WebhookVerificationError:
        return False
    return True


def theirs(payload: bytes, headers: dict[str, str]) -> bool:
    client = openai.OpenAI(api_key="sk-unused", webhook_secret=SECRET)
    try:
        client.webhooks.verify_signature(payload, headers)
    except (openai.InvalidWebhookSignatureError, ValueError):
        return False
    return True


@pytest.mark.parametrize("name", [case[0] for case in cases()])
def test_same_verdict_as_openai_python(name: str) -> None:
    payload, headers = next((p, h) for n, p, h in cases() if n == name)
    expected = (
        name.startswith("valid") or name == "signed 100 s ago" or name == "signed 100 s ahead"
    )
    assert theirs(payload, headers) is expected
    assert ours(payload, headers) is expected


def test_unwrap_gives_a_typed_call_event_matching_openai_python() -> None:
    payload = body()
    headers = signed(payload)
    event = rt.unwrap_webhook(payload, headers, secret=SECRET)
    assert isinstance(event, rt.CallIncomingEvent)
    theirs_event = openai.OpenAI(api_key="sk-unused").webhooks.unwrap(
        payload, headers, secret=SECRET
    )
    assert theirs_event.type == event.type == "realtime.call.incoming"
    assert event.id == theirs_event.id
    assert event.created_at == theirs_event.created_at
    assert event.call_id == theirs_event.data.call_id
    assert [(h.name, h.value) for h in event.sip_headers] == [
        (h.name, h.value) for h in theirs_event.data.sip_headers
    ]
    assert event.sip_media_security == "srtp"
    assert event.header("x-customer") == "gold"  # the first of a repeated header
    assert event.header("Contact") is None
    assert event.raw == CALL_EVENT


def test_unwrap_str_payload_and_header_pairs() -> None:
    text = body().decode()
    event = rt.unwrap_webhook(text, list(signed(body()).items()), secret=SECRET)
    assert isinstance(event, rt.CallIncomingEvent)
    assert event.call_id == "rtc_u1_9c6574da8b8a41a18da9308f4ad974ce"


def test_other_event_types_are_kept_whole() -> None:
    other = {"id": "evt_1", "type": "response.completed", "created_at": 1, "data": {"id": "resp_1"}}
    event = rt.unwrap_webhook(body(other), signed(body(other)), secret=SECRET)
    assert isinstance(event, rt.WebhookEvent)
    assert (event.type, event.id, event.raw) == ("response.completed", "evt_1", other)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not an event object"),
        (body({"id": "evt_1", "type": "realtime.call.incoming", "data": {}}), "call_id"),
    ],
)
def test_a_verified_but_malformed_body_is_refused(payload: bytes, message: str) -> None:
    with pytest.raises(rt.WebhookVerificationError, match=message):
        rt.unwrap_webhook(payload, signed(payload), secret=SECRET)


def test_tolerance_is_five_minutes_both_ways_and_adjustable() -> None:
    payload = body()
    headers = signed(payload, at=1_000_000)
    for now in (1_000_000 - 300, 1_000_000 + 300):
        rt.verify_webhook(payload, headers, secret=SECRET, now=now)
    with pytest.raises(rt.WebhookVerificationError, match="too old"):
        rt.verify_webhook(payload, headers, secret=SECRET, now=1_000_000 + 301)
    with pytest.raises(rt.WebhookVerificationError, match="future"):
        rt.verify_webhook(payload, headers, secret=SECRET, now=1_000_000 - 301)
    rt.verify_webhook(payload, headers, secret=SECRET, now=1_000_000 + 3000, tolerance=3600)


def test_errors_never_show_the_secret_or_signature() -> None:
    payload = body()
    headers = signed(payload, secret=OTHER_SECRET)
    with pytest.raises(rt.WebhookVerificationError) as caught:
        rt.verify_webhook(payload, headers, secret=SECRET)
    text = str(caught.value)
    assert SECRET[6:] not in text
    assert headers["webhook-signature"][3:] not in text
    with pytest.raises(rt.WebhookVerificationError, match="whsec_ base64"):
        rt.verify_webhook(payload, headers, secret="whsec_***not base64***")
