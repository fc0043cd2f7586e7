"""Wall two (issue 12): a process that entered :func:`igel_graph.netwall.enter_network_wall`
has no way out, even when the query check is bypassed and Oxigraph itself runs SERVICE.

Real processes and a real listener on 127.0.0.1: the child runs pyoxigraph directly,
so nothing of the first wall is involved.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from safety_support import Listener

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
    done = subprocess.run([sys.executable, "-c", _CHILD, url, mode], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
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
