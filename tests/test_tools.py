"""Function tools: schemas from type hints and docstrings, argument validation, running calls
(threads, timeouts, errors, approval, concurrency), and the protocol glue, on asyncio and trio."""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import threading
from collections.abc import Callable
from types import MappingProxyType
from typing import Annotated, Any, Literal, Optional

import anyio
import anyio.lowlevel
import attrs
import pytest
from typing_extensions import NotRequired, Required, TypedDict

from realtime_sdk._codec import decode_server_event, encode_client_event, to_dict
from realtime_sdk._exceptions import ConfigurationError, RealtimeError, UsageError
from realtime_sdk._tools import (
    Tool,
    ToolArgumentsError,
    ToolCall,
    ToolRegistry,
    ToolResult,
    approve_mcp,
    call_from_arguments_done,
    calls_from_response_done,
    deny_mcp,
    mcp_approval_response,
    output_item,
    tool,
)
from realtime_sdk._types import UNSET
from realtime_sdk.events import ConversationItemCreate, FunctionCallOutputItem, FunctionTool, beta

# --- types used by the tools below (module level, so string annotations resolve) -----------------


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@attrs.define
class Location:
    """A place on Earth.

    Attributes:
        city: the city name.
    """

    city: str
    country: str = attrs.field(default="FR", metadata={"description": "ISO country code."})
    tags: list[str] = attrs.field(factory=list)


@attrs.define
class Order:
    item: str
    quantity: int = attrs.field(validator=attrs.validators.gt(0))


@attrs.define
class Node:
    value: int
    children: list[Node]


class Filters(TypedDict):
    """Search filters.

    Args:
        query: words to look for.
    """

    query: str
    limit: NotRequired[int]


class Extras(TypedDict, total=False):
    key: Required[str]
    note: str


@attrs.frozen
class Forecast:
    city: str
    unit: Unit
    temps: list[float]


@dataclasses.dataclass
class Point:
    x: int
    y: int


def scalars(s: str, i: int, f: float, b: bool) -> str:
    return f"{s} {i} {f} {b}"


OBJECT_BASE = {"type": "object", "additionalProperties": False}


def params_of(fn: Callable[..., Any]) -> dict[str, Any]:
    return tool(fn).parameters


# --- schema generation -------------------------------------------------------------------------


def test_scalar_parameters_are_required_and_typed() -> None:
    assert params_of(scalars) == {
        **OBJECT_BASE,
        "properties": {
            "s": {"type": "string"},
            "i": {"type": "integer"},
            "f": {"type": "number"},
            "b": {"type": "boolean"},
        },
        "required": ["s", "i", "f", "b"],
    }


def test_literal_and_enum_parameters_become_enums() -> None:
    def pick(
        mode: Literal["fast", "slow"],
        n: Literal[1, 2, 3],
        unit: Unit,
        level: Level,
        mixed: Literal["a", 1],
    ) -> None: ...

    assert params_of(pick)["properties"] == {
        "mode": {"type": "string", "enum": ["fast", "slow"]},
        "n": {"type": "integer", "enum": [1, 2, 3]},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "level": {"type": "integer", "enum": [1, 2]},
        "mixed": {"enum": ["a", 1]},
    }


def test_optional_parameters_are_nullable_and_not_required() -> None:
    def opt(
        a: Optional[int],  # noqa: UP045 - the typing spelling is what this test checks
        b: str | None = None,
        c: Literal["x", "y"] | None = None,
        d: Location | None = None,
    ) -> None: ...

    schema = params_of(opt)
    assert schema["required"] == []
    assert schema["properties"]["a"] == {"type": ["integer", "null"]}
    assert schema["properties"]["b"] == {"type": ["string", "null"], "default": None}
    assert schema["properties"]["c"] == {
        "type": ["string", "null"],
        "enum": ["x", "y", None],
        "default": None,
    }
    assert schema["properties"]["d"]["type"] == ["object", "null"]
    assert schema["properties"]["d"]["required"] == ["city"]


