"""The API's caches key on the store's state (its identity and change counter, through
igel_graph/cache.py), not on a generation the app bumps by hand (issue 11, point 2/4): a
write made through the store object by any code path is seen by the next request."""

from __future__ import annotations

import httpx

from igel_graph.namespaces import GRAPH_BASE

GSD = "https://w3id.org/igel/id/actor/gsd"
GRAPH = GRAPH_BASE + "upload/cache-key-test"


def test_a_write_through_the_store_refreshes_cached_pages_and_counts(write_server, writable_store):
    with httpx.Client(base_url=write_server.url, timeout=60) as c:
        first = c.get("/id/actor/gsd.nt")
        assert first.status_code == 200 and GSD in first.text
        assert c.get("/id/actor/gsd.nt").text == first.text  # the cached answer
        landing = c.get("/", headers={"accept": "text/html"}).text
        writable_store.update(
            f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{GSD}> <http://www.w3.org/2000/01/rdf-schema#comment> "cache key"@en .'
            f" <{GSD}/x> a <https://w3id.org/igel/ontology#Measure> }} }}"
        )
        try:
            after = c.get("/id/actor/gsd.nt")
            assert '"cache key"@en' in after.text and after.text != first.text
            # the landing page's counts (kept per store state) count the new measure
            assert c.get("/", headers={"accept": "text/html"}).text != landing
        finally:
            writable_store.drop_graph(GRAPH)
        assert '"cache key"@en' not in c.get("/id/actor/gsd.nt").text
