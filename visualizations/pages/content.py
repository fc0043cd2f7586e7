"""The data of each site page, read from the store (named queries and the analysis).

Every function takes the store and the language and returns a dict for the page's
template in ``api/templates/site/``; IRIs stay IRIs (the template turns them into links).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from igel_graph.cache import cached
from igel_graph.namespaces import PREFIXES, resource
from igel_graph.readmodel import read_model

from ..model import local_name
from .budget import funding
from .colours import field_colour
from .data import run_query, select
from .svg import stacked_bars, timeline

__all__ = ["landing", "plan_explorer", "timeline_page", "finance_page", "DARK"]

PLAN = resource("plan", "igel-2026-2030")
#: dark colours that carry white text with a contrast above 4.5:1
DARK = ["#0b5cad", "#882255", "#332288", "#117733", "#8a3b00", "#5b2a86", "#4d5566"]
_P = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdfs", "dcterms"))


def landing(store, lang: str) -> dict:
    """Counts of what the platform holds, per class and per named graph: ``counts``
    (class local name -> instances), ``graphs`` ((IRI, triples) sorted by IRI) and
    ``triples``. Counted once per store state (:mod:`igel_graph.cache`, keyed on the
    change counter): the landing page is asked for often and counting a large store
    takes about a second; a write makes the next call count again. A fresh dict each
    call (callers add to it)."""
    return dict(cached(store, "landing-counts", lambda: _landing_counts(store)))


def _landing_counts(store) -> dict:
    counts = {}
    for row in select(
        store,
        _P
        + """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?c { igel:Plan igel:ActionField igel:Goal igel:Measure igel:Actor igel:Theme igel:CareSector
              igel:EvaluationCriterion igel:SourcePassage igel:Finding }
  ?s a ?c } GROUP BY ?c""",
    ):
        counts[local_name(str(row["c"]))] = int(row["n"])
    graphs = sorted(((str(g), n) for g, n in store.graphs().items()), key=lambda t: t[0])
    return {"counts": counts, "graphs": graphs, "triples": sum(n for _, n in graphs)}


def plan_explorer(store, lang: str, plan: str | None = None) -> dict:
    """Action fields → goals → measures of ``plan`` (default: the IGeL action plan) with
    each measure's actors by role, start, themes, budget lines, criteria and source quote."""
    plan_iri = URIRef(plan) if plan else PLAN
    rm = read_model(store)
    # rdfs:label of everything (a field heading reads "Handlungsfeld 1: <title>"); names of
    # measures and goals are the read model's number and title
    labels = {iri: rm.label(iri, lang) for iri in rm.labels}
    fields = select(
        store,
        _P
        + """SELECT ?f ?n ?title WHERE { ?f a igel:ActionField ; igel:partOfPlan ?plan ;
        igel:number ?n . OPTIONAL { ?f dcterms:title ?title FILTER(LANG(?title) = ?lang) } } ORDER BY ?n""",
        {"plan": plan_iri, "lang": _lit(lang)},
    )
    goals = select(
        store,
        _P
        + """SELECT ?g ?n ?f ?text WHERE { ?g a igel:Goal ; igel:partOfPlan ?plan ;
        igel:number ?n ; igel:inActionField ?f . OPTIONAL { ?g igel:text ?text FILTER(LANG(?text) = ?lang) } }
        ORDER BY ?n""",
        {"plan": plan_iri, "lang": _lit(lang)},
    )
    measures = select(
        store,
        _P
        + """SELECT ?m ?n ?g ?text ?start ?status ?quote ?section WHERE {
        ?m a igel:Measure ; igel:partOfPlan ?plan ; igel:number ?n ; igel:contributesTo ?g .
        OPTIONAL { ?m igel:text ?text FILTER(LANG(?text) = ?lang) }
        OPTIONAL { ?m igel:start ?start } OPTIONAL { ?m igel:status ?status }
        OPTIONAL { ?m igel:sourcePassage ?p . ?p igel:quote ?quote . OPTIONAL { ?p igel:section ?section } } }
        ORDER BY ?n""",
        {"plan": plan_iri, "lang": _lit(lang)},
    )
    roles = defaultdict(lambda: defaultdict(list))
    for r in select(
        store,
        _P
        + """SELECT DISTINCT ?m ?role ?a WHERE {
        VALUES ?role { igel:lead igel:partner igel:addressee } ?m igel:partOfPlan ?plan ; ?role ?a }""",
        {"plan": plan_iri},
    ):
        roles[str(r["m"])][local_name(str(r["role"]))].append(str(r["a"]))
    themes = defaultdict(list)
    for r in select(
        store, _P + "SELECT DISTINCT ?m ?t WHERE { ?m igel:partOfPlan ?plan ; igel:theme ?t }", {"plan": plan_iri}
    ):
        themes[str(r["m"])].append(str(r["t"]))
    # money has one source: the financing table's line totals (:mod:`.budget`)
    funds = {x: [(line.iri, line.name, line.amount) for line in lines] for x, lines in funding(store, lang).items()}
    criteria = defaultdict(list)
    for r in run_query(store, "goals-and-criteria", {"plan": str(plan_iri), "lang": lang}):
        if r.get("criterion") is not None:
            criteria[str(r["goal"])].append(str(r.get("criterionText") or ""))
    out_fields = []
    for f in fields:
        fi = str(f["f"])
        out_goals = []
        for g in (g for g in goals if str(g["f"]) == fi):
            gi = str(g["g"])
            ms = []
            for m in (m for m in measures if str(m["g"]) == gi):
                mi = str(m["m"])
                if any(x["iri"] == mi for x in ms):
                    continue
                ms.append(
                    {
                        "iri": mi,
                        "number": str(m["n"]),
                        "label": labels.get(mi, str(m["n"])),
                        "title": rm.title(mi, lang) or "",
                        "name": rm.name(mi, lang),
                        "text": str(m["text"] or ""),
                        "start": labels.get(str(m["start"]), "")
                        if m["start"]
                        else labels.get(str(m["status"]), "")
                        if m["status"]
                        else "",
                        "quote": str(m["quote"] or ""),
                        "section": str(m["section"] or ""),
                        "roles": {
                            role: [(a, labels.get(a, local_name(a))) for a in sorted(roles[mi].get(role, []))]
                            for role in ("lead", "partner", "addressee")
                        },
                        "themes": [(t, labels.get(t, local_name(t))) for t in sorted(themes[mi])],
                        "budget": funds.get(mi, []),
                    }
                )
            out_goals.append(
                {
                    "iri": gi,
                    "number": str(g["n"]),
                    "label": labels.get(gi, ""),
                    "title": rm.title(gi, lang) or "",
                    "budget": funds.get(gi, []),
                    "text": str(g["text"] or ""),
                    "criteria": criteria.get(gi, []),
                    "measures": ms,
                }
            )
        out_fields.append(
            {
                "iri": fi,
                "number": str(f["n"]),
                "label": labels.get(fi, ""),
                "title": str(f["title"] or ""),
                "name": rm.name(fi, lang),
                "goals": out_goals,
            }
        )
    return {"plan": str(plan_iri), "plan_label": labels.get(str(plan_iri), ""), "fields": out_fields}


