"""The child process in which computing ahead evaluates the named queries of a store on disk.

Oxigraph cannot be interrupted from Python: a named query stuck on a bad plan (one took
over two minutes on a million triples) holds the thread that runs it until it ends.
:class:`QueryChild` runs such steps in a process of their own instead, which can be
killed: past its time limit, or as soon as the run is told to stop. The child is started
once per run (``multiprocessing``'s spawn context) and answers one step after another;
a killed child is replaced by a new one for the next step.

The child enters the network wall (:mod:`igel_graph.netwall`) before it opens anything,
opens the store read-only (:class:`~igel_graph.store.reading.ReadOnlyOxigraphStore`,
beside the process that holds it for writing) and sends back each result with the state
token of the data it read. It never files anything: the parent files a result only when
that token is still the store's (:func:`igel_graph.derived.save`).

Messages (tuples on a ``multiprocessing`` pipe): the child first sends ``("ready",
token)`` or ``("error", message)``; then ``("query", ChildQuery)`` -> ``("ok", result,
token)`` or ``("error", message)``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from rdflib.term import Identifier

from .queries import NamedQuery

__all__ = ["ChildQuery", "ChildAnswer", "QueryChild", "child_main", "OK", "FAILED", "TIMED_OUT", "STOPPED"]

#: how a step in the child ended: with a result...
OK = "ok"
#: ... with an error (the engine's, or the child died)...
FAILED = "failed"
#: ... past the time limit (the child was killed)...
TIMED_OUT = "timed out"
#: ... or because the run was told to stop (the child was killed)
STOPPED = "stopped"

#: how often the parent looks at the stop event while it waits for the child (seconds)
_POLL = 0.1
#: how much lower the child's CPU priority is than the parent's (a server keeps answering)
_NICE = 5


@dataclass(frozen=True)
class ChildQuery:
    """What a child needs to compute a named-query step: the query (pickled whole, so a
    query from any folder works) and the RDF terms bound to its variables."""

    query: NamedQuery
    bindings: Mapping[str, Identifier] = field(default_factory=dict)


@dataclass(frozen=True)
class ChildAnswer:
    """How one step in the child ended: ``status`` (:data:`OK`, :data:`FAILED`,
    :data:`TIMED_OUT` or :data:`STOPPED`), the result (OK only), the state token of the
    data the child read (OK only) and a message (FAILED only)."""

    status: str
    value: Any = None
    token: str | None = None
    message: str = ""
    #: the child process that ran the step (killed by now if it timed out or was stopped)
    pid: int | None = None


def child_main(conn: Any, path: str) -> None:
    """Entry point of the child: wall off the network, open ``path`` read-only, then
    answer ``("query", ChildQuery)`` messages on ``conn`` until it closes."""
    from .netwall import enter_network_wall

    enter_network_wall(())  # before any data is opened or any query read
    try:
        os.nice(_NICE)
    except OSError:
        pass
    from .store.reading import ReadOnlyOxigraphStore

    try:
        store = ReadOnlyOxigraphStore(path)
    except Exception as exc:  # noqa: BLE001 - the parent reports it, once
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", store.state_token()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        work: ChildQuery = message[1]
        reply: tuple
        try:
            reply = ("ok", work.query.evaluate(store, work.bindings), store.state_token())
        except Exception as exc:  # noqa: BLE001 - every failure goes back as a message
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class QueryChild:
    """One child process evaluating named queries of the store in ``path`` read-only,
    started at the first step that needs it and replaced after a kill."""

    def __init__(self, path: Path | str) -> None:  # noqa: D107 - the class says it
        self.path = str(path)
        self._ctx = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Any = None
        self._token: str | None = None
        self._ready = False  # the running child has opened the store
        #: children started so far (for tests and measurements)
        self.started = 0

    @property
    def pid(self) -> int | None:
        """The running child's process id, or None when none runs."""
        return None if self._process is None else self._process.pid

    def evaluate(
        self, work: ChildQuery, *, timeout: float, token: str | None, stop: threading.Event | None = None
    ) -> ChildAnswer:
        """Evaluate ``work`` in the child within ``timeout`` seconds (starting the child
        included, when one has to be started); ``token`` is the store's state token now:
        a child that opened older data is replaced first. Killed past the limit or when
        ``stop`` is set."""
        deadline = time.monotonic() + timeout
        if self._process is not None and (self._token != token or not self._process.is_alive()):
            self.close()  # it reads data that has changed since it opened it (or it died)
        if self._process is None:
            self._start()
        pid = self.pid
        if not self._ready:
            ready = self._receive(deadline, stop)
            if ready.status != OK:
                self.close()  # it could not open the store: the next step starts a new one
                return replace(ready, pid=pid)
            self._token, self._ready = ready.value, True
        try:
            self._conn.send(("query", work))
        except (OSError, ValueError) as exc:
            self.close()
            return ChildAnswer(FAILED, message=f"the child process is gone: {exc}", pid=pid)
        return replace(self._receive(deadline, stop), pid=pid)

    def _start(self) -> None:
        ours, theirs = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=child_main, args=(theirs, self.path), daemon=True, name="igel-precompute-child"
        )
        process.start()
        theirs.close()  # ours sees EOF when the child dies
        self._process, self._conn, self._token, self._ready = process, ours, None, False
        self.started += 1

    def _receive(self, deadline: float, stop: threading.Event | None) -> ChildAnswer:
        """The child's next message as an answer, waiting until ``deadline`` or ``stop``
        (either kills the child)."""
        while True:
            if stop is not None and stop.is_set():
                self.close()
                return ChildAnswer(STOPPED)
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                return ChildAnswer(TIMED_OUT)
            try:
                if not self._conn.poll(min(_POLL, left)):
                    continue
                message = self._conn.recv()
            except (EOFError, OSError):
                process = self._process
                self.close()
                code = None if process is None else process.exitcode
                return ChildAnswer(FAILED, message=f"the child process ended without an answer (exit code {code})")
            if message[0] == "ready":
                return ChildAnswer(OK, message[1])
            if message[0] == "ok":
                return ChildAnswer(OK, message[1], message[2])
            return ChildAnswer(FAILED, message=str(message[1]))

    def close(self) -> None:
        """Kill the child (SIGKILL: the engine cannot be asked to stop) and wait for it."""
        process, conn = self._process, self._conn
        self._process, self._conn, self._token, self._ready = None, None, None, False
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)

    def __enter__(self) -> "QueryChild":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
