"""The OWL ontology ``ontology/igel.ttl``: it parses, declares exactly the terms of
``igel_graph.namespaces.IGEL``, labels and defines each in German and English, has its
header, and states the alignments and axioms the modelling contract asks for
(issue 2 point 1; ontology/README.md, and docs/ARCHITECTURE.md, "Repository shape")."""

from __future__ import annotations

import pytest
import rdflib.namespace
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS

from igel_graph import resources
from igel_graph.namespaces import IGEL, ONTOLOGY_IRI

NS = str(IGEL._NS)
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
VANN_URI = URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")
# plain Namespaces: pytest probes module globals, and rdflib's warning namespaces complain
XSD = Namespace(str(rdflib.namespace.XSD))
TIME = Namespace(str(rdflib.namespace.TIME))
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}


@pytest.fixture(scope="module")
def onto() -> Graph:
    """``ontology/igel.ttl`` parsed."""
    return Graph().parse(resources.ontology_file(), format="turtle")


def _igel_terms() -> set[URIRef]:
    return {URIRef(NS + name) for name in IGEL.__annotations__}


def _igel_iris_in(graph: Graph) -> set[URIRef]:
    return {n for n in graph.all_nodes() if isinstance(n, URIRef) and str(n).startswith(NS)}


def test_namespace_has_all_terms_and_more_than_a_hundred():
    # 47 classes, 71 properties and the data structure definition at the time of writing
    assert len(_igel_terms()) >= 119


def test_every_namespace_term_is_declared(onto):
    undeclared = sorted(t for t in _igel_terms() if not set(onto.objects(t, RDF.type)) & DECLARATION_TYPES)
    assert undeclared == []


def test_every_igel_iri_of_the_ontology_is_in_the_namespace(onto):
    assert sorted(_igel_iris_in(onto) - _igel_terms()) == []


@pytest.mark.parametrize(
    "path",
    [
        "shapes.ttl",
        "vocabularies/themes.ttl",
        "vocabularies/care-sectors.ttl",
        "vocabularies/measure-status.ttl",
        "vocabularies/quarters.ttl",
        "vocabularies/measure-kinds.ttl",
        "vocabularies/integration-dimensions.ttl",
    ],
)
def test_other_ontology_files_use_only_namespace_terms(path):
    graph = Graph().parse(resources.ontology_dir() / path, format="turtle")
    assert sorted(_igel_iris_in(graph) - _igel_terms()) == []


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition])
def test_every_term_has_one_german_and_one_english_text(onto, predicate):
    wrong = {}
    for term in sorted(_igel_terms()):
        languages = sorted(lit.language or "" for lit in onto.objects(term, predicate))
        if languages != ["de", "en"]:
            wrong[str(term)] = languages
    assert wrong == {}


def test_german_and_english_labels_differ_somewhere(onto):
    # guards against copying one language into the other wholesale
    differing = [
        t
        for t in _igel_terms()
        if {l.language: str(l) for l in onto.objects(t, RDFS.label)}.get("de")
        != {l.language: str(l) for l in onto.objects(t, RDFS.label)}.get("en")
    ]
    assert len(differing) > 100


def test_header(onto):
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in onto
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert sorted(l.language for l in onto.objects(o, predicate)) == ["de", "en"]
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(o, DCTERMS.creator) is not None
    assert onto.value(o, DCTERMS.created).datatype == XSD.dateTime
    assert onto.value(o, OWL.versionIRI) == URIRef("https://w3id.org/igel/ontology/0.1.0")
    assert str(onto.value(o, OWL.versionInfo)) == "0.1.0"
    assert str(onto.value(o, VANN_PREFIX)) == "igel"
    assert str(onto.value(o, VANN_URI)) == NS


