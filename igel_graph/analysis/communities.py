"""Communities found by Louvain, compared with the plan's own action fields.

If the plan's fields were the natural clusters of its measures, the field partition
would score a modularity close to Louvain's. A much lower score says the fields cut
through the working relationships.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .metrics import SEED

__all__ = ["compare_partitions"]


def compare_partitions(G, official, *, weight="weight", seed=SEED, resolution=1.0):
    """Louvain communities of ``G`` next to an official partition, with both modularities.

    Parameters
    ----------
    G : networkx.Graph
    official : dict
        Node → official group (e.g. the action field of a measure). Nodes without a
        group form one group ``None``, so that the partition covers the graph.
    weight : str
    seed : int
        Seed of Louvain's random node order (results are reproducible).

    Returns
    -------
    dict
        ``communities`` (list of sorted node lists, largest first), ``community_of``
        (node → index), ``modularity_louvain``, ``modularity_official``,
        ``composition`` (community index → {official group: count}).

    Examples
    --------
    Two triangles joined by one edge, officially split the same way:

    >>> G = nx.barbell_graph(3, 0)
    >>> r = compare_partitions(G, {0: "A", 1: "A", 2: "A", 3: "B", 4: "B", 5: "B"})
    >>> round(r["modularity_official"], 3), round(r["modularity_louvain"], 3)
    (0.357, 0.357)

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008).
       Fast unfolding of communities in large networks. J. Stat. Mech. P10008.
    .. [2] Newman, M. E. J. (2006). Modularity and community structure in networks.
       PNAS 103(23), 8577–8582.
    """
    if G.number_of_edges() == 0:
        return {
            "communities": [[v] for v in sorted(G, key=str)],
            "community_of": {},
            "modularity_louvain": 0.0,
            "modularity_official": 0.0,
            "composition": {},
        }
    found = nx.community.louvain_communities(G, weight=weight, seed=seed, resolution=resolution)
    communities = sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))
    community_of = {v: i for i, c in enumerate(communities) for v in c}
    groups: dict = defaultdict(set)
    for v in G:
        groups[official.get(v)].add(v)
    composition = {i: dict(Counter(official.get(v) for v in c)) for i, c in enumerate(communities)}
    return {
        "communities": communities,
        "community_of": community_of,
        "modularity_louvain": nx.community.modularity(G, found, weight=weight),
        "modularity_official": nx.community.modularity(G, list(groups.values()), weight=weight),
        "composition": composition,
    }
