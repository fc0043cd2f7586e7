"""A named query computed ahead past its time limit is stopped, said once and counted;
the server answers the listings computed after it from what was kept (api/precompute.py,
igel_graph/precompute.py, igel_graph/precompute_child.py). Real server, real child
processes, a copy of the built IGeL store on disk.
"""

from __future__ import annotations

import logging
import shutil

import httpx
import pytest

from igel_graph import derived
from igel_graph.precompute import COMPUTED, TIMED_OUT, Step, query_steps, run
from igel_graph.precompute_child import ChildQuery
from igel_graph.queries import load_named_queries, parse_named_query
from igel_graph.store.oxigraph import OxigraphStore
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow

#: the store crossed with itself three times: about 6 * 10^11 rows to count
SLOW = parse_named_query(
    """#+ title: the store cubed
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } }""",
    "test-slow",
)


def _copy(built_oxigraph, tmp_path) -> OxigraphStore:
    built_oxigraph.flush()
    copy = tmp_path / "store"
    shutil.copytree(built_oxigraph.path, copy)
    shutil.rmtree(copy / derived.DERIVED_DIR, ignore_errors=True)
    return OxigraphStore(copy)


def _query_steps() -> int:
    """The named-query steps the server computes ahead (igel_graph/precompute.py)."""
    from igel_graph.precompute import _parameter_sets

    return sum(len(_parameter_sets(q)) for q in load_named_queries().values())


def test_the_server_answers_from_what_was_kept_after_a_step_that_timed_out(built_oxigraph, tmp_path):
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    store = _copy(built_oxigraph, tmp_path)
    actors = load_named_queries()["actors"]
    bindings = actors.bindings({})  # what /api/queries/actors is opened with
    steps = [
        Step("query test-slow", SLOW.result_key({}), lambda: None, child=ChildQuery(SLOW, {})),
        Step("query actors", actors.result_key(bindings), lambda: None, child=ChildQuery(actors, bindings)),
    ]
    # the limit covers starting the next child too: seconds beside the parallel test suite
    outcomes = run(store, steps, step_timeout=8.0)
    assert [o.status for o in outcomes.values()] == [TIMED_OUT, COMPUTED]
    whole = actors.evaluate(store, bindings)
    # a large threshold: this server computes nothing ahead by itself
    settings = Settings(store=str(store.path))
    with ServerThread(create_app(settings, store=store)) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        before = c.get("/healthz").json()["queries_run"]
        page = c.get("/api/queries/actors", params={"limit": 5}).json()
        assert c.get("/healthz").json()["queries_run"] == before  # read from the kept result
        assert page["total"] == len(whole.rows)
        assert [r["actor"] for r in page["rows"]] == [str(row[0]) for row in whole.rows[:5]]
    store.close()


def test_the_server_counts_and_logs_each_timed_out_step_once(built_oxigraph, tmp_path, caplog):
    """A limit of 50 ms is shorter than a child takes to start (a new Python process
    importing the engine: about half a second here), so every named query times out
    while the read model, the analysis and the views (in the server's process) are kept."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    store = _copy(built_oxigraph, tmp_path)
    settings = Settings(store=str(store.path), precompute_min_triples=0, precompute_step_timeout=0.05)
    caplog.set_level(logging.WARNING, logger="igel.precompute")
    with ServerThread(create_app(settings, store=store)) as server, httpx.Client(base_url=server.url, timeout=60) as c:

        def finished() -> bool:
            state = c.get("/healthz").json()["computed_ahead"]
            return state.get("total") is not None and state["done"] == state["total"] and not state["running"]

        assert wait_for(finished)
        state = c.get("/healthz").json()["computed_ahead"]
    # a view reads one listing itself (plan-comparison, in this process): it is kept already
    missing = [step.label for step in query_steps(store) if not derived.exists(store, step.key)]
    assert len(missing) >= _query_steps() - 2 and "query actors lang=de" in missing
    assert state["timed_out"] == len(missing)
    said = [r.getMessage() for r in caplog.records if r.name == "igel.precompute" and "took longer" in r.getMessage()]
    assert sorted(said) == sorted(
        f"Computing ahead: {label} took longer than 0.05 s (IGEL_PRECOMPUTE_STEP_TIMEOUT) and was stopped; "
        "it is computed when asked for."
        for label in missing
    )  # each once, by name
    store.close()
