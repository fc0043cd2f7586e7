"""The entailments of :mod:`igel_graph.reason` by rules: read once, close in Python, write once.

HermiT cannot take a million-triple graph; these rules can. Each rule applies OWL axioms
that are read from the store itself (whatever graph holds the ontology), so a new
sub-property, inverse or chain in ``ontology/igel.ttl`` needs no change here.

Rules (x, y, z IRIs; only ``igel:`` predicates and ``igel:`` classes are derived):

================  ==================================================================
``subproperty``   x p y, p ⊑⁺ q (subPropertyOf / equivalentProperty)     ⇒ x q y
``inverse``       x p y, p inverseOf q (either direction), or p symmetric ⇒ y q x
``domain``        x p _, p domain D                                      ⇒ x a D
``range``         _ p y, p range D                                       ⇒ y a D
``subclass``      x a C, C ⊑⁺ D (subClassOf / equivalentClass)           ⇒ x a D
``same-subject``  x sameAs y (either direction), x p z                   ⇒ y p z
``same-object``   x sameAs y (either direction), z p x                   ⇒ z p y
``transitive``    x p y, y p z, p transitive                             ⇒ x p z
``chain:q``       x0 p1 x1, …, x(n-1) pn xn, q ≡ p1 ∘ … ∘ pn            ⇒ x0 q xn
================  ==================================================================

(``_`` and the inner nodes of a transitive step or a chain may be blank nodes.)

How: SPARQL ``INSERT … WHERE`` rules inside the store cost minutes at a million triples
(Oxigraph adds about 5k triples a second that way, and every round re-reads what the
last one inferred). Instead :func:`materialise`

1. reads the axioms (a few SELECTs over the ontology),
2. reads the only asserted triples a rule can use or re-derive — those whose predicate
   occurs in an axiom, ``rdf:type`` triples with a class that occurs in one, and the
   triples about ``owl:sameAs`` individuals — with one SELECT per predicate or class,
   the term bound as a parameter (an index lookup in the store),
3. computes the fixpoint in Python sets, semi-naively: each round applies the rules only
   to what the previous round added (joins take the new triples on one side), until a
   round adds nothing,
4. replaces ``Graphs.INFERRED`` by the result in one ``Store.load`` (N-Triples text).

Every triple a rule can derive has a predicate or class read in step 2, so "not asserted
yet" is decided on the triples read. The rules read every named graph except the
analysis, write-log and inferred graphs (the inferred graph is the output, recomputed
from scratch). Only :meth:`Store.query` and :meth:`Store.load` are used, so the same code
runs on every backend.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF

from ..namespaces import IGEL, PREFIXES, Graphs

__all__ = ["RULES", "RulesReport", "Axioms", "read_axioms", "materialise", "inferred_size"]

_PREFIXES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdf", "rdfs", "owl"))
_IGEL_NS = str(IGEL._NS)
_IGEL = "STRSTARTS(STR({}), STR(igel:))"
# graphs that are no statements about the world (analysis output, the write log), and
# the output itself
_NOT_READ = f"<{Graphs.ANALYSIS}>, <{Graphs.WRITES}>"
_NOT_DATA = f"{_NOT_READ}, <{Graphs.INFERRED}>"

#: the rules by name, with what they derive (the chain rules, ``chain:<property>``, come
#: from the ontology's property chain axioms)
RULES: dict[str, str] = {
    "subproperty": "x p y, p ⊑⁺ q ⇒ x q y",
    "inverse": "x p y, p inverseOf q or p symmetric ⇒ y q x",
    "domain": "x p _, p domain D ⇒ x a D",
    "range": "_ p y, p range D ⇒ y a D",
    "subclass": "x a C, C ⊑⁺ D ⇒ x a D",
    "same-subject": "x sameAs y, x p z ⇒ y p z",
    "same-object": "x sameAs y, z p x ⇒ z p y",
    "transitive": "x p y, y p z, p transitive ⇒ x p z",
}

# --- the axioms, as pairs (the patterns are the definition of each rule's side condition)
_AXIOM_QUERIES = {
    "subproperty": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ ?a (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?b }}
  FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b && {_IGEL.format("?b")}) }}""",
    "inverse": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ {{ ?a owl:inverseOf ?b }} UNION {{ ?b owl:inverseOf ?a }}
              UNION {{ ?a a owl:SymmetricProperty BIND(?a AS ?b) }} }}
  FILTER(isIRI(?a) && isIRI(?b) && {_IGEL.format("?b")}) }}""",
    "domain": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ ?a rdfs:domain ?b }} FILTER(isIRI(?a) && isIRI(?b) && {_IGEL.format("?b")}) }}""",
    "range": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ ?a rdfs:range ?b }} FILTER(isIRI(?a) && isIRI(?b) && {_IGEL.format("?b")}) }}""",
    "subclass": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ ?a (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?b }}
  FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b && {_IGEL.format("?b")}) }}""",
    "transitive": f"""SELECT DISTINCT ?a ?b WHERE {{
  GRAPH ?ax {{ ?a a owl:TransitiveProperty }} BIND(?a AS ?b) FILTER(isIRI(?a) && {_IGEL.format("?a")}) }}""",
    # sameAs statements are data: read from the data graphs only
    "same": f"""SELECT DISTINCT ?a ?b WHERE {{
  {{ GRAPH ?s1 {{ ?a owl:sameAs ?b }} FILTER(?s1 NOT IN ({_NOT_DATA})) }}
  UNION {{ GRAPH ?s2 {{ ?b owl:sameAs ?a }} FILTER(?s2 NOT IN ({_NOT_DATA})) }}
  FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b) }}""",
}

