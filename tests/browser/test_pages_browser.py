"""Every site page in Chromium, from the server and from the static export."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "/": "index",
    "/plan": "plan",
    "/gaps": "gaps",
    "/timeline": "timeline",
    "/finance": "finance",
    "/query": "query",
    "/views": "views",
    "/monitoring": "monitoring",
}


def page_url(source, path, live_server, static_site, lang="de"):
    if source == "server":
        return f"{live_server}{path}?lang={lang}"
    return (static_site / f"{PAGES[path]}.{lang}.html").as_uri()


@pytest.mark.parametrize("source", ("server", "export"))
@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_and_switches_language(tab, live_server, static_site, source, path):
    tab.page.goto(page_url(source, path, live_server, static_site))
    tab.page.wait_for_load_state("load")
    h1_de = tab.page.inner_text("h1")
    assert tab.page.get_attribute("html", "lang") == "de"
    screenshot(tab.page, f"{source}-page-{PAGES[path]}")
    tab.page.click(".lang-switch a[hreflang=en]")
    tab.page.wait_for_load_state("load")
    assert tab.page.get_attribute("html", "lang") == "en"
    assert tab.page.inner_text("h1") != h1_de
    tab.clean()


def test_keyboard_reaches_the_view_search(tab, live_server):
    tab.page.goto(f"{live_server}/views/collaboration")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip-link"
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.press("Tab")
    # the skip link moves the starting point to the search form: its box comes next
    assert tab.page.evaluate("document.activeElement.id") == "view-search"
    tab.clean()


def test_sparql_editor_runs_an_example(tab, live_server):
    tab.page.goto(f"{live_server}/query?lang=en")
    tab.page.select_option("#example", "timeline")
    assert "igel:start" in tab.page.input_value("#query")
    tab.page.click("#sparql-form button[type=submit]")
    tab.page.wait_for_selector("#sparql-results table tbody tr")
    assert tab.page.locator("#sparql-results tbody tr").count() == 15  # the 15 measures
    assert "format=csv" in tab.page.get_attribute("#dl-csv", "href")
    tab.clean()
