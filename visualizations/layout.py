"""Node positions computed on the server, so the browser never runs a physics simulation.

Small components get networkx's Kamada–Kawai layout (readable and deterministic, so a
view looks the same every time). Large graphs get :func:`force_layout`, the
same model vectorised with numpy over all node pairs: networkx's sparse variant loops over
nodes in Python and takes about 14 s for 2,000 nodes here, this one well under 2 s.
Views with a natural order (implementation waves, two plans side by side) use
:func:`layered_layout`.
"""

from __future__ import annotations

import math
from typing import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

__all__ = [
    "layout_positions",
    "force_layout",
    "layered_layout",
    "declutter",
    "label_box",
    "SMALL_GRAPH",
    "LABEL_FONT",
    "LABEL_WIDTH",
]

#: graphs up to this many nodes use networkx's spring layout
SMALL_GRAPH = 150


def layout_positions(G: nx.Graph, *, seed: int = 42, spacing: float = 100.0) -> dict:
    """Positions for every node of ``G`` in canvas pixels, centred on the origin.

    Parameters
    ----------
    G : networkx graph (directed graphs are laid out as undirected)
    seed : random seed, so that the same graph always gets the same picture
    spacing : pixels per node: a component of ``m`` nodes fills a disc of radius
        ``spacing * sqrt(m)``, so that labels have room

    Returns
    -------
    dict mapping node -> (x, y) floats

    Components up to :data:`SMALL_GRAPH` nodes use Kamada–Kawai (deterministic, evenly
    spread); larger ones :func:`force_layout`. Components are packed in rows, largest first.

    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2]
    True
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    comps = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    # each component is laid out on its own and the pieces are packed in rows: a joint
    # spring layout pushes components to the far corners and squeezes each into a blob
    pieces = []
    for comp in comps:
        H = U.subgraph(comp)
        m = len(comp)
        if m == 1:
            raw = {next(iter(comp)): (0.0, 0.0)}
        elif m <= 2:
            raw = dict(zip(sorted(comp, key=str), [(-1.0, 0.0), (1.0, 0.0)]))
        elif m <= SMALL_GRAPH:
            init = nx.circular_layout(sorted(comp, key=str))
            raw = nx.kamada_kawai_layout(H, pos=init, weight=None)
        else:
            raw = force_layout(nx.Graph(H), seed=seed)
        radius = spacing * math.sqrt(m) if m > 1 else 0.0
        pieces.append((_rescale(raw, radius), radius))
    return _pack(pieces, spacing)


def _pack(pieces, spacing: float) -> dict:
    """Place laid-out components left to right in rows of roughly square overall shape."""
    total = sum((2 * r + spacing) ** 2 for _, r in pieces)
    # rows a little wider than a square: screens are wider than tall
    row_width = max(1.6 * math.sqrt(total), 2 * pieces[0][1] + spacing)
    pos: dict = {}
    x = y = 0.0
    row_height = 0.0
    for coords, r in pieces:
        # a lone node still needs room for its label beside the next one
        w = max(2 * r + spacing, 3.6 * spacing)
        if x > 0 and x + w > row_width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        for v, (px, py) in coords.items():
            pos[v] = (round(px + x + r, 1), round(py + y + r, 1))
        x += w
        row_height = max(row_height, w)
    return pos


def force_layout(G: nx.Graph, *, seed: int = 42, iterations: int = 60) -> dict:
    """Fruchterman–Reingold positions, vectorised over all node pairs with numpy.

    Repulsion ``k²/d`` acts between every pair, attraction ``d²/k`` along each edge, with
    a linearly cooling step (Fruchterman and Reingold, *Graph drawing by force-directed
    placement*, Software: Practice and Experience 21(11), 1991). Memory is O(n²): fine
    for the few thousand nodes a view shows (views above the node limit are aggregated).

    Returns
    -------
    dict mapping node -> (x, y) in roughly [-1, 1]

    >>> pos = force_layout(nx.cycle_graph(4), iterations=10)
    >>> len(pos)
    4
    """
    nodes = list(G)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float64)
    if n < 2:
        return {v: (0.0, 0.0) for v in nodes}
    edges = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=np.int64)
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    x, y = pos[:, 0], pos[:, 1]
    dx = np.empty((n, n), dtype=np.float32)
    dy = np.empty((n, n), dtype=np.float32)
    w = np.empty((n, n), dtype=np.float32)
    for _ in range(iterations):
        # one coordinate at a time in float32: a third of the memory traffic of an
        # (n, n, 2) array, which is what makes 2,000 nodes fast
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=w)
        w += dy * dy
        np.maximum(w, 1e-6, out=w)
        np.divide(k * k, w, out=w)
        disp = np.stack([(dx * w).sum(axis=1), (dy * w).sum(axis=1)], axis=1).astype(np.float64)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.sqrt((d * d).sum(axis=1))[:, None]
            pull = d * length / k
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        norm = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(norm, 1e-9, out=norm)
        pos += disp * (np.minimum(norm, t) / norm)[:, None]
        x, y = pos[:, 0], pos[:, 1]
        t -= dt
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in index.items()}


def layered_layout(layers: Sequence[Sequence[Hashable]], *, dx: float = 320.0, dy: float = 90.0) -> dict:
    """Columns left to right, one per layer, nodes stacked and centred in each column.

    Used for implementation waves (wave 1 on the left) and for side-by-side comparisons.

    >>> layered_layout([["a"], ["b", "c"]])
    {'a': (0.0, 0.0), 'b': (320.0, -45.0), 'c': (320.0, 45.0)}
    """
    pos: dict = {}
    for col, layer in enumerate(layers):
        top = -(len(layer) - 1) * dy / 2
        for row, node in enumerate(layer):
            pos[node] = (col * dx, top + row * dy)
    return pos


def _rescale(raw: Mapping, radius: float) -> dict:
    arr = np.array(list(raw.values()), dtype=float)
    arr -= arr.mean(axis=0)
    extent = np.sqrt((arr**2).sum(axis=1)).max() or 1.0
    arr *= radius / extent
    return {v: (float(x), float(y)) for v, (x, y) in zip(raw, arr)}


#: label font size (canvas pixels) and the widest a label line may be before it wraps;
#: igel-view.js draws labels with the same values
LABEL_FONT = 16.0
LABEL_WIDTH = 200.0
#: a conservative width of one character relative to the font size (system sans-serif
#: averages about 0.5; more is safer, since a wider estimate only adds room)
_CHAR = 0.58


def label_box(label: str, *, font: float = LABEL_FONT, width: float = LABEL_WIDTH) -> tuple[float, float]:
    """The (width, height) in canvas pixels a label takes when wrapped at ``width``:
    words are filled greedily into lines as the browser does.

    >>> label_box("GSD")
    (27.84, 20.0)
    >>> label_box("a " * 60)[1] > 20.0
    True
    """
    per_line = max(1, int(width / (font * _CHAR)))
    lines: list[int] = []
    for word in label.split():
        if lines and lines[-1] + 1 + len(word) <= per_line:
            lines[-1] += 1 + len(word)
        else:
            lines.extend([per_line] * (len(word) // per_line))
            rest = len(word) % per_line
            if rest or not len(word) // per_line:
                lines.append(rest)
    lines = lines or [0]
    w = min(width, max(lines) * font * _CHAR)
    return round(w, 2), round(len(lines) * font * 1.25, 2)


def declutter(
    pos: Mapping[Hashable, tuple[float, float]],
    boxes: Mapping[Hashable, tuple[float, float]],
    radii: Mapping[Hashable, float],
    *,
    gap: float = 8.0,
    iterations: int = 400,
) -> dict:
    """Move nodes apart until no two of them overlap, a node being its dot (``radii``)
    with its label box (``boxes``: width, height) drawn centred below it.

    Each round finds every overlapping pair (numpy over all pairs) and pushes both apart
    along the axis that needs the smaller move, half each; the layout's shape is kept,
    only crowded places open up. Stops when nothing overlaps or after ``iterations``
    rounds. Returns the new positions.

    >>> out = declutter({"a": (0, 0), "b": (5, 0)}, {"a": (40, 20), "b": (40, 20)}, {"a": 10, "b": 10})
    >>> abs(out["a"][0] - out["b"][0]) >= 40 or abs(out["a"][1] - out["b"][1]) >= 40
    True
    """
    nodes = list(pos)
    if len(nodes) < 2:
        return {v: tuple(pos[v]) for v in nodes}
    xy = np.array([pos[v] for v in nodes], dtype=float)
    r = np.array([radii.get(v, 10.0) for v in nodes], dtype=float)
    bw = np.array([boxes.get(v, (0.0, 0.0))[0] for v in nodes], dtype=float)
    bh = np.array([boxes.get(v, (0.0, 0.0))[1] for v in nodes], dtype=float)
    half_w = np.maximum(bw / 2, r) + gap / 2
    # the box spans from the dot's top to the label's bottom
    top = -r - gap / 2
    bottom = r + 4 + bh + gap / 2
    n = len(nodes)
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    for _ in range(iterations):
        dx = xy[:, 0][None, :] - xy[:, 0][:, None]
        dy = xy[:, 1][None, :] - xy[:, 1][:, None]
        over_x = half_w[:, None] + half_w[None, :] - np.abs(dx)
        # j below i: i's bottom against j's top; j above i: j's bottom against i's top
        over_y = np.where(dy >= 0, bottom[:, None] - (dy + top[None, :]), bottom[None, :] - (-dy + top[:, None]))
        hit = (over_x > 0) & (over_y > 0) & upper
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        move = np.zeros_like(xy)
        horizontal = over_x[i, j] < over_y[i, j]
        sx = np.where(dx[i, j] >= 0, 1.0, -1.0)
        sy = np.where(dy[i, j] >= 0, 1.0, -1.0)
        step_x = np.where(horizontal, (over_x[i, j] / 2 + 0.5) * sx, 0.0)
        step_y = np.where(horizontal, 0.0, (over_y[i, j] / 2 + 0.5) * sy)
        np.add.at(move[:, 0], i, -step_x)
        np.add.at(move[:, 0], j, step_x)
        np.add.at(move[:, 1], i, -step_y)
        np.add.at(move[:, 1], j, step_y)
        # a node in several overlaps takes the mean of its moves, not their sum
        count = np.bincount(np.concatenate([i, j]), minlength=n).astype(float)
        xy += move / np.maximum(count, 1.0)[:, None]
    return {v: (round(float(xy[k, 0]), 1), round(float(xy[k, 1]), 1)) for k, v in enumerate(nodes)}
