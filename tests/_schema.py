"""Check server events against OpenAI's published JSON Schema (tests/fixtures/openai-spec).

`schema_problems(event)` validates one wire event against the schema of its `type` in
`ga-schemas.json`. One difference is allowed: a null in a field the schema does not require
(the published document leaves many fields the live service sends as null non-nullable, see
tests/fixtures/openai-spec/README.md). A null in a required field is still a problem.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

jsonschema = pytest.importorskip("jsonschema")

SPEC = Path(__file__).parent / "fixtures" / "openai-spec"


@functools.cache
def _bundle() -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads((SPEC / "ga-schemas.json").read_text())
    return bundle


@functools.cache
def _server_schemas() -> dict[str, str]:
    """Event type -> the `$defs` name of its schema (GA server events)."""
    out: dict[str, str] = {}
    for name, schema in _bundle()["$defs"].items():
        if not name.startswith("RealtimeServerEvent"):
            continue
        enum = schema.get("properties", {}).get("type", {}).get("enum", [])
        if len(enum) == 1:
            out[enum[0]] = name
    return out


def _walk(root: str, path: Iterable[Any]) -> Iterator[Any]:
    """The schema nodes along an absolute schema path (which steps through `$ref`s silently)."""
    defs = _bundle()["$defs"]
    node: Any = defs[root]
    for token in path:
        while isinstance(node, dict) and token not in node and "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        node = node[token]
        yield token, node


def _excused(error: Any, root: str) -> bool:
    """A null in a field its object schema does not list as required."""
    if error.instance is not None or not error.path or not isinstance(error.path[-1], str):
        return False
    key = error.path[-1]
    parent: Any = None
    previous: Any = None
    tokens = list(_walk(root, error.absolute_schema_path))
    for index, (token, node) in enumerate(tokens):
        if token == "properties" and index + 1 < len(tokens) and tokens[index + 1][0] == key:
            parent = previous
        previous = node
    return parent is not None and key not in parent.get("required", [])


def _only_optional_nulls(error: Any, root: str) -> bool:
    """True when `error` comes down to nulls in optional fields only (for an `anyOf`: in at
    least one of its branches)."""
    if not error.context:
        return _excused(error, root)
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    return any(all(_only_optional_nulls(sub, root) for sub in subs) for subs in branches.values())


def schema_problems(event: dict[str, Any]) -> list[str]:
    """What is wrong with `event` by the published schema (empty when it conforms)."""
    name = _server_schemas().get(event.get("type", ""))
    if name is None:
        return [f"no published schema for event type {event.get('type')!r}"]
    schema = {"$ref": f"#/$defs/{name}", "$defs": _bundle()["$defs"]}
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(event):
        if _only_optional_nulls(error, name):
            continue
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{event['type']} at {where or '(root)'}: {error.message}")
    return problems


def assert_schema_valid(record: Any) -> None:
    """Every event a `ConnectionRecord` holds as sent conforms to the published GA schema."""
    from realtime_sdk._codec import encode_server_event

    assert record.dialect == "ga"
    problems = []
    for event in record.sent:
        problems.extend(schema_problems(orjson.loads(encode_server_event(event))))
    assert problems == []