# the members of every property chain of an igel: property, list cell by list cell
_CHAIN_CELLS = f"""
SELECT ?q ?head ?cell ?first ?rest WHERE {{
  GRAPH ?ax {{ ?q owl:propertyChainAxiom ?head . ?head rdf:rest* ?cell .
              ?cell rdf:first ?first ; rdf:rest ?rest }}
  FILTER(isIRI(?q) && {_IGEL.format("?q")})
}}"""

# --- the data (?p / ?c are bound as parameters). Literal objects serve only the domain
# rule, which needs just the subjects; the range rule needs just the objects.
_WHERE = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({_NOT_DATA}))"
_PAIRS = f"SELECT ?s ?o WHERE {{ {_WHERE} FILTER(!isLiteral(?o)) }}"
_SUBJECTS = f"SELECT DISTINCT ?s WHERE {{ {_WHERE} FILTER(isIRI(?s)) }}"
_LITERAL_SUBJECTS = f"SELECT DISTINCT ?s WHERE {{ {_WHERE} FILTER(isIRI(?s) && isLiteral(?o)) }}"
_OBJECTS = f"SELECT DISTINCT ?o WHERE {{ {_WHERE} FILTER(isIRI(?o)) }}"
_MEMBERS = f"SELECT ?x WHERE {{ GRAPH ?g {{ ?x a ?c }} FILTER(?g NOT IN ({_NOT_DATA})) }}"
_ABOUT_SAME = f"""SELECT ?s ?p ?o WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{
      {{ GRAPH ?s1 {{ ?x owl:sameAs ?y }} }} UNION {{ GRAPH ?s1 {{ ?y owl:sameAs ?x }} }}
      FILTER(?s1 NOT IN ({_NOT_DATA}) && isIRI(?x) && isIRI(?y) && ?x != ?y) }} }}
  {{ GRAPH ?g {{ ?x ?p ?o }} BIND(?x AS ?s) }} UNION {{ GRAPH ?g {{ ?s ?p ?x }} BIND(?x AS ?o) }}
  FILTER(?g NOT IN ({_NOT_DATA}) && !isLiteral(?o))
}}"""
_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{Graphs.INFERRED}> {{ ?s ?p ?o }} }}"

_TYPE = str(RDF.type)

#: a guard against a rule set that never settles (cannot happen with finite data,
#: but a bug must not hang a build)
MAX_ROUNDS = 100


def _key(term) -> str | tuple[str, str]:
    """The closure's form of a term: an IRI as a plain (interned) str, a blank node as
    ``("_:", id)``, so that ``type(k) is str`` tells IRIs apart. rdflib terms hash and
    compare in Python code, plain strs and tuples in C: the closure is 5x faster."""
    if type(term) is URIRef:
        return sys.intern(str(term))
    return ("_:", str(term))


