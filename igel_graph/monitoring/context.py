"""What a plan offers to report on, read once from a store.

A status report names a measure by its number, an observation an evaluation criterion
by goal and criterion number, spending a budget line by the last segment of its IRI; a
reporter is an actor by the last segment of its IRI (``bkd``). :class:`PlanContext`
resolves those codes and knows who may report on what: the actor responsible for the
plan (the department, e.g. the GSD) on everything, any other actor only on measures it
leads or partners in (also through a part of the measure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import URIRef

from ..namespaces import PREFIXES, resource

__all__ = ["PlanContext", "DEFAULT_PLAN", "LIFE_ORDER"]

DEFAULT_PLAN = "igel-2026-2030"

#: the implementation states in the order of a measure's life
LIFE_ORDER = ("planned", "started", "on-track", "delayed", "completed", "suspended", "dropped")

_HEAD = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdfs", "qb"))

_MEASURES = _HEAD + """SELECT ?m ?number WHERE { ?m a igel:Measure ; igel:partOfPlan ?plan ; igel:number ?number }"""
_PARTICIPANTS = (
    _HEAD
    + """SELECT DISTINCT ?m ?actor WHERE {
  ?m a igel:Measure ; igel:partOfPlan ?plan .
  { ?m igel:lead|igel:partner ?actor } UNION { ?part igel:partOfMeasure ?m ; igel:lead|igel:partner ?actor }
}"""
)
_CRITERIA = (
    _HEAD
    + """SELECT ?c ?goalNumber ?number WHERE {
  ?goal a igel:Goal ; igel:partOfPlan ?plan ; igel:number ?goalNumber ; igel:hasCriterion ?c .
  ?c igel:number ?number }"""
)
_LINES = _HEAD + """SELECT ?line WHERE { ?plan igel:budgetDataSet ?ds . ?obs qb:dataSet ?ds ; igel:budgetLine ?line }"""
_YEARS = (
    _HEAD + """SELECT (MIN(?y) AS ?first) WHERE { ?plan igel:budgetDataSet ?ds . ?obs qb:dataSet ?ds ; igel:year ?y }"""
)
_SPAN = _HEAD + """SELECT ?begin ?end WHERE { ?plan igel:period ?p . ?p igel:beginsAt ?begin ; igel:endsAt ?end }"""
_FIRST_START = (
    _HEAD + """SELECT (MIN(?b) AS ?first) WHERE { ?m igel:partOfPlan ?plan ; igel:start ?q . ?q igel:beginsAt ?b }"""
)
_ACTORS = _HEAD + """SELECT DISTINCT ?a WHERE { ?a a ?c . ?c rdfs:subClassOf* igel:Actor }"""
_RESPONSIBLE = _HEAD + """SELECT ?a WHERE { ?a igel:responsibleFor ?plan }"""
_STATUSES = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    + _HEAD
    + """SELECT ?s ?code WHERE { ?s skos:inScheme ?scheme ; skos:notation ?code }"""
)
_INDICATORS = _HEAD + """SELECT ?i ?c WHERE { ?i a igel:Indicator ; igel:indicatorOf ?c }"""


@dataclass
class PlanContext:
    """The codes of one plan and who takes part in what.

    Attributes
    ----------
    plan : the plan's IRI.
    measures : measure number → IRI ("3.1.2" → …/measure/3.1.2).
    participants : measure IRI → the actors that lead or partner in it.
    criteria : "goal/criterion" ("1.1/1") → criterion IRI.
    lines : budget line code (last IRI segment) → IRI.
    actors : actor code (last IRI segment) → IRI.
    responsible : the actors responsible for the plan (they may report on everything).
    statuses : status code ("delayed") → concept of the implementation-state scheme.
    indicators : indicator IRI → its criterion, for the indicators the store defines.
    begins, ends : the span a report may fall in: from the earlier of the plan's period,
        its first planned start and its first budget year, up to (not including) the end
        of its period.
    """

    plan: URIRef
    measures: dict[str, URIRef] = field(default_factory=dict)
    participants: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    criteria: dict[str, URIRef] = field(default_factory=dict)
    lines: dict[str, URIRef] = field(default_factory=dict)
    actors: dict[str, URIRef] = field(default_factory=dict)
    responsible: set[URIRef] = field(default_factory=set)
    indicators: dict[URIRef, URIRef] = field(default_factory=dict)  # indicator -> criterion
    statuses: dict[str, URIRef] = field(default_factory=dict)
    begins: dt.date = dt.date(1900, 1, 1)
    ends: dt.date = dt.date(9999, 1, 1)

    @classmethod
    def load(cls, store, plan: str = DEFAULT_PLAN) -> "PlanContext":
        """Read the plan ``plan`` (the last segment of its IRI) from ``store``."""
        iri = resource("plan", plan)
        bind = {"plan": iri}
        ctx = cls(plan=iri)
        for m, number in store.query(_MEASURES, bindings=bind).rows:
            ctx.measures[str(number)] = m
        for m, actor in store.query(_PARTICIPANTS, bindings=bind).rows:
            ctx.participants.setdefault(m, set()).add(actor)
        for c, goal, number in store.query(_CRITERIA, bindings=bind).rows:
            ctx.criteria[f"{goal}/{number}"] = c
        for (line,) in store.query(_LINES, bindings=bind).rows:
            ctx.lines[_last(line)] = line
        for (actor,) in store.query(_ACTORS).rows:
            ctx.actors.setdefault(_last(actor), actor)
        ctx.responsible = {row[0] for row in store.query(_RESPONSIBLE, bindings=bind).rows}
        scheme = {"scheme": resource("scheme", "implementation-status")}
        found = {str(code): status for status, code in store.query(_STATUSES, bindings=scheme).rows}
        # in the order of a measure's life, as the scheme lists them
        for code in sorted(found, key=lambda c: (LIFE_ORDER.index(c) if c in LIFE_ORDER else 99, c)):
            ctx.statuses[code] = found[code]
        for i, c in store.query(_INDICATORS).rows:
            ctx.indicators[i] = c
        candidates_begin: list[dt.date] = []
        for begin, end in store.query(_SPAN, bindings=bind).rows:
            candidates_begin.append(begin.toPython().date())
            ctx.ends = end.toPython().date()
        first = store.query(_FIRST_START, bindings=bind).rows
        if first and first[0][0] is not None:
            candidates_begin.append(first[0][0].toPython().date())
        year = store.query(_YEARS, bindings=bind).rows
        if year and year[0][0] is not None:
            candidates_begin.append(dt.date(int(year[0][0]), 1, 1))
        if candidates_begin:
            ctx.begins = min(candidates_begin)
        return ctx

    def may_report_on(self, actor: URIRef, measure: URIRef) -> bool:
        """Whether ``actor`` may report the status of ``measure``: the plan's responsible
        department always, another actor if it leads or partners in the measure."""
        return actor in self.responsible or actor in self.participants.get(measure, set())

    def code_of_measure(self, measure: URIRef) -> str:
        """The number of a measure IRI (its last segment)."""
        return _last(measure)


def _last(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
