"""A built wheel, installed into a fresh virtual environment outside the checkout, finds
its ontology, data and queries, builds and queries the graph, and serves the API.

The fresh environment gets the wheel's own files only; third-party dependencies are made
visible from the test environment's site-packages through a path entry (without its
``.pth`` files, so the editable install of the checkout stays invisible).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("igel_graph-*.whl")
    return whl


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory, wheel) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True
    )
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir


def test_wheel_contains_data_and_all_packages(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "igel_graph/_resources/ontology/igel.ttl",
        "igel_graph/_resources/ontology/shapes.ttl",
        "igel_graph/_resources/queries/timeline.rq",
        "api/app.py",
        "visualizations/__init__.py",
    ):
        assert required in names, required
    assert any(n.startswith("igel_graph/_resources/ontology/data/") and n.endswith(".ttl") for n in names)


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("IGEL_") and k != "PYTHONPATH"}
    return subprocess.run(
        [str(env_dir / "bin" / "igel"), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600
    )


def test_installed_wheel_builds_queries_and_serves(fresh_env, tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = subprocess.run(
        [str(fresh_env / "bin" / "python"), "-c", "import igel_graph; print(igel_graph.__file__)"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(fresh_env) in where and str(ROOT) not in where

    store = str(workdir / "store")
    built = _run(fresh_env, "--store", store, "build", cwd=workdir)
    assert built.returncode == 0, built.stderr
    result = _run(
        fresh_env,
        "--store",
        store,
        "query",
        "measures-of-actor",
        "--param",
        "actor=id:actor/bkd",
        "--format",
        "json",
        cwd=workdir,
    )
    assert result.returncode == 0, result.stderr
    numbers = {b["number"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert numbers == {"3.1.2", "3.1.3"}  # section 2.3: BKD is consulted in 3.1.2 and 3.1.3

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("IGEL_") and k != "PYTHONPATH"}
    server = subprocess.Popen(
        [str(fresh_env / "bin" / "igel"), "--store", store, "serve", "--port", str(port)],
        cwd=workdir,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/id/actor/bkd", headers={"Accept": "text/turtle"})
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(server.stdout.read().decode() if server.stdout else "server died") from None
                time.sleep(0.3)
        assert r.status_code == 200
        assert "Bildungs- und Kulturdepartement" in r.text
    finally:
        server.terminate()
        server.wait(timeout=20)
