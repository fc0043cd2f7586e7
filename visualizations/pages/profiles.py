"""Profiles: what a person reads first on a resource page, by the resource's class.

:func:`profile` returns plain data for ``api/templates/_profile.html``: a name, a type,
a few summary sentences and a list of sections. A section is a dict with ``kind``
(``facts``, ``table``, ``text``, ``quotes``, ``findings``) and ``heading``; its values are
*parts*, ``{"text": ..., "iri": ...}`` (``iri`` None for plain text), so the template links
every resource to its page. Everything comes from the read model
(:func:`igel_graph.readmodel.read_model`), the analysis graph (:mod:`.findings`,
:func:`igel_graph.readmodel.stored_metrics`), the financing table (:mod:`.budget`) and
the source passages; nothing here knows about the web.

The actor briefing answers "what does the plan ask of this organisation": its measures by
role with titles, starts and fields; its partners; its themes; its network metrics in
words; the findings about it; every source sentence that names it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any, Callable

from rdflib import Literal, URIRef

from igel_graph.cache import cached
from igel_graph.monitoring.asof import NO_REPORT, monitoring_as_of
from igel_graph.monitoring.facts import MonitoringFacts, is_example_iri
from igel_graph.namespaces import PREFIXES
from igel_graph.readmodel import ReadModel, read_model, stored_metrics
from visualizations.palette import STATUS_COLOURS

from .budget import BudgetLine, funding
from .data import run_query, select
from .findings import StoredFinding, findings_about

__all__ = ["profile", "source_sentences", "metrics_in_words", "chf"]

Part = dict[str, Any]
Section = dict[str, Any]

_P = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdfs", "skos", "dcterms"))
_Q_PASSAGES = (
    _P
    + """SELECT ?s ?passage ?quote ?section ?docLabel WHERE {
  ?s igel:sourcePassage ?passage . ?passage igel:quote ?quote .
  OPTIONAL { ?passage igel:section ?section }
  OPTIONAL { ?passage igel:inDocument ?doc . ?doc rdfs:label ?docLabel FILTER(langMatches(lang(?docLabel), ?lang)) }
}"""
)
_Q_TEXTS = (
    _P
    + """SELECT ?p ?text WHERE {
  VALUES ?p { igel:text skos:definition dcterms:description }
  ?this ?p ?text FILTER(langMatches(lang(?text), ?lang)) }"""
)
_Q_PARTS = _P + "SELECT ?part ?m WHERE { ?part igel:partOfMeasure ?m }"
_Q_OUT = _P + "SELECT DISTINCT ?p ?o WHERE { ?this ?p ?o FILTER(isIRI(?o)) }"
_ROLES = ("lead", "partner", "addressee")
_ROLE_ORDER = {r: i for i, r in enumerate(_ROLES)}
#: a sentence ends at . ! ? (not inside "z. B." or "Nr. 3": the next one starts upper-case)
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÄÖÜ«\"„(])")


def _w(lang: str, de: str, en: str) -> str:
    return de if lang == "de" else en


def chf(amount: float) -> str:
    """An amount as the pages print it.

    >>> chf(7000000.0)
    "7'000'000 CHF"
    """
    return "{:,.0f}".format(amount).replace(",", "'") + " CHF"


def _cap(text: str) -> str:
    """``text`` with a capital first letter, the rest as written ("action field" →
    "Action field"; the ontology's English labels are lower-case)."""
    return text[:1].upper() + text[1:]


def _part(rm: ReadModel, iri: str, lang: str) -> Part:
    return {"text": rm.name(iri, lang), "iri": iri}


def _text(text: str) -> Part:
    return {"text": text, "iri": None}


def _parts(rm: ReadModel, iris, lang: str) -> list[Part]:
    return sorted((_part(rm, i, lang) for i in iris), key=lambda p: _sort_key(p["text"]))


def _sort_key(text: str):
    # "1.1.10" after "1.1.9": numbers compare as numbers
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text)]


# ---- store reads (cached until the store changes)


