"""Import monitoring records (spreadsheet, JSON, form) into a store: all or nothing.

:func:`import_monitoring` reads a workbook or CSV folder, :func:`import_rows` takes rows
already read (the API's JSON and CSV bodies, the browser form). Both check every row
against the plan (codes, dates inside the plan, amounts, who may report on what),
validate the resulting RDF with the project's SHACL shapes, and only when all of it is
right write it in one update into the target graph. Any problem raises
:class:`~igel_graph.tabular.TableErrors` naming sheet, row and column of every bad cell;
the store is then unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from ..namespaces import IGEL, Graphs
from ..tabular import Cell, ErrorCollector, Row, TableError, TableErrors, column_letter, read_table, sheet_names
from .context import DEFAULT_PLAN, PlanContext
from .records import indicator_iri, records_graph
from .rows import (
    SHEETS,
    IndicatorRecord,
    NotAllowed,
    ObservationRecord,
    Record,
    RowsNotAllowed,
    check_header,
    parse_row,
)

__all__ = ["ImportReport", "import_monitoring", "import_rows", "rows_from_mappings", "write_records"]

#: order in which kinds are read: indicators before the observations that use them
KIND_ORDER = ("status", "indicators", "observations", "spending")


@dataclass
class ImportReport:
    """What an import wrote: records per kind, triples added, the graph and the activity."""

    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    graph: URIRef = Graphs.MONITORING
    activity: URIRef | None = None


def rows_from_mappings(kind: str, items: Sequence[Mapping[str, Any]], *, sheet: str | None = None) -> list[Row]:
    """Rows from plain mappings (a JSON array, a form): row *n* is item *n* counted from 2,
    as if the first line were a header, so messages read like a spreadsheet's."""
    columns = [c.name for c in SHEETS[kind]]
    extra = sorted({k for item in items for k in item if k not in columns})
    names = columns + extra
    rows = []
    for index, item in enumerate(items, start=2):
        cells = {}
        for i, name in enumerate(names, start=1):
            value = item.get(name)
            if isinstance(value, str):
                value = value.strip() or None
            cells[name] = Cell(sheet or kind, index, name, column_letter(i), value)
        rows.append(Row(sheet or kind, index, cells))
    return rows


def import_monitoring(
    store,
    path: str | Path,
    *,
    plan: str = DEFAULT_PLAN,
    actor: URIRef | None = None,
    graph: URIRef = Graphs.MONITORING,
    channel: str = "spreadsheet",
    example: bool = False,
    backdate: bool = False,
) -> ImportReport:
    """Import the sheets status, indicators, observations and spending of ``path`` (an
    ``.xlsx`` file, a folder of CSV files or one CSV file named after its kind).

    Sheets of other names (the template's lists of codes) are ignored; a file without
    any of the four is an error.
    """
    present = [name for name in sheet_names(path) if name in SHEETS]
    if not present:
        raise TableError(
            None,
            None,
            None,
            None,
            f"{Path(path).name} has none of the sheets {', '.join(KIND_ORDER)} — see the template",
        )
    tables: dict[str, list[Row]] = {}
    errors = ErrorCollector()
    from ..tabular import header

    for kind in KIND_ORDER:
        if kind not in present:
            continue
        for e in check_header(kind, [name for _, name in header(path, kind)], kind):
            errors.add(e)
        tables[kind] = list(read_table(path, kind))
    errors.raise_if_any()
    return import_rows(
        store, tables, plan=plan, actor=actor, graph=graph, channel=channel, example=example, backdate=backdate
    )


