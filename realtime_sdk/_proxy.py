"""Proxies for the Session's WebSocket: which proxy applies, and a byte stream opened through it.

* `resolve_proxy(proxy, ...)` (pure, no I/O) picks the proxy for a target the way httpx does with
  `trust_env`: the `proxy=` argument when given, `None` for none, else `HTTPS_PROXY` (wss://),
  `HTTP_PROXY` (ws://) or `ALL_PROXY`, unless `NO_PROXY` names the host.
* `open_stream(...)` opens TCP to the target, or to the proxy and then through it: an HTTP
  `CONNECT` tunnel (RFC 9110 §9.3.6), over TLS to the proxy itself for an `https://` proxy URL, or
  SOCKS5 with the optional `socks` extra (python-socks). TLS to the target (wss://) runs inside the
  tunnel, so the proxy sees only the target's host and port, never the API key.

One code path for asyncio and trio: everything is an anyio byte stream. The CONNECT exchange is
written here rather than taken from python-socks (see docs/decisions.md): it is a few lines over
anyio, runs over a TLS stream to the proxy like any other, and its errors carry no credentials.
"""

from __future__ import annotations

import base64
import enum
import ipaddress
import os
import ssl
from collections.abc import Mapping
from typing import Final, Literal
from urllib.parse import unquote, urlsplit

import anyio
import anyio.abc
import attrs
from anyio.streams.buffered import BufferedByteReceiveStream
from anyio.streams.tls import TLSStream

from ._connect import USER_AGENT, Secret
from ._exceptions import ConfigurationError, ProxyError

__all__ = [
    "PROXY_FROM_ENV",
    "ProxySetting",
    "ProxyURL",
    "environment_proxy",
    "open_stream",
    "parse_proxy_url",
    "resolve_proxy",
]


class _FromEnv(enum.Enum):
    PROXY_FROM_ENV = "PROXY_FROM_ENV"

    def __repr__(self) -> str:
        return "PROXY_FROM_ENV"


PROXY_FROM_ENV: Final = _FromEnv.PROXY_FROM_ENV
"""The default of every `proxy=` argument: take the proxy from HTTPS_PROXY / HTTP_PROXY /
ALL_PROXY / NO_PROXY, as httpx does with `trust_env=True`."""

ProxySetting = str | None | Literal[_FromEnv.PROXY_FROM_ENV]
"""A `proxy=` argument: a proxy URL, None (no proxy, whatever the environment says), or
`PROXY_FROM_ENV`."""

_SCHEMES = ("http", "https", "socks5", "socks5h")
_DEFAULT_PORTS = {"http": 80, "https": 443, "socks5": 1080, "socks5h": 1080}
_MAX_RESPONSE_HEAD = 16 * 1024  # a CONNECT answer longer than this is not a proxy's


@attrs.frozen(kw_only=True)
class ProxyURL:
    """A parsed proxy URL; its repr and `safe_url` never show the user info."""

    scheme: str
    host: str
    port: int
    username: Secret | None = attrs.field(default=None, repr=False)
    password: Secret | None = attrs.field(default=None, repr=False)

    @property
    def safe_url(self) -> str:
        """`scheme://host:port`, for logs and errors (credentials, if any, shown as `***@`)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        user = "***@" if self.username is not None else ""
        return f"{self.scheme}://{user}{host}:{self.port}"

    def __str__(self) -> str:
        return self.safe_url


def _safe(url: str) -> str:
    """A proxy URL as text fit for an error message: no user info."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    netloc = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{netloc}" if parts.scheme else "<invalid URL>"


def parse_proxy_url(url: str) -> ProxyURL:
    """Parse `http://`, `https://`, `socks5://` or `socks5h://` `[user:password@]host[:port]`.

    A URL without a scheme (`proxy.corp:3128`, as some environments write it) is taken as
    `http://`, as httpx does. Raises ConfigurationError, whose message never holds the user info.
    """
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(f"a proxy must be a URL string, got {type(url).__name__}")
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ConfigurationError(f"invalid proxy URL {_safe(text)!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ConfigurationError(
            f"unsupported proxy scheme in {_safe(text)!r}: use http://, https://, socks5:// "
            "or socks5h://"
        )
    if not parts.hostname:
        raise ConfigurationError(f"proxy URL {_safe(text)!r} has no host")
    return ProxyURL(
        scheme=scheme,
        host=parts.hostname,
        port=port or _DEFAULT_PORTS[scheme],
        username=Secret(unquote(parts.username)) if parts.username is not None else None,
        password=Secret(unquote(parts.password)) if parts.password is not None else None,
    )


