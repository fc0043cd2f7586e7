"""SHACL validation of asserted data (igel_graph.validate).

The broken fixture (fixtures/broken.ttl) holds exactly three mistakes, listed in its
header; the expected results below are those three, worked out by hand from
ontology/shapes.ttl (the property shapes Measure-lead, Measure-sourcePassage and
BudgetObservation-amount).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from igel_graph.errors import ParseError
from igel_graph.namespaces import IGEL, resource
from igel_graph.validate import (
    asserted_data,
    describe_result,
    validate,
    validate_file,
    validate_store,
    validate_with_context,
)

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES = "https://w3id.org/igel/shapes#"


def _keys(report):
    return {(r["focus"], r["path"], r["constraint"], r["shape"]) for r in report.results}


def test_broken_file_fails_with_each_mistake_named():
    report = validate_file(FIXTURES / "broken.ttl")
    assert not report.conforms
    assert _keys(report) == {
        (
            resource("plan", "test", "measure", "9.9.1"),
            IGEL.lead,
            SH.MinCountConstraintComponent,
            URIRef(SHAPES + "Measure-lead"),
        ),
        (
            resource("plan", "test", "measure", "9.9.2"),
            IGEL.sourcePassage,
            SH.MinCountConstraintComponent,
            URIRef(SHAPES + "Measure-sourcePassage"),
        ),
        (
            resource("plan", "test", "budget", "line", "l1", "2026"),
            IGEL.amount,
            SH.MinInclusiveConstraintComponent,
            URIRef(SHAPES + "BudgetObservation-amount"),
        ),
    }


def test_report_text_names_resource_and_rule_on_one_line():
    text = validate_file(FIXTURES / "broken.ttl").text
    lines = text.splitlines()
    assert lines[0] == "3 violation(s) in 76 triples:"  # 68 + 8 title triples (issue 10)
    lead_line = next(line for line in lines if "measure/9.9.1" in line)
    assert "id:plan/test/measure/9.9.1 igel:lead" in lead_line
    assert "Measure-lead" in lead_line and "sh:MinCountConstraintComponent" in lead_line
    assert "lead actor" in lead_line  # the shape's own message
    amount_line = next(line for line in lines if "l1/2026" in line)
    assert "'-5000.0'" in amount_line and "sh:MinInclusiveConstraintComponent" in amount_line


def test_results_are_dicts_with_the_agreed_keys():
    result = validate_file(FIXTURES / "broken.ttl").results[0]
    assert set(result) == {"focus", "path", "value", "message", "severity", "constraint", "shape"}
    assert result["severity"] == SH.Violation
    assert isinstance(result["message"], str)


def _measure_with_lead(lead_type: URIRef | None) -> Graph:
    """The broken fixture with measure 9.9.1 given the lead actor/x, typed ``lead_type``
    (or untyped), and the other two mistakes repaired."""
    g = Graph().parse(FIXTURES / "broken.ttl")
    m, actor = resource("plan", "test", "measure", "9.9.1"), resource("actor", "x")
    g.add((m, IGEL.lead, actor))
    if lead_type is not None:
        g.add((actor, RDF.type, lead_type))
    g.add((actor, RDFS.label, Literal("Akteur X", lang="de")))
    g.add((actor, RDFS.label, Literal("actor X", lang="en")))
    g.add(
        (resource("plan", "test", "measure", "9.9.2"), IGEL.sourcePassage, resource("source", "test", "passage", "p1"))
    )
    obs = resource("plan", "test", "budget", "line", "l1", "2026")
    g.set((obs, IGEL.amount, Literal("5000.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    return g


def test_subclass_of_actor_passes_through_the_ontology_hierarchy():
    # sh:class igel:Actor accepts an igel:Insurer only via the asserted subClassOf axioms
    assert validate(_measure_with_lead(IGEL.Insurer)).conforms
    without_ontology = validate(_measure_with_lead(IGEL.Insurer), ontology=Graph())
    assert (resource("plan", "test", "measure", "9.9.1"), IGEL.lead, SH.ClassConstraintComponent) in {
        (r["focus"], r["path"], r["constraint"]) for r in without_ontology.results
    }


def test_no_inference_an_untyped_lead_is_a_violation():
    # with OWL-RL inference the range of igel:lead would type actor/x and hide this
    report = validate(_measure_with_lead(None))
    assert {(r["focus"], r["constraint"]) for r in report.results} == {
        (resource("plan", "test", "measure", "9.9.1"), SH.ClassConstraintComponent)
    }


def test_context_resolves_references_and_is_not_blamed():
    g = _measure_with_lead(IGEL.Insurer)
    actor = resource("actor", "x")
    own = Graph()
    for t in g:
        if t[0] != actor:
            own.add(t)  # the actor's type and labels live in the context only
    context = Graph()
    for t in g.triples((actor, None, None)):
        context.add(t)
    # a broken measure in the context: not the new file's fault
    context.add((resource("plan", "other", "measure", "1"), RDF.type, IGEL.Measure))
    alone = validate(own)
    assert not alone.conforms
    together = validate_with_context(own, context)
    assert together.conforms and together.results == []


def test_validate_file_reports_parse_errors_with_position(tmp_path):
    f = tmp_path / "bad.ttl"
    f.write_text(
        "@prefix igel: <https://w3id.org/igel/ontology#> .\n<urn:a> igel:lead <urn:b>\n<urn:c> igel:lead <urn:d> .\n"
    )
    with pytest.raises(ParseError) as err:
        validate_file(f)
    assert err.value.line == 3


def test_validate_store_reads_asserted_graphs_only(memory_store):
    from igel_graph.namespaces import Graphs

    broken = Graph().parse(FIXTURES / "broken.ttl")
    memory_store.load(broken, URIRef("https://w3id.org/igel/graph/upload/broken"))
    # a measure in the inferred graph is reasoner output, not something to validate
    memory_store.update("INSERT DATA { GRAPH <%s> { <urn:x> a <%s> } }" % (Graphs.INFERRED, IGEL.Measure))
    assert len(asserted_data(memory_store)) == len(broken)
    report = validate_store(memory_store)
    assert {r["focus"] for r in report.results} == {
        resource("plan", "test", "measure", "9.9.1"),
        resource("plan", "test", "measure", "9.9.2"),
        resource("plan", "test", "budget", "line", "l1", "2026"),
    }


def test_the_real_data_conforms():
    from igel_graph.build import read_sources
    from igel_graph.namespaces import Graphs

    sources = read_sources()
    data = [g for name, (g, _) in sources.items() if name != Graphs.ONTOLOGY]
    report = validate(data, ontology=sources[Graphs.ONTOLOGY][0])
    assert report.conforms, report.text


def test_an_ill_typed_amount_compared_by_less_than_or_equals_is_a_result_not_a_crash():
    # pySHACL 0.40 raises TypeError when sh:lessThanOrEquals (paid <= committed) meets an
    # ill-typed literal; `igel validate FILE` and uploads showed that traceback
    from tests.build.test_validate_staged import EXTRA
    from tests.ontology import test_onto_shapes as onto_cases

    text = (onto_cases.VALID + EXTRA).replace('igel:paidAmount "3000"^^xsd:decimal', 'igel:paidAmount "x"^^xsd:decimal')
    assert 'igel:paidAmount "x"' in text
    report = validate(Graph().parse(data=text, format="turtle"))
    assert not report.conforms
    datatype = [r for r in report.results if r["constraint"] == SH.DatatypeConstraintComponent]
    assert [str(r["path"]) for r in datatype] == ["https://w3id.org/igel/ontology#paidAmount"]
    assert "paidAmount" in describe_result(datatype[0])
