"""Monitoring records as RDF, each statement with its PROV.

Every record becomes one resource with ``prov:wasGeneratedBy`` the reporting activity,
``prov:generatedAtTime`` (when it was recorded) and ``prov:wasAttributedTo`` the
reporting actor; the activity carries ``prov:wasAssociatedWith`` that actor (or the
importing agent), its time and ``igel:channel``. Resource IRIs are derived from what a
record is about (measure and date, criterion and date, line, year and date), so that
recording the same thing again replaces it instead of adding a duplicate.

Real reports get IRIs under ``…/id/monitoring/PLAN/``, example data under
``…/id/example/monitoring/PLAN/``: an example never overwrites or poses as a real report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, QB, SKOS

from ..namespaces import IGEL, resource
from .rows import IndicatorRecord, ObservationRecord, Record, SpendingRecord, StatusRecord

__all__ = ["records_graph", "indicator_iri", "datasets", "instant"]


def instant(day: dt.date) -> Literal:
    """The start of ``day`` as an ``xsd:dateTime`` literal (local time, no time zone)."""
    return Literal(dt.datetime(day.year, day.month, day.day).isoformat(), datatype=XSD.dateTime)


def indicator_iri(criterion: URIRef, plan: str, example: bool = False) -> URIRef:
    """The indicator of an evaluation criterion, ``…/monitoring/PLAN/indicator/GOAL-N``
    (under ``…/example/monitoring/`` for the example set)."""
    return resource(*_base(plan, example), "indicator", _criterion_key(criterion))


def _criterion_key(criterion: URIRef) -> str:
    """``…/goal/2.1/criterion/3`` → ``2.1-3``."""
    return "-".join(str(criterion).split("/goal/", 1)[-1].split("/criterion/"))


def _base(plan: str, example: bool) -> list[str]:
    return ["example", "monitoring", plan] if example else ["monitoring", plan]


def datasets(plan: str, example: bool) -> tuple[URIRef, URIRef]:
    """The indicator and spending data sets of ``plan`` (real or example)."""
    base = _base(plan, example)
    return resource(*base, "indicators"), resource(*base, "spending")


def _day(record: Record) -> dt.date:
    if isinstance(record, IndicatorRecord):
        return record.baseline_date
    return record.date


def _decimal(value: Decimal) -> Literal:
    return Literal(str(value), datatype=XSD.decimal)


def records_graph(
    records: Iterable[Record],
    *,
    plan: str,
    agent: URIRef,
    channel: str,
    recorded_at: dt.datetime | None = None,
    example: bool = False,
    backdate: bool = False,
) -> tuple[Graph, URIRef, dict[URIRef, Record]]:
    """The RDF of ``records``, the IRI of the activity that records them, and which
    record each resource was made from.

    ``agent`` is who records (an actor); ``channel`` one of spreadsheet, api, form,
    example. ``recorded_at`` is the PROV time (now if None); with ``backdate`` each
    record's PROV time is its own date instead (for the example set, which stands for
    reports made on those days).
    """
    records = list(records)
    now = (recorded_at or dt.datetime.now()).replace(microsecond=0)
    if backdate and records:
        # the example set stands for reports made on their own days: its activity began
        # with the first of them, and its IRI depends on nothing else (rebuilds agree)
        now = min(dt.datetime.combine(_day(r), dt.time(0)) for r in records)
        activity = resource(*_base(plan, example), "activity", "backdated-" + now.strftime("%Y%m%d"))
    else:
        activity = resource(
            *_base(plan, example), "activity", now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        )
    g = Graph()
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.startedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)))
    g.add((activity, IGEL.channel, Literal(channel)))
    g.add((activity, RDFS.label, Literal(f"Monitoring-Meldung ({channel})", lang="de")))
    g.add((activity, RDFS.label, Literal(f"monitoring report ({channel})", lang="en")))
    indicators_ds, spending_ds = datasets(plan, example)
    base = _base(plan, example)
    used_ds: set[URIRef] = set()
    made: dict[URIRef, Record] = {}
    for record in records:
        when = Literal(now.isoformat(), datatype=XSD.dateTime)
        if isinstance(record, StatusRecord):
            number = str(record.measure).rsplit("/", 1)[-1]
            key = hashlib.sha1(f"{record.reporter}|{record.status}".encode()).hexdigest()[:6]
            s = resource(*base, "status", number, f"{record.date.isoformat()}-{key}")
            g.add((s, RDF.type, IGEL.StatusReport))
            g.add((s, IGEL.reportOn, record.measure))
            g.add((s, IGEL.reportedStatus, record.status))
            g.add((s, IGEL.validFrom, instant(record.date)))
            g.add((s, IGEL.reporter, record.reporter))
            g.add((s, PROV.wasAttributedTo, record.reporter))
            if record.note:
                g.add((s, IGEL.note, Literal(record.note)))
            if record.evidence:
                g.add((s, IGEL.evidenceLink, URIRef(record.evidence)))
            if backdate:
                when = instant(record.date)
        elif isinstance(record, IndicatorRecord):
            s = indicator_iri(record.criterion, plan, example)
            g.add((s, RDF.type, IGEL.Indicator))
            g.add((s, IGEL.indicatorOf, record.criterion))
            g.add((s, RDFS.label, Literal(record.label_de, lang="de")))
            g.add((s, RDFS.label, Literal(record.label_en, lang="en")))
            if record.definition_de:
                g.add((s, SKOS.definition, Literal(record.definition_de, lang="de")))
            if record.definition_en:
                g.add((s, SKOS.definition, Literal(record.definition_en, lang="en")))
            g.add((s, IGEL.unit, Literal(record.unit)))
            g.add((s, IGEL.direction, Literal(record.direction)))
            g.add((s, IGEL.baseline, _decimal(record.baseline)))
            g.add((s, IGEL.baselineDate, instant(record.baseline_date)))
            g.add((s, IGEL.target, _decimal(record.target)))
            g.add((s, IGEL.targetDate, instant(record.target_date)))
            g.add((s, PROV.wasAttributedTo, agent))
            if backdate:
                when = instant(record.baseline_date)
        elif isinstance(record, ObservationRecord):
            s = resource(*base, "observation", _criterion_key(record.criterion), record.date.isoformat())
            used_ds.add(indicators_ds)
            g.add((s, RDF.type, IGEL.IndicatorObservation))
            g.add((s, RDF.type, QB.Observation))
            g.add((s, QB.dataSet, indicators_ds))
            g.add((s, IGEL.indicator, indicator_iri(record.criterion, plan, example)))
            g.add((s, IGEL.observedAt, instant(record.date)))
            g.add((s, IGEL.observedValue, _decimal(record.value)))
            g.add((s, IGEL.reporter, record.reporter))
            g.add((s, PROV.wasAttributedTo, record.reporter))
            if record.source:
                g.add((s, DCTERMS.source, Literal(record.source)))
            if backdate:
                when = instant(record.date)
        elif isinstance(record, SpendingRecord):
            line = str(record.line).rsplit("/", 1)[-1]
            s = resource(*base, "spending", line, str(record.year), record.date.isoformat())
            used_ds.add(spending_ds)
            g.add((s, RDF.type, IGEL.SpendingObservation))
            g.add((s, RDF.type, QB.Observation))
            g.add((s, QB.dataSet, spending_ds))
            g.add((s, IGEL.budgetLine, record.line))
            g.add((s, IGEL.year, Literal(record.year, datatype=XSD.integer)))
            g.add((s, IGEL.validFrom, instant(record.date)))
            g.add((s, IGEL.committedAmount, _decimal(record.committed)))
            g.add((s, IGEL.paidAmount, _decimal(record.paid)))
            g.add((s, IGEL.currency, Literal(record.currency)))
            g.add((s, IGEL.reporter, record.reporter))
            g.add((s, PROV.wasAttributedTo, record.reporter))
            if backdate:
                when = instant(record.date)
        else:  # pragma: no cover - the four kinds above are all there are
            raise TypeError(record)
        made[s] = record
        g.add((s, PROV.wasGeneratedBy, activity))
        g.add((s, PROV.generatedAtTime, when))
    for ds, cls, structure, de, en in (
        (indicators_ds, IGEL.IndicatorDataSet, IGEL.indicatorStructure, "Indikatorwerte", "indicator values"),
        (spending_ds, IGEL.SpendingDataSet, IGEL.spendingStructure, "Mittelverwendung", "spending"),
    ):
        if ds in used_ds:
            g.add((ds, RDF.type, cls))
            g.add((ds, RDF.type, QB.DataSet))
            g.add((ds, QB.structure, structure))
            g.add((ds, RDFS.label, Literal(de, lang="de")))
            g.add((ds, RDFS.label, Literal(en, lang="en")))
    return g, activity, made
