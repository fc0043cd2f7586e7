"""The gap report: the five findings that matter most first, then every finding grouped by
kind, filterable by severity, kind, action field and actor.

The findings are the analysis's (:func:`igel_graph.readmodel.analysis_of`, the run the
analysis graph holds), with the statements behind each and the source passage of each
statement. Each finding links to the view that shows it with its subject selected and its
evidence highlighted (:func:`view_link`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from igel_graph.analysis.kinds import GROUPS, REGISTRY
from igel_graph.monitoring.facts import is_example_iri
from igel_graph.namespaces import PREFIXES, Graphs
from igel_graph.readmodel import ReadModel, read_model

from .data import analysis
from .findings import SEVERITY_ORDER, stored_findings

__all__ = ["GapFilters", "gap_report", "TOP", "view_link", "RULE"]

#: how many findings lead the report
TOP = 5
#: the order of the lead, stated on the page (de, en)
RULE = (
    "Reihenfolge: zuerst nach Schwere (hoch vor mittel vor niedrig vor Hinweis), dann nach der "
    "Zahl der Ressourcen, auf die sich ein Befund stützt (mehr betroffene Akteure und Massnahmen "
    "zuerst), dann nach der Reihenfolge der Befundarten. Befunde zu Beispieldaten stehen unten, "
    "nie in der Spitze.",
    "Order: by severity first (high before medium before low before info), then by the number "
    "of resources a finding rests on (more actors and measures concerned first), then by the "
    "order of the kinds of finding. Findings on example data are listed below, never in the lead.",
)
#: the view of a kind whose registry entry names a page rather than a view
_FALLBACK_VIEW = {
    "absent-stakeholder": "themes",
    "expected-actor-absent": "plan",
    "only-addressed": "collaboration",
    "single-actor-measure": "collaboration",
    "actorless-measure": "plan",
    "scheduling-conflict": "dependencies",
}
_GRAPH_NAMES = {
    str(Graphs.CURATED): ("kuratiert", "curated"),
    str(Graphs.INFERRED): ("abgeleitet", "inferred"),
}
_KIND_ORDER = {k.key: i for i, k in enumerate(REGISTRY)}


@dataclass(frozen=True)
class GapFilters:
    """The report's filters as the URL carries them (empty: all)."""

    severity: str = ""
    kind: str = ""
    field: str = ""
    actor: str = ""

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def view_name(kind: str) -> str:
    """The view that shows findings of ``kind`` (from the kind registry)."""
    entry = next((k for k in REGISTRY if k.key == kind), None)
    if entry is not None and entry.view.startswith("/views/"):
        return entry.view.rsplit("/", 1)[-1]
    return _FALLBACK_VIEW.get(kind, "plan")


def view_link(kind: str, subject: str, evidence: list[str], lang: str) -> str:
    """The view of a finding with its subject selected (the detail panel open) and its
    evidence highlighted.

    The state is written twice: as the query parameters agreed for the explorer
    (``?select=IRI&highlight=IRI,IRI``) and as the URL fragment the explorer reads today
    (``#sel=IRI&hl=IRI,IRI``, each IRI percent-encoded; the static export keeps a link's
    fragment).

    >>> view_link("sole-broker", "https://w3id.org/igel/id/actor/gsd",
    ...           ["https://w3id.org/igel/id/actor/gsd", "https://w3id.org/igel/id/actor/vlg"], "en")
    '/views/collaboration?lang=en&select=https%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fgsd&highlight=https%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fgsd%2Chttps%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fvlg#sel=https%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fgsd&hl=https%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fgsd,https%3A%2F%2Fw3id.org%2Figel%2Fid%2Factor%2Fvlg'
    """
    query = {"lang": lang, "select": subject, "highlight": ",".join(evidence)}
    fragment = f"sel={quote(subject, safe='')}&hl=" + ",".join(quote(e, safe="") for e in evidence)
    return f"/views/{view_name(kind)}?{urlencode(query)}#{fragment}"


def _touches(rm: ReadModel, iris: set[str]) -> tuple[set[str], set[str]]:
    """The action fields and the actors a set of resources concerns: a measure or goal
    counts for its field, an actor for itself and for the fields of its measures."""
    fields, actors = set(), set()
    for iri in iris:
        if rm.is_a(iri, "Actor"):
            actors.add(iri)
        f = rm.field_of(iri)
        if f:
            fields.add(f)
    return fields, actors


