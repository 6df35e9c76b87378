"""A Hypothesis strategy for the JSON Schema 2020-12 subset of OpenAI's published Realtime bundles.

The bundles (tests/fixtures/openai-spec/*-schemas.json) use `type` (one or a list), `enum`, `const`,
`properties` / `required`, `additionalProperties`, `items` / `minItems`, `anyOf`, `allOf`, `$ref` into
`$defs`, numeric `minimum` / `maximum` and string `maxLength`. Annotations (`description`, `format`,
`default`, `title`, `pattern`) do not constrain what is drawn here, except that a string with a
`pattern` is drawn from the pattern. Optional properties are drawn or left out at random, so every
event's members appear both present and absent.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests._fixtures import OPENAI_SPEC

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
_json_scalar = st.none() | st.booleans() | st.integers(-1000, 1000) | _text
_any_json = st.recursive(
    _json_scalar,
    lambda kids: st.lists(kids, max_size=2) | st.dictionaries(_text, kids, max_size=2),
    max_leaves=4,
)


class SchemaBundle:
    """The `$defs` of one bundle, with a strategy per definition."""

    def __init__(self, path: Path) -> None:
        self.defs: dict[str, Any] = json.loads(path.read_text())["$defs"]

    def names(self, prefix: str) -> list[str]:
        """Event definitions named `prefix` + something (the bare union `prefix` itself excluded)."""
        return sorted(n for n in self.defs if n.startswith(prefix) and n != prefix)

    def strategy(self, name: str) -> st.SearchStrategy[Any]:
        return self._ref(name)

    @cache  # noqa: B019 (one bundle object per file, kept for the test session)
    def _ref(self, name: str) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: self.of(self.defs[name]))

    def of(self, schema: Any) -> st.SearchStrategy[Any]:
        if schema is True or schema == {}:
            return _any_json
        if "$ref" in schema:
            return self._ref(schema["$ref"].rsplit("/", 1)[1])
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "anyOf" in schema:
            return st.one_of([self.of(s) for s in schema["anyOf"]])
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                part = self.defs[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
                for key, value in part.items():
                    if key == "properties":
                        merged.setdefault("properties", {}).update(value)
                    elif key == "required":
                        merged.setdefault("required", []).extend(value)
                    else:
                        merged.setdefault(key, value)
            return self.of(merged)
        kind = schema.get("type")
        if kind is None and "items" in schema:
            kind = "array"  # the documents give some arrays only their `items` (e.g. `modalities`)
        if isinstance(kind, list):
            return st.one_of([self.of({**schema, "type": k}) for k in kind])
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            return st.integers(schema.get("minimum", -(2**31)), schema.get("maximum", 2**31))
        if kind == "number":
            low, high = schema.get("minimum"), schema.get("maximum")
            return st.integers(int(low or -1000), int(high or 1000)) | st.floats(
                low, high, allow_nan=False, allow_infinity=False
            )
        if kind == "string":
            if "pattern" in schema:
                return st.from_regex(schema["pattern"], fullmatch=True)
            return st.text(
                st.characters(exclude_categories=("Cs",)),
                max_size=min(schema.get("maxLength", 8), 8),
            )
        if kind == "array":
            items = self.of(schema.get("items", {}))
            return st.lists(items, min_size=schema.get("minItems", 0), max_size=2)
        if kind == "object" or "properties" in schema:
            props = schema.get("properties", {})
            required = set(schema.get("required", ()))
            fixed = st.fixed_dictionaries(
                {k: self.of(v) for k, v in props.items() if k in required},
                optional={k: self.of(v) for k, v in props.items() if k not in required},
            )
            extra = schema.get("additionalProperties")
            if props or extra is False or extra is None:
                return fixed
            return st.dictionaries(
                _text, self.of(extra if isinstance(extra, dict) else {}), max_size=2
            )
        return _any_json


GA_BUNDLE = SchemaBundle(OPENAI_SPEC / "ga-schemas.json")
BETA_BUNDLE = SchemaBundle(OPENAI_SPEC / "beta-2025-04-29-schemas.json")
