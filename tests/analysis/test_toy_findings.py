"""Projections and findings on the toy plan of conftest.py; every expected value is
worked out by hand from the toy's statements (written next to each assertion)."""

from __future__ import annotations

import pytest

from igel_graph.analysis import analyse, finding_iri, load_facts
from igel_graph.analysis.projections import (
    actor_measure_graph,
    collaboration_graph,
    field_graph,
    measure_graph,
    theme_measure_graph,
)
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
    assert Bg.nodes[A] == {"label_de": "Amt A", "label_en": "Authority A", "type": "PublicAuthority", "bipartite": 1}
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
    # m1 and m3 share T; they cite different measures of plan Q (Qx, Qy): no reference link
    assert M.edges[m1, m3]["kinds"] == ["theme"]
    assert "references" not in M.edges[m1, m3]
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
    # one finding per (kind, subject)
    assert len({f.key for f in r.findings}) == len(r.findings)
    # G: the purpose of field 2 and acting nowhere: high. C: named by T as beneficiaries
    # (medium) and by g2 in an adjective (low): one finding, medium; m2 addresses C, so
    # m2's own mention is no gap.
    absent = {f.subject: f for f in k["absent-stakeholder"]}
    assert set(absent) == {C, TOY + "G"}
    assert absent[TOY + "G"].severity == "high" and absent[TOY + "G"].evidence[:2] == [TOY + "G", f2]
    assert absent[C].severity == "medium"
    assert absent[C].evidence[:3] == [C, TOY + "T", g2]  # strongest mention first
    assert m2 not in absent[C].evidence[:3]
    assert any(
        s.predicate.endswith("#concerns") and s.graph == str(Graphs.IGEL_PLAN) and s.passage == TOY + "passage-g2"
        for s in absent[C].statements
    )
    # C is a group of people only addressed: info (a target group is no gap)
    assert [(f.subject, f.severity) for f in k["only-addressed"]] == [(C, "info")]
    assert [f.evidence for f in k["actorless-measure"]] == [[m4]]
    assert [f.evidence[:2] for f in k["single-actor-measure"]] == [[m3, D]]
    # A is the only link of E (removing A leaves {B, F} and {E}).
    (broker,) = k["sole-broker"]
    assert broker.evidence == [A, E] and broker.subject == A
    # m2 starts 2025-Q4 but depends on m3 starting 2026-Q2.
    (conflict,) = k["scheduling-conflict"]
    assert conflict.evidence == [m2, m3] and conflict.subject == m2
    dep = [s for s in conflict.statements if s.predicate.endswith("#dependsOn")][0]
    assert dep.graph == str(Graphs.CURATED) and dep.justification == "m2 needs the result of m3"
    assert "dependency-cycle" not in k
    # no budget "gap" from a partial set of allocations
    assert not {"budget-gap", "unused-budget-line"} & set(k)
    # Fields 1 and 2: m2 depends on m3 (medium). m1 and m3 cite different measures of Q:
    # neither Q nor its measures are evidence of the link.
    (link,) = k["cross-field-link"]
    assert link.subject == f1 and link.evidence[:2] == [f1, f2] and link.severity == "medium"
    assert not {Q, TOY + "Qx", TOY + "Qy"} & set(link.evidence)
    # Uncoordinated: one finding per actor. A (2 measures) with D (dependency m2 -> m3):
    # medium; B, F (1 measure each, goal g1) with E: B's and E's pair goes to B (first IRI
    # among equals), E–F to E.
    pairs = {f.subject: (f.severity, f.evidence[1:]) for f in k["uncoordinated-pair"]}
    assert pairs[A][0] == "medium" and pairs[A][1][0] == D
    assert r.waves["waves"] == [sorted([m1, m3, m4]), [m2]]


def test_toy_expected_actor_type_absent(toy_store):
    # The rule expects an insurer in studies on theme T: m1 (study, T) has A, B, F; m3
    # (T, but funding) is not concerned. D, an insurer, acts in m3: medium, not high.
    r = analyse(toy_store)
    (f,) = r.by_kind("expected-actor-absent")
    assert f.subject == "https://w3id.org/igel/ontology#Insurer"
    assert f.severity == "medium"
    assert f.evidence[1] == m1 and m3 not in f.evidence[:2]
    assert TOY + "rule" in f.evidence
    assert "Insurers pay for what T studies." in f.explanation["en"]
    assert "Versicherer zahlen, was T prüft." in f.explanation["de"]


