"""Two versions of one plan compared like two plans (issue 15, point 3): the IGeL workbook
imported twice, the second time with the five edits of ``test_diff.edited_workbook``
(3.1.3 removed, 4.1.3 added, 2.1.1's start moved, VLG partner of 4.1.2, the 2027 line
forum-umsetzung 400000 -> 450000). The named queries ``plan-comparison`` and
``plan-money-shares`` answer unchanged, on the store copy of
``igel_graph.workbook.version_pair``; the /compare page, the comparison view and the
comparison report take ``id:plan/P@VERSION``."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from rdflib import URIRef
from test_diff import PLAN, two_versions  # noqa: F401  (the store with both versions)

from igel_graph.namespaces import IGEL

V1, V2 = URIRef(f"{PLAN}/version/1"), URIRef(f"{PLAN}/version/2")
#: the budget edit of test_diff.edited_workbook: forum-umsetzung 2027, 400000 -> 450000
#: (Abbildung 1 of the action plan: 400 thousand CHF); the line funds no measure, goal or
#: field, so only the plan's total and its "not allocated" rest grow
RAISE = 50_000


@pytest.fixture(scope="module")
def store(two_versions):  # noqa: F811
    from igel_graph.store.oxigraph import OxigraphStore

    opened = OxigraphStore(two_versions)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def removed_concepts(source_store):
    """The themes and the kind of measure 3.1.3 in the source data (version 1 has them
    from the export; version 2 lost them with the measure)."""
    measure = URIRef(f"{PLAN}/measure/3.1.3")
    found = source_store.query(
        "SELECT ?p ?c WHERE { ?m ?p ?c FILTER(?p IN (?theme, ?kind)) }",
        {"m": measure, "theme": IGEL.theme, "kind": IGEL.measureKind},
    )
    concepts = {str(c) for _, c in found}
    assert concepts, "3.1.3 names themes or a kind in the source"
    return concepts


def _compared(store, a: str, b: str):
    from igel_graph.queries import get_query
    from igel_graph.workbook.version_pair import comparison_store, side

    sa, sb = side(store, a), side(store, b)
    copy = comparison_store(store, sa, sb)
    coverage = get_query("plan-comparison").run(copy, {"a": sa.iri, "b": sb.iri, "lang": "en"}).dicts()
    money = get_query("plan-money-shares").run(copy, {"a": sa.iri, "b": sb.iri, "lang": "en"}).dicts()
    return sa, sb, copy, coverage, money


def test_sides_name_versions_by_label_number_or_iri(store):
    from igel_graph.workbook.version_pair import side

    assert side(store, "id:plan/igel-2026-2030@1").iri == V1
    assert side(store, "igel-2026-2030@Revision").iri == V2
    assert side(store, str(V1)).iri == V1 and side(store, str(V1)).version.label == "Druck"
    plain = side(store, "id:plan/igel-2026-2030")
    assert plain.iri == URIRef(str(PLAN)) and plain.version is None


def test_unknown_version_names_the_known_ones(store):
    from igel_graph.workbook.version_pair import side
    from igel_graph.workbook.versions import UnknownVersion

    with pytest.raises(UnknownVersion) as raised:
        side(store, "igel-2026-2030@v9")
    assert raised.value.http_status == 404
    assert "Druck" in str(raised.value) and "Revision" in str(raised.value)
    # a plan that was never imported has no versions: also 404, naming the imported plans
    with pytest.raises(UnknownVersion) as raised:
        side(store, "id:plan/bw-modellprojekt@1")
    assert "bw-modellprojekt" in str(raised.value) and "igel-2026-2030" in raised.value.hint


def test_money_change_shows_in_money_shares(store):
    sa, sb, _, _, money = _compared(store, "igel-2026-2030@1", "igel-2026-2030@2")
    by = {(str(r["side"]), str(r["level"]), str(r["item"])): r for r in money}
    plans = {str(r["plan"]) for r in money}
    assert plans == {str(V1), str(V2)}
    total_a = float(str(next(r for k, r in by.items() if k[0] == "A")["total"]))
    total_b = float(str(next(r for k, r in by.items() if k[0] == "B")["total"]))
    assert total_b - total_a == RAISE
    rest_a = float(str(by["A", "not allocated", "None"]["amount"]))
    rest_b = float(str(by["B", "not allocated", "None"]["amount"]))
    assert rest_b - rest_a == RAISE
    # the action fields keep their money (parts renamed under each version's IRI) ...
    fields_a = {k[2].replace(str(V1), ""): float(str(r["amount"])) for k, r in by.items() if k[:2] == ("A", "field")}
    fields_b = {k[2].replace(str(V2), ""): float(str(r["amount"])) for k, r in by.items() if k[:2] == ("B", "field")}
    assert fields_a == fields_b and fields_a
    # ... and so a smaller share of the larger budget: percent = amount / total, one decimal
    for item, amount in fields_b.items():
        row = by["B", "field", str(V2) + item]
        assert float(str(row["percent"])) == pytest.approx(round(100 * amount / total_b, 1), abs=0.05)


def test_removed_measure_shows_in_part_counts(store, removed_concepts):
    _, _, _, coverage, _ = _compared(store, "igel-2026-2030@1", "igel-2026-2030@2")
    by = {str(r["concept"]): r for r in coverage}
    for concept in removed_concepts:  # 3.1.3's themes and kind: one part fewer in version 2
        assert int(str(by[concept]["partsA"])) - int(str(by[concept]["partsB"])) == 1, concept
    # 4.1.3 (added) has no theme and no kind: no concept gains a part from it
    for concept, r in by.items():
        if str(r["dimension"]) in ("theme", "measure kind") and concept not in removed_concepts:
            assert int(str(r["partsA"])) == int(str(r["partsB"])), concept
    # the VLG (Verband Luzerner Gemeinden, a municipal body) becomes partner of 4.1.2
    municipal = by[str(IGEL.MunicipalBody)]
    assert int(str(municipal["partsB"])) - int(str(municipal["partsA"])) == 1
    labels = {str(coverage[0]["aLabel"]), str(coverage[0]["bLabel"])}
    assert all(label.endswith(("(version Druck)", "(version Revision)")) for label in labels) and len(labels) == 2


def test_copy_is_cached_and_the_plan_itself_compares_with_a_version(store):
    sa, sb, copy, coverage, _ = _compared(store, "igel-2026-2030", "igel-2026-2030@Druck")
    assert _compared(store, "igel-2026-2030", "igel-2026-2030@Druck")[2] is copy  # one copy per store state
    by = {str(r["concept"]): r for r in coverage}
    # the plan itself is the current version (Revision): the same counts as version 2
    _, _, _, versions_only, _ = _compared(store, "igel-2026-2030@2", "igel-2026-2030@1")
    for r in versions_only:
        assert str(by[str(r["concept"])]["partsA"]) == str(r["partsA"]), r["concept"]
    # the store itself is untouched: no version is a plan in it
    ask = "ASK { ?part ?partOf ?plan }"
    assert not store.query(ask, {"plan": V1, "partOf": IGEL.partOfPlan}).value
    assert copy.query(ask, {"plan": V1, "partOf": IGEL.partOfPlan}).value


# ---------------------------------------------------------------- over HTTP


@pytest.fixture(scope="module")
def http(two_versions, store):  # noqa: F811
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    with ServerThread(create_app(Settings(store=str(two_versions)), store=store)) as running:
        with httpx.Client(base_url=running.url, timeout=120) as client:
            yield client


def test_compare_page_with_two_versions(http):
    answer = http.get(
        "/compare", params={"a": "id:plan/igel-2026-2030@1", "b": "id:plan/igel-2026-2030@2", "lang": "en"}
    )
    assert answer.status_code == 200, answer.text
    page = answer.text
    # the pickers offer each version of the imported plan, the chosen ones selected
    assert '<option value="id:plan/igel-2026-2030@1" selected>' in page
    assert '<option value="id:plan/igel-2026-2030@2" selected>' in page
    assert "(version Druck)" in page and "(version Revision)" in page
    # the budgets: 11'100'000 CHF in version 1 (the exported plan), RAISE more in version 2
    assert "Budget: 11&#39;100&#39;000 CHF" in page or "Budget: 11'100'000 CHF" in page
    assert "Budget: 11&#39;150&#39;000 CHF" in page or "Budget: 11'150'000 CHF" in page
    assert (
        "/api/reports/comparison?a=id:plan/igel-2026-2030@1&amp;b=id:plan/igel-2026-2030@2&amp;lang=en&amp;format=csv"
        in page
    )
    assert "/api/queries/plan-comparison?a=id:plan/igel-2026-2030@1" not in page  # the query needs plans
    # the bars are labelled by the version (a plan's long name would be cut before it)
    assert ">A: version Druck<" in page and ">B: version Revision<" in page


def test_compare_page_unknown_version_is_404(http):
    answer = http.get("/compare", params={"a": "id:plan/igel-2026-2030@v9", "lang": "en"})
    assert answer.status_code == 404
    assert "Druck" in answer.text and "Revision" in answer.text and "Traceback" not in answer.text


def test_report_csv_with_two_versions(http):
    answer = http.get(
        "/api/reports/comparison",
        params={"a": "id:plan/igel-2026-2030@Druck", "b": "id:plan/igel-2026-2030@Revision", "format": "csv"},
    )
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    rest = {r["plan"]: float(r["amount"]) for r in rows if r["dimension"] == "money not allocated"}
    assert rest[str(V2)] - rest[str(V1)] == RAISE
    theme_rows = [
        r for r in rows if r["kind"] == "coverage" and r["dimension"] == "theme" and r["partsA"] != r["partsB"]
    ]
    assert theme_rows and all(int(r["partsA"]) - int(r["partsB"]) == 1 for r in theme_rows)
    unknown = http.get("/api/reports/comparison", params={"a": "id:plan/igel-2026-2030@v9", "format": "csv"})
    assert unknown.status_code == 404 and "Druck" in unknown.text and "Traceback" not in unknown.text
    ld = http.get("/api/reports/comparison", params={"a": str(V1), "b": str(V2)})
    assert ld.status_code == 200 and "comparison/igel-2026-2030@1--igel-2026-2030@2" in ld.text


def test_comparison_view_with_two_versions(http):
    answer = http.get(
        "/views/comparison", params={"a": "id:plan/igel-2026-2030@1", "b": "id:plan/igel-2026-2030@2", "format": "json"}
    )
    assert answer.status_code == 200, answer.text
    ids = {n["id"] for n in answer.json()["nodes"]}
    assert str(V1) in ids and str(V2) in ids
    assert f"{V1}/measure/3.1.3" in ids or not any(i.startswith(f"{V1}/measure/") for i in ids)
    assert not any(i.startswith(f"{V2}/measure/3.1.3") for i in ids)
    assert http.get("/views/comparison", params={"a": "id:plan/igel-2026-2030@9"}).status_code == 404
    # the page: the sides are the versions, so no third "version shown" picker
    page = http.get("/views/comparison", params={"a": str(V1), "b": "id:plan/igel-2026-2030@2", "lang": "en"})
    assert page.status_code == 200 and "data-version=" not in page.text
    assert "data-version=" in http.get("/views/plan", params={"lang": "en"}).text  # where the picker belongs


def test_compare_page_groups_the_versions_under_their_plan(http):
    page = http.get("/compare", params={"a": "id:plan/igel-2026-2030", "b": "id:plan/igel-2026-2030@1", "lang": "en"})
    assert page.status_code == 200, page.text
    group = page.text.split('<select name="a">', 1)[1].split("</select>", 1)[0]
    assert '<optgroup label="Versions: ' in group
    assert '<option value="id:plan/igel-2026-2030@1">version Druck (1)</option>' in group
    assert '<option value="id:plan/igel-2026-2030@2">version Revision (2)</option>' in group
    assert '<option value="id:plan/igel-2026-2030" selected>' in group
