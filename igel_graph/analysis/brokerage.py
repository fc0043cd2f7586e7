"""Gould and Fernandez brokerage roles, counted with sparse matrices.

A node ``b`` brokers the two-path ``a → b → c`` when ``a`` and ``c`` are distinct and
``a`` has no direct tie to ``c``. The role depends on the groups (here: actor types) of
the three:

============== ============================= =====================================
role           groups                        example
============== ============================= =====================================
coordinator    a, b, c all in one group      a department relaying within the state
gatekeeper     a outside; b and c together   b lets an outsider into its group
representative a and b together; c outside   b speaks for its group to an outsider
consultant     a and c together; b outside   an outsider mediating within a group
liaison        all three in different groups b links two groups it belongs to neither
============== ============================= =====================================

Counting is done without enumerating two-paths: for broker ``b`` the number of
``(a, c)`` pairs with given groups is ``in_X(b) · out_Y(b)``, less the pairs with
``a = c`` (reciprocal ties) and less the pairs that are directly tied (transitive
triads, counted per edge in blocks). This keeps a hub with thousands of contacts cheap.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = ["brokerage", "ROLES"]

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")

_EDGE_BLOCK = 20000


def brokerage(G, groups, nodes=None):
    r"""Gould–Fernandez brokerage role counts of each node.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The network. An undirected tie counts as reciprocated, so every unordered pair
        ``{a, c}`` a node brokers is counted once per direction (``a→b→c`` and
        ``c→b→a``): in an undirected graph gatekeeper and representative counts are
        equal and every count is even.
    groups : dict or str
        Node → group label, or the name of a node attribute holding it. Nodes without a
        group form a group of their own (``None``).
    nodes : iterable, optional
        Nodes to return (default: all).

    Returns
    -------
    dict
        Node → ``{"coordinator": int, "gatekeeper": int, "representative": int,
        "consultant": int, "liaison": int, "total": int}``.

    Examples
    --------
    ``b`` relays from ``a`` (group X) to ``c`` (group Y) and belongs to neither:

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> brokerage(G, {"a": "X", "b": "Z", "c": "Y"})["b"]["liaison"]
    1

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal
       approach to brokerage in transaction networks. Sociological Methodology 19,
       89–126.
    """
    node_list = list(G)
    n = len(node_list)
    if n == 0:  # scipy cannot build the adjacency of an empty graph
        return {}
    if isinstance(groups, str):
        labels = [G.nodes[v].get(groups) for v in node_list]
    else:
        labels = [groups.get(v) for v in node_list]
    codes = {lab: i for i, lab in enumerate(sorted(set(labels), key=repr))}
    g = np.array([codes[lab] for lab in labels], dtype=np.int64)
    k = len(codes)

    A = nx.to_scipy_sparse_array(G, nodelist=node_list, weight=None, format="lil", dtype=float)
    A.setdiag(0)
    A = sp.csr_array(A)
    A.eliminate_zeros()
    A.data[:] = 1.0
    if not G.is_directed():
        A = sp.csr_array(((A + A.T) > 0).astype(float))

    counts = {role: np.zeros(n) for role in ROLES}
    if n:
        onehot = sp.csr_array((np.ones(n), (np.arange(n), g)), shape=(n, k))
        inn = (A.T @ onehot).toarray()  # in-neighbours of b per group
        out = (A @ onehot).toarray()  # out-neighbours of b per group
        recip = (A.multiply(A.T) @ onehot).toarray()
        rows = np.arange(n)
        in_own, out_own = inn[rows, g], out[rows, g]
        in_all, out_all = inn.sum(axis=1), out.sum(axis=1)
        same_outside = (inn * out).sum(axis=1) - in_own * out_own
        counts["coordinator"] += in_own * out_own - recip[rows, g]
        counts["gatekeeper"] += (in_all - in_own) * out_own
        counts["representative"] += in_own * (out_all - out_own)
        counts["consultant"] += same_outside - (recip.sum(axis=1) - recip[rows, g])
        counts["liaison"] += (in_all - in_own) * (out_all - out_own) - same_outside
        _subtract_closed(A, onehot, g, counts)

    wanted = set(node_list) if nodes is None else set(nodes)
    result = {}
    for i, v in enumerate(node_list):
        if v in wanted:
            row = {role: int(round(counts[role][i])) for role in ROLES}
            row["total"] = sum(row.values())
            result[v] = row
    return result


def _subtract_closed(A, onehot, g, counts):
    """Remove the pairs ``(a, c)`` that are directly tied (``a → c``): for each edge
    ``a → b`` the common out-neighbours ``c`` of ``a`` and ``b``, by group of ``c``."""
    coo = sp.coo_array(A)
    src, dst = coo.row, coo.col
    for start in range(0, len(src), _EDGE_BLOCK):
        a = src[start : start + _EDGE_BLOCK]
        b = dst[start : start + _EDGE_BLOCK]
        common = sp.csr_array(A[a].multiply(A[b]))  # row e: c with a→c and b→c
        per_group = (common @ onehot).toarray()
        rows = np.arange(len(a))
        ga, gb = g[a], g[b]
        to_own = per_group[rows, gb]
        to_a = per_group[rows, ga]
        total = per_group.sum(axis=1)
        same = ga == gb
        np.subtract.at(counts["coordinator"], b[same], to_own[same])
        np.subtract.at(counts["representative"], b[same], (total - to_own)[same])
        diff = ~same
        np.subtract.at(counts["gatekeeper"], b[diff], to_own[diff])
        np.subtract.at(counts["consultant"], b[diff], to_a[diff])
        np.subtract.at(counts["liaison"], b[diff], (total - to_own - to_a)[diff])
