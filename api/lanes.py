"""Lanes: bounded thread pools of the app's own for work computed in Python (pages,
views, reports, the analysis), so that no such request runs on the event loop and none
can take the threads another kind of request needs.

Why not FastAPI's thread pool: a sync ``def`` route runs in anyio's one shared pool of
40 threads. Forty slow view builds fill it, and then every other sync route, every file
served, every ``run_in_threadpool`` waits behind them. Why not ``async def`` with the
work inline: then the work runs on the event loop and ``/healthz`` waits for it.

So a route says which lane its work belongs to, with :func:`in_lane` (or awaits
:func:`run_in_lane`):

* :data:`HEAVY`: whole-plan work that can take seconds on a large store (site pages
  such as ``/plan`` and ``/gaps``, ``/monitoring``, ``/views/NAME``, reports under
  ``/api/reports/``, the analysis, the VoID statistics). ``Settings.page_threads``
  threads; at most :data:`HEAVY_QUEUE` per thread more may wait.
* :data:`LIGHT`: work that reads one resource or a cached figure (resource pages and
  profiles at ``/id/…``, ``/graph/…``, ``/ontology``, the landing page). A lane of its
  own, so that a burst of heavy pages never makes a resource page wait.

A lane admits a request only while fewer than its threads plus its queue are admitted;
beyond that the answer is 503 :class:`~api.problems.ServerBusy` with ``Retry-After`` at
once, instead of a queue that grows without bound. A request not answered within
``Settings.page_timeout`` (waiting included) gets 503 :class:`~api.problems.PageTimeout`
with ``Retry-After``. A thread cannot be stopped from outside, so work that overruns
finishes in the background and keeps its place in the lane until it does (the lane
never admits more than it can run); what it computed lands in the caches it fills
(:mod:`igel_graph.cache`), so asking again is fast. Work still waiting for a thread when
its request gives up is dropped.

The event loop only admits, hands out and awaits; ``/healthz`` (``async``, reading
counters) never enters a lane and shows each lane's figures (:meth:`Lane.status`).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Awaitable, Callable, TypeVar

from fastapi import FastAPI, Request

from .problems import PageTimeout, ServerBusy

__all__ = [
    "HEAVY",
    "LIGHT",
    "HEAVY_QUEUE",
    "LIGHT_THREADS",
    "LIGHT_QUEUE",
    "Lane",
    "lanes",
    "run_in_lane",
    "in_lane",
    "close_lanes",
]

T = TypeVar("T")

#: the lane of whole-plan pages, views, reports and the analysis
HEAVY = "heavy"
#: the lane of single-resource pages and cached figures
LIGHT = "light"
#: requests that may wait per thread of the heavy lane
HEAVY_QUEUE = 2
#: threads of the light lane (its store queries release the GIL, so they overlap)
LIGHT_THREADS = 4
#: requests that may wait per thread of the light lane
LIGHT_QUEUE = 8
#: seconds a refused client is told to wait (a heavy page takes seconds, not minutes)
RETRY_AFTER = 5


class Lane:
    """``threads`` threads and room for ``queue`` waiting requests, with a time limit.

    >>> import asyncio, concurrent.futures
    >>> lane = Lane("demo", threads=1, queue=0, timeout=5)
    >>> # in a thread of its own: the test run may already have an event loop in this one
    >>> with concurrent.futures.ThreadPoolExecutor(1) as pool:
    ...     pool.submit(asyncio.run, lane.run(sum, [1, 2, 3])).result()
    6
    >>> lane.status()["done"], lane.status()["admitted"]
    (1, 0)
    >>> lane.close()
    """

    def __init__(self, name: str, *, threads: int, queue: int, timeout: float):
        self.name = name
        self.threads = max(1, int(threads))
        self.capacity = self.threads + max(0, int(queue))
        self.timeout = float(timeout)
        self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix=f"igel-{name}")
        self._lock = threading.Lock()
        self._admitted = 0  # running or waiting, until the work has really ended
        self._running = 0
        self.done = 0
        self.refused = 0
        self.timeouts = 0

    def status(self) -> dict[str, int]:
        """Figures for ``/healthz``: threads, capacity, admitted (running or waiting),
        running, done, refused (lane full) and timed out."""
        with self._lock:
            return {
                "threads": self.threads,
                "capacity": self.capacity,
                "admitted": self._admitted,
                "running": self._running,
                "done": self.done,
                "refused": self.refused,
                "timeouts": self.timeouts,
            }

    def _call(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        with self._lock:
            self._running += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with self._lock:
                self._running -= 1

    def _release(self, _future: Future) -> None:
        # runs when the work has ended (or was dropped before it started), in any thread
        with self._lock:
            self._admitted -= 1
            self.done += 1

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in one of the lane's threads, awaited off the loop.

        Raises :class:`ServerBusy` (503) when the lane is full and :class:`PageTimeout`
        (503) when the answer took longer than the lane's time limit.
        """
        with self._lock:
            if self._admitted >= self.capacity:
                self.refused += 1
                raise ServerBusy(
                    f"The server is busy with {self._admitted} requests of this kind; it refuses more "
                    "rather than queue them.",
                    hint=f"Ask again in {RETRY_AFTER} s.",
                    retry_after=RETRY_AFTER,
                )
            self._admitted += 1
        try:
            work = self._executor.submit(self._call, fn, args, kwargs)
        except RuntimeError:  # the executor was shut down (the app is stopping)
            with self._lock:
                self._admitted -= 1
            raise ServerBusy(
                "The server is shutting down.", hint="Ask again in a moment.", retry_after=RETRY_AFTER
            ) from None
        work.add_done_callback(self._release)
        try:
            # shield: a timeout or a client that left does not cancel the work's future;
            # the work keeps its place in the lane until it has really ended
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(work)), self.timeout)
        except asyncio.TimeoutError:
            work.cancel()  # only succeeds while it still waits for a thread
            with self._lock:
                self.timeouts += 1
            raise PageTimeout(
                f"This page was not ready within the time limit of {self.timeout:g} s.",
                hint="Ask again in a moment: what was computed is kept, or ask for less (a smaller view).",
                retry_after=RETRY_AFTER,
            ) from None
        except asyncio.CancelledError:
            work.cancel()
            raise

    def close(self) -> None:
        """Stop taking work; drop what waits (running work ends in the background)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def lanes(app: FastAPI) -> dict[str, Lane]:
    """The app's lanes by name (created on first use from ``app.state.settings``)."""
    state = app.state
    found = getattr(state, "lanes", None)
    if found is None:
        settings = getattr(state, "settings", None)
        threads = int(getattr(settings, "page_threads", 2) or 2)
        timeout = float(getattr(settings, "page_timeout", 60.0) or 60.0)
        found = state.lanes = {
            HEAVY: Lane(HEAVY, threads=threads, queue=HEAVY_QUEUE * threads, timeout=timeout),
            LIGHT: Lane(LIGHT, threads=LIGHT_THREADS, queue=LIGHT_QUEUE * LIGHT_THREADS, timeout=timeout),
        }
    return found


