"""``igel monitoring``: record how the plan goes, from a spreadsheet, and get the template.

Bad rows are reported all at once, each with sheet, row and column, and nothing is
written (exit code 2).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer

from ..errors import UsageError
from .app import app, cli_settings, console

__all__ = ["monitoring_app"]

monitoring_app = typer.Typer(
    help="Record and read how the plan is implemented: status reports, indicator values, spending.",
    no_args_is_help=True,
)
app.add_typer(monitoring_app, name="monitoring")


@contextmanager
def _store() -> Iterator:
    from ..store import open_store  # the slow import happens only when a command runs

    store = open_store(cli_settings())
    try:
        yield store
    finally:
        store.close()


def _actor(code: Optional[str], ctx) -> object:
    if code is None:
        return None
    if code not in ctx.actors:
        raise UsageError(f"--as {code!r} is not a known actor", hint="Use an actor code such as bkd or gsd.")
    return ctx.actors[code]


@monitoring_app.command("import")
def import_cmd(
    file: Path = typer.Argument(
        ..., help="An .xlsx workbook, a folder of CSV files, or one CSV file named after its kind."
    ),
    plan: str = typer.Option("igel-2026-2030", "--plan", help="The plan reported on (last segment of its IRI)."),
    as_actor: Optional[str] = typer.Option(
        None, "--as", help="Import as this actor (code, e.g. bkd): only its own reports are accepted."
    ),
) -> None:
    """Import status reports, indicators, indicator values and spending into the
    monitoring graph. Sheets: status, indicators, observations, spending (see
    ``igel monitoring template``). Every bad row is reported with sheet, row and column;
    then nothing is written and the exit code is 2.

    Example: igel monitoring import progress-2026-q3.xlsx
    """
    from ..monitoring.context import PlanContext
    from ..monitoring.importer import import_monitoring

    with _store() as store:
        actor = _actor(as_actor, PlanContext.load(store, plan)) if as_actor else None
        report = import_monitoring(store, file, plan=plan, actor=actor)  # type: ignore[arg-type]
    parts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items())
    console.print(f"Imported {parts} ({report.triples} triples) into {report.graph}.", highlight=False)


@monitoring_app.command("template")
def template_cmd(
    out: Path = typer.Option(..., "--out", help="Where to write the workbook (.xlsx)."),
    plan: str = typer.Option("igel-2026-2030", "--plan", help="The plan reported on (last segment of its IRI)."),
) -> None:
    """Write an empty monitoring workbook: one sheet per kind with the documented columns,
    drop-downs of the valid codes, and the plan's measures, criteria, budget lines and
    actors listed.

    Example: igel monitoring template --out monitoring.xlsx
    """
    from ..monitoring.template import write_template

    with _store() as store:
        path = write_template(store, out, plan=plan)
    console.print(f"Wrote {path}.", highlight=False)
