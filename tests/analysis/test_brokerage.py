"""Gould–Fernandez brokerage on hand-computed examples.

Reference: Gould, R. V. and Fernandez, R. M. (1989), Structures of mediation: a formal
approach to brokerage in transaction networks, Sociological Methodology 19, 89–126 —
the five roles by the groups of the two-path a → b → c with no tie a → c.
"""

from __future__ import annotations

import random

import networkx as nx

from igel_graph.analysis.brokerage import ROLES, brokerage


def test_directed_example_counted_by_hand():
    # Groups: a, b, c in X; d, f in Y; e in Z.
    # Edges: a→b, b→c, d→b, b→d, b→e, b→f, a→e.
    # In(b) = {a, d}, Out(b) = {c, d, e, f}. Two-paths through b:
    #   a→b→c  X X X  coordinator
    #   a→b→d  X X Y  representative
    #   a→b→e  closed (a→e exists): not brokerage
    #   a→b→f  X X Y  representative
    #   d→b→c  Y X X  gatekeeper
    #   d→b→d  a = c: not brokerage
    #   d→b→e  Y X Z  liaison
    #   d→b→f  Y X Y  consultant
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "b"), ("b", "d"), ("b", "e"), ("b", "f"), ("a", "e")])
    groups = {"a": "X", "b": "X", "c": "X", "d": "Y", "f": "Y", "e": "Z"}
    r = brokerage(G, groups)
    assert r["b"] == {"coordinator": 1, "gatekeeper": 1, "representative": 2, "consultant": 1, "liaison": 1, "total": 6}
    # nobody else has an open two-path through them (d only relays b→d→b)
    assert all(r[v]["total"] == 0 for v in "acdef")


def test_undirected_ties_count_both_directions():
    # a(X) – b(Y) – c(X): b mediates a→c and c→a between two members of X: consultant 2.
    G = nx.path_graph(["a", "b", "c"])
    assert brokerage(G, {"a": "X", "b": "Y", "c": "X"})["b"]["consultant"] == 2
    # a(X) – b(X) – c(Y): a→b→c representative, c→b→a gatekeeper.
    r = brokerage(G, {"a": "X", "b": "X", "c": "Y"})["b"]
    assert (r["representative"], r["gatekeeper"], r["total"]) == (1, 1, 2)
    # groups by node attribute name
    nx.set_node_attributes(G, {"a": "X", "b": "Z", "c": "Y"}, "type")
    assert brokerage(G, "type")["b"]["liaison"] == 2


def _by_enumeration(G, groups):
    D = G if G.is_directed() else G.to_directed()
    out = {v: dict.fromkeys(ROLES, 0) for v in D}
    for b in D:
        for a in D.predecessors(b):
            for c in D.successors(b):
                if len({a, b, c}) < 3 or D.has_edge(a, c):
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                role = (
                    "coordinator"
                    if ga == gb == gc
                    else "gatekeeper"
                    if ga != gb == gc
                    else "representative"
                    if ga == gb != gc
                    else "consultant"
                    if ga == gc
                    else "liaison"
                )
                out[b][role] += 1
    return out


def test_sparse_counting_equals_enumeration_of_two_paths():
    for seed in range(4):
        for G in (nx.gnp_random_graph(30, 0.15, seed=seed, directed=True), nx.gnp_random_graph(30, 0.2, seed=seed)):
            groups = {v: random.Random(v * 7 + seed).choice("XYZ") for v in G}
            ours, ref = brokerage(G, groups), _by_enumeration(G, groups)
            assert all({k: ours[v][k] for k in ROLES} == ref[v] for v in G)
