"""Keeps the analysis graph current after writes, in the background.

Every accepted write calls :func:`schedule`. One task per app then re-runs the network
analysis off the event loop and writes its metrics and findings into the analysis graph,
under the same write lock and pool hand-over as any other write, so that the landing
page's count, the stored metrics and every finding link match the data again. Bursts of
writes coalesce: a refresh starts once writes have paused for :data:`QUIET` seconds (or
after :data:`LONGEST_WAIT` of steady writing), and while one runs, further writes only
mark it to run once more.
Then the listings and views of a large store are computed ahead again
(:mod:`api.precompute`). Requests never wait for it; until it is done they see the previous analysis graph (the
gap report and the views compute the current analysis themselves, cached once per store
state).
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from .precompute import start as start_precompute
from .write_path import write_lock

__all__ = ["schedule", "wait_idle"]

_log = logging.getLogger("igel.analysis")

#: seconds without a write before the refresh starts: a client writing in several
#: requests (an import, a test, a form used twice) pays for one refresh, not one each,
#: and its next write does not queue behind one (about 1 s on the IGeL graph)
QUIET = 1.0
#: seconds of steady writing after which the refresh runs anyway
LONGEST_WAIT = 15.0


def schedule(app: FastAPI) -> None:
    """Ask for the analysis graph to be brought up to date (returns at once)."""
    app.state.analysis_dirty = True
    task = getattr(app.state, "analysis_task", None)
    if task is None or task.done():
        app.state.analysis_task = asyncio.get_running_loop().create_task(_refresh(app))


async def _refresh(app: FastAPI) -> None:
    from igel_graph.readmodel import analysis_of, store_analysis

    store = app.state.store
    loop = asyncio.get_running_loop()
    waiting_since = loop.time()
    while getattr(app.state, "analysis_dirty", False):
        app.state.analysis_dirty = False
        await asyncio.sleep(QUIET)
        if app.state.analysis_dirty and loop.time() - waiting_since < LONGEST_WAIT:
            continue  # more writes came: wait until they pause
        waiting_since = loop.time()
        app.state.analysis_dirty = False
        try:
            # the analysis reads only: it runs outside the lock, then is written under it
            await run_in_threadpool(analysis_of, store)
            async with write_lock(app), app.state.query_pool.writing():
                await run_in_threadpool(store_analysis, store)
                app.state.generation = getattr(app.state, "generation", 0) + 1
            start_precompute(app)  # a large store's listings and views, for the new data
        except Exception:  # noqa: BLE001 - a failed refresh must not end the server
            _log.exception("The analysis graph could not be refreshed after a write.")


async def wait_idle(app: FastAPI) -> None:
    """Wait until no refresh is pending (for tests and an orderly shutdown)."""
    task = getattr(app.state, "analysis_task", None)
    if task is not None:
        await task
