"""What the write endpoints share: the bearer-token check, parsing an uploaded body,
SHACL validation of the data as it would be after the write, protocol dataset
parameters for updates, and the PROV record of every accepted write.
"""

from __future__ import annotations

import hmac
import re
import uuid
from datetime import datetime, timezone

from fastapi import Request
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from igel_graph.errors import ParseError, ValidationFailed
from igel_graph.namespaces import Graphs, resource
from igel_graph.settings import Settings
from igel_graph.store.base import GraphResult, Store

from .problems import Forbidden, Unauthorized, UnsupportedMediaType

__all__ = ["require_writer", "parse_body", "validate_write", "record_write", "add_using",
           "UPLOAD_TYPES", "writer_name"]

#: media types accepted for uploaded graphs -> rdflib parser
UPLOAD_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
    "application/xml": "xml", "text/n3": "n3",
}


def writer_name(settings: Settings) -> str:
    """Who writes: the name configured for the token (``IGEL_WRITE_TOKEN_NAME``), else ``api``."""
    return settings.write_token_name or "api"


def require_writer(request: Request) -> str:
    """Check the bearer token; return the writer's name.

    Raises :class:`Forbidden` (403) when no token is configured (writes are off) and
    :class:`Unauthorized` (401) for a missing or wrong token.
    """
    settings: Settings = request.app.state.settings
    if not settings.write_token:
        raise Forbidden("Writes are switched off on this server: no write token is configured.",
                        hint="Start the server with IGEL_WRITE_TOKEN set to enable writes.")
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.write_token.encode()):
        raise Unauthorized("This write needs the bearer token (Authorization: Bearer ...).",
                           hint="Ask the operator for the token; it is IGEL_WRITE_TOKEN on the server.")
    return writer_name(settings)


def parse_body(body: bytes, content_type: str | None, graph: URIRef) -> Graph:
    """Parse an uploaded RDF body by its media type; :class:`ParseError` with the line
    when it is malformed, :class:`UnsupportedMediaType` for an unknown type."""
    media = (content_type or "").split(";")[0].strip().lower()
    fmt = UPLOAD_TYPES.get(media)
    if fmt is None:
        raise UnsupportedMediaType(f"Cannot read a graph sent as {media or 'no media type'}.",
                                   hint="Send " + ", ".join(sorted(set(UPLOAD_TYPES))) + ".")
    g = Graph(identifier=graph)
    try:
        g.parse(data=body.decode("utf-8"), format=fmt, publicID=str(graph))
    except UnicodeDecodeError:
        raise UnsupportedMediaType("The body is not UTF-8.", hint="Send UTF-8.") from None
    except Exception as exc:  # noqa: BLE001 - every parser error becomes one message
        line = getattr(exc, "lineno", None) or getattr(exc, "line", None)
        match = re.search(r"line (\d+)", str(exc))
        if line is None and match:
            line = int(match.group(1))
        raise ParseError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                         source="request body", line=line if isinstance(line, int) else None) from None
    return g


def validate_write(store: Store, graph: URIRef, new: Graph, *, replace: bool) -> None:
    """Validate ``new`` with SHACL together with the store's other asserted data (the old
    content of ``graph`` left out when it is replaced). Raises :class:`ValidationFailed`
    (422) with the results; nothing has been written then."""
    from igel_graph.validate import ASSERTED_EXCLUDED, validate_with_context

    wanted = [g for g in store.graphs() if g not in ASSERTED_EXCLUDED and not (replace and g == graph)]
    context = Graph()
    if wanted:
        res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=wanted)
        assert isinstance(res, GraphResult)
        for t in res.triples:
            context.add(t)
    ontology = store.graph(Graphs.ONTOLOGY) if Graphs.ONTOLOGY in store.graphs() else None
    report = validate_with_context(new, context, ontology=ontology)
    if not report.conforms:
        raise ValidationFailed(
            f"The data breaks {len(report.results)} SHACL rule(s); nothing was written.",
            results=report.results, report_text=report.text)


def record_write(store: Store, *, who: str, action: str, graphs: list[URIRef], detail: str = "") -> URIRef:
    """Record an accepted write in the write-log graph with PROV-O: an activity with its
    agent (``who``), start time, the graphs it generated, and what was done.

    Returns the IRI of the activity (``id:write/<uuid>``).
    """
    now = Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    activity = resource("write", str(uuid.uuid4()))
    agent = resource("agent", who)
    g = Graph()
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"Schreibzugriff: {action}", lang="de")))
    g.add((activity, RDFS.label, Literal(f"Write: {action}", lang="en")))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.startedAtTime, now))
    g.add((activity, PROV.endedAtTime, now))
    g.add((activity, DCTERMS.type, Literal(action)))
    if detail:
        g.add((activity, DCTERMS.description, Literal(detail[:2000])))
    for graph in graphs:
        g.add((activity, PROV.generated, graph))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(who)))
    store.load(g, Graphs.WRITES)
    return activity


_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                    r"|<[^<>\s]*>|#[^\n]*|[{}]|\b[A-Za-z]+\b")


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """Give every ``DELETE/INSERT ... WHERE`` operation of ``update`` the protocol's
    ``using-graph-uri`` / ``using-named-graph-uri`` graphs as ``USING`` clauses.

    The text is scanned token by token (strings, IRIs and comments skipped), and the
    clauses go before each ``WHERE`` at brace depth 0 that is not ``DELETE WHERE``.

    >>> add_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s ?p 1 } USING <http://g> WHERE { ?s ?p ?o }'
    """
    if not default and not named:
        return update
    clauses = "".join(f"USING <{g}> " for g in default) + "".join(f"USING NAMED <{g}> " for g in named)
    out, last, depth, previous = [], 0, 0, ""
    for m in _TOKEN.finditer(update):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token.upper() == "WHERE" and previous != "DELETE":
            out.append(update[last:m.start()] + clauses)
            last = m.start()
        previous = token.upper() if token[0].isalpha() else ""
    out.append(update[last:])
    return "".join(out)
