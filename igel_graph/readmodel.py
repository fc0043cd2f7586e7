"""The one read model: what every part of the platform reads about plans and actors.

:func:`read_model` asks the store, with a handful of SPARQL queries over the union of its
graphs, for the names of things and the plan's structure, and returns a :class:`ReadModel`
of plain Python data, cached until the store changes (:mod:`igel_graph.cache`). The
analysis, every view, page and report read names, titles, types and roles through it, so
that one rule decides each of them:

* **names**: ``rdfs:label`` in the asked language, else the other language, else the IRI's
  last segment; alternative labels (``skos:altLabel``: GSD, LERB, VLG) are kept for search;
* **titles**: action fields, goals and measures carry a short ``dcterms:title`` per
  language; :meth:`ReadModel.name` shows "1.1.2 Koordinationsstelle …" wherever a person
  reads a name, and falls back to the label ("Massnahme 1.1.2") only where no title exists;
* **types**: the most specific igel class of a resource, decided from the ontology's own
  class hierarchy (:func:`most_specific`); class and property labels come from
  ``igel.ttl``, not from Python tables;
* **analysis results**: :func:`analysis_of` runs the network analysis once per store state
  and :func:`stored_metrics` reads the metric values ``igel analyse`` wrote to the analysis
  graph, the values a view shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import RDFS
from rdflib.namespace import DCTERMS, OWL, SKOS

from .cache import cached, put
from .namespaces import IGEL, Graphs

__all__ = ["ReadModel", "read_model", "most_specific", "analysis_of", "store_analysis", "stored_metrics", "LANGS"]

#: the languages of every label and page
LANGS = ("de", "en")
_NS = str(IGEL._NS)
_CUT = len(_NS)
#: resources whose display name leads with their number
_NUMBERED = {"Measure", "MeasurePart", "Goal", "ActionField", "CitedMeasure"}
_ROLES = ("lead", "partner", "addressee")

_P = (
    f"PREFIX igel: <{_NS}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <{SKOS}>\n"
    f"PREFIX dcterms: <{DCTERMS}>\nPREFIX owl: <{OWL}>\n"
)
#: the model describes the plans, not the analysis's results or the write log (which can
#: be larger than the plans themselves): statements of those two graphs are not read
_OWN = f"FILTER(?g != <{Graphs.ANALYSIS}> && ?g != <{Graphs.WRITES}>)"
#: names are read from every graph (a finding's page needs its label too)
_Q_NAMES = (
    _P
    + """SELECT ?s ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel dcterms:title }
  ?s ?p ?l FILTER(isIRI(?s) && isLiteral(?l)) }"""
)
_Q_NUMBERS = _P + "SELECT DISTINCT ?s ?n WHERE { GRAPH ?g { ?s igel:number ?n } FILTER(isIRI(?s)) %s }" % _OWN
_Q_TYPES = (
    _P
    + """SELECT DISTINCT ?s ?t WHERE { GRAPH ?g { ?s a ?t }
  FILTER(isIRI(?s) && STRSTARTS(STR(?t), STR(igel:))) %s }"""
    % _OWN
)
_Q_SUBCLASS = _P + "SELECT DISTINCT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?c) && isIRI(?d)) }"
_Q_STRUCTURE = (
    _P
    + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { igel:contributesTo igel:inActionField igel:measureInField igel:partOfPlan
              igel:lead igel:partner igel:addressee igel:theme igel:start igel:status }
  GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && isIRI(?o)) %s }"""
    % _OWN
)
_Q_METRICS = (
    _P
    + """SELECT ?node ?metric ?value WHERE {
  GRAPH <%s> { ?mv a igel:MetricValue ; igel:metric ?metric ; igel:metricOf ?node ; igel:value ?value } }"""
)


def most_specific(types: Iterable[str], ancestors: dict[str, set[str]]) -> str:
    """The most specific of ``types`` (igel class local names), by the class hierarchy.

    The candidates are the types no other of ``types`` is a subclass of. Among several (a
    Landkreis is both a ``District`` and a ``PublicAuthority``) an actor class wins, since a
    plan names a resource in a role as an actor; then the deeper class; then the name.

    >>> anc = {"District": {"AdministrativeArea"}, "PublicAuthority": {"Organisation", "Actor"},
    ...        "Organisation": {"Actor"}}
    >>> most_specific({"District", "PublicAuthority", "Organisation", "Actor"}, anc)
    'PublicAuthority'
    >>> most_specific({"Measure"}, {})
    'Measure'
    """
    types = set(types)
    leaves = [t for t in types if not any(t in ancestors.get(u, ()) for u in types if u != t)]
    if not leaves:
        return ""

    def rank(t: str):
        up = ancestors.get(t, set())
        return (0 if t == "Actor" or "Actor" in up else 1, -len(up), t)

    return min(leaves, key=rank)


