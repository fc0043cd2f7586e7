"""Validation in two processes and in place (igel_graph.validate, .groups, .forked).

The reference everywhere is a plain ``pyshacl.validate`` of the same data as the module ran
it before: the data graph copied by pySHACL, the ontology mixed into the copy, all shapes
in one run. The broken data is fixtures/broken.ttl (three mistakes, see test_validate.py)
plus two more, so that both shape groups find something:

- ``ex:SpecialInsurer rdfs:subClassOf igel:Insurer`` is declared in the data, and actor
  ``ex:special`` typed only with it has no English label: ActorShape targets it only
  through rdfs:subClassOf (Actor-labelEn, sh:QualifiedMinCountConstraintComponent);
- a source passage with two German labels (Label-uniqueLang).
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from igel_graph import resources
from igel_graph.errors import IgelError
from igel_graph.namespaces import IGEL, resource
from igel_graph.validate import validate, validate_store
from igel_graph.validate.forked import can_fork, run_forked
from igel_graph.validate.groups import shape_groups

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES = "https://w3id.org/igel/shapes#"
SPECIAL = URIRef("urn:ex:SpecialInsurer")
SPECIAL_ACTOR = URIRef("urn:ex:special")
PASSAGE = resource("source", "test", "passage", "p1")

needs_fork = pytest.mark.skipif(not can_fork(), reason="forks only on Linux")


def _broken() -> Graph:
    g = Graph().parse(FIXTURES / "broken.ttl")
    g.add((SPECIAL, RDFS.subClassOf, IGEL.Insurer))
    g.add((SPECIAL_ACTOR, RDF.type, SPECIAL))
    g.add((SPECIAL_ACTOR, RDFS.label, Literal("Spezialversicherer", lang="de")))
    g.add((PASSAGE, RDFS.label, Literal("Zweite Stelle 1", lang="de")))
    return g


def _shapes() -> Graph:
    return Graph().parse(resources.shapes_file())


def _ontology() -> Graph:
    return Graph().parse(resources.ontology_file())


def _keys(results) -> list[tuple]:
    return sorted(
        (r["focus"], r["path"], r["value"], r["constraint"], r["shape"], r["severity"], r["message"]) for r in results
    )


def _reference(data: Graph) -> tuple[bool, list[tuple]]:
    """The report of one plain pySHACL run, read straight from its report graph."""
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    rows = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        english = [str(m) for m in report.objects(r, SH.resultMessage) if m.language == "en"]
        rows.append(
            (
                report.value(r, SH.focusNode),
                report.value(r, SH.resultPath),
                report.value(r, SH.value),
                report.value(r, SH.sourceConstraintComponent),
                report.value(r, SH.sourceShape),
                report.value(r, SH.resultSeverity),
                english[0],
            )
        )
    return bool(conforms), sorted(rows)


def test_the_reference_finds_all_five_mistakes():
    conforms, rows = _reference(_broken())
    assert not conforms
    assert {(focus, shape.split("#")[-1]) for focus, _, _, _, shape, _, _ in rows} == {
        (resource("plan", "test", "measure", "9.9.1"), "Measure-lead"),
        (resource("plan", "test", "measure", "9.9.2"), "Measure-sourcePassage"),
        (resource("plan", "test", "budget", "line", "l1", "2026"), "BudgetObservation-amount"),
        (SPECIAL_ACTOR, "Actor-labelEn"),
        (PASSAGE, "Label-uniqueLang"),
    }


def test_in_place_validation_gives_the_reference_report():
    # a list of graphs is merged into a graph of our own, which pySHACL then changes in place
    report = validate([_broken()], shapes=_shapes(), ontology=_ontology())
    assert (report.conforms, _keys(report.results)) == _reference(_broken())


def test_a_callers_graph_is_left_unchanged():
    data = _broken()
    before = set(data)
    validate(data, shapes=_shapes(), ontology=_ontology())
    assert set(data) == before  # no ontology axioms mixed into it


@needs_fork
def test_two_processes_give_the_reference_report_with_results_from_both_groups():
    data = _broken()
    groups = shape_groups(_shapes(), data, 2, ontology=_ontology())
    assert len(groups) == 2
    report = validate([data], shapes=_shapes(), ontology=_ontology(), processes=2)
    assert (report.conforms, _keys(report.results)) == _reference(_broken())
    shapes_hit = {r["shape"] for r in report.results}
    assert all(shapes_hit & set(group) for group in groups)  # each process found something
    assert gc.isenabled()


@needs_fork
def test_validate_store_in_two_processes_equals_one(memory_store):
    memory_store.load(_broken(), URIRef("https://w3id.org/igel/graph/upload/broken"))
    one = validate_store(memory_store, processes=1)
    two = validate_store(memory_store, processes=2)
    assert (two.conforms, two.results, two.data_size, two.text) == (one.conforms, one.results, one.data_size, one.text)
    assert (SPECIAL_ACTOR, SH.QualifiedMinCountConstraintComponent) in {
        (r["focus"], r["constraint"]) for r in two.results
    }


def test_groups_keep_every_named_shape_a_targeted_shape_reaches():
    groups = shape_groups(_shapes(), _broken(), 2, ontology=_ontology())
    everything = set().union(*groups)
    # the measure's property shapes are named (not blank nodes): left out, pySHACL would skip them
    measure = next(g for g in groups if URIRef(SHAPES + "MeasureShape") in g)
    assert {URIRef(SHAPES + "Measure-lead"), URIRef(SHAPES + "Measure-textDe")} <= set(measure)
    # every targeted shape is in exactly one group (else its results would come twice)
    targeted = set(_shapes().subjects(SH.targetClass, None)) | set(_shapes().subjects(SH.targetSubjectsOf, None))
    assert targeted <= everything
    assert all(sum(t in g for g in groups) == 1 for t in targeted)


SMALL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:A sh:targetClass ex:C ; sh:node ex:B .
ex:B sh:targetClass ex:D ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:E sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:maxCount 1 ] .
"""
SMALL_DATA = """
@prefix ex: <http://example.org/> . ex:x a ex:C . ex:y a ex:D . ex:z ex:q 1 , 2 .
"""


