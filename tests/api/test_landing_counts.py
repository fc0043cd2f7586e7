"""``/healthz`` and the landing page do not count the store on every call (issue 11,
point 2): ``/healthz`` reads no store at all, and the landing page's counts are kept in
the one cache (``igel_graph.cache``, keyed on the store's change counter) until a write.

The store is a real Oxigraph store on disk (a copy of the built one) whose reads are
counted: a subclass that only tallies ``query`` and ``graphs`` before doing them.
"""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from igel_graph.store.oxigraph import OxigraphStore

MEASURES = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/igel/ontology#Measure> }"


class CountingStore(OxigraphStore):
    """An Oxigraph store that counts its reads (``query`` and ``graphs``)."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.reads = 0
        self._reads_lock = threading.Lock()

    def _tally(self) -> None:
        with self._reads_lock:
            self.reads += 1

    def query(self, *args, **kwargs):
        self._tally()
        return super().query(*args, **kwargs)

    def graphs(self):
        self._tally()
        return super().graphs()


@pytest.fixture(scope="module")
def counted(built_oxigraph, tmp_path_factory):
    """The API over a counting copy of the built store: ``(server, store)``."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    store = CountingStore(tmp_path_factory.mktemp("counted") / "store")
    for graph in built_oxigraph.graphs():
        store.load(built_oxigraph.graph(graph), graph)
    with ServerThread(create_app(Settings(store=str(store.path)), store=store)) as running:
        yield running, store
    store.close()


def _measures_on_page(html: str) -> int:
    """The figure the landing page shows beside "Massnahmen" (measures)."""
    found = re.search(r"<strong>(\d+)</strong>\s*Massnahmen", html)
    assert found, "the landing page shows no count of measures"
    return int(found.group(1))


def _measures_in_store(store: OxigraphStore) -> int:
    return int(str(store.query(MEASURES).rows[0][0]))


def test_landing_counts_once_per_store_state_and_healthz_reads_nothing(counted):
    server, store = counted
    with httpx.Client(base_url=server.url, timeout=60) as c:
        before = store.reads
        first = c.get("/", params={"lang": "de"})
        after_first = store.reads
        second = c.get("/", params={"lang": "de"})
        english = c.get("/", params={"lang": "en"})  # the counts do not depend on the language
        after_second = store.reads
        for _ in range(5):
            assert c.get("/healthz").status_code == 200
        after_healthz = store.reads
        assert first.status_code == second.status_code == english.status_code == 200
        # the first call counts (the class counts and the graph sizes), the next ones reuse them
        assert after_first - before >= 2
        assert after_second == after_first, "the landing page counted the store again without a write"
        assert after_healthz == after_second, "/healthz read the store"
        expected = _measures_in_store(store)  # the store's own count, asked directly
        assert _measures_on_page(first.text) == _measures_on_page(second.text) == expected

        # a write (through the store's own write method, which bumps its change counter)
        store.update(
            "INSERT DATA { GRAPH <https://w3id.org/igel/graph/test-landing> { "
            "<https://w3id.org/igel/id/measure/test-landing> a <https://w3id.org/igel/ontology#Measure> } }"
        )
        third = c.get("/", params={"lang": "de"})
        assert store.reads > after_healthz, "the landing page did not count again after a write"
        assert _measures_on_page(third.text) == expected + 1
        settled = store.reads
        assert _measures_on_page(c.get("/", params={"lang": "de"}).text) == expected + 1
        assert store.reads == settled
