"""The package's layout: no import cycles between its modules at run time, and no module so long that
it hides its seams (issue 15).

Both read the source with `ast` (nothing is imported), so a failure names files and lines.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "realtime_sdk"
ROOT = PACKAGE.name

MAX_LINES = 700
KEPT_WHOLE = "# Kept whole:"  # in the first 10 lines: why a longer module stays one module

# Modules over MAX_LINES that are still to be split (issue 15, work in progress on other branches).
# Shrink this as they are split: test_the_allow_list_is_not_stale fails for an entry that is no
# longer needed, so the list only ever gets shorter.
TOO_LONG_FOR_NOW: set[str] = set()


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for __init__.py)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = (ROOT, *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    """`TYPE_CHECKING`, `typing.TYPE_CHECKING`, `_typing.TYPE_CHECKING`..."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _run_time_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported: module level and class bodies,
    through if/try/with blocks, but not `if TYPE_CHECKING:` (its `else:` runs) nor function bodies."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _run_time_imports(node.body)
            yield from _run_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _run_time_imports(block)
            for handler in node.handlers:
                yield from _run_time_imports(handler.body)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            yield from _run_time_imports(node.body)


def _resolve(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The package's modules that `node`, in `module`, imports."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if base not in MODULES:
        return set()
    # `from pkg import name`: the submodule `pkg.name` when there is one, else `pkg` itself.
    return {
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        for alias in node.names
    }


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {module it imports at run time: the line of the first such import}."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges = graph.setdefault(module, {})
        for node in _run_time_imports(tree.body):
            for target in _resolve(module, node):
                if target != module:
                    edges.setdefault(target, node.lineno)
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle of `graph` as a closed path of modules, or None (depth-first search)."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph.get(module, {})):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done and (cycle := visit(module)) is not None:
            return cycle
    return None


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert {"realtime_sdk", "realtime_sdk._session", "realtime_sdk.events._base"} <= set(graph)
    # a few edges known to exist at run time, and one that exists only for type checkers
    assert "realtime_sdk._sends" in graph["realtime_sdk._session"]
    assert "realtime_sdk._exceptions" in graph["realtime_sdk"]
    assert "realtime_sdk.events._resources" in graph["realtime_sdk._sends"]
    assert "realtime_sdk._session" not in graph["realtime_sdk._sends"]  # under TYPE_CHECKING


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}, "c": {"a": 1, "b": 1}}) is None


def test_importing_the_package_creates_no_import_cycle() -> None:
    graph = import_graph()
    cycle = find_cycle(graph)
    if cycle is not None:
        steps = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in itertools.pairwise(cycle)]
        pytest.fail("import cycle at run time:\n  " + "\n  ".join(steps))


def _too_long() -> dict[str, int]:
    """Modules over MAX_LINES whose first 10 lines do not say why they stay whole: {path: lines}."""
    found = {}
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not any(KEPT_WHOLE in line for line in lines[:10]):
            found[path.relative_to(PACKAGE).as_posix()] = len(lines)
    return found


def test_no_module_is_too_long_unless_it_says_why() -> None:
    offenders = {name: n for name, n in _too_long().items() if name not in TOO_LONG_FOR_NOW}
    assert not offenders, (
        f"modules over {MAX_LINES} lines: split them along their seams, or say why they stay "
        f"whole in a {KEPT_WHOLE!r} comment in their first 10 lines: {offenders}"
    )


def test_the_allow_list_is_not_stale() -> None:
    stale = TOO_LONG_FOR_NOW - set(_too_long())
    assert not stale, f"no longer too long (remove them from TOO_LONG_FOR_NOW): {sorted(stale)}"