def _lit(lang: str):
    from rdflib import Literal

    return Literal(lang)


def timeline_page(store, lang: str) -> dict:
    """Measures by start quarter (the ``timeline`` named query) with an SVG timeline: each
    row names the measure by number and title, its lead and its action field, in the
    field's colour (:func:`.colours.field_colour`)."""
    rm = read_model(store)
    rows = run_query(store, "timeline", {"lang": lang})
    running = "läuft bereits" if lang == "de" else "already running"
    fields: dict[str, str] = {}
    numbers: dict[str, str] = {}
    slots: list[str] = []
    items = []
    table = []
    for r in rows:
        slot = str(r.get("quarterLabel") or r.get("statusLabel") or running)
        if slot not in slots:
            slots.append(slot)
        fkey = str(r.get("field") or "")
        numbers.setdefault(fkey, str(r.get("fieldNumber") or ""))
        fields.setdefault(
            fkey, f"{r.get('fieldNumber') or ''} {r.get('fieldTitle') or r.get('fieldLabel') or ''}".strip()
        )
        measure = str(r["measure"])
        table.append(
            {
                "slot": slot,
                "measure": measure,
                "number": str(r.get("number") or ""),
                "label": str(r.get("title") or r.get("label") or ""),
                "field": fields[fkey],
                "field_iri": fkey,
                "colour": field_colour(numbers[fkey]),
                "leads": sorted(((a, rm.name(a, lang)) for a in rm.actors_of(measure, "lead")), key=lambda t: t[1]),
            }
        )
    lane_keys = sorted(fields, key=lambda k: fields[k])
    for r in rows:
        fkey = str(r.get("field") or "")
        slot = str(r.get("quarterLabel") or r.get("statusLabel") or running)
        items.append(
            (
                fkey,
                slot,
                f"{r.get('number') or ''} {r.get('title') or r.get('label') or ''}".strip(),
                field_colour(numbers[fkey]),
            )
        )
    title = "Start der Massnahmen nach Quartal" if lang == "de" else "Measure starts by quarter"
    svg = timeline([(k, fields[k]) for k in lane_keys], slots, items, title=title)
    legend = [(fields[k], field_colour(numbers[k])) for k in lane_keys]
    return {"rows": table, "svg": svg, "legend": legend}


