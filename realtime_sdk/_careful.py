"""The careful decoder: what runs when the generated fast path refuses an event.

The fast structure functions (`_codegen.py`) accept exactly the valid input and give up on anything else.
This module then walks the same JSON against the models' type hints, one field at a time, and either

* **strict**: stops at the first value that does not fit and names its JSON path (an `EventDecodeError`
  from the decode functions), or
* **lenient** (the default): keeps going. A value that does not fit reads as `UNSET` in its field, its raw
  JSON is kept in the model's `extra_fields` under its own name (so the event re-encodes to exactly what was
  received), and a `DecodeProblem` (JSON path and message) is recorded for `decode_problems(event)`.

Both modes share the rules that are not about wrong input (docs/decisions.md, "Decoding"):

* a property the published schema does not require accepts `null` (the models say `X | Unset | None`);
* an absent property stays `UNSET` and is omitted when encoding, including an absent `type` tag;
* an object in a union of models whose `type` tag is absent (or null) is matched by its members: the member
  whose required fields are all present and which knows most of the object's members wins, the first one
  listed on a tie. The schema lets content parts, items, `turn_detection` and tools omit `type`
  (openai-openapi, `RealtimeConversationItem*`, `RealtimeTurnDetection`).

Nothing here awaits: it is part of the Sans-I/O core.
"""

from __future__ import annotations

import inspect
import logging
import sys
import types
import typing
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from ._types import UNSET, _UnsetType
from .events._base import EMPTY_EXTRA, Model

__all__ = [
    "DecodeProblem",
    "Refusal",
    "UndecodableFrame",
    "decode_problems",
    "record_problems",
    "structure_model",
]

logger = logging.getLogger("realtime_sdk.decode")

_UNSET_LITERAL = Literal[_UnsetType.UNSET]
_NoneType = type(None)
_NOTHING = attrs.NOTHING


@attrs.frozen
class DecodeProblem:
    """Something the lenient decoder tolerated in an event.

    Attributes:
        path: JSON path of the value, from the event's root (`$.item.content[0].transcript`).
        message: what was wrong with it (`expected a string, got number`, `required field missing`).
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Refusal(ValueError):
    """A value that does not fit its field (strict mode stops here; lenient mode records it)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{message} at {path}")
        self.path = path
        self.message = message


class _Context:
    __slots__ = ("problems", "strict", "untyped")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[DecodeProblem] = []
        # Set when a field whose annotation has no UNSET had to read UNSET (a required field).
        self.untyped = False


