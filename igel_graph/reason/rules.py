"""The entailments of :mod:`igel_graph.reason` as SPARQL Update rules run inside the store.

HermiT cannot take a million-triple graph; these rules can, because the store evaluates
them. Each rule reads the OWL axioms it applies from the store itself (whatever graph
holds the ontology), so a new sub-property or inverse in ``ontology/igel.ttl`` needs no
change here.

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

Evaluation is semi-naive: the first round applies every rule to all graphs; later rounds
apply the single-premise rules (all but ``transitive`` and the chains) only to the
inferred graph, since everything they derive from asserted triples was derived in the
first round. Rounds repeat until one adds nothing. The order above lets most conclusions
feed the next rule in the same round, so the real data settles in two or three rounds.

Every rule reads the asserted graphs and the inferred graph, never the analysis or the
write-log graph, and writes only triples that no graph holds yet into ``Graphs.INFERRED``.
Patterns are written with ``GRAPH ?g`` so that they mean the same on every backend: in a
SPARQL Update the default graph is not the union of the named graphs on Oxigraph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import URIRef

from ..namespaces import PREFIXES, Graphs

__all__ = ["RULES", "RulesReport", "materialise", "inferred_size", "chain_rules"]

_PREFIXES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdf", "rdfs", "owl"))

_INF = f"<{Graphs.INFERRED}>"
# graphs that are not statements about the world: analysis output and the write log
_SKIP = f"<{Graphs.ANALYSIS}>, <{Graphs.WRITES}>"
_IGEL = "STRSTARTS(STR({}), STR(igel:))"


def _data(var: str, pattern: str) -> str:
    """``pattern`` in any named graph except the skipped ones."""
    return f"GRAPH ?{var} {{ {pattern} }} FILTER(?{var} NOT IN ({_SKIP}))"


def _inferred(_var: str, pattern: str) -> str:
    """``pattern`` in the inferred graph only (later rounds of single-premise rules)."""
    return f"GRAPH {_INF} {{ {pattern} }}"


def _new(pattern: str) -> str:
    """A filter keeping only triples that no (non-skipped) graph holds yet."""
    return f"FILTER NOT EXISTS {{ GRAPH ?known {{ {pattern} }} FILTER(?known NOT IN ({_SKIP})) }}"


def _single_premise_rules(premise) -> dict[str, str]:
    """The rules with one data premise, which ``premise(var, pattern)`` places."""
    return {
        "subproperty": f"""
INSERT {{ GRAPH {_INF} {{ ?s ?q ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?p ?q WHERE {{
      GRAPH ?ax {{ ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?q }}
      FILTER(isIRI(?p) && isIRI(?q) && ?p != ?q && {_IGEL.format('?q')}) }} }}
  {premise('g', '?s ?p ?o')}
  FILTER(isIRI(?s) && isIRI(?o))
  {_new('?s ?q ?o')}
}}""",
        "inverse": f"""
INSERT {{ GRAPH {_INF} {{ ?o ?q ?s }} }} WHERE {{
  {{ SELECT DISTINCT ?p ?q WHERE {{
      GRAPH ?ax {{ {{ ?p owl:inverseOf ?q }} UNION {{ ?q owl:inverseOf ?p }}
                  UNION {{ ?p a owl:SymmetricProperty BIND(?p AS ?q) }} }}
      FILTER(isIRI(?p) && isIRI(?q) && {_IGEL.format('?q')}) }} }}
  {premise('g', '?s ?p ?o')}
  FILTER(isIRI(?s) && isIRI(?o))
  {_new('?o ?q ?s')}
}}""",
        # DISTINCT before the NOT EXISTS test: a subject has many triples, one check will do
        "domain": f"""
INSERT {{ GRAPH {_INF} {{ ?s a ?d }} }} WHERE {{
  {{ SELECT DISTINCT ?s ?d WHERE {{
    {{ SELECT DISTINCT ?p ?d WHERE {{
        GRAPH ?ax {{ ?p rdfs:domain ?d }} FILTER(isIRI(?p) && isIRI(?d) && {_IGEL.format('?d')}) }} }}
    {premise('g', '?s ?p ?o')}
    FILTER(isIRI(?s)) }} }}
  {_new('?s a ?d')}
}}""",
        "range": f"""
INSERT {{ GRAPH {_INF} {{ ?o a ?d }} }} WHERE {{
  {{ SELECT DISTINCT ?o ?d WHERE {{
    {{ SELECT DISTINCT ?p ?d WHERE {{
        GRAPH ?ax {{ ?p rdfs:range ?d }} FILTER(isIRI(?p) && isIRI(?d) && {_IGEL.format('?d')}) }} }}
    {premise('g', '?s ?p ?o')}
    FILTER(isIRI(?o)) }} }}
  {_new('?o a ?d')}
}}""",
        "subclass": f"""
INSERT {{ GRAPH {_INF} {{ ?x a ?d }} }} WHERE {{
  {{ SELECT DISTINCT ?c ?d WHERE {{
      GRAPH ?ax {{ ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?d }}
      FILTER(isIRI(?c) && isIRI(?d) && ?c != ?d && {_IGEL.format('?d')}) }} }}
  {premise('g', '?x a ?c')}
  FILTER(isIRI(?x))
  {_new('?x a ?d')}
}}""",
        # rules never derive owl:sameAs, so only the other premise can be new
        "same-subject": f"""
