"""The analysis as of a day: the store's analysis (:func:`igel_graph.readmodel.analysis_of`)
with its four slippage kinds (:mod:`.slippage`) computed from the monitoring facts of that
day (:func:`igel_graph.monitoring.asof.monitoring_as_of`) instead of those of the day the
analysis ran. Every other finding, metric and figure is the analysis's own: the plan's
structure does not depend on the day.

The gap report (``/gaps?as_of=``) and the findings API (``/api/analysis/findings?as_of=``)
read it; both are cached per store state and day (:func:`igel_graph.cache.cached`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

from ..cache import cached
from ..monitoring.asof import monitoring_as_of
from .facts import PlanFacts, load_facts
from .findings import SEVERITIES, Finding
from .run import AnalysisResult, Context, rank_and_limit

__all__ = ["SLIPPAGE_KINDS", "slippage_as_of", "analysis_as_of"]

#: the finding kinds that read the monitoring data, and so depend on the day
SLIPPAGE_KINDS = ("late-start", "started-before-prerequisite", "indicator-moving-away", "payments-lagging")


def _facts(store) -> PlanFacts:
    """The plan's facts (all statements), read once per store state."""
    return cached(store, ("plan-facts", "all"), lambda: load_facts(store, "all"))


def _compute(store, day: dt.date) -> list[Finding]:
    from . import kinds

    # a shallow copy shares the plan's data and caches but reads the monitoring of ``day``
    # (slippage.monitoring_of takes what the facts hold under "_monitoring")
    facts = copy.copy(_facts(store))
    facts.__dict__["_monitoring"] = monitoring_as_of(store, day)
    ctx = Context(facts)
    found: list[Finding] = []
    for key in SLIPPAGE_KINDS:
        found += kinds.kind(key).detect(ctx)
    # the ranking, limit and provenance of igel_graph.analysis.run.analyse
    kept, _ = rank_and_limit(found)
    for f in kept:
        f.statements = [facts.with_passage(st) for st in f.statements] or facts.passage_statements(f.subject)
    return kept


def slippage_as_of(store, day: dt.date) -> list[Finding]:
    """The slippage findings of ``store`` as of ``day`` (what was reported and recorded by
    then), ranked as the analysis ranks findings; computed once per store state and day."""
    return cached(store, ("slippage-findings", day.isoformat()), lambda: _compute(store, day))


def analysis_as_of(store, day: dt.date) -> AnalysisResult:
    """The analysis of all statements (:func:`igel_graph.readmodel.analysis_of`) whose
    slippage findings are those of ``day``; the other findings are unchanged, all are
    ranked by severity, kind and score as in the analysis. Cached per store state and day."""

    def compute() -> AnalysisResult:
        from ..readmodel import analysis_of

        base = analysis_of(store, "all")
        if not base.findings and not any(base.metrics.values()):
            return base  # no plan: nothing is late
        slip = slippage_as_of(store, day)
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        findings = sorted(
            [f for f in base.findings if f.kind not in SLIPPAGE_KINDS] + slip,
            key=lambda f: (rank[f.severity], f.kind, -(f.score or 0), f.iri),
        )
        counts = {k: v for k, v in base.finding_counts.items() if k not in SLIPPAGE_KINDS}
        for f in slip:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        labels = dict(base.labels)
        for f in slip:
            for iri in f.evidence:
                if iri not in labels:
                    labels[iri] = {"de": _facts(store).label(iri, "de"), "en": _facts(store).label(iri, "en")}
        return dataclasses.replace(base, findings=findings, finding_counts=counts, labels=labels)

    return cached(store, ("analysis-as-of", day.isoformat()), compute)
