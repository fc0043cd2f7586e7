"""Node centralities and whole-network figures that stay fast on large graphs.

Exact algorithms run on small graphs; above a size limit betweenness is estimated from a
fixed-seed sample of source nodes (Brandes and Pich 2007) and closeness from a sample of
pivots (Eppstein and Wang 2004), so a run is reproducible and bounded.
"""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
from scipy.sparse import csgraph

__all__ = [
    "SEED",
    "degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "degree_centralization",
    "network_summary",
    "cut_structure",
]

#: the one seed of every sampled computation, so that results are reproducible
SEED = 42
#: largest graph (nodes) whose betweenness is computed exactly
EXACT_BETWEENNESS_LIMIT = 1000
#: largest graph (nodes) whose closeness is computed exactly
EXACT_CLOSENESS_LIMIT = 3000


def degree(G):
    """Number of neighbours of each node.

    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    return dict(G.degree())


def betweenness(G, *, k=None, seed=SEED, weight=None):
    """Normalised betweenness: the share of shortest paths between others through a node.

    Exact (Brandes) when the graph has at most ``EXACT_BETWEENNESS_LIMIT`` nodes or ``k``
    is 0; otherwise estimated from ``k`` source nodes drawn with ``seed`` (default
    ``k``: 128, fewer on large graphs, at least 16).

    Parameters
    ----------
    G : networkx.Graph
    k : int, optional
        Sample size; ``None`` chooses exact or 128 by graph size.
    seed : int
        Seed of the sample.
    weight : str, optional
        Edge attribute read as distance.

    Returns
    -------
    dict
        Node → betweenness in [0, 1].

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163–177.
    .. [2] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.
    """
    n = G.number_of_nodes()
    if k is None:
        # enough sources for a stable ranking, few enough to stay within ~2M BFS steps
        k = 0 if n <= EXACT_BETWEENNESS_LIMIT else max(16, min(128, 2_000_000 // (n + G.number_of_edges())))
    if k == 0 or k >= n:
        return nx.betweenness_centrality(G, weight=weight)
    return nx.betweenness_centrality(G, k=k, seed=seed, weight=weight)


def closeness(G, *, pivots=None, seed=SEED):
    """Closeness centrality (Wasserman–Faust form for disconnected graphs, as networkx).

    ``(r-1)/Σd · (r-1)/(n-1)`` with ``r`` the nodes a node reaches. Hop distances come
    from :func:`scipy.sparse.csgraph.shortest_path` (breadth-first search in C): exact
    up to ``EXACT_CLOSENESS_LIMIT`` nodes, above that estimated from ``pivots`` nodes
    drawn with ``seed`` (default 64): distances from a pivot sample stand for the
    distances from all nodes.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph; edges count as one hop.
    pivots : int, optional
    seed : int

    Returns
    -------
    dict
        Node → closeness in [0, 1]; 0 for a node that reaches no other.

    Examples
    --------
    >>> {n: round(c, 3) for n, c in closeness(nx.path_graph(3)).items()}
    {0: 0.667, 1: 1.0, 2: 0.667}

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). Social Network Analysis. Cambridge UP.
    .. [2] Eppstein, D. and Wang, J. (2004). Fast approximation of centrality.
       Journal of Graph Algorithms and Applications 8(1), 39–45.
    """
    nodes = list(G)
    n = len(nodes)
    if n < 2:
        return {v: 0.0 for v in nodes}
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr")
    if pivots is None:
        pivots = 0 if n <= EXACT_CLOSENESS_LIMIT else 64
    if pivots == 0 or pivots >= n:
        D = csgraph.shortest_path(A, directed=False, unweighted=True)
        scale = 1.0
    else:
        chosen = sorted(random.Random(seed).sample(range(n), pivots))
        D = csgraph.shortest_path(A, directed=False, unweighted=True, indices=chosen)
        scale = n / pivots
    finite = np.isfinite(D)
    # with pivots, column j holds the distances from the pivots to node j
    reach = finite.sum(axis=0) * scale if scale != 1.0 else finite.sum(axis=1)
    total = np.where(finite, D, 0).sum(axis=0) * scale if scale != 1.0 else np.where(finite, D, 0).sum(axis=1)
    result = {}
    for i, v in enumerate(nodes):
        r = reach[i]
        result[v] = float((r - 1) / total[i] * (r - 1) / (n - 1)) if total[i] > 0 else 0.0
    return result


def eigenvector(G, weight=None):
    """Eigenvector centrality: a node is central when its neighbours are.

    Computed per connected component with ARPACK (networkx's numpy variant) and scaled
    by the component's share of nodes, so that a small detached component does not get
    the same top value as the main one; isolated nodes get 0.

    Examples
    --------
    >>> {n: round(c, 3) for n, c in eigenvector(nx.star_graph(2)).items()}
    {0: 0.707, 1: 0.5, 2: 0.5}

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       American Journal of Sociology 92(5), 1170–1182.
    """
    result = {v: 0.0 for v in G}
    n = G.number_of_nodes()
    for comp in nx.connected_components(G):
        if len(comp) < 2:
            continue
        H = G.subgraph(comp)
        if len(comp) <= 2:
            values = {v: 1 / math.sqrt(2) for v in comp}
        elif len(comp) < 64:  # ARPACK is slow to start; small components go dense
            order = list(H)
            _, vectors = np.linalg.eigh(nx.to_numpy_array(H, nodelist=order, weight=weight))
            principal = np.abs(vectors[:, -1])
            values = dict(zip(order, principal / np.linalg.norm(principal)))
        else:
            try:
                values = nx.eigenvector_centrality_numpy(H, weight=weight, max_iter=500)
            except (nx.PowerIterationFailedConvergence, nx.AmbiguousSolution, ArithmeticError):
                values = nx.eigenvector_centrality(H, weight=weight, max_iter=1000, tol=1e-6)
        share = len(comp) / n
        for v, x in values.items():
            result[v] = abs(float(x)) * share
    return result


def degree_centralization(G):
    """Freeman's degree centralisation: how far the graph is from a star.

    ``Σ (d_max − d_i) / ((n−1)(n−2))``: 1 for a star, 0 when all degrees are equal.

    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239.
    """
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in G.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def network_summary(G):
    """Whole-network figures: nodes, edges, density, components, the largest
    component's size, isolates and Freeman degree centralisation.

    >>> s = network_summary(nx.star_graph(3)); s["density"], s["components"]
    (0.5, 1)
    """
    components = [len(c) for c in nx.connected_components(G)] if len(G) else []
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "density": nx.density(G) if len(G) > 1 else 0.0,
        "components": len(components),
        "largest_component": max(components, default=0),
        "isolates": sum(1 for _ in nx.isolates(G)),
        "degree_centralization": degree_centralization(G),
    }


def cut_structure(G, *, separate_limit=20):
    """Bridges, articulation points, core numbers and, for the ``separate_limit``
    articulation points of highest degree, the nodes that their removal cuts off from
    the largest remaining component.

    Returns
    -------
    dict
        ``bridges`` (list of node pairs), ``articulation_points`` (list),
        ``core_number`` (dict), ``separated`` (articulation point → sorted list of
        the nodes outside the largest component once it is gone).

    Examples
    --------
    >>> cut_structure(nx.star_graph(2))["separated"]
    {0: [2]}

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for
       graph manipulation. Communications of the ACM 16(6), 372–378.
    """
    H = nx.Graph(G)
    H.remove_edges_from(nx.selfloop_edges(H))
    if len(H) == 0:  # scipy cannot build the adjacency of an empty graph
        return {"bridges": [], "articulation_points": [], "core_number": {}, "separated": {}}
    points = sorted(nx.articulation_points(H), key=str)
    nodes = list(H)
    index = {v: i for i, v in enumerate(nodes)}
    A = nx.to_scipy_sparse_array(H, nodelist=nodes, weight=None, format="csr")
    _, label = csgraph.connected_components(A, directed=False)
    separated = {}
    for p in sorted(points, key=lambda v: (-H.degree(v), str(v)))[:separate_limit]:
        # the component of p without p, split by scipy (C) instead of a Python BFS
        members = np.flatnonzero((label == label[index[p]]) & (np.arange(len(nodes)) != index[p]))
        _, parts = csgraph.connected_components(A[members][:, members], directed=False)
        largest = np.bincount(parts).argmax()
        separated[p] = sorted((nodes[members[i]] for i in np.flatnonzero(parts != largest)), key=str)
    return {
        "bridges": sorted((tuple(sorted(e, key=str)) for e in nx.bridges(H)), key=str),
        "articulation_points": points,
        "core_number": nx.core_number(H),
        "separated": separated,
    }
