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
) -> None:
    """Write a realistic synthetic dataset: plans of Swiss cantons and German districts
    with action fields, goals, measures, thousands of organisations in their roles,
    themes, dependencies (with some conflicts and cycles) and budgets. SHACL-valid
    together with ontology/vocabularies, and deterministic for a seed.

    Example: igel generate --scale 1000000 --seed 1 --out var/synthetic-1m.nt
    """
    import sys

    from ..generate import write_dataset

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
