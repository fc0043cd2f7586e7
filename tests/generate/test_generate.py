"""The synthetic generator: deterministic, about the size asked for, SHACL-valid, and
with the structure the analysis needs (every actor kind, conflicts, cycles)."""

from __future__ import annotations

import hashlib
import io

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from igel_graph import resources
from igel_graph.generate import write_dataset
from igel_graph.generate.names import ACTOR_KINDS
from igel_graph.generate.synthetic import QUARTERS
from igel_graph.namespaces import IGEL


def _text(scale: int, seed: int, fmt: str = "nt") -> str:
    out = io.StringIO()
    write_dataset(out, scale=scale, seed=seed, format=fmt)
    return out.getvalue()


@pytest.fixture(scope="module")
def graph_50k() -> Graph:
    """The dataset of scale 50,000 and seed 0, parsed."""
    return Graph().parse(data=_text(50_000, 0), format="nt")


def test_same_seed_same_bytes():
    a, b = _text(5_000, 42), _text(5_000, 42)
    assert hashlib.sha256(a.encode()).hexdigest() == hashlib.sha256(b.encode()).hexdigest()


def test_different_seed_different_data():
    assert _text(5_000, 1) != _text(5_000, 2)


@pytest.mark.parametrize("scale", [10_000, 50_000])
def test_size_close_to_scale(scale):
    n = sum(1 for line in _text(scale, 0).splitlines() if line.strip())
    assert 0.85 * scale <= n <= 1.15 * scale


def test_turtle_and_ntriples_hold_the_same_triples():
    nt = Graph().parse(data=_text(3_000, 5, "nt"), format="nt")
    ttl = Graph().parse(data=_text(3_000, 5, "turtle"), format="turtle")
    assert len(nt) > 2_000
    assert set(nt) == set(ttl)


def test_shacl_valid_with_vocabularies():
    from igel_graph.validate import validate

    g = Graph().parse(data=_text(4_000, 3), format="nt")
    for f in sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl")):
        g.parse(f)
    report = validate(g)
    assert report.conforms, report.text[:2000]


def test_every_actor_kind_present(graph_50k):
    for kind in ACTOR_KINDS:
        assert any(True for _ in graph_50k.subjects(RDF.type, IGEL[kind])), kind


def test_measures_have_roles_and_plans(graph_50k):
    measures = set(graph_50k.subjects(RDF.type, IGEL.Measure))
    assert len(measures) > 1500
    assert all((m, IGEL.lead, None) in graph_50k for m in measures)
    assert any((m, IGEL.partner, None) in graph_50k for m in measures)
    assert any((m, IGEL.addressee, None) in graph_50k for m in measures)


def test_dependencies_have_conflicts_and_cycles(graph_50k):
    deps = nx.DiGraph(list(graph_50k.subject_objects(IGEL.dependsOn)))
    assert deps.number_of_edges() > 300
    assert not nx.is_directed_acyclic_graph(deps)  # at least one cycle to find
    order = {str(q): i for i, q in enumerate(QUARTERS)}

    def start(m):
        q = graph_50k.value(m, IGEL.start)
        return order.get(str(q).rsplit("/", 1)[-1]) if q is not None else None

    # a conflict: a measure starts before the measure it depends on
    conflicts = [(a, b) for a, b in deps.edges if start(a) is not None and start(b) is not None and start(a) < start(b)]
    assert conflicts


def test_cli_writes_file(tmp_path):
    from typer.testing import CliRunner

    import igel_graph.cli.generate_cmds  # noqa: F401  (registers the command)
    from igel_graph.cli.app import app

    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(app, ["generate", "--scale", "2000", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="turtle")
    assert len(g) > 1500
    assert "Measure" in result.output