def import_rows(
    store,
    tables: Mapping[str, Iterable[Row]],
    *,
    plan: str = DEFAULT_PLAN,
    actor: URIRef | None = None,
    graph: URIRef = Graphs.MONITORING,
    channel: str = "spreadsheet",
    example: bool = False,
    backdate: bool = False,
    recorded_at: dt.datetime | None = None,
    also: str | None = None,
) -> ImportReport:
    """Check, validate and write rows per kind (``status``, ``indicators``,
    ``observations``, ``spending``); see the module docstring. ``actor`` is the actor the
    input comes from (a token's); without one (the command line) rows are checked as
    reported by their reporter. ``also``: a SPARQL update run in the same transaction
    (the API's PROV record of the write)."""
    ctx = PlanContext.load(store, plan)
    errors = ErrorCollector()
    records: list[Record] = []
    defined = set(ctx.indicators)
    for kind in KIND_ORDER:
        for row in tables.get(kind, ()):
            with errors.catching():
                record = parse_row(kind, row, ctx, actor=actor)
                if isinstance(record, IndicatorRecord):
                    defined.add(indicator_iri(record.criterion, plan, example))
                if (
                    isinstance(record, ObservationRecord)
                    and indicator_iri(record.criterion, plan, example) not in defined
                ):
                    raise row.cell("criterion").error("has no indicator yet — define it first on the sheet indicators")
                records.append(record)
    if any(isinstance(e, NotAllowed) for e in errors.errors):
        raise RowsNotAllowed(errors.errors)
    errors.raise_if_any()
    if not records:
        raise TableError(None, None, None, None, "nothing to import — every sheet is empty")
    agent = actor if actor is not None else next(iter(sorted(ctx.responsible)), IGEL.Actor)
    data, activity, made = records_graph(
        records, plan=plan, agent=agent, channel=channel, example=example, backdate=backdate, recorded_at=recorded_at
    )
    _validate(store, data, made)
    write_records(store, graph, data, also=also)
    counts: dict[str, int] = {}
    for record in records:
        kind = record.where.sheet
        counts[kind] = counts.get(kind, 0) + 1
    return ImportReport(counts=counts, triples=len(data), graph=graph, activity=activity)


_TYPES = "SELECT ?o ?t WHERE { ?o a ?t }"


def _validate(store, data: Graph, made: Mapping[URIRef, Record]) -> None:
    """SHACL-check the new resources with the types of what they point to; a violation
    becomes a :class:`TableError` at the row (and column, where the path says) it came from."""
    from ..validate import validate_with_context

    targets = sorted({o for o in data.objects() if isinstance(o, URIRef)})
    context = Graph()
    # the types of the resources the records point to, so that sh:class can be checked
    for start in range(0, len(targets), 200):
        part = targets[start : start + 200]
        values = " ".join(f"<{t}>" for t in part)
        for o, t in store.query("SELECT ?o ?t WHERE { VALUES ?o { " + values + " } ?o a ?t }").rows:
            context.add((o, RDF.type, t))
    report = validate_with_context(data, context)
    subjects = set(data.subjects())
    bad = [r for r in report.results if r["focus"] in subjects and r["severity"] == SH.Violation]
    if not bad:
        return
    errors = []
    for result in bad:
        origin = made.get(result["focus"])
        sheet, row = (origin.where.sheet, origin.where.row) if origin else (None, None)
        column = _COLUMN_OF_PATH.get(str(result["path"]))
        errors.append(TableError(sheet, row, column, result["value"], str(result["message"])))
    raise TableErrors(errors)


_COLUMN_OF_PATH = {
    str(IGEL.reportOn): "measure",
    str(IGEL.reportedStatus): "status",
    str(IGEL.validFrom): "date",
    str(IGEL.observedAt): "date",
    str(IGEL.reporter): "reporter",
    str(IGEL.note): "note",
    str(IGEL.evidenceLink): "evidence",
    str(IGEL.committedAmount): "committed",
    str(IGEL.paidAmount): "paid",
    str(IGEL.observedValue): "value",
    str(IGEL.budgetLine): "budget_line",
    str(IGEL.year): "year",
    str(IGEL.currency): "currency",
    str(IGEL.unit): "unit",
    str(IGEL.direction): "direction",
    str(IGEL.baseline): "baseline",
    str(IGEL.target): "target",
}


def write_records(store, graph: URIRef, data: Graph, *, also: str | None = None) -> None:
    """Write ``data`` into ``graph`` in one update, replacing what the graph says about
    the same resources (so that recording a thing again replaces it). All or nothing."""
    subjects = sorted({s for s in data.subjects() if isinstance(s, URIRef)})
    values = " ".join(f"<{s}>" for s in subjects)
    body = data.serialize(format="nt")
    update = (
        f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ VALUES ?s {{ {values} }} ?s ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
    )
    store.update(update + (f" ;\n{also}" if also else ""))
