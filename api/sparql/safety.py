"""Inspect a SPARQL query or update before anything runs: its form, its dataset clauses,
and whatever the public endpoint refuses.

The refusals (SERVICE, LOAD, remote or undeclared FROM graphs, odd IRIs, ambiguous text,
deep nesting, size) are decided by :mod:`igel_graph.sparql_guard`, which reads the text
the way Oxigraph does; the CLI uses the same module. :func:`scan_query` and
:func:`inspect_query` are that check for queries. Updates (behind the write token, and
not on the hot path) are in addition parsed with rdflib's SPARQL 1.1 parser for their
``USING`` / ``WITH`` clauses.

A malformed text raises :class:`~igel_graph.errors.QuerySyntaxError` with the parser's
message, line and column; a refused one :class:`~igel_graph.errors.ForbiddenQuery`.

>>> info = inspect_query("ASK FROM <http://g> { ?s ?p ?o }")
>>> info.form, [str(g) for g in info.default_graphs]
('ASK', ['http://g'])
>>> inspect_query("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
igel_graph.errors.ForbiddenQuery: SERVICE <http://x/> is refused (line 1, column 12): this endpoint does not make federated calls.
  Copy the remote data into a graph of this store, or query the remote endpoint yourself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyparsing import ParseBaseException
from rdflib import URIRef
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from igel_graph.errors import ForbiddenQuery, QuerySyntaxError
from igel_graph.sparql_guard import QueryInfo, check_own_graphs, check_query, check_update

__all__ = ["QueryInfo", "UpdateInfo", "inspect_query", "scan_query", "inspect_update", "check_own_graphs"]


@dataclass
class UpdateInfo:
    """What an update names: graphs of ``USING``/``USING NAMED``, and whether any
    operation has a ``WITH`` or ``USING`` clause (which conflicts with protocol
    ``using-graph-uri`` parameters)."""

    using_graphs: list[URIRef] = field(default_factory=list)
    using_named_graphs: list[URIRef] = field(default_factory=list)
    has_dataset_clause: bool = False


def inspect_query(text: str) -> QueryInfo:
    """Check a query and say what it is (form, FROM graphs); raise for syntax errors the
    lexer sees and for everything refused (see :mod:`igel_graph.sparql_guard`)."""
    return check_query(text)


#: The worker's name for the same check (it once was a cheaper token scan).
scan_query = inspect_query


def _syntax_error(exc: ParseBaseException) -> QuerySyntaxError:
    found = getattr(exc, "found", "")
    message = f"{exc.msg}, found {found}" if found else exc.msg
    return QuerySyntaxError(
        message, source="SPARQL update", line=exc.lineno, column=exc.col, hint="Check the update near that position."
    )


def _has_service(node) -> bool:
    """True if rdflib's parse tree holds a SERVICE pattern (iteratively: no deep recursion)."""
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            todo.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            todo.extend(item)
    return False


def inspect_update(text: str, own: set | None = None) -> UpdateInfo:
    """Check an update (:func:`igel_graph.sparql_guard.check_update`: SERVICE, LOAD, ...),
    then parse it with rdflib for its dataset clauses; raise for syntax errors. With
    ``own`` (the store's graphs), ``USING`` / ``USING NAMED`` must name graphs of it."""
    check_update(text)
    try:
        parsed = parseUpdate(text)
    except ParseBaseException as exc:
        raise _syntax_error(exc) from None
    except RecursionError:
        raise ForbiddenQuery(
            "The update is nested too deeply for the update parser.",
            hint="Flatten it; no real update needs that depth.",
        ) from None
    except ValueError as exc:  # rdflib's \\u escape expansion
        raise QuerySyntaxError(str(exc), source="SPARQL update", hint="Write the character itself.") from None
    info = UpdateInfo()
    for op in parsed["request"] if "request" in parsed else []:
        if op.name == "Load":  # the guard has refused it already; never rely on one reader only
            raise ForbiddenQuery(
                f"LOAD <{op['iri']}> is refused: this service fetches nothing from the web.",
                hint="Upload the data with PUT/POST to /rdf-graphs?graph=... instead.",
            )
        if _has_service(op):
            raise ForbiddenQuery(
                "SERVICE is refused: this endpoint does not make federated calls.",
                hint="Copy the remote data into a graph of this store first.",
            )
        if op.name == "Modify":
            if "withClause" in op:
                info.has_dataset_clause = True
            for clause in op["using"] if "using" in op else []:
                info.has_dataset_clause = True
                if "default" in clause:
                    info.using_graphs.append(URIRef(clause["default"]))
                if "named" in clause:
                    info.using_named_graphs.append(URIRef(clause["named"]))
    if own is not None:
        check_own_graphs(info.using_graphs, own, "USING")
        check_own_graphs(info.using_named_graphs, own, "USING NAMED")
    return info
