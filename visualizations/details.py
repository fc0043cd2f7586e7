"""What the detail panel of a graph view shows about a node or an edge, as plain data.

The panel of every view (and its ``?format=json``, and the static export) reads these
structures from the view's embedded JSON: nothing is fetched per click. A detail is
language-neutral (texts are ``{lang: text}``) and made of sections::

    {"iri": ..., "title": Text, "type": Text,
     "sections": [{"key": "lead", "h": Text, "items": [{"label": Text, "iri": str, "note": Text}]},
                  {"key": "text", "h": Text, "text": Text},
                  {"key": "quotes", "h": Text, "quotes": [{"label": Text, "text": str, "iri": str}]}]}

Names, types, roles and the plan's structure come from the read model
(:mod:`igel_graph.readmodel`); the metrics are the analysis's stored values
(:func:`igel_graph.readmodel.stored_metrics`) and the findings those of the analysis graph
(``igel:subject``): nothing is computed here. Texts, quotes, criteria, dependencies and
budget lines are read with one query each (:func:`detail_facts`, cached per store state).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from igel_graph.namespaces import IGEL, Graphs
from igel_graph.readmodel import ReadModel, read_model, stored_metrics
from igel_graph.store.base import SelectResult, Store

from .cache import cached
from .model import Text, text

__all__ = ["DetailFacts", "detail_facts", "node_detail", "edge_measures", "SECTION_LABELS", "METRIC_NAMES"]

_NS = str(IGEL._NS)
_P = f"PREFIX igel: <{_NS}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
_Q_TEXT = _P + "SELECT ?s ?t WHERE { ?s igel:text ?t FILTER(isIRI(?s)) }"
_Q_QUOTES = _P + "SELECT DISTINCT ?s ?p ?q WHERE { ?s igel:sourcePassage ?p . ?p igel:quote ?q FILTER(isIRI(?s)) }"
_Q_DEPENDS = _P + "SELECT DISTINCT ?a ?b WHERE { ?a igel:dependsOn ?b FILTER(isIRI(?a) && isIRI(?b)) }"
_Q_CRITERIA = _P + "SELECT DISTINCT ?g ?c WHERE { ?g igel:hasCriterion ?c }"
#: the cells of each line that funds a measure (not the stated totals), each counted once
_Q_BUDGET = (
    _P
    + """SELECT ?line ?m (SUM(?a) AS ?total) WHERE {
  { SELECT DISTINCT ?line ?m WHERE { ?line igel:funds ?m } }
  OPTIONAL { SELECT DISTINCT ?obs ?line ?a WHERE { ?obs a igel:BudgetObservation ; igel:budgetLine ?line ; igel:amount ?a } }
} GROUP BY ?line ?m"""
)
_Q_FINDINGS = (
    _P
    + """SELECT ?f ?s ?sev ?l WHERE { GRAPH <%s> {
  ?f a igel:Finding ; igel:subject ?s ; igel:severity ?sev ; rdfs:label ?l } }"""
)

#: headings of the panel's sections
SECTION_LABELS: dict[str, Text] = {
    "lead": text("Federführend bei", "Leads"),
    "partner": text("Partner bei", "Partner in"),
    "addressee": text("Adressat von", "Addressed by"),
    "actors-lead": text("Federführung", "Lead"),
    "actors-partner": text("Partner", "Partners"),
    "actors-addressee": text("Adressaten", "Addressees"),
    "fields": text("Handlungsfelder", "Action fields"),
    "themes": text("Themen", "Themes"),
    "partners": text("Arbeitet zusammen mit", "Works with"),
    "metrics": text("Kennzahlen der Analyse", "Metrics of the analysis"),
    "findings": text("Befunde", "Findings"),
    "quotes": text("Im Quelltext", "In the source"),
    "text": text("Text", "Text"),
    "goal": text("Ziel", "Goal"),
    "field": text("Handlungsfeld", "Action field"),
    "start": text("Start", "Start"),
    "budget": text("Budget", "Budget"),
    "criteria": text("Kriterien des Ziels", "Criteria of the goal"),
    "dependsOn": text("Hängt ab von", "Depends on"),
    "dependents": text("Davon hängen ab", "Needed by"),
    "measures": text("Massnahmen dieser Verbindung", "Measures behind this link"),
}

#: the stored collaboration metrics the panel shows, in this order
METRIC_NAMES: dict[str, Text] = {
    "degree": text("Grad (Anzahl Partner)", "Degree (number of partners)"),
    "betweenness": text("Zwischenzentralität", "Betweenness centrality"),
    "closeness": text("Nähezentralität", "Closeness centrality"),
    "eigenvector": text("Eigenvektorzentralität", "Eigenvector centrality"),
    "brokerage-total": text("Vermittlerrollen (Gould-Fernandez)", "Brokerage roles (Gould-Fernandez)"),
    "effective-size": text("Effektive Grösse (Burt)", "Effective size (Burt)"),
    "constraint": text("Einschränkung (Burt)", "Constraint (Burt)"),
    "core-number": text("Kernzahl", "Core number"),
}

#: at most this many quotes per node (the resource page has them all)
MAX_QUOTES = 4
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
_SEVERITY: dict[str, Text] = {
    "high": text("hoch", "high"),
    "medium": text("mittel", "medium"),
    "low": text("niedrig", "low"),
    "info": text("Hinweis", "note"),
}


@dataclass
class DetailFacts:
    """What the panel needs beyond the read model, per IRI (strings):
    ``texts`` {lang: text}; ``quotes`` [(passage, quote)]; ``depends`` / ``dependents``
    the measures it depends on / that depend on it; ``criteria`` of a goal; ``budget``
    measure → [(budget line, CHF total)]; ``findings`` subject → [(finding, severity,
    {lang: label})], most severe first."""

    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    quotes: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    depends: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    dependents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    criteria: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    budget: dict[str, list[tuple[str, float]]] = field(default_factory=lambda: defaultdict(list))
    findings: dict[str, list[tuple[str, str, dict[str, str]]]] = field(default_factory=lambda: defaultdict(list))
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)


def _rows(store: Store, sparql: str) -> list:
    res = store.query(sparql)
    assert isinstance(res, SelectResult)
    return list(res.rows)


def _load(store: Store) -> DetailFacts:
    facts = DetailFacts()
    for s, t in _rows(store, _Q_TEXT):
        facts.texts.setdefault(str(s), {})[(getattr(t, "language", None) or "de")[:2]] = str(t)
    for s, p, q in _rows(store, _Q_QUOTES):
        facts.quotes[str(s)].append((str(p), str(q)))
    for a, b in _rows(store, _Q_DEPENDS):
        facts.depends[str(a)].add(str(b))
        facts.dependents[str(b)].add(str(a))
    for g, c in _rows(store, _Q_CRITERIA):
        facts.criteria[str(g)].add(str(c))
    for line, m, total in _rows(store, _Q_BUDGET):
        facts.budget[str(m)].append((str(line), float(str(total)) if total is not None else 0.0))
    found: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    if Graphs.ANALYSIS in store.graphs():
        for f, s, sev, lbl in _rows(store, _Q_FINDINGS % Graphs.ANALYSIS):
            entry = found.setdefault((str(s), str(f)), (str(sev), {}))
            entry[1][(getattr(lbl, "language", None) or "de")[:2]] = str(lbl)
    for (s, f), (sev, labels) in sorted(found.items(), key=lambda kv: (_SEVERITY_ORDER.get(kv[1][0], 9), kv[0])):
        facts.findings[s].append((f, sev, labels))
    facts.metrics = stored_metrics(store)
    return facts


def detail_facts(store: Store) -> DetailFacts:
    """The panel's facts of ``store`` (cached until the store changes)."""
    return cached(store, ("view-detail-facts",), lambda: _load(store))


