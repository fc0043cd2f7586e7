"""Wall two (issue 12): a process that entered :func:`igel_graph.netwall.enter_network_wall`
has no way out, even when the query check is bypassed and Oxigraph itself runs SERVICE.

Real processes and a real listener on 127.0.0.1: the child runs pyoxigraph directly,
so nothing of the first wall is involved.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_support import Listener

from igel_graph import netwall
from tests.support.loop import run_async

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, sys
from igel_graph.netwall import enter_network_wall
import pyoxigraph
wall = enter_network_wall() if sys.argv[2] == "wall" else "none"
try:
    rows = [str(s) for s in pyoxigraph.Store().query(
        "SELECT * WHERE { SERVICE <" + sys.argv[1] + "> { ?x ?p ?o } }")]
    print(json.dumps({"wall": wall, "rows": rows}))
except Exception as exc:
    print(json.dumps({"wall": wall, "error": type(exc).__name__ + ": " + str(exc)}))
"""


def _child(url: str, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_the_wall_oxigraph_does_call_out():
    """The control: the same child without the wall reaches the listener (so the test
    below would see a call if the wall let one through)."""
    with Listener() as listener:
        out = _child(listener.url, "none")
    assert listener.connections >= 1
    assert "REMOTE-ROW" in json.dumps(out)


def test_inside_the_wall_service_reaches_nothing():
    with Listener() as listener:
        out = _child(listener.url, "wall")
    if out["wall"] == "unavailable":
        pytest.skip("this kernel lets no process make a network namespace")
    assert out["wall"].startswith("walled")
    assert listener.connections == 0
    assert "rows" not in out and "unreachable" in out["error"].lower()


def test_a_process_that_needs_the_network_is_not_walled():
    from igel_graph.netwall import SKIPPED, enter_network_wall

    # a remote store's worker: the call must not cut it off (and here, not this test process)
    assert enter_network_wall(("sparql.example.org",)) == SKIPPED


def _netns(pid: int | str) -> str:
    return os.readlink(f"/proc/{pid}/ns/net")


def test_a_walled_query_worker_still_opens_the_store_and_answers(tmp_path):
    """The pool's worker behind the wall: its pipe and the store on disk keep working, its
    network namespace is not the server's."""
    import multiprocessing

    from safety_support import small_store

    from api.sparql.netwall import walled_worker_main
    from api.sparql.worker import QueryJob, WorkerSpec

    small_store(tmp_path / "store").close()
    ctx = multiprocessing.get_context("spawn")
    conn, child = ctx.Pipe()
    process = ctx.Process(target=walled_worker_main, args=(child, ()), daemon=True)
    process.start()
    child.close()
    try:
        assert conn.poll(120) and conn.recv() == ("hello",)
        conn.send(("open", WorkerSpec("oxigraph", path=str(tmp_path / "store"))))
        assert conn.poll(60) and conn.recv() == ("ready", 1)
        conn.send(
            (
                "query",
                QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", format="json"),
            )
        )
        assert conn.poll(60)
        kind, output = conn.recv()
        assert kind == "ok" and json.loads(output.body)["results"]["bindings"][0]["n"]["value"] == "3"
        walled = _netns(process.pid) != _netns("self")
    finally:
        process.kill()
        process.join(5)
    assert walled


def test_the_walled_thread_runs_oxigraph_without_network_while_the_server_keeps_its_own():
    """Updates run in the server process: its one walled thread has no way out; the other
    threads (serving HTTP) still have theirs."""
    import socket

    import pyoxigraph

    from api.sparql.netwall import run_walled

    def service_update(url: str):
        try:
            pyoxigraph.Store().update(f"INSERT {{ ?x ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}")
        except OSError as exc:
            return str(exc)
        return "no error"

    with Listener() as listener:
        outcome = run_async(run_walled(service_update, listener.url))
        if netwall.walled_thread_status == netwall.UNAVAILABLE:
            pytest.skip("this kernel lets no thread make a network namespace")
        assert listener.connections == 0 and "unreachable" in outcome.lower()
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5):
            pass  # this thread is not walled
        for _ in range(50):  # bounded: the listener thread counts within 2.5 s
            if listener.connections:
                break
            time.sleep(0.05)
        assert listener.connections == 1