def _passages(store, lang: str) -> dict[str, list[dict[str, str]]]:
    """Resource IRI → its source passages (``passage``, ``quote``, ``section``, ``doc``)."""

    def load() -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for r in select(store, _Q_PASSAGES, {"lang": Literal(lang)}):
            key = (str(r["s"]), str(r["passage"]))
            if key in seen:
                continue
            seen.add(key)
            out[key[0]].append(
                {
                    "passage": str(r["passage"]),
                    "quote": str(r["quote"]),
                    "section": str(r.get("section") or ""),
                    "doc": str(r.get("docLabel") or ""),
                }
            )
        return dict(out)

    return cached(store, ("profile-passages", lang), load)


def _parents(store) -> dict[str, str]:
    """Measure part IRI → the measure it is part of (``igel:partOfMeasure``)."""
    return cached(store, ("profile-parts",), lambda: {str(r["part"]): str(r["m"]) for r in select(store, _Q_PARTS)})


def _texts(store, iri: str, lang: str) -> dict[str, str]:
    """``text``, ``definition``, ``description`` of ``iri`` in ``lang`` (local names)."""
    out: dict[str, str] = {}
    for r in select(store, _Q_TEXTS, {"this": URIRef(iri), "lang": Literal(lang)}):
        out.setdefault(str(r["p"]).replace("#", "/").rsplit("/", 1)[-1], str(r["text"]))
    return out


def _out(store, iri: str) -> dict[str, list[str]]:
    """igel property local name → the IRIs ``iri`` links to with it."""
    out: dict[str, list[str]] = defaultdict(list)
    ns = PREFIXES["igel"]
    for r in select(store, _Q_OUT, {"this": URIRef(iri)}):
        p = str(r["p"])
        if p.startswith(ns):
            out[p[len(ns) :]].append(str(r["o"]))
    return out


# ---- shared pieces


def _names_of(rm: ReadModel, iri: str) -> list[str]:
    """The names a sentence may call ``iri`` by: labels in both languages (also without a
    trailing "(GSD)"), titles and alternative labels."""
    names = set(rm.search_terms(iri))
    for n in list(names):
        short = re.sub(r"\s*\([^)]*\)\s*$", "", n)
        if short:
            names.add(short)
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def source_sentences(text: str, names: list[str]) -> list[str]:
    """The sentences of ``text`` that name one of ``names`` (a whole word, case as written).

    >>> source_sentences("Das GSD führt. Die LERB helfen. Das GSD prüft.", ["GSD"])
    ['Das GSD führt.', 'Das GSD prüft.']
    """
    if not names:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return [s for s in _SENTENCE.split(text.strip()) if pattern.search(s)]


def _quotes(store, iris: list[str], lang: str, names: list[str] | None = None) -> list[dict[str, str]]:
    """The source passages of ``iris`` (each once), as quotes; with ``names``, only the
    sentences of each passage that name one of them (passages naming none are left out)."""
    passages = _passages(store, lang)
    seen: set[str] = set()
    said: set[str] = set()  # a sentence quoted once (2.2.1 and its parts share some)
    out = []
    for iri in iris:
        for p in passages.get(iri, []):
            if p["passage"] in seen:
                continue
            seen.add(p["passage"])
            text = p["quote"]
            if names is not None:
                sentences = [x for x in source_sentences(text, names) if not any(x in y or y in x for y in said)]
                said.update(sentences)
                if not sentences:
                    continue
                text = " … ".join(sentences)
            out.append({**p, "quote": text})
    return out


def _findings_section(store, rm: ReadModel, iri: str, lang: str) -> Section | None:
    items = findings_about(store, iri)
    if not items:
        return None
    return {
        "kind": "findings",
        "id": "findings",
        "heading": _w(lang, "Befunde der Analyse", "Findings of the analysis"),
        "findings": [_finding(f, lang) for f in items],
    }


def _finding(f: StoredFinding, lang: str) -> dict[str, Any]:
    return {
        "iri": f.iri,
        "severity": f.severity,
        "title": f.title.get(lang) or f.title.get("de", ""),
        "explanation": f.explanation.get(lang) or f.explanation.get("de", ""),
    }


