"""The API with one more named query, ``test-slow``, that runs until the time limit.

For ``test_workers.py``, which serves it in its own process like ``igel serve``::

    IGEL_STORE=DIR uvicorn slow_query_app:create_app --factory --loop uvloop
"""

from __future__ import annotations

SLOW_QUERY = """#+ title: Test only: slow by construction
#+ description: Every triple with every triple with every triple (4,000 cubed).
SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }
"""


def create_app():
    """The API app for the store in ``IGEL_STORE``, with ``/api/queries/test-slow``."""
    from api.app import create_app as create
    from api.routers.queries import add_named_query_route
    from igel_graph.queries import parse_named_query
    from igel_graph.settings import Settings

    app = create(Settings.from_env())
    add_named_query_route(app, parse_named_query(SLOW_QUERY, "test-slow"))
    return app
