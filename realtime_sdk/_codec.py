# Kept whole: the converter's hooks, the per-dialect hook tables they fill lazily and the decode and
# encode entry points are one unit: the hot decode path reads those private tables directly, and a
# split would only move them behind an import (see docs/architecture.md, Codec).
"""The codec: wire JSON to typed events and back, through one cattrs converter.

Structure of the converter (the cattrs `configure_converter` / `make_converter` pattern):

* JSON primitives are checked, never coerced: `"5"` is not an int, `1` is not a str.
* Every `Model` subclass gets a generated dict hook that keeps unknown members in `extra_fields`, and an
  unstructure hook that omits UNSET fields and writes `extra_fields` back (lossless round trip).
* A union is split by JSON kind (object, array, string, number, boolean, null); objects of several
  classes are told apart by their `type` member. `UNSET` never appears on the wire and is dropped.
* Each dialect's client and server events form a tagged union on `type` whose default is `UnknownEvent`.

Decoding is lenient by default and strict on request (`_careful.py`, docs/decisions.md "Decoding what
real servers send"). Errors never escape as cattrs or `Refusal` errors: they become `EventDecodeError` with
the JSON path of the bad field.
"""

from __future__ import annotations

import types
import typing
from base64 import b64encode as _b64
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union, cast, get_args, get_origin

import attrs
import cattrs
import orjson

from ._careful import (
    Refusal,
    kind_name,
    record_problems,
    strict_hook,
    structure_event,
    tag_of,
)
from ._codegen import compile_structure, compile_unstructure
from ._exceptions import ConfigurationError, EventDecodeError, EventEncodeError
from ._types import _UnsetType
from .events import UnknownEvent
from .events import _client as _ga_client
from .events import _server as _ga_server
from .events import translation as _translation
from .events._base import Model
from .events._dialects import DIALECTS, Dialect
from .events.beta import _client as _beta_client
from .events.beta import _server as _beta_server

__all__ = [
    "DIALECTS",
    "AnyClientEvent",
    "AnyServerEvent",
    "Dialect",
    "configure_converter",
    "converter",
    "decode_client_event",
    "decode_server_event",
    "encode_audio_append",
    "encode_client_event",
    "encode_server_event",
    "make_converter",
    "to_dict",
]

AnyServerEvent = Union[  # noqa: UP007
    _ga_server.ServerEvent, _beta_server.ServerEvent, _translation.ServerEvent, UnknownEvent
]
"""Any server event of any dialect, or UnknownEvent."""

AnyClientEvent = Union[  # noqa: UP007
    _ga_client.ClientEvent, _beta_client.ClientEvent, _translation.ClientEvent, UnknownEvent
]
"""Any client event of any dialect, or UnknownEvent."""

_NoneType = type(None)
_UNSET_LITERAL = Literal[_UnsetType.UNSET]


_kind_name = kind_name


# --- strict primitives -------------------------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    raise TypeError(f"expected a string, got {_kind_name(value)}")


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    raise TypeError(f"expected an integer, got {_kind_name(value)}")


def _structure_float(value: Any, _: Any) -> float:
    # Kept as given (an int stays an int) so that re-encoding writes the same number.
    if type(value) is float or type(value) is int:
        return value
    raise TypeError(f"expected a number, got {_kind_name(value)}")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise TypeError(f"expected a boolean, got {_kind_name(value)}")


def _structure_any(value: Any, _: Any) -> Any:
    return value


def _structure_json_object(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is dict:
        return value
    raise TypeError(f"expected an object, got {_kind_name(value)}")


def _identity(value: Any) -> Any:
    return value


def _is_json_object_type(t: Any) -> bool:
    origin = get_origin(t)
    if origin in (dict, Mapping, typing.Mapping, typing.Dict):  # noqa: UP006
        args = get_args(t)
        return not args or (
            args[0] is str and not _is_model(args[1]) and get_origin(args[1]) is None
        )
    return False


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Model)


def _is_literal(t: Any) -> bool:
    return get_origin(t) is Literal


def _is_list_type(t: Any) -> bool:
    return get_origin(t) is list


def _is_union(t: Any) -> bool:
    origin = get_origin(t)
    return origin is Union or origin is types.UnionType


def _literal_values(t: Any) -> tuple[Any, ...]:
    return get_args(t)


def _type_tag(cls: type[Model]) -> str:
    tag = tag_of(cls)
    if tag is None:
        raise TypeError(f"{cls.__name__} has no literal `type` field to tag it in a union")
    return tag