def test_defaults_are_in_the_schema_when_json_serialisable() -> None:
    def defaults(
        count: int = 3,
        unit: Unit = Unit.FAHRENHEIT,
        ratio: float = 0.5,
        names: list[str] = ["a"],  # noqa: B006 - a default the schema must show
        table: dict[str, int] = MappingProxyType({}),  # type: ignore[assignment]
    ) -> None: ...

    assert params_of(defaults) == {
        **OBJECT_BASE,
        "properties": {
            "count": {"type": "integer", "default": 3},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "fahrenheit"},
            "ratio": {"type": "number", "default": 0.5},
            "names": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
            "table": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
        "required": [],
    }


def test_lists_and_dicts_nest() -> None:
    def nested(
        grid: list[list[int]],
        scores: dict[str, float],
        people: dict[str, list[Unit]],
        anything: list,  # type: ignore[type-arg]
    ) -> None: ...

    assert params_of(nested)["properties"] == {
        "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "people": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
        },
        "anything": {"type": "array"},
    }


def test_attrs_class_becomes_a_nested_object_schema() -> None:
    def ship(to: Location, orders: list[Order]) -> None: ...

    assert params_of(ship)["properties"] == {
        "to": {
            **OBJECT_BASE,
            "properties": {
                "city": {"type": "string", "description": "the city name."},
                "country": {"type": "string", "description": "ISO country code.", "default": "FR"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["city"],
        },
        "orders": {
            "type": "array",
            "items": {
                **OBJECT_BASE,
                "properties": {"item": {"type": "string"}, "quantity": {"type": "integer"}},
                "required": ["item", "quantity"],
            },
        },
    }


def test_typeddict_required_and_not_required_keys() -> None:
    def search(filters: Filters, extras: Extras) -> None: ...

    assert params_of(search)["properties"] == {
        "filters": {
            **OBJECT_BASE,
            "properties": {
                "query": {"type": "string", "description": "words to look for."},
                "limit": {"type": "integer"},
            },
            "required": ["query"],
        },
        "extras": {
            **OBJECT_BASE,
            "properties": {"key": {"type": "string"}, "note": {"type": "string"}},
            "required": ["key"],
        },
    }


def test_google_docstring_gives_description_and_parameter_texts() -> None:
    @tool
    def get_weather(city: str, unit: Unit = Unit.CELSIUS, days: int = 1) -> str:
        """Get the weather forecast
        for a city.

        Longer explanation that the model does not need.

        Args:
            city (str): the city name, e.g.
                "Paris".
            unit: the temperature unit.
            days: how many days: 1 to 7.

        Returns:
            the forecast text.
        """
        return city

    assert get_weather.name == "get_weather"
    assert get_weather.description == "Get the weather forecast for a city."
    props = get_weather.parameters["properties"]
    assert props["city"] == {"type": "string", "description": 'the city name, e.g. "Paris".'}
    assert props["unit"]["description"] == "the temperature unit."
    assert props["days"] == {
        "type": "integer",
        "description": "how many days: 1 to 7.",
        "default": 1,
    }


def test_rest_docstring_gives_parameter_texts() -> None:
    @tool
    def book(room: str, hours: int, note: str | None = None) -> str:
        """Book a meeting room.

        :param room: the room name: "A" or "B".
        :param int hours: how long,
            in hours.
        :type hours: int
        :param note: anything to tell the staff.
        :returns: a confirmation code.
        """
        return room

    assert book.description == "Book a meeting room."
    props = book.parameters["properties"]
    assert props["room"]["description"] == 'the room name: "A" or "B".'
    assert props["hours"]["description"] == "how long, in hours."
    assert props["note"]["description"] == "anything to tell the staff."


def test_annotated_text_describes_a_parameter() -> None:
    def f(city: Annotated[str, "the city"]) -> None: ...

    assert params_of(f)["properties"]["city"] == {"type": "string", "description": "the city"}


def test_definition_is_the_function_tool_to_send() -> None:
    @tool(name="weather", description="Forecast.", timeout=2.5)
    def get_weather(city: str) -> str:
        """Ignored docstring."""
        return city

    assert get_weather.timeout == 2.5
    assert get_weather.definition == FunctionTool(
        name="weather",
        description="Forecast.",
        parameters={
            **OBJECT_BASE,
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    )
    assert to_dict(get_weather.definition)["type"] == "function"

    def bare(x: int) -> int:
        return x

    assert tool(bare).definition.description is UNSET


async def _double(x: int) -> int:
    return 2 * x


@pytest.mark.anyio
async def test_decorated_functions_stay_callable() -> None:
    @tool
    def add(a: int, b: int = 1) -> int:
        return a + b

    assert isinstance(add, Tool)
    assert add(2) == 3
    assert add(2, b=5) == 7
    assert add.__name__ == "add"
    assert await tool(_double)(4) == 8


class _NotJson:
    pass


@pytest.mark.parametrize(
    ("annotation", "text"),
    [
        ("object", "object"),
        ("set[int]", "set[int]"),
        ("Callable[[int], int]", "Callable"),
        ("dict[int, str]", "keys must be str"),
        ("bytes", "bytes"),
        ("Node", "recursive type Node"),
        ("_NotJson", "_NotJson"),
    ],
)
def test_unsupported_annotation_fails_at_decoration(annotation: str, text: str) -> None:
    namespace: dict[str, Any] = {}
    exec(
        f"def lookup(good: int, bad: {annotation}) -> None: ...",
        {**globals(), "Callable": Callable},
        namespace,
    )
    with pytest.raises(ConfigurationError) as info:
        tool(namespace["lookup"])
    message = str(info.value)
    assert "lookup" in message
    assert "'bad'" in message
    assert text in message


def test_parameter_shapes_the_model_cannot_fill_are_refused() -> None:
    def star(*args: int) -> None: ...

    def untyped(x) -> None: ...

    def bad_enum(x: Literal[b"raw"]) -> None: ...

    with pytest.raises(ConfigurationError, match=r"star.*'args'.*\*args"):
        tool(star)
    with pytest.raises(ConfigurationError, match=r"untyped.*'x' has no type annotation"):
        tool(untyped)
    with pytest.raises(ConfigurationError, match=r"bad_enum.*'x'.*Literal value"):
        tool(bad_enum)
    with pytest.raises(ConfigurationError, match="tool name"):
        tool(name="has spaces")(scalars)


# --- argument parsing --------------------------------------------------------------------------


def plan(
    to: Location,
    unit: Unit,
    days: int,
    orders: list[Order],
    filters: Filters,
    extra: int | None,
    level: Level = Level.LOW,
    ratio: float = 1.0,
    note: str | None = None,
) -> str:
    return "ok"


def test_parse_arguments_builds_python_values() -> None:
    args = tool(plan).parse_arguments(
        json.dumps(
            {
                "to": {"city": "Lyon", "tags": ["x"]},
                "unit": "fahrenheit",
                "days": 3.0,
                "orders": [{"item": "tea", "quantity": 2}],
                "filters": {"query": "q"},
                "level": 2,
                "ratio": 2,
            }
        )
    )
    assert args == {
        "to": Location(city="Lyon", country="FR", tags=["x"]),
        "unit": Unit.FAHRENHEIT,
        "days": 3,
        "orders": [Order(item="tea", quantity=2)],
        "filters": {"query": "q"},
        "level": Level.HIGH,
        "ratio": 2.0,
        "extra": None,
    }
    assert type(args["days"]) is int
    assert type(args["ratio"]) is float
    assert "note" not in args  # the function's own default applies
    assert tool(plan).parameters["required"] == ["to", "unit", "days", "orders", "filters"]


def test_invalid_arguments_name_every_problem() -> None:
    bad = {
        "to": {"country": 33},
        "unit": "kelvin",
        "days": "3",
        "orders": [{"item": "tea", "quantity": 1}, {"item": "cake", "quantity": True}],
        "filters": {"query": "q", "limit": 2.5},
        "color": "red",
    }
    with pytest.raises(ToolArgumentsError) as info:
        tool(plan).parse_arguments(json.dumps(bad))
    err = info.value
    assert isinstance(err, RealtimeError)
    assert err.tool_name == "plan"
    assert err.problems == [
        "unexpected argument 'color'",
        "argument 'to': missing required field 'city'",
        "argument 'to.country': expected string, got integer 33",
        'argument \'unit\': expected one of "celsius", "fahrenheit", got string "kelvin"',
        "argument 'days': expected integer, got string \"3\"",
        "argument 'orders[1].quantity': expected integer, got boolean true",
        "argument 'filters.limit': expected integer, got number 2.5",
    ]
    assert str(err).startswith("invalid arguments for tool 'plan': unexpected argument 'color'; ")


def test_missing_arguments_and_bad_json_are_explained() -> None:
    t = tool(scalars)
    with pytest.raises(ToolArgumentsError, match="missing required argument 'i'"):
        t.parse_arguments('{"s": "x", "f": 1, "b": false}')
    with pytest.raises(ToolArgumentsError, match="not valid JSON"):
        t.parse_arguments('{"s": ')
    with pytest.raises(ToolArgumentsError, match="must be a JSON object, got an array"):
        t.parse_arguments("[1, 2]")
    with pytest.raises(ToolArgumentsError, match=r"'x\[\"k\"\]': expected integer, got null"):
        tool(_takes_dict).parse_arguments('{"x": {"k": null}}')


def _takes_dict(x: dict[str, int]) -> None: ...


def test_attrs_validators_are_reported_as_argument_errors() -> None:
    def order(o: Order) -> None: ...

    with pytest.raises(ToolArgumentsError, match=r"argument 'o': ValueError: .*quantity"):
        tool(order).parse_arguments('{"o": {"item": "tea", "quantity": 0}}')


def test_empty_arguments_mean_no_arguments() -> None:
    def ping() -> str:
        return "pong"

    assert tool(ping).parse_arguments("") == {}
    assert tool(ping).parse_arguments("{}") == {}


# --- running calls -----------------------------------------------------------------------------


def call(name: str, arguments: Any, call_id: str = "call_1") -> ToolCall:
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return ToolCall(call_id, name, text, item_id="item_1", response_id="resp_1")


@pytest.mark.anyio
async def test_async_and_sync_tools_return_output_text() -> None:
    @tool
    async def forecast(city: str, unit: Unit = Unit.CELSIUS) -> Forecast:
        return Forecast(city=city, unit=unit, temps=[20.5, 21.0])

    @tool
    def echo(text: str) -> str:
        return text

    def point() -> Point:
        return Point(1, 2)

    def nothing() -> None:
        return None

    registry = ToolRegistry([forecast, echo, point, nothing])
    assert await registry.run(
        call("forecast", {"city": "Oslo", "unit": "fahrenheit"})
    ) == ToolResult("call_1", '{"city":"Oslo","unit":"fahrenheit","temps":[20.5,21.0]}', False)
    assert await registry.run(call("echo", {"text": '{"not": "re-encoded"}'})) == ToolResult(
        "call_1", '{"not": "re-encoded"}', False
    )
    assert (await registry.run(call("point", {}))).output == '{"x":1,"y":2}'
    assert (await registry.run(call("nothing", ""))).output == "null"


@pytest.mark.anyio
async def test_sync_tools_run_in_a_worker_thread() -> None:
    seen: list[int] = []

    def where() -> str:
        seen.append(threading.get_ident())
        return "done"

    result = await ToolRegistry([where]).run(call("where", {}))
    assert result == ToolResult("call_1", "done", False)
    assert seen
    assert seen[0] != threading.get_ident()


@pytest.mark.anyio
async def test_async_tool_timeout_becomes_an_error_output(caplog: pytest.LogCaptureFixture) -> None:
    async def stuck(x: int) -> str:
        await anyio.sleep_forever()
        return "never"

    with caplog.at_level(logging.WARNING, logger="realtime_sdk.tools"):
        result = await ToolRegistry([stuck], timeout=0.05).run(call("stuck", {"x": 1}))
    assert result.error
    assert result.output == "Error: tool 'stuck' did not finish within 0.05 seconds"
    assert any("timed out" in r.getMessage() for r in caplog.records)


@pytest.mark.anyio
async def test_sync_tool_timeout_does_not_block_the_loop() -> None:
    release = threading.Event()

    @tool(timeout=0.05)
    def blocking() -> str:
        release.wait(30)
        return "late"

    try:
        result = await ToolRegistry([blocking], timeout=None).run(call("blocking", {}))
    finally:
        release.set()
    assert result == ToolResult(
        "call_1", "Error: tool 'blocking' did not finish within 0.05 seconds", True
    )


@pytest.mark.anyio
async def test_raising_tool_becomes_an_error_output_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(city: str) -> str:
        raise LookupError(f"no such city: {city}")

    async def explode_async() -> str:
        raise RuntimeError("backend down")

    registry = ToolRegistry([explode, explode_async])
    with caplog.at_level(logging.WARNING, logger="realtime_sdk.tools"):
        sync_result = await registry.run(call("explode", {"city": "Atlantis"}))
        async_result = await registry.run(call("explode_async", {}))
    assert sync_result == ToolResult(
        "call_1", "Error: tool 'explode' raised LookupError: no such city: Atlantis", True
    )
    assert async_result.output == "Error: tool 'explode_async' raised RuntimeError: backend down"
    records = [r for r in caplog.records if r.name == "realtime_sdk.tools"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.WARNING]
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is LookupError


@pytest.mark.anyio
async def test_unknown_tools_and_invalid_arguments_do_not_run_anything() -> None:
    ran: list[str] = []

    def note(text: str) -> str:
        ran.append(text)
        return "ok"

    registry = ToolRegistry([note])
    unknown = await registry.run(call("missing", {}))
    assert unknown == ToolResult(
        "call_1", "Error: unknown tool 'missing' (available tools: note)", True
    )
    invalid = await registry.run(call("note", {"text": 5}))
    assert invalid == ToolResult(
        "call_1",
        "Error: invalid arguments for tool 'note': argument 'text': expected string, got integer 5",
        True,
    )
    assert ran == []


@pytest.mark.anyio
async def test_unencodable_return_value_becomes_an_error_output() -> None:
    def weird() -> object:
        return _NotJson()

    result = await ToolRegistry([weird]).run(call("weird", {}))
    assert result.error
    assert "cannot be sent as JSON" in result.output


@pytest.mark.anyio
@pytest.mark.parametrize("asynchronous", [False, True])
async def test_approval_hook_allows_or_denies(asynchronous: bool) -> None:
    ran: list[str] = []
    asked: list[ToolCall] = []

    def transfer(amount: int) -> str:
        ran.append(f"transfer {amount}")
        return "sent"

    def decide(c: ToolCall) -> bool:
        asked.append(c)
        return bool(json.loads(c.arguments)["amount"] < 100)

    async def decide_async(c: ToolCall) -> bool:
        await anyio.lowlevel.checkpoint()
        return decide(c)

    registry = ToolRegistry([transfer], approval=decide_async if asynchronous else decide)
    allowed = await registry.run(call("transfer", {"amount": 5}, "c1"))
    denied = await registry.run(call("transfer", {"amount": 500}, "c2"))
    assert allowed == ToolResult("c1", "sent", False)
    assert denied == ToolResult(
        "c2", "Error: the call of tool 'transfer' was denied; it did not run", True
    )
    assert ran == ["transfer 5"]
    assert [c.call_id for c in asked] == ["c1", "c2"]


@pytest.mark.anyio
async def test_failing_approval_hook_denies_the_call() -> None:
    def guarded() -> str:
        raise AssertionError("must not run")

    def broken_hook(c: ToolCall) -> bool:
        raise KeyError("policy")

    result = await ToolRegistry([guarded], approval=broken_hook).run(call("guarded", {}))
    assert result == ToolResult(
        "call_1", "Error: the approval check of tool 'guarded' failed; it did not run", True
    )


@pytest.mark.anyio
async def test_run_all_runs_in_parallel_and_keeps_call_order() -> None:
    second_started = anyio.Event()

    async def first() -> str:
        await second_started.wait()  # only returns if `second` runs while `first` is running
        return "first"

    async def second() -> str:
        second_started.set()
        return "second"

    def third(n: int) -> str:
        return f"third {n}"

    registry = ToolRegistry([first, second, third], timeout=10)
    results = await registry.run_all(
        [call("first", {}, "a"), call("second", {}, "b"), call("third", {"n": "x"}, "c")]
    )
    assert [r.call_id for r in results] == ["a", "b", "c"]
    assert [r.output for r in results[:2]] == ["first", "second"]
    assert results[2].error
    assert await registry.run_all([]) == []


@pytest.mark.anyio
async def test_max_concurrency_bounds_running_calls() -> None:
    running = 0
    peak = 0

    async def busy(i: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        for _ in range(5):
            await anyio.lowlevel.checkpoint()
        running -= 1
        return i

    registry = ToolRegistry([busy], max_concurrency=2)
    results = await registry.run_all([call("busy", {"i": i}, f"c{i}") for i in range(6)])
    assert [r.output for r in results] == [str(i) for i in range(6)]
    assert peak == 2


def test_registry_refuses_bad_configuration() -> None:
    def a() -> None: ...

    with pytest.raises(ConfigurationError, match="two tools are named 'a'"):
        ToolRegistry([a, tool(a)])
    with pytest.raises(ConfigurationError, match="max_concurrency"):
        ToolRegistry([], max_concurrency=0)
    with pytest.raises(ConfigurationError, match="timeout"):
        ToolRegistry([], timeout=0)
    registry = ToolRegistry([a, tool(name="b")(a)])
    assert [d.name for d in registry.definitions()] == ["a", "b"]
    assert "b" in registry
    assert len(registry) == 2


# --- protocol glue -----------------------------------------------------------------------------


def _function_call(
    call_id: str, name: str, arguments: str, status: str = "completed"
) -> dict[str, Any]:
    return {
        "id": f"item_{call_id}",
        "object": "realtime.item",
        "type": "function_call",
        "status": status,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def _response_done(output: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "type": "response.done",
            "event_id": "event_9",
            "response": {
                "id": "resp_7",
                "object": "realtime.response",
                "status": "completed",
                "output": output,
            },
        }
    )


MESSAGE = {
    "id": "item_msg",
    "object": "realtime.item",
    "type": "message",
    "status": "completed",
    "role": "assistant",
    "content": [],
}


@pytest.mark.parametrize("dialect", ["ga", "beta"])
def test_calls_from_response_done(dialect: str) -> None:
    text = _response_done(
        [
            MESSAGE,
            _function_call("c1", "get_weather", '{"city": "Oslo"}'),
            _function_call("c2", "get_time", "{}"),
            _function_call("c3", "get_weather", '{"ci', status="incomplete"),
        ]
    )
    event = decode_server_event(text, dialect=dialect)
    assert calls_from_response_done(event) == [  # type: ignore[arg-type]
        ToolCall("c1", "get_weather", '{"city": "Oslo"}', item_id="item_c1", response_id="resp_7"),
        ToolCall("c2", "get_time", "{}", item_id="item_c2", response_id="resp_7"),
    ]
    assert calls_from_response_done(decode_server_event(_response_done([]), dialect=dialect)) == []  # type: ignore[arg-type]


def test_call_from_arguments_done() -> None:
    fields = {
        "type": "response.function_call_arguments.done",
        "event_id": "e1",
        "response_id": "resp_1",
        "item_id": "item_1",
        "output_index": 0,
        "call_id": "c1",
        "arguments": '{"x": 1}',
    }
    ga_event = decode_server_event(json.dumps({**fields, "name": "f"}), dialect="ga")
    assert call_from_arguments_done(ga_event) == ToolCall("c1", "f", '{"x": 1}', "item_1", "resp_1")  # type: ignore[arg-type]
    beta_event = decode_server_event(json.dumps(fields), dialect="beta")
    with pytest.raises(UsageError, match="no function name"):
        call_from_arguments_done(beta_event)  # type: ignore[arg-type]
    assert call_from_arguments_done(beta_event, name="f").name == "f"  # type: ignore[arg-type]


def test_output_item_for_each_dialect() -> None:
    result = ToolResult("c1", '{"ok":true}', False)
    ga_item = output_item(result)
    assert ga_item == FunctionCallOutputItem(call_id="c1", output='{"ok":true}')
    wire = json.loads(encode_client_event(ConversationItemCreate(event_id="e1", item=ga_item)))
    assert wire == {
        "type": "conversation.item.create",
        "event_id": "e1",
        "item": {"type": "function_call_output", "call_id": "c1", "output": '{"ok":true}'},
    }
    beta_item = output_item(result, dialect="beta")
    assert beta_item == beta.FunctionCallOutputItem(call_id="c1", output='{"ok":true}')
    with pytest.raises(ConfigurationError, match="translation"):
        output_item(result, dialect="translation")


MCP_REQUEST_EVENT = json.dumps(
    {
        "type": "conversation.item.added",
        "event_id": "e5",
        "previous_item_id": None,
        "item": {
            "type": "mcp_approval_request",
            "id": "mcpr_req_1",
            "server_label": "deepwiki",
            "name": "ask_question",
            "arguments": '{"q": "?"}',
        },
    }
)


def test_mcp_approval_helpers() -> None:
    event = decode_server_event(MCP_REQUEST_EVENT, dialect="ga")
    approved = approve_mcp(event, item_id="resp_item_1")  # type: ignore[arg-type]
    assert to_dict(approved) == {
        "type": "mcp_approval_response",
        "id": "resp_item_1",
        "approval_request_id": "mcpr_req_1",
        "approve": True,
    }
    denied = deny_mcp(event.item, "not on weekends", item_id="resp_item_2")  # type: ignore[union-attr, arg-type]
    assert to_dict(denied) == {
        "type": "mcp_approval_response",
        "id": "resp_item_2",
        "approval_request_id": "mcpr_req_1",
        "approve": False,
        "reason": "not on weekends",
    }
    generated = mcp_approval_response(event, approve=True)  # type: ignore[arg-type]
    assert generated.id != mcp_approval_response(event, approve=True).id  # type: ignore[arg-type]
    assert 0 < len(generated.id) <= 32
    wire = json.loads(encode_client_event(ConversationItemCreate(event_id="e6", item=denied)))
    assert wire["item"]["approve"] is False


def test_mcp_helpers_refuse_other_items() -> None:
    other = decode_server_event(
        json.dumps({"type": "conversation.item.added", "event_id": "e", "item": MESSAGE}),
        dialect="ga",
    )
    with pytest.raises(ConfigurationError, match="mcp_approval_request"):
        approve_mcp(other)  # type: ignore[arg-type]
