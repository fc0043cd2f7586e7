"""What a resource page shows, gathered from the store: every statement about the
resource with the named graph it is in, the incoming links, the labels of everything
linked (from a store-wide label table), and the source sentences it comes from.

Kept free of web code so that the HTML page and the RDF formats share it. The resource
is always bound as an RDF term (``?this``), never pasted into query text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from igel_graph.namespaces import PREFIXES
from igel_graph.readmodel import read_model
from igel_graph.store.base import AskResult, GraphResult, SelectResult, Store

from .vocabulary_labels import VOCABULARY_LABELS

__all__ = ["ResourceView", "resource_exists", "load_resource", "resource_graph", "all_labels", "MAX_INCOMING"]

#: incoming links listed on a page (the RDF formats carry all of them)
MAX_INCOMING = 500

_PREFIX = "PREFIX igel: <%s>\nPREFIX rdfs: <%s>\nPREFIX skos: <%s>\nPREFIX rdf: <%s>\n" % (
    PREFIXES["igel"],
    PREFIXES["rdfs"],
    PREFIXES["skos"],
    PREFIXES["rdf"],
)

_EXISTS = "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }"
_OUT = "SELECT ?p ?o ?g WHERE { GRAPH ?g { ?this ?p ?o } }"
_IN = f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p ?this }} }} LIMIT {MAX_INCOMING + 1}"
_PASSAGES = (
    _PREFIX
    + """
