"""Read a plan workbook (XLSX or a folder of CSV files) into checked records.

Every problem is gathered with its sheet, row, column and value and what to write
instead, and raised together as :class:`~igel_graph.tabular.TableErrors` (exit code 2,
HTTP 422): missing sheets and columns, unknown columns, empty required cells, values
outside a code list, numbers that are not numbers, duplicate keys, and references to a
goal, measure or actor the workbook does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..tabular import Cell, ErrorCollector, Row, TableError, header, read_table, sheet_names
from .schema import Sheet, codes, sheets

__all__ = ["Record", "Workbook", "read_workbook", "ITEM_KINDS", "parse_item"]

#: the kinds of item a ``themes`` or ``sources`` row may name, and the sheet each lives in
ITEM_KINDS = {
    "plan": "plan",
    "field": "fields",
    "goal": "goals",
    "measure": "measures",
    "actor": "actors",
    "criterion": "criteria",
    "budget": "budget",
}

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class Record:
    """One data row: its sheet and row number and its checked values by column (text,
    a list of texts for list columns, ``int`` or ``Decimal``; ``None`` if empty)."""

    sheet: str
    row: int
    values: dict[str, Any]
    source: Row

    def __getitem__(self, column: str) -> Any:
        return self.values.get(column)

    def cell(self, column: str) -> Cell:
        """The cell of ``column`` (for an error message)."""
        return self.source.cell(column)


@dataclass
class Workbook:
    """The records of a workbook by sheet, and where it was read from."""

    path: Path
    records: dict[str, list[Record]] = field(default_factory=dict)

    def rows(self, sheet: str) -> list[Record]:
        """The records of ``sheet`` (``[]`` for a sheet the workbook leaves out)."""
        return self.records.get(sheet, [])


def parse_item(text: str) -> tuple[str, str] | None:
    """``"measure 1.1.2"`` → ``("measure", "1.1.2")``; ``"plan"`` → ``("plan", "")``;
    ``None`` if the kind is unknown.

    >>> parse_item("goal 1.2"), parse_item("plan"), parse_item("thing 3")
    (('goal', '1.2'), ('plan', ''), None)
    """
    kind, _, key = text.strip().partition(" ")
    if kind not in ITEM_KINDS:
        return None
    return kind, key.strip()


def _check_header(path: Path, sheet: Sheet, errors: ErrorCollector) -> bool:
    """Whether ``sheet``'s header has every required column and nothing unknown."""
    columns = header(path, sheet.name)
    present = {name for _, name in columns}
    ok = True
    header_row = 1
    for letter, name in columns:
        if name not in sheet.names:
            errors.add(
                TableError(
                    sheet.name,
                    header_row,
                    name,
                    None,
                    f"is not a column of this sheet — use one of: {', '.join(sheet.names)}",
                    letter=letter,
                )
            )
            ok = False
    for column in sheet.columns:
        if column.required and column.name not in present:
            errors.add(
                TableError(
                    sheet.name,
                    header_row,
                    column.name,
                    None,
                    f"required column is missing — add a column headed '{column.name}' ({column.description_en})",
                )
            )
            ok = False
    return ok


def _value(cell: Cell, sheet: Sheet, name: str) -> Any:
    column = sheet.column(name)
    if column.separator:
        text = cell.text(required=column.required)
        items = [part.strip() for part in (text or "").split(column.separator) if part.strip()]
        if column.required and not items:
            raise cell.error("is empty — this column needs a value")
        if column.choices:
            allowed = codes(column.choices)
            for item in items:
                if item not in allowed:
                    raise cell.error(f"contains '{item}', not a code of {column.choices} — use one of: {_few(allowed)}")
        return items
    if column.datatype == "integer":
        return cell.integer(required=column.required)
    if column.datatype == "decimal":
        return cell.decimal(required=column.required)
    text = cell.text(required=column.required)
    if text is not None and column.choices:
        allowed = codes(column.choices)
        if text not in allowed:
            hint = " — write e.g. 2027-Q1" if column.choices == "quarters" else ""
            raise cell.error(f"is not a code of {column.choices}{hint} — use one of: {_few(allowed)}")
    return text


