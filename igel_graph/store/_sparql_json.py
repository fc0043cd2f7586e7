"""Reading a SPARQL protocol response (JSON results or RDF) into the store's results."""

from __future__ import annotations

import json

import httpx
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..errors import IgelError
from .base import AskResult, GraphResult, QueryResult, SelectResult
from .rdfio import parse_triples
from .terms import triple_to_rdflib

__all__ = ["read_results", "term_from_json"]

_PLAIN = (str(XSD.string), str(RDF.langString))


def term_from_json(value: dict):
    """An rdflib term from one SPARQL 1.1 JSON results binding.

    Also reads the older ``typed-literal`` type that Virtuoso still sends, and drops an
    explicit ``xsd:string`` datatype as the other backends do.

    >>> term_from_json({"type": "literal", "value": "x", "xml:lang": "de"})
    rdflib.term.Literal('x', lang='de')
    """
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(value["value"], lang=lang)
        dt = value.get("datatype")
        if dt and dt not in _PLAIN:
            return Literal(value["value"], datatype=URIRef(dt))
        return Literal(value["value"])
    raise IgelError(f"unsupported term in SPARQL results: {value!r}")


def read_results(response: httpx.Response) -> QueryResult:
    """The SELECT, ASK or CONSTRUCT result in ``response``, by its content type."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in ("application/sparql-results+json", "application/json"):
        data = json.loads(response.content)
        if "boolean" in data:
            return AskResult(bool(data["boolean"]))
        names = list(data["head"].get("vars", []))
        rows = [tuple(term_from_json(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]
        return SelectResult(names, rows)
    formats = {
        "application/n-triples": "nt",
        "text/plain": "nt",
        "text/turtle": "turtle",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
    }
    if ctype in formats:
        triples = parse_triples(response.content, format=formats[ctype], rename_blank_nodes=False)
        return GraphResult([triple_to_rdflib(t) for t in triples])
    raise IgelError(f"The SPARQL endpoint answered with {ctype or 'no content type'}, which this store cannot read.")
