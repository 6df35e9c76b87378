"""Connect to a realtime deployment on Azure OpenAI, with an API key or a Microsoft Entra token.

What it shows:

- `Session(azure_endpoint=..., azure_deployment=...)`: the GA endpoint
  `{endpoint}/openai/v1/realtime?model=<deployment>`; with `api_version=...` the preview endpoint
  `{endpoint}/openai/realtime?api-version=...&deployment=...`;
- authentication with an `api-key` header (`api_key=`, default `AZURE_OPENAI_API_KEY`) or with a
  bearer token from a token provider (`token_provider=`, here from the `azure-identity` package).

Run it:

    export AZURE_OPENAI_ENDPOINT=https://my-resource.openai.azure.com
    export AZURE_OPENAI_DEPLOYMENT=gpt-realtime          # your deployment's name
    export AZURE_OPENAI_API_KEY=...                       # or: --entra (pip install azure-identity)
    python examples/azure.py "Say hello from Azure"

Without an endpoint it runs against the built-in fake server pretending to be Azure (it accepts any
path ending in /realtime and checks the `api-key` header), and shows the URL and headers used.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from asyncio import CancelledError
from collections.abc import Awaitable, Callable

import anyio

from realtime_sdk import RealtimeError, Session, events
from realtime_sdk.testing import FakeRealtimeServer

FAKE_KEY = "fake-azure-key"
ENTRA_SCOPE = "https://cognitiveservices.azure.com/.default"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description="A realtime session on Azure OpenAI.")
    parser.add_argument("prompt", nargs="?", default="Say hello from Azure in five words.")
    parser.add_argument("--endpoint", default=env("AZURE_OPENAI_ENDPOINT"))
    parser.add_argument("--deployment", default=env("AZURE_OPENAI_DEPLOYMENT", "gpt-realtime"))
    parser.add_argument(
        "--api-version",
        default=env("AZURE_OPENAI_API_VERSION"),
        help="use the preview endpoint with this api-version (default: the GA /openai/v1 one)",
    )
    parser.add_argument(
        "--entra", action="store_true", help="authenticate with Microsoft Entra ID, not a key"
    )
    return parser.parse_args(argv)


def entra_token_provider() -> Callable[[], Awaitable[str]]:
    """A bearer token provider from azure-identity (`az login`, managed identity, ...)."""
    from azure.identity.aio import (  # type: ignore[import-not-found]  # optional dependency
        DefaultAzureCredential,
        get_bearer_token_provider,
    )

    provider: Callable[[], Awaitable[str]] = get_bearer_token_provider(
        DefaultAzureCredential(), ENTRA_SCOPE
    )
    return provider


async def ask(session: Session, prompt: str) -> None:
    await session.update_session(events.SessionConfig(output_modalities=["text"]), wait=True)
    await session.create_item(events.MessageItem.user_text(prompt))
    handle = await session.create_response()
    print("assistant: ", end="", flush=True)
    async for text in handle.text_deltas():
        print(text, end="", flush=True)
    print()
    await handle.done()


async def run(args: argparse.Namespace) -> int:
    async with contextlib.AsyncExitStack() as stack:
        endpoint, api_key, token_provider = args.endpoint, None, None
        server = None
        if endpoint is None:
            # The fake server stands in for Azure, and requires the `api-key` header.
            server = await stack.enter_async_context(FakeRealtimeServer(api_key=FAKE_KEY))
            endpoint, api_key = f"http://127.0.0.1:{server.port}", FAKE_KEY
            print("(no AZURE_OPENAI_ENDPOINT: using the fake server as Azure)", file=sys.stderr)
        elif args.entra:
            try:
                token_provider = entra_token_provider()
            except ImportError:
                print("--entra needs azure-identity: pip install azure-identity", file=sys.stderr)
                return 1
        # api_key=None falls back to AZURE_OPENAI_API_KEY.
        session = await stack.enter_async_context(
            Session(
                azure_endpoint=endpoint,
                azure_deployment=args.deployment,
                api_version=args.api_version,
                api_key=api_key,
                token_provider=token_provider,
            )
        )
        print(f"connected: {session!r}")
        if server is not None:
            connection = server.connections[0]
            query = "&".join(f"{k}={v}" for k, v in connection.query.items())
            print(f"the fake Azure saw: {connection.path}?{query}")
            print(f"authenticated with the api-key header: {'api-key' in connection.headers}")
        await ask(session, args.prompt)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return anyio.run(run, args)
    except RealtimeError as exc:  # for example AuthenticationError for a wrong key
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, CancelledError):  # Ctrl-C (reported as CancelledError on 3.10)
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
