"""The monitoring dashboard in real Chromium, offline (issue 14): charts, the example-data
banner, and the reporting form accepting a valid status report and showing a message per
field for an invalid one; the status history on a measure profile and the collaboration
view coloured by status."""

from __future__ import annotations

from igel_graph.monitoring.tokens import TokenFile
from visualizations.palette import STATUS_COLOURS

from .conftest import screenshot


def test_dashboard_renders_offline_with_charts_and_banner(tab, live_server):
    page = tab.page
    page.goto(live_server + "/monitoring?as_of=2026-10-31&lang=de")
    banner = page.locator("#example-banner")
    assert banner.is_visible()
    assert "Beispieldaten" in banner.inner_text() and "example data" in banner.inner_text()
    # status per field, per goal, the starts timeline, four indicators with values, the money
    assert page.locator("svg.chart").count() >= 8
    # 1.2.3: planned Q1 2026, first reported start 2026-05-10 (status.csv)
    assert page.locator("svg.chart title", has_text="1.2.3:").count() >= 2
    row = page.locator("tr", has_text="2.1.1 ").first
    assert "verzögert" in row.inner_text()
    screenshot(page, "monitoring-dashboard-de")
    tab.clean()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/monitoring?as_of=2026-10-31&lang=en")
    assert page.locator("#example-banner").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # no sideways scrolling
    screenshot(page, "monitoring-dashboard-en-phone")
    tab.clean()


def test_form_accepts_a_valid_report_and_marks_fields_of_an_invalid_one(tab, live_server, store_dir):
    secret, _ = TokenFile(store_dir / "monitoring-tokens.json").create("bkd")
    page = tab.page
    # a write is validated with SHACL and re-renders the dashboard: slow on a loaded machine
    page.set_default_timeout(180_000)
    page.goto(live_server + "/monitoring?lang=en")
    form = page.locator("#status-form")
    form.locator("input[name=token]").fill(secret)
    form.locator("select[name=measure]").select_option("3.1.2")
    form.locator("select[name=status]").select_option("on-track")
    form.locator("input[name=date]").fill("2026-11-20")
    form.locator("textarea[name=note]").fill("Browser test")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#report-ok").is_visible()
    # invalid: a measure the BKD takes no part in, and a date outside the plan
    form = page.locator("#status-form")
    form.locator("input[name=token]").fill(secret)
    form.locator("select[name=measure]").select_option("2.1.1")
    form.locator("input[name=date]").fill("2019-01-01")
    form.locator("input[name=evidence]").fill("not a link")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#err-status-date").is_visible()
    assert "outside the plan" in page.locator("#err-status-date").inner_text()
    assert "not a web link" in page.locator("#err-status-evidence").inner_text()
    assert page.locator("#report-ok").count() == 0
    screenshot(page, "monitoring-form-errors")
    # a wrong token is named at its field
    form = page.locator("#observation-form")
    form.locator("input[name=token]").fill("igel_wrong")
    form.locator("input[name=value]").fill("3")
    form.locator("input[name=date]").fill("2026-11-01")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "token" in page.locator("#err-observations-token").inner_text()
    assert tab.blocked == []


def test_measure_profile_shows_the_status_history(tab, live_server):
    """1.1.3 (status.csv rows 6 and 7: started 2026-02-01, delayed 2026-09-30, both by the
    GSD): as of 2026-10-31 delayed, the history newest first, the example banner."""
    page = tab.page
    page.goto(live_server + "/id/plan/igel-2026-2030/measure/1.1.3?as_of=2026-10-31&lang=en")
    section = page.locator("section#status")
    assert section.locator("#example-banner").is_visible()
    assert "As of 2026-10-31" in section.locator(".as-of-line").inner_text()
    assert "delayed (since 2026-09-30)" in section.locator(".status-current").inner_text()
    rows = section.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().startswith("2026-09-30") and "delayed" in rows.nth(0).inner_text()
    assert rows.nth(1).inner_text().startswith("2026-02-01") and "started" in rows.nth(1).inner_text()
    # the day picker shows another day: as of 2026-06-30 only the start was known
    section.locator("input[name=as_of]").fill("2026-06-30")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "as_of=2026-06-30" in page.url
    section = page.locator("section#status")
    assert section.locator("tbody tr").count() == 1
    assert "started (since 2026-02-01)" in section.locator(".status-current").inner_text()
    section.scroll_into_view_if_needed()
    screenshot(page, "measure-status-history")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # no sideways scrolling
    tab.clean()


def test_collaboration_view_coloured_by_status_shows_its_legend(tab, live_server):
    """colour=status opens the view in that mode: the status legend is shown with the
    statuses present on 2026-10-31 (3.1.3 suspended, 2.1.1 delayed: status.csv rows 21, 14)."""
    page = tab.page
    page.goto(live_server + "/views/collaboration?colour=status&as_of=2026-10-31&lang=en")
    page.wait_for_function("window.igelView && window.igelView.ready", timeout=60_000)
    assert page.locator("#colour-mode").input_value() == "status"
    legend = page.locator('.legend-list[data-mode="status"]')
    assert legend.is_visible()
    text = legend.inner_text()
    for label in ("suspended", "delayed", "started", "on track"):
        assert label in text
    assert page.locator('.legend-list[data-mode="type"]').is_hidden()
    assert "2026-10-31" in page.locator("#as-of-line").inner_text()
    # the GSD leads 3.1.3 (suspended): its node is drawn in the suspended colour
    colour = page.evaluate("window.igelView.nodes.get('https://w3id.org/igel/id/actor/gsd').color.background")
    assert colour == STATUS_COLOURS["suspended"]
    # switching to another mode and back keeps working through the toolbar control
    page.select_option("#colour-mode", "type")
    assert legend.is_hidden()
    page.select_option("#colour-mode", "status")
    assert legend.is_visible() and "colour=status" in page.url
    screenshot(page, "collaboration-by-status")
    tab.clean()
