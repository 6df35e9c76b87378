"""A phone receptionist: answer SIP calls to the Realtime API, run a tool, hang up.

What it shows:

- a webhook endpoint that verifies OpenAI's signed `realtime.call.incoming` webhook
  (`unwrap_webhook`) and refuses anything unsigned;
- accepting the call over REST (`CallsClient.accept`) with instructions and a tool;
- a sideband `Session(call_id=...)` on the same call: it sees the conversation as events and runs
  the tool when the model calls it (the audio itself flows between the phone and OpenAI);
- hanging up over REST when the model has said goodbye.

Run it:

    python examples/sip_receptionist.py          # offline: the fake server rings one call

    # live: OPENAI_API_KEY, the webhook secret of your project's webhook endpoint, and a public
    # URL (a tunnel to --port) configured for realtime.call.incoming; SIP trunk pointed at
    # sip:$PROJECT_ID@sip.api.openai.com;transport=tls
    OPENAI_API_KEY=sk-... OPENAI_WEBHOOK_SECRET=whsec_... python examples/sip_receptionist.py --live

Offline, the fake server plays OpenAI: it POSTs a signed webhook for a ringing call to this
example's endpoint, serves the calls API, and its scripted model asks for the opening hours and
then says goodbye; the example plays the caller by typing one question into the conversation. The
webhook endpoint here is a tiny HTTP server from `realtime_sdk.testing`, so that the example needs
nothing else installed; in production, put `on_webhook`'s body in your web framework's handler.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import sys
from collections.abc import Mapping
from typing import Literal

import anyio
import anyio.abc

from realtime_sdk import (
    CallIncomingEvent,
    CallsClient,
    RealtimeError,
    Session,
    WebhookVerificationError,
    calls_from_response_done,
    events,
    to_dict,
    tool,
    unwrap_webhook,
)
from realtime_sdk.testing import (
    FakeRealtimeServer,
    FunctionCall,
    Reply,
    ScriptedResponder,
    serve_http,
)

INSTRUCTIONS = (
    "You are the receptionist of the Lindenhof dental practice. Answer questions about opening "
    "hours with the opening_hours tool, keep answers short, and say goodbye when done."
)
HOURS = {
    "monday": "8:00-18:00",
    "tuesday": "8:00-18:00",
    "wednesday": "8:00-13:00",
    "thursday": "8:00-18:00",
    "friday": "8:00-16:00",
    "saturday": "9:00-12:00",
    "sunday": "closed",
}
Day = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@tool
def opening_hours(day: Day) -> str:
    """The practice's opening hours on a day of the week.

    Args:
        day: the day, in lower case.
    """
    hours = HOURS[day]
    print(f"  [tool] opening_hours({day!r}) -> {hours}")
    return hours


def fake_model() -> ScriptedResponder:
    """The fake model: look up Saturday's hours, then answer and say goodbye."""
    return ScriptedResponder(
        [
            Reply(
                function_calls=[FunctionCall(name="opening_hours", arguments={"day": "saturday"})]
            ),
            Reply(text="On Saturday we're open from 9 to 12. Goodbye!"),
        ]
    )


