"""The project page of the Baden-Württemberg model project (issue 10, point 6), in the
real application over the real data (in-process client, embedded Oxigraph store).

Every figure shown is compared with the data and with the source sentence it comes from:
ontology/data/sources/bw-modellprojekt-sektorenuebergreifende-versorgung.txt (the
ministry's project page) and ontology/data/sources/reference-facts.md (district keys).
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from igel_graph.namespaces import IGEL, resource
from igel_graph.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SOURCE = " ".join(
    (ROOT / "ontology/data/sources/bw-modellprojekt-sektorenuebergreifende-versorgung.txt")
    .read_text(encoding="utf-8")
    .split()
)
REFERENCE = " ".join((ROOT / "ontology/data/sources/reference-facts.md").read_text(encoding="utf-8").split())
BW = resource("plan", "bw-modellprojekt")


@pytest.fixture(scope="module")
def client(oxi_built, tmp_path_factory):
    """The application serving the built store, through Starlette's test client."""
    from api.app import create_app

    app = create_app(Settings(store=str(tmp_path_factory.mktemp("unused"))), store=oxi_built)
    with TestClient(app) as c:
        yield c


def _text(page: str) -> str:
    """The page's visible text, whitespace collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _stated(store, prop) -> list:
    return [r[0] for r in store.query("SELECT ?v WHERE { ?plan ?p ?v }", {"plan": BW, "p": prop}).rows]


def test_period_and_funding_are_the_sources_figures(client, oxi_built):
    # "hat das Land Baden-Württemberg im Zeitraum von 2016 bis 2018 insgesamt eine Million
    # Euro zur Verfügung gestellt."
    assert "im Zeitraum von 2016 bis 2018 insgesamt eine Million Euro zur Verfügung gestellt" in SOURCE
    [amount] = _stated(oxi_built, IGEL.fundingAmount)
    assert float(amount) == 1_000_000
    german = _text(client.get("/projects/bw-modellprojekt", params={"lang": "de"}).text)
    english = _text(client.get("/projects/bw-modellprojekt", params={"lang": "en"}).text)
    assert "Zeitraum 2016–2018" in german and "Mittel 1.000.000 EUR" in german
    assert "Period 2016–2018" in english and "Funding EUR 1,000,000" in english


def test_region_lists_its_three_districts_with_keys(client):
    # "Die Landkreise Reutlingen, Biberach und Ravensburg bildeten die Modellregion
    # Südwürttemberg"; keys: "Reutlingen 08415, Biberach 08426, Ravensburg 08436"
    assert "Die Landkreise Reutlingen, Biberach und Ravensburg bildeten die Modellregion Südwürttemberg" in SOURCE
    assert "Reutlingen 08415, Biberach 08426, Ravensburg 08436" in REFERENCE
    page = client.get("/projects/bw-modellprojekt", params={"lang": "de"}).text
    text = _text(page)
    assert "Region Modellregion Südwürttemberg 3 Landkreise" in text
    table = page[page.index('<table class="districts">') : page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    found = {re.search(r">(Landkreis \w+)<", r).group(1): re.search(r">(\d{5})<", r).group(1) for r in rows}
    assert found == {"Landkreis Reutlingen": "08415", "Landkreis Biberach": "08426", "Landkreis Ravensburg": "08436"}
    assert "/id/area/lk-biberach?lang=de" in table


def test_actors_carry_their_roles_in_the_page_language(client, oxi_built):
    from visualizations.pages.project import project_page

    # "Für die wissenschaftliche Begleitung des Projekts wurden drei universitäre
    # Einrichtungen beauftragt"
    assert "drei universitäre Einrichtungen beauftragt" in SOURCE
    for lang, role in (("de", "wissenschaftliche Begleitung"), ("en", "scientific partner")):
        data = project_page(oxi_built, BW, lang)
        partners = [a["iri"].rsplit("/", 1)[-1] for a in data["actors"] if role in a["roles"]]
        assert sorted(partners) == ["goethe-uni-allgemeinmedizin", "ukhd-allgemeinmedizin", "zirius"]
        # the funder is whoever the data says (igel:funder)
        assert {f["iri"] for f in data["funders"]} == {str(f) for f in _stated(oxi_built, IGEL.funder)}
    page = client.get("/projects/bw-modellprojekt", params={"lang": "de"}).text
    page = page[page.index('<h2 id="actors">') :]
    # the ministry with the sentence that gives it financing, execution and coordination
    ministry = page[page.index('href="/id/actor/sm-bw?lang=de"') :]
    ministry = ministry[: ministry.index('<div class="actor">')]
    assert "Geldgeber" in ministry or "verantwortlich" in ministry  # its roles, labelled as igel.ttl does
    assert "Die Finanzierung, Durchführung und Koordination des Gesamtprojekts" in ministry
    # "Das Landesgesundheitsamt war unter anderem für die fachliche Begleitung des
    # Projektmanagements verantwortlich."
    lga = page[page.index('href="/id/actor/lga-bw?lang=de"') :]
    assert "fachliche Begleitung des Projektmanagements verantwortlich" in lga[: lga.index("</div>")]


def test_care_sectors_and_aims(client):
    # eight sectors: "sowohl die ambulante und stationäre Versorgung als auch die
    # Gesundheitsförderung und Prävention, Rehabilitation, Pflege, Arzneimittelversorgung,
    # soziale und kommunale Angebote sowie die Palliativversorgung"
    text = _text(client.get("/projects/bw-modellprojekt", params={"lang": "en"}).text)
    assert "Care sectors the project links (8)" in text
    assert "palliative care" in text and "rehabilitation" in text
    # the purpose (dcterms:description of the project) and the assignment in the source's words
    # the purpose leads the page, before the key facts
    assert -1 < text.index("Assignment: to develop a care concept across sectors") < text.index("Period 2016–2018")
    assert "Projektauftrag war die Entwicklung eines sektoren- und landkreisübergreifenden Versorgungskonzepts" in text


def test_plan_explorer_shows_the_project_page_and_the_landing_page_links_it(client):
    via_plan = client.get("/plan", params={"plan": "id:plan/bw-modellprojekt", "lang": "en"})
    assert via_plan.status_code == 200 and "Funding EUR 1,000,000" in _text(via_plan.text)
    # the action plan keeps its explorer
    assert client.get("/plan", params={"lang": "de"}).text.count('class="measure"') == 15
    assert 'href="/projects/bw-modellprojekt?lang=de"' in client.get("/", params={"lang": "de"}).text


def test_unknown_project_is_404(client):
    r = client.get("/projects/no-such-project", headers={"Accept": "text/html"})
    assert r.status_code == 404


def test_a_small_project_shows_what_it_states_and_nothing_else():
    """A plan with no funder, period, region or funding shows none of them; a facet the
    ontology declares (igel:theme, a sub-property of dcterms:subject) appears under the
    property's label from igel.ttl, without any change to the page code."""
    from rdflib import RDF, RDFS, Graph, Literal

    from igel_graph import resources
    from igel_graph.namespaces import Graphs
    from igel_graph.store.memory import MemoryStore
    from visualizations.pages.project import is_project, project_page

    store = MemoryStore()
    store.load(Graph().parse(resources.ontology_file(), format="turtle"), Graphs.ONTOLOGY)
    plan, theme = resource("plan", "small"), resource("theme", "small")
    data = Graph()
    data.add((plan, RDF.type, IGEL.ModelProject))
    data.add((plan, RDF.type, IGEL.Plan))  # what the reasoner adds (pages read a built store)
    data.add((plan, RDFS.label, Literal("Kleines Projekt", lang="de")))
    data.add((plan, IGEL.theme, theme))
    data.add((theme, RDF.type, IGEL.Theme))
    data.add((theme, RDFS.label, Literal("Ein Thema", lang="de")))
    store.load(data, resource("graph-for-test"))
    assert is_project(store, plan)
    page = project_page(store, plan, "de")
    assert page["label"] == "Kleines Projekt"
    assert (page["funders"], page["period"], page["funding"], page["regions"], page["actors"]) == (
        [],
        None,
        None,
        [],
        [],
    )
    theme_label = next(
        str(l)
        for l in Graph().parse(resources.ontology_file(), format="turtle").objects(IGEL.theme, RDFS.label)
        if l.language == "de"
    )
    assert page["facets"] == [
        {"iri": str(IGEL.theme), "label": theme_label, "concepts": [{"iri": str(theme), "label": "Ein Thema"}]}
    ]