def _few(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")


def read_workbook(path: str | Path) -> Workbook:
    """Read and check the workbook at ``path``; raises :class:`TableErrors` listing every
    problem when anything is wrong."""
    path = Path(path)
    errors = ErrorCollector()
    book = Workbook(path)
    with errors.catching():
        present = set(sheet_names(path))
    errors.raise_if_any()
    for sheet in sheets():
        if sheet.name not in present:
            if sheet.required:
                errors.add(
                    TableError(
                        sheet.name,
                        None,
                        None,
                        None,
                        f"sheet is missing — add a sheet '{sheet.name}' ({sheet.title_en}); the template has every sheet",
                    )
                )
            continue
        if not _check_header(path, sheet, errors):
            continue
        records = []
        for row in read_table(path, sheet.name):
            values: dict[str, Any] = {}
            for name in sheet.names:
                with errors.catching():
                    values[name] = _value(row.cell(name), sheet, name)
            records.append(Record(sheet.name, row.row, values, row))
        book.records[sheet.name] = records
    errors.raise_if_any()
    _check_content(book, errors)
    errors.raise_if_any()
    return book


def _check_content(book: Workbook, errors: ErrorCollector) -> None:
    """Duplicates, one plan row, starts, slugs and cross-references."""
    plan = book.rows("plan")
    if len(plan) != 1:
        errors.add(TableError("plan", None, None, None, f"has {len(plan)} data rows — write exactly one row, the plan"))
    for record in plan:
        if record["id"] and not _SLUG.match(record["id"]):
            errors.add(record.cell("id").error("is not a short name — use lower-case letters, digits and hyphens"))
    for sheet in sheets():
        if not sheet.key:
            continue
        seen: dict[tuple, int] = {}
        for record in book.rows(sheet.name):
            key = tuple(record[k] for k in sheet.key)
            if any(k is None for k in key):
                continue
            if key in seen:
                errors.add(
                    record.cell(sheet.key[0]).error(
                        f"appears twice (first in row {seen[key]}) — each {', '.join(sheet.key)} only once"
                    )
                )
            else:
                seen[key] = record.row
    for record in book.rows("actors"):
        ident = record["id"]
        if ident and not (_SLUG.match(ident) or ident.startswith(("http://", "https://"))):
            errors.add(record.cell("id").error("is not a short name — use lower-case letters, digits and hyphens"))
    for record in book.rows("measures"):
        if not record["start"] and not record["status"]:
            errors.add(record.cell("start").error("is empty and so is status — give a start quarter or a status"))

    fields = {r["number"] for r in book.rows("fields")}
    goals = {r["number"] for r in book.rows("goals")}
    measures = {r["number"] for r in book.rows("measures")}
    actors = {r["id"] for r in book.rows("actors")}
    lines = {r["line"] for r in book.rows("budget")}
    criteria = {f"{r['goal']}/{r['number']}" for r in book.rows("criteria")}
    known = {
        "plan": {""},
        "field": fields,
        "goal": goals,
        "measure": measures,
        "actor": actors,
        "criterion": criteria,
        "budget": lines,
    }

    def must(record: Record, column: str, value: str | None, pool: set, what: str) -> None:
        if value is not None and value not in pool:
            errors.add(
                record.cell(column).error(
                    f"names no {what} of this workbook — add it to sheet {_SHEET_OF[what]} or correct the number"
                )
            )

    for r in book.rows("goals"):
        must(r, "field", r["field"], fields, "action field")
    for r in book.rows("measures"):
        for goal in r["goal"] or []:
            must(r, "goal", goal, goals, "goal")
    for r in book.rows("roles"):
        must(r, "measure", r["measure"], measures, "measure")
        must(r, "actor", r["actor"], actors, "actor")
        if r["role"] is not None and r["role"] not in codes("roles"):
            errors.add(r.cell("role").error("is not a role — write lead, partner or addressee"))
    for r in book.rows("dependencies"):
        must(r, "measure", r["measure"], measures, "measure")
        must(r, "depends_on", r["depends_on"], measures, "measure")
    for r in book.rows("criteria"):
        must(r, "goal", r["goal"], goals, "goal")
    for sheet_name, column in (("themes", "item"), ("sources", "item"), ("budget", "funds")):
        for r in book.rows(sheet_name):
            values = r[column]
            for text in values if isinstance(values, list) else [values] if values else []:
                parsed = parse_item(text)
                if parsed is None or parsed[1] not in known[parsed[0]]:
                    errors.add(
                        r.cell(column).error(
                            f"names '{text}', which is not in this workbook — write e.g. 'measure 1.1.2', 'goal 1.1', 'field 2', 'actor gsd' or 'plan'"
                        )
                    )
    leads = {r["measure"] for r in book.rows("roles") if r["role"] == "lead"}
    for r in book.rows("measures"):
        if r["number"] and r["number"] not in leads:
            errors.add(
                r.cell("number").error(
                    "has no lead — add a row to sheet roles with this measure, its lead actor and role lead"
                )
            )
    for r in book.rows("budget"):
        amount = r["amount"]
        if isinstance(amount, Decimal) and amount < 0:
            errors.add(r.cell("amount").error("is negative — amounts are planned funds, write 0 or more"))


_SHEET_OF = {"action field": "fields", "goal": "goals", "measure": "measures", "actor": "actors"}
