"""The application factory: ``create_app(settings)`` builds the FastAPI app.

Nothing is opened at import time. The lifespan opens the store named by the settings
(``igel_graph.store.open_store``) and keeps it on ``app.state.store``, keeps the settings
on ``app.state.settings``, and starts the pool of worker processes that run public SPARQL
queries under a hard timeout (``app.state.query_pool``). Serve it with ``igel serve`` or
``uvicorn --factory api.app:create_app``.

>>> from igel_graph.settings import Settings
>>> app = create_app(Settings(store="memory"))  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from igel_graph.namespaces import Graphs
from igel_graph.settings import Settings, get_settings
from igel_graph.store.base import Store

from .analysis_refresh import schedule as schedule_analysis
from .analysis_refresh import wait_idle as wait_analysis
from .cors import ReadOnlyCors
from .errors import install_error_handlers
from .lanes import close_lanes
from .limits import BodySizeLimit
from .log_filter import install_log_filter
from .openapi_doc import install_openapi
from .precompute import start as start_precompute
from .precompute import stop as stop_precompute
from .templates import STATIC_DIR

__all__ = ["create_app", "IgelApp", "ROUTER_MODULES"]

#: router modules included in this order (the resource router's catch-all paths come late)
ROUTER_MODULES = (
    "meta",
    "sparql",
    "writes",
    "monitoring",
    "queries",
    "reports",
    "analysis",
    "dumps",
    "docs",
    "site",
    "views",
    "plans",
    "resources",
)

DESCRIPTION = """\
The IGeL knowledge graph: the Canton of Lucerne's action plan 2026–2030 for integrated
health care and Baden-Württemberg's cross-sector care model project as linked data.

* **SPARQL 1.1 protocol** at `/sparql` (read-only, timeout, row cap; SERVICE, LOAD and
  remote FROM refused).
* **Resources at their IRIs**: `https://w3id.org/igel/id/…` is served at `/id/…` in HTML,
  Turtle, JSON-LD, RDF/XML and N-Triples.
* **Named queries** as REST operations under `/api/queries`.
* **Reports** (plan, actor profile, theme, analysis findings) and **dumps** of every graph.
* **Writes** (SPARQL Update, Graph Store protocol, validated upload) need the bearer token.
* **Errors** are `application/problem+json` (RFC 9457) with one message and a hint.
* **CORS**: read routes answer any origin (`IGEL_CORS_ORIGINS`); write routes never do.
"""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> IgelApp:
    """Build the API application.

    Parameters
    ----------
    settings
        The configuration; default: the environment (``Settings.from_env()``), read when
        the app starts, not at import time.
    store
        An already open store to serve instead of opening ``settings.store`` (used by
        tests and benchmarks). The app does not close a store it was given.

    Returns
    -------
    FastAPI
        The application; its lifespan opens the store and starts the query workers.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from .sparql.pool import QueryPool

        cfg = settings or get_settings()
        own_store = store is None
        if store is None:
            from igel_graph.store import open_store

            opened = open_store(cfg)
        else:
            opened = store
        app.state.settings = cfg
        install_log_filter([cfg.write_token or ""])
        app.state.store = opened
        app.state.query_pool = QueryPool.for_store(opened, cfg)
        await app.state.query_pool.start()
        # a store that was loaded but never analysed gets its analysis graph now, in the
        # background (igel build analyses, so after `make run` there is nothing to do)
        graphs = await run_in_threadpool(opened.graphs)
        if graphs and Graphs.ANALYSIS not in graphs:
            schedule_analysis(app)
        elif graphs:
            start_precompute(app)  # a large store's listings and views, in the background
        try:
            yield
        finally:
            stop_precompute(app)
            await wait_analysis(app)
            await app.state.query_pool.stop()
            close_lanes(app)  # api/lanes.py: the threads that build pages
            if own_store:
                opened.close()

    app = IgelApp(
        title="IGeL knowledge graph API",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by the docs router (no CDN)
        redoc_url=None,
    )
    limit = settings.max_body_bytes if settings is not None else None
    app.add_middleware(BodySizeLimit, max_bytes=limit)
    # Outermost: a 413 or an error page of a read route carries the CORS header too.
    app.add_middleware(ReadOnlyCors)
    install_error_handlers(app)
    install_openapi(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    from .routers.docs import ASSETS

    app.mount("/docs-assets", StaticFiles(directory=str(ASSETS)), name="docs-assets")
    for name in ROUTER_MODULES:
        module = _import_router(name)
        if module is not None:
            app.include_router(module.router)
    from .routers.queries import add_named_query_routes

    add_named_query_routes(app)
    return app


class IgelApp(FastAPI):
    """The FastAPI application with a front door for plain ``GET /sparql`` requests.

    Such a request (:class:`api.routers.sparql.SparqlFastPath` says which) is answered
    before FastAPI's per-request telemetry check and Starlette's middleware stack, inside
    the same CORS middleware as every read route; every other request takes the normal
    way. The fast path answers its errors with the app's own exception handlers.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        from .routers.sparql import SparqlFastPath

        self._sparql = SparqlFastPath(self)
        self._sparql_front = ReadOnlyCors(self._sparql.answer)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and not self.root_path and self._sparql.takes(scope):
            scope["app"] = self
            await self._sparql_front(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _import_router(name: str):
    """The router module ``api.routers.<name>``; None only if that module does not exist
    (the browser views are written separately and may be absent in a partial checkout)."""
    qualified = f"api.routers.{name}"
    try:
        return importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name == qualified and name in ("site", "views"):
            return None
        raise
