"""Every public field of every event model carries a description (issue 14).

The descriptions are attribute docstrings (a string right after the field), which mkdocstrings shows in
the API reference. The test reads the source with `ast`, and checks it against the attrs classes the
module really defines, so a field added without a description fails here.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap

import attrs
import pytest

MODULES = [
    "realtime_sdk.events._base",
    "realtime_sdk.events._families",
    "realtime_sdk.events._common",
    "realtime_sdk.events._resources_audio",
    "realtime_sdk.events._resources_tools",
    "realtime_sdk.events._resources_content",
    "realtime_sdk.events._resources_session",
    "realtime_sdk.events._resources_items",
    "realtime_sdk.events._resources_responses",
    "realtime_sdk.events._server_conversation",
    "realtime_sdk.events._server_audio",
    "realtime_sdk.events._server_responses",
    "realtime_sdk.events._server_session",
    "realtime_sdk.events._client",
    "realtime_sdk.events",
    "realtime_sdk.events.beta._resources",
    "realtime_sdk.events.beta._server",
    "realtime_sdk.events.beta._client",
    "realtime_sdk.events.translation",
]


def _described_fields(cls: type) -> tuple[set[str], list[str]]:
    """(fields declared in the class body, those declared without a docstring after them)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    declared: set[str] = set()
    undocumented: list[str] = []
    for stmt, following in zip(body, [*body[1:], None], strict=True):
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        declared.add(stmt.target.id)
        described = (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
            and following.value.value.strip() != ""
        )
        if not described:
            undocumented.append(stmt.target.id)
    return declared, undocumented


def _models(module_name: str) -> list[type]:
    module = importlib.import_module(module_name)
    return [
        obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and attrs.has(obj)
        and obj.__module__ == module_name
        and not name.startswith("_")
    ]


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_field_has_a_description(module_name: str) -> None:
    models = _models(module_name)
    assert models, f"{module_name} defines no attrs models"
    missing = []
    for cls in models:
        declared, undocumented = _described_fields(cls)
        # The source must account for every attrs field the class itself adds.
        inherited = {
            f.name for base in cls.__mro__[1:] if attrs.has(base) for f in attrs.fields(base)
        }
        own = {f.name for f in attrs.fields(cls)} - inherited
        assert own <= declared, f"{cls.__name__}: fields not found in its source: {own - declared}"
        missing += [f"{cls.__name__}.{name}" for name in undocumented if not name.startswith("_")]
    assert not missing, f"fields without a description: {missing}"
