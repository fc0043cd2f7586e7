"""The version picker of views and plan pages: which version of each imported plan a
page shows, and links to the others (``?version=``).

>>> version_param([], "v1")
'v1'
"""

from __future__ import annotations

from typing import Any, Callable

from rdflib import URIRef

from igel_graph.readmodel import read_model
from igel_graph.workbook.versions import Version, imported_plans, plan_slug, versions

__all__ = ["version_picker", "version_param", "version_json"]

#: words of the picker in German and English
WORDS = {
    "de": {"heading": "Planversion", "current": "aktuell", "shown": "angezeigt", "version": "Version"},
    "en": {"heading": "Plan version", "current": "current", "shown": "shown", "version": "Version"},
}


def version_param(all_versions: list[Version], label: str, iri: str | None = None) -> str:
    """What ``?version=`` says for a version: its label when no other version of any
    imported plan has it, else its IRI."""
    if iri is None or sum(1 for v in all_versions if v.label == label) <= 1:
        return label
    return iri


def version_picker(
    store: Any, chosen: tuple[URIRef, Version] | None, lang: str, href: Callable[[str], str]
) -> dict[str, Any] | None:
    """Per imported plan its name and versions (oldest first), each with its label, number,
    whether it is current, whether it is the one shown, and ``href(version parameter)``.
    Shown is ``chosen``'s version for its plan and the current version of every other
    plan. ``None`` when no plan was imported (nothing to choose)."""
    plans = [chosen[0]] if chosen is not None else imported_plans(store)
    if not plans:
        return None
    model = read_model(store)
    by_plan = {plan: versions(store, plan) for plan in plans}
    every = [v for vs in by_plan.values() for v in vs]
    words = WORDS.get(lang, WORDS["en"])
    rows = []
    for plan, known in by_plan.items():
        shown = chosen[1].iri if chosen is not None else (known[-1].iri if known else None)
        rows.append(
            {
                "plan": str(plan),
                "slug": plan_slug(plan),
                "label": model.label(str(plan), lang),
                "versions": [
                    {
                        "number": v.number,
                        "label": v.label,
                        "iri": str(v.iri),
                        "current": v is known[-1],
                        "shown": v.iri == shown,
                        "href": href(version_param(every, v.label, str(v.iri))),
                    }
                    for v in known
                ],
            }
        )
    return {"words": words, "plans": rows}


def version_json(chosen: tuple[URIRef, Version], current: bool) -> dict[str, Any]:
    """The version a view's JSON shows (``"version"`` key of ``?format=json&version=``)."""
    plan, version = chosen
    return {
        "plan": str(plan),
        "iri": str(version.iri),
        "number": version.number,
        "label": version.label,
        "issued": version.issued.isoformat(),
        "current": current,
    }
