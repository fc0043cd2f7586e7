"""Suggested collaborations: link prediction on the plan, not only on the network.

:func:`rank_partners` scores every pair of actors who do not yet lead or partner in a
measure together by what the plan says they have in common: dependencies between their
measures, shared goals, themes and action fields, a measure of one that addresses the
other, an actor type the relevance mapping expects in one's measure, and shared partners
(resource allocation on the collaboration graph). Ties are broken by the number of
pieces of evidence; each suggestion explains itself in one sentence (de/en). The
candidates of the plan's lead actor (``igel:responsibleFor``) are always included.

:func:`suggest_collaborations` is the network-only baseline: the resource-allocation
index for all candidates at once as a sparse product ``A · D⁻¹ · Aᵀ``, then Adamic–Adar
and the community-aware variant of Soundarajan and Hopcroft.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..namespaces import IGEL

__all__ = ["suggest_collaborations", "rank_partners", "suggestion_findings", "WEIGHTS"]


def suggest_collaborations(G, *, community=None, limit=10, max_hub=500, candidates=200):
    """Ranked pairs of unconnected nodes that share neighbours.

    Parameters
    ----------
    G : networkx.Graph
        The collaboration graph.
    community : dict, optional
        Node → community id; enables the community-aware score ``ra_community``
        (shared neighbours count only when all three are in one community).
    limit : int
        Number of suggestions returned.
    max_hub : int
        Neighbours with more than this many contacts are not used to find candidates:
        they add less than ``1/max_hub`` to any pair and would create millions of pairs.
    candidates : int
        Pairs kept from the sparse resource-allocation pass before exact scoring.

    Returns
    -------
    list of dict
        ``{"u", "v", "resource_allocation", "adamic_adar", "ra_community",
        "common"}`` sorted by resource allocation, then Adamic–Adar, then names;
        ``common`` lists the shared neighbours.

    Examples
    --------
    ``a`` and ``b`` share the hub (4 contacts) and ``x`` (3 contacts): 1/4 + 1/3.

    >>> G = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("x", "hub"),
    ...               ("a", "x"), ("b", "x")])
    >>> s = suggest_collaborations(G, limit=1)[0]
    >>> s["u"], s["v"], s["common"], round(s["resource_allocation"], 3)
    ('a', 'b', ['hub', 'x'], 0.583)

    References
    ----------
    .. [1] Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Predicting missing links via local
       information. European Physical Journal B 71, 623–630.
    .. [2] Adamic, L. A. and Adar, E. (2003). Friends and neighbors on the Web.
       Social Networks 25(3), 211–230.
    .. [3] Soundarajan, S. and Hopcroft, J. (2012). Using community information to
       improve the precision of link prediction methods. WWW '12 Companion, 607–608.
    """
    nodes = sorted(G, key=str)
    if len(nodes) < 3:
        return []
    A = sp.csr_array(nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr"))
    A.data[:] = 1.0
    deg = np.asarray(A.sum(axis=1)).ravel()
    keep = (deg > 1) & (deg <= max_hub)  # a neighbour of one node links no pair
    inv = np.where(keep, 1.0 / np.maximum(deg, 1), 0.0)
    S = sp.triu(A @ sp.diags_array(inv) @ A.T, k=1).tocoo()
    mask = np.asarray(A[S.row, S.col]).ravel() == 0
    rows, cols, vals = S.row[mask], S.col[mask], S.data[mask]
    order = np.lexsort((cols, rows, -vals))[:candidates]
    scored = []
    for i in order:
        u, v = nodes[rows[i]], nodes[cols[i]]
        common = sorted(nx.common_neighbors(G, u, v), key=str)
        ra = sum(1.0 / G.degree(w) for w in common)
        aa = sum(1.0 / math.log(G.degree(w)) for w in common if G.degree(w) > 1)
        item = {"u": u, "v": v, "resource_allocation": ra, "adamic_adar": aa, "common": common}
        if community is not None:
            cu = community.get(u)
            item["ra_community"] = sum(
                1.0 / G.degree(w)
                for w in common
                if cu is not None and community.get(v) == cu and community.get(w) == cu
            )
        scored.append(item)
    scored.sort(key=lambda s: (-s["resource_allocation"], -s["adamic_adar"], str(s["u"]), str(s["v"])))
    return scored[:limit]


#: points per piece of evidence: a dependency or an expected actor type ties work
#: directly; a shared goal is the plan's own grouping; a measure addressing the other and
#: a theme are weaker; a shared field is broad; shared partners count by resource
#: allocation (each partner adds 1/its number of contacts)
WEIGHTS = {
    "dependency": 3.0,
    "expected": 3.0,
    "goal": 2.0,
    "addressed": 1.0,
    "theme": 1.0,
    "field": 0.5,
    "partners": 1.0,
}
#: a goal, theme or field shared by more actors than this does not generate candidates
MAX_GROUP = 50


def _contexts(facts):
    """Actor → the measures that name it without it acting: those addressing it, and the
    measures of a scope that names it as meant to act or as its purpose (an adjective
    such as "patientenzentriert" does not make a group a candidate partner)."""
    from . import relevance
    from .gaps import _scope_measures

    named: dict[str, set[str]] = defaultdict(set)
    for m, a in facts.pairs("addressee"):
        named[a].add(m)
    scope = _scope_measures(facts)
    mentioned = relevance.mentions(facts)
    for s, g in facts.pairs("concerns"):
        if mentioned.get((s, g)) in ("acting", "purpose"):
            named[g] |= scope.get(s, set())
    return named


def rank_partners(facts, G, *, limit=12, per_lead=3):
    """Ranked candidate pairs ``(u, v)``: ``u`` leads or partners somewhere, ``v`` is any
    actor the plan names; they share no measure as collaborators.

    Returns
    -------
    list of dict
        ``{"u", "v", "score", "strength", "evidence", "sentence"}``, best first: ``u`` is
        the one of the pair who acts in more measures; ``evidence`` maps a feature
        (``dependency``, ``expected``, ``goal``, ``addressed``, ``theme``, ``field``,
        ``partners``) to the IRIs behind it; ``strength`` counts them; ``sentence`` is
        ``{"de", "en"}``. The ``limit`` best, plus the ``per_lead`` best of each lead
        actor of a plan.
    """
    from . import relevance
    from .gaps import collaborating_actors, team

    acting = collaborating_actors(facts)
    named = _contexts(facts)
    # a group of people only ever addressed is a target group by design, not a partner
    mentioned = relevance.mentions(facts)
    to_act = {g for (_, g), mode in mentioned.items() if mode in ("acting", "purpose")}
    people = facts.of_type("StakeholderGroup")
    named = {a: ms for a, ms in named.items() if a in acting or a not in people or a in to_act}
    measures_of = {a: set(facts.measures_of(a)) | named.get(a, set()) for a in acting | set(named)}
    goal_of, fom = facts.goal_of(), facts.field_of_measure()
    themes_of = facts.themes_of_measure()

    def sets(a):
        ms = measures_of.get(a, set())
        return (
            {g for m in ms for g in goal_of.get(m, ())},
            {t for m in ms for t in themes_of.get(m, ())},
            {fom[m] for m in ms if m in fom},
        )

    features = {a: sets(a) for a in measures_of}
    together = {(u, v) for m in facts.roles() for u in facts.collaborators(m) for v in facts.collaborators(m) if u != v}
    candidates: set[tuple[str, str]] = set()

    def add_group(members):
        members = sorted(members)
        if len(members) > MAX_GROUP:
            return
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                if (u in acting or v in acting) and (u, v) not in together:
                    candidates.add((u, v))

    by_goal, by_theme = defaultdict(set), defaultdict(set)
    for a, (goals, themes, _) in features.items():
        for g in goals:
            by_goal[g].add(a)
        for t in themes:
            by_theme[t].add(a)
    for group in (*by_goal.values(), *by_theme.values()):
        add_group(group)
    addressed_by: dict[str, set[str]] = defaultdict(set)  # actor -> measures addressing it
    for m, a in facts.pairs("addressee"):
        addressed_by[a].add(m)
    named_in: dict[str, set[str]] = defaultdict(set)  # measure -> actors it names
    for a, ms in named.items():
        for m in ms:
            named_in[m].add(a)
    deps = defaultdict(list)
    for m, p in facts.pairs("dependsOn"):
        for u in facts.collaborators(m) | named_in.get(m, set()):
            for v in facts.collaborators(p) | named_in.get(p, set()):
                if u != v:
                    deps[tuple(sorted((u, v)))].append((m, p))
                    add_group({u, v})
    expected = defaultdict(list)  # (actor acting in m, actor of the expected type) -> [(m, rule)]
    for rule in relevance.rules(facts):
        members = facts.of_type(rule.actor_type)
        if len(members) > MAX_GROUP:  # a type with many actors suggests no one in particular
            continue
        for m in relevance.matching_measures(facts, rule):
            if members & team(facts, m):
                continue
            for u in facts.collaborators(m):
                for v in members:
                    if u != v:
                        expected[u, v].append((m, rule))
                        add_group({u, v})

    ranked = []
    degree = dict(G.degree())
    nbrs: dict = {}
    empty = (set(), set(), set())
    n_measures = {a: len(facts.measures_of(a)) for a in measures_of}
    for pair in candidates:
        u, v = pair
        if u not in acting or (v in acting and (n_measures.get(v, 0), u) > (n_measures.get(u, 0), v)):
            u, v = v, u
        (gu, tu, fu), (gv, tv, fv) = features.get(u, empty), features.get(v, empty)
        if u in G and v in G:
            nu = nbrs.setdefault(u, set(G[u]))
            nv = nbrs.setdefault(v, set(G[v]))
            partners = nu & nv
        else:
            partners = set()
        ev = {  # sets while scoring; sorted lists for the pairs kept
            "dependency": deps.get((u, v) if u < v else (v, u), []),
            "expected": expected.get((u, v), []),
            "goal": gu & gv,
            "addressed": facts.measures_of(u) & addressed_by.get(v, frozenset()),
            "theme": tu & tv,
            "field": fu & fv,
            "partners": partners,
        }
        score = sum(WEIGHTS[k] * len(x) for k, x in ev.items() if k != "partners")
        score += WEIGHTS["partners"] * sum(1.0 / degree[w] for w in partners if degree[w])
        if score <= 0:
            continue
        strength = sum(len(x) for x in ev.values())
        ranked.append({"u": u, "v": v, "score": round(score, 6), "strength": strength, "_ev": ev})
    ranked.sort(key=lambda s: (-s["score"], -s["strength"], s["u"], s["v"]))
    leads = {a for a, _ in facts.pairs("responsibleFor")} & acting
    keep = {id(s): s for s in ranked[:limit]}
    taken: dict[str, int] = defaultdict(int)
    for s in ranked:  # best first: each lead actor's first per_lead candidates
        for a in {s["u"], s["v"]} & leads:
            if taken[a] < per_lead:
                taken[a] += 1
                keep[id(s)] = s
    out = list(keep.values())
    out.sort(key=lambda s: (-s["score"], -s["strength"], s["u"], s["v"]))
    for s in out:  # words only for the pairs kept
        s["_ev"] = {k: (x if isinstance(x, list) else sorted(x, key=str)) for k, x in s["_ev"].items()}
        s["evidence"] = _evidence_iris(s["_ev"])
        s["sentence"] = _sentence(facts, s["u"], s["v"], s["_ev"])
    return out


def _evidence_iris(ev) -> dict:
    out = {}
    for k, items in ev.items():
        iris = []
        for x in items:
            if isinstance(x, tuple) and len(x) == 2 and hasattr(x[1], "iri"):
                iris += [x[0], x[1].iri]
            elif isinstance(x, tuple):
                iris += list(x)
            else:
                iris.append(x)
        if iris:
            out[k] = list(dict.fromkeys(iris))
    return out


_WORDS = {
    "de": {
        "and": "und",
        "dependency": "{m} hängt ab von {p}",
        "expected": "{type} sind in {ms} zu erwarten",
        "goal": "gemeinsame Ziele: {x}",
        "addressed": "{ms} von {u} richtet sich an {v}",
        "theme": "gemeinsame Themen: {x}",
        "field": "gemeinsame Handlungsfelder: {x}",
        "partners": "beide arbeiten mit {x}",
    },
    "en": {
        "and": "and",
        "dependency": "{m} depends on {p}",
        "expected": "{type} are expected in {ms}",
        "goal": "shared goals: {x}",
        "addressed": "{ms} of {u} addresses {v}",
        "theme": "shared themes: {x}",
        "field": "shared action fields: {x}",
        "partners": "both work with {x}",
    },
}


def _sentence(facts, u, v, ev) -> dict:
    """One sentence per language: who, and every reason, strongest first."""
    out = {}
    for lang, w in _WORDS.items():
        nm = lambda i: facts.name(i, lang)  # noqa: E731
        joined = lambda xs: ", ".join(nm(x) for x in xs)  # noqa: E731
        parts = [w["dependency"].format(m=nm(m), p=nm(p)) for m, p in ev["dependency"]]
        by_type = defaultdict(list)
        for m, rule in ev["expected"]:
            by_type[rule.actor_type].append(m)
        for t, ms in sorted(by_type.items()):
            parts.append(w["expected"].format(type=facts.label(str(IGEL._NS) + t, lang), ms=joined(sorted(set(ms)))))
        for key in ("goal", "theme"):
            if ev[key]:
                parts.append(w[key].format(x=joined(ev[key])))
        if ev["addressed"]:
            parts.append(w["addressed"].format(u=nm(u), v=nm(v), ms=joined(ev["addressed"])))
        if ev["partners"]:
            parts.append(w["partners"].format(x=joined(ev["partners"])))
        if ev["field"] and not parts:
            parts.append(w["field"].format(x=joined(ev["field"])))
        out[lang] = f"{nm(u)} {w['and']} {nm(v)}: {'; '.join(parts)}."
    return out


def suggestion_findings(ctx, *, per_subject=5):
    """One ``suggested-collaboration`` finding per actor ``u`` of the ranked suggestions,
    with its candidates (at most ``per_subject``) and their sentences."""
    from .findings import statements_of
    from .gaps import _role_statements, names
    from .kinds import make

    facts = ctx.facts
    by_u: dict[str, list[dict]] = defaultdict(list)
    for s in ctx.suggestions:
        if len(by_u[s["u"]]) < per_subject:
            by_u[s["u"]].append(s)
    out = []
    for u, items in by_u.items():
        others = [s["v"] for s in items]
        evidence = [
            x
            for s in items
            for k in ("dependency", "expected", "goal", "addressed", "theme")
            for x in s["evidence"].get(k, ())
        ]
        ms = sorted(
            {m for s in items for m, _ in s["_ev"]["expected"]}
            | {x for s in items for d in s["_ev"]["dependency"] for x in d}
            | {x for s in items for x in s["_ev"]["addressed"]}
        )
        out.append(
            make(
                "suggested-collaboration",
                "info",
                u,
                {
                    "actor": {"de": facts.name(u, "de"), "en": facts.name(u, "en")},
                    "others": names(facts, others, 4),
                    "sentences": {lang: " ".join(s["sentence"][lang] for s in items) for lang in ("de", "en")},
                },
                [*others, *evidence],
                _role_statements(facts, ms, {u, *others}, ("lead", "partner", "addressee"))
                + statements_of(facts, [(m, "dependsOn", p) for s in items for m, p in s["_ev"]["dependency"]]),
                score=items[0]["score"],
            )
        )
    return out
