"""Signed webhooks (Standard Webhooks), such as `realtime.call.incoming` for SIP calls.

Pure functions, no I/O. The scheme (https://www.standardwebhooks.com/, as OpenAI signs webhooks;
openai-python `lib/_webhooks.py`):

* headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`;
* the signature is `v1,` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")), where the key is
  the base64 after `whsec_` in the endpoint's secret; the header may hold several, separated by
  spaces (during a secret rotation), and one match is enough;
* a timestamp more than `tolerance` seconds (5 minutes) in the past or the future is refused.

The event's shape is openai-python's `RealtimeCallIncomingWebhookEvent`
(`types/webhooks/realtime_call_incoming_webhook_event.py`): `id`, `created_at`, `type`,
`data.call_id`, `data.sip_headers[{name, value}]`, optional `data.sip_media_security`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import orjson

from ._exceptions import WebhookVerificationError

__all__ = [
    "CallIncomingEvent",
    "SipHeader",
    "WebhookEvent",
    "sign_webhook",
    "unwrap_webhook",
    "verify_webhook",
]

DEFAULT_TOLERANCE = 300  # seconds, both ways (openai-python's default too)
_SECRET_PREFIX = "whsec_"

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]


@attrs.frozen
class SipHeader:
    """One header of the SIP INVITE, as the caller's carrier sent it (untrusted metadata)."""

    name: str
    value: str


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """A verified webhook event of a type this SDK does not model; `raw` holds all of it."""

    id: str
    type: str
    created_at: int | None
    raw: dict[str, Any] = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class CallIncomingEvent:
    """`realtime.call.incoming`: a SIP call is waiting to be accepted, rejected or referred.

    Attributes:
        id: the event's id (`evt_...`), also sent as `webhook-id`: deduplicate redeliveries on it.
        created_at: when the event was created (Unix seconds).
        call_id: pass it to `accept_call` / `reject_call` / `refer_call`, and to a sideband
            `Session(call_id=...)`.
        sip_headers: the INVITE's headers, in order, repeated names kept (authorization headers
            are removed by OpenAI). Untrusted: the caller's carrier controls them.
        sip_media_security: "srtp", "rtp", another value, or None when unknown.
        raw: the whole event as JSON, unknown fields included.
    """

    id: str
    created_at: int | None
    call_id: str
    sip_headers: tuple[SipHeader, ...]
    sip_media_security: str | None = None
    raw: dict[str, Any] = attrs.field(repr=False)
    type: str = "realtime.call.incoming"

    def header(self, name: str) -> str | None:
        """The first SIP header called `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((h.value for h in self.sip_headers if h.name.lower() == wanted), None)


def _key(secret: str) -> bytes:
    if not isinstance(secret, str) or not secret:
        raise WebhookVerificationError("the webhook secret must be a non-empty string")
    if not secret.startswith(_SECRET_PREFIX):
        # openai-python uses a secret without the prefix as raw bytes; so do we.
        return secret.encode()
    try:
        return base64.b64decode(secret[len(_SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("the webhook secret is not valid whsec_ base64") from None


def _header(headers: HeadersLike, name: str) -> str:
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        if key.lower() == name:
            return value
    raise WebhookVerificationError(f"missing the {name} header")


def _body(payload: str | bytes) -> bytes:
    return payload.encode() if isinstance(payload, str) else bytes(payload)


def _signature(key: bytes, webhook_id: str, timestamp: str, body: bytes) -> str:
    signed = b"%s.%s.%s" % (webhook_id.encode(), timestamp.encode(), body)
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def verify_webhook(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check a webhook's signature and timestamp; raise WebhookVerificationError if either fails.

    `payload` is the request body exactly as received (do not re-encode parsed JSON); `headers`
    a mapping or `(name, value)` pairs, names in any case; `secret` the endpoint's `whsec_...`
    secret; `now` (Unix seconds) defaults to the clock.
    """
    key = _key(secret)
    webhook_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature_header = _header(headers, "webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("the webhook-timestamp header is not an integer") from None
    clock = int(time.time() if now is None else now)
    if clock - sent_at > tolerance:
        raise WebhookVerificationError(
            f"the webhook timestamp is too old ({clock - sent_at} s, tolerance {tolerance} s)"
        )
    if sent_at - clock > tolerance:
        raise WebhookVerificationError(
            f"the webhook timestamp is in the future ({sent_at - clock} s, tolerance {tolerance} s)"
        )
    expected = _signature(key, webhook_id, timestamp, _body(payload))
    # Standard Webhooks: space-separated "version,signature" entries; only v1 is defined. Like
    # openai-python, an entry without a version is taken as a bare v1 signature. Every candidate
    # is compared (constant time each), so timing does not tell which one matched.
    matched = False
    for entry in signature_header.split():
        version, comma, candidate = entry.partition(",")
        if not comma:
            version, candidate = "v1", entry
        if version == "v1":
            matched |= hmac.compare_digest(expected.encode(), candidate.encode())
    if not matched:
        raise WebhookVerificationError("no webhook signature matches the secret")


def unwrap_webhook(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> CallIncomingEvent | WebhookEvent:
    """Verify a webhook (see `verify_webhook`), then parse it.

    Returns a `CallIncomingEvent` for `realtime.call.incoming`, a `WebhookEvent` for other types.
    Raises WebhookVerificationError when verification fails or the verified body is not a JSON
    event object (or a call event without a `call_id`).
    """
    verify_webhook(payload, headers, secret=secret, tolerance=tolerance, now=now)
    try:
        data = orjson.loads(_body(payload))
    except orjson.JSONDecodeError:
        raise WebhookVerificationError("the webhook body is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise WebhookVerificationError("the webhook body is not an event object with a type")
    event_id = str(data.get("id", ""))
    created_at = data.get("created_at") if isinstance(data.get("created_at"), int) else None
    if data["type"] != "realtime.call.incoming":
        return WebhookEvent(id=event_id, type=data["type"], created_at=created_at, raw=data)
    body = data.get("data")
    if not isinstance(body, dict) or not isinstance(body.get("call_id"), str):
        raise WebhookVerificationError("a realtime.call.incoming event without data.call_id")
    headers_in = body.get("sip_headers")
    sip_headers = tuple(
        SipHeader(str(h["name"]), str(h.get("value", "")))
        for h in (headers_in if isinstance(headers_in, list) else [])
        if isinstance(h, dict) and "name" in h
    )
    security = body.get("sip_media_security")
    return CallIncomingEvent(
        id=event_id,
        created_at=created_at,
        call_id=body["call_id"],
        sip_headers=sip_headers,
        sip_media_security=security if isinstance(security, str) else None,
        raw=data,
    )


def sign_webhook(
    payload: str | bytes,
    *,
    secret: str,
    webhook_id: str | None = None,
    timestamp: int | None = None,
) -> dict[str, str]:
    """The `webhook-*` headers that sign `payload` with `secret` (for fakes and tests)."""
    webhook_id = webhook_id or f"wh_{secrets.token_hex(12)}"
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": stamp,
        "webhook-signature": "v1," + _signature(_key(secret), webhook_id, stamp, _body(payload)),
    }