def test_no_datatype_that_hermit_rejects():
    """HermiT rejects xsd:date and xsd:gYear (docs/ARCHITECTURE.md, "Known traps")."""
    forbidden = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.time}
    for path in [resources.ontology_file(), *sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl"))]:
        graph = Graph().parse(path, format="turtle")
        used = {o.datatype for o in graph.objects() if isinstance(o, Literal)} | set(graph.all_nodes())
        assert not used & forbidden, path.name


# Alignments with standard vocabularies: each row from the brief (issue 2 point 1 and the
# ontology helper's brief).
SUBCLASS = [
    (IGEL.Plan, PROV.Plan),
    (IGEL.Actor, PROV.Agent),
    (IGEL.Actor, FOAF.Agent),
    (IGEL.Organisation, ORG.Organization),
    (IGEL.Body, ORG.OrganizationalUnit),
    (IGEL.CoordinationOffice, ORG.OrganizationalUnit),
    (IGEL.Theme, SKOS.Concept),
    (IGEL.CareSector, SKOS.Concept),
    (IGEL.MeasureStatus, SKOS.Concept),
    (IGEL.Quarter, TIME.ProperInterval),
    (IGEL.Period, TIME.ProperInterval),
    (IGEL.BudgetDataSet, QB.DataSet),
    (IGEL.BudgetObservation, QB.Observation),
    (IGEL.SourceDocument, FOAF.Document),
    (IGEL.SourceDocument, PROV.Entity),
    (IGEL.CareRegion, DCTERMS.Location),
    (IGEL.AdministrativeArea, DCTERMS.Location),
    (IGEL.ActionPlan, IGEL.Plan),
    (IGEL.Strategy, IGEL.Plan),
    (IGEL.FundingProgramme, IGEL.Plan),
    (IGEL.PlanningReport, IGEL.Plan),
    (IGEL.ModelProject, IGEL.Plan),
    (IGEL.Organisation, IGEL.Actor),
    (IGEL.StakeholderGroup, IGEL.Actor),
    (IGEL.District, IGEL.AdministrativeArea),
    (IGEL.LongTermCarePlanningRegion, IGEL.CareRegion),
]
SUBPROPERTY = [
    (IGEL.partOfPlan, DCTERMS.isPartOf),
    (IGEL.theme, DCTERMS.subject),
    (IGEL.refersTo, DCTERMS.references),
    (IGEL.sourcePassage, PROV.wasDerivedFrom),
    (IGEL.lead, IGEL.collaborator),
    (IGEL.partner, IGEL.collaborator),
    (IGEL.collaborator, IGEL.involvedActor),
    (IGEL.addressee, IGEL.involvedActor),
]
INVERSE = [
    (IGEL.leads, IGEL.lead),
    (IGEL.partnerIn, IGEL.partner),
    (IGEL.addressedBy, IGEL.addressee),
    (IGEL.collaboratesIn, IGEL.collaborator),
    (IGEL.involvedIn, IGEL.involvedActor),
    (IGEL.hasGoal, IGEL.inActionField),
    (IGEL.hasMeasure, IGEL.contributesTo),
    (IGEL.prerequisiteOf, IGEL.dependsOn),
    (IGEL.criterionOf, IGEL.hasCriterion),
]


@pytest.mark.parametrize("sub, sup", SUBCLASS, ids=lambda t: t.split("#")[-1].split("/")[-1])
def test_subclass_alignment(onto, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in onto


@pytest.mark.parametrize("sub, sup", SUBPROPERTY, ids=lambda t: t.split("#")[-1].split("/")[-1])
def test_subproperty_alignment(onto, sub, sup):
    assert (sub, RDFS.subPropertyOf, sup) in onto


@pytest.mark.parametrize("prop, inverse", INVERSE, ids=lambda t: t.split("#")[-1])
def test_named_inverses(onto, prop, inverse):
    assert (prop, OWL.inverseOf, inverse) in onto


def _chain(onto, prop):
    return list(Collection(onto, onto.value(prop, OWL.propertyChainAxiom)))


def test_property_chains(onto):
    assert _chain(onto, IGEL.measureInField) == [IGEL.contributesTo, IGEL.inActionField]
    assert _chain(onto, IGEL.activeInField) == [IGEL.involvedIn, IGEL.measureInField]


def test_functional_and_disjoint_properties(onto):
    assert (IGEL.inActionField, RDF.type, OWL.FunctionalProperty) in onto
    assert (IGEL.lead, OWL.propertyDisjointWith, IGEL.addressee) in onto


def test_disjoint_classes(onto):
    groups = [
        set(Collection(onto, onto.value(n, OWL.members))) for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert len(groups) == 1
    assert {
        IGEL.Plan,
        IGEL.ActionField,
        IGEL.Goal,
        IGEL.Measure,
        IGEL.EvaluationCriterion,
        IGEL.Actor,
        IGEL.Theme,
        IGEL.CareSector,
        IGEL.Quarter,
        IGEL.SourcePassage,
        IGEL.BudgetObservation,
    } <= groups[0]
    # German districts are both territories and authorities: never disjoint
    assert IGEL.AdministrativeArea not in groups[0]
    assert (IGEL.Organisation, OWL.disjointWith, IGEL.StakeholderGroup) in onto


def test_budget_structure(onto):
    s = IGEL.budgetStructure
    assert {OWL.NamedIndividual, QB.DataStructureDefinition} <= set(onto.objects(s, RDF.type))
    components = {}
    for spec in onto.objects(s, QB.component):
        assert isinstance(spec, BNode)
        for kind in (QB.dimension, QB.measure, QB.attribute):
            for prop in onto.objects(spec, kind):
                components[prop] = kind
    assert components == {
        IGEL.budgetLine: QB.dimension,
        IGEL.year: QB.dimension,
        IGEL.amount: QB.measure,
        IGEL.currency: QB.attribute,
    }
    assert (IGEL.budgetLine, RDF.type, QB.DimensionProperty) in onto
    assert (IGEL.year, RDF.type, QB.DimensionProperty) in onto
    assert (IGEL.amount, RDF.type, QB.MeasureProperty) in onto
    assert (IGEL.currency, RDF.type, QB.AttributeProperty) in onto


@pytest.mark.parametrize(
    "prop, datatype",
    [
        (IGEL.year, XSD.integer),
        (IGEL.quarter, XSD.integer),
        (IGEL.amount, XSD.decimal),
        (IGEL.beginsAt, XSD.dateTime),
        (IGEL.endsAt, XSD.dateTime),
        (IGEL.number, XSD.string),
    ],
    ids=lambda t: t.split("#")[-1],
)
def test_datatype_ranges_follow_the_literal_conventions(onto, prop, datatype):
    """modelling.md, "Literal conventions": years xsd:integer, amounts xsd:decimal, dates
    xsd:dateTime, numbers plain strings."""
    assert onto.value(prop, RDFS.range) == datatype
