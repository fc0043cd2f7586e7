"""The data of the plan pages: imported plans with their versions, the diff of two
versions (with the findings that appear and disappear), and the upload page.

Every function takes the store and the language and returns a dict for a template in
``api/templates/site/plan_*.html``.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from igel_graph.namespaces import ID_BASE
from igel_graph.readmodel import read_model
from igel_graph.workbook.diff import version_diff
from igel_graph.workbook.findings import findings_diff
from igel_graph.workbook.schema import sheets
from igel_graph.workbook.versions import imported_plans, plan_slug, versions

from ..palette import FIELD_COLOURS
from .colours import field_colour

__all__ = [
    "plans_overview",
    "diff_page",
    "upload_page",
    "imported_plans",
    "comparable_plans",
    "compare_page",
    "money_shares",
]


def plans_overview(store: Any, lang: str) -> dict[str, Any]:
    """Every imported plan with its name, versions (newest last; the last is current)
    and the short name its links use."""
    model = read_model(store)
    rows = []
    for plan in imported_plans(store):
        known = versions(store, plan)
        rows.append(
            {
                "plan": plan,
                "slug": plan_slug(plan),
                "label": model.label(str(plan), lang),
                "versions": [
                    {
                        "number": v.number,
                        "label": v.label,
                        "issued": v.issued.strftime("%Y-%m-%d %H:%M"),
                        "file": v.source,
                    }
                    for v in known
                ],
            }
        )
    return {"plans": rows}


def diff_page(store: Any, plan: URIRef, before: str | None, after: str | None, lang: str) -> dict[str, Any]:
    """The changes from version ``before`` to ``after`` of ``plan`` (defaults: previous
    and current), each with its wording in ``lang``, and the findings of the analysis on
    each version that appear or disappear."""
    old, new, changes = version_diff(store, plan, before, after)
    model = read_model(store)
    found = findings_diff(store, plan, old, new)
    known = versions(store, plan)

    words = {
        "measure": ("Massnahme", "measure"),
        "budget": ("Budget", "budget"),
        "goal": ("Ziel", "goal"),
        "field": ("Handlungsfeld", "action field"),
        "criterion": ("Kriterium", "criterion"),
        "actor": ("Akteur", "actor"),
    }

    def name(item: str) -> str:
        kind, _, key = item.partition(" ")
        word = words.get(kind, (kind, kind))[0 if lang == "de" else 1]
        if kind == "measure":
            label = model.label(f"{plan}/measure/{key}", lang)
            # a removed measure is no longer in the graph: its label is then just its number
            return f"{word} {label}" if label != key else f"{word} {key}"
        return f"{word} {key}"

    return {
        "plan": plan,
        "slug": plan_slug(plan),
        "label": model.label(str(plan), lang),
        "before": {"number": old.number, "label": old.label},
        "after": {"number": new.number, "label": new.label},
        "versions": [{"number": v.number, "label": v.label} for v in known],
        "changes": [
            {
                **c.as_dict(),
                "wording": c.label_de if lang == "de" else c.label_en,
                "name": name(c.item),
                "actor_label": model.label(ID_BASE + "actor/" + c.actor, lang) if c.actor else None,
            }
            for c in changes
        ],
        "appeared": [{**f.as_dict(), "title": f.title_de if lang == "de" else f.title_en} for f in found if f.appeared],
        "disappeared": [
            {**f.as_dict(), "title": f.title_de if lang == "de" else f.title_en} for f in found if not f.appeared
        ],
    }


def upload_page(lang: str) -> dict[str, Any]:
    """The sheets of the workbook with their description in ``lang``, for the upload page."""
    return {
        "sheets": [
            {
                "name": s.name,
                "title": s.title_de if lang == "de" else s.title_en,
                "description": s.description_de if lang == "de" else s.description_en,
                "required": s.required,
            }
            for s in sheets()
        ]
    }


_PLANS = """
PREFIX igel: <https://w3id.org/igel/ontology#>
SELECT DISTINCT ?plan WHERE {
  { ?part igel:partOfPlan ?plan } UNION { ?plan a igel:ModelProject }
}
"""

_DIMENSIONS = [
    ("theme", "Themen", "Themes"),
    ("care sector", "Versorgungsbereiche", "Care sectors"),
    ("measure kind", "Arten von Massnahmen", "Kinds of measures"),
    ("actor type", "Akteurtypen", "Actor types"),
]


def comparable_plans(store: Any, lang: str) -> list[dict[str, Any]]:
    """Every plan with parts (or a model project), with its name in ``lang``, then every
    version of each imported plan (``value`` ``id:plan/P@N``, named "PLAN (version
    LABEL)", ``group`` its plan, ``option`` the version's own words); ``value`` is what
    ``a`` and ``b`` of /compare take."""
    from igel_graph.workbook.version_pair import version_choices, version_label

    model = read_model(store)
    plans = sorted({p for (p,) in store.query(_PLANS) if isinstance(p, URIRef)}, key=str)
    out: list[dict[str, Any]] = [
        {
            "plan": p,
            "value": _curie(p),
            "curie": _curie(p),
            "label": model.label(str(p), lang),
            "version": None,
            "group": None,
            "option": model.label(str(p), lang),
        }
        for p in plans
    ]
    for plan, v in version_choices(store):
        name = model.label(str(plan), lang)
        out.append(
            {
                "plan": v.iri,
                "value": f"{_curie(plan)}@{v.number}",
                "curie": f"{_curie(plan)}@{v.number}",
                "label": version_label(name, v, lang),
                "version": v.number,
                # a picker groups the versions under their plan's name: the version's own
                # words come first and stay readable in a narrow select
                "group": ("Versionen: " if lang == "de" else "Versions: ") + name,
                "option": f"{'Version' if lang == 'de' else 'version'} {v.label} ({v.number})",
            }
        )
    return out


def _curie(iri: Any) -> str:
    text = str(iri)
    return "id:" + text[len(ID_BASE) :] if text.startswith(ID_BASE) else text


def _side_json(side: Any, model: Any, lang: str) -> dict[str, Any]:
    """A side of the comparison for the template: its IRI, the text ``a``/``b`` take
    (``id:plan/P`` or ``id:plan/P@N``), its name and whether it is a version."""
    value = _curie(side.iri) if side.version is None else f"{_curie(side.plan)}@{side.version.number}"
    label = model.label(str(side.iri), lang)
    return {
        "plan": side.iri,
        "curie": value,
        "value": value,
        "label": label,
        "version": side.version.label if side.version is not None else None,
        # the column heading: a version by its own label (the plan is named above)
        "short": label if side.version is None else f"{'Version' if lang == 'de' else 'version'} {side.version.label}",
    }


def compare_page(store: Any, a: str, b: str, lang: str) -> dict[str, Any]:
    """Plans ``a`` and ``b`` side by side, from the named query ``plan-comparison``: per
    dimension (themes, care sectors, measure kinds, actor types) every concept with
    whether each plan covers it, in how many parts, and the overlaps and gaps.

    ``a`` and ``b`` are plans (IRI, ``id:plan/P``, short name) or versions of imported
    plans (``PLAN@VERSION`` or a version IRI): two versions are compared as two plans in
    a store copy (:mod:`igel_graph.workbook.version_pair`); an unknown version is 404."""
    from igel_graph.queries import get_query
    from igel_graph.workbook.version_pair import comparison_store, side

    side_a, side_b = side(store, a), side(store, b)
    compared = comparison_store(store, side_a, side_b)
    a, b = side_a.iri, side_b.iri
    model = read_model(compared)
    rows = get_query("plan-comparison").run(compared, {"a": a, "b": b, "lang": lang}).dicts()
    sections = []
    for key, de, en in _DIMENSIONS:
        items = [
            {
                "concept": r["concept"],
                "label": str(r["conceptLabel"])
                if r["conceptLabel"] is not None
                else model.label(str(r["concept"]), lang),
                "covered_by": str(r["coveredBy"]),
                "parts_a": int(str(r["partsA"])),
                "parts_b": int(str(r["partsB"])),
            }
            for r in rows
            if str(r["dimension"]) == key
        ]
        counts = {k: sum(1 for i in items if i["covered_by"] == k) for k in ("both", "A", "B", "neither")}
        sections.append(
            {"key": key.replace(" ", "-"), "title": de if lang == "de" else en, "rows": items, "counts": counts}
        )
    a_json, b_json = _side_json(side_a, model, lang), _side_json(side_b, model, lang)
    return {
        "a": a_json,
        "b": b_json,
        # the named queries answer on the store itself only for plans, not for versions
        "versions": side_a.version is not None or side_b.version is not None,
        "sections": sections,
        "money": money_shares(compared, a, b, lang, names=(a_json["short"], b_json["short"])),
        "plans": comparable_plans(store, lang),
    }


#: the colour of the money no budget line ties to anything (white text on it reads)
REST_COLOUR = "#4d5566"


def _number(term: Any) -> float:
    return float(str(term)) if term is not None else 0.0


def _chf(value: float) -> str:
    return f"{value:,.0f}".replace(",", "'")


def money_shares(
    store: Any, a: URIRef, b: URIRef, lang: str, *, names: tuple[str, str] | None = None
) -> dict[str, Any]:
    """How plans ``a`` and ``b`` spend, from the named query ``plan-money-shares``: per
    plan its total, allocated money and currency and the rows per action field (or
    top-level part) with the "not allocated" rest last; per theme the two plans' amounts
    and percents side by side; and an SVG of two 100 % bars, labelled with ``names`` when
    given (else the plans' names; a bar's label is cut at its width, and two versions of
    one plan differ only at the end). Amounts and percents are the query's figures, only
    formatted (thousands separated by ', percent as given)."""
    from igel_graph.queries import get_query

    from .svg import share_bars

    model = read_model(store)
    rows = get_query("plan-money-shares").run(store, {"a": a, "b": b, "lang": lang}).dicts()
    rest = "nicht zugeordnet" if lang == "de" else "not allocated"
    plans: list[dict[str, Any]] = []
    for side, plan in (("A", a), ("B", b)):
        # a plan compared with itself: the query gives its rows once, as side A
        mine = [r for r in rows if str(r["side"]) == ("A" if plan == a else side)]
        parts: list[dict[str, Any]] = [
            {
                "item": r["item"],
                "label": str(r["itemLabel"]) if r["itemLabel"] is not None else model.label(str(r["item"]), lang),
                "number": str(r["itemNumber"]) if r["itemNumber"] is not None else None,
                "amount": _chf(_number(r["amount"])),
                "percent": f"{_number(r['percent']):g}",
                "percent_of_allocated": None
                if r["percentOfAllocated"] is None
                else f"{_number(r['percentOfAllocated']):g}",
                "colour": field_colour(str(r["itemNumber"])) if r["itemNumber"] is not None else FIELD_COLOURS[-1],
            }
            for r in mine
            if str(r["level"]) == "field"
        ]
        for r in mine:
            if str(r["level"]) == "not allocated":
                parts.append(
                    {
                        "item": None,
                        "label": rest,
                        "number": None,
                        "amount": _chf(_number(r["amount"])),
                        "percent": f"{_number(r['percent']):g}",
                        "percent_of_allocated": None,
                        "colour": REST_COLOUR,
                    }
                )
        first = mine[0] if mine else None
        plans.append(
            {
                "side": side,
                "plan": plan,
                "label": model.label(str(plan), lang),
                "currency": str(first["currency"]) if first and first["currency"] is not None else "",
                "total": _chf(_number(first["total"])) if first else None,
                "allocated": _chf(_number(first["allocated"])) if first else None,
                "parts": parts,
                "themes": {
                    str(r["item"]): (_chf(_number(r["amount"])), f"{_number(r['percent']):g}")
                    for r in mine
                    if str(r["level"]) == "theme"
                },
            }
        )
    theme_iris = sorted({t for p in plans for t in p["themes"]}, key=lambda t: model.label(t, lang).lower())
    themes = [
        {"theme": t, "label": model.label(t, lang), "cells": [p["themes"].get(t) for p in plans]} for t in theme_iris
    ]
    title = (
        "Anteile am Budget je Handlungsfeld (Prozent)"
        if lang == "de"
        else "Shares of the budget per action field (percent)"
    )
    svg = share_bars(
        [
            (f"{p['side']}: {name}", [(q["label"], _number(q["percent"]), q["colour"]) for q in p["parts"]])
            for p, name in zip(plans, names or [p["label"] for p in plans])
            if p["parts"]
        ],
        title=title,
    )
    return {"plans": plans, "themes": themes, "svg": svg if any(p["parts"] for p in plans) else None}
