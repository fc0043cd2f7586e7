"""Browser: upload a plan workbook with the token (the validation report first, nothing
written), import it, open the new plan's page; a second version and the diff page; the
comparison page for a chosen pair. Real Chromium, a real uvicorn on loopback."""

from __future__ import annotations

import sys

import httpx
import pytest

from tests.browser.conftest import ROOT, screenshot, serve

pytestmark = pytest.mark.browser
TOKEN = "browser-plan-token"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tests" / "workbook"))
    from test_diff import edited_workbook
    from wbhelp import Edit, load_graphs

    from igel_graph.namespaces import resource
    from igel_graph.store.memory import MemoryStore
    from igel_graph.workbook.export import plan_graph_from_store, plan_tables, write_xlsx

    folder = tmp_path_factory.mktemp("browser-wb")
    source = MemoryStore()
    load_graphs(source, sources=True)
    original = folder / "igel.xlsx"
    write_xlsx(plan_tables(plan_graph_from_store(source), resource("plan", "igel-2026-2030")), original)
    edit = Edit(original)
    edit.set("measures", "start", "Q5 2027", number="1.1.4")
    broken = edit.save(folder / "broken.xlsx")
    return original, edited_workbook(original, folder / "igel-edited.xlsx"), broken


@pytest.fixture(scope="module")
def plan_server(tmp_path_factory):
    """uvicorn over a store with ontology and vocabularies only, writes on."""
    sys.path.insert(0, str(ROOT / "tests" / "workbook"))
    from wbhelp import load_graphs

    from igel_graph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("browser-plans") / "store"
    store = OxigraphStore(path)
    load_graphs(store, sources=False)
    store.close()
    yield from serve(path, IGEL_WRITE_TOKEN=TOKEN)


def _upload(page, base, path, *, version: str = "") -> None:
    page.goto(f"{base}/plans/upload?lang=en")
    page.set_input_files("#workbook", str(path))
    page.fill("#token", TOKEN)
    page.fill("#version", version)
    page.click("#check")
    page.wait_for_selector("#report:not([hidden])")


def test_upload_report_import_plan_page_diff_compare(tab, plan_server, workbooks):
    original, edited, broken = workbooks
    page = tab.page
    page.set_default_timeout(120_000)

    _upload(page, plan_server, broken)
    page.wait_for_function("document.querySelector('#report-title').textContent.startsWith('Problems')")
    lines = page.locator("#report-lines li").all_text_contents()
    assert (
        len(lines) == 1 and "Sheet 'measures', row 5, column G (start): 'Q5 2027' is not a code of quarters" in lines[0]
    )
    assert page.is_disabled("#import")
    assert httpx.get(plan_server + "/api/plans/igel-2026-2030/versions").status_code == 404  # nothing written

    _upload(page, plan_server, original, version="Druck")
    page.wait_for_function("document.querySelector('#report-title').textContent.startsWith('The workbook is valid')")
    assert httpx.get(plan_server + "/api/plans/igel-2026-2030/versions").status_code == 404  # the check wrote nothing
    screenshot(page, "plans-upload-checked")
    page.click("#import")
    page.wait_for_function("document.querySelector('#report-title').textContent.startsWith('Imported as version 1')")
    page.click("#report-next a >> nth=0")
    page.wait_for_load_state()
    assert "Establish an electronic medication plan" in page.content()  # measure 1.2.1 of the new plan

    _upload(page, plan_server, edited, version="Revision")
    page.wait_for_function("document.querySelector('#report-title').textContent.startsWith('The workbook is valid')")
    page.click("#import")
    page.wait_for_function("document.querySelector('#report-title').textContent.startsWith('Imported as version 2')")

    page.goto(f"{plan_server}/plans/igel-2026-2030/diff?lang=en")
    kinds = sorted(page.locator("#changes tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    assert kinds == ["amount-changed", "measure-added", "measure-removed", "role-gained", "start-moved"]
    screenshot(page, "plans-diff")

    page.goto(f"{plan_server}/compare?lang=en")
    page.select_option("select[name=a]", "id:plan/igel-2026-2030")
    page.select_option("select[name=b]", "id:plan/igel-2026-2030")
    page.click("form.version-pick button")
    page.wait_for_load_state()
    covered = page.locator("#dim-theme tbody tr").evaluate_all("rows => rows.map(r => r.dataset.covered)")
    assert covered and set(covered) == {"both"}  # a plan compared with itself covers every theme it names twice
    # how it spends: the same shares on both sides (the imported plan's budget sheet)
    shares = [
        page.locator(f'table.money[data-side="{side}"] tbody tr').evaluate_all(
            "rows => rows.map(r => r.children[2].textContent.trim())"
        )
        for side in ("A", "B")
    ]
    assert shares[0] and shares[0] == shares[1]
    assert page.locator("figure.money-bars svg rect").count() >= 2
    # the comparison view of the chosen pair, from the page's link
    page.click("text=as a graph")
    page.wait_for_function("window.igelView && window.igelView.ready", timeout=30000)
    assert "a=id%3Aplan%2Figel-2026-2030" in page.url or "a=id:plan/igel-2026-2030" in page.url
    ids = page.evaluate("igelView.visibleNodeIds()")
    assert "https://w3id.org/igel/id/plan/igel-2026-2030" in ids
    assert "https://w3id.org/igel/id/plan/bw-modellprojekt" not in ids
    screenshot(page, "plans-compare-view")
    # the two versions, chosen in the pickers (each plan's versions under its name): the
    # budget edit of the second (forum-umsetzung 2027 +50000) grows only the rest not allocated
    page.goto(f"{plan_server}/compare?lang=en")
    page.select_option("select[name=a]", "id:plan/igel-2026-2030@1")
    page.select_option("select[name=b]", "id:plan/igel-2026-2030@2")
    page.click("form.version-pick button")
    page.wait_for_load_state()
    assert page.locator("select[name=a] optgroup option:checked").text_content() == "version Druck (1)"
    rest = [
        page.locator(f'table.money[data-side="{side}"] tr[data-level="not allocated"] td').nth(1).text_content()
        for side in ("A", "B")
    ]
    assert [int(r.replace("'", "")) for r in rest][1] - [int(r.replace("'", "")) for r in rest][0] == 50_000
    screenshot(page, "plans-compare-versions")
    # the broken workbook's 422 is the one error the browser logs; nothing left loopback
    assert tab.blocked == []
    assert [e for e in tab.errors if "status of 422" not in e] == [], tab.errors
