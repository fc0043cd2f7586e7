"""Writes, behind the bearer token (``IGEL_WRITE_TOKEN``; none configured: writes are off).

* ``POST /sparql/update`` — SPARQL 1.1 Update (form field ``update`` or a direct
  ``application/sparql-update`` body; ``using-graph-uri`` / ``using-named-graph-uri``).
  LOAD and SERVICE are refused.
* ``/rdf-graphs?graph=IRI`` — the SPARQL 1.1 Graph Store HTTP protocol: GET (public),
  HEAD, PUT (replace), POST (add), DELETE. PUT and POST validate with SHACL first.
* ``POST /upload?graph=IRI&replace=true`` — a validated upload: the data is checked with
  the project's SHACL shapes together with the rest of the store *before* anything
  changes; a violation answers 422 with the SHACL results (which resource broke which
  rule) and leaves the store as it was; an accepted one is applied in one transaction.

Every accepted write is recorded with PROV-O in the write-log graph (who, when, which
graphs). While a write runs, the query workers are held off the data (see
:meth:`api.sparql.pool.QueryPool.writing`).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef

from igel_graph.formats import FORMATS as REGISTRY
from igel_graph.formats import GRAPH_FORMATS
from igel_graph.iris import absolute_iri
from igel_graph.store.base import SelectResult, Store

from ..deps import StoreDep
from ..openapi_doc import WRITE_SECURITY, error_responses
from ..problems import BadRequest, MethodNotAllowed, NotFound
from ..sparql.netwall import run_walled
from ..sparql.protocol import read_operation
from ..sparql.safety import inspect_update
from ..write_log import (
    LOG,
    Scope,
    add_generated,
    changed_graphs,
    drop_graph,
    graph_state,
    new_record,
    protect_log,
    refuse_log_target,
    run_update,
    write_graph,
)
from ..write_path import write_lock, writing, written
from ..writes_support import (
    UPLOAD_TYPES,
    add_using,
    own_contexts,
    parse_upload,
    require_writer,
    upload_format,
    validate_write,
)
from .meta import rdf_response

router = APIRouter(tags=["Writes"])

WriterDep = Annotated[str, Depends(require_writer)]
_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {m: {"schema": {"type": "string"}} for m in sorted(set(UPLOAD_TYPES))},
    },
    "security": WRITE_SECURITY,
}
_UPDATE_DOC = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "update": {"type": "string"},
                        "using-graph-uri": {"type": "string"},
                        "using-named-graph-uri": {"type": "string"},
                    },
                }
            },
            "application/sparql-update": {"schema": {"type": "string"}},
        }
    },
    "security": WRITE_SECURITY,
}
_WRITE_ERRORS = error_responses(400, 401, 403, 404, 405, 409, 413, 415, 422)
#: a write into a graph that did not exist answers 201 with its Location
_CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "The graph was created (Location names it)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _graph_size(store: Store, graph: URIRef) -> int:
    res = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
    assert isinstance(res, SelectResult)
    return int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0


def _candidates(store: Store, scope: Scope) -> set:
    """The graphs to compare before and after an update: those it names, and for an
    open one every graph of the store but the log."""
    if not scope.open:
        return set(scope.targets)
    return set(scope.targets) | {g for g in store.graphs() if g != LOG}


def _prepare_update(text: str, using: list[str], using_named: list[str], base: str) -> tuple[str, Scope]:
    """Check an update (syntax, LOAD, SERVICE, the write log) and give it the protocol's
    dataset; returns the text to run and the graphs it can change. Blocking (parses)."""
    for value in using:
        absolute_iri(value, "using-graph-uri")
    for value in using_named:
        absolute_iri(value, "using-named-graph-uri")
    info = inspect_update(text)
    if (using or using_named) and info.has_dataset_clause:
        raise BadRequest(
            "The update has a USING or WITH clause and the request also gives "
            "using-graph-uri/using-named-graph-uri; the protocol forbids both.",
            hint="Drop either the clause or the parameters.",
        )
    full = f"BASE <{base}> " + add_using(text, using, using_named)
    return full, protect_log(full)


@router.post(
    "/sparql/update",
    summary="SPARQL 1.1 Update (needs the bearer token)",
    openapi_extra=_UPDATE_DOC,
    name="sparql_update",
    responses=_WRITE_ERRORS,
)
async def sparql_update(request: Request, store: StoreDep, who: WriterDep) -> JSONResponse:
    """Run a SPARQL Update, all or nothing, together with its PROV record. Returns the
    graphs whose content changed. An update naming the write log as a target is refused
    (403); ``DROP ALL`` and the like leave the log as it was."""
    op = await read_operation(request, "update", "application/sparql-update")
    text, scope = await run_in_threadpool(
        _prepare_update,
        op.text,
        op.all("using-graph-uri"),
        op.all("using-named-graph-uri"),
        str(request.url_for("sparql_update")),
    )
    async with writing(request):
        candidates = await run_in_threadpool(_candidates, store, scope)
        before = await run_in_threadpool(graph_state, store, candidates)
        record = new_record(who=who, action="SPARQL Update", graphs=[], detail=op.text)
        apply = partial(run_update, restore_log=scope.open)
        if store.kind == "sparql":  # a remote store is reached over the network
            await run_in_threadpool(apply, store, text, record)
        else:  # the second wall: the update runs in a thread without a network
            await run_walled(apply, store, text, record)
        written(request)
        candidates |= await run_in_threadpool(_candidates, store, scope)
        after = await run_in_threadpool(graph_state, store, candidates)
        changed = changed_graphs(before, after)
        await run_in_threadpool(add_generated, store, record, changed)
    return JSONResponse({"status": "ok", "changed_graphs": [str(g) for g in changed], "activity": str(record.activity)})


def _target(graph: str | None, default: str | None) -> URIRef:
    if default is not None and graph is None:
        raise MethodNotAllowed(
            "The default graph is the union of the named graphs and cannot be written or fetched on its own here.",
            hint="Name a graph with ?graph=IRI (or query the union at /sparql).",
        )
    if graph is None:
        raise BadRequest("Name the graph with ?graph=IRI.", hint="Example: /rdf-graphs?graph=https://example.org/g")
    return absolute_iri(graph, "graph")


GraphParam = Annotated[str | None, Query(description="The graph's IRI.")]
DefaultParam = Annotated[str | None, Query(description="The default graph (not served on its own).")]


@router.get(
    "/rdf-graphs",
    summary="Graph Store protocol: read a graph",
    responses={200: {"content": {REGISTRY[n].media_type: {} for n in GRAPH_FORMATS}}, **error_responses(405)},
)
def gsp_get(request: Request, store: StoreDep, graph: GraphParam = None, default: DefaultParam = None) -> Response:
    """One named graph in the format the client accepts; 404 if it has no triples."""
    target = _target(graph, default)
    if target not in store.graphs():
        raise NotFound(f"There is no graph <{target}>.", hint="The graphs are listed at /dumps.")
    return rdf_response(request, store.graph(target))


@router.head("/rdf-graphs", include_in_schema=False)
def gsp_head(request: Request, store: StoreDep, graph: GraphParam = None, default: DefaultParam = None) -> Response:
    response = gsp_get(request, store, graph, default)
    return Response(status_code=200, media_type=response.media_type, headers={"Vary": "Accept"})


async def _write_graph(request: Request, store, who: str, target: URIRef, *, replace: bool, action: str) -> Response:
    refuse_log_target(target)
    fmt = upload_format(request.headers.get("content-type"))
    body = await request.body()
    # Parsing (in a child process) and SHACL run in worker threads: a large or hostile
    # body never holds up the event loop, and with it every other request.
    nt, new = await run_in_threadpool(
        parse_upload, body, fmt, target, request.app.state.settings, own_contexts(request)
    )
    # One write at a time: validation sees exactly the data the write will change. The
    # query workers are held off only while the store itself changes.
    async with write_lock(request.app):
        existed = await run_in_threadpool(_graph_size, store, target) > 0
        await run_in_threadpool(validate_write, store, target, new, replace=replace)
        record = new_record(who=who, action=action, graphs=[target], detail=f"{len(new)} triples")
        async with request.app.state.query_pool.writing():
            await run_in_threadpool(write_graph, store, target, nt, record, replace=replace)
            written(request)
        size = await run_in_threadpool(_graph_size, store, target)
    status = 200 if existed else 201
    headers = {} if existed else {"Location": str(request.url)}
    return JSONResponse(
        {"status": "ok", "graph": str(target), "triples": size, "added": len(new), "activity": str(record.activity)},
        status_code=status,
        headers=headers,
    )


@router.put(
    "/rdf-graphs",
    summary="Graph Store protocol: replace a graph (validated)",
    openapi_extra=_BODY_DOC,
    responses={**_CREATED, **_WRITE_ERRORS},
)
async def gsp_put(
    request: Request, store: StoreDep, who: WriterDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Replace the graph by the body after SHACL validation (201 if it is new)."""
    return await _write_graph(request, store, who, _target(graph, default), replace=True, action="PUT graph")


