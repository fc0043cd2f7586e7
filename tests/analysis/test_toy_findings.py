"""Projections and findings on the toy plan of conftest.py; every expected value is
worked out by hand from the toy's statements (written next to each assertion)."""

from __future__ import annotations

import pytest

from igel_graph.analysis import analyse, finding_iri, load_facts
from igel_graph.analysis.projections import (actor_measure_graph, collaboration_graph,
                                             field_graph, measure_graph, theme_measure_graph)
from igel_graph.errors import ParameterError
from igel_graph.namespaces import Graphs

TOY = "https://w3id.org/igel/id/toy/"  # the toy plan of conftest.py

A, B, C, D, E, F = (TOY + x for x in "ABCDEF")
m1, m2, m3, m4 = (TOY + f"m{i}" for i in range(1, 5))
f1, f2, g1, g2, Q = TOY + "f1", TOY + "f2", TOY + "g1", TOY + "g2", TOY + "Q"


def test_actor_measure_graph_has_roles_as_edge_attributes(toy_store):
    Bg = actor_measure_graph(toy_store)
    assert Bg.edges[m2, C]["roles"] == ["addressee"] and not Bg.edges[m2, C]["collaborates"]
    assert Bg.edges[m1, B]["roles"] == ["partner"] and Bg.edges[m1, B]["collaborates"]
    assert Bg.nodes[m4]["bipartite"] == 0 and Bg.degree(m4) == 0  # m4 names no actor
    assert Bg.nodes[A] == {"label_de": "Amt A", "label_en": "Authority A",
                           "type": "PublicAuthority", "bipartite": 1}
    assert Bg.nodes[m1]["field"] == f1


def test_collaboration_graph_newman_weights(toy_store):
    G = collaboration_graph(toy_store)
    # m1 has 3 collaborators (A, B, F): each pair gets 1/(3-1) = 0.5; m2 has A and E: 1/1.
    assert G.edges[A, B]["weight"] == pytest.approx(0.5)
    assert G.edges[B, F]["weight"] == pytest.approx(0.5)
    assert G.edges[A, E]["weight"] == pytest.approx(1.0)
    assert G.edges[A, E]["measures"] == [m2]
    # C is only addressed: a node without edges; D works alone in m3.
    assert G.degree(C) == 0 and G.degree(D) == 0
    assert {frozenset(e) for e in G.edges} == {frozenset(p) for p in [(A, B), (A, F), (B, F), (A, E)]}
    J = collaboration_graph(toy_store, weighting="jaccard")
    # A is in m1, m2; E in m2: shared 1 / union 2.
    assert J.edges[A, E]["weight"] == pytest.approx(0.5)


def test_statements_choice_restricts_the_graphs(toy_store):
    assert ("%sm2" % TOY, "%sm3" % TOY) not in load_facts(toy_store, "source").pairs("dependsOn")
    assert (m2, m3) in load_facts(toy_store, "all").pairs("dependsOn")
    M_source = measure_graph(toy_store, "source")
    M_all = measure_graph(toy_store, "all")
    assert not M_source.has_edge(m2, m3)
    assert M_all.edges[m2, m3]["dependencies"] == [(m2, m3)]
    with pytest.raises(ParameterError):
        load_facts(toy_store, "everything")


def test_measure_field_and_theme_graphs(toy_store):
    M = measure_graph(toy_store)
    assert M.edges[m1, m3]["kinds"] == ["reference", "theme"]  # both cite plan Q, share T
    assert M.edges[m1, m3]["references"] == [Q]
    assert M.edges[m1, m2]["actors"] == [A]
    Fg = field_graph(toy_store)
    # crossing measure pairs: m1–m3 (reference, theme) and m2–m3 (dependency)
    assert Fg.edges[f1, f2]["crossing"] == sorted([(m1, m3), (m2, m3)])
    assert Fg.edges[f1, f2]["dependencies"] == 1
    T = theme_measure_graph(toy_store)
    assert sorted(T[TOY + "T"]) == [m1, m3]


def _kinds(result):
    out = {}
    for f in result.findings:
        out.setdefault(f.kind, []).append(f)
    return out


def test_toy_findings_all_statements(toy_store):
    r = analyse(toy_store, statements="all")
    k = _kinds(r)
    # C is named as concerned by g2 and collaborates nowhere: high.
    (absent,) = k["absent-stakeholder"]
    assert absent.severity == "high" and absent.evidence[:2] == [C, g2]
    assert any(s.predicate.endswith("#concerns") and s.graph == str(Graphs.IGEL_PLAN)
               and s.passage == TOY + "passage-g2" for s in absent.statements)
    assert [f.evidence[0] for f in k["only-addressed"]] == [C]
    assert [f.evidence for f in k["actorless-measure"]] == [[m4]]
    assert [f.evidence[:2] for f in k["single-actor-measure"]] == [[m3, D]]
    # A is the only link of E (removing A leaves {B, F} and {E}).
    (broker,) = k["sole-broker"]
    assert broker.evidence == [A, E]
    # m2 starts 2025-Q4 but depends on m3 starting 2026-Q2.
    (conflict,) = k["scheduling-conflict"]
    assert conflict.evidence == [m2, m3]
    dep = [s for s in conflict.statements if s.predicate.endswith("#dependsOn")][0]
    assert dep.graph == str(Graphs.CURATED) and dep.justification == "m2 needs the result of m3"
    assert "dependency-cycle" not in k
    # Budget: only m1 is funded. Field 2 has none (high); m2 in funded field 1 (low); L2 unused.
    gaps = {f.evidence[0]: f.severity for f in k["budget-gap"]}
    assert gaps == {f2: "high", m2: "low"}
    assert [f.evidence for f in k["unused-budget-line"]] == [[TOY + "L2"]]
    # Fields 1 and 2: m2 depends on m3; m1 and m3 both cite plan Q.
    (link,) = k["cross-field-link"]
    assert link.evidence[:3] == [f1, f2, Q] and link.severity == "medium"
    # Pairs: A and E (m2) vs D (m3) by the dependency; B–E, E–F on goal g1.
    pairs = {tuple(f.evidence[:2]): f.severity for f in k["uncoordinated-pair"]}
    assert pairs[(A, D)] == "medium" and pairs[(D, E)] == "medium"
    assert pairs[(B, E)] == "low" and pairs[(E, F)] == "low"
    assert r.waves["waves"] == [sorted([m1, m3, m4]), [m2]]


def test_toy_findings_source_statements(toy_store):
    r = analyse(toy_store, statements="source")
    k = _kinds(r)
    # No dependsOn, no funds in the sources: neither conflicts nor budget findings.
    assert "scheduling-conflict" not in k and "budget-gap" not in k
    assert k["cross-field-link"][0].severity == "info"  # only the shared plan Q


def test_finding_iris_are_stable(toy_store):
    first = {f.iri for f in analyse(toy_store).findings}
    second = {f.iri for f in analyse(toy_store).findings}
    assert first == second
    f = analyse(toy_store).by_kind("only-addressed")[0]
    # the IRI depends only on the kind and the evidence, in any order
    assert f.iri == finding_iri("only-addressed", list(reversed(f.evidence)))
    assert f.iri.startswith("https://w3id.org/igel/id/finding/only-addressed/")
