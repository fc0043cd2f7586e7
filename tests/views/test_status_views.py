"""Implementation status on the pages and in the collaboration view (issue 14), on the
real data with the example monitoring set (ontology/examples/monitoring/status.csv).

Expected values are read off status.csv (rows cited as "row N", the header being row 1):
  row 6  1.1.3,started,2026-02-01,gsd      row 7  1.1.3,delayed,2026-09-30,gsd
  row 13 2.1.1,planned,2026-01-10,gsd      row 14 2.1.1,delayed,2026-04-20,gsd
  row 19 3.1.2,started,2026-04-15,bkd
  row 20 3.1.3,started,2026-06-01,bkd      row 21 3.1.3,suspended,2026-10-01,bkd
and the plan's roles (action plan, section 2.3): 2.1.1 is led by the GSD with the VLG as
its only partner; 3.1.2 and 3.1.3 are the GSD's with the BKD as partner.
"""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from igel_graph.settings import Settings
from visualizations.palette import STATUS_COLOURS

ID = "https://w3id.org/igel/id/"
GSD, BKD, VLG = ID + "actor/gsd", ID + "actor/bkd", ID + "actor/vlg"
M = "/id/plan/igel-2026-2030/measure/"


@pytest.fixture(scope="module")
def client(oxi_built, tmp_path_factory):
    """The application over the built store (with the example monitoring set)."""
    from api.app import create_app

    app = create_app(Settings(store=str(tmp_path_factory.mktemp("unused"))), store=oxi_built)
    with TestClient(app) as c:
        yield c


def _view(client, **params) -> dict:
    r = client.get("/views/collaboration", params={"format": "json", "lang": "en", "colour": "status", **params})
    assert r.status_code == 200, r.text
    return r.json()


def _edge(data: dict, a: str, b: str) -> dict:
    found = [e for e in data["edges"] if {e["from"], e["to"]} == {a, b} and e["r"] == "collaboration"]
    assert len(found) == 1, (a, b)
    return found[0]


def _node(data: dict, iri: str) -> dict:
    return next(n for n in data["nodes"] if n["id"] == iri)


def test_collaboration_edges_take_the_worst_status_of_their_measures(client):
    data = _view(client, as_of="2026-10-31")
    assert data["defaultColour"] == "status" and data["asOf"] == "2026-10-31"
    # GSD and VLG share 2.1.1 only: delayed since 2026-04-20 (row 14)
    gsd_vlg = _edge(data, GSD, VLG)
    assert gsd_vlg["ms"] == [ID + "plan/igel-2026-2030/measure/2.1.1"]
    assert gsd_vlg["st"] == "delayed" and gsd_vlg["c"]["status"] == STATUS_COLOURS["delayed"]
    # GSD and BKD share 3.1.2 (started, row 19) and 3.1.3 (suspended 2026-10-01, row 21):
    # the worse one colours the edge
    gsd_bkd = _edge(data, GSD, BKD)
    assert [m.rsplit("/", 1)[-1] for m in gsd_bkd["ms"]] == ["3.1.2", "3.1.3"]
    assert gsd_bkd["st"] == "suspended" and gsd_bkd["c"]["status"] == STATUS_COLOURS["suspended"]
    # the GSD leads 3.1.3, so it is suspended too; the BKD leads nothing: no status
    assert _node(data, GSD)["st"] == "suspended" and _node(data, GSD)["c"]["status"] == STATUS_COLOURS["suspended"]
    assert "st" not in _node(data, BKD) and _node(data, BKD)["c"]["status"] == STATUS_COLOURS["none"]
    # suggestion edges keep their own colour in every mode
    assert all("c" not in e for e in data["edges"] if e["r"] != "collaboration")


