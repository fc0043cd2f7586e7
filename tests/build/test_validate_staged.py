"""``igel load``'s validation (igel_graph.validate.staged: Oxigraph and the Rust SHACL engine
of the ``shacl`` package) gives pySHACL's results.

pySHACL stays the reference: on every test file (the complete miniature of
tests/ontology/test_onto_shapes.py and each broken variant of it, fixtures/broken.ttl, the
real data) and on mutations of the miniature that break every shape of ontology/shapes.ttl
(a value removed, a value of the other kind, an 81-character text, a second value), both
must list the same results: focus node, path, value, constraint component, shape, severity
and message. Literal values compare by value, as Oxigraph keeps a decimal in its canonical
form ("-5000.0" is stored as "-5000"). One known difference, where the verdict is the same:
see test_same_results_on_mutations_that_break_every_shape.

The load check as a whole (the file beside the store's data) is compared with
``validate_with_context``, the pySHACL way ``igel load`` judged files before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from igel_graph import resources
from igel_graph.errors import ParseError
from igel_graph.namespaces import Graphs
from igel_graph.validate import ASSERTED_EXCLUDED, validate, validate_with_context
from igel_graph.validate.staged import validate_for_load, validate_graphs
from tests.ontology import test_onto_shapes as onto_cases
from tests.support.shapes import shapes_context

FIXTURES = Path(__file__).parent / "fixtures"

# the miniature plus what its shape cases do not cover: a measure part, a concept with
# preferred labels, and one of each monitoring record (a status report, an indicator with
# an observation, a spending observation), each complete by ontology/shapes.ttl
EXTRA = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@base <https://w3id.org/igel/id/> .
<monitoring/status/1> a igel:StatusReport ;
    igel:reportOn <plan/p/measure/1.1.1> ; igel:reportedStatus <status/started> ;
    igel:validFrom "2026-03-01T00:00:00"^^xsd:dateTime ; igel:reporter <actor/gsd> ;
    igel:note "Begonnen." ; igel:evidenceLink <https://example.org/evidence> ;
    prov:generatedAtTime "2026-03-02T10:00:00"^^xsd:dateTime ; prov:wasGeneratedBy <monitoring/activity/1> .
<monitoring/indicator/1> a igel:Indicator ;
    igel:indicatorOf <plan/p/goal/1.1/criterion/1> ;
    rdfs:label "Anteil"@de , "share"@en ; igel:unit "%" ; igel:direction "up" ;
    igel:baseline "10.0"^^xsd:decimal ; igel:baselineDate "2025-12-31T00:00:00"^^xsd:dateTime ;
    igel:target "20.0"^^xsd:decimal ; igel:targetDate "2030-12-31T00:00:00"^^xsd:dateTime .
<monitoring/indicators> a igel:IndicatorDataSet .
<monitoring/indicator/1/observation/1> a igel:IndicatorObservation ;
    igel:indicator <monitoring/indicator/1> ; igel:observedAt "2026-06-30T00:00:00"^^xsd:dateTime ;
    igel:observedValue "12.5"^^xsd:decimal ; igel:reporter <actor/gsd> ; qb:dataSet <monitoring/indicators> ;
    prov:generatedAtTime "2026-07-01T10:00:00"^^xsd:dateTime ; prov:wasGeneratedBy <monitoring/activity/2> .
<monitoring/spending> a igel:SpendingDataSet .
<monitoring/spending/1> a igel:SpendingObservation ;
    igel:budgetLine <plan/p/budget/line/l> ; igel:year "2026"^^xsd:integer ;
    igel:validFrom "2026-06-30T00:00:00"^^xsd:dateTime ;
    igel:committedAmount "5000"^^xsd:decimal ; igel:paidAmount "3000"^^xsd:decimal ; igel:currency "CHF" ;
    igel:reporter <actor/gsd> ; qb:dataSet <monitoring/spending> ;
    prov:generatedAtTime "2026-07-01T10:00:00"^^xsd:dateTime ; prov:wasGeneratedBy <monitoring/activity/3> .
<plan/p/measure/1.1.1/part/a> a igel:MeasurePart ;
    igel:partOfMeasure <plan/p/measure/1.1.1> ;
    igel:lead <actor/gsd> ;
    igel:text "Ein Teil."@de , "A part."@en ;
    igel:sourcePassage <source/s/passage/measure-1.1.1> .
<theme/t> skos:prefLabel "Thema"@de , "theme"@en .
"""


