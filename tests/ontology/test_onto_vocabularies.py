"""The SKOS vocabularies in ``ontology/vocabularies/``: the six cross-cutting themes of the
action plan (section 2), the eight care sectors of the BW model project (Hintergrund), the
measure status "läuft bereits", the quarters 2025-Q1 .. 2031-Q4, the five measure kinds
and the two integration dimensions of the BW project (Hintergrund)."""

from __future__ import annotations

from datetime import datetime

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from igel_graph import resources
from igel_graph.namespaces import IGEL, resource

# Section 2 of the action plan, quoted from the source:
SECTION_2 = (
    "So sind zum Beispiel die Gesundheitsförderung, die Prävention, die Gesundheitskompetenz der "
    "Bevölkerung, die Digitalisierung, die Finanzierung oder die interprofessionelle Zusammenarbeit "
    "Querschnittsthemen, die in allen Handlungsfeldern relevant sind."
)
# "Hintergrund" of the BW model project text, quoted from the source:
HINTERGRUND = (
    "Dies bedeutet, dass sowohl die ambulante und stationäre Versorgung als auch die Gesundheitsförderung "
    "und Prävention, Rehabilitation, Pflege, Arzneimittelversorgung, soziale und kommunale Angebote sowie "
    "die Palliativversorgung miteinander verknüpft werden."
)

THEMES = {  # IRI local name -> the German label, each a phrase of SECTION_2
    "gesundheitsfoerderung": "Gesundheitsförderung",
    "praevention": "Prävention",
    "gesundheitskompetenz": "Gesundheitskompetenz",
    "digitalisierung": "Digitalisierung",
    "finanzierung": "Finanzierung",
    "interprofessionelle-zusammenarbeit": "Interprofessionelle Zusammenarbeit",
}
SECTORS = {  # IRI local name -> the German label; the words of each occur in HINTERGRUND
    "ambulant": "Ambulante Versorgung",
    "stationaer": "Stationäre Versorgung",
    "gesundheitsfoerderung-praevention": "Gesundheitsförderung und Prävention",
    "rehabilitation": "Rehabilitation",
    "pflege": "Pflege",
    "arzneimittelversorgung": "Arzneimittelversorgung",
    "soziale-kommunale-angebote": "Soziale und kommunale Angebote",
    "palliativversorgung": "Palliativversorgung",
}
THEME_PASSAGE = resource("source", "igel-aktionsplan-2026-2030", "passage", "section-2")
SECTOR_PASSAGE = resource("source", "bw-modellprojekt", "passage", "hintergrund")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    """All files of ontology/vocabularies parsed into one graph."""
    graph = Graph()
    for path in sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _concepts(vocab, scheme):
    return set(vocab.subjects(SKOS.inScheme, scheme))


def test_themes(vocab):
    scheme = resource("scheme", "themes")
    assert _concepts(vocab, scheme) == {resource("theme", k) for k in THEMES}
    for key, label in THEMES.items():
        concept = resource("theme", key)
        assert (concept, RDF.type, IGEL.Theme) in vocab
        assert Literal(label, lang="de") in set(vocab.objects(concept, SKOS.prefLabel))
        assert label.lower() in SECTION_2.lower()
        assert vocab.value(concept, IGEL.sourcePassage) == THEME_PASSAGE


def test_care_sectors(vocab):
    scheme = resource("scheme", "care-sectors")
    assert _concepts(vocab, scheme) == {resource("sector", k) for k in SECTORS}
    for key, label in SECTORS.items():
        concept = resource("sector", key)
        assert (concept, RDF.type, IGEL.CareSector) in vocab
        assert Literal(label, lang="de") in set(vocab.objects(concept, SKOS.prefLabel))
        for word in label.lower().replace(" und ", " ").split():
            assert word in HINTERGRUND.lower(), word
        assert vocab.value(concept, IGEL.sourcePassage) == SECTOR_PASSAGE


def test_measure_status(vocab):
    running = resource("status", "running")
    assert _concepts(vocab, resource("scheme", "measure-status")) == {running}
    assert (running, RDF.type, IGEL.MeasureStatus) in vocab
    assert set(vocab.objects(running, RDFS.label)) == {
        Literal("läuft bereits", lang="de"),
        Literal("already running", lang="en"),
    }


