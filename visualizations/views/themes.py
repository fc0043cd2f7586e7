"""Themes: which measures and action fields each cross-cutting theme connects."""

from __future__ import annotations

import networkx as nx

from ..model import text
from .common import ViewContext, finish

TITLE = text("Themen über Handlungsfelder", "Themes across action fields")
CAPTION = text(
    "Die sechs Querschnittsthemen, die Massnahmen, die sie aufgreifen, und deren "
    "Handlungsfelder. Ein Thema, das Massnahmen mehrerer Felder verbindet, hält den Plan "
    "zusammen; ein Thema ohne Massnahme steht allein. Farbe nach Handlungsfeld wählbar.",
    "The six cross-cutting themes, the measures that take them up, and their "
    "action fields. A theme linking measures of several fields holds the plan together; "
    "a theme with no measure stands alone. Colour by action field on request.",
)


def build(ctx: ViewContext):
    """Theme–measure graph with each measure joined to its action field."""
    from igel_graph.analysis.projections import theme_measure_graph

    facts = ctx.facts
    T = theme_measure_graph(ctx.store)
    G = nx.Graph()
    G.add_nodes_from(T.nodes(data=True))
    for u, v in T.edges():
        G.add_edge(u, v, relation="theme")
    for m, data in list(T.nodes(data=True)):
        if data.get("type") != "Measure":
            continue
        for f in facts.fields.get(m, ()):
            if f not in G:
                G.add_node(f, type="ActionField", label_de=facts.label(f, "de"), label_en=facts.label(f, "en"))
            G.add_edge(m, f, relation="inActionField")
    measures_per = {n: float(sum(1 for x in G[n] if G.nodes[x].get("type") == "Measure")) for n in G}
    view = finish(
        ctx,
        "themes",
        TITLE,
        CAPTION,
        G,
        facet_keys=("type", "field", "goal", "theme", "kind", "start"),
        size_metrics=("measures", "degree", "betweenness"),
    )
    for n in view.nodes:
        n.metrics["measures"] = measures_per.get(n.id, 0.0)
    return view
