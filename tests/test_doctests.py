"""The examples in the docstrings of every module run and give what they show.

Modules are found by walking the packages, so a new module's examples are tested
without being listed here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ["igel_graph", "visualizations", "api"]


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_analysis_modules_have_examples():
    # the network measures are specified by their examples (docs/ARCHITECTURE.md, "Repository shape")
    for name in [
        "brokerage",
        "communities",
        "crossfield",
        "findings",
        "linkpred",
        "metrics",
        "projections",
        "structural_holes",
    ]:
        module = importlib.import_module(f"igel_graph.analysis.{name}")
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).attempted > 0, name