@dataclass
class Axioms:
    """The side conditions of the rules, as read from the store, IRIs as plain strs:
    property or class → the properties or classes it leads to (``sub``: super-properties,
    ``inverse``, ``domain``, ``range``, ``subclass``: super-classes, ``same``: the
    individuals each is ``owl:sameAs``), the transitive properties, and the chains by rule
    name (``chain:measureInField`` → (``igel:measureInField``, (contributesTo, inActionField)))."""

    sub: dict = field(default_factory=dict)
    inverse: dict = field(default_factory=dict)
    domain: dict = field(default_factory=dict)
    range: dict = field(default_factory=dict)
    subclass: dict = field(default_factory=dict)
    same: dict = field(default_factory=dict)
    transitive: set = field(default_factory=set)
    chains: dict = field(default_factory=dict)

    def joins(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Every multi-premise rule: name → (derived property, the properties joined)."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {
            f"transitive:{p}": (p, (p, p)) for p in sorted(self.transitive)
        }
        found.update(self.chains)
        return found

    def paired(self) -> set:
        """The properties whose triples the rules need whole: premises of the
        sub-property, inverse, transitive and chain rules, and every property a rule
        derives (to tell new triples from asserted ones)."""
        found = set(self.transitive)
        for mapping in (self.sub, self.inverse):
            for p, qs in mapping.items():
                found |= {p} | qs
        for q, members in self.chains.values():
            found |= {q} | set(members)
        return found

    def classes(self) -> set:
        """Every class a rule reads or derives."""
        found = set()
        for c, ds in self.subclass.items():
            found |= {c} | ds
        for mapping in (self.domain, self.range):
            for ds in mapping.values():
                found |= ds
        return found


def read_axioms(store) -> Axioms:
    """The axioms the rules apply, read from ``store`` (axioms from any graph; the
    ``owl:sameAs`` statements from the data graphs)."""
    ax = Axioms()
    for name, text in _AXIOM_QUERIES.items():
        rows = store.query(_PREFIXES + text).rows
        if name == "transitive":
            ax.transitive = {str(a) for a, _ in rows}
            continue
        target = getattr(ax, "sub" if name == "subproperty" else name)
        for a, b in rows:
            target.setdefault(str(a), set()).add(str(b))
    cells: dict = {}
    heads: dict = {}
    for q, head, cell, first, rest in store.query(_PREFIXES + _CHAIN_CELLS).rows:
        cells[cell] = (first, rest)
        heads[q] = head
    for q, head in sorted(heads.items()):
        chain, cell = [], head
        while cell in cells:
            first, cell = cells[cell]
            chain.append(first)
        if len(chain) < 2 or not all(isinstance(p, URIRef) for p in chain):
            continue  # a chain through an inverse (a blank node) is beyond these rules
        ax.chains["chain:" + str(q).rsplit("#", 1)[-1]] = (str(q), tuple(str(p) for p in chain))
    return ax


@dataclass
class RulesReport:
    """What :func:`materialise` did: triples in the inferred graph, rounds until the
    fixpoint, seconds, and the seconds spent per rule (summed over rounds; reading the
    store and writing the result are not part of any rule)."""

    inferred: int
    rounds: int
    seconds: float
    rule_seconds: dict[str, float] = field(default_factory=dict)


def inferred_size(store) -> int:
    """Number of triples in the inferred graph."""
    rows = store.query(_COUNT).rows
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


@dataclass
class _Asserted:
    """The asserted triples the rules need (see :func:`_read`), in :func:`_key` form."""

    #: predicate → {(s, o)}, objects not literals
    facts: dict
    #: domain property → the IRI subjects of its triples
    subjects: dict
    #: range property → the IRI objects of its triples
    objects: dict
    #: the triples whose subject or object is ``owl:sameAs`` some IRI, as (p, s, o)
    about_same: list


