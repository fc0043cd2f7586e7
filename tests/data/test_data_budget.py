"""The financing table of section 3 (Abbildung 1): every cell and every printed total.

The expected table is typed in by hand from section 3 of the action plan (figures in
thousand CHF) and is itself checked against the copied source text, so a typo in either
the table below or the data fails a test.
"""

from __future__ import annotations

from decimal import Decimal

import rdflib.namespace as rns  # rns.XSD: a module-level XSD makes pytest's collector warn
from rdflib import Literal
from rdflib.namespace import DCTERMS, QB, RDF, RDFS
from sourcetext import SOURCE_FILES, normalise

from igel_graph.namespaces import IGEL, resource

PLAN = ("plan", "igel-2026-2030")
BUDGET = resource(*PLAN, "budget")
YEARS = list(range(2025, 2031))

# Section 3, Abbildung 1, in thousand CHF: line -> (printed label, cells by year, printed line total)
TABLE = {
    "forum-konzipierung": ("Konzipierung", dict.fromkeys(YEARS, 100), 600),
    "forum-umsetzung": (
        "Umsetzung div. Massnahmen der Strategie integrierte Gesundheitsversorgung Kanton Luzern 2035 ff.",
        dict.fromkeys(range(2026, 2031), 400),
        2000,
    ),
    "foerderprogramm-konzipierung": ("Konzipierung", {2025: 100}, 100),
    "foerderprogramm-mitfinanzierung": (
        "Mitfinanzierung Projekte (Netzwerkaufbau etc.)",
        {2026: 1000, 2027: 1500, 2028: 1500, 2029: 1500, 2030: 1500},
        7000,
    ),
    "epd-kampagne": ("Informationskampagne EPD", dict.fromkeys(YEARS, 50), 300),
    "digitalisierungsprojekte": (
        "Digitalisierungsprojekte im Zusammenhang mit der Strategie integrierte Gesundheitsversorgung Kanton Luzern 2035 ff.",
        {2027: 300, 2028: 200, 2029: 300, 2030: 300},
        1100,
    ),
}
# The "Total" row of section 3.
YEAR_TOTALS = {2025: 250, 2026: 1550, 2027: 2350, 2028: 2250, 2029: 2350, 2030: 2350}
OVERALL = 11100  # printed "11'100"
GROUPS = {
    "forum-igel": (
        "Forum integrierte Gesundheitsversorgung Luzern (Forum IGeL)",
        ["forum-konzipierung", "forum-umsetzung"],
    ),
    "foerderprogramm": (
        "Regionale Gesundheitsnetzwerke/-zentren (Förderprogramm IGeL)",
        ["foerderprogramm-konzipierung", "foerderprogramm-mitfinanzierung"],
    ),
    "digitalisierung": ("Digitalisierung", ["epd-kampagne", "digitalisierungsprojekte"]),
}


def line(key):
    return resource(*PLAN, "budget", "line", key)


def chf(thousands: int) -> Decimal:
    return Decimal(thousands) * 1000


def test_hand_table_matches_the_source_rows():
    """Each row of TABLE, read as the source prints it (tab-separated, empty cells kept)."""
    raw = SOURCE_FILES["igel-aktionsplan-2026-2030"].read_text(encoding="utf-8")
    rows = [line_.split("\t") for line_ in raw.splitlines() if "\t" in line_]
    printed = {}
    for cells in rows:
        label = normalise(cells[0])
        if len(cells) == 8 and cells[7].strip().replace("'", "").isdigit() and label != "Total":
            values = {y: int(c) for y, c in zip(YEARS, cells[1:7]) if c.strip()}
            printed.setdefault(label, []).append((values, int(cells[7])))
        if label == "Total":
            total_row = cells
    expected = {}
    for label, cells, total in TABLE.values():
        expected.setdefault(label, []).append((cells, total))
    assert printed == expected
    assert [int(c) for c in total_row[1:7]] == [YEAR_TOTALS[y] for y in YEARS]
    assert int(total_row[7].replace("'", "")) == OVERALL


def test_one_observation_per_non_empty_cell(plan_graph):
    observations = set(plan_graph.subjects(RDF.type, IGEL.BudgetObservation))
    expected = {
        resource(*PLAN, "budget", "line", key, str(year)) for key, (_l, cells, _t) in TABLE.items() for year in cells
    }
    assert observations == expected
    assert len(observations) == 27  # the non-empty cells of Abbildung 1, counted by hand


