"""The store as it reads with an older version of an imported plan made current.

Views and plan pages read a store; ``?version=`` hands them this one instead. It holds
every graph of the store, except that the plan's own graph (``graph/source/workbook/P``)
holds the chosen version's snapshot, and the derived graphs are derived again from that:
the inferred graph by the SPARQL rules (``igel_graph.reason``, engine ``rules``: the same
entailment set as HermiT on the real data, in a fraction of a second) and the analysis
graph by the analysis (``igel_graph.readmodel.store_analysis``), each only if the store
has one. Otherwise entailments and metrics of the current version would show in the old
one (a measure added later would reappear through its inferred triples).

It is an Oxigraph store in memory, built once per store state and version and kept in
the one cache (``igel_graph.cache``): a write to the store makes a new one.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from ..cache import cached
from ..namespaces import Graphs
from .versions import Version, plan_graph, version_graph, versions

__all__ = ["store_at", "is_current"]


def is_current(store: Any, plan: URIRef, version: Version) -> bool:
    """Whether ``version`` is the current (latest) version of ``plan``."""
    known = versions(store, plan)
    return bool(known) and known[-1].iri == version.iri


def store_at(store: Any, plan: URIRef, version: Version) -> Any:
    """``store`` itself when ``version`` is current, else a read-only copy of it with
    ``version`` of ``plan`` current (see the module's description); cached until the
    store changes."""
    if is_current(store, plan, version):
        return store
    return cached(store, ("store-at-version", str(version.iri)), lambda: _build(store, plan, version))


def _build(store: Any, plan: URIRef, version: Version) -> Any:
    from ..store.oxigraph import OxigraphStore

    present = store.graphs()
    derived = {Graphs.INFERRED, Graphs.ANALYSIS}
    scratch = OxigraphStore(None)
    for graph in present:
        if graph != plan_graph(plan) and graph not in derived:
            scratch.load(store.graph(graph), graph)
    scratch.load(version_graph(store, plan, version), plan_graph(plan))
    if Graphs.INFERRED in present:
        from ..reason import reason

        reason(scratch, engine="rules")
    if Graphs.ANALYSIS in present:
        from ..readmodel import store_analysis

        store_analysis(scratch)
    return scratch
