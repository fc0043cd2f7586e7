"""Results kept on disk for a store's data (igel_graph/derived.py, igel_graph/store/state.py):
read again by the next opening, never once the data has changed.

Real Oxigraph stores on disk; a computation is counted by the function that computes it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from igel_graph import cache, derived
from igel_graph.errors import QuerySyntaxError
from igel_graph.store.memory import MemoryStore
from igel_graph.store.oxigraph import OxigraphStore
from igel_graph.store.reading import ReadOnlyOxigraphStore

G = URIRef("urn:test:g")
ADD = "INSERT DATA { GRAPH <urn:test:g> { <urn:a> <urn:b> 'one' } }"


class Counting:
    """A computation that says how often it ran."""

    def __init__(self, value="result"):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "store"


def _reopen(store: OxigraphStore) -> OxigraphStore:
    store.close()
    cache.clear()  # a new process: nothing in memory
    return OxigraphStore(store.path)


def test_every_write_gives_the_store_a_new_token(folder):
    store = OxigraphStore(folder)
    g = Graph()
    g.add((URIRef("urn:x"), URIRef("urn:y"), Literal("z")))
    writes = [
        lambda: store.update(ADD),
        lambda: store.load(g, G),
        lambda: store.replace_graph(G, g),
        lambda: store.write_graphs({URIRef("urn:test:h"): (g, True)}),
        lambda: store.drop_graph(G),
    ]
    seen = {store.state_token()}
    for write in writes:
        write()
        seen.add(store.state_token())
    assert len(seen) == len(writes) + 1
    # a write that fails changes nothing, and costs only a recomputation
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { broken")
    assert store.state_token() not in seen
    store.close()


def test_the_token_is_kept_with_the_data(folder):
    store = OxigraphStore(folder)
    store.update(ADD)
    token = store.state_token()
    store = _reopen(store)
    assert store.state_token() == token
    reader = ReadOnlyOxigraphStore(folder)
    assert reader.state_token() == token
    store.update(ADD.replace("one", "two"))
    assert reader.state_token() == token  # what it opened, not what the writer has now
    reader.close()
    store.close()


def test_a_kept_result_is_read_by_the_next_opening_until_a_write(folder):
    store = OxigraphStore(folder)
    store.update(ADD)
    compute = Counting({"rows": [1, 2, 3]})
    assert cache.cached(store, ("k",), compute, persist=True) == {"rows": [1, 2, 3]}
    assert derived.entries(store) == 1
    store = _reopen(store)
    assert cache.cached(store, ("k",), compute, persist=True) == {"rows": [1, 2, 3]}
    assert compute.calls == 1  # read from disk, not computed again
    old = derived.folder(store)
    store.update(ADD.replace("one", "two"))
    assert derived.entries(store) == 0
    cache.cached(store, ("k",), compute, persist=True)
    assert compute.calls == 2
    assert not old.exists()  # the entries of the data before the write are gone
    store.close()


def test_a_result_computed_across_a_write_is_not_kept(folder):
    store = OxigraphStore(folder)

    def compute_while_writing():
        store.update(ADD)  # the data changes while the result is computed
        return "stale"

    assert cache.cached(store, ("k",), compute_while_writing, persist=True) == "stale"
    assert derived.entries(store) == 0
    store.close()


def test_a_read_only_opening_reads_kept_results_and_files_none(folder):
    store = OxigraphStore(folder)
    store.update(ADD)
    cache.cached(store, ("kept",), Counting("from the writer"), persist=True)
    reader = ReadOnlyOxigraphStore(folder)
    other = Counting("from the reader")
    assert cache.cached(reader, ("kept",), other, persist=True) == "from the writer"
    assert cache.cached(reader, ("not kept",), other, persist=True) == "from the reader"
    assert other.calls == 1
    assert derived.entries(store) == 1
    reader.close()
    store.close()


def test_another_program_never_reads_what_this_one_kept(folder, monkeypatch):
    store = OxigraphStore(folder)
    compute = Counting()
    cache.cached(store, ("k",), compute, persist=True)
    store = _reopen(store)
    monkeypatch.setattr(derived, "program_digest", lambda: "another-program")
    cache.cached(store, ("k",), compute, persist=True)
    assert compute.calls == 2
    store.close()


def test_a_damaged_entry_is_computed_again(folder):
    store = OxigraphStore(folder)
    compute = Counting()
    cache.cached(store, ("k",), compute, persist=True)
    for entry in derived.folder(store).glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    store = _reopen(store)
    assert cache.cached(store, ("k",), compute, persist=True) == "result"
    assert compute.calls == 2
    store.close()


def test_stores_without_a_folder_keep_nothing_on_disk(tmp_path):
    for store in (MemoryStore(), OxigraphStore(None)):
        assert store.state_token() is None and store.derived_dir() is None
        compute = Counting()
        cache.cached(store, ("k",), compute, persist=True)
        assert derived.entries(store) == 0


def test_a_named_query_is_run_once_per_state_of_the_data(folder):
    """``igel query`` and the API's listings read the whole result kept for the data."""
    from igel_graph.queries import get_query

    store = OxigraphStore(folder)
    store.update(
        """PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { GRAPH <urn:test:g> {
  <urn:m> a igel:Measure ; igel:number "9.9.9" ; rdfs:label "Massnahme 9.9.9"@de ;
          igel:partOfPlan <urn:plan> } }"""
    )
    q = get_query("timeline")
    first = q.run(store)
    assert [str(r[6]) for r in first.rows] == ["9.9.9"]  # ?number, the seventh column
    store = _reopen(store)
    runs = []
    real = store.query
    store.query = lambda *a, **k: runs.append(a) or real(*a, **k)  # type: ignore[method-assign]
    kept = q.stored(store, q.bindings({}))
    assert kept is not None and kept.vars == first.vars and kept.rows == first.rows
    assert q.run(store).rows == first.rows
    assert runs == []  # nothing was asked of the engine
    store.update(ADD)
    assert q.stored(store, q.bindings({})) is None
    assert q.run(store).rows == first.rows and len(runs) == 1
    store.close()


def test_computing_ahead_keeps_results_on_disk_not_in_memory(folder):
    """igel_graph/precompute.py: a step is computed once per state of the data, its
    result filed on disk; a kept step costs a lookup; a failing step does not stop the rest."""
    from igel_graph.precompute import Step, run

    store = OxigraphStore(folder)
    store.update(ADD)
    first, second = Counting(["many rows"]), Counting()

    def broken():
        raise RuntimeError("engine failure")

    steps = [Step("broken", ("b",), broken), Step("first", ("f",), first), Step("second", ("s",), second)]
    outcomes = run(store, steps)
    assert outcomes["broken"].status == "failed"  # and the others ran
    assert (first.calls, second.calls) == (1, 1)
    assert derived.exists(store, ("f",)) and not derived.exists(store, ("b",))
    assert cache.cache_key(store, ("f",)) not in cache._entries  # not held in memory
    assert cache.peek(store, ("f",)) == ["many rows"]  # read back from the disk...
    run(store, steps)
    assert (first.calls, second.calls) == (1, 1)  # ...and not computed again
    store.update(ADD.replace("one", "two"))
    run(store, steps)
    assert (first.calls, second.calls) == (2, 2)
    store.close()
