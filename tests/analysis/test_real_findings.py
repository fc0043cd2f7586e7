"""What a careful reader of the IGeL action plan 2026–2030 expects the analysis to find.

These expectations were written down from the source text (Aktionsplan IGeL 2026–2030,
sections 2.1–2.4 and 3) before the assertions were checked against the analysis:

1. Section 2.4, Ziel 4.1: "Patientinnen und Patienten sowie ihre Angehörigen/
   Bezugspersonen sind als informierte Partnerinnen und Partner aktiv am
   Behandlungsprozess beteiligt." — yet neither measure 4.1.1 nor 4.1.2 makes relatives
   (Angehörige) or patients a lead or partner. Relatives appear in no measure at all:
   an absent stakeholder, high severity. Patients are named as concerned in field 4,
   goal 4.1 and elsewhere, and are at most addressed (1.2.1).
2. Every measure is led by the GSD ("Das GSD ..."): the collaboration network is a star
   around it. The VLG (only 2.1.1) and the forum bodies (only 1.1.4) work with the GSD
   alone, so the GSD is an articulation point (sole broker), has the lowest Burt
   constraint, and the network is hub-and-spoke.
3. 3.1.1 ("Das GSD engagiert sich auf nationaler Ebene ...") names no partner: a
   single-actor measure; so are 1.1.2, 1.1.3, 1.2.2, 2.1.2 and 4.1.2.
4. The population (1.2.2, 4.1.2), the municipalities (1.1.2) and the professionals
   (3.1.2 "um den Fachpersonen ... zu vermitteln") are only ever addressed.
5. The insurers ("Krankenversicherer") appear in one measure only (2.2.1), although the
   introduction names "Krankenversicherungen" among those who implement measures.
6. 1.2.3 cites "Massnahme 3 «Digitalisierung», Planungsbericht ... B 36" and 4.1.2
   cites "Massnahme 7 «Gesundheitskompetenz» ... B 36": two different measures of the
   B 36 report, so no link between action fields 1 and 4 runs through them (a link
   through a citation needs the same cited measure).
7. Section 3 (financing table) allocates money to lines, not to fields: with only a few
   curated allocations, no field or goal is a "budget gap" (what no text allocates is
   "not allocated", not a gap).
"""

from __future__ import annotations

from igel_graph.analysis.projections import actor_measure_graph
from igel_graph.namespaces import resource
from tests.analysis.real_plan import actor, field, goal, measure


def _about(result, kind, *iris):
    return [f for f in result.by_kind(kind) if all(i in f.evidence for i in iris)]


def test_relatives_are_concerned_in_goal_4_1_but_never_act(result):
    (f,) = _about(result, "absent-stakeholder", actor("angehoerige"), goal("4.1"))
    assert f.severity == "high"  # they take part in no measure at all
    assert f.evidence[:2] == [actor("angehoerige"), goal("4.1")]
    assert {measure("4.1.1"), measure("4.1.2")} <= set(f.evidence)
    concerns = [s for s in f.statements if s.predicate.endswith("#concerns")]
    assert concerns and concerns[0].passage  # traced to the passage of goal 4.1
    assert "Angehörige" in f.title["de"] or "Bezugspersonen" in f.title["de"]


def test_patients_concerned_by_field_4_without_a_role(result):
    assert _about(result, "absent-stakeholder", actor("patienten"), field("4"))
    assert _about(result, "absent-stakeholder", actor("patienten"), goal("4.1"))


def test_gsd_is_the_sole_broker_and_hub(result):
    brokers = {f.evidence[0]: f for f in result.by_kind("sole-broker")}
    assert list(brokers) == [actor("gsd")]
    cut_off = set(brokers[actor("gsd")].evidence[1:])
    assert {actor("vlg"), actor("forum-igel-gremien")} <= cut_off
    (hub,) = result.by_kind("hub-and-spoke")
    assert hub.evidence[0] == actor("gsd")
    con = result.metrics["collaboration"]["constraint"]
    finite = {a: c for a, c in con.items() if c == c}
    assert min(finite, key=finite.get) == actor("gsd")
    assert result.networks["collaboration"]["articulation_points"] == [actor("gsd")]
    bet = result.metrics["collaboration"]["betweenness"]
    assert max(bet, key=bet.get) == actor("gsd")


def test_single_actor_measures(result):
    lone = {f.evidence[0] for f in result.by_kind("single-actor-measure")}
    assert measure("3.1.1") in lone
    assert {measure(n) for n in ("1.1.2", "1.1.3", "1.2.2", "2.1.2", "4.1.2")} <= lone
    # measures with partners are not in the list
    assert not lone & {measure(n) for n in ("1.2.1", "1.2.3", "2.1.1", "2.2.1", "3.1.2", "4.1.1")}
    for f in result.by_kind("single-actor-measure"):
        # 1.1.1 "Die Strategie ... wurde verabschiedet": adopted by the cantonal government
        # (curated lead); every other lone measure is the GSD's
        lone_actor = actor("regierungsrat") if f.evidence[0] == measure("1.1.1") else actor("gsd")
        assert f.evidence[1] == lone_actor


def test_population_municipalities_professionals_only_addressed(result):
    only = {f.evidence[0] for f in result.by_kind("only-addressed")}
    assert {actor("bevoelkerung"), actor("gemeinden"), actor("fachpersonen")} <= only
    # those who lead or partner somewhere are not "only addressed"
    assert not only & {actor("lerb"), actor("gsd"), actor("akteure")}


def test_insurers_in_one_measure_only(built_store):
    # 2.2.1: "Das GSD prüft gemeinsam mit den Krankenversicherern und den LERB, ob und welche
    # neuen Versicherungs- und Versorgungsmodelle ..." - the insurers work on that part of
    # 2.2.1 only (not on the Chronic Care Center with the neighbouring cantons)
    B = actor_measure_graph(built_store)
    assert sorted(B[actor("krankenversicherer")]) == [
        str(resource("plan", "igel-2026-2030", "measure", "2.2.1", "part", "versicherungsmodelle"))
    ]


def test_b36_measures_3_and_7_do_not_link_fields_1_and_4(result, built_store):
    from igel_graph.analysis.projections import measure_graph

    assert not _about(result, "cross-field-link", field("1"), field("4"))
    M = measure_graph(built_store, kinds=("reference",))
    assert not M.has_edge(measure("1.2.3"), measure("4.1.2"))
    # each still cites its own B 36 measure
    refs = {(s, o) for s, o in result_refs(built_store)}
    assert (measure("1.2.3"), str(resource("plan", "b36", "measure", "3"))) in refs
    assert (measure("4.1.2"), str(resource("plan", "b36", "measure", "7"))) in refs


def result_refs(store):
    from igel_graph.analysis import load_facts

    return load_facts(store).pairs("refersTo")


def test_no_budget_gap_findings(result):
    assert not {"budget-gap", "unused-budget-line"} & {f.kind for f in result.findings}


def test_source_statements_alone_give_the_same_core_findings(source_result):
    assert _about(source_result, "absent-stakeholder", actor("angehoerige"), goal("4.1"))
    assert [f.evidence[0] for f in source_result.by_kind("sole-broker")] == [actor("gsd")]


def test_findings_are_explained_in_both_languages(result):
    for f in result.findings:
        assert f.title["de"] and f.title["en"] and f.explanation["de"] and f.explanation["en"]
        assert f.iri.startswith("https://w3id.org/igel/id/finding/" + f.kind + "/")