INSERT {{ GRAPH {_INF} {{ ?y ?p ?z }} }} WHERE {{
  {{ SELECT DISTINCT ?x ?y WHERE {{
      {{ {_data('s1', '?x owl:sameAs ?y')} }} UNION {{ {_data('s2', '?y owl:sameAs ?x')} }}
      FILTER(isIRI(?x) && isIRI(?y) && ?x != ?y) }} }}
  {premise('g', '?x ?p ?z')}
  FILTER(isIRI(?z) && (({_IGEL.format('?p')}) || (?p = rdf:type && {_IGEL.format('?z')})))
  {_new('?y ?p ?z')}
}}""",
        "same-object": f"""
INSERT {{ GRAPH {_INF} {{ ?z ?p ?y }} }} WHERE {{
  {{ SELECT DISTINCT ?x ?y WHERE {{
      {{ {_data('s1', '?x owl:sameAs ?y')} }} UNION {{ {_data('s2', '?y owl:sameAs ?x')} }}
      FILTER(isIRI(?x) && isIRI(?y) && ?x != ?y) }} }}
  {premise('g', '?z ?p ?x')}
  FILTER(isIRI(?z) && {_IGEL.format('?p')})
  {_new('?z ?p ?y')}
}}""",
    }


_TRANSITIVE = f"""
INSERT {{ GRAPH {_INF} {{ ?x ?p ?z }} }} WHERE {{
  {{ SELECT DISTINCT ?p WHERE {{
      GRAPH ?ax {{ ?p a owl:TransitiveProperty }} FILTER(isIRI(?p) && {_IGEL.format('?p')}) }} }}
  {_data('g1', '?x ?p ?y')}
  {_data('g2', '?y ?p ?z')}
  FILTER(isIRI(?x) && isIRI(?z))
  {_new('?x ?p ?z')}
}}"""

#: the rules of the first round, by name (the chain rules come from the ontology: see
#: :func:`chain_rules`)
RULES: dict[str, str] = {**_single_premise_rules(_data), "transitive": _TRANSITIVE}
_LATER_RULES: dict[str, str] = {**_single_premise_rules(_inferred), "transitive": _TRANSITIVE}

_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_INF} {{ ?s ?p ?o }} }}"

# the members of every property chain of an igel: property, list cell by list cell
_CHAIN_CELLS = f"""
SELECT ?q ?head ?cell ?first ?rest WHERE {{
  GRAPH ?ax {{ ?q owl:propertyChainAxiom ?head . ?head rdf:rest* ?cell .
              ?cell rdf:first ?first ; rdf:rest ?rest }}
  FILTER(isIRI(?q) && {_IGEL.format('?q')})
}}"""


def chain_rules(store) -> dict[str, str]:
    """One INSERT per property chain axiom of the store's ontology, e.g.
    ``chain:measureInField`` for ``igel:measureInField ≡ contributesTo ∘ inActionField``.

    A generic rule that joins the chain's members from the axiom at run time lets
    Oxigraph join the data patterns before it knows the properties (quadratic in the
    data); with the properties written into the rule each step is an index lookup.
    The property IRIs come from the store's own ontology, not from a user.
    """
    cells: dict = {}
    heads: dict = {}
    for q, head, cell, first, rest in store.query(_PREFIXES + _CHAIN_CELLS).rows:
        cells[cell] = (first, rest)
        heads[q] = head
    rules = {}
    for q, head in sorted(heads.items()):
        chain, cell = [], head
        while cell in cells:
            first, cell = cells[cell]
            chain.append(first)
        if len(chain) < 2 or not all(isinstance(p, URIRef) for p in chain):
            continue  # a chain through an inverse (a blank node) is beyond these rules
        steps = "\n  ".join(_data(f"g{i}", f"?v{i} {p.n3()} ?v{i + 1}") for i, p in enumerate(chain))
        last = f"?v{len(chain)}"
        rules["chain:" + str(q).rsplit("#", 1)[-1]] = f"""
INSERT {{ GRAPH {_INF} {{ ?v0 {q.n3()} {last} }} }} WHERE {{
  {steps}
  FILTER(isIRI(?v0) && isIRI({last}))
  {_new(f"?v0 {q.n3()} {last}")}
}}"""
    return rules


#: a guard against a rule set that never settles (cannot happen with finite data,
#: but a bug must not hang a build)
MAX_ROUNDS = 100


@dataclass
class RulesReport:
    """What :func:`materialise` did: triples in the inferred graph, rounds until the
    fixpoint, and the seconds spent per rule (summed over rounds)."""

    inferred: int
    rounds: int
    seconds: float
    rule_seconds: dict[str, float] = field(default_factory=dict)


def inferred_size(store) -> int:
    """Number of triples in the inferred graph."""
    rows = store.query(_COUNT).rows
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def materialise(store, *, progress=None) -> RulesReport:
    """Replace the inferred graph by the fixpoint of the rules over the store.

    Parameters
    ----------
    store : an :class:`igel_graph.store.base.Store` holding the ontology and the data.
    progress : optional ``callback(step, done, total)``, called after every round.

    Returns
    -------
    RulesReport
    """
    started = time.perf_counter()
    store.drop_graph(Graphs.INFERRED)
    chains = chain_rules(store)
    timings: dict[str, float] = {}
    size, rounds = 0, 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        generic = RULES if rounds == 1 else _LATER_RULES
        for name, text in {**generic, **chains}.items():
            t0 = time.perf_counter()
            store.update(_PREFIXES + text)
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        new_size = inferred_size(store)
        if progress is not None:
            progress(f"rules round {rounds}", rounds, rounds + (new_size != size))
        if new_size == size:
            break
        size = new_size
    return RulesReport(inferred=size, rounds=rounds, seconds=time.perf_counter() - started,
                       rule_seconds=timings)
