"""A plan workbook imported into Virtuoso gives the same statements as into Oxigraph, and
a broken workbook changes nothing there either (issue 15: the import on every backend
the platform serves from)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import XSD

from igel_graph.namespaces import Graphs, resource
from tests.store.backends import make_store

PLAN = resource("plan", "igel-2026-2030")

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """The IGeL plan exported from the hand-written data as a workbook."""
    from igel_graph.build import read_sources
    from igel_graph.store.memory import MemoryStore
    from igel_graph.workbook.export import plan_graph_from_store, plan_tables, write_xlsx

    source = MemoryStore()
    for graph, (content, _) in read_sources().items():
        source.load(content, graph)
    path = tmp_path_factory.mktemp("wb-virtuoso") / "igel.xlsx"
    write_xlsx(plan_tables(plan_graph_from_store(source), PLAN), path)
    return path


def _platform(kind: str, tmp_path, request):
    """An empty store of backend ``kind`` with the ontology and the vocabularies."""
    from igel_graph.build import read_sources

    store = make_store(kind, tmp_path, request)
    for graph, (content, _) in read_sources().items():
        if graph in (Graphs.ONTOLOGY, Graphs.VOCABULARIES):
            store.load(content, graph)
    return store


def _by_value(graph: Graph) -> Graph:
    """``graph`` with decimals in one lexical form (stores canonicalise them differently)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def _state(store) -> bytes:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return b"\n".join(sorted(out.getvalue().splitlines()))


@pytest.fixture
def virtuoso(tmp_path, request):
    store = _platform("virtuoso", tmp_path, request)
    yield store
    for g in list(store.graphs()):
        store.drop_graph(g)
    store.close()


def test_import_into_virtuoso_gives_the_same_statements_as_oxigraph(virtuoso, workbook, tmp_path, request):
    from igel_graph.workbook.importer import import_workbook
    from igel_graph.workbook.versions import plan_graph, version_graph, versions

    oxigraph = _platform("oxigraph", tmp_path, request)
    try:
        expected = import_workbook(oxigraph, workbook, version_label="Druck")
        result = import_workbook(virtuoso, workbook, version_label="Druck")
        assert (result.version, result.triples) == (expected.version, expected.triples)
        ox_graph = _by_value(oxigraph.graph(plan_graph(PLAN)))
        vt_graph = _by_value(virtuoso.graph(plan_graph(PLAN)))
        assert len(vt_graph) == len(ox_graph) == expected.triples
        missing = to_isomorphic(ox_graph) - to_isomorphic(vt_graph)
        assert isomorphic(ox_graph, vt_graph), sorted(missing)[:5]
        # the version record and its snapshot read back the same
        (v_ox,), (v_vt,) = versions(oxigraph, PLAN), versions(virtuoso, PLAN)
        assert (v_vt.number, v_vt.label, v_vt.source) == (v_ox.number, v_ox.label, v_ox.source)
        assert isomorphic(
            _by_value(version_graph(virtuoso, PLAN, v_vt)), _by_value(version_graph(oxigraph, PLAN, v_ox))
        )
    finally:
        oxigraph.close()


def test_broken_workbook_changes_nothing_in_virtuoso(virtuoso, workbook, tmp_path):
    from igel_graph.tabular import TableErrors
    from igel_graph.workbook.importer import import_workbook

    book = load_workbook(workbook)
    sheet = book["budget"]
    amount = [c.value for c in sheet[1]].index("amount") + 1
    sheet.cell(row=2, column=amount, value="viel")  # text in an amount cell
    broken = tmp_path / "broken.xlsx"
    book.save(broken)

    import_workbook(virtuoso, workbook, version_label="Druck")
    before = _state(virtuoso)
    with pytest.raises(TableErrors) as caught:
        import_workbook(virtuoso, broken, version_label="kaputt")
    assert "Sheet 'budget', row 2" in str(caught.value) and "amount" in str(caught.value)
    assert _state(virtuoso) == before
