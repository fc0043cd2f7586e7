"""``igel generate``: write a synthetic dataset for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .app import app, console, err_console

__all__ = ["generate"]


@app.command()
def generate(
    scale: int = typer.Option(
        100_000, "--scale", "-n", help="About how many triples to write (1000000 gives ~15k actors and ~40k measures)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same file."),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        "-o",
        help="Output file (default: stdout). The suffix .ttl writes Turtle, anything else N-Triples.",
    ),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="nt or turtle (default: from the file suffix)."),
    workbook: bool = typer.Option(
        False, "--workbook", help="Write a plan workbook instead (--out FILE.xlsx, or a folder of CSV files)."
    ),
    measures: int = typer.Option(40, "--measures", help="With --workbook: how many measures the plan has."),
    plan: str = typer.Option("synthetic", "--plan", help="With --workbook: the plan's short name."),
) -> None:
    """Write a realistic synthetic dataset: plans of Swiss cantons and German districts
    with action fields, goals, measures, thousands of organisations in their roles,
    themes, dependencies (with some conflicts and cycles) and budgets. SHACL-valid
    together with ontology/vocabularies, and deterministic for a seed.

    Example: igel generate --scale 1000000 --seed 1 --out var/synthetic-1m.nt
    """
    import sys

    from ..generate import write_dataset

    if workbook:
        _write_workbook(out, plan=plan, measures=measures, seed=seed)
        return

    fmt = format or ("turtle" if out is not None and out.suffix in (".ttl", ".turtle") else "nt")
    if out is None:
        write_dataset(sys.stdout, scale=scale, seed=seed, format=fmt)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]Generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("triples"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        task = bar.add_task("generate", total=scale)
        report = write_dataset(
            out,
            scale=scale,
            seed=seed,
            format=fmt,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    table = Table(title=f"{out} ({report.triples:,} triples, seed {seed})")
    table.add_column("class")
    table.add_column("resources", justify="right")
    for cls, n in report.counts.items():
        table.add_row(cls, f"{n:,}")
    console.print(table)


def _write_workbook(out: Optional[Path], *, plan: str, measures: int, seed: int) -> None:
    """``igel generate --workbook``: a synthetic plan workbook (igel_graph.workbook.synthetic)."""
    from ..errors import UsageError
    from ..workbook.export import write_csv_folder, write_xlsx
    from ..workbook.synthetic import synthetic_tables

    if out is None:
        raise UsageError("--workbook needs --out", hint="e.g. igel generate --workbook --measures 200 --out plan.xlsx")
    tables = synthetic_tables(plan, measures=measures, seed=seed)
    if out.suffix.lower() == ".xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(tables, out)
    else:
        write_csv_folder(tables, out)
    console.print(
        f"Wrote {out}: plan '{plan}', {measures} measures, {len(tables['actors'])} actors (seed {seed}).",
        highlight=False,
    )
