"""The engine's modules import each other without a cycle, and only at module level.

A cycle is broken by moving the shared types down (``engine/types.py``, ``engine/rules.py``,
``engine/sheet_types.py``), not by an import inside a function or under ``TYPE_CHECKING``: both
are counted here as imports like any other, so hiding a cycle that way still fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"
PACKAGE = "dxpilot.assessment.engine"


def _modules() -> dict[str, ast.Module]:
    # __init__ is the package's facade: it imports every module and none imports it.
    return {
        path.stem: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(ENGINE.glob("*.py"))
        if path.stem != "__init__"
    }


def _targets(node: ast.Import | ast.ImportFrom, names: set[str]) -> set[str]:
    """The engine modules one import statement reads."""
    if isinstance(node, ast.Import):
        dotted = [alias.name for alias in node.names]
    elif node.level == 1:
        base = node.module or ""
        dotted = [f"{PACKAGE}.{base}" if base else PACKAGE]
        if not base:  # from . import _messages
            dotted = [f"{PACKAGE}.{alias.name}" for alias in node.names]
    elif node.level == 0 and node.module:
        dotted = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    else:
        raise AssertionError(f"an import from beyond the engine package: {ast.dump(node)}")
    found = set()
    for name in dotted:
        if name.startswith(f"{PACKAGE}."):
            module = name.removeprefix(f"{PACKAGE}.").split(".")[0]
            if module in names:
                found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    return {
        name: {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _targets(node, names)
        }
        for name, tree in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first module repeated at the end), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        path.append(name)
        for target in sorted(graph[name]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        cycle = visit(name)
        if cycle:
            return cycle
    return None


def test_engine_modules_import_each_other_without_a_cycle() -> None:
    graph = import_graph()
    assert {"types", "rules", "levels", "indicator_set", "scoring"} <= set(graph)
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle among engine modules: " + " → ".join(cycle or [])


def test_engine_modules_import_each_other_only_at_module_level() -> None:
    names = set(_modules())
    hidden = []
    for name, tree in _modules().items():
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            imports = isinstance(node, ast.Import | ast.ImportFrom)
            if imports and id(node) not in top and _targets(node, names):
                hidden.append(f"{name}.py:{node.lineno}")
    assert hidden == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
