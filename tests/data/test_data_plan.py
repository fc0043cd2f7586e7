"""The action plan's structure, measures, roles and references, pinned to the source.

Expected values come from the action plan (``ontology/data/sources/igel-aktionsplan-2026-2030.txt``);
each table below names the section it is read from.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from igel_graph.namespaces import IGEL, resource

PLAN = resource("plan", "igel-2026-2030")


def field(n: str) -> URIRef:
    return resource("plan", "igel-2026-2030", "field", n)


def goal(n: str) -> URIRef:
    return resource("plan", "igel-2026-2030", "goal", n)


def measure(n: str) -> URIRef:
    return resource("plan", "igel-2026-2030", "measure", n)


def actor(key: str) -> URIRef:
    return resource("actor", key)


def german(graph, subject, predicate=IGEL.text) -> str:
    values = [o for o in graph.objects(subject, predicate) if getattr(o, "language", None) == "de"]
    assert len(values) == 1, (subject, predicate, values)
    return str(values[0])


# Section 2 and the headings of sections 2.1-2.4.
FIELDS = {
    "1": "Förderliche Rahmenbedingungen für die Entwicklung der integrierten Gesundheitsversorgung schaffen",
    "2": "Gesundheitsnetzwerke und Gesundheitszentren aufbauen und weiterentwickeln",
    "3": "Die Zusammenarbeit zwischen Fachpersonen laufend optimieren",
    "4": "Den Einbezug von Patientinnen und Patienten in den Behandlungsprozess fördern",
}

# The "Ziel" headings of sections 2.1-2.4: goal -> action field.
GOALS = {"1.1": "1", "1.2": "1", "2.1": "2", "2.2": "2", "3.1": "3", "4.1": "4"}

# The "Start" column of the measure tables (sections 2.1-2.4): a quarter or "läuft bereits".
STARTS = {
    "1.1.1": "2025-Q4",
    "1.1.2": "2025-Q4",
    "1.1.3": "2026-Q1",
    "1.1.4": "2027-Q1",
    "1.2.1": "running",
    "1.2.2": "running",
    "1.2.3": "2026-Q1",
    "2.1.1": "2026-Q1",
    "2.1.2": "2026-Q1",
    "2.2.1": "2027-Q1",
    "3.1.1": "running",
    "3.1.2": "2026-Q2",
    "3.1.3": "2026-Q2",
    "4.1.1": "2028-Q1",
    "4.1.2": "2027-Q1",
}

# Actors and roles of every measure as the source file states them, with the phrase of the
# measure's text that gives the role (modelling contract: the grammatical subject leads;
# "zusammen mit", "gemeinsam mit", "in Rücksprache mit", "in Zusammenarbeit mit" make
# partners; those the measure is aimed at are addressees). 1.1.1 names no actor: its lead
# is curated (tested in test_data_provenance.py).
ROLES = [
    ("1.1.2", "lead", "gsd", "Das GSD klärt"),
    ("1.1.2", "addressee", "gemeinden", "Koordinationsstelle für die Gemeinden"),
    ("1.1.2", "addressee", "lerb", "die Leistungserbringenden (LERB)"),
    ("1.1.2", "addressee", "akteure", "sowie für weitere Akteurinnen und Akteure der Gesundheitsversorgung"),
    ("1.1.3", "lead", "gsd", "Unter der Leitung des GSD"),
    ("1.1.3", "addressee", "akteure", "Erfahrungsaustausch unter den Akteurinnen und Akteuren"),
    ("1.1.4", "lead", "gsd", "Das GSD prüft"),
    ("1.1.4", "partner", "forum-igel-gremien", "gemeinsam mit einem/mehreren Gremien des Forums IGeL"),
    ("1.2.1", "lead", "gsd", "Das GSD und die LERB setzen sich gemeinsam"),
    ("1.2.1", "lead", "lerb", "Das GSD und die LERB setzen sich gemeinsam"),
    ("1.2.1", "addressee", "patienten", "sowie Patientinnen und Patienten jederzeit abrufbar"),
    ("1.2.2", "lead", "gsd", "Das GSD engagiert sich"),
    ("1.2.2", "addressee", "lerb", "Nutzung des EPD bei den LERB"),
    ("1.2.2", "addressee", "bevoelkerung", "die Nutzung durch die Bevölkerung"),
    ("1.2.3", "lead", "gsd", "Das GSD setzt"),
    ("1.2.3", "partner", "lerb", "zusammen mit den LERB"),
    ("2.1.1", "lead", "gsd", "Das GSD treibt"),
    ("2.1.1", "partner", "vlg", "zusammen mit dem Verband Luzerner Gemeinden (VLG)"),
    ("2.1.2", "lead", "gsd", "Das GSD unterstützt"),
    ("2.1.2", "addressee", "akteure", "unterstützt die Akteurinnen und Akteure"),
    ("2.2.1", "lead", "gsd", "Das GSD prüft"),
    # the LERB are partners in both of 2.2.1's activities; the insurers and the cantons each
    # in one of them (see PARTS); the models examined are "für chronisch kranke" (issue 10)
    ("2.2.1", "partner", "lerb", "gemeinsam mit den Krankenversicherern und den LERB"),
    ("2.2.1", "partner", "lerb", "in enger Zusammenarbeit mit den LERB"),
    ("2.2.1", "addressee", "chronisch-kranke", "für chronisch kranke und mehrfach erkrankte Menschen"),
    ("3.1.1", "lead", "gsd", "Das GSD engagiert sich"),
    ("3.1.2", "lead", "gsd", "Das GSD mandatiert"),
    ("3.1.2", "partner", "bkd", "in Rücksprache mit dem Bildungs- und Kulturdepartement (BKD)"),
    ("3.1.2", "partner", "bildungsinstitutionen", "die Bildungsinstitutionen, zusammen mit"),
    ("3.1.2", "partner", "lerb", "zusammen mit den LERB"),
    ("3.1.2", "partner", "akteure", "bei Bedarf weiteren Akteurinnen und Akteuren"),
    ("3.1.2", "addressee", "fachpersonen", "um den Fachpersonen Kenntnisse und Kompetenzen zu vermitteln"),
    ("3.1.3", "lead", "gsd", "Das GSD mandatiert"),
    ("3.1.3", "partner", "bkd", "in Rücksprache mit dem BKD"),
    ("3.1.3", "partner", "bildungsinstitutionen", "die Bildungsinstitutionen, zusammen mit"),
    ("3.1.3", "partner", "lerb", "zusammen mit den LERB"),
    ("4.1.1", "lead", "gsd", "Das GSD fördert"),
    ("4.1.1", "partner", "lerb", "in Zusammenarbeit mit den LERB"),
    ("4.1.1", "partner", "verbaende", "und Verbänden"),
    ("4.1.2", "lead", "gsd", "Das GSD fördert"),
    ("4.1.2", "addressee", "bevoelkerung", "Eigenverantwortung der Luzerner Bevölkerung"),
    (
        "4.1.2",
        "addressee",
        "chronisch-kranke",
        "Selbstmanagement bei chronisch und mehrfach erkrankten Patientinnen und Patienten",
    ),
]
ROLE_PROPERTY = {"lead": IGEL.lead, "partner": IGEL.partner, "addressee": IGEL.addressee}

# Issue 10: the two activities of 2.2.1 as measure parts, each with its own sentence and roles.
PARTS = {
    "versicherungsmodelle": (
        "Das GSD prüft gemeinsam mit den Krankenversicherern und den LERB, ob und welche neuen Versicherungs- und "
        "Versorgungsmodelle für chronisch kranke und mehrfach erkrankte Menschen (und generell komplexere "
        "Erkrankungen) entwickelt werden sollen.",
        {"lead": {"gsd"}, "partner": {"krankenversicherer", "lerb"}},
    ),
    "chronic-care-center": (
        "Das GSD prüft dabei in enger Zusammenarbeit mit den LERB und umliegenden Kantonen den Aufbau eines "
        "interkantonalen «Chronic Care Centers».",
        {"lead": {"gsd"}, "partner": {"lerb", "umliegende-kantone"}},
    ),
}

# Themes that a measure's own text names (section 2 lists the six themes).
THEMES = {
    "1.1.4": {
        "digitalisierung",
        "finanzierung",
        "interprofessionelle-zusammenarbeit",
        "gesundheitsfoerderung",
        "praevention",
    },
    # 1.1.3 "Es besteht aus mehreren Gremien und einer digitalen Plattform" (issue 10)
    "1.1.3": {"digitalisierung"},
    "1.2.1": {"digitalisierung"},
    "1.2.2": {"digitalisierung"},
    "1.2.3": {"digitalisierung"},
    "2.1.2": {"finanzierung"},
    "3.1.1": {"finanzierung"},
    "3.1.2": {"interprofessionelle-zusammenarbeit"},
    "3.1.3": {"interprofessionelle-zusammenarbeit"},
    "4.1.2": {"gesundheitskompetenz"},
}

# The "Evaluation" lists below each goal's measures: number of "–" items.
CRITERIA = {"1.1": 3, "1.2": 1, "2.1": 3, "2.2": 1, "3.1": 3, "4.1": 3}


def test_four_action_fields_with_their_headings(plan_graph):
    fields = set(plan_graph.subjects(RDF.type, IGEL.ActionField))
    assert fields == {field(n) for n in FIELDS}
    for n, heading in FIELDS.items():
        assert plan_graph.value(field(n), IGEL.number) == Literal(n)
        assert plan_graph.value(field(n), IGEL.partOfPlan) == PLAN
        # the heading word for word is the field's text; its title is the short form
        assert german(plan_graph, field(n)) == heading


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def test_every_field_goal_and_measure_has_a_short_title_from_its_own_words(plan_graph):
    """Issue 10: a dcterms:title per language, at most 80 characters; every German word of
    four letters or more begins like a word of the element's own German text (title
    "Neue Berufsrollen …" for "… Entwicklung und Finanzierung neuer Berufsrollen …")."""
    elements = [field(n) for n in FIELDS] + [goal(n) for n in GOALS] + [measure(n) for n in STARTS]
    assert len(elements) == 4 + 6 + 15
    for element in elements:
        titles = sorted(plan_graph.objects(element, DCTERMS.title), key=lambda t: t.language)
        assert [t.language for t in titles] == ["de", "en"], element
        assert all(0 < len(t) <= 80 for t in titles), element
        text = german(plan_graph, element).lower()
        for word in _words(str(titles[0])):
            if len(word) >= 4:
                assert word.lower()[:4] in text, (element, word)
    # the example of the issue: "3.1.2 … neue Bildungsangebote zu entwickeln … für eine
    # systematische, interdisziplinäre und interprofessionelle Zusammenarbeit"
    assert set(plan_graph.objects(measure("3.1.2"), DCTERMS.title)) == {
        Literal("Neue interprofessionelle Bildungsangebote", lang="de"),
        Literal("New interprofessional education offers", lang="en"),
    }


def test_six_goals_each_in_its_action_field(plan_graph, plan_source):
    assert set(plan_graph.subjects(RDF.type, IGEL.Goal)) == {goal(n) for n in GOALS}
    for n, f in GOALS.items():
        assert plan_graph.value(goal(n), IGEL.number) == Literal(n)
        assert list(plan_graph.objects(goal(n), IGEL.inActionField)) == [field(f)]
        # the goal's German text is the sentence(s) under "Ziel n" in the source
        assert f"Ziel {n} {german(plan_graph, goal(n))}" in plan_source


def test_fifteen_measures_with_numbers_goals_and_source_text(plan_graph, plan_rows):
    assert len(plan_rows) == 15  # the source's measure tables have 15 rows
    measures = set(plan_graph.subjects(RDF.type, IGEL.Measure))
    assert measures == {measure(n) for n in plan_rows}
    for n, (text, _start) in plan_rows.items():
        m = measure(n)
        assert plan_graph.value(m, IGEL.number) == Literal(n)
        assert plan_graph.value(m, IGEL.partOfPlan) == PLAN
        assert list(plan_graph.objects(m, IGEL.contributesTo)) == [goal(n.rsplit(".", 1)[0])]
        assert german(plan_graph, m) == text, n
        english = [o for o in plan_graph.objects(m, IGEL.text) if o.language == "en"]
        assert len(english) == 1 and len(english[0]) > 40


@pytest.mark.parametrize("number", sorted(STARTS))
def test_every_measure_start_or_status(plan_graph, plan_rows, number):
    m = measure(number)
    expected = STARTS[number]
    cell = plan_rows[number][1]
    if expected == "running":
        assert cell == "läuft bereits"
        assert list(plan_graph.objects(m, IGEL.status)) == [resource("status", "running")]
        assert plan_graph.value(m, IGEL.start) is None
    else:
        year, quarter = expected.split("-")
        assert cell == f"{quarter} {year}"
        assert list(plan_graph.objects(m, IGEL.start)) == [resource("time", expected)]
        assert plan_graph.value(m, IGEL.status) is None


def test_actors_and_roles_of_every_measure(plan_graph, plan_rows):
    expected: dict[tuple[str, str], set] = {}
    for number, role, key, phrase in ROLES:
        assert phrase in plan_rows[number][0], (number, phrase)
        expected.setdefault((number, role), set()).add(actor(key))
    for number in plan_rows:
        for role, prop in ROLE_PROPERTY.items():
            found = set(plan_graph.objects(measure(number), prop))
            assert found == expected.get((number, role), set()), (number, role)


def test_measure_1_1_1_names_no_actor_in_the_source(plan_graph):
    for prop in ROLE_PROPERTY.values():
        assert plan_graph.value(measure("1.1.1"), prop) is None


def test_measure_1_1_2_has_no_patient_addressee(all_data):
    # "ein individuelles Case-Management für Patientinnen und Patienten ist dabei nicht vorgesehen"
    m = measure("1.1.2")
    for prop in (*ROLE_PROPERTY.values(), IGEL.concerns):
        assert actor("patienten") not in set(all_data.objects(m, prop))
    assert set(all_data.objects(m, IGEL.establishes)) == {actor("koordinationsstelle")}


def test_themes_named_by_the_measure_texts(plan_graph):
    for number in STARTS:
        found = {str(t).rsplit("/", 1)[1] for t in plan_graph.objects(measure(number), IGEL.theme)}
        assert found == THEMES.get(number, set()), number


def test_references_to_other_plans_and_cited_measures(plan_graph):
    b36 = resource("plan", "b36")
    refs = {n: set(plan_graph.objects(measure(n), IGEL.refersTo)) for n in STARTS}
    # "(Massnahme 3 «Digitalisierung», Planungsbericht Gesundheitsversorgung 2024, B 36)"
    assert refs["1.2.3"] == {resource("plan", "b36", "measure", "3")}
    # "(Massnahme 7 «Gesundheitskompetenz», Planungsbericht Gesundheitsversorgung 2024, B 36)"
    assert refs["4.1.2"] == {resource("plan", "b36", "measure", "7")}
    # "(Förderprogramm 2026-2030)"
    assert refs["2.1.2"] == {resource("plan", "foerderprogramm-igel-2026-2030")}
    # "Die Strategie … wurde verabschiedet."
    assert refs["1.1.1"] == {resource("plan", "igel-strategie-2035")}
    for number in ("3", "7"):
        cited = resource("plan", "b36", "measure", number)
        assert (cited, RDF.type, IGEL.CitedMeasure) in plan_graph
        assert plan_graph.value(cited, IGEL.number) == Literal(number)
        assert plan_graph.value(cited, IGEL.partOfPlan) == b36


def test_measures_that_create_organisations(plan_graph):
    # 1.1.2 "schafft eine zentrale Koordinationsstelle"; 1.1.3 "wird das Forum … geschaffen.
    # Es besteht aus mehreren Gremien und einer digitalen Plattform"
    assert set(plan_graph.objects(measure("1.1.2"), IGEL.establishes)) == {actor("koordinationsstelle")}
    assert set(plan_graph.objects(measure("1.1.3"), IGEL.establishes)) == {
        actor("forum-igel"),
        actor("forum-igel-gremien"),
    }
    assert plan_graph.value(actor("koordinationsstelle"), URIRef("http://www.w3.org/ns/org#unitOf")) == actor("gsd")
    assert plan_graph.value(actor("forum-igel-gremien"), URIRef("http://www.w3.org/ns/org#subOrganizationOf")) == actor(
        "forum-igel"
    )
    assert plan_graph.value(resource("platform", "forum-igel"), DCTERMS.isPartOf) == actor("forum-igel")


def test_plans_the_action_plan_refers_to(plan_graph):
    # Section 1: the GSD draws up the action plans 2026–2030 and 2031–2035 to implement the
    # strategy; B 36 defined the strategic direction the strategy pursues.
    strategy = resource("plan", "igel-strategie-2035")
    successor = resource("plan", "igel-2031-2035")
    programme = resource("plan", "foerderprogramm-igel-2026-2030")
    types = {
        PLAN: IGEL.ActionPlan,
        successor: IGEL.ActionPlan,
        strategy: IGEL.Strategy,
        programme: IGEL.FundingProgramme,
        resource("plan", "b36"): IGEL.PlanningReport,
    }
    for plan, kind in types.items():
        assert (plan, RDF.type, kind) in plan_graph
    assert (successor, IGEL.successorOf, PLAN) in plan_graph
    assert (PLAN, IGEL.implements, strategy) in plan_graph
    assert (programme, IGEL.implements, strategy) in plan_graph
    assert (actor("gsd"), IGEL.responsibleFor, PLAN) in plan_graph
    assert (actor("gsd"), IGEL.responsibleFor, successor) in plan_graph
    period = plan_graph.value(PLAN, IGEL.period)
    assert str(plan_graph.value(period, IGEL.beginsAt)) == "2026-01-01T00:00:00"
    # igel:endsAt is the first instant after the period (ontology definition)
    assert str(plan_graph.value(period, IGEL.endsAt)) == "2031-01-01T00:00:00"


def test_evaluation_criteria_per_goal_in_source_order(plan_graph, plan_source):
    for n, count in CRITERIA.items():
        criteria = sorted(plan_graph.objects(goal(n), IGEL.hasCriterion))
        assert criteria == [
            resource("plan", "igel-2026-2030", "goal", n, "criterion", str(i)) for i in range(1, count + 1)
        ]
        texts = " – ".join(german(plan_graph, c) for c in criteria)
        # the goal's "Evaluation" list reads "Evaluation – item – item …" in the source
        assert f"Evaluation – {texts}" in plan_source, n
    assert len(set(plan_graph.subjects(RDF.type, IGEL.EvaluationCriterion))) == 14


def test_stakeholder_groups_named_as_concerned(plan_graph):
    # goal 2.2 "von chronisch und mehrfach erkrankten Patientinnen und Patienten";
    # goal 4.1 "Patientinnen und Patienten sowie ihre Angehörigen/Bezugspersonen";
    # field 4 "Den Einbezug von Patientinnen und Patienten"
    assert set(plan_graph.objects(goal("2.2"), IGEL.concerns)) == {actor("chronisch-kranke")}
    assert set(plan_graph.objects(goal("4.1"), IGEL.concerns)) == {actor("patienten"), actor("angehoerige")}
    assert set(plan_graph.objects(field("4"), IGEL.concerns)) == {actor("patienten")}
    # 2.2.1 names them as those the models are for: an addressee, not merely concerned
    assert set(plan_graph.objects(measure("2.2.1"), IGEL.concerns)) == set()
    # section 2: "die Gesundheitskompetenz der Bevölkerung"
    assert (resource("theme", "gesundheitskompetenz"), IGEL.concerns, actor("bevoelkerung")) in plan_graph


def test_measure_2_2_1_has_two_parts_with_their_own_partners(plan_graph, plan_rows):
    """Issue 10: "2.2.1 holds two activities (insurance/care models with insurers and LERB; a
    Chronic Care Center with LERB and neighbouring cantons)": no part has both the insurers
    and the neighbouring cantons, so no projection of shared roles ties them together."""
    parts = set(plan_graph.subjects(RDF.type, IGEL.MeasurePart))
    assert parts == {resource("plan", "igel-2026-2030", "measure", "2.2.1", "part", k) for k in PARTS}
    for key, (sentence, roles) in PARTS.items():
        part = resource("plan", "igel-2026-2030", "measure", "2.2.1", "part", key)
        assert sentence in plan_rows["2.2.1"][0]
        assert german(plan_graph, part) == sentence
        assert list(plan_graph.objects(part, IGEL.partOfMeasure)) == [measure("2.2.1")]
        for role, prop in ROLE_PROPERTY.items():
            assert {str(a).rsplit("/", 1)[1] for a in plan_graph.objects(part, prop)} == roles.get(role, set())
        passage = plan_graph.value(part, IGEL.sourcePassage)
        assert str(plan_graph.value(passage, IGEL.quote)) == sentence
    insurers, cantons = actor("krankenversicherer"), actor("umliegende-kantone")
    for subject in set(plan_graph.subjects(IGEL.partner, None)) | set(plan_graph.subjects(IGEL.lead, None)):
        collaborators = set(plan_graph.objects(subject, IGEL.lead)) | set(plan_graph.objects(subject, IGEL.partner))
        assert not {insurers, cantons} <= collaborators, subject
