"""The API with one more named query, ``test-slow``, that runs until the time limit, and
one more graph view, ``test-slow``, that takes ``IGEL_TEST_SLOW_VIEW_SECONDS`` to build.

For ``test_workers.py``, which serves it in its own process like ``igel serve``::

    IGEL_STORE=DIR uvicorn slow_query_app:create_app --factory --loop uvloop
"""

from __future__ import annotations

import os
import time

SLOW_QUERY = """#+ title: Test only: slow by construction
#+ description: Every triple with every triple with every triple (4,000 cubed).
SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }
"""

#: what the slow view reads over and over: 2,000 statements, turned into Python terms
SLOW_VIEW_READ = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 2000"


def slow_view(ctx):
    """The themes view, after reading the store in Python for the configured seconds
    (real store queries and real term conversion, as a large view's first build does:
    it holds the GIL part of the time, like any view build)."""
    from visualizations.views import themes

    seconds = float(os.environ.get("IGEL_TEST_SLOW_VIEW_SECONDS", "2"))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = ctx.store.query(SLOW_VIEW_READ).rows
        sum(len(str(term)) for row in rows for term in row)
    return themes.build(ctx)


def create_app():
    """The API app for the store in ``IGEL_STORE``, with ``/api/queries/test-slow`` and
    ``/views/test-slow``."""
    from api.app import create_app as create
    from api.routers.queries import add_named_query_route
    from igel_graph.queries import parse_named_query
    from igel_graph.settings import Settings
    from visualizations.registry import VIEWS, ViewSpec

    text = {"de": "Test: langsam", "en": "Test: slow"}
    VIEWS["test-slow"] = ViewSpec("test-slow", text, text, slow_view)
    app = create(Settings.from_env())
    add_named_query_route(app, parse_named_query(SLOW_QUERY, "test-slow"))
    return app
