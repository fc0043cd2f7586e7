"""``igel import``, ``igel export-workbook``, ``igel workbook template|docs|versions`` and
``igel diff``: plans in and out as spreadsheets, their versions and what changed.

Bad input (a broken workbook, an unknown plan or version) is one message per problem
with sheet, row and column, and exit code 2; nothing is written then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rdflib import URIRef
from rich.table import Table

from ..errors import UsageError
from .app import app, console, err_console
from .graph_cmds import _open_store, _progress

__all__ = ["import_plan", "export_workbook", "diff"]

workbook_app = typer.Typer(help="The plan workbook: template, documentation, versions.", no_args_is_help=True)
app.add_typer(workbook_app, name="workbook")


@app.command("import")
def import_plan(
    file: Path = typer.Argument(
        ..., help="The plan workbook: an .xlsx file or a folder of .csv files (one per sheet)."
    ),
    plan: Optional[str] = typer.Option(None, "--plan", help="Plan IRI or short name (default: the id on sheet plan)."),
    version: Optional[str] = typer.Option(None, "--version", help="Label of the new version (default: its number)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything, write nothing."),
    no_analyse: bool = typer.Option(
        False, "--no-analyse", help="Skip the network analysis afterwards (the analysis graph stays as it was)."
    ),
) -> None:
    """Import a plan workbook as the next version of its plan: checked sheet by sheet,
    actors matched to existing ones, SHACL-validated with the rest of the store, then
    written in one transaction into the plan's own named graph. Any problem: every one
    listed with sheet, row and column, exit code 2, nothing written. After an import the
    network analysis runs again (as after 'igel build'), so that its findings and
    metrics include the plan.

    Example: igel import luzern-2031.xlsx --version "Entwurf Mai"
    """
    from ..workbook.importer import import_workbook
    from ..workbook.versions import plan_iri

    with _open_store() as store:
        with _progress("import") as progress:
            progress("checking and writing the workbook", 0, 1 if dry_run or no_analyse else 2)
            result = import_workbook(
                store, file, plan=plan_iri(plan) if plan else None, version_label=version, dry_run=dry_run
            )
        for line in result.matches:
            console.print(line, highlight=False, markup=False)
        verb = "Checked (nothing written)" if dry_run else "Imported"
        console.print(
            f"{verb}: {file} as version {result.version} ('{result.label}') of <{result.plan}>, "
            f"{result.triples:,} triples in <{result.graph}>.",
            highlight=False,
            markup=False,
        )
        if not dry_run and not no_analyse:
            _refresh_analysis(store)


def _refresh_analysis(store) -> None:
    """Run the network analysis on the store as it now is and write it into the analysis
    graph (igel_graph.readmodel.store_analysis, what 'igel build' runs), saying so on
    stderr while it runs and what it found afterwards."""
    import time

    from ..namespaces import Graphs
    from ..readmodel import store_analysis

    started = time.perf_counter()
    err_console.print("Analysing the networks again (findings and metrics) …", highlight=False, markup=False)
    with _progress("analyse") as progress:
        progress("analysing the networks", 0, 1)
        result = store_analysis(store)
        progress("done", 1, 1)
    # metrics: projection -> metric -> node -> value
    actors = {node for by_metric in result.metrics.values() for values in by_metric.values() for node in values}
    console.print(
        f"Analysed: {len(result.findings):,} findings, metrics of {len(actors):,} nodes in <{Graphs.ANALYSIS}> "
        f"({time.perf_counter() - started:.1f} s).",
        highlight=False,
        markup=False,
    )


@app.command("export-workbook")
def export_workbook(
    plan: str = typer.Option(..., "--plan", help="Plan IRI or short name, e.g. igel-2026-2030."),
    out: Path = typer.Option(
        ..., "--out", "-o", help="The .xlsx file to write (another suffix: a folder of CSV files)."
    ),
    version: Optional[str] = typer.Option(
        None, "--version", help="A version of an imported plan (default: as the graph states it now)."
    ),
) -> None:
    """Write a plan of the graph as a plan workbook (the same sheets as the template).

    Example: igel export-workbook --plan igel-2026-2030 --out igel.xlsx
    """
    from ..workbook.export import plan_graph_from_store, plan_tables, write_csv_folder, write_xlsx
    from ..workbook.versions import plan_iri, resolve, version_graph

    iri = plan_iri(plan)
    with _open_store() as store:
        graph = version_graph(store, iri, resolve(store, iri, version)) if version else plan_graph_from_store(store)
    tables = plan_tables(graph, iri)
    if out.suffix.lower() == ".xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(tables, out)
    else:
        write_csv_folder(tables, out)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items() if rows)
    console.print(f"Wrote {out}: {counts}.", highlight=False, markup=False)


@workbook_app.command("template")
def template(out: Path = typer.Option(..., "--out", "-o", help="The .xlsx file to write.")) -> None:
    """Write an empty plan workbook: an instruction sheet (de/en), every sheet with its
    headers, drop-downs for the coded columns.

    Example: igel workbook template --out plan-template.xlsx
    """
    from ..workbook.export import write_template

    out.parent.mkdir(parents=True, exist_ok=True)
    write_template(out)
    console.print(f"Wrote the template {out}.", highlight=False, markup=False)


@workbook_app.command("docs")
def docs() -> None:
    """Print the workbook's sheets and columns as Markdown (from the CSVW metadata file)."""
    from ..workbook.schema import markdown

    typer.echo(markdown())


