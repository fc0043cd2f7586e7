"""The named query plan-comparison on every backend (rdflib, Oxigraph, Virtuoso):
IGeL vs BW answers as the comparison view's query (coverage-comparison) does, and two
generated plans are compared as their workbooks say."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from igel_graph.namespaces import ID_BASE, resource
from tests.store.backends import make_store

IGEL_PLAN = resource("plan", "igel-2026-2030")
BW = resource("plan", "bw-modellprojekt")


def _generated(tmp_path, plan_id: str, seed: int):
    """A synthetic plan: its workbook tables and their RDF (read back from CSV files)."""
    from igel_graph.workbook.export import write_csv_folder
    from igel_graph.workbook.rdf import to_graph
    from igel_graph.workbook.reader import read_workbook
    from igel_graph.workbook.synthetic import synthetic_tables

    tables = synthetic_tables(plan_id, measures=25, seed=seed)
    folder = tmp_path / plan_id
    write_csv_folder(tables, folder)
    return tables, to_graph(read_workbook(folder), resource("plan", plan_id), version=1, version_label="1")


@pytest.fixture(scope="module", params=["memory", "oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path_factory):
    """The sources as they are (no reasoning) and two generated plans, in one backend."""
    from igel_graph.build import read_sources

    tmp = tmp_path_factory.mktemp("plan-comparison")
    s = make_store(request.param, tmp, request)
    for graph, (content, _) in read_sources().items():
        s.load(content, graph)
    s.tables = {}
    for plan_id, seed in (("gen-a", 1), ("gen-b", 2)):
        tables, graph = _generated(tmp, plan_id, seed)
        s.load(graph, URIRef(f"https://w3id.org/igel/graph/source/workbook/{plan_id}"))
        s.tables[plan_id] = tables
    yield s
    if request.param == "virtuoso":
        for g in list(s.graphs()):
            s.drop_graph(g)
    s.close()


def _rows(store, a, b):
    from igel_graph.queries import get_query

    rows = get_query("plan-comparison").run(store, {"a": a, "b": b, "lang": "en"}).dicts()
    return {(str(r["dimension"]), str(r["concept"])): r for r in rows}


def test_igel_vs_bw_as_the_comparison_view(store):
    from igel_graph.queries import get_query

    rows = _rows(store, IGEL_PLAN, BW)
    view = get_query("coverage-comparison").run(store, {"lang": "de"}).dicts()
    expected = {(str(r["dimension"]), str(r["concept"])): str(r["coveredBy"]) for r in view}
    got = {k: str(r["coveredBy"]) for k, r in rows.items() if k[0] in ("theme", "care sector")}
    assert got == expected and len(expected) == 8 + 6  # eight care sectors, six themes
    # who acts: the GSD (a public authority) leads IGeL measures, the Land BW funds the
    # project ("hat das Land Baden-Württemberg ... zur Verfügung gestellt"); three
    # universities accompany BW only ("drei universitäre Einrichtungen beauftragt")
    actor = {k[1].rsplit("#", 1)[1]: str(r["coveredBy"]) for k, r in rows.items() if k[0] == "actor type"}
    assert actor["PublicAuthority"] == "both"
    assert actor["ResearchInstitution"] == "B"
    assert actor["CareProvider"] == "A"  # the LERB, partner in 1.2.3
    # measure kinds are curated for IGeL measures; the model project has no measures
    kinds = {str(r["coveredBy"]) for k, r in rows.items() if k[0] == "measure kind"}
    assert kinds == {"A"}


def test_two_generated_plans_as_their_workbooks_say(store):
    rows = _rows(store, resource("plan", "gen-a"), resource("plan", "gen-b"))

    def covered(plan_id):
        t = store.tables[plan_id]
        themes = {ID_BASE + "theme/" + r["theme"] for r in t["themes"]}
        kinds = {ID_BASE + "measure-kind/" + k for r in t["measures"] for k in r["kind"]}
        acting = {r["actor"] for r in t["roles"]}
        types = {"https://w3id.org/igel/ontology#" + a["type"] for a in t["actors"] if a["id"] in acting}
        return (
            {("theme", c) for c in themes} | {("measure kind", c) for c in kinds} | {("actor type", c) for c in types}
        )

    a, b = covered("gen-a"), covered("gen-b")
    for key, row in rows.items():
        if key[0] == "care sector":
            assert str(row["coveredBy"]) == "neither"
            continue
        in_a, in_b = key in a, key in b
        expected = "both" if in_a and in_b else "A" if in_a else "B" if in_b else "neither"
        assert str(row["coveredBy"]) == expected, key
    assert any(str(r["coveredBy"]) == "both" for r in rows.values())
    # parts: a theme's count is the number of measures naming it
    theme_counts = {}
    for r in store.tables["gen-a"]["themes"]:
        theme_counts[ID_BASE + "theme/" + r["theme"]] = theme_counts.get(ID_BASE + "theme/" + r["theme"], 0) + 1
    for concept, n in theme_counts.items():
        assert int(rows[("theme", concept)]["partsA"]) == n
