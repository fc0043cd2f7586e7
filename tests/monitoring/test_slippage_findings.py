"""Slippage findings (issue 14) on the example monitoring data, through the finding
registry, as of fixed days; and in the gap report of the built store with their evidence.

Expected findings are read off ontology/examples/monitoring/*.csv by hand, with the
planned quarters of the action plan (section 2) and the curated dependencies
(1.1.4 on 1.1.3, 1.1.3 on 1.1.1).
"""

from __future__ import annotations

import datetime as dt

from igel_graph.analysis.facts import load_facts
from igel_graph.analysis.run import Context
from igel_graph.analysis.slippage import (
    indicators_moving_away,
    late_starts,
    payments_lagging,
    started_before_prerequisite,
)
from igel_graph.monitoring.facts import load_monitoring
from igel_graph.namespaces import Graphs, resource

M = "plan/igel-2026-2030/measure/"
EX = "example/monitoring/igel-2026-2030/"


def _ctx(store, day: dt.date) -> Context:
    facts = load_facts(store, "all")
    facts.__dict__["_monitoring"] = load_monitoring(store, as_of=day)
    return Context(facts)


def _subjects(findings) -> dict[str, str]:
    return {str(f.subject).split("/id/", 1)[1]: f.severity for f in findings}


def test_late_starts(built_store):
    # 30 June 2026: 2.1.1 (Q1 2026) only "planned"/"delayed" -> not started, 90 days after
    # the quarter's end (1 April): medium; 1.2.3 started 10 May, after Q1: low
    ctx = _ctx(built_store, dt.date(2026, 6, 30))
    assert _subjects(late_starts(ctx)) == {M + "2.1.1": "medium", M + "1.2.3": "low"}
    # 15 April 2026: 1.2.3 not started yet either
    ctx = _ctx(built_store, dt.date(2026, 4, 15))
    assert _subjects(late_starts(ctx)) == {M + "2.1.1": "medium", M + "1.2.3": "medium"}
    # 31 October: 2.1.1 more than 90 days overdue -> high
    ctx = _ctx(built_store, dt.date(2026, 10, 31))
    assert _subjects(late_starts(ctx))[M + "2.1.1"] == "high"


def test_started_before_prerequisite(built_store):
    ctx = _ctx(built_store, dt.date(2026, 10, 31))
    found = started_before_prerequisite(ctx)
    # 1.1.4 started 1 Sep 2026, 1.1.3 not completed; 1.1.3 started 1 Feb 2026, 1.1.1
    # completed only on 31 March 2026
    assert _subjects(found) == {M + "1.1.4": "high", M + "1.1.3": "high"}
    f = next(f for f in found if f.subject.endswith("1.1.4"))
    assert str(resource(*(M + "1.1.3").split("/"))) in f.evidence
    assert f.title["en"].startswith("Example data: ")
    # before 1 September, 1.1.4 had not started
    ctx = _ctx(built_store, dt.date(2026, 8, 31))
    assert set(_subjects(started_before_prerequisite(ctx))) == {M + "1.1.3"}


def test_indicator_moving_away(built_store):
    # health centres 5 (30 June) -> 4 (31 Oct), target 8: away, still above the baseline 2;
    # health literacy 46 (30 Sep) below its baseline 48
    ctx = _ctx(built_store, dt.date(2026, 10, 31))
    assert _subjects(indicators_moving_away(ctx)) == {EX + "indicator/2.1-3": "medium", EX + "indicator/4.1-3": "high"}
    ctx = _ctx(built_store, dt.date(2026, 7, 31))
    assert _subjects(indicators_moving_away(ctx)) == {}


def test_payments_lagging(built_store):
    # 31 October 2026 (83 % of the year): forum-umsetzung 60'000 of 400'000 = 15 % < 41.5 %
    ctx = _ctx(built_store, dt.date(2026, 10, 31))
    found = payments_lagging(ctx)
    cell = "plan/igel-2026-2030/budget/line/forum-umsetzung/2026"
    assert _subjects(found) == {cell: "medium"}
    assert "60'000" in found[0].explanation["de"] and "400'000" in found[0].explanation["de"]
    # 1 August 2026 (212/365 = 58 % of the year gone, so under 29 % paid lags), reports of
    # 30 June: forum-umsetzung 5 %, epd-kampagne 0 %, foerderprogramm-mitfinanzierung 25 %
    # lag; forum-konzipierung 40 % does not
    line = "plan/igel-2026-2030/budget/line/"
    ctx = _ctx(built_store, dt.date(2026, 8, 1))
    assert set(_subjects(payments_lagging(ctx))) == {
        cell,
        line + "epd-kampagne/2026",
        line + "foerderprogramm-mitfinanzierung/2026",
    }
    # 1 July 2026: 181/365 of the year gone, under half: no judgement yet
    ctx = _ctx(built_store, dt.date(2026, 7, 1))
    assert _subjects(payments_lagging(ctx)) == {}


def test_findings_are_in_the_gap_report_with_evidence(built_store):
    """The built store's analysis graph (run today, after the example dates) holds the
    four kinds, each with its evidence, and the gap report groups them."""
    from igel_graph.readmodel import analysis_of

    result = analysis_of(built_store)
    kinds = {f.kind for f in result.findings}
    assert {"late-start", "started-before-prerequisite", "indicator-moving-away", "payments-lagging"} <= kinds
    analysis = built_store.graph(Graphs.ANALYSIS)
    from igel_graph.namespaces import IGEL

    late = [f for f in result.findings if f.kind == "late-start"]
    assert any(f.subject.endswith("/measure/2.1.1") for f in late)
    for f in late:
        node = next(analysis.subjects(IGEL.subject, resource(*f.subject.split("/id/", 1)[1].split("/"))))
        assert len(set(analysis.objects(node, IGEL.evidence))) >= 2
