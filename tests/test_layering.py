"""Layering that import-linter cannot express: pages/ is Streamlit's page folder, not a package.

``lint-imports`` (pyproject) keeps capacity and geodata free of streamlit and ui, and geodata free of
capacity. Here: pages never import each other, ui has no import cycle, and no ui module hides an import of
another ui module inside a function (that is how the old ui cycle stayed invisible).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at top level) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out += [(node.module, id(node) in top)]
            out += [(f"{node.module}.{a.name}", id(node) in top) for a in node.names]
    return out


def test_pages_never_import_each_other():
    found = [
        f"{p.name} imports {m}" for p in ROOT.glob("pages/*.py") for m, _ in _imports(p) if m.split(".")[0] == "pages"
    ]
    assert found == []


def test_ui_modules_import_each_other_only_at_top_level():
    found = [
        f"{p.name}: {m}" for p in ROOT.glob("ui/*.py") for m, top in _imports(p) if not top and m.split(".")[0] == "ui"
    ]
    assert found == []


def test_ui_has_no_import_cycle():
    graph = grimp.build_graph("ui")
    modules = sorted(graph.modules)
    cycles = [
        f"{a} ↔ {b}"
        for i, a in enumerate(modules)
        for b in modules[i + 1 :]
        if graph.chain_exists(importer=a, imported=b) and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []


def test_no_module_over_600_lines():
    """House rule: small modules. Tests, benchmarks and data files are exempt."""
    skip = {"tests", "bench", ".git", ".venv"}
    found = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts) and (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert found == []
