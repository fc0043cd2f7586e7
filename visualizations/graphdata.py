"""What the views need from the store: the whole-plan graph, names, types, facets.

The projections of :mod:`igel_graph.analysis.projections` give the actor, measure, field
and theme graphs; names, titles, types, roles and the facets (which action field and
themes a measure or actor belongs to, which roles an actor plays) come from the core read
model, :mod:`igel_graph.readmodel`; only the whole-plan graph's edges are read here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from igel_graph.namespaces import ID_BASE, IGEL
from igel_graph.readmodel import ReadModel, read_model
from igel_graph.store.base import SelectResult, Store

from .model import local_name, text

__all__ = ["ViewFacts", "view_facts", "plan_graph", "STRUCTURE_PREDICATES"]

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


@dataclass
class ViewFacts:
    """Labels, types and facet values of the resources the views show, taken from the core
    read model (:mod:`igel_graph.readmodel`): one rule for names, titles and types.

    ``labels[iri]`` is ``{lang: name}`` (number and title for a field, goal or measure);
    ``types[iri]`` the most specific type's local name; ``fields[iri]`` the action fields a
    measure, goal or actor belongs to; ``themes[iri]`` its themes; ``roles[iri]`` the roles
    an actor plays (``lead``, ``partner``, ``addressee``); ``numbers[iri]`` the plan number
    ("1.1.2"); ``starts[measure]`` the start quarter's label; ``goals[measure]`` the goal it
    contributes to; ``search[iri]`` every text a search should match (labels and titles in
    both languages, alternative labels, the number).
    """

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    themes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    numbers: dict[str, str] = field(default_factory=dict)
    starts: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)
    search: dict[str, list[str]] = field(default_factory=dict)
    #: the filters' goal, measure kind and start year of a measure, and of an actor those
    #: of its measures
    goal_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    years: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    model: ReadModel | None = None

    def label(self, iri: str, lang: str) -> str:
        texts = self.labels.get(iri) or {}
        return texts.get(lang) or texts.get("de") or next(iter(texts.values()), None) or local_name(iri)

    def type_label(self, kind: str) -> dict[str, str]:
        """The ontology's label of class ``kind`` in both languages, capitalised for a
        legend ("Public authority")."""
        if kind == "Group":
            return text("Gruppe", "Group")
        texts = self.model.term_labels(kind) if self.model else {"de": kind, "en": kind}
        return {lang: t[:1].upper() + t[1:] for lang, t in texts.items()}


def view_facts(store: Store) -> ViewFacts:
    """Names, types, fields, themes, roles, numbers and starts of every resource, from the
    store's read model (cached until the store changes)."""
    rm = read_model(store)
    facts = ViewFacts(model=rm, numbers=dict(rm.numbers))
    for iri in set(rm.labels) | set(rm.titles):
        facts.labels[iri] = rm.names(iri)
    facts.types = dict(rm.specific)
    for iri in set(rm.labels) | set(rm.titles) | set(rm.numbers) | set(rm.alt_labels):
        facts.search[iri] = rm.search_terms(iri)
    for m, goals in rm.structure.get("contributesTo", {}).items():
        facts.goals[m] = sorted(goals)[0]
    for x in (
        set(rm.structure.get("contributesTo", {}))
        | set(rm.structure.get("inActionField", {}))
        | set(rm.structure.get("measureInField", {}))
    ):
        f = rm.field_of(x)
        if f:
            facts.fields[x].add(f)
    themes = rm.structure.get("theme", {})
    for x, ts in themes.items():
        facts.themes[x] |= ts
    for m, by_role in rm.roles.items():
        f = rm.field_of(m)
        for role, actors in by_role.items():
            for a in actors:
                facts.roles[a].add(role)
                if f:
                    facts.fields[a].add(f)
                facts.themes[a] |= themes.get(m, set())
    for m, quarters in rm.structure.get("start", {}).items():
        facts.starts[m] = rm.label(sorted(quarters)[0], "de")
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _Q_KINDS):
        kinds[str(row[0])].add(str(row[1]))
    for m in set(rm.roles) | set(facts.goals) | set(kinds) | set(facts.starts):
        goals = rm.objects(m, "contributesTo")
        year = facts.starts.get(m, "")[-4:]
        years = {year} if year.isdigit() else set()
        for x in [m, *rm.actors_of(m)]:
            facts.goal_of[x] |= goals
            facts.kinds[x] |= kinds.get(m, set())
            facts.years[x] |= years
    return facts


_Q_KINDS = f"PREFIX igel: <{_NS}>\nSELECT DISTINCT ?m ?k WHERE {{ ?m igel:measureKind ?k FILTER(isIRI(?k)) }}"


def _select(store: Store, sparql: str) -> SelectResult:
    res = store.query(sparql)
    assert isinstance(res, SelectResult)
    return res


def plan_graph(store: Store, facts: ViewFacts | None = None) -> nx.MultiDiGraph:
    """The whole plan as one graph: plans, fields, goals, measures, actors, themes, regions.

    Nodes are IRI strings with ``label_de``, ``label_en`` and ``type``; edges carry
    ``relation``, the local name of the predicate (see :data:`STRUCTURE_PREDICATES`).
    Only relations between resources are drawn; quarters, passages, budget cells and
    vocabulary schemes are left out so the picture stays about the plan.
    """
    facts = facts or view_facts(store)
    values = " ".join(f"igel:{p}" for p in STRUCTURE_PREDICATES)
    res = _select(
        store,
        f"""PREFIX igel: <{_NS}>
SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER(isIRI(?o)) }}""",
    )
    G = nx.MultiDiGraph()
    for s, p, o in res:
        s, o, rel = str(s), str(o), local_name(str(p))
        # only the graph's own resources: the reasoner copies statements onto owl:sameAs
        # aliases (Wikidata, LINDAS), which would show the canton three times
        if not (s.startswith(ID_BASE) and o.startswith(ID_BASE)):
            continue
        for n in (s, o):
            if n not in G:
                G.add_node(
                    n, label_de=facts.label(n, "de"), label_en=facts.label(n, "en"), type=facts.types.get(n, "Actor")
                )
        G.add_edge(s, o, key=rel, relation=rel)
    return G
