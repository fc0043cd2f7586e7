"""The rule engine (igel_graph.reason.rules) on every backend that runs here.

Expected triples: tests/reason/expected.py, worked out by hand.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from reason_expected import EXPECTED, GSD, MINI_DATA_GRAPH, M

from igel_graph.namespaces import IGEL, Graphs, resource
from igel_graph.reason import reason
from igel_graph.reason.rules import RULES, materialise


@pytest.fixture(params=["memory", "oxigraph"])
def each_store(request, tmp_path):
    """An empty store of each embedded backend (rdflib parses every update anew, so
    memory runs only the main test; the others use Oxigraph)."""
    if request.param == "memory":
        from igel_graph.store.memory import MemoryStore

        yield MemoryStore()
    else:
        from igel_graph.store.oxigraph import OxigraphStore

        s = OxigraphStore(tmp_path / "store")
        yield s
        s.close()


@pytest.fixture
def store(oxigraph_store):
    """An empty embedded Oxigraph store."""
    return oxigraph_store


def _load_mini(store, mini):
    ontology, data = mini
    store.load(ontology, Graphs.ONTOLOGY)
    store.load(data, MINI_DATA_GRAPH)


def test_rules_reach_exactly_the_expected_fixpoint(each_store, mini):
    store = each_store
    _load_mini(store, mini)
    report = materialise(store)
    assert set(store.graph(Graphs.INFERRED)) == EXPECTED
    assert report.inferred == len(EXPECTED)
    # rounds: chain3 needs involvedIn (round 2 at the latest); the last round adds nothing
    assert 2 <= report.rounds <= 5
    # one rule per chain axiom of the mini ontology, next to the generic rules
    assert set(report.rule_seconds) == set(RULES) | {"chain:activeInField", "chain:measureInField"}


def test_rerun_replaces_instead_of_adding(store, mini):
    _load_mini(store, mini)
    materialise(store)
    first = set(store.graph(Graphs.INFERRED))
    materialise(store)
    assert set(store.graph(Graphs.INFERRED)) == first


def test_asserted_triples_are_not_repeated(store, mini):
    _load_mini(store, mini)
    # asserting an entailed triple takes it out of the inferred graph
    extra = Graph()
    extra.add((M, IGEL.collaborator, GSD))
    store.load(extra, URIRef("https://w3id.org/igel/graph/upload/extra"))
    materialise(store)
    assert set(store.graph(Graphs.INFERRED)) == EXPECTED - {(M, IGEL.collaborator, GSD)}


def test_analysis_graph_is_not_reasoned_over(store, mini):
    _load_mini(store, mini)
    finding = resource("finding", "x")
    g = Graph()
    g.add((finding, IGEL.lead, GSD))
    store.load(g, Graphs.ANALYSIS)
    materialise(store)
    assert not any(s == finding or o == finding for s, _, o in store.graph(Graphs.INFERRED))


def test_reason_with_rules_engine_reports(store, mini):
    _load_mini(store, mini)
    report = reason(store, engine="rules")
    assert (report.engine, report.inferred) == ("rules", len(EXPECTED))
    assert report.asserted == len(mini[0]) + len(mini[1])


def test_unknown_engine_is_a_clear_error(store):
    from igel_graph.errors import IgelError

    with pytest.raises(IgelError, match="unknown reasoning engine 'pellet'"):
        reason(store, engine="pellet")


def test_no_types_outside_the_igel_namespace(store, mini):
    _load_mini(store, mini)
    materialise(store)
    for _s, p, o in store.graph(Graphs.INFERRED):
        assert str(p).startswith(str(IGEL._NS)) or (p == RDF.type and str(o).startswith(str(IGEL._NS)))


def test_literal_values_and_blank_inner_nodes(each_store):
    """Computed by hand from the rule table of igel_graph.reason.rules: a literal object
    still types its subject by the domain; a chain may pass through a blank node, but
    sub-property and inverse steps need IRIs at both ends."""
    from rdflib import BNode, Literal
    from rdflib.namespace import OWL, RDFS

    ns = IGEL._NS
    onto = Graph()
    onto.add((ns["title"], RDFS.domain, ns["Measure"]))
    onto.add((ns["lead"], RDFS.subPropertyOf, ns["collaborator"]))
    onto.add((ns["lead"], OWL.inverseOf, ns["leads"]))
    chain = BNode()
    from rdflib.collection import Collection

    Collection(onto, chain, [ns["contributesTo"], ns["inActionField"]])
    onto.add((ns["measureInField"], OWL.propertyChainAxiom, chain))
    data = Graph()
    m, g, f, a = resource("m"), BNode(), resource("f"), resource("a")
    data.add((m, ns["title"], Literal("Titel", lang="de")))
    data.add((m, ns["contributesTo"], g))
    data.add((g, ns["inActionField"], f))
    data.add((g, ns["lead"], a))
    each_store.load(onto, Graphs.ONTOLOGY)
    each_store.load(data, MINI_DATA_GRAPH)
    report = materialise(each_store)
    inferred = set(each_store.graph(Graphs.INFERRED))
    assert inferred == {(m, RDF.type, ns["Measure"]), (m, ns["measureInField"], f)}
    assert report.inferred == 2
