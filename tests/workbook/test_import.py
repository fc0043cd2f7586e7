"""Plan workbook import: the IGeL plan's round trip, broken workbooks, the template.

The IGeL plan is exported from the real data (ontology/data) and imported into a real
Oxigraph store on disk that holds only the ontology and the vocabularies.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, XSD
from wbhelp import Edit, run_cli

from igel_graph.namespaces import IGEL, resource
from igel_graph.workbook.export import plan_graph_from_store, plan_tables, write_template, write_xlsx
from igel_graph.workbook.rdf import without_provenance
from igel_graph.workbook.versions import plan_graph, versions

PLAN = resource("plan", "igel-2026-2030")

# The statements the workbook carries, written here independently of the exporter:
# plan, fields, goals, criteria, measures with roles, themes, kinds and dependencies, the
# actors in those roles, and the budget cube. Left out on purpose (documented in the
# README): measure parts, regions, periods, refersTo/establishes/concerns, budget groups
# and stated totals, and the generated labels of the budget data set and observations.
SCOPE = """
PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX qb: <http://purl.org/linked-data/cube#>
CONSTRUCT { ?s ?p ?o } WHERE {
  {
    BIND(?plan AS ?s) ?s ?p ?o . VALUES ?p { rdf:type rdfs:label dcterms:title igel:budgetDataSet }
  } UNION {
    ?s igel:partOfPlan ?plan ; a ?k . VALUES ?k { igel:ActionField igel:Goal igel:Measure }
    ?s ?p ?o .
    VALUES ?p { rdf:type igel:number rdfs:label dcterms:title igel:text igel:partOfPlan igel:inActionField
                igel:contributesTo igel:start igel:status igel:measureKind igel:lead igel:partner
                igel:addressee igel:theme igel:dependsOn igel:hasCriterion }
  } UNION {
    ?g igel:partOfPlan ?plan ; igel:hasCriterion ?s . ?s ?p ?o . VALUES ?p { rdf:type igel:number rdfs:label igel:text }
  } UNION {
    ?m igel:partOfPlan ?plan ; a igel:Measure ; igel:lead|igel:partner|igel:addressee ?s .
    ?s ?p ?o . VALUES ?p { rdf:type rdfs:label skos:altLabel owl:sameAs }
  } UNION {
    ?plan igel:budgetDataSet ?s . ?s ?p ?o . VALUES ?p { rdf:type qb:structure }
  } UNION {
    ?plan igel:budgetDataSet ?d . ?s qb:dataSet ?d . ?s ?p ?o .
    VALUES ?p { rdf:type qb:dataSet igel:budgetLine igel:year igel:amount igel:currency }
  } UNION {
    ?plan igel:budgetDataSet ?d . ?obs qb:dataSet ?d ; igel:budgetLine ?s . ?s ?p ?o .
    VALUES ?p { rdf:type rdfs:label igel:funds }
  }
}
"""


@pytest.fixture(scope="module")
def igel_workbook(source_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "igel.xlsx"
    write_xlsx(plan_tables(plan_graph_from_store(source_store), PLAN), path)
    return path


def _decimals_by_value(graph: Graph) -> Graph:
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        result.add((s, p, o))
    return result


def _dump(store) -> bytes:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return hashlib.sha256(b"\n".join(sorted(out.getvalue().splitlines()))).digest()


def test_round_trip_of_the_igel_plan_is_isomorphic(source_store, platform_store, igel_workbook):
    from igel_graph.workbook.importer import import_workbook

    expected = Graph()
    for triple in source_store.query(SCOPE, {"plan": PLAN}).triples:
        expected.add(triple)
    # 15 measures, 4 fields, 6 goals, 14 criteria in the action plan (ontology/data/igel-aktionsplan-2026-2030.ttl)
    assert len(set(expected.subjects(IGEL.partOfPlan, PLAN))) == 15 + 4 + 6

    result = import_workbook(platform_store, igel_workbook)
    assert result.written and result.version == 1
    imported = without_provenance(platform_store.graph(plan_graph(PLAN)))
    # the labels of the data set and of each observation are made from the line's label
    generated_labels = [
        (s, p, o)
        for s, p, o in imported.triples((None, RDFS.label, None))
        if str(s) == f"{PLAN}/budget"
        or (str(s).startswith(f"{PLAN}/budget/line/") and str(s).rsplit("/", 1)[-1].isdigit())
    ]
    for triple in generated_labels:
        imported.remove(triple)
    # Oxigraph writes xsd:decimal canonically ("50000" for "50000.0"): compare values
    expected, imported = _decimals_by_value(expected), _decimals_by_value(imported)
    missing = to_isomorphic(expected) - to_isomorphic(imported)
    extra = to_isomorphic(imported) - to_isomorphic(expected)
    assert not list(missing) and not list(extra), (sorted(missing)[:5], sorted(extra)[:5])
    assert isomorphic(expected, imported)
    assert [v.number for v in versions(platform_store, PLAN)] == [1]


def test_every_row_points_to_its_sheet_and_row(platform_store, igel_workbook):
    from igel_graph.workbook.importer import import_workbook

    import_workbook(platform_store, igel_workbook)
    graph = platform_store.graph(plan_graph(PLAN))
    measure = resource("plan", "igel-2026-2030", "measure", "1.1.2")
    sections = {str(s) for p in graph.objects(measure, IGEL.sourcePassage) for s in graph.objects(p, IGEL.section)}
    # measures are sorted by number: 1.1.1 is row 2, 1.1.2 row 3; "2.1" is the plan's own section
    assert "measures!3" in sections and "2.1" in sections


def test_every_statement_names_its_sheet_row_and_column(platform_store, igel_workbook):
    """Provenance down to the column: a statement's reification derives from its row's
    passage (igel:sheet, igel:row) and names the CSVW columns it was read from
    (ontology/workbook/plan-workbook-metadata.json)."""
    from rdflib.namespace import DCTERMS

    from igel_graph.workbook.importer import import_workbook

    import_workbook(platform_store, igel_workbook)
    graph = platform_store.graph(plan_graph(PLAN))
    query = """
    PREFIX igel: <https://w3id.org/igel/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?o ?sheet ?row ?column WHERE { GRAPH ?g {
      ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage ; igel:column ?column .
      ?passage igel:sheet ?sheet ; igel:row ?row } }
    """
    measure = resource("plan", "igel-2026-2030", "measure", "1.1.2")
    rows = platform_store.query(query, {"g": plan_graph(PLAN), "s": measure, "p": DCTERMS.title}).rows
    # measures are sorted by number: 1.1.2 is row 3; its German title from title_de, English from title_en
    found = {(o.language, str(sheet), int(row), str(column)) for o, sheet, row, column in rows}
    assert found == {("de", "measures", 3, "title_de"), ("en", "measures", 3, "title_en")}
    # a role is read from three columns of its row on sheet roles
    roles = platform_store.query(query, {"g": plan_graph(PLAN), "s": measure, "p": IGEL.lead}).rows
    assert roles and {str(r[1]) for r in roles} == {"roles"}
    assert {str(r[3]) for r in roles} == {"measure", "actor", "role"}
    # every statement of the plan (not the provenance itself) is traced to a row
    traced = {
        (s, p, o)
        for st in graph.subjects(RDF.type, RDF.Statement)
        for s in graph.objects(st, RDF.subject)
        for p in graph.objects(st, RDF.predicate)
        for o in graph.objects(st, RDF.object)
    }
    plain = set(without_provenance(graph))
    assert plain and plain <= traced
    # Oxigraph keeps the decimals as written: no reification lost on the way into the store
    assert len(traced) == len(plain)


def test_template_has_every_sheet_dropdowns_and_instructions(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames[0] == "instructions" and book.sheetnames[-1] == "codes"
    for name in (
        "plan",
        "fields",
        "goals",
        "measures",
        "actors",
        "roles",
        "themes",
        "dependencies",
        "criteria",
        "budget",
        "sources",
    ):
        assert name in book.sheetnames
    measures = book["measures"]
    assert [c.value for c in measures[1]][:3] == ["number", "goal", "title_de"]
    ranges = {str(v.sqref): v.formula1 for v in measures.data_validations.dataValidation}
    assert ranges["G2:G5000"].startswith("=codes!")  # column G is start: the quarters
    instructions = [row[0] for row in book["instructions"].iter_rows(values_only=True)]
    assert instructions[0].startswith("Plan-Arbeitsmappe") and book["instructions"]["B1"].value.startswith(
        "Plan workbook"
    )


# ---------------------------------------------------------------- broken workbooks


def _broken(igel_workbook, tmp_path, case: str):
    edit = Edit(igel_workbook)
    if case == "missing sheet":
        del edit.book["roles"]
    elif case == "unknown column":
        edit.book["measures"].cell(row=1, column=11, value="budget")
    elif case == "unknown actor type":
        edit.set("actors", "type", "Ministry", id="gsd")
    elif case == "role for a missing measure":
        edit.append("roles", measure="9.9.9", actor="gsd", role="lead")
    elif case == "text in an amount cell":
        edit.set("budget", "amount", "vierhunderttausend", line="forum-umsetzung", year=2027)
    elif case == "duplicate measure number":
        (copy,) = [row for row in edit.rows("measures") if row["number"] == "1.1.2"]
        edit.append("measures", **{**copy, "title_de": "Doppelt", "title_en": "Twice"})
    return edit.save(tmp_path / "broken.xlsx")


# case → the one message expected: sheet, row and column of the problem
BROKEN = {
    "missing sheet": "Sheet 'roles': sheet is missing",
    "unknown column": "Sheet 'measures', row 1, column K (budget): is not a column of this sheet",
    # actors are exported sorted by id: gsd is the ninth
    "unknown actor type": "Sheet 'actors', row 10, column D (type): 'Ministry' is not a code of actor-types",
    "role for a missing measure": "Sheet 'roles', row 43, column A (measure): '9.9.9' names no measure of this workbook",
    "text in an amount cell": "column F (amount): 'vierhunderttausend' is not a number",
    # 15 measures in rows 2-16, the copy in row 17
    "duplicate measure number": "Sheet 'measures', row 17, column A (number): '1.1.2' appears twice (first in row 3)",
}


@pytest.fixture
def store_dir(tmp_path):
    """A closed Oxigraph store folder with ontology and vocabularies, for the CLI."""
    from wbhelp import load_graphs as _load

    from igel_graph.store.oxigraph import OxigraphStore

    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    _load(store, sources=False)
    store.close()
    return folder


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_workbook_one_message_exit_2_nothing_written(case, igel_workbook, tmp_path, store_dir, capsys):
    from igel_graph.store.oxigraph import OxigraphStore

    with OxigraphStore(store_dir) as store:
        before = _dump(store)
    broken = _broken(igel_workbook, tmp_path, case)
    code, out, err = run_cli(["--store", str(store_dir), "import", str(broken)], capsys)
    assert code == 2, err
    text = " ".join(err.split())  # the console wraps long lines
    assert "Error: 1 problem in the spreadsheet; nothing was written:" in text, err
    assert text.count("Sheet '") == 1 and BROKEN[case] in text, err
    assert "Traceback" not in err
    with OxigraphStore(store_dir) as store:
        assert _dump(store) == before


def test_import_cli_writes_a_version(igel_workbook, store_dir, capsys):
    code, out, err = run_cli(
        ["--store", str(store_dir), "import", str(igel_workbook), "--version", "Druckfassung"], capsys
    )
    assert code == 0, err
    assert "as version 1 ('Druckfassung')" in " ".join(out.split())
    code, out, err = run_cli(["--store", str(store_dir), "workbook", "versions", "igel-2026-2030"], capsys)
    assert code == 0 and "Druckfassung" in out