def _read(store, ax: Axioms) -> _Asserted:
    """Read what the rules can use or re-derive, one SELECT per property or class."""
    facts: dict = defaultdict(set)

    def column(query: str, p: str) -> set:
        return {_key(t) for (t,) in store.query(query, {"p": URIRef(p)}).rows}

    paired = ax.paired()
    for p in paired:
        facts[p].update((_key(s), _key(o)) for s, o in store.query(_PAIRS, {"p": URIRef(p)}).rows)
    if _TYPE not in paired:  # else every type triple is in already
        for c in ax.classes():
            facts[_TYPE].update((_key(x), c) for (x,) in store.query(_MEMBERS, {"c": URIRef(c)}).rows)
    subjects = {
        p: ({s for s, _ in facts[p] if type(s) is str} | column(_LITERAL_SUBJECTS, p))
        if p in paired
        else column(_SUBJECTS, p)
        for p in ax.domain
    }
    objects = {p: {o for _, o in facts[p] if type(o) is str} if p in paired else column(_OBJECTS, p) for p in ax.range}
    about_same = []
    if ax.same:
        for s, p, o in store.query(_PREFIXES + _ABOUT_SAME).rows:
            triple = (_key(p), _key(s), _key(o))
            about_same.append(triple)
            facts[triple[0]].add(triple[1:])
    return _Asserted(facts, subjects, objects, about_same)


