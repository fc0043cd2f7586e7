"""Network projections of the knowledge graph (networkx graphs).

Every function takes the store first (or :class:`~igel_graph.analysis.facts.PlanFacts`
already loaded from it, so that one analysis reads the store once) and the
``statements`` choice: ``"source"`` (what the sources say) or ``"all"`` (with curated
and inferred statements). Nodes are IRI strings with the attributes ``label_de``,
``label_en``, ``type`` (local name of the most specific igel class) and, for goals and
measures, ``field`` (the action field's IRI).

Examples
--------
Two actors leading one measure together, a third only addressed by it:

>>> from igel_graph.store.memory import MemoryStore
>>> from igel_graph.namespaces import Graphs
>>> store = MemoryStore()
>>> _ = store.load('''@prefix igel: <https://w3id.org/igel/ontology#> .
... <https://w3id.org/igel/id/m> a igel:Measure ;
...     igel:lead <https://w3id.org/igel/id/a> , <https://w3id.org/igel/id/b> ;
...     igel:addressee <https://w3id.org/igel/id/c> .
... <https://w3id.org/igel/id/a> a igel:PublicAuthority .''', Graphs.IGEL_PLAN, format="turtle")
>>> G = collaboration_graph(store)
>>> sorted(G.edges(data="weight"))
[('https://w3id.org/igel/id/a', 'https://w3id.org/igel/id/b', 1.0)]
>>> G.degree("https://w3id.org/igel/id/c"), G.nodes["https://w3id.org/igel/id/a"]["type"]
(0, 'PublicAuthority')
>>> actor_measure_graph(store).edges["https://w3id.org/igel/id/m", "https://w3id.org/igel/id/c"]["roles"]
['addressee']

References
----------
.. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
   weighted networks, and centrality. Physical Review E 64, 016132.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from .facts import PlanFacts, load_facts

__all__ = [
    "actor_measure_graph",
    "collaboration_graph",
    "measure_graph",
    "field_graph",
    "theme_measure_graph",
    "MEASURE_EDGE_KINDS",
]

MEASURE_EDGE_KINDS = ("dependency", "actor", "theme", "reference")


def _facts(store, statements) -> PlanFacts:
    return store if isinstance(store, PlanFacts) else load_facts(store, statements)


def actor_measure_graph(store, statements="all"):
    """The bipartite graph of measures and the actors named in them.

    An edge joins a measure and an actor; its ``roles`` attribute lists the actor's
    roles (``lead``, ``partner``, ``addressee``) and ``collaborates`` says whether one
    of them is lead or partner. Node attribute ``bipartite`` is 0 for measures, 1 for
    actors. Every measure is a node, also one that names no actor.

    Parameters
    ----------
    store : Store or PlanFacts
    statements : {"source", "all"}

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> B = actor_measure_graph(store)                                  # doctest: +SKIP
    >>> B.edges[m("1.2.1"), a("lerb")]["roles"]                         # doctest: +SKIP
    ['lead']
    """
    facts = _facts(store, statements)
    B = nx.Graph(statements=facts.statements)
    for m in sorted(facts.measures()):
        B.add_node(m, bipartite=0, **facts.node_attrs(m))
    for m, by_role in sorted(facts.roles().items()):  # sorted: same graph every run
        if m not in B:
            B.add_node(m, bipartite=0, **facts.node_attrs(m))
        for role, actors in sorted(by_role.items()):
            for a in sorted(actors):
                if a not in B:
                    B.add_node(a, bipartite=1, **facts.node_attrs(a))
                roles = B.edges[m, a]["roles"] if B.has_edge(m, a) else []
                B.add_edge(m, a, roles=sorted(set(roles) | {role}))
    for _u, _v, d in B.edges(data=True):
        d["collaborates"] = bool({"lead", "partner"} & set(d["roles"]))
    return B


def collaboration_graph(store, statements="all", *, weighting="newman"):
    """Actors joined when they lead or partner in the same measure.

    Addressees do not collaborate: an actor only ever addressed is an isolated node.
    Weighting keeps a measure with many actors from dominating:

    - ``"newman"``: each shared measure with ``k`` collaborators adds ``1/(k-1)``;
    - ``"jaccard"``: shared measures / measures of either actor;
    - ``"count"``: number of shared measures.

    Edge attributes: ``weight``, ``measures`` (sorted IRIs), ``shared`` (their number).

    Parameters
    ----------
    store : Store or PlanFacts
    statements : {"source", "all"}
    weighting : {"newman", "jaccard", "count"}

    Returns
    -------
    networkx.Graph

    Examples
    --------
    Two actors sharing one two-actor measure have Newman weight 1::

        >>> G = collaboration_graph(store)                      # doctest: +SKIP
        >>> G.edges[a("gsd"), a("vlg")]["weight"]              # doctest: +SKIP
        1.0

    References
    ----------
    .. [1] Newman (2001), see the module references.
    """
    if weighting not in ("newman", "jaccard", "count"):
        raise ValueError(f"unknown weighting {weighting!r}")
    facts = _facts(store, statements)
    G = nx.Graph(statements=facts.statements, weighting=weighting)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    newman: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for m, by_role in sorted(facts.roles().items()):  # sorted: same graph every run
        for _, actors in sorted(by_role.items()):
            for a in sorted(actors):
                if a not in G:
                    G.add_node(a, **facts.node_attrs(a))
        team = sorted(facts.collaborators(m))
        for a in team:
            count[a] += 1
        for u, v in combinations(team, 2):
            shared[u, v].append(m)
            newman[u, v] += 1.0 / (len(team) - 1)
    for (u, v), ms in sorted(shared.items()):
        if weighting == "newman":
            w = newman[u, v]
        elif weighting == "jaccard":
            w = len(ms) / (count[u] + count[v] - len(ms))
        else:
            w = float(len(ms))
        G.add_edge(u, v, weight=w, measures=sorted(ms), shared=len(ms))
    return G


def measure_graph(store, statements="all", *, kinds=MEASURE_EDGE_KINDS, max_group=None):
    """Measures joined by typed links.

    Edge kinds (attribute ``kinds``, a sorted list):

    - ``dependency``: one depends on the other (``igel:dependsOn``); ``dependencies``
      lists the ``(dependent, prerequisite)`` pairs;
    - ``actor``: both have the actor as lead or partner (``actors``);
    - ``theme``: both have the theme (``themes``);
    - ``reference``: both refer to the same cited resource (``references`` lists them:
      one cited measure of another plan, e.g. B 36 measure 3, or a whole plan such as
      the Förderprogramm); different measures of one report do not link.

    ``weight`` adds 1 per dependency, ``1/(k-1)`` per shared actor or theme held by
    ``k`` measures (Newman), and 1 per shared reference. An actor or theme held by more
    than ``max_group`` measures is left out (its pairs weigh under ``1/max_group`` and
    would number millions on large data).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> M = measure_graph(store, kinds=("reference",))              # doctest: +SKIP
    >>> M.edges[m("1.1.3"), m("2.1.2")]["references"]              # doctest: +SKIP
    ['https://w3id.org/igel/id/plan/foerderprogramm-igel-2026-2030']
    """
    facts = _facts(store, statements)
    M = nx.Graph(statements=facts.statements)
    for m in sorted(facts.measures()):
        M.add_node(m, **facts.node_attrs(m))

    def link(u, v, kind, key, item, w):
        if u == v:
            return
        if not M.has_edge(u, v):
            M.add_edge(u, v, kinds=[], weight=0.0)
        d = M.edges[u, v]
        if kind not in d["kinds"]:
            d["kinds"] = sorted(d["kinds"] + [kind])
        d.setdefault(key, [])
        if item not in d[key]:
            d[key].append(item)
            d["weight"] += w

    if "dependency" in kinds:
        for m, pre in facts.pairs("dependsOn"):
            if m in M and pre in M:
                link(m, pre, "dependency", "dependencies", (m, pre), 1.0)
    groups: list[tuple[str, str, dict[str, set[str]]]] = []
    if "actor" in kinds:
        by_actor: dict[str, set[str]] = defaultdict(set)
        for m in M:
            for a in facts.collaborators(m):
                by_actor[a].add(m)
        groups.append(("actor", "actors", by_actor))
    if "theme" in kinds:
        by_theme: dict[str, set[str]] = defaultdict(set)
        for m, t in facts.pairs("theme"):
            if m in M:
                by_theme[t].add(m)
        groups.append(("theme", "themes", by_theme))
    if "reference" in kinds:
        # the same cited resource only: two measures citing different measures of one
        # report (B 36 measure 3 and measure 7) are not linked by it
        by_target: dict[str, set[str]] = defaultdict(set)
        for m, target in facts.pairs("refersTo"):
            if m in M:
                by_target[target].add(m)
        groups.append(("reference", "references", by_target))
    for kind, key, members in groups:
        for item, ms in sorted(members.items()):
            if len(ms) < 2 or (max_group and len(ms) > max_group):
                continue
            w = 1.0 if kind == "reference" else 1.0 / (len(ms) - 1)
            for u, v in combinations(sorted(ms), 2):
                link(u, v, kind, key, item, w)
    for _, _, d in M.edges(data=True):
        for key in ("actors", "themes", "references"):
            if key in d:
                d[key] = sorted(d[key])
    return M


def field_graph(store, statements="all", *, measures=None):
    """The action fields, joined where their measures are linked.

    Collapses :func:`measure_graph` (or the graph passed as ``measures``): an edge
    joins two fields when a measure of one is linked to a measure of the other. Edge
    attributes: ``dependencies`` (number of dependency links across), ``actors``,
    ``themes`` (sorted IRIs shared by measures of both fields), ``references`` (other
    plans both refer to), ``crossing`` (the measure pairs linked across, sorted).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> F = field_graph(store)                                          # doctest: +SKIP
    >>> F.edges[f("1"), f("2")]["references"]                          # doctest: +SKIP
    ['https://w3id.org/igel/id/plan/foerderprogramm-igel-2026-2030']
    """
    facts = _facts(store, statements)
    M = measures if measures is not None else measure_graph(facts)
    fom = facts.field_of_measure()
    F = nx.Graph(statements=facts.statements)
    for f in sorted(set(fom.values()) | facts.of_type("ActionField")):
        F.add_node(f, **facts.node_attrs(f))
    for u, v, d in M.edges(data=True):
        fu, fv = fom.get(u), fom.get(v)
        if not fu or not fv or fu == fv:
            continue
        if not F.has_edge(fu, fv):
            F.add_edge(fu, fv, dependencies=0, actors=set(), themes=set(), references=set(), crossing=[])
        e = F.edges[fu, fv]
        e["dependencies"] += len(d.get("dependencies", ()))
        e["actors"] |= set(d.get("actors", ()))
        e["themes"] |= set(d.get("themes", ()))
        e["references"] |= set(d.get("references", ()))
        e["crossing"].append(tuple(sorted((u, v))))
    for _, _, e in F.edges(data=True):
        for key in ("actors", "themes", "references"):
            e[key] = sorted(e[key])
        e["crossing"] = sorted(e["crossing"])
        e["weight"] = float(len(e["crossing"]))
    return F


def theme_measure_graph(store, statements="all"):
    """The bipartite graph of the cross-cutting themes and the measures that have them.

    Node attribute ``bipartite``: 0 measures, 1 themes. Every theme of the theme scheme
    is a node, so a theme no measure takes up shows as isolated.

    Examples
    --------
    >>> T = theme_measure_graph(store)                                    # doctest: +SKIP
    >>> sorted(T[t("digitalisierung")])[:1]                             # doctest: +SKIP
    ['https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.4']
    """
    facts = _facts(store, statements)
    T = nx.Graph(statements=facts.statements)
    measures = facts.measures()
    for t in sorted(facts.of_type("Theme")):
        T.add_node(t, bipartite=1, **facts.node_attrs(t))
    for m, t in facts.pairs("theme"):
        if m not in measures:
            continue
        for node, part in ((m, 0), (t, 1)):
            if node not in T:
                T.add_node(node, bipartite=part, **facts.node_attrs(node))
        T.add_edge(m, t)
    return T
