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
of the same query in ``DIR`` (as a multiset).
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


def open_store(store_dir: Path, data: Path | None):
    """The Oxigraph store in ``store_dir``; built from the real graph and ``data`` when new."""
    from rdflib import URIRef

    from igel_graph.build import build_graph
    from igel_graph.reason import reason
    from igel_graph.store.oxigraph import OxigraphStore

    fresh = not store_dir.exists()
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


def time_query(query, store, params, repeat: int, budget: int) -> tuple[float | None, list]:
    """Median milliseconds over ``repeat`` runs after a warm-up, and the rows; None for the
    time when the warm-up takes longer than ``budget`` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        t = time.perf_counter()
        rows = run_once(query, store, params)
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
        run_once(query, store, params)
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
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=int, default=180, help="seconds allowed for the warm-up")
    args = ap.parse_args()

    store = open_store(args.store, args.data)
    queries = load_named_queries(args.queries)
    others = load_named_queries(args.compare) if args.compare else {}
    for name in args.names or sorted(queries):
        q = queries[name]
        params = {p.name: p.example for p in q.parameters if p.example and (p.required or args.examples)}
        ms, rows = time_query(q, store, params, args.repeat, args.budget)
        shown = "timeout" if ms is None else f"{ms:10.1f} ms"
        line = f"{name:28} {shown}  {len(rows):7d} rows"
        if name in others and ms is not None:
            _, ref = time_query(others[name], store, params, 0, args.budget)
            same = Counter(rows) == Counter(ref)
            line += "  same rows" if same else f"  DIFFERENT rows (reference {len(ref)})"
        print(line, flush=True)
    store.close()


if __name__ == "__main__":
    main()
