"""Every resource IRI under the base resolves at its local path.

``https://w3id.org/igel/id/actor/gsd`` is served at ``/id/actor/gsd``, the ontology
``https://w3id.org/igel/ontology`` (and its terms ``...ontology#Measure``) at
``/ontology``, the named graphs ``https://w3id.org/igel/graph/...`` at ``/graph/...``.
Browsers get an HTML page in German or English (by ``Accept-Language`` or ``?lang=``):
a profile for the resource's class first (actor briefing, measure, goal, action field,
theme, plan: :mod:`visualizations.pages.profiles`), then, folded, every statement with
the graph it is in and the incoming links; other clients Turtle, JSON-LD, RDF/XML or
N-Triples by ``Accept`` or by suffix (``/id/actor/gsd.ttl``). Always ``Vary: Accept``;
404 for an IRI the store does not know.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from igel_graph.errors import ParameterError
from igel_graph.formats import FORMATS, GRAPH_FORMATS, content_type, format_for_media_type, serialize_graph
from igel_graph.monitoring.asof import parse_as_of
from igel_graph.namespaces import IGEL, ONTOLOGY_IRI, Graphs
from igel_graph.negotiation import negotiate
from igel_graph.store.base import SelectResult, Store
from visualizations.links import SiteLinks
from visualizations.pages.profiles import profile

from ..cache import cached, response_cache
from ..deps import LangDep, SettingsDep, StoreDep
from ..iri import to_iri
from ..lanes import HEAVY, LIGHT, in_lane, run_in_lane
from ..problems import NotFound
from ..resource_data import all_labels, load_resource, resource_exists, resource_graph
from ..templates import render

router = APIRouter(tags=["Resources"])

#: the formats of a resource: its page, then the graph formats of the registry
_PAGE_FORMATS = ("html",) + GRAPH_FORMATS
#: file suffix of a resource (``/id/actor/gsd.ttl``) -> the format it names
_RDF_SUFFIXES = {"." + FORMATS[n].extension: n for n in _PAGE_FORMATS}
_PAGE_TYPES = [FORMATS[n].media_type for n in _PAGE_FORMATS]


def _split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, name in _RDF_SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], name
    return path, None


def _negotiate(request: Request, suffix_format: str | None) -> str:
    """The media type a resource is given in: the suffix's format, else ``?format=``,
    else the ``Accept`` header (406 when none of its formats fits)."""
    fmt = negotiate(
        request.headers.get("accept"),
        suffix_format or request.query_params.get("format"),
        _PAGE_FORMATS,
        what="This resource (HTML and RDF)",
    )
    return fmt.media_type


def _rdf(graph: Graph, media: str) -> Response:
    fmt = format_for_media_type(media, GRAPH_FORMATS)
    assert fmt is not None  # _negotiate gave one of them
    return Response(serialize_graph(graph, fmt), media_type=content_type(fmt), headers={"Vary": "Accept"})


def _formats(path: str) -> list[tuple[str, str]]:
    return [
        ("Turtle", path + ".ttl"),
        ("JSON-LD", path + ".jsonld"),
        ("RDF/XML", path + ".rdf"),
        ("N-Triples", path + ".nt"),
    ]


def _from_cache(request: Request, key) -> Response | None:
    hit = response_cache(request).get(request, key)
    if hit is None:
        return None
    body, media_type, headers = hit
    return Response(body, media_type=media_type, headers=headers)


def _to_cache(request: Request, key, response: Response) -> Response:
    headers = {k: v for k, v in response.headers.items() if k.lower() in ("vary", "content-language")}
    response_cache(request).put(request, key, (response.body, response.headers.get("content-type"), headers))
    return response


async def _serve(request: Request, store: Store, settings, lang: str, path: str) -> Response:
    # the day whose monitoring knowledge a profile shows; the resolved day is in the key,
    # so "today" moves on at midnight. Only the HTML page reads it: a bad day is a 422 for
    # the page (raised in _build once the format is known) and ignored by RDF answers
    raw = request.query_params.get("as_of")
    as_of: dt.date | ParameterError
    try:
        as_of = parse_as_of(raw)
    except ParameterError as err:
        as_of = err
    day_key = as_of if isinstance(as_of, dt.date) else ("not a date", raw)
    key = ("resource", path, request.headers.get("accept"), request.query_params.get("format"), lang, day_key)
    hit = _from_cache(request, key)
    if hit is not None:
        return hit
    # built in the light lane (api/lanes.py): store queries and templates off the event loop
    return _to_cache(
        request, key, await run_in_lane(request, LIGHT, _build, request, store, settings, lang, path, as_of)
    )


def _build(request: Request, store: Store, settings, lang: str, path: str, as_of: dt.date | ParameterError) -> Response:
    local, suffix_format = _split_suffix(path)
    iri = to_iri(local, settings.base_iri)
    if (
        suffix_format is not None
        and not resource_exists(store, iri)
        and resource_exists(store, to_iri(path, settings.base_iri))
    ):
        local, suffix_format, iri = path, None, to_iri(path, settings.base_iri)
    media = _negotiate(request, suffix_format)
    if not resource_exists(store, iri):
        raise NotFound(
            f"There is no resource <{iri}> in this dataset.",
            hint="Search for it with the SPARQL endpoint at /sparql, or start from /.",
        )
    if media != "text/html":
        return _rdf(resource_graph(store, iri), media)
    if isinstance(as_of, ParameterError):
        raise as_of  # 422: the page would show a day it cannot read
    view = load_resource(store, iri, cached(request, "labels", lambda: all_labels(store)))
    return render(
        request,
        "resource.html",
        {
            "title": view.label(iri, lang),
            "profile": profile(store, str(iri), lang, as_of),
            "res": SiteLinks(settings.base_iri, lang).resource,
            "view": view,
            "iri": iri,
            "formats": _formats(local),
            "graph_names": _GRAPH_NAMES,
            "quote": IGEL.quote,
        },
        lang=lang,
        headers={"Vary": "Accept, Accept-Language"},
    )


_GRAPH_NAMES = {
    str(Graphs.CURATED): "curated",
    str(Graphs.INFERRED): "inferred",
    str(Graphs.ANALYSIS): "analysis",
    str(Graphs.ONTOLOGY): "ontology",
    str(Graphs.VOCABULARIES): "vocabularies",
    str(Graphs.WRITES): "writes",
}


@router.get(
    "/id/{path:path}",
    summary="A resource at its IRI",
    responses={
        200: {"content": {m: {} for m in _PAGE_TYPES}},
        404: {"description": "Unknown resource"},
        406: {"description": "No acceptable format"},
    },
)
async def read_resource(request: Request, path: str, store: StoreDep, settings: SettingsDep, lang: LangDep) -> Response:
    """The resource ``{base}id/{path}`` as an HTML page or RDF (Turtle, JSON-LD, RDF/XML,
    N-Triples) by ``Accept``, ``?format=`` or suffix. Example: ``/id/actor/gsd.ttl``.
    ``?as_of=YYYY-MM-DD`` (default today) is the day whose reported status a measure
    profile and an actor briefing show (422 on the HTML page when it is not a date; RDF
    answers do not read it and ignore it)."""
    return await _serve(request, store, settings, lang, "/id/" + path)


@router.get(
    "/graph/{path:path}", summary="A named graph at its IRI", responses={200: {"content": {m: {} for m in _PAGE_TYPES}}}
)
@in_lane(HEAVY)
def read_graph_resource(request: Request, path: str, store: StoreDep, settings: SettingsDep, lang: LangDep) -> Response:
    """The named graph ``{base}graph/{path}``: HTML summary, or its triples as RDF."""
    local, suffix_format = _split_suffix("/graph/" + path)
    iri = to_iri(local, settings.base_iri)
    media = _negotiate(request, suffix_format)
    sizes = store.graphs()
    if iri not in sizes:
        raise NotFound(f"There is no graph <{iri}> in this dataset.", hint="The graphs are listed at /dumps.")
    if media != "text/html":
        return _rdf(store.graph(iri), media)
    return render(
        request,
        "graph.html",
        {"title": str(iri), "iri": iri, "size": sizes[iri], "formats": _formats(local)},
        lang=lang,
        headers={"Vary": "Accept, Accept-Language"},
    )


_TERMS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?term ?type ?label ?comment WHERE {
  GRAPH ?g { ?term a ?type . }
  FILTER(STRSTARTS(STR(?term), STR(?ns)))
  OPTIONAL { ?term rdfs:label ?label }
  OPTIONAL { ?term rdfs:comment ?comment }
}"""


