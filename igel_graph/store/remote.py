"""The remote backend: any SPARQL 1.1 endpoint with Update and the Graph Store protocol
(tested against Virtuoso open source).

- Queries and updates go over the SPARQL 1.1 protocol (form-encoded POST); parameters
  are bound as a VALUES block of RDF terms (:mod:`.bindings`).
- Syntax is checked locally first, so a malformed query gets a line and column and never
  reaches the server; RDF is parsed locally, so a malformed file never reaches it either.
- A load sends the parsed triples with one Graph Store ``POST`` into a fresh temporary
  graph, then one SPARQL update moves them into place (``ADD`` or, to replace, ``MOVE``):
  the target graph changes in a single server transaction or not at all.
- Servers keep graphs of their own (Virtuoso: ``virtrdf:``, ``ldp#``, ...). The store
  answers over *its* graphs only: those under ``https://w3id.org/igel/graph/`` plus every
  graph loaded through it (kept in a small registry graph). Each query names them as
  ``default-graph-uri`` and ``named-graph-uri``, so the default graph is their union, as
  on the other backends (a triple in two graphs matches twice, as on Oxigraph).
"""

from __future__ import annotations

import re
import time
import uuid
from typing import IO, Mapping, Sequence

import httpx
import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import Graph, URIRef
from rdflib.namespace import VOID
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from ..errors import IgelError, QuerySyntaxError, StoreUnavailable
from ..iris import absolute_iri
from ..namespaces import GRAPH_BASE
from ._sparql_json import read_results
from .base import DUMP_FORMATS, Bindings, QueryResult, SelectResult, Store
from .bindings import bind_as_text
from .rdfio import Source, parse_triples, rdf_format, sparql_syntax_error
from .terms import triple_to_rdflib

__all__ = ["SparqlStore"]

#: graph listing the graphs loaded through this store (not itself one of them)
REGISTRY = URIRef("urn:x-igel:store-registry")
#: a graph that never holds triples: the default graph when the store has none
_EMPTY = "urn:x-igel:empty"
_TMP = "urn:x-igel:tmp:"
#: seconds the list of the store's graphs is trusted when another process may write
_GRAPH_LIST_TTL = 10.0


class _ChallengeAuth(httpx.Auth):
    """User and password, as Basic or Digest, whichever the server's challenge asks for
    (Virtuoso's ``/sparql-auth`` wants Digest, Fuseki Basic)."""

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None  # learnt from the first challenge

    def auth_flow(self, request):
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        self._scheme = "digest" if scheme == "digest" else "basic"
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        next(flow)  # the digest flow first sends the bare request: we already did
        yield flow.send(response)


