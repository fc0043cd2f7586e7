"""Result and graph formats: the one registry, and the one serialiser of each format.

Every surface that writes a query result or a graph (``igel query``, ``igel sparql``,
``igel export``, ``/sparql``, ``/api/queries/NAME``, the resource pages, the reports,
the analysis, the dumps) finds its format here, by name (``--format`` / ``?format=``)
or by media type (``Accept``, :mod:`igel_graph.negotiation`), and writes it with the
serialiser here, so the same result in the same format is the same bytes wherever it
is asked for.

A :class:`Format` has a name, aliases, a media type, a file extension and what it can
hold (``select``, ``ask``, ``graph``, ``dataset``). SELECT results are written by
pyoxigraph's own writers (the engine the ``/sparql`` workers use): the rows go to it as
SPARQL JSON and come back in the format asked for, so a page of a named query, the CLI
and ``/sparql`` agree byte for byte. ASK results in CSV and TSV, which the SPARQL 1.1
formats leave undefined, are one column ``_askResult`` (as Apache Jena writes them).
Graphs are written by rdflib with the project prefixes (JSON-LD compacted with them).

Formats without a serialiser here are written by the surface that offers them:
``table`` by the CLI (a terminal), ``html`` and ``document`` (a JSON document of the
surface's own shape: a page of a named query, the findings) by the API.

>>> from rdflib import Literal, URIRef
>>> r = SelectResult(["x", "n"], [(URIRef("https://w3id.org/igel/id/actor/bkd"), Literal(3))])
>>> serialize_select(r, "csv").splitlines()
[b'x,n', b'https://w3id.org/igel/id/actor/bkd,3']
>>> serialize_ask(AskResult(True), "csv")
b'_askResult\\r\\ntrue\\r\\n'
>>> get_format("ttl").media_type
'text/turtle'
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any, Iterable, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rich.console import Console
from rich.table import Table

from .errors import UsageError
from .namespaces import PREFIXES
from .store.base import AskResult, GraphResult, SelectResult

__all__ = [
    "Format",
    "FORMATS",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "DATASET_FORMATS",
    "get_format",
    "find_format",
    "format_for_media_type",
    "formats_for",
    "serialize_select",
    "serialize_ask",
    "serialize_graph",
    "content_type",
    "render",
    "render_graph",
    "rich_table",
    "short_term",
    "term_json",
]

TabularResult = Union[SelectResult, AskResult]


@dataclass(frozen=True)
class Format:
    """One format: ``name`` (what ``--format`` and ``?format=`` take), its ``aliases``,
    its ``media_type``, file ``extension``, what it can hold (``kinds``: ``select``,
    ``ask``, ``graph``, ``dataset``), the pyoxigraph writer of results (``results``, a
    ``QueryResultsFormat`` member name) and of RDF (``rdf``, an ``RdfFormat`` member
    name), and the rdflib serializer of graphs (``rdflib``)."""

    name: str
    media_type: str
    extension: str
    kinds: frozenset[str]
    description: str
    aliases: tuple[str, ...] = ()
    results: str | None = None
    rdf: str | None = None
    rdflib: str | None = None

    def holds(self, kind: str) -> bool:
        """Whether a ``kind`` result (``select``, ``ask``, ``graph``, ``dataset``) can be
        given in this format."""
        return kind in self.kinds


_RESULTS = frozenset({"select", "ask"})
_GRAPHS = frozenset({"graph"})

#: every format, by name, in the order they are listed to users
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", "text/plain", "txt", _RESULTS, "aligned columns for a terminal (CLI)"),
        Format(
            "json",
            "application/sparql-results+json",
            "srj",
            _RESULTS,
            "SPARQL 1.1 Query Results JSON",
            ("srj",),
            results="JSON",
        ),
        Format(
            "xml",
            "application/sparql-results+xml",
            "srx",
            _RESULTS,
            "SPARQL 1.1 Query Results XML",
            ("srx",),
            results="XML",
        ),
        Format("csv", "text/csv", "csv", _RESULTS, "SPARQL 1.1 Query Results CSV", results="CSV"),
        Format("tsv", "text/tab-separated-values", "tsv", _RESULTS, "SPARQL 1.1 Query Results TSV", results="TSV"),
        Format("turtle", "text/turtle", "ttl", _GRAPHS, "Turtle", ("ttl",), rdf="TURTLE", rdflib="turtle"),
        Format(
            "ntriples",
            "application/n-triples",
            "nt",
            _GRAPHS,
            "N-Triples",
            ("nt", "n-triples"),
            rdf="N_TRIPLES",
            rdflib="nt",
        ),
        Format(
            "jsonld", "application/ld+json", "jsonld", _GRAPHS, "JSON-LD", ("json-ld",), rdf="JSON_LD", rdflib="json-ld"
        ),
        Format(
            "rdfxml",
            "application/rdf+xml",
            "rdf",
            _GRAPHS,
            "RDF/XML",
            ("rdf", "xml"),
            rdf="RDF_XML",
            rdflib="xml",
        ),
        Format("trig", "application/trig", "trig", frozenset({"dataset"}), "TriG", rdf="TRIG", rdflib="trig"),
        Format(
            "nquads",
            "application/n-quads",
            "nq",
            frozenset({"dataset"}),
            "N-Quads",
            ("nq",),
            rdf="N_QUADS",
            rdflib="nquads",
        ),
        Format("html", "text/html", "html", frozenset({"page"}), "a web page (API)"),
        Format(
            "document",
            "application/json",
            "json",
            frozenset({"document"}),
            "a JSON document of the resource's own shape (API)",
            ("json",),
        ),
    )
}

#: names of the formats of SELECT and ASK results, of graphs, and of datasets
RESULT_FORMATS = tuple(n for n, f in FORMATS.items() if f.holds("select") and n != "table")
GRAPH_FORMATS = tuple(n for n, f in FORMATS.items() if f.holds("graph"))
DATASET_FORMATS = tuple(n for n, f in FORMATS.items() if f.holds("dataset"))

#: media types clients send for the registry's own ones
MEDIA_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
}


def find_format(name: str, among: Iterable[str] | None = None) -> Format | None:
    """The format called ``name`` among the format names ``among`` (all when None): an
    exact name first, then an alias (``xml`` is SPARQL XML for results and RDF/XML for
    graphs; ``json`` is SPARQL JSON where offered, else the surface's JSON document)."""
    key = name.strip().lower()
    names = list(FORMATS) if among is None else list(among)
    if key in names:
        return FORMATS[key]
    return next((FORMATS[n] for n in names if key in FORMATS[n].aliases), None)


def get_format(name: str, among: Iterable[str] | None = None) -> Format:
    """Like :func:`find_format`; :class:`UsageError` listing the choices when unknown."""
    names = list(FORMATS) if among is None else list(among)
    found = find_format(name, names)
    if found is None:
        raise UsageError(f"Unknown format '{name}'.", hint="Formats: " + ", ".join(names) + ".")
    return found


def format_for_media_type(media_type: str, among: Iterable[str] | None = None) -> Format | None:
    """The format whose media type is ``media_type`` (parameters ignored), if any."""
    base = media_type.split(";")[0].strip().lower()
    names = list(FORMATS) if among is None else list(among)
    return next((FORMATS[n] for n in names if FORMATS[n].media_type == base), None)


def formats_for(kind: str) -> tuple[str, ...]:
    """Names of the formats a ``kind`` result can be serialised in here (``table``,
    ``html`` and ``document`` are written by the CLI and the API themselves)."""
    return tuple(n for n, f in FORMATS.items() if f.holds(kind) and n != "table")


def content_type(fmt: Format) -> str:
    """The ``Content-Type`` of ``fmt``: its media type, with ``charset=utf-8`` where it is text."""
    media = fmt.media_type
    if media.startswith("text/") or media.endswith(("+xml", "json")):
        return media + "; charset=utf-8"
    return media


# --------------------------------------------------------------------------- terms


def short_term(term: Any, prefixes: dict[str, str] = PREFIXES) -> str:
    """A term as a person reads it: IRIs as CURIEs where a project prefix fits,
    literals as their text, unbound as the empty string.

    >>> short_term(URIRef("https://w3id.org/igel/id/actor/bkd"))
    'id:actor/bkd'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max((ns for ns in prefixes.values() if text.startswith(ns)), key=len, default=None)
        if best is not None and len(text) > len(best):
            prefix = next(p for p, ns in prefixes.items() if ns == best)
            return f"{prefix}:{text[len(best) :]}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def term_json(term: Any) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


# --------------------------------------------------------------------------- writers


def _result_format(name: str, kind: str) -> Format:
    return get_format(name, formats_for(kind))


def serialize_select(
    result: SelectResult, format: str | Format, *, truncated: bool = False, max_rows: int | None = None
) -> bytes:
    """The rows of ``result`` in ``format`` (a result format name or :class:`Format`),
    written by pyoxigraph. A cut JSON answer (``truncated``) says so in the body:
    ``"truncated": true, "maxRows": max_rows`` (clients ignore unknown top-level keys).
    """
    import pyoxigraph as ox  # the engine's writers; imported when a result is written

    fmt = format if isinstance(format, Format) else _result_format(format, "select")
    doc = {
        "head": {"vars": list(result.vars)},
        "results": {
            "bindings": [{v: term_json(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
        },
    }
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)  # the JSON above has rows, not a boolean
    body = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.results or "JSON"))
    assert body is not None  # no output file given: the bytes are returned
    if truncated and fmt.name == "json":
        body = body[:-1] + b',"truncated":true,"maxRows":%d}' % (max_rows or 0)
    return body


_XML_HEAD = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def serialize_ask(result: AskResult, format: str | Format) -> bytes:
    """An ASK answer in ``format``: JSON and XML as pyoxigraph writes them, CSV and TSV
    as one ``_askResult`` column (the SPARQL 1.1 CSV/TSV formats define no ASK form)."""
    fmt = format if isinstance(format, Format) else _result_format(format, "ask")
    value = "true" if result.value else "false"
    if fmt.name == "json":
        return b'{"head":{},"boolean":%s}' % value.encode()
    if fmt.name == "xml":
        return f"{_XML_HEAD}<head></head><boolean>{value}</boolean></sparql>".encode()
    if fmt.name == "csv":
        return f"_askResult\r\n{value}\r\n".encode()
    return f"?_askResult\n{value}\n".encode()


def serialize_graph(graph: GraphResult | Graph, format: str | Format) -> bytes:
    """Triples of a CONSTRUCT/DESCRIBE result or a graph (quads of a Dataset) in
    ``format``, with the project prefixes bound; JSON-LD is compacted with the project's
    prefixes as ``@context``."""
    kind = "dataset" if isinstance(graph, Dataset) else "graph"
    fmt = format if isinstance(format, Format) else get_format(format, formats_for(kind))
    if isinstance(graph, GraphResult):
        g = Graph()
        for t in graph.triples:
            g.add(t)
        graph = g
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=False)
    if fmt.name == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt.rdflib or "turtle", encoding="utf-8")


# --------------------------------------------------------------------------- the terminal


def rich_table(result: SelectResult, *, title: str | None = None) -> Table:
    """A :class:`rich.table.Table` of ``result`` with shortened IRIs, for terminals.

    Columns that are unbound in every row are left out: a terminal is narrow, and the
    csv/json/tsv formats keep them for machines.
    """
    keep = [i for i, _ in enumerate(result.vars) if not result.rows or any(row[i] is not None for row in result.rows)]
    table = Table(title=title, show_lines=False, header_style="bold")
    for i in keep:
        table.add_column(result.vars[i], overflow="fold")
    for row in result.rows:
        table.add_row(*(short_term(row[i]) for i in keep))
    return table


def _table_text(result: TabularResult) -> str:
    if isinstance(result, AskResult):
        return "true\n" if result.value else "false\n"
    buf = io.StringIO()
    Console(file=buf, width=160, no_color=True, highlight=False).print(rich_table(result))
    count = len(result.rows)
    buf.write(f"{count} row{'s' if count != 1 else ''}\n")
    return buf.getvalue()


def render(result: TabularResult, format: str = "table") -> str:
    """``result`` written in ``format`` as text: ``table`` for a terminal, or any result
    format (the bytes of :func:`serialize_select` / :func:`serialize_ask`, decoded)."""
    fmt = get_format(format, ("table",) + RESULT_FORMATS)
    if fmt.name == "table":
        return _table_text(result)
    if isinstance(result, AskResult):
        return serialize_ask(result, fmt).decode()
    return serialize_select(result, fmt).decode()


def render_graph(result: GraphResult | Graph, format: str = "turtle") -> str:
    """Triples of a CONSTRUCT/DESCRIBE result (or a graph) in ``format`` (a graph format
    name), with the project prefixes bound: the bytes of :func:`serialize_graph`, decoded."""
    return serialize_graph(result, format).decode()