def _item(rm: ReadModel, iri: str, note: Text | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"label": rm.names(iri), "iri": iri}
    if note:
        out["note"] = note
    return out


def _by_number(rm: ReadModel, iris: Iterable[str]) -> list[str]:
    def key(i: str):
        num = rm.numbers.get(i, "")
        return ([int(p) if p.isdigit() else 0 for p in num.split(".")] if num else [999], rm.name(i, "de"))

    return sorted(set(iris), key=key)


def _start(rm: ReadModel, measure: str) -> Text | None:
    quarters = sorted(rm.objects(measure, "start"))
    return rm.names(quarters[0]) if quarters else None


def _sentences(quote: str, names: list[str]) -> str:
    """The sentences of ``quote`` that name one of ``names`` (the whole quote when none
    does, or when ``names`` is empty)."""
    if not names:
        return quote
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ«\"0-9])", quote)
    hits = [p for p in parts if any(re.search(r"\b" + re.escape(n) + r"\b", p) for n in names)]
    return " ".join(hits) if hits else quote


def _quotes(rm: ReadModel, df: DetailFacts, iri: str, names: list[str]) -> dict[str, Any] | None:
    quotes = sorted(df.quotes.get(iri, ()))
    if not quotes:
        return None
    items = [{"label": rm.names(p), "iri": p, "text": _sentences(q, names)} for p, q in quotes[:MAX_QUOTES]]
    section: dict[str, Any] = {"key": "quotes", "h": SECTION_LABELS["quotes"], "quotes": items}
    if len(quotes) > MAX_QUOTES:
        section["more"] = len(quotes) - MAX_QUOTES
    return section