class SparqlStore(Store):
    """A dataset behind a SPARQL 1.1 endpoint.

    ``query_url``: the query endpoint; ``update_url``: the update endpoint (default: the
    query URL); ``gsp_url``: the Graph Store protocol endpoint (default: the query URL
    with ``-graph-crud`` appended, Virtuoso's convention: ``/sparql`` →
    ``/sparql-graph-crud``, ``/sparql-auth`` → ``/sparql-graph-crud-auth``);
    ``auth``: ``(user, password)`` or an :class:`httpx.Auth`.
    """

    kind = "sparql"

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        auth=None,
        *,
        timeout: float = 300.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url or _default_gsp(query_url)
        if isinstance(auth, tuple):
            auth = _ChallengeAuth(*auth)
        self._client = httpx.Client(auth=auth, timeout=timeout, follow_redirects=True)
        self._graphs_cache: tuple[float, list[str]] | None = None

    # --- HTTP
    def _post(self, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._client.post(url, **kwargs)
        except httpx.TransportError as exc:
            raise StoreUnavailable(
                f"Cannot reach the SPARQL endpoint {url}: {exc.__class__.__name__}: {exc}",
                hint="Check that the server is running and that IGEL_STORE (or --store) names its query URL.",
            ) from None
        self._check(response, url)
        return response

    def _check(self, response: httpx.Response, url: str) -> None:
        if response.status_code < 400:
            return
        text = _server_message(response)
        if response.status_code in (401, 403):
            raise StoreUnavailable(
                f"The SPARQL endpoint {url} refused access ({response.status_code}): {text}",
                hint="Set IGEL_SPARQL_USER and IGEL_SPARQL_PASSWORD to an account allowed to query and update.",
            )
        if response.status_code == 400:
            line = _server_line(text)
            raise QuerySyntaxError(text, source=f"SPARQL endpoint {url}", line=line)
        if response.status_code == 404:
            raise StoreUnavailable(
                f"No SPARQL service at {url} (404).",
                hint="Check the endpoint URLs (IGEL_STORE, IGEL_SPARQL_UPDATE_URL, IGEL_SPARQL_GSP_URL).",
            )
        raise IgelError(f"The SPARQL endpoint {url} failed ({response.status_code}): {text}")

    # --- the store's graphs
    def _our_graphs(self, *, fresh: bool = False) -> list[str]:
        now = time.monotonic()
        if not fresh and self._graphs_cache and now - self._graphs_cache[0] < _GRAPH_LIST_TTL:
            return self._graphs_cache[1]
        res = self._select_raw(
            f"""SELECT DISTINCT ?g WHERE {{
                  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}
                  UNION {{ GRAPH {_REG} {{ ?g {_IN_DATASET} {_REG} }} }}
                }}"""
        )
        names = sorted(str(row[0]) for row in res.rows if row[0] is not None)
        self._graphs_cache = (now, names)
        return names

    def _forget_graphs(self) -> None:
        self._graphs_cache = None

    def _select_raw(self, sparql: str, params: dict | None = None) -> SelectResult:
        response = self._post(
            self.query_url,
            data={"query": sparql, **(params or {})},
            headers={"Accept": "application/sparql-results+json"},
        )
        result = read_results(response)
        assert isinstance(result, SelectResult)
        return result

    # --- queries
    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        form = _check_syntax(sparql, update=False)
        if bindings:
            # VALUES binds the variables; writing them into FILTERs as well works round
            # Virtuoso's FILTER-inside-OPTIONAL scoping (see bind_as_text).
            sparql = bind_as_text(sparql, bindings)
        ours = self._our_graphs()
        dg = [str(g) for g in default_graph] if default_graph is not None else ours
        ng = [str(g) for g in named_graphs] if named_graphs is not None else ours
        data = {"query": sparql, "default-graph-uri": dg or [_EMPTY], "named-graph-uri": ng or [_EMPTY]}
        response = self._post(self.query_url, data=data, headers={"Accept": _ACCEPT[form]})
        return read_results(response)

    def update(self, sparql: str) -> None:
        _check_syntax(sparql, update=True)
        try:
            self._post(
                self.update_url,
                data={"update": sparql},
                headers={"Accept": "application/sparql-results+json, */*;q=0.1"},
            )
        finally:
            self._forget_graphs()

    # --- loading
    def load(self, source: Source, graph: URIRef, *, format: str | None = None, replace: bool = False) -> int:
        target = _term(graph)  # a malformed graph name stops here, before any request
        triples = parse_triples(source, format=format)  # malformed input stops here
        if triples:
            tmp = _TMP + uuid.uuid4().hex
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            try:
                # N-Triples is Turtle: every Graph Store server accepts text/turtle.
                self._post(self.gsp_url, params={"graph": tmp}, content=body, headers={"Content-Type": "text/turtle"})
                verb = "MOVE" if replace else "ADD"
                self._post(
                    self.update_url,
                    data={
                        "update": (
                            f"{verb} SILENT GRAPH {_term(tmp)} TO GRAPH {target} ;\n"
                            f"DROP SILENT GRAPH {_term(tmp)} ;\n"
                            f"INSERT DATA {{ GRAPH {_REG} {{ {target} {_IN_DATASET} {_REG} }} }}"
                        )
                    },
                    headers={"Accept": "*/*"},
                )
            except IgelError:
                self._drop_quietly(tmp)
                raise
        elif replace:
            self._post(self.update_url, data={"update": f"DROP SILENT GRAPH {target}"}, headers={"Accept": "*/*"})
        self._forget_graphs()
        return self._graph_size(str(graph))

    def write_graphs(self, parts: Mapping[URIRef, tuple[Graph, bool]]) -> None:
        """Each graph's triples go by Graph Store ``POST`` into a temporary graph of their
        own; then one SPARQL update moves (to replace) or adds each into place, so that
        every target changes in the same server transaction or none does."""
        staged: list[str] = []
        moves: list[str] = []
        try:
            for graph, (triples, replace) in parts.items():
                target = _term(graph)
                if not len(triples):
                    if replace:
                        moves.append(f"DROP SILENT GRAPH {target}")
                    continue
                tmp = _TMP + uuid.uuid4().hex
                staged.append(tmp)
                body = triples.serialize(format="nt").encode("utf-8")
                self._post(self.gsp_url, params={"graph": tmp}, content=body, headers={"Content-Type": "text/turtle"})
                moves.append(f"{'MOVE' if replace else 'ADD'} SILENT GRAPH {_term(tmp)} TO GRAPH {target}")
                moves.append(f"DROP SILENT GRAPH {_term(tmp)}")
                moves.append(f"INSERT DATA {{ GRAPH {_REG} {{ {target} {_IN_DATASET} {_REG} }} }}")
            if moves:
                self._post(self.update_url, data={"update": " ;\n".join(moves)}, headers={"Accept": "*/*"})
        except IgelError:
            for tmp in staged:
                self._drop_quietly(tmp)
            raise
        finally:
            self._forget_graphs()

    def _drop_quietly(self, graph: str) -> None:
        try:
            self._post(self.update_url, data={"update": f"DROP SILENT GRAPH {_term(graph)}"}, headers={"Accept": "*/*"})
        except IgelError:
            pass  # the first error is the one to report

    def _graph_size(self, graph: str) -> int:
        res = self._select_raw(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_term(graph)} {{ ?s ?p ?o }} }}")
        return int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0

    def drop_graph(self, graph: URIRef) -> None:
        target = _term(graph)
        self._post(
            self.update_url,
            data={
                "update": (
                    f"DROP SILENT GRAPH {target} ;\nDELETE DATA {{ GRAPH {_REG} {{ {target} {_IN_DATASET} {_REG} }} }}"
                )
            },
            headers={"Accept": "*/*"},
        )
        self._forget_graphs()

    def graphs(self) -> dict[URIRef, int]:
        ours = self._our_graphs(fresh=True)
        if not ours:
            return {}
        res = self._select_raw(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {"named-graph-uri": ours}
        )
        sizes = {URIRef(str(g)): int(str(n)) for g, n in res.rows if g is not None and int(str(n))}
        return dict(sorted(sizes.items()))

    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        """One graph's triples, fetched with a Graph Store GET (not capped like results)."""
        try:
            response = self._client.get(
                self.gsp_url, params={"graph": graph}, headers={"Accept": "application/n-triples, text/turtle;q=0.9"}
            )
        except httpx.TransportError as exc:
            raise StoreUnavailable(
                f"Cannot reach the Graph Store endpoint {self.gsp_url}: {exc}",
                hint="Check the server and IGEL_SPARQL_GSP_URL.",
            ) from None
        if response.status_code == 404:
            return []
        self._check(response, self.gsp_url)
        ctype = response.headers.get("content-type", "text/turtle").split(";")[0].strip()
        fmt = "nt" if ctype in ("application/n-triples", "text/plain") else "turtle"
        return parse_triples(response.content, format=fmt, rename_blank_nodes=False)

    def dump(self, out: IO[bytes], format: str = "nquads", graph: URIRef | None = None) -> None:
        if graph is not None:
            triples = self._graph_triples(str(graph))
            if format in ("nt", "ntriples", "turtle", "ttl"):
                out.write(ox.serialize(triples, format=rdf_format(format)) or b"")
                return
            g = Graph()
            for t in triples:
                g.add(triple_to_rdflib(t))
            out.write(g.serialize(format=format, encoding="utf-8"))
            return
        if format not in DUMP_FORMATS:
            raise IgelError(
                f"cannot dump the whole dataset as {format!r}", hint="Use nquads or trig, or name one graph."
            )
        quads = []
        for name in self.graphs():
            gname = ox.NamedNode(str(name))
            quads += [ox.Quad(t.subject, t.predicate, t.object, gname) for t in self._graph_triples(str(name))]
        out.write(ox.serialize(quads, format=rdf_format(format)) or b"")

    def graph(self, graph: URIRef) -> Graph:
        g = Graph(identifier=graph)
        for t in self._graph_triples(str(graph)):
            g.add(triple_to_rdflib(t))
        return g

    def close(self) -> None:
        self._client.close()


