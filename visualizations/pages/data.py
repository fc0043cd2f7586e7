"""Store reads shared by the pages, cached until the store changes."""

from __future__ import annotations

from igel_graph.store.base import SelectResult, Store

from ..cache import cached

__all__ = ["analysis", "select", "run_query"]


def analysis(store: Store):
    """The analysis result (all statements): the read model's one cached run
    (:func:`igel_graph.readmodel.analysis_of`), shared with the views and the API."""
    from igel_graph.readmodel import analysis_of

    return analysis_of(store)


def select(store: Store, sparql: str, bindings=None) -> list[dict]:
    """Rows of a SELECT query as dicts of rdflib terms."""
    res = store.query(sparql, bindings)
    assert isinstance(res, SelectResult)
    return res.dicts()


def run_query(store: Store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    """Rows of the named query ``name`` (``igel_graph.queries``), cached."""
    from igel_graph.queries import get_query

    key = ("query", name, tuple(sorted((params or {}).items())))
    return cached(store, key, lambda: get_query(name).run(store, dict(params or {})).dicts())
