"""Turning rdflib query results into the store's result types (shared by the memory and
remote backends)."""

from __future__ import annotations

from rdflib.query import Result

from .base import AskResult, GraphResult, QueryResult, SelectResult

__all__ = ["from_rdflib_result"]


def from_rdflib_result(result: Result) -> QueryResult:
    """The :class:`SelectResult`, :class:`AskResult` or :class:`GraphResult` of an rdflib
    query result."""
    if result.type == "ASK":
        return AskResult(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return GraphResult([tuple(t) for t in result.graph])  # type: ignore[union-attr]
    names = [str(v) for v in (result.vars or [])]
    return SelectResult(names, [tuple(row) for row in result])  # type: ignore[arg-type]
