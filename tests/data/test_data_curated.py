"""Issue 10's curated readings, pinned to the sentences they rest on: who represents whom,
the kind of every measure, which criterion evaluates which measure, and which budget line
funds which measure or goal. Each test quotes the source sentence and checks it is in the
source, so that a reading whose ground disappears fails.
"""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import RDF
from test_data_provenance import CRITERIA_EVALUATE, MEASURE_KINDS, criterion

from igel_graph.namespaces import IGEL, resource


def measure(n: str) -> URIRef:
    return resource("plan", "igel-2026-2030", "measure", n)


def line(key: str) -> URIRef:
    return resource("plan", "igel-2026-2030", "budget", "line", key)


def test_the_vlg_speaks_for_the_municipalities(curated_graph, plan_source):
    # 2.1.1 "zusammen mit dem Verband Luzerner Gemeinden (VLG)"; section 1 names "Gemeinden"
    assert "zusammen mit dem Verband Luzerner Gemeinden (VLG)" in plan_source
    assert "seitens Kanton, Gemeinden, Leistungserbringender, Verbänden" in plan_source
    assert set(curated_graph.subjects(IGEL.represents, resource("actor", "gemeinden"))) == {resource("actor", "vlg")}
    # no association is said to represent anyone else: neither text nor reference facts name members
    assert set(curated_graph.subject_objects(IGEL.represents)) == {
        (resource("actor", "vlg"), resource("actor", "gemeinden"))
    }


def test_every_measure_has_a_kind_justified_by_its_verb(curated_graph, plan_rows):
    verbs = {  # the verb phrase of each measure's row that gives its kind
        "1.1.1": "wurde verabschiedet",
        "1.1.2": "schafft eine zentrale Koordinationsstelle",
        "1.1.3": "geschaffen",
        "1.1.4": "Das GSD prüft",
        "1.2.1": "setzen sich gemeinsam für",
        "1.2.2": "fordert die gesetzlich vorgeschriebene",
        "1.2.3": "setzt zusammen mit den LERB ein Projekt",
        "2.1.1": "treibt",
        "2.1.2": "finanziell",
        "2.2.1": "prüft",
        "3.1.1": "engagiert sich auf nationaler Ebene",
        "3.1.2": "mandatiert",
        "3.1.3": "mandatiert",
        "4.1.1": "fördert in Zusammenarbeit",
        "4.1.2": "fördert mit gezielten Massnahmen die Gesundheitskompetenz",
    }
    assert set(verbs) == set(plan_rows)
    for number, phrase in verbs.items():
        assert phrase in plan_rows[number][0], number
    found = {
        (str(m).rsplit("/", 1)[1], str(k).rsplit("/", 1)[1]) for m, k in curated_graph.subject_objects(IGEL.measureKind)
    }
    assert found == set(MEASURE_KINDS)
    assert {n for n, _ in found} == set(plan_rows)  # every measure has a kind
    # 1.2.2 both demands ("fordert … ein") and informs ("mit Öffentlichkeitsarbeit")
    assert "z.B. mit Öffentlichkeitsarbeit" in plan_rows["1.2.2"][0]


def test_every_criterion_evaluates_measures(curated_graph, plan_graph, plan_source):
    criteria = set(plan_graph.subjects(RDF.type, IGEL.EvaluationCriterion))
    assert {criterion(k) for k in CRITERIA_EVALUATE} == criteria  # all 14
    found = {(c, m) for c, m in curated_graph.subject_objects(IGEL.evaluates)}
    assert found == {(criterion(k), measure(n)) for k, ns in CRITERIA_EVALUATE.items() for n in ns}
    evaluated = {m for _, m in found}
    assert evaluated == set(plan_graph.subjects(RDF.type, IGEL.Measure))  # every measure is evaluated
    # e.g. "Vorliegen Abklärungen/Projektbericht zu kantonalen Rechtsgrundlagen" and 1.1.4
    # "… über kantonale Rechtsgrundlagen … gefördert werden kann"
    assert "Vorliegen Abklärungen/Projektbericht zu kantonalen Rechtsgrundlagen" in plan_source
    assert (criterion("1.1/3"), measure("1.1.4")) in found
    # a criterion evaluates measures of its own goal only
    for c, m in found:
        goal = str(c).split("/criterion/")[0]
        assert (m, IGEL.contributesTo, URIRef(goal)) in plan_graph, (c, m)


def test_budget_allocations(curated_graph, plan_source):
    goal_1_2 = resource("plan", "igel-2026-2030", "goal", "1.2")
    allocations = set(curated_graph.subject_objects(IGEL.funds))
    assert allocations == {
        # "Forum … (Forum IGeL) / Konzipierung" and 1.1.3 "wird das Forum … geschaffen"
        (line("forum-konzipierung"), measure("1.1.3")),
        # "Regionale Gesundheitsnetzwerke/-zentren (Förderprogramm IGeL)" and 2.1.2 "finanziell
        # (Förderprogramm 2026-2030)"
        (line("foerderprogramm-konzipierung"), measure("2.1.2")),
        (line("foerderprogramm-mitfinanzierung"), measure("2.1.2")),
        # "Informationskampagne EPD" and 1.2.2 "z.B. mit Öffentlichkeitsarbeit"
        (line("epd-kampagne"), measure("1.2.2")),
        # "Digitalisierungsprojekte im Zusammenhang mit der Strategie" and goal 1.2
        # "Digitalisierungsinstrumente, -infrastrukturen und -prozesse … werden entwickelt"
        (line("digitalisierungsprojekte"), goal_1_2),
    }
    assert "Digitalisierungsprojekte im Zusammenhang mit der Strategie" in plan_source
    # "Umsetzung div. Massnahmen der Strategie" names no measure: not allocated
    assert "Umsetzung div. Massnahmen der Strategie" in plan_source
    assert (line("forum-umsetzung"), IGEL.funds, None) not in curated_graph
    # a line funds one target at most, so that amounts per target add up to the table
    assert max(Counter(l for l, _ in allocations).values()) == 1
