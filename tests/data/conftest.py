"""Fixtures for the content tests: the data files of ``ontology/data`` parsed with rdflib.

The tests in this folder pin the graph to its sources. They read only the project's own
copies of the sources (``ontology/data/sources/``), never ``../shared``. Each file is parsed
on its own (no store, no reasoning) so that a test can tell which file says what.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from sourcetext import DATA, SOURCE_FILES, normalise, parse


@pytest.fixture(scope="session")
def plan_graph() -> Graph:
    """``igel-aktionsplan-2026-2030.ttl`` alone: what the action plan says."""
    return parse(DATA / "igel-aktionsplan-2026-2030.ttl")


@pytest.fixture(scope="session")
def bw_graph() -> Graph:
    """``bw-modellprojekt.ttl`` alone: what the BW project page says."""
    return parse(DATA / "bw-modellprojekt.ttl")


@pytest.fixture(scope="session")
def reference_graph() -> Graph:
    """``reference-facts.ttl`` alone: the checked reference facts."""
    return parse(DATA / "reference-facts.ttl")


@pytest.fixture(scope="session")
def curated_graph() -> Graph:
    """``curated.ttl`` alone: the justified interpretations."""
    return parse(DATA / "curated.ttl")


@pytest.fixture(scope="session")
def source_graphs(plan_graph, bw_graph, reference_graph) -> dict[str, Graph]:
    """The three source files by stem."""
    return {
        "igel-aktionsplan-2026-2030": plan_graph,
        "bw-modellprojekt": bw_graph,
        "reference-facts": reference_graph,
    }


@pytest.fixture(scope="session")
def all_data(source_graphs, curated_graph) -> Graph:
    """The union of the three source files and the curated file."""
    union = Graph()
    for graph in [*source_graphs.values(), curated_graph]:
        for triple in graph:
            union.add(triple)
    return union


@pytest.fixture(scope="session")
def plan_source() -> str:
    """The action plan's text, normalised as quotes cite it."""
    return normalise(SOURCE_FILES["igel-aktionsplan-2026-2030"].read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bw_source() -> str:
    """The BW project page's text, normalised as quotes cite it."""
    return normalise(SOURCE_FILES["bw-modellprojekt"].read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def plan_rows() -> dict[str, tuple[str, str]]:
    """The measure table rows of the action plan: number -> (German text, start cell).

    Read from the copied source: a row is ``number TAB text TAB start``.
    """
    rows = {}
    raw = SOURCE_FILES["igel-aktionsplan-2026-2030"].read_text(encoding="utf-8")
    for line in raw.splitlines():
        cells = line.split("\t")
        if len(cells) == 3 and re.fullmatch(r"\d\.\d\.\d", cells[0]):
            rows[cells[0]] = (normalise(cells[1]), normalise(cells[2]))
    return rows