@pytest.fixture(scope="module")
def context():
    return shapes_context()


def _key(result: dict) -> tuple:
    def term(t):
        if isinstance(t, Literal) and t.value is not None and not isinstance(t.value, str):
            return ("literal", t.datatype, t.value)
        return t

    return tuple(term(result[k]) for k in ("focus", "path", "value", "constraint", "shape", "severity", "message"))


def _both(context, data: Graph) -> tuple[list, list]:
    """(pySHACL's results, the engine's results) for ``data`` with the ontology, sorted."""
    shapes, ontology, _ = context
    reference = validate(data, shapes=shapes, ontology=ontology).results
    return sorted(map(_key, reference), key=str), _engine(context, data)


def _engine(context, data: Graph) -> list:
    """The engine's results for ``data`` with the ontology, sorted."""
    _, ontology, _ = context
    # the default shapes (ontology/shapes.ttl, as the fixture reads them): compiled once
    return sorted(map(_key, validate_graphs([data, ontology])), key=str)


def _cases() -> list[tuple[str, str]]:
    marks = [m for m in onto_cases.test_broken_data_names_resource_and_rule.pytestmark if m.name == "parametrize"]
    params, ids = marks[0].args[1], marks[0].kwargs["ids"]
    return [("valid", onto_cases.VALID)] + [(i, onto_cases._broken(old, new)) for (old, new, *_), i in zip(params, ids)]


@pytest.mark.parametrize("name, turtle", _cases(), ids=[name for name, _ in _cases()])
def test_same_results_as_pyshacl_on_every_shape_test_case(context, name, turtle):
    data = Graph().parse(data=turtle, format="turtle") + context[2]
    reference, mine = _both(context, data)
    assert mine == reference
    assert (name == "valid") == (not reference)  # each broken case breaks something


def test_same_results_on_the_broken_fixture_and_the_real_data(context):
    broken = Graph().parse(FIXTURES / "broken.ttl") + context[2]
    reference, mine = _both(context, broken)
    assert mine == reference and len(reference) == 3  # the three mistakes of its header
    real = Graph()
    for path in sorted((resources.ontology_dir() / "data").glob("*.ttl")):
        real.parse(path, format="turtle")
    reference, mine = _both(context, real + context[2])
    assert mine == reference == []  # the real data conforms (igel build validates it)


def _mutations(base: Graph):
    """The data without each one of its statements (but rdf:type); and for each (subject,
    predicate), its first value replaced by one of the other kind (an IRI for a literal
    and back) or by an 81-character text, or joined by a second value like it."""
    seen = set()
    for s, p, o in sorted(base):
        if p == RDF.type:
            continue
        yield f"{s} {p} {o} removed", {(s, p, o)}, set()
        if (s, p) in seen:
            continue
        seen.add((s, p))
        other = Literal("x") if isinstance(o, URIRef) else URIRef("https://w3id.org/igel/id/untyped")
        yield f"{s} {p} other kind", {(s, p, o)}, {(s, p, other)}
        if isinstance(o, Literal):
            second = Literal(str(o) + " 2", lang=o.language, datatype=o.datatype)
            yield f"{s} {p} long", {(s, p, o)}, {(s, p, Literal("x" * 81, lang=o.language, datatype=o.datatype))}
        else:
            second = URIRef(str(o) + "-2")
        yield f"{s} {p} second value", set(), {(s, p, second)}