def test_as_of_moves_the_colours_back_in_time(client):
    # on 2026-09-30 3.1.3 had only started (row 20; suspended from 2026-10-01, row 21)
    before = _view(client, as_of="2026-09-30")
    assert _edge(before, GSD, BKD)["st"] == "started"
    # on 2026-03-31 2.1.1 was still planned (row 13; delayed from 2026-04-20, row 14)
    # and 3.1.2/3.1.3 had no report yet (rows 19-21 are later)
    early = _view(client, as_of="2026-03-31")
    assert _edge(early, GSD, VLG)["st"] == "planned"
    assert _edge(early, GSD, BKD)["st"] == "none"


def test_the_status_legend_names_each_status_in_both_languages(client):
    html_en = client.get("/views/collaboration", params={"lang": "en", "colour": "status", "as_of": "2026-10-31"}).text
    legend = html_en[html_en.index('data-mode="status"') :]
    legend = legend[: legend.index("</ul>")]
    # the legend list of the chosen mode is the one shown; labels from the SKOS scheme
    assert 'data-mode="status" hidden' not in html_en
    for label, code in (("suspended", "suspended"), ("delayed", "delayed"), ("started", "started")):
        assert f'background:{STATUS_COLOURS[code]}"></span>{label}</li>' in legend
    assert '<option value="status" selected>Implementation status</option>' in html_en
    assert 'id="as-of-line"' in html_en and "2026-10-31" in html_en
    html_de = client.get("/views/collaboration", params={"lang": "de", "colour": "status", "as_of": "2026-10-31"}).text
    assert "verzögert</li>" in html_de and "Umsetzungsstand" in html_de


def test_a_bad_as_of_is_one_422_message_everywhere(client):
    for url in ("/views/collaboration", M + "1.1.3", "/id/actor/bkd", "/monitoring"):
        r = client.get(url, params={"as_of": "2026-02-30", "lang": "en"})
        assert r.status_code == 422, url
        assert "as_of '2026-02-30' is not a date" in r.text


def test_rdf_answers_ignore_as_of(client):
    """as_of is the HTML page's: Turtle and JSON-LD of a resource (by suffix, ?format= or
    Accept) answer 200 with the same triples whatever it says, even when it is no date."""
    asks = [
        (M + "1.1.3.ttl", {}, {}),
        (M + "1.1.3", {"format": "jsonld"}, {}),
        ("/id/actor/bkd", {}, {"Accept": "text/turtle"}),
    ]
    for url, params, headers in asks:
        plain = client.get(url, params=params, headers=headers)
        assert plain.status_code == 200, url
        assert "html" not in plain.headers["content-type"]
        for day in ("2026-02-30", "yesterday", "2026-10-31"):
            r = client.get(url, params={**params, "as_of": day}, headers=headers)
            assert r.status_code == 200, (url, day)
            assert r.content == plain.content, (url, day)
    assert "measure/1.1.3>" in client.get(M + "1.1.3.ttl").text  # the resource's own description


def _section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    return html[start : html.index("</section>", start)]


def test_measure_profile_shows_status_history_newest_first(client):
    html = client.get(M + "1.1.3", params={"as_of": "2026-10-31", "lang": "de"}).text
    status = _section(html, "status")
    assert "Stand: 2026-10-31" in status
    assert 'class="example-banner"' in status and "Beispieldaten" in status
    # current: delayed since 2026-09-30 (row 7); history newest first: rows 7, 6
    assert re.search(
        r"Aktueller Stand:</strong> <span class=\"status status-delayed\">.*verzögert \(seit 2026-09-30\)", status
    )
    rows = re.findall(r"<tr><td[^>]*>(\d{4}-\d\d-\d\d)</td><td[^>]*><span class=\"status status-([a-z-]+)\"", status)
    assert rows == [("2026-09-30", "delayed"), ("2026-02-01", "started")]
    # the reporter (gsd, both rows) is a link to its actor page
    assert status.count('href="/id/actor/gsd?lang=de"') == 2
    # as of 2026-06-30 only the start was known
    earlier = _section(client.get(M + "1.1.3", params={"as_of": "2026-06-30", "lang": "en"}).text, "status")
    assert "As of 2026-06-30" in earlier and "started (since 2026-02-01)" in earlier and "delayed" not in earlier
    # before any report: said so, no table, no banner
    none = _section(client.get(M + "1.1.3", params={"as_of": "2025-12-31", "lang": "en"}).text, "status")
    assert "no report" in none and "<table" not in none and "example-banner" not in none


