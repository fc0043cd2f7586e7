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

__all__ = ["plans_overview", "diff_page", "upload_page", "imported_plans", "comparable_plans", "compare_page"]


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
    """Every plan with parts (or a model project), with its name in ``lang``."""
    model = read_model(store)
    plans = sorted({p for (p,) in store.query(_PLANS) if isinstance(p, URIRef)}, key=str)
    return [{"plan": p, "curie": "id:" + str(p)[len(ID_BASE) :], "label": model.label(str(p), lang)} for p in plans]


def compare_page(store: Any, a: URIRef, b: URIRef, lang: str) -> dict[str, Any]:
    """Plans ``a`` and ``b`` side by side, from the named query ``plan-comparison``: per
    dimension (themes, care sectors, measure kinds, actor types) every concept with
    whether each plan covers it, in how many parts, and the overlaps and gaps."""
    from igel_graph.queries import get_query

    model = read_model(store)
    rows = get_query("plan-comparison").run(store, {"a": a, "b": b, "lang": lang}).dicts()
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
    return {
        "a": {"plan": a, "curie": "id:" + str(a)[len(ID_BASE) :], "label": model.label(str(a), lang)},
        "b": {"plan": b, "curie": "id:" + str(b)[len(ID_BASE) :], "label": model.label(str(b), lang)},
        "sections": sections,
        "plans": comparable_plans(store, lang),
    }
