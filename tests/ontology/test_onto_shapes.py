"""The SHACL shapes ``ontology/shapes.ttl`` on small inline data (issue 2 point 2).

Validation runs as the platform runs it: on asserted data plus the vocabularies (where the
quarters and statuses are typed), with ``ontology/igel.ttl`` as the ontology graph for the
subclass hierarchy, and no inference. A complete example conforms; each broken variant of it
fails with a result that names the broken resource (focus node) and the rule (shape).
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from tests.support.shapes import shapes_context

SHAPES = Namespace("https://w3id.org/igel/shapes#")
ID = Namespace("https://w3id.org/igel/id/")

# A complete miniature of the action plan: one field, goal, measure, budget cell and total.
VALID = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@base <https://w3id.org/igel/id/> .

<plan/p> a igel:ActionPlan ;
    rdfs:label "Plan P"@de , "plan P"@en .
<plan/p/field/1> a igel:ActionField ;
    igel:number "1" ; igel:partOfPlan <plan/p> ;
    dcterms:title "Ein Handlungsfeld"@de , "An action field"@en .
<plan/p/goal/1.1> a igel:Goal ;
    igel:number "1.1" ;
    dcterms:title "Ein Ziel"@de , "A goal"@en ;
    igel:partOfPlan <plan/p> ;
    igel:inActionField <plan/p/field/1> ;
    igel:text "Ein Ziel."@de , "A goal."@en .
<plan/p/goal/1.1/criterion/1> a igel:EvaluationCriterion ;
    igel:text "Ein Kriterium."@de , "A criterion."@en .
<plan/p/measure/1.1.1> a igel:Measure ;
    igel:number "1.1.1" ;
    dcterms:title "Das GSD tut etwas"@de , "The GSD does something"@en ;
    igel:partOfPlan <plan/p> ;
    igel:contributesTo <plan/p/goal/1.1> ;
    igel:start <time/2026-Q1> ;
    igel:lead <actor/gsd> ;
    igel:partner <actor/lerb> ;
    igel:addressee <actor/patienten> ;
    igel:text "Das GSD tut etwas."@de , "The GSD does something."@en ;
    igel:sourcePassage <source/s/passage/measure-1.1.1> .
<plan/p/measure/1.1.2> a igel:Measure ;
    igel:number "1.1.2" ;
    dcterms:title "Das GSD tut schon etwas"@de , "The GSD already does something"@en ;
    igel:partOfPlan <plan/p> ;
    igel:contributesTo <plan/p/goal/1.1> ;
    igel:status <status/running> ;
    igel:lead <actor/gsd> ;
    igel:text "Das GSD tut schon etwas."@de , "The GSD already does something."@en ;
    igel:sourcePassage <source/s/passage/measure-1.1.2> .
<actor/gsd> a igel:PublicAuthority ;
    rdfs:label "Gesundheits- und Sozialdepartement"@de , "Department of Health and Social Affairs"@en .
<actor/lerb> a igel:CareProvider ;
    rdfs:label "Leistungserbringende"@de , "care providers"@en .
<actor/patienten> a igel:StakeholderGroup ;
    rdfs:label "Patientinnen und Patienten"@de , "patients"@en .
<source/s> a igel:SourceDocument .
<source/s/passage/measure-1.1.1> a igel:SourcePassage ;
    igel:inDocument <source/s> ; igel:section "2.1" ; igel:quote "Das GSD tut etwas."@de .
<source/s/passage/measure-1.1.2> a igel:SourcePassage ;
    igel:inDocument <source/s> ; igel:section "2.1" ; igel:quote "Das GSD tut schon etwas."@de .
<source/r/passage/canton> a igel:SourcePassage ;
    igel:inDocument <source/s> ; igel:quote "Kanton Luzern: BFS canton number 3"@en .
<plan/p/budget> a igel:BudgetDataSet ; qb:structure igel:budgetStructure .
<plan/p/budget/line/l> a igel:BudgetLine ;
    rdfs:label "Konzipierung"@de , "conception"@en .
<plan/p/budget/line/l/2026> a igel:BudgetObservation ;
    qb:dataSet <plan/p/budget> ;
    igel:budgetLine <plan/p/budget/line/l> ;
    igel:year 2026 ;
    igel:amount 100000.0 ;
    igel:currency "CHF" .
<plan/p/budget/total/overall> a igel:StatedTotal ;
    igel:totalKind "overall" ; igel:amount 100000.0 ; igel:currency "CHF" .
"""

M1 = ID["plan/p/measure/1.1.1"]


@pytest.fixture(scope="module")
def context():
    """The shapes, the ontology (for rdfs:subClassOf) and the vocabularies, parsed once."""
    return shapes_context()


