"""The ``igel serve``, ``igel views`` and ``igel precompute`` commands, registered on the core CLI through the ``igel.commands``
entry-point group (the core package never imports the web layer)."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register", "register_views", "register_precompute"]


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the Typer application ``app``."""

    @app.command("serve")
    def serve(
        host: str = typer.Option(None, help="Interface to listen on (default: IGEL_HOST or 127.0.0.1)."),
        port: int = typer.Option(None, help="Port (default: IGEL_PORT or 8000)."),
        reload: bool = typer.Option(False, "--reload/--no-reload", help="Restart on code changes (development)."),
    ) -> None:
        """Serve the web API and pages: SPARQL endpoint, resources, named queries, reports.

        Example: igel --store var/store serve --port 8000
        """
        import os

        import uvicorn

        from igel_graph.cli.app import cli_settings, console

        settings = cli_settings()
        host = host or settings.host
        port = port or settings.port
        _check_store_opens(settings)
        # The factory reads the settings from the environment in the server process,
        # so pass the chosen store on through it.
        os.environ["IGEL_STORE"] = settings.store
        console.print(
            f"Serving the IGeL API at [bold]http://{host}:{port}/[/bold] "
            f"(store: {settings.store}; API docs at /docs). Ctrl+C stops."
        )
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, reload=reload, log_level="info")


def _check_store_opens(settings) -> None:
    """Open and close the store once before the server starts, so that a store locked by
    another process (a second ``igel serve``) is one line and exit 4
    (:class:`~igel_graph.errors.StoreUnavailable`), not uvicorn's start-up traceback."""
    from igel_graph.store import open_store

    open_store(settings).close()


def register_views(app: typer.Typer) -> None:
    """Add the ``views`` command (static export of every view and page) to ``app``."""

    @app.command("views")
    def views(
        out: Path = typer.Option(..., "--out", "-o", help="Folder to write the HTML files into."),
        lang: list[str] = typer.Option(["de", "en"], "--lang", help="Languages to write (de, en)."),
    ) -> None:
        """Write every graph view and page as standalone HTML that works opened from disk.

        Every script and stylesheet is inlined; nothing is loaded from the internet.
        Open OUT/index.html (German) or OUT/index.en.html in a browser.

        Example: igel views --out site/
        """
        from igel_graph.cli.app import cli_settings, console
        from igel_graph.errors import UsageError
        from igel_graph.store import open_store

        from .export import LANGS, export_site

        bad = [code for code in lang if code not in LANGS]
        if bad:
            raise UsageError(f"Unknown language {', '.join(bad)}.", hint="Use --lang de and/or --lang en.")
        settings = cli_settings()
        store = open_store(settings)
        try:
            report = export_site(
                store,
                settings,
                out,
                langs=tuple(lang),
                progress=lambda name: console.print(f"  wrote {name}", highlight=False),
            )
        finally:
            store.close()
        first = report.out / ("index.html" if lang[0] == "de" else f"index.{lang[0]}.html")
        console.print(
            f"Wrote {len(report.files)} files ({report.total_bytes / 1e6:.1f} MB) to "
            f"[bold]{report.out}[/bold]. Open {first} in a browser.",
            soft_wrap=True,
        )


def register_precompute(app: typer.Typer) -> None:
    """Add the ``precompute`` command to ``app``."""

    @app.command("precompute")
    def precompute(
        skip: list[str] = typer.Option(
            [], "--skip", metavar="QUERY", help="A named query not to compute ahead (repeat for several)."
        ),
    ) -> None:
        """Compute the read model, the analysis, the plan-wide named queries and the views ahead.

        The results are kept in the store's folder for its data as it is now, so that the
        server (and 'igel query') reads them instead of computing them on the first
        request; the next write makes them stale. The server does the same by itself in
        the background on a store of more than IGEL_PRECOMPUTE_MIN_TRIPLES triples; this
        command does it now, with progress, on a store of any size.

        Each named query runs in a child process that is killed after
        IGEL_PRECOMPUTE_STEP_TIMEOUT seconds (default 600); a step that times out or fails
        is named at the end and computed when it is asked for.

        Exit codes: 0 when at least one step gave a result (or all were kept already),
        1 when every step failed or timed out, 2 for a wrong option or a store that keeps
        nothing on disk.

        Example: igel --store var/store precompute --skip collaboration-pairs
        """
        import time

        from igel_graph import derived
        from igel_graph.cli.app import cli_settings, console, err_console
        from igel_graph.errors import IgelError, UsageError
        from igel_graph.precompute import run
        from igel_graph.queries import load_named_queries
        from igel_graph.store import open_store
        from visualizations.precompute import all_steps

        settings = cli_settings()
        store = open_store(settings)
        try:
            if store.derived_dir() is None:
                raise UsageError(
                    f"A {store.kind} store keeps no results on disk: nothing to compute ahead.",
                    hint="Computing ahead works on the embedded store (a folder given with --store).",
                )
            started = time.perf_counter()

            def progress(done: int, total: int, label: str) -> None:
                if label:
                    elapsed = time.perf_counter() - started
                    err_console.print(f"  [{done + 1}/{total}] {label} ({elapsed:.0f} s so far)", highlight=False)

            unknown = sorted(set(skip) - set(load_named_queries()))
            if unknown:
                raise UsageError(f"No named query {', '.join(unknown)}.", hint="'igel queries' lists them.")
            steps = all_steps(store, node_limit=settings.view_node_limit, skip=skip)
            limit = settings.precompute_step_timeout
            outcomes = run(store, steps, progress=progress, step_timeout=limit)
            timed_out = [label for label, o in outcomes.items() if o.timed_out]
            failed = [label for label, o in outcomes.items() if o.failed and not o.timed_out]
            console.print(
                f"Computed {len(outcomes) - len(failed) - len(timed_out)} results ahead in "
                f"{time.perf_counter() - started:.1f} s; "
                f"{derived.entries(store)} are kept for the store's data in {store.derived_dir()}.",
                soft_wrap=True,
            )
            if timed_out:
                err_console.print(
                    f"[yellow]Timed out after {limit:g} s (IGEL_PRECOMPUTE_STEP_TIMEOUT; computed when asked for): "
                    + ", ".join(timed_out)
                    + "[/yellow]",
                    highlight=False,
                )
            if failed:
                err_console.print(
                    "[yellow]Failed (computed when asked for): " + ", ".join(failed) + "[/yellow]", highlight=False
                )
            if outcomes and len(failed) + len(timed_out) == len(outcomes):
                raise IgelError(
                    f"Every one of the {len(outcomes)} steps failed or timed out: nothing was computed ahead.",
                    hint="Check the store with 'igel stats', or raise IGEL_PRECOMPUTE_STEP_TIMEOUT.",
                )
        finally:
            store.close()
