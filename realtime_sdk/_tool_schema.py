"""The JSON Schema side of function tools: Python annotations compiled to a schema and its validator.

`_Compiler` turns a function's parameters (scalars, `Literal`, enums, `Optional`/unions, lists, dicts,
`TypedDict`s, dataclasses, attrs classes, `Annotated` descriptions) into one tree of nodes; each node
gives its piece of the JSON Schema and validates the model's arguments against it, collecting every
problem with its path. The docstring helpers read a function's summary and its parameter descriptions
(Google "Args:" sections and reST `:param x:` fields). `Tool` in `_tools` is built on these.
"""

from __future__ import annotations

import enum
import inspect
import math
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import (
    Any,
    Literal,
    Union,
    get_args,
    get_origin,
)

import attrs
import orjson

__all__ = [
    "_MISSING",
    "_Compiler",
    "_Field",
    "_Invalid",
    "_NullableNode",
    "_ObjectNode",
    "_Unsupported",
    "_describe",
    "_param_docs",
    "_summary",
    "_unwrap",
]

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
