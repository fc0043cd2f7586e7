"""Building the graph (igel_graph.build): graphs, counts, idempotence, and refusal of
broken input before the store is touched.

Counts of action fields (4), goals (6) and measures (15) come from the action plan
(sections 2.1–2.4, as listed in the modelling contract); the per-graph sizes are compared
with the triples parsed from the files themselves.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import OWL, RDF

from igel_graph import resources
from igel_graph.build import build_graph, class_counts, read_sources
from igel_graph.errors import ParseError, ValidationFailed
from igel_graph.namespaces import IGEL, Graphs, graph_for_source

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_source_file_goes_to_its_graph(built_store):
    sizes = built_store.graphs()
    # ontology, vocabularies, the reasoner's and the analysis's graphs, the example
    # monitoring set (issue 14), and a graph per source
    expected = {Graphs.ONTOLOGY, Graphs.VOCABULARIES, Graphs.INFERRED, Graphs.ANALYSIS, Graphs.EXAMPLE_MONITORING}
    expected |= {graph_for_source(p.stem) for p in resources.source_files()}
    assert set(sizes) == expected
    assert {Graphs.IGEL_PLAN, Graphs.BW_PROJECT, Graphs.REFERENCE, Graphs.CURATED} <= set(sizes)
    for name, (graph, _) in read_sources().items():
        assert sizes[name] == len(graph), name


def test_class_counts_from_the_sources(built_store):
    counts = class_counts(built_store)
    assert counts[IGEL.ActionField] == 4
    assert counts[IGEL.Goal] == 6
    assert counts[IGEL.Measure] == 15
    # every igel: class of the ontology is counted, with 0 where it has no instances
    ontology = Graph().parse(resources.ontology_file())
    declared = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(IGEL._NS))}
    assert set(counts) == declared
    assert all(n >= 0 for n in counts.values())
    # reference-facts.ttl: one canton (Lucerne, also named by its LINDAS and Wikidata IRIs)
    # and three municipalities (Sursee, also named by LINDAS; Nottwil; Wolhusen)
    assert counts[IGEL.Canton] == 1
    assert counts[IGEL.Municipality] == 3
    # inferred types count: every organisation is an actor
    assert counts[IGEL.Actor] >= counts[IGEL.Organisation] + counts[IGEL.StakeholderGroup]


def test_report_and_progress(oxigraph_store):
    calls = []
    report = build_graph(oxigraph_store, progress=lambda step, done, total: calls.append((step, done, total)))
    assert report.conforms and report.validation is not None and report.validation.conforms
    assert report.reasoning.engine == "hermit"  # the real data is far below 50,000 triples
    assert report.inferred == report.graph_sizes[Graphs.INFERRED] > 0
    assert report.class_counts[IGEL.Measure] == 15
    assert set(report.durations) == {"parse", "validate", "load", "reason", "analyse", "total"}
    assert report.findings > 0 and report.graph_sizes[Graphs.ANALYSIS] > 0
    dones = [d for _, d, _ in calls]
    assert dones == sorted(dones) and calls[-1][1] == calls[-1][2]
    assert calls[0][0].startswith("parsing")


def _snapshot(store) -> dict:
    """Each named graph as a canonical (blank-node independent) graph; the analysis graph
    without its run's time stamp (dcterms:created), which differs between builds."""
    from rdflib.namespace import DCTERMS

    out = {}
    for g in store.graphs():
        graph = store.graph(g)
        if g == Graphs.ANALYSIS:
            graph.remove((None, DCTERMS.created, None))
        out[g] = to_isomorphic(graph)
    return out


def test_rebuild_is_idempotent_and_replaces(oxigraph_store):
    build_graph(oxigraph_store, reason=False)
    first = _snapshot(oxigraph_store)
    stray = Graph()
    stray.add((URIRef("urn:x"), IGEL.number, URIRef("urn:y")))
    oxigraph_store.load(stray, Graphs.IGEL_PLAN)  # an edit a rebuild must undo
    upload = URIRef("https://w3id.org/igel/graph/upload/mine")
    oxigraph_store.load(stray, upload)  # a graph of other origin, which a build keeps
    build_graph(oxigraph_store, reason=False)
    second = _snapshot(oxigraph_store)
    assert second.pop(upload) == to_isomorphic(stray)
    assert first == second


def test_example_monitoring_is_loaded_labelled_and_optional(built_store, oxigraph_store):
    from igel_graph.namespaces import ID_BASE

    example = built_store.graph(Graphs.EXAMPLE_MONITORING)
    # issue 14: "statuses for every measure" - the plan has 15
    measures = set(example.objects(None, IGEL.reportOn))
    assert len(measures) == 15
    # every example resource is named as one: no example poses as a real report
    subjects = {str(s) for s in example.subjects() if isinstance(s, URIRef)}
    assert all(s.startswith(ID_BASE + "example/monitoring/") for s in subjects)
    # an indicator for each of the 14 evaluation criteria
    assert len(set(example.subjects(IGEL.indicatorOf, None))) == 14
    assert Graphs.MONITORING not in built_store.graphs()
    build_graph(oxigraph_store, reason=False, validate=False, analyse=False, examples=False)
    assert Graphs.EXAMPLE_MONITORING not in oxigraph_store.graphs()


def test_no_reason_drops_a_stale_inferred_graph(oxigraph_store):
    build_graph(oxigraph_store, validate=False)
    assert Graphs.INFERRED in oxigraph_store.graphs()
    report = build_graph(oxigraph_store, validate=False, reason=False)
    assert Graphs.INFERRED not in oxigraph_store.graphs()
    assert report.inferred == 0 and report.reasoning is None


def _dump(store) -> bytes:
    out = BytesIO()
    store.dump(out, "nquads")
    return out.getvalue()


def test_invalid_data_is_refused_before_loading(oxigraph_store, monkeypatch):
    monkeypatch.setattr(resources, "source_files", lambda: [FIXTURES / "broken.ttl"])
    with pytest.raises(ValidationFailed) as err:
        build_graph(oxigraph_store)
    assert oxigraph_store.graphs() == {}
    assert len(err.value.results) == 3
    assert "nothing was loaded" in str(err.value)
    assert "id:plan/test/measure/9.9.1 igel:lead" in str(err.value)
    assert err.value.exit_code == 3


def test_malformed_file_is_refused_with_position(oxigraph_store, monkeypatch, tmp_path):
    good = FIXTURES / "broken.ttl"
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix igel: <https://w3id.org/igel/ontology#> .\n\n<urn:a> igel:number "1" ;\n  igel:x .\n')
    build_graph(oxigraph_store, validate=False, reason=False)
    before = _dump(oxigraph_store)
    monkeypatch.setattr(resources, "source_files", lambda: [good, bad])
    with pytest.raises(ParseError) as err:
        build_graph(oxigraph_store)
    assert (err.value.line, err.value.column) == (4, 10)  # the "." where an object belongs
    assert str(bad) in str(err.value)
    assert _dump(oxigraph_store) == before
