"""German and English names of the standard vocabulary terms the data uses (RDF, RDFS,
OWL, SKOS, Dublin Core, PROV, ORG, Data Cube), for the statement tables of resource pages.

The IGeL ontology labels its own terms (``ontology/igel.ttl``); these terms belong to
other vocabularies, whose own labels are English only and are not loaded into the store.
A German page reads "Typ" and "Bezeichnung", never "type" and "label". Used only where
the store has no label of its own (:class:`api.resource_data.ResourceView`).
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SKOS

__all__ = ["VOCABULARY_LABELS"]

_T = [
    (RDF.type, "Typ", "type"),
    (RDF.subject, "Subjekt", "subject"),
    (RDF.predicate, "Prädikat", "predicate"),
    (RDF.object, "Objekt", "object"),
    (RDF.first, "erstes Element", "first"),
    (RDF.rest, "übrige Elemente", "rest"),
    (RDFS.label, "Bezeichnung", "label"),
    (RDFS.comment, "Kommentar", "comment"),
    (RDFS.seeAlso, "siehe auch", "see also"),
    (RDFS.subClassOf, "Unterklasse von", "subclass of"),
    (RDFS.subPropertyOf, "Untereigenschaft von", "subproperty of"),
    (RDFS.domain, "Definitionsbereich", "domain"),
    (RDFS.range, "Wertebereich", "range"),
    (OWL.sameAs, "identisch mit", "same as"),
    (OWL.versionInfo, "Versionsangabe", "version info"),
    (OWL.versionIRI, "Versions-IRI", "version IRI"),
    (OWL.inverseOf, "Umkehrung von", "inverse of"),
    (OWL.disjointWith, "disjunkt mit", "disjoint with"),
    (OWL.propertyDisjointWith, "Eigenschaft disjunkt mit", "property disjoint with"),
    (OWL.propertyChainAxiom, "Eigenschaftskette", "property chain"),
    (OWL.unionOf, "Vereinigung von", "union of"),
    (OWL.members, "Mitglieder", "members"),
    (SKOS.prefLabel, "Vorzugsbezeichnung", "preferred label"),
    (SKOS.altLabel, "Alternativbezeichnung", "alternative label"),
    (SKOS.definition, "Definition", "definition"),
    (SKOS.notation, "Notation", "notation"),
    (SKOS.inScheme, "in Schema", "in scheme"),
    (SKOS.topConceptOf, "oberster Begriff von", "top concept of"),
    (SKOS.hasTopConcept, "hat obersten Begriff", "has top concept"),
    (DCTERMS.title, "Titel", "title"),
    (DCTERMS.description, "Beschreibung", "description"),
    (DCTERMS.isPartOf, "ist Teil von", "is part of"),
    (DCTERMS.references, "verweist auf", "references"),
    (DCTERMS.source, "Quelle", "source"),
    (DCTERMS.license, "Lizenz", "licence"),
    (DCTERMS.created, "erstellt", "created"),
    (DCTERMS.language, "Sprache", "language"),
    (DCTERMS.publisher, "Herausgeber", "publisher"),
    (DCTERMS.creator, "Urheber", "creator"),
    (DCTERMS.contributor, "Mitwirkende", "contributor"),
    (DCTERMS.bibliographicCitation, "Zitierweise", "bibliographic citation"),
    (PROV.wasDerivedFrom, "abgeleitet aus", "derived from"),
    (ORG.subOrganizationOf, "Unterorganisation von", "sub-organisation of"),
    (ORG.unitOf, "Einheit von", "unit of"),
    (ORG.linkedTo, "verbunden mit", "linked to"),
    (QB.dataSet, "Datensatz", "data set"),
    (QB.structure, "Struktur", "structure"),
    (QB.component, "Komponente", "component"),
    (QB.dimension, "Dimension", "dimension"),
    (QB.measure, "Messgrösse", "measure"),
    (QB.attribute, "Attribut", "attribute"),
    (QB.order, "Reihenfolge", "order"),
]

#: IRI → {"de": ..., "en": ...}
VOCABULARY_LABELS: dict[str, dict[str, str]] = {str(iri): {"de": de, "en": en} for iri, de, en in _T}
