"""The import direction of the design brief: api → visualizations → igel_graph.

``igel_graph`` is the core library and must stay usable without any web or
visualisation code; ``visualizations`` must not depend on the API.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "igel_graph": {"fastapi", "starlette", "uvicorn", "pyvis", "jinja2", "api", "visualizations"},
    "visualizations": {"api"},
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imported_modules(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_checker_sees_a_forbidden_import(tmp_path):
    """The scan itself must catch the three ways of importing."""
    sample = tmp_path / "m.py"
    sample.write_text("import fastapi\nfrom api.app import x\nimportlib.import_module('pyvis.network')\n")
    assert _imported_modules(sample) >= {"fastapi", "api", "pyvis"}
