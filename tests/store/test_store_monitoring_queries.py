"""The monitoring queries (issue 14) on the example monitoring data, at three days, on all
three backends: rdflib in memory, embedded Oxigraph and Virtuoso.

Every expected value is read off the example files by hand
(ontology/examples/monitoring/*.csv; the dates below are those of their rows) and off the
financing table of the action plan (section 3) for the planned amounts.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from igel_graph.queries import get_query
from tests.store.backends import make_store

DAYS = ("2026-03-31", "2026-06-30", "2026-10-31")

# status.csv: the latest row per measure dated on or before each day ("-": none yet)
STATUS = {
    "2026-03-31": "completed started started - on-track on-track planned planned started planned on-track - - planned planned",
    "2026-06-30": "completed on-track started - on-track on-track started delayed started planned on-track started started planned planned",
    "2026-10-31": "completed on-track delayed started on-track on-track started delayed on-track planned on-track started suspended planned planned",
}
NUMBERS = "1.1.1 1.1.2 1.1.3 1.1.4 1.2.1 1.2.2 1.2.3 2.1.1 2.1.2 2.2.1 3.1.1 3.1.2 3.1.3 4.1.1 4.1.2".split()


@pytest.fixture(scope="module", params=["memory", "oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path_factory):
    """The real graph with the example monitoring set, built into one backend."""
    from igel_graph.build import build_graph

    s = make_store(request.param, tmp_path_factory.mktemp("monitoring-q"), request)
    build_graph(s, reason=False, validate=False, analyse=False)
    yield s
    if request.param == "virtuoso":
        for g in list(s.graphs()):
            s.drop_graph(g)
    s.close()


def _rows(store, name: str, **params) -> list[dict]:
    result = get_query(name).run(store, params)
    return [{k: (v.toPython() if isinstance(v, Literal) else v) for k, v in d.items()} for d in result.dicts()]


@pytest.mark.parametrize("day", DAYS)
def test_measure_status_as_of(store, day):
    rows = _rows(store, "measure-status", as_of=day, plan="id:plan/igel-2026-2030")
    got = {str(r["number"]): str(r.get("statusCode") or "-") for r in rows}
    assert got == dict(zip(NUMBERS, STATUS[day].split()))
    first = {str(r["number"]): r.get("startedOn") for r in rows}
    # 1.2.3: planned for Q1 2026, first reported started on 10 May 2026
    assert (first["1.2.3"] is None) == (day == "2026-03-31")
    if day != "2026-03-31":
        assert first["1.2.3"].date().isoformat() == "2026-05-10"


def test_measure_status_without_as_of_sees_the_last_report(store):
    rows = _rows(store, "measure-status", lang="en")
    got = {str(r["number"]): (str(r.get("statusCode")), str(r.get("statusLabel"))) for r in rows}
    # status.csv: 4.1.2 dropped on 2026-11-15, after the three days above
    assert got["4.1.2"] == ("dropped", "dropped")
    assert got["2.1.1"] == ("delayed", "delayed")
    assert all(bool(r["example"]) for r in rows if r.get("report"))


# indicators.csv / observations.csv: health centres (2.1/3) baseline 2, target 8; values 5 on
# 2026-06-30 and 4 on 2026-10-31
HEALTH_CENTRES = {"2026-03-31": None, "2026-06-30": Decimal(5), "2026-10-31": Decimal(4)}


@pytest.mark.parametrize("day", DAYS)
def test_indicator_progress_as_of(store, day):
    rows = _rows(store, "indicator-progress", as_of=day)
    assert len(rows) == 14  # one indicator per evaluation criterion
    row = next(r for r in rows if (str(r["goalNumber"]), str(r["criterionNumber"])) == ("2.1", "3"))
    assert Decimal(str(row["baseline"])) == 2 and Decimal(str(row["target"])) == 8
    expected = HEALTH_CENTRES[day]
    if expected is None:
        assert row.get("latest") is None
    else:
        assert Decimal(str(row["latest"])) == expected
        # (latest - baseline) / (target - baseline): 3/6 and 2/6
        assert float(row["progress"]) == pytest.approx(float((expected - 2) / 6), abs=1e-4)  # 4 places


# spending.csv: line forum-umsetzung, 2026 (planned 400'000 in the financing table)
FORUM_2026 = {"2026-03-31": None, "2026-06-30": (150000, 20000), "2026-10-31": (200000, 60000)}


@pytest.mark.parametrize("day", DAYS)
def test_spending_vs_plan_as_of(store, day):
    rows = _rows(store, "spending-vs-plan", as_of=day, plan="id:plan/igel-2026-2030")
    assert len(rows) == 27  # the financing table has 27 non-empty cells
    row = next(r for r in rows if str(r["line"]).endswith("/forum-umsetzung") and int(r["year"]) == 2026)
    assert Decimal(str(row["planned"])) == 400000
    expected = FORUM_2026[day]
    if expected is None:
        assert row.get("paid") is None
    else:
        assert (Decimal(str(row["committed"])), Decimal(str(row["paid"]))) == tuple(map(Decimal, expected))
        assert float(row["paidShare"]) == pytest.approx(expected[1] / 400000)


DIFFS = {
    ("2026-03-31", "2026-06-30"): {
        ("status", "1.1.2"): ("started", "on-track", "changed"),
        ("status", "1.2.3"): ("planned", "started", "started"),
        ("status", "2.1.1"): ("planned", "delayed", "slipped"),
        ("status", "3.1.2"): (None, "started", "started"),
        ("status", "3.1.3"): (None, "started", "started"),
        ("indicator", "1.1/1"): (0, 2, "toward"),
        ("indicator", "2.1/3"): (2, 5, "toward"),
        ("indicator", "3.1/2"): (40, 44, "toward"),
        ("spending", "foerderprogramm-mitfinanzierung 2026"): (0, 250000, "paid"),
        ("spending", "forum-konzipierung 2026"): (0, 40000, "paid"),
        ("spending", "forum-umsetzung 2026"): (0, 20000, "paid"),
    },
    ("2026-06-30", "2026-10-31"): {
        ("status", "1.1.3"): ("started", "delayed", "slipped"),
        ("status", "1.1.4"): (None, "started", "started"),
        ("status", "2.1.2"): ("started", "on-track", "changed"),
        ("status", "3.1.3"): ("started", "suspended", "slipped"),
        ("indicator", "2.1/3"): (5, 4, "away"),
        ("indicator", "3.1/2"): (44, 47, "toward"),
        ("indicator", "4.1/3"): (48, 46, "away"),
        ("spending", "epd-kampagne 2026"): (0, 45000, "paid"),
        ("spending", "foerderprogramm-mitfinanzierung 2026"): (250000, 800000, "paid"),
        ("spending", "forum-konzipierung 2026"): (40000, 70000, "paid"),
        ("spending", "forum-umsetzung 2026"): (20000, 60000, "paid"),
    },
}


@pytest.mark.parametrize("span", list(DIFFS), ids=lambda s: f"{s[0]}..{s[1]}")
def test_plan_diff(store, span):
    rows = _rows(store, "plan-diff", **{"from": span[0], "to": span[1]})
    got = {}
    for r in rows:
        if r["kind"] == "status":
            got[(r["kind"], str(r["code"]))] = (r.get("before"), r.get("after"), r["change"])
        else:
            before, after = (int(Decimal(str(r[k]))) for k in ("valueBefore", "valueAfter"))
            got[(r["kind"], str(r["code"]))] = (before, after, r["change"])
    got = {k: tuple(str(x) if isinstance(x, str) else x for x in v) for k, v in got.items()}
    assert got == DIFFS[span]
