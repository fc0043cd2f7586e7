"""Result formats: one registry from format name to render function.

The CLI (``igel query --format``, ``igel sparql --format``) and the API render query
results through this registry, so a format is added once and is available everywhere.
Formats of SELECT results (also ASK, where the standard defines one):

``table``  aligned text for a terminal (rich), IRIs shortened with the project prefixes
``csv``    SPARQL 1.1 Query Results CSV (full IRIs, lexical forms)
``tsv``    SPARQL 1.1 Query Results TSV (terms in Turtle syntax)
``json``   SPARQL 1.1 Query Results JSON

Graph results (CONSTRUCT, DESCRIBE) are serialised with :func:`render_graph`.
This module imports no web framework: it is used by ``igel_graph`` and ``api`` alike.

>>> from rdflib import Literal, URIRef
>>> r = SelectResult(["x", "n"], [(URIRef("https://w3id.org/igel/id/actor/bkd"), Literal(3))])
>>> render(r, "csv").splitlines()
['x,n', 'https://w3id.org/igel/id/actor/bkd,3']
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Callable, Union

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rich.console import Console
from rich.table import Table

from .errors import UsageError
from .namespaces import PREFIXES
from .store.base import AskResult, GraphResult, SelectResult

__all__ = [
    "ResultFormat",
    "FORMATS",
    "GRAPH_FORMATS",
    "register_format",
    "get_format",
    "format_for_media_type",
    "render",
    "render_graph",
    "rich_table",
    "short_term",
    "term_json",
]

TabularResult = Union[SelectResult, AskResult]


@dataclass(frozen=True)
class ResultFormat:
    """A way to write a SELECT (or ASK) result as text."""

    name: str
    media_type: str
    extension: str
    render: Callable[[TabularResult], str]
    description: str = ""


FORMATS: dict[str, ResultFormat] = {}

#: graph result formats: name -> (rdflib serializer, media type)
GRAPH_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("turtle", "text/turtle"),
    "ntriples": ("nt", "application/n-triples"),
    "jsonld": ("json-ld", "application/ld+json"),
    "xml": ("xml", "application/rdf+xml"),
}


def register_format(fmt: ResultFormat) -> ResultFormat:
    """Add ``fmt`` to :data:`FORMATS` (replacing one of the same name)."""
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> ResultFormat:
    """The format called ``name``; :class:`UsageError` listing the known ones otherwise."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise UsageError(f"Unknown result format '{name}'.", hint="Formats: " + ", ".join(FORMATS)) from None


def format_for_media_type(media_type: str) -> ResultFormat | None:
    """The format whose media type is ``media_type`` (parameters ignored), if any."""
    base = media_type.split(";")[0].strip().lower()
    return next((f for f in FORMATS.values() if f.media_type == base), None)


def render(result: TabularResult, format: str = "table") -> str:
    """``result`` written in ``format`` (a key of :data:`FORMATS`)."""
    return get_format(format).render(result)


# --------------------------------------------------------------------------- terms


def _is_plain_string(term: Literal) -> bool:
    return term.language is None and term.datatype in (None, XSD.string)


def short_term(term, prefixes: dict[str, str] = PREFIXES) -> str:
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


def term_json(term) -> dict[str, str]:
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


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = f'"{_tsv_escape(str(term))}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if _is_plain_string(term):
            return lexical
        return f"{lexical}^^<{term.datatype}>"
    return _tsv_escape(str(term))


# --------------------------------------------------------------------------- renderers


def _ask_text(result: AskResult) -> str:
    return "true\n" if result.value else "false\n"


def _render_json(result: TabularResult) -> str:
    if isinstance(result, AskResult):
        doc: dict = {"head": {}, "boolean": bool(result.value)}
    else:
        doc = {
            "head": {"vars": list(result.vars)},
            "results": {
                "bindings": [
                    {v: term_json(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows
                ]
            },
        }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _render_csv(result: TabularResult) -> str:
    if isinstance(result, AskResult):
        return _ask_text(result)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # the CSV results spec uses CRLF
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def _render_tsv(result: TabularResult) -> str:
    if isinstance(result, AskResult):
        return _ask_text(result)
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


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


def _render_table(result: TabularResult) -> str:
    if isinstance(result, AskResult):
        return _ask_text(result)
    buf = io.StringIO()
    Console(file=buf, width=160, no_color=True, highlight=False).print(rich_table(result))
    count = len(result.rows)
    buf.write(f"{count} row{'s' if count != 1 else ''}\n")
    return buf.getvalue()


def render_graph(result: GraphResult | Graph, format: str = "turtle") -> str:
    """Triples of a CONSTRUCT/DESCRIBE result (or a graph) in ``format``
    (a key of :data:`GRAPH_FORMATS`), with the project prefixes bound."""
    try:
        serializer = GRAPH_FORMATS[format.lower()][0]
    except KeyError:
        raise UsageError(f"Unknown graph format '{format}'.", hint="Formats: " + ", ".join(GRAPH_FORMATS)) from None
    graph = result if isinstance(result, Graph) else result.graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format=serializer)


for _fmt in (
    ResultFormat("table", "text/plain", "txt", _render_table, "aligned columns for a terminal"),
    ResultFormat("csv", "text/csv", "csv", _render_csv, "SPARQL 1.1 CSV results"),
    ResultFormat("tsv", "text/tab-separated-values", "tsv", _render_tsv, "SPARQL 1.1 TSV results"),
    ResultFormat("json", "application/sparql-results+json", "json", _render_json, "SPARQL 1.1 JSON results"),
):
    register_format(_fmt)
