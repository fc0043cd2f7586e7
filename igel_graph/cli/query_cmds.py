"""Commands that ask the graph: ``igel query``, ``igel queries``, ``igel sparql``."""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path
from typing import Any, Iterable, List, Optional

import typer
from rich.table import Table

from ..errors import ParameterError, QuerySyntaxError, QueryTimeout, UsageError
from ..formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    find_format,
    rich_table,
    serialize_ask,
    serialize_graph,
    serialize_select,
)
from ..namespaces import PREFIXES
from ..queries import get_query, load_named_queries
from ..sparql_guard import check_own_graphs, check_query
from ..store.base import AskResult, GraphResult, SelectResult
from .app import app, cli_settings, console, err_console, reading_store

__all__ = ["query", "queries", "sparql", "parse_params"]

#: what --format takes for SELECT and ASK results (``table`` for a terminal)
TABULAR = ("table",) + RESULT_FORMATS
_FORMAT_HELP = "Output format: " + ", ".join(TABULAR) + " (CONSTRUCT/DESCRIBE: " + ", ".join(GRAPH_FORMATS) + ")."


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["actor=id:actor/bkd", ...]`` as a dict; :class:`ParameterError` for a pair
    without ``=``. A value may itself contain ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(
                f"--param {pair!r} is not of the form name=value.",
                parameter=name.strip() or pair,
                hint="Example: --param actor=id:actor/bkd",
            )
        out[name.strip()] = value
    return out


def _print(text: str) -> None:
    # Plain output, no rich markup: CSV/JSON must reach files and pipes unchanged.
    sys.stdout.write(text)
    sys.stdout.flush()


def _write(data: bytes) -> None:
    # The registry's bytes as they are: the same as the API's for the same result.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _check_format(format: str | None) -> None:
    """:class:`UsageError` (exit 2) for a --format no result can be given in."""
    if format is not None and find_format(format, TABULAR + GRAPH_FORMATS) is None:
        raise UsageError(f"Unknown format '{format}'.", hint=_FORMAT_HELP)


def _show(result, format: str | None, *, title: str | None = None, store=None) -> None:
    if isinstance(result, GraphResult):
        graph_format = find_format(format, GRAPH_FORMATS) if format else None
        _write(serialize_graph(result, graph_format or "turtle"))
        return
    fmt = find_format(format or "table", TABULAR)
    if fmt is None:
        raise UsageError(
            f"Unknown format '{format}' for a {'ASK' if isinstance(result, AskResult) else 'SELECT'} result.",
            hint=_FORMAT_HELP,
        )
    if fmt.name == "table":
        if isinstance(result, AskResult):
            _print("true\n" if result.value else "false\n")
            return
        console.print(rich_table(result, title=title))
        console.print(f"{len(result)} row{'s' if len(result) != 1 else ''}", style="dim")
    elif isinstance(result, AskResult):
        _write(serialize_ask(result, fmt))
    else:
        _write(serialize_select(result, fmt))
    empty = isinstance(result, SelectResult) and not result.rows
    if empty and store is not None and store.size() == 0:
        err_console.print("[yellow]The store is empty: build it first with 'igel build'.[/yellow]")


@app.command("query")
def query(
    name: str = typer.Argument(..., help="Name of the query (see 'igel queries')."),
    param: Optional[List[str]] = typer.Option(
        None,
        "--param",
        "-p",
        metavar="NAME=VALUE",
        help="A parameter value; repeat for several. IRIs as id:actor/bkd or <https://...>.",
    ),
    format: str = typer.Option("table", "--format", help=_FORMAT_HELP),
) -> None:
    """Run a named query and print its rows. Parameters are typed: IRIs as id:actor/bkd, igel:lead or <https://...>; 'igel queries' lists them.

    Example: igel query measures-of-actor --param actor=id:actor/bkd --format csv
    """
    named = get_query(name)
    values = parse_params(param or [])
    named.bindings(values)  # check the parameters before opening the store
    _check_format(format)
    with reading_store() as store:
        result = named.run(store, values)
        _show(result, format, title=named.title, store=store)


@app.command("queries")
def queries(
    name: Optional[str] = typer.Argument(None, help="Show this query in full."),
) -> None:
    """List the named queries with their parameters, or show one in full (its description, parameters and SPARQL).

    Example: igel queries financing-table
    """
    if name:
        q = get_query(name)
        console.print(f"[bold]{q.name}[/bold]: {q.title}", highlight=False)
        if q.description:
            console.print(q.description, highlight=False)
        if q.tags:
            console.print("Tags: " + ", ".join(q.tags), highlight=False)
        for p in q.parameters:
            console.print(f"  --param {p.describe()}: {p.description} (expects {p.expected})", highlight=False)
        console.print()
        _print(q.sparql if q.sparql.endswith("\n") else q.sparql + "\n")
        return
    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    for q in load_named_queries().values():
        table.add_row(q.name, q.title, "\n".join(p.describe() for p in q.parameters))
    console.print(table)


