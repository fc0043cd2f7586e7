"""The data of the monitoring dashboard (``/monitoring``): status counts per action field
and goal, planned against actual starts, indicators against baseline and target, and
planned/committed/paid per budget line and year — all as known on one day (``as_of``),
read through the named queries ``measure-status``, ``indicator-progress`` and
``spending-vs-plan``, and the implementation findings of the analysis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from igel_graph.analysis.asof import slippage_as_of
from igel_graph.monitoring.asof import monitoring_as_of
from igel_graph.monitoring.context import LIFE_ORDER
from igel_graph.readmodel import read_model

from ..palette import MONEY_COLOURS
from .data import run_query
from .findings import stored_findings
from .monitoring_charts import STATUS_COLOURS, grouped_bars, indicator_chart, starts_timeline
from .svg import stacked_bars

__all__ = ["dashboard", "form_choices"]

PLAN = "https://w3id.org/igel/id/plan/igel-2026-2030"
_T = {
    "none": {"de": "keine Meldung", "en": "no report"},
    "planned": {"de": "geplanter Start", "en": "planned start"},
    "started": {"de": "gemeldeter Start", "en": "reported start"},
    "baseline": {"de": "Ausgangswert", "en": "baseline"},
    "target": {"de": "Ziel", "en": "target"},
    "paid": {"de": "bezahlt", "en": "paid"},
    "committed": {"de": "verpflichtet", "en": "committed"},
    "plan": {"de": "geplant", "en": "planned"},
    "field": {"de": "Handlungsfeld", "en": "Action field"},
    "goal": {"de": "Ziel", "en": "Goal"},
}


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value is not None else None


def dashboard(store, lang: str, as_of: dt.date) -> dict:
    """Everything the dashboard shows for ``as_of``; see the module docstring."""
    t = {k: v[lang] for k, v in _T.items()}
    day = as_of.isoformat()
    model = read_model(store)
    status_rows = run_query(store, "measure-status", {"as_of": day, "plan": PLAN, "lang": lang})
    measures: list[dict[str, Any]] = []
    by_field: dict[str, Counter] = defaultdict(Counter)
    by_goal: dict[str, Counter] = defaultdict(Counter)
    example = False
    for r in status_rows:
        m = str(r["measure"])
        code = str(r["statusCode"]) if r.get("statusCode") is not None else "none"
        example = example or bool(r.get("example"))
        goal, fld = model.goal_of(m), model.field_of(m)
        # bars are labelled by number (the names are long and would overlap); the field
        # names stand in the table and the chart's <title>s
        if fld:
            by_field[f"{_T['field'][lang]} {model.numbers.get(fld, model.name(fld, lang))}"][code] += 1
        if goal:
            by_goal[f"{_T['goal'][lang]} {model.numbers.get(goal, model.name(goal, lang))}"][code] += 1
        measures.append(
            {
                "iri": m,
                "number": str(r["number"]),
                "name": model.name(m, lang),
                "status": code,
                "status_label": str(r["statusLabel"]) if r.get("statusLabel") is not None else t["none"],
                "since": _day(r.get("since")),
                "note": str(r["note"]) if r.get("note") is not None else "",
                "reporter": model.name(str(r["reporter"]), lang) if r.get("reporter") is not None else "",
                "planned": _day(r.get("plannedStart")),
                "planned_end": _day(r.get("plannedEnd")),
                "planned_label": str(
                    r.get("plannedStartLabel") or model.label(str(r.get("planStatus") or ""), lang) or ""
                ),
                "started": _day(r.get("startedOn")),
                "example": bool(r.get("example")),
            }
        )
    codes = [c for c in (*LIFE_ORDER, "none") if any(c in cnt for cnt in by_field.values())]
    names: dict[str, str] = {str(m["status"]): str(m["status_label"]) for m in measures}
    legend = [(names.get(c, c), STATUS_COLOURS[c]) for c in codes]
    counts_title = {"de": "Massnahmen nach Status je Handlungsfeld", "en": "Measures by status per action field"}[lang]
    fields = sorted(by_field)
    field_svg = stacked_bars(
        fields,
        {names.get(c, c): {f: float(by_field[f][c]) for f in fields} for c in codes},
        {names.get(c, c): STATUS_COLOURS[c] for c in codes},
        title=counts_title,
        height=260,
    )
    goals = sorted(by_goal)
    goal_svg = stacked_bars(
        goals,
        {names.get(c, c): {g: float(by_goal[g][c]) for g in goals} for c in codes},
        {names.get(c, c): STATUS_COLOURS[c] for c in codes},
        title={"de": "Massnahmen nach Status je Ziel", "en": "Measures by status per goal"}[lang],
        height=240,
    )
    timeline_svg = starts_timeline(
        measures,
        title={"de": "Geplante und gemeldete Starts", "en": "Planned and reported starts"}[lang],
        as_of=as_of,
        labels=t,
    )
    # indicators
    mon = monitoring_as_of(store, as_of)
    indicators: list[dict[str, Any]] = []
    for r in run_query(store, "indicator-progress", {"as_of": day, "lang": lang}):
        iri = str(r["indicator"])
        example = example or bool(r.get("example"))
        ind = mon.indicators.get(iri)
        points = [(o.at, o.value) for o in mon.values_of(iri)]
        item: dict[str, Any] = {
            "iri": iri,
            "criterion": str(r["criterion"]),
            "code": f"{r['goalNumber']}/{r['criterionNumber']}",
            "label": str(r.get("label") or iri.rsplit("/", 1)[-1]),
            "unit": str(r["unit"]),
            "baseline": float(r["baseline"]),
            "target": float(r["target"]),
            "target_date": _day(r["targetDate"]),
            "latest": float(r["latest"]) if r.get("latest") is not None else None,
            "latest_date": _day(r.get("latestDate")),
            "progress": float(r["progress"]) if r.get("progress") is not None and r.get("latest") is not None else None,
            "svg": "",
        }
        if points and ind is not None:
            item["svg"] = indicator_chart(
                points,
                baseline=(ind.baseline_date, ind.baseline),
                target=(ind.target_date, ind.target),
                title=item["label"],
                labels=t,
            )
        indicators.append(item)
    # money
    money: list[dict[str, Any]] = []
    for r in run_query(store, "spending-vs-plan", {"as_of": day, "plan": PLAN, "lang": lang}):
        year = int(r["year"])
        if year > as_of.year:
            continue
        example = example or bool(r.get("example"))
        money.append(
            {
                "line": str(r["line"]),
                "label": str(r.get("lineLabel") or ""),
                "year": year,
                "planned": float(r["planned"]),
                "committed": float(r["committed"]) if r.get("committed") is not None else None,
                "paid": float(r["paid"]) if r.get("paid") is not None else None,
                "share": float(r["paidShare"]) if r.get("paid") is not None else None,
                "on": _day(r.get("reportedOn")),
            }
        )
    # a bar group's name: the line's own part ("design and planning 2025"), or its whole
    # label where two lines share that part (the chart keys its values by the name)
    short = [f"{m['label'].split(': ', 1)[-1]} {m['year']}" for m in money]
    cats = [s if short.count(s) == 1 else f"{m['label']} {m['year']}" for s, m in zip(short, money)]
    money_svg = grouped_bars(
        cats,
        [
            (t["plan"], MONEY_COLOURS["planned"], {c: m["planned"] for c, m in zip(cats, money)}),
            (
                t["committed"],
                MONEY_COLOURS["committed"],
                {c: m["committed"] for c, m in zip(cats, money) if m["committed"] is not None},
            ),
            (t["paid"], MONEY_COLOURS["paid"], {c: m["paid"] for c, m in zip(cats, money) if m["paid"] is not None}),
        ],
        title={"de": "Geplant, verpflichtet, bezahlt", "en": "Planned, committed, paid"}[lang],
        unit="CHF",
        height=320,
    )
    # the slippage findings of the chosen day (only the four slippage detectors run, once
    # per store state and day); the link to a finding's resource page only where the
    # analysis graph holds it (a finding of an earlier day may be gone from it)
    stored = {f.iri for f in stored_findings(store)}
    findings = [
        {
            "kind": f.kind,
            "severity": f.severity,
            "title": f.title.get(lang) or f.title.get("de", ""),
            "subject": f.iri,
            "stored": f.iri in stored,
        }
        for f in slippage_as_of(store, as_of)
    ]
    return {
        "as_of": day,
        "example": example,
        "measures": measures,
        "legend": legend,
        "field_svg": field_svg,
        "goal_svg": goal_svg,
        "timeline_svg": timeline_svg,
        "indicators": indicators,
        "money": money,
        "money_svg": money_svg,
        "money_legend": [
            (t["plan"], MONEY_COLOURS["planned"]),
            (t["committed"], MONEY_COLOURS["committed"]),
            (t["paid"], MONEY_COLOURS["paid"]),
        ],
        "findings": findings,
    }


def form_choices(store, lang: str) -> dict:
    """The choices of the reporting form: measures, statuses, criteria with an indicator."""
    from igel_graph.monitoring.context import PlanContext

    model = read_model(store)
    ctx = PlanContext.load(store)
    measures = [(n, model.name(str(iri), lang)) for n, iri in sorted(ctx.measures.items(), key=lambda kv: _key(kv[0]))]
    statuses = [(code, model.label(str(iri), lang)) for code, iri in ctx.statuses.items()]
    criteria = sorted({k for k in ctx.criteria}, key=_key)
    return {"measures": measures, "statuses": statuses, "criteria": criteria}


def _key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("/", ".").split("."))