@dataclass
class ReadModel:
    """Names, titles, types and the plan structure of every resource, as plain data.

    IRIs are strings. ``labels``, ``titles``: IRI → {lang: text}; ``alt_labels``: IRI →
    alternative labels in any language; ``types``: IRI → every igel class (local names,
    with their superclasses); ``specific``: IRI → the most specific class;
    ``class_labels``: igel term local name → {lang: label} (classes and properties, from
    the ontology); ``roles``: measure → role → actors; ``structure``: predicate local
    name → subject → objects (``contributesTo``, ``inActionField``, ``measureInField``,
    ``partOfPlan``, ``theme``, ``start``, ``status``).
    """

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    alt_labels: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    specific: dict[str, str] = field(default_factory=dict)
    ancestors: dict[str, set[str]] = field(default_factory=dict)
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    roles: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    structure: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    # ---- names
    def label(self, iri: str, lang: str = "de") -> str:
        """The label in ``lang``, else in the other language, else the IRI's last segment."""
        texts = self.labels.get(iri) or {}
        return (
            texts.get(lang)
            or next((texts[k] for k in LANGS if k in texts), None)
            or next(iter(texts.values()), None)
            or _last_segment(iri)
        )

    def title(self, iri: str, lang: str = "de") -> str | None:
        """The short descriptive title (``dcterms:title``) in ``lang`` (else the other
        language), or None for a resource without one."""
        texts = self.titles.get(iri) or {}
        return texts.get(lang) or next((texts[k] for k in LANGS if k in texts), None)

    def name(self, iri: str, lang: str = "de") -> str:
        """What a person reads as the name of ``iri``: number and title for an action
        field, goal or measure ("3.1.2 Neue interprofessionelle Bildungsangebote"), the
        label for anything else (and for a numbered resource without a title)."""
        title = self.title(iri, lang)
        number = self.numbers.get(iri)
        if title and number and self.types.get(iri, set()) & _NUMBERED:
            return f"{number} {title}"
        return title or self.label(iri, lang)

    def names(self, iri: str) -> dict[str, str]:
        """:meth:`name` in every language."""
        return {lang: self.name(iri, lang) for lang in LANGS}

    def search_terms(self, iri: str) -> list[str]:
        """Every text a search should match for ``iri``: labels and titles in both
        languages, alternative labels and the number."""
        terms = list((self.labels.get(iri) or {}).values()) + list((self.titles.get(iri) or {}).values())
        terms += sorted(self.alt_labels.get(iri, ()))
        if iri in self.numbers:
            terms.append(self.numbers[iri])
        return list(dict.fromkeys(terms))

    def term_label(self, local: str, lang: str = "de") -> str:
        """The ontology's label of the igel class or property ``local`` ("Measure" →
        "Massnahme")."""
        texts = self.class_labels.get(local) or {}
        return texts.get(lang) or texts.get("de") or local

    def term_labels(self, local: str) -> dict[str, str]:
        """:meth:`term_label` in every language."""
        return {lang: self.term_label(local, lang) for lang in LANGS}

    # ---- types
    def type_of(self, iri: str) -> str:
        """The most specific igel class of ``iri`` (local name), "" when untyped."""
        return self.specific.get(iri, "")

    def is_a(self, iri: str, local: str) -> bool:
        """Whether ``iri`` is an instance of igel class ``local`` (directly or by subclass)."""
        return local in self.types.get(iri, ())

    def of_type(self, local: str) -> set[str]:
        """Every resource typed with igel class ``local`` or a subclass of it."""
        return {s for s, ts in self.types.items() if local in ts}

    # ---- structure
    def objects(self, iri: str, predicate: str) -> set[str]:
        """The objects of ``iri igel:predicate ?o`` (a structure predicate)."""
        return self.structure.get(predicate, {}).get(iri, set())

    def goal_of(self, measure: str) -> str | None:
        goals = sorted(self.objects(measure, "contributesTo"))
        return goals[0] if goals else None

    def field_of(self, iri: str) -> str | None:
        """The action field of a measure (through its goal), a goal, or a field itself."""
        if self.is_a(iri, "ActionField"):
            return iri
        fields = sorted(self.objects(iri, "inActionField"))
        if fields:
            return fields[0]
        goal = self.goal_of(iri)
        if goal:
            return self.field_of(goal)
        fields = sorted(self.objects(iri, "measureInField"))
        return fields[0] if fields else None

    def actors_of(self, measure: str, role: str | None = None) -> set[str]:
        """The actors of ``measure`` in ``role`` (``lead``, ``partner``, ``addressee``), or
        in any role."""
        by_role = self.roles.get(measure, {})
        if role:
            return set(by_role.get(role, ()))
        return set().union(*by_role.values()) if by_role else set()

    def measures_of(self, actor: str) -> dict[str, set[str]]:
        """Measure → the roles ``actor`` has in it."""
        out: dict[str, set[str]] = defaultdict(set)
        for m, by_role in self.roles.items():
            for role, actors in by_role.items():
                if actor in actors:
                    out[m].add(role)
        return dict(out)


def _last_segment(iri: str) -> str:
    return iri.rstrip("/").replace("#", "/").rsplit("/", 1)[-1]


