"""Function tools: declare them with `@tool`, run the model's calls with a `ToolRegistry`.

```python
@tool
async def get_weather(city: str, unit: Literal["c", "f"] = "c") -> dict[str, object]:
    \"\"\"Current weather in a city.

    Args:
        city: the city name, e.g. "Paris".
        unit: temperature unit.
    \"\"\"
```

`get_weather.definition` is the `FunctionTool` to send in `session.update`; a `ToolRegistry` validates
the arguments of each `function_call` item, runs the functions (sync ones in worker threads, each with
a timeout) and turns every outcome, failures included, into a `function_call_output` item.

The annotations-to-JSON-Schema compiler, its validator and the docstring reader are in `_tool_schema`;
this module has `Tool`, the registry, and the protocol glue (call extraction, output and MCP items).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import logging
import math
import re
import typing
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import (
    Any,
    Generic,
    Literal,
    ParamSpec,
    TypeVar,
    Union,
    cast,
    overload,
)

import anyio
import anyio.to_thread
import attrs
import cattrs
import orjson

from ._exceptions import ConfigurationError, ToolArgumentsError, UsageError
from ._tool_schema import (
    _MISSING,
    _Compiler,
    _describe,
    _Field,
    _Invalid,
    _NullableNode,
    _ObjectNode,
    _param_docs,
    _summary,
    _Unsupported,
    _unwrap,
)
from ._types import UNSET
from .events import _resources as _ga
from .events import _server as _ga_server
from .events._common import FunctionTool
from .events._dialects import Dialect
from .events.beta import _resources as _beta
from .events.beta import _server as _beta_server

__all__ = [
    "Tool",
    "ToolArgumentsError",
    "ToolCall",
    "ToolRegistry",
    "ToolResult",
    "approve_mcp",
    "call_from_arguments_done",
    "calls_from_response_done",
    "deny_mcp",
    "mcp_approval_response",
    "output_item",
    "tool",
]

logger = logging.getLogger("realtime_sdk.tools")

P = ParamSpec("P")
R = TypeVar("R")

_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # the API's rule for function names


# --- the Tool object ---------------------------------------------------------------------------


@attrs.frozen
class _Param:
    name: str
    positional_only: bool
    default: Any


class Tool(Generic[P, R]):
    """A Python function the model can call, with its name, description and JSON Schema.

    Made by `@tool`; still callable exactly like the function it wraps.

    Attributes:
        name: the function name the model sees.
        description: what the tool does, for the model (the docstring's first paragraph).
        parameters: the JSON Schema of the arguments object.
        timeout: seconds the function may run before the call fails, or None for the registry's.
        fn: the wrapped function.
    """

    name: str
    description: str
    parameters: dict[str, Any]
    timeout: float | None
    fn: Callable[P, R]
    __name__: str

    def __init__(
        self,
        fn: Callable[P, R],
        *,
        name: str | None = None,
        description: str | None = None,
        timeout: float | None = None,
    ) -> None:
        where = getattr(fn, "__qualname__", None) or repr(fn)
        if not callable(fn):
            raise ConfigurationError(f"@tool needs a function, got {type(fn).__name__}")
        tool_name = name if name is not None else getattr(fn, "__name__", "")
        if not isinstance(tool_name, str) or not _NAME_RE.match(tool_name):
            raise ConfigurationError(
                f"@tool {where}: the tool name {tool_name!r} must be 1 to 64 letters, digits,"
                " '_' or '-'"
            )
        if timeout is not None and not timeout > 0:
            raise ConfigurationError(f"@tool {where}: timeout must be positive, got {timeout!r}")
        doc = inspect.getdoc(fn) or ""
        self.fn = fn
        self.name = tool_name
        self.description = description if description is not None else _summary(doc)
        self.timeout = timeout
        self._is_async = _is_async_callable(fn)
        self._args, self._params = _compile_signature(fn, where, _param_docs(doc))
        self.parameters = self._args.schema()
        functools.update_wrapper(self, fn, updated=())

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Tool {self.name}>"

    @property
    def definition(self) -> FunctionTool:
        """The `FunctionTool` to list in `session.update` (`tools=[...]`)."""
        return FunctionTool(
            name=self.name,
            description=self.description or UNSET,
            parameters=self.parameters,
        )

    def parse_arguments(self, arguments_json: str) -> dict[str, Any]:
        """Validate the model's JSON arguments; return the Python keyword arguments of the function.

        Values are converted to the annotated types (Enum members, attrs instances, lists...); an
        absent Optional parameter without a default is given as None. Raises `ToolArgumentsError`.
        """
        text = arguments_json.strip()
        if text == "":
            data: Any = {}  # models send "" for a call without arguments
        else:
            try:
                data = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                raise ToolArgumentsError(
                    self.name, [f"the arguments are not valid JSON ({exc})"]
                ) from None
        if not isinstance(data, dict):
            raise ToolArgumentsError(
                self.name, [f"the arguments must be a JSON object, got {_describe(data)}"]
            )
        try:
            return cast(dict[str, Any], self._args.check(data, ""))
        except _Invalid as exc:
            raise ToolArgumentsError(
                self.name,
                [
                    f"argument {path!r}: {message}" if path else message
                    for path, message in exc.problems
                ],
            ) from None

    async def invoke(self, arguments: Mapping[str, Any]) -> Any:
        """Call the function with parsed arguments: awaited when async, in a worker thread when sync.

        No timeout here (the registry adds it); a sync function keeps its thread until it returns.
        """
        args = [arguments.get(p.name, p.default) for p in self._params if p.positional_only]
        kwargs = dict(arguments)
        for p in self._params:
            if p.positional_only:
                kwargs.pop(p.name, None)
        fn = cast(Callable[..., Any], self.fn)
        if self._is_async:
            return await fn(*args, **kwargs)
        result = await anyio.to_thread.run_sync(
            functools.partial(fn, *args, **kwargs), abandon_on_cancel=True
        )
        if inspect.isawaitable(result):
            result = await result
        return result


def _is_async_callable(fn: Any) -> bool:
    while isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - an object with an async __call__
    )


def _compile_signature(
    fn: Callable[..., Any], where: str, docs: Mapping[str, str]
) -> tuple[_ObjectNode, list[_Param]]:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"@tool {where}: cannot read the signature ({exc})") from None
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:
        raise ConfigurationError(
            f"@tool {where}: cannot resolve the type annotations ({type(exc).__name__}: {exc})"
        ) from None
    compiler = _Compiler()
    fields: list[_Field] = []
    params: list[_Param] = []
    for p in signature.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise ConfigurationError(
                f"@tool {where}: parameter {p.name!r}: *args and **kwargs cannot be described to the"
                " model; declare each parameter"
            )
        if p.name not in hints:
            raise ConfigurationError(f"@tool {where}: parameter {p.name!r} has no type annotation")
        annotation = hints[p.name]
        try:
            node = compiler.node(annotation)
        except _Unsupported as exc:
            raise ConfigurationError(
                f"@tool {where}: parameter {p.name!r}: {exc} (supported: str, int, float, bool,"
                " Literal, Enum, Optional, list, dict[str, X], attrs classes, TypedDict)"
            ) from None
        _, annotated_doc = _unwrap(annotation)
        has_default = p.default is not p.empty
        nullable = isinstance(node, _NullableNode)
        fields.append(
            _Field(
                key=p.name,
                kwarg=p.name,
                node=node,
                required=not has_default and not nullable,
                default=p.default if has_default else _MISSING,
                fill_none=not has_default and nullable,
                description=annotated_doc or docs.get(p.name, ""),
            )
        )
        params.append(_Param(p.name, p.kind is p.POSITIONAL_ONLY, p.default))
    return _ObjectNode(fields, lambda kwargs: kwargs, "argument"), params


@overload
def tool(fn: Callable[P, R], /) -> Tool[P, R]: ...


@overload
def tool(
    *, name: str | None = None, description: str | None = None, timeout: float | None = None
) -> Callable[[Callable[P, R]], Tool[P, R]]: ...


def tool(
    fn: Callable[P, R] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    timeout: float | None = None,
) -> Tool[P, R] | Callable[[Callable[P, R]], Tool[P, R]]:
    """Turn a sync or async function into a `Tool` (bare `@tool` or `@tool(name=..., ...)`).

    The JSON Schema comes from the type hints, the descriptions from the docstring (first paragraph;
    per-parameter text from a Google "Args:" section or reST ":param x:" fields, or from
    `Annotated[T, "text"]`). Unsupported annotations raise `ConfigurationError` here, not at call time.
    """
    if fn is not None:
        return Tool(fn, name=name, description=description, timeout=timeout)

    def decorate(f: Callable[P, R]) -> Tool[P, R]:
        return Tool(f, name=name, description=description, timeout=timeout)

    return decorate


# --- calls and results -------------------------------------------------------------------------


@attrs.frozen
class ToolCall:
    """One function call by the model: the tool `name` and its JSON `arguments` text."""

    call_id: str
    name: str
    arguments: str
    item_id: str | None = None
    response_id: str | None = None


@attrs.frozen
class ToolResult:
    """The outcome of a call: the `output` text for the model; `error` is True when it failed."""

    call_id: str
    output: str
    error: bool = False


_unstructure = cattrs.Converter()


def _output_default(value: Any) -> Any:
    if attrs.has(type(value)):
        return _unstructure.unstructure(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _encode_output(value: Any) -> str:
    """`str` as is; anything else as JSON (attrs via cattrs, dataclasses, enums by value)."""
    if isinstance(value, str):
        return value
    if attrs.has(type(value)):
        value = _unstructure.unstructure(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return orjson.dumps(value, default=_output_default, option=orjson.OPT_NON_STR_KEYS).decode()


class ToolRegistry:
    """Runs the model's function calls against a set of tools; never raises for a failed call.

    * `timeout`: seconds a call may run (a tool's own `timeout` wins); None for no limit.
    * `approval`: called (sync or async) with each valid call before it runs; False denies it.
      A sync hook runs on the event loop, so it must not block.
    * `max_concurrency`: calls running at once across `run` and `run_all`.
    """

    def __init__(
        self,
        tools: Iterable[Tool[..., Any] | Callable[..., Any]] = (),
        *,
        timeout: float | None = 30.0,
        approval: Callable[[ToolCall], bool | Awaitable[bool]] | None = None,
        max_concurrency: int = 8,
    ) -> None:
        if timeout is not None and not timeout > 0:
            raise ConfigurationError(f"timeout must be positive or None, got {timeout!r}")
        if max_concurrency < 1:
            raise ConfigurationError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self.timeout = timeout
        self.approval = approval
        self.max_concurrency = max_concurrency
        self._tools: dict[str, Tool[..., Any]] = {}
        self._limiter: anyio.CapacityLimiter | None = None
        for t in tools:
            self.add(t)

    def add(self, t: Tool[..., Any] | Callable[..., Any]) -> Tool[..., Any]:
        """Register a tool (a plain function is wrapped with `tool`); duplicate names are refused."""
        item: Tool[..., Any] = t if isinstance(t, Tool) else tool(t)
        if item.name in self._tools:
            raise ConfigurationError(f"two tools are named {item.name!r}")
        self._tools[item.name] = item
        return item

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __len__(self) -> int:
        return len(self._tools)

    def __iter__(self) -> typing.Iterator[Tool[..., Any]]:
        return iter(list(self._tools.values()))

    def __repr__(self) -> str:
        return f"<ToolRegistry {', '.join(self._tools) or '(empty)'}>"

    def get(self, name: str) -> Tool[..., Any] | None:
        """The tool called `name`, or None."""
        return self._tools.get(name)

    def definitions(self) -> list[FunctionTool]:
        """Every tool's `FunctionTool`, for `session.update`."""
        return [t.definition for t in self._tools.values()]

    async def run(self, call: ToolCall) -> ToolResult:
        """Validate, approve and run one call; every failure becomes an error result."""
        t = self._tools.get(call.name)
        if t is None:
            known = ", ".join(self._tools) or "none"
            return _failed(call, f"unknown tool {call.name!r} (available tools: {known})")
        try:
            arguments = t.parse_arguments(call.arguments)
        except ToolArgumentsError as exc:
            return _failed(call, str(exc))
        if self.approval is not None:
            try:
                verdict = self.approval(call)
                if inspect.isawaitable(verdict):
                    verdict = await verdict
            except Exception:
                logger.warning("approval hook failed for tool %r", call.name, exc_info=True)
                return _failed(
                    call, f"the approval check of tool {call.name!r} failed; it did not run"
                )
            if not verdict:
                return _failed(call, f"the call of tool {call.name!r} was denied; it did not run")
        limit = t.timeout if t.timeout is not None else self.timeout
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.max_concurrency)
        value: Any = _MISSING
        async with self._limiter:
            with anyio.move_on_after(math.inf if limit is None else limit) as scope:
                try:
                    value = await t.invoke(arguments)
                except Exception as exc:
                    logger.warning(
                        "tool %r raised %s", call.name, type(exc).__name__, exc_info=True
                    )
                    return _failed(call, f"tool {call.name!r} raised {type(exc).__name__}: {exc}")
        if scope.cancelled_caught:
            logger.warning("tool %r timed out after %s s", call.name, limit)
            return _failed(call, f"tool {call.name!r} did not finish within {limit:g} seconds")
        try:
            return ToolResult(call.call_id, _encode_output(value))
        except Exception as exc:
            logger.warning("tool %r returned an unencodable value", call.name, exc_info=True)
            return _failed(
                call, f"tool {call.name!r} returned a value that cannot be sent as JSON ({exc})"
            )

    async def run_all(self, calls: Iterable[ToolCall]) -> list[ToolResult]:
        """Run calls concurrently (at most `max_concurrency` at once); results in call order."""
        pending = list(calls)
        results: list[ToolResult | None] = [None] * len(pending)

        async def one(index: int, call: ToolCall) -> None:
            results[index] = await self.run(call)

        async with anyio.create_task_group() as tg:
            for index, call in enumerate(pending):
                tg.start_soon(one, index, call)
        return [r for r in results if r is not None]


def _failed(call: ToolCall, message: str) -> ToolResult:
    return ToolResult(call.call_id, f"Error: {message}", error=True)


# --- protocol glue -----------------------------------------------------------------------------


def calls_from_response_done(
    event: _ga_server.ResponseDone | _beta_server.ResponseDone,
) -> list[ToolCall]:
    """The function calls in a `response.done` event's output (GA or beta), in output order.

    Items marked "incomplete" (the response was cut, so their arguments may be too) are skipped.
    """
    response = event.response
    response_id = response.id if isinstance(response.id, str) else None
    calls: list[ToolCall] = []
    for item in response.output or ():
        if not isinstance(item, (_ga.FunctionCallItem, _beta.FunctionCallItem)):
            continue
        if item.status == "incomplete":
            continue
        if not isinstance(item.call_id, str) or not isinstance(item.name, str):
            continue
        calls.append(
            ToolCall(
                call_id=item.call_id,
                name=item.name,
                arguments=item.arguments if isinstance(item.arguments, str) else "",
                item_id=item.id if isinstance(item.id, str) else None,
                response_id=response_id,
            )
        )
    return calls


def call_from_arguments_done(
    event: _ga_server.ResponseFunctionCallArgumentsDone
    | _beta_server.ResponseFunctionCallArgumentsDone,
    *,
    name: str | None = None,
) -> ToolCall:
    """The call announced by `response.function_call_arguments.done`, to start it before response.done.

    The beta event carries no function name unless the server adds one: pass `name` (from the
    `response.output_item.added` item) or a `UsageError` is raised.
    """
    if name is None:
        found = getattr(event, "name", None) or event.extra_fields.get("name")
        if not isinstance(found, str):
            raise UsageError(
                f"this {event.type} event has no function name; pass name= (call_id {event.call_id!r})"
            )
        name = found
    return ToolCall(
        call_id=event.call_id,
        name=name,
        arguments=event.arguments,
        item_id=event.item_id,
        response_id=event.response_id,
    )


@overload
def output_item(
    result: ToolResult, *, dialect: Literal["ga"] = "ga"
) -> _ga.FunctionCallOutputItem: ...


@overload
def output_item(
    result: ToolResult, *, dialect: Literal["beta"]
) -> _beta.FunctionCallOutputItem: ...


@overload
def output_item(
    result: ToolResult, *, dialect: Dialect
) -> _ga.FunctionCallOutputItem | _beta.FunctionCallOutputItem: ...


def output_item(
    result: ToolResult, *, dialect: Dialect = "ga"
) -> _ga.FunctionCallOutputItem | _beta.FunctionCallOutputItem:
    """The `function_call_output` item carrying a result, for `conversation.item.create`."""
    if dialect == "ga":
        return _ga.FunctionCallOutputItem(call_id=result.call_id, output=result.output)
    if dialect == "beta":
        return _beta.FunctionCallOutputItem(call_id=result.call_id, output=result.output)
    raise ConfigurationError(
        f"function call outputs exist in the 'ga' and 'beta' dialects, not {dialect!r}"
    )


McpApprovalSource = Union[  # noqa: UP007
    _ga.MCPApprovalRequestItem,
    _ga_server.ConversationItemAdded,
    _ga_server.ConversationItemCreated,
    _ga_server.ConversationItemDone,
    _ga_server.ResponseOutputItemAdded,
    _ga_server.ResponseOutputItemDone,
]
"""An MCP approval request item, or a server event whose `item` is one."""


def mcp_approval_response(
    request: McpApprovalSource,
    approve: bool,
    reason: str | None = None,
    *,
    item_id: str | None = None,
) -> _ga.MCPApprovalResponseItem:
    """The `mcp_approval_response` item answering an MCP approval request (GA).

    Send it with `conversation.item.create`. `item_id` defaults to a new random id.
    """
    item = request if isinstance(request, _ga.MCPApprovalRequestItem) else request.item
    if not isinstance(item, _ga.MCPApprovalRequestItem):
        raise ConfigurationError(
            f"expected an mcp_approval_request item, got a {getattr(item, 'type', type(item).__name__)!r} item"
        )
    return _ga.MCPApprovalResponseItem(
        id=item_id if item_id is not None else f"mcpr_{uuid.uuid4().hex[:24]}",
        approval_request_id=item.id,
        approve=approve,
        reason=UNSET if reason is None else reason,
    )


def approve_mcp(
    request: McpApprovalSource, reason: str | None = None, *, item_id: str | None = None
) -> _ga.MCPApprovalResponseItem:
    """An `mcp_approval_response` that lets the MCP tool call run."""
    return mcp_approval_response(request, True, reason, item_id=item_id)


def deny_mcp(
    request: McpApprovalSource, reason: str | None = None, *, item_id: str | None = None
) -> _ga.MCPApprovalResponseItem:
    """An `mcp_approval_response` that refuses the MCP tool call (with an optional reason)."""
    return mcp_approval_response(request, False, reason, item_id=item_id)
