"""Louvain vs an official partition, link prediction and cross-field helpers."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from igel_graph.analysis.communities import compare_partitions
from igel_graph.analysis.crossfield import field_connectors, implementation_waves, knock_on
from igel_graph.analysis.linkpred import suggest_collaborations


def test_modularity_of_both_partitions():
    # Two triangles joined by an edge (barbell 3,0): 7 edges; each triangle has 3 inner
    # edges and degree sum 7: Q = 2 * (3/7 - (7/14)^2) = 6/7 - 1/2 = 0.357 (by hand).
    G = nx.barbell_graph(3, 0)
    r = compare_partitions(G, {0: "A", 1: "A", 2: "A", 3: "B", 4: "B", 5: "B"})
    assert r["modularity_official"] == pytest.approx(6 / 7 - 1 / 2)
    assert r["modularity_louvain"] == pytest.approx(6 / 7 - 1 / 2)
    assert r["communities"] == [[0, 1, 2], [3, 4, 5]]
    # a partition cutting across the triangles scores lower
    bad = compare_partitions(G, {0: "A", 3: "A", 1: "B", 4: "B", 2: "C", 5: "C"})
    assert bad["modularity_official"] < 0
    assert compare_partitions(G, {})["communities"] == r["communities"]  # seeded: stable


def test_link_prediction_scores_by_hand():
    # a, b share hub (degree 4) and x (degree 3): RA = 1/4 + 1/3, AA = 1/ln 4 + 1/ln 3
    G = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("x", "hub"), ("a", "x"), ("b", "x")])
    top = suggest_collaborations(G, community={"a": 0, "b": 0, "x": 0, "hub": 1, "c": 1})[0]
    assert (top["u"], top["v"], top["common"]) == ("a", "b", ["hub", "x"])
    assert top["resource_allocation"] == pytest.approx(1 / 4 + 1 / 3)
    assert top["adamic_adar"] == pytest.approx(1 / math.log(4) + 1 / math.log(3))
    assert top["ra_community"] == pytest.approx(1 / 3)  # only x is in a's and b's community
    ref = {(u, v): p for u, v, p in nx.resource_allocation_index(G, [("a", "b")])}
    assert top["resource_allocation"] == pytest.approx(ref["a", "b"])
    # pairs already tied are never suggested
    assert all(not G.has_edge(s["u"], s["v"]) for s in suggest_collaborations(G, limit=20))


def test_waves_cycles_and_knock_on():
    D = nx.DiGraph([("b", "a"), ("c", "b"), ("d", "a"), ("x", "y"), ("y", "x")])
    w = implementation_waves(D)
    assert w["waves"][0] == ["a", "x", "y"] and w["waves"][1:] == [["b", "d"], ["c"]]
    assert w["cycles"] == [["x", "y"]]
    assert knock_on(D, "a") == ["b", "c", "d"]  # a delay of a holds up b, d and then c


def test_field_connectors_subset_betweenness():
    # m1 (F1) – actor x – m2 (F2) – actor y – m3 (F2): cross-field pairs (m1,m2), (m1,m3);
    # x lies on both, m2 and y on one: shares 1, 1/2, 1/2 (by hand).
    H = nx.Graph([("m1", "x"), ("x", "m2"), ("m2", "y"), ("y", "m3")])
    r = field_connectors(H, {"m1": "F1", "m2": "F2", "m3": "F2"})
    assert r == {"x": 1.0, "m2": 0.5, "y": 0.5}