# --- models ------------------------------------------------------------------------------------


def _model_structure_factory(converter: cattrs.Converter, cls: type[Model]) -> Any:
    # The generated fast function; on anything it does not accept, the careful strict walk names
    # the first misfit (`_careful.Refusal`, with its JSON path).
    return compile_structure(cls, converter, strict_hook(cls))


def _model_unstructure_factory(converter: cattrs.Converter, cls: type[Model]) -> Any:
    return compile_unstructure(cls, converter)


# --- unions ------------------------------------------------------------------------------------

_KINDS: dict[type, str] = {
    dict: "object",
    list: "array",
    str: "string",
    int: "integer",
    float: "float",
    bool: "boolean",
    _NoneType: "null",
}


def _kind_of_type(t: Any) -> str:
    if t is _NoneType or t is None:
        return "null"
    if t is Any:
        return "any"
    if get_origin(t) is Literal:
        values = _literal_values(t)
        kinds = {_KINDS.get(type(v), "?") for v in values}
        if len(kinds) != 1:
            raise TypeError(f"mixed-kind Literal {t!r} is not supported")
        return kinds.pop()
    if _is_model(t) or _is_json_object_type(t):
        return "object"
    origin = get_origin(t)
    if origin in (list, typing.List, tuple, typing.Sequence):  # noqa: UP006
        return "array"
    if t in _KINDS:
        return _KINDS[t]
    raise TypeError(f"unsupported union member {t!r}")


def _union_structure_factory(converter: cattrs.Converter, union: Any) -> Any:
    members = [m for m in get_args(union) if m != _UNSET_LITERAL]
    if len(members) == 1:
        # `X | Unset`: structure as X (UNSET never appears on the wire).
        (member,) = members
        hook = converter.get_structure_hook(member)
        return lambda value, _: hook(value, member)
    by_kind: dict[str, list[Any]] = {}
    for m in members:
        by_kind.setdefault(_kind_of_type(m), []).append(m)
    if "any" in by_kind:
        return _structure_any
    hooks: dict[type, Callable[[Any], Any]] = {}
    expected: list[str] = []
    for kind, ts in by_kind.items():
        if kind == "null":
            hooks[_NoneType] = _identity
            expected.append("null")
        elif kind == "object":
            hooks[dict] = _object_hook(converter, ts)
            expected.append("object")
        elif kind == "string":
            hooks[str] = _scalar_hook(converter, ts, str)
            expected.append("string")
        elif kind == "array":
            if len(ts) != 1:
                raise TypeError(f"union {union!r} has several array members")
            hooks[list] = _bind(converter, ts[0])
            expected.append("array")
        elif kind in ("integer", "float"):
            hooks[int] = _scalar_hook(converter, ts, int)
            if kind == "float" or any(t is float for t in ts):
                hooks[float] = _scalar_hook(converter, ts, float)
            expected.append("number")
        elif kind == "boolean":
            hooks[bool] = _scalar_hook(converter, ts, bool)
            expected.append("boolean")
    if float in hooks and int not in hooks:
        hooks[int] = hooks[float]
    expected_text = " or ".join(expected)

    def structure_union(value: Any, _: Any) -> Any:
        hook = hooks.get(type(value))
        if hook is None:
            raise TypeError(f"expected {expected_text}, got {_kind_name(value)}")
        return hook(value)

    return structure_union


def _bind(converter: cattrs.Converter, t: Any) -> Callable[[Any], Any]:
    # Resolved on first call: a union's members are generated only once a payload holds them.
    hook: Callable[[Any, Any], Any] | None = None

    def structure(value: Any) -> Any:
        nonlocal hook
        if hook is None:
            hook = converter.get_structure_hook(t)
        return hook(value, t)

    return structure


def _scalar_hook(converter: cattrs.Converter, ts: list[Any], py: type) -> Callable[[Any], Any]:
    # An open `str` member wins over Literal members: the server may send values we do not list.
    plain = [t for t in ts if t is py or (py is int and t is float)]
    if plain:
        return _bind(converter, plain[0])
    allowed: set[Any] = set()
    for t in ts:
        if get_origin(t) is Literal:
            allowed.update(v for v in _literal_values(t) if type(v) is py)
    shown = ", ".join(repr(v) for v in sorted(allowed, key=repr))

    def check(value: Any) -> Any:
        if value in allowed:
            return value
        raise ValueError(f"{value!r} is not one of {shown}")

    return check