def test_every_cell_amount_year_line_currency(plan_graph):
    for key, (_label, cells, _total) in TABLE.items():
        for year, thousands in cells.items():
            obs = resource(*PLAN, "budget", "line", key, str(year))
            assert plan_graph.value(obs, IGEL.budgetLine) == line(key)
            assert plan_graph.value(obs, IGEL.year) == Literal(year, datatype=rns.XSD.integer)
            amount = plan_graph.value(obs, IGEL.amount)
            assert amount.datatype == rns.XSD.decimal and amount.toPython() == chf(thousands)
            assert plan_graph.value(obs, IGEL.currency) == Literal("CHF")
            assert plan_graph.value(obs, QB.dataSet) == BUDGET


def test_groups_and_lines_labelled_as_printed(plan_graph):
    for group_key, (label, lines) in GROUPS.items():
        group = resource(*PLAN, "budget", "group", group_key)
        assert (group, RDF.type, IGEL.BudgetGroup) in plan_graph
        assert Literal(label, lang="de") in set(plan_graph.objects(group, RDFS.label))
        for key in lines:
            assert plan_graph.value(line(key), IGEL.budgetGroup) == group
            assert Literal(TABLE[key][0], lang="de") in set(plan_graph.objects(line(key), RDFS.label))


def _stated(plan_graph, *path):
    total = resource(*PLAN, "budget", "total", *path)
    assert (total, RDF.type, IGEL.StatedTotal) in plan_graph
    assert (total, RDF.type, IGEL.BudgetObservation) not in plan_graph
    assert plan_graph.value(total, IGEL.currency) == Literal("CHF")
    return total, plan_graph.value(total, IGEL.amount).toPython()


def test_stated_totals_are_what_the_source_prints(plan_graph):
    for year, thousands in YEAR_TOTALS.items():
        total, amount = _stated(plan_graph, "year", str(year))
        assert plan_graph.value(total, IGEL.totalKind) == Literal("year")
        assert plan_graph.value(total, IGEL.year).toPython() == year
        assert amount == chf(thousands)
    for key, (_label, _cells, thousands) in TABLE.items():
        total, amount = _stated(plan_graph, "line", key)
        assert plan_graph.value(total, IGEL.totalKind) == Literal("line")
        assert plan_graph.value(total, IGEL.budgetLine) == line(key)
        assert amount == chf(thousands)
    total, amount = _stated(plan_graph, "overall")
    assert plan_graph.value(total, IGEL.totalKind) == Literal("overall")
    assert amount == chf(OVERALL)
    assert len(set(plan_graph.subjects(RDF.type, IGEL.StatedTotal))) == 6 + 6 + 1


TOTALS_QUERY = """
PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?kind ?key (SUM(?amount) AS ?sum) WHERE {
  VALUES ?kind { "year" "line" "overall" }
  ?obs a igel:BudgetObservation ; qb:dataSet ?ds ; igel:budgetLine ?line ;
       igel:year ?year ; igel:amount ?amount .
  BIND(IF(?kind = "year", STR(?year), IF(?kind = "line", STR(?line), "")) AS ?key)
} GROUP BY ?kind ?key
"""


def test_totals_recomputed_from_the_cells_equal_the_stated_totals(plan_graph):
    """Sums over the observations (SPARQL) against the igel:StatedTotal amounts."""
    sums = {(str(r.kind), str(r.key)): r.sum.toPython() for r in plan_graph.query(TOTALS_QUERY)}
    for (kind, key), amount in sums.items():
        if kind == "year":
            total = resource(*PLAN, "budget", "total", "year", key)
        elif kind == "line":
            total = resource(*PLAN, "budget", "total", "line", key.rsplit("/", 1)[1])
        else:
            total = resource(*PLAN, "budget", "total", "overall")
        assert plan_graph.value(total, IGEL.amount).toPython() == amount, (kind, key)
    assert sums[("overall", "")] == Decimal("11100000")  # 11'100 thousand CHF
    assert len(sums) == 6 + 6 + 1


def test_data_set_says_thousands_and_years(plan_graph):
    descriptions = " ".join(str(d) for d in plan_graph.objects(BUDGET, DCTERMS.description))
    assert "Tausend Franken" in descriptions and "2025–2030" in descriptions
    assert "thousand Swiss francs" in descriptions
    assert plan_graph.value(resource(*PLAN), IGEL.budgetDataSet) == BUDGET
