"""``igel analyse`` run as a user runs it: in a subprocess, on a built embedded store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def igel(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "igel_graph.cli.main", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory):
    """An embedded store with the real data built into it (no reasoning: faster)."""
    d = tmp_path_factory.mktemp("cli")
    r = igel("--store", str(d / "store"), "build", "--no-reason", cwd=d)
    if r.returncode != 0:
        r = igel("--store", str(d / "store"), "build", cwd=d)
    assert r.returncode == 0, r.stderr
    return d


def test_analyse_reports_stores_and_exports(built_dir):
    store = str(built_dir / "store")
    r = igel("--store", store, "analyse", "--lang", "en", "--json", "a.json", "--csv", "csv",
             "--limit", "100", cwd=built_dir)
    assert r.returncode == 0, r.stderr
    assert "Relatives" in r.stdout and "hub" in r.stdout.lower()
    data = json.loads((built_dir / "a.json").read_text(encoding="utf-8"))
    kinds = {f["kind"] for f in data["findings"]}
    assert {"absent-stakeholder", "sole-broker", "single-actor-measure"} <= kinds
    assert (built_dir / "csv" / "findings.csv").read_text(encoding="utf-8").count("\n") == len(data["findings"]) + 1
    # the stored findings answer the named query
    q = igel("--store", store, "query", "analysis-findings", "--param", "kind=sole-broker",
             "--param", "lang=en", "--format", "json", cwd=built_dir)
    assert q.returncode == 0, q.stderr
    assert "https://w3id.org/igel/id/finding/sole-broker/" in q.stdout


def test_bad_statements_option_is_one_message(built_dir):
    r = igel("--store", str(built_dir / "store"), "analyse", "--statements", "everything", cwd=built_dir)
    assert r.returncode == 2
    assert "statements must be one of source, all" in r.stderr
    assert "Traceback" not in r.stderr
