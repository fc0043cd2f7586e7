"""Why HermiT found the data inconsistent: the resources and axioms in conflict.

HermiT's command line says only "inconsistent". This module looks for the usual causes
on the asserted data, with the class and property hierarchies and the domains and ranges
applied (so an actor made a stakeholder group by the range of ``igel:addressee`` counts):

- an individual in two disjoint classes (``owl:disjointWith``, ``owl:AllDisjointClasses``,
  ``owl:disjointUnionOf``), or in ``owl:Nothing``;
- a pair related by two disjoint properties (``owl:propertyDisjointWith``), an irreflexive
  property used reflexively, an asymmetric property used both ways;
- ``owl:sameAs`` between individuals declared ``owl:differentFrom``;
- two values of a functional data property, a literal outside a property's datatype range.

Each finding names the individual(s), the axiom, and the asserted statements that led
there. When none of these explains it, HermiT is run again on each graph alone to say
which graph the conflict is in.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..validate import short

__all__ = ["explain", "locate_graphs"]

# datatypes whose values are also values of the key (xsd:integer values are xsd:decimal)
_DATATYPE_WIDENS: dict[Node, set[URIRef | None] | None] = {
    XSD.decimal: {
        XSD.integer,
        XSD.int,
        XSD.long,
        XSD.short,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.negativeInteger,
        XSD.nonPositiveInteger,
    },
    XSD.integer: {
        XSD.int,
        XSD.long,
        XSD.short,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.negativeInteger,
        XSD.nonPositiveInteger,
    },
    XSD.string: {None},
    RDFS.Literal: None,  # anything
    RDF.PlainLiteral: None,
}


def explain(graph: Graph) -> list[str]:
    """One sentence per conflict found in ``graph`` (ontology plus data); may be empty."""
    ex = _Explainer(graph)
    return ex.disjoint_classes() + ex.property_conflicts() + ex.same_different() + ex.literal_conflicts()


def locate_graphs(parts: Mapping[str, Graph], base: Graph, is_consistent: Callable[[Graph], bool]) -> list[str]:
    """The names of the parts that are inconsistent on their own together with ``base``
    (the ontology and vocabularies); an empty list means the conflict needs several parts."""
    found = []
    for name, part in parts.items():
        trial = Graph()
        for t in base:
            trial.add(t)
        for t in part:
            trial.add(t)
        if not is_consistent(trial):
            found.append(name)
    return found


class _Explainer:
    def __init__(self, g: Graph):
        self.g = g
        self.sub_class = _closure(g, RDFS.subClassOf, OWL.equivalentClass)
        self.sub_prop = _closure(g, RDFS.subPropertyOf, OWL.equivalentProperty)
        self.inverse: dict = defaultdict(set)
        for p, q in g.subject_objects(OWL.inverseOf):
            self.inverse[p].add(q)
            self.inverse[q].add(p)
        self.same = _SameAs(g)
        self.reasons = self._type_reasons()

    # --- classes -------------------------------------------------------------------
    def _type_reasons(self) -> dict:
        """individual (sameAs representative) -> class -> asserted statements making it so."""
        reasons: dict = defaultdict(lambda: defaultdict(list))
        domain = defaultdict(set)
        range_ = defaultdict(set)
        for p, c in self.g.subject_objects(RDFS.domain):
            domain[p].add(c)
        for p, c in self.g.subject_objects(RDFS.range):
            range_[p].add(c)
        for s, p, o in self.g:
            if not isinstance(s, URIRef):
                continue
            stmt = f"{short(s)} {'a' if p == RDF.type else short(p)} {short(o)}"
            if p == RDF.type:
                if isinstance(o, URIRef):
                    for c in self.sub_class(o):
                        reasons[self.same.rep(s)][c].append(stmt)
                continue
            for q in self.sub_prop(p):
                for d in domain.get(q, ()):
                    for c in self.sub_class(d):
                        reasons[self.same.rep(s)][c].append(f"{stmt} (domain of {short(q)}: {short(d)})")
                if isinstance(o, URIRef):
                    for d in range_.get(q, ()):
                        for c in self.sub_class(d):
                            reasons[self.same.rep(o)][c].append(f"{stmt} (range of {short(q)}: {short(d)})")
                    for r in self.inverse.get(q, ()):
                        for d in domain.get(r, ()):
                            for c in self.sub_class(d):
                                reasons[self.same.rep(o)][c].append(
                                    f"{stmt} (domain of inverse {short(r)}: {short(d)})"
                                )
                        for d in range_.get(r, ()):
                            for c in self.sub_class(d):
                                reasons[self.same.rep(s)][c].append(f"{stmt} (range of inverse {short(r)}: {short(d)})")
        return reasons

    def _disjoint_pairs(self) -> list[tuple[Node, Node, str]]:
        pairs = [(a, b, f"{short(a)} owl:disjointWith {short(b)}") for a, b in self.g.subject_objects(OWL.disjointWith)]
        for node in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            head = self.g.value(node, OWL.members)
            if head is None:
                continue  # an axiom without its list names no classes
            members = list(Collection(self.g, head))
            label = "owl:AllDisjointClasses (" + ", ".join(short(m) for m in members) + ")"
            pairs += [(a, b, label) for i, a in enumerate(members) for b in members[i + 1 :]]
        for whole, lst in self.g.subject_objects(OWL.disjointUnionOf):
            members = list(Collection(self.g, lst))
            label = f"{short(whole)} owl:disjointUnionOf (" + ", ".join(short(m) for m in members) + ")"
            pairs += [(a, b, label) for i, a in enumerate(members) for b in members[i + 1 :]]
        return pairs

    def _why(self, classes: dict, cls) -> str:
        # shortest reasons first: a direct type before a chain through domains
        return "; ".join(sorted(set(classes[cls]), key=lambda r: (len(r), r))[:3])

    def disjoint_classes(self) -> list[str]:
        out = []
        for x, classes in sorted(self.reasons.items(), key=lambda kv: str(kv[0])):
            who = self.same.describe(x)
            if OWL.Nothing in classes:
                out.append(
                    f"{who} is in owl:Nothing (an unsatisfiable class), because: "
                    + self._why(classes, OWL.Nothing)
                    + "."
                )
            for a, b, axiom in self._disjoint_pairs():
                if a in classes and b in classes:
                    out.append(
                        f"{who} is both {short(a)} and {short(b)}, which the ontology declares disjoint "
                        f"({axiom}). {short(a)} because: {self._why(classes, a)}. "
                        f"{short(b)} because: {self._why(classes, b)}."
                    )
        return out

    # --- properties ------------------------------------------------------------------
    def _values(self, p) -> set:
        """(s, o) pairs of p, through its sub-properties and their inverses' values."""
        pairs = set()
        for q in self._sub_props_of(p):
            pairs |= {(s, o) for s, o in self.g.subject_objects(q)}
            for r in self.inverse.get(q, ()):
                pairs |= {(o, s) for s, o in self.g.subject_objects(r)}
        return pairs

    def _sub_props_of(self, p) -> set:
        return {q for q in set(self.g.subjects()) | set(self.g.predicates()) if p in self.sub_prop(q)} | {p}

    def property_conflicts(self) -> list[str]:
        out = []
        for p, q in self.g.subject_objects(OWL.propertyDisjointWith):
            for s, o in sorted(self._values(p) & self._values(q)):
                out.append(
                    f"{short(s)} is related to {short(o)} by both {short(p)} and {short(q)}, "
                    f"which the ontology declares disjoint ({short(p)} owl:propertyDisjointWith {short(q)})."
                )
        for p in self.g.subjects(RDF.type, OWL.IrreflexiveProperty):
            for s, o in sorted(self._values(p)):
                if s == o:
                    out.append(f"{short(s)} {short(p)} {short(s)}: {short(p)} is an owl:IrreflexiveProperty.")
        for p in self.g.subjects(RDF.type, OWL.AsymmetricProperty):
            values = self._values(p)
            for s, o in sorted(values):
                if (o, s) in values and str(s) < str(o):
                    out.append(f"{short(s)} {short(p)} {short(o)} and back: {short(p)} is an owl:AsymmetricProperty.")
        return out

    def same_different(self) -> list[str]:
        out = []
        for a, b in self.g.subject_objects(OWL.differentFrom):
            if self.same.rep(a) == self.same.rep(b):
                out.append(f"{short(a)} and {short(b)} are declared owl:differentFrom but are owl:sameAs.")
        return out

    def literal_conflicts(self) -> list[str]:
        out = []
        for p in self.g.subjects(RDF.type, OWL.FunctionalProperty):
            by_subject = defaultdict(set)
            for s, o in self.g.subject_objects(p):
                if isinstance(o, Literal):
                    by_subject[self.same.rep(s)].add(o)
            for s, values in by_subject.items():
                if len(values) > 1:
                    out.append(
                        f"{self.same.describe(s)} has {len(values)} values of {short(p)} "
                        f"({', '.join(short(v) for v in sorted(values))}), an owl:FunctionalProperty."
                    )
        for p, dt in self.g.subject_objects(RDFS.range):
            if not str(dt).startswith(str(XSD)) and dt not in _DATATYPE_WIDENS:
                continue
            allowed = _DATATYPE_WIDENS.get(dt, set())
            for s, o in self.g.subject_objects(p):
                if not isinstance(o, Literal) or allowed is None:
                    continue
                if o.language:  # a language-tagged string is no xsd value at all
                    ok = dt == RDF.langString
                else:
                    ok = (o.datatype == dt or o.datatype in allowed) and not o.ill_typed
                if not ok:
                    out.append(
                        f"{short(s)} {short(p)} {short(o)} ({short(o.datatype) if o.datatype else 'a plain string'}"
                        f"{', ill-typed' if o.ill_typed else ''}): the range of {short(p)} is {short(dt)}."
                    )
        return out


def _closure(g: Graph, sub: URIRef, equivalent: URIRef) -> Callable:
    """A function: term -> the term and everything above it through ``sub``/``equivalent``."""
    up = defaultdict(set)
    for a, b in g.subject_objects(sub):
        up[a].add(b)
    for a, b in g.subject_objects(equivalent):
        up[a].add(b)
        up[b].add(a)
    cache: dict = {}

    def above(term):
        if term not in cache:
            seen, todo = {term}, [term]
            while todo:
                for nxt in up.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            cache[term] = seen
        return cache[term]

    return above


class _SameAs:
    """owl:sameAs cliques (union-find); ``rep`` is the smallest IRI of a clique."""

    def __init__(self, g: Graph):
        self.parent: dict = {}
        for a, b in g.subject_objects(OWL.sameAs):
            self._union(a, b)

    def rep(self, x):
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def _union(self, a, b):
        ra, rb = self.rep(a), self.rep(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=str)
            self.parent[hi] = lo

    def describe(self, x) -> str:
        members = sorted((m for m in self.parent if self.rep(m) == x), key=str)
        others = [m for m in members if m != x]
        return short(x) + (f" (= {', '.join(short(m) for m in others)})" if others else "")
