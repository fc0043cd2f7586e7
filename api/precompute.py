"""Runs :mod:`igel_graph.precompute` in the background of the server.

A large store's read model, analysis, plan-wide named queries and views are computed
after the server starts and again after each refresh of the analysis graph
(:mod:`api.analysis_refresh`), in one thread of their own, so that the first request for
any of them reads a kept result. A new start stops the run before it at its next step
(what it computed is for data that has changed since); after a run the thread waits for
the next day and runs again, for the views shown "as of today". Requests never wait for it: one
that comes first computes its own result as before, and the run then finds it kept.

The named queries run in a child process (:mod:`igel_graph.precompute_child`), killed past
``IGEL_PRECOMPUTE_STEP_TIMEOUT`` or as soon as the run is stopped; a step that times out
is logged once, by name, and counted in ``/healthz``'s ``computed_ahead.timed_out``.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from fastapi import FastAPI

from igel_graph.precompute import StepOutcome, run, worth_it
from visualizations.precompute import all_steps

__all__ = ["start", "stop", "status"]

_log = logging.getLogger("igel.precompute")


def start(app: FastAPI) -> None:
    """Compute ahead for the store as it is now (returns at once)."""
    before = getattr(app.state, "precompute", None)
    halt = threading.Event()
    thread = threading.Thread(target=_run, args=(app, before, halt), name="igel-precompute", daemon=True)
    if before is not None:
        before[1].set()
    app.state.precompute = (thread, halt)
    thread.start()


def stop(app: FastAPI, wait: float = 1.0) -> None:
    """Stop the run: a named query under way in the child is killed at once, any other
    step is let finish; wait at most ``wait`` seconds for it (a read model or a view in
    this process cannot be interrupted: the process may end beside it)."""
    current = getattr(app.state, "precompute", None)
    if current is not None:
        current[1].set()
        current[0].join(wait)


def status(app: FastAPI) -> dict:
    """How far computing ahead is (for ``/healthz``): ``running``, steps ``done`` of
    ``total``, the ``step`` under way and how many steps ``timed_out`` in this run;
    ``{"running": false}`` when it never ran (a small store, or one that keeps nothing
    on disk)."""
    return dict(getattr(app.state, "precompute_status", {"running": False}))


def _seconds_to_next_day() -> float:
    """Seconds until just after the next midnight (local time, as ``as_of`` is read)."""
    now = datetime.now()
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return (tomorrow - now).total_seconds() + 60


def _run(app: FastAPI, before, halt: threading.Event) -> None:
    if before is not None:
        before[0].join()
    store, settings = app.state.store, app.state.settings
    try:
        if halt.is_set() or not worth_it(store, settings.precompute_min_triples):
            return
    except Exception:  # noqa: BLE001 - computing ahead must never end the server
        _log.exception("Computing the listings and views ahead failed.")
        return

    # then once a day: the collaboration view's default is "as of today", so a new day
    # is a new view (the rest is kept and costs a file read)
    timed_out: set[str] = set()  # of this run
    logged: set[str] = set()  # once per start (per state of the data), not once a day

    def progress(done: int, total: int, label: str) -> None:
        app.state.precompute_status = {
            "running": bool(label),
            "done": done,
            "total": total,
            "step": label or None,
            "timed_out": len(timed_out),
        }

    def report(label: str, outcome: StepOutcome) -> None:
        if outcome.timed_out:
            timed_out.add(label)
            if label not in logged:
                logged.add(label)
                _log.warning(
                    "Computing ahead: %s took longer than %g s (IGEL_PRECOMPUTE_STEP_TIMEOUT) and was stopped; "
                    "it is computed when asked for.",
                    label,
                    settings.precompute_step_timeout,
                )

    while not halt.is_set():
        timed_out.clear()
        try:
            steps = all_steps(store, node_limit=settings.view_node_limit)
            outcomes = run(
                store, steps, stop=halt, progress=progress, report=report, step_timeout=settings.precompute_step_timeout
            )
        except Exception:  # noqa: BLE001 - computing ahead must never end the server
            _log.exception("Computing the listings and views ahead failed.")
            return
        if outcomes:
            _log.info(
                "Computed %d listings and views ahead in %.1f s.",
                sum(1 for o in outcomes.values() if not o.failed),
                sum(o.seconds for o in outcomes.values()),
            )
        halt.wait(_seconds_to_next_day())
