"""A small pool of worker processes that run public SPARQL queries under a hard timeout.

Why processes: neither rdflib nor Oxigraph can interrupt a running query from Python, and
a thread cannot be killed. A query that overruns ``settings.query_timeout`` has its
worker process killed (which really stops the query and frees the CPU); a fresh worker
takes its place in the background while the other workers keep answering.

Writes go through :meth:`QueryPool.writing`: it waits for the running queries, has every
worker close its read-only view, lets the write happen, then reopens them on the new data
(an Oxigraph store opened read-only sees the data as of opening; a memory store is a
snapshot).

In a handler: ``output = await request.app.state.query_pool.run(job)``.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable
from urllib.parse import urlsplit

from igel_graph.errors import IgelError, QueryTimeout, StoreUnavailable
from igel_graph.settings import Settings
from igel_graph.store.base import Store

from .worker import QueryJob, QueryOutput, WorkerSpec, worker_main

__all__ = ["QueryPool", "spec_for_store", "rebuild_error"]

#: seconds a new worker may take to start and open the data
_START_TIMEOUT = 120.0


def spec_for_store(store: Store, settings: Settings) -> WorkerSpec:
    """How worker processes open the data ``store`` serves (see :class:`WorkerSpec`)."""
    if store.kind == "oxigraph":
        path = getattr(store, "path", None) or settings.store_path
        return WorkerSpec("oxigraph", path=str(path))
    if store.kind == "sparql":
        host = urlsplit(settings.store).hostname or ""
        return WorkerSpec("remote", settings=settings, allowed_hosts=(host,))
    graphs = {}
    for iri in store.graphs():
        graphs[str(iri)] = store.graph(iri).serialize(format="nt")
    return WorkerSpec("snapshot", graphs=graphs)


def rebuild_error(payload: dict) -> IgelError:
    """The user error a worker reported, rebuilt in this process."""
    try:
        cls = getattr(importlib.import_module(payload["module"]), payload["cls"])
        if not (isinstance(cls, type) and issubclass(cls, IgelError)):
            cls = IgelError
    except (ImportError, AttributeError):
        cls = IgelError
    exc = cls.__new__(cls)
    IgelError.__init__(exc, payload["message"], hint=payload.get("hint"))
    exc.line, exc.column = payload.get("line"), payload.get("column")
    if cls is IgelError and payload.get("status"):
        exc.http_status = payload["status"]
    return exc


class _Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, ctx, allowed_hosts: tuple[str, ...]):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, allowed_hosts), daemon=True,
                                   name="igel-sparql-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise StoreUnavailable("A SPARQL worker process did not start.")
        self.conn.recv()  # ("hello",)

    def call(self, message: tuple, timeout: float | None = None):
        """Send ``message`` and wait for the reply (blocking: run it in a thread)."""
        self.conn.send(message)
        if timeout is not None and not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` worker processes answering :class:`QueryJob` s under ``timeout`` seconds."""

    def __init__(self, spec: Callable[[], WorkerSpec], *, size: int = 2, timeout: float = 10.0,
                 allowed_hosts: tuple[str, ...] = ()):
        self._spec_factory = spec
        self._spec: WorkerSpec | None = None
        self.size = size
        self.timeout = timeout
        self._allowed = allowed_hosts
        self._ctx = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(max_workers=size + 4, thread_name_prefix="igel-sparql")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._gate = asyncio.Lock()  # held by a write; new workers wait to open
        self._open_count = 0
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self.restarts = 0  # workers killed at the timeout so far

    @classmethod
    def for_store(cls, store: Store, settings: Settings) -> "QueryPool":
        """The pool for the store the app serves, sized by ``IGEL_QUERY_WORKERS`` (default 2)."""
        size = settings.query_workers
        spec = spec_for_store(store, settings) if store.kind != "memory" else None
        factory = (lambda: spec) if spec is not None else (lambda: spec_for_store(store, settings))
        allowed = spec.allowed_hosts if spec is not None else ()
        return cls(factory, size=max(1, size), timeout=settings.query_timeout, allowed_hosts=allowed)

    # ------------------------------------------------------------ life cycle
    def _current_spec(self) -> WorkerSpec:
        if self._spec is None:
            self._spec = self._spec_factory()
        return self._spec

    async def _in_thread(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._threads, fn, *args)

    async def _open(self, worker: _Worker) -> None:
        reply = await self._in_thread(worker.call, ("open", self._current_spec()), _START_TIMEOUT)
        if reply[0] != "ready":
            worker.kill()
            raise rebuild_error(reply[1])

    async def _add_worker(self) -> None:
        worker = await self._in_thread(_Worker, self._ctx, self._allowed)
        self._workers.add(worker)
        async with self._gate:
            try:
                await self._open(worker)
            except BaseException:
                self._workers.discard(worker)
                raise
            self._open_count += 1
            self._idle.put_nowait(worker)

    async def start(self) -> None:
        """Start the workers and wait until each has the data open."""
        await asyncio.gather(*(self._add_worker() for _ in range(self.size)))

    async def stop(self) -> None:
        """Kill every worker (running queries end) and release the threads."""
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            await self._in_thread(worker.kill)
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start a replacement in the background."""
        worker.kill()
        self._workers.discard(worker)
        self._open_count -= 1
        task = asyncio.get_running_loop().create_task(self._add_worker())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ queries
    async def run(self, job: QueryJob) -> QueryOutput:
        """Run ``job`` in a free worker; raise the query's :class:`IgelError`, or
        :class:`QueryTimeout` once ``timeout`` seconds have passed (waiting included)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryTimeout(f"No query worker became free within {self.timeout:g} s.",
                               hint="The endpoint is busy; try again shortly.") from None
        try:
            worker.conn.send(("query", job))
            reply = await self._receive(worker, max(0.001, deadline - loop.time()))
        except TimeoutError:
            self.restarts += 1
            self._replace(worker)
            raise QueryTimeout(
                f"The query was stopped after {self.timeout:g} s (the time limit of this endpoint).",
                hint="Make it more selective (LIMIT, fewer unbound patterns) or run it on your own copy "
                     "of the data (see /dumps).") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise StoreUnavailable("The query worker died while answering; it has been restarted.") from None
        except BaseException:
            # cancelled (client gone): the worker may still be busy, so do not reuse it
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]
        raise rebuild_error(reply[1])

    @staticmethod
    async def _receive(worker: _Worker, timeout: float):
        """The worker's reply, awaited on the event loop (no thread hop): wake up when its
        pipe becomes readable, then read the message."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
        return worker.conn.recv()

    # ------------------------------------------------------------ writes
    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Hold every worker away from the data while the caller writes to the store."""
        async with self._gate:
            held: list[_Worker] = []
            while len(held) < self._open_count:
                try:
                    held.append(await asyncio.wait_for(self._idle.get(), 0.2))
                except TimeoutError:
                    continue
            for worker in held:
                await self._in_thread(worker.call, ("close",), _START_TIMEOUT)
            try:
                yield
            finally:
                self._spec = None  # a memory store is snapshotted again
                for worker in held:
                    try:
                        await self._open(worker)
                    except Exception:  # noqa: BLE001 - a worker that cannot reopen is replaced
                        self._workers.discard(worker)
                        self._open_count -= 1
                        task = asyncio.get_running_loop().create_task(self._add_worker())
                        self._tasks.add(task)
                        task.add_done_callback(self._tasks.discard)
                        continue
                    self._idle.put_nowait(worker)