def _statement(rm: ReadModel, st, lang: str) -> dict[str, Any]:
    ns = PREFIXES["igel"]
    pred = st.predicate[len(ns) :] if st.predicate.startswith(ns) else st.predicate.rsplit("#", 1)[-1]
    graph = _GRAPH_NAMES.get(st.graph)
    return {
        "subject": (st.subject, rm.name(st.subject, lang)),
        "predicate": rm.term_label(pred, lang),
        "object": (st.object, rm.name(st.object, lang)),
        "graph": (st.graph, graph[0 if lang == "de" else 1] if graph else rm.name(st.graph, lang)),
        "passage": st.passage,
        "justification": st.justification,
    }


def gap_report(store, lang: str, filters: GapFilters | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
    """The report's data: ``top`` (the :data:`TOP` most important findings, by
    :data:`RULE`), ``groups`` (kind groups → kinds → findings, after the filters),
    ``options`` for the filter form, ``shown``, ``total`` and ``as_of`` (the day, ISO, or
    None).

    With ``as_of`` the slippage findings are those of that day
    (:func:`igel_graph.analysis.asof.analysis_as_of`); without it, those of the day the
    analysis ran."""
    from igel_graph.analysis.asof import analysis_as_of

    filters = filters or GapFilters()
    rm = read_model(store)
    findings = (analysis_as_of(store, as_of) if as_of else analysis(store)).findings
    # a finding of another day may not be in the analysis graph: it has no resource page
    stored = {f.iri for f in stored_findings(store)}
    items = []
    for f in findings:
        concerned = set(f.evidence) | {x for st in f.statements for x in (st.subject, st.object)}
        fields, actors = _touches(rm, concerned)
        items.append(
            {
                "iri": f.iri,
                "kind": f.kind,
                "severity": f.severity,
                "subject": (f.subject, rm.name(f.subject, lang)),
                "title": f.title.get(lang) or f.title.get("de"),
                "explanation": f.explanation.get(lang) or f.explanation.get("de"),
                "evidence": [(e, rm.name(e, lang)) for e in f.evidence],
                "statements": [_statement(rm, st, lang) for st in f.statements],
                "view": view_link(f.kind, f.subject, list(f.evidence), lang),
                "fields": fields,
                "actors": actors,
                "example": any(is_example_iri(x) for x in concerned | set(f.evidence)),
                "stored": f.iri in stored,
                "rank": (SEVERITY_ORDER.get(f.severity, 9), -len(f.evidence), _KIND_ORDER.get(f.kind, 99), f.iri),
            }
        )
    items.sort(key=lambda i: i["rank"])
    # invented example data (the monitoring demo set) never outranks what the plan says
    top = [i for i in items if not i["example"]][:TOP]

    def keep(i: dict[str, Any]) -> bool:
        return (
            (not filters.severity or i["severity"] == filters.severity)
            and (not filters.kind or i["kind"] == filters.kind)
            and (not filters.field or filters.field in i["fields"])
            and (not filters.actor or filters.actor in i["actors"])
        )

    shown = [i for i in items if keep(i)]
    by_kind: dict[str, list] = defaultdict(list)
    for i in shown:
        by_kind[i["kind"]].append(i)
    groups = []
    for gkey, (gde, gen) in GROUPS.items():
        kinds = [
            {"kind": k.key, "title": k.label[lang], "rule": k.severity_rule[lang], "findings": by_kind[k.key]}
            for k in REGISTRY
            if k.group == gkey and by_kind.get(k.key)
        ]
        if kinds:
            groups.append({"key": gkey, "title": gde if lang == "de" else gen, "kinds": kinds})
    present_kinds = {i["kind"] for i in items}
    all_fields = set().union(*(i["fields"] for i in items)) if items else set()
    all_actors = set().union(*(i["actors"] for i in items)) if items else set()
    options = {
        "severity": [(s, s) for s in SEVERITY_ORDER],
        "kind": [(k.key, k.label[lang]) for k in REGISTRY if k.key in present_kinds],
        "field": sorted(((f, rm.name(f, lang)) for f in all_fields), key=lambda t: t[1]),
        "actor": sorted(((a, rm.name(a, lang)) for a in all_actors), key=lambda t: t[1].lower()),
    }
    return {
        "top": top,
        "example": any(i["example"] for i in items),
        "groups": groups,
        "options": options,
        "filters": filters,
        "shown": len(shown),
        "total": len(items),
        "rule": RULE[0 if lang == "de" else 1],
        "as_of": as_of.isoformat() if as_of else None,
    }