class _Closure:
    """The fixpoint of the rules over the asserted triples, semi-naively: round 1 takes
    all asserted triples, each later round only those the round before added."""

    def __init__(self, ax: Axioms, asserted: _Asserted) -> None:
        self.ax, self.asserted, self.facts = ax, asserted, asserted.facts
        self.joins = ax.joins()
        joined = {p for _, members in self.joins.values() for p in members}
        # forward (s → {o}) and backward (o → {s}) indexes of the joined properties
        self.fwd: dict[str, defaultdict[Any, set[Any]]] = {p: defaultdict(set) for p in joined}
        self.bwd: dict[str, defaultdict[Any, set[Any]]] = {p: defaultdict(set) for p in joined}
        self.timings: dict[str, float] = {}
        #: predicate → {(s, o)} the rules added
        self.derived: dict = defaultdict(set)
        self._index(self.facts)

    def _index(self, delta: dict) -> None:
        for p in self.fwd.keys() & delta.keys():
            fwd, bwd = self.fwd[p], self.bwd[p]
            for s, o in delta[p]:
                fwd[s].add(o)
                bwd[o].add(s)

    def run(self, progress=None) -> int:
        """Apply the rules until nothing new follows; returns the number of rounds."""
        delta, rounds = self.facts, 0
        while rounds < MAX_ROUNDS:
            rounds += 1
            new: dict = defaultdict(set)
            self._single(delta, new, first=rounds == 1)
            self._joined(delta, new, first=rounds == 1)
            for p in list(new):
                new[p] -= self.facts[p]
                if not new[p]:
                    del new[p]
            if progress is not None:
                progress(f"rules round {rounds}", rounds, rounds + bool(new))
            if not new:
                break
            for p, pairs in new.items():
                self.facts[p] |= pairs
                self.derived[p] |= pairs
            self._index(new)
            delta = new
        return rounds

    def _time(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - since
        return now

    def _single(self, delta: dict, new: dict, *, first: bool) -> None:
        ax, asserted = self.ax, self.asserted
        t = time.perf_counter()
        for p in ax.sub.keys() & delta.keys():
            pairs = {(s, o) for s, o in delta[p] if type(s) is str and type(o) is str}
            for q in ax.sub[p]:
                new[q] |= pairs
        t = self._time("subproperty", t)
        for p in ax.inverse.keys() & delta.keys():
            pairs = {(o, s) for s, o in delta[p] if type(s) is str and type(o) is str}
            for q in ax.inverse[p]:
                new[q] |= pairs
        t = self._time("inverse", t)
        # round 1 takes the subjects / objects read from the store (for the domain rule
        # also those of triples with a literal object, which are not among the facts)
        for p in ax.domain.keys() & (asserted.subjects.keys() if first else delta.keys()):
            subj = asserted.subjects[p] if first else {s for s, _ in delta[p] if type(s) is str}
            for d in ax.domain[p]:
                new[_TYPE] |= {(s, d) for s in subj}
        t = self._time("domain", t)
        for p in ax.range.keys() & (asserted.objects.keys() if first else delta.keys()):
            objs = asserted.objects[p] if first else {o for _, o in delta[p] if type(o) is str}
            for d in ax.range[p]:
                new[_TYPE] |= {(o, d) for o in objs}
        t = self._time("range", t)
        sup = ax.subclass
        new[_TYPE] |= {(x, d) for x, c in delta.get(_TYPE, ()) if c in sup and type(x) is str for d in sup[c]}
        t = self._time("subclass", t)
        # round 1: every asserted premise of the sameAs rules is among ``about_same``
        triples = (
            (asserted.about_same if first else [(p, s, o) for p, pairs in delta.items() for s, o in pairs])
            if ax.same
            else []
        )
        self._same(triples, new, t)

    def _same(self, triples: list, new: dict, t: float) -> None:
        same = self.ax.same
        for p, s, o in triples:
            if s in same and type(o) is str and (p.startswith(_IGEL_NS) or (p == _TYPE and o.startswith(_IGEL_NS))):
                new[p].update((y, o) for y in same[s])
        t = self._time("same-subject", t)
        for p, s, o in triples:
            if o in same and type(s) is str and p.startswith(_IGEL_NS):
                new[p].update((s, y) for y in same[o])
        self._time("same-object", t)

    def _joined(self, delta: dict, new: dict, *, first: bool) -> None:
        """Transitive steps and chains: for each position, the new triples there joined
        with all triples at the others (in round 1 all are new: one join will do)."""
        for name, (q, members) in self.joins.items():
            t = time.perf_counter()
            found = new[q]
            for i, p in enumerate(members):
                if p not in delta:
                    continue
                for s, o in delta[p]:
                    ends = {o}
                    for m in members[i + 1 :]:
                        ends = {z for y in ends for z in self.fwd[m].get(y, ())}
                    if not ends:
                        continue
                    starts = {s}
                    for m in reversed(members[:i]):
                        starts = {a for y in starts for a in self.bwd[m].get(y, ())}
                    found |= {(a, z) for a in starts if type(a) is str for z in ends if type(z) is str}
                if first:
                    break
            self._time("transitive" if name.startswith("transitive:") else name, t)


def _write(store, derived: dict) -> None:
    """Replace the inferred graph by the ``derived`` triples (IRIs only, as read from the
    store) in one load: a transaction, or the bulk loader for a large result. The
    N-Triples go through a temporary file, a predicate at a time, so that the text of a
    million triples is never in memory whole."""
    with tempfile.TemporaryDirectory(prefix="igel-rules-") as tmp:
        path = Path(tmp) / "inferred.nt"
        with path.open("wb") as out:
            for p, pairs in derived.items():
                out.write("".join(f"<{s}> <{p}> <{o}> .\n" for s, o in pairs).encode("utf-8"))
        store.load(path, Graphs.INFERRED, format="nt", replace=True)


def materialise(store, *, progress=None) -> RulesReport:
    """Replace the inferred graph by the fixpoint of the rules over the store.

    Parameters
    ----------
    store : an :class:`igel_graph.store.base.Store` holding the ontology and the data.
    progress : optional ``callback(step, done, total)``, called after every round.

    Returns
    -------
    RulesReport
        ``rule_seconds`` has every name of :data:`RULES` and one ``chain:<property>``
        per chain axiom of the ontology.
    """
    started = time.perf_counter()
    ax = read_axioms(store)
    closure = _Closure(ax, _read(store, ax))
    rounds = closure.run(progress)
    derived, timings = closure.derived, closure.timings
    del closure  # the asserted facts and indexes: free them before the store writes
    size = sum(len(pairs) for pairs in derived.values())
    if size:
        _write(store, derived)
    else:
        store.drop_graph(Graphs.INFERRED)
    return RulesReport(
        inferred=size,
        rounds=rounds,
        seconds=time.perf_counter() - started,
        rule_seconds={**{name: 0.0 for name in [*RULES, *ax.chains]}, **timings},
    )