def test_actor_briefing_shows_each_measures_current_status(client):
    html = client.get("/id/actor/bkd", params={"as_of": "2026-10-31", "lang": "en"}).text
    table = _section(html, "measures")
    assert "As of 2026-10-31" in table and 'class="example-banner"' in table
    rows = {
        n: s
        for n, s in re.findall(
            r">(3\.1\.\d) [^<]*</a>.*?class=\"status status-[a-z-]+\">.*?</span>([^<]+)</span>", table
        )
    }
    # rows 19 and 21
    assert rows == {"3.1.2": "started (since 2026-04-15)", "3.1.3": "suspended (since 2026-10-01)"}


def _css_rule(css: str, selector: str) -> str:
    """The declarations of the rule whose selector is exactly ``selector``."""
    m = re.search(r"(?m)^" + re.escape(selector) + r" \{([^}]*)\}", css)
    assert m, selector
    return m.group(1)


def test_the_only_addressed_legend_marker_is_the_shape_not_a_colour(client):
    """The node of an only-addressed group is drawn as a triangle filled with the colour of
    the colour mode (igel-view.js: MARKER_SHAPES, nodeColour), grey in status mode for a
    group without measures. The legend marker was an orange (#D55E00) triangle, which in
    status mode read as "suspended": it must draw the outline only (white fill, the text
    colour #1d2330 as stroke) and carry no type or status colour."""
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "visualizations" / "static"
    js = (static / "igel-view.js").read_text(encoding="utf-8")
    assert 'gap: "triangle"' in js and "n.c[state.colour]" in js
    view = _view(client)
    gaps = [n for n in view["nodes"] if n.get("mk") == "gap"]
    assert gaps, "the real plan has only-addressed groups (patients, relatives, professionals)"
    css = (static / "igel-view.css").read_text(encoding="utf-8")
    rule = _css_rule(css, ".marker-gap")
    colours = {c.lower() for c in re.findall(r"%23([0-9a-fA-F]{3,6})", rule)}
    assert colours == {"fff", "1d2330"}
    assert "M12 3l9.5 18h-19z" in rule  # a triangle, point up, as vis-network draws it
    assert not re.search(r"background:\s*#", rule)
    forbidden = {c.lower().lstrip("#") for c in STATUS_COLOURS.values()} | {"d55e00", "e69f00"}
    assert colours & forbidden == set()


def _implementation_findings(client, day: str) -> str:
    html = client.get("/monitoring", params={"lang": "en", "as_of": day}).text
    start = html.index('id="findings"')
    return html[start : html.index("<h2", start + 10)]


def test_the_dashboard_lists_the_slippage_findings_of_its_day(client):
    """status.csv: 1.1.4 started on 2026-09-01 while 1.1.3 (which it depends on) was not
    completed: listed on 31 October, not on 31 August; each entry opens the gap report of
    the same day."""
    before, after = _implementation_findings(client, "2026-08-31"), _implementation_findings(client, "2026-10-31")

    def early(section: str) -> list[str]:
        return [li for li in section.split("<li>") if "started before" in li and "1.1.4" in li]

    assert early(before) == [] and len(early(after)) == 1
    assert 'href="/gaps?lang=en&amp;as_of=2026-10-31#started-before-prerequisite"' in early(after)[0]


def test_the_dashboard_names_severities_in_the_page_language(client):
    html = client.get("/monitoring", params={"lang": "de", "as_of": "2026-10-31"}).text
    section = html[html.index('id="findings"') :]
    assert '<span class="sev sev-high">hoch</span>' in section
    assert "<strong>high</strong>" not in section
