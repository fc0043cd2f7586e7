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

Where each step runs: a named query of an Oxigraph store on disk runs in a child process
(:mod:`igel_graph.precompute_child`) that can be killed, past
``Settings.precompute_step_timeout`` or when the run is stopped, since the engine cannot
be interrupted from Python; the read model, the analysis and the views run here, because
they fill this process's cache (:mod:`igel_graph.cache`) that the views read next.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from . import derived
from .precompute_child import OK, STOPPED, TIMED_OUT, ChildQuery, QueryChild
from .queries import NamedQuery, load_named_queries
from .readmodel import LANGS, READ_MODEL_KEY, analysis_key, analysis_of, read_model

__all__ = [
    "Step",
    "StepOutcome",
    "COMPUTED",
    "KEPT",
    "FAILED",
    "TIMED_OUT",
    "DEFAULT_STEP_TIMEOUT",
    "model_steps",
    "query_steps",
    "run",
    "worth_it",
]

#: how a step ended: computed now...
COMPUTED = "computed"
#: ... found kept on disk already...
KEPT = "kept"
#: ... failed (it is computed when asked for, and fails there with its own message);
#: or timed out (:data:`TIMED_OUT`: its child process was killed past the limit)
FAILED = "failed"

#: seconds a named-query step may take (``Settings.precompute_step_timeout``)
DEFAULT_STEP_TIMEOUT = 600.0


@dataclass(frozen=True)
class Step:
    """One result to compute ahead: ``label`` names it in progress and logs, ``key`` is
    its cache key, ``compute`` computes it here. ``child`` is set for a step that may run
    in the child process instead (a named query: the query and its bindings)."""

    label: str
    key: tuple
    compute: Callable[[], object]
    child: ChildQuery | None = None


@dataclass(frozen=True)
class StepOutcome:
    """How one step of :func:`run` ended: ``status`` (:data:`COMPUTED`, :data:`KEPT`,
    :data:`FAILED` or :data:`TIMED_OUT`) and the seconds it took; ``filed`` whether a
    result computed now was kept on disk (not when a write came meanwhile); ``pid`` the
    child process that ran it (None: it ran in this process, or was kept already)."""

    status: str
    seconds: float
    filed: bool = False
    pid: int | None = None

    @property
    def failed(self) -> bool:
        """Whether the step gave no result (it failed or timed out)."""
        return self.status in (FAILED, TIMED_OUT)

    @property
    def timed_out(self) -> bool:
        """Whether the step's child was killed past the time limit."""
        return self.status == TIMED_OUT


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
            key, work = q.result_key(bindings), ChildQuery(q, bindings)
            steps.append(Step(label, key, partial(q.evaluate, store, bindings), child=work))
    return steps


def model_steps(store) -> list[Step]:
    """The read model and the analysis of ``store``: every view reads them."""
    # through their cached functions: the views read them from memory next
    return [
        Step("read model", READ_MODEL_KEY, lambda: read_model(store)),
        Step("network analysis", analysis_key(), lambda: analysis_of(store)),
    ]


def run(
    store,
    steps: Iterable[Step],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    stop: threading.Event | None = None,
    step_timeout: float = DEFAULT_STEP_TIMEOUT,
    report: Callable[[str, StepOutcome], None] | None = None,
) -> dict[str, StepOutcome]:
    """Compute each step of ``store`` whose result is not kept on disk yet and keep it
    there; returns how each step ended, by label (a kept one costs a file lookup).

    Results go to the disk, not into this process's memory: a server computing ahead
    does not hold every listing of a large store at once. ``progress(done, total,
    label)`` is called before each step, ``report(label, outcome)`` after it; ``stop``
    set ends the run before the next step, and kills a named query under way in the
    child (that step is not reported). A step that fails is skipped (its result is
    computed when it is asked for, and fails there with its own message).

    On an Oxigraph store on disk the named-query steps run in one child process
    (:class:`~igel_graph.precompute_child.QueryChild`), each within ``step_timeout``
    seconds: past it the child is killed, the step is :data:`TIMED_OUT` and a new child
    takes the next one.
    """
    steps = list(steps)
    outcomes: dict[str, StepOutcome] = {}
    child = QueryChild(store.path) if _has_children(store) else None
    try:
        for i, step in enumerate(steps):
            if stop is not None and stop.is_set():
                break
            if progress is not None:
                progress(i, len(steps), step.label)
            outcome = _step(store, step, child, step_timeout, stop)
            if outcome is None:  # stopped in the child
                break
            outcomes[step.label] = outcome
            if report is not None:
                report(step.label, outcome)
    finally:
        if child is not None:
            child.close()
    if progress is not None:
        progress(len(steps), len(steps), "")
    return outcomes


def _has_children(store) -> bool:
    """Whether ``store``'s named queries run in a child: an Oxigraph folder this process
    can write (a read-only opening files nothing, so it computes nothing ahead)."""
    from .store.oxigraph import OxigraphStore

    return (
        isinstance(store, OxigraphStore)
        and store.path is not None
        and store.derived_dir() is not None
        and not getattr(store, "read_only", False)
    )


def _step(
    store, step: Step, child: QueryChild | None, timeout: float, stop: threading.Event | None
) -> StepOutcome | None:
    """Compute one step (in ``child`` when it may run there) and file its result; None
    when ``stop`` ended it in the child."""
    t0 = time.perf_counter()
    if derived.exists(store, step.key):
        return StepOutcome(KEPT, time.perf_counter() - t0)
    token = store.state_token()  # before computing: a write meanwhile must not be filed under it
    if child is not None and step.child is not None:
        answer = child.evaluate(step.child, timeout=timeout, token=token, stop=stop)
        if answer.status == STOPPED:
            return None
        if answer.status != OK:
            status = TIMED_OUT if answer.status == TIMED_OUT else FAILED
            return StepOutcome(status, time.perf_counter() - t0, pid=answer.pid)
        # filed under the token of the data the child read, if that is still the store's
        filed = derived.save(store, step.key, answer.value, token=answer.token)
        return StepOutcome(COMPUTED, time.perf_counter() - t0, filed, answer.pid)
    try:
        value = step.compute()
    except Exception:  # noqa: BLE001 - one failing listing must not stop the others
        return StepOutcome(FAILED, time.perf_counter() - t0)
    filed = derived.exists(store, step.key)  # read model, analysis: kept by their cache
    if not filed:
        filed = derived.save(store, step.key, value, token=token)
    return StepOutcome(COMPUTED, time.perf_counter() - t0, filed)


def worth_it(store, min_triples: int) -> bool:
    """Whether ``store`` is large enough to compute ahead and keeps results on disk."""
    if store.derived_dir() is None:
        return False
    return store.size() > min_triples
