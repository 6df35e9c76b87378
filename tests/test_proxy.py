"""Sessions through a real HTTP proxy (proxy.py, run on loopback by these tests), on asyncio and
trio: ws:// and wss://, from the environment and from `proxy=`, NO_PROXY, 407, no secret leaks."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
import pytest
from anyio.streams.buffered import BufferedByteReceiveStream

import realtime_sdk as rt
from realtime_sdk._proxy import (
    PROXY_FROM_ENV,
    ProxyURL,
    connect_request,
    environment_proxy,
    open_stream,
    parse_proxy_url,
    resolve_proxy,
)
from realtime_sdk._transports import serve_websocket
from realtime_sdk.testing import FakeRealtimeServer
from tests import test_tls
from tests.test_tls import realtime_server

trustme = pytest.importorskip("trustme")

API_KEY = "sk-proxy-test-key-0123456789"
PROXY_PASSWORD = "pr0xy-pa55word"
_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")

# The throwaway CA and the TLS contexts of the wss:// tests, shared with them.
ca = test_tls.ca
server_context = test_tls.server_context
client_context = test_tls.client_context


class ProxyServer:
    """A proxy.py process listening on 127.0.0.1; its log (debug level) is kept in a file."""

    def __init__(self, directory: Path, *extra: str) -> None:
        self.log = directory / "proxy.log"
        port_file = directory / "port"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "proxy",
                "--hostname",
                "127.0.0.1",
                "--port",
                "0",
                "--port-file",
                str(port_file),
                "--num-acceptors",
                "1",
                "--num-workers",
                "1",
                "--log-level",
                "d",
                "--log-file",
                str(self.log),
                *extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={"PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"},
        )
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                pytest.fail(f"proxy.py did not start: {self.read_log()[-2000:]}")
            time.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])
        while True:  # the port file is written just before listen(): wait for the socket
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.close()
                    pytest.fail("proxy.py does not accept connections")
                time.sleep(0.05)

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    def read_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def open_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyServer]:
    proxy = ProxyServer(tmp_path_factory.mktemp("proxy"))
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def auth_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyServer]:
    proxy = ProxyServer(
        tmp_path_factory.mktemp("auth-proxy"), "--basic-auth", f"alice:{PROXY_PASSWORD}"
    )
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def tls_proxy(tmp_path_factory: pytest.TempPathFactory, ca: Any) -> Iterator[ProxyServer]:
    directory = tmp_path_factory.mktemp("tls-proxy")
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.cert_chain_pems[0].write_to_path(str(directory / "cert.pem"))
    cert.private_key_pem.write_to_path(str(directory / "key.pem"))
    proxy = ProxyServer(
        directory,
        "--cert-file",
        str(directory / "cert.pem"),
        "--key-file",
        str(directory / "key.pem"),
    )
    yield proxy
    proxy.close()


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def connects_through(proxy: ProxyServer, port: int) -> int:
    """How many CONNECT tunnels to 127.0.0.1:port the proxy's log shows."""
    return proxy.read_log().count(f"CONNECT 127.0.0.1:{port}")


async def wait_for_log(proxy: ProxyServer, needle: str) -> None:
    # proxy.py writes its access-log line when a tunnel closes; wait (bounded) for it.
    with anyio.fail_after(30):
        while needle not in proxy.read_log():  # noqa: ASYNC110 (another process writes it)
            await anyio.sleep(0.05)


async def say_hello(session: rt.Session) -> None:
    updated = await session.update_session(instructions="through the proxy", wait=True)
    assert updated is not None
    assert updated.type == "session.updated"


# --- ws:// and wss:// through the proxy -----------------------------------------------------------


