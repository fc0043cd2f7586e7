"""The monitoring spreadsheet: one sheet (or CSV file) per kind, documented columns, and
the parsing of each row into a record, with every problem named by sheet, row and column.

==============  ================================================================
sheet           columns (``*`` required)
==============  ================================================================
``status``      ``measure*`` (number, e.g. 3.1.2), ``status*`` (code of the
                implementation-state scheme: planned, started, on-track, delayed,
                completed, suspended, dropped), ``date*`` (YYYY-MM-DD, from which
                the status holds), ``reporter*`` (actor code, e.g. bkd), ``note``,
                ``evidence`` (http(s) link)
``indicators``  ``goal*`` (1.1), ``criterion*`` (1), ``label_de*``, ``label_en*``,
                ``unit*``, ``direction*`` (up or down), ``baseline*``,
                ``baseline_date*``, ``target*``, ``target_date*``,
                ``definition_de``, ``definition_en``
``observations`` ``goal*``, ``criterion*``, ``date*`` (the day the value refers to),
                ``value*``, ``reporter*``, ``source``
``spending``    ``budget_line*`` (code, e.g. foerderprogramm-mitfinanzierung),
                ``year*``, ``date*`` (reporting date), ``committed*``, ``paid*``
                (CHF, not negative, paid ≤ committed), ``currency`` (default CHF),
                ``reporter*``
==============  ================================================================

A workbook may hold any of the sheets; a sheet it lacks is simply not imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from ..tabular import Cell, ErrorCollector, Row, TableError, TableErrors
from .context import PlanContext

__all__ = [
    "SHEETS",
    "Column",
    "StatusRecord",
    "IndicatorRecord",
    "ObservationRecord",
    "SpendingRecord",
    "parse_row",
    "check_header",
    "NotAllowed",
    "RowsNotAllowed",
]


class NotAllowed(TableError):
    """A row its sender may not report: another actor's name, or a measure the sender's
    actor neither leads nor partners in (HTTP 403)."""

    http_status = 403


class RowsNotAllowed(TableErrors):
    """Problems in the rows, at least one of them a :class:`NotAllowed` (HTTP 403)."""

    http_status = 403


@dataclass(frozen=True)
class Column:
    """A documented column: its header, whether it is required, and what it holds (de, en)."""

    name: str
    required: bool
    de: str
    en: str


SHEETS: dict[str, tuple[Column, ...]] = {
    "status": (
        Column("measure", True, "Nummer der Massnahme, z. B. 3.1.2", "number of the measure, e.g. 3.1.2"),
        Column(
            "status",
            True,
            "planned, started, on-track, delayed, completed, suspended oder dropped",
            "planned, started, on-track, delayed, completed, suspended or dropped",
        ),
        Column(
            "date", True, "Datum, ab dem der Status gilt (JJJJ-MM-TT)", "date from which the status holds (YYYY-MM-DD)"
        ),
        Column("reporter", True, "Kürzel der meldenden Stelle, z. B. bkd", "code of the reporting actor, e.g. bkd"),
        Column("note", False, "kurze Notiz", "short note"),
        Column("evidence", False, "Link zu einem Beleg (http/https)", "link to evidence (http/https)"),
    ),
    "indicators": (
        Column("goal", True, "Nummer des Ziels, z. B. 2.1", "number of the goal, e.g. 2.1"),
        Column(
            "criterion", True, "Nummer des Kriteriums im Ziel, z. B. 1", "number of the criterion in the goal, e.g. 1"
        ),
        Column("label_de", True, "Bezeichnung deutsch", "label in German"),
        Column("label_en", True, "Bezeichnung englisch", "label in English"),
        Column("unit", True, "Einheit, z. B. Anzahl", "unit, e.g. count"),
        Column("direction", True, "up (höher ist besser) oder down", "up (higher is better) or down"),
        Column("baseline", True, "Ausgangswert", "baseline value"),
        Column("baseline_date", True, "Datum des Ausgangswerts", "date of the baseline"),
        Column("target", True, "Zielwert", "target value"),
        Column("target_date", True, "Zieldatum", "target date"),
        Column("definition_de", False, "Definition deutsch", "definition in German"),
        Column("definition_en", False, "Definition englisch", "definition in English"),
    ),
    "observations": (
        Column("goal", True, "Nummer des Ziels, z. B. 2.1", "number of the goal, e.g. 2.1"),
        Column("criterion", True, "Nummer des Kriteriums im Ziel", "number of the criterion in the goal"),
        Column("date", True, "Stichtag des Werts (JJJJ-MM-TT)", "reference date of the value (YYYY-MM-DD)"),
        Column("value", True, "gemessener Wert", "measured value"),
        Column("reporter", True, "Kürzel der meldenden Stelle", "code of the reporting actor"),
        Column("source", False, "Quelle des Werts", "source of the value"),
    ),
    "spending": (
        Column(
            "budget_line",
            True,
            "Kürzel des Budgetpostens, z. B. foerderprogramm-mitfinanzierung",
            "code of the budget line, e.g. foerderprogramm-mitfinanzierung",
        ),
        Column("year", True, "Budgetjahr, z. B. 2026", "budget year, e.g. 2026"),
        Column("date", True, "Meldestichtag (JJJJ-MM-TT)", "reporting date (YYYY-MM-DD)"),
        Column("committed", True, "verpflichteter Betrag in CHF", "committed amount in CHF"),
        Column("paid", True, "bezahlter Betrag in CHF", "paid amount in CHF"),
        Column("currency", False, "Währung (Standard CHF)", "currency (default CHF)"),
        Column("reporter", True, "Kürzel der meldenden Stelle", "code of the reporting actor"),
    ),
}


@dataclass(frozen=True)
class Where:
    """Where a record came from: sheet and row (for messages)."""

    sheet: str
    row: int


@dataclass(frozen=True)
class StatusRecord:
    """A status report: ``measure`` has ``status`` from ``date`` on, reported by ``reporter``."""

    where: Where
    measure: URIRef
    status: URIRef
    date: dt.date
    reporter: URIRef
    note: str | None
    evidence: str | None


@dataclass(frozen=True)
class IndicatorRecord:
    """The definition of the indicator of one evaluation criterion."""

    where: Where
    criterion: URIRef
    label_de: str
    label_en: str
    unit: str
    direction: str
    baseline: Decimal
    baseline_date: dt.date
    target: Decimal
    target_date: dt.date
    definition_de: str | None
    definition_en: str | None


@dataclass(frozen=True)
class ObservationRecord:
    """A value of the indicator of ``criterion`` on ``date``."""

    where: Where
    criterion: URIRef
    date: dt.date
    value: Decimal
    reporter: URIRef
    source: str | None


@dataclass(frozen=True)
class SpendingRecord:
    """Committed and paid amounts of a budget line for ``year``, as of ``date``."""

    where: Where
    line: URIRef
    year: int
    date: dt.date
    committed: Decimal
    paid: Decimal
    currency: str
    reporter: URIRef


Record = StatusRecord | IndicatorRecord | ObservationRecord | SpendingRecord


def check_header(kind: str, columns: list[str], sheet: str) -> list[TableError]:
    """Problems with a sheet's header: required columns missing, unknown columns."""
    known = {c.name for c in SHEETS[kind]}
    errors = [
        TableError(sheet, 1, c.name, None, f"column is missing — add a column headed '{c.name}' ({c.en})")
        for c in SHEETS[kind]
        if c.required and c.name not in columns
    ]
    errors += [
        TableError(sheet, 1, name, None, f"is not a column of this sheet — known: {', '.join(sorted(known))}")
        for name in columns
        if name not in known
    ]
    return errors


