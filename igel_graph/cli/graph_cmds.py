"""Commands that make and move the graph: ``build``, ``validate``, ``reason``, ``load``,
``export``, ``stats``.

Each command opens the store named by ``igel --store`` (see :func:`.app.cli_settings`),
reports slow steps with a progress bar on stderr, and prints its result on stdout. Bad
input raises an :class:`~igel_graph.errors.IgelError`, which ``igel`` turns into one
message and an exit code.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rdflib import URIRef
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import IgelError, UsageError, ValidationFailed
from ..formats import short_term
from ..namespaces import GRAPH_BASE, Graphs
from .app import app, cli_settings, console, err_console, reading_store

__all__ = ["build", "validate", "reason", "load", "export", "stats", "upload_graph", "EXPORT_FORMATS"]

#: ``igel export --format`` names -> format names of Store.dump
EXPORT_FORMATS = {"trig": "trig", "nquads": "nquads", "turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}

#: graphs the platform writes itself; ``igel load`` refuses them
_PRODUCED = (Graphs.INFERRED, Graphs.ANALYSIS, Graphs.WRITES)


def upload_graph(path: Path) -> URIRef:
    """The default named graph of ``igel load X.ttl``: ``https://w3id.org/igel/graph/upload/X``."""
    return URIRef(GRAPH_BASE + "upload/" + path.stem)


@contextmanager
def _open_store():
    from ..store import open_store  # the slow import happens only when a command runs

    store = open_store(cli_settings())
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _progress(title: str) -> Iterator:
    """A progress bar on stderr; yields ``callback(step, done, total)``."""
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        task = bar.add_task(title, total=None)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{title}: {step}", completed=done, total=total)

        yield update


def _graph_table(sizes: dict[URIRef, int], title: str = "Named graphs") -> Table:
    table = Table(title=title, header_style="bold")
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for g, n in sorted(sizes.items()):
        table.add_row(str(g), f"{n:,}")
    table.add_row("[bold]total[/bold]", f"[bold]{sum(sizes.values()):,}[/bold]")
    return table


def _class_table(counts: dict[URIRef, int], *, all_classes: bool) -> Table:
    table = Table(title="Instances per igel: class (union of all graphs)", header_style="bold")
    table.add_column("class")
    table.add_column("instances", justify="right")
    for cls, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        if n or all_classes:
            table.add_row(short_term(cls), f"{n:,}" if n else "[dim]0[/dim]")
    return table


def _parse_graph_iri(text: str, option: str = "--graph") -> URIRef:
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if ":" not in value or any(c in value for c in ' <>"{}|\\^`'):
        raise UsageError(
            f"{option} {text!r} is not an absolute IRI.",
            hint="Example: --graph https://w3id.org/igel/graph/upload/my-data",
        )
    return URIRef(value)


@app.command("build")
def build(
    no_reason: bool = typer.Option(False, "--no-reason", help="Skip reasoning (drops the inferred graph)."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation."),
    engine: str = typer.Option("auto", "--engine", help="Reasoning engine: auto, hermit or rules."),
    all_classes: bool = typer.Option(False, "--all-classes", help="List classes without instances too."),
    no_analyse: bool = typer.Option(
        False, "--no-analyse", help="Skip the network analysis (the analysis graph keeps its old content)."
    ),
    no_examples: bool = typer.Option(
        False,
        "--no-examples",
        help="Leave out the example monitoring data (Beispieldaten); its graph is dropped.",
    ),
) -> None:
    """Build the graph from ontology/ into the store: ontology, vocabularies and every
    source file, each into its named graph (replacing it), validated with SHACL,
    reasoned and analysed (metrics and findings into the analysis graph); then print the
    triples per named graph and the instances per class.

    Example: igel --store var/store build
    """
    from ..build import build_graph
    from ..reason import ENGINES

    if engine not in ENGINES:
        raise UsageError(f"unknown reasoning engine {engine!r}", hint="Use one of: " + ", ".join(ENGINES) + ".")
    reason_on = cli_settings().reason_on_build and not no_reason
    with _open_store() as store, _progress("build") as progress:
        report = build_graph(
            store,
            reason=reason_on,
            validate=not no_validate,
            progress=progress,
            engine=engine,
            analyse=not no_analyse,
            examples=not no_examples,
        )
    console.print(_graph_table(report.graph_sizes))
    console.print(_class_table(report.class_counts, all_classes=all_classes))
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in report.durations.items())
    engine_used = f" ({report.reasoning.engine})" if report.reasoning else ""
    console.print(
        f"Built: {sum(report.graph_sizes.values()):,} triples, "
        f"{report.inferred:,} inferred{engine_used}, {report.findings:,} findings. {steps}.",
        highlight=False,
    )
    for warning in report.reasoning.warnings if report.reasoning else []:
        err_console.print(f"[yellow]{warning}[/yellow]")


