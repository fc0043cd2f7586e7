"""Slippage findings: the plan's schedule, indicators and money against what is reported.

Four detectors of the finding registry read the monitoring graphs (status reports,
indicator values, spending; :mod:`igel_graph.monitoring.facts`) as of the day of the
analysis (today), next to the plan's own schedule and dependencies:

* ``late-start``: a measure not started by the end of its planned quarter (or started
  only after it);
* ``started-before-prerequisite``: a measure reported started while a measure it depends
  on was not yet reported completed;
* ``indicator-moving-away``: an indicator whose latest value moved away from its target
  (compared with the value before, or the baseline);
* ``payments-lagging``: a budget cell of a year under way or past whose paid share lags
  the share of the year gone by (see :func:`lag`).

Only the analysis of ``all`` statements reads them (monitoring is neither source nor
interpretation). Findings about example data say so in their title.
"""

from __future__ import annotations

import datetime as dt

from ..monitoring.facts import STARTED, MonitoringFacts, load_monitoring
from .gaps import name
from .kinds import make

__all__ = [
    "monitoring_of",
    "late_starts",
    "started_before_prerequisite",
    "indicators_moving_away",
    "payments_lagging",
    "lag",
]

_EXAMPLE = {"de": "Beispieldaten: ", "en": "Example data: "}
_NONE = {"de": "", "en": ""}


def monitoring_of(facts) -> MonitoringFacts | None:
    """The monitoring data read with ``facts`` (once per facts; None when the facts were
    not read from a store or read only the sources)."""
    cached = facts.__dict__.get("_monitoring")
    if cached is not None or "_monitoring" in facts.__dict__:
        return cached
    source = facts.__dict__.get("_source")
    result = None
    if source is not None and facts.statements == "all":
        result = load_monitoring(source[0])
    facts.__dict__["_monitoring"] = result
    return result


def _quarter_end(facts, measure: str) -> dt.date | None:
    """The first day after the measure's planned start quarter (None: no quarter)."""
    order = facts.start_order(measure)
    if order is None or order == float("-inf"):
        return None
    year, q = divmod(int(order), 4)
    return dt.date(year + 1, 1, 1) if q == 3 else dt.date(year, 3 * (q + 1) + 1, 1)


def _quarter_text(facts, measure: str) -> str:
    year, q = divmod(int(facts.start_order(measure)), 4)
    return f"Q{q + 1} {year}"


def _prefix(mon: MonitoringFacts, *iris: str) -> dict:
    return _EXAMPLE if any(mon.is_example(i) for i in iris) else _NONE


def late_starts(ctx) -> list:
    """Measures whose planned quarter has ended without a reported start, or that were
    reported started only after it. High: not started and the quarter ended more than 90
    days ago; medium: not started; low: started late. Dropped measures are left out."""
    facts = ctx.facts
    mon = monitoring_of(facts)
    if mon is None:
        return []
    out = []
    for m in sorted(facts.measures()):
        end = _quarter_end(facts, m)
        if end is None or end > mon.as_of:
            continue
        latest = mon.latest(m)
        if latest is None or latest.code == "dropped":
            continue
        start = mon.first(m, STARTED)
        late_by = (mon.as_of - end).days if start is None else (start.since - end).days
        if start is not None and start.since < end:
            continue
        severity = "low" if start is not None else ("high" if late_by > 90 else "medium")
        state = (
            {"de": f"gestartet am {start.since.isoformat()}", "en": f"started on {start.since.isoformat()}"}
            if start
            else {
                "de": f"Stand {latest.code} seit {latest.since.isoformat()}",
                "en": f"status {latest.code} since {latest.since.isoformat()}",
            }
        )
        evidence = [latest.iri] + ([start.iri] if start and start.iri != latest.iri else [])
        out.append(
            make(
                "late-start",
                severity,
                m,
                {
                    "example": _prefix(mon, latest.iri),
                    "measure": name(facts, m),
                    "quarter": _quarter_text(facts, m),
                    "state": state,
                    "days": str(late_by),
                    "asof": mon.as_of.isoformat(),
                },
                evidence,
                score=float(late_by),
            )
        )
    return out


