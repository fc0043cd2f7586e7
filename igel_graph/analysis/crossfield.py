"""How the action fields hang together: dependencies, shared actors and themes across
fields, the nodes that hold fields together, implementation waves and knock-on sets.
"""

from __future__ import annotations

import random
from collections import defaultdict

import networkx as nx

from .findings import Finding, statements_of
from .metrics import SEED

__all__ = [
    "dependency_graph",
    "field_matrix",
    "implementation_waves",
    "knock_on",
    "field_connectors",
    "cross_field_findings",
]


def dependency_graph(facts):
    """Directed graph of measures, an edge from each measure to one it depends on.

    Examples
    --------
    >>> D = dependency_graph(facts)                                # doctest: +SKIP
    >>> list(D.successors(m("1.1.4")))                             # doctest: +SKIP
    ['https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.3']
    """
    D = nx.DiGraph()
    D.add_nodes_from(sorted(facts.measures()))
    D.add_edges_from(facts.pairs("dependsOn"))
    return D


def field_matrix(facts):
    """The action field × action field matrix, within each plan.

    Returns
    -------
    dict
        ``fields`` (sorted IRIs); ``dependencies[f][g]``: how many measures of ``f``
        depend on a measure of ``g``; ``shared_actors[f][g]``, ``shared_themes[f][g]``,
        ``shared_references[f][g]``: the actors (lead or partner), themes and other plans
        referred to that both fields have (sorted IRIs; the diagonal lists a field's own).
        Only fields of one plan are compared (a plan's fields are what its matrix is
        about; across thousands of plans the full matrix would not fit).
    """
    fom = facts.field_of_measure()
    fields = sorted(set(fom.values()) | facts.of_type("ActionField"))
    actors, themes, refs = defaultdict(set), defaultdict(set), defaultdict(set)
    plan_of = facts.objects("partOfPlan")
    plan_of_field: dict = {}
    for m, f in fom.items():
        actors[f] |= facts.collaborators(m)
        themes[f] |= facts.themes_of_measure().get(m, set())
        for target in facts.objects_of(m, "refersTo"):
            refs[f] |= plan_of.get(target, {target})
        plan_of_field.setdefault(f, min(plan_of.get(m, {""})))
    for f in fields:
        plan_of_field.setdefault(f, min(plan_of.get(f, {""})))
    peers = defaultdict(list)
    for f in fields:
        peers[plan_of_field[f]].append(f)
    same = {f: peers[plan_of_field[f]] for f in fields}
    deps = {f: {g: 0 for g in same[f]} for f in fields}
    for m, pre in facts.pairs("dependsOn"):
        if m in fom and pre in fom and fom[pre] in deps[fom[m]]:
            deps[fom[m]][fom[pre]] += 1
    return {
        "fields": fields,
        "dependencies": deps,
        "shared_actors": {f: {g: sorted(actors[f] & actors[g]) for g in same[f]} for f in fields},
        "shared_themes": {f: {g: sorted(themes[f] & themes[g]) for g in same[f]} for f in fields},
        "shared_references": {f: {g: sorted(refs[f] & refs[g]) for g in same[f]} for f in fields},
    }


def implementation_waves(D):
    """Waves of implementation from the dependency order: wave 0 needs nothing, wave
    ``k`` needs only measures of earlier waves. Measures in a cycle share one wave.

    Returns
    -------
    dict
        ``waves`` (list of sorted lists), ``wave_of`` (measure → index), ``cycles``
        (list of sorted lists of measures that depend on each other in a circle).

    Examples
    --------
    >>> D = nx.DiGraph([("b", "a"), ("c", "b"), ("d", "a")])   # b depends on a, ...
    >>> implementation_waves(D)["waves"]
    [['a'], ['b', 'd'], ['c']]
    """
    C = nx.condensation(D)
    members = nx.get_node_attributes(C, "members")
    waves = []
    for generation in nx.topological_generations(C.reverse(copy=False)):
        waves.append(sorted(v for c in generation for v in members[c]))
    wave_of = {v: i for i, wave in enumerate(waves) for v in wave}
    cycles = sorted(sorted(ms) for c, ms in members.items()
                    if len(ms) > 1 or D.has_edge(next(iter(ms)), next(iter(ms))))
    return {"waves": waves, "wave_of": wave_of, "cycles": cycles}


def knock_on(D, measure):
    """The measures a delay of ``measure`` would hold up: all that depend on it,
    directly or through others (sorted).

    >>> knock_on(nx.DiGraph([("b", "a"), ("c", "b"), ("d", "x")]), "a")
    ['b', 'c']
    """
    return sorted(nx.ancestors(D, measure))


