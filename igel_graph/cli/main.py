"""Entry point of the ``igel`` console script.

Loads the command modules, then the plugin commands of the ``igel.commands`` entry-point
group (the API's ``serve``, the views' ``views``), and turns every
:class:`~igel_graph.errors.IgelError` into one message and an exit code, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from importlib.metadata import entry_points
from typing import Protocol, cast

import typer

from ..errors import IgelError

# Command modules register themselves on import.
from . import (  # noqa: F401,E402
    analysis_cmds,
    generate_cmds,
    graph_cmds,
    monitoring_cmds,
    query_cmds,
    token_cmds,
    workbook_cmds,
)
from .app import app, err_console

__all__ = ["run", "app"]


def _load_plugins() -> None:
    for ep in entry_points(group="igel.commands"):
        try:
            register = ep.load()
        except ImportError as exc:  # a web extra missing must not break the core CLI
            err_console.print(f"[yellow]Command '{ep.name}' unavailable: {exc}[/yellow]")
            continue
        register(app)


def run(argv: list[str] | None = None) -> None:
    """Run the CLI; exit with the error's code and a one-paragraph message on bad input."""
    # rdflib logs every ill-typed literal ("5000 2"^^xsd:decimal) with a traceback; SHACL
    # reports each one as a violation with its line, so the log would only look like a crash
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    _load_plugins()
    try:
        app(args=argv, standalone_mode=False)
    except IgelError as exc:
        # markup=False: messages quote user input, and rich would swallow "[...]" in it
        err_console.print("Error:", style="bold red", end=" ")
        err_console.print(str(exc), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("Aborted.")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        kinds = _click_kinds()
        if isinstance(exc, kinds["ClickException"]):
            usage = cast(_ClickError, exc)
            usage.show()  # a usage error: the usage line and the message, exit 2
            sys.exit(usage.exit_code)
        if isinstance(exc, kinds["Exit"]):
            sys.exit(cast(_ClickError, exc).exit_code)
        raise


class _ClickError(Protocol):
    """What this module uses of click's ``ClickException`` and ``Exit`` (classes found at run time)."""

    exit_code: int

    def show(self) -> None: ...


def _click_kinds() -> dict[str, tuple[type, ...]]:
    """click's exception classes: those of click itself and of the copy that recent typer
    versions vendor (``typer._click``), whichever are installed."""
    kinds: dict[str, tuple[type, ...]] = {"ClickException": (), "Exit": ()}
    for module in ("click.exceptions", "typer._click.exceptions"):
        try:
            found = __import__(module, fromlist=["ClickException", "Exit"])
        except ImportError:
            continue
        for name in kinds:
            cls = getattr(found, name, None)
            if isinstance(cls, type):
                kinds[name] += (cls,)
    return kinds


if __name__ == "__main__":
    run()