@workbook_app.command("versions")
def list_versions(plan: str = typer.Argument(..., help="Plan IRI or short name.")) -> None:
    """List the imported versions of a plan, oldest first; the last is current."""
    from ..workbook.versions import plan_iri, versions

    iri = plan_iri(plan)
    with _open_store() as store:
        known = versions(store, iri)
    if not known:
        raise UsageError(f"<{iri}> has no imported versions", hint="Import a workbook first: igel import FILE.xlsx")
    table = Table(title=f"Versions of <{iri}>")
    for name in ("number", "label", "issued", "file", "current"):
        table.add_column(name)
    for v in known:
        table.add_row(str(v.number), v.label, v.issued.isoformat(), v.source or "", "yes" if v is known[-1] else "")
    console.print(table)


@app.command("diff")
def diff(
    plan: str = typer.Argument(..., help="Plan IRI or short name."),
    from_: Optional[str] = typer.Option(
        None, "--from", help="Version (number, label, previous, current); default previous."
    ),
    to: Optional[str] = typer.Option(None, "--to", help="Version; default current."),
    format: str = typer.Option("table", "--format", "-f", help="table, json, turtle or jsonld."),
) -> None:
    """What changed between two versions of a plan: measures added, removed, renumbered
    or retitled, starts moved, roles gained and lost per actor, themes, criteria and
    budget amounts. JSON has a top-level 'changes' list; turtle/jsonld a changeset a
    report can cite.

    Example: igel diff igel-2026-2030 --from 1 --to 2 --format json
    """
    from ..workbook.diff import changes_graph, changes_json, version_diff
    from ..workbook.versions import plan_iri

    if format not in {"table", "json", "turtle", "jsonld"}:
        raise UsageError(f"Unknown format '{format}'", hint="Use table, json, turtle or jsonld.")
    iri = plan_iri(plan)
    with _open_store() as store:
        old, new, changes = version_diff(store, iri, from_, to)
    if format == "json":
        typer.echo(
            json.dumps(
                changes_json(changes, plan=str(iri), before=str(old.iri), after=str(new.iri)),
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if format in {"turtle", "jsonld"}:
        graph = changes_graph(
            changes, changeset=URIRef(f"{new.iri}/changes-from/{old.number}"), before=old.iri, after=new.iri
        )
        typer.echo(graph.serialize(format="turtle" if format == "turtle" else "json-ld"))
        return
    table = Table(
        title=f"{iri}: version {old.number} ({old.label}) → {new.number} ({new.label}): {len(changes)} change(s)"
    )
    for name in ("change", "item", "actor", "before", "after"):
        table.add_column(name)
    for c in changes:
        table.add_row(c.label_en, c.item, c.actor or "", _short(c.before), _short(c.after))
    console.print(table)


def _short(text: str | None, limit: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
