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
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import logging
import math
import re
import types
import typing
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import (
    Any,
    Generic,
    Literal,
    ParamSpec,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    overload,
)

import anyio
import anyio.to_thread
import attrs
import cattrs
import orjson

from ._exceptions import ConfigurationError, ToolArgumentsError, UsageError
from ._types import UNSET
from .events import _resources as _ga
from .events import _server as _ga_server
from .events._common import FunctionTool
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
_NoneType = type(None)
_MISSING: Any = object()


# --- schema nodes: one tree per parameter gives both the JSON Schema and the validator -------------


class _Invalid(Exception):
    """Validation problems as (path, message) pairs; the path is "" for the arguments object."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


class _Unsupported(Exception):
    """An annotation no schema can be generated for (converted to ConfigurationError)."""


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"string {_json_text(shown)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON only yields the kinds above


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Node:
    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, value: Any, path: str) -> Any:
        raise NotImplementedError


class _AnyNode(_Node):
    def schema(self) -> dict[str, Any]:
        return {}

    def check(self, value: Any, path: str) -> Any:
        return value


class _ScalarNode(_Node):
    def __init__(self, py: type) -> None:
        self.py = py
        self.json_type = {str: "string", int: "integer", float: "number", bool: "boolean"}[py]

    def schema(self) -> dict[str, Any]:
        return {"type": self.json_type}

    def check(self, value: Any, path: str) -> Any:
        py = self.py
        if py is bool:
            if isinstance(value, bool):
                return value
        elif py is str:
            if isinstance(value, str):
                return value
        elif not isinstance(value, bool) and isinstance(value, (int, float)):
            # JSON Schema counts 3.0 as an integer (draft 6+, "integer" = zero fractional part).
            if py is float:
                return float(value)
            if isinstance(value, int):
                return value
            if math.isfinite(value) and value == int(value):
                return int(value)
        raise _Invalid([(path, f"expected {self.json_type}, got {_describe(value)}")])


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _enum_schema(values: Sequence[Any]) -> dict[str, Any]:
    kinds = {type(v) for v in values}
    schema: dict[str, Any] = {}
    if len(kinds) == 1:
        kind = kinds.pop()
        json_type = {str: "string", int: "integer", float: "number", bool: "boolean"}.get(kind)
        if json_type is not None:
            schema["type"] = json_type
    schema["enum"] = list(values)
    return schema


def _choices(values: Sequence[Any]) -> str:
    return ", ".join(_json_text(v) for v in values)


class _LiteralNode(_Node):
    def __init__(self, values: Sequence[Any]) -> None:
        for v in values:
            if not isinstance(v, (str, int, float, bool)):
                raise _Unsupported(f"Literal value {v!r} is not a JSON string, number or boolean")
        self.values = list(values)

    def schema(self) -> dict[str, Any]:
        return _enum_schema(self.values)

    def check(self, value: Any, path: str) -> Any:
        for v in self.values:
            if _same(v, value):
                return v
        raise _Invalid([(path, f"expected one of {_choices(self.values)}, got {_describe(value)}")])


class _EnumNode(_Node):
    def __init__(self, cls: type[enum.Enum]) -> None:
        members = list(cls)
        if not members:
            raise _Unsupported(f"enum {cls.__name__} has no members")
        for m in members:
            if not isinstance(m.value, (str, int, float, bool)):
                raise _Unsupported(
                    f"enum {cls.__name__} member {m.name} has value {m.value!r}, which is not a JSON"
                    " string, number or boolean"
                )
        self.cls = cls
        self.members = members
        self.values = [m.value for m in members]

    def schema(self) -> dict[str, Any]:
        return _enum_schema(self.values)

    def check(self, value: Any, path: str) -> Any:
        for m in self.members:
            if _same(m.value, value):
                return m
        raise _Invalid([(path, f"expected one of {_choices(self.values)}, got {_describe(value)}")])


class _NullableNode(_Node):
    def __init__(self, inner: _Node) -> None:
        self.inner = inner

    def schema(self) -> dict[str, Any]:
        inner = self.inner.schema()
        json_type = inner.get("type")
        if isinstance(json_type, str):
            schema = {**inner, "type": [json_type, "null"]}
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
            return schema
        if not inner:
            return inner
        return {"anyOf": [inner, {"type": "null"}]}

    def check(self, value: Any, path: str) -> Any:
        if value is None:
            return None
        return self.inner.check(value, path)


class _UnionNode(_Node):
    def __init__(self, options: Sequence[_Node]) -> None:
        self.options = list(options)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [o.schema() for o in self.options]}

    def check(self, value: Any, path: str) -> Any:
        for option in self.options:
            try:
                return option.check(value, path)
            except _Invalid:
                continue
        kinds = " or ".join(_kind_of(o.schema()) for o in self.options)
        raise _Invalid([(path, f"expected {kinds}, got {_describe(value)}")])


def _kind_of(schema: Mapping[str, Any]) -> str:
    json_type = schema.get("type")
    if isinstance(json_type, str):
        return json_type
    if "enum" in schema:
        return f"one of {_choices(schema['enum'])}"
    return "a value of another kind"


class _ListNode(_Node):
    def __init__(self, item: _Node) -> None:
        self.item = item

    def schema(self) -> dict[str, Any]:
        items = self.item.schema()
        return {"type": "array", "items": items} if items else {"type": "array"}

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise _Invalid([(path, f"expected array, got {_describe(value)}")])
        out: list[Any] = []
        problems: list[tuple[str, str]] = []
        for i, element in enumerate(value):
            try:
                out.append(self.item.check(element, f"{path}[{i}]"))
            except _Invalid as exc:
                problems.extend(exc.problems)
        if problems:
            raise _Invalid(problems)
        return out


class _DictNode(_Node):
    def __init__(self, value: _Node) -> None:
        self.value = value

    def schema(self) -> dict[str, Any]:
        values = self.value.schema()
        schema: dict[str, Any] = {"type": "object"}
        if values:
            schema["additionalProperties"] = values
        return schema

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _Invalid([(path, f"expected object, got {_describe(value)}")])
        out: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for key, element in value.items():
            try:
                out[key] = self.value.check(element, f"{path}[{_json_text(key)}]")
            except _Invalid as exc:
                problems.extend(exc.problems)
        if problems:
            raise _Invalid(problems)
        return out


@attrs.frozen
class _Field:
    key: str  # JSON property name
    kwarg: str  # keyword used to build the Python value
    node: _Node
    required: bool
    default: Any = _MISSING  # Python default; _MISSING when there is none
    fill_none: bool = False  # absent optional-without-default parameter: pass None
    description: str = ""


def _default_json(default: Any) -> Any:
    """The JSON form of a default value, or _MISSING when it has none."""
    if isinstance(default, enum.Enum):
        default = default.value
    try:
        return orjson.loads(orjson.dumps(default))
    except (TypeError, orjson.JSONEncodeError):
        return _MISSING


class _ObjectNode(_Node):
    def __init__(
        self, fields: Sequence[_Field], build: Callable[[dict[str, Any]], Any], noun: str
    ) -> None:
        self.fields = list(fields)
        self.build = build
        self.noun = noun  # "argument" at the top level, "field" inside

    def schema(self) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for f in self.fields:
            prop = f.node.schema()
            if f.description:
                prop = {**prop, "description": f.description}
            if f.default is not _MISSING:
                default = _default_json(f.default)
                if default is not _MISSING:
                    prop = {**prop, "default": default}
            properties[f.key] = prop
        return {
            "type": "object",
            "properties": properties,
            "required": [f.key for f in self.fields if f.required],
            "additionalProperties": False,
        }

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _Invalid([(path, f"expected object, got {_describe(value)}")])
        known = {f.key for f in self.fields}
        problems: list[tuple[str, str]] = [
            (path, f"unexpected {self.noun} {key!r}") for key in value if key not in known
        ]
        kwargs: dict[str, Any] = {}
        for f in self.fields:
            if f.key not in value:
                if f.required:
                    problems.append((path, f"missing required {self.noun} {f.key!r}"))
                elif f.fill_none:
                    kwargs[f.kwarg] = None
                continue
            try:
                kwargs[f.kwarg] = f.node.check(value[f.key], _join(path, f.key))
            except _Invalid as exc:
                problems.extend(exc.problems)
        if problems:
            raise _Invalid(problems)
        try:
            return self.build(kwargs)
        except Exception as exc:  # a validator of an attrs class refused the values
            raise _Invalid([(path, f"{type(exc).__name__}: {exc}")]) from None


# --- annotations -> nodes -----------------------------------------------------------------------


def _forms(name: str) -> tuple[Any, ...]:
    """`typing.<name>` and `typing_extensions.<name>` (they differ on older Pythons)."""
    forms: list[Any] = []
    for module_name in ("typing", "typing_extensions"):
        try:
            module = __import__(module_name)
        except ImportError:  # pragma: no cover - typing_extensions ships with cattrs
            continue
        if hasattr(module, name) and getattr(module, name) not in forms:
            forms.append(getattr(module, name))
    return tuple(forms)


_REQUIRED = _forms("Required")
_NOT_REQUIRED = _forms("NotRequired")
_REQUIRED_FORMS = _REQUIRED + _NOT_REQUIRED
_ANNOTATED_FORMS: tuple[Any, ...] = (typing.Annotated,)
_UNION_ORIGINS: tuple[Any, ...] = (Union, types.UnionType)
_LIST_ORIGINS: tuple[Any, ...] = (list, Sequence)
_DICT_ORIGINS: tuple[Any, ...] = (dict, Mapping)


def _unwrap(annotation: Any) -> tuple[Any, str]:
    """Strip Annotated / Required / NotRequired; return the type and an Annotated description."""
    description = ""
    while True:
        origin = get_origin(annotation)
        if origin in _REQUIRED_FORMS:
            annotation = get_args(annotation)[0]
        elif origin in _ANNOTATED_FORMS:
            for meta in annotation.__metadata__:
                if isinstance(meta, str) and not description:
                    description = meta.strip()
            annotation = annotation.__origin__
        else:
            return annotation, description


def _marked_required(annotation: Any, fallback: bool) -> bool:
    """Required[...] / NotRequired[...] (possibly inside Annotated) decide; else `fallback`.

    Checked on the resolved hints because a TypedDict built from string annotations (PEP 563)
    cannot see these markers in its `__required_keys__`.
    """
    while True:
        origin = get_origin(annotation)
        if origin in _ANNOTATED_FORMS:
            annotation = annotation.__origin__
        elif origin in _REQUIRED_FORMS:
            return origin in _REQUIRED
        else:
            return fallback


def _is_typeddict(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, dict) and hasattr(t, "__required_keys__")


class _Compiler:
    def __init__(self) -> None:
        self.active: list[type] = []  # classes being compiled, to refuse recursive types

    def node(self, annotation: Any) -> _Node:
        annotation, _ = _unwrap(annotation)
        if annotation in (str, int, float, bool):
            return _ScalarNode(annotation)
        if annotation is Any:
            return _AnyNode()
        origin = get_origin(annotation)
        args = get_args(annotation)
        if origin is Literal:
            values = [v for v in args if v is not None]
            node: _Node = _LiteralNode(values)
            return _NullableNode(node) if len(values) < len(args) else node
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return _EnumNode(annotation)
        if origin in _UNION_ORIGINS:
            options = [a for a in args if a is not _NoneType]
            inner = (
                self.node(options[0])
                if len(options) == 1
                else _UnionNode([self.node(a) for a in options])
            )
            return _NullableNode(inner) if len(options) < len(args) else inner
        if annotation is list:
            return _ListNode(_AnyNode())
        if origin in _LIST_ORIGINS:
            return _ListNode(self.node(args[0]) if args else _AnyNode())
        if annotation is dict:
            return _DictNode(_AnyNode())
        if origin in _DICT_ORIGINS:
            if args and _unwrap(args[0])[0] is not str:
                raise _Unsupported(f"{_name(annotation)}: JSON object keys must be str")
            return _DictNode(self.node(args[1]) if args else _AnyNode())
        if isinstance(annotation, type) and attrs.has(annotation):
            return self.class_node(annotation, self._attrs_fields)
        if _is_typeddict(annotation):
            return self.class_node(annotation, self._typeddict_fields)
        raise _Unsupported(f"unsupported type annotation {_name(annotation)}")

    def class_node(self, cls: type, fields: Callable[[type], _ObjectNode]) -> _Node:
        if cls in self.active:
            raise _Unsupported(f"recursive type {cls.__name__} is not supported")
        self.active.append(cls)
        try:
            return fields(cls)
        finally:
            self.active.pop()

    def _attrs_fields(self, cls: type) -> _ObjectNode:
        try:
            attrs.resolve_types(cls, include_extras=True)
        except Exception as exc:
            raise _Unsupported(f"cannot resolve the field types of {cls.__name__}: {exc}") from None
        docs = _param_docs(inspect.getdoc(cls) or "")
        fields: list[_Field] = []
        for a in attrs.fields(cls):
            if not a.init:
                continue
            key = a.alias or a.name.lstrip("_")
            if a.type is None:
                raise _Unsupported(f"field {cls.__name__}.{a.name} has no type annotation")
            _, annotated_doc = _unwrap(a.type)
            node = self._field_node(a.type, f"{cls.__name__}.{a.name}")
            required = a.default is attrs.NOTHING
            has_plain_default = not required and not isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
            description = str(a.metadata.get("description", "")) or annotated_doc
            fields.append(
                _Field(
                    key=key,
                    kwarg=key,
                    node=node,
                    required=required,
                    default=a.default if has_plain_default else _MISSING,
                    description=description or docs.get(a.name, "") or docs.get(key, ""),
                )
            )
        return _ObjectNode(fields, lambda kwargs: cls(**kwargs), "field")

    def _typeddict_fields(self, cls: type) -> _ObjectNode:
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception as exc:
            raise _Unsupported(f"cannot resolve the field types of {cls.__name__}: {exc}") from None
        required_keys: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
        docs = _param_docs(inspect.getdoc(cls) or "")
        fields = []
        for key, annotation in hints.items():
            _, annotated_doc = _unwrap(annotation)
            fields.append(
                _Field(
                    key=key,
                    kwarg=key,
                    node=self._field_node(annotation, f"{cls.__name__}.{key}"),
                    required=_marked_required(annotation, key in required_keys),
                    description=annotated_doc or docs.get(key, ""),
                )
            )
        return _ObjectNode(fields, dict, "field")

    def _field_node(self, annotation: Any, where: str) -> _Node:
        try:
            return self.node(annotation)
        except _Unsupported as exc:
            if str(exc).startswith("field "):
                raise
            raise _Unsupported(f"field {where}: {exc}") from None


def _name(annotation: Any) -> str:
    if isinstance(annotation, type) and get_origin(annotation) is None:
        return annotation.__qualname__
    return repr(annotation).replace("typing.", "")


# --- docstrings --------------------------------------------------------------------------------

_GOOGLE_PARAMS = re.compile(
    r"^(?:args|arguments|parameters|params|attributes|keyword args|keyword arguments)\s*:\s*$",
    re.IGNORECASE,
)
_GOOGLE_SECTION = re.compile(r"^[A-Z][A-Za-z ]{1,30}:\s*$")
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:(?:\s+(.*))?$")
_REST_PARAM = re.compile(
    r"^:(?:param|parameter|arg|argument|key|keyword|ivar|var)\s+(?:[^:]+?\s+)?\*{0,2}(\w+)\s*:\s*(.*)$"
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _summary(doc: str) -> str:
    """The docstring's first paragraph, as one line (stops at a section or a reST field)."""
    lines: list[str] = []
    for line in doc.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(":") or _GOOGLE_SECTION.match(stripped):
            if lines or stripped:
                break
            continue
        lines.append(stripped)
    return " ".join(lines)


