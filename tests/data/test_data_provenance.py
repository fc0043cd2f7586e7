"""Provenance: every quote is in its source, every sourced resource has a passage, and
interpretations stay in the curated file with a justification.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
import rdflib.namespace as rns  # module-level TIME/XSD would make pytest's collector warn
from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from sourcetext import SOURCE_FILES, SOURCES, normalise

from igel_graph.namespaces import IGEL, resource

# SHA-256 of the copies in ontology/data/sources, computed when they were copied unchanged
# from the published texts: an edit to a copy (which would make quotes unverifiable) fails.
SOURCE_SHA256 = {
    "igel-aktionsplan-2026-2030.txt": "22dace4dda05680cc4f49094fd5e975780dfa3602dd315d30cb532d0e4a897cb",
    "bw-modellprojekt-sektorenuebergreifende-versorgung.txt": "a0a904c927d1a15474507b2aafe5f25b3a987fecb1d68214ea2a0ae5d54b7d03",
    "reference-facts.md": "e991f7f1dca45d44624f31f360ce5f3a35d95761245c4d4df6e2c533d017d466",
}

# Types that carry provenance themselves rather than needing a passage.
PROVENANCE_TYPES = {IGEL.SourcePassage, IGEL.SourceDocument}

ALLOWED_NAMESPACES = tuple(
    str(ns)
    for ns in (IGEL._NS, RDF, RDFS, rns.OWL, rns.XSD, rns.SKOS, DCTERMS, PROV, rns.ORG, rns.QB, rns.TIME, rns.FOAF)
)


@pytest.mark.parametrize("name", sorted(SOURCE_SHA256))
def test_source_copies_unchanged(name):
    digest = hashlib.sha256((SOURCES / name).read_bytes()).hexdigest()
    assert digest == SOURCE_SHA256[name]


@pytest.mark.parametrize("stem", sorted(SOURCE_FILES))
def test_every_quote_occurs_verbatim_in_its_source(source_graphs, stem):
    graph = source_graphs[stem]
    document = resource("source", stem)
    text = normalise(SOURCE_FILES[stem].read_text(encoding="utf-8"))
    passages = set(graph.subjects(RDF.type, IGEL.SourcePassage))
    assert passages
    for passage in passages:
        assert str(passage).startswith(str(document) + "/passage/")
        assert list(graph.objects(passage, IGEL.inDocument)) == [document]
        assert graph.value(passage, IGEL.section) is not None
        quotes = list(graph.objects(passage, IGEL.quote))
        assert len(quotes) == 1
        language = "en" if stem == "reference-facts" else "de"
        assert quotes[0].language == language
        assert str(quotes[0]) == " ".join(str(quotes[0]).split())  # already normalised
        assert str(quotes[0]) in text, passage


@pytest.mark.parametrize("stem", sorted(SOURCE_FILES))
def test_every_typed_resource_has_a_passage_in_its_file(source_graphs, stem):
    graph = source_graphs[stem]
    for subject in set(graph.subjects(RDF.type, None)):
        if set(graph.objects(subject, RDF.type)) & PROVENANCE_TYPES:
            continue
        passages = set(graph.objects(subject, IGEL.sourcePassage))
        assert passages, subject
        for passage in passages:
            assert (passage, RDF.type, IGEL.SourcePassage) in graph, (subject, passage)


@pytest.mark.parametrize("stem", sorted(SOURCE_FILES))
def test_every_referenced_passage_exists(source_graphs, stem):
    graph = source_graphs[stem]
    for passage in set(graph.objects(None, IGEL.sourcePassage)):
        assert (passage, RDF.type, IGEL.SourcePassage) in graph, passage


def test_measure_passages_quote_the_measure_row(plan_graph, plan_rows):
    for number, (text, start) in plan_rows.items():
        measure = resource("plan", "igel-2026-2030", "measure", number)
        passage = resource("source", "igel-aktionsplan-2026-2030", "passage", f"measure-{number}")
        assert list(plan_graph.objects(measure, IGEL.sourcePassage)) == [passage]
        assert str(plan_graph.value(passage, IGEL.quote)) == f"{number} {text} {start}"


def test_labels_one_german_one_english(all_data):
    for subject in set(all_data.subjects(RDFS.label, None)):
        languages = Counter(label.language for label in all_data.objects(subject, RDFS.label))
        assert languages == Counter({"de": 1, "en": 1}), subject


def test_only_declared_terms_and_standard_vocabularies(all_data):
    for triple in all_data:
        predicate = triple[1]
        assert str(predicate).startswith(ALLOWED_NAMESPACES), predicate
        if predicate == RDF.type:
            assert str(triple[2]).startswith(ALLOWED_NAMESPACES), triple
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(str(IGEL._NS)):
                getattr(IGEL, str(term)[len(str(IGEL._NS)) :])  # raises on a typo


# --- curated interpretations ----------------------------------------------------------


def _reifications(curated_graph):
    return set(curated_graph.subjects(RDF.type, RDF.Statement))


def _statement_parts(curated_graph, node):
    return (
        curated_graph.value(node, RDF.subject),
        curated_graph.value(node, RDF.predicate),
        curated_graph.value(node, RDF.object),
    )


def test_every_curated_triple_is_reified_and_justified(curated_graph):
    reifications = _reifications(curated_graph)
    stated = {_statement_parts(curated_graph, node) for node in reifications}
    asserted = {t for t in curated_graph if t[0] not in reifications}
    assert asserted == stated  # each curated triple has exactly its reification, no more
    for node in reifications:
        justifications = Counter(j.language for j in curated_graph.objects(node, IGEL.justification))
        assert justifications == Counter({"de": 1, "en": 1}), node
        assert (node, PROV.wasDerivedFrom, None) in curated_graph


def test_no_curated_triple_is_in_a_source_file(curated_graph, source_graphs):
    reifications = _reifications(curated_graph)
    for triple in curated_graph:
        if triple[0] in reifications:
            continue
        for stem, graph in source_graphs.items():
            assert triple not in graph, (stem, triple)


def test_curated_supporting_passages_exist(curated_graph, source_graphs):
    passages = set()
    for graph in source_graphs.values():
        passages |= set(graph.subjects(RDF.type, IGEL.SourcePassage))
    for passage in curated_graph.objects(None, PROV.wasDerivedFrom):
        assert passage in passages, passage


# Issue 10: each measure's kind, read from its verb (curated.ttl quotes the verb).
MEASURE_KINDS = [
    ("1.1.1", "implementation"),
    ("1.1.2", "implementation"),
    ("1.1.3", "implementation"),
    ("1.1.4", "study"),
    ("1.2.1", "advocacy"),
    ("1.2.2", "advocacy"),
    ("1.2.2", "awareness"),
    ("1.2.3", "implementation"),
    ("2.1.1", "implementation"),
    ("2.1.2", "funding"),
    ("2.2.1", "study"),
    ("3.1.1", "advocacy"),
    ("3.1.2", "implementation"),
    ("3.1.3", "implementation"),
    ("4.1.1", "implementation"),
    ("4.1.2", "awareness"),
]
# Issue 10: the measures each of the 14 criteria evaluates ("goal/index" -> measures).
CRITERIA_EVALUATE = {
    "1.1/1": ("1.1.1", "1.1.3"),
    "1.1/2": ("1.1.2", "1.1.3"),
    "1.1/3": ("1.1.4",),
    "1.2/1": ("1.2.1", "1.2.2", "1.2.3"),
    "2.1/1": ("2.1.1",),
    "2.1/2": ("2.1.2",),
    "2.1/3": ("2.1.2",),
    "2.2/1": ("2.2.1",),
    "3.1/1": ("3.1.1",),
    "3.1/2": ("3.1.1",),
    "3.1/3": ("3.1.2", "3.1.3"),
    "4.1/1": ("4.1.1",),
    "4.1/2": ("4.1.2",),
    "4.1/3": ("4.1.2",),
}


def criterion(key: str) -> URIRef:
    goal, index = key.split("/")
    return resource("plan", "igel-2026-2030", "goal", goal, "criterion", index)


def test_curated_statements_are_the_ones_decided(curated_graph):
    """The interpretations this graph makes, each justified in curated.ttl."""
    m = lambda n: resource("plan", "igel-2026-2030", "measure", n)  # noqa: E731
    line = lambda k: resource("plan", "igel-2026-2030", "budget", "line", k)  # noqa: E731
    theme = lambda k: resource("theme", k)  # noqa: E731
    sector = lambda k: resource("sector", k)  # noqa: E731
    expected = {
        # issue 10: adopting the strategy is a government act, not the GSD's
        (m("1.1.1"), IGEL.lead, resource("actor", "regierungsrat")),
        (m("1.1.4"), IGEL.dependsOn, m("1.1.3")),
        (m("1.1.3"), IGEL.dependsOn, m("1.1.1")),
        (m("2.1.2"), IGEL.theme, theme("interprofessionelle-zusammenarbeit")),
        (m("2.2.1"), IGEL.theme, theme("finanzierung")),
        (m("3.1.1"), IGEL.theme, theme("interprofessionelle-zusammenarbeit")),
        (m("4.1.2"), IGEL.theme, theme("gesundheitsfoerderung")),
        (line("forum-konzipierung"), IGEL.funds, m("1.1.3")),
        (line("foerderprogramm-konzipierung"), IGEL.funds, m("2.1.2")),
        (line("foerderprogramm-mitfinanzierung"), IGEL.funds, m("2.1.2")),
        (line("epd-kampagne"), IGEL.funds, m("1.2.2")),
        # issue 10: "Digitalisierungsprojekte" (plural, no measure named) fund goal 1.2
        (line("digitalisierungsprojekte"), IGEL.funds, resource("plan", "igel-2026-2030", "goal", "1.2")),
        (resource("actor", "vlg"), IGEL.represents, resource("actor", "gemeinden")),
        (resource("actor", "sm-bw"), rns.ORG.subOrganizationOf, resource("actor", "land-bw")),
        *((m(n), IGEL.measureKind, resource("measure-kind", k)) for n, k in MEASURE_KINDS),
        *((criterion(c), IGEL.evaluates, m(n)) for c, ns in CRITERIA_EVALUATE.items() for n in ns),
        *(
            (resource("plan", "igel-2026-2030"), IGEL.careSector, sector(k))
            for k in (
                "ambulant",
                "gesundheitsfoerderung-praevention",
                "pflege",
                "arzneimittelversorgung",
                "soziale-kommunale-angebote",
            )
        ),
    }
    reifications = _reifications(curated_graph)
    assert {t for t in curated_graph if t[0] not in reifications} == expected
    assert not any(isinstance(n, BNode) for n in curated_graph.all_nodes())
