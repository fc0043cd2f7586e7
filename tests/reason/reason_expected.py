"""Shared constants of the reasoning tests, and the entailment set of fixtures/mini-data.ttl under fixtures/mini-ontology.ttl, worked
out by hand, rule by rule (see igel_graph.reason.rules for the rule names)."""

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from igel_graph.namespaces import IGEL, resource

FIXTURES = Path(__file__).parent / "fixtures"
MINI_DATA_GRAPH = URIRef("https://w3id.org/igel/graph/upload/mini-data")

# terms that exist only in the miniature ontology (not in igel_graph.namespaces.IGEL)
KANTON = IGEL._NS["Kanton"]
ENABLES = IGEL._NS["enables"]

M, M2, G, F = resource("m"), resource("m2"), resource("g"), resource("f")
GSD, LUZERN, SCHWEIZ = resource("gsd"), resource("luzern"), resource("schweiz")
LINDAS = URIRef("https://ld.admin.ch/canton/3")

EXPECTED = {
    # subclass: PublicAuthority ⊑ Organisation ⊑ Actor
    (GSD, RDF.type, IGEL.Organisation),
    (GSD, RDF.type, IGEL.Actor),
    # subproperty: lead ⊑ collaborator ⊑ involvedActor
    (M, IGEL.collaborator, GSD),
    (M, IGEL.involvedActor, GSD),
    # inverse of each of the three
    (GSD, IGEL.leads, M),
    (GSD, IGEL.collaboratesIn, M),
    (GSD, IGEL.involvedIn, M),
    # chain2: contributesTo ∘ inActionField
    (M, IGEL.measureInField, F),
    # chain3: involvedIn ∘ contributesTo ∘ inActionField
    (GSD, IGEL.activeInField, F),
    # transitive locatedIn; range AdministrativeArea; Canton ≡ Kanton
    (GSD, IGEL.locatedIn, SCHWEIZ),
    (LUZERN, RDF.type, IGEL.AdministrativeArea),
    (LUZERN, RDF.type, KANTON),
    # sameAs luzern = LINDAS canton 3: its types and values, and values pointing at it
    (LINDAS, RDF.type, IGEL.Canton),
    (LINDAS, RDF.type, KANTON),
    (LINDAS, RDF.type, IGEL.AdministrativeArea),
    (LINDAS, IGEL.locatedIn, SCHWEIZ),
    (GSD, IGEL.locatedIn, LINDAS),
    # equivalentProperty prerequisiteOf ≡ enables
    (M2, ENABLES, M),
}