def _param_docs(doc: str) -> dict[str, str]:
    """Parameter descriptions from a Google "Args:" section and from reST ":param x:" fields."""
    found: dict[str, list[str]] = {}
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _GOOGLE_PARAMS.match(stripped):
            header = _indent(line)
            entry_indent: int | None = None
            current: list[str] | None = None
            i += 1
            while i < len(lines):
                body = lines[i]
                if body.strip():
                    depth = _indent(body)
                    if depth <= header:
                        break
                    if entry_indent is None:
                        entry_indent = depth
                    match = _GOOGLE_ENTRY.match(body.strip()) if depth <= entry_indent else None
                    if match:
                        current = found.setdefault(match[1], [])
                        current.clear()
                        if match[2]:
                            current.append(match[2].strip())
                    elif current is not None and depth > entry_indent:
                        current.append(body.strip())
                i += 1
            continue
        match = _REST_PARAM.match(stripped)
        if match:
            current = found.setdefault(match[1], [])
            current.clear()
            if match[2]:
                current.append(match[2].strip())
            field_indent = _indent(line)
            i += 1
            while i < len(lines):
                body = lines[i]
                if not body.strip() or _indent(body) <= field_indent:
                    break
                current.append(body.strip())
                i += 1
            continue
        i += 1
    return {name: " ".join(parts) for name, parts in found.items() if parts}


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
    result: ToolResult, *, dialect: str
) -> _ga.FunctionCallOutputItem | _beta.FunctionCallOutputItem: ...


def output_item(
    result: ToolResult, *, dialect: str = "ga"
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
