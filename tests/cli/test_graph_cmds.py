"""The graph commands of the ``igel`` CLI (igel_graph.cli.graph_cmds), run as a user runs
them: in a subprocess, against an embedded store in a temporary directory. Bad input must
give one message and a non-zero exit code, never a traceback.

Expected counts: 15 measures (the action plan, section 2); the broken fixture's three
violations are listed in tests/build/fixtures/broken.ttl.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDFS

from igel_graph.namespaces import IGEL, Graphs, resource

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "build" / "fixtures" / "broken.ttl"


def igel(store: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``igel --store STORE ARGS`` and return the finished process (text output)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="200", IGEL_STORE="")
    return subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", "--store", str(store), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=300,
    )


def _clean_failure(proc: subprocess.CompletedProcess, code: int) -> str:
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """(store directory, stdout of ``igel build``): built once for the module."""
    path = tmp_path_factory.mktemp("cli") / "store"
    proc = igel(path, "build")
    assert proc.returncode == 0, proc.stderr
    return path, proc.stdout


def test_build_prints_graphs_and_classes(built):
    _, out = built
    assert "Named graphs" in out
    for graph in (
        Graphs.ONTOLOGY,
        Graphs.VOCABULARIES,
        Graphs.IGEL_PLAN,
        Graphs.BW_PROJECT,
        Graphs.REFERENCE,
        Graphs.CURATED,
        Graphs.INFERRED,
    ):
        assert str(graph) in out
    measure_row = next(line for line in out.splitlines() if "igel:Measure " in line)
    assert measure_row.split("│")[2].strip() == "15"
    assert "inferred (hermit)" in out


def test_stats(built):
    store, _ = built
    proc = igel(store, "stats")
    assert proc.returncode == 0, proc.stderr
    assert str(Graphs.IGEL_PLAN) in proc.stdout and "igel:ActionField" in proc.stdout


def test_validate_store_conforms(built):
    store, _ = built
    proc = igel(store, "validate")
    assert proc.returncode == 0, proc.stderr
    assert "Conforms" in proc.stdout and "no violations" in proc.stdout


def test_validate_broken_file_exits_3_with_the_report(built):
    store, _ = built
    proc = igel(store, "validate", str(BROKEN))
    err = _clean_failure(proc, 3)
    assert "3 SHACL violation(s)" in err
    lines = proc.stdout.splitlines()
    assert any("id:plan/test/measure/9.9.1 igel:lead" in line and "Measure-lead" in line for line in lines)
    assert any("id:plan/test/measure/9.9.2 igel:sourcePassage" in line for line in lines)
    assert any("l1/2026 igel:amount" in line and "MinInclusive" in line for line in lines)


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file"),
        ("@prefix igel: <https://w3id.org/igel/ontology#> .\n<urn:a> igel:number .\n", "line 2, column 21"),
    ],
)
def test_validate_bad_input(built, tmp_path, content, expected):
    store, _ = built
    path = tmp_path / "input.ttl"
    if content is not None:
        path.write_text(content)
    err = _clean_failure(igel(store, "validate", str(path)), 2)
    assert expected in err and str(path) in err.replace("\n", "")


def test_load_validated_file_with_store_context(built, tmp_path):
    store, _ = built
    # a new partner for measure 2.1.1: valid only together with the store's data
    extra = tmp_path / "extra-partner.ttl"
    extra.write_text(
        "@base <https://w3id.org/igel/id/> .\n@prefix igel: <https://w3id.org/igel/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<plan/igel-2026-2030/measure/2.1.1> igel:partner <actor/test-spitex> .\n"
        '<actor/test-spitex> a igel:CareProvider ; rdfs:label "Test-Spitex"@de , "test home care"@en .\n'
    )
    proc = igel(store, "load", str(extra))
    assert proc.returncode == 0, proc.stderr
    target = "https://w3id.org/igel/graph/upload/extra-partner"
    assert f"Loaded 4 triples from {extra} into <{target}>" in proc.stdout.replace("\n", "")
    out = igel(store, "export", "--format", "ntriples", "--graph", target)
    assert out.returncode == 0, out.stderr
    g = Graph().parse(data=out.stdout, format="nt")
    assert (
        resource("plan", "igel-2026-2030", "measure", "2.1.1"),
        IGEL.partner,
        resource("actor", "test-spitex"),
    ) in g and len(g) == 4


def test_load_refuses_invalid_file_and_writes_nothing(built):
    store, _ = built
    before = igel(store, "export", "--format", "nquads").stdout
    proc = igel(store, "load", str(BROKEN), "--graph", "https://w3id.org/igel/graph/upload/broken")
    err = _clean_failure(proc, 3)
    assert "nothing was loaded" in err and "id:plan/test/measure/9.9.1 igel:lead" in err
    assert igel(store, "export", "--format", "nquads").stdout == before


def test_load_n_triples_and_replace(built, tmp_path):
    """An N-Triples file (the engine reads its text as it is) loads, then a second one
    replaces it; one with a blank node (read into the scratch store first) adds to it."""
    store, _ = built
    target = "https://w3id.org/igel/graph/upload/nt"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    actor = "<https://w3id.org/igel/id/actor/test-nt>"
    first = tmp_path / "first.nt"
    first.write_text(
        f"{actor} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/igel/ontology#Association> .\n"
        f'{actor} {label} "Testverein"@de .\n{actor} {label} "test association"@en .\n'
    )
    proc = igel(store, "load", str(first), "--graph", target)
    assert proc.returncode == 0, proc.stderr
    assert f"Loaded 3 triples from {first} into <{target}> (now 3 triples)" in proc.stdout.replace("\n", "")
    second = tmp_path / "second.nt"
    second.write_text(first.read_text().replace("Testverein", "Testverband"))
    proc = igel(store, "load", str(second), "--graph", target, "--replace")
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(data=igel(store, "export", "--format", "ntriples", "--graph", target).stdout, format="nt")
    assert sorted(str(o) for o in g.objects(None, RDFS.label)) == ["Testverband", "test association"]
    blank = tmp_path / "blank.nt"
    blank.write_text(f'{actor} <https://w3id.org/igel/ontology#note> _:n .\n_:n {label} "x" .\n')
    proc = igel(store, "load", str(blank), "--graph", target)
    assert proc.returncode == 0, proc.stderr
    assert "(now 5 triples)" in proc.stdout.replace("\n", "")


def test_load_malformed_file_exits_2_with_line_and_column_and_writes_nothing(built, tmp_path):
    store, _ = built
    before = igel(store, "export", "--format", "nquads").stdout
    bad = tmp_path / "bad.nt"
    bad.write_text('<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> .\n')
    err = _clean_failure(igel(store, "load", str(bad), "--graph", "https://w3id.org/igel/graph/upload/bad"), 2)
    assert "line 2" in err and str(bad) in err.replace("\n", "")
    assert igel(store, "export", "--format", "nquads").stdout == before


def test_load_refuses_platform_graphs_and_bad_iris(built):
    store, _ = built
    err = _clean_failure(igel(store, "load", str(BROKEN), "--graph", str(Graphs.INFERRED)), 2)
    assert "written by the platform" in err
    err = _clean_failure(igel(store, "load", str(BROKEN), "--graph", "not an iri"), 2)
    assert "not an absolute IRI" in err


def test_export_trig_holds_every_graph(built):
    store, _ = built
    proc = igel(store, "export", "--format", "trig")
    assert proc.returncode == 0, proc.stderr
    ds = Dataset()
    ds.parse(data=proc.stdout, format="trig")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert {Graphs.ONTOLOGY, Graphs.IGEL_PLAN, Graphs.CURATED, Graphs.INFERRED} <= names


def test_export_one_graph_to_a_file(built, tmp_path):
    store, _ = built
    out = tmp_path / "inferred.jsonld"
    proc = igel(store, "export", "--format", "jsonld", "--graph", str(Graphs.INFERRED), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(out, format="json-ld")
    assert (resource("actor", "gsd"), IGEL.leads, resource("plan", "igel-2026-2030", "measure", "2.1.1")) in g


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "yaml"], "unknown export format 'yaml'"),
        (["--format", "turtle"], "holds one graph"),
        (["--format", "turtle", "--graph", "https://w3id.org/igel/graph/nope"], "unknown graph"),
    ],
)
def test_export_bad_input(built, args, message):
    store, _ = built
    assert message in _clean_failure(igel(store, "export", *args), 2)


def test_reason_engines_agree_through_the_cli(built):
    store, _ = built
    by_hermit = igel(store, "reason", "--engine", "hermit")
    by_rules = igel(store, "reason", "--engine", "rules")
    assert by_hermit.returncode == 0 and by_rules.returncode == 0, by_hermit.stderr + by_rules.stderr
    assert "Reasoned with hermit" in by_hermit.stdout and "Reasoned with rules" in by_rules.stdout

    def count(text: str) -> str:
        return text.split("→ ")[1].split(" inferred")[0]

    assert count(by_hermit.stdout) == count(by_rules.stdout)
    assert int(count(by_rules.stdout).replace(",", "")) > 300


def test_reason_unknown_engine(built):
    store, _ = built
    assert "unknown reasoning engine 'fast'" in _clean_failure(igel(store, "reason", "--engine", "fast"), 2)


@pytest.mark.parametrize("command", ["build", "validate", "reason", "load", "export", "stats"])
def test_help_has_an_example(command, tmp_path):
    proc = igel(tmp_path / "unused", command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout
