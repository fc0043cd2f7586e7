"""The graph explorer in Chromium, on the running server and on the static export: detail
panel, tooltips, focus, filters with re-layout and re-fit, reset, the URL as state,
exports, search in both languages, labels that never overlap, the phone layout, the tour.

One server and one browser for the session (tests/browser/conftest.py); each test makes
many assertions on one page so that the file stays fast. Every request leaving 127.0.0.1
or file:// is blocked and counted (``tab.clean()``).
"""

from __future__ import annotations

import json

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

SOURCES = ("server", "export")
ID = "https://w3id.org/igel/id/"
P = ID + "plan/igel-2026-2030/"
GSD, BKD = ID + "actor/gsd", ID + "actor/bkd"


@pytest.fixture
def url(live_server, static_site):
    def make(source, name, lang="en"):
        if source == "server":
            return f"{live_server}/views/{name}?lang={lang}" if name != "index" else f"{live_server}/views?lang={lang}"
        stem = "views" if name == "index" else f"view-{name}"
        return (static_site / f"{stem}.{lang}.html").as_uri()

    return make


def ready(page):
    page.wait_for_function("window.igelView && window.igelView.ready", timeout=30000)
    page.evaluate("igelView.network.redraw()")
    page.wait_for_timeout(150)


def visible(page):
    return sorted(page.evaluate("igelView.visibleNodeIds()"))


def all_in_viewport(page):
    """Whether every visible node's centre lies inside the graph's box (the view is fitted)."""
    return page.evaluate(
        """() => { const r = document.getElementById('network').getBoundingClientRect();
        return igelView.visibleNodeIds().every(id => { const p = igelView.canvasPosition(id);
          return p.x >= r.left - 1 && p.x <= r.right + 1 && p.y >= r.top - 1 && p.y <= r.bottom + 1; }); }"""
    )


def details(page):
    return page.get_by_role("complementary", name="Details")


