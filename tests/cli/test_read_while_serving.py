"""The read-only commands work while ``igel serve`` holds the store (issue 11, point 6):
a real ``igel serve`` process on a real store folder, and ``igel query``, ``igel sparql``,
``igel export`` and ``igel stats`` run as a user runs them, in their own processes. Each
says on stderr that it read the folder read-only; what it prints is what the server says.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ACTORS = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://w3id.org/igel/ontology#Actor> }"


def _env(store: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="200", IGEL_STORE=str(store), IGEL_QUERY_WORKERS="1")


def igel(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", *args],
        capture_output=True,
        env=_env(store),
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> tuple[Path, int]:
    """A store folder with the data and its analysis (no reasoning: this is about opening
    the folder, not about the graph; the analysis is there, so the server adds nothing),
    closed again; and its triple count."""
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("serve") / "store"
    store = OxigraphStore(path)
    build_graph(store, reason=False, validate=False)
    size = store.size()
    store.close()
    return path, size


@pytest.fixture(scope="module")
def served(store_dir):
    """``igel serve`` on the folder, in its own process group; its base URL."""
    path, _ = store_dir
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(path.parent / "serve.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "igel_graph.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(path),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (path.parent / "serve.log").read_text()
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "igel serve did not start within 90 s"
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        log.close()


def _read_only(proc: subprocess.CompletedProcess) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "read-only" in err and "holds it" in err, err


def test_query_reads_the_served_store_and_prints_the_apis_bytes(store_dir, served):
    path, _ = store_dir
    proc = igel(path, "query", "actors", "--format", "csv")
    _read_only(proc)
    api = httpx.get(served + "/api/queries/actors", params={"format": "csv", "limit": 5000}, timeout=60)
    assert api.status_code == 200
    assert proc.stdout == api.content
    assert proc.stdout.count(b"\r\n") == int(api.headers["x-total-count"]) + 1 > 10  # the plan names dozens


def test_sparql_reads_the_served_store(store_dir, served):
    path, _ = store_dir
    proc = igel(path, "sparql", ACTORS, "--format", "tsv")
    _read_only(proc)
    api = httpx.get(served + "/sparql?format=tsv&query=" + quote(ACTORS), timeout=60)
    assert proc.stdout == api.content
    assert int(proc.stdout.split(b"\n")[1]) > 10
    ask = igel(path, "sparql", "ASK { ?s ?p ?o }", "--format", "csv")
    _read_only(ask)
    assert ask.stdout == b"_askResult\r\ntrue\r\n"


def test_export_and_stats_read_the_served_store(store_dir, served):
    path, size = store_dir
    proc = igel(path, "export", "--format", "nquads")
    _read_only(proc)
    lines = [line for line in proc.stdout.split(b"\n") if line.strip()]
    assert len(lines) == size  # every quad of the folder, one a line
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    served_size = httpx.get(served + "/sparql?format=csv&query=" + quote(count), timeout=60).text.split()[-1]
    assert int(served_size) == size  # what the server holds
    stats = igel(path, "stats")
    _read_only(stats)
    out = stats.stdout.decode()
    assert "https://w3id.org/igel/graph/ontology" in out and "igel-aktionsplan-2026-2030" in out


def test_a_write_through_the_read_only_opening_is_refused(store_dir, served):
    path, _ = store_dir
    proc = igel(path, "load", str(ROOT / "ontology" / "igel.ttl"), "--graph", "https://w3id.org/igel/graph/upload/x")
    assert proc.returncode == 4, proc.stderr.decode()  # StoreUnavailable: the server holds it
    assert "in use by another process" in proc.stderr.decode()


def test_without_a_server_the_command_opens_the_folder_itself(tmp_path):
    from igel_graph.store.oxigraph import OxigraphStore

    OxigraphStore(tmp_path / "store").close()
    proc = igel(tmp_path / "store", "stats")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "opened by this command" in proc.stderr.decode()
