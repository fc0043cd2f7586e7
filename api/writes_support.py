"""What the write endpoints share: the bearer-token check, parsing an uploaded body
(in a child process, nothing fetched), SHACL validation of the data as it would be after
the write, and protocol dataset parameters for updates. The PROV record of every write
is in :mod:`api.write_log`.
"""

from __future__ import annotations

import hmac

from fastapi import Request
from rdflib import Graph, URIRef

from igel_graph.errors import ValidationFailed
from igel_graph.formats import FORMATS, GRAPH_FORMATS
from igel_graph.namespaces import Graphs
from igel_graph.settings import Settings
from igel_graph.sparql_lexer import tokens
from igel_graph.store.base import GraphResult, Store

from .problems import Forbidden, Unauthorized, UnsupportedMediaType

__all__ = [
    "require_writer",
    "upload_format",
    "own_contexts",
    "parse_upload",
    "validate_write",
    "add_using",
    "UPLOAD_TYPES",
    "writer_name",
]

#: media types accepted for uploaded graphs -> rdflib parser: the registry's graph
#: formats, and the older names clients still send for them (and N3)
UPLOAD_TYPES = {
    **{FORMATS[n].media_type: FORMATS[n].rdflib or n for n in GRAPH_FORMATS},
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/xml": "xml",
    "text/n3": "n3",
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
        raise Forbidden(
            "Writes are switched off on this server: no write token is configured.",
            hint="Start the server with IGEL_WRITE_TOKEN set to enable writes.",
        )
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.write_token.encode()):
        raise Unauthorized(
            "This write needs the bearer token (Authorization: Bearer ...).",
            hint="Ask the operator for the token; it is IGEL_WRITE_TOKEN on the server.",
        )
    return writer_name(settings)


def upload_format(content_type: str | None) -> str:
    """The rdflib format name for an upload's media type; :class:`UnsupportedMediaType`
    (415) for a type that is not RDF."""
    media = (content_type or "").split(";")[0].strip().lower()
    fmt = UPLOAD_TYPES.get(media)
    if fmt is None:
        raise UnsupportedMediaType(
            f"Cannot read a graph sent as {media or 'no media type'}.",
            hint="Send " + ", ".join(sorted(set(UPLOAD_TYPES))) + ".",
        )
    return fmt


def own_contexts(request: Request) -> dict:
    """The JSON-LD contexts an upload may name by URL, each mapped to its content (served
    from memory, never fetched): this server's ``/context.jsonld`` and the same path at
    the published base (``https://w3id.org/igel/context.jsonld``)."""
    from igel_graph.reports import REPORT_CONTEXT
    from igel_graph.untrusted_rdf import OWN_CONTEXT_PATH

    settings: Settings = request.app.state.settings
    site = settings.base_iri.rstrip("/")
    return {str(request.url_for("read_context")): REPORT_CONTEXT, site + OWN_CONTEXT_PATH: REPORT_CONTEXT}


def parse_upload(body: bytes, fmt: str, graph: URIRef, settings: Settings, contexts: dict) -> tuple[str, Graph]:
    """Parse an uploaded body in a child process under the upload limits
    (``IGEL_UPLOAD_TIMEOUT``, ``IGEL_UPLOAD_MEMORY_BYTES``), nothing fetched, no entity
    expanded (:mod:`igel_graph.untrusted_rdf`). Blocking: run it in a worker thread.

    Returns the triples as N-Triples text and as an rdflib Graph (for SHACL). Raises
    :class:`ParseError` (400) with the line, :class:`UnsupportedMediaType` (415) for a
    body that is not UTF-8, ``ParseLimitExceeded`` (413) at a limit.
    """
    from igel_graph.untrusted_rdf import parse_isolated

    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsupportedMediaType("The body is not UTF-8.", hint="Send UTF-8.") from None
    nt = parse_isolated(
        body,
        fmt,
        str(graph),
        timeout=settings.upload_timeout,
        memory_bytes=settings.upload_memory_bytes,
        own_contexts=contexts,
    ).decode("utf-8")
    g = Graph(identifier=graph)
    g.parse(data=nt, format="nt")
    return nt, g


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
            results=report.results,
            report_text=report.text,
        )


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """Give every ``DELETE/INSERT ... WHERE`` operation of ``update`` the protocol's
    ``using-graph-uri`` / ``using-named-graph-uri`` graphs as ``USING`` clauses.

    The text is read token by token by the project's one SPARQL lexer
    (:mod:`igel_graph.sparql_lexer`), and the clauses go before each ``WHERE`` at brace
    depth 0 that is not ``DELETE WHERE``.

    >>> add_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s ?p 1 } USING <http://g> WHERE { ?s ?p ?o }'
    """
    if not default and not named:
        return update
    clauses = "".join(f"USING <{g}> " for g in default) + "".join(f"USING NAMED <{g}> " for g in named)
    out, last, depth, previous = [], 0, 0, ""
    for t in tokens(update, "update"):
        if t.value == "{":
            depth += 1
        elif t.value == "}":
            depth -= 1
        elif depth == 0 and t.kind == "word" and t.value.upper() == "WHERE" and previous != "DELETE":
            out.append(update[last : t.start] + clauses)
            last = t.start
        previous = t.value.upper() if t.kind == "word" else ""
    out.append(update[last:])
    return "".join(out)