def parse_row(kind: str, row: Row, ctx: PlanContext, *, actor: URIRef | None = None) -> Record:
    """The record of one row of sheet ``kind``; every problem of the row raised together
    as :class:`~igel_graph.tabular.TableErrors` (or one :class:`TableError`).

    ``actor``: the actor the input comes from (a token's actor); it may report only as
    itself, and status only on measures it leads or partners in, unless it is responsible
    for the plan.
    """
    errors = ErrorCollector()
    parser = _PARSERS[kind]
    fields: dict[str, object] = {}
    if kind in ("indicators", "observations"):
        with errors.catching():
            fields["criterion"] = _criterion(row, ctx)
    for name, fn in parser.items():
        with errors.catching():
            fields[name] = fn(row.cell(name), ctx)
    errors.raise_if_any()
    if "budget_line" in fields:
        fields["line"] = fields.pop("budget_line")
    where = Where(row.sheet, row.row)
    if "reporter" in fields and actor is not None:
        cell = row.cell("reporter")
        if fields["reporter"] != actor and actor not in ctx.responsible:
            raise NotAllowed(
                cell.sheet,
                cell.row,
                cell.column,
                cell.value,
                f"is not the actor of this token ({_code(actor)}) — report only as yourself",
                letter=cell.letter,
            )
    if kind == "status":
        measure = fields["measure"]
        who = actor if actor is not None else fields["reporter"]
        assert isinstance(measure, URIRef) and isinstance(who, URIRef)
        if not ctx.may_report_on(who, measure):
            cell = row.cell("measure")
            raise NotAllowed(
                cell.sheet,
                cell.row,
                cell.column,
                cell.value,
                f"is a measure {_code(who)} neither leads nor partners in — only its participants "
                "or the responsible department may report its status",
                letter=cell.letter,
            )
        return StatusRecord(where, **fields)  # type: ignore[arg-type]
    if kind == "indicators":
        return IndicatorRecord(where, **fields)  # type: ignore[arg-type]
    if kind == "observations":
        return ObservationRecord(where, **fields)  # type: ignore[arg-type]
    spending = SpendingRecord(where, **fields)  # type: ignore[arg-type]
    if spending.paid > spending.committed:
        raise row.cell("paid").error(f"is more than the committed amount ({spending.committed}) — check both")
    return spending


