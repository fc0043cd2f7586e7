"""The reference facts, pinned to ``ontology/data/sources/reference-facts.md``.

Each expected value is read off the line of that file named in the comment.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF
from sourcetext import SOURCE_FILES, normalise

from igel_graph.namespaces import IGEL, resource

CANTON = resource("area", "kanton-luzern")

# "Maximum regional nursing-home places by 2025 …" and "Nursing homes in 2019: …"
REGIONS = {
    "ltc-luzern": (2984, 32),
    "ltc-seetal": (506, 8),
    "ltc-sursee": (778, 11),
    "ltc-willisau": (754, 12),
    "ltc-entlebuch": (388, 4),
}


def test_canton_identifiers(reference_graph):
    # "Kanton Luzern: BFS canton number 3, ISO 3166-2 CH-LU, Wikidata Q12121 …
    # so Lucerne is https://ld.admin.ch/canton/3"
    assert (CANTON, RDF.type, IGEL.Canton) in reference_graph
    assert set(reference_graph.objects(CANTON, OWL.sameAs)) == {
        URIRef("https://ld.admin.ch/canton/3"),
        URIRef("http://www.wikidata.org/entity/Q12121"),
    }
    assert reference_graph.value(CANTON, IGEL.bfsNumber).toPython() == 3
    assert reference_graph.value(CANTON, IGEL.isoCode) == Literal("CH-LU")
    # "79 municipalities on 1 January 2025 (https://gemeindereform.lu.ch)"
    assert any("79 municipalities on 1 January 2025" in d for d in reference_graph.objects(CANTON, DCTERMS.description))


def test_municipalities_only_verified_numbers_and_regions(reference_graph):
    # "Sursee (BFS 1103) https://ld.admin.ch/municipality/1103"; "Other BFS numbers: unverified"
    sursee = resource("area", "sursee")
    assert reference_graph.value(sursee, IGEL.bfsNumber).toPython() == 1103
    assert reference_graph.value(sursee, OWL.sameAs) == URIRef("https://ld.admin.ch/municipality/1103")
    numbered = set(reference_graph.subjects(IGEL.bfsNumber, None))
    assert numbered == {CANTON, sursee}
    # "unverified, except Nottwil (Sursee) and Wolhusen (Entlebuch region …)"
    memberships = set(reference_graph.subject_objects(IGEL.consistsOf))
    assert memberships == {
        (resource("region", "ltc-sursee"), resource("area", "nottwil")),
        (resource("region", "ltc-entlebuch"), resource("area", "wolhusen")),
    }


def test_long_term_care_regions_places_and_homes(reference_graph):
    regions = set(reference_graph.subjects(RDF.type, IGEL.LongTermCarePlanningRegion))
    assert regions == {resource("region", k) for k in REGIONS}
    for key, (places, homes) in REGIONS.items():
        region = resource("region", key)
        assert reference_graph.value(region, IGEL.maxNursingHomePlaces).toPython() == places
        assert reference_graph.value(region, IGEL.nursingHomes).toPython() == homes
    # the line's own sums: "5410 regional plus 225 supra-regional = 5635"; "(67 in all)"
    assert sum(p for p, _ in REGIONS.values()) == 5410
    assert sum(h for _, h in REGIONS.values()) == 67
    text = normalise(SOURCE_FILES["reference-facts"].read_text(encoding="utf-8"))
    for key, (places, homes) in REGIONS.items():
        name = key.removeprefix("ltc-").capitalize()
        assert f"{name} {places}" in text and f"{name} {homes}" in text


def test_district_keys_and_regierungsbezirk(reference_graph):
    # "Reutlingen 08415, Biberach 08426, Ravensburg 08436; all in Regierungsbezirk Tübingen"
    keys = {"lk-reutlingen": "08415", "lk-biberach": "08426", "lk-ravensburg": "08436"}
    for key, code in keys.items():
        district = resource("area", key)
        assert reference_graph.value(district, IGEL.districtKey) == Literal(code)
        assert reference_graph.value(district, IGEL.locatedIn) == resource("area", "rb-tuebingen")


def test_health_centres_and_ehealth(reference_graph):
    # "Existing health centres: Gesundheitszentrum Entlebuch …; Gesundheitszentrum Zentralschweiz AG"
    centres = set(reference_graph.subjects(RDF.type, IGEL.HealthCentre))
    assert centres == {resource("actor", "gz-entlebuch"), resource("actor", "gz-zentralschweiz")}
    assert (resource("actor", "ehealth-zentralschweiz"), RDF.type, IGEL.Association) in reference_graph


def test_funding_of_programme_and_b36(reference_graph):
    # "CHF 7 million 2026-2030"; "CHF 34.25 million (zentralplus)"
    programme = resource("plan", "foerderprogramm-igel-2026-2030")
    assert reference_graph.value(programme, IGEL.fundingAmount).toPython() == 7_000_000
    b36 = resource("plan", "b36")
    assert str(reference_graph.value(b36, IGEL.fundingAmount)) == "34250000.0"
    assert reference_graph.value(b36, IGEL.currency) == Literal("CHF")


def test_every_passage_names_its_source(reference_graph):
    """dcterms:source where the line gives an address or site, else the named citation."""
    text = SOURCE_FILES["reference-facts"].read_text(encoding="utf-8")
    passages = set(reference_graph.subjects(RDF.type, IGEL.SourcePassage))
    assert len(passages) >= 15
    for passage in passages:
        urls = list(reference_graph.objects(passage, DCTERMS.source))
        citations = list(reference_graph.objects(passage, DCTERMS.bibliographicCitation))
        quote = str(reference_graph.value(passage, IGEL.quote))
        for url in urls:
            site = str(url).split("://", 1)[1]
            assert site in text, url  # the address (or site) is the one the file names
        if not urls and not citations:
            # the line names no source of its own: it must not contain an address either
            assert "http" not in quote and ".ch" not in quote and ".de)" not in quote, passage
