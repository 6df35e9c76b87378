"""Function calling: the model uses two Python functions to answer a question.

What it shows:

- declaring tools with `@tool`: the JSON Schema comes from the type hints (`Literal` becomes an
  enum) and the descriptions from the docstring;
- `Session(tools=[...])`: the tools are declared on connect and run automatically when the model
  calls them; their results go back to the model, which is asked to continue;
- following the whole exchange as events, until a response that calls no tool.

Run it:

    python examples/function_calling.py                        # the built-in fake server
    python examples/function_calling.py "Weather in Tokyo, in kelvin?"
    OPENAI_API_KEY=sk-... python examples/function_calling.py     # the real API (or --live)

Against the fake server a scripted model calls `get_weather`, then `convert_temperature`, then
answers; the functions themselves really run, here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from asyncio import CancelledError
from typing import Literal

import anyio

from realtime_sdk import RealtimeError, Session, calls_from_response_done, events, tool
from realtime_sdk.testing import FakeRealtimeServer, FunctionCall, Reply, ScriptedResponder

# A stand-in for a weather service.
WEATHER = {
    "paris": {"temperature_c": 22.0, "conditions": "sunny"},
    "tokyo": {"temperature_c": 17.5, "conditions": "light rain"},
    "oslo": {"temperature_c": 4.0, "conditions": "snow"},
}


@tool
def get_weather(city: str) -> dict[str, object]:
    """Get the current weather in a city.

    Args:
        city: the city name, for example "Paris".
    """
    report = WEATHER.get(city.strip().lower())
    if report is None:  # the error text is sent to the model, which can tell the user
        raise ValueError(f"no weather data for {city!r}; known cities: Paris, Tokyo, Oslo")
    print(f"  [tool] get_weather({city!r}) -> {report}")
    return {"city": city, **report}


@tool
def convert_temperature(celsius: float, to: Literal["fahrenheit", "kelvin"]) -> float:
    """Convert a temperature from degrees Celsius.

    Args:
        celsius: the temperature in degrees Celsius.
        to: the unit to convert to.
    """
    value = celsius * 9 / 5 + 32 if to == "fahrenheit" else celsius + 273.15
    print(f"  [tool] convert_temperature({celsius}, to={to!r}) -> {value:.2f}")
    return round(value, 2)


def fake_model() -> ScriptedResponder:
    """What the fake model does: two tool calls, then an answer that uses their (known) results."""
    return ScriptedResponder(
        [
            Reply(function_calls=[FunctionCall(name="get_weather", arguments={"city": "Paris"})]),
            Reply(
                function_calls=[
                    FunctionCall(
                        name="convert_temperature", arguments={"celsius": 22, "to": "fahrenheit"}
                    )
                ]
            ),
            Reply(text="It's sunny in Paris: 22 °C, which is 71.6 °F."),
        ]
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A realtime model that calls Python functions.")
    parser.add_argument(
        "question", nargs="?", default="What's the weather in Paris, in Fahrenheit?"
    )
    parser.add_argument("--model", default="gpt-realtime")
    parser.add_argument("--live", action="store_true", help="use OpenAI (needs OPENAI_API_KEY)")
    args = parser.parse_args(argv)
    args.live = args.live or bool(os.environ.get("OPENAI_API_KEY"))
    return args


async def ask(session: Session, question: str) -> int:
    # Text answers, so that the tool follow-up responses (requested by the Session) are text too.
    await session.update_session(events.SessionConfig(output_modalities=["text"]), wait=True)
    print(f"you: {question}")
    await session.create_item(events.MessageItem.user_text(question))
    await session.create_response()
    answering = False
    async for event in session:
        if isinstance(event, events.ResponseFunctionCallArgumentsDone):
            print(f"model calls {event.name}({event.arguments})")
        elif isinstance(event, events.ResponseOutputTextDelta):
            if not answering:
                print("assistant: ", end="")
                answering = True
            print(event.delta, end="", flush=True)
        elif isinstance(event, events.ErrorEvent):
            print(f"server error: {event.error.message}", file=sys.stderr)
        elif isinstance(event, events.ResponseDone):
            if event.response.status != "completed":
                print(f"the response ended as {event.response.status}", file=sys.stderr)
                return 1
            if not calls_from_response_done(event):
                print()  # a response without tool calls: the final answer
                break
            # Otherwise the Session runs the calls, sends their outputs and asks for more.
    print(f"({session.usage.totals.responses} responses)")
    return 0


async def run(args: argparse.Namespace) -> int:
    async with contextlib.AsyncExitStack() as stack:
        base_url = None  # the real API
        if not args.live:
            server = await stack.enter_async_context(FakeRealtimeServer(responder=fake_model()))
            base_url = server.base_url
            print("(no OPENAI_API_KEY: using the fake server)", file=sys.stderr)
        session = await stack.enter_async_context(
            Session(args.model, base_url=base_url, tools=[get_weather, convert_temperature])
        )
        return await ask(session, args.question)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return anyio.run(run, args)
    except RealtimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, CancelledError):  # Ctrl-C (reported as CancelledError on 3.10)
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