def field_connectors(H, field_of, *, sample=None, seed=SEED):
    """Subset betweenness: the share of shortest paths between measures of *different*
    action fields that pass through each node of ``H``.

    Exact when there are at most ``sample`` measures with a field, else estimated from
    ``sample`` source measures drawn with ``seed`` (each field's contribution scaled by
    its sampling fraction). By default ``sample`` is 64, fewer on a large ``H`` so that
    the breadth-first searches stay within about a million steps.

    Parameters
    ----------
    H : networkx.Graph
        Measures, actors and other nodes (see :func:`connector_graph`).
    field_of : dict
        Measure → field.

    Returns
    -------
    dict
        Node → share in [0, 1] (nodes with share 0 left out).

    Examples
    --------
    Two fields whose measures meet only through actor ``x``:

    >>> H = nx.Graph([("m1", "x"), ("x", "m2")])
    >>> field_connectors(H, {"m1": "F1", "m2": "F2"})
    {'x': 1.0}

    References
    ----------
    .. [1] Brandes, U. (2008). On variants of shortest-path betweenness centrality and
       their generic computation. Social Networks 30(2), 136–145.
    """
    by_field = defaultdict(list)
    for m, f in field_of.items():
        if m in H:
            by_field[f].append(m)
    measures = sorted(m for ms in by_field.values() for m in ms)
    if sample is None:
        sample = max(4, min(64, 1_000_000 // max(1, H.number_of_nodes() + H.number_of_edges())))
    if len(measures) > sample:
        chosen = set(random.Random(seed).sample(measures, sample))
    else:
        chosen = set(measures)
    total_pairs = 0
    acc: dict = defaultdict(float)
    for f, ms in sorted(by_field.items()):
        n_targets = len(measures) - len(ms)
        total_pairs += len(ms) * n_targets
        sources = sorted(m for m in ms if m in chosen)
        if not sources or not n_targets:
            continue
        targets = [m for g, other in by_field.items() if g != f for m in other]
        scale = 2.0 * len(ms) / len(sources)  # nx halves undirected counts
        values = nx.betweenness_centrality_subset(H, sources, targets, normalized=False)
        for v, x in values.items():
            if x:
                acc[v] += x * scale
    if not total_pairs:
        return {}
    return {v: x / total_pairs for v, x in sorted(acc.items(), key=lambda t: (-t[1], str(t[0])))}


def connector_graph(facts):
    """Measures, their leads and partners, dependency links and the other plans they
    refer to, as one undirected graph: the paths by which fields are tied together."""
    H = nx.Graph()
    plan_of = facts.objects("partOfPlan")
    for m in sorted(facts.measures()):
        H.add_node(m)
        for a in sorted(facts.collaborators(m)):
            H.add_edge(m, a)
        for target in sorted(facts.objects_of(m, "refersTo")):
            for plan in sorted(plan_of.get(target, {target})):
                H.add_edge(m, plan)
    H.add_edges_from(facts.pairs("dependsOn"))
    return H


def cross_field_findings(facts, matrix, D, waves, connectors, *, knock_limit=10):
    """Findings: links across fields (dependencies and shared references), the node
    holding fields together most, and measures whose delay would hold up others."""
    out = []
    fom = facts.field_of_measure()
    fields = matrix["fields"]
    plan_of = facts.objects("partOfPlan")
    deps_between = defaultdict(list)
    for m, p in facts.pairs("dependsOn"):
        if fom.get(m) and fom.get(p) and fom[m] != fom[p]:
            deps_between[tuple(sorted((fom[m], fom[p])))].append((m, p))
    referring = defaultdict(set)  # (field, plan) -> measures
    for m, t in facts.pairs("refersTo"):
        if m in fom:
            for plan in plan_of.get(t, {t}):
                referring[fom[m], plan].add(m)
    for f in fields:
        for g in sorted(matrix["shared_references"][f]):
            if g <= f:
                continue
            deps = deps_between.get((f, g), [])
            refs = matrix["shared_references"][f][g]
            if not deps and not refs:
                continue
            ref_measures = sorted({m for plan in refs for x in (f, g) for m in referring[x, plan]})
            f_de, g_de, f_en, g_en = (facts.name(f, "de"), facts.name(g, "de"),
                                      facts.name(f, "en"), facts.name(g, "en"))
            parts_de = [f"{facts.name(m, 'de')} hängt ab von {facts.name(p, 'de')}" for m, p in deps]
            parts_en = [f"{facts.name(m, 'en')} depends on {facts.name(p, 'en')}" for m, p in deps]
            for plan in refs:
                ms = [m for m in ref_measures if any(plan in plan_of.get(t, {t})
                                                     for t in facts.objects_of(m, "refersTo"))]
                parts_de.append(f"{', '.join(facts.name(m, 'de') for m in ms)} setzen "
                                f"{facts.name(plan, 'de')} um")
                parts_en.append(f"{', '.join(facts.name(m, 'en') for m in ms)} implement "
                                f"{facts.name(plan, 'en')}")
            ev_measures = sorted({x for d in deps for x in d} | set(ref_measures))
            triples = [(m, "dependsOn", p) for m, p in deps]
            triples += [(m, "refersTo", t) for m in ref_measures for t in sorted(facts.objects_of(m, "refersTo"))]
            triples += [(t, "partOfPlan", p) for m in ref_measures
                        for t in sorted(facts.objects_of(m, "refersTo")) for p in sorted(plan_of.get(t, ()))]
            out.append(Finding(
                "cross-field-link", "medium" if deps else "info",
                {"de": f"{f_de} und {g_de} sind verknüpft", "en": f"{f_en} and {g_en} are linked"},
                {"de": f"Über die Grenze der Handlungsfelder hinweg: {'; '.join(parts_de)}. "
                       "Verzögerungen oder Änderungen wirken in beide Felder.",
                 "en": f"Across the boundary of the action fields: {'; '.join(parts_en)}. "
                       "Delays or changes affect both fields."},
                [f, g, *refs, *ev_measures], statements_of(facts, triples),
                score=float(len(deps) + len(refs))))
    if connectors:
        top, share = next(iter(connectors.items()))
        if share > 0:
            t_de, t_en = facts.name(top, "de"), facts.name(top, "en")
            is_actor = top in facts.actors()
            out.append(Finding(
                "field-connector", "medium" if is_actor and share >= 0.5 else "info",
                {"de": f"{t_de} hält die Handlungsfelder zusammen",
                 "en": f"{t_en} holds the action fields together"},
                {"de": f"{share:.0%} der kürzesten Verbindungen zwischen Massnahmen verschiedener "
                       f"Handlungsfelder führen über {t_de}.",
                 "en": f"{share:.0%} of the shortest links between measures of different action "
                       f"fields pass through {t_en}."},
                [top], _connector_statements(facts, top), score=share))
    # the knock-on set of the most depended-on measures (all of them would be quadratic)
    candidates = sorted((m for m in D if D.in_degree(m)), key=lambda x: (-D.in_degree(x), x))
    sizes = {m: len(nx.ancestors(D, m)) for m in candidates[:20 * knock_limit]}
    for m in sorted(sizes, key=lambda x: (-sizes[x], x))[:knock_limit]:
        held = knock_on(D, m)
        if len(held) < 2:
            continue
        other = sorted({fom[x] for x in held if x in fom} - {fom.get(m)})
        m_de, m_en = facts.name(m, "de"), facts.name(m, "en")
        out.append(Finding(
            "knock-on-risk", "medium" if other else "low",
            {"de": f"Verzögert sich {m_de}, warten {len(held)} Massnahmen",
             "en": f"If {m_en} is delayed, {len(held)} measures wait"},
            {"de": f"Von {m_de} hängen direkt oder indirekt {', '.join(facts.name(x, 'de') for x in held)} ab"
                   + (f", auch in {', '.join(facts.name(f, 'de') for f in other)}." if other else "."),
             "en": f"{', '.join(facts.name(x, 'en') for x in held)} depend on {m_en} directly or "
                   "indirectly" + (f", also in {', '.join(facts.name(f, 'en') for f in other)}." if other else ".")},
            [m, *held],
            statements_of(facts, [(u, "dependsOn", v) for u, v in D.subgraph([m, *held]).edges]),
            score=float(len(held))))
    return out


def _connector_statements(facts, node):
    """The lead/partner statements of ``node`` in one measure per field it works in."""
    fom = facts.field_of_measure()
    per_field = {}
    for m in sorted(facts.measures()):
        if node in facts.collaborators(m) and fom.get(m) not in per_field:
            per_field[fom.get(m)] = m
    triples = [(m, role, node) for m in per_field.values() for role in ("lead", "partner")
               if node in facts.roles().get(m, {}).get(role, ())]
    return statements_of(facts, triples)