class Receptionist:
    """Answers each verified incoming call: accept, attach a sideband session, hang up."""

    def __init__(
        self,
        *,
        calls: CallsClient,
        secret: str,
        tasks: anyio.abc.TaskGroup,
        model: str,
        realtime_base_url: str | None,
        api_key: str | None,
        caller_says: str | None,
    ) -> None:
        self.calls = calls
        self.secret = secret
        self.tasks = tasks
        self.model = model
        self.realtime_base_url = realtime_base_url
        self.api_key = api_key  # None: OPENAI_API_KEY
        self.caller_says = caller_says  # offline only: the caller's question, as text
        self.finished = anyio.Event()

    async def on_webhook(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """The webhook endpoint: verify, accept the call, answer 200 at once."""
        try:
            event = unwrap_webhook(body, headers, secret=self.secret)
        except WebhookVerificationError as exc:
            print(f"refused a webhook: {exc}", file=sys.stderr)
            return 400, [], b""
        if not isinstance(event, CallIncomingEvent):
            return 200, [], b""  # another event type: not ours to handle
        print(f"incoming call {event.call_id} from {event.header('From')}")
        try:
            await self.calls.accept(
                event.call_id,
                session={
                    "instructions": INSTRUCTIONS,
                    "tools": [to_dict(opening_hours.definition)],
                    "audio": {"output": {"voice": "marin"}},
                },
                model=self.model,
            )
        except RealtimeError as exc:
            print(f"could not accept the call: {exc}", file=sys.stderr)
            self.finished.set()
            return 500, [], b""
        print("accepted")
        self.tasks.start_soon(self.run_call, event.call_id)
        return 200, [], b""

    async def run_call(self, call_id: str) -> None:
        """The sideband session: follow the call, run the tool, hang up after the goodbye."""
        try:
            async with Session(
                call_id=call_id,
                base_url=self.realtime_base_url,
                api_key=self.api_key,
                tools=[opening_hours],
            ) as session:
                if self.caller_says is not None:
                    print(f"caller: {self.caller_says}")
                    await session.create_item(events.MessageItem.user_text(self.caller_says))
                await session.create_response()  # offline: answer; live: greet the caller
                await self.follow(session)
            await self.calls.hangup(call_id)
            print("hung up")
        finally:
            self.finished.set()

    async def follow(self, session: Session) -> None:
        speaking = False
        async for event in session:
            if isinstance(event, events.ResponseFunctionCallArgumentsDone):
                print(f"model calls {event.name}({event.arguments})")
            elif isinstance(
                event, events.ResponseOutputAudioTranscriptDelta | events.ResponseOutputTextDelta
            ):
                if not speaking:
                    print("receptionist: ", end="")
                    speaking = True
                print(event.delta, end="", flush=True)
            elif isinstance(event, events.ResponseDone):
                if speaking:
                    print()
                    speaking = False
                # Goodbye said: a response without tool calls. (Otherwise the Session runs the
                # calls, sends their outputs and asks the model to go on.)
                if event.response.status != "completed" or not calls_from_response_done(event):
                    return


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Answer SIP calls with a realtime model.")
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="answer real calls (see the docstring)")
    parser.add_argument("--port", type=int, default=8000, help="the webhook port (live)")
    parser.add_argument("--question", default="Hello, are you open on Saturday?")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> int:
    async with contextlib.AsyncExitStack() as stack:
        tasks = await stack.enter_async_context(anyio.create_task_group())
        if args.live:
            secret = os.environ["OPENAI_WEBHOOK_SECRET"]
            calls = await stack.enter_async_context(CallsClient())
            receptionist = Receptionist(
                calls=calls,
                secret=secret,
                tasks=tasks,
                model=args.model,
                realtime_base_url=None,
                api_key=None,
                caller_says=None,
            )
            async with serve_http(receptionist.on_webhook, "0.0.0.0", args.port):
                print(f"waiting for calls (webhooks on port {args.port}); Ctrl-C to stop")
                await anyio.sleep_forever()
            return 0
        # Offline: the fake server is OpenAI, with its own webhook secret.
        secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
        server = await stack.enter_async_context(
            FakeRealtimeServer(api_key="sk-fake", responder=fake_model())
        )
        calls = await stack.enter_async_context(
            CallsClient(base_url=server.http_base_url, api_key="sk-fake", proxy=None)
        )
        receptionist = Receptionist(
            calls=calls,
            secret=secret,
            tasks=tasks,
            model=args.model,
            realtime_base_url=server.base_url,
            api_key="sk-fake",
            caller_says=args.question,
        )
        port = await stack.enter_async_context(serve_http(receptionist.on_webhook))
        call = await server.ring(
            f"http://127.0.0.1:{port}/webhooks/openai",
            secret=secret,
            sip_headers=[
                ("From", "sip:+4930555123@carrier.example"),
                ("To", "sip:+4930555000@carrier.example"),
            ],
        )
        with anyio.fail_after(30):
            await receptionist.finished.wait()
        print(f"the fake recorded: {', '.join(call.action_names())} ({call.state})")
        return 0 if call.state == "ended" else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return anyio.run(run, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
