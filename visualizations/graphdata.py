"""Read what the views need from the store: the whole-plan graph, labels, types, facets.

The projections of :mod:`igel_graph.analysis.projections` give the actor, measure, field
and theme graphs; the whole-plan view and the facets (which action field and themes a
measure or actor belongs to, which roles an actor plays) need a few more statements,
read here with plain SPARQL over the union of all named graphs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from igel_graph.namespaces import ID_BASE, IGEL
from igel_graph.store.base import SelectResult, Store

from .model import TYPE_LABELS, local_name

__all__ = ["ViewFacts", "view_facts", "plan_graph", "best_type", "STRUCTURE_PREDICATES"]

_NS = str(IGEL._NS)

#: relations drawn in the whole-plan view, with their labels
STRUCTURE_PREDICATES: dict[str, dict[str, str]] = {
    "partOfPlan": {"de": "gehört zu Plan", "en": "part of plan"},
    "inActionField": {"de": "im Handlungsfeld", "en": "in action field"},
    "contributesTo": {"de": "trägt bei zu", "en": "contributes to"},
    "lead": {"de": "federführend", "en": "lead"},
    "partner": {"de": "Partner", "en": "partner"},
    "addressee": {"de": "Adressat", "en": "addressee"},
    "theme": {"de": "Thema", "en": "theme"},
    "region": {"de": "Region", "en": "region"},
    "refersTo": {"de": "verweist auf", "en": "refers to"},
    "dependsOn": {"de": "hängt ab von", "en": "depends on"},
    "implements": {"de": "setzt um", "en": "implements"},
    "successorOf": {"de": "Nachfolger von", "en": "successor of"},
    "establishes": {"de": "schafft", "en": "establishes"},
    "consistsOf": {"de": "besteht aus", "en": "consists of"},
    "careSector": {"de": "Versorgungsbereich", "en": "care sector"},
    "funder": {"de": "Geldgeber", "en": "funder"},
    "scientificPartner": {"de": "wissenschaftlicher Partner", "en": "scientific partner"},
}

#: types too general to name a node by when a more specific one is known
_GENERIC = {"Actor", "Organisation", "Plan", "AdministrativeArea", "CareRegion"}
#: among several specific types, the first in this order wins (a Landkreis is shown as a
#: District although it is also a PublicAuthority)
_PREFERENCE = list(TYPE_LABELS)


def best_type(types: set[str]) -> str:
    """The most specific igel class local name of a node with ``types``.

    >>> best_type({"Actor", "PublicAuthority", "District"})
    'District'
    """
    specific = [t for t in types if t not in _GENERIC and t in TYPE_LABELS]
    pool = specific or [t for t in types if t in TYPE_LABELS] or sorted(types) or ["Actor"]
    order = {t: i for i, t in enumerate(_PREFERENCE)}
    # District and Municipality are listed after PublicAuthority but are more telling
    order.update({"District": -2, "Municipality": -1, "HealthCentre": -3, "CoordinationOffice": -4})
    return min(pool, key=lambda t: (order.get(t, 999), t))


@dataclass
class ViewFacts:
    """Labels, types and facet values of the resources the views show.

    ``labels[iri]`` is ``{lang: label}``; ``types[iri]`` the best type's local name;
    ``fields[iri]`` the action fields a measure, goal or actor belongs to; ``themes[iri]``
    its themes; ``roles[iri]`` the roles an actor plays (``lead``, ``partner``,
    ``addressee``); ``numbers[iri]`` the plan number ("1.1.2"); ``starts[measure]`` the
    start quarter's label; ``goals[measure]`` the goal it contributes to.
    """

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    themes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    numbers: dict[str, str] = field(default_factory=dict)
    starts: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> str:
        texts = self.labels.get(iri) or {}
        return texts.get(lang) or texts.get("de") or next(iter(texts.values()), None) or local_name(iri)


def _select(store: Store, sparql: str) -> SelectResult:
    res = store.query(sparql)
    assert isinstance(res, SelectResult)
    return res


def view_facts(store: Store) -> ViewFacts:
    """Labels, types, fields, themes, roles, numbers and starts of every resource.

    Four queries over the union graph; measured at well under a second on the real data.
    """
    facts = ViewFacts()
    for s, lbl in _select(store, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                                 "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l FILTER(isIRI(?s)) }"):
        lang = getattr(lbl, "language", None) or "de"
        facts.labels.setdefault(str(s), {}).setdefault(lang[:2], str(lbl))
    types: dict[str, set[str]] = defaultdict(set)
    for s, t in _select(store, "SELECT DISTINCT ?s ?t WHERE { ?s a ?t "
                               f"FILTER(isIRI(?s) && STRSTARTS(STR(?t), \"{_NS}\")) }}"):
        types[str(s)].add(local_name(str(t)))
    facts.types = {s: best_type(ts) for s, ts in types.items()}
    q_fields = f"""PREFIX igel: <{_NS}>