def close_lanes(app: FastAPI) -> None:
    """Close the app's lanes, if it made any (at shutdown)."""
    for lane in (getattr(app.state, "lanes", None) or {}).values():
        lane.close()
    app.state.lanes = None


async def run_in_lane(request: Request, lane: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the app's lane ``lane`` (see :class:`Lane.run`)."""
    return await lanes(request.app)[lane].run(fn, *args, **kwargs)


def in_lane(lane: str) -> Callable[[Callable[..., T]], Callable[..., Awaitable[T]]]:
    """Decorator: a plain ``def`` route (with a ``request`` parameter) runs in ``lane``.

    The route becomes a coroutine that runs the function in the lane; FastAPI reads the
    parameters from the function itself (``functools.wraps``), so the route's signature,
    documentation and dependencies stay as written::

        @router.get("/plan")
        @in_lane(HEAVY)
        def read_plan_explorer(request: Request, store: StoreDep) -> HTMLResponse: ...
    """

    def wrap(fn: Callable[..., T]) -> Callable[..., Awaitable[T]]:
        if inspect.iscoroutinefunction(fn):
            raise TypeError(f"{fn.__name__}: in_lane takes a plain function (it already runs off the loop)")
        if "request" not in inspect.signature(fn).parameters:
            raise TypeError(f"{fn.__name__}: a route in a lane needs a 'request' parameter")

        @functools.wraps(fn)
        async def route(*args: Any, **kwargs: Any) -> T:
            return await lanes(kwargs["request"].app)[lane].run(fn, *args, **kwargs)

        return route

    return wrap