def _env(environ: Mapping[str, str], name: str) -> str:
    # urllib.request.getproxies_environment (which httpx uses): the lower-case name wins.
    return environ.get(name, "") or environ.get(name.upper(), "")


def _bypassed(host: str, port: int, no_proxy: str) -> bool:
    """NO_PROXY: `*`, host names (matching subdomains too, with or without a leading dot), IP
    addresses and CIDR networks, each optionally with `:port`."""
    host = host.strip("[]").lower()
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        if "://" in entry:
            entry = entry.split("://", 1)[1]
        entry_port: int | None = None
        if entry.startswith("["):  # [::1]:8080
            name, _, rest = entry[1:].partition("]")
            if rest.startswith(":") and rest[1:].isdigit():
                entry_port = int(rest[1:])
            entry = name
        elif entry.count(":") == 1:
            name, _, maybe_port = entry.partition(":")
            if maybe_port.isdigit():
                entry, entry_port = name, int(maybe_port)
        if entry_port is not None and entry_port != port:
            continue
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        entry = entry.lstrip("*").lstrip(".")
        if entry and (host == entry or host.endswith("." + entry)):
            return True
    return False


def environment_proxy(
    secure: bool, host: str, port: int, environ: Mapping[str, str] | None = None
) -> str | None:
    """The proxy URL the environment gives for a target, or None (none set, or NO_PROXY)."""
    env = os.environ if environ is None else environ
    url = _env(env, "https_proxy" if secure else "http_proxy") or _env(env, "all_proxy")
    if not url or _bypassed(host, port, _env(env, "no_proxy")):
        return None
    return url


def resolve_proxy(
    proxy: ProxySetting,
    *,
    secure: bool,
    host: str,
    port: int,
    environ: Mapping[str, str] | None = None,
) -> ProxyURL | None:
    """The proxy to use for `host:port` (`secure`: wss:// / https://), or None to go direct.

    An explicit proxy URL applies to every host (as httpx's `proxy=`); NO_PROXY only filters
    proxies taken from the environment.
    """
    if proxy is None:
        return None
    if proxy is PROXY_FROM_ENV:
        found = environment_proxy(secure, host, port, environ)
        return parse_proxy_url(found) if found is not None else None
    return parse_proxy_url(proxy)


async def open_stream(
    host: str,
    port: int,
    *,
    tls: bool,
    ssl_context: ssl.SSLContext | None,
    proxy: ProxyURL | None,
) -> anyio.abc.ByteStream:
    """A byte stream to `host:port`, TLS on top when `tls`, through `proxy` when given.

    OS-level failures reaching the target directly propagate (the caller maps them); failures
    reaching or negotiating with the proxy raise ProxyError.
    """
    needs_tls = tls or (proxy is not None and proxy.scheme == "https")
    context = (ssl_context or ssl.create_default_context()) if needs_tls else None
    if proxy is None:
        if context is not None:
            return await anyio.connect_tcp(
                host, port, tls=True, ssl_context=context, tls_hostname=host
            )
        return await anyio.connect_tcp(host, port)
    stream = await _through_proxy(proxy, host, port, context)
    if context is None or not tls:
        return stream
    try:
        # RFC 9110 §9.3.6: after a 2xx the tunnel is a raw byte pipe; TLS to the target runs
        # inside it, so the Authorization header is encrypted end to end.
        return await TLSStream.wrap(stream, hostname=host, ssl_context=context)
    except BaseException:
        await anyio.aclose_forcefully(stream)
        raise


async def _through_proxy(
    proxy: ProxyURL, host: str, port: int, context: ssl.SSLContext | None
) -> anyio.abc.ByteStream:
    if proxy.scheme.startswith("socks"):
        return await _socks(proxy, host, port)
    try:
        stream: anyio.abc.ByteStream
        if context is not None and proxy.scheme == "https":
            stream = await anyio.connect_tcp(
                proxy.host, proxy.port, tls=True, ssl_context=context, tls_hostname=proxy.host
            )
        else:
            stream = await anyio.connect_tcp(proxy.host, proxy.port)
    except (OSError, anyio.BrokenResourceError, ssl.SSLError) as exc:
        raise ProxyError(
            f"could not connect to the proxy {proxy.safe_url}: {_reason(exc)}", proxy=proxy.safe_url
        ) from exc
    try:
        await _http_connect(stream, proxy, host, port)
    except BaseException:
        await anyio.aclose_forcefully(stream)
        raise
    return stream


