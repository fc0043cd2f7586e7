"""The project's IRIs, each spelled once.

``IGEL`` is the ontology namespace (``https://w3id.org/igel/ontology#``). It is a
:class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``, so a typo such as
``IGEL.Measrue`` raises :class:`AttributeError` instead of minting a new IRI.

Resources live under ``https://w3id.org/igel/id/`` (see :func:`resource`), named graphs
under ``https://w3id.org/igel/graph/`` (see :class:`Graphs`).

>>> IGEL.Measure
rdflib.term.URIRef('https://w3id.org/igel/ontology#Measure')
>>> resource("actor", "gsd")
rdflib.term.URIRef('https://w3id.org/igel/id/actor/gsd')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SH,
    SKOS,
    TIME,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "IGEL",
    "ONTOLOGY_IRI",
    "ID_BASE",
    "GRAPH_BASE",
    "Graphs",
    "resource",
    "graph_for_source",
    "PREFIXES",
    "SCHEMA",
    "WD",
    "LINDAS_CANTON",
    "LINDAS_MUNICIPALITY",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/igel/ontology")
ID_BASE = "https://w3id.org/igel/id/"
GRAPH_BASE = "https://w3id.org/igel/graph/"

# schema.org as LINDAS spells it (http, not rdflib's https SDO): one choice, here.
SCHEMA = Namespace("http://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
LINDAS_CANTON = Namespace("https://ld.admin.ch/canton/")
LINDAS_MUNICIPALITY = Namespace("https://ld.admin.ch/municipality/")


class IGEL(DefinedNamespace):
    """Terms of the IGeL ontology (``ontology/igel.ttl``)."""

    _NS = Namespace("https://w3id.org/igel/ontology#")
    _fail = True

    # --- plans and their structure
    Plan: URIRef  # a plan document: action plan, strategy, programme, report, project
    ActionPlan: URIRef
    Strategy: URIRef
    FundingProgramme: URIRef
    PlanningReport: URIRef
    ModelProject: URIRef
    ActionField: URIRef
    Goal: URIRef
    Measure: URIRef  # a measure documented in full in this graph
    CitedMeasure: URIRef  # a measure of another plan, known only from a citation
    EvaluationCriterion: URIRef
    MeasurePart: URIRef  # one of several activities of a measure's text, with its own actors

    # --- actors
    Actor: URIRef
    Organisation: URIRef
    StakeholderGroup: URIRef
    PublicAuthority: URIRef
    CareProvider: URIRef
    MunicipalBody: URIRef
    Insurer: URIRef
    EducationInstitution: URIRef
    ResearchInstitution: URIRef
    Association: URIRef
    Forum: URIRef
    Body: URIRef  # a body (Gremium) of a forum
    CoordinationOffice: URIRef
    HealthNetwork: URIRef
    HealthCentre: URIRef

    # --- places
    CareRegion: URIRef
    LongTermCarePlanningRegion: URIRef
    ModelRegion: URIRef
    AdministrativeArea: URIRef
    Canton: URIRef
    District: URIRef  # a German Landkreis
    Municipality: URIRef

    # --- concept schemes
    Theme: URIRef
    CareSector: URIRef
    MeasureStatus: URIRef
    MeasureKind: URIRef  # study, implementation, funding, advocacy, awareness
    IntegrationDimension: URIRef  # vertical | horizontal integration

    # --- time
    Quarter: URIRef
    Period: URIRef

    # --- budget (RDF Data Cube)
    BudgetDataSet: URIRef
    BudgetGroup: URIRef
    BudgetLine: URIRef
    BudgetObservation: URIRef
    StatedTotal: URIRef

    # --- provenance
    SourceDocument: URIRef
    SourcePassage: URIRef

    # --- analysis results
    Finding: URIRef
    MetricValue: URIRef
    RelevanceRule: URIRef  # curated: theme/measure kind -> expected actor type
    PlanComparison: URIRef  # the comparison report of two plans
    ComparisonRow: URIRef  # one coverage or money row of it

    # --- monitoring (graph monitoring / example/monitoring)
    StatusReport: URIRef
    Indicator: URIRef
    IndicatorDataSet: URIRef
    IndicatorObservation: URIRef
    SpendingDataSet: URIRef
    SpendingObservation: URIRef

    # --- structure properties
    partOfPlan: URIRef  # ActionField | Goal | Measure | CitedMeasure -> Plan
    hasActionField: URIRef  # Plan -> ActionField
    inActionField: URIRef  # Goal -> ActionField (exactly one)
    hasGoal: URIRef  # ActionField -> Goal
    contributesTo: URIRef  # Measure -> Goal
    hasMeasure: URIRef  # Goal -> Measure
    measureInField: URIRef  # Measure -> ActionField (chain contributesTo o inActionField)
    hasCriterion: URIRef  # Goal -> EvaluationCriterion
    criterionOf: URIRef
    number: URIRef  # "1.1.2", "3", "1"
    text: URIRef  # full text of a measure/goal/criterion, @de original and @en rendering
    implements: URIRef  # Plan -> Plan (action plan implements strategy)
    successorOf: URIRef  # Plan -> Plan

    # --- actor roles in a measure
    involvedActor: URIRef  # Measure | MeasurePart -> Actor (any role)
    collaborator: URIRef  # Measure | MeasurePart -> Actor (lead or partner)
    lead: URIRef  # Measure | MeasurePart -> Actor
    partner: URIRef  # Measure | MeasurePart -> Actor
    addressee: URIRef  # Measure | MeasurePart -> Actor (target group only)
    involvedIn: URIRef  # inverses
    collaboratesIn: URIRef
    leads: URIRef
    partnerIn: URIRef
    addressedBy: URIRef
    activeInField: URIRef  # Actor -> ActionField (chain involvedIn o measureInField)
    concerns: URIRef  # Plan | ActionField | Goal | Measure | Theme -> StakeholderGroup named as concerned
    responsibleFor: URIRef  # Actor -> Plan (the plan's owner/issuer)
    funder: URIRef  # Plan -> Actor
    scientificPartner: URIRef  # Plan -> Actor
    projectManagementSupport: URIRef  # Plan -> Actor (subproperty of dcterms:contributor)
    represents: URIRef  # Actor -> Actor it speaks for (curated)
    representedBy: URIRef

    # --- measure timing and links
    start: URIRef  # Measure -> Quarter
    status: URIRef  # Measure -> MeasureStatus
    dependsOn: URIRef  # Measure -> Measure
    prerequisiteOf: URIRef
    refersTo: URIRef  # Measure -> CitedMeasure | Plan
    establishes: URIRef  # Measure -> Organisation it creates (coordination office, forum)
    partOfMeasure: URIRef  # MeasurePart -> Measure
    measureKind: URIRef  # Measure -> MeasureKind (curated)
    evaluates: URIRef  # EvaluationCriterion -> Measure (curated)
    integrationDimension: URIRef  # Plan -> IntegrationDimension
    theme: URIRef  # Measure | Goal | ActionField -> Theme
    careSector: URIRef  # Plan -> CareSector (sectors it links/covers)
    beginsAt: URIRef  # Quarter | Period -> xsd:dateTime
    endsAt: URIRef
    year: URIRef  # xsd:integer
    quarter: URIRef  # xsd:integer 1..4
    period: URIRef  # Plan -> Period

    # --- places
    region: URIRef  # Actor | Plan -> CareRegion | AdministrativeArea
    consistsOf: URIRef  # CareRegion -> AdministrativeArea
    locatedIn: URIRef  # Actor | AdministrativeArea -> AdministrativeArea
    bfsNumber: URIRef
    districtKey: URIRef
    isoCode: URIRef
    maxNursingHomePlaces: URIRef
    nursingHomes: URIRef

    # --- budget
    budgetDataSet: URIRef  # Plan -> BudgetDataSet
    budgetLine: URIRef  # Observation -> BudgetLine (dimension)
    budgetGroup: URIRef  # BudgetLine | StatedTotal -> BudgetGroup
    amount: URIRef  # xsd:decimal, in currency units (not thousands)
    currency: URIRef  # xsd:string ISO 4217 code, e.g. "CHF"
    funds: URIRef  # BudgetLine -> Measure | Goal (curated)
    budgetStructure: URIRef  # the qb:DataStructureDefinition of budget data sets
    fundingAmount: URIRef  # Plan -> xsd:decimal (overall funding)
    totalKind: URIRef  # StatedTotal -> "year" | "line" | "overall"

    # --- provenance
    sourcePassage: URIRef  # any resource -> SourcePassage (subproperty of prov:wasDerivedFrom)
    section: URIRef  # SourcePassage -> "2.1"
    quote: URIRef  # SourcePassage -> quoted German sentence
    inDocument: URIRef  # SourcePassage -> SourceDocument
    justification: URIRef  # curated rdf:Statement -> one-line reason
    sheet: URIRef  # workbook row SourcePassage -> "measures"
    row: URIRef  # workbook row SourcePassage -> xsd:integer (header = 1)
    column: URIRef  # imported rdf:Statement -> CSVW column name, e.g. "title_de"

    # --- analysis results
    findingKind: URIRef
    severity: URIRef
    explanation: URIRef
    evidence: URIRef
    evidenceStatement: URIRef
    score: URIRef
    metric: URIRef
    metricOf: URIRef
    value: URIRef
    subject: URIRef  # Finding -> the one resource it is about
    relevantTheme: URIRef  # RelevanceRule -> Theme
    relevantMeasureKind: URIRef  # RelevanceRule -> measure-kind concept
    expectedActorType: URIRef  # RelevanceRule -> actor class (annotation)
    mentionedAs: URIRef  # reified igel:concerns -> "acting" | "purpose" | "beneficiary" | "attribute"

    # --- plan comparison report
    firstPlan: URIRef  # PlanComparison -> Plan (A)
    secondPlan: URIRef  # PlanComparison -> Plan (B)
    coveredBy: URIRef  # ComparisonRow -> "both" | "A" | "B" | "neither"
    partsInFirst: URIRef  # ComparisonRow -> xsd:integer
    partsInSecond: URIRef  # ComparisonRow -> xsd:integer
    percentOfBudget: URIRef  # ComparisonRow -> xsd:decimal
    percentOfAllocated: URIRef  # ComparisonRow -> xsd:decimal

    # --- monitoring
    indicatorStructure: URIRef  # qb:DataStructureDefinition of indicator observations
    spendingStructure: URIRef  # qb:DataStructureDefinition of spending observations
    reportOn: URIRef  # StatusReport -> Measure
    reportedStatus: URIRef  # StatusReport -> MeasureStatus
    validFrom: URIRef  # StatusReport | SpendingObservation -> xsd:dateTime
    reporter: URIRef  # report/observation -> Actor (subproperty of prov:wasAttributedTo)
    note: URIRef  # xsd:string
    evidenceLink: URIRef  # report -> document IRI
    channel: URIRef  # prov:Activity -> "spreadsheet" | "api" | "form" | "example"
    indicatorOf: URIRef  # Indicator -> EvaluationCriterion
    unit: URIRef
    direction: URIRef  # "up" | "down"
    baseline: URIRef
    baselineDate: URIRef
    target: URIRef
    targetDate: URIRef
    indicator: URIRef  # IndicatorObservation -> Indicator (dimension)
    observedAt: URIRef  # xsd:dateTime (dimension)
    observedValue: URIRef  # xsd:decimal (measure)
    committedAmount: URIRef  # xsd:decimal (measure)
    paidAmount: URIRef  # xsd:decimal (measure)


class Graphs:
    """Named graphs of the dataset. The default graph of a query is their union."""

    ONTOLOGY = URIRef(GRAPH_BASE + "ontology")
    VOCABULARIES = URIRef(GRAPH_BASE + "vocabularies")
    IGEL_PLAN = URIRef(GRAPH_BASE + "source/igel-aktionsplan-2026-2030")
    BW_PROJECT = URIRef(GRAPH_BASE + "source/bw-modellprojekt")
    REFERENCE = URIRef(GRAPH_BASE + "source/reference-facts")
    CURATED = URIRef(GRAPH_BASE + "curated")
    INFERRED = URIRef(GRAPH_BASE + "inferred")
    ANALYSIS = URIRef(GRAPH_BASE + "analysis")
    WRITES = URIRef(GRAPH_BASE + "writes")  # PROV log of accepted writes
    MONITORING = URIRef(GRAPH_BASE + "monitoring")  # status, indicators, spending as reported
    EXAMPLE_MONITORING = URIRef(GRAPH_BASE + "example/monitoring")  # labelled example data

    MONITORING_GRAPHS = (MONITORING, EXAMPLE_MONITORING)

    SOURCES = (IGEL_PLAN, BW_PROJECT, REFERENCE)


def resource(*parts: str) -> URIRef:
    """The IRI of a resource under ``https://w3id.org/igel/id/``.

    >>> resource("plan", "igel-2026-2030", "measure", "1.1.2")
    rdflib.term.URIRef('https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.2')
    """
    return URIRef(ID_BASE + "/".join(parts))


def graph_for_source(stem: str) -> URIRef:
    """The named graph of a data file in ``ontology/data`` by its file stem.

    ``curated.ttl`` goes to the curated graph; any other file ``X.ttl`` to
    ``https://w3id.org/igel/graph/source/X``.

    >>> graph_for_source("bw-modellprojekt")
    rdflib.term.URIRef('https://w3id.org/igel/graph/source/bw-modellprojekt')
    """
    if stem == "curated":
        return Graphs.CURATED
    return URIRef(GRAPH_BASE + "source/" + stem)


PREFIXES: dict[str, str] = {
    "igel": str(IGEL._NS),
    "id": ID_BASE,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "qb": str(QB),
    "time": str(TIME),
    "foaf": str(FOAF),
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
    "schema": str(SCHEMA),
}