def test_a_shape_with_a_target_that_another_refers_to_shares_its_group():
    groups = shape_groups(
        Graph().parse(data=SMALL_SHAPES, format="turtle"), Graph().parse(data=SMALL_DATA, format="turtle"), 2
    )
    ex = "http://example.org/"
    assert sorted(groups) == [[URIRef(ex + "A"), URIRef(ex + "B")], [URIRef(ex + "E")]]


@pytest.mark.parametrize(
    "extra",
    [
        'ex:F sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .',  # SPARQL constraint
        "[] sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",  # blank node with a target
        'ex:F sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { }" ] .',  # SHACL-AF target
    ],
)
def test_shapes_beyond_what_can_be_split_run_in_one_group(extra):
    shapes = Graph().parse(data=SMALL_SHAPES + extra, format="turtle")
    assert shape_groups(shapes, Graph().parse(data=SMALL_DATA, format="turtle"), 2) == []


@needs_fork
def test_run_forked_returns_answers_in_order_and_raises_a_childs_error():
    assert run_forked(lambda x: (x, os.getpid()), [1, 2])[0] == (1, os.getpid())
    assert run_forked(lambda x: (x, os.getpid()), [1, 2])[1][1] != os.getpid()

    def fails_in_child(x):
        if x == 2:
            raise ValueError("no twos")
        return x

    with pytest.raises(ValueError, match="no twos"):
        run_forked(fails_in_child, [1, 2])


@needs_fork
def test_run_forked_reports_a_child_that_dies():
    def dies_in_child(x):
        if x == 2:
            os._exit(3)
        return x

    with pytest.raises(IgelError, match="exit status 3"):
        run_forked(dies_in_child, [1, 2])
    assert gc.isenabled() and not gc.get_freeze_count()


def test_run_forked_from_a_worker_thread_stays_in_this_process():
    # a server's worker thread must not fork: the inputs run here, one after the other
    pids: list[int] = []
    worker = threading.Thread(target=lambda: pids.extend(run_forked(lambda x: os.getpid(), [1, 2])))
    worker.start()
    worker.join()
    assert pids == [os.getpid(), os.getpid()]
