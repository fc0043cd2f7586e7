"""The public SPARQL 1.1 protocol endpoint at ``/sparql`` (read-only).

GET with ``?query=``, POST with a form or a direct ``application/sparql-query`` body;
``default-graph-uri`` / ``named-graph-uri`` choose the dataset; the result format comes
from ``Accept`` (q-values honoured) or ``?format=`` (json, xml, csv, tsv, turtle, nt,
jsonld, rdfxml). The query runs in a worker process under the time limit; SERVICE, LOAD
and FROM of graphs this store does not hold are refused before it runs. Without a query,
a browser gets a query form and any other client the service description.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response

from igel_graph.errors import IgelError
from igel_graph.formats import FORMATS, GRAPH_FORMATS, RESULT_FORMATS, content_type, find_format
from igel_graph.iris import absolute_iri
from igel_graph.negotiation import wants_html

from ..deps import get_lang
from ..lanes import HEAVY, run_in_lane
from ..problems import BadRequest, NotAcceptable
from ..sparql.memo import Accepted
from ..sparql.protocol import read_operation
from ..sparql.worker import QueryJob
from ..templates import render

router = APIRouter(tags=["SPARQL"])
_log = logging.getLogger("igel.api")

#: the format names ``?format=`` takes here: results, graphs and the HTML table
OFFERED = RESULT_FORMATS + GRAPH_FORMATS + ("html",)

_QUERY_DOC = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "schema": {"type": "string"},
            "description": "The SPARQL 1.1 query (GET). Example: `SELECT * WHERE { ?s ?p ?o } LIMIT 10`",
        },
        {
            "name": "default-graph-uri",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "Graphs whose union is the default graph (default: all graphs).",
        },
        {
            "name": "named-graph-uri",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "Graphs visible to GRAPH (default: all graphs).",
        },
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": sorted({a for n in OFFERED for a in (n, *FORMATS[n].aliases)})},
            "description": "Result format instead of the Accept header.",
        },
    ],
    "responses": {
        "200": {
            "description": "Results",
            "content": {FORMATS[n].media_type: {} for n in RESULT_FORMATS + GRAPH_FORMATS},
        },
        "400": {"description": "Malformed query (message with line and column) or a refused feature"},
        "406": {"description": "No acceptable result format"},
        "415": {"description": "Unsupported request media type or charset"},
        "503": {
            "description": "Stopped at the time limit (QueryTimeout), refused because the long-query "
            "lane was full when it became long (PoolBusy), or its worker crashed on it (StoreUnavailable)"
        },
    },
}
_POST_DOC = {
    **_QUERY_DOC,
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "string"},
                        "named-graph-uri": {"type": "string"},
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
        }
    },
}


def _format_name(name: str | None) -> str | None:
    """The registry name of ``?format=`` (the worker decides whether the query's form can
    be given in it); 406 at once for a name no format has."""
    if name is None:
        return None
    found = find_format(name, OFFERED)
    if found is None:
        raise NotAcceptable(f"Unknown format '{name}'.", hint="Use one of: " + ", ".join(OFFERED) + ".")
    return found.name


#: media type -> Content-Type (with the charset where it is text), by the registry's rule
_CONTENT_TYPES = {f.media_type: content_type(f) for f in FORMATS.values()}


def _content_type(media: str) -> str:
    """``media`` with ``; charset=utf-8`` where the type is text."""
    return _CONTENT_TYPES.get(media, media)


def _job(
    text: str, params: dict[str, list[str]], accept: str | None, base: str, settings, html_table: bool
) -> QueryJob:
    """The worker job of a protocol request: its query, dataset, format and limits."""
    default = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    # an empty or relative graph name is the client's mistake (400), not the engine's (500)
    for value in default:
        absolute_iri(value, "default-graph-uri")
    for value in named:
        absolute_iri(value, "named-graph-uri")
    dataset_given = bool(default or named)
    fmt = params["format"][0] if params.get("format") else None
    return QueryJob(
        query=text,
        default_graphs=tuple(default) if dataset_given else None,
        named_graphs=tuple(named) if dataset_given else None,
        accept=accept,
        format="json" if html_table else _format_name(fmt),
        base_iri=base + "sparql",  # the route's own URL, without a route lookup per request
        max_rows=settings.max_rows,
    )


def _result_headers(output, settings) -> dict[str, str]:
    headers = {"Vary": "Accept"}
    if output.rows is not None:
        headers["X-Result-Rows"] = str(output.rows)
    if output.truncated:
        headers["X-Result-Truncated"] = str(settings.max_rows)
    return headers


async def _answer(request: Request) -> Response:
    """Run the protocol request's query in the pool; the worker's bytes go out as they are."""
    settings = request.app.state.settings
    op = await read_operation(request, "query", "application/sparql-query")
    if op.all("update"):
        raise BadRequest(
            "This endpoint is read-only: it runs queries, not updates.",
            hint="Send updates to /sparql/update with the bearer token.",
        )
    fmt = op.one("format")
    html_table = fmt is not None and fmt.lower() == "html"
    job = _job(op.text, op.params, request.headers.get("accept"), str(request.base_url), settings, html_table)
    output = await request.app.state.query_pool.run(job)
    headers = _result_headers(output, settings)
    if html_table:
        import json

        data = json.loads(output.body)
        return render(
            request,
            "sparql.html",
            {
                "title": "SPARQL",
                "query": op.text,
                "result": data,
                "truncated": output.truncated,
                "max_rows": settings.max_rows,
            },
            lang=get_lang(request),
            active="sparql",
            headers=headers,
        )
    return Response(output.body, media_type=_content_type(output.media_type), headers=headers)


class SparqlFastPath:
    """The plain case of ``GET /sparql?query=...``, answered in front of the framework.

    FastAPI's per-request telemetry check, Starlette's middleware stack, routing and the
    handler machinery cost more per request than a selective query takes in the engine
    (a 2-core machine, 2026-12-07: 120 us of the server's CPU for a canned answer, 69 us
    for uvicorn alone). The app (:class:`api.app.IgelApp`) asks :meth:`takes` first: a GET
    of ``/sparql`` with exactly one ``query``, no ``update``, a result format other than
    HTML and a client that does not ask for HTML gets its :class:`QueryJob`, runs in the
    same pool as the route's (same job, same headers, errors through the app's own
    handlers) and is answered by :meth:`answer`, inside the CORS middleware; everything
    else goes the normal way. The job of a URL is remembered (:mod:`api.sparql.memo`:
    its parse is a pure function of the URL, the ``Accept`` header and the base URL;
    a request that fails to become a job is never remembered).
    """

    def __init__(self, app):
        self.app = app
        self._jobs = Accepted(self._job_of, size=256, max_chars=16_384)
        self._bases = Accepted(_base_url, size=64, max_chars=2048)

    def takes(self, scope) -> bool:
        """Whether this is a plain ``GET /sparql`` request (``scope`` of any request) that
        :meth:`answer` answers; its job, or the route's error for a bad ``format`` or
        graph parameter, is kept in the scope for :meth:`answer`."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/sparql":
            return False
        try:
            job: QueryJob | IgelError | None = self._job(scope)
        except IgelError as exc:
            job = exc
        if job is None:
            return False
        scope[_JOB] = job
        return True

    def _job(self, scope) -> QueryJob | None:
        """The job of a ``GET /sparql`` request, or None when the normal route must answer it."""
        accept = host = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's headers.get
            if name == b"accept":
                if accept is None:
                    accept = value.decode("latin-1")
            elif name == b"host" and host is None:
                host = value.decode("latin-1")
        if accept is not None and "text/html" in accept:
            return None
        base = self._bases((scope.get("scheme", "http"), host, scope.get("server"), scope.get("root_path", "")))
        return self._jobs((scope["query_string"], accept, base))

    def _job_of(self, key: tuple[bytes, str | None, str]) -> QueryJob | None:
        raw, accept, base = key
        params: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
            params.setdefault(name, []).append(value)
        fmt = (params.get("format") or [""])[0].lower()
        if len(params.get("query", ())) != 1 or "update" in params or fmt == "html":
            return None
        return _job(params["query"][0], params, accept, base, self.app.state.settings, False)

    async def answer(self, scope, receive, send) -> None:
        """Run the job of this plain ``GET /sparql`` and send the worker's bytes as they are."""
        state = self.app.state
        try:
            job = scope[_JOB]
            if isinstance(job, IgelError):
                raise job
            output = await state.query_pool.run(job)
        except Exception as exc:  # noqa: BLE001 - every error is answered by the app's own handler
            # IgelError: its problem body; anything else: the 500 of the app's handler,
            # as Starlette's ServerErrorMiddleware would send it (the normal route's way)
            handlers = self.app.exception_handlers
            handler = handlers[IgelError] if isinstance(exc, IgelError) else handlers.get(Exception)
            if handler is None:
                raise
            if not isinstance(exc, IgelError):
                _log.exception("GET /sparql failed", exc_info=exc)
            response = await handler(Request(scope), exc)
            return await response(scope, receive, send)
        headers = [
            (b"content-type", _CONTENT_TYPE_BYTES.get(output.media_type) or output.media_type.encode()),
            (b"content-length", b"%d" % len(output.body)),
            (b"vary", b"Accept"),
        ]
        if output.rows is not None:
            headers.append((b"x-result-rows", b"%d" % output.rows))
        if output.truncated:
            headers.append((b"x-result-truncated", b"%d" % state.settings.max_rows))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": output.body})


