"""A large store's listings and views are computed ahead by the server (api/precompute.py,
igel_graph/precompute.py) and read from what was kept; a write is never answered with
what was kept for the data before it.

The real IGeL data is far below the size at which the server computes ahead by itself
(``precompute_min_triples``), so this server is told to do it at any size. Expected
label: the GSD's German label in ontology/data (the action plan names it "Gesundheits- und
Sozialdepartement"); the test renames it.
"""

from __future__ import annotations

import httpx
import pytest
from api_test_config import TOKEN

from igel_graph import derived
from igel_graph.queries import load_named_queries
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow

GSD = "https://w3id.org/igel/id/actor/gsd"
OLD_NAME = "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)"
NEW_NAME = "Gesundheitsdepartement (neu)"
RENAME = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
DELETE { GRAPH ?g { <%s> rdfs:label ?old } } INSERT { GRAPH ?g { <%s> rdfs:label "%s"@de } }
WHERE { GRAPH ?g { <%s> rdfs:label ?old FILTER(lang(?old) = "de") } }""" % (GSD, GSD, NEW_NAME, GSD)
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}


def _steps() -> int:
    """Results the server computes ahead: read model, analysis, each listing in each
    language (igel_graph/precompute.py) and the six views."""
    from igel_graph.precompute import _parameter_sets

    return 2 + sum(len(_parameter_sets(q)) for q in load_named_queries().values()) + 6


@pytest.fixture(scope="module")
def ahead(writable_store):
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    settings = Settings(store=str(writable_store.path), write_token=TOKEN, precompute_min_triples=0)
    with ServerThread(create_app(settings, store=writable_store)) as running:
        yield running, writable_store


def _names(c: httpx.Client) -> dict[str, str]:
    rows = c.get("/api/queries/actors", params={"limit": 1000}).json()["rows"]
    return {row["actor"]: row["label"] for row in rows}


def test_the_server_computes_the_listings_and_views_ahead(ahead):
    server, store = ahead
    assert wait_for(lambda: derived.entries(store) >= _steps()), derived.entries(store)
    with httpx.Client(base_url=server.url, timeout=60) as c:
        assert wait_for(lambda: c.get("/healthz").json()["computed_ahead"]["done"] == _steps())
        assert c.get("/healthz").json()["computed_ahead"] == {
            "running": False,
            "done": _steps(),
            "total": _steps(),
            "step": None,
            "timed_out": 0,
        }
        before = c.get("/healthz").json()["queries_run"]
        page = c.get("/api/queries/actors", params={"limit": 5}).json()
        assert c.get("/healthz").json()["queries_run"] == before  # read from the kept result
        whole = load_named_queries()["actors"].run(store, {})
        assert page["total"] == len(whole.rows) and len(page["rows"]) == 5
        assert [r["actor"] for r in page["rows"]] == [str(row[0]) for row in whole.rows[:5]]
        assert c.get("/views/collaboration").status_code == 200


def test_a_write_is_never_answered_with_what_was_kept_before_it(ahead):
    server, store = ahead
    with httpx.Client(base_url=server.url, timeout=60) as c:
        assert _names(c)[GSD] == OLD_NAME
        old, old_folder = store.state_token(), derived.folder(store)
        r = c.post("/sparql/update", content=RENAME.encode(), headers=AUTH)
        assert r.status_code == 200, r.text
        assert store.state_token() != old
        # at once, before the refresh and the new run ahead: the listing is computed anew
        assert _names(c)[GSD] == NEW_NAME
        # then the run ahead keeps the new data's results, and the old folder is gone
        assert wait_for(lambda: derived.entries(store) >= _steps())
        assert not old_folder.exists()
        assert _names(c)[GSD] == NEW_NAME
        assert OLD_NAME not in c.get("/api/queries/actors", params={"format": "csv", "limit": 1000}).text


def _igel(*args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", *args], capture_output=True, text=True, timeout=600
    )


def test_igel_precompute_keeps_every_result_for_the_store(built_oxigraph, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(built_oxigraph.path, copy)
    shutil.rmtree(copy / derived.DERIVED_DIR, ignore_errors=True)
    done = _igel("--store", str(copy), "precompute")
    assert done.returncode == 0, done.stderr
    assert f"Computed {_steps()} results ahead" in done.stdout
    # progress, step by step: the views right after the read model and the analysis
    assert "[3/" in done.stderr.split("view plan")[0].rsplit("\n", 1)[-1]
    assert f"[{_steps()}/{_steps()}] query timeline lang=en" in done.stderr
    again = _igel("--store", str(copy), "precompute")
    assert f"{_steps()} are kept for the store's data" in again.stdout


def test_igel_precompute_skips_the_named_queries_it_is_told_to(built_oxigraph, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(built_oxigraph.path, copy)
    shutil.rmtree(copy / derived.DERIVED_DIR, ignore_errors=True)
    done = _igel("--store", str(copy), "precompute", "--skip", "timeline", "--skip", "actors")
    assert done.returncode == 0, done.stderr
    assert f"Computed {_steps() - 4} results ahead" in done.stdout  # two queries, two languages each
    assert "query timeline" not in done.stderr and "query actors " not in done.stderr
    wrong = _igel("--store", str(copy), "precompute", "--skip", "timelines")
    assert wrong.returncode == 2 and "No named query timelines" in wrong.stderr


def test_igel_precompute_on_a_store_that_keeps_nothing_is_one_message():
    done = _igel("--store", "memory", "precompute")
    assert done.returncode == 2
    assert "keeps no results on disk" in done.stderr and "Traceback" not in done.stderr


def test_igel_precompute_names_the_steps_that_timed_out_with_the_limit(built_oxigraph, tmp_path):
    """A limit of 50 ms is shorter than a child process takes to start, so every named
    query times out; the read model, the analysis and the views (in the command's own
    process) are kept, so the command still succeeds (exit 0)."""
    import os
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "store"
    shutil.copytree(built_oxigraph.path, copy)
    shutil.rmtree(copy / derived.DERIVED_DIR, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", "--store", str(copy), "precompute", "--skip", "plan-comparison"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "IGEL_PRECOMPUTE_STEP_TIMEOUT": "0.05"},
    )
    assert done.returncode == 0, done.stderr
    assert "Computed 8 results ahead" in done.stdout  # read model, analysis, six views
    said = " ".join(done.stderr.split())  # the console wraps long lines
    assert "Timed out after 0.05 s (IGEL_PRECOMPUTE_STEP_TIMEOUT; computed when asked for):" in said
    assert "query actors lang=de, query actors lang=en" in said and "query timeline lang=en" in said
    assert "Traceback" not in done.stderr
