"""The monitoring data of a store as plain Python data, and what it says as of a day.

:func:`load_monitoring` reads every status report, indicator, observation and spending
report once (both monitoring graphs); :class:`MonitoringFacts` answers "as of" questions
in Python: the latest status of a measure, when it first started or was completed, the
observations of an indicator and the latest spending of a budget cell, counting only
what was valid *and* recorded (``prov:generatedAtTime``) on or before the day, compared
as whole days — the same rule as the named queries ``measure-status`` and friends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..namespaces import PREFIXES

__all__ = ["MonitoringFacts", "load_monitoring", "STARTED", "Report", "Observation", "Spending", "IndicatorDef"]

#: statuses that mean work has begun ("delayed" alone does not: a measure may be delayed
#: before it starts; one delayed after starting has an earlier "started" report)
STARTED = frozenset({"started", "on-track", "completed", "suspended"})

_HEAD = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "prov", "skos", "rdfs", "qb"))
_Q_REPORTS = (
    _HEAD
    + """SELECT DISTINCT ?r ?m ?code ?since ?known ?reporter ?s ?note ?evidence WHERE {
  ?r a igel:StatusReport ; igel:reportOn ?m ; igel:reportedStatus ?s ; igel:validFrom ?since ;
     prov:generatedAtTime ?known ; igel:reporter ?reporter . ?s skos:notation ?code
  OPTIONAL { ?r igel:note ?note } OPTIONAL { ?r igel:evidenceLink ?evidence } }"""
)
_Q_INDICATORS = (
    _HEAD
    + """SELECT DISTINCT ?i ?c ?direction ?baseline ?baselineDate ?target ?targetDate ?unit WHERE {
  ?i a igel:Indicator ; igel:indicatorOf ?c ; igel:direction ?direction ; igel:baseline ?baseline ;
     igel:baselineDate ?baselineDate ; igel:target ?target ; igel:targetDate ?targetDate ; igel:unit ?unit }"""
)
_Q_OBSERVATIONS = (
    _HEAD
    + """SELECT DISTINCT ?o ?i ?at ?value ?known WHERE {
  ?o a igel:IndicatorObservation ; igel:indicator ?i ; igel:observedAt ?at ; igel:observedValue ?value ;
     prov:generatedAtTime ?known }"""
)
_Q_SPENDING = (
    _HEAD
    + """SELECT DISTINCT ?o ?line ?year ?on ?committed ?paid ?known WHERE {
  ?o a igel:SpendingObservation ; igel:budgetLine ?line ; igel:year ?year ; igel:validFrom ?on ;
     igel:committedAmount ?committed ; igel:paidAmount ?paid ; prov:generatedAtTime ?known }"""
)
_Q_LINE_LABELS = _HEAD + """SELECT DISTINCT ?line ?label WHERE { ?line a igel:BudgetLine ; skos:altLabel ?label }"""
_Q_PLANNED = (
    _HEAD
    + """SELECT DISTINCT ?cell ?line ?year ?amount WHERE {
  ?cell a igel:BudgetObservation ; igel:budgetLine ?line ; igel:year ?year ; igel:amount ?amount }"""
)


def _day(term) -> dt.date:
    return dt.date.fromisoformat(str(term)[:10])


@dataclass(frozen=True)
class Report:
    """One status report: IRI, measure, status code, the day it holds from, the day it was
    recorded, the reporter, and the status concept, note and evidence link ("" when
    absent)."""

    iri: str
    measure: str
    code: str
    since: dt.date
    known: dt.date
    reporter: str
    status: str = ""
    note: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Observation:
    """One indicator value on its reference day, and the day it was recorded."""

    iri: str
    indicator: str
    at: dt.date
    value: float
    known: dt.date


@dataclass(frozen=True)
class Spending:
    """One spending report of a budget line and year."""

    iri: str
    line: str
    year: int
    on: dt.date
    committed: float
    paid: float
    known: dt.date


@dataclass(frozen=True)
class IndicatorDef:
    """An indicator's definition."""

    iri: str
    criterion: str
    direction: str
    baseline: float
    baseline_date: dt.date
    target: float
    target_date: dt.date
    unit: str


