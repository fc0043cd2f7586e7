"""What-if scenarios: applied in memory, never written; on the toy plan (worked by hand)
and on the real data ("the insurers join 1.1.4 as partner")."""

from __future__ import annotations

import pytest

from igel_graph.analysis import analyse, load_facts
from igel_graph.analysis.whatif import Scenario, ScenarioError, apply, parse_option, parse_scenario, resolve, what_if
from igel_graph.namespaces import graph_for_source, resource

TOY = "https://w3id.org/igel/id/toy/"
A, C, D = TOY + "A", TOY + "C", TOY + "D"
m1, m2, m3 = TOY + "m1", TOY + "m2", TOY + "m3"
INSURER = "https://w3id.org/igel/ontology#Insurer"


def _size(store):
    """Graph → number of triples: equal before and after means nothing was written."""
    return dict(store.graphs())


def test_toy_insurer_joins_the_study(toy_store):
    # D (an insurer) joins m1 as partner: the rule "studies on T expect an insurer" is met,
    # so that finding disappears; D now works with A, B and F (degree 0 -> 3).
    before = _size(toy_store)
    r = what_if(toy_store, parse_scenario({"add_role": [{"actor": "D", "measure": "1.1.1", "role": "partner"}]}))
    assert _size(toy_store) == before  # nothing written
    gone = {(f["kind"], f["subject"]) for f in r["findings"]["disappear"]}
    assert ("expected-actor-absent", INSURER) in gone
    deg = {(x["metric"], x["node"]): (x["before"], x["after"]) for x in r["metrics"]}
    assert deg["degree", D] == (0, 3)
    # what the scenario does not touch is not reported: m4 still has no actor
    changed = {(f["kind"], f["subject"]) for f in r["findings"]["change"]}
    assert ("actorless-measure", TOY + "m4") not in changed
    assert r["scenario"][0]["en"].startswith("D added to ") and r["scenario"][0]["en"].endswith(" as partner")


def test_toy_move_start_removes_the_conflict(toy_store):
    # m2 (2025-Q4) depends on m3 (2026-Q2); m3 moved to 2025-Q3 starts first.
    r = what_if(toy_store, Scenario(move_start=[("2.1.1", "https://w3id.org/igel/id/q/2025-3")]))
    gone = {(f["kind"], f["subject"]) for f in r["findings"]["disappear"]}
    assert ("scheduling-conflict", m2) in gone


def test_toy_add_dependency_and_remove_actor(toy_store):
    # m3 depending on m2 closes a cycle with m2 -> m3
    r = what_if(toy_store, Scenario(add_dependency=[("2.1.1", "1.1.2")]))
    appear = {(f["kind"], f["subject"]) for f in r["findings"]["appear"]}
    assert ("dependency-cycle", m2) in appear
    # without A, m2's partner E is alone: a single-actor measure appears for m2
    r = what_if(toy_store, Scenario(remove_actor=["A"]))
    appear = {(f["kind"], f["subject"]) for f in r["findings"]["appear"]}
    assert ("single-actor-measure", m2) in appear
    assert ("hub-and-spoke", A) in {(f["kind"], f["subject"]) for f in r["findings"]["disappear"]}


def test_apply_leaves_the_facts_alone(toy_store):
    facts = load_facts(toy_store)
    changed = apply(facts, resolve(facts, Scenario(add_role=[("D", "1.1.1", "partner")])))
    assert D not in facts.collaborators(m1) and D in changed.collaborators(m1)
    assert [f.key for f in analyse(facts).findings] == [f.key for f in analyse(toy_store).findings]


@pytest.mark.parametrize(
    "scenario, message",
    [
        (Scenario(add_role=[("nobody", "1.1.1", "partner")]), "Unknown actor 'nobody'"),
        (Scenario(add_role=[("D", "9.9.9", "partner")]), "Unknown measure '9.9.9'"),
        (Scenario(add_role=[("D", "1.1.1", "boss")]), "Unknown role 'boss'"),
        (Scenario(move_start=[("1.1.1", "2099-Q9")]), "Unknown quarter '2099-Q9'"),
        (Scenario(add_dependency=[("1.1.1", "1.1.1")]), "cannot depend on itself"),
        (Scenario(), "changes nothing"),
    ],
)
def test_bad_scenarios_are_one_message(toy_store, scenario, message):
    with pytest.raises(ScenarioError) as err:
        what_if(toy_store, scenario)
    assert message in str(err.value) and err.value.exit_code == 2 and err.value.http_status == 400


