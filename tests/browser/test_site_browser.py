"""The site's own pages in Chromium: printing, phones and accessibility.

* the GSD briefing prints on at most two A4 pages (Chromium's own PDF printing);
* no own page scrolls sideways on a 390×844 phone, in either language;
* axe-core (vendored, ``tests/browser/vendor/axe.min.js``) finds no serious or critical
  violation on any own page in either language;
* the keyboard focus ring stands at least 3:1 against the page behind it (WCAG 2.2,
  1.4.11 non-text contrast);
* the gap report's filters apply on change and keep their state in the URL.

The graph views (``/views/NAME``) are in both scans too; their interaction (panel,
filters, search, export, tour) is tested in ``test_explorer_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: every page of the site, the graph views included
OWN_PAGES = [
    "/",
    "/plan",
    "/gaps",
    "/gaps?severity=high",
    "/timeline",
    "/finance",
    "/query",
    "/views",
    "/projects/bw-modellprojekt",
    "/dumps",
    "/api/queries",
    "/api/queries/timeline?format=html",
    "/ontology",
    "/graph/curated",
    "/id/actor/gsd",
    "/id/actor/bkd",
    "/id/plan/igel-2026-2030/measure/2.1.2",
    "/id/plan/igel-2026-2030/goal/3.1",
    "/id/plan/igel-2026-2030/field/3",
    "/id/theme/digitalisierung",
    "/id/plan/igel-2026-2030",
    "/id/plan/bw-modellprojekt",
    "/id/finding/sole-broker/d7c7a8d17eaf",
    "/monitoring",
    "/plans",
    "/plans/upload",
    "/compare",
    "/views/plan",
    "/views/collaboration",
    "/views/dependencies",
    "/views/themes",
    "/views/comparison",
    "/views/ego?center=https://w3id.org/igel/id/actor/gsd",
]


def _url(base: str, path: str, lang: str) -> str:
    return f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"


def _guarded(browser, width: int, height: int):
    """A page of a new context that may only reach 127.0.0.1 (anything else is aborted
    and recorded)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    blocked: list[str] = []

    def guard(route):
        if route.request.url.startswith(("http://127.0.0.1:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return context, page, blocked


def _pdf_pages(pdf: bytes) -> int:
    # each page of Chromium's PDF is one "/Type /Page" dictionary ("/Pages" is the tree)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_gsd_briefing_prints_on_at_most_two_a4_pages(browser, live_server, lang):
    context, page, blocked = _guarded(browser, 1440, 900)
    try:
        page.goto(_url(live_server, "/id/actor/gsd", lang))
        pages = _pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, pages
        # the print keeps what a reader needs: measures, metrics, findings, sentences
        page.emulate_media(media="print")
        for sid in ("measures", "metrics", "partners", "findings", "sources"):
            assert page.locator(f"#{sid}").is_visible(), sid
        assert not page.locator("#all-statements").is_visible()
        assert blocked == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_own_page_scrolls_sideways_on_a_phone(browser, live_server, lang):
    context, page, blocked = _guarded(browser, 390, 844)
    wide = []
    try:
        for path in OWN_PAGES:
            page.goto(_url(live_server, path, lang))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append((path, width))
        screenshot(page, f"phone-{lang}-last-own-page")
    finally:
        context.close()
    assert wide == []
    assert blocked == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_axe_finds_no_serious_or_critical_violation_on_any_own_page(browser, live_server, lang):
    axe = AXE.read_text(encoding="utf-8")
    context, page, blocked = _guarded(browser, 1440, 900)
    found = {}
    try:
        for path in OWN_PAGES:
            page.goto(_url(live_server, path, lang))
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
            )
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}
    assert blocked == []


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])
    return r, g, b


def test_focus_ring_has_at_least_three_to_one_contrast(browser, live_server):
    context, page, _ = _guarded(browser, 1440, 900)
    try:
        page.goto(_url(live_server, "/gaps", "de"))
        ratios = []
        for _ in range(4):  # the skip link, the brand, two navigation links
            page.keyboard.press("Tab")
            style = page.evaluate(
                """() => { const e = document.activeElement, s = getComputedStyle(e);
                   return {outline: s.outlineColor, width: s.outlineWidth, style: s.outlineStyle}; }"""
            )
            assert style["style"] != "none" and float(style["width"].rstrip("px")) >= 2, style
            # the ring is drawn outside the element, on the header's background
            behind = page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).backgroundColor")
            ratios.append(_contrast(_rgb(style["outline"]), _rgb(behind)))
            ratios.append(_contrast(_rgb(style["outline"]), (255, 255, 255)))
        assert min(ratios) >= 3.0, ratios
    finally:
        context.close()


def test_gap_report_filter_applies_on_change_and_keeps_state_in_the_url(browser, live_server):
    context, page, blocked = _guarded(browser, 1440, 900)
    try:
        page.goto(_url(live_server, "/gaps", "en"))
        # the plan's 5 high findings (tests/api/test_gaps.py) and those on the example data
        high = page.locator('article[data-severity="high"]').count()
        assert high >= 5
        with page.expect_navigation():
            page.select_option("#filter-severity", "high")
        assert "severity=high" in page.url and "lang=en" in page.url
        assert re.search(rf"\({high} of \d+\)", page.inner_text("#all-heading"))
        page.reload()
        assert page.input_value("#filter-severity") == "high"
        screenshot(page, "gaps-filtered")
        assert blocked == []
    finally:
        context.close()


def test_gap_report_filters_in_the_static_export(browser, static_site):
    """Opened from disk a file ignores its parameters: the script filters in the page and
    writes the state into the URL; reopening that URL restores it."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((static_site / "gaps.en.html").as_uri())
        total = int(re.search(r"\((\d+) of (\d+)\)", page.inner_text("#all-heading")).group(2))
        high = page.locator('article[data-severity="high"]').count()
        assert high >= 5
        page.select_option("#filter-severity", "high")
        assert re.search(rf"\({high} of \d+\)", page.inner_text("#all-heading"))
        assert "severity=high" in page.url
        visible = page.locator("article[data-kind]:visible")
        assert visible.count() == high
        page.goto(page.url)
        assert page.input_value("#filter-severity") == "high"
        assert page.locator("article[data-kind]:visible").count() == high
        page.select_option("#filter-severity", "")
        assert page.locator("article[data-kind]:visible").count() == total
        assert errors == []
    finally:
        context.close()