SELECT DISTINCT ?x ?field ?number ?goal WHERE {{
  {{ ?x igel:contributesTo ?goal . ?goal igel:inActionField ?field }}
  UNION {{ ?x igel:inActionField ?field }}
  UNION {{ ?m igel:contributesTo/igel:inActionField ?field .
          ?m igel:lead|igel:partner|igel:addressee ?x }}
  UNION {{ ?x igel:number ?number }}
}}"""
    for x, fld, number, goal in _select(store, q_fields):
        if goal is not None:
            facts.goals[str(x)] = str(goal)
        if fld is not None:
            facts.fields[str(x)].add(str(fld))
        if number is not None:
            facts.numbers[str(x)] = str(number)
    q_themes = f"""PREFIX igel: <{_NS}>
SELECT DISTINCT ?x ?theme WHERE {{
  {{ ?x igel:theme ?theme }}
  UNION {{ ?m igel:theme ?theme ; igel:lead|igel:partner|igel:addressee ?x }}
}}"""
    for x, theme in _select(store, q_themes):
        facts.themes[str(x)].add(str(theme))
    q_roles = f"""PREFIX igel: <{_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?m ?role ?a ?start WHERE {{
  {{ VALUES ?role {{ igel:lead igel:partner igel:addressee }} ?m ?role ?a }}
  UNION {{ ?m igel:start/rdfs:label ?start FILTER(LANG(?start) = "de") }}
}}"""
    for m, role, a, start in _select(store, q_roles):
        if role is not None:
            facts.roles[str(a)].add(local_name(str(role)))
        if start is not None:
            facts.starts[str(m)] = str(start)
    return facts


def plan_graph(store: Store, facts: ViewFacts | None = None) -> nx.MultiDiGraph:
    """The whole plan as one graph: plans, fields, goals, measures, actors, themes, regions.

    Nodes are IRI strings with ``label_de``, ``label_en`` and ``type``; edges carry
    ``relation``, the local name of the predicate (see :data:`STRUCTURE_PREDICATES`).
    Only relations between resources are drawn; quarters, passages, budget cells and
    vocabulary schemes are left out so the picture stays about the plan.
    """
    facts = facts or view_facts(store)
    values = " ".join(f"igel:{p}" for p in STRUCTURE_PREDICATES)
    res = _select(store, f"""PREFIX igel: <{_NS}>
SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER(isIRI(?o)) }}""")
    G = nx.MultiDiGraph()
    for s, p, o in res:
        s, o, rel = str(s), str(o), local_name(str(p))
        # only the graph's own resources: the reasoner copies statements onto owl:sameAs
        # aliases (Wikidata, LINDAS), which would show the canton three times
        if not (s.startswith(ID_BASE) and o.startswith(ID_BASE)):
            continue
        for n in (s, o):
            if n not in G:
                G.add_node(n, label_de=facts.label(n, "de"), label_en=facts.label(n, "en"),
                           type=facts.types.get(n, "Actor"))
        G.add_edge(s, o, key=rel, relation=rel)
    return G
