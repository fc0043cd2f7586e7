"""``money-per-field-goal`` on a small plan whose budget lines fund several targets: each
cell counts once in a field or goal row, and in full in each measure row it funds; the same
on every backend.

The plan (FIXTURE below, numbers and amounts made up for the test): action field 1 with
goals 1.1 (measures 1.1.1, 1.1.2) and 1.2 (measure 1.2.1).

=======  =============================  ======  ======  ======
line     funds                          2025    2026    2027
=======  =============================  ======  ======  ======
two      measures 1.1.1 and 1.1.2       100     200
one      measure 1.2.1                  50
both     goal 1.2 and measure 1.2.1                     1000
none     (nothing)                              10
=======  =============================  ======  ======  ======

All cells: 100 + 200 + 50 + 1000 + 10 = 1360.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from igel_graph.namespaces import GRAPH_BASE
from igel_graph.queries import get_query

FIXTURE = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix t: <https://w3id.org/igel/id/plan/t/> .

t:plan igel:budgetDataSet t:budget .
t:field a igel:ActionField ; igel:number "1" ; dcterms:title "Feld"@de , "Field"@en .
t:g1 a igel:Goal ; igel:number "1.1" ; igel:inActionField t:field ;
    dcterms:title "Ziel 1.1"@de , "Goal 1.1"@en .
t:g2 a igel:Goal ; igel:number "1.2" ; igel:inActionField t:field ;
    dcterms:title "Ziel 1.2"@de , "Goal 1.2"@en .
t:m1 a igel:Measure ; igel:number "1.1.1" ; igel:contributesTo t:g1 ;
    dcterms:title "Massnahme 1.1.1"@de , "Measure 1.1.1"@en .
t:m2 a igel:Measure ; igel:number "1.1.2" ; igel:contributesTo t:g1 ;
    dcterms:title "Massnahme 1.1.2"@de , "Measure 1.1.2"@en .
t:m3 a igel:Measure ; igel:number "1.2.1" ; igel:contributesTo t:g2 ;
    dcterms:title "Massnahme 1.2.1"@de , "Measure 1.2.1"@en .

t:two igel:funds t:m1 , t:m2 .
t:one igel:funds t:m3 .
t:both igel:funds t:g2 , t:m3 .

t:two-2025 a igel:BudgetObservation ; qb:dataSet t:budget ; igel:budgetLine t:two ;
    igel:year 2025 ; igel:amount 100.0 ; igel:currency "CHF" .
t:two-2026 a igel:BudgetObservation ; qb:dataSet t:budget ; igel:budgetLine t:two ;
    igel:year 2026 ; igel:amount 200.0 ; igel:currency "CHF" .
t:one-2025 a igel:BudgetObservation ; qb:dataSet t:budget ; igel:budgetLine t:one ;
    igel:year 2025 ; igel:amount 50.0 ; igel:currency "CHF" .
t:both-2027 a igel:BudgetObservation ; qb:dataSet t:budget ; igel:budgetLine t:both ;
    igel:year 2027 ; igel:amount 1000.0 ; igel:currency "CHF" .
t:none-2026 a igel:BudgetObservation ; qb:dataSet t:budget ; igel:budgetLine t:none ;
    igel:year 2026 ; igel:amount 10.0 ; igel:currency "CHF" .
"""

# (level, number) -> (2025, 2026, 2027), by hand from the table in the module docstring
EXPECTED = {
    # lines two, one and both, each cell once: 100 + 50 | 200 | 1000
    ("field", "1"): (150, 200, 1000),
    # line two once, though it funds two measures of 1.1 (not 200 | 400)
    ("goal", "1.1"): (100, 200, 0),
    # lines one and both; both funds 1.2 itself and its measure 1.2.1 and counts once
    ("goal", "1.2"): (50, 0, 1000),
    # a measure row holds the whole line for each measure the line funds
    ("measure", "1.1.1"): (100, 200, 0),
    ("measure", "1.1.2"): (100, 200, 0),
    ("measure", "1.2.1"): (50, 0, 1000),
    ("not allocated", None): (0, 10, 0),
}


@pytest.fixture
def store(any_store):
    """The fixture plan in an empty store of each backend (rdflib memory, Oxigraph, Virtuoso)."""
    any_store.load(FIXTURE, URIRef(GRAPH_BASE + "test/money"), format="turtle")
    return any_store


def _money(store, **params: str) -> dict:
    result = get_query("money-per-field-goal").run(store, params)
    out = {}
    for d in result.dicts():
        row = {k: (v.toPython() if isinstance(v, Literal) else v) for k, v in d.items()}
        number = {"field": row.get("fieldNumber"), "goal": row.get("goalNumber"), "measure": row.get("measureNumber")}
        key = (row["level"], number.get(row["level"]))
        assert key not in out, key  # one row per field, goal and measure
        out[key] = row
    return out


def test_field_and_goal_rows_count_each_cell_once_and_measure_rows_the_whole_line(store):
    got = _money(store, plan="id:plan/t/plan", lang="en")
    assert set(got) == set(EXPECTED)
    for key, years in EXPECTED.items():
        row = got[key]
        assert (row["y2025"], row["y2026"], row["y2027"]) == tuple(Decimal(y) for y in years), key
        assert (row["y2028"], row["y2029"], row["y2030"]) == (0, 0, 0), key
        assert row["total"] == Decimal(sum(years)), key
        assert row["currency"] == "CHF"
    assert got[("goal", "1.1")]["goalTitle"] == "Goal 1.1" and got[("goal", "1.1")]["measure"] is None


def test_field_rows_plus_not_allocated_add_up_to_the_cells(store):
    # 1360 = every cell of the table once (module docstring); the measure rows add up to
    # more (300 + 300 + 1050 = 1650): line "two" counts for both its measures.
    got = _money(store)  # every plan (the one there is), titles in German (the default)
    for level in ("field", "goal"):
        chosen = [r for (lvl, _), r in got.items() if lvl in (level, "not allocated")]
        assert sum(r["total"] for r in chosen) == Decimal(1360), level
    assert sum(r["total"] for (lvl, _), r in got.items() if lvl == "measure") == Decimal(1650)
    assert got[("measure", "1.2.1")]["measureTitle"] == "Massnahme 1.2.1"
