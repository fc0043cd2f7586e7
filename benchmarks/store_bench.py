"""One benchmark run: one backend at one scale, in its own process (so that its peak
memory is its own). Called by ``benchmarks/run.py``; prints a JSON object on stdout.

Steps, each timed: build the real graph (no reasoning, no validation), load the synthetic
N-Triples file into its own graph, materialise the rules (``reason(engine="rules")``),
validate the asserted data with SHACL, then run every named query (defaults; a required
parameter takes its example) plus two reference queries, 1 warm-up and ``--repeat``
timed runs each, through the store layer and, for Oxigraph, as the same query string on
raw pyoxigraph and as the first page and its total that ``GET /api/queries/NAME``
computes. With ``--views`` the network analysis is run and stored first (the
``analysis-*`` queries and the views read it); then everything the server computes ahead
(``igel_graph/precompute.py``) is computed, each step timed, and each named query's first
page and each view's first opening are timed as a new process reads them from what was kept.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from igel_graph.namespaces import GRAPH_BASE  # noqa: E402 - after sys.path is set
from igel_graph.namespaces import resource as iri  # noqa: E402

SYNTHETIC = GRAPH_BASE + "source/synthetic"

#: the issue's reference queries: a 2-hop actor neighbourhood and a whole-graph GROUP BY
REFERENCE_QUERIES = {
    "ref: 2-hop actor": (
        "PREFIX igel: <https://w3id.org/igel/ontology#>\n"
        "SELECT ?other (COUNT(DISTINCT ?m) AS ?n) WHERE {\n"
        "  ?m igel:lead|igel:partner ?actor ; igel:lead|igel:partner|igel:addressee ?other .\n"
        "  FILTER(?other != ?actor) } GROUP BY ?other",
        {"actor": iri("actor", "gen-000000")},
    ),
    "ref: GROUP BY predicate": ("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", {}),
}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def timed(fn, repeat: int, budget: int = 120) -> float | None:
    """Median seconds of ``repeat`` runs after one warm-up; None when the warm-up takes
    more than ``budget`` seconds (rdflib has no timeout of its own: SIGALRM stops it);
    ``repeat`` 0: the warm-up alone.
    A warm-up over 10 s is itself the measurement; one under 50 ms gets at least 15 runs."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        t = time.perf_counter()
        fn()
        first = time.perf_counter() - t
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
    if first > 10 or repeat == 0:  # repeat 0: the first run is the measurement (a cold cache)
        return first
    if first < 0.05:  # a few milliseconds: more runs, or machine noise dominates
        repeat = max(repeat, 15)
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def raw_runner(store, sparql: str, bindings: dict):
    """The same query on the store's pyoxigraph object, results consumed, no conversion."""
    import pyoxigraph as ox

    from igel_graph.store.bindings import inject_values
    from igel_graph.store.terms import to_oxigraph

    raw = store.raw

    def run():
        if bindings:
            subst = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
            try:
                res = raw.query(sparql, use_default_graph_as_union=True, substitutions=subst)
            except RuntimeError:
                res = raw.query(inject_values(sparql, bindings), use_default_graph_as_union=True)
        else:
            res = raw.query(sparql, use_default_graph_as_union=True)
        if not isinstance(res, ox.QueryBoolean):
            for _ in res:
                pass

    return run


def api_page_runner(store, query):
    """The first page of ``query`` (defaults; a required parameter takes its example) as
    ``GET /api/queries/NAME`` computes it: the first block of rows by LIMIT/OFFSET in the
    engine and, when that block is full, the total counted by the engine."""
    from api.routers.queries import BLOCK
    from api.sparql.paging import count_text, page_text
    from igel_graph.store.bindings import inject_values, substitute_in_filters

    bindings = query.bindings({p.name: p.example for p in query.parameters if p.required and p.example})
    text = inject_values(substitute_in_filters(query.sparql, bindings), bindings) if bindings else query.sparql

    def run():
        if len(store.query(page_text(text, BLOCK, 0)).rows) == BLOCK:
            store.query(count_text(text))

    return run


def kept_page_runner(store, query):
    """The first page of ``query`` (defaults) as ``GET /api/queries/NAME`` gives it from
    the whole result kept for the store's data, in a process that has not read it yet
    (only for a query whose result is kept; the API computes any other page as
    :func:`api_page_runner` does)."""
    from api.routers.queries import DEFAULT_LIMIT
    from igel_graph import cache

    bindings = query.bindings({p.name: p.example for p in query.parameters if p.required and p.example})

    def run():
        cache.clear()  # not in this process's memory: read from the disk
        whole = query.stored(store, bindings)
        assert whole is not None, query.name
        return whole.rows[:DEFAULT_LIMIT], len(whole.rows)

    return run


