"""Turn a networkx graph into a :class:`~visualizations.model.View`: styling shared by all views.

Each node gets its facets (type, action field, theme, role), a colour per colour mode
(type, action field, community), metrics for the size control (degree, betweenness) and
tooltip facts; positions come from :mod:`.layout`. Edges get the style of their relation
from :data:`EDGE_STYLES`.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

import networkx as nx

from .graphdata import STRUCTURE_PREDICATES, ViewFacts
from .layout import layout_positions
from .model import Facet, Text, View, ViewEdge, ViewNode, legend_from, text
from .palette import EDGE_COLOURS, NO_FIELD, community_colour, field_colours, type_style

__all__ = [
    "EDGE_STYLES",
    "COLOUR_MODES",
    "METRIC_LABELS",
    "FACET_LABELS",
    "view_nodes",
    "view_edges",
    "assemble",
    "graph_metrics",
    "communities",
    "SUGGESTED_RELATIONS",
]

#: relation -> (label, vis-network edge style)
EDGE_STYLES: dict[str, tuple[Text, dict]] = {
    **{rel: (lbl, {"color": EDGE_COLOURS["structure"], "width": 1}) for rel, lbl in STRUCTURE_PREDICATES.items()},
    "lead": (STRUCTURE_PREDICATES["lead"], {"color": EDGE_COLOURS["lead"], "width": 3}),
    "partner": (STRUCTURE_PREDICATES["partner"], {"color": EDGE_COLOURS["partner"], "width": 2}),
    "addressee": (
        STRUCTURE_PREDICATES["addressee"],
        {"color": EDGE_COLOURS["addressee"], "width": 1.5, "dashes": [2, 4]},
    ),
    "theme": (STRUCTURE_PREDICATES["theme"], {"color": EDGE_COLOURS["theme"], "width": 1}),
    "dependsOn": (
        STRUCTURE_PREDICATES["dependsOn"],
        {"color": EDGE_COLOURS["dependsOn"], "width": 2.5, "arrows": "to"},
    ),
    "refersTo": (
        STRUCTURE_PREDICATES["refersTo"],
        {"color": EDGE_COLOURS["refersTo"], "width": 1.5, "arrows": "to", "dashes": [6, 3]},
    ),
    "collaboration": (
        text("arbeitet zusammen (gemeinsame Massnahme)", "collaborates (shared measure)"),
        {"color": EDGE_COLOURS["collaboration"], "width": 2},
    ),
    "suggested": (
        text("vorgeschlagene Zusammenarbeit (fehlt bisher)", "suggested collaboration (missing so far)"),
        {"color": EDGE_COLOURS["suggested"], "width": 2, "dashes": [8, 6]},
    ),
    "shared_actor": (text("gemeinsame Akteure", "shared actors"), {"color": EDGE_COLOURS["shared_actor"], "width": 1}),
    "shared_theme": (
        text("gemeinsames Thema", "shared theme"),
        {"color": EDGE_COLOURS["shared_theme"], "width": 1, "dashes": [3, 3]},
    ),
    "crossField": (
        text("hängt ab von (über Handlungsfelder hinweg)", "depends on (across action fields)"),
        {"color": EDGE_COLOURS["crossField"], "width": 4, "arrows": "to"},
    ),
    "uncoordinated": (
        text("selbes Ziel/Thema, keine gemeinsame Massnahme", "same goal/theme, no shared measure"),
        {"color": EDGE_COLOURS["uncoordinated"], "width": 1.5, "dashes": [3, 5]},
    ),
    "careSector": (STRUCTURE_PREDICATES["careSector"], {"color": EDGE_COLOURS["careSector"], "width": 1.5}),
    "covers": (text("deckt ab", "covers"), {"color": EDGE_COLOURS["covers"], "width": 2}),
    "aggregate": (text("zusammengefasst", "aggregated"), {"color": EDGE_COLOURS["aggregate"], "width": 1}),
}

COLOUR_MODES: dict[str, Text] = {
    "type": text("Typ", "Type"),
    "field": text("Handlungsfeld", "Action field"),
    "community": text("Gemeinschaft (Louvain)", "Community (Louvain)"),
    "status": text("Umsetzungsstand", "Implementation status"),
}

METRIC_LABELS: dict[str, Text] = {
    "uniform": text("gleich gross", "all the same"),
    "degree": text("Grad (Anzahl Verbindungen)", "Degree (number of links)"),
    "betweenness": text("Zwischenzentralität", "Betweenness centrality"),
    "weight": text("Gewichteter Grad", "Weighted degree"),
    "measures": text("Anzahl Massnahmen", "Number of measures"),
    "knockon": text("Folgewirkung einer Verzögerung", "Knock-on of a delay"),
    "closeness": text("Nähezentralität", "Closeness centrality"),
    "eigenvector": text("Eigenvektorzentralität", "Eigenvector centrality"),
    "constraint": text("Einschränkung (Burt)", "Constraint (Burt)"),
    "brokerage-total": text("Vermittlerrollen (Gould-Fernandez)", "Brokerage roles (Gould-Fernandez)"),
}

FACET_LABELS: dict[str, Text] = {
    "type": text("Typ", "Type"),
    "field": text("Handlungsfeld", "Action field"),
    "theme": text("Thema", "Theme"),
    "role": text("Rolle", "Role"),
    "relation": text("Beziehung", "Relation"),
    "goal": text("Ziel", "Goal"),
    "kind": text("Art der Massnahme", "Measure kind"),
    "start": text("Startjahr", "Start year"),
}

_ROLE_LABELS = {r: STRUCTURE_PREDICATES[r] for r in ("lead", "partner", "addressee")}
_NO_FIELD_COLOUR = NO_FIELD


def communities(G: nx.Graph, seed: int = 42) -> dict[str, int]:
    """Louvain community index of each node (seeded, so stable), largest community 0."""
    U = nx.Graph(G.to_undirected()) if G.is_directed() or G.is_multigraph() else G
    if U.number_of_edges() == 0:
        return {n: i for i, n in enumerate(U)}
    parts = nx.community.louvain_communities(U, seed=seed, weight="weight")
    parts = sorted(parts, key=lambda p: (-len(p), min(map(str, p))))
    return {n: i for i, part in enumerate(parts) for n in part}


#: edge relations a view draws as suggestions or findings: never part of a metric
SUGGESTED_RELATIONS = frozenset({"suggested", "uncoordinated"})


def graph_metrics(G: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree, weighted degree and betweenness of every node of ``G``, over the edges the
    view draws as relations of the data (suggested and uncoordinated edges are left out:
    a suggestion never enters a metric).

    Views whose graph the analysis measures (the collaboration network) show the
    analysis's stored values instead (:func:`igel_graph.readmodel.stored_metrics`); these
    sizes are for the other views' drawings. Betweenness is exact up to 300 nodes and
    estimated from 100 sampled sources (seed 42) above. Returns ``{metric: {node: value}}``.
    """
    U = nx.Graph()
    U.add_nodes_from(G)
    items = G.edges(data=True, keys=False) if G.is_multigraph() else G.edges(data=True)
    for u, v, data in items:
        if data.get("relation") not in SUGGESTED_RELATIONS and u != v:
            w = float(data.get("weight", 1.0) or 1.0)
            U.add_edge(u, v, weight=U[u][v]["weight"] + w if U.has_edge(u, v) else w)
    n = U.number_of_nodes()
    k = None if n <= 300 else 100
    between = nx.betweenness_centrality(U, k=k, seed=42 if k else None, normalized=True)
    return {
        "degree": {v: float(d) for v, d in U.degree()},
        "weight": {v: float(d) for v, d in U.degree(weight="weight")},
        "betweenness": {v: round(b, 4) for v, b in between.items()},
    }