def _object_hook(converter: cattrs.Converter, ts: list[Any]) -> Callable[[Any], Any]:
    if len(ts) == 1:
        return _bind(converter, ts[0])
    json_objects = [t for t in ts if not _is_model(t)]
    if json_objects:
        raise TypeError(f"union of models and free-form objects is ambiguous: {ts!r}")
    tag_to_hook = {_type_tag(t): _bind(converter, t) for t in ts}
    shown = ", ".join(repr(t) for t in tag_to_hook)

    def structure_tagged(value: dict[str, Any]) -> Any:
        tag = value.get("type")
        hook = tag_to_hook.get(tag) if type(tag) is str else None
        if hook is None:
            raise ValueError(f"object `type` {tag!r} is not one of {shown}")
        return hook(value)

    return structure_tagged


def _union_unstructure_factory(converter: cattrs.Converter, union: Any) -> Any:
    members = [m for m in get_args(union) if m != _UNSET_LITERAL]
    if not any(_is_model(m) or get_origin(m) in (list, typing.List) for m in members):  # noqa: UP006
        return _identity
    unstructure = converter.unstructure
    scalars = (str, int, float, bool, _NoneType, dict)

    def unstructure_union(value: Any) -> Any:
        if type(value) in scalars:
            return value
        return unstructure(value)

    return unstructure_union


# --- the converter -----------------------------------------------------------------------------


@attrs.frozen
class _EventTables:
    by_type: Mapping[str, type[Model]]
    hooks: Mapping[str, Callable[[Any, Any], Any]]