def _quote_section(quotes: list[dict[str, str]], lang: str, heading: str | None = None) -> Section | None:
    if not quotes:
        return None
    return {
        "kind": "quotes",
        "id": "sources",
        "heading": heading or _w(lang, "Was die Quelle sagt", "What the source says"),
        "quotes": quotes,
    }


def _budget_parts(lines: list[BudgetLine], lang: str) -> list[Part]:
    out = []
    for line in lines:
        text = line.name + (f" ({_w(lang, 'Posten gesamt', 'line total')} {chf(line.amount)})" if line.amount else "")
        out.append({"text": text, "iri": line.iri})
    return out


def _start(rm: ReadModel, measure: str, lang: str) -> list[Part]:
    starts = sorted(rm.objects(measure, "start")) or sorted(rm.objects(measure, "status"))
    return [_part(rm, s, lang) for s in starts]


def _measure_row(
    rm: ReadModel, m: str, lang: str, roles: set[str] | None = None, mon: MonitoringFacts | None = None
) -> list[list[Part]]:
    field = rm.field_of(m)
    row = [[_part(rm, m, lang)]]
    if roles is not None:
        row.append([_text(rm.term_label(r, lang)) for r in sorted(roles, key=lambda r: _ROLE_ORDER[r])])
    else:
        row.append(_parts(rm, rm.actors_of(m, "lead"), lang))
    row.append(_start(rm, m, lang))
    if mon is not None:
        row.append([_status_part(rm, mon, m, lang)])
    row.append([_part(rm, field, lang)] if field else [])
    return row


def _measure_table(
    rm: ReadModel,
    measures,
    lang: str,
    heading: str,
    roles: dict[str, set[str]] | None = None,
    mon: MonitoringFacts | None = None,
):
    """The table of ``measures`` (number and name, role or lead, start, field); with
    ``mon`` also each measure's current status as of ``mon.as_of``, under a "Stand" line."""
    ordered = sorted(measures, key=lambda m: _sort_key(rm.numbers.get(m, rm.name(m, lang))))
    if not ordered:
        return None
    columns = [
        rm.term_label("Measure", lang),
        _w(lang, "Rolle", "Role") if roles is not None else rm.term_label("lead", lang),
        rm.term_label("start", lang),
    ]
    if mon is not None:
        columns.append(_w(lang, "Umsetzungsstand", "Status"))
    columns.append(rm.term_label("ActionField", lang))
    section: Section = {
        "kind": "table",
        "id": "measures",
        "heading": heading,
        "columns": columns,
        "rows": [_measure_row(rm, m, lang, roles.get(m) if roles is not None else None, mon) for m in ordered],
    }
    if mon is not None:
        latest = [mon.latest(m) for m in ordered]
        section["as_of"] = _as_of_line(mon.as_of, lang)
        section["as_of_day"] = mon.as_of.isoformat()
        section["example"] = any(r is not None and is_example_iri(r.iri) for r in latest)
    return section


# ---- status (issue 14): read from the monitoring facts as of a day, never computed here


def _as_of_line(day: dt.date, lang: str) -> str:
    return _w(
        lang,
        f"Stand: {day.isoformat()} – was bis zu diesem Tag gemeldet und erfasst war.",
        f"As of {day.isoformat()}: what had been reported and recorded by that day.",
    )


def _status_label(rm: ReadModel, status: str, lang: str) -> str:
    """The label of a status concept in the scheme (``verzögert`` / ``delayed``)."""
    return rm.label(status, lang) or status.rsplit("/", 1)[-1]


def _status_part(rm: ReadModel, mon: MonitoringFacts, measure: str, lang: str) -> Part:
    """The current status of ``measure`` as of ``mon.as_of``, with the day it holds from."""
    r = mon.latest(measure)
    if r is None:
        return _status(_w(lang, "keine Meldung", "no report"), NO_REPORT)
    label = _status_label(rm, r.status, lang)
    return _status(f"{label} ({_w(lang, 'seit', 'since')} {r.since.isoformat()})", r.code)


