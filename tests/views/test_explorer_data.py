"""The explorer's data on the real IGeL and BW data: the detail panel's content, the search
terms, the shared palette, the label layout and the saved views and tour.

Expected values come from the source data (``ontology/data/igel-aktionsplan-2026-2030.ttl``:
"igel:partner <actor/bkd>" on 3.1.2 and 3.1.3), from independent queries (the named queries
``financing-table`` and ``analysis-metrics``) and from the analysis's own findings.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from starlette.testclient import TestClient

from igel_graph.queries import get_query
from igel_graph.readmodel import analysis_of, stored_metrics
from igel_graph.settings import Settings
from visualizations.details import edge_measures, node_detail
from visualizations.layout import declutter, label_box
from visualizations.palette import (
    COVERAGE_COLOURS,
    EDGE_COLOURS,
    FIELD_COLOURS,
    MONEY_COLOURS,
    NO_FIELD,
    NODE_COLOURS,
    STATUS_COLOURS,
    SUGGESTION_COLOURS,
    TYPE_ORDER,
    contrast,
    type_style,
)
from visualizations.registry import VIEWS, build_view
from visualizations.saved import saved_views, tours, tours_data

ID = "https://w3id.org/igel/id/"
P = ID + "plan/igel-2026-2030/"
BKD, GSD = ID + "actor/bkd", ID + "actor/gsd"


@pytest.fixture(scope="module")
def client(oxi_built, tmp_path_factory):
    from api.app import create_app

    app = create_app(Settings(store=str(tmp_path_factory.mktemp("unused"))), store=oxi_built)
    with TestClient(app) as c:
        yield c


def section(detail, key):
    return next((s for s in detail["sections"] if s["key"] == key), None)


# --- the detail panel -------------------------------------------------------------------


def test_actor_detail_lists_its_measures_by_role_with_titles_and_starts(oxi_built):
    d = node_detail(oxi_built, BKD)
    assert d["title"]["de"] == "Bildungs- und Kulturdepartement (BKD)"
    assert d["type"]["en"] == "Public authority"
    partner = section(d, "partner")
    # the source: 3.1.2 and 3.1.3 name the BKD as partner ("in Rücksprache mit dem BKD"), start Q2 2026
    assert [i["label"]["de"] for i in partner["items"]] == [
        "3.1.2 Neue interprofessionelle Bildungsangebote",
        "3.1.3 Interprofessionelle Weiterbildungen zur Patientenzentrierung",
    ]
    assert {i["note"]["de"] for i in partner["items"]} == {"Q2 2026"}
    assert section(d, "lead") is None
    assert [i["iri"] for i in section(d, "fields")["items"]] == [P + "field/3"]
    assert GSD in {i["iri"] for i in section(d, "partners")["items"]}
    # the BKD is named in the source sentence of 3.1.2 ("Bildungs- und Kulturdepartement (BKD)")
    quotes = section(d, "quotes")["quotes"]
    assert any("(BKD)" in q["text"] for q in quotes)


def test_actor_metrics_are_the_stored_ones_and_findings_come_from_the_analysis_graph(oxi_built):
    d = node_detail(oxi_built, GSD)
    stored = stored_metrics(oxi_built)
    shown = {i["label"]["en"]: i["value"] for i in section(d, "metrics")["items"]}
    assert shown["Degree (number of partners)"] == f"{stored['collaboration/degree'][GSD]:g}"
    assert shown["Betweenness centrality"] == f"{stored['collaboration/betweenness'][GSD]:.3f}"
    findings = [i["label"]["en"] for i in section(d, "findings")["items"]]
    expected = {f.title["en"] for f in analysis_of(oxi_built).findings if f.subject == GSD}
    assert set(findings) == expected and any(t.startswith("Everything runs through") for t in findings)
    # most severe first
    assert section(d, "findings")["items"][0]["note"]["en"] == "high"


def test_measure_detail_has_text_goal_field_start_actors_budget_criteria_dependencies(oxi_built):
    d = node_detail(oxi_built, P + "measure/2.1.2")
    assert section(d, "text")["text"]["de"].startswith("Das GSD unterstützt")
    assert section(d, "goal")["items"][0]["iri"] == P + "goal/2.1"
    assert section(d, "field")["items"][0]["iri"] == P + "field/2"
    assert section(d, "start")["text"]["de"] == "Q1 2026"
    assert [i["iri"] for i in section(d, "actors-lead")["items"]] == [GSD]
    assert len(section(d, "criteria")["items"]) == 3  # goal 2.1 has three criteria
    # the budget lines that fund 2.1.2, each with the total the financing-table query computes
    rows = get_query("financing-table").run(oxi_built, {"plan": "id:plan/igel-2026-2030"}).dicts()
    totals = {str(r["line"]): float(r["amount"].toPython()) for r in rows if str(r["kind"]) == "line"}
    assert section(d, "budget")["items"]
    for item in section(d, "budget")["items"]:
        assert item["note"]["de"] == f"CHF {totals[item['iri']]:,.0f}".replace(",", "'")
    dep = node_detail(oxi_built, P + "measure/1.1.3")
    # curated: 1.1.4 depends on 1.1.3, 1.1.3 on 1.1.1
    assert [i["iri"] for i in section(dep, "dependsOn")["items"]] == [P + "measure/1.1.1"]
    assert [i["iri"] for i in section(dep, "dependents")["items"]] == [P + "measure/1.1.4"]


def test_collaboration_edge_names_the_measures_that_make_it(oxi_built):
    assert edge_measures(oxi_built, BKD, GSD) == [P + "measure/3.1.2", P + "measure/3.1.3"]
    view = build_view(oxi_built, "collaboration")
    edge = next(e for e in view.edges if {e.source, e.target} == {BKD, GSD})
    assert edge.measures == [P + "measure/3.1.2", P + "measure/3.1.3"]


def test_view_json_carries_details_names_and_search_terms(client):
    data = client.get("/views/collaboration", params={"format": "json", "lang": "en"}).json()
    bkd = data["details"][BKD]
    assert bkd["title"] == "Department of Education and Culture (BKD)"
    assert section(bkd, "partner")["items"][0]["url"] == "/id/plan/igel-2026-2030/measure/3.1.2?lang=en"
    assert data["names"][P + "measure/3.1.2"]["label"] == "3.1.2 New interprofessional education offers"
    # search terms: German names on the English page, alternative labels
    terms = {n["id"]: n["q"] for n in data["nodes"]}
    assert "Krankenversicherer" in terms[ID + "actor/krankenversicherer"]
    assert "Luzerner Gemeinden" in terms[ID + "actor/gemeinden"]
    assert "GSD" in terms[GSD]
    plan = client.get("/views/plan", params={"format": "json", "lang": "en"}).json()
    measure = next(n for n in plan["nodes"] if n["id"] == P + "measure/3.1.2")
    assert "3.1.2" in measure["q"] and any("mandatiert" in t for t in measure["q"])  # number and text
    assert plan["tours"]["igel-six-steps"]["title"] == "IGeL in six steps"


# --- the palette ------------------------------------------------------------------------


def test_every_palette_colour_has_3_to_1_contrast_on_white():
    colours = set(NODE_COLOURS) | set(FIELD_COLOURS) | set(EDGE_COLOURS.values()) | {NO_FIELD}
    colours |= set(COVERAGE_COLOURS.values()) | set(STATUS_COLOURS.values()) | set(MONEY_COLOURS.values())
    low = {c: round(contrast(c), 2) for c in colours if contrast(c) < 3.0}
    assert low == {}


def test_status_colours_are_their_own():
    """A status colour is no type, field, coverage or suggestion colour, and each status
    has its own (issue 14: the collaboration view colours by status)."""
    others = set(NODE_COLOURS) | set(FIELD_COLOURS) | set(SUGGESTION_COLOURS.values()) | {NO_FIELD}
    assert set(STATUS_COLOURS.values()) & others == set()
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_money_colours_are_their_own():
    """Planned, committed and paid (the dashboard's money chart) have three colours of their
    own: no status, type, field, coverage or suggestion colour, so a bar never reads as a
    status."""
    others = set(NODE_COLOURS) | set(FIELD_COLOURS) | set(SUGGESTION_COLOURS.values()) | {NO_FIELD}
    others |= set(STATUS_COLOURS.values()) | set(COVERAGE_COLOURS.values())
    assert set(MONEY_COLOURS) == {"planned", "committed", "paid"}
    assert set(MONEY_COLOURS.values()) & others == set()
    assert len(set(MONEY_COLOURS.values())) == 3


def test_the_money_chart_and_its_legend_use_the_money_colours(oxi_built):
    from visualizations.pages.monitoring import dashboard

    data = dashboard(oxi_built, "en", dt.date(2026, 10, 31))
    assert [c for _name, c in data["money_legend"]] == [
        MONEY_COLOURS["planned"],
        MONEY_COLOURS["committed"],
        MONEY_COLOURS["paid"],
    ]
    svg = data["money_svg"]
    # spending.csv reports committed and paid amounts for 2026: all three series are drawn
    for colour in MONEY_COLOURS.values():
        assert f'fill="{colour}"' in svg
    assert "#999999" not in svg and "#E69F00" not in svg
    # each bar is its own line's (spending.csv): two lines share "design and planning", and
    # the funding programme paid 100'000 in 2025 where the Forum paid 95'000
    assert "IGeL funding programme: design and planning 2025, paid: 100'000 CHF" in svg
    assert "IGeL Forum: design and planning 2025, paid: 95'000 CHF" in svg
    assert "co-financing of projects 2026, paid: 800'000 CHF" in svg


def test_types_get_distinct_colour_and_shape_pairs():
    pairs = [type_style(t) for t in TYPE_ORDER]
    assert len(set(pairs)) == len(pairs)
    assert len({c for c, _s in pairs[: len(NODE_COLOURS)]}) == len(NODE_COLOURS)


@pytest.mark.parametrize("name", list(VIEWS))
def test_views_legends_and_suggestion_edges_follow_the_palette(oxi_built, name):
    params = {"center": "id:actor/gsd"} if name == "ego" else {}
    view = build_view(oxi_built, name, params)
    node_colours = {c for n in view.nodes for c in n.colours.values()}
    for relation in SUGGESTION_COLOURS:
        if relation in view.edge_styles:
            assert view.edge_styles[relation][1]["color"] not in node_colours
    legend = {c for entries in view.legends.values() for c, _l in entries}
    legend |= {style["color"] for _l, style in view.edge_styles.values()}
    assert {c for c in legend if contrast(c) < 3.0} == set()


def test_an_action_field_has_one_colour_in_every_view(oxi_built):
    seen: dict[str, set[str]] = {}
    for name in ("plan", "themes", "dependencies", "collaboration"):
        for n in build_view(oxi_built, name).nodes:
            if n.facets.get("field"):
                seen.setdefault(n.facets["field"][0], set()).add(n.colours["field"])
    assert seen and all(len(c) == 1 for c in seen.values())
    assert len({next(iter(c)) for c in seen.values()}) == len(seen)


# --- layout -----------------------------------------------------------------------------


def boxes_overlap(view):
    out = []
    for a, b in itertools.combinations(view.nodes, 2):
        (wa, ha), (wb, hb) = (max(label_box(t) for t in n.label.values()) for n in (a, b))
        if abs(a.x - b.x) < (wa + wb) / 2 and abs(a.y - b.y) < (ha + hb) / 2:
            out.append((a.id, b.id))
    return out


@pytest.mark.parametrize("name", ["collaboration", "dependencies", "themes", "plan"])
def test_label_boxes_do_not_overlap_in_views_up_to_200_nodes(oxi_built, name):
    view = build_view(oxi_built, name)
    assert len(view.nodes) <= 200
    assert boxes_overlap(view) == []


def test_declutter_separates_a_crowd():
    pos = {i: (float(i % 3), float(i // 3)) for i in range(30)}  # 30 nodes in a 3x10 px patch
    out = declutter(pos, {i: (120.0, 20.0) for i in pos}, {i: 10.0 for i in pos})
    for a, b in itertools.combinations(out, 2):
        (xa, ya), (xb, yb) = out[a], out[b]
        assert abs(xa - xb) >= 128 or abs(ya - yb) >= 20 + 10 + 4  # apart in x, or label below dot


def test_whole_plan_is_read_left_to_right(oxi_built):
    view = build_view(oxi_built, "plan")
    x = {n.type: n.x for n in view.nodes}
    assert x["ActionPlan"] < x["ActionField"] < x["Goal"] < x["Measure"] < x["PublicAuthority"]


# --- saved views and the tour -----------------------------------------------------------


def test_saved_views_show_findings_the_analysis_still_makes(oxi_built):
    findings = {(f.kind, f.subject) for f in analysis_of(oxi_built).findings}
    for vid, v in saved_views().items():
        assert v["view"] in VIEWS, vid
        if "finding" in v:
            assert (v["finding"]["kind"], v["finding"]["subject"]) in findings, vid
        ids = build_view(oxi_built, v["view"]).node_ids()
        for node in [v.get("focus"), v.get("select"), *v.get("highlight", [])]:
            assert node is None or node in ids, (vid, node)


def test_the_tour_has_six_steps_in_both_languages():
    tour = tours()["igel-six-steps"]
    assert len(tour["steps"]) == 6
    de, en = tours_data("de")["igel-six-steps"], tours_data("en")["igel-six-steps"]
    assert de["title"] == "IGeL in sechs Schritten" and en["title"] == "IGeL in six steps"
    assert all(a["caption"] != b["caption"] for a, b in zip(de["steps"], en["steps"]))


def test_views_index_links_the_tour(client):
    html = client.get("/views", params={"lang": "en"}).text
    assert "IGeL in six steps" in html and "tour=igel-six-steps&amp;step=1" in html


def test_filters_by_goal_measure_kind_and_start_year(oxi_built):
    view = build_view(oxi_built, "collaboration")
    assert {"type", "field", "goal", "theme", "role", "kind", "start"} <= {f.key for f in view.facets}
    bkd = next(n for n in view.nodes if n.id == BKD)
    # the BKD partners in 3.1.2 and 3.1.3: goal 3.1, both start in Q2 2026
    assert bkd.facets["goal"] == [P + "goal/3.1"] and bkd.facets["start"] == ["2026"]
    kinds = next(f for f in view.facets if f.key == "kind").values
    assert kinds[ID + "measure-kind/implementation"]["en"] == "implementation"