@pytest.mark.parametrize("source", SOURCES)
def test_search_panel_tooltip_focus_filter_reset(tab, url, source):
    page = tab.page
    page.goto(url(source, "collaboration"))
    ready(page)
    page.evaluate("window.__samePage = true")  # gone if anything navigates
    total = len(visible(page))

    # search "BKD": the Details region shows its two measures with their titles
    page.fill("#view-search", "BKD")
    page.click("#search-form button[type=submit]")
    panel = details(page)
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "Department of Education and Culture (BKD)" in text
    assert "3.1.2 New interprofessional education offers" in text
    assert "3.1.3 Interprofessional continuing education for patient-centredness" in text
    assert page.evaluate("igelView.selected") == BKD
    screenshot(page, f"{source}-explorer-details")

    # hover: a tooltip on a node, and on the BKD-GSD edge naming its measures
    page.evaluate("igelView.network.fit({animation: false})")
    pos = page.evaluate(f"igelView.canvasPosition('{GSD}')")
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_function("getComputedStyle(document.getElementById('igel-tooltip')).visibility === 'visible'")
    assert "(GSD)" in page.inner_text("#igel-tooltip")
    page.mouse.move(5, 5)
    page.evaluate("igelView.network.emit('hoverEdge', {edge: 'e0', event: {clientX: 500, clientY: 300}})")
    assert page.is_visible("#igel-tooltip") and "–" in page.inner_text("#igel-tooltip")

    # a click on the BKD-GSD edge: the panel names the measures behind the link
    edge = page.evaluate(
        f"igelView.data.edges.findIndex(e => [e.from, e.to].sort().join() === ['{BKD}', '{GSD}'].sort().join())"
    )
    page.evaluate(f"igelView.select('e{edge}')")
    assert "3.1.2 New interprofessional education offers" in details(page).inner_text()
    assert "Measures behind this link" in details(page).inner_text()

    # focus on the BKD's neighbourhood (1 step): re-centred in place, re-laid out, fitted
    page.evaluate(f"igelView.select('{BKD}')")
    layouts = page.evaluate("igelView.layouts")
    page.click("#focus-btn")
    page.wait_for_timeout(200)
    expected = page.evaluate(
        f"""[...new Set(['{BKD}'].concat(igelView.data.edges.flatMap(e =>
            e.from === '{BKD}' ? [e.to] : e.to === '{BKD}' ? [e.from] : [])))].sort()"""
    )
    assert visible(page) == expected and len(expected) < total
    assert page.evaluate("window.__samePage") is True
    assert page.evaluate("igelView.layouts") > layouts and all_in_viewport(page)
    assert "focus=" in page.url
    # two steps reach further
    page.select_option("#focus-depth", "2")
    page.wait_for_timeout(100)
    assert len(visible(page)) > len(expected)

    # reset: everything back, nothing selected, the URL without focus
    page.click("#reset-btn")
    page.wait_for_timeout(100)
    assert len(visible(page)) == total and "focus=" not in page.url and "sel=" not in page.url
    assert details(page).count() == 0 or not details(page).is_visible()

    # a filter hides, re-lays out and re-fits: only action field 3
    before = page.evaluate(f"igelView.network.getPositions(['{BKD}'])['{BKD}']")
    for f in ("1", "2", "4"):
        page.uncheck(f"input[data-facet=field][value$='/field/{f}']")
    page.wait_for_timeout(200)
    shown = visible(page)
    assert BKD in shown and len(shown) < total
    fields = page.evaluate(f"""igelView.data.nodes.filter(n => {json.dumps(shown)}.includes(n.id))
        .map(n => n.f.field || [])""")
    assert all(not fs or any(f.endswith("/field/3") for f in fs) for fs in fields)
    after = page.evaluate(f"igelView.network.getPositions(['{BKD}'])['{BKD}']")
    assert before != after and all_in_viewport(page)
    page.click("#reset-btn")
    page.wait_for_timeout(100)
    assert len(visible(page)) == total
    assert page.evaluate("window.__samePage") is True
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_copied_url_restores_filters_focus_and_selection(tab, url, source, browser):
    page = tab.page
    page.goto(url(source, "collaboration"))
    ready(page)
    page.uncheck("input[data-facet=field][value$='/field/1']")
    page.evaluate(f"igelView.setFocus('{GSD}', 2)")
    page.evaluate(f"igelView.select('{BKD}')")
    page.select_option("#colour-mode", "field")
    page.wait_for_timeout(100)
    link, seen = page.url, visible(page)
    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        again = other.new_page()
        again.goto(link)
        ready(again)
        assert visible(again) == seen
        assert again.evaluate("igelView.selected") == BKD
        assert "Department of Education and Culture (BKD)" in details(again).inner_text()
        assert again.evaluate("document.getElementById('colour-mode').value") == "field"
        assert not again.is_checked("input[data-facet=field][value$='/field/1']")
        assert again.is_visible("#unfocus-btn")
    finally:
        other.close()
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_exports_download_the_visible_graph(tab, url, source):
    page = tab.page
    page.goto(url(source, "collaboration"))
    ready(page)
    page.uncheck("input[data-facet=field][value$='/field/1']")
    page.wait_for_timeout(100)
    shown = visible(page)
    got = {}
    for kind in ("png", "svg", "csv", "json"):
        with page.expect_download() as dl:
            page.click(f"button[data-export={kind}]")
        got[kind] = open(dl.value.path(), "rb").read()
        assert dl.value.suggested_filename == f"collaboration.{kind}"
    assert got["png"][:8] == b"\x89PNG\r\n\x1a\n" and len(got["png"]) > 5000
    svg = got["svg"].decode()
    assert svg.startswith("<svg") and svg.count("<circle") == len(shown) and "(BKD)" in svg
    data = json.loads(got["json"])
    assert sorted(n["id"] for n in data["nodes"]) == shown and data["edges"]
    rows = got["csv"].decode().splitlines()
    assert rows[0].startswith("kind,id,label") and sum(r.startswith("node,") for r in rows) == len(shown)
    assert sum(r.startswith("edge,") for r in rows) == len(data["edges"])
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_search_in_both_languages_and_labels_never_overlap(tab, url, source):
    page = tab.page
    for name in ("collaboration", "dependencies", "themes"):
        page.goto(url(source, name))
        ready(page)
        boxes = page.evaluate("igelView.labelBoxes()")
        overlaps = [
            (a["id"], b["id"])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a["left"] < b["left"] + b["width"]
            and b["left"] < a["left"] + a["width"]
            and a["top"] < b["top"] + b["height"]
            and b["top"] < a["top"] + a["height"]
        ]
        assert boxes and overlaps == [], name
        # the labels are readable at the default zoom: at least 9 px high on screen
        assert page.evaluate("igelView.network.getScale()") * 16 >= 9, name
    page.goto(url(source, "collaboration"))
    ready(page)
    # German names on the English page; the placeholder's example; a measure's text
    for query, expected in (("Krankenversicherer", "Health insurers"), ("Gemeinden", "Lucerne municipalities")):
        ids = page.evaluate(f"igelView.search({json.dumps(query)})")
        assert ids, query
        assert expected in details(page).inner_text()
    page.goto(url(source, "plan"))
    ready(page)
    assert P + "measure/3.1.2" in page.evaluate("igelView.search('mandatiert in Rücksprache')")
    assert page.evaluate("igelView.search('1.1.4')")[0] == P + "measure/1.1.4"
    assert page.evaluate("igelView.search('LERB')")[0] == ID + "actor/lerb"
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_phone_controls_collapse_into_a_panel(browser, url, source):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(url(source, "collaboration"))
        ready(page)
        assert page.is_visible("#controls-toggle") and not page.is_visible("#view-search")
        page.click("#controls-toggle")
        assert page.is_visible("#view-search")
        page.fill("#view-search", "BKD")
        page.click("#search-form button[type=submit]")
        page.click("#controls-toggle")
        assert details(page).is_visible() and "3.1.2" in details(page).inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, f"{source}-explorer-phone")
    finally:
        context.close()


