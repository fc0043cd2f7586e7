"""The comparison view for any two plans (``/views/comparison?a=&b=``), built from the
named query plan-comparison: two generated plans are lined up as their workbooks say, and
without parameters it is today's IGeL ↔ BW view."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from igel_graph.namespaces import ID_BASE, resource
from tests.store.test_plan_comparison import _generated


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The sources (no reasoning) and two generated plans in an rdflib memory store."""
    from igel_graph.build import read_sources
    from igel_graph.store.memory import MemoryStore

    tmp = tmp_path_factory.mktemp("comparison-view")
    s = MemoryStore()
    for graph, (content, _) in read_sources().items():
        s.load(content, graph)
    s.tables = {}
    for plan_id, seed in (("gen-a", 1), ("gen-b", 2)):
        tables, graph = _generated(tmp, plan_id, seed)
        s.load(graph, URIRef(f"https://w3id.org/igel/graph/source/workbook/{plan_id}"))
        s.tables[plan_id] = tables
    return s


def test_two_generated_plans_side_by_side(store):
    from visualizations.palette import COVERAGE_COLOURS
    from visualizations.registry import build_view

    view = build_view(store, "comparison", {"a": "id:plan/gen-a", "b": "id:plan/gen-b"})
    a, b = str(resource("plan", "gen-a")), str(resource("plan", "gen-b"))
    ids = view.node_ids()
    assert {a, b} <= ids
    assert str(resource("plan", "igel-2026-2030")) not in ids
    # the themes each workbook's measures name (sheet themes), and which plan names them
    themes = {p: {ID_BASE + "theme/" + r["theme"] for r in store.tables[p]["themes"]} for p in ("gen-a", "gen-b")}
    # every measure naming a theme is drawn, beside its own plan
    named = {
        p: {f"{ID_BASE}plan/{p}/measure/" + r["item"].split(" ", 1)[1] for r in store.tables[p]["themes"]}
        for p in ("gen-a", "gen-b")
    }
    assert named["gen-a"] | named["gen-b"] <= ids
    xs = {n.id: n.x for n in view.nodes}
    for m in named["gen-a"]:
        assert xs[m] < xs[a]
    for m in named["gen-b"]:
        assert xs[m] > xs[b]
    colours = {n.id: n.colours["coverage"] for n in view.nodes}
    for theme in themes["gen-a"] | themes["gen-b"]:
        in_a, in_b = theme in themes["gen-a"], theme in themes["gen-b"]
        expected = "both" if in_a and in_b else "A" if in_a else "B"
        assert colours[theme] == COVERAGE_COLOURS[expected], theme
    # care sectors: the workbooks name none
    sectors = [n for n in view.nodes if n.type == "CareSector"]
    assert len(sectors) == 8 and {colours[n.id] for n in sectors} == {COVERAGE_COLOURS["neither"]}
    from visualizations.graphdata import view_facts

    # the plans' names as the view names their nodes
    label_a, label_b = (view_facts(store).label(p, "en") for p in (a, b))
    assert "Obwalden" in label_b  # the generated plan's own name, not "IGeL" or "BW"
    assert view.title["en"] == "Two plans compared"
    assert view.caption["en"].startswith(f"A: {label_a}. B: {label_b}. ")
    legend = {label["en"] for _, label in view.legends["coverage"]}
    assert {"A only", "B only"} <= legend


def test_without_parameters_it_is_igel_and_bw(store):
    from visualizations.registry import build_view

    default = build_view(store, "comparison")
    chosen = build_view(store, "comparison", {"a": "id:plan/igel-2026-2030", "b": "id:plan/bw-modellprojekt"})
    assert default.title == {"de": "IGeL und BW im Vergleich", "en": "IGeL and BW compared"}
    assert default.caption["en"].startswith("Left the Lucerne action plan and its parts")
    assert default.node_ids() == chosen.node_ids()
    assert {label["de"] for _, label in default.legends["coverage"]} >= {"nur IGeL", "nur BW"}


def test_an_unknown_plan_is_named(store):
    from visualizations.registry import build_view
    from visualizations.views.comparison import UnknownPlan

    with pytest.raises(UnknownPlan, match="plan/nope.*parameter b"):
        build_view(store, "comparison", {"b": "id:plan/nope"})
