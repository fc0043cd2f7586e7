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
    return subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


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
    r = igel(
        "--store", store, "analyse", "--lang", "en", "--json", "a.json", "--csv", "csv", "--limit", "100", cwd=built_dir
    )
    assert r.returncode == 0, r.stderr
    assert "Relatives" in r.stdout and "hub" in r.stdout.lower()
    data = json.loads((built_dir / "a.json").read_text(encoding="utf-8"))
    kinds = {f["kind"] for f in data["findings"]}
    assert {"absent-stakeholder", "sole-broker", "single-actor-measure"} <= kinds
    assert (built_dir / "csv" / "findings.csv").read_text(encoding="utf-8").count("\n") == len(data["findings"]) + 1
    # the stored findings answer the named query
    q = igel(
        "--store",
        store,
        "query",
        "analysis-findings",
        "--param",
        "kind=sole-broker",
        "--param",
        "lang=en",
        "--format",
        "json",
        cwd=built_dir,
    )
    assert q.returncode == 0, q.stderr
    assert "https://w3id.org/igel/id/finding/sole-broker/" in q.stdout


def test_bad_statements_option_is_one_message(built_dir):
    r = igel("--store", str(built_dir / "store"), "analyse", "--statements", "everything", cwd=built_dir)
    assert r.returncode == 2
    assert "statements must be one of source, all" in r.stderr
    assert "Traceback" not in r.stderr


def test_analyse_on_an_empty_store_is_one_message(tmp_path):
    r = igel("--store", str(tmp_path / "empty"), "analyse", cwd=tmp_path)
    assert r.returncode == 4
    assert "The store holds no plan" in r.stderr and "igel --store DIR build" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    r = igel("--store", str(tmp_path / "empty"), "whatif", "--add-role", "insurers:1.1.4:partner", cwd=tmp_path)
    assert r.returncode == 4 and "Traceback" not in r.stderr


def test_whatif_insurers_join_1_1_4(built_dir):
    store = str(built_dir / "store")
    before = igel("--store", store, "stats", cwd=built_dir).stdout
    r = igel(
        "--store",
        store,
        "whatif",
        "--add-role",
        "insurers:1.1.4:partner",
        "--lang",
        "en",
        "--json",
        "w.json",
        cwd=built_dir,
    )
    assert r.returncode == 0, r.stderr
    assert "Scenario: Health insurers added to" in r.stdout and "as partner" in r.stdout
    data = json.loads((built_dir / "w.json").read_text(encoding="utf-8"))
    insurers = "https://w3id.org/igel/id/actor/krankenversicherer"
    degree = [m for m in data["metrics"] if m["metric"] == "degree" and m["node"] == insurers]
    assert degree and degree[0]["after"] == degree[0]["before"] + 1  # they meet the forum bodies
    assert set(data["findings"]) == {"appear", "disappear", "change"}
    assert igel("--store", store, "stats", cwd=built_dir).stdout == before  # nothing written


def test_whatif_scenario_file_and_bad_names(built_dir):
    store = str(built_dir / "store")
    (built_dir / "s.json").write_text(
        json.dumps({"move_start": [{"measure": "2.2.1", "start": "2028-Q1"}]}), encoding="utf-8"
    )
    r = igel("--store", store, "whatif", "--scenario", "s.json", "--lang", "en", cwd=built_dir)
    assert r.returncode == 0, r.stderr
    assert "starts Q1 2028" in r.stdout
    r = igel("--store", store, "whatif", "--add-role", "nobody:1.1.4:partner", cwd=built_dir)
    assert r.returncode == 2 and "Unknown actor 'nobody'" in r.stderr and "Traceback" not in r.stderr
    (built_dir / "bad.json").write_text("{", encoding="utf-8")
    r = igel("--store", store, "whatif", "--scenario", "bad.json", cwd=built_dir)
    assert r.returncode == 2 and "not valid JSON" in r.stderr
