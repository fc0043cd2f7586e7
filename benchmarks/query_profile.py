"""Time named queries on the embedded Oxigraph store with synthetic data, for tuning them.

The store is built once into ``--store`` (the real graph without validation, the
synthetic N-Triples file in its own graph, the rules materialised into the inferred
graph, as ``benchmarks/store_bench.py`` does) and reused on later runs, so that one
query can be timed again in seconds after an edit::

    python benchmarks/query_profile.py --data /tmp/perf/data-100k.nt \\
        --store /tmp/perf/store-100k timeline financing-table

Each query runs with its defaults (a required parameter takes its ``example``), once as
a warm-up and then ``--repeat`` times; the median is printed in milliseconds with the
number of rows. ``--queries DIR`` times the ``.rq`` files of another folder (say, a copy
of the queries before an edit), and ``--compare DIR`` checks that the rows equal those
of the same query in ``DIR`` (as a multiset). ``--api`` times what ``GET /api/queries/NAME``
computes for the first page instead of the whole result: the first block of rows by
LIMIT/OFFSET in the engine, and the total when that block is full.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Literal  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from igel_graph.namespaces import GRAPH_BASE  # noqa: E402

SYNTHETIC = GRAPH_BASE + "source/synthetic"
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def open_store(store_dir: Path, data: Path | None, read_only: bool = False):
    """The Oxigraph store in ``store_dir``; built from the real graph and ``data`` when new;
    ``read_only``: an existing one opened for reading, beside another process using it."""
    from rdflib import URIRef

    from igel_graph.build import build_graph
    from igel_graph.reason import reason
    from igel_graph.store.oxigraph import OxigraphStore

    fresh = not store_dir.exists()
    if not fresh and read_only:
        from igel_graph.store.reading import ReadOnlyOxigraphStore

        return ReadOnlyOxigraphStore(store_dir)
    store = OxigraphStore(store_dir)
    if fresh:
        if data is None:
            raise SystemExit(f"{store_dir} does not exist: give --data to build it")
        t = time.perf_counter()
        build_graph(store, reason=False, validate=False)
        store.load(data, URIRef(SYNTHETIC), format="nt")
        reason(store, engine="rules")
        print(f"built {store_dir} in {time.perf_counter() - t:.1f} s ({store.size()} triples)", file=sys.stderr)
    return store


def _cell(term) -> str | None:
    """A comparable form of ``term``: a literal list ("a, b") with its items sorted, as
    the order of GROUP_CONCAT is not defined; numbers by value."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC:
            return str(term.toPython())
        if ", " in str(term):
            return ", ".join(sorted(str(term).split(", "))) + f"@{term.language}"
    return term.n3()


def run_once(query, store, params) -> list[tuple]:
    """The rows of one run of ``query`` as tuples of comparable cells (None for unbound)."""
    result = query.run(store, params)
    return [tuple(_cell(t) for t in row) for row in result.rows]


def run_api_page(query, store, params) -> list[tuple]:
    """The first page of ``query`` as ``GET /api/queries/NAME`` computes it: the parameters
    bound with their defaults and written into the text (VALUES block and FILTERs), the
    first block of ``BLOCK`` rows by LIMIT/OFFSET, and the total counted by the engine when
    that block is full. Returns the rows of the block (the total counted, not returned)."""
    from api.routers.queries import BLOCK
    from api.sparql.paging import count_text, page_text
    from igel_graph.store.bindings import inject_values, substitute_in_filters

    bindings = query.bindings(params)
    text = inject_values(substitute_in_filters(query.sparql, bindings), bindings) if bindings else query.sparql
    result = store.query(page_text(text, BLOCK, 0))
    rows = [tuple(_cell(t) for t in row) for row in result.rows]
    if len(rows) == BLOCK:
        store.query(count_text(text))
    return rows


def time_query(query, store, params, repeat: int, budget: int, api: bool = False) -> tuple[float | None, list]:
    """Median milliseconds over ``repeat`` runs after a warm-up, and the rows; None for the
    time when the warm-up takes longer than ``budget`` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    once = run_api_page if api else run_once
    try:
        t = time.perf_counter()
        rows = once(query, store, params)
        first = time.perf_counter() - t
    except _Timeout:
        return None, []
    finally:
        signal.alarm(0)
    if first > 5:  # a slow query: its warm-up is the measurement
        return first * 1000, rows
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        once(query, store, params)
        runs.append(time.perf_counter() - t)
    return (statistics.median(runs) if runs else first) * 1000, rows


def main() -> None:
    from igel_graph.queries import load_named_queries

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="queries to time (all when none)")
    ap.add_argument("--store", type=Path, required=True, help="Oxigraph store directory")
    ap.add_argument("--data", type=Path, help="synthetic N-Triples to build a new store from")
    ap.add_argument("--queries", type=Path, help="folder of .rq files (default: queries/)")
    ap.add_argument("--compare", type=Path, help="folder of .rq files to compare rows with")
    ap.add_argument(
        "--examples", action="store_true", help="set every parameter to its example, not only the required ones"
    )
    ap.add_argument(
        "--api",
        action="store_true",
        help="time the first page and its total as GET /api/queries/NAME computes them (rows compared: the first block)",
    )
    ap.add_argument("--read-only", action="store_true", help="open an existing store read-only")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=int, default=180, help="seconds allowed for the warm-up")
    args = ap.parse_args()

    store = open_store(args.store, args.data, args.read_only)
    queries = load_named_queries(args.queries)
    others = load_named_queries(args.compare) if args.compare else {}
    for name in args.names or sorted(queries):
        q = queries[name]
        params = {p.name: p.example for p in q.parameters if p.example and (p.required or args.examples)}
        ms, rows = time_query(q, store, params, args.repeat, args.budget, args.api)
        shown = "timeout" if ms is None else f"{ms:10.1f} ms"
        line = f"{name:28} {shown}  {len(rows):7d} rows"
        if name in others and ms is not None:
            _, ref = time_query(others[name], store, params, 0, args.budget, args.api)
            same = Counter(rows) == Counter(ref)
            line += "  same rows" if same else f"  DIFFERENT rows (reference {len(ref)})"
        print(line, flush=True)
    store.close()


if __name__ == "__main__":
    main()
