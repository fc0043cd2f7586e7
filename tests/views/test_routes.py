"""The views and site routers in the real application (in-process client, real data)."""

import re

import pytest
from starlette.testclient import TestClient

from igel_graph.settings import Settings


@pytest.fixture(scope="module")
def client(oxi_built, tmp_path_factory):
    """The API application serving the built store, through Starlette's test client."""
    from api.app import create_app

    app = create_app(Settings(store=str(tmp_path_factory.mktemp("unused"))), store=oxi_built)
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("name", ["plan", "collaboration", "dependencies", "themes", "ego", "comparison"])
def test_each_view_is_served_offline(client, name):
    r = client.get(f"/views/{name}", params={"lang": "en"})
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', r.text)  # nothing from another host
    data = client.get(f"/views/{name}", params={"format": "json", "lang": "en"}).json()
    assert data["nodes"] and data["name"] == name


def test_view_assets_come_from_the_pyvis_package(client):
    r = client.get("/views/assets/vis-network.min.js")
    assert r.status_code == 200 and "@version 9.1.2" in r.text[:400]
    assert client.get("/views/assets/nope.js").status_code == 404
    assert "MIT License" in client.get("/views/assets/vis-network-LICENSE.txt").text


def test_unknown_view_is_404_and_bad_ego_is_400(client):
    assert client.get("/views/nope").status_code == 404
    r = client.get("/views/ego", params={"center": "id:actor/nobody"})
    assert r.status_code == 400 and "No resource" in r.text


def test_landing_page_counts(client):
    html = client.get("/", params={"lang": "en"}).text
    # 15 measures and 6 goals (modelling contract)
    assert re.search(r"<strong>15</strong>measures", html) and re.search(r"<strong>6</strong>goals", html)
    assert 'href="/views/collaboration?lang=en"' in html and 'href="/query?lang=en"' in html


def test_plan_explorer_lists_every_measure_with_its_source(client):
    html = client.get("/plan", params={"lang": "de"}).text
    assert html.count('class="measure"') == 15
    # measure 1.1.1 "Die Strategie ... wurde verabschiedet": adoption is an act of the cantonal
    # government (curated lead: the Regierungsrat); its sentence quoted from section 2.1
    block = html[html.index('id="m-1.1.1"') : html.index('id="m-1.1.2"')]
    assert "/id/actor/regierungsrat" in block and "Q4 2025" in block and "<blockquote" in block
    # measures are headed by number and title, not "Massnahme 1.1.1"
    assert "1.1.1 " in block and "Massnahme 1.1.1<" not in block
    # each action field is headed by its name (action plan, section 2.1 and 2.4)
    assert "Handlungsfeld 1: Förderliche Rahmenbedingungen" in html
    english = client.get("/plan", params={"lang": "en"}).text
    assert "Action field 4: " in english


def test_finance_page_recomputes_the_overall_total(client):
    html = client.get("/finance", params={"lang": "en"}).text
    # the overall total: 11'100 thousand CHF (modelling contract), shown in thousands
    assert "11100" in html and 'class="mismatch"' not in html
    assert "<svg" in html and "<title>Costs per year" in html


def test_timeline_and_gaps_and_editor(client):
    assert client.get("/timeline").text.count("/id/plan/igel-2026-2030/measure/") >= 15
    gaps = client.get("/gaps", params={"lang": "en"}).text
    assert "Sole broker" in gaps and "Suggested collaboration" in gaps
    editor = client.get("/query").text
    assert "timeline" in editor and "<textarea" in editor and "sparql-editor.js" in editor