def test_toy_hub_share_counts_collaborators_only(toy_store):
    # Collaborators (lead or partner): A, B, D, E, F. A works with B, E, F: 3 of 4 = 75 %
    # (with the addressee C in the denominator it would be 3 of 5 = 60 %). Centralisation
    # among them: degrees 3, 2, 2, 1, 0 -> (0 + 1 + 1 + 2 + 3) / (4 * 3) = 0.58.
    r = analyse(toy_store)
    (hub,) = r.by_kind("hub-and-spoke")
    assert hub.subject == A
    assert "works with 75% of the 4 collaborating actors" in hub.explanation["en"]
    assert "centralisation among them is 0.58" in hub.explanation["en"]


def test_toy_suggestions_score_by_hand(toy_store):
    # A and D: m2 (A) depends on m3 (D): 3; D is an insurer, expected in m1 (A): 3; both
    # have theme T: 1; no shared goal, field or partner: 7 points from 3 pieces.
    r = analyse(toy_store)
    top = {(s["u"], s["v"]): s for s in r.suggestions}
    s = top[A, D]
    assert s["score"] == 7.0 and s["strength"] == 3
    assert r.suggestions[0] is s  # nothing else has as much in common
    assert s["sentence"]["en"].startswith("Authority A and ")
    assert "depends on" in s["sentence"]["en"] and "expected" in s["sentence"]["en"]
    assert "hängt ab von" in s["sentence"]["de"]
    (f,) = [f for f in r.by_kind("suggested-collaboration") if f.subject == A]
    assert f.evidence[1] == D and f.score == 7.0


def test_toy_findings_source_statements(toy_store):
    r = analyse(toy_store, statements="source")
    k = _kinds(r)
    # No dependsOn in the sources: no conflict, and no link across fields is left (the
    # only shared citation is of two different measures of Q).
    assert "scheduling-conflict" not in k and "cross-field-link" not in k


def test_empty_store_gives_an_empty_analysis(memory_store):
    from igel_graph.analysis import is_empty

    r = analyse(memory_store)
    assert r.findings == [] and r.metrics == {} and r.suggestions == []
    assert is_empty(load_facts(memory_store))


def test_collaboration_without_actors_copes():
    # measures but no actor: empty collaboration graph, one finding per actorless measure
    from igel_graph.store.memory import MemoryStore

    store = MemoryStore()
    store.load(
        """@prefix igel: <https://w3id.org/igel/ontology#> .
        <https://w3id.org/igel/id/toy/x> a igel:Measure .""",
        Graphs.IGEL_PLAN,
        format="turtle",
    )
    r = analyse(store)
    assert [f.kind for f in r.findings] == ["actorless-measure"]
    assert r.metrics["collaboration"]["constraint"] == {}


def test_finding_iris_are_stable(toy_store):
    first = {f.iri for f in analyse(toy_store).findings}
    second = {f.iri for f in analyse(toy_store).findings}
    assert first == second
    f = analyse(toy_store).by_kind("only-addressed")[0]
    # the IRI depends only on the kind and the subject
    assert f.iri == finding_iri("only-addressed", f.subject) == finding_iri("only-addressed", [f.subject])
    assert f.iri.startswith("https://w3id.org/igel/id/finding/only-addressed/")


def test_parts_of_a_measure_count_as_its_team():
    # m has no role of its own; its part p has lead X and partner Y: m is neither actorless
    # nor single-actor, and X, Y are collaborators (a group named by m is absent only if
    # it is in no part either).
    from igel_graph.store.memory import MemoryStore

    store = MemoryStore()
    store.load(
        """@prefix igel: <https://w3id.org/igel/ontology#> .
        @prefix t: <https://w3id.org/igel/id/toy/> .
        t:m a igel:Measure ; igel:concerns t:Y .
        t:p a igel:MeasurePart ; igel:partOfMeasure t:m ; igel:lead t:X ; igel:partner t:Y .
        t:n a igel:Measure ; igel:lead t:X ; igel:addressee t:Y .""",
        Graphs.IGEL_PLAN,
        format="turtle",
    )
    r = analyse(store)
    kinds = {f.kind for f in r.findings}
    assert "actorless-measure" not in kinds and "absent-stakeholder" not in kinds
    assert [f.subject for f in r.by_kind("single-actor-measure")] == [TOY + "n"]
    assert "only-addressed" not in kinds  # Y partners in the part
