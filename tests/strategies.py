"""Hypothesis strategies that build any protocol model from its type hints.

Every field gets values of its declared type (UNSET, None, literals, nested models, lists, free JSON),
and models get random unknown members in `extra_fields`, so the round trip is tested for unknown fields too.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import attrs
from hypothesis import strategies as st

from realtime_sdk._types import UNSET, _UnsetType
from realtime_sdk.events._base import Model

_UNSET_LITERAL = Literal[_UnsetType.UNSET]

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
ints = st.integers(min_value=-(2**53), max_value=2**53)
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
json_scalars = st.none() | st.booleans() | ints | floats | text
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=6,
)


def for_type(t: Any) -> st.SearchStrategy[Any]:
    if t is _UNSET_LITERAL:
        return st.just(UNSET)
    if t is type(None) or t is None:
        return st.none()
    if t is str:
        return text
    if t is int:
        return ints
    if t is float:
        return floats
    if t is bool:
        return st.booleans()
    if t is Any:
        return json_values
    origin = get_origin(t)
    if origin is Literal:
        return st.sampled_from(get_args(t))
    if origin is Union or origin is types.UnionType:
        return st.one_of([for_type(a) for a in get_args(t)])
    if origin in (list, typing.List):  # noqa: UP006
        (item,) = get_args(t)
        return st.lists(st.deferred(lambda: for_type(item)), max_size=2)
    if origin in (dict, typing.Dict) or origin is typing.Mapping:  # noqa: UP006
        _key, value = get_args(t)
        return st.dictionaries(text, st.deferred(lambda: for_type(value)), max_size=2)
    if isinstance(t, type) and issubclass(t, Model):
        return model_strategy(t)
    raise TypeError(f"no strategy for {t!r}")


@cache
def model_strategy(cls: type[Model]) -> st.SearchStrategy[Model]:
    hints = typing.get_type_hints(cls)
    fields = [a for a in attrs.fields(cls) if a.name != "extra_fields"]
    known = {a.name for a in fields}
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    for a in fields:
        if a.name == "type" and isinstance(a.default, str):
            kwargs[a.name] = st.just(a.default)
        elif a.metadata.get("audio"):
            # base64 text, as the wire carries it
            kwargs[a.name] = st.binary(max_size=12).map(
                lambda b: __import__("base64").b64encode(b).decode()
            )
            if _UNSET_LITERAL in get_args(hints[a.name]):
                kwargs[a.name] = kwargs[a.name] | st.just(UNSET)
        else:
            kwargs[a.name] = st.deferred(lambda t=hints[a.name]: for_type(t))
    extra_keys = text.filter(lambda k: k not in known and k != "type")
    kwargs["extra_fields"] = st.dictionaries(extra_keys, json_values, max_size=2)
    return st.builds(cls, **kwargs)
