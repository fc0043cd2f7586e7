"""``?version=`` on the graph views and the plan page: the IGeL workbook imported twice,
the second time without measure 3.1.3 (the five edits of ``test_diff.edited_workbook``).
Version 1 ("Druck") shows the measure, version 2 ("Revision", current) and the default do
not; an unknown version is 404 naming the known ones; the pages say which version they
show and link the others."""

from __future__ import annotations

import httpx
import pytest
from test_diff import PLAN, two_versions  # noqa: F401  (the store with both versions)

#: the measure the second version removes (test_diff.edited_workbook deletes row 3.1.3)
REMOVED = f"{PLAN}/measure/3.1.3"
#: the measure the second version adds
ADDED = f"{PLAN}/measure/4.1.3"


@pytest.fixture(scope="module")
def http(two_versions):  # noqa: F811
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(two_versions)
    with ServerThread(create_app(Settings(store=str(two_versions)), store=store)) as running:
        with httpx.Client(base_url=running.url, timeout=120) as client:
            client.store = store  # type: ignore[attr-defined]
            yield client
    store.close()


def _node_ids(http, view: str, **params) -> set[str]:
    answer = http.get(f"/views/{view}", params={"format": "json", **params})
    assert answer.status_code == 200, answer.text
    return {node["id"] for node in answer.json()["nodes"]}


@pytest.mark.parametrize("view", ["plan", "dependencies"])
def test_view_shows_the_chosen_version(http, view):
    first = _node_ids(http, view, version="Druck")
    assert REMOVED in first and ADDED not in first
    for current in (
        _node_ids(http, view),
        _node_ids(http, view, version="Revision"),
        _node_ids(http, view, version="2"),
    ):
        assert REMOVED not in current and ADDED in current
    # the version's IRI names it too
    assert REMOVED in _node_ids(http, view, version=f"{PLAN}/version/1")


def test_view_json_says_which_version(http):
    answer = http.get("/views/plan", params={"format": "json", "version": "1"}).json()
    assert answer["version"]["label"] == "Druck" and answer["version"]["current"] is False
    assert answer["version"]["iri"] == f"{PLAN}/version/1"


def test_unknown_version_is_404_naming_the_known_ones(http):
    answer = http.get("/views/plan", params={"version": "v9"})
    assert answer.status_code == 404
    text = answer.text
    assert "v9" in text and "Druck" in text and "Revision" in text and "Traceback" not in text
    assert http.get("/plan", params={"plan": "id:plan/igel-2026-2030", "version": "v9"}).status_code == 404


def test_view_page_has_the_version_picker(http):
    page = http.get("/views/collaboration", params={"version": "Druck", "lang": "en"}).text
    assert '<strong aria-current="true" data-version="' + f"{PLAN}/version/1" + '">Druck (shown)</strong>' in page
    assert 'href="/views/collaboration?lang=en&amp;version=Revision"' in page
    assert "Revision (current)" in page
    # the other views keep the version
    assert 'href="/views/plan?lang=en&amp;version=Druck"' in page


def test_plan_page_shows_the_chosen_version(http):
    old = http.get("/plan", params={"plan": "id:plan/igel-2026-2030", "version": "Druck", "lang": "en"})
    assert old.status_code == 200, old.text
    assert 'id="m-3.1.3"' in old.text and 'id="m-4.1.3"' not in old.text
    assert "Plan version" in old.text and "Revision (current)" in old.text
    new = http.get("/plan", params={"plan": "id:plan/igel-2026-2030", "lang": "en"}).text
    assert 'id="m-3.1.3"' not in new and 'id="m-4.1.3"' in new
    assert (
        '<strong aria-current="true" data-version="' + f"{PLAN}/version/2" + '">Revision (current, shown)</strong>'
        in new
    )


def test_plans_list_links_each_version_to_its_plan_page(http):
    page = http.get("/plans", params={"lang": "en"}).text
    assert 'href="/plan?plan=id:plan/igel-2026-2030&amp;version=1&amp;lang=en">Druck</a>' in page


def test_derived_graphs_are_derived_again_for_the_version(http):
    """With an inferred and an analysis graph in the store, the version's store has its own:
    no inferred triple mentions the measure added in version 2, while the removed one has
    its entailments again (reasoned with the rules), and it is analysed."""
    import io

    import pyoxigraph as ox
    from rdflib import URIRef

    from igel_graph.namespaces import Graphs
    from igel_graph.readmodel import store_analysis
    from igel_graph.reason import reason
    from igel_graph.store.oxigraph import OxigraphStore
    from igel_graph.workbook.version_store import store_at
    from igel_graph.workbook.versions import find_version

    copy = OxigraphStore(None)  # the served store is not written: a copy with derived graphs
    dump = io.BytesIO()
    http.store.dump(dump, "nquads")
    copy.raw.load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
    reason(copy, engine="rules")
    store_analysis(copy)
    inferred_now = copy.graph(Graphs.INFERRED)
    assert (URIRef(ADDED), None, None) in inferred_now  # the current version's entailments

    plan, first = find_version(copy, "Druck")
    old = store_at(copy, plan, first)
    assert old is not copy and store_at(copy, plan, first) is old  # cached per store state
    inferred_then = old.graph(Graphs.INFERRED)
    assert (URIRef(ADDED), None, None) not in inferred_then
    assert (URIRef(REMOVED), None, None) in inferred_then
    assert Graphs.ANALYSIS in old.graphs()
    assert store_at(copy, *find_version(copy, "Revision")) is copy  # the current version: the store itself