def _list(key: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    return {"key": key, "h": SECTION_LABELS[key], "items": items} if items else None


def _findings(df: DetailFacts, iri: str) -> dict[str, Any] | None:
    items = [
        {"label": labels, "iri": f, "note": _SEVERITY.get(sev, text(sev))}
        for f, sev, labels in df.findings.get(iri, ())
    ]
    return _list("findings", items)


def _metrics(df: DetailFacts, iri: str) -> dict[str, Any] | None:
    items = []
    for name, label in METRIC_NAMES.items():
        value = df.metrics.get("collaboration/" + name, {}).get(iri)
        if value is not None:
            shown = f"{value:g}" if float(value).is_integer() else f"{value:.3f}"
            items.append({"label": label, "value": shown})
    return _list("metrics", items)


def _actor(rm: ReadModel, df: DetailFacts, iri: str) -> list[dict[str, Any] | None]:
    by_measure = rm.measures_of(iri)
    sections: list[dict[str, Any] | None] = []
    for role in ("lead", "partner", "addressee"):
        ms = _by_number(rm, (m for m, roles in by_measure.items() if role in roles))
        sections.append(_list(role, [_item(rm, m, _start(rm, m)) for m in ms]))
    fields = {f for m in by_measure for f in [rm.field_of(m)] if f}
    sections.append(_list("fields", [_item(rm, f) for f in _by_number(rm, fields)]))
    themes = {t for m in by_measure for t in rm.objects(m, "theme")}
    sections.append(_list("themes", [_item(rm, t) for t in sorted(themes, key=lambda t: rm.name(t, "de"))]))
    partners: set[str] = set()
    for m, roles in by_measure.items():
        if roles & {"lead", "partner"}:
            partners |= rm.actors_of(m, "lead") | rm.actors_of(m, "partner")
    partners.discard(iri)
    sections.append(_list("partners", [_item(rm, a) for a in sorted(partners, key=lambda a: rm.name(a, "de"))]))
    sections.append(_metrics(df, iri))
    return sections


def _measure(rm: ReadModel, df: DetailFacts, iri: str) -> list[dict[str, Any] | None]:
    sections: list[dict[str, Any] | None] = []
    if iri in df.texts:
        sections.append({"key": "text", "h": SECTION_LABELS["text"], "text": df.texts[iri]})
    goal = rm.goal_of(iri)
    if goal:
        sections.append(_list("goal", [_item(rm, goal)]))
    fld = rm.field_of(iri)
    if fld:
        sections.append(_list("field", [_item(rm, fld)]))
    start = _start(rm, iri)
    if start:
        sections.append({"key": "start", "h": SECTION_LABELS["start"], "text": start})
    for role in ("lead", "partner", "addressee"):
        actors = sorted(rm.actors_of(iri, role), key=lambda a: rm.name(a, "de"))
        sections.append(_list("actors-" + role, [_item(rm, a) for a in actors]))
    lines = [
        _item(rm, line, text(f"CHF {total:,.0f}".replace(",", "'"))) for line, total in sorted(df.budget.get(iri, ()))
    ]
    sections.append(_list("budget", lines))
    if goal:
        crit = sorted(df.criteria.get(goal, ()))
        sections.append(_list("criteria", [{"label": df.texts.get(c) or rm.names(c), "iri": c} for c in crit]))
    sections.append(_list("dependsOn", [_item(rm, m) for m in _by_number(rm, df.depends.get(iri, ()))]))
    sections.append(_list("dependents", [_item(rm, m) for m in _by_number(rm, df.dependents.get(iri, ()))]))
    return sections


def node_detail(store: Store, iri: str) -> dict[str, Any]:
    """The detail of the resource ``iri``: title, type and the sections its kind has
    (an actor: measures by role with starts, fields, themes, partners, metrics; a
    measure: text, goal, field, start, actors by role, budget, criteria, dependencies;
    anything: the findings about it and its source sentences)."""
    rm = read_model(store)
    df = detail_facts(store)
    kind = rm.type_of(iri)
    detail: dict[str, Any] = {"iri": iri, "title": rm.names(iri)}
    if kind:
        detail["type"] = {lang: t[:1].upper() + t[1:] for lang, t in rm.term_labels(kind).items()}
    sections: list[dict[str, Any] | None] = []
    names: list[str] = []
    if rm.is_a(iri, "Actor"):
        sections += _actor(rm, df, iri)
        names = sorted(set(rm.alt_labels.get(iri, ())) | set((rm.labels.get(iri) or {}).values()))
    elif rm.is_a(iri, "Measure"):
        sections += _measure(rm, df, iri)
    elif iri in df.texts:
        sections.append({"key": "text", "h": SECTION_LABELS["text"], "text": df.texts[iri]})
    sections.append(_findings(df, iri))
    sections.append(_quotes(rm, df, iri, names))
    detail["sections"] = [s for s in sections if s]
    return detail


def edge_measures(store: Store, a: str, b: str) -> list[str]:
    """The measures that make an edge between ``a`` and ``b``: for two actors the measures
    both lead or partner in (the collaboration tie), else those both take part in;
    for a measure and an actor or a measure and a measure, nothing."""
    rm = read_model(store)
    ma, mb = rm.measures_of(a), rm.measures_of(b)
    active = {"lead", "partner"}
    shared = [m for m in ma if m in mb and ma[m] & active and mb[m] & active]
    if not shared:
        shared = [m for m in ma if m in mb]
    return _by_number(rm, shared)