@app.command("sparql")
def sparql(
    query_text: Optional[str] = typer.Argument(None, metavar="QUERY", help="The SPARQL query (or use -f)."),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the query from this file ('-' for stdin)."),
    format: Optional[str] = typer.Option(None, "--format", help=_FORMAT_HELP),
    timeout: Optional[float] = typer.Option(
        None,
        "--timeout",
        help="Seconds the query may run before it is stopped with exit 5 (default: IGEL_QUERY_TIMEOUT, 10; 0: no limit).",
    ),
) -> None:
    """Run a SPARQL 1.1 query on the store. The default graph is the union of all graphs.

    SELECT prints a table (or --format csv|tsv|json), ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle. SERVICE, and FROM of a graph the store does not hold, are refused (exit 2), like on the public endpoint. The project prefixes (igel:, id:, rdfs:, skos:, ...) are declared for you; a prefixed name cannot hold a '/', so write id:actor\\/bkd or the full IRI.

    Example: igel sparql "SELECT ?m WHERE { ?m igel:partner <https://w3id.org/igel/id/actor/bkd> }"
    """
    if (query_text is None) == (file is None):
        raise UsageError(
            "Give the query as an argument or with -f FILE (one of them).",
            hint='Example: igel sparql "SELECT * WHERE { ?s ?p ?o } LIMIT 5"',
        )
    if file is not None:
        if str(file) == "-":
            text = sys.stdin.read()
        else:
            try:
                text = file.read_text(encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"Cannot read {file}: {exc.strerror or exc}.") from None
    else:
        text = query_text or ""
    _check_format(format)
    # The same check as the public endpoint's, on the user's own text (so its line and
    # column are the user's): SERVICE, LOAD and the rest exit 2 before any store opens.
    info = check_query(text, {p: str(ns) for p, ns in PREFIXES.items()})
    prefixed, added_lines = _with_prefixes(text, info.declared_prefixes)
    with reading_store() as store:
        if info.has_dataset:  # as on the endpoint: FROM names graphs of this store only
            own = set(store.graphs())
            check_own_graphs(info.default_graphs, own, "FROM")
            check_own_graphs(info.named_graphs, own, "FROM NAMED")
        try:
            seconds = cli_settings().query_timeout if timeout is None else timeout
            result = _query_within(store, prefixed, seconds)
        except QuerySyntaxError as exc:
            raise _shifted(exc, added_lines) from None
        _show(result, format, store=store)


def _query_within(store, text: str, seconds: float):
    """``store.query(text)``, or :class:`QueryTimeout` (exit 5) when it runs longer than
    ``seconds`` (0 or less: no limit).

    The engine cannot be interrupted from Python, so the query runs in a daemon thread
    (Oxigraph releases the GIL while it works) that the process leaves behind: the CLI
    exits right after the message, and a read needs no clean-up.
    """
    if seconds <= 0:
        return store.query(text)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = store.query(text)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="igel-sparql", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(
            f"The query ran longer than {seconds:g} s and was stopped.",
            hint="Narrow it (a LIMIT, a FILTER, fewer joins), or allow more time with --timeout SECONDS (0: no limit).",
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _with_prefixes(text: str, declared: Iterable[str]) -> tuple[str, int]:
    """``text`` with the project prefixes it does not declare itself (``declared``, as
    :func:`~igel_graph.sparql_guard.check_query` read them) put in front, on one line of
    their own; and the number of lines added (0 or 1), by which the line number of a
    syntax error is corrected."""
    own = {p.lower() for p in declared}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in own]
    if not missing:
        return text, 0
    return " ".join(missing) + "\n" + text, 1


def _shifted(exc: QuerySyntaxError, lines: int) -> QuerySyntaxError:
    """``exc`` with its line number counted in the user's text, not the prefixed one."""
    if not lines or exc.line is None:
        return exc
    where = f"{exc.source or 'input'}, line {exc.line}"
    if exc.column is not None:
        where += f", column {exc.column}"
    message = exc.message[len(where) + 2 :] if exc.message.startswith(where + ": ") else exc.message
    message = re.sub(r"^error at \d+:\d+: ", "", message)  # the parser's own, unshifted position
    return QuerySyntaxError(message, source=exc.source, line=max(exc.line - lines, 1), column=exc.column, hint=exc.hint)