#: the scope key of a plain request's job (or its error), from takes() to answer()
_JOB = "igel.sparql.job"
#: media type -> Content-Type header value, as bytes
_CONTENT_TYPE_BYTES = {media: value.encode("latin-1") for media, value in _CONTENT_TYPES.items()}


def _base_url(key: tuple) -> str:
    """The base URL Starlette gives a request from ``(scheme, Host header, server,
    root_path)`` (the ``base_iri`` of its queries), computed by Starlette itself."""
    scheme, host, server, root_path = key
    headers = [(b"host", host.encode("latin-1"))] if host is not None else []
    scope = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "root_path": root_path,
        "path": root_path + "/sparql",
        "query_string": b"",
        "headers": headers,
    }
    return str(Request(scope).base_url)


@router.get("/sparql", name="sparql_query", summary="SPARQL 1.1 query (GET)", openapi_extra=_QUERY_DOC)
async def sparql_get(request: Request) -> Response:
    """Run a read-only SPARQL query given in ``?query=``. Without a query a browser gets the
    query form and other clients the service description."""
    params = request.query_params
    if "query" not in params and "update" not in params:
        if wants_html(request.headers.get("accept"), against="text/turtle"):
            return render(
                request,
                "sparql.html",
                {"title": "SPARQL", "query": _EXAMPLE, "result": None},
                lang=get_lang(request),
                active="sparql",
            )
        from .meta import service_description_response

        # the description counts the store (cached per write): in the heavy lane (api/lanes.py)
        return await run_in_lane(
            request, HEAVY, service_description_response, request, request.app.state.store, request.app.state.settings
        )
    if "update" in params:
        raise BadRequest(
            "Updates cannot be sent with GET, and this endpoint is read-only.",
            hint="POST updates to /sparql/update with the bearer token.",
        )
    return await _answer(request)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or direct)", openapi_extra=_POST_DOC)
async def sparql_post(request: Request) -> Response:
    """Run a read-only SPARQL query sent as a form (field ``query``) or as the body
    (``application/sparql-query``)."""
    return await _answer(request)


_EXAMPLE = """PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?measure ?number ?label WHERE {
  ?measure a igel:Measure ; igel:number ?number ; rdfs:label ?label .
  FILTER(lang(?label) = "de")
}
ORDER BY ?number
LIMIT 50
"""