def finance_page(store, lang: str) -> dict:
    """The financing table (named query ``financing-table``): lines × years with computed
    and stated totals, and a stacked bar chart of the years by budget group."""
    rows = run_query(store, "financing-table", {"lang": lang})
    years = sorted({int(r["year"]) for r in rows if r.get("year") is not None})
    lines: dict[str, dict] = {}
    year_totals, overall = {}, None
    for r in rows:
        kind = str(r["kind"])
        if kind == "cell":
            line = lines.setdefault(
                str(r["line"]),
                {
                    "iri": str(r["line"]),
                    "label": str(r.get("lineLabel") or ""),
                    "group": str(r.get("groupLabel") or ""),
                    "cells": {},
                },
            )
            line["cells"][int(r["year"])] = float(r["amountThousands"])
        elif kind == "line":
            line = lines.setdefault(
                str(r["line"]),
                {
                    "iri": str(r["line"]),
                    "label": str(r.get("lineLabel") or ""),
                    "group": str(r.get("groupLabel") or ""),
                    "cells": {},
                },
            )
            line["total"] = float(r["amountThousands"])
            line["stated"] = float(r["statedThousands"]) if r.get("statedThousands") is not None else None
        elif kind == "year":
            year_totals[int(r["year"])] = (
                float(r["amountThousands"]),
                float(r["statedThousands"]) if r.get("statedThousands") is not None else None,
            )
        elif kind == "overall":
            overall = (
                float(r["amountThousands"]),
                float(r["statedThousands"]) if r.get("statedThousands") is not None else None,
            )
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in lines.values():
        for y, v in line["cells"].items():
            groups[line["group"] or line["label"]][str(y)] += v * 1000
    colours = {g: DARK[i % len(DARK)] for i, g in enumerate(sorted(groups))}
    title = "Kosten pro Jahr nach Budgetgruppe (CHF)" if lang == "de" else "Costs per year by budget group (CHF)"
    svg = stacked_bars(
        [str(y) for y in years], {g: dict(v) for g, v in sorted(groups.items())}, colours, title=title, unit="CHF"
    )
    group_totals: dict[str, float] = defaultdict(float)
    for line in lines.values():
        group_totals[line["group"] or line["label"]] += line.get("total", 0.0)
    return {
        "groups": sorted(group_totals.items()),
        "allocation": allocation(store, lang),
        "years": years,
        "lines": sorted(lines.values(), key=lambda l: (l["group"], l["label"])),
        "year_totals": year_totals,
        "overall": overall,
        "svg": svg,
        "legend": sorted(colours.items()),
    }


def allocation(store, lang: str, plan: str = str(PLAN)) -> list[dict]:
    """Money per action field and goal (the ``money-per-field-goal`` named query, in
    thousand CHF as the financing table prints it): every field and goal of ``plan`` in
    order, with ``total`` None where the plan allocates nothing, and a last row for the
    money the plan ties to no measure or goal (``field`` None)."""
    rm = read_model(store)
    rows = run_query(store, "money-per-field-goal", {"plan": plan, "lang": lang})
    field_money = {str(r["field"]): float(r["total"]) / 1000 for r in rows if str(r["level"]) == "field"}
    goal_money = {str(r["goal"]): float(r["total"]) / 1000 for r in rows if str(r["level"]) == "goal"}
    out: list[dict] = []
    fields = sorted(
        (f for f in rm.of_type("ActionField") if plan in rm.objects(f, "partOfPlan")),
        key=lambda f: rm.numbers.get(f, ""),
    )
    for f in fields:
        out.append(
            {
                "level": "field",
                "iri": f,
                "name": rm.name(f, lang),
                "total": field_money.get(f),
                "colour": field_colour(rm.numbers.get(f)),
            }
        )
        goals = sorted(
            (g for g in rm.of_type("Goal") if f in rm.objects(g, "inActionField")), key=lambda g: rm.numbers.get(g, "")
        )
        for g in goals:
            out.append(
                {
                    "level": "goal",
                    "iri": g,
                    "name": rm.name(g, lang),
                    "total": goal_money.get(g),
                    "colour": field_colour(rm.numbers.get(f)),
                }
            )
    for r in rows:
        if str(r["level"]) == "not allocated":
            out.append({"level": "none", "iri": None, "name": "", "total": float(r["total"]) / 1000, "colour": ""})
    return out