def kind_name(value: object) -> str:
    """The JSON kind of a decoded value, as error messages name it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


# --- what a type accepts -------------------------------------------------------------------------


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Model)


def _is_free_object(t: Any) -> bool:
    return get_origin(t) in (dict, Mapping, typing.Mapping, typing.Dict) or t is dict  # noqa: UP006


def _members(t: Any) -> tuple[Any, ...]:
    origin = get_origin(t)
    if origin is Union or origin is types.UnionType:
        return tuple(m for m in get_args(t) if m != _UNSET_LITERAL)
    return (t,)


_SCALAR_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}


def _kind_fits(value: Any, t: Any) -> bool:
    """Whether `value` is of the JSON kind `t` takes (its content is checked afterwards)."""
    cls = value.__class__
    if t is Any:
        return True
    if t is str or t is int or t is bool:
        return cls is t
    if t is float:
        return cls is float or cls is int
    if t is _NoneType:
        return value is None
    if _is_model(t) or _is_free_object(t):
        return cls is dict
    origin = get_origin(t)
    if origin is list:
        return cls is list
    if origin is Literal:
        return any(cls is x.__class__ for x in get_args(t))
    return False


def _expected(members: tuple[Any, ...]) -> str:
    names: list[str] = []
    for t in members:
        if t is _NoneType:
            name = "null"
        elif t in _SCALAR_NAMES:
            name = _SCALAR_NAMES[t]
        elif _is_model(t) or _is_free_object(t):
            name = "an object"
        elif get_origin(t) is list:
            name = "an array"
        elif get_origin(t) is Literal:
            name = " or ".join(repr(x) for x in get_args(t))
        else:
            name = "any value"
        if name not in names:
            names.append(name)
    return " or ".join(names)


# --- structuring -----------------------------------------------------------------------------------


def _structure(value: Any, t: Any, path: str, ctx: _Context) -> Any:
    members = _members(t)
    if len(members) == 1:
        return _structure_one(value, members[0], path, ctx)
    if value is None:
        if _NoneType in members:
            return None
        raise Refusal(path, f"expected {_expected(members)}, got null")
    if value.__class__ is dict:
        models = [m for m in members if _is_model(m)]
        if models:
            cls = models[0] if len(models) == 1 else _pick_member(value, models, path)
            return structure_model(value, cls, path, ctx)
    first: Refusal | None = None
    for m in members:
        if m is _NoneType or not _kind_fits(value, m):
            continue
        try:
            return _structure_one(value, m, path, ctx)
        except Refusal as exc:  # an open `str` may still take what a Literal refused
            first = first or exc
    if first is not None:
        raise first
    raise Refusal(path, f"expected {_expected(members)}, got {kind_name(value)}")


def _structure_one(value: Any, t: Any, path: str, ctx: _Context) -> Any:
    if t is Any:
        return value
    if _is_model(t):
        return structure_model(value, t, path, ctx)
    if not _kind_fits(value, t):
        raise Refusal(path, f"expected {_expected((t,))}, got {kind_name(value)}")
    origin = get_origin(t)
    if origin is Literal:
        if value not in get_args(t):
            shown = ", ".join(repr(x) for x in get_args(t))
            raise Refusal(path, f"{value!r} is not one of {shown}")
        return value
    if origin is list:
        (item,) = get_args(t) or (Any,)
        return [_structure(x, item, f"{path}[{i}]", ctx) for i, x in enumerate(value)]
    if _is_free_object(t):
        args = get_args(t)
        if args and args[1] is not Any:
            for k, x in value.items():
                _structure(x, args[1], f"{path}.{k}", ctx)
        return value
    return value


def tag_of(cls: type) -> str | None:
    """The literal `type` a model carries in a union, or None."""
    for a in attrs.fields(cls):
        if a.name == "type" and isinstance(a.default, str):
            return a.default
    return None


def _pick_member(value: dict[str, Any], models: list[type[Model]], path: str) -> type[Model]:
    tag = value.get("type")
    if tag.__class__ is str:
        for cls in models:
            if tag_of(cls) == tag:
                return cls
        shown = ", ".join(repr(tag_of(c)) for c in models)
        raise Refusal(f"{path}.type", f"object `type` {tag!r} is not one of {shown}")
    # No usable tag: match by the members present (docs/decisions.md, "Union tags").
    best, best_score = models[0], (-1, -1)
    for cls in models:
        plan = _plan(cls)
        complete = all(f.name in value for f in plan.fields if f.required)
        score = (int(complete), sum(1 for k in value if k in plan.known and k != "type"))
        if score > best_score:
            best, best_score = cls, score
    return best


@attrs.frozen
class _Field:
    name: str
    type: Any
    has_unset: bool
    required: bool
    default: Any
    factory: Callable[[], Any] | None
    setter: Callable[[Any, Any], None]


@attrs.frozen
class _Plan:
    fields: tuple[_Field, ...]
    known: frozenset[str]
    set_extra: Callable[[Any, Any], None]


def _plan(cls: type[Model]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


_PLANS: dict[type, _Plan] = {}


def type_hints(cls: type) -> dict[str, Any]:
    """`typing.get_type_hints(cls)`, cheaper: each annotation text is evaluated once per module.

    The models are written with postponed annotations, and the same few texts (`str | Unset | None`)
    recur hundreds of times; evaluating each text once keeps a new process's first decode of an
    event type within a few milliseconds (issue 12, "Cold start").
    """
    hints = _HINTS.get(cls)
    if hints is not None:
        return hints
    hints = {}
    for klass in reversed(cls.__mro__):
        annotations = inspect.get_annotations(klass)
        if not annotations:
            continue
        module = sys.modules[klass.__module__]
        for name, text in annotations.items():
            if not isinstance(text, str):
                hints[name] = text
                continue
            key = (klass.__module__, text)
            value = _EVALUATED.get(key, _NOTHING)
            if value is _NOTHING:
                value = _EVALUATED[key] = eval(
                    text, vars(module)
                )  # the models' own annotation texts
            hints[name] = value
    _HINTS[cls] = hints
    return hints


_HINTS: dict[type, dict[str, Any]] = {}
_EVALUATED: dict[tuple[str, str], Any] = {}


def _make_plan(cls: type[Model]) -> _Plan:
    hints = type_hints(cls)
    fields = []
    for a in attrs.fields(cls):
        if a.name == "extra_fields":
            continue
        t = hints[a.name]
        has_unset = (
            _UNSET_LITERAL in get_args(t) if get_origin(t) in (Union, types.UnionType) else False
        )
        factory = a.default.factory if isinstance(a.default, attrs.Factory) else None  # type: ignore[arg-type]
        fields.append(
            _Field(
                name=a.name,
                type=t,
                has_unset=has_unset,
                required=a.default is _NOTHING,
                default=a.default,
                factory=factory,
                setter=slot_setter(cls, a.name),
            )
        )
    return _Plan(
        fields=tuple(fields),
        known=frozenset(f.name for f in fields),
        set_extra=slot_setter(cls, "extra_fields"),
    )


def slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The slot descriptor's `__set__` of a frozen attrs class (writes without `__setattr__`)."""
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            return descriptor.__set__  # type: ignore[no-any-return]
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


