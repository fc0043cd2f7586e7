"""Dataset dumps: every named graph, and the whole dataset, as gzip-compressed TriG and
N-Quads, with a DCAT catalogue describing them.

* ``/dumps`` — the list (HTML for browsers, JSON otherwise)
* ``/dumps/dataset.nq.gz``, ``/dumps/dataset.trig.gz`` — all named graphs
* ``/dumps/graphs/{path}.nq.gz`` / ``.trig.gz`` — one graph ``https://w3id.org/igel/graph/{path}``
* ``/dumps/catalog`` — DCAT (``dcat:Catalog``, a ``dcat:Dataset`` per graph, a
  ``dcat:Distribution`` per file), Turtle / JSON-LD / RDF/XML / N-Triples

Files are built on request and cached until the next write.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Hashable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from igel_graph.formats import FORMATS as REGISTRY
from igel_graph.formats import GRAPH_FORMATS
from igel_graph.namespaces import GRAPH_BASE, PREFIXES
from igel_graph.negotiation import wants_html
from igel_graph.store.base import Store

from ..cache import generation as store_state
from ..deps import LangDep, StoreDep
from ..problems import NotFound
from ..templates import render
from .meta import rdf_response

router = APIRouter(prefix="/dumps", tags=["Dumps"])

#: dump file extension -> (rdflib serializer, media type), from the format registry
FORMATS = {REGISTRY[n].extension: (REGISTRY[n].rdflib or n, REGISTRY[n].media_type) for n in ("nquads", "trig")}


def _graph_path(iri: URIRef) -> str | None:
    text = str(iri)
    return text[len(GRAPH_BASE) :] if text.startswith(GRAPH_BASE) else None


def _build(store: Store, fmt: str, graph: URIRef | None) -> bytes:
    raw = io.BytesIO()
    if graph is None:
        store.dump(raw, fmt)
    else:
        ds = Dataset()
        target = ds.graph(graph)
        for t in store.graph(graph):
            target.add(t)
        raw.write(ds.serialize(format=fmt, encoding="utf-8"))
    return gzip.compress(raw.getvalue(), mtime=0)


def _file(request: Request, store: Store, ext: str, graph: URIRef | None) -> Response:
    if ext not in FORMATS:
        raise NotFound(f"There is no dump format '{ext}'.", hint="Use .nq.gz or .trig.gz.")
    fmt, media = FORMATS[ext]
    state = request.app.state
    cache: tuple[Hashable, dict[tuple[str, URIRef | None], bytes]] | None = getattr(state, "dump_cache", None)
    generation = store_state(request)
    if cache is None or cache[0] != generation:
        cache = (generation, {})
        state.dump_cache = cache
    key = (ext, graph)
    if key not in cache[1]:
        cache[1][key] = _build(store, fmt, graph)
    name = "dataset" if graph is None else (_graph_path(graph) or "graph").replace("/", "-")
    return Response(
        cache[1][key],
        media_type=media,
        headers={
            "Content-Encoding": "identity",
            "Content-Disposition": f'attachment; filename="{name}.{ext}.gz"',
            "X-Content-Media-Type": media,
        },
    )


def _entries(request: Request, store: Store) -> list[dict]:
    root = str(request.base_url).rstrip("/")
    entries = []
    for iri, size in store.graphs().items():
        path = _graph_path(iri)
        files = {ext: f"{root}/dumps/graphs/{path}.{ext}.gz" for ext in FORMATS} if path else {}
        entries.append({"graph": str(iri), "triples": size, "files": files})
    return entries


@router.get("", summary="List the dumps")
def list_dumps(request: Request, store: StoreDep, lang: LangDep) -> Response:
    """Every named graph with its size and download links, plus the whole dataset."""
    root = str(request.base_url).rstrip("/")
    data = {
        "dataset": {ext: f"{root}/dumps/dataset.{ext}.gz" for ext in FORMATS},
        "catalog": f"{root}/dumps/catalog",
        "graphs": _entries(request, store),
    }
    if wants_html(request.headers.get("accept")):
        return render(request, "dumps.html", {"title": "Dumps", **data}, lang=lang, active="dumps")
    return JSONResponse(data)


@router.get(
    "/dataset.{ext}.gz",
    summary="The whole dataset, gzip-compressed",
    responses={200: {"content": {"application/n-quads": {}, "application/trig": {}}}},
)
def dump_dataset(request: Request, ext: str, store: StoreDep) -> Response:
    """All named graphs as N-Quads (``nq``) or TriG (``trig``), gzip-compressed."""
    return _file(request, store, ext, None)


@router.get(
    "/graphs/{path:path}",
    summary="One named graph, gzip-compressed",
    responses={200: {"content": {"application/n-quads": {}, "application/trig": {}}}},
)
def dump_graph(request: Request, path: str, store: StoreDep) -> Response:
    """The graph ``https://w3id.org/igel/graph/{name}`` as ``{name}.nq.gz`` or ``{name}.trig.gz``."""
    for ext in FORMATS:
        suffix = f".{ext}.gz"
        if path.endswith(suffix):
            graph = URIRef(GRAPH_BASE + path[: -len(suffix)])
            if graph not in store.graphs():
                raise NotFound(f"There is no graph <{graph}>.", hint="See /dumps for the list.")
            return _file(request, store, ext, graph)
    raise NotFound(f"There is no dump /dumps/graphs/{path}.", hint="Names end in .nq.gz or .trig.gz; see /dumps.")


def catalog(request: Request, store: Store) -> Graph:
    """The DCAT catalogue of the dumps."""
    root = str(request.base_url).rstrip("/")
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    cat = URIRef(root + "/dumps/catalog")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("IGeL-Wissensgraph: Downloads", lang="de")))
    g.add((cat, DCTERMS.title, Literal("IGeL knowledge graph: dumps", lang="en")))
    g.add((cat, DCTERMS.license, URIRef("https://opensource.org/licenses/MIT")))

    def add_dataset(node: URIRef, title: str, size: int, files: dict[str, str], identifier: str | None) -> None:
        g.add((cat, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.title, Literal(title)))
        if identifier:
            g.add((node, DCTERMS.identifier, Literal(identifier)))
        g.add((node, URIRef("http://rdfs.org/ns/void#triples"), Literal(size, datatype=XSD.integer)))
        for ext, url in files.items():
            dist = URIRef(url)
            g.add((node, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCAT.downloadURL, dist))
            g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + FORMATS[ext][1])))
            g.add((dist, DCAT.compressFormat, URIRef("http://www.iana.org/assignments/media-types/application/gzip")))
            g.add((dist, DCTERMS.format, Literal(FORMATS[ext][1])))

    graphs = store.graphs()
    add_dataset(
        URIRef(root + "/dumps/dataset"),
        "IGeL knowledge graph (all graphs)",
        sum(graphs.values()),
        {ext: f"{root}/dumps/dataset.{ext}.gz" for ext in FORMATS},
        None,
    )
    for entry in _entries(request, store):
        if entry["files"]:
            add_dataset(URIRef(entry["graph"]), entry["graph"], entry["triples"], entry["files"], entry["graph"])
    return g


@router.get(
    "/catalog",
    summary="DCAT catalogue of the dumps",
    responses={200: {"content": {REGISTRY[n].media_type: {} for n in GRAPH_FORMATS}}},
)
def read_catalog(request: Request, store: StoreDep, format: str | None = None) -> Response:
    """DCAT description of every dump: datasets, distributions, media types, sizes."""
    return rdf_response(request, catalog(request, store), fmt=format)
