"""Test modules never import each other (or a conftest): shared helpers live in support modules
(``tests/support/``, ``tests/*_support.py``, ``helpers.py``, ...) or fixtures, so running one test
file never depends on another's import side effects or collection."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_test_module_imports_another() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                if any(_is_test_module(n) for n in names):
                    offenders.append(f"{path.relative_to(TESTS.parent)}: from {node.module} import ...")
            elif isinstance(node, ast.Import):
                offenders += [f"{path.relative_to(TESTS.parent)}: import {a.name}" for a in node.names
                              if a.name.startswith("tests") and _is_test_module(a.name)]
    assert offenders == []
