"""Every view in Chromium, from the running server and from the static export.

Each test blocks and counts every request that leaves 127.0.0.1 or file://.
"""

import pytest

from visualizations.registry import VIEWS

from .conftest import screenshot

pytestmark = pytest.mark.browser

SOURCES = ("server", "export")
GSD = "https://w3id.org/igel/id/actor/gsd"
BKD = "https://w3id.org/igel/id/actor/bkd"


@pytest.fixture
def view_url(request, live_server, static_site):
    def url(source, name, lang="de"):
        if source == "server":
            return f"{live_server}/views/{name}?lang={lang}"
        return (static_site / f"view-{name}.{lang}.html").as_uri()

    return url


def open_view(tab, url):
    tab.page.goto(url)
    tab.page.wait_for_function("window.igelView && window.igelView.ready", timeout=30000)
    # one more frame so that the counters describe the final drawing
    tab.page.evaluate("igelView.network.redraw()")
    tab.page.wait_for_timeout(100)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("name", list(VIEWS))
def test_view_renders_every_node(tab, view_url, source, name):
    open_view(tab, view_url(source, name))
    expected = tab.page.evaluate(
        "igelView.data.nodes.filter(n => n.hop == null || n.hop <= (igelView.data.hops || 99)).length"
    )
    assert expected > 0
    assert tab.page.evaluate("igelView.drawnNodes") == expected
    screenshot(tab.page, f"{source}-{name}")
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_search_finds_a_named_actor(tab, view_url, source):
    open_view(tab, view_url(source, "collaboration"))
    tab.page.fill("#view-search", "Bildungs- und Kultur")
    tab.page.click("#search-form button[type=submit]")
    tab.page.wait_for_function("igelView.selected != null")
    assert tab.page.evaluate("igelView.selected") == BKD
    assert tab.page.evaluate("igelView.network.getSelectedNodes()") == [BKD]
    assert "Bildungs- und Kulturdepartement" in tab.page.inner_text("#search-results")
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_type_filter_hides_the_measures(tab, view_url, source):
    open_view(tab, view_url(source, "plan"))
    total = tab.page.evaluate("igelView.data.nodes.length")
    tab.page.uncheck("input[data-facet=type][value=Measure]")
    tab.page.evaluate("igelView.network.redraw()")
    tab.page.wait_for_timeout(100)
    visible = tab.page.evaluate("igelView.visibleNodeIds()")
    # the plan has 15 measures (modelling contract); every other node stays
    assert len(visible) == total - 15
    # the two parts of 2.2.1 are measure parts (their own type), not measures
    assert not [v for v in visible if "/measure/" in v and "/b36/" not in v and "/part/" not in v]
    assert tab.page.evaluate("igelView.drawnNodes") == total - 15
    assert "off=type:Measure" in tab.page.url  # the state is in the URL
    # several filters at once: also hide the action field 1
    tab.page.uncheck("input[data-facet=field][value$='/field/1']")
    assert len(tab.page.evaluate("igelView.visibleNodeIds()")) < total - 15
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_click_on_a_node_opens_its_details_and_they_link_its_page(tab, view_url, source):
    open_view(tab, view_url(source, "collaboration"))
    tab.page.evaluate(
        f"igelView.network.moveTo({{position: igelView.network.getPositions(['{GSD}'])['{GSD}'], scale: 1.2}})"
    )
    tab.page.wait_for_timeout(200)
    pos = tab.page.evaluate(f"igelView.canvasPosition('{GSD}')")
    # a click shows the detail panel in place (issue 13: no more leaving the graph)
    tab.page.mouse.click(pos["x"], pos["y"])
    panel = tab.page.get_by_role("complementary", name="Details")
    panel.wait_for(state="visible")
    assert "Gesundheits- und Sozialdepartement" in panel.inner_text()
    link = panel.get_by_role("link", name="Ganze Seite öffnen")
    if source == "server":
        with tab.page.expect_navigation():
            link.click()
        assert tab.page.url.endswith("/id/actor/gsd?lang=de")
        assert "Gesundheits- und Sozialdepartement" in tab.page.content()
        tab.clean()
    else:
        # the export links to the IRI itself; the guard stops the trip to w3id.org
        link.click()
        tab.page.wait_for_timeout(1000)
        assert tab.blocked and tab.blocked[0] == GSD


@pytest.mark.parametrize("source", SOURCES)
def test_language_switch_changes_the_labels(tab, view_url, source):
    open_view(tab, view_url(source, "collaboration"))
    assert tab.page.inner_text("h1") == VIEWS["collaboration"].title["de"]
    tab.page.select_option("#colour-mode", "community")
    tab.page.click("a.lang-link[hreflang=en]")
    tab.page.wait_for_function("window.igelView && window.igelView.ready", timeout=30000)
    assert tab.page.inner_text("h1") == VIEWS["collaboration"].title["en"]
    assert tab.page.get_attribute("html", "lang") == "en"
    assert tab.page.evaluate("document.getElementById('colour-mode').value") == "community"
    assert "Find a node" in tab.page.inner_text("aside")
    tab.clean()


@pytest.mark.parametrize("source", SOURCES)
def test_ego_steps_control(tab, view_url, source):
    open_view(tab, view_url(source, "ego"))
    counts = []
    for n in (1, 2, 3):
        tab.page.fill("#hops", str(n))
        counts.append(len(tab.page.evaluate("igelView.visibleNodeIds()")))
    expected = [tab.page.evaluate(f"igelView.data.nodes.filter(x => x.hop <= {n}).length") for n in (1, 2, 3)]
    assert counts == expected and counts[0] < counts[1] <= counts[2]
    tab.clean()