@dataclass
class MonitoringFacts:
    """Everything reported, and the day it is read as of."""

    as_of: dt.date
    reports: list[Report] = field(default_factory=list)
    indicators: dict[str, IndicatorDef] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    spending: list[Spending] = field(default_factory=list)
    #: budget cell IRI → (line, year, planned amount)
    planned: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    #: budget line → language → its label with its group ("Forum IGeL: Konzipierung")
    line_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def _known(self, day: dt.date, known: dt.date) -> bool:
        return day <= self.as_of and known <= self.as_of

    def reports_of(self, measure: str) -> list[Report]:
        """The reports on ``measure`` known as of the day, oldest first."""
        out = [r for r in self.reports if r.measure == measure and self._known(r.since, r.known)]
        return sorted(out, key=lambda r: (r.since, r.iri))

    def latest(self, measure: str) -> Report | None:
        """The status report in force on the day (None: nothing reported yet)."""
        reports = self.reports_of(measure)
        return reports[-1] if reports else None

    def first(self, measure: str, codes: frozenset[str] | set[str]) -> Report | None:
        """The first report on ``measure`` with one of ``codes`` known on the day."""
        return next((r for r in self.reports_of(measure) if r.code in codes), None)

    def values_of(self, indicator: str) -> list[Observation]:
        """The observations of ``indicator`` known on the day, oldest first."""
        out = [o for o in self.observations if o.indicator == indicator and self._known(o.at, o.known)]
        return sorted(out, key=lambda o: (o.at, o.iri))

    def spending_of(self, line: str, year: int) -> Spending | None:
        """The latest spending report of a budget cell known on the day."""
        out = [s for s in self.spending if s.line == line and s.year == year and self._known(s.on, s.known)]
        return max(out, key=lambda s: (s.on, s.iri)) if out else None

    @property
    def measures(self) -> set[str]:
        """Measures with any report at all."""
        return {r.measure for r in self.reports}

    def is_example(self, iri: str) -> bool:
        """Whether ``iri`` names example data (``…/id/example/``)."""
        return is_example_iri(iri)


def is_example_iri(iri: str) -> bool:
    """Whether ``iri`` names example data: the example monitoring set mints its resources
    under ``…/id/example/``.

    >>> is_example_iri("https://w3id.org/igel/id/example/status/1.1.1-2026-03")
    True
    >>> is_example_iri("https://w3id.org/igel/id/actor/gsd")
    False
    """
    return "/id/example/" in iri


def load_monitoring(store, as_of: dt.date | None = None) -> MonitoringFacts:
    """Read the store's monitoring data, to be read as of ``as_of`` (default: today)."""
    facts = MonitoringFacts(as_of=as_of or dt.date.today())
    for r, m, code, since, known, reporter, status, note, evidence in store.query(_Q_REPORTS).rows:
        facts.reports.append(
            Report(
                str(r), str(m), str(code), _day(since), _day(known), str(reporter), str(status),
                str(note) if note is not None else "", str(evidence) if evidence is not None else "",
            )
        )  # fmt: skip
    for i, c, direction, baseline, bdate, target, tdate, unit in store.query(_Q_INDICATORS).rows:
        facts.indicators[str(i)] = IndicatorDef(
            str(i), str(c), str(direction), float(baseline), _day(bdate), float(target), _day(tdate), str(unit)
        )
    for o, i, at, value, known in store.query(_Q_OBSERVATIONS).rows:
        facts.observations.append(Observation(str(o), str(i), _day(at), float(value), _day(known)))
    for o, line, year, on, committed, paid, known in store.query(_Q_SPENDING).rows:
        facts.spending.append(
            Spending(str(o), str(line), int(year), _day(on), float(committed), float(paid), _day(known))
        )
    for cell, line, year, amount in store.query(_Q_PLANNED).rows:
        facts.planned[str(cell)] = (str(line), int(year), float(amount))
    for line, label in store.query(_Q_LINE_LABELS).rows:
        facts.line_labels.setdefault(str(line), {})[label.language or "de"] = str(label)
    return facts
