"""Inspect a SPARQL query or update before anything runs: its form, its dataset clauses,
and whatever the public endpoint refuses.

Updates are parsed with rdflib's SPARQL 1.1 parser (never executed here); queries, on
the hot path, are checked by a token scan (:func:`scan_query`) and their syntax left to
the store's parser. Refused, with
:class:`~igel_graph.errors.ForbiddenQuery` (HTTP 400):

* ``SERVICE`` anywhere (a federated call would leave this machine);
* ``LOAD`` in an update (it fetches a URL);
* ``FROM`` / ``FROM NAMED`` / ``USING`` naming a graph the store does not hold (some
  engines would fetch it from the web).

A malformed text raises :class:`~igel_graph.errors.QuerySyntaxError` with the parser's
message, line and column.

>>> info = inspect_query("ASK FROM <http://g> { ?s ?p ?o }")
>>> info.form, [str(g) for g in info.default_graphs]
('ASK', ['http://g'])
>>> inspect_query("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
igel_graph.errors.ForbiddenQuery: SERVICE <http://x/> is refused: this endpoint does not make federated calls.
  Copy the remote data into a graph of this store, or query the remote endpoint yourself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from pyparsing import ParseBaseException
from rdflib import URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from igel_graph.errors import ForbiddenQuery, QuerySyntaxError

__all__ = ["QueryInfo", "UpdateInfo", "inspect_query", "scan_query", "inspect_update", "check_own_graphs"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}


@dataclass
class QueryInfo:
    """What a query is: its form and the graphs its ``FROM`` / ``FROM NAMED`` clauses name."""

    form: str
    default_graphs: list[URIRef] = field(default_factory=list)
    named_graphs: list[URIRef] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass
class UpdateInfo:
    """What an update names: graphs of ``USING``/``USING NAMED``, and whether any
    operation has a ``WITH`` or ``USING`` clause (which conflicts with protocol
    ``using-graph-uri`` parameters)."""

    using_graphs: list[URIRef] = field(default_factory=list)
    using_named_graphs: list[URIRef] = field(default_factory=list)
    has_dataset_clause: bool = False


def _syntax_error(exc: ParseBaseException, kind: str) -> QuerySyntaxError:
    found = getattr(exc, "found", "")
    message = f"{exc.msg}, found {found}" if found else exc.msg
    return QuerySyntaxError(message, source=f"SPARQL {kind}",
                            line=exc.lineno, column=exc.col,
                            hint="Check the query near that position.")


def _walk(node) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from _walk(item)


def _refuse_service(tree) -> None:
    for comp in _walk(tree):
        if comp.name == "ServiceGraphPattern":
            target = comp["term"] if "term" in comp else "?"
            shown = f"<{target}>" if isinstance(target, URIRef) else str(target)
            raise ForbiddenQuery(
                f"SERVICE {shown} is refused: this endpoint does not make federated calls.",
                hint="Copy the remote data into a graph of this store, or query the remote endpoint yourself.")


def inspect_query(text: str) -> QueryInfo:
    """Parse a query and say what it is; raise for syntax errors and ``SERVICE``."""
    try:
        parsed = parseQuery(text)
    except ParseBaseException as exc:
        raise _syntax_error(exc, "query") from None
    body = parsed[1]
    _refuse_service(body)
    info = QueryInfo(form=_FORMS.get(body.name, body.name))
    for clause in (body["datasetClause"] if "datasetClause" in body else []):
        if "default" in clause:
            info.default_graphs.append(URIRef(clause["default"]))
        if "named" in clause:
            info.named_graphs.append(URIRef(clause["named"]))
    return info


def inspect_update(text: str) -> UpdateInfo:
    """Parse an update; raise for syntax errors, ``LOAD`` and ``SERVICE``."""
    try:
        parsed = parseUpdate(text)
    except ParseBaseException as exc:
        raise _syntax_error(exc, "update") from None
    info = UpdateInfo()
    for op in (parsed["request"] if "request" in parsed else []):
        if op.name == "Load":
            raise ForbiddenQuery(
                f"LOAD <{op['iri']}> is refused: this service fetches nothing from the web.",
                hint="Upload the data with PUT/POST to /rdf-graphs?graph=... instead.")
        _refuse_service(op)
        if op.name == "Modify":
            if "withClause" in op:
                info.has_dataset_clause = True
            for clause in (op["using"] if "using" in op else []):
                info.has_dataset_clause = True
                if "default" in clause:
                    info.using_graphs.append(URIRef(clause["default"]))
                if "named" in clause:
                    info.using_named_graphs.append(URIRef(clause["named"]))
    return info


def check_own_graphs(named: Iterable[URIRef], own: set, clause: str) -> None:
    """Refuse a ``FROM``/``USING`` clause naming a graph the store does not hold."""
    for graph in named:
        if graph not in own:
            raise ForbiddenQuery(
                f"{clause} <{graph}> is refused: it is not a graph of this store, and this "
                "endpoint fetches nothing from the web.",
                hint="Name one of the graphs listed at /service-description, or use GRAPH ?g.")


# ------------------------------------------------------------------ fast scan (queries)

_SCAN = re.compile(
    r'(?P<skip>#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|[?$]\w+)'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.:%-]*)'
    r'|(?P<word>[A-Za-z]+)'
    r'|(?P<brace>[{}])')


def scan_query(text: str) -> QueryInfo:
    """What :func:`inspect_query` says, from a token scan instead of a full parse.

    Strings, IRIs, comments, variables and prefixed names are skipped whole, so the
    keyword ``SERVICE`` is found wherever it is a keyword (and refused); ``FROM`` and
    ``FROM NAMED`` clauses are read with ``PREFIX`` declarations applied. Syntax is left
    to the store's own parser, which reports line and column. rdflib's parser costs
    10-20 ms per query, more than most queries take, hence this scan on the hot path.

    >>> info = scan_query("PREFIX g: <http://g/> SELECT * FROM g:one FROM NAMED <http://g/two> { ?s ?p 'FROM' }")
    >>> info.form, [str(x) for x in info.default_graphs], [str(x) for x in info.named_graphs]
    ('SELECT', ['http://g/one'], ['http://g/two'])
    >>> scan_query("ASK { ?service <p> 'SERVICE' . ex:SERVICE ?p ?o }").form
    'ASK'
    """
    prefixes: dict[str, str] = {}
    tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _SCAN.finditer(text) if m.lastgroup != "skip"]
    info = QueryInfo(form="")
    depth = 0
    for i, (kind, value) in enumerate(tokens):
        if kind == "brace":
            depth += 1 if value == "{" else -1
            continue
        if kind != "word":
            continue
        word = value.upper()
        following = tokens[i + 1] if i + 1 < len(tokens) else (None, "")
        if word == "SERVICE":
            raise ForbiddenQuery(
                f"SERVICE {following[1]} is refused: this endpoint does not make federated calls.",
                hint="Copy the remote data into a graph of this store, or query the remote endpoint yourself.")
        if depth:
            continue
        if word == "PREFIX" and following[0] == "pname" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[following[1].rstrip(":").split(":")[0]] = tokens[i + 2][1][1:-1]
        elif word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and not info.form:
            info.form = word
        elif word == "FROM":
            named = following[0] == "word" and following[1].upper() == "NAMED"
            kind_, ref = tokens[i + 2] if named and i + 2 < len(tokens) else following
            iri = _resolve(kind_, ref, prefixes)
            if iri is not None:
                (info.named_graphs if named else info.default_graphs).append(iri)
    info.form = info.form or "SELECT"
    return info


def _resolve(kind: str | None, ref: str, prefixes: dict[str, str]) -> URIRef | None:
    """The graph IRI a FROM clause names; relative IRIs are refused (their base is not ours)."""
    if kind == "iri":
        iri = ref[1:-1]
    elif kind == "pname":
        prefix, _, local = ref.partition(":")
        if prefix not in prefixes:
            return None  # undeclared prefix: the store's parser reports it
        iri = prefixes[prefix] + local
    else:
        return None
    if ":" not in iri:
        raise ForbiddenQuery(f"FROM <{iri}> is refused: name graphs with absolute IRIs.",
                             hint="Write the graph's full IRI, e.g. <https://w3id.org/igel/graph/curated>.")
    return URIRef(iri)