def _status(text: str, code: str) -> Part:
    """A part naming a status, with the code and the palette's colour of its swatch."""
    return {"text": text, "iri": None, "status": code, "colour": STATUS_COLOURS.get(code, STATUS_COLOURS[NO_REPORT])}


def _status_section(rm: ReadModel, mon: MonitoringFacts, measure: str, lang: str) -> Section:
    """The measure's current status and its history as of ``mon.as_of``, newest first:
    the day each report holds from, the status, the reporter, the note, the evidence."""
    history = list(reversed(mon.reports_of(measure)))
    current = _status_part(rm, mon, measure, lang)
    rows = []
    for r in history:
        evidence: list[Part] = (
            [{"text": _w(lang, "Beleg", "evidence"), "iri": None, "href": r.evidence}] if r.evidence else []
        )
        rows.append(
            [
                [_text(r.since.isoformat())],
                [_status(_status_label(rm, r.status, lang), r.code)],
                [_part(rm, r.reporter, lang)],
                [_text(r.note)] if r.note else [],
                evidence,
            ]
        )
    return {
        "kind": "status",
        "id": "status",
        "heading": _w(lang, "Umsetzungsstand", "Status"),
        "current": current,
        "current_label": _w(lang, "Aktueller Stand", "Current status"),
        "as_of": _as_of_line(mon.as_of, lang),
        "as_of_day": mon.as_of.isoformat(),
        "example": any(is_example_iri(r.iri) for r in history),
        "columns": [
            _w(lang, "gilt ab", "holds from"),
            _w(lang, "Status", "status"),
            _w(lang, "gemeldet von", "reported by"),
            _w(lang, "Bemerkung", "note"),
            _w(lang, "Beleg", "evidence"),
        ],
        "rows": rows,
        "empty": _w(
            lang,
            "Bis zu diesem Tag ist zu dieser Massnahme nichts gemeldet.",
            "Nothing had been reported on this measure by that day.",
        ),
    }


def _head(rm: ReadModel, iri: str, lang: str, kind: str) -> dict[str, Any]:
    local = rm.type_of(iri)
    alt = sorted(a for a in rm.alt_labels.get(iri, ()) if a not in rm.name(iri, lang))
    return {
        "kind": kind,
        "iri": iri,
        "name": rm.name(iri, lang),
        "type": rm.term_label(local, lang) if local else "",
        "alt": alt,
        "summary": [],
        "sections": [],
    }


def _add(profile: dict[str, Any], *sections: Section | None) -> None:
    profile["sections"].extend(s for s in sections if s)


# ---- the actor briefing


def metrics_in_words(store, rm: ReadModel, actor: str, lang: str) -> list[str]:
    """The collaboration metrics of ``actor`` from the analysis graph, as sentences: how many
    of the other actors it works with, its rank as a broker, and whom only it connects.

    The degree counts the actors it shares a measure with (as lead or partner); the network
    holds every actor that leads or partners in a measure; "sole link" comes from the
    analysis's sole-broker finding about it.
    """
    metrics = stored_metrics(store)
    degree = metrics.get("collaboration/degree", {})
    if actor not in degree:
        return [
            _w(
                lang,
                "Nicht im Zusammenarbeitsnetz: führt keine Massnahme mit anderen und ist nirgends Partner.",
                "Not in the collaboration network: leads no measure with others and partners in none.",
            )
        ]
    others = len(degree) - 1
    out = [
        _w(
            lang,
            f"Arbeitet in Massnahmen mit {int(degree[actor])} der {others} anderen Akteure des Zusammenarbeitsnetzes zusammen.",
            f"Works in measures with {int(degree[actor])} of the {others} other actors of the collaboration network.",
        )
    ]
    betweenness = metrics.get("collaboration/betweenness", {})
    if actor in betweenness:
        rank = 1 + sum(1 for v in betweenness.values() if v > betweenness[actor])
        out.append(
            _w(
                lang,
                f"Rang {rank} von {len(betweenness)} als Vermittler (Betweenness {betweenness[actor]:.2f}): "
                "so oft liegt es auf dem kürzesten Weg zwischen zwei anderen.",
                f"Rank {rank} of {len(betweenness)} as a broker (betweenness {betweenness[actor]:.2f}): "
                "how often it lies on the shortest path between two others.",
            )
        )
    for f in findings_about(store, actor):
        if f.kind == "sole-broker":
            only = [e for e in f.evidence if e != actor and rm.is_a(e, "Actor")]
            if only:
                names = ", ".join(sorted(rm.name(e, lang) for e in only))
                out.append(
                    _w(lang, f"Einzige Verbindung zum Netz für: {names}.", f"Sole link to the network for: {names}.")
                )
    return out


