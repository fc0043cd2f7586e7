"""Serialisers of query results, one registry: media type -> function.

SELECT and ASK results go to SPARQL 1.1 Query Results JSON, XML, CSV and TSV; graphs of
CONSTRUCT and DESCRIBE to Turtle, N-Triples, JSON-LD and RDF/XML (through rdflib).
Each serialiser returns bytes. A result cut at the row cap says so: JSON results get a
top-level ``"truncated": true`` and ``"maxRows"`` (SPARQL clients ignore unknown keys);
every format also gets the ``X-Result-Truncated`` header from the router.

>>> from rdflib import Literal, URIRef
>>> from igel_graph.store.base import SelectResult
>>> r = SelectResult(["x"], [(URIRef("http://e/a"),), (Literal("b", lang="de"),)])
>>> serialize_select(r, "text/csv").splitlines()
[b'x', b'http://e/a', b'b']
"""

from __future__ import annotations

import csv
import io
import json
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from igel_graph.formats import term_json
from igel_graph.namespaces import PREFIXES
from igel_graph.store.base import AskResult, GraphResult, SelectResult

__all__ = [
    "SELECT_TYPES",
    "ASK_TYPES",
    "GRAPH_TYPES",
    "serialize_select",
    "serialize_ask",
    "serialize_graph",
    "term_json",
    "result_row_json",
    "graph_to_bytes",
]

SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"

#: media types offered per query form, in the server's order of preference
SELECT_TYPES = [SRJ, SRX, "text/csv", "text/tab-separated-values"]
ASK_TYPES = [SRJ, SRX, "text/csv", "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]


def result_row_json(vars_: list[str], row) -> dict:
    """One solution as a SPARQL JSON ``bindings`` entry (unbound variables left out)."""
    return {v: term_json(t) for v, t in zip(vars_, row) if t is not None}


def _select_json(r: SelectResult, truncated: bool, max_rows: int | None) -> bytes:
    doc: dict = {
        "head": {"vars": list(r.vars)},
        "results": {"bindings": [result_row_json(r.vars, row) for row in r.rows]},
    }
    if truncated:
        doc["truncated"] = True
        doc["maxRows"] = max_rows
    return json.dumps(doc, ensure_ascii=False).encode()


def _term_xml(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and term.datatype != XSD.string:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _select_xml(r: SelectResult, truncated: bool, max_rows: int | None) -> bytes:
    parts = [_XML_HEAD, "<head>"]
    parts += [f"<variable name={quoteattr(v)}/>" for v in r.vars]
    parts.append("</head>\n<results>\n")
    for row in r.rows:
        parts.append("<result>")
        for v, t in zip(r.vars, row):
            if t is not None:
                parts.append(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>")
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode()


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _select_csv(r: SelectResult, truncated: bool, max_rows: int | None) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(r.vars)
    for row in r.rows:
        writer.writerow([_csv_value(t) for t in row])
    return buf.getvalue().encode()


def _tsv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = term.n3()
        return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return term.n3()


def _select_tsv(r: SelectResult, truncated: bool, max_rows: int | None) -> bytes:
    lines = ["\t".join("?" + v for v in r.vars)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in r.rows]
    return ("\n".join(lines) + "\n").encode()


_SELECT: dict[str, Callable[[SelectResult, bool, int | None], bytes]] = {
    SRJ: _select_json,
    SRX: _select_xml,
    "text/csv": _select_csv,
    "text/tab-separated-values": _select_tsv,
}


def serialize_select(
    r: SelectResult, media_type: str, *, truncated: bool = False, max_rows: int | None = None
) -> bytes:
    """SELECT rows in ``media_type`` (one of :data:`SELECT_TYPES`)."""
    return _SELECT[media_type](r, truncated, max_rows)


def serialize_ask(r: AskResult, media_type: str) -> bytes:
    """An ASK answer in ``media_type`` (JSON, XML; CSV/TSV as one ``_askResult`` column)."""
    value = bool(r.value)
    if media_type == SRJ:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == SRX:
        return (_XML_HEAD + f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    if media_type == "text/csv":
        return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


def graph_to_bytes(graph: Graph, media_type: str) -> bytes:
    """An rdflib graph in ``media_type`` (one of :data:`GRAPH_TYPES`, or TriG/N-Quads for
    a Dataset); JSON-LD is compacted with the project's prefixes as ``@context``."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=False)
    if media_type == "application/ld+json":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    from ..negotiation import RDFLIB_FORMATS

    return graph.serialize(format=RDFLIB_FORMATS[media_type], encoding="utf-8")


def serialize_graph(r: GraphResult, media_type: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples in ``media_type``."""
    g = Graph()
    for t in r.triples:
        g.add(t)
    return graph_to_bytes(g, media_type)
