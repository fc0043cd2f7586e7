"""The ``igel serve`` command, registered on the core CLI through the ``igel.commands``
entry-point group (the core package never imports the web layer)."""

from __future__ import annotations

import typer

__all__ = ["register"]


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
        # The factory reads the settings from the environment in the server process,
        # so pass the chosen store on through it.
        os.environ["IGEL_STORE"] = settings.store
        console.print(f"Serving the IGeL API at [bold]http://{host}:{port}/[/bold] "
                      f"(store: {settings.store}; API docs at /docs). Ctrl+C stops.")
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, reload=reload,
                    log_level="info")