@app.command("validate")
def validate(
    file: Optional[Path] = typer.Argument(None, help="An RDF file to check; default: the store's data."),
    standalone: bool = typer.Option(
        False, "--standalone", help="Check FILE on its own, without the store's vocabularies and data."
    ),
    format: Optional[str] = typer.Option(None, "--format", help="RDF format of FILE (default: from its suffix)."),
) -> None:
    """Validate with SHACL (ontology/shapes.ttl), without inference: the store's asserted
    data, or FILE together with the store's data (its references resolve there).
    Exits with code 3 and the report when there are violations.

    Examples: igel validate  |  igel validate my-measures.ttl
    """
    from ..validate import asserted_data, validate_file, validate_store

    with _progress("validate") as progress:
        progress("reading", 0, 2)
        with _open_store() as store:
            if file is None:
                report = validate_store(store)
            else:
                context = None if standalone else asserted_data(store)
                progress("checking", 1, 2)
                report = validate_file(file, context=context, format=format)
    if report.conforms:
        console.print(report.text, highlight=False, markup=False)
        return
    console.print(report.text, highlight=False, markup=False, soft_wrap=True)
    raise ValidationFailed(
        f"{len(report.results)} SHACL violation(s); see the report above.",
        results=report.results,
        report_text=report.text,
    )


@app.command("reason")
def reason(
    engine: str = typer.Option(
        "auto",
        "--engine",
        help="hermit (OWL 2 DL, checks consistency), rules (SPARQL rules in the "
        "store, for large data) or auto (HermiT below 50,000 asserted triples).",
    ),
) -> None:
    """Replace the inferred graph with what follows from the ontology and the data
    (inverses, sub-property roll-up, classes, chains such as actor → measure → action field).

    Example: igel reason --engine rules
    """
    from ..reason import reason as run_reasoner

    with _open_store() as store, _progress("reason") as progress:
        if not store.graphs().get(Graphs.ONTOLOGY):
            raise IgelError("The store has no ontology graph.", hint="Run 'igel build' first.")
        report = run_reasoner(store, engine=engine, progress=progress)
    rounds = f", {report.rounds} rule rounds" if report.rounds else ""
    console.print(
        f"Reasoned with {report.engine}: {report.asserted:,} asserted triples → "
        f"{report.inferred:,} inferred in <{Graphs.INFERRED}> ({report.seconds:.1f} s{rounds}).",
        highlight=False,
    )
    for warning in report.warnings:
        err_console.print(f"[yellow]{warning}[/yellow]")


