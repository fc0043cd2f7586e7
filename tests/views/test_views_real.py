"""The six views built from the real IGeL and BW data.

Expected numbers come from the modelling contract (15 measures, 6 goals, 4 action
fields, the six cross-cutting themes of section 2, the eight care sectors of the BW
text) or from an independent query (the named query ``measures-of-actor``).
"""

from collections import Counter

import pytest

from igel_graph.errors import IgelError
from igel_graph.namespaces import resource
from visualizations.registry import VIEWS, build_view

P = "https://w3id.org/igel/id/plan/igel-2026-2030"


def types(view):
    return Counter(n.type for n in view.nodes)


def test_whole_plan_holds_every_part_of_the_plan(oxi_built):
    view = build_view(oxi_built, "plan")
    t = types(view)
    assert (t["Measure"], t["Goal"], t["ActionField"], t["Theme"], t["CareSector"]) == (15, 6, 4, 6, 8)
    ids = view.node_ids()
    assert str(resource("actor", "gsd")) in ids and str(resource("plan", "bw-modellprojekt")) in ids
    # roles are drawn with their own styles: lead, partner, addressee all occur
    assert {"lead", "partner", "addressee"} <= {e.relation for e in view.edges}
    assert {f.key for f in view.facets} >= {"type", "field", "theme", "role", "relation"}


def test_collaboration_marks_the_findings(oxi_built):
    from visualizations.pages.data import analysis

    view = build_view(oxi_built, "collaboration")
    result = analysis(oxi_built)
    brokers = {f.evidence[0] for f in result.findings if f.kind in ("sole-broker", "hub-and-spoke")}
    addressed = {f.evidence[0] for f in result.findings if f.kind == "only-addressed"}
    marked = {n.id: n.marker for n in view.nodes if n.marker}
    assert {n for n, m in marked.items() if m == "broker"} == brokers
    assert {n for n, m in marked.items() if m == "gap"} == addressed - brokers
    suggested = [f for f in result.findings if f.kind == "suggested-collaboration"]
    dashed = {frozenset((e.source, e.target)) for e in view.edges if e.relation == "suggested"}
    # a suggestion finding is about one actor (its subject) and names its candidates among
    # its evidence: one dashed edge to each candidate actor
    from igel_graph.readmodel import read_model

    model = read_model(oxi_built)
    expected = {
        frozenset((f.subject, x)) for f in suggested for x in f.evidence if x != f.subject and model.is_a(x, "Actor")
    }
    assert dashed == expected and dashed
    # patients are a target group only (contract): they collaborate with nobody
    patients = str(resource("actor", "patienten"))
    assert not [e for e in view.edges if e.relation == "collaboration" and patients in (e.source, e.target)]


def test_dependency_view_puts_each_measure_right_of_its_prerequisite(oxi_built):
    view = build_view(oxi_built, "dependencies")
    x = {n.id: n.x for n in view.nodes}
    deps = [e for e in view.edges if e.relation in ("dependsOn", "crossField")]
    assert deps, "the curated graph states dependencies"
    for e in deps:
        assert x[e.source] > x[e.target], (e.source, e.target)
    assert types(view)["Measure"] == 15
    assert all("knockon" in n.metrics for n in view.nodes if n.type == "Measure")


def test_theme_view_has_the_six_themes_and_their_fields(oxi_built):
    view = build_view(oxi_built, "themes")
    t = types(view)
    assert t["Theme"] == 6
    assert t["ActionField"] >= 1
    themed = {e.source for e in view.edges if e.relation == "theme"} | {
        e.target for e in view.edges if e.relation == "theme"
    }
    assert all(n.id in themed for n in view.nodes if n.type == "Measure")


def test_comparison_lines_up_two_plans_and_fourteen_concepts(oxi_built):
    view = build_view(oxi_built, "comparison")
    t = types(view)
    assert (t["CareSector"], t["Theme"]) == (8, 6)
    ids = view.node_ids()
    assert {P, str(resource("plan", "bw-modellprojekt"))} <= ids
    xs = {n.id: n.x for n in view.nodes}
    assert xs[P] < xs[str(resource("sector", "ambulant"))] < xs[str(resource("plan", "bw-modellprojekt"))]
    assert "coverage" in view.colour_modes


def test_ego_view_of_an_actor_one_step_out(oxi_built):
    from igel_graph.queries import get_query

    view = build_view(oxi_built, "ego", {"center": "id:actor/bkd", "n": "1"})
    rows = get_query("measures-of-actor").run(oxi_built, {"actor": "id:actor/bkd"}).dicts()
    expected = {str(r["measure"]) for r in rows}
    measures = {n.id for n in view.nodes if n.type == "Measure"}
    assert measures == expected
    centre = [n for n in view.nodes if n.marker == "center"]
    assert [n.id for n in centre] == [str(resource("actor", "bkd"))] and centre[0].hop == 0
    assert view.max_hop == 1


@pytest.mark.parametrize(
    "params, message",
    [
        ({"center": "id:actor/nobody"}, "No resource"),
        ({"center": "id:actor/gsd", "n": "9"}, "between 1 and 4"),
        ({"center": "id:actor/gsd", "n": "two"}, "whole number"),
        ({"center": "gsd"}, "Not a resource"),
    ],
)
def test_ego_view_rejects_bad_parameters_clearly(oxi_built, params, message):
    with pytest.raises(IgelError, match=message):
        build_view(oxi_built, "ego", params)


def test_aggregation_above_the_node_limit(oxi_built):
    # actors by type and measures by goal give 60 nodes on the real data: within a limit of 60
    view = build_view(oxi_built, "plan", node_limit=60)
    groups = [n for n in view.nodes if n.marker == "aggregate"]
    assert view.aggregated and groups
    # 15 measures of 6 goals collapse into one node per goal
    assert sum(1 for g in groups if g.expand.startswith("goal:")) == 6
    assert sum(g.members for g in groups if g.expand.startswith("goal:")) == 15
    # over a limit of 40 those 60 are still too many: every node is grouped by its type
    coarse = build_view(oxi_built, "plan", node_limit=40)
    assert len(coarse.nodes) <= 40
    assert all(n.marker == "aggregate" and n.expand.startswith("type:") for n in coarse.nodes)
    # the notice says how the nodes were grouped
    assert "actors are grouped by type, measures by goal." in view.notes[-1]["en"]
    assert "every node is grouped by its type." in coarse.notes[-1]["en"]
    assert "alle Knoten sind nach Typ zusammengefasst." in coarse.notes[-1]["de"]
    opened = build_view(oxi_built, "plan", {"expand": "type:StakeholderGroup"}, node_limit=40)
    assert str(resource("actor", "patienten")) in opened.node_ids()


def test_every_view_is_registered_with_both_languages():
    for spec in VIEWS.values():
        assert spec.title["de"] and spec.title["en"] and spec.caption["de"] and spec.caption["en"]