def actor_profile(store, rm: ReadModel, iri: str, lang: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The actor briefing (see the module docstring), each measure with its status as of
    ``as_of`` (default today)."""
    p = _head(rm, iri, lang, "actor")
    parents = _parents(store)
    named = {m: r for m, r in rm.measures_of(iri).items() if rm.is_a(m, "Measure") or rm.is_a(m, "MeasurePart")}
    # a part of a measure it already has counts as that measure (2.2.1 and its two parts
    # are one line of the briefing); a part alone stands for its measure
    roles: dict[str, set[str]] = defaultdict(set)
    for m, r in named.items():
        roles[parents.get(m, m)] |= r
    by_role = {r: sorted(m for m, rs in roles.items() if r in rs) for r in _ROLES}
    counts = ", ".join(f"{len(by_role[r])} {rm.term_label(r, lang)}" for r in _ROLES if by_role[r])
    if roles:
        n = len(roles)
        what = _w(lang, "Massnahme" if n == 1 else "Massnahmen", "measure" if n == 1 else "measures")
        p["summary"].append(
            _w(
                lang,
                f"Der Plan nennt {p['name']} in {n} {what} ({counts}).",
                f"The plan names {p['name']} in {n} {what} ({counts}).",
            )
        )
    else:
        p["summary"].append(_w(lang, "Keine Massnahme nennt es in einer Rolle.", "No measure names it in a role."))
    texts = _texts(store, iri, lang)
    if texts.get("description"):
        p["summary"].append(texts["description"])
    partners: dict[str, set[str]] = defaultdict(set)
    themes: dict[str, set[str]] = defaultdict(set)
    for m in named:
        whole = parents.get(m, m)
        for a in rm.actors_of(m, "lead") | rm.actors_of(m, "partner"):
            if a != iri:
                partners[a].add(whole)
        for t in rm.objects(whole, "theme"):
            themes[t].add(whole)

    def by_measures(items: dict[str, set[str]]) -> list[list[list[Part]]]:
        rows = []
        for other in sorted(items, key=lambda a: (-len(items[a]), rm.name(a, lang))):
            numbers = sorted((rm.numbers.get(m, "") for m in items[other]), key=_sort_key)
            rows.append([[_part(rm, other, lang)], [_text(", ".join(n for n in numbers if n))]])
        return rows

    _add(
        p,
        _measure_table(
            rm,
            roles,
            lang,
            _w(lang, "Was der Plan von ihm verlangt", "What the plan asks of it"),
            roles=roles,
            mon=monitoring_as_of(store, as_of or dt.date.today()),
        ),
        {
            "kind": "text",
            "id": "metrics",
            "heading": _w(lang, "Stellung im Netz", "Place in the network"),
            "paragraphs": metrics_in_words(store, rm, iri, lang),
        },
        {
            "kind": "table",
            "id": "partners",
            "heading": _w(lang, "Mit wem es zusammenarbeitet", "Whom it works with"),
            "columns": [rm.term_label("Actor", lang), _w(lang, "gemeinsame Massnahmen", "shared measures")],
            "rows": by_measures(partners),
        }
        if partners
        else None,
        {
            "kind": "table",
            "id": "themes",
            "heading": _w(lang, "Themen", "Themes"),
            "columns": [rm.term_label("Theme", lang), rm.term_label("Measure", lang)],
            "rows": by_measures(themes),
        }
        if themes
        else None,
        _findings_section(store, rm, iri, lang),
        _quote_section(
            _quotes(store, [iri, *sorted(named, key=_sort_key)], lang, names=_names_of(rm, iri)),
            lang,
            _w(lang, "Jeder Satz der Quellen, der es nennt", "Every source sentence that names it"),
        ),
    )
    return p


# ---- measure, goal, action field, theme, plan


def measure_profile(store, rm: ReadModel, iri: str, lang: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """A measure: its text, goal, field, start, actors by role, budget lines with their
    amounts, its status and status history as of ``as_of`` (default today; a measure, not
    a part of one: reports are on measures), the criteria of its goal, its dependencies,
    the source sentence."""
    p = _head(rm, iri, lang, "measure")
    texts = _texts(store, iri, lang)
    if texts.get("text"):
        p["summary"].append(texts["text"])
    out = _out(store, iri)
    goal = rm.goal_of(iri)
    field = rm.field_of(iri)
    lines = funding(store, lang).get(iri, [])
    facts: list[tuple[str, list[Part]]] = []
    if goal:
        facts.append((rm.term_label("Goal", lang), [_part(rm, goal, lang)]))
    if field:
        facts.append((rm.term_label("ActionField", lang), [_part(rm, field, lang)]))
    facts.append((rm.term_label("start", lang), _start(rm, iri, lang) or [_text("–")]))
    for role in _ROLES:
        actors = rm.actors_of(iri, role)
        if actors:
            facts.append((rm.term_label(role, lang), _parts(rm, actors, lang)))
    if out.get("measureKind"):
        facts.append((rm.term_label("measureKind", lang), _parts(rm, out["measureKind"], lang)))
    if rm.objects(iri, "theme"):
        facts.append((rm.term_label("theme", lang), _parts(rm, rm.objects(iri, "theme"), lang)))
    facts.append(
        (
            _w(lang, "Budget", "Budget"),
            _budget_parts(lines, lang)
            or [
                _text(
                    _w(
                        lang,
                        "nicht zugeordnet: der Plan weist dieser Massnahme keinen Budgetposten zu",
                        "not allocated: the plan assigns no budget line to this measure",
                    )
                )
            ],
        )
    )
    deps = run_query(store, "dependencies", {"lang": lang})
    before = [str(r["dependsOn"]) for r in deps if str(r["measure"]) == iri]
    after = [str(r["measure"]) for r in deps if str(r["dependsOn"]) == iri]
    if before:
        facts.append((_w(lang, "Setzt voraus", "Depends on"), _parts(rm, set(before), lang)))
    if after:
        facts.append((_w(lang, "Voraussetzung für", "Needed by"), _parts(rm, set(after), lang)))
    criteria = _criteria(store, goal, lang) if goal else []
    _add(
        p,
        {"kind": "facts", "id": "facts", "heading": _w(lang, "Auf einen Blick", "At a glance"), "rows": facts},
        _status_section(rm, monitoring_as_of(store, as_of or dt.date.today()), iri, lang)
        if rm.is_a(iri, "Measure")
        else None,
        {
            "kind": "text",
            "id": "criteria",
            "heading": _w(lang, "Evaluationskriterien des Ziels", "Evaluation criteria of the goal"),
            "paragraphs": criteria,
            "ordered": True,
        }
        if criteria
        else None,
        _findings_section(store, rm, iri, lang),
        _quote_section(_quotes(store, [iri], lang), lang),
    )
    return p


def _criteria(store, goal: str, lang: str) -> list[str]:
    rows = run_query(store, "goals-and-criteria", {"goal": goal, "lang": lang})
    return [str(r.get("criterionText") or "") for r in rows if r.get("criterion") is not None]


def goal_profile(store, rm: ReadModel, iri: str, lang: str) -> dict[str, Any]:
    """A goal: its text, field, measures with lead and start, criteria, budget, themes."""
    p = _head(rm, iri, lang, "goal")
    texts = _texts(store, iri, lang)
    if texts.get("text"):
        p["summary"].append(texts["text"])
    measures = {m for m, gs in rm.structure.get("contributesTo", {}).items() if iri in gs}
    field = rm.field_of(iri)
    money = funding(store, lang)
    lines = list(dict.fromkeys(money.get(iri, []) + [line for m in sorted(measures) for line in money.get(m, [])]))
    facts: list[tuple[str, list[Part]]] = []
    if field:
        facts.append((rm.term_label("ActionField", lang), [_part(rm, field, lang)]))
    if rm.objects(iri, "theme"):
        facts.append((rm.term_label("theme", lang), _parts(rm, rm.objects(iri, "theme"), lang)))
    concerns = _out(store, iri).get("concerns", [])
    if concerns:
        facts.append((rm.term_label("concerns", lang), _parts(rm, concerns, lang)))
    facts.append(
        (
            _w(lang, "Budget", "Budget"),
            _budget_parts(lines, lang) or [_text(_w(lang, "nicht zugeordnet", "not allocated"))],
        )
    )
    criteria = _criteria(store, iri, lang)
    _add(
        p,
        {"kind": "facts", "id": "facts", "heading": _w(lang, "Auf einen Blick", "At a glance"), "rows": facts},
        _measure_table(rm, measures, lang, _w(lang, "Massnahmen", "Measures")),
        {
            "kind": "text",
            "id": "criteria",
            "heading": _w(lang, "Evaluationskriterien", "Evaluation criteria"),
            "paragraphs": criteria,
            "ordered": True,
        }
        if criteria
        else None,
        _findings_section(store, rm, iri, lang),
        _quote_section(_quotes(store, [iri], lang), lang),
    )
    return p


def field_profile(store, rm: ReadModel, iri: str, lang: str) -> dict[str, Any]:
    """An action field: its goals, its measures with lead and start, the actors who lead
    there, the source sentence."""
    p = _head(rm, iri, lang, "field")
    goals = {g for g, fs in rm.structure.get("inActionField", {}).items() if iri in fs and rm.is_a(g, "Goal")}
    measures = {m for m in rm.of_type("Measure") if rm.field_of(m) == iri}
    leads = {a for m in measures for a in rm.actors_of(m, "lead")}
    p["summary"].append(
        _w(
            lang,
            f"Ziele: {len(goals)} · Massnahmen: {len(measures)} · federführende Akteure: {len(leads)}",
            f"Goals: {len(goals)} · measures: {len(measures)} · leading actors: {len(leads)}",
        )
    )
    _add(
        p,
        {
            "kind": "facts",
            "id": "facts",
            "heading": _w(lang, "Auf einen Blick", "At a glance"),
            "rows": [
                (rm.term_label("Goal", lang), _parts(rm, goals, lang)),
                (_w(lang, "Federführung", "Leads"), _parts(rm, leads, lang)),
                (rm.term_label("concerns", lang), _parts(rm, _out(store, iri).get("concerns", []), lang)),
            ],
        },
        _measure_table(rm, measures, lang, _w(lang, "Massnahmen", "Measures")),
        _findings_section(store, rm, iri, lang),
        _quote_section(_quotes(store, [iri], lang), lang),
    )
    return p


def theme_profile(store, rm: ReadModel, iri: str, lang: str) -> dict[str, Any]:
    """A theme: its definition, the measures and goals on it, the actors who act there."""
    p = _head(rm, iri, lang, "theme")
    texts = _texts(store, iri, lang)
    if texts.get("definition"):
        p["summary"].append(texts["definition"])
    on = {s for s, ts in rm.structure.get("theme", {}).items() if iri in ts}
    measures = {m for m in on if rm.is_a(m, "Measure")}
    goals = {g for g in on if rm.is_a(g, "Goal")}
    actors = {a for m in measures for r in ("lead", "partner") for a in rm.actors_of(m, r)}
    _add(
        p,
        {
            "kind": "facts",
            "id": "facts",
            "heading": _w(lang, "Auf einen Blick", "At a glance"),
            "rows": [
                (rm.term_label("Goal", lang), _parts(rm, goals, lang) or [_text("–")]),
                (_w(lang, "Handelnde Akteure", "Acting actors"), _parts(rm, actors, lang) or [_text("–")]),
            ],
        },
        _measure_table(rm, measures, lang, _w(lang, "Massnahmen zu diesem Thema", "Measures on this theme")),
        _findings_section(store, rm, iri, lang),
        _quote_section(_quotes(store, [iri], lang, names=_names_of(rm, iri)) or _quotes(store, [iri], lang), lang),
    )
    return p


def plan_profile(store, rm: ReadModel, iri: str, lang: str) -> dict[str, Any]:
    """A plan: its description, action fields with their goals and measures, the money of
    its financing table; a model project (the BW project) links its project page."""
    from .project import is_project

    p = _head(rm, iri, lang, "plan")
    texts = _texts(store, iri, lang)
    if texts.get("description"):
        p["summary"].append(texts["description"])
    out = _out(store, iri)
    facts: list[tuple[str, list[Part]]] = []
    for prop in ("period", "implements", "region", "careSector"):
        if out.get(prop):
            facts.append((rm.term_label(prop, lang), _parts(rm, out[prop], lang)))
    fields = sorted(
        (f for f in rm.of_type("ActionField") if iri in rm.objects(f, "partOfPlan")),
        key=lambda f: _sort_key(rm.numbers.get(f, "")),
    )
    measures = {m for m in rm.of_type("Measure") if iri in rm.objects(m, "partOfPlan")}
    if fields:
        facts.append((rm.term_label("ActionField", lang), [_part(rm, f, lang) for f in fields]))
    for r in run_query(store, "financing-table", {"plan": iri, "lang": lang}):
        if str(r["kind"]) == "overall" and r.get("amount") is not None:
            facts.append((_w(lang, "Budget gesamt", "Total budget"), [_text(chf(float(r["amount"])))]))
    if is_project(store, URIRef(iri)):
        slug = iri.rstrip("/").rsplit("/", 1)[-1]
        facts.append(
            (
                _w(lang, "Projektseite", "Project page"),
                [
                    {
                        "text": _w(
                            lang, "Region, Laufzeit, Förderung und Akteure", "Region, period, funding and actors"
                        ),
                        "path": f"/projects/{slug}",
                    }
                ],
            )
        )
    if measures:
        p["summary"].append(
            _w(
                lang,
                f"Handlungsfelder: {len(fields)} · Massnahmen: {len(measures)}",
                f"Action fields: {len(fields)} · measures: {len(measures)}",
            )
        )
    _add(
        p,
        {"kind": "facts", "id": "facts", "heading": _w(lang, "Auf einen Blick", "At a glance"), "rows": facts}
        if facts
        else None,
        _measure_table(rm, measures, lang, _w(lang, "Massnahmen", "Measures")),
        _findings_section(store, rm, iri, lang),
        _quote_section(_quotes(store, [iri], lang), lang),
    )
    return p


_BUILDERS: list[tuple[str, Callable[..., dict[str, Any]]]] = [
    ("Actor", actor_profile),
    ("MeasurePart", measure_profile),
    ("Measure", measure_profile),
    ("Goal", goal_profile),
    ("ActionField", field_profile),
    ("Theme", theme_profile),
    ("Plan", plan_profile),
]


def profile(store, iri: str, lang: str, as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The profile of ``iri`` for its class (actor, measure, goal, action field, theme,
    plan), or None for a resource of another class (its page shows the statements only).
    ``as_of`` (default today) is the day whose monitoring knowledge the actor briefing and
    the measure profile show."""
    rm = read_model(store)
    for local, build in _BUILDERS:
        if rm.is_a(iri, local):
            if build in (actor_profile, measure_profile):
                return build(store, rm, iri, lang, as_of)
            return build(store, rm, iri, lang)
    return None