def test_quarters(vocab):
    """28 quarters; begin and end computed here independently of the file."""
    quarters = _concepts(vocab, resource("scheme", "quarters"))
    assert len(quarters) == 28
    for year in range(2025, 2032):
        for q in range(1, 5):
            iri = resource("time", f"{year}-Q{q}")
            assert iri in quarters
            assert (iri, RDF.type, IGEL.Quarter) in vocab
            assert vocab.value(iri, IGEL.year).toPython() == year
            assert vocab.value(iri, IGEL.quarter).toPython() == q
            begins = datetime(year, 3 * q - 2, 1)
            ends = datetime(year + 1, 1, 1) if q == 4 else datetime(year, 3 * q + 1, 1)
            assert vocab.value(iri, IGEL.beginsAt).toPython() == begins
            assert vocab.value(iri, IGEL.endsAt).toPython() == ends
            assert set(vocab.objects(iri, RDFS.label)) == {
                Literal(f"Q{q} {year}", lang="de"),
                Literal(f"Q{q} {year}", lang="en"),
            }


def test_every_concept_is_complete(vocab):
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 7
    concepts = set(vocab.subjects(SKOS.inScheme, None))
    # themes, sectors, "running", quarters, measure kinds, integration dimensions, and the
    # seven implementation states of issue 14
    assert len(concepts) == 6 + 8 + 1 + 28 + 5 + 2 + 7
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in vocab
        for predicate in (SKOS.prefLabel, RDFS.label, SKOS.definition):
            assert sorted(l.language for l in vocab.objects(concept, predicate)) == ["de", "en"], (concept, predicate)
        scheme = vocab.value(concept, SKOS.inScheme)
        assert vocab.value(concept, SKOS.topConceptOf) == scheme
        assert (scheme, SKOS.hasTopConcept, concept) in vocab
    for scheme in schemes:
        for predicate in (SKOS.prefLabel, RDFS.label, SKOS.definition):
            assert sorted(l.language for l in vocab.objects(scheme, predicate)) == ["de", "en"]


def test_implementation_states(vocab):
    """Issue 14 names them: planned, started, on track, delayed, completed, suspended, dropped."""
    states = _concepts(vocab, resource("scheme", "implementation-status"))
    codes = ["planned", "started", "on-track", "delayed", "completed", "suspended", "dropped"]
    assert states == {resource("status", c) for c in codes}
    for code in codes:
        iri = resource("status", code)
        assert (iri, RDF.type, IGEL.MeasureStatus) in vocab
        assert str(vocab.value(iri, SKOS.notation)) == code
    assert Literal("verzögert", lang="de") in set(vocab.objects(resource("status", "delayed"), SKOS.prefLabel))


# Issue 10: exactly these IRIs and names (the finding detectors of the analysis rely on them).
MEASURE_KINDS = {
    "study": "clarification/study",
    "implementation": "implementation",
    "funding": "funding",
    "advocacy": "advocacy",
    "awareness": "awareness",
}


def test_measure_kinds(vocab):
    scheme = resource("scheme", "measure-kinds")
    assert _concepts(vocab, scheme) == {resource("measure-kind", k) for k in MEASURE_KINDS}
    assert str(resource("measure-kind", "study")) == "https://w3id.org/igel/id/measure-kind/study"
    for key, label in MEASURE_KINDS.items():
        concept = resource("measure-kind", key)
        assert (concept, RDF.type, IGEL.MeasureKind) in vocab
        assert Literal(label, lang="en") in set(vocab.objects(concept, SKOS.prefLabel))


def test_integration_dimensions(vocab):
    # BW Hintergrund: "eine vertikale und horizontale Integration über Organisationen und
    # Sektoren hinweg"
    scheme = resource("scheme", "integration-dimensions")
    assert _concepts(vocab, scheme) == {resource("integration", "vertical"), resource("integration", "horizontal")}
    for key, word in (("vertical", "vertikal"), ("horizontal", "horizontal")):
        concept = resource("integration", key)
        assert (concept, RDF.type, IGEL.IntegrationDimension) in vocab
        label = str(vocab.value(concept, SKOS.prefLabel))
        assert word in label.lower() and word in (HINTERGRUND_INTEGRATION.lower())
        assert vocab.value(concept, IGEL.sourcePassage) == SECTOR_PASSAGE


HINTERGRUND_INTEGRATION = (
    "Unter einer sektorenübergreifenden Versorgung werden eine umfassende Vernetzung sowie "
    "eine vertikale und horizontale Integration über Organisationen und Sektoren hinweg "
    "verstanden."
)
