"""Server-side layout: deterministic, components kept apart, layers as computed by hand."""

import math

import networkx as nx

from visualizations.layout import force_layout, layered_layout, layout_positions


def test_same_graph_same_picture():
    G = nx.karate_club_graph()
    assert layout_positions(G) == layout_positions(G)


def test_every_node_placed_and_components_do_not_overlap():
    G = nx.disjoint_union(nx.cycle_graph(6), nx.path_graph(4))
    G.add_node("alone")
    pos = layout_positions(G, spacing=100.0)
    assert set(pos) == set(G)

    def box(nodes):
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        return min(xs), max(xs), min(ys), max(ys)

    a, b = box(range(6)), box(range(6, 10))
    # the boxes of the two components are disjoint in x or in y
    assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]


def test_nodes_of_a_component_are_spread():
    pos = layout_positions(nx.cycle_graph(8), spacing=100.0)
    dists = [math.dist(pos[u], pos[v]) for u in pos for v in pos if u < v]
    # radius is 100 * sqrt(8) ~ 283 px; neighbours on a circle of that radius are ~ 216 px apart
    assert min(dists) > 100


def test_force_layout_handles_2000_nodes():
    G = nx.barabasi_albert_graph(2000, 2, seed=1)
    pos = force_layout(G, iterations=5)
    assert len(pos) == 2000
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


def test_layered_layout_by_hand():
    # columns 320 px apart, rows 90 px apart and centred on y = 0 (computed by hand)
    assert layered_layout([["a"], ["b", "c"]]) == {"a": (0.0, 0.0), "b": (320.0, -45.0), "c": (320.0, 45.0)}