def _field_order(facts: ViewFacts, fields: Iterable[str]) -> list[str]:
    return sorted(set(fields), key=lambda f: (facts.numbers.get(f, "~"), facts.label(f, "de")))


def view_nodes(
    G: nx.Graph,
    facts: ViewFacts,
    *,
    pos: Mapping | None = None,
    metrics: Mapping[str, Mapping[str, float]] | None = None,
    community: Mapping[str, int] | None = None,
    extra_facts: Callable[[str], list] | None = None,
) -> list[ViewNode]:
    """One :class:`ViewNode` per node of ``G``, styled and placed.

    Node attributes used: ``label_de``, ``label_en``, ``type``, ``field`` (the contract of
    the projections); missing ones are taken from ``facts``.
    """
    pos = pos if pos is not None else layout_positions(G)
    metrics = metrics if metrics is not None else graph_metrics(G)
    community = community if community is not None else communities(G)
    # every field of the store, not only this view's: a field has one colour everywhere
    store_fields = [f for f, t in facts.types.items() if t == "ActionField"]
    field_colour = field_colours(store_fields + [f for n in G for f in _fields_of(G, n, facts)], facts.numbers)
    nodes = []
    for n, data in G.nodes(data=True):
        kind = data.get("type") or facts.types.get(n, "Actor")
        label = {"de": data.get("label_de") or facts.label(n, "de"), "en": data.get("label_en") or facts.label(n, "en")}
        number = facts.numbers.get(n)
        if number and kind in ("Measure", "Goal", "ActionField", "CitedMeasure"):
            label = {lang: f"{number} {txt}" if number not in txt else txt for lang, txt in label.items()}
        fields = _field_order(facts, _fields_of(G, n, facts))
        themes = sorted(facts.themes.get(n, ()))
        roles = sorted(facts.roles.get(n, ()))
        lines: list = [(text("Typ", "Type"), facts.type_label(kind))]
        if fields:
            lines.append(
                (
                    FACET_LABELS["field"],
                    {lang: ", ".join(facts.label(f, lang) for f in fields) for lang in ("de", "en")},
                )
            )
        if themes:
            lines.append(
                (
                    FACET_LABELS["theme"],
                    {lang: ", ".join(facts.label(t, lang) for t in themes) for lang in ("de", "en")},
                )
            )
        if roles:
            lines.append(
                (FACET_LABELS["role"], {lang: ", ".join(_ROLE_LABELS[r][lang] for r in roles) for lang in ("de", "en")})
            )
        if n in facts.starts:
            lines.append((text("Start", "Start"), facts.starts[n]))
        for key in ("degree", "betweenness"):
            if key in metrics and n in metrics[key]:
                lines.append((METRIC_LABELS[key], f"{metrics[key][n]:g}"))
        if extra_facts:
            lines.extend(extra_facts(n))
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append(
            ViewNode(
                id=n,
                label=label,
                type=kind,
                x=x,
                y=y,
                url=n,
                facets={
                    "type": [kind],
                    "field": fields,
                    "theme": themes,
                    "role": roles,
                    "goal": sorted(facts.goal_of.get(n, ())),
                    "kind": sorted(facts.kinds.get(n, ())),
                    "start": sorted(facts.years.get(n, ())),
                },
                colours={
                    "type": type_style(kind)[0],
                    "field": field_colour[fields[0]] if fields else _NO_FIELD_COLOUR,
                    "community": community_colour(community.get(n, 0)),
                },
                metrics={k: float(v[n]) for k, v in metrics.items() if n in v},
                facts=lines,
                shape=type_style(kind)[1],
            )
        )
    return nodes


