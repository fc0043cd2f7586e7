"""Both engines yield the same entailment set on the real data, and it holds what the
sources say follows (measure 2.1.1 of the action plan: lead GSD, partner VLG, goal 2.1 in
action field 2 — section 2 of the plan)."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from igel_graph.namespaces import IGEL, Graphs, resource
from igel_graph.reason import in_entailment_set, reason

P = ("plan", "igel-2026-2030")


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The real data built into Oxigraph: (inferred set by HermiT, inferred set by rules)."""
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("engines") / "store")
    build_graph(store, reason=False)
    hermit = reason(store, engine="hermit")
    by_hermit = set(store.graph(Graphs.INFERRED))
    rules = reason(store, engine="rules")
    by_rules = set(store.graph(Graphs.INFERRED))
    store.close()
    assert (hermit.engine, rules.engine) == ("hermit", "rules")
    return by_hermit, by_rules


def test_engines_agree_on_the_real_data(both):
    by_hermit, by_rules = both
    assert by_hermit == by_rules
    assert all(in_entailment_set(t) for t in by_hermit)


def test_memory_backend_agrees(built_store, both):
    # built_store (tests/conftest.py) is an rdflib MemoryStore reasoned by 'auto' = HermiT
    assert set(built_store.graph(Graphs.INFERRED)) == both[0]


def test_measure_2_1_1_entailments(both):
    inferred = both[1]
    m, goal, field = resource(*P, "measure", "2.1.1"), resource(*P, "goal", "2.1"), resource(*P, "field", "2")
    gsd, vlg = resource("actor", "gsd"), resource("actor", "vlg")
    expected = {
        (gsd, IGEL.leads, m),
        (vlg, IGEL.partnerIn, m),
        (m, IGEL.collaborator, gsd),
        (m, IGEL.collaborator, vlg),
        (m, IGEL.involvedActor, gsd),
        (m, IGEL.involvedActor, vlg),
        (gsd, IGEL.collaboratesIn, m),
        (vlg, IGEL.collaboratesIn, m),
        (gsd, IGEL.involvedIn, m),
        (vlg, IGEL.involvedIn, m),
        (goal, IGEL.hasMeasure, m),
        (m, IGEL.measureInField, field),
        (gsd, IGEL.activeInField, field),
        (vlg, IGEL.activeInField, field),
        (vlg, RDF.type, IGEL.Organisation),
        (vlg, RDF.type, IGEL.Actor),
    }
    assert expected <= inferred


def test_addressees_do_not_collaborate(both):
    inferred = both[1]
    addressed = {(s, o) for s, p, o in inferred if p == IGEL.addressedBy}
    assert addressed, "the plan names addressees, so addressedBy must be inferred"
    collaborating = {(s, o) for s, p, o in inferred if p == IGEL.collaboratesIn}
    # an addressee of a measure is never, by inference, its collaborator
    assert not (addressed & collaborating)
