"""Results as linked data (analysis graph), JSON and CSV, and the named queries over them."""

from __future__ import annotations

import csv
import json

from rdflib import Literal, URIRef

from igel_graph.analysis import analyse, to_graph, write_analysis, write_csv, write_json
from igel_graph.namespaces import IGEL, Graphs

TOY = "https://w3id.org/igel/id/toy/"  # the toy plan of conftest.py


def test_write_analysis_into_the_named_graph_and_ask_sparql(toy_store):
    result = analyse(toy_store)
    size = write_analysis(result, toy_store)
    assert toy_store.graphs()[Graphs.ANALYSIS] == size
    rows = toy_store.query(
        "PREFIX igel: <https://w3id.org/igel/ontology#> SELECT ?f ?sev WHERE { GRAPH ?g {"
        " ?f a igel:Finding ; igel:findingKind 'only-addressed' ; igel:severity ?sev ;"
        " igel:evidence ?e } }",
        {"g": Graphs.ANALYSIS, "e": URIRef(TOY + "C")},
    ).rows
    # C is a group of people only addressed: info
    assert [(str(f), str(s)) for f, s in rows] == [(result.by_kind("only-addressed")[0].iri, "info")]
    # each finding names its subject; one finding per kind about C
    rows = toy_store.query(
        "PREFIX igel: <https://w3id.org/igel/ontology#> SELECT ?kind WHERE { GRAPH ?g {"
        " ?f igel:subject ?s ; igel:findingKind ?kind } }",
        {"g": Graphs.ANALYSIS, "s": URIRef(TOY + "C")},
    ).rows
    assert sorted(str(k) for (k,) in rows) == ["absent-stakeholder", "only-addressed"]
    # evidence statements keep graph and passage
    rows = toy_store.query(
        "PREFIX igel: <https://w3id.org/igel/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>"
        " SELECT ?g ?passage WHERE { ?f igel:findingKind 'absent-stakeholder' ; igel:evidenceStatement ?s ."
        " ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> igel:concerns ;"
        " dcterms:isPartOf ?g ; igel:sourcePassage ?passage }"
    ).rows
    assert [(str(g), str(p)) for g, p in rows] == [(str(Graphs.IGEL_PLAN), TOY + "passage-g2")]
    # a second run replaces, it does not pile up
    assert write_analysis(analyse(toy_store), toy_store) == size


def test_metric_values_in_rdf(toy_store):
    g = to_graph(analyse(toy_store))
    values = {
        str(g.value(mv, IGEL.metric)): g.value(mv, IGEL.value).toPython()
        for mv in g.subjects(IGEL.metricOf, URIRef(TOY + "A"))
    }
    # A collaborates with B, F (m1) and E (m2): degree 3; it is the only link of E.
    assert values["collaboration/degree"] == 3
    assert values["collaboration/betweenness"] > 0
    assert g.value(URIRef(analyse(toy_store).findings[0].iri), IGEL.severity) == Literal("high")


def test_named_queries_list_findings_and_metrics(toy_store):
    from igel_graph.queries import get_query

    write_analysis(analyse(toy_store), toy_store)
    found = get_query("analysis-findings").run(toy_store, {"kind": "absent-stakeholder", "lang": "en"})
    rows = found.dicts()
    assert [str(r["severity"]) for r in rows] == ["high", "medium"]  # G (field 2's purpose), then C
    title = str(rows[0]["title"])  # the field's display name comes from the read model
    assert title.startswith("Group G: named in ") and title.endswith("2 but without a role")
    about = get_query("analysis-findings").run(toy_store, {"about": TOY + "C"}).dicts()
    assert {str(r["kind"]) for r in about} == {"absent-stakeholder", "only-addressed"}
    metric = get_query("analysis-metrics").run(toy_store, {"metric": "collaboration/degree", "node": TOY + "A"}).dicts()
    assert [int(r["value"]) for r in metric] == [3]


def test_json_and_csv_exports(toy_store, tmp_path):
    result = analyse(toy_store)
    data = json.loads(write_json(result, tmp_path / "a.json").read_text(encoding="utf-8"))
    assert {f["kind"] for f in data["findings"]} >= {"absent-stakeholder", "sole-broker"}
    assert all(f["subject"] == f["evidence"][0] for f in data["findings"])
    assert data["suggestions"] and all(
        set(s) == {"u", "v", "score", "strength", "evidence", "sentence"} for s in data["suggestions"]
    )
    assert data["metrics"]["collaboration"]["degree"][TOY + "A"] == 3
    assert data["labels"][TOY + "C"] == {"de": "Gruppe C", "en": "Group C"}
    files = write_csv(result, tmp_path / "csv")
    assert [f.name for f in files] == ["findings.csv", "evidence.csv", "metrics.csv"]
    with open(files[0], encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(result.findings)
    assert rows[0]["severity"] == "high" and rows[0]["explanation_de"]
    with open(files[1], encoding="utf-8") as fh:
        ev = list(csv.DictReader(fh))
    assert any(r["graph"] == str(Graphs.CURATED) and r["justification"] for r in ev)
