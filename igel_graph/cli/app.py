"""The Typer application and what every command shares: settings and the store.

Command modules import :data:`app` and decorate their functions with ``@app.command()``.
Commands of the web layers (``serve``, ``views``) are plugins registered through the
``igel.commands`` entry-point group, so this package never imports them.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

import typer
from rich.console import Console

from ..settings import Settings, get_settings

__all__ = ["app", "console", "err_console", "cli_settings", "reading_store", "StoreOption"]

app = typer.Typer(
    name="igel",
    help=(
        "IGeL knowledge graph: build, validate, reason over and query the integrated-care "
        "plans of Lucerne and Baden-Württemberg.\n\n"
        "Example: igel build && igel query measures-of-actor --param actor=id:actor/bkd"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
err_console = Console(stderr=True)

_state: dict = {}


@app.callback()
def _main(
    store: Optional[str] = typer.Option(
        None,
        "--store",
        "-s",
        envvar="IGEL_STORE",
        help="Store: a directory (embedded Oxigraph, default var/store), 'memory', "
        "or the query URL of a SPARQL 1.1 endpoint.",
    ),
) -> None:
    _state["settings"] = get_settings(store=store)


def cli_settings() -> Settings:
    """The settings of this invocation (``--store`` applied)."""
    return _state.get("settings") or get_settings()


@contextmanager
def reading_store() -> Iterator:
    """The store for a command that only reads (``query``, ``sparql``, ``export``,
    ``stats``): opened as usual, or read-only beside ``igel serve`` when that holds it
    (:func:`igel_graph.store.reading.open_for_reading`); stderr says which. Closed after."""
    from ..store.reading import describe, open_for_reading  # opening a store is the slow part

    store, how = open_for_reading(cli_settings())
    err_console.print(describe(store, how), style="dim", highlight=False, soft_wrap=True)
    try:
        yield store
    finally:
        store.close()


StoreOption = None  # the store is chosen once, on the main command: igel --store DIR CMD
