"""How the action fields hang together: dependencies, shared actors and themes across
fields, the nodes that hold fields together, implementation waves and knock-on sets.
"""

from __future__ import annotations

import random
from collections import defaultdict

import networkx as nx

from .findings import statements_of
from .kinds import make
from .metrics import SEED

__all__ = [
    "dependency_graph",
    "field_matrix",
    "implementation_waves",
    "knock_on",
    "field_connectors",
    "cross_field_links",
    "connector_findings",
    "knock_on_findings",
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
        ``shared_references[f][g]``: the actors (lead or partner), themes and cited
        resources that both fields have (sorted IRIs; the diagonal lists a field's own). A
        cited resource is what a measure refers to: a cited measure of another plan, or a
        whole plan; two different measures of one report are two resources.
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
        refs[f] |= facts.objects_of(m, "refersTo")
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
    cycles = sorted(
        sorted(ms) for c, ms in members.items() if len(ms) > 1 or D.has_edge(next(iter(ms)), next(iter(ms)))
    )
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


def _cited(facts, target) -> dict:
    """The name of a cited resource, with its plan when it is a measure of another plan."""
    plans = sorted(facts.objects_of(target, "partOfPlan"))
    out = {}
    for lang in ("de", "en"):
        text = facts.name(target, lang)
        if plans and target not in plans:
            text += f" ({facts.name(plans[0], lang)})"
        out[lang] = text
    return out


def cross_field_links(ctx):
    """Links across action fields: dependencies between their measures and references
    of their measures to the *same* cited resource (one cited measure, or one whole
    plan). One finding per field, listing the later fields it is linked to."""
    facts, matrix = ctx.facts, ctx.field_matrix
    fom = facts.field_of_measure()
    deps_between = defaultdict(list)
    for m, p in facts.pairs("dependsOn"):
        if fom.get(m) and fom.get(p) and fom[m] != fom[p]:
            deps_between[tuple(sorted((fom[m], fom[p])))].append((m, p))
    referring = defaultdict(set)  # (field, cited resource) -> measures
    for m, t in facts.pairs("refersTo"):
        if m in fom:
            referring[fom[m], t].add(m)
    out = []
    for f in matrix["fields"]:
        parts = {"de": [], "en": []}
        linked, evidence, triples, n_deps, n_refs = [], [], [], 0, 0
        for g in sorted(matrix["shared_references"][f]):
            if g <= f:
                continue
            deps = deps_between.get((f, g), [])
            refs = matrix["shared_references"][f][g]
            if not deps and not refs:
                continue
            linked.append(g)
            n_deps += len(deps)
            n_refs += len(refs)
            for m, p in deps:
                for lang, word in (("de", "hängt ab von"), ("en", "depends on")):
                    parts[lang].append(f"{facts.name(m, lang)} {word} {facts.name(p, lang)}")
                triples.append((m, "dependsOn", p))
                evidence += [m, p]
            for t in refs:
                ms = sorted(referring[f, t] | referring[g, t])
                cited = _cited(facts, t)
                for lang, word in (("de", "berufen sich auf"), ("en", "refer to")):
                    parts[lang].append(f"{', '.join(facts.name(m, lang) for m in ms)} {word} {cited[lang]}")
                triples += [(m, "refersTo", t) for m in ms]
                evidence += [t, *ms]
        if not linked:
            continue
        out.append(
            make(
                "cross-field-link",
                "medium" if n_deps else "info",
                f,
                {
                    "field": {"de": facts.name(f, "de"), "en": facts.name(f, "en")},
                    "others": {lang: ", ".join(facts.name(g, lang) for g in linked) for lang in ("de", "en")},
                    "parts": {lang: "; ".join(parts[lang]) for lang in ("de", "en")},
                },
                [*linked, *evidence],
                statements_of(facts, triples),
                score=float(n_deps + n_refs),
            )
        )
    return out


def connector_findings(ctx):
    """The node on most shortest paths between measures of different fields."""
    facts, connectors = ctx.facts, ctx.connectors
    if not connectors:
        return []
    top, share = next(iter(connectors.items()))
    if share <= 0:
        return []
    is_actor = top in facts.actors()
    return [
        make(
            "field-connector",
            "medium" if is_actor and share >= 0.5 else "info",
            top,
            {
                "node": {"de": facts.name(top, "de"), "en": facts.name(top, "en")},
                "share": {"de": f"{share:.0%}".replace("%", " %"), "en": f"{share:.0%}"},
            },
            [],
            _connector_statements(facts, top),
            score=share,
        )
    ]


def knock_on_findings(ctx, *, knock_limit=10):
    """The measures whose delay would hold up most others (at least two)."""
    facts, D = ctx.facts, ctx.D
    fom = facts.field_of_measure()
    out = []
    # the knock-on set of the most depended-on measures (all of them would be quadratic)
    candidates = sorted((m for m in D if D.in_degree(m)), key=lambda x: (-D.in_degree(x), x))
    sizes = {m: len(nx.ancestors(D, m)) for m in candidates[: 20 * knock_limit]}
    for m in sorted(sizes, key=lambda x: (-sizes[x], x))[:knock_limit]:
        held = knock_on(D, m)
        if len(held) < 2:
            continue
        other = sorted({fom[x] for x in held if x in fom} - {fom.get(m)})
        tail = {"de": "", "en": ""}
        if other:
            tail = {
                "de": f", auch in {', '.join(facts.name(f, 'de') for f in other)}",
                "en": f", also in {', '.join(facts.name(f, 'en') for f in other)}",
            }
        out.append(
            make(
                "knock-on-risk",
                "medium" if other else "low",
                m,
                {
                    "measure": {"de": facts.name(m, "de"), "en": facts.name(m, "en")},
                    "n": len(held),
                    "held": {lang: ", ".join(facts.name(x, lang) for x in held) for lang in ("de", "en")},
                    "other": tail,
                },
                held,
                statements_of(facts, [(u, "dependsOn", v) for u, v in D.subgraph([m, *held]).edges]),
                score=float(len(held)),
            )
        )
    return out


def _connector_statements(facts, node):
    """The lead/partner statements of ``node`` in one measure per field it works in."""
    fom = facts.field_of_measure()
    per_field = {}
    for m in sorted(facts.measures()):
        if node in facts.collaborators(m) and fom.get(m) not in per_field:
            per_field[fom.get(m)] = m
    triples = [
        (m, role, node)
        for m in per_field.values()
        for role in ("lead", "partner")
        if node in facts.roles().get(m, {}).get(role, ())
    ]
    return statements_of(facts, triples)
