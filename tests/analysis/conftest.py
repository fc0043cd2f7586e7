"""Fixtures of the analysis tests: a small hand-made plan whose findings are known."""

from __future__ import annotations

import pytest

# A toy plan, small enough to work out every figure by hand (see test_toy_findings.py).
# Field 1: goal g1 with m1 (lead A, partners B and F, 2026-Q1) and m2 (lead A, partner
# E, addresses group C, 2025-Q4). Field 2: goal g2 with m3 (lead D, 2026-Q2) and m4 (no
# actor). The text names group C as concerned by g2. m1 and m3 both cite measures of
# plan Q (different measures of it: Qx and Qy). Budget line L1 exists, L2 exists.
# Concerned groups: C by goal g2 (read as an adjective), by theme T (as beneficiaries) and
# by m2 (which addresses C); G by field 2 (its purpose), G acts nowhere. Measure kinds:
# m1 is a study, m3 a funding measure.
TOY_SOURCE = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix t: <https://w3id.org/igel/id/toy/> .
@prefix q: <https://w3id.org/igel/id/q/> .


t:f1 a igel:ActionField ; igel:number "1" ; rdfs:label "Feld 1"@de, "Field 1"@en .
t:f2 a igel:ActionField ; igel:number "2" ; rdfs:label "Feld 2"@de, "Field 2"@en ;
    igel:concerns t:G .
t:g1 a igel:Goal ; igel:number "1.1" ; igel:inActionField t:f1 .
t:g2 a igel:Goal ; igel:number "2.1" ; igel:inActionField t:f2 ;
    igel:concerns t:C ; igel:sourcePassage t:passage-g2 .
t:m1 a igel:Measure ; igel:number "1.1.1" ; igel:contributesTo t:g1 ;
    igel:lead t:A ; igel:partner t:B , t:F ; igel:start q:2026-1 ;
    igel:theme t:T ; igel:refersTo t:Qx ; igel:sourcePassage t:passage-m1 ;
    igel:measureKind <https://w3id.org/igel/id/measure-kind/study> .
t:m2 a igel:Measure ; igel:number "1.1.2" ; igel:contributesTo t:g1 ;
    igel:lead t:A ; igel:partner t:E ; igel:addressee t:C ;
    igel:start q:2025-4 ; igel:concerns t:C ; igel:sourcePassage t:passage-m2 .
t:m3 a igel:Measure ; igel:number "2.1.1" ; igel:contributesTo t:g2 ;
    igel:lead t:D ; igel:start q:2026-2 ; igel:theme t:T ;
    igel:refersTo t:Qy ; igel:sourcePassage t:passage-m3 ;
    igel:measureKind <https://w3id.org/igel/id/measure-kind/funding> .
t:m4 a igel:Measure ; igel:number "2.1.2" ; igel:contributesTo t:g2 .
t:Qx a igel:CitedMeasure ; igel:partOfPlan t:Q .
t:Qy a igel:CitedMeasure ; igel:partOfPlan t:Q .
t:T a igel:Theme ; rdfs:label "Thema"@de, "Theme"@en ; igel:concerns t:C .
t:A a igel:PublicAuthority ; rdfs:label "Amt A"@de, "Authority A"@en .
t:B a igel:CareProvider .
t:F a igel:CareProvider .
t:E a igel:Association .
t:D a igel:Insurer .
t:C a igel:StakeholderGroup ; rdfs:label "Gruppe C"@de, "Group C"@en .
t:G a igel:StakeholderGroup ; rdfs:label "Gruppe G"@de, "Group G"@en .
t:L1 a igel:BudgetLine .
t:L2 a igel:BudgetLine .
q:2025-3 igel:year 2025 ; igel:quarter 3 .
q:2025-4 igel:year 2025 ; igel:quarter 4 .
q:2026-1 igel:year 2026 ; igel:quarter 1 .
q:2026-2 igel:year 2026 ; igel:quarter 2 .
"""

# Interpretations: m2 depends on m3 (and so starts before what it needs); L1 funds m1.
TOY_CURATED = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix t: <https://w3id.org/igel/id/toy/> .
@prefix q: <https://w3id.org/igel/id/q/> .
t:m2 igel:dependsOn t:m3 .
t:L1 igel:funds t:m1 .
[] a rdf:Statement ; rdf:subject t:m2 ; rdf:predicate igel:dependsOn ;
   rdf:object t:m3 ; igel:justification "m2 needs the result of m3"@en .
"""

# Relevance (graph source/stakeholder-relevance, as the real file): a study on theme T
# expects an insurer; how the plan names C and G.
TOY_RELEVANCE = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix t: <https://w3id.org/igel/id/toy/> .
t:rule a igel:RelevanceRule ; igel:relevantTheme t:T ;
    igel:relevantMeasureKind <https://w3id.org/igel/id/measure-kind/study> ;
    igel:expectedActorType igel:Insurer ;
    igel:justification "Insurers pay for what T studies."@en , "Versicherer zahlen, was T prüft."@de .
[] a rdf:Statement ; rdf:subject t:g2 ; rdf:predicate igel:concerns ; rdf:object t:C ;
   igel:mentionedAs "attribute" .
[] a rdf:Statement ; rdf:subject t:T ; rdf:predicate igel:concerns ; rdf:object t:C ;
   igel:mentionedAs "beneficiary" .
[] a rdf:Statement ; rdf:subject t:f2 ; rdf:predicate igel:concerns ; rdf:object t:G ;
   igel:mentionedAs "purpose" .
"""

TOY = "https://w3id.org/igel/id/toy/"


@pytest.fixture
def toy_store():
    """A memory store holding the toy plan: source statements in the IGeL source graph,
    interpretations in the curated graph, relevance in its own graph."""
    from igel_graph.namespaces import Graphs, graph_for_source
    from igel_graph.store.memory import MemoryStore

    store = MemoryStore()
    store.load(TOY_SOURCE, Graphs.IGEL_PLAN, format="turtle")
    store.load(TOY_CURATED, Graphs.CURATED, format="turtle")
    store.load(TOY_RELEVANCE, graph_for_source("stakeholder-relevance"), format="turtle")
    return store


@pytest.fixture(scope="session")
def result(built_store):
    """The analysis of the real data (all statements): the run ``igel build`` made and
    the cache kept (:func:`igel_graph.readmodel.analysis_of`), not a second run per module.
    The cache holds exactly what ``analyse(built_store, statements="all")`` returns."""
    from igel_graph.readmodel import analysis_of

    return analysis_of(built_store, "all")


@pytest.fixture(scope="session")
def source_result(built_store):
    """The analysis of the real data's source statements only (computed once)."""
    from igel_graph.readmodel import analysis_of

    return analysis_of(built_store, "source")