@app.command("load")
def load(
    file: Path = typer.Argument(..., help="The RDF file (Turtle, N-Triples, RDF/XML, JSON-LD)."),
    graph: Optional[str] = typer.Option(
        None, "--graph", "-g", help="Named graph IRI (default: https://w3id.org/igel/graph/upload/<file stem>)."
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace the graph's content instead of adding to it."),
    format: Optional[str] = typer.Option(None, "--format", help="RDF format (default: from the suffix)."),
) -> None:
    """Load a file into a named graph, after SHACL validation of the file together with
    the store's vocabularies and data; nothing is written when it fails.

    Example: igel load extra-measures.ttl --graph https://w3id.org/igel/graph/upload/extra --replace
    """
    from ..rdfio import parse_file
    from ..validate import describe_result
    from ..validate.staged import reads_natively, validate_for_load

    target = _parse_graph_iri(graph) if graph else upload_graph(file)
    if target in _PRODUCED:
        raise UsageError(f"<{target}> is written by the platform itself; load into another graph.")
    with _open_store() as store, _progress("load") as progress:
        # parse, then validate beside the store's data in a scratch store (Oxigraph and the
        # Rust SHACL engine, igel_graph.validate.staged); the store is written only after
        report = validate_for_load(
            store,
            file,
            target,
            replace=replace,
            format=format,
            progress=lambda step, done, total: progress(step, done, total + 1),
        )
        if not report.conforms:
            text = "\n".join("  " + describe_result(r) for r in report.results)
            raise ValidationFailed(
                f"{file}: {len(report.results)} SHACL violation(s); nothing was loaded.\n{text}",
                results=report.results,
                report_text=text,
            )
        progress("loading", 3, 4)
        # N-Triples and Turtle by Oxigraph's loader (its bulk loader for large files);
        # other formats through rdflib's guarded parser, as they were checked
        source = file if reads_natively(file, format) else parse_file(file, format)
        size = store.load(source, target, format=format, replace=replace)
    # data_size counts a large file's statements as written (a repeated line twice); the
    # graph's size is the exact count when it held nothing else before
    loaded = min(report.data_size, size)
    console.print(
        f"Loaded {loaded:,} triples from {file} into <{target}> "
        f"(now {size:,} triples). Run 'igel reason' to update the inferred graph.",
        highlight=False,
    )


@app.command("export")
def export(
    format: str = typer.Option(
        "trig", "--format", "-f", help="trig or nquads (whole dataset), or turtle, jsonld, ntriples (with --graph)."
    ),
    graph: Optional[str] = typer.Option(None, "--graph", "-g", help="Export only this named graph."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Write the dataset, or one named graph, in an RDF format.

    Examples: igel export --format trig --out igel.trig  |
    igel export --format turtle --graph https://w3id.org/igel/graph/inferred
    """
    fmt = EXPORT_FORMATS.get(format.lower())
    if fmt is None:
        raise UsageError(f"unknown export format {format!r}", hint="Use one of: " + ", ".join(EXPORT_FORMATS) + ".")
    target = _parse_graph_iri(graph) if graph else None
    if target is None and fmt not in ("trig", "nquads"):
        raise UsageError(
            f"{format} holds one graph; the dataset has several.",
            hint="Use --format trig or nquads, or name a graph with --graph.",
        )
    with reading_store() as store:
        sizes = store.graphs()
        if target is not None and target not in sizes:
            known = "\n  ".join(str(g) for g in sizes) or "(none: the store is empty)"
            raise UsageError(f"unknown graph <{target}>", hint=f"The store's graphs:\n  {known}")
        if out is None:
            store.dump(sys.stdout.buffer, format=fmt, graph=target)
            sys.stdout.buffer.flush()
            return
        try:
            with open(out, "wb") as handle:
                store.dump(handle, format=fmt, graph=target)
        except OSError as exc:
            raise IgelError(f"cannot write {out}: {exc.strerror}") from None
    err_console.print(f"Wrote {out} ({out.stat().st_size:,} bytes).", highlight=False)


@app.command("stats")
def stats(
    all_classes: bool = typer.Option(False, "--all-classes", help="List classes without instances too."),
) -> None:
    """Show the named graphs with their sizes and the instances per igel: class.

    Example: igel stats
    """
    from ..build import class_counts

    with reading_store() as store:
        sizes = store.graphs()
        if not sizes:
            console.print("The store is empty. Build it with 'igel build'.")
            return
        counts = class_counts(store)
    console.print(_graph_table(sizes))
    console.print(_class_table(counts, all_classes=all_classes))