def _term(graph) -> str:
    """A graph name as it goes into update or query text: checked to be an absolute IRI
    with only the characters SPARQL's IRIREF allows (so it cannot close the ``<...>`` and
    add text of its own), then written as ``<iri>``. :class:`UsageError` otherwise."""
    return absolute_iri(str(graph), "graph").n3()


_REG = REGISTRY.n3()
_IN_DATASET = VOID.inDataset.n3()


def _default_gsp(query_url: str) -> str:
    if query_url.endswith("/sparql-auth"):
        return query_url[: -len("-auth")] + "-graph-crud-auth"
    return query_url.rstrip("/") + "-graph-crud"


def _check_syntax(sparql: str, *, update: bool) -> str:
    """Parse locally (rdflib's parser: parses, never evaluates) for a line and column.

    Returns the query form (``SelectQuery``, ``ConstructQuery``, ...; ``Update``)."""
    try:
        parsed = (parseUpdate if update else parseQuery)(sparql)
    except ParseException as exc:
        raise sparql_syntax_error(exc, sparql, kind="update" if update else "query") from None
    return "Update" if update else parsed[1].name


#: the media type to ask for, by query form (Virtuoso answers a CONSTRUCT with JSON
#: results, and fails, if the Accept header lists JSON first)
_ACCEPT = {
    "SelectQuery": "application/sparql-results+json",
    "AskQuery": "application/sparql-results+json",
    "ConstructQuery": "application/n-triples, text/turtle;q=0.9",
    "DescribeQuery": "application/n-triples, text/turtle;q=0.9",
}


def _server_message(response: httpx.Response) -> str:
    text = response.text
    ctype = response.headers.get("content-type", "")
    if "html" in ctype:
        m = re.search(r"<xmp>([\s\S]*?)</xmp>", text) or re.search(r"<h3>([\s\S]*?)</h3>", text)
        text = m.group(1) if m else re.sub(r"<[^>]+>", " ", text)
    # Virtuoso repeats the query after its message: keep the message
    text = text.split("\nSPARQL query:")[0]
    return " ".join(text.split())[:500]


def _server_line(text: str) -> int | None:
    m = re.search(r"line (\d+)", text)
    if m and int(m.group(1)) > 0:
        return int(m.group(1))
    return None