def _results(context, turtle: str) -> set[tuple[URIRef, URIRef]]:
    """Validate ``turtle`` plus the vocabularies; return the (focus node, source shape) pairs."""
    shapes, ontology, vocabularies = context
    data = Graph().parse(data=turtle, format="turtle")
    data += vocabularies
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    found = {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceShape))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert conforms == (not found)
    return found


def _broken(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def test_shapes_parse_and_every_shape_has_an_iri_and_messages(context):
    shapes = context[0]
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(shape_nodes) > 30
    for shape in shape_nodes:
        assert str(shape).startswith(str(SHAPES)), shape
        assert sorted(m.language for m in shapes.objects(shape, SH.message)) == ["de", "en"], shape


def test_complete_data_conforms(context):
    assert _results(context, VALID) == set()


def test_vocabularies_conform_on_their_own(context):
    """Labels and preferred labels of the concept schemes are unique per language."""
    assert _results(context, "") == set()


@pytest.mark.parametrize(
    "old, new, focus, shape",
    [
        # issue 2: "a measure with no lead actor"
        ("    igel:lead <actor/gsd> ;\n    igel:partner", "    igel:partner", M1, SHAPES["Measure-lead"]),
        # a lead that is not typed as an actor
        (
            "    igel:lead <actor/gsd> ;\n    igel:partner",
            "    igel:lead <actor/unbekannt> ;\n    igel:partner",
            M1,
            SHAPES["Measure-lead"],
        ),
        ("<actor/lerb> a igel:CareProvider ;", "<actor/lerb>", M1, SHAPES["Measure-partner"]),
        # issue 2: "a measure without provenance"
        ("    igel:sourcePassage <source/s/passage/measure-1.1.1> .", "    .", M1, SHAPES["Measure-sourcePassage"]),
        ('    igel:number "1.1.1" ;\n', "", M1, SHAPES["Measure-number"]),
        ('    igel:number "1.1.1" ;\n', '    igel:number "1.1.1" , "1.1.9" ;\n', M1, SHAPES["Measure-number"]),
        (
            "    igel:contributesTo <plan/p/goal/1.1> ;\n    igel:start",
            "    igel:start",
            M1,
            SHAPES["Measure-contributesTo"],
        ),
        ("    igel:start <time/2026-Q1> ;\n", "", M1, SHAPES["MeasureStartOrStatusShape"]),
        (
            "    igel:start <time/2026-Q1> ;\n",
            "    igel:start <time/2026-Q1> , <time/2026-Q2> ;\n",
            M1,
            SHAPES["Measure-start"],
        ),
        ("    igel:start <time/2026-Q1> ;\n", "    igel:start <time/2026-Q9> ;\n", M1, SHAPES["Measure-start"]),
        (
            '"The GSD does something."@en',
            '"The GSD does something."@en , "The GSD acts."@en',
            M1,
            SHAPES["Measure-textEn"],
        ),
        ('"Das GSD tut etwas."@de , "The', '"The', M1, SHAPES["Measure-textDe"]),
        (
            "    igel:partOfPlan <plan/p> ;\n    igel:contributesTo <plan/p/goal/1.1> ;\n    igel:start",
            "    igel:contributesTo <plan/p/goal/1.1> ;\n    igel:start",
            M1,
            SHAPES["Measure-partOfPlan"],
        ),
        # "goal in two fields"
        (
            "    igel:inActionField <plan/p/field/1> ;",
            "    igel:inActionField <plan/p/field/1> , <plan/p/field/2> ;",
            ID["plan/p/goal/1.1"],
            SHAPES["Goal-inActionField"],
        ),
        ("    igel:inActionField <plan/p/field/1> ;", "", ID["plan/p/goal/1.1"], SHAPES["Goal-inActionField"]),
        ('"Ein Kriterium."@de , ', "", ID["plan/p/goal/1.1/criterion/1"], SHAPES["EvaluationCriterion-textDe"]),
        # issue 10: every field, goal and measure has exactly one title per language, ≤ 80 characters
        ('dcterms:title "Das GSD tut etwas"@de , ', "dcterms:title ", M1, SHAPES["Title-de"]),
        (
            ', "The GSD does something"@en ;',
            ', "The GSD does something"@en , "The GSD acts"@en ;',
            M1,
            SHAPES["Title-en"],
        ),
        (
            'dcterms:title "Ein Ziel"@de , "A goal"@en ;',
            'dcterms:title "Ein Ziel"@de ;',
            ID["plan/p/goal/1.1"],
            SHAPES["Title-en"],
        ),
        (
            'dcterms:title "Ein Handlungsfeld"@de ,',
            'dcterms:title "%s"@de ,' % ("Ein sehr langes Handlungsfeld " * 3),
            ID["plan/p/field/1"],
            SHAPES["Title-length"],
        ),
        # issue 2: "a negative amount"
        (
            '    igel:amount 100000.0 ;\n    igel:currency "CHF" .\n<plan/p/budget/total',
            '    igel:amount -100000.0 ;\n    igel:currency "CHF" .\n<plan/p/budget/total',
            ID["plan/p/budget/line/l/2026"],
            SHAPES["BudgetObservation-amount"],
        ),
        # an amount that is not a decimal (a double, as Python floats become)
        (
            '    igel:amount 100000.0 ;\n    igel:currency "CHF" .\n<plan/p/budget/total',
            '    igel:amount 1.0e5 ;\n    igel:currency "CHF" .\n<plan/p/budget/total',
            ID["plan/p/budget/line/l/2026"],
            SHAPES["BudgetObservation-amount"],
        ),
        (
            "    igel:year 2026 ;\n",
            '    igel:year "2026" ;\n',
            ID["plan/p/budget/line/l/2026"],
            SHAPES["BudgetObservation-year"],
        ),
        (
            "    igel:budgetLine <plan/p/budget/line/l> ;\n",
            "",
            ID["plan/p/budget/line/l/2026"],
            SHAPES["BudgetObservation-budgetLine"],
        ),
        (
            '    igel:amount 100000.0 ;\n    igel:currency "CHF" .\n<plan/p/budget/total',
            "    igel:amount 100000.0 .\n<plan/p/budget/total",
            ID["plan/p/budget/line/l/2026"],
            SHAPES["BudgetObservation-currency"],
        ),
        (
            'igel:totalKind "overall" ; igel:amount 100000.0 ;',
            'igel:totalKind "overall" ; igel:amount -1.0 ;',
            ID["plan/p/budget/total/overall"],
            SHAPES["StatedTotal-amount"],
        ),
        (
            'igel:totalKind "overall" ;',
            'igel:totalKind "grand" ;',
            ID["plan/p/budget/total/overall"],
            SHAPES["StatedTotal-totalKind"],
        ),
        # "two @en labels"
        (
            '"care providers"@en .',
            '"care providers"@en , "providers"@en .',
            ID["actor/lerb"],
            SHAPES["Label-uniqueLang"],
        ),
        (
            '    rdfs:label "Patientinnen und Patienten"@de , "patients"@en .',
            '    rdfs:label "Patientinnen und Patienten"@de .',
            ID["actor/patienten"],
            SHAPES["Actor-labelEn"],
        ),
        (
            'igel:quote "Das GSD tut etwas."@de .',
            'igel:section "2.1" .',
            ID["source/s/passage/measure-1.1.1"],
            SHAPES["SourcePassage-quote"],
        ),
        (
            'igel:quote "Das GSD tut etwas."@de .',
            'igel:quote "Das GSD tut etwas." .',
            ID["source/s/passage/measure-1.1.1"],
            SHAPES["SourcePassage-quote"],
        ),
        (
            "<source/s/passage/measure-1.1.1> a igel:SourcePassage ;\n    igel:inDocument <source/s> ;",
            "<source/s/passage/measure-1.1.1> a igel:SourcePassage ;",
            ID["source/s/passage/measure-1.1.1"],
            SHAPES["SourcePassage-inDocument"],
        ),
    ],
    ids=[
        "no-lead",
        "untyped-lead",
        "untyped-partner",
        "no-passage",
        "no-number",
        "two-numbers",
        "no-goal",
        "no-start-or-status",
        "two-starts",
        "start-not-a-quarter",
        "two-english-texts",
        "no-german-text",
        "no-plan",
        "goal-in-two-fields",
        "goal-in-no-field",
        "criterion-without-german",
        "measure-without-german-title",
        "measure-with-two-english-titles",
        "goal-without-english-title",
        "field-title-too-long",
        "negative-amount",
        "double-amount",
        "string-year",
        "no-budget-line",
        "no-currency",
        "negative-total",
        "unknown-total-kind",
        "two-english-labels",
        "actor-without-english-label",
        "passage-without-quote",
        "untagged-quote",
        "passage-without-document",
    ],
)
def test_broken_data_names_resource_and_rule(context, old, new, focus, shape):
    assert _results(context, _broken(old, new)) == {(focus, shape)}


def test_messages_reach_the_report(context):
    """The report carries the shape's English and German message for the broken resource."""
    shapes, ontology, vocabularies = context
    data = Graph().parse(
        data=_broken("    igel:lead <actor/gsd> ;\n    igel:partner", "    igel:partner"), format="turtle"
    )
    data += vocabularies
    _, report, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    messages = {m for m in report.objects(None, SH.resultMessage)}
    assert (
        Literal(
            "A measure has at least one lead actor (igel:lead), a resource typed as a kind of igel:Actor.", lang="en"
        )
        in messages
    )
    assert any(m.language == "de" and "federführenden Akteur" in m for m in messages)
    assert str(M1) in text
