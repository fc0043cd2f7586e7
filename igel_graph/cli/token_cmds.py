"""``igel tokens``: reporting tokens bound to an actor (create, list, revoke).

The secret is printed once, at creation; the file keeps only its hash
(:mod:`igel_graph.monitoring.tokens`).
"""

from __future__ import annotations

import typer
from rich.table import Table

from ..errors import UsageError
from .app import app, cli_settings, console

__all__ = ["tokens_app"]

tokens_app = typer.Typer(help="Reporting tokens for the monitoring API, one per organisation.", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")


def _file():
    from ..monitoring.tokens import TokenFile, tokens_file

    return TokenFile(tokens_file(cli_settings()))


@tokens_app.command("create")
def create(actor: str = typer.Option(..., "--actor", help="The actor code the token reports for, e.g. bkd.")) -> None:
    """Create a token bound to ACTOR and print it once (it is stored only as a hash).

    Example: igel tokens create --actor bkd
    """
    from ..monitoring.context import PlanContext
    from ..store import open_store

    store = open_store(cli_settings())
    try:
        known = PlanContext.load(store).actors
    finally:
        store.close()
    if actor not in known:
        raise UsageError(f"{actor!r} is not a known actor.", hint="Use an actor code such as bkd or gsd.")
    secret, entry = _file().create(actor)
    console.print(f"Token {entry.id} for {actor} (shown once, keep it safe):", highlight=False)
    print(secret)


@tokens_app.command("list")
def list_cmd() -> None:
    """List the tokens: id, actor, created, revoked (never the secrets)."""
    table = Table("id", "actor", "created", "revoked")
    for e in _file().entries():
        table.add_row(e.id, e.actor, e.created, e.revoked or "")
    console.print(table)


@tokens_app.command("revoke")
def revoke(token_id: str = typer.Argument(..., help="The token's id (see igel tokens list).")) -> None:
    """Revoke a token: from now on it is refused (401)."""
    entry = _file().revoke(token_id)
    console.print(f"Revoked {entry.id} ({entry.actor}) at {entry.revoked}.", highlight=False)
