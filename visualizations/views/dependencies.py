"""Measure dependencies across action fields, laid out in implementation waves."""

from __future__ import annotations

import networkx as nx

from ..layout import layered_layout
from ..model import text
from .common import ViewContext, finish

TITLE = text("Abhängigkeiten und Umsetzungswellen", "Dependencies and implementation waves")
CAPTION = text(
    "Massnahmen in Umsetzungswellen von links nach rechts: eine Massnahme steht rechts von "
    "allem, wovon sie abhängt (Pfeil zur Voraussetzung). Dicke violette Pfeile überqueren "
    "Handlungsfelder; blau gestrichelt: Verweise auf Massnahmen anderer Pläne. Farbe nach "
    "Handlungsfeld, Grösse nach Folgewirkung (wie viele Massnahmen eine Verzögerung aufhielte).",
    "Measures in implementation waves from left to right: a measure stands right of "
    "everything it depends on (arrow to the prerequisite). Thick purple arrows cross action "
    "fields; dashed blue: references to other plans' measures. Colour by action field, size "
    "by knock-on (how many measures a delay would hold up).",
)


def waves(D: nx.DiGraph) -> dict[str, int]:
    """Implementation wave of each measure (1 = depends on nothing), for edges
    ``dependent -> prerequisite``; measures in a dependency cycle share a wave.

    >>> waves(nx.DiGraph([("b", "a"), ("c", "b")]))
    {'a': 1, 'b': 2, 'c': 3}
    """
    C = nx.condensation(D)
    wave: dict[int, int] = {}
    for comp in reversed(list(nx.topological_sort(C))):
        wave[comp] = 1 + max((wave[s] for s in C.successors(comp)), default=0)
    return {n: wave[C.graph["mapping"][n]] for n in sorted(D)}


def build(ctx: ViewContext):
    """Dependency view: measures (and cited measures they refer to) with wave columns."""
    from igel_graph.analysis.projections import measure_graph

    facts = ctx.facts
    M = measure_graph(ctx.store, kinds=("dependency",))
    D = nx.DiGraph()
    D.add_nodes_from(M.nodes(data=True))
    for _u, _v, d in M.edges(data=True):
        for dependent, prerequisite in d.get("dependencies", ()):
            D.add_edge(dependent, prerequisite)
    wave = waves(D)
    knock = {m: float(len(nx.ancestors(D, m))) for m in D}
    G = nx.DiGraph()
    G.add_nodes_from(D.nodes(data=True))
    for u, v in D.edges():
        cross = facts.fields.get(u, set()) != facts.fields.get(v, set())
        G.add_edge(u, v, relation="crossField" if cross else "dependsOn")
    for m, target in _references(ctx):
        if m in G:
            if target not in G:
                G.add_node(
                    target,
                    type=facts.types.get(target, "CitedMeasure"),
                    label_de=facts.label(target, "de"),
                    label_en=facts.label(target, "en"),
                )
            G.add_edge(m, target, relation="refersTo")
    columns: dict[int, list[str]] = {}
    for m in G:
        w = wave.get(m, 0)  # cited measures of other plans go in column 0
        columns.setdefault(w, []).append(m)
    order = lambda m: (sorted(facts.fields.get(m, {"~"})), facts.numbers.get(m, "~"), m)  # noqa: E731
    layers = [chunk for w in sorted(columns) for chunk in _wrap(sorted(columns[w], key=order))]
    pos = layered_layout(layers, dx=260.0, dy=70.0)
    metrics_extra = {m: {"knockon": knock.get(m, 0.0)} for m in G}

    def extra(n):
        lines = []
        if n in wave:
            lines.append((text("Welle", "Wave"), str(wave[n])))
            lines.append((text("Folgewirkung (Massnahmen)", "Knock-on (measures)"), f"{knock[n]:g}"))
        return lines

    view = finish(
        ctx,
        "dependencies",
        TITLE,
        CAPTION,
        G,
        pos=pos,
        extra_facts=extra,
        facet_keys=("field", "goal", "theme", "type", "kind", "start"),
        size_metrics=("knockon", "degree", "betweenness"),
        colour_modes=("field", "type", "community"),
    )
    for n in view.nodes:
        n.metrics.update(metrics_extra.get(n.id, {}))
    return view


#: a wave with more measures than this is drawn in several columns side by side, so the
#: picture is wider than tall, as a screen is, and its labels readable at the first zoom
COLUMN_HEIGHT = 6


def _wrap(layer: list[str]) -> list[list[str]]:
    """``layer`` cut into columns of at most :data:`COLUMN_HEIGHT` (as even as possible),
    left to right; everything a wave depends on stays in the columns left of it.

    >>> [len(c) for c in _wrap([str(i) for i in range(15)])]
    [5, 5, 5]
    """
    parts = max(1, -(-len(layer) // COLUMN_HEIGHT))
    size = -(-len(layer) // parts)
    return [layer[i : i + size] for i in range(0, len(layer), size)] or [layer]


def _references(ctx: ViewContext) -> list[tuple[str, str]]:
    from igel_graph.namespaces import IGEL
    from igel_graph.store.base import SelectResult

    res = ctx.store.query(f"SELECT DISTINCT ?m ?t WHERE {{ ?m <{IGEL.refersTo}> ?t . ?m a <{IGEL.Measure}> }}")
    assert isinstance(res, SelectResult)
    return [(str(m), str(t)) for m, t in res]
