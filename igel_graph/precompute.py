"""Computing ahead what the pages and listings of a large store need.

On a store of a million triples the read model takes tens of seconds, the network
analysis minutes, a plan-wide named query (``actors``, ``timeline``,
``collaboration-pairs``...) from seconds to minutes and a graph view minutes. Each is
computed once per state of the data anyway (:mod:`igel_graph.cache`) and kept on disk for
it (:mod:`igel_graph.derived`); :func:`run` computes them *before* anyone asks, so that
the first person to open a listing or a view after a change reads a stored result.

The server runs it in the background after each refresh of the analysis graph and when it
starts on a store larger than ``Settings.precompute_min_triples``; ``igel precompute``
runs it with progress. A step whose result is kept already costs a file read.

The steps here are the core's: the read model, the analysis and every named query that
needs no parameter, with its defaults and in each language it offers. The views add
theirs (:func:`visualizations.precompute.view_steps`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from . import derived
from .queries import NamedQuery, load_named_queries
from .readmodel import LANGS, READ_MODEL_KEY, analysis_key, analysis_of, read_model

__all__ = ["Step", "core_steps", "query_steps", "run", "worth_it"]


@dataclass(frozen=True)
class Step:
    """One result to compute ahead: ``label`` names it in progress and logs, ``key`` is
    its cache key, ``compute`` computes it."""

    label: str
    key: tuple
    compute: Callable[[], object]


def _parameter_sets(q: NamedQuery) -> list[dict[str, str]]:
    """The parameter values a listing is opened with: none (the defaults), and each
    language the query offers. Empty for a query that needs a parameter (those are
    selective and fast)."""
    if any(p.required and p.default is None for p in q.parameters):
        return []
    lang = next((p for p in q.parameters if p.name == "lang"), None)
    if lang is None or not lang.choices:
        return [{}]
    return [{"lang": code} for code in lang.choices if code in LANGS]


def query_steps(store, queries: dict[str, NamedQuery] | None = None, skip: Iterable[str] = ()) -> list[Step]:
    """One step per named query without a required parameter and per language, but
    those named in ``skip``."""
    steps = []
    for q in (queries or load_named_queries()).values():
        if q.name in skip:
            continue
        for params in _parameter_sets(q):
            label = f"query {q.name}" + "".join(f" {k}={v}" for k, v in params.items())
            bindings = q.bindings(params)
            steps.append(Step(label, q.result_key(bindings), partial(q.evaluate, store, bindings)))
    return steps


def core_steps(store, skip: Iterable[str] = ()) -> list[Step]:
    """The read model, the analysis and the named queries of ``store`` (but those named
    in ``skip``)."""
    # these two through their cached functions: the views read them from memory next
    return [
        Step("read model", READ_MODEL_KEY, lambda: read_model(store)),
        Step("network analysis", analysis_key(), lambda: analysis_of(store)),
        *query_steps(store, skip=skip),
    ]


def run(
    store,
    steps: Iterable[Step],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    stop: threading.Event | None = None,
) -> dict[str, float]:
    """Compute each step of ``store`` whose result is not kept on disk yet and keep it
    there; returns seconds per step label (a kept one costs a file lookup).

    Results go to the disk, not into this process's memory: a server computing ahead
    does not hold every listing of a large store at once. ``progress(done, total,
    label)`` is called before each step; ``stop`` set ends the run before the next step.
    A step that fails is skipped (its result is computed when it is asked for, and fails
    there with its own message).
    """
    steps = list(steps)
    seconds: dict[str, float] = {}
    for i, step in enumerate(steps):
        if stop is not None and stop.is_set():
            break
        if progress is not None:
            progress(i, len(steps), step.label)
        t0 = time.perf_counter()
        if not derived.exists(store, step.key):
            token = store.state_token()  # before computing: a write meanwhile must not be filed under it
            try:
                value = step.compute()
            except Exception:  # noqa: BLE001 - one failing listing must not stop the others
                seconds[step.label] = float("nan")
                continue
            if not derived.exists(store, step.key):  # read model, analysis: kept by their cache
                derived.save(store, step.key, value, token=token)
        seconds[step.label] = time.perf_counter() - t0
    if progress is not None:
        progress(len(steps), len(steps), "")
    return seconds


def worth_it(store, min_triples: int) -> bool:
    """Whether ``store`` is large enough to compute ahead and keeps results on disk."""
    if store.derived_dir() is None:
        return False
    return store.size() > min_triples