def _code(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


# ---------------------------------------------------------------- cell readers


def _date_in_plan(cell: Cell, ctx: PlanContext) -> dt.date:
    value = cell.date(required=True)
    assert value is not None
    if not ctx.begins <= value < ctx.ends:
        raise cell.error(
            f"is outside the plan ({ctx.begins.isoformat()} to "
            f"{(ctx.ends - dt.timedelta(days=1)).isoformat()}) — check the year"
        )
    return value


def _any_date(cell: Cell, ctx: PlanContext) -> dt.date:
    value = cell.date(required=True)
    assert value is not None
    return value


def _measure(cell: Cell, ctx: PlanContext) -> URIRef:
    text = cell.text(required=True)
    if text not in ctx.measures:
        raise cell.error("is not a measure of the plan — write its number, e.g. 3.1.2")
    return ctx.measures[text]


def _status(cell: Cell, ctx: PlanContext) -> URIRef:
    text = (cell.text(required=True) or "").lower()
    if text not in ctx.statuses:
        raise cell.error(f"is not a status — write one of {', '.join(ctx.statuses)}")
    return ctx.statuses[text]


def _actor(cell: Cell, ctx: PlanContext) -> URIRef:
    text = (cell.text(required=True) or "").lower()
    if text not in ctx.actors:
        raise cell.error("is not a known actor — write its code, e.g. bkd or gsd")
    return ctx.actors[text]


def _text(cell: Cell, ctx: PlanContext) -> str | None:
    text = cell.text()
    if text is not None and len(text) > 2000:
        raise cell.error("is longer than 2000 characters — shorten it")
    return text


def _required_text(cell: Cell, ctx: PlanContext) -> str:
    text = cell.text(required=True)
    assert text is not None
    return text


def _link(cell: Cell, ctx: PlanContext) -> str | None:
    text = cell.text()
    if (
        text is not None
        and not (text.startswith("http://") or text.startswith("https://"))
        or (text is not None and any(ch in text for ch in ' <>"{}|\\^`'))
    ):
        raise cell.error("is not a web link — write an address starting with https://")
    return text


def _goal(cell: Cell, ctx: PlanContext) -> str:
    text = cell.text(required=True)
    assert text is not None
    if not any(key.startswith(text + "/") for key in ctx.criteria):
        raise cell.error("is not a goal of the plan with evaluation criteria — write e.g. 2.1")
    return text


def _number(cell: Cell, ctx: PlanContext) -> Decimal:
    value = cell.decimal(required=True)
    assert value is not None
    return value


def _amount(cell: Cell, ctx: PlanContext) -> Decimal:
    value = _number(cell, ctx)
    if value < 0:
        raise cell.error("is negative — amounts are 0 or more")
    return value


def _direction(cell: Cell, ctx: PlanContext) -> str:
    text = (cell.text(required=True) or "").lower()
    if text not in ("up", "down"):
        raise cell.error("is not a direction — write up (higher is better) or down")
    return text


def _year(cell: Cell, ctx: PlanContext) -> int:
    value = cell.integer(required=True)
    assert value is not None
    if not ctx.begins.year <= value < ctx.ends.year + (1 if ctx.ends.month > 1 or ctx.ends.day > 1 else 0):
        raise cell.error(f"is not a year of the plan ({ctx.begins.year}–{ctx.ends.year - 1})")
    return value


def _line(cell: Cell, ctx: PlanContext) -> URIRef:
    text = cell.text(required=True)
    if text not in ctx.lines:
        raise cell.error(f"is not a budget line of the plan — write one of {', '.join(sorted(ctx.lines))}")
    return ctx.lines[text]


def _currency(cell: Cell, ctx: PlanContext) -> str:
    text = cell.text() or "CHF"
    if len(text) != 3 or not text.isalpha() or not text.isupper():
        raise cell.error("is not a currency code — write e.g. CHF")
    return text


def _criterion(row: Row, ctx: PlanContext) -> URIRef:
    """The criterion named by the columns goal and criterion together."""
    goal = _goal(row.cell("goal"), ctx)
    cell = row.cell("criterion")
    number = cell.text(required=True)
    key = f"{goal}/{number}"
    if key not in ctx.criteria:
        numbers = sorted(k.split("/", 1)[1] for k in ctx.criteria if k.startswith(goal + "/"))
        raise cell.error(f"is not an evaluation criterion of goal {goal} — write one of {', '.join(numbers)}")
    return ctx.criteria[key]


_PARSERS: dict[str, dict] = {
    "status": {
        "measure": _measure,
        "status": _status,
        "date": _date_in_plan,
        "reporter": _actor,
        "note": _text,
        "evidence": _link,
    },
    "indicators": {
        "label_de": _required_text,
        "label_en": _required_text,
        "unit": _required_text,
        "direction": _direction,
        "baseline": _number,
        "baseline_date": _any_date,
        "target": _number,
        "target_date": _any_date,
        "definition_de": _text,
        "definition_en": _text,
    },
    "observations": {
        "date": _date_in_plan,
        "value": _number,
        "reporter": _actor,
        "source": _text,
    },
    "spending": {
        "budget_line": _line,
        "year": _year,
        "date": _date_in_plan,
        "committed": _amount,
        "paid": _amount,
        "currency": _currency,
        "reporter": _actor,
    },
}
