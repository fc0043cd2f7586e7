"""Work of a request that is computed in Python, not in a query worker (pages, views,
reports, the analysis), run off the event loop in a small thread pool of its own, under a
time limit.

The event loop only hands the work out and waits, so ``/healthz``, ``/sparql`` and
cached pages keep answering while a page is built. The pool is bounded
(:attr:`~igel_graph.settings.Settings.query_workers` threads, at least two), so pages
built at the same time cannot take every thread of the server, and they are kept apart
from the threads of FastAPI's own pool. A request that has not been answered within
:data:`PAGE_SECONDS` (or ``query_timeout`` if that is longer; waiting for a thread
included) gets 503 ``QueryTimeout``, like a query. Not ``query_timeout`` itself: a thread
cannot be stopped from outside, so a build that overruns finishes in the background and
keeps its thread anyway; a short limit would only refuse first builds that take a few
seconds (a plan report or a view on a busy 2-core machine) without freeing anything.
What a build computes is kept by the caches it fills (:mod:`igel_graph.cache`), so asking
again after a 503 is fast.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from fastapi import Request

from igel_graph.errors import QueryTimeout

__all__ = ["off_loop", "page_pool", "PAGE_SECONDS"]

#: the least time a page may take to build before the request gets 503
PAGE_SECONDS = 60.0

T = TypeVar("T")


def page_pool(request: Request) -> ThreadPoolExecutor:
    """The app's thread pool for pages (created on first use, shut down with the app)."""
    state = request.app.state
    pool = getattr(state, "page_pool", None)
    if pool is None:
        size = max(2, int(getattr(state.settings, "query_workers", 2) or 2))
        pool = state.page_pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="igel-page")
    return pool


async def off_loop(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the page pool; :class:`QueryTimeout` (503) when it has
    not returned within :data:`PAGE_SECONDS` (or the longer ``query_timeout``)."""
    timeout = max(float(request.app.state.settings.query_timeout), PAGE_SECONDS)
    future = asyncio.get_running_loop().run_in_executor(page_pool(request), functools.partial(fn, *args, **kwargs))
    try:
        return await asyncio.wait_for(future, timeout)
    except asyncio.TimeoutError:
        raise QueryTimeout(
            f"This page took longer than the time limit of {timeout:g} s to build.",
            hint="Ask again in a moment (it is kept once built), or ask for less (a smaller view).",
        ) from None