SELECT ?passage ?quote ?section ?doc ?docLabel WHERE {
  ?this igel:sourcePassage ?passage .
  OPTIONAL { ?passage igel:quote ?quote }
  OPTIONAL { ?passage igel:section ?section }
  OPTIONAL { ?passage igel:inDocument ?doc OPTIONAL { ?doc rdfs:label ?docLabel } }
}"""
)
#: statements about the resource made into resources themselves (a finding's evidence, a
#: curated or imported statement with its provenance), with their three parts
_STATEMENTS = (
    _PREFIX
    + """SELECT ?st ?s ?p ?o ?finding WHERE {
  { ?st rdf:subject ?this } UNION { ?st rdf:object ?this }
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o
  OPTIONAL { ?finding igel:evidenceStatement ?st } }"""
)
#: the metric values the analysis stored for the resource
_METRICS = (
    _PREFIX + "SELECT ?mv ?metric ?value WHERE { ?mv igel:metricOf ?this ; igel:metric ?metric ; igel:value ?value }"
)
_DESCRIBE = "CONSTRUCT { ?this ?p ?o . ?s ?q ?this } WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } }"
_BNODES = "CONSTRUCT { ?b ?p ?o } WHERE { ?this ?x ?b . ?b ?p ?o FILTER isBlank(?b) }"


@dataclass
class ResourceView:
    """Everything a page about ``iri`` shows.

    ``statements``: (property, value, graphs) with the graphs each is in, sorted by
    property; ``incoming``: (subject, property, graphs); ``labels``: IRI -> {lang: label};
    ``passages``: dicts with ``passage``, ``quote``, ``section``, ``doc``, ``docLabel``.
    """

    iri: URIRef
    statements: list[tuple[Node, Node, list[URIRef]]] = field(default_factory=list)
    incoming: list[tuple[Node, Node, list[URIRef]]] = field(default_factory=list)
    incoming_truncated: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    passages: list[dict] = field(default_factory=list)
    #: names of the nodes that point at the resource and have none in the store: a
    #: statement about it ("Aussage: 1.1.2 … – federführend – GSD"), a metric value of it
    #: ("Kennzahl: Zwischenzentralität = 0.45"), where the local name is only "1" or a hash
    described: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, term: Node, lang: str) -> str:
        """The label of ``term`` in ``lang`` (else German, else English, else its local name);
        standard vocabulary terms without a label in the store get theirs from
        :data:`api.vocabulary_labels.VOCABULARY_LABELS` ("Typ", "Bezeichnung")."""
        key = str(term)
        texts = self.labels.get(key) or self.described.get(key) or VOCABULARY_LABELS.get(key)
        if texts:
            return texts.get(lang) or texts.get("de") or texts.get("en") or next(iter(texts.values()))
        text = str(term)
        for sep in ("#", "/"):
            if sep in text.rstrip(sep):
                return text.rstrip(sep).rsplit(sep, 1)[-1]
        return text

    @property
    def types(self) -> list[Node]:
        from rdflib.namespace import RDF

        return [o for p, o, _ in self.statements if p == RDF.type]


def resource_exists(store: Store, iri: URIRef) -> bool:
    """True if ``iri`` is the subject or object of any statement."""
    res = store.query(_EXISTS, {"this": iri})
    return bool(res.value) if isinstance(res, AskResult) else False


def _grouped(rows, key) -> list[tuple[Node, Node, list[URIRef]]]:
    graphs: dict[tuple, list[URIRef]] = defaultdict(list)
    for row in rows:
        k, g = key(row), row[2]
        if g is not None and g not in graphs[k]:
            graphs[k].append(g)
    return [(a, b, sorted(gs)) for (a, b), gs in graphs.items()]


def all_labels(store: Store) -> dict[str, dict[str, str]]:
    """Every name in the store: IRI -> {language: name}, from the read model
    (:func:`igel_graph.readmodel.read_model`: number and title of a field, goal or measure,
    else ``rdfs:label``, else ``skos:prefLabel``), cached until the next write."""
    model = read_model(store)
    return {iri: model.names(iri) for iri in set(model.labels) | set(model.titles)}


def load_resource(store: Store, iri: URIRef, labels: dict[str, dict[str, str]] | None = None) -> ResourceView:
    """Gather a :class:`ResourceView` of ``iri`` with three queries; ``labels`` is
    :func:`all_labels` of the store (computed here when not given)."""
    view = ResourceView(iri)
    out = store.query(_OUT, {"this": iri})
    assert isinstance(out, SelectResult)
    view.statements = sorted(_grouped(out.rows, lambda r: (r[0], r[1])), key=lambda t: (str(t[0]), str(t[1])))
    inc = store.query(_IN, {"this": iri})
    assert isinstance(inc, SelectResult)
    view.incoming_truncated = len(inc.rows) > MAX_INCOMING
    view.incoming = sorted(
        _grouped(inc.rows[:MAX_INCOMING], lambda r: (r[0], r[1])), key=lambda t: (str(t[1]), str(t[0]))
    )
    view.labels = labels if labels is not None else all_labels(store)
    _describe_unnamed(store, view)
    passages = store.query(_PASSAGES, {"this": iri})
    assert isinstance(passages, SelectResult)
    seen = set()
    for row in passages.dicts():
        if row["passage"] in seen:
            continue
        seen.add(row["passage"])
        view.passages.append({k: (str(v) if v is not None else None) for k, v in row.items()})
    return view


def _number(value) -> str:
    """A metric value as a reader takes it in: whole numbers whole, others to 3 digits."""
    number = value.toPython() if hasattr(value, "toPython") else value
    if isinstance(number, (int, float)):
        return f"{number:.0f}" if float(number).is_integer() else f"{number:.3g}"
    return str(number)


def _describe_unnamed(store: Store, view: ResourceView) -> None:
    """Name the incoming statements and metric values that have no name of their own
    (:attr:`ResourceView.described`), from their parts."""
    from visualizations.details import METRIC_NAMES

    unnamed = {str(s) for s, _, _ in view.incoming if str(s) not in view.labels}
    if not unnamed:
        return
    statements = store.query(_STATEMENTS, {"this": view.iri})
    assert isinstance(statements, SelectResult)
    for st, *parts, finding in statements.rows:
        if str(st) not in unnamed or any(part is None for part in parts):
            continue
        # several findings cite the same statement: say whose evidence each one is
        names = {}
        for lang in ("de", "en"):
            name = ("Aussage: " if lang == "de" else "Statement: ") + " – ".join(
                view.label(part, lang) for part in parts if part is not None
            )
            if finding is not None:
                name += (" (Beleg für «%s»)" if lang == "de" else " (evidence for “%s”)") % view.label(finding, lang)
            names[lang] = name
        view.described[str(st)] = names
    metrics = store.query(_METRICS, {"this": view.iri})
    assert isinstance(metrics, SelectResult)
    for mv, metric, value in metrics.rows:
        if str(mv) in unnamed:
            metric_names = METRIC_NAMES.get(str(metric).rsplit("/", 1)[-1], {})
            view.described[str(mv)] = {
                lang: ("Kennzahl: " if lang == "de" else "Metric: ")
                + f"{metric_names.get(lang, str(metric))} = {_number(value)}"
                for lang in ("de", "en")
            }


def resource_graph(store: Store, iri: URIRef) -> Graph:
    """The RDF served for ``iri``: its statements, the statements pointing at it, and
    the statements of blank nodes it links to."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for sparql in (_DESCRIBE, _BNODES):
        res = store.query(sparql, {"this": iri})
        assert isinstance(res, GraphResult)
        for t in res.triples:
            g.add(t)
    return g