@pytest.mark.parametrize("source", SOURCES)
def test_the_tour_plays_to_its_end(tab, url, source):
    page = tab.page
    page.goto(url(source, "index"))
    page.click("text=IGeL in six steps")
    ready(page)
    seen = []
    for step in range(1, 7):
        page.wait_for_selector("#tour-bar:not([hidden])")
        assert page.inner_text("#tour-step") == f"Step {step} of 6"
        seen.append((page.evaluate("igelView.data.name"), page.inner_text("#tour-caption")))
        if step < 6:
            page.click("#tour-next")
            page.wait_for_function(f"location.hash.includes('step={step + 1}')", timeout=30000)
            ready(page)
    assert [v for v, _c in seen] == ["plan", "collaboration", "collaboration", "plan", "collaboration", "dependencies"]
    assert page.is_disabled("#tour-next") and "1.1.1" in seen[-1][1]
    # the last step selects 1.1.1 and highlights the two measures that wait for it
    assert page.evaluate("igelView.selected") == P + "measure/1.1.1"
    assert "1.1.1" in details(page).inner_text()
    page.click("#tour-prev")
    page.wait_for_function("location.hash.includes('step=5')", timeout=30000)
    ready(page)
    assert page.inner_text("#tour-step") == "Step 5 of 6"
    tab.clean()


@pytest.fixture(scope="module")
def grouped_server(store_dir, live_server, tmp_path_factory):
    """A second server whose views aggregate above 60 nodes (``IGEL_VIEW_NODE_LIMIT``: the plan
    view grouped by goal has 60), on a
    copy of the store (a store folder is open in one process at a time)."""
    import shutil

    from .conftest import serve

    copy = tmp_path_factory.mktemp("grouped") / "store"
    shutil.copytree(store_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
    yield from serve(copy, IGEL_VIEW_NODE_LIMIT="60")


def test_groups_open_and_close_in_place(tab, grouped_server):
    page = tab.page
    page.goto(f"{grouped_server}/views/plan?lang=en")
    ready(page)
    page.evaluate("window.__samePage = true")
    before = page.evaluate("igelView.data.nodes.length")
    # goal 1.1 has four measures (1.1.1 to 1.1.4): its group opens into them
    group = "group:goal:" + P + "goal/1.1"
    assert page.evaluate(f"igelView.data.nodes.find(n => n.id === '{group}').label").endswith("(4)")
    page.evaluate(f"igelView.select('{group}')")
    page.click("#group-btn")
    page.wait_for_function("igelView.regroups === 1")
    ids = page.evaluate("igelView.data.nodes.map(n => n.id)")
    assert group not in ids and {P + f"measure/1.1.{i}" for i in range(1, 5)} <= set(ids)
    assert page.evaluate("igelView.data.nodes.length") == before - 1 + 4
    assert "expand=goal" in page.url and page.evaluate("window.__samePage") is True
    assert all_in_viewport(page)
    # a member closes its group again
    page.evaluate(f"igelView.select('{P}measure/1.1.2')")
    assert "Collapse the group" in details(page).inner_text()
    page.click("#group-btn")
    page.wait_for_function("igelView.regroups === 2")
    assert page.evaluate("igelView.data.nodes.length") == before and "expand=" not in page.url
    assert page.evaluate("window.__samePage") is True
    tab.clean()
