"""The plan routes over real HTTP: upload with the token (the validation report first,
nothing written), import as versions, the diff as JSON and as a page, the plan's pages."""

from __future__ import annotations

import httpx
import pytest
from test_diff import FIVE, edited_workbook

from igel_graph.namespaces import resource
from igel_graph.workbook.export import plan_graph_from_store, plan_tables, write_xlsx

TOKEN = "plan-upload-token"
PLAN = resource("plan", "igel-2026-2030")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def workbooks(source_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("api-wb")
    original = folder / "igel.xlsx"
    write_xlsx(plan_tables(plan_graph_from_store(source_store), PLAN), original)
    return original, edited_workbook(original, folder / "igel-edited.xlsx")


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The API over an Oxigraph store with ontology and vocabularies, writes on."""
    from wbhelp import load_graphs as _load

    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("api-plans") / "store")
    _load(store, sources=False)
    settings = Settings(store=str(store.path), write_token=TOKEN)
    with ServerThread(create_app(settings, store=store)) as running:
        running.store = store
        yield running
    store.close()


@pytest.fixture(scope="module")
def http(app_server):
    with httpx.Client(base_url=app_server.url, timeout=120) as client:
        yield client


def _upload(http, path, *, dry_run: bool, token: str | None = TOKEN, version: str | None = None):
    params = {"dry_run": str(dry_run).lower()}
    if version:
        params["version"] = version
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with open(path, "rb") as handle:
        return http.post("/api/plans/import", params=params, headers=headers, files={"file": (path.name, handle, XLSX)})


def test_upload_needs_the_token(http, workbooks):
    assert _upload(http, workbooks[0], dry_run=True, token=None).status_code == 401
    assert _upload(http, workbooks[0], dry_run=True, token="wrong").status_code == 401


def test_dry_run_reports_and_writes_nothing(http, app_server, workbooks):
    before = app_server.store.graphs()
    answer = _upload(http, workbooks[0], dry_run=True)
    assert answer.status_code == 200, answer.text
    assert answer.json()["written"] is False and answer.json()["version"] == 1
    assert app_server.store.graphs() == before


def test_broken_workbook_is_422_with_sheet_row_column(http, app_server, workbooks, tmp_path):
    from wbhelp import Edit

    edit = Edit(workbooks[0])
    edit.set("budget", "amount", "viel", line="forum-umsetzung", year=2027)
    broken = edit.save(tmp_path / "broken.xlsx")
    before = app_server.store.graphs()
    answer = _upload(http, broken, dry_run=False)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert (error["sheet"], error["column"], error["letter"], error["value"]) == ("budget", "amount", "F", "viel")
    assert error["message"].startswith("Sheet 'budget', row ")
    assert app_server.store.graphs() == before


def test_two_versions_diff_api_and_page(http, workbooks):
    first = _upload(http, workbooks[0], dry_run=False, version="Druck")
    assert first.status_code == 201, first.text
    assert first.json()["pages"]["plan"] == "/plan?plan=id:plan/igel-2026-2030"
    second = _upload(http, workbooks[1], dry_run=False, version="Revision")
    assert second.status_code == 201 and second.json()["version"] == 2

    versions = http.get("/api/plans/igel-2026-2030/versions").json()
    assert [v["label"] for v in versions["versions"]] == ["Druck", "Revision"]
    assert versions["versions"][1]["revision_of"] == versions["versions"][0]["iri"]

    diff = http.get("/api/plans/igel-2026-2030/diff").json()
    assert {(c["kind"], c["item"]) for c in diff["changes"]} == FIVE and len(diff["changes"]) == 5
    turtle = http.get("/api/plans/igel-2026-2030/diff?from=1&to=2", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "measure-removed" in turtle.text

    page = http.get("/plans/igel-2026-2030/diff?lang=en")
    assert page.status_code == 200
    kinds = sorted(set(page.text.split('data-kind="')[i].split('"')[0] for i in range(1, 6)))
    assert kinds == sorted(k for k, _ in FIVE) and page.text.count('data-kind="') == 5
    # the new measure 4.1.3 has a lead and nobody else: the analysis finds it acting alone
    assert 'id="findings-appeared"' in page.text and "4.1.3" in page.text.split('id="findings-appeared"')[1]

    plan_page = http.get("/plan?plan=id:plan/igel-2026-2030&lang=en")
    assert plan_page.status_code == 200 and "Accompany patient pathways digitally" in plan_page.text
    assert "3.1.3" not in plan_page.text.split("<main")[1]  # the current version shows no removed measure
    listing = http.get("/plans?lang=de")
    assert "Revision" in listing.text and "/plans/igel-2026-2030/diff?from=1&amp;to=2" in listing.text


def test_unknown_plan_and_version(http):
    assert http.get("/api/plans/nothing-here/diff").status_code == 404
    assert http.get("/api/plans/igel-2026-2030/diff?from=9").status_code == 400


def test_template_download(http, tmp_path):
    answer = http.get("/api/workbook/template")
    assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
    from openpyxl import load_workbook

    (tmp_path / "t.xlsx").write_bytes(answer.content)
    assert "measures" in load_workbook(tmp_path / "t.xlsx").sheetnames


def test_compare_page_for_a_chosen_pair(http, app_server, workbooks, tmp_path):
    from igel_graph.workbook.synthetic import synthetic_tables

    generated = tmp_path / "gen-x.xlsx"
    write_xlsx(synthetic_tables("gen-x", measures=20, seed=3), generated)
    assert _upload(http, generated, dry_run=False).status_code == 201
    if not http.get("/api/plans/igel-2026-2030/versions").is_success:
        assert _upload(http, workbooks[0], dry_run=False).status_code == 201
    page = http.get("/compare", params={"a": "id:plan/igel-2026-2030", "b": "id:plan/gen-x", "lang": "en"})
    assert page.status_code == 200
    for key in ("theme", "care-sector", "measure-kind", "actor-type"):
        assert f'id="dim-{key}"' in page.text
    from igel_graph.queries import get_query

    params = {"a": resource("plan", "igel-2026-2030"), "b": resource("plan", "gen-x"), "lang": "en"}
    rows = get_query("plan-comparison").run(app_server.store, params).dicts()
    assert page.text.count("data-covered=") == len(rows) > 0
    both = sum(1 for r in rows if str(r["coveredBy"]) == "both")
    assert page.text.count('data-covered="both"') == both