def structure_model(value: Any, cls: type[Model], path: str, ctx: _Context) -> Any:
    """Structure `value` as `cls`, field by field (see the module docstring for the two modes)."""
    if value.__class__ is not dict:
        raise Refusal(path, f"expected an object for {cls.__name__}, got {kind_name(value)}")
    plan = _plan(cls)
    obj = object.__new__(cls)
    extra = {k: x for k, x in value.items() if k not in plan.known}
    for f in plan.fields:
        where = f"{path}.{f.name}"
        if f.name in value:
            raw = value[f.name]
            try:
                v = _structure(raw, f.type, where, ctx)
            except Refusal as exc:
                if ctx.strict:
                    raise
                ctx.problems.append(DecodeProblem(exc.path, exc.message))
                ctx.untyped = ctx.untyped or not f.has_unset
                v = UNSET  # the raw value goes back out with the unknown members
                extra[f.name] = raw
        elif f.has_unset:
            v = UNSET
        elif f.factory is not None:
            v = f.factory()
        elif not f.required:
            v = f.default
        elif ctx.strict:
            raise Refusal(where, "required field missing")
        else:
            ctx.problems.append(DecodeProblem(where, "required field missing"))
            ctx.untyped = True
            v = UNSET
        f.setter(obj, v)
    plan.set_extra(obj, extra or EMPTY_EXTRA)
    return obj


def strict_hook(cls: type[Model]) -> Callable[[Any, Any], Any]:
    """A structure hook for `cls` that raises `Refusal` (with the JSON path) at the first misfit."""

    def structure_strict(value: Any, _: Any = None) -> Any:
        return structure_model(value, cls, "$", _Context(strict=True))

    return structure_strict


def structure_event(
    value: dict[str, Any], cls: type[Model], *, strict: bool
) -> tuple[Any, list[DecodeProblem], bool]:
    """Structure a top-level event; lenient mode also returns what it tolerated, and whether a
    required field reads UNSET against its annotation."""
    ctx = _Context(strict)
    return structure_model(value, cls, "$", ctx), ctx.problems, ctx.untyped


# --- what was tolerated, per event ----------------------------------------------------------------

_PROBLEMS: dict[int, tuple[weakref.ref[Any], tuple[DecodeProblem, ...], bool]] = {}
_LOGGED: set[tuple[str, str]] = set()
_LOGGED_MAX = 4096  # bounded: past this many distinct (type, path) pairs, nothing more is logged


def record_problems(
    event: Any, event_type: str, problems: list[DecodeProblem], untyped: bool = False
) -> None:
    """Attach what was tolerated to `event` (for `decode_problems`) and log each kind once."""
    key = id(event)

    def forget(_: object) -> None:
        _PROBLEMS.pop(key, None)

    _PROBLEMS[key] = (weakref.ref(event, forget), tuple(problems), untyped)
    for problem in problems:
        # Once per event type and path, array indices folded: `$.item.content[].transcript`.
        where = _fold_indices(problem.path)
        if (event_type, where) in _LOGGED or len(_LOGGED) >= _LOGGED_MAX:
            continue
        _LOGGED.add((event_type, where))
        logger.warning(
            "tolerated in %r event at %s: %s (kept as received; further ones not logged)",
            event_type,
            problem.path,
            problem.message,
        )


def _fold_indices(path: str) -> str:
    out = []
    skipping = False
    for ch in path:
        if ch == "[":
            skipping = True
            out.append("[]")
        elif ch == "]":
            skipping = False
        elif not skipping:
            out.append(ch)
    return "".join(out)


def decode_problems(event: object) -> tuple[DecodeProblem, ...]:
    """What the lenient decoder tolerated in `event`: one `DecodeProblem` (JSON path, message) each.

    Empty for an event that matched its schema, for an event built in code, and for nested objects
    (problems are kept on the event that was decoded, with paths from its root).
    """
    entry = _PROBLEMS.get(id(event))
    if entry is None or entry[0]() is not event:
        return ()
    return entry[1]


@attrs.frozen(repr=False)
class UndecodableFrame:
    """A frame from the server that is not an event, handed to the application in its place.

    A `Session` (not strict) yields one from `recv()` / `async for` instead of raising, so that the
    application's loop goes on: invalid JSON or UTF-8, a JSON value that is not an object, an object
    without a string `type`. It is not an event and cannot be encoded or sent.

    Attributes:
        type: always `"realtime_sdk.undecodable_frame"` (no server event has this name).
        raw: the frame as received.
        error: why it is not an event (`error.path`, `error.message`).
    """

    raw: str | bytes
    error: Exception
    type: Literal["realtime_sdk.undecodable_frame"] = "realtime_sdk.undecodable_frame"

    def __repr__(self) -> str:
        # The frame may be large or carry audio: show its size and the error only.
        return f"UndecodableFrame(error={str(self.error)!r}, raw=<{len(self.raw)} chars>)"


def breaks_types(event: object) -> bool:
    """Whether a required field of `event` (at any depth) reads UNSET because the server got it wrong.

    Code written against the annotations (the Session's bookkeeping) must not be handed such an event.
    """
    entry = _PROBLEMS.get(id(event))
    return entry is not None and entry[0]() is event and entry[2]
