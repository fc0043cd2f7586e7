"""The named queries (``queries/*.rq``) as a REST API.

``GET /api/queries`` lists them; ``GET /api/queries/{name}`` runs one. Each query is its
own OpenAPI operation, generated from its ``.rq`` header when the app is created, with
typed parameters; a bad value gives 422 naming the parameter (the header's types decide,
through :meth:`NamedQuery.bindings`). Results (``?format=`` or ``Accept``, the formats of
:mod:`igel_graph.formats`) as a JSON page document (``document``, the default: plain
values, total and links), as SPARQL results (``json``, ``xml``, ``csv``, ``tsv``: the
same bytes as ``igel query NAME --format ...`` for the same rows) or as an HTML table;
paginated with ``limit`` and ``offset``.

A result kept for the store's data (the whole result, computed ahead on a large store
by :mod:`igel_graph.precompute`, or by ``igel query``) gives any page at once. Otherwise
queries run in the SPARQL worker pool (:mod:`api.sparql.pool`) with the same time limit
as ``/sparql``, never on the event loop; ``limit``/``offset`` become LIMIT/OFFSET of the
query text (blocks of :data:`BLOCK` rows, cached without regard to the page size).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from rdflib import BNode, Literal, URIRef
from starlette.concurrency import run_in_threadpool

from igel_graph.errors import ParameterError
from igel_graph.formats import FORMATS, RESULT_FORMATS, content_type, serialize_select
from igel_graph.negotiation import negotiate, wants_html
from igel_graph.queries import NamedQuery, load_named_queries
from igel_graph.store.base import SelectResult
from igel_graph.store.bindings import inject_values, substitute_in_filters

from ..cache import response_cache
from ..deps import get_lang
from ..sparql.paging import count_text, page_text
from ..sparql.worker import QueryJob
from ..templates import render

router = APIRouter(prefix="/api/queries", tags=["Named queries"])

#: parameters every named query takes besides its own
PAGING = ("limit", "offset", "format")
DEFAULT_LIMIT = 100
#: rows the engine computes per request of a named query (a page takes whole blocks)
BLOCK = 500
#: formats of a named query's rows, the server's preference first
OFFERED = ("document",) + RESULT_FORMATS + ("html",)

_SCHEMAS = {
    "iri": {"type": "string", "format": "iri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
}


def plain(term):
    """A result term as a plain JSON value: IRIs and text as strings, numbers and
    booleans as such, None for unbound."""
    if term is None:
        return None
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool) or isinstance(value, int):
            return value
        if isinstance(value, (float, Decimal)):
            return float(value)
        return str(term)
    return str(term)


def _query_summary(q: NamedQuery, request: Request) -> dict:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "tags": q.tags,
        "url": str(request.url_for(f"run_query_{q.name}")),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "values": list(p.choices) or None,
                "description": p.description,
            }
            for p in q.parameters
        ],
    }


@router.get("", summary="List the named queries")
async def list_named_queries(request: Request) -> Response:
    """Every named query with its title, description, tags, parameters and URL
    (JSON; an HTML list for browsers)."""
    queries = request.app.state.named_queries
    items = [_query_summary(q, request) for q in queries.values()]
    if wants_html(request.headers.get("accept")):
        return render(request, "queries.html", {"title": "Named queries", "queries": items}, lang=get_lang(request))
    return JSONResponse({"queries": items})


def _int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"Parameter '{name}' expects a whole number; got {raw!r}.", parameter=name) from None
    if not lo <= value <= hi:
        raise ParameterError(f"Parameter '{name}' must be between {lo} and {hi}; got {value}.", parameter=name)
    return value


def _rdf_term(value: dict | None):
    """A SPARQL JSON results term as an rdflib term (None for unbound)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))


async def _run_text(request: Request, text: str, rows: int) -> tuple[list[str], list[dict]]:
    """``text`` run in the query pool (its timeout and limits), at most ``rows`` rows:
    the variables and the SPARQL JSON bindings."""
    job = QueryJob(query=text, format="json", max_rows=rows, capped=True, base_iri=str(request.base_url) + "sparql")
    output = await request.app.state.query_pool.run(job)
    doc = json.loads(output.body)
    return doc["head"]["vars"], doc["results"]["bindings"]


async def _block(request: Request, q: NamedQuery, text: str, key: tuple, index: int) -> tuple[list[str], list]:
    """Rows ``index * BLOCK`` to ``(index + 1) * BLOCK - 1`` of the bound query ``text``,
    computed by the engine (LIMIT/OFFSET in the text) and cached per write generation
    under a key that holds neither ``limit`` nor ``offset``: any page size reuses them."""
    cache = response_cache(request)
    cache_key = ("named-query-block", q.name, key, BLOCK, index)
    hit = cache.get(request, cache_key)
    if hit is not None:
        return hit
    names, bindings = await _run_text(request, page_text(text, BLOCK, index * BLOCK), BLOCK)
    value = (names, [tuple(_rdf_term(b.get(v)) for v in names) for b in bindings])
    cache.put(request, cache_key, value)
    return value


async def _total(request: Request, q: NamedQuery, text: str, key: tuple) -> int:
    """How many rows the bound query ``text`` has (counted by the engine, cached)."""
    cache = response_cache(request)
    cache_key = ("named-query-total", q.name, key)
    hit = cache.get(request, cache_key)
    if hit is not None:
        return hit[0]
    _, bindings = await _run_text(request, count_text(text), 1)
    total = int(bindings[0]["total"]["value"]) if bindings and "total" in bindings[0] else 0
    cache.put(request, cache_key, (total,))
    return total


