"""A tiny HTTP endpoint that hands short-lived client secrets to browser (or phone) clients.

A browser must never see your API key. Instead, your server asks OpenAI for an *ephemeral* client
secret bound to a session configuration (`create_client_secret`), and gives that to the browser,
which uses it to open its own realtime connection (WebRTC or WebSocket) within a few minutes.

    POST /session  (or GET)  ->  {"value": "ek_...", "expires_at": 1767225600, "session": {...}}

Run it:

    OPENAI_API_KEY=sk-... python examples/ephemeral_token_server.py --port 8000
    curl -X POST http://127.0.0.1:8000/session

Without OPENAI_API_KEY it serves secrets from a STUB of the OpenAI endpoint (an
`httpx.MockTransport` in this process): the JSON has the real shape, but the secrets are fake.

This uses only the standard library's `http.server` (a thread per request, each running one
`create_client_secret` call with `anyio.run`). In production, put it behind your own user
authentication (anyone who can reach this endpoint can get a secret), and HTTPS.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anyio
import httpx

from realtime_sdk import ClientSecret, RealtimeError, create_client_secret, events

EXPIRES_AFTER_S = 600  # how long a secret may be used to start a session


def stub_openai(request: httpx.Request) -> httpx.Response:
    """STUB of `POST /v1/realtime/client_secrets`, used when no OPENAI_API_KEY is set."""
    if not request.headers.get("authorization", "").startswith("Bearer "):
        return httpx.Response(401, json={"error": {"message": "missing API key"}})
    body = json.loads(request.content or b"{}")
    seconds = body.get("expires_after", {}).get("seconds", EXPIRES_AFTER_S)
    session = {"id": f"sess_stub_{secrets.token_hex(8)}", **body.get("session", {})}
    return httpx.Response(
        200,
        json={
            "value": f"ek_stub_{secrets.token_hex(16)}",
            "expires_at": int(time.time()) + seconds,
            "session": session,
        },
    )


class TokenServer(ThreadingHTTPServer):
    """The HTTP server, with the settings every request needs."""

    def __init__(self, address: tuple[str, int], args: argparse.Namespace) -> None:
        super().__init__(address, TokenHandler)
        self.api_key: str | None = os.environ.get("OPENAI_API_KEY")
        self.model: str = args.model
        self.voice: str = args.voice
        self.allow_origin: str | None = args.allow_origin

    async def mint(self) -> ClientSecret:
        """Ask OpenAI (or the stub) for a client secret bound to our session settings."""
        config = events.SessionConfig(
            model=self.model,
            instructions="You are a helpful voice assistant on our website.",
            audio=events.SessionAudioConfig(output=events.AudioOutputConfig(voice=self.voice)),
        )
        if self.api_key:
            return await create_client_secret(
                session=config, expires_after_seconds=EXPIRES_AFTER_S, api_key=self.api_key
            )
        async with httpx.AsyncClient(transport=httpx.MockTransport(stub_openai)) as stub:
            return await create_client_secret(
                session=config,
                expires_after_seconds=EXPIRES_AFTER_S,
                api_key="sk-stub",
                http_client=stub,
            )


class TokenHandler(BaseHTTPRequestHandler):
    server: TokenServer

    def do_POST(self) -> None:
        if self.path.split("?")[0] != "/session":
            self.reply(404, {"error": "not found; POST /session"})
            return
        try:
            secret = anyio.run(self.server.mint)  # this request's own thread and event loop
        except RealtimeError as exc:  # never holds the API key
            self.reply(502, {"error": f"could not create a client secret: {exc}"})
            return
        self.reply(
            200, {"value": secret.value, "expires_at": secret.expires_at, "session": secret.session}
        )

    do_GET = do_POST  # handy with a browser or curl; a real site would use POST only

    def do_OPTIONS(self) -> None:
        """CORS preflight, when the page calling us is served from another origin."""
        self.send_response(204)
        self.cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.end_headers()

    def cors_headers(self) -> None:
        if self.server.allow_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.allow_origin)

    def reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a secret must not be cached
        self.cors_headers()
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        print(f"{self.address_string()} {format % args}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hand out ephemeral realtime client secrets.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--voice", default="marin")
    parser.add_argument("--allow-origin", help="the web origin allowed to call (CORS)")
    args = parser.parse_args(argv)

    server = TokenServer((args.host, args.port), args)
    print(f"serving client secrets at http://{args.host}:{server.server_port}/session", flush=True)
    if not server.api_key:
        print("STUB: no OPENAI_API_KEY, the secrets handed out are fake", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