def time_views(store, budget: int) -> dict:
    """Seconds of each view's first opening with its defaults, as ``/views/NAME?format=json``
    makes it with nothing in memory: the view read from what was kept for the store's data
    (or built, when nothing was) and its JSON data; None for one that took longer than
    ``budget`` seconds."""
    from igel_graph.settings import Settings
    from visualizations.links import SiteLinks
    from visualizations.registry import VIEWS, build_view, clear_cache
    from visualizations.render import view_data

    settings = Settings()
    out = {}
    for name in VIEWS:
        clear_cache()

        def build(name=name):
            view = build_view(store, name, {}, node_limit=settings.view_node_limit)
            view_data(view, "de", SiteLinks(settings.base_iri, "de", name, {}))

        out[name] = timed(build, 0, budget)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["oxigraph", "memory"], required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-reason", action="store_true")
    ap.add_argument("--skip-shacl", action="store_true")
    ap.add_argument(
        "--views",
        action="store_true",
        help="run the network analysis into the store, then time each view's first build",
    )
    args = ap.parse_args()

    from rdflib import URIRef

    from igel_graph.build import build_graph
    from igel_graph.queries import load_named_queries
    from igel_graph.reason import reason
    from igel_graph.validate import validate_store

    out: dict = {"backend": args.backend, "steps": {}, "queries": {}}
    if args.backend == "oxigraph":
        from igel_graph.store.oxigraph import OxigraphStore

        store = OxigraphStore(Path(tempfile.mkdtemp(prefix="igel-bench-")) / "store")
    else:
        from igel_graph.store.memory import MemoryStore

        store = MemoryStore()
    t = time.perf_counter()
    build_graph(store, reason=False, validate=False)
    out["steps"]["build real graph"] = time.perf_counter() - t
    t = time.perf_counter()
    store.load(args.data, URIRef(SYNTHETIC), format="nt")
    out["steps"]["load synthetic"] = time.perf_counter() - t
    # peak so far: build and load only (SHACL below builds an rdflib graph of its own)
    out["peak_load_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not args.skip_reason:
        t = time.perf_counter()
        reason(store, engine="rules")
        out["steps"]["rule materialisation"] = time.perf_counter() - t
        out["peak_rules_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["triples"] = store.size()
    if not args.skip_shacl:
        t = time.perf_counter()
        report = validate_store(store)
        out["steps"]["SHACL validation"] = time.perf_counter() - t
        out["conforms"] = report.conforms
    named = load_named_queries()
    if args.views:  # the analysis first: the analysis-* queries and the views read what it stored
        from igel_graph.readmodel import store_analysis

        t = time.perf_counter()
        store_analysis(store)
        out["steps"]["network analysis"] = time.perf_counter() - t
    queries = {
        name: (q.sparql, q.bindings({p.name: p.example for p in q.parameters if p.required and p.example}))
        for name, q in sorted(named.items())
    }
    queries.update(REFERENCE_QUERIES)
    for name, (sparql, bindings) in queries.items():
        entry = {"store": timed(lambda: store.query(sparql, bindings), args.repeat)}
        if args.backend == "oxigraph":
            entry["raw"] = timed(raw_runner(store, sparql, bindings), args.repeat)
            if name in named:
                entry["api"] = timed(api_page_runner(store, named[name]), args.repeat)
        out["queries"][name] = entry
    if args.views:
        # what a change of the data costs until every listing and view is kept again
        # (igel_graph/precompute.py, as the server runs it in the background), then what
        # a new process answers from what was kept
        from igel_graph import cache
        from igel_graph.precompute import run
        from visualizations.precompute import all_steps

        t = time.perf_counter()
        out["ahead"] = run(store, all_steps(store, node_limit=1500))
        out["steps"]["compute ahead"] = time.perf_counter() - t
        for name, q in sorted(named.items()):
            if name in out["queries"]:
                cache.clear()
                bindings = q.bindings({p.name: p.example for p in q.parameters if p.required and p.example})
                kept = q.stored(store, bindings) is not None  # a query that needs a parameter is not
                out["queries"][name]["kept"] = timed(kept_page_runner(store, q), args.repeat) if kept else "not kept"
        out["views"] = time_views(store, 600)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