@router.post(
    "/rdf-graphs",
    summary="Graph Store protocol: add to a graph (validated)",
    openapi_extra=_BODY_DOC,
    responses={**_CREATED, **_WRITE_ERRORS},
)
async def gsp_post(
    request: Request, store: StoreDep, who: WriterDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Add the body's triples to the graph after SHACL validation."""
    return await _write_graph(request, store, who, _target(graph, default), replace=False, action="POST graph")


@router.delete(
    "/rdf-graphs",
    summary="Graph Store protocol: delete a graph",
    status_code=204,
    openapi_extra={"security": WRITE_SECURITY},
    responses=_WRITE_ERRORS,
)
async def gsp_delete(
    request: Request, store: StoreDep, who: WriterDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Drop the graph; 404 if it does not exist."""
    target = _target(graph, default)
    refuse_log_target(target)
    async with writing(request):
        if not await run_in_threadpool(_graph_size, store, target):
            raise NotFound(f"There is no graph <{target}>.")
        record = new_record(who=who, action="DELETE graph", graphs=[target])
        await run_in_threadpool(drop_graph, store, target, record)
        written(request)
    return Response(status_code=204)


@router.post(
    "/upload",
    summary="Validated upload of RDF into a graph",
    openapi_extra=_BODY_DOC,
    responses={**_CREATED, **_WRITE_ERRORS},
)
async def upload(
    request: Request,
    store: StoreDep,
    who: WriterDep,
    graph: Annotated[str, Query(description="The target graph's IRI.")],
    replace: Annotated[bool, Query(description="Replace the graph's content instead of adding.")] = False,
) -> Response:
    """Validate the body with SHACL together with the store's other data, then apply it in
    one transaction. A violation answers 422 with every SHACL result (focus resource,
    path, rule, message) and changes nothing."""
    return await _write_graph(
        request, store, who, _target(graph, None), replace=replace, action="upload (replace)" if replace else "upload"
    )
