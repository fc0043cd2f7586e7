"""Wall two for the API's SPARQL machinery (see :mod:`igel_graph.netwall`).

* :func:`walled_worker_main`: the query worker's entry point behind the wall. It enters
  the empty network namespace before it reads its first message (the pipe to the server
  is open already and keeps working), then is :func:`api.sparql.worker.worker_main`. A
  worker for a remote store (``allowed_hosts`` given) keeps its network.
* :func:`run_walled`: awaitable; runs a blocking call (a SPARQL update on the store) in the
  server's one walled thread, so that Oxigraph cannot call out from there either.
"""

from __future__ import annotations

import asyncio
from typing import Callable, TypeVar

from igel_graph.netwall import enter_network_wall, walled_executor

__all__ = ["walled_worker_main", "run_walled"]

T = TypeVar("T")


def walled_worker_main(conn, allowed_hosts: tuple[str, ...] = ()) -> None:
    """Enter the wall (unless the worker needs the network), then serve as
    :func:`~api.sparql.worker.worker_main` does."""
    enter_network_wall(tuple(allowed_hosts))
    from .worker import worker_main

    worker_main(conn, allowed_hosts)


async def run_walled(fn: Callable[..., T], *args) -> T:
    """``await run_walled(store.update, text)``: ``fn(*args)`` in the walled thread."""
    return await asyncio.wrap_future(walled_executor().submit(fn, *args))
