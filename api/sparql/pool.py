"""A pool of worker processes that run SPARQL queries under a hard timeout, with a lane
that long queries cannot fill.

Why processes: neither rdflib nor Oxigraph can interrupt a running query from Python, and
a thread cannot be killed. A query that overruns ``timeout`` has its worker process
killed (which really stops the query and frees the CPU); a fresh worker takes its place
in the background while the other workers keep answering. A worker that crashes (the
engine aborting on some input) answers its own request with 503 and is replaced; no
other request notices.

**Lanes.** The pool has ``long_slots + reserve`` workers. A query that is still running
after ``long_after`` seconds counts as *long*; at most ``long_slots`` long queries run at
once. One that would be one too many is stopped there and answered 503 (admission by
measured cost), so at least ``reserve`` workers only ever run short queries: however many
runaway queries arrive, a cheap query waits at most about ``long_after`` for a worker.
A killed worker's place is taken at once by a warm spare (started, data open), so the
lanes do not shrink for the seconds a new process needs to start.

**Transport.** Each worker has its own socket pair; messages are length-prefixed frames
(:mod:`.frames`) read and written with asyncio streams on the event loop (no thread hop
per query), so queries and results of any size cross it, under uvloop as under asyncio.

Writes go through :meth:`QueryPool.writing`: it waits for the running queries, has every
worker close its read-only view, lets the write happen, then reopens them on the new data
(an Oxigraph store opened read-only sees the data as of opening; a memory store is a
snapshot).

In a handler: ``output = await request.app.state.query_pool.run(job)``.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing
import socket
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable
from urllib.parse import urlsplit

from igel_graph.errors import IgelError, QueryTimeout, StoreUnavailable
from igel_graph.settings import Settings
from igel_graph.store.base import Store

from . import frames
from .worker import QueryJob, QueryOutput, WorkerSpec, worker_main

__all__ = ["QueryPool", "spec_for_store", "rebuild_error", "PoolBusy"]

_log = logging.getLogger("igel.sparql")

#: seconds a new worker may take to start and open the data
_START_TIMEOUT = 120.0


class PoolBusy(IgelError):
    """The long-query lane was full when this query became long (HTTP 503)."""

    http_status = 503


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
    # where the worker's error was (a ParseError or QuerySyntaxError has these; the error
    # handler reads them with getattr from any kind)
    vars(exc).update(line=payload.get("line"), column=payload.get("column"))
    if cls is IgelError and payload.get("status"):
        exc.http_status = payload["status"]
    return exc


async def _settled(future: asyncio.Future, timeout: float) -> bool:
    """Wait until ``future`` is done or ``timeout`` seconds have passed; True if it is
    done. The future is neither cancelled nor consumed (what ``asyncio.wait`` with one
    future does, without its set, counter and callbacks per call)."""
    if future.done():
        return True
    loop = asyncio.get_running_loop()
    waiter = loop.create_future()

    def wake(_=None) -> None:
        if not waiter.done():
            waiter.set_result(None)

    timer = loop.call_later(timeout, wake)
    future.add_done_callback(wake)
    try:
        await waiter
    finally:
        timer.cancel()
        future.remove_done_callback(wake)
    return future.done()


class _Gone(Exception):
    """The worker process went away (crashed or was killed) during a call."""


class _Worker:
    """One worker process and the server's end of its socket."""

    def __init__(self, process, channel: frames.Channel):
        self.process = process
        self.pid = process.pid
        self.channel = channel

    @classmethod
    async def start(cls, ctx, allowed_hosts: tuple[str, ...]) -> "_Worker":
        """Start a worker process and wait for its hello."""
        ours, theirs = socket.socketpair()
        process = ctx.Process(target=worker_main, args=(theirs, allowed_hosts), daemon=True, name="igel-sparql-worker")
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, process.start)  # fork+exec off the event loop
        finally:
            theirs.close()
        worker = cls(process, await frames.Channel.open(ours))
        try:
            hello = await asyncio.wait_for(worker.channel.next(), _START_TIMEOUT)
        except (TimeoutError, EOFError, OSError):
            worker.kill()
            raise StoreUnavailable("A SPARQL worker process did not start.") from None
        assert hello[0] == "hello"
        return worker

    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, message) -> asyncio.Future:
        """Send ``message`` and return the future of the reply, which fails with EOFError
        if the worker goes away first. Raises :class:`_Gone` if it is gone already."""
        reply = self.channel.next()
        try:
            self.channel.send(message)
        except (EOFError, OSError) as exc:
            reply.cancel()
            raise _Gone from exc
        return reply

    async def call(self, message, timeout: float):
        """Send ``message`` and return the reply; TimeoutError after ``timeout`` s."""
        try:
            return await asyncio.wait_for(self.send(message), timeout)
        except EOFError as exc:
            raise _Gone from exc

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and close the socket; reaped in the background."""
        try:
            self.process.kill()
        except (OSError, ValueError, AttributeError):
            pass
        self.channel.close()
        try:
            asyncio.get_running_loop().run_in_executor(None, self.process.join, 5)
        except RuntimeError:
            self.process.join(5)


class QueryPool:
    """Worker processes answering :class:`QueryJob` s under ``timeout`` seconds.

    ``size`` long queries may run at once; ``reserve`` more workers keep a lane free for
    queries that end within ``long_after`` seconds (default: a quarter of the timeout,
    at most 0.5 s).
    """

    def __init__(
        self,
        spec: Callable[[], WorkerSpec],
        *,
        size: int = 2,
        timeout: float = 10.0,
        reserve: int = 1,
        long_after: float | None = None,
        allowed_hosts: tuple[str, ...] = (),
        settle: Callable[[], None] | None = None,
    ):
        self._spec_factory = spec
        #: run (in a thread) after a write, before the workers open the data again
        self._settle = settle
        self._spec: WorkerSpec | None = None
        self.long_slots = max(1, size)
        self.size = self.long_slots + max(0, reserve)
        self.timeout = timeout
        self.long_after = long_after if long_after is not None else min(0.5, timeout / 4)
        self._allowed = allowed_hosts
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._gate = asyncio.Lock()  # held by a write; new workers wait to open
        self._open_count = 0
        self._long = 0
        self._workers: set[_Worker] = set()
        self._busy: set[_Worker] = set()
        #: a started worker with the data open, waiting to replace one that is killed
        #: (a restart takes seconds: the lanes must not shrink meanwhile)
        self._spare: _Worker | None = None
        self._tasks: set[asyncio.Task] = set()
        self.restarts = 0  # workers killed and replaced so far (timeouts, crashes, long-lane refusals)
        self.timeouts = 0
        self.crashes = 0
        self.refused_long = 0
        self.queries_run = 0  # jobs handed to a worker

    @classmethod
    def for_store(cls, store: Store, settings: Settings) -> "QueryPool":
        """The pool for the store the app serves: ``IGEL_QUERY_WORKERS`` (default 2) long
        queries at once, plus one worker reserved for short ones."""
        spec = spec_for_store(store, settings) if store.kind != "memory" else None
        factory = (lambda: spec) if spec is not None else (lambda: spec_for_store(store, settings))
        allowed = spec.allowed_hosts if spec is not None else ()
        return cls(
            factory,
            size=max(1, settings.query_workers),
            timeout=settings.query_timeout,
            allowed_hosts=allowed,
            # workers open the data read-only, replaying the write-ahead log: keep it short
            settle=store.flush,
        )

    def status(self) -> dict:
        """Figures for ``/healthz``: workers, how many are idle, long queries running, and
        how many workers were replaced (and why)."""
        return {
            "query_workers": self.size,
            "long_query_slots": self.long_slots,
            "idle_workers": self._idle.qsize(),
            "spare_workers": int(self._spare is not None),
            "long_queries_running": self._long,
            "workers_restarted": self.restarts,
            "worker_timeouts": self.timeouts,
            "worker_crashes": self.crashes,
            "long_queries_refused": self.refused_long,
            "queries_run": self.queries_run,
        }

    def pids(self) -> list[int]:
        """Process ids of the live workers (for diagnostics and tests)."""
        return [w.pid for w in self._workers]

    def busy_pids(self) -> list[int]:
        """Process ids of the workers running a query now."""
        return [w.pid for w in self._busy]

    # ------------------------------------------------------------ life cycle
    def _current_spec(self) -> WorkerSpec:
        if self._spec is None:
            self._spec = self._spec_factory()
        return self._spec

    async def _open(self, worker: _Worker) -> None:
        try:
            reply = await worker.call(("open", self._current_spec()), _START_TIMEOUT)
        except (_Gone, TimeoutError):
            worker.kill()
            raise StoreUnavailable("A SPARQL worker process could not open the data.") from None
        if reply[0] != "ready":
            worker.kill()
            raise rebuild_error(reply[1])

    async def _add_worker(self) -> None:
        worker = await _Worker.start(self._ctx, self._allowed)
        self._workers.add(worker)
        async with self._gate:
            try:
                await self._open(worker)
            except BaseException:
                self._workers.discard(worker)
                raise
            self._place(worker)

    def _place(self, worker: _Worker) -> None:
        """Put a worker with the data open where it is missing: into the pool, else as the spare."""
        if self._open_count < self.size:
            self._open_count += 1
            self._idle.put_nowait(worker)
        elif self._spare is None:
            self._spare = worker
        else:
            worker.kill()
            self._workers.discard(worker)

    async def start(self) -> None:
        """Start the workers and the spare, and wait until each has the data open."""
        await asyncio.gather(*(self._add_worker() for _ in range(self.size + 1)))

    async def stop(self) -> None:
        """Kill every worker (running queries end)."""
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()

    def _spawn_replacement(self) -> None:
        task = asyncio.get_running_loop().create_task(self._add_worker())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now; the warm spare takes its place at once, and a new worker
        starts in the background (the next spare)."""
        worker.kill()
        if worker in self._workers:
            self._workers.discard(worker)
            self._open_count -= 1
            self.restarts += 1
            if self._spare is not None:
                spare, self._spare = self._spare, None
                self._place(spare)
            self._spawn_replacement()

    # ------------------------------------------------------------ queries
    async def _acquire(self, deadline: float) -> _Worker:
        loop = asyncio.get_running_loop()
        idle = self._idle
        while True:
            if idle.qsize():
                # a free worker now: no wait_for (it wraps the wait in a task, ~20 us);
                # the same order as idle.get(), which takes a free worker at once too
                worker = idle.get_nowait()
            else:
                try:
                    worker = await asyncio.wait_for(idle.get(), max(0.001, deadline - loop.time()))
                except TimeoutError:
                    raise QueryTimeout(
                        f"No query worker became free within {self.timeout:g} s.",
                        hint="The endpoint is busy; try again shortly.",
                    ) from None
            if worker.alive():
                return worker
            self.crashes += 1  # died while idle: replace it, take the next one
            self._replace(worker)

    async def run(self, job: QueryJob) -> QueryOutput:
        """Run ``job`` in a free worker; raise the query's :class:`IgelError`;
        :class:`QueryTimeout` once ``timeout`` seconds have passed (waiting included);
        :class:`PoolBusy` when it became long while the long lane was full;
        :class:`StoreUnavailable` when its worker crashed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            worker = await self._acquire(deadline)
            try:
                reply_future = worker.send(("query", job))
                break
            except _Gone:  # it died before it had the query: not this query's doing
                self.crashes += 1
                self._replace(worker)
        self._busy.add(worker)
        self.queries_run += 1
        try:
            reply = await self._await_reply(reply_future, deadline)
        except EOFError:
            self.crashes += 1
            self._replace(worker)
            raise StoreUnavailable(
                "The query worker stopped while answering this query (the engine crashed on it); it has been replaced.",
                hint="Other queries are not affected. If this query crashes it again, simplify it.",
            ) from None
        except BaseException:
            # timed out, refused, or cancelled (client gone): the worker may still be busy
            reply_future.cancel()
            self._replace(worker)
            raise
        finally:
            self._busy.discard(worker)
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]
        raise rebuild_error(reply[1])

    async def _await_reply(self, task: asyncio.Future, deadline: float):
        loop = asyncio.get_running_loop()
        done = await _settled(task, max(0.0, min(self.long_after, deadline - loop.time())))
        if not done and loop.time() < deadline:
            if self._long >= self.long_slots:
                self.refused_long += 1
                raise PoolBusy(
                    f"The query was stopped after {self.long_after:g} s: {self._long} long queries are "
                    "already running, the most this endpoint runs at once.",
                    hint="Try again in a few seconds, or run it on your own copy of the data (see /dumps).",
                )
            self._long += 1
            try:
                done = await _settled(task, max(0.0, deadline - loop.time()))
            finally:
                self._long -= 1
        if not done:
            self.timeouts += 1
            raise QueryTimeout(
                f"The query was stopped after {self.timeout:g} s (the time limit of this endpoint).",
                hint="Make it more selective (LIMIT, fewer unbound patterns) or run it on your own copy "
                "of the data (see /dumps).",
            )
        return task.result()

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
            spare, self._spare = self._spare, None
            if spare is not None:
                self._open_count += 1  # it is held like the others, and placed again after
                held.append(spare)
            # all at once: each close and reopen is a round trip to its own process
            closed = await asyncio.gather(*(self._close(w) for w in held))
            held = [w for w, ok in zip(held, closed) if ok]
            try:
                yield
            finally:
                self._spec = None  # a memory store is snapshotted again
                if self._settle is not None:
                    try:
                        await asyncio.to_thread(self._settle)
                    except Exception:  # noqa: BLE001 - the data is written; reopening reads it anyway
                        _log.exception("Flushing the store after a write failed.")
                opened = await asyncio.gather(*(self._reopen(w) for w in held))
                for worker, ok in zip(held, opened):
                    if ok:
                        self._open_count -= 1
                        self._place(worker)

    async def _close(self, worker: _Worker) -> bool:
        """Have ``worker`` let go of the data; False (and replaced) if it cannot."""
        try:
            await worker.call(("close",), _START_TIMEOUT)
            return True
        except (_Gone, TimeoutError):
            self._drop(worker)
            return False

    async def _reopen(self, worker: _Worker) -> bool:
        """Have ``worker`` open the data again; False (and replaced) if it cannot."""
        try:
            await self._open(worker)
            return True
        except Exception:  # noqa: BLE001 - a worker that cannot reopen is replaced
            self._drop(worker)
            return False

    def _drop(self, worker: _Worker) -> None:
        """Replace ``worker`` while the gate is held (its replacement opens after the write)."""
        worker.kill()
        self._workers.discard(worker)
        self._open_count -= 1
        self.restarts += 1
        self._spawn_replacement()
