"""The ego view: any resource and what lies up to N steps from it in the whole plan."""

from __future__ import annotations

import networkx as nx

from igel_graph.errors import IgelError
from igel_graph.namespaces import resource

from ..graphdata import plan_graph
from ..model import text
from .common import ViewContext, expand_iri, finish

TITLE = text("Umfeld einer Ressource", "Neighbourhood of a resource")
CAPTION = text(
    "Eine Ressource (Stern) und alles, was höchstens N Schritte von ihr entfernt ist. N "
    "wählen Sie oben; eine andere Mitte über den Parameter center oder die Seite der Ressource.",
    "A resource (star) and everything at most N steps away from it. Choose N above; "
    "another centre through the parameter center or the resource's page.",
)

#: largest N the page offers
MAX_HOPS = 4
DEFAULT_CENTER = str(resource("plan", "igel-2026-2030"))


def build(ctx: ViewContext):
    """Ego graph of ``params['center']`` with radius ``params['n']`` (at most 4)."""
    center = expand_iri(ctx.params.get("center") or DEFAULT_CENTER)
    try:
        radius = int(ctx.params.get("n") or 3)
    except ValueError:
        raise IgelError(f"n must be a whole number of steps, not {ctx.params.get('n')!r}.") from None
    if not 1 <= radius <= MAX_HOPS:
        raise IgelError(f"n must be between 1 and {MAX_HOPS}, not {radius}.")
    M = plan_graph(ctx.store, ctx.facts)
    if center not in M:
        raise IgelError(
            f"No resource {center} in the plan graph.",
            hint="Pick an actor, measure, goal, field, theme or plan, e.g. id:actor/gsd.",
        )
    U = nx.Graph()
    U.add_nodes_from(M.nodes(data=True))
    for u, v, d in M.edges(data=True):
        if not U.has_edge(u, v) or d["relation"] in ("lead", "partner", "addressee"):
            U.add_edge(u, v, relation=d["relation"])
    hop = nx.single_source_shortest_path_length(U, center, cutoff=radius)
    E = U.subgraph(hop).copy()
    label = ctx.facts.label(center, "de"), ctx.facts.label(center, "en")
    title = text(f"Umfeld: {label[0]}", f"Neighbourhood: {label[1]}")
    view = finish(ctx, "ego", title, CAPTION, E)
    for n in view.nodes:
        n.hop = hop.get(n.id)
        if n.id == center:
            n.marker = "center"
    view.max_hop = max(hop.values()) if len(hop) > 1 else 1
    view.markers["center"] = text("Mitte der Ansicht", "Centre of the view")
    return view
