"""The CLI's answers to a mistyped command, a locked store, and RDF that is not safe to
read (issue 12): one message, a documented exit code, never a traceback, and nothing
fetched. Run as a user runs it: in a subprocess, on a store in a temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def igel(*args: str, store: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="200", IGEL_STORE="")
    prefix = ["--store", str(store)] if store is not None else []
    return subprocess.run(
        [sys.executable, "-m", "igel_graph.cli.main", *prefix, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def _clean(proc: subprocess.CompletedProcess, code: int) -> str:
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stderr


def test_mistyped_command_prints_the_usage_line_and_exits_2():
    err = _clean(igel("nosuch"), 2)
    assert err.startswith("Usage: ")
    assert "No such command 'nosuch'" in err


def test_second_serve_on_a_locked_store_is_one_message_and_exit_4(tmp_path):
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")  # this process holds the lock
    try:
        err = _clean(igel("serve", "--port", "9", store=tmp_path / "store", timeout=60), 4)
    finally:
        store.close()
    assert "is in use by another process" in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 4  # was 70 lines


def test_unsafe_rdf_files_are_refused_with_exit_2_and_nothing_fetched(tmp_path, listener):
    files = {
        "vars.n3": ("@prefix : <http://e/> .\n:a :b ?x .\n", "N3 variables"),
        "formula.n3": ("@prefix : <http://e/> .\n{ :a :b :c } :p :o .\n", "N3 formulas"),
        "laughs.rdf": (
            '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
            "DOCTYPE",
        ),
        "remote.jsonld": (
            f'{{"@context": "http://127.0.0.1:{listener.port}/ctx", "@id": "http://e/s", "p": 1}}',
            "is not fetched",
        ),
        "file.jsonld": ('{"@context": "file:///etc/hostname", "@id": "http://e/s", "p": 1}', "is not fetched"),
        # XInclude names the listener; its unqualified attributes became the IRI <href>,
        # and the store's refusal of it was a ValueError traceback (found by the fuzz test)
        "xinclude.rdf": (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/" '
            'xmlns:xi="http://www.w3.org/2001/XInclude"><rdf:Description rdf:about="http://e/s"><e:p>'
            f'<xi:include href="http://127.0.0.1:{listener.port}/x"/></e:p></rdf:Description></rdf:RDF>',
            "<href> has no scheme",
        ),
    }
    for name, (text, expected) in files.items():
        path = tmp_path / name
        path.write_text(text)
        err = _clean(
            igel("load", str(path), "--graph", "https://w3id.org/igel/graph/upload/x", store=tmp_path / "store"), 2
        )
        assert expected in err, (name, err)
    assert listener.connections == 0


def test_sparql_on_a_local_store_stops_at_its_timeout_with_exit_5(tmp_path):
    """A four-way cross join of 200 triples (200^4 = 1.6e9 rows to count) runs for
    minutes; ``--timeout 1`` stops it: one message, exit 5 (README: 5 timeout)."""
    from rdflib import URIRef

    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    rows = "".join(f'<http://e/{i}> <http://e/p> "{i}" .\n' for i in range(200))
    store.load(rows, URIRef("https://w3id.org/igel/graph/upload/x"), format="nt")
    store.close()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    err = _clean(igel("sparql", "--timeout", "1", query, store=tmp_path / "store", timeout=90), 5)
    assert "ran longer than 1 s" in err
    assert "--timeout SECONDS" in err


def test_validate_of_an_ill_typed_amount_reports_it_without_a_traceback(tmp_path):
    # pySHACL 0.40 raised TypeError on "x"^^xsd:decimal compared by sh:lessThanOrEquals,
    # and rdflib logged each ill-typed literal with a traceback
    from tests.build.test_validate_staged import EXTRA
    from tests.ontology import test_onto_shapes as onto_cases

    data = tmp_path / "ill-typed.ttl"
    data.write_text(
        (onto_cases.VALID + EXTRA).replace('igel:paidAmount "3000"^^xsd:decimal', 'igel:paidAmount "x"^^xsd:decimal'),
        encoding="utf-8",
    )
    result = igel("validate", str(data), timeout=120)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "igel:paidAmount" in result.stdout and "DatatypeConstraintComponent" in result.stdout
