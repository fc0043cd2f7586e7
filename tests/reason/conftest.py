"""Fixtures of the reasoning tests: the miniature ontology and data, and the real sources."""

from __future__ import annotations

import pytest
from rdflib import Graph
from reason_expected import FIXTURES


@pytest.fixture(scope="session")
def mini() -> tuple[Graph, Graph]:
    """(ontology, data) of fixtures/mini-ontology.ttl and fixtures/mini-data.ttl."""
    return Graph().parse(FIXTURES / "mini-ontology.ttl"), Graph().parse(FIXTURES / "mini-data.ttl")


@pytest.fixture(scope="session")
def real_parts() -> dict:
    """The real ontology, vocabularies and sources, parsed: named graph -> Graph."""
    from igel_graph.build import read_sources

    return {name: graph for name, (graph, _) in read_sources().items()}