def _closure(parents: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every ancestor of every class (the transitive closure of ``parents``)."""
    out: dict[str, set[str]] = {}
    for c in parents:
        seen: set[str] = set()
        todo = list(parents.get(c, ()))
        while todo:
            d = todo.pop()
            if d not in seen and d != c:
                seen.add(d)
                todo.extend(parents.get(d, ()))
        out[c] = seen
    return out


def _load(store) -> ReadModel:
    model = ReadModel()
    found: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, lit in store.query(_Q_NAMES).rows:
        lang = (getattr(lit, "language", None) or "de")[:2]
        found[str(p)][str(s), lang].add(str(lit))
    # rdfs:label first, a concept's skos:prefLabel where it has none; the smallest of
    # several, so that every backend and every run picks the same one
    for pred, into in ((SKOS.prefLabel, model.labels), (RDFS.label, model.labels), (DCTERMS.title, model.titles)):
        for (s, lang), texts in found[str(pred)].items():
            into.setdefault(s, {})[lang] = min(texts)
    for (s, _lang), texts in found[str(SKOS.altLabel)].items():
        model.alt_labels.setdefault(s, set()).update(texts)
    for s, n in store.query(_Q_NUMBERS).rows:
        model.numbers.setdefault(str(s), str(n))
    parents: dict[str, set[str]] = defaultdict(set)
    for c, d in store.query(_Q_SUBCLASS).rows:
        c, d = str(c), str(d)
        if c.startswith(_NS) and d.startswith(_NS):
            parents[c[_CUT:]].add(d[_CUT:])
    model.ancestors = _closure(parents)
    asserted: dict[str, set[str]] = defaultdict(set)
    for s, t in store.query(_Q_TYPES).rows:
        asserted[str(s)].add(str(t)[_CUT:])
    for s, ts in asserted.items():
        full = set(ts)
        for t in ts:
            full |= model.ancestors.get(t, set())
        model.types[s] = full
        model.specific[s] = most_specific(ts, model.ancestors)
    for iri, by_lang in model.labels.items():
        if iri.startswith(_NS):
            model.class_labels[iri[_CUT:]] = by_lang
    structure: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in store.query(_Q_STRUCTURE).rows:
        local = str(p)[_CUT:]
        if local in _ROLES:
            roles[str(s)][local].add(str(o))
        else:
            structure[local][str(s)].add(str(o))
    model.structure = {p: dict(v) for p, v in structure.items()}
    model.roles = {m: dict(r) for m, r in roles.items()}
    return model


def read_model(store) -> ReadModel:
    """The read model of ``store`` as it is now (cached until the next write).

    >>> from igel_graph.store.memory import MemoryStore
    >>> s = MemoryStore()
    >>> s.update('''PREFIX igel: <https://w3id.org/igel/ontology#>
    ... PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ... PREFIX dcterms: <http://purl.org/dc/terms/>
    ... INSERT DATA { GRAPH <urn:g> { <urn:m> a igel:Measure ; igel:number "1.1.2" ;
    ...   rdfs:label "Massnahme 1.1.2"@de ; dcterms:title "Koordinationsstelle"@de } }''')
    >>> rm = read_model(s)
    >>> rm.name("urn:m", "de"), rm.name("urn:m", "en"), rm.label("urn:m")
    ('1.1.2 Koordinationsstelle', '1.1.2 Koordinationsstelle', 'Massnahme 1.1.2')
    """
    return cached(store, READ_MODEL_KEY, lambda: _load(store), persist=True)


#: the cache key of the read model
READ_MODEL_KEY = ("read-model",)


def analysis_key(statements: str = "all") -> tuple:
    """The cache key of the analysis of ``statements`` (``all`` or ``source``)."""
    return ("analysis", statements)


def analysis_of(store, statements: str = "all"):
    """The network analysis of ``store`` (:func:`igel_graph.analysis.analyse`), computed once
    per store state and ``statements`` choice, whoever asks (pages, views, the API)."""
    from .analysis import analyse

    return cached(store, analysis_key(statements), lambda: analyse(store, statements=statements), persist=True)


def store_analysis(store, statements: str = "all"):
    """Run the analysis (or take the cached run) and write it into the analysis graph;
    returns the result. The analysis does not read its own graph, so the run stays the
    cached one for the store's new state (writing it must not cost a second run)."""
    from .analysis import write_analysis

    result = analysis_of(store, statements)
    if result.findings or any(result.metrics.values()):
        write_analysis(result, store)
    elif Graphs.ANALYSIS in store.graphs():
        store.drop_graph(Graphs.ANALYSIS)  # no plan left to analyse
    else:
        return result  # a store without a plan gets no analysis graph
    put(store, analysis_key(statements), result, persist=True)
    return result


def stored_metrics(store) -> dict[str, dict[str, float]]:
    """The metric values ``igel analyse`` stored in the analysis graph:
    ``{"collaboration/betweenness": {actor IRI: value}, …}`` (empty when not analysed).

    These are the values the ``analysis-metrics`` named query returns; a view sizes and
    labels its nodes with them instead of computing metrics of its own.
    """

    def load() -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for node, metric, value in store.query(_Q_METRICS % Graphs.ANALYSIS).rows:
            out[str(metric)][str(node)] = float(value)
        return dict(out)

    return cached(store, ("stored-metrics",), load)