@pytest.mark.parametrize(
    "every",
    [
        # make test: pySHACL runs on each mutation that breaks a shape the engine has not
        # seen broken yet (about a minute); so every shape is still compared with it
        False,
        # make check: pySHACL runs on all of them (about five minutes)
        pytest.param(True, marks=pytest.mark.check),
    ],
    ids=["each-shape", "every-mutation"],
)
def test_same_results_on_mutations_that_break_every_shape(context, every):
    shapes, _, vocabularies = context
    base = Graph().parse(data=onto_cases.VALID, format="turtle").parse(data=EXTRA, format="turtle")
    broken_shapes = set()
    count = pyshacl_failed = 0
    known = []
    seen_by_engine: set = set()
    for what, removed, added in _mutations(base):
        data = Graph()
        for t in base:
            if t not in removed:
                data.add(t)
        for t in added:
            data.add(t)
        if not every:
            shapes_broken = {k[4] for k in _engine(context, data + vocabularies)}
            if shapes_broken <= seen_by_engine:
                continue
            seen_by_engine |= shapes_broken
        try:
            reference, mine = _both(context, data + vocabularies)
        except TypeError:
            # pySHACL 0.40 fails itself on an ill-typed paid amount compared by
            # sh:lessThanOrEquals ("'<=' not supported between instances of 'Literal'");
            # the engine reports the literal's sh:datatype result
            mine = _engine(context, data + vocabularies)
            assert SH.DatatypeConstraintComponent in {k[3] for k in mine}, what
            pyshacl_failed += 1
            continue
        if mine != reference:
            # the known difference: a value compared by sh:lessThanOrEquals with an
            # ill-typed literal ("5000 2"^^xsd:decimal). SHACL says a pair that cannot be
            # compared is a result, and the engine reports it; pySHACL skips the pair. The
            # literal itself fails sh:datatype in both, so the verdict is the same.
            extra = [k for k in mine if k not in reference]
            assert reference and all(k in mine for k in reference), what
            assert all(k[3] == SH.LessThanOrEqualsConstraintComponent for k in extra), what
            assert any(isinstance(o, Literal) and o.ill_typed for _, _, o in added), what
            known.append(what.rsplit("#", 1)[-1])
        broken_shapes |= {key[4] for key in reference}
        count += 1
    # every property shape and every node shape with a constraint of its own was broken
    # at least once, so the engine's verdict on each one was compared with pySHACL's
    constrained = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(SH["or"], None))
    assert constrained <= broken_shapes, sorted(constrained - broken_shapes)
    if every:
        assert count > 200
        # an 81-character or a second value ("5000 2") on either side of the comparison
        assert sorted(known) == ["committedAmount long", "committedAmount second value", "paidAmount second value"]
        assert pyshacl_failed == 1  # paidAmount 81 x's long


@pytest.fixture
def built_oxigraph(tmp_path):
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    build_graph(store, reason=False, validate=False, analyse=False)
    yield store
    store.close()


def test_load_check_gives_the_verdict_of_validate_with_context(built_oxigraph, tmp_path):
    """A file judged beside the store's data: the broken fixture's three results, and a
    file that is valid only together with the store (a partner typed nowhere in it)."""
    store = built_oxigraph
    target = URIRef("https://w3id.org/igel/graph/upload/test")
    context = [store.graph(g) for g in store.graphs() if g not in ASSERTED_EXCLUDED]
    ontology = store.graph(Graphs.ONTOLOGY)
    broken = FIXTURES / "broken.ttl"
    steps: list[str] = []
    report = validate_for_load(store, broken, target, progress=lambda step, done, total: steps.append(step))
    expected = validate_with_context(Graph().parse(broken), context, ontology=ontology)
    assert not report.conforms
    assert sorted(map(_key, report.results), key=str) == sorted(map(_key, expected.results), key=str)
    assert len(report.results) == 3 and report.data_size == len(Graph().parse(broken))
    assert steps[0] == "reading the file" and "validating" in steps
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@base <https://w3id.org/igel/id/> .\n@prefix igel: <https://w3id.org/igel/ontology#> .\n"
        "<plan/igel-2026-2030/measure/2.1.1> igel:partner <actor/gsd> .\n"
    )
    report = validate_for_load(store, extra, target)
    assert report.conforms and report.results == [] and report.data_size == 1
    # the same partner typed nowhere: the measure (mentioned by the file) is blamed
    extra.write_text(extra.read_text().replace("<actor/gsd>", "<actor/nobody>"))
    report = validate_for_load(store, extra, target)
    assert [(r["shape"], r["value"]) for r in report.results] == [
        (URIRef("https://w3id.org/igel/shapes#Measure-partner"), URIRef("https://w3id.org/igel/id/actor/nobody"))
    ]


def test_load_check_refuses_malformed_files_with_line_and_column(built_oxigraph, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix igel: <https://w3id.org/igel/ontology#> .\n<urn:a> igel:number .\n")
    with pytest.raises(ParseError) as caught:
        validate_for_load(built_oxigraph, bad, URIRef("https://w3id.org/igel/graph/upload/bad"))
    assert "line 2" in str(caught.value) and str(bad) in str(caught.value)
    quads = tmp_path / "two.nq"
    quads.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n")
    with pytest.raises(ParseError, match="name their own graphs"):
        validate_for_load(built_oxigraph, quads, URIRef("https://w3id.org/igel/graph/upload/two"))
