"""The Baden-Württemberg model project, pinned to its project page.

Expected values come from ``ontology/data/sources/bw-modellprojekt-sektorenuebergreifende-versorgung.txt``
(sections named in each test).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from igel_graph.namespaces import IGEL, resource

PROJECT = resource("plan", "bw-modellprojekt")
DISTRICTS = {resource("area", k) for k in ("lk-reutlingen", "lk-biberach", "lk-ravensburg")}

# "Hintergrund": "sowohl die ambulante und stationäre Versorgung als auch die
# Gesundheitsförderung und Prävention, Rehabilitation, Pflege, Arzneimittelversorgung,
# soziale und kommunale Angebote sowie die Palliativversorgung miteinander verknüpft werden"
SECTORS = {
    "ambulant": "ambulante",
    "stationaer": "stationäre Versorgung",
    "gesundheitsfoerderung-praevention": "Gesundheitsförderung und Prävention",
    "rehabilitation": "Rehabilitation",
    "pflege": "Pflege",
    "arzneimittelversorgung": "Arzneimittelversorgung",
    "soziale-kommunale-angebote": "soziale und kommunale Angebote",
    "palliativversorgung": "Palliativversorgung",
}


def test_project_is_a_model_project(bw_graph):
    assert (PROJECT, RDF.type, IGEL.ModelProject) in bw_graph


def test_model_region_of_three_districts(bw_graph):
    # "Die Landkreise Reutlingen, Biberach und Ravensburg bildeten die Modellregion Südwürttemberg"
    region = resource("region", "suedwuerttemberg")
    assert bw_graph.value(PROJECT, IGEL.region) == region
    assert (region, RDF.type, IGEL.ModelRegion) in bw_graph
    assert set(bw_graph.objects(region, IGEL.consistsOf)) == DISTRICTS
    for district in DISTRICTS:
        assert (district, RDF.type, IGEL.District) in bw_graph
        assert (district, RDF.type, IGEL.PublicAuthority) in bw_graph


def test_period_2016_to_2018_and_one_million_euros(bw_graph):
    # "im Zeitraum von 2016 bis 2018 insgesamt eine Million Euro zur Verfügung gestellt"
    period = bw_graph.value(PROJECT, IGEL.period)
    assert bw_graph.value(period, IGEL.beginsAt).toPython().year == 2016
    # igel:endsAt is the first instant after the period: 2018 is the last year covered
    assert str(bw_graph.value(period, IGEL.endsAt)) == "2019-01-01T00:00:00"
    assert bw_graph.value(PROJECT, IGEL.fundingAmount).toPython() == Decimal("1000000")
    assert bw_graph.value(PROJECT, IGEL.currency) == Literal("EUR")


def test_land_and_ministry_fund_the_project(bw_graph, bw_source):
    # Einleitung: "hat das Land Baden-Württemberg im Zeitraum von 2016 bis 2018 insgesamt eine
    # Million Euro zur Verfügung gestellt"; Hintergrund: "Die Finanzierung, Durchführung und
    # Koordination des Gesamtprojekts wurde durch das Ministerium … gewährleistet"
    assert "hat das Land Baden-Württemberg im Zeitraum von 2016 bis 2018 insgesamt eine Million Euro" in bw_source
    ministry, land = resource("actor", "sm-bw"), resource("actor", "land-bw")
    assert set(bw_graph.objects(PROJECT, IGEL.funder)) == {land, ministry}
    assert (land, RDF.type, IGEL.PublicAuthority) in bw_graph
    assert Literal("Land Baden-Württemberg", lang="de") in set(bw_graph.objects(land, RDFS.label))
    assert (ministry, IGEL.responsibleFor, PROJECT) in bw_graph


def test_state_health_office_supports_the_project_management(bw_graph, bw_source):
    # Hintergrund: "Das Landesgesundheitsamt war unter anderem für die fachliche Begleitung
    # des Projektmanagements verantwortlich." - its own role, not a mere contributor
    assert "für die fachliche Begleitung des Projektmanagements verantwortlich" in bw_source
    office = resource("actor", "lga-bw")
    assert (office, RDF.type, IGEL.PublicAuthority) in bw_graph
    assert list(bw_graph.objects(PROJECT, IGEL.projectManagementSupport)) == [office]
    assert office not in set(bw_graph.objects(PROJECT, DCTERMS.contributor))


def test_vertical_and_horizontal_integration(bw_graph, bw_source):
    # Hintergrund: "Unter einer sektorenübergreifenden Versorgung werden eine umfassende
    # Vernetzung sowie eine vertikale und horizontale Integration über Organisationen und
    # Sektoren hinweg verstanden."
    assert "eine vertikale und horizontale Integration über Organisationen und Sektoren hinweg" in bw_source
    assert set(bw_graph.objects(PROJECT, IGEL.integrationDimension)) == {
        resource("integration", "vertical"),
        resource("integration", "horizontal"),
    }


def test_three_scientific_partners(bw_graph):
    # "Für die wissenschaftliche Begleitung des Projekts wurden drei universitäre Einrichtungen beauftragt"
    partners = set(bw_graph.objects(PROJECT, IGEL.scientificPartner))
    assert partners == {
        resource("actor", k) for k in ("ukhd-allgemeinmedizin", "goethe-uni-allgemeinmedizin", "zirius")
    }
    for partner in partners:
        assert (partner, RDF.type, IGEL.ResearchInstitution) in bw_graph


def test_eight_care_sectors_named_in_the_background_passage(bw_graph):
    sectors = set(bw_graph.objects(PROJECT, IGEL.careSector))
    assert sectors == {resource("sector", k) for k in SECTORS}
    passage = resource("source", "bw-modellprojekt", "passage", "hintergrund")
    quote = str(bw_graph.value(passage, IGEL.quote))
    for key, phrase in SECTORS.items():
        assert phrase in quote, key
        assert (resource("sector", key), IGEL.sourcePassage, passage) in bw_graph
