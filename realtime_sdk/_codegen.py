"""Generated fast paths for the converter's model hooks.

Decoding is the hot path of every session: each audio delta goes through it. cattrs' generated functions with
detailed validation, followed by a frozen attrs `__init__`, cost several times a bare `orjson.loads`. So for
every model the converter also compiles a *fast* structure function that

* checks JSON primitives inline (`v.__class__ is str`), and calls the converter's hook only for nested
  models, lists and unions,
* writes the slots directly (the class is frozen; its `__init__` would go through `object.__setattr__`),
* counts the members it recognised to find unknown ones without building a set.

On any failure the fast function gives up and the careful walk of `_careful.py` runs instead (strict here: it
either produces the same object or raises a `Refusal` that carries the path of the bad field; the decode
functions then decide whether to raise or to decode leniently). The fast path therefore never decides what is
an error; it only has to accept exactly what the careful walk accepts, which the property tests check.
Nested models are generated when a payload first holds them (`_LazyHook`, `_LazyTags`), not up front.

Unstructuring is generated the same way: UNSET fields are skipped, primitives copied without a call.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import cattrs

from ._careful import slot_setter, tag_of, type_hints
from ._types import UNSET, _UnsetType
from .events._base import EMPTY_EXTRA, Model

__all__ = ["compile_structure", "compile_unstructure"]

_UNSET_LITERAL = Literal[_UnsetType.UNSET]
_NoneType = type(None)


class _GiveUp(Exception):
    """Raised inside a fast function to hand the value to the detailed slow path."""


_GIVE_UP = _GiveUp()


def _split(t: Any) -> tuple[list[Any], bool, bool]:
    """Members of a field type without UNSET and None; whether UNSET / None were members."""
    origin = get_origin(t)
    members = list(get_args(t)) if origin is Union or origin is types.UnionType else [t]
    has_unset = _UNSET_LITERAL in members
    nullable = _NoneType in members
    rest = [m for m in members if m != _UNSET_LITERAL and m is not _NoneType]
    return rest, has_unset, nullable


def _is_free_object(t: Any) -> bool:
    if get_origin(t) in (dict, Mapping, typing.Mapping, typing.Dict):  # noqa: UP006
        args = get_args(t)
        return not args or (args[0] is str and args[1] is Any)
    return False


def _inline_check(rest: list[Any], name: str, ns: dict[str, Any]) -> str | None:
    """A boolean expression over `v` that is true when v is valid, or None when a hook is needed."""
    if len(rest) == 1:
        t = rest[0]
        if t is str:
            return "v.__class__ is str"
        if t is int:
            return "v.__class__ is int"
        if t is float:
            return "(v.__class__ is float or v.__class__ is int)"
        if t is bool:
            return "v.__class__ is bool"
        if t is Any:
            return "True"
        if _is_free_object(t):
            return "v.__class__ is dict"
        if get_origin(t) is Literal and all(type(x) is str for x in get_args(t)):
            ns[f"_allowed_{name}"] = frozenset(get_args(t))
            return f"(v.__class__ is str and v in _allowed_{name})"
        return None
    # Literal strings next to an open `str`: any string is accepted.
    if str in rest and all(
        r is str or (get_origin(r) is Literal and all(type(x) is str for x in get_args(r)))
        for r in rest
    ):
        return "v.__class__ is str"
    return None


def compile_structure(
    cls: type, converter: cattrs.Converter, slow: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """A structure hook for a model: the generated fast function, falling back to `slow`."""
    hints = type_hints(cls)
    fields = [a for a in attrs.fields(cls) if a.name != "extra_fields"]
    ns: dict[str, Any] = {
        "_cls": cls,
        "_new": object.__new__,
        "_GIVE_UP": _GIVE_UP,
        "_MISSING": _MISSING,
        "_UNSET": UNSET,
        "_EMPTY": EMPTY_EXTRA,
        "_set_extra_fields": slot_setter(cls, "extra_fields"),
    }
    known = []
    ns["_slow"] = slow
    lines = [
        "def structure(o, _t=None):",
        "  try:",
        "    if o.__class__ is not dict:",
        "        raise _GIVE_UP",
        "    self = _new(_cls)",
    ]
    n_required = 0
    for a in fields:
        name = a.name
        known.append(name)
        ns[f"_set_{name}"] = slot_setter(cls, name)
        rest, _has_unset, nullable = _split(hints[name])
        check = _inline_check(rest, name, ns)
        if check is not None:
            body = [f"if not {check}:", "    raise _GIVE_UP"]
        else:
            body = _nested_models(rest, name, ns, converter) or _via_hook(rest, name, ns, converter)
        if nullable:
            body = ["if v is not None:", *("    " + b for b in body)]
        if a.default is attrs.NOTHING:
            n_required += 1
            lines.append(f"    v = o[{name!r}]")
            lines.extend("    " + b for b in body)
        else:
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                ns[f"_default_{name}"] = a.default.factory
                default_expr = f"_default_{name}()"
            else:
                ns[f"_default_{name}"] = a.default
                default_expr = f"_default_{name}"
            # Absent from the wire: UNSET whenever the field can say so (even a `type` tag that has a
            # default for objects built in code), so that re-encoding omits it again.
            if _has_unset:
                default_expr = "_UNSET"
            lines.append(f"    v = o.get({name!r}, _MISSING)")
            lines.append("    if v is _MISSING:")
            lines.append(f"        v = {default_expr}")
            lines.append("    else:")
            lines.append("        n += 1")
            lines.extend("        " + b for b in body)
        lines.append(f"    _set_{name}(self, v)")
    ns["_known"] = frozenset(known)
    lines.insert(5, f"    n = {n_required}")
    lines += [
        "    if len(o) == n:",
        "        _set_extra_fields(self, _EMPTY)",
        "    else:",
        "        _set_extra_fields(self, {k: x for k, x in o.items() if k not in _known})",
        "    return self",
        # Any failure: the detailed slow path decides (and names the bad field).
        "  except Exception:",
        "    return _slow(o, _cls)",
    ]
    return _compile("\n".join(lines), ns, f"structure_{cls.__name__}", "structure")  # type: ignore[no-any-return]


def _model_dispatch(
    ts: list[Any], name: str, ns: dict[str, Any], converter: cattrs.Converter
) -> str | None:
    """An expression structuring `{x}` as one of the model classes `ts`, or None if not all models."""
    if not ts or not all(isinstance(t, type) and issubclass(t, Model) for t in ts):
        return None
    if len(ts) == 1:
        ns[f"_h_{name}"] = _LazyHook(converter, ts[0], ns, f"_h_{name}")
        return f"_h_{name}({{x}})"
    # Several models: told apart by their `type` tag (an absent tag is a KeyError: the careful path
    # then matches the object by its members).
    ns[f"_tags_{name}"] = _LazyTags(converter, {_tag_of(t): t for t in ts})
    return f"_tags_{name}[{{x}}['type']]({{x}})"


def _nested_models(
    rest: list[Any], name: str, ns: dict[str, Any], converter: cattrs.Converter
) -> list[str] | None:
    """Lines structuring a nested model, tagged union of models, or list of either; else None."""
    expr = _model_dispatch(rest, name, ns, converter)
    if expr is not None:
        return ["v = " + expr.format(x="v")]
    if len(rest) == 1 and get_origin(rest[0]) is list:
        (item,) = get_args(rest[0]) or (Any,)
        members, _, nullable = _split(item)
        expr = None if nullable else _model_dispatch(members, name, ns, converter)
        if expr is not None:
            return [
                "if v.__class__ is not list:",
                "    raise _GIVE_UP",
                "v = [" + expr.format(x="i") + " for i in v]",
            ]
    return None


def _via_hook(
    rest: list[Any], name: str, ns: dict[str, Any], converter: cattrs.Converter
) -> list[str]:
    target = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
    ns[f"_h_{name}"] = _LazyHook(converter, target, ns, f"_h_{name}")
    ns[f"_t_{name}"] = target
    return [f"v = _h_{name}(v, _t_{name})"]


def _tag_of(cls: type) -> str:
    tag = tag_of(cls)
    if tag is None:
        raise TypeError(f"{cls.__name__} has no literal `type` field to tag it in a union")
    return tag


class _Missing:
    pass


class _LazyHook:
    """Stands in for a nested hook until first called, then puts the real hook in its place.

    Generating a model's function no longer generates every model it may contain (a session config
    reaches ~50 models): only those a payload actually holds, when it first holds them. This keeps the
    first decode of an event type in a new process cheap (issue 12, "Cold start").
    """

    __slots__ = ("_converter", "_key", "_ns", "_type")

    def __init__(self, converter: cattrs.Converter, t: Any, ns: dict[str, Any], key: str) -> None:
        self._converter = converter
        self._type = t
        self._ns = ns
        self._key = key

    def __call__(self, *args: Any) -> Any:
        hook = self._converter.get_structure_hook(self._type)
        self._ns[self._key] = hook
        return hook(*args)


class _LazyTags(dict[str, Callable[..., Any]]):
    """`type` tag -> structure hook of that member, each generated when the tag is first seen."""

    def __init__(self, converter: cattrs.Converter, by_tag: dict[str, type]) -> None:
        super().__init__()
        self._converter = converter
        self._by_tag = by_tag

    def __missing__(self, tag: str) -> Callable[..., Any]:
        hook = self._converter.get_structure_hook(self._by_tag[tag])  # KeyError: not a member
        self[tag] = hook
        return hook


_MISSING = _Missing()


def _is_plain_value(rest: list[Any]) -> bool:
    """True when values of these types unstructure to themselves (JSON scalars, free objects)."""
    for t in rest:
        if t in (str, int, float, bool, Any) or _is_free_object(t):
            continue
        if get_origin(t) is Literal:
            continue
        return False
    return True


def compile_unstructure(cls: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """An unstructure hook for a model: UNSET omitted, None kept, extra fields written back."""
    hints = type_hints(cls)
    ns: dict[str, Any] = {"_UNSET": UNSET}
    lines = ["def unstructure(obj):", "    res = {}"]
    for a in attrs.fields(cls):
        name = a.name
        if name == "extra_fields":
            continue
        rest, _has_unset, nullable = _split(hints[name])
        if _is_plain_value(rest):
            expr = "v"
        else:
            target = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
            ns[f"_u_{name}"] = converter.get_unstructure_hook(target)
            expr = f"_u_{name}(v)" if not nullable else f"(None if v is None else _u_{name}(v))"
        lines.append(f"    v = obj.{name}")
        # UNSET is never written: an optional field not given, a `type` tag that was absent on the
        # wire, or (lenient decoding) a field whose received value is kept in `extra_fields`.
        lines.append("    if v is not _UNSET:")
        lines.append(f"        res[{name!r}] = {expr}")
    lines += [
        "    extra = obj.extra_fields",
        "    if extra:",
        "        for k, x in extra.items():",
        "            if k not in res:",
        "                res[k] = x",
        "    return res",
    ]
    return _compile("\n".join(lines), ns, f"unstructure_{cls.__name__}", "unstructure")  # type: ignore[no-any-return]


def _compile(source: str, ns: dict[str, Any], filename: str, name: str) -> Any:
    code = compile(source, f"<realtime_sdk generated {filename}>", "exec")
    exec(code, ns)
    return ns[name]
