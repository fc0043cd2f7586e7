"""``igel sparql`` refuses what the public endpoint refuses, with the same check
(:mod:`igel_graph.sparql_guard`), and exits 2 (bad input, README "exit codes") before it
opens the store; a loopback listener sees no connection.

Before issue 12 the CLI relied on a regex in the store that missed the U+3000 and ``'``
reproductions below (and a refused SERVICE exited 1).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import in_process_igel

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "api"))

from safety_support import Listener, small_store  # noqa: E402

ISSUE_U3000 = "SELECT * WHERE {{ OPTIONAL {{ ?s <http://e/\u3000#> ?o }} SERVICE <{url}> {{ ?x ?p ?o }} }}"
ISSUE_QUOTE = "SELECT * WHERE {{ OPTIONAL {{ ?s <http://e/'#> ?o }} SERVICE <{url}> {{ ?x ?p ?o }} }}"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-refusals") / "store"
    small_store(path).close()
    return path


@pytest.fixture
def igel(store_dir, capsys):
    """Run ``igel --store STORE_DIR ARGS...`` in this process; (exit code, stdout, stderr)."""
    return in_process_igel(store_dir, capsys)


@pytest.mark.parametrize(
    "template",
    [
        ISSUE_U3000,
        ISSUE_QUOTE,
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o # note\r SERVICE SILENT <{url}> {{ ?a ?b ?c }} \n}}",
        "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?a ?b ?c }} }}",
    ],
)
def test_refused_queries_exit_2_and_call_nobody(igel, template):
    with Listener() as listener:
        code, out, err = igel("sparql", template.format(url=listener.url))
        time.sleep(0.1)
    assert code == 2, err
    assert out == "" and "is refused" in " ".join(err.split()) and "Traceback" not in err
    assert listener.connections == 0


def test_a_refusal_names_the_users_line_and_column(igel):
    # the CLI puts its prefixes in front of the text; the position is still the user's
    code, _, err = igel("sparql", "SELECT *\nWHERE { ?s <http://e/\u00a0x> ?o }")
    assert code == 2 and "line 2, column 22" in " ".join(err.split())


def test_from_names_graphs_of_the_store_only(igel, store_dir):
    from safety_support import GRAPH

    code, out, err = igel("sparql", f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}", "--format", "csv")
    assert code == 0, err
    assert out.split() == ["n", "3"]  # the three triples of the small store
    # a project prefix counts as declared; the graph is none of the store's: refused like on /sparql
    code, _, err = igel("sparql", "SELECT * FROM igel:nothing WHERE { ?s ?p ?o }")
    assert code == 2 and "not a graph of this store" in " ".join(err.split())
    code, _, err = igel("sparql", "SELECT * FROM nope:g WHERE { ?s ?p ?o }")
    assert code == 2 and "not declared" in err


def test_the_installed_entry_point_exits_2(store_dir):
    """A real process, as a shell script would run it."""
    with Listener() as listener:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "igel_graph.cli.main",
                "--store",
                str(store_dir),
                "sparql",
                ISSUE_U3000.format(url=listener.url),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert done.returncode == 2, done.stderr
    assert "U+3000" in done.stderr and "Traceback" not in done.stderr
    assert listener.connections == 0