@pytest.mark.anyio
async def test_ws_through_the_proxy_from_http_proxy_env(
    open_proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://{open_proxy.host_port}")
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        before = connects_through(open_proxy, server.port)
        async with rt.Session(model="m", base_url=server.base_url, api_key=API_KEY) as session:
            await say_hello(session)
        assert len(server.connections) == 1
        await wait_for_log(open_proxy, f"CONNECT 127.0.0.1:{server.port}")
        assert connects_through(open_proxy, server.port) == before + 1


@pytest.mark.anyio
async def test_wss_through_the_proxy_from_https_proxy_env_keeps_the_key_in_the_tunnel(
    open_proxy: ProxyServer,
    monkeypatch: pytest.MonkeyPatch,
    server_context: ssl.SSLContext,
    client_context: ssl.SSLContext,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://{open_proxy.host_port}")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # not for wss://: would fail
    async with serve_websocket(realtime_server, "localhost", ssl_context=server_context) as server:
        async with rt.Session(
            model="m", base_url=server.url, api_key=API_KEY, ssl_context=client_context
        ) as session:
            await say_hello(session)
        await wait_for_log(open_proxy, f"CONNECT localhost:{server.port}")
    assert API_KEY not in open_proxy.read_log()


@pytest.mark.anyio
async def test_explicit_proxy_argument_wins_over_the_environment(
    open_proxy: ProxyServer,
    monkeypatch: pytest.MonkeyPatch,
    server_context: ssl.SSLContext,
    client_context: ssl.SSLContext,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens there
    async with serve_websocket(realtime_server, "localhost", ssl_context=server_context) as server:
        async with rt.Session(
            model="m",
            base_url=server.url,
            api_key=API_KEY,
            ssl_context=client_context,
            proxy=f"http://{open_proxy.host_port}",
        ) as session:
            await say_hello(session)
        await wait_for_log(open_proxy, f"CONNECT localhost:{server.port}")
    assert API_KEY not in open_proxy.read_log()


@pytest.mark.anyio
async def test_wss_through_an_https_proxy(
    tls_proxy: ProxyServer, server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    async with serve_websocket(realtime_server, "localhost", ssl_context=server_context) as server:
        async with rt.Session(
            model="m",
            base_url=server.url,
            api_key=API_KEY,
            ssl_context=client_context,  # trusts the CA of both the proxy and the server
            proxy=f"https://{tls_proxy.host_port}",
        ) as session:
            await say_hello(session)
        await wait_for_log(tls_proxy, f"CONNECT localhost:{server.port}")
    assert API_KEY not in tls_proxy.read_log()


@pytest.mark.anyio
async def test_no_proxy_bypasses_the_environment_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would refuse the connection
    monkeypatch.setenv("NO_PROXY", "example.com, 127.0.0.1")
    async with FakeRealtimeServer() as server:
        async with rt.Session(model="m", base_url=server.base_url) as session:
            await say_hello(session)


@pytest.mark.anyio
async def test_proxy_none_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    async with FakeRealtimeServer() as server:
        with pytest.raises(rt.ProxyError, match=r"could not connect to the proxy"):
            async with rt.Session(model="m", base_url=server.base_url):
                pass
        async with rt.Session(model="m", base_url=server.base_url, proxy=None) as session:
            await say_hello(session)


class Tap:
    """A TCP relay in front of the proxy that keeps every byte the client sent it."""

    def __init__(self, proxy: ProxyServer) -> None:
        self.proxy = proxy
        self.sent = bytearray()

    async def __call__(self, client: anyio.abc.SocketStream) -> None:
        async with client, await anyio.connect_tcp("127.0.0.1", self.proxy.port) as upstream:
            await relay(client, upstream, self.sent)


async def relay(
    client: anyio.abc.ByteStream,
    upstream: anyio.abc.ByteStream,
    sent: bytearray | None = None,
    client_reader: Any = None,
) -> None:
    """Pump bytes both ways until either side ends; keep what the client sent in `sent`.
    `client_reader` reads the client instead of `client` (a buffer that already holds bytes)."""
    async with anyio.create_task_group() as tg:

        async def pump(source: Any, sink: anyio.abc.ByteSendStream, keep: bytearray | None) -> None:
            with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
                async for chunk in source:
                    if keep is not None:
                        keep += chunk
                    await sink.send(chunk)
            tg.cancel_scope.cancel()

        tg.start_soon(pump, client_reader or client, upstream, sent)
        tg.start_soon(pump, upstream, client, None)


@pytest.mark.anyio
async def test_the_proxy_receives_the_api_key_only_encrypted(
    open_proxy: ProxyServer, server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    tap = Tap(open_proxy)
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, tap)
        async with serve_websocket(
            realtime_server, "localhost", ssl_context=server_context
        ) as server:
            async with rt.Session(
                model="m",
                base_url=server.url,
                api_key=API_KEY,
                ssl_context=client_context,
                proxy=f"http://127.0.0.1:{port}",
            ) as session:
                await say_hello(session)
        tg.cancel_scope.cancel()
    wire = bytes(tap.sent)
    assert wire.startswith(f"CONNECT localhost:{server.port} HTTP/1.1\r\n".encode())
    assert b"\x16\x03" in wire  # a TLS handshake record followed the CONNECT
    assert API_KEY.encode() not in wire
    assert b"Authorization" not in wire
    assert b"session.update" not in wire


# --- refusals -------------------------------------------------------------------------------------


async def refused(proxy: str) -> rt.ProxyError:
    """The ProxyError a Session to a fake server (never reached) raises through `proxy`."""
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        with pytest.raises(rt.ProxyError) as caught:
            async with rt.Session(
                model="m", base_url=server.base_url, api_key=API_KEY, proxy=proxy
            ):
                pass
        assert not server.connections
    return caught.value


@pytest.mark.anyio
async def test_407_without_credentials_is_a_proxy_error(auth_proxy: ProxyServer) -> None:
    error = await refused(f"http://{auth_proxy.host_port}")
    assert isinstance(error, rt.ConnectError)
    assert error.status_code == 407
    assert "needs credentials" in str(error)
    assert error.proxy == f"http://{auth_proxy.host_port}"


@pytest.mark.anyio
async def test_407_with_wrong_credentials_names_no_credential(
    auth_proxy: ProxyServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    error = await refused(f"http://alice:not-{PROXY_PASSWORD}@{auth_proxy.host_port}")
    assert error.status_code == 407
    assert "refused the credentials" in str(error)
    for text in (str(error), repr(error), error.proxy, caplog.text):
        assert PROXY_PASSWORD not in text
        assert "alice" not in text
        assert API_KEY not in text


@pytest.mark.anyio
async def test_right_credentials_open_the_tunnel(
    auth_proxy: ProxyServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        async with rt.Session(
            model="m",
            base_url=server.base_url,
            api_key=API_KEY,
            proxy=f"http://alice:{PROXY_PASSWORD}@{auth_proxy.host_port}",
        ) as session:
            await say_hello(session)
            assert PROXY_PASSWORD not in repr(session)
    assert PROXY_PASSWORD not in caplog.text


@pytest.mark.anyio
async def test_a_proxy_refusing_the_target_is_a_proxy_error(open_proxy: ProxyServer) -> None:
    with socket.socket() as unused:  # a port nobody listens on (bound, never listening)
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
        with pytest.raises(rt.ProxyError) as caught:
            async with rt.Session(
                model="m",
                base_url=f"ws://127.0.0.1:{port}/v1",
                proxy=f"http://{open_proxy.host_port}",
            ):
                pass
    assert caught.value.status_code is not None
    assert caught.value.status_code >= 400


@pytest.mark.anyio
async def test_a_server_that_is_no_proxy_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    async def not_a_proxy(stream: Any) -> None:
        async with stream:
            await stream.receive()
            await stream.send(b"SSH-2.0-OpenSSH\r\n\r\n")

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, not_a_proxy)
        with pytest.raises(rt.ProxyError, match="not HTTP"):
            async with rt.Session(
                model="m", base_url="ws://127.0.0.1:1/v1", proxy=f"http://127.0.0.1:{port}"
            ):
                pass
        tg.cancel_scope.cancel()


# --- resolution (no I/O) --------------------------------------------------------------------------


def test_environment_proxy_follows_the_scheme_and_no_proxy() -> None:
    env = {
        "HTTPS_PROXY": "http://secure-proxy:3128",
        "http_proxy": "http://plain-proxy:3128",
        "NO_PROXY": ".internal.corp, 10.0.0.0/8, [::1], localhost:8080",
    }
    assert environment_proxy(True, "api.openai.com", 443, env) == "http://secure-proxy:3128"
    assert environment_proxy(False, "api.openai.com", 80, env) == "http://plain-proxy:3128"
    assert environment_proxy(True, "gw.internal.corp", 443, env) is None
    assert environment_proxy(True, "internal.corp", 443, env) is None
    assert environment_proxy(True, "10.1.2.3", 443, env) is None
    assert environment_proxy(True, "::1", 443, env) is None
    assert environment_proxy(True, "localhost", 8080, env) is None
    assert environment_proxy(True, "localhost", 443, env) == "http://secure-proxy:3128"
    assert environment_proxy(True, "notinternal.corp", 443, env) == "http://secure-proxy:3128"
    assert environment_proxy(True, "x", 1, {"ALL_PROXY": "socks5://s:1080"}) == "socks5://s:1080"
    assert environment_proxy(True, "x", 1, {"ALL_PROXY": "p:1", "NO_PROXY": "*"}) is None
    # the lower-case variable wins, as in urllib (and so httpx)
    assert environment_proxy(False, "x", 1, {"http_proxy": "a:1", "HTTP_PROXY": "b:1"}) == "a:1"


def test_resolve_proxy_explicit_none_and_environment() -> None:
    env = {"HTTPS_PROXY": "corp:3128", "NO_PROXY": "api.openai.com"}
    found = resolve_proxy(PROXY_FROM_ENV, secure=True, host="example.org", port=443, environ=env)
    assert found == ProxyURL(scheme="http", host="corp", port=3128)
    assert (
        resolve_proxy(PROXY_FROM_ENV, secure=True, host="api.openai.com", port=443, environ=env)
        is None
    )
    assert resolve_proxy(None, secure=True, host="example.org", port=443, environ=env) is None
    explicit = resolve_proxy("https://p:8443", secure=True, host="api.openai.com", port=443)
    assert explicit == ProxyURL(scheme="https", host="p", port=8443)


def test_proxy_url_never_shows_its_credentials() -> None:
    proxy = parse_proxy_url(f"http://al%40ice:{PROXY_PASSWORD}@proxy.corp:3128")
    assert proxy.username is not None
    assert proxy.username.reveal() == "al@ice"
    for text in (repr(proxy), str(proxy), proxy.safe_url):
        assert PROXY_PASSWORD not in text
        assert "ice" not in text
    assert proxy.safe_url == "http://***@proxy.corp:3128"
    request = connect_request(proxy, "api.openai.com", 443).decode()
    assert request.startswith("CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n")
    # RFC 7617: base64("al@ice:" + password)
    assert "Proxy-Authorization: Basic YWxAaWNlOnByMHh5LXBhNTV3b3Jk\r\n" in request
    assert "Authorization: Bearer" not in request


@pytest.mark.parametrize(
    "url",
    [
        "ftp://proxy:21",
        "http://",
        f"http://alice:{PROXY_PASSWORD}@proxy:notaport",
        f"gopher://alice:{PROXY_PASSWORD}@proxy",
        "",
    ],
)
def test_bad_proxy_urls_are_configuration_errors_without_credentials(url: str) -> None:
    with pytest.raises(rt.ConfigurationError) as caught:
        parse_proxy_url(url)
    assert PROXY_PASSWORD not in str(caught.value)


def test_a_bad_proxy_argument_fails_before_any_io() -> None:
    with pytest.raises(rt.ConfigurationError, match="unsupported proxy scheme"):
        rt.Session(model="m", base_url="ws://127.0.0.1:1/v1", proxy="ftp://p")


@pytest.mark.anyio
async def test_open_stream_direct_without_a_proxy() -> None:
    async with FakeRealtimeServer() as server:
        stream = await open_stream(
            "127.0.0.1", server.port, tls=False, ssl_context=None, proxy=None
        )
        await stream.aclose()


# --- REST calls through the proxy (httpx) ---------------------------------------------------------


@pytest.mark.anyio
async def test_calls_rest_through_the_proxy_from_env_and_argument(
    open_proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        first, _ = server.calls_api.incoming_call()
        second, _ = server.calls_api.incoming_call()
        monkeypatch.setenv("HTTP_PROXY", f"http://{open_proxy.host_port}")
        async with rt.CallsClient(base_url=server.http_base_url, api_key=API_KEY) as calls:
            await calls.accept(first.call_id)
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
        async with rt.CallsClient(
            base_url=server.http_base_url,
            api_key=API_KEY,
            proxy=f"http://{open_proxy.host_port}",
        ) as calls:
            await calls.accept(second.call_id)
        assert (first.state, second.state) == ("active", "active")
        for call in (first, second):
            await wait_for_log(open_proxy, f"/v1/realtime/calls/{call.call_id}/accept")


@pytest.mark.anyio
async def test_calls_rest_407_is_a_proxy_error(
    auth_proxy: ProxyServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")  # httpx and httpcore log at DEBUG too
    async with FakeRealtimeServer(api_key=API_KEY) as server:
        call, _ = server.calls_api.incoming_call()
        calls = rt.CallsClient(
            base_url=server.http_base_url,
            api_key=API_KEY,
            proxy=f"http://alice:wrong-{PROXY_PASSWORD}@{auth_proxy.host_port}",
        )
        with pytest.raises(rt.ProxyError) as caught:
            await calls.accept(call.call_id)
        assert call.state == "ringing"
    assert caught.value.status_code == 407
    for text in (str(caught.value), repr(calls), caplog.text):
        assert PROXY_PASSWORD not in text


# --- SOCKS5 (the `socks` extra) -------------------------------------------------------------------


class Socks5Proxy:
    """A minimal SOCKS5 server for the tests (RFC 1928 CONNECT; RFC 1929 user/password when
    `credentials` is set), relaying to loopback targets; `targets` logs what clients asked for."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.credentials = credentials
        self.targets: list[tuple[str, int]] = []

    async def __call__(self, client: anyio.abc.SocketStream) -> None:
        async with client:
            reader = BufferedByteReceiveStream(client)
            _, count = await reader.receive_exactly(2)
            methods = await reader.receive_exactly(count)
            method = 2 if self.credentials else 0
            if method not in methods:
                await client.send(b"\x05\xff")
                return
            await client.send(bytes([5, method]))
            if self.credentials:
                _, size = await reader.receive_exactly(2)
                user = (await reader.receive_exactly(size)).decode()
                size = (await reader.receive_exactly(1))[0]
                password = (await reader.receive_exactly(size)).decode()
                accepted = (user, password) == self.credentials
                await client.send(b"\x01\x00" if accepted else b"\x01\x01")
                if not accepted:
                    return
            _, _, _, kind = await reader.receive_exactly(4)
            if kind == 1:
                host = socket.inet_ntoa(await reader.receive_exactly(4))
            elif kind == 3:
                host = (await reader.receive_exactly((await reader.receive_exactly(1))[0])).decode()
            else:
                host = socket.inet_ntop(socket.AF_INET6, await reader.receive_exactly(16))
            port = int.from_bytes(await reader.receive_exactly(2), "big")
            self.targets.append((host, port))
            upstream = await anyio.connect_tcp(host, port)
            await client.send(b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00")
            async with upstream:
                await relay(client, upstream, client_reader=reader)

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[int]:
        listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
        async with listener, anyio.create_task_group() as tg:
            tg.start_soon(listener.serve, self)
            yield listener.extra(anyio.abc.SocketAttribute.local_port)
            tg.cancel_scope.cancel()


@pytest.mark.anyio
async def test_session_through_a_socks5_proxy_with_credentials() -> None:
    socks = Socks5Proxy(credentials=("alice", PROXY_PASSWORD))
    async with FakeRealtimeServer(api_key=API_KEY) as server, socks.serving() as port:
        async with rt.Session(
            model="m",
            base_url=server.base_url,
            api_key=API_KEY,
            proxy=f"socks5://alice:{PROXY_PASSWORD}@127.0.0.1:{port}",
        ) as session:
            await say_hello(session)
        assert socks.targets == [("127.0.0.1", server.port)]
        with pytest.raises(rt.ProxyError) as caught:
            async with rt.Session(
                model="m",
                base_url=server.base_url,
                api_key=API_KEY,
                proxy=f"socks5h://alice:wrong-{PROXY_PASSWORD}@127.0.0.1:{port}",
            ):
                pass
    assert PROXY_PASSWORD not in str(caught.value)
    assert caught.value.proxy == f"socks5h://***@127.0.0.1:{port}"


@pytest.mark.anyio
async def test_calls_rest_through_a_socks5_proxy() -> None:
    socks = Socks5Proxy()
    async with FakeRealtimeServer(api_key=API_KEY) as server, socks.serving() as port:
        call, _ = server.calls_api.incoming_call()
        async with rt.CallsClient(
            base_url=server.http_base_url, api_key=API_KEY, proxy=f"socks5://127.0.0.1:{port}"
        ) as calls:
            await calls.accept(call.call_id)
        assert call.state == "active"
        assert socks.targets == [("127.0.0.1", int(server.http_base_url.split(":")[2][:-3]))]


@pytest.mark.anyio
async def test_a_silent_proxy_times_out_naming_the_proxy_not_its_credentials() -> None:
    async def silent(stream: Any) -> None:
        async with stream:
            await anyio.sleep_forever()

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, silent)
        with pytest.raises(rt.ConnectError) as caught:
            async with rt.Session(
                model="m",
                base_url="ws://127.0.0.1:1/v1",
                proxy=f"http://alice:{PROXY_PASSWORD}@127.0.0.1:{port}",
                timeouts=rt.Timeouts(open=0.5),
            ):
                pass
        tg.cancel_scope.cancel()
    assert f"through the proxy http://***@127.0.0.1:{port}" in str(caught.value)
    assert PROXY_PASSWORD not in str(caught.value)


@pytest.mark.anyio
async def test_wss_to_the_tls_fake_server_through_the_proxy(
    open_proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://{open_proxy.host_port}")
    async with FakeRealtimeServer(api_key=API_KEY, tls=True) as server:
        assert server.base_url.startswith("wss://")
        async with rt.Session(
            model="m", base_url=server.base_url, api_key=API_KEY, ssl_context=server.ssl_context
        ) as session:
            await say_hello(session)
        assert len(server.connections) == 1
        await wait_for_log(open_proxy, f"CONNECT 127.0.0.1:{server.port}")
    assert API_KEY not in open_proxy.read_log()
