"""What the analysis reads from the store, fetched once with a few SPARQL queries.

:func:`load_facts` asks the store for the statements the projections and findings need
(roles, plan structure, themes, dependencies, references, timing, budget, who a text
names as concerned, labels, types and provenance) and keeps, for each statement, the
named graphs it came from, so that a finding can cite the statements behind it.

Which statements count is the ``statements`` choice: ``"source"`` reads only what the
sources say (the source graphs plus ontology and vocabularies), ``"all"`` adds the
curated interpretations and the reasoner's inferences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, URIRef

from ..errors import ParameterError
from ..namespaces import GRAPH_BASE, IGEL, Graphs, resource
from ..readmodel import most_specific, read_model

__all__ = ["STATEMENTS", "PlanFacts", "Statement", "load_facts", "statement_graphs"]

STATEMENTS = ("source", "all")

_NS = str(IGEL._NS)
RUNNING = str(resource("status", "running"))

#: predicates read as statements (local name → kept in ``PlanFacts.triples``)
_PREDICATES = (
    "lead",
    "partner",
    "addressee",
    "contributesTo",
    "inActionField",
    "measureInField",
    "theme",
    "dependsOn",
    "refersTo",
    "partOfPlan",
    "start",
    "status",
    "funds",
    "concerns",
    "establishes",
    # read by the calibrated findings: measure kinds and allocations (curated),
    # representation, criteria, and the plan's responsible actor
    "measureKind",
    "represents",
    "evaluates",
    "responsibleFor",
    "partOfMeasure",
)

_PREFIXES = f"PREFIX igel: <{_NS}>\nPREFIX rdfs: <{RDFS}>\nPREFIX rdf: <{RDF}>\n"

_Q_QUADS = _PREFIXES + "SELECT ?s ?p ?o ?g WHERE { VALUES ?p { %s } GRAPH ?g { ?s ?p ?o } }" % (
    " ".join("igel:" + p for p in _PREDICATES)
)
_Q_TYPES = _PREFIXES + ("SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(igel:))) }")
_Q_SUBCLASS = _PREFIXES + "SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?d)) }"
_Q_QUARTERS = _PREFIXES + "SELECT ?q ?y ?k WHERE { ?q igel:year ?y ; igel:quarter ?k }"
_Q_BUDGET = (
    _PREFIXES
    + """SELECT ?l (SUM(?a) AS ?total) WHERE {
  ?o a igel:BudgetObservation ; igel:budgetLine ?l ; igel:amount ?a } GROUP BY ?l"""
)
#: passages are looked up per subject when a finding cites it (reading all of them
#: up front would be a fifth of the rows read on large data)
_Q_PASSAGES = _PREFIXES + "SELECT ?p ?g WHERE { GRAPH ?g { ?s igel:sourcePassage ?p } }"
_Q_JUSTIFY = (
    _PREFIXES
    + """SELECT ?s ?p ?o ?j WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; igel:justification ?j
  FILTER(LANG(?j) = "en") }"""
)


@dataclass(frozen=True)
class Statement:
    """One statement behind a finding: the triple, the graph it is in and the passage
    of the source that says it (or the curator's justification)."""

    subject: str
    predicate: str
    object: str
    graph: str
    passage: str | None = None
    justification: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class PlanFacts:
    """The statements of the store the analysis works on, as plain Python data.

    IRIs are strings. ``triples`` maps a predicate's local name to
    ``{(subject, object): [graph, ...]}``.
    """

    statements: str
    graphs: list[str]
    triples: dict[str, dict[tuple[str, str], list[str]]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    most_specific: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    quarter_order: dict[str, int] = field(default_factory=dict)
    line_amount: dict[str, float] = field(default_factory=dict)
    justifications: dict[tuple[str, str, str], str] = field(default_factory=dict)

    # ---- typed sets
    def of_type(self, local: str) -> set[str]:
        """Resources typed with igel class ``local`` (directly or through a subclass)."""
        cache = self.__dict__.setdefault("_types", {})
        if local not in cache:
            cache[local] = frozenset(s for s, ts in self.types.items() if local in ts)
        return cache[local]

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """(subject, object) pairs of an igel predicate, sorted."""
        return sorted(self.triples.get(predicate, {}))

    def objects(self, predicate: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for s, o in self.triples.get(predicate, {}):
            out[s].add(o)
        return out

    # ---- provenance
    def statement(self, subject: str, predicate: str, obj: str) -> list[Statement]:
        """The statements ``subject igel:predicate obj``, one per graph holding it."""
        graphs = self.triples.get(predicate, {}).get((subject, obj), [])
        pred_iri = _NS + predicate
        return [
            Statement(subject, pred_iri, obj, g, justification=self.justifications.get((subject, pred_iri, obj)))
            for g in graphs
        ]

    def with_passage(self, st: "Statement") -> "Statement":
        """``st`` with the source passage of its subject (not for curated or inferred
        statements: those have a justification or a rule, not a passage)."""
        if st.passage or st.graph in (str(Graphs.CURATED), str(Graphs.INFERRED)):
            return st
        passages = sorted(p for p, _ in self.passages(st.subject))
        if not passages:
            return st
        return Statement(st.subject, st.predicate, st.object, st.graph, passages[0], st.justification)

    def passages(self, subject: str) -> list[tuple[str, str]]:
        """``(passage, graph)`` of the ``igel:sourcePassage`` statements of ``subject``,
        asked from the store on first use."""
        cache = self.__dict__.setdefault("_passages", {})
        if subject not in cache:
            source = self.__dict__.get("_source")
            if source is None:
                cache[subject] = []
            else:
                store, kw = source
                rows = store.query(_Q_PASSAGES, {"s": URIRef(subject)}, **kw).rows
                cache[subject] = sorted((str(p), str(g)) for p, g in rows)
        return cache[subject]

    def passage_statements(self, subject: str) -> list["Statement"]:
        """The ``igel:sourcePassage`` statements of ``subject`` themselves."""
        return [Statement(subject, _NS + "sourcePassage", p, g, passage=p) for p, g in self.passages(subject)]

    def objects_of(self, subject: str, predicate: str) -> set[str]:
        return self._index(predicate).get(subject, set())

    def _index(self, predicate: str) -> dict[str, set[str]]:
        cache = self.__dict__.setdefault("_idx", {})
        if predicate not in cache:
            cache[predicate] = self.objects(predicate)
        return cache[predicate]

    def label(self, iri: str, lang: str = "de") -> str:
        """The label in ``lang`` (else the other language, else the IRI's last part)."""
        rm = self.__dict__.get("_read_model")
        if rm is not None:
            return rm.label(iri, lang)
        labels = self.labels.get(iri, {})
        return labels.get(lang) or next(iter(labels.values()), None) or iri.rsplit("/", 1)[-1]

    def name(self, iri: str, lang: str = "de") -> str:
        """What a reader sees as the name of ``iri``: number and title of a measure, goal
        or field ("3.1.2 Neue Bildungsangebote"), else its label (the read model's rule,
        :meth:`igel_graph.readmodel.ReadModel.name`)."""
        rm = self.__dict__.get("_read_model")
        if rm is not None:
            return rm.name(iri, lang)
        return self.label(iri, lang)

    # ---- plan structure
    def measures(self) -> set[str]:
        return self.of_type("Measure")

    def actors(self) -> set[str]:
        roles = {a for r in ("lead", "partner", "addressee") for _, a in self.triples.get(r, {})}
        return self.of_type("Actor") | roles

    def goal_of(self) -> dict[str, set[str]]:
        return self._index("contributesTo")

    def field_of_goal(self) -> dict[str, str]:
        """Goal → its action field."""
        cache = self.__dict__.setdefault("_fog", None)
        if cache is None:
            cache = {g: min(fs) for g, fs in self._index("inActionField").items()}
            self.__dict__["_fog"] = cache
        return cache

    def field_of_measure(self) -> dict[str, str]:
        """Measure → action field (through its goal; else ``igel:measureInField``)."""
        cache = self.__dict__.setdefault("_fom", None)
        if cache is not None:
            return cache
        gf = self.field_of_goal()
        out = {}
        for m, goals in self.goal_of().items():
            fields = sorted(gf[g] for g in goals if g in gf)
            if fields:
                out[m] = fields[0]
        for m, fs in self._index("measureInField").items():
            out.setdefault(m, min(fs))
        self.__dict__["_fom"] = out
        return out

    def roles(self) -> dict[str, dict[str, set[str]]]:
        """Measure → role → actors (roles ``lead``, ``partner``, ``addressee``)."""
        cache = self.__dict__.setdefault("_roles", None)
        if cache is None:
            cache = defaultdict(lambda: defaultdict(set))
            for role in ("lead", "partner", "addressee"):
                for m, a in self.triples.get(role, {}):
                    cache[m][role].add(a)
            self.__dict__["_roles"] = cache
        return cache

    def collaborators(self, measure: str) -> frozenset[str]:
        """The leads and partners of a measure."""
        cache = self.__dict__.setdefault("_collab", None)
        if cache is None:
            cache = {m: frozenset(r.get("lead", ())) | frozenset(r.get("partner", ())) for m, r in self.roles().items()}
            self.__dict__["_collab"] = cache
        return cache.get(measure, frozenset())

    def measures_of(self, actor: str) -> frozenset[str]:
        """The measures an actor leads or partners in."""
        cache = self.__dict__.setdefault("_mof", None)
        if cache is None:
            cache = defaultdict(set)
            for m in self.roles():
                for a in self.collaborators(m):
                    cache[a].add(m)
            cache = {a: frozenset(ms) for a, ms in cache.items()}
            self.__dict__["_mof"] = cache
        return cache.get(actor, frozenset())

    def themes_of_measure(self) -> dict[str, set[str]]:
        """Measure → themes: its own and its goal's (a goal's theme covers its measures)."""
        cache = self.__dict__.setdefault("_tom", None)
        if cache is None:
            own = self._index("theme")
            cache = defaultdict(set)
            for m in self.measures():
                cache[m] |= own.get(m, set())
                for g in self.goal_of().get(m, ()):
                    cache[m] |= own.get(g, set())
            self.__dict__["_tom"] = cache
        return cache

    def start_order(self, measure: str) -> float | None:
        """A sortable start: quarter index, ``-inf`` for a measure already running."""
        if RUNNING in self.objects_of(measure, "status"):
            return float("-inf")
        quarters = [self.quarter_order[q] for q in self.objects_of(measure, "start") if q in self.quarter_order]
        return float(min(quarters)) if quarters else None

    def node_attrs(self, iri: str) -> dict:
        attrs = {
            "label_de": self.label(iri, "de"),
            "label_en": self.label(iri, "en"),
            "type": self.most_specific.get(iri, ""),
        }
        f = self.field_of_measure().get(iri) or self.field_of_goal().get(iri)
        if f:
            attrs["field"] = f
        if iri in self.numbers:
            attrs["number"] = self.numbers[iri]
        return attrs


def statement_graphs(store, statements: str) -> list[URIRef]:
    """The named graphs read for ``statements``: ``"source"`` → every source graph plus
    ontology and vocabularies; ``"all"`` → those plus the curated and inferred graphs."""
    if statements not in STATEMENTS:
        raise ParameterError(
            f"statements must be one of {', '.join(STATEMENTS)}, not {statements!r}.",
            parameter="statements",
            hint="Use 'source' for what the sources say, 'all' to add curated and inferred statements.",
        )
    prefix = GRAPH_BASE + "source/"
    graphs = {Graphs.ONTOLOGY, Graphs.VOCABULARIES, *Graphs.SOURCES}
    graphs |= {g for g in store.graphs() if str(g).startswith(prefix)}
    if statements == "all":
        graphs |= {Graphs.CURATED, Graphs.INFERRED}
    return sorted(graphs, key=str)


def load_facts(store, statements: str = "all") -> PlanFacts:
    """Read the analysis's statements from ``store``.

    Parameters
    ----------
    store : igel_graph.store.base.Store
    statements : {"source", "all"}

    Returns
    -------
    PlanFacts
    """
    graphs = statement_graphs(store, statements)
    facts = PlanFacts(statements=statements, graphs=[str(g) for g in graphs])
    kw = {"default_graph": graphs, "named_graphs": graphs}
    facts.__dict__["_source"] = (store, kw)

    triples: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    cut = len(_NS)
    for s, p, o, g in store.query(_Q_QUADS, **kw).rows:
        triples[str(p)[cut:]][(str(s), str(o))].append(str(g))
    facts.triples = {p: dict(v) for p, v in triples.items()}

    parents: dict[str, set[str]] = defaultdict(set)
    for c, d in store.query(_Q_SUBCLASS, **kw).rows:
        if str(c).startswith(_NS) and str(d).startswith(_NS):
            parents[str(c)[cut:]].add(str(d)[cut:])
    ancestors = _closure(parents)
    asserted: dict[str, set[str]] = defaultdict(set)
    for s, t in store.query(_Q_TYPES, **kw).rows:
        asserted[str(s)].add(str(t)[cut:])
    for s, ts in asserted.items():
        full = set(ts)
        for t in ts:
            full |= ancestors.get(t, set())
        facts.types[s] = full
        facts.most_specific[s] = _most_specific(ts, ancestors)

    # names, titles and numbers are the read model's (one rule for every reader)
    model = read_model(store)
    facts.__dict__["_read_model"] = model
    facts.labels = model.labels
    facts.numbers = model.numbers
    for q, y, k in store.query(_Q_QUARTERS, **kw).rows:
        facts.quarter_order[str(q)] = int(y) * 4 + int(k) - 1
    for line, total in store.query(_Q_BUDGET, **kw).rows:
        if total is not None:
            facts.line_amount[str(line)] = float(total)
    for s, p, o, j in store.query(_Q_JUSTIFY, **kw).rows:
        facts.justifications[(str(s), str(p), str(o))] = str(j)
    return facts


def _closure(parents: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}

    def up(c: str, seen: frozenset) -> set[str]:
        if c in out:
            return out[c]
        acc: set[str] = set()
        for d in parents.get(c, ()):
            if d not in seen:
                acc |= {d} | up(d, seen | {d})
        out[c] = acc
        return acc

    for c in list(parents):
        up(c, frozenset({c}))
    return out


def _most_specific(types: set[str], ancestors: dict[str, set[str]]) -> str:
    """The most specific of ``types``: the read model's one rule
    (:func:`igel_graph.readmodel.most_specific`)."""
    return most_specific(types, ancestors)
