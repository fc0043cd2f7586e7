"""The one way a route writes to the store: one lock, the query workers held away, and
what follows every accepted write.

Every write route (SPARQL Update, Graph Store protocol, uploads, plan imports,
monitoring reports) and the background analysis refresh take :func:`write_lock`, so
that writes never interleave; :func:`writing` also has the query workers let go of the
data for the write (:meth:`api.sparql.pool.QueryPool.writing`), and :func:`written`
records that the data changed (the response caches' generation) and asks for the
analysis graph to follow it in the background (:mod:`api.analysis_refresh`).

In a route::

    async with writing(request):
        await run_in_threadpool(store.update, text)
        written(request)
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI, Request

__all__ = ["write_lock", "writing", "written"]


def write_lock(app: FastAPI) -> asyncio.Lock:
    """The app's one write lock (created on first use)."""
    if getattr(app.state, "write_lock", None) is None:
        app.state.write_lock = asyncio.Lock()
    return app.state.write_lock


@asynccontextmanager
async def writing(request: Request) -> AsyncIterator[None]:
    """Hold the write lock and keep the query workers away from the data meanwhile."""
    async with write_lock(request.app), request.app.state.query_pool.writing():
        yield


def written(request: Request) -> None:
    """Record that an accepted write changed the data: cached responses of the old data
    are not served again, and the analysis graph is refreshed in the background."""
    from .analysis_refresh import schedule

    request.app.state.generation = getattr(request.app.state, "generation", 0) + 1
    schedule(request.app)