def started_before_prerequisite(ctx) -> list:
    """Measures reported started while a measure they depend on was not yet reported
    completed (high): one finding per dependent measure."""
    facts = ctx.facts
    mon = monitoring_of(facts)
    if mon is None:
        return []
    out = []
    for m in sorted(facts.measures()):
        start = mon.first(m, STARTED)
        if start is None:
            continue
        open_ = []
        for _, pre in sorted(p for p in facts.pairs("dependsOn") if p[0] == m):
            done = mon.first(pre, {"completed"})
            if done is None or done.since > start.since:
                open_.append((pre, done))
        if not open_:
            continue
        pres = [p for p, _ in open_]
        pre_text = {
            lang: ", ".join(
                facts.name(p, lang)
                + (
                    (
                        f" (abgeschlossen am {d.since.isoformat()})"
                        if lang == "de"
                        else f" (completed on {d.since.isoformat()})"
                    )
                    if d
                    else (" (nicht abgeschlossen)" if lang == "de" else " (not completed)")
                )
                for p, d in open_
            )
            for lang in ("de", "en")
        }
        evidence = [start.iri, *pres] + [r.iri for p in pres if (r := mon.latest(p)) is not None]
        out.append(
            make(
                "started-before-prerequisite",
                "high",
                m,
                {
                    "example": _prefix(mon, start.iri),
                    "measure": name(facts, m),
                    "prereqs": {lang: ", ".join(facts.name(p, lang) for p in pres) for lang in ("de", "en")},
                    "prereqs_state": pre_text,
                    "started": start.since.isoformat(),
                },
                evidence,
            )
        )
    return out


def indicators_moving_away(ctx) -> list:
    """Indicators whose latest value lies farther from the target than the value before
    it (or the baseline): medium; high when it is also on the wrong side of the baseline."""
    facts = ctx.facts
    mon = monitoring_of(facts)
    if mon is None:
        return []
    out = []
    for iri, ind in sorted(mon.indicators.items()):
        values = mon.values_of(iri)
        if not values:
            continue
        last = values[-1]
        before = values[-2].value if len(values) > 1 else ind.baseline
        sign = 1 if ind.direction == "up" else -1
        if sign * (last.value - before) >= 0:
            continue
        severity = "high" if sign * (last.value - ind.baseline) < 0 else "medium"
        label = {lang: facts.label(iri, lang) for lang in ("de", "en")}
        evidence = [last.iri] + ([values[-2].iri] if len(values) > 1 else []) + [ind.criterion]
        out.append(
            make(
                "indicator-moving-away",
                severity,
                iri,
                {
                    "example": _prefix(mon, iri),
                    "indicator": label,
                    "before": _num(before),
                    "after": _num(last.value),
                    "date": last.at.isoformat(),
                    "baseline": _num(ind.baseline),
                    "target": _num(ind.target),
                    "target_date": ind.target_date.isoformat(),
                    "unit": ind.unit,
                },
                evidence,
                score=abs(last.value - before),
            )
        )
    return out


def lag(paid: float, planned: float, year: int, as_of: dt.date) -> tuple[bool, float]:
    """Whether a budget cell's payments lag its plan as of ``as_of``, and the share of
    the year gone by.

    The rule: once half of the year has passed, the share paid must be at least half the
    share of the year gone by (a year that has ended counts as wholly gone by).

    >>> lag(60000, 400000, 2026, dt.date(2026, 12, 7))[0]   # 15 % paid, 93 % of the year gone
    True
    >>> lag(800000, 1000000, 2026, dt.date(2026, 12, 7))[0]
    False
    >>> lag(0, 50000, 2026, dt.date(2026, 6, 1))[0]          # under half the year gone: no judgement
    False
    """
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    gone = min(max((as_of - start).days / days, 0.0), 1.0)
    if gone < 0.5 or planned <= 0:
        return False, gone
    return paid / planned < gone / 2, gone


def payments_lagging(ctx) -> list:
    """Budget cells whose reported payments lag the plan (:func:`lag`). Medium; high
    when the year has ended with less than half paid. Cells without any spending report
    are left out: no report is not a lag."""
    facts = ctx.facts
    mon = monitoring_of(facts)
    if mon is None:
        return []
    out = []
    for cell, (line, year, planned) in sorted(mon.planned.items()):
        spent = mon.spending_of(line, year)
        if spent is None:
            continue
        lagging, gone = lag(spent.paid, planned, year, mon.as_of)
        if not lagging:
            continue
        severity = "high" if gone >= 1.0 else "medium"
        line_name = {lang: mon.line_labels.get(line, {}).get(lang) or facts.name(line, lang) for lang in ("de", "en")}
        out.append(
            make(
                "payments-lagging",
                severity,
                cell,
                {
                    "example": _prefix(mon, spent.iri),
                    "line": line_name,
                    "year": str(year),
                    "paid": _num(spent.paid),
                    "planned": _num(planned),
                    "share": f"{spent.paid / planned:.0%}",
                    "gone": f"{gone:.0%}",
                    "date": spent.on.isoformat(),
                },
                [spent.iri, line],
                score=gone - spent.paid / planned,
            )
        )
    return out


def _num(value: float) -> str:
    """A number as a person writes it: 60'000, 4, 46.5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "'")
    return f"{value:,.2f}".replace(",", "'")
