"""The named query plan-comparison on every backend (rdflib, Oxigraph, Virtuoso):
IGeL vs BW answers as the comparison view's query (coverage-comparison) does, and two
generated plans are compared as their workbooks say."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef

from igel_graph.namespaces import ID_BASE, resource
from tests.store.backends import make_store

IGEL_PLAN = resource("plan", "igel-2026-2030")
BW = resource("plan", "bw-modellprojekt")


def _generated(tmp_path, plan_id: str, seed: int):
    """A synthetic plan: its workbook tables and their RDF (read back from CSV files)."""
    from igel_graph.workbook.export import write_csv_folder
    from igel_graph.workbook.rdf import to_graph
    from igel_graph.workbook.reader import read_workbook
    from igel_graph.workbook.synthetic import synthetic_tables

    tables = synthetic_tables(plan_id, measures=25, seed=seed)
    folder = tmp_path / plan_id
    write_csv_folder(tables, folder)
    return tables, to_graph(read_workbook(folder), resource("plan", plan_id), version=1, version_label="1")


@pytest.fixture(scope="module", params=["memory", "oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path_factory):
    """The sources as they are (no reasoning) and two generated plans, in one backend."""
    from igel_graph.build import read_sources

    tmp = tmp_path_factory.mktemp("plan-comparison")
    s = make_store(request.param, tmp, request)
    for graph, (content, _) in read_sources().items():
        s.load(content, graph)
    s.tables = {}
    for plan_id, seed in (("gen-a", 1), ("gen-b", 2)):
        tables, graph = _generated(tmp, plan_id, seed)
        s.load(graph, URIRef(f"https://w3id.org/igel/graph/source/workbook/{plan_id}"))
        s.tables[plan_id] = tables
    yield s
    if request.param == "virtuoso":
        for g in list(s.graphs()):
            s.drop_graph(g)
    s.close()


def _rows(store, a, b):
    from igel_graph.queries import get_query

    rows = get_query("plan-comparison").run(store, {"a": a, "b": b, "lang": "en"}).dicts()
    return {(str(r["dimension"]), str(r["concept"])): r for r in rows}


def test_igel_vs_bw_as_the_comparison_view(store):
    from igel_graph.queries import get_query

    rows = _rows(store, IGEL_PLAN, BW)
    view = get_query("coverage-comparison").run(store, {"lang": "de"}).dicts()
    expected = {(str(r["dimension"]), str(r["concept"])): str(r["coveredBy"]) for r in view}
    got = {k: str(r["coveredBy"]) for k, r in rows.items() if k[0] in ("theme", "care sector")}
    assert got == expected and len(expected) == 8 + 6  # eight care sectors, six themes
    # who acts: the GSD (a public authority) leads IGeL measures, the Land BW funds the
    # project ("hat das Land Baden-Württemberg ... zur Verfügung gestellt"); three
    # universities accompany BW only ("drei universitäre Einrichtungen beauftragt")
    actor = {k[1].rsplit("#", 1)[1]: str(r["coveredBy"]) for k, r in rows.items() if k[0] == "actor type"}
    assert actor["PublicAuthority"] == "both"
    assert actor["ResearchInstitution"] == "B"
    assert actor["CareProvider"] == "A"  # the LERB, partner in 1.2.3
    # measure kinds are curated for IGeL measures; the model project has no measures
    kinds = {str(r["coveredBy"]) for k, r in rows.items() if k[0] == "measure kind"}
    assert kinds == {"A"}


def test_roles_held_in_measure_parts_count_for_the_plan(store):
    """IGeL 2.2.1 has two parts (igel:MeasurePart) with their own roles; the insurers act
    only in the first ("Das GSD prüft gemeinsam mit den Krankenversicherern und den LERB"),
    and no other IGeL measure names an insurer. So the plan covers the actor type Insurer
    in one measure (2.2.1), and BW in none."""
    rows = _rows(store, IGEL_PLAN, BW)
    insurer = rows[("actor type", "https://w3id.org/igel/ontology#Insurer")]
    assert str(insurer["coveredBy"]) == "A"
    assert int(str(insurer["partsA"])) == 1 and int(str(insurer["partsB"])) == 0


def test_two_generated_plans_as_their_workbooks_say(store):
    rows = _rows(store, resource("plan", "gen-a"), resource("plan", "gen-b"))

    def covered(plan_id):
        t = store.tables[plan_id]
        themes = {ID_BASE + "theme/" + r["theme"] for r in t["themes"]}
        kinds = {ID_BASE + "measure-kind/" + k for r in t["measures"] for k in r["kind"]}
        acting = {r["actor"] for r in t["roles"]}
        types = {"https://w3id.org/igel/ontology#" + a["type"] for a in t["actors"] if a["id"] in acting}
        return (
            {("theme", c) for c in themes} | {("measure kind", c) for c in kinds} | {("actor type", c) for c in types}
        )

    a, b = covered("gen-a"), covered("gen-b")
    for key, row in rows.items():
        if key[0] == "care sector":
            assert str(row["coveredBy"]) == "neither"
            continue
        in_a, in_b = key in a, key in b
        expected = "both" if in_a and in_b else "A" if in_a else "B" if in_b else "neither"
        assert str(row["coveredBy"]) == expected, key
    assert any(str(r["coveredBy"]) == "both" for r in rows.values())
    # parts: a theme's count is the number of measures naming it
    theme_counts = {}
    for r in store.tables["gen-a"]["themes"]:
        theme_counts[ID_BASE + "theme/" + r["theme"]] = theme_counts.get(ID_BASE + "theme/" + r["theme"], 0) + 1
    for concept, n in theme_counts.items():
        assert int(rows[("theme", concept)]["partsA"]) == n


# --------------------------------------------------------------------------- money shares


def _money(store, a, b):
    from igel_graph.queries import get_query

    return get_query("plan-money-shares").run(store, {"a": a, "b": b, "lang": "en"}).dicts()


def test_money_shares_of_igel_and_bw_as_the_sources_say(store):
    """IGeL: the financing table of section 3 ("Kosten in Tausend Franken", total 11'100)
    allocated by the curated igel:funds (ontology/data/curated.ttl): field 1 gets Forum
    IGeL Konzipierung 600 (1.1.3), Informationskampagne EPD 300 (1.2.2) and
    Digitalisierungsprojekte 1'100 (goal 1.2) = 2'000; field 2 the Förderprogramm's
    Konzipierung 100 and Mitfinanzierung 7'000 (2.1.2) = 7'100; "Umsetzung div.
    Massnahmen" 2'000 names nothing: not allocated. BW: "insgesamt eine Million Euro",
    not divided by the page."""
    rows = _money(store, IGEL_PLAN, BW)
    got = {(str(r["side"]), str(r["level"]), str(r["item"]).rsplit("/", 1)[-1] if r["item"] else None): r for r in rows}
    k = 1000
    expected = {
        # (side, level, item): (amount, percent of 11'100, percent of the allocated 9'100)
        ("A", "field", "1"): (2000 * k, "18", "22"),  # 2000/11100 = 18.0 %, 2000/9100 = 22.0 %
        ("A", "field", "2"): (7100 * k, "64", "78"),  # 7100/11100 = 64.0 %, 7100/9100 = 78.0 %
        ("A", "theme", "digitalisierung"): (2000 * k, "18", "22"),  # 1.1.3, 1.2.2, goal 1.2
        ("A", "theme", "finanzierung"): (7100 * k, "64", "78"),  # 2.1.2
        ("A", "theme", "interprofessionelle-zusammenarbeit"): (7100 * k, "64", "78"),  # 2.1.2
        ("A", "not allocated", None): (2000 * k, "18", None),
        ("B", "not allocated", None): (1000 * k, "100", None),
    }
    assert set(got) == set(expected)
    for key, (amount, percent, of_allocated) in expected.items():
        r = got[key]
        assert Decimal(str(r["amount"])) == amount, key
        assert Decimal(str(r["percent"])) == Decimal(percent), key
        assert (None if r["percentOfAllocated"] is None else Decimal(str(r["percentOfAllocated"]))) == (
            None if of_allocated is None else Decimal(of_allocated)
        ), key
    assert {str(r["currency"]) for r in rows if str(r["side"]) == "A"} == {"CHF"}
    assert {str(r["currency"]) for r in rows if str(r["side"]) == "B"} == {"EUR"}
    igel = [r for r in rows if str(r["side"]) == "A"]
    assert {Decimal(str(r["total"])) for r in igel} == {Decimal(11100 * k)}
    assert {Decimal(str(r["allocated"])) for r in igel} == {Decimal(9100 * k)}
    # the field rows plus the rest give the table's total
    assert sum(Decimal(str(r["amount"])) for r in igel if str(r["level"]) != "theme") == 11100 * k
    assert str(got[("A", "field", "1")]["itemLabel"]) == "1 Create favourable conditions for integrated care"


def test_money_shares_of_two_generated_plans_as_their_workbooks_say(store):
    """Each generated plan has one budget line per action field funding up to three of its
    measures (igel_graph/workbook/synthetic.py): a field gets its line, a theme the line's
    money in the share of the funded measures naming it."""
    rows = _money(store, resource("plan", "gen-a"), resource("plan", "gen-b"))
    for side, plan_id in (("A", "gen-a"), ("B", "gen-b")):
        t = store.tables[plan_id]
        lines: dict[str, Decimal] = {}
        funds: dict[str, list[str]] = {}
        for r in t["budget"]:
            lines[r["line"]] = lines.get(r["line"], Decimal(0)) + r["amount"]
            funds.setdefault(r["line"], []).extend(f.split(" ", 1)[1] for f in r["funds"] or [])
        total = sum(lines.values())
        themes_of: dict[str, set[str]] = {}
        for r in t["themes"]:
            themes_of.setdefault(r["item"].split(" ", 1)[1], set()).add(r["theme"])
        fields: dict[str, Decimal] = {}
        themes: dict[str, Decimal] = {}
        for line, amount in lines.items():
            funded = funds[line]
            if not funded:
                continue
            fields[line.split("-")[1]] = fields.get(line.split("-")[1], Decimal(0)) + amount
            for m in funded:
                for theme in themes_of.get(m, ()):
                    themes[theme] = themes.get(theme, Decimal(0)) + amount / len(funded)
        mine = [r for r in rows if str(r["side"]) == side]
        got_fields = {
            str(r["item"]).rsplit("/", 1)[-1]: Decimal(str(r["amount"])) for r in mine if str(r["level"]) == "field"
        }
        got_themes = {
            str(r["item"]).rsplit("/", 1)[-1]: Decimal(str(r["amount"])) for r in mine if str(r["level"]) == "theme"
        }
        assert got_fields == fields, plan_id
        assert set(got_themes) == set(themes), plan_id
        for theme, amount in themes.items():
            assert abs(got_themes[theme] - amount) < Decimal("0.01"), (plan_id, theme)
        (rest,) = [r for r in mine if str(r["level"]) == "not allocated"]
        assert Decimal(str(rest["amount"])) == total - sum(fields.values())
        assert {Decimal(str(r["total"])) for r in mine} == {total}
        for r in mine:
            expected = (Decimal(str(r["amount"])) * 1000 / total).quantize(Decimal(1), rounding="ROUND_HALF_UP") / 10
            assert abs(Decimal(str(r["percent"])) - expected) <= Decimal("0.1"), r