def _language(term: Node) -> str:
    """The language tag of a literal ("" for none, or for a term that is not a literal)."""
    return (term.language or "") if isinstance(term, Literal) else ""


def _ontology_terms(store: Store, lang: str) -> list[dict]:
    res = store.query(_TERMS, {"g": Graphs.ONTOLOGY, "ns": URIRef(str(IGEL._NS))})
    assert isinstance(res, SelectResult)
    terms: dict[str, dict] = {}
    kinds = {
        str(OWL.Class): "class",
        str(RDFS.Class): "class",
        str(OWL.ObjectProperty): "property",
        str(OWL.DatatypeProperty): "property",
        str(RDF.Property): "property",
        str(OWL.AnnotationProperty): "property",
        str(OWL.TransitiveProperty): "property",
    }
    for term, type_, label, comment in res.rows:
        entry = terms.setdefault(
            str(term), {"iri": str(term), "name": str(term).split("#")[-1], "kind": None, "labels": {}, "comments": {}}
        )
        entry["kind"] = entry["kind"] or kinds.get(str(type_))
        if label is not None:
            entry["labels"].setdefault(_language(label), str(label))
        if comment is not None:
            entry["comments"].setdefault(_language(comment), str(comment))
    return sorted(terms.values(), key=lambda t: (t["kind"] != "class", t["name"].lower()))


@router.get(
    "/ontology{suffix:path}",
    summary="The ontology and its terms",
    responses={200: {"content": {m: {} for m in _PAGE_TYPES}}},
)
@in_lane(LIGHT)
def read_ontology(request: Request, suffix: str, store: StoreDep, settings: SettingsDep, lang: LangDep) -> Response:
    """The IGeL ontology (``https://w3id.org/igel/ontology``): an HTML page listing every
    class and property (each term ``ontology#Term`` has its anchor there), or the whole
    ontology graph as RDF (``/ontology.ttl``, ``.jsonld``, ``.rdf``, ``.nt``)."""
    if suffix and suffix not in _RDF_SUFFIXES:
        raise NotFound(f"There is no resource /ontology{suffix}.", hint="See /ontology.")
    media = _negotiate(request, _RDF_SUFFIXES.get(suffix))
    if media != "text/html":
        return _rdf(store.graph(Graphs.ONTOLOGY), media)
    view = load_resource(store, ONTOLOGY_IRI, cached(request, "labels", lambda: all_labels(store)))
    return render(
        request,
        "ontology.html",
        {
            "title": view.label(ONTOLOGY_IRI, lang),
            "view": view,
            "iri": ONTOLOGY_IRI,
            "terms": _ontology_terms(store, lang),
            "formats": _formats("/ontology"),
            "graph_names": _GRAPH_NAMES,
            "quote": IGEL.quote,
        },
        lang=lang,
        headers={"Vary": "Accept, Accept-Language"},
    )
