"""Computing ahead runs the named queries of a store on disk in a child process it can
kill (igel_graph/precompute.py, igel_graph/precompute_child.py): real child processes on
a copy of the built IGeL store, no mocks.

The slow query is the store crossed with itself three times: about 8,600 triples cubed,
some 6 * 10^11 rows to count, far beyond any step limit here. The medium query (every
typed resource crossed with every triple: 11.6 million rows, measured at 2.3 s) finishes,
but only after a write has come.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from igel_graph import derived
from igel_graph.precompute import COMPUTED, TIMED_OUT, Step, query_steps, run
from igel_graph.precompute_child import ChildQuery
from igel_graph.queries import load_named_queries, parse_named_query
from igel_graph.store.oxigraph import OxigraphStore

pytestmark = pytest.mark.slow

SLOW = parse_named_query(
    """#+ title: the store cubed
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } }""",
    "test-slow",
)
#: the step limit of the time-out tests (SLOW would take hours on the IGeL store)
LIMIT = 8.0
MEDIUM = parse_named_query(
    """#+ title: typed resources times triples
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a a ?c } GRAPH ?g2 { ?d ?e ?f } }""",
    "test-medium",
)


def _step(q) -> Step:
    """A named-query step as :func:`igel_graph.precompute.query_steps` makes them."""
    return Step(f"query {q.name}", q.result_key({}), lambda: q.evaluate(None, {}), child=ChildQuery(q, {}))


def _lang_step(name: str, lang: str) -> Step:
    q = load_named_queries()[name]
    bindings = q.bindings({"lang": lang})
    return Step(
        f"query {name} lang={lang}", q.result_key(bindings), lambda: q.evaluate(None, bindings), ChildQuery(q, bindings)
    )


def _dead(pid: int) -> bool:
    """Whether no process ``pid`` exists any more (killed and reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _children() -> set[int]:
    """The process ids of this process's children (from /proc)."""
    me, out = os.getpid(), set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                out.add(int(entry.name))
    return out


@pytest.fixture
def store(built_oxigraph, tmp_path):
    """A copy of the built store on disk, with nothing kept for it yet."""
    built_oxigraph.flush()
    copy = tmp_path / "store"
    shutil.copytree(built_oxigraph.path, copy)
    shutil.rmtree(copy / derived.DERIVED_DIR, ignore_errors=True)
    opened = OxigraphStore(copy)
    yield opened
    opened.close()


def test_a_slow_query_times_out_its_child_is_killed_and_the_next_steps_are_kept(store):
    steps = [_step(SLOW), _lang_step("actors", "de"), _lang_step("timeline", "en")]
    t0 = time.monotonic()
    # the limit covers starting a new child too (0.4-0.8 s alone, seconds beside the
    # parallel test suite): long enough for that and the next steps, far too short for SLOW
    outcomes = run(store, steps, step_timeout=LIMIT)
    slow = outcomes["query test-slow"]
    assert slow.status == TIMED_OUT and slow.timed_out and slow.failed
    assert LIMIT <= slow.seconds < LIMIT + 4.0 and time.monotonic() - t0 < 90
    assert slow.pid is not None and _dead(slow.pid)
    assert not derived.exists(store, steps[0].key)
    after = [outcomes["query actors lang=de"], outcomes["query timeline lang=en"]]
    assert [o.status for o in after] == [COMPUTED, COMPUTED] and all(o.filed for o in after)
    # a new child took the steps after it, and the same one both
    assert after[0].pid == after[1].pid and after[0].pid != slow.pid
    for step in steps[1:]:
        kept = derived.load(store, step.key)
        assert kept is not derived.MISSING
        assert kept.rows == step.child.query.evaluate(store, step.child.bindings).rows
    assert len(kept.rows) > 0  # the timeline lists the measures of both plans


def test_a_run_in_the_child_files_the_same_rows_as_one_in_this_process(store, tmp_path):
    steps = query_steps(store)
    outcomes = run(store, steps, step_timeout=120.0)
    assert all(o.status == COMPUTED and o.filed and o.pid is not None for o in outcomes.values()), outcomes
    assert len({o.pid for o in outcomes.values()}) == 1  # one child for the whole run
    assert derived.entries(store) == len(steps)
    for step in steps:
        kept = derived.load(store, step.key)
        here = step.compute()  # the same query, evaluated in this process
        assert kept.vars == here.vars and len(kept.rows) == len(here.rows), step.label
        # the same rows; in the same order but where an ORDER BY leaves ties, which
        # Oxigraph may break differently in another process (money-per-field-goal at 100k)
        assert sorted(map(repr, kept.rows)) == sorted(map(repr, here.rows)), step.label
    actors = derived.load(store, next(s.key for s in steps if s.label == "query actors lang=de"))
    assert any("Gesundheits- und Sozialdepartement" in str(row) for row in actors.rows)


def test_a_result_is_not_filed_when_a_write_came_while_the_child_computed_it(store):
    opening, medium = _lang_step("actors", "en"), _step(MEDIUM)
    started, written, finished = threading.Event(), [], []

    def progress(done: int, total: int, label: str) -> None:
        if label == medium.label:
            started.set()

    def write() -> None:
        started.wait(60)
        time.sleep(0.5)  # the child opened the store during the first step: now it counts
        store.update('INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:p> "written" } }')
        written.append(time.monotonic())

    writer = threading.Thread(target=write)
    writer.start()
    old_folder = derived.folder(store)
    outcomes = run(
        store,
        [opening, medium],
        progress=progress,
        step_timeout=120.0,
        report=lambda *a: finished.append(time.monotonic()),
    )
    writer.join(60)
    assert written and written[0] < finished[1], "the write came after the step: the test proves nothing"
    assert outcomes[medium.label].status == COMPUTED and not outcomes[medium.label].filed
    assert not derived.exists(store, medium.key)  # not for the new data...
    assert not (old_folder / derived._file(store, medium.key).name).exists()  # ...nor for the old
    assert outcomes[opening.label].filed  # the step before the write was


def test_stop_during_a_slow_step_kills_the_child_and_returns_at_once(store):
    stop, outcomes = threading.Event(), {}
    before = _children()
    thread = threading.Thread(target=lambda: outcomes.update(run(store, [_step(SLOW)], stop=stop, step_timeout=600)))
    thread.start()
    end = time.monotonic() + 60
    while not (_children() - before) and time.monotonic() < end:
        time.sleep(0.05)
    child = _children() - before
    assert child, "no child process was started"
    time.sleep(1.5)  # it has opened the store and is counting
    t0 = time.monotonic()
    stop.set()
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - t0 < 3.0
    assert all(_dead(pid) for pid in child)
    assert outcomes == {}  # the stopped step is not recorded: the run ended before it
    assert not derived.exists(store, _step(SLOW).key)
