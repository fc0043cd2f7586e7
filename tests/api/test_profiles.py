"""Resource pages lead with a profile for their class; the statements fold below.

Expected values come from the action plan (ontology/data/igel-aktionsplan-2026-2030.ttl,
section 2: the GSD leads 14 measures, 1.1.2 to 4.1.2, and shares 3.1.2 and 3.1.3 with the
BKD), its financing table (section 3: "Mitfinanzierung Projekte" 1000 + 4 × 1500 = 7000
thousand CHF) and the analysis graph of the built store (read here with
:func:`igel_graph.readmodel.stored_metrics`, never recomputed).
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from igel_graph.readmodel import stored_metrics

GSD = "https://w3id.org/igel/id/actor/gsd"
PLAN = "/id/plan/igel-2026-2030"
GSD_MEASURES = [
    "1.1.2",
    "1.1.3",
    "1.1.4",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "2.1.1",
    "2.1.2",
    "2.2.1",
    "3.1.1",
    "3.1.2",
    "3.1.3",
    "4.1.1",
    "4.1.2",
]


def _html(client, path: str, lang: str = "de") -> str:
    r = client.get(path, params={"lang": lang}, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text[:300]
    return unescape(r.text)


def _section(html: str, sid: str) -> str:
    start = html.index(f'<section id="{sid}"')
    return html[start : html.index("</section>", start)]


def test_actor_briefing_leads_and_statements_fold_below(client):
    html = _html(client, "/id/actor/gsd")
    profile = html.index('<article class="profile profile-actor"')
    folded = html.index('<details id="all-statements"')
    assert profile < folded
    assert "<summary><h2>Alle Aussagen" in html
    # folded: the <details> has no "open" attribute on a page with a profile
    assert re.search(r'<details id="all-statements" class="all-statements">', html)
    assert "Der Plan nennt Gesundheits- und Sozialdepartement des Kantons Luzern (GSD) in 14 Massnahmen" in html


def test_actor_briefing_lists_its_measures_by_role_with_title_start_and_field(client):
    measures = _section(_html(client, "/id/actor/gsd"), "measures")
    numbers = re.findall(r'measure/(\d\.\d\.\d)\?lang=de">', measures)
    assert numbers == GSD_MEASURES  # in plan order, 2.2.1's two parts folded into 2.2.1
    row = measures[measures.index("3.1.2 Neue interprofessionelle Bildungsangebote") :]
    row = row[: row.index("</tr>")]
    assert "federführend" in row and "Q2 2026" in row and "3 Die Zusammenarbeit zwischen Fachpersonen" in row


def test_actor_briefing_partners_themes_metrics_findings_and_sentences(client, built_oxigraph):
    html = _html(client, "/id/actor/gsd")
    partners = _section(html, "partners")
    bkd = partners[partners.index("Bildungs- und Kulturdepartement (BKD)") :]
    assert "3.1.2, 3.1.3" in bkd[: bkd.index("</tr>")]
    assert "Digitalisierung" in _section(html, "themes")
    # metrics in words, the numbers those of the analysis graph
    degree = stored_metrics(built_oxigraph)["collaboration/degree"]
    metrics = _section(html, "metrics")
    assert f"mit {int(degree[GSD])} der {len(degree) - 1} anderen Akteure" in metrics
    assert "Einzige Verbindung zum Netz für: Gremien des Forums IGeL, Verband Luzerner Gemeinden (VLG)." in metrics
    findings = _section(html, "findings")
    assert "Alles läuft über Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)" in findings
    assert findings.count('class="finding ') == 5  # the five findings with igel:subject GSD
    sources = _section(html, "sources")
    assert (
        "1.1.3 Unter der Leitung des GSD wird das Forum integrierte Gesundheitsversorgung Luzern (IGeL) geschaffen."
        in sources
    )
    # only sentences that name it: 1.2.1's passage names the GSD, and 3.1.2's BKD sentence too
    assert sources.count("<blockquote") >= 15


def test_actor_briefing_in_english(client):
    html = _html(client, "/id/actor/gsd", "en")
    for heading in ("What the plan asks of it", "Place in the network", "Whom it works with", "All statements"):
        assert heading in html
    assert "Works in measures with 9 of the 15 other actors" in html


def test_measure_profile_text_goal_field_start_actors_budget_and_criteria(client):
    html = _html(client, f"{PLAN}/measure/2.1.2")
    assert '<article class="profile profile-measure"' in html
    facts = _section(html, "facts")
    assert "2.1 Gesundheitsnetzwerke und -zentren etabliert oder in Entwicklung" in facts
    assert "Q1 2026" in facts and "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)" in facts
    # the financing table's line total, never a sum of our own
    assert "Mitfinanzierung Projekte (Netzwerkaufbau etc.) (Posten gesamt 7'000'000 CHF)" in facts
    assert "<ol>" in _section(html, "criteria")
    assert "Das GSD unterstützt die Akteurinnen und Akteure" in _section(html, "sources")


def test_measure_without_budget_line_says_not_allocated(client):
    facts = _section(_html(client, f"{PLAN}/measure/3.1.2", "en"), "facts")
    assert "not allocated: the plan assigns no budget line to this measure" in facts


def test_measure_dependencies_link_onwards(client):
    # curated: 1.1.4 depends on 1.1.3 (queries/dependencies.rq pins the pair)
    facts = _section(_html(client, f"{PLAN}/measure/1.1.4"), "facts")
    assert "Setzt voraus" in facts and "measure/1.1.3?lang=de" in facts


@pytest.mark.parametrize(
    "path,kind,expected",
    [
        (f"{PLAN}/goal/3.1", "goal", "3.1.2 Neue interprofessionelle Bildungsangebote"),
        (f"{PLAN}/field/3", "field", "3.1 Interprofessionelle Zusammenarbeit in Bildung und Praxis gestärkt"),
        ("/id/theme/digitalisierung", "theme", "1.2.2 Elektronisches Patientendossier (EPD) verbreiten"),
        (PLAN, "plan", "11'100'000 CHF"),
        ("/id/plan/bw-modellprojekt", "plan", "/projects/bw-modellprojekt?lang=de"),
    ],
)
def test_profiles_of_goal_field_theme_and_plans(client, path, kind, expected):
    html = _html(client, path)
    assert f'<article class="profile profile-{kind}"' in html
    assert expected in html
    assert "<blockquote" in html  # the source sentence is quoted


def test_every_site_link_keeps_the_language(client):
    html = client.get("/id/actor/gsd", params={"lang": "en"}, headers={"accept": "text/html"}).text
    links = [unescape(h) for h in re.findall(r'href="(/[^"#]*)', html)]
    pages = [h for h in links if not h.startswith(("/static/", "/id/actor/gsd."))]
    assert pages and all("lang=en" in h for h in pages), [h for h in pages if "lang=en" not in h][:5]
    assert 'href="/query?lang=en"' in html and 'href="/docs?lang=en"' in html


def test_german_statement_table_names_standard_terms_in_german(client):
    html = _html(client, "/id/actor/gsd")
    table = html[html.index('<table class="statements">') :]
    assert ">Typ</a>" in table and ">Bezeichnung</a>" in table
    assert ">type</a>" not in table and ">label</a>" not in table