def test_parse_scenario_and_options():
    with pytest.raises(ScenarioError, match="Unknown scenario key"):
        parse_scenario({"add_roles": []})
    with pytest.raises(ScenarioError, match="Malformed"):
        parse_scenario({"add_role": [{"actor": "x"}]})
    assert parse_option("add_role", "https://w3id.org/igel/id/actor/x:1.1.4:partner") == (
        "https://w3id.org/igel/id/actor/x",
        "1.1.4",
        "partner",
    )
    assert parse_option("add_role", "id:actor/x:1.1.4:lead") == ("id:actor/x", "1.1.4", "lead")
    assert parse_option("move_start", "2.2.1:2028-Q1") == ("2.2.1", "2028-Q1")
    with pytest.raises(ScenarioError):
        parse_option("add_dependency", "2.2.1")


def test_empty_store_is_nothing_to_analyse(memory_store):
    from igel_graph.analysis import NothingToAnalyse

    with pytest.raises(NothingToAnalyse) as err:
        what_if(memory_store, Scenario(remove_actor=["x"]))
    assert err.value.exit_code == 4


# The measure kinds come from the data helper's curated file (not on this branch when
# written); until then the test adds the three this scenario depends on, read from the
# text: 1.1.4 "Das GSD prüft ..." is a study; 2.1.2 "unterstützt ... finanziell" is
# funding; 3.1.1 "engagiert sich auf nationaler Ebene" is advocacy.
KINDS = """@prefix igel: <https://w3id.org/igel/ontology#> .
@base <https://w3id.org/igel/id/> .
<plan/igel-2026-2030/measure/1.1.4> igel:measureKind <measure-kind/study> .
<plan/igel-2026-2030/measure/2.1.2> igel:measureKind <measure-kind/funding> .
<plan/igel-2026-2030/measure/3.1.1> igel:measureKind <measure-kind/advocacy> .
"""


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    """The real data (not validated, not reasoned) with the measure kinds above, in an
    embedded Oxigraph store on disk (the store ``igel whatif`` reads; on the rdflib
    memory store the three analyses of the test took minutes). No analysis at build: the
    kinds loaded afterwards would make it stale anyway."""
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("whatif-real") / "store")
    build_graph(store, reason=False, validate=False, analyse=False)
    store.load(KINDS, graph_for_source("test-measure-kinds"), format="turtle")
    yield store
    store.close()


def test_real_insurers_join_1_1_4(real_store):
    insurers = str(resource("actor", "krankenversicherer"))
    m114 = str(resource("plan", "igel-2026-2030", "measure", "1.1.4"))
    base = analyse(real_store)
    (absent,) = [f for f in base.by_kind("expected-actor-absent") if f.subject == INSURER]
    # financing (theme of 1.1.4: "Vergütungsmechanismen", "die Finanzierung") in a study:
    # insurers expected
    assert m114 in absent.evidence
    size = _size(real_store)
    r = what_if(real_store, Scenario(add_role=[("insurers", "1.1.4", "partner")]))
    assert _size(real_store) == size
    assert r["scenario"][0]["actor"] == insurers and r["scenario"][0]["measure"] == m114
    gone = {(f["kind"], f["subject"]) for f in r["findings"]["disappear"]}
    changed = {f["subject"]: f for f in r["findings"]["change"] if f["kind"] == "expected-actor-absent"}
    measures = [e for e in absent.evidence if "/measure/" in e and e.startswith(str(resource("plan")))]
    if measures == [m114]:
        assert ("expected-actor-absent", INSURER) in gone
    else:  # other financing studies keep it, without 1.1.4
        assert m114 not in changed[INSURER]["evidence"]
    # insurers meet the forum bodies in 1.1.4: one more edge, degree of the insurers + 1
    metrics = {(x["projection"], x["metric"], x["node"]): (x["before"], x["after"]) for x in r["metrics"]}
    before, after = metrics["collaboration", "degree", insurers]
    assert after == before + 1
    net = {(x["projection"], x["figure"]): (x["before"], x["after"]) for x in r["networks"]}
    assert net["collaboration", "edges"][1] == net["collaboration", "edges"][0] + 1