def _reason(exc: BaseException) -> str:
    reason = str(exc) or type(exc).__name__
    group = getattr(exc.__cause__, "exceptions", None)  # anyio's per-address errors
    if group:
        reason += " (" + "; ".join(str(sub) for sub in group) + ")"
    return reason


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def connect_request(proxy: ProxyURL, host: str, port: int) -> bytes:
    """The CONNECT request head (RFC 9110 §9.3.6; Basic credentials per RFC 7617 §2)."""
    target = _authority(host, port)
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}", f"User-Agent: {USER_AGENT}"]
    if proxy.username is not None:
        user = proxy.username.reveal()
        password = proxy.password.reveal() if proxy.password is not None else ""
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        lines.append(f"Proxy-Authorization: Basic {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _http_connect(
    stream: anyio.abc.ByteStream, proxy: ProxyURL, host: str, port: int
) -> None:
    target = _authority(host, port)
    reader = BufferedByteReceiveStream(stream)
    try:
        await stream.send(connect_request(proxy, host, port))
        head = await reader.receive_until(b"\r\n\r\n", _MAX_RESPONSE_HEAD)
    except anyio.IncompleteRead as exc:
        raise ProxyError(
            f"the proxy {proxy.safe_url} closed the connection before answering CONNECT {target}",
            proxy=proxy.safe_url,
        ) from exc
    except anyio.DelimiterNotFound as exc:
        raise ProxyError(
            f"the proxy {proxy.safe_url} sent no valid answer to CONNECT {target}",
            proxy=proxy.safe_url,
        ) from exc
    except (OSError, anyio.BrokenResourceError, ssl.SSLError) as exc:
        raise ProxyError(
            f"the proxy {proxy.safe_url} failed during CONNECT {target}: {_reason(exc)}",
            proxy=proxy.safe_url,
        ) from exc
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    version, _, rest = status_line.partition(" ")
    code, _, phrase = rest.partition(" ")
    if not version.startswith("HTTP/1.") or not (code.isdigit() and len(code) == 3):
        raise ProxyError(
            f"the proxy {proxy.safe_url} answered CONNECT {target} with something that is not "
            f"HTTP: {status_line[:80]!r}",
            proxy=proxy.safe_url,
        )
    status = int(code)
    if not 200 <= status < 300:
        phrase = "".join(ch for ch in phrase if ch.isprintable())[:80]
        if status == 407:
            detail = (
                "the proxy refused the credentials in the proxy URL"
                if proxy.username is not None
                else "the proxy needs credentials: put them in the proxy URL (user:password@)"
            )
        else:
            detail = f"the proxy refused the tunnel: {phrase or 'no reason given'}"
        raise ProxyError(
            f"HTTP {status} from the proxy {proxy.safe_url} for CONNECT {target}: {detail}",
            proxy=proxy.safe_url,
            status_code=status,
        )
    if reader.buffer:
        # The proxy must not speak for the target before the client did (both TLS and the
        # WebSocket upgrade start with the client): bytes here mean a confused proxy.
        raise ProxyError(
            f"the proxy {proxy.safe_url} sent data after its answer to CONNECT {target}",
            proxy=proxy.safe_url,
        )


async def _socks(proxy: ProxyURL, host: str, port: int) -> anyio.abc.ByteStream:
    try:
        from python_socks import ProxyError as SocksError
        from python_socks import ProxyType
        from python_socks.async_.anyio import Proxy
    except ImportError:
        raise ConfigurationError(
            f"a {proxy.scheme}:// proxy needs the optional dependency python-socks: "
            "pip install 'realtime-sdk[socks]'"
        ) from None
    socks = Proxy(
        ProxyType.SOCKS5,
        proxy.host,
        proxy.port,
        username=proxy.username.reveal() if proxy.username is not None else None,
        password=proxy.password.reveal() if proxy.password is not None else None,
        # socks5h:// resolves the target's name at the proxy; socks5:// here.
        rdns=proxy.scheme == "socks5h",
    )
    try:
        stream: anyio.abc.ByteStream = await socks.connect(host, port)
    except (SocksError, OSError) as exc:
        # python-socks' messages hold the proxy's address and the SOCKS reply, never the password.
        raise ProxyError(
            f"SOCKS proxy {proxy.safe_url} could not open a tunnel to {_authority(host, port)}: "
            f"{type(exc).__name__}: {exc}",
            proxy=proxy.safe_url,
        ) from exc
    return stream