def configure_converter(converter: cattrs.Converter) -> None:
    """Install realtime_sdk's hooks on a cattrs converter (strict primitives, models, unions)."""
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    # (a predicate, not a hook keyed on Any: Python 3.10's singledispatch rejects typing.Any)
    converter.register_structure_hook_func(lambda t: t is Any, _structure_any)
    converter.register_structure_hook_func(_is_json_object_type, _structure_json_object)
    converter.register_unstructure_hook_func(_is_json_object_type, _identity)
    converter.register_unstructure_hook_func(lambda t: t is Any, _identity)
    converter.register_structure_hook_factory(
        _is_model, lambda cls: _model_structure_factory(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        _is_model, lambda cls: _model_unstructure_factory(converter, cls)
    )
    converter.register_structure_hook_factory(
        _is_union, lambda t: _union_structure_factory(converter, t)
    )
    converter.register_unstructure_hook_factory(
        _is_union, lambda t: _union_unstructure_factory(converter, t)
    )
    converter.register_structure_hook_func(_is_list_type, _list_structure_factory(converter))
    converter.register_structure_hook_factory(_is_literal, _literal_structure_factory)

    def structure_unknown(value: dict[str, Any], _: Any) -> UnknownEvent:
        return UnknownEvent(type=value["type"], raw=value)

    converter.register_structure_hook(UnknownEvent, structure_unknown)
    converter.register_unstructure_hook(UnknownEvent, lambda e: e.raw)


def _list_structure_factory(converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    cache: dict[Any, Callable[[Any], Any]] = {}

    def structure_list(value: Any, t: Any) -> list[Any]:
        if type(value) is not list:
            raise TypeError(f"expected an array, got {_kind_name(value)}")
        hook = cache.get(t)
        if hook is None:
            (item_type,) = get_args(t) or (Any,)
            hook = cache[t] = _bind(converter, item_type)
        out = []
        for index, item in enumerate(value):
            try:
                out.append(hook(item))
            except Exception as exc:
                raise _IndexedError(index, exc) from exc
        return out

    return structure_list


def _literal_structure_factory(t: Any) -> Callable[[Any, Any], Any]:
    allowed = frozenset(_literal_values(t))
    shown = ", ".join(repr(v) for v in _literal_values(t))

    def structure_literal(value: Any, _: Any) -> Any:
        # `type(value)` guards against 1 == True and unhashable values.
        if type(value) in (str, int, bool) and value in allowed:
            return value
        raise ValueError(f"{value!r} is not one of {shown}")

    return structure_literal


class _IndexedError(Exception):
    def __init__(self, index: int, exc: Exception) -> None:
        super().__init__(str(exc))
        self.index = index
        self.inner = exc


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for realtime_sdk's models."""
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    configure_converter(conv)
    return conv


converter = make_converter()
"""The package's converter. Structure or unstructure any model with it."""


def _event_tables(dialect: str, direction: str) -> _EventTables:
    key = (dialect, direction)
    tables = _TABLES.get(key)
    if tables is None:
        tables = _TABLES[key] = _build_tables(dialect, direction)
    return tables


_TABLES: dict[tuple[str, str], _EventTables] = {}


class _LazyHooks(dict[str, Callable[[Any, Any], Any]]):
    """`type` -> structure hook, prepared when the type is first seen.

    A dialect has ~50 event types and a process usually sees a few of them. The first event of a
    type is structured by the careful walk (no code generated: a few milliseconds even for a
    `session.created`); the generated fast function is built when the type comes again, so a
    type seen once never pays for generation (issue 12, "Cold start").
    """

    def __init__(self, by_type: Mapping[str, type[Model]]) -> None:
        super().__init__()
        self._by_type = by_type

    def __missing__(self, event_type: str) -> Callable[[Any, Any], Any]:
        cls = self._by_type[event_type]  # KeyError: unknown type
        strict = strict_hook(cls)

        def first_use(value: Any, _: Any) -> Any:
            self[event_type] = converter.get_structure_hook(cls)
            return strict(value, cls)

        self[event_type] = first_use
        return first_use


def _build_tables(dialect: str, direction: str) -> _EventTables:
    from .events import event_classes

    # Both were checked by the public entry points (`_check_dialect`), which take plain strings.
    classes = event_classes(dialect, direction)  # type: ignore[arg-type]
    by_type = {_type_tag(c): c for c in classes}
    hooks = _LazyHooks(by_type)
    union = Union[tuple(classes)]  # type: ignore[valid-type]  # noqa: UP007

    # The dialect's tagged union on `type`, with UnknownEvent as the default member, so that
    # `converter.structure(obj, union)` works for callers holding a dict.
    def structure_event(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise TypeError(f"expected an object, got {_kind_name(value)}")
        tag = value.get("type")
        if type(tag) is not str:
            raise KeyError("type")
        cls = by_type.get(tag)
        if cls is None:
            return UnknownEvent(type=tag, raw=value)
        return hooks[tag](value, cls)

    converter.register_structure_hook_func(lambda t: t == union, structure_event)
    return _EventTables(by_type=by_type, hooks=hooks)


# --- decode / encode ---------------------------------------------------------------------------


def _check_dialect(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise ConfigurationError(f"dialect must be one of {', '.join(DIALECTS)}; got {dialect!r}")


def _hooks_for(dialect: str, direction: str) -> Mapping[str, Callable[[Any, Any], Any]]:
    """The `type` -> structure-hook table of a dialect and direction (built on first use)."""
    table = _HOOKS.get((dialect, direction))
    if table is None:
        _check_dialect(dialect)
        table = _HOOKS[dialect, direction] = _event_tables(dialect, direction).hooks
        if direction == "server":
            _SERVER_HOOKS[dialect] = table
    return table


_Hooks = Mapping[str, Callable[[Any, Any], Any]]
_HOOKS: dict[tuple[str, str], _Hooks] = {}
# Typed as returning events: the generated hooks return instances of the tables' classes.
_SERVER_HOOKS: dict[str, Mapping[str, Callable[[Any, Any], AnyServerEvent]]] = {}
_loads = orjson.loads


def _decode(data: str | bytes, dialect: str, direction: str, strict: bool) -> Any:
    hooks = _hooks_for(dialect, direction)
    try:
        obj = _loads(data)
        hook = hooks[obj["type"]]
    except Exception:
        return _decode_careful(data, dialect, direction, strict)
    try:
        return hook(obj, None)
    except Exception as exc:
        return _recover(exc, obj, data, dialect, direction, strict)


def _recover(
    exc: Exception,
    obj: dict[str, Any],
    data: str | bytes,
    dialect: str,
    direction: str,
    strict: bool,
) -> Any:
    """The fast path refused a known event: strict raises; lenient decodes it carefully."""
    event_type: str = obj["type"]
    if strict:
        raise _decode_error(exc, data, event_type) from exc
    cls = _event_tables(dialect, direction).by_type[event_type]
    try:
        event, problems, untyped = structure_event(obj, cls, strict=False)
    except Exception as exc2:  # not expected: the lenient walk takes any JSON object
        raise _decode_error(exc2, data, event_type) from exc2
    if problems:
        record_problems(event, event_type, problems, untyped)
    return event


def _decode_error(exc: Exception, data: str | bytes, event_type: str) -> EventDecodeError:
    path, message = _describe(exc)
    return EventDecodeError(message, raw=_raw(data), event_type=event_type, path=path)


def _decode_careful(data: str | bytes, dialect: str, direction: str, strict: bool) -> Any:
    """Decode what the hot path refused: bad JSON, no or odd `type`, unknown events."""
    try:
        obj = orjson.loads(data)
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise EventDecodeError(f"not valid JSON ({exc})", raw=_raw(data)) from None
    if type(obj) is not dict:
        raise EventDecodeError(
            f"an event must be a JSON object, got {_kind_name(obj)}", raw=_raw(data)
        )
    event_type = obj.get("type")
    if type(event_type) is not str:
        what = "has no `type` member" if event_type is None else "has a non-string `type`"
        raise EventDecodeError(f"the event {what}", raw=_raw(data), path="$.type")
    stripped = event_type.strip()
    tables = _event_tables(dialect, direction)
    cls = tables.by_type.get(stripped)
    if cls is None:
        return UnknownEvent(type=event_type, raw=obj)
    # Lenient: a `type` with stray white space (seen in published examples) is normalised.
    obj["type"] = stripped
    try:
        return tables.hooks[stripped](obj, cls)
    except Exception as exc:
        return _recover(exc, obj, data, dialect, direction, strict)


def _raw(data: str | bytes | bytearray | memoryview) -> str | bytes:
    if isinstance(data, str):
        return data
    return bytes(data)


def _describe(exc: BaseException, path: str = "$") -> tuple[str, str]:
    """Find the first leaf error in a cattrs exception tree; return (json path, message)."""
    from cattrs.errors import ClassValidationError, IterableValidationError

    while True:
        if isinstance(exc, Refusal):
            return exc.path.replace("$", path, 1), exc.message
        if isinstance(exc, _IndexedError):
            path += f"[{exc.index}]"
            exc = exc.inner
            continue
        if isinstance(exc, ClassValidationError):
            for sub, note in exc.group_exceptions()[0]:
                path += f".{note.name}"
                exc = sub
                break
            else:
                return path, str(exc)
            continue
        if isinstance(exc, IterableValidationError):
            for sub, inote in exc.group_exceptions()[0]:
                path += f"[{inote.index}]"
                exc = sub
                break
            else:
                return path, str(exc)
            continue
        break
    if isinstance(exc, KeyError):
        return path, "required field missing"
    return path, str(exc) or type(exc).__name__


_DECODE_DOC = """

    Lenient by default (docs/decisions.md, "Decoding"): a value of the wrong kind, a value outside an
    enumeration or a missing required field below the event's `type` does not fail the event. The field
    reads as `UNSET`, the received value is kept in `extra_fields` (the event re-encodes to exactly the
    input), and `decode_problems(event)` lists each one with its JSON path. `strict=True` raises
    `EventDecodeError` (event type, JSON path) instead. Both modes raise `EventDecodeError` for a frame
    that is not an event: invalid JSON, not an object, no string `type`. An unknown `type` gives
    `UnknownEvent`.
"""


@typing.overload
def decode_server_event(
    data: str | bytes, *, dialect: Literal["ga"] = "ga", strict: bool = False
) -> _ga_server.ServerEvent | UnknownEvent: ...
@typing.overload
def decode_server_event(
    data: str | bytes, *, dialect: Literal["beta"], strict: bool = False
) -> _beta_server.ServerEvent | UnknownEvent: ...
@typing.overload
def decode_server_event(
    data: str | bytes, *, dialect: Literal["translation"], strict: bool = False
) -> _translation.ServerEvent | UnknownEvent: ...
@typing.overload
def decode_server_event(
    data: str | bytes, *, dialect: str, strict: bool = False
) -> AnyServerEvent: ...
def decode_server_event(
    data: str | bytes, *, dialect: str = "ga", strict: bool = False
) -> AnyServerEvent:
    """Decode one server event from wire JSON to its typed class."""
    # The receive hot path: one dict lookup, one parse, one generated structure function.
    hooks = _SERVER_HOOKS.get(dialect)
    if hooks is None:
        return cast(AnyServerEvent, _decode(data, dialect, "server", strict))
    try:
        obj = _loads(data)
        hook = hooks[obj["type"]]
    except Exception:
        return cast(AnyServerEvent, _decode_careful(data, dialect, "server", strict))
    try:
        return hook(obj, None)
    except Exception as exc:
        return cast(AnyServerEvent, _recover(exc, obj, data, dialect, "server", strict))


@typing.overload
def decode_client_event(
    data: str | bytes, *, dialect: Literal["ga"] = "ga", strict: bool = False
) -> _ga_client.ClientEvent | UnknownEvent: ...
@typing.overload
def decode_client_event(
    data: str | bytes, *, dialect: Literal["beta"], strict: bool = False
) -> _beta_client.ClientEvent | UnknownEvent: ...
@typing.overload
def decode_client_event(
    data: str | bytes, *, dialect: Literal["translation"], strict: bool = False
) -> _translation.ClientEvent | UnknownEvent: ...
@typing.overload
def decode_client_event(
    data: str | bytes, *, dialect: str, strict: bool = False
) -> AnyClientEvent: ...
def decode_client_event(
    data: str | bytes, *, dialect: str = "ga", strict: bool = False
) -> AnyClientEvent:
    """Decode one client event (what a server or relay receives) to its typed class."""
    return cast(AnyClientEvent, _decode(data, dialect, "client", strict))


decode_server_event.__doc__ = (decode_server_event.__doc__ or "") + _DECODE_DOC
decode_client_event.__doc__ = (decode_client_event.__doc__ or "") + _DECODE_DOC


def _not_an_event(value: object) -> EventEncodeError:
    name = type(value).__name__
    # Notices such as SessionResumed live in the event stream but never on the wire.
    if getattr(type(value), "_realtime_sdk_notice", False):
        return EventEncodeError(
            f"{name} is a notice from realtime_sdk, not a wire event: it cannot be encoded or sent"
        )
    return EventEncodeError(f"expected an event object, got {name}")


def _refuse_notice(event: object) -> None:
    if getattr(type(event), "_realtime_sdk_notice", False):
        raise _not_an_event(event)


def to_dict(event: Model) -> dict[str, Any]:
    """The JSON-ready dict of a model: UNSET fields omitted, extra fields written back."""
    _refuse_notice(event)
    try:
        return converter.unstructure(event)  # type: ignore[no-any-return]
    except Exception as exc:
        raise EventEncodeError(f"cannot encode {type(event).__name__}: {exc}") from exc


_UNSTRUCTURE_HOOKS: dict[type, Callable[[Any], Any]] = {}
_dumps = orjson.dumps


def _encode(event: Model) -> bytes:
    try:
        hook = _UNSTRUCTURE_HOOKS[event.__class__]
    except KeyError:
        if not isinstance(event, Model):
            raise _not_an_event(event) from None
        hook = _UNSTRUCTURE_HOOKS[event.__class__] = converter.get_unstructure_hook(event.__class__)
    try:
        return _dumps(hook(event))
    except Exception as exc:
        raise EventEncodeError(f"cannot encode {type(event).__name__}: {exc}") from exc


def encode_client_event(event: Model) -> bytes:
    """Encode a client event to JSON (UTF-8 bytes): UNSET omitted, None as null, extras written back."""
    return _encode(event)


def encode_server_event(event: Model) -> bytes:
    """Encode a server event to JSON (UTF-8 bytes); for fake servers and relays."""
    return _encode(event)


def encode_audio_append(
    audio: bytes | bytearray | memoryview,
    event_id: str,
    wire_type: str = "input_audio_buffer.append",
) -> bytes:
    """The JSON of an audio append event straight from raw bytes (the Session's hot send path).

    Equal to `encode_client_event(InputAudioBufferAppend(event_id=..., audio=audio))`, without
    building the intermediate object.
    """
    return _dumps({"type": wire_type, "event_id": event_id, "audio": _b64(audio).decode("ascii")})


def detect_dialect(data: str | bytes) -> Literal["ga", "beta"] | None:
    """The dialect a server speaks, told from its `session.created`; None for any other frame.

    A GA session object carries `"type": "realtime"` or `"transcription"` (openai-openapi,
    `RealtimeSessionCreateResponseGA` / `RealtimeTranscriptionSessionCreateResponseGA`); the beta
    session object has no `type` (beta schema, `RealtimeSession`), and `transcription_session.created`
    exists only in beta.
    """
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if type(obj) is not dict:
        return None
    event_type = obj.get("type")
    if event_type == "transcription_session.created":
        return "beta"
    if event_type != "session.created":
        return None
    session = obj.get("session")
    kind = session.get("type") if type(session) is dict else None
    return "ga" if kind in ("realtime", "transcription") else "beta"