def _fields_of(G: nx.Graph, n: str, facts: ViewFacts) -> set[str]:
    own = G.nodes[n].get("field")
    found = set(facts.fields.get(n, ()))
    if isinstance(own, str) and own:
        found.add(own)
    elif isinstance(own, (list, set, tuple)):
        found.update(own)
    if facts.types.get(n) == "ActionField":
        found.add(n)
    return found


def view_edges(G: nx.Graph, relation: str | Callable[[str, str, dict], str] = "relation") -> list[ViewEdge]:
    """Edges of ``G`` as :class:`ViewEdge`; ``relation`` is an edge attribute name or a
    function ``(u, v, data) -> relation``."""
    out = []
    items = G.edges(data=True, keys=False) if G.is_multigraph() else G.edges(data=True)
    for u, v, data in items:
        rel = relation(u, v, data) if callable(relation) else str(data.get(relation) or "link")
        out.append(ViewEdge(u, v, rel, weight=float(data.get("weight", 1.0) or 1.0), directed=G.is_directed()))
    return out


def assemble(
    name: str,
    title: Text,
    caption: Text,
    nodes: list[ViewNode],
    edges: list[ViewEdge],
    facts: ViewFacts,
    *,
    facet_keys: Iterable[str] = ("type", "field", "theme", "role"),
    size_metrics: Iterable[str] = ("degree", "betweenness"),
    colour_modes: Iterable[str] = ("type", "field", "community"),
) -> View:
    """Put nodes and edges together with the facets, legends and controls they need."""
    facets = []
    for key in facet_keys:
        values: list[str] = []
        for n in nodes:
            values.extend(v for v in n.facets.get(key, ()) if v not in values)
        if not values:
            continue
        if key == "type":
            labels = {v: facts.type_label(v) for v in sorted(values, key=lambda t: facts.type_label(t)["de"])}
        elif key == "role":
            labels = {v: _ROLE_LABELS.get(v, text(v)) for v in ("lead", "partner", "addressee") if v in values}
        elif key == "start":
            labels = {v: text(v) for v in sorted(values)}
        elif key == "goal":
            labels = {
                v: {lang: facts.label(v, lang) for lang in ("de", "en")}
                for v in sorted(
                    values,
                    key=lambda g: ([int(p) if p.isdigit() else 0 for p in facts.numbers.get(g, "9").split(".")], g),
                )
            }
        elif key == "field":
            labels = {v: {lang: facts.label(v, lang) for lang in ("de", "en")} for v in _field_order(facts, values)}
        else:
            labels = {
                v: {lang: facts.label(v, lang) for lang in ("de", "en")}
                for v in sorted(values, key=lambda t: facts.label(t, "de"))
            }
        facets.append(Facet(key, FACET_LABELS[key], labels))
    relations = [r for r in dict.fromkeys(e.relation for e in edges)]
    if len(relations) > 1:
        facets.append(
            Facet(
                "relation",
                FACET_LABELS["relation"],
                {r: EDGE_STYLES.get(r, (text(r), {}))[0] for r in relations},
                on="edge",
            )
        )
    modes = {k: COLOUR_MODES[k] for k in colour_modes}
    legends: dict[str, list] = {}
    for mode in modes:
        if mode == "type":
            legends[mode] = sorted(
                legend_from((n.type, n.colours["type"], facts.type_label(n.type)) for n in nodes),
                key=lambda e: e[1]["de"],
            )
        elif mode == "field":
            entries = []
            for n in nodes:
                f = n.facets.get("field") or []
                entries.append(
                    (
                        f[0] if f else "",
                        n.colours["field"],
                        {lang: facts.label(f[0], lang) for lang in ("de", "en")}
                        if f
                        else text("kein Handlungsfeld", "no action field"),
                    )
                )
            legends[mode] = sorted(legend_from(entries), key=lambda e: e[1]["de"])
        elif mode == "community":
            comm = sorted({n.colours["community"] for n in nodes}, key=lambda c: _palette_index(c))
            legends[mode] = [(c, text(f"Gemeinschaft {i + 1}", f"Community {i + 1}")) for i, c in enumerate(comm)]
    styles = {r: EDGE_STYLES.get(r, (text(r), {"color": EDGE_COLOURS["structure"], "width": 1})) for r in relations}
    metrics = {"uniform": METRIC_LABELS["uniform"]}
    metrics.update({m: METRIC_LABELS.get(m, text(m)) for m in size_metrics})
    return View(
        name=name,
        title=title,
        caption=caption,
        nodes=nodes,
        edges=edges,
        facets=facets,
        colour_modes=modes,
        legends=legends,
        size_metrics=metrics,
        edge_styles=styles,
        legend_shapes={facts.type_label(n.type)["de"]: n.shape for n in nodes},
    )


def _palette_index(colour: str) -> int:
    from .palette import NODE_COLOURS

    return NODE_COLOURS.index(colour) if colour in NODE_COLOURS else 99
