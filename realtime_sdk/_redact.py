"""The one rule for what is a secret, and how text is masked before anyone can read it.

Every place that shows text which might carry a credential goes through this module: the WebSocket
debug log (`_transports.websocket.protocol_logger`), URLs in messages and reprs (`redact_url`), the
plaintext-credentials check (`_connect.resolve_endpoint`) and server-provided text in exceptions
(`_exceptions`). It stays outside `_transports/` because the exceptions and the endpoint code use it
as well as the transports.

Two complementary ways of finding a secret, neither depending on how another library words its
log lines:

* **by value**: the credentials a connection actually sends (the API key, a bearer token, the value
  of any header or query parameter whose *name* is secret, such as `X-Auth-Token` or `api-key=`) are
  collected with `secret_values()` and every occurrence of them is replaced, wherever it appears;
* **by pattern**: text that has the shape of a credential is masked even when its value is unknown:
  `name=value` query pairs and `Name: value` header lines whose name is secret, `"name": "value"` JSON
  pairs, `Bearer <token>`, OpenAI-style keys (`sk-...`, ephemeral `ek_...`) and `user:password@` in URLs.

Pure functions, no I/O; imports nothing from the rest of the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["MASK", "is_secret_name", "redact", "redact_url", "secret_values"]

MASK = "***"

# Header or query names that carry a credential whatever their spelling (compared lower-cased).
_SECRET_NAMES = frozenset(
    {
        "authorization",
        "proxy-authorization",
        # Browser-style auth carries the key in a subprotocol ("openai-insecure-api-key.<key>").
        "sec-websocket-protocol",
    }
)
# A name containing one of these parts is a credential: api-key, x-api-key, X-Auth-Token, access_token,
# client_secret, sig, signature, password, Cookie / Set-Cookie, x-amz-credential...
_SECRET_NAME_PARTS = (
    "key",
    "token",
    "secret",
    "signature",
    "sig",
    "password",
    "auth",
    "cookie",
    "credential",
)
_NAME_PARTS_RE = "|".join(_SECRET_NAME_PARTS)

# Values shorter than this are not masked by value (masking "1" everywhere would garble the text and
# reveal nothing useful); they are still masked by pattern.
_MIN_SECRET_LENGTH = 6


def is_secret_name(name: str) -> bool:
    """True when a header or query parameter called `name` carries a credential."""
    lowered = name.strip().lower()
    return lowered in _SECRET_NAMES or any(part in lowered for part in _SECRET_NAME_PARTS)


def secret_values(fields: Iterable[tuple[str, str]] = (), url: str | None = None) -> frozenset[str]:
    """The credential values among header `fields` and `url`'s query and user info.

    A value is kept whole and, for `Bearer <token>` / `Basic <token>` and comma-separated subprotocols,
    also in parts, so that a server echoing only the token is masked too.
    """
    found: set[str] = set()
    pairs = list(fields)
    if url is not None:
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is not None:
            pairs += parse_qsl(parts.query, keep_blank_values=True)
            if parts.password:
                found.add(parts.password)
    for name, value in pairs:
        if not is_secret_name(name):
            continue
        found.add(value.strip())
        for piece in re.split(r"[\s,]+", value):
            scheme, dot, rest = piece.rpartition(".")
            found.add(piece)
            if dot and "key" in scheme.lower():  # openai-insecure-api-key.<key>
                found.add(rest)
    return frozenset(v for v in found if len(v) >= _MIN_SECRET_LENGTH)


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@?#]+@"), rf"\1{MASK}@"),
    # Name: value (an HTTP header line, as any HTTP library or server prints it)
    (
        re.compile(
            rf"(?im)^([^\w\n]*[\w-]*(?:{_NAME_PARTS_RE}|authorization|sec-websocket-protocol)[\w-]*"
            r":[ \t]*)\S[^\r\n]*"
        ),
        rf"\1{MASK}",
    ),
    # "name": "value" (JSON)
    (
        re.compile(rf'(?i)("[\w.-]*(?:{_NAME_PARTS_RE})[\w.-]*"\s*:\s*")(?:[^"\\]|\\.)+(")'),
        rf"\1{MASK}\2",
    ),
    # name=value (a URL query or form body)
    (re.compile(rf"(?i)\b([\w.~-]*(?:{_NAME_PARTS_RE})[\w.~-]*=)[^&\s#\"'<>;,]+"), rf"\1{MASK}"),
    # Bearer <token>, Basic <credentials>
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[\w.~+/=-]{4,}"), rf"\1\2{MASK}"),
    # OpenAI API keys and ephemeral client secrets
    (re.compile(r"\b(sk-|ek_)[\w-]{6,}"), rf"\1{MASK}"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every known secret value and everything shaped like a credential masked."""
    for value in sorted(set(secrets), key=len, reverse=True):
        if len(value) >= _MIN_SECRET_LENGTH:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_url(url: str) -> str:
    """`url` with user:password@ and the values of credential query parameters replaced by `***`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if "@" in parts.netloc:
        parts = parts._replace(netloc=f"{MASK}@{parts.netloc.rpartition('@')[2]}")
    if not parts.query:
        return urlunsplit(parts)
    query = [
        (name, MASK if is_secret_name(name) else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))