async def page_of(
    request: Request, q: NamedQuery, bindings: dict, offset: int, limit: int
) -> tuple[list[str], list, int]:
    """Rows ``offset`` to ``offset + limit - 1`` of ``q`` with ``bindings``, and the total.

    The whole result, when it is kept for the store's data already (a large store's
    listings are computed ahead, :mod:`igel_graph.precompute`), gives the page at once.
    Otherwise the query runs in the worker pool, so a long one never holds up another
    request and stops at the endpoint's time limit. The total comes free when the rows
    end inside the blocks fetched; otherwise the engine counts them once.
    """
    whole = await run_in_threadpool(q.stored, request.app.state.store, bindings)
    if whole is not None:
        return whole.vars, whole.rows[offset : offset + limit], len(whole.rows)
    text = inject_values(substitute_in_filters(q.sparql, bindings), bindings) if bindings else q.sparql
    key = tuple(sorted((k, str(v)) for k, v in bindings.items()))
    first, last = offset // BLOCK, (offset + limit) // BLOCK  # one row past the page: is there more?
    names: list[str] = []
    rows: list = []
    total = None
    for index in range(first, last + 1):
        names, block = await _block(request, q, text, key, index)
        rows += block
        if len(block) < BLOCK:
            total = index * BLOCK + len(block)
            break
    if total is None:
        total = await _total(request, q, text, key)
    skip = offset - first * BLOCK
    return names, rows[skip : skip + limit], total


def _make_endpoint(q: NamedQuery):
    own = {p.name for p in q.parameters}

    async def run_named_query(request: Request) -> Response:
        settings = request.app.state.settings
        fmt = negotiate(
            request.headers.get("accept"), request.query_params.get("format"), OFFERED, what="A named query's rows"
        )
        limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, settings.max_rows)
        offset = _int_param(request, "offset", 0, 0, 10**9)
        params = {k: v for k, v in request.query_params.items() if k not in PAGING}
        lang = None
        if "lang" in params and "lang" not in own:
            lang = params.pop("lang")
        if fmt.name == "html" and "lang" in own and "lang" not in params:
            params["lang"] = get_lang(request)
        names, page, total = await page_of(request, q, q.bindings(params), offset, limit)
        nxt = (
            str(request.url.include_query_params(offset=offset + limit, limit=limit))
            if offset + limit < total
            else None
        )
        prev = str(request.url.include_query_params(offset=max(0, offset - limit), limit=limit)) if offset > 0 else None
        headers = {"Vary": "Accept", "X-Total-Count": str(total)}
        links = [f'<{u}>; rel="{rel}"' for u, rel in ((nxt, "next"), (prev, "prev")) if u]
        if links:
            headers["Link"] = ", ".join(links)
        if fmt.name in RESULT_FORMATS:
            return Response(
                serialize_select(SelectResult(names, page), fmt), media_type=content_type(fmt), headers=headers
            )
        if fmt.name == "html":
            return render(
                request,
                "query.html",
                {
                    "title": q.title,
                    "query": q,
                    "vars": names,
                    "rows": page,
                    "total": total,
                    "offset": offset,
                    "limit": limit,
                    "next": nxt,
                    "prev": prev,
                    "given": params,
                },
                lang=lang or get_lang(request),
                headers=headers,
            )
        document = {
            "query": q.name,
            "title": q.title,
            "parameters": params,
            "vars": names,
            "rows": [{v: plain(t) for v, t in zip(names, row)} for row in page],
            "total": total,
            "offset": offset,
            "limit": limit,
            "next": nxt,
            "previous": prev,
        }
        return JSONResponse(document, headers=headers)

    run_named_query.__doc__ = q.description
    return run_named_query


def _openapi(q: NamedQuery) -> dict:
    parameters = []
    for p in q.parameters:
        schema: dict[str, Any] = dict(_SCHEMAS[p.type])
        if p.choices:
            schema["enum"] = list(p.choices)
        if p.default is not None:
            schema["default"] = p.default
        entry = {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "schema": schema,
            "description": f"{p.description} ({p.expected})".strip(),
        }
        example = getattr(p, "example", None)
        if example is not None:
            entry["example"] = example
        parameters.append(entry)
    parameters += [
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
            "description": "Rows per page.",
        },
        {
            "name": "offset",
            "in": "query",
            "schema": {"type": "integer", "minimum": 0, "default": 0},
            "description": "Rows to skip.",
        },
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": list(OFFERED)},
            "description": "Result format instead of the Accept header.",
        },
    ]
    return {
        "parameters": parameters,
        "responses": {
            "200": {"description": "The rows", "content": {FORMATS[n].media_type: {} for n in OFFERED}},
            "422": {"description": "A parameter is missing or has a bad value (named in the body)"},
        },
    }


def add_named_query_route(app: FastAPI, q: NamedQuery) -> None:
    """Add the GET operation ``/api/queries/{q.name}`` running ``q`` to ``app``."""
    app.state.named_queries = {**getattr(app.state, "named_queries", {}), q.name: q}
    app.add_api_route(
        f"/api/queries/{q.name}",
        _make_endpoint(q),
        methods=["GET"],
        name=f"run_query_{q.name}",
        operation_id=f"run_{q.name.replace('-', '_')}",
        summary=q.title,
        description=q.description,
        tags=["Named queries"],
        openapi_extra=_openapi(q),
        response_class=Response,
    )


def add_named_query_routes(app: FastAPI) -> None:
    """Add one GET operation per named query to ``app`` (read from ``queries/`` now)."""
    app.state.named_queries = {}
    for q in load_named_queries().values():
        add_named_query_route(app, q)
