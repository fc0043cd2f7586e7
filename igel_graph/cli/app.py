"""The Typer application and what every command shares: settings and the store.

Command modules import :data:`app` and decorate their functions with ``@app.command()``.
Commands of the web layers (``serve``, ``views``) are plugins registered through the
``igel.commands`` entry-point group, so this package never imports them.
"""

from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console

from ..settings import Settings, get_settings

__all__ = ["app", "console", "err_console", "cli_settings", "StoreOption"]

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


StoreOption = None  # the store is chosen once, on the main command: igel --store DIR CMD
