"""What a strategist reads is what the data says: money on every page equals the financing
table, a view's metrics are the analysis's, and a built store is an analysed one.

The financing table is the action plan's "Abbildung 1" (section 3 Finanzierung), e.g. the
row "Mitfinanzierung Projekte (Netzwerkaufbau etc.)": 1000, 1500, 1500, 1500, 1500 →
7000 thousand CHF for 2026–2030.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from igel_graph.namespaces import Graphs

pytestmark = pytest.mark.slow

_CHF = re.compile(r"(\d{1,3}(?:'\d{3})+|\d+) CHF")
ACTION_PLAN = "https://w3id.org/igel/id/plan/igel-2026-2030"


def _money_of_financing_table(client) -> set[float]:
    """Every amount (CHF) of the ``financing-table`` named query: cells, line, year and
    overall totals, computed and stated."""
    rows = client.get("/api/queries/financing-table", params={"format": "document", "limit": 50}).json()
    amounts = set()
    for row in rows["rows"] if "rows" in rows else rows["results"]["bindings"]:
        for key in ("amount", "stated"):
            value = row.get(key)
            if isinstance(value, dict):
                value = value.get("value")
            if value not in (None, ""):
                amounts.add(float(value))
    return amounts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_chf_figure_on_the_plan_page_is_in_the_financing_table(client, lang):
    table = _money_of_financing_table(client)
    assert 7_000_000.0 in table and 11_100_000.0 in table  # the source's row and overall total
    html = unescape(client.get("/plan", params={"lang": lang}).text)
    figures = [float(m.replace("'", "")) for m in _CHF.findall(html)]
    assert figures, "the plan page shows budget figures"
    assert set(figures) <= table, sorted(set(figures) - table)
    # 2.1.2 is funded by "Mitfinanzierung Projekte": 7'000'000 CHF, never twice that
    assert "7'000'000 CHF" in html
    assert "14'000'000" not in html


def test_finance_page_shows_the_tables_thousands(client):
    html = client.get("/finance", params={"lang": "de"}).text
    table = {v / 1000 for v in _money_of_financing_table(client)}
    cells = [float(x) for x in re.findall(r'<td class="num">(\d+(?:\.\d+)?)', html)]
    assert cells and set(cells) <= table, sorted(set(cells) - table)
    assert "11100" in html  # the overall total in thousands, as printed ("11'100")


def test_collaboration_view_metrics_are_the_analysis_graphs(client):
    view = client.get("/views/collaboration", params={"format": "json"}).json()
    rows = client.get(
        "/api/queries/analysis-metrics",
        params={"metric": "collaboration/betweenness", "format": "document", "limit": 50},
    ).json()
    bindings = rows["rows"] if "rows" in rows else rows["results"]["bindings"]

    def value(row, key):
        v = row[key]
        return v["value"] if isinstance(v, dict) else v

    stored = {value(r, "node"): float(value(r, "value")) for r in bindings}
    assert stored, "the built store holds the analysis's metrics"
    actors = [n for n in view["nodes"] if n["id"] in stored]
    assert len(actors) >= 10
    for node in actors:
        assert node["metrics"]["betweenness"] == stored[node["id"]], node["id"]
    top = max(actors, key=lambda n: n["metrics"]["betweenness"])
    assert top["id"].endswith("/actor/gsd")
    # the dashed suggestions never enter a metric: the BKD brokers nothing
    bkd = next(n for n in actors if n["id"].endswith("/actor/bkd"))
    assert bkd["metrics"]["betweenness"] == 0.0


def test_a_built_store_is_analysed(built_oxigraph, client):
    assert built_oxigraph.graphs().get(Graphs.ANALYSIS, 0) > 0
    landing = client.get("/", params={"lang": "en"}).text
    count = re.search(r"<strong>(\d+)</strong>findings", landing)
    assert count and int(count.group(1)) > 0
    assert int(count.group(1)) == len(client.get("/api/analysis/findings").json()["findings"])


def test_every_finding_link_of_the_gap_report_resolves(client):
    html = client.get("/gaps", params={"lang": "en"}).text
    links = sorted(set(re.findall(r'href="(/id/finding/[^"?#]+)', html)))
    assert links, "the gap report links its findings"
    for link in links:
        r = client.get(link, headers={"Accept": "text/html"})
        assert r.status_code == 200, link


def test_plan_report_budget_equals_the_financing_tables_line_totals(client):
    import csv
    import io

    rows = client.get("/api/queries/financing-table", params={"format": "document", "limit": 50}).json()["rows"]
    line_total = {r["line"]: float(r["amount"]) for r in rows if r["kind"] == "line"}
    funds = client.get(
        "/sparql",
        params={
            "query": "PREFIX igel: <https://w3id.org/igel/ontology#> SELECT ?line ?m WHERE { ?line igel:funds ?m }"
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    expected: dict[str, float] = {}
    for b in funds:
        expected[b["m"]["value"]] = expected.get(b["m"]["value"], 0.0) + line_total[b["line"]["value"]]
    report = client.get("/api/reports/plans/igel-2026-2030", params={"format": "csv"}).text
    shown = {r["measure_iri"]: float(r["budget_chf"]) for r in csv.DictReader(io.StringIO(report)) if r["budget_chf"]}
    assert shown, "the report shows budget figures"
    for measure, amount in shown.items():
        assert amount == expected[measure], measure
    # 2.1.2: "Konzipierung" 100 + "Mitfinanzierung Projekte" 7000 thousand CHF (Abbildung 1)
    assert shown["https://w3id.org/igel/id/plan/igel-2026-2030/measure/2.1.2"] == 7_100_000.0


def test_no_two_findings_share_kind_and_subject(client):
    findings = client.get("/api/analysis/findings").json()["findings"]
    keys = [(f["kind"], f["subject"]) for f in findings]
    assert findings and len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "path",
    [
        "/id/plan/igel-2026-2030/measure/2.1.2",
        "/id/plan/igel-2026-2030/measure/1.1.3",
        "/id/plan/igel-2026-2030/goal/1.2",
        "/id/plan/igel-2026-2030/goal/2.1",
        "/id/plan/igel-2026-2030",
    ],
)
def test_every_chf_figure_on_a_profile_is_in_the_financing_table(client, path):
    table = _money_of_financing_table(client)
    html = unescape(client.get(path, params={"lang": "de"}, headers={"accept": "text/html"}).text)
    figures = [float(m.replace("'", "")) for m in _CHF.findall(html)]
    assert figures, f"{path} shows budget figures"
    assert set(figures) <= table, sorted(set(figures) - table)


def _derived(html: str, table_class: str) -> list[tuple[str, str]]:
    part = html[html.index(f'<table class="{table_class}') :]
    part = part[: part.index("</table>")]
    return re.findall(r'<tr[^>]*>\s*<td>(.*?)</td>\s*<td class="num derived">(.*?)</td>', part, re.S)


def test_finance_groups_are_the_sums_of_their_lines_in_the_financing_table(client):
    rows = client.get("/api/queries/financing-table", params={"format": "document", "limit": 50}).json()["rows"]
    by_group: dict[str, float] = {}
    for r in rows:
        if r["kind"] == "line":
            by_group[r["groupLabel"]] = by_group.get(r["groupLabel"], 0.0) + float(r["amountThousands"])
    html = unescape(client.get("/finance", params={"lang": "de"}).text)
    shown = {re.sub(r"<[^>]+>", "", name).strip(): float(v) for name, v in _derived(html, "derived")}
    assert shown == by_group
    # "Regionale Gesundheitsnetzwerke/-zentren": Konzipierung 100 + Mitfinanzierung 7000
    assert shown["Regionale Gesundheitsnetzwerke/-zentren (Förderprogramm IGeL)"] == 7100


def test_money_per_field_and_goal_adds_up_to_the_overall_total(client):
    rows = client.get("/api/queries/financing-table", params={"format": "document", "limit": 50}).json()["rows"]
    overall = next(float(r["amountThousands"]) for r in rows if r["kind"] == "overall")
    assert overall == 11100  # the printed "Total 2025-2030"
    alloc = client.get(
        "/api/queries/money-per-field-goal", params={"format": "document", "limit": 50, "lang": "de"}
    ).json()["rows"]
    expected = {
        r.get("goalNumber") or r.get("fieldNumber"): float(r["total"]) / 1000
        for r in alloc
        if r["level"] in ("field", "goal")
    }
    html = unescape(client.get("/finance", params={"lang": "de"}).text)
    shown = _derived(html, "derived allocation")
    fields_and_rest = 0.0
    for name, value in shown:
        text = re.sub(r"<[^>]+>", "", name).strip()
        number = text.split(" ")[0]
        if "nicht zugeordnet" in value:
            assert number not in expected, text  # the plan allocates nothing there
            continue
        if text == "Keinem Handlungsfeld zugeordnet" or "." not in number:
            fields_and_rest += float(value)
        if number in expected:
            assert float(value) == expected[number], text
    assert fields_and_rest == overall
    assert "3 Die Zusammenarbeit zwischen Fachpersonen laufend optimieren" in html
