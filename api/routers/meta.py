"""What the service is: the SPARQL service description, the VoID description of the
dataset with statistics counted from the store, and ``/healthz`` (constant time: it counts
nothing).

The statistics are counted with SPARQL on the store and cached until the next write
(keyed on the store's change counter, :mod:`api.cache`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD

from igel_graph.formats import FORMATS as REGISTRY
from igel_graph.formats import GRAPH_FORMATS, content_type, serialize_graph
from igel_graph.namespaces import IGEL, PREFIXES
from igel_graph.negotiation import negotiate
from igel_graph.store.base import SelectResult, Store

from ..cache import generation as store_state
from ..deps import SettingsDep, StoreDep
from ..lanes import HEAVY, in_lane, lanes
from ..precompute import status as precompute_status

router = APIRouter(tags=["Service"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def rdf_response(request: Request, graph: Graph, *, fmt: str | None = None) -> Response:
    """``graph`` in the RDF format the client asks for (``?format=`` or ``Accept``)."""
    chosen = negotiate(request.headers.get("accept"), fmt, GRAPH_FORMATS, what="This resource (RDF only)")
    return Response(serialize_graph(graph, chosen), media_type=content_type(chosen), headers={"Vary": "Accept"})


def _count(store: Store, sparql: str) -> int:
    res = store.query(sparql)
    assert isinstance(res, SelectResult)
    return int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0


def statistics(request: Request, store: Store) -> dict:
    """Counts of the dataset, cached until the next write: ``graphs`` (IRI -> triples),
    ``triples``, ``subjects``, ``objects``, ``properties``, ``classes`` (IRI -> instances),
    ``entities`` (distinct IRI subjects)."""
    state = request.app.state
    generation = store_state(request)
    cached = getattr(state, "statistics", None)
    if cached is not None and cached[0] == generation:
        return cached[1]
    graphs = store.graphs()
    classes_res = store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)")
    props_res = store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)")
    assert isinstance(classes_res, SelectResult) and isinstance(props_res, SelectResult)
    stats = {
        "graphs": {str(g): n for g, n in sorted(graphs.items())},
        "triples": sum(graphs.values()),
        "distinct_triples": _count(
            store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        ),
        "subjects": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "objects": _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "entities": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }"),
        "classes": {str(r[0]): int(str(r[1])) for r in classes_res.rows if r[0] is not None},
        "properties": {str(r[0]): int(str(r[1])) for r in props_res.rows if r[0] is not None},
    }
    state.statistics = (generation, stats)
    return stats


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def service_description(request: Request, store: Store, settings) -> Graph:
    """The SPARQL 1.1 service description of ``/sparql``, with the dataset's graphs and sizes."""
    root = _root(request)
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    service = URIRef(root + "/sparql")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                f"Read-only. Queries stop after {settings.query_timeout:g} s; at most {settings.max_rows} rows "
                "are returned (X-Result-Truncated says when a result was cut). SERVICE, LOAD and FROM of "
                "graphs not in this store are refused. Updates: POST /sparql/update with the bearer token.",
                lang="en",
            ),
        )
    )
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    stats = statistics(request, store)
    g.add((default, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((default, RDFS.comment, Literal("The union of all named graphs.", lang="en")))
    for iri, n in stats["graphs"].items():
        named, graph_node = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
        g.add((named, SD.graph, graph_node))
        g.add((graph_node, RDF.type, SD.Graph))
        g.add((graph_node, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


def service_description_response(request: Request, store: Store, settings) -> Response:
    return rdf_response(request, service_description(request, store, settings), fmt=request.query_params.get("format"))


@router.get(
    "/service-description",
    summary="SPARQL service description",
    response_class=Response,
    responses={200: {"content": {REGISTRY[n].media_type: {} for n in GRAPH_FORMATS}}},
)
@in_lane(HEAVY)
def read_service_description(
    request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None
) -> Response:
    """The SPARQL 1.1 service description of ``/sparql`` (also served at ``GET /sparql``
    without a query): endpoint, result formats, features, the graphs and their sizes."""
    return rdf_response(request, service_description(request, store, settings), fmt=format)


def void_description(request: Request, store: Store, settings) -> Graph:
    """The VoID description of the dataset, with statistics counted from the store."""
    root = _root(request)
    stats = statistics(request, store)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    ds = URIRef(root + "/void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("IGeL-Wissensgraph", lang="de")))
    g.add((ds, DCTERMS.title, Literal("IGeL knowledge graph", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Aktionsplan IGeL 2026–2030 des Kantons Luzern und Modellprojekt Sektorenübergreifende "
                "Versorgung Baden-Württemberg als verknüpfte Daten.",
                lang="de",
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "The Canton of Lucerne's IGeL action plan 2026–2030 and Baden-Württemberg's cross-sector "
                "care model project as linked data.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "/sparql")))
    g.add((ds, VOID.uriSpace, Literal(settings.base_iri + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(str(IGEL._NS))))
    g.add((ds, VOID.dataDump, URIRef(root + "/dumps/dataset.nq.gz")))
    g.add((ds, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(stats["entities"], datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(stats["subjects"], datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(stats["objects"], datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(stats["properties"]), datatype=XSD.integer)))
    for iri, n in stats["graphs"].items():
        sub = URIRef(root + "/void#graph-" + iri.rsplit("/", 1)[-1])
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, DCTERMS.identifier, URIRef(iri)))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
    for index, (cls, n) in enumerate(stats["classes"].items()):
        part = URIRef(f"{root}/void#class-{index}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for index, (prop, n) in enumerate(stats["properties"].items()):
        part = URIRef(f"{root}/void#property-{index}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


@router.get(
    "/void",
    summary="VoID description with statistics",
    response_class=Response,
    responses={200: {"content": {REGISTRY[n].media_type: {} for n in GRAPH_FORMATS}}},
)
@in_lane(HEAVY)
def read_void(request: Request, store: StoreDep, settings: SettingsDep, format: str | None = None) -> Response:
    """VoID description of the dataset: triples, entities, distinct subjects and objects,
    one partition per class (instances) and per property (triples), one subset per graph."""
    return rdf_response(request, void_description(request, store, settings), fmt=format)


@router.get("/.well-known/void", include_in_schema=False)
@in_lane(HEAVY)
def read_well_known_void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    return rdf_response(request, void_description(request, store, settings))


@router.get("/healthz", summary="Liveness and query-worker status")
async def healthz(request: Request) -> JSONResponse:
    """``{"status": "ok", "store": kind, "generation": n, "query_workers": n, ...}`` in
    constant time: it counts nothing in the store (the statistics are at ``/void``) and
    never waits for another request. ``generation`` is the number of accepted writes
    since start; the worker figures say how many workers there are, how many are idle,
    how many long queries run, and how many workers were replaced (timeouts, crashes,
    long queries refused); ``lanes`` has the figures of the threads that build pages,
    views and reports (api/lanes.py); ``computed_ahead`` says how far the server is in
    computing a large store's listings and views ahead (api/precompute.py)."""
    state = request.app.state
    pool = getattr(state, "query_pool", None)
    body = {"status": "ok", "store": state.store.kind, "generation": getattr(state, "generation", 0)}
    body.update(pool.status() if pool is not None else {"query_workers": 0, "workers_restarted": 0})
    body["lanes"] = {name: lane.status() for name, lane in lanes(request.app).items()}
    body["computed_ahead"] = precompute_status(request.app)
    return JSONResponse(body)
