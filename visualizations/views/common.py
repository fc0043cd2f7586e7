"""What every view builder shares: the request context and the finishing steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import networkx as nx

from igel_graph.errors import IgelError
from igel_graph.namespaces import ID_BASE
from igel_graph.store.base import Store

from ..aggregate import aggregate, group_key
from ..build import assemble, view_edges, view_nodes
from ..details import detail_facts, edge_measures, node_detail
from ..graphdata import ViewFacts, view_facts
from ..layout import declutter, label_box
from ..model import Text, View, scaled_sizes, text

__all__ = ["ViewContext", "finish", "expand_iri", "DECLUTTER_LIMIT", "DETAIL_LIMIT"]

#: views up to this many nodes are laid out so that no two labels overlap
DECLUTTER_LIMIT = 200
#: views up to this many nodes carry the detail panel's data of every node and edge
DETAIL_LIMIT = 400


@dataclass
class ViewContext:
    """One view request: the store, the node limit and the view's parameters.

    ``facts`` and ``analysis`` are read from the store on first use and shared by the
    steps of one build.
    """

    store: Store
    node_limit: int = 1500
    params: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def facts(self) -> ViewFacts:
        return view_facts(self.store)

    @cached_property
    def analysis(self):
        from igel_graph.readmodel import analysis_of

        return analysis_of(self.store)

    def expand(self) -> list[str]:
        raw = self.params.get("expand") or ""
        return [k for k in raw.split(",") if k]


def expand_iri(value: str) -> str:
    """An IRI from what a user may type: a full IRI, ``id:actor/gsd`` or ``/id/actor/gsd``.

    >>> expand_iri("id:actor/gsd")
    'https://w3id.org/igel/id/actor/gsd'
    >>> expand_iri("/id/actor/gsd")
    'https://w3id.org/igel/id/actor/gsd'
    """
    value = value.strip()
    if value.startswith("id:"):
        return ID_BASE + value[3:]
    if value.startswith("/id/"):
        return ID_BASE + value[4:]
    if value.startswith(("http://", "https://")):
        return value
    raise IgelError(
        f"Not a resource: {value!r}.", hint="Give an IRI, e.g. id:actor/gsd or https://w3id.org/igel/id/actor/gsd."
    )


def finish(
    ctx: ViewContext,
    name: str,
    title: Text,
    caption: Text,
    G: nx.Graph,
    *,
    relation="relation",
    pos=None,
    facet_keys=("type", "field", "goal", "theme", "role", "kind", "start"),
    size_metrics=("degree", "betweenness"),
    colour_modes=("type", "field", "community"),
    extra_facts=None,
    metrics=None,
) -> View:
    """Aggregate ``G`` if it is too big, lay it out, style it and wrap it in a :class:`View`.

    ``metrics`` (``{metric: {node: value}}``) are the values the nodes carry and are sized
    by; by default the drawing's own degree and betweenness (:func:`..build.graph_metrics`).
    """
    H, groups = aggregate(G, ctx.facts, limit=ctx.node_limit, expand=ctx.expand())
    if groups:
        pos = None  # the precomputed positions were for the members
    nodes = view_nodes(H, ctx.facts, pos=pos, extra_facts=extra_facts, metrics=None if groups else metrics)
    for n in nodes:
        data = H.nodes[n.id]
        if data.get("type") == "Group":
            n.marker, n.url, n.members, n.expand = "aggregate", None, data["members"], data["expand"]
            n.facts = [(text("Zusammengefasst", "Aggregated"), str(data["members"]))]
    opened = set(ctx.expand())
    if opened:
        # members of an opened group can close it again
        for n in nodes:
            key = group_key(n.id, H.nodes[n.id], ctx.facts)
            if key in opened:
                n.group = key
    edges = view_edges(H, relation)
    view = assemble(
        name,
        title,
        caption,
        nodes,
        edges,
        ctx.facts,
        facet_keys=facet_keys,
        size_metrics=size_metrics,
        colour_modes=colour_modes,
    )
    if groups:
        view.aggregated = True
        view.markers["aggregate"] = text("Gruppe (Klick klappt auf)", "Group (click to expand)")
        how = _grouping(groups)
        view.notes.append(
            text(
                f"Die Ansicht hat {G.number_of_nodes()} Knoten, mehr als die Grenze von {ctx.node_limit}: {how['de']}",
                f"The view has {G.number_of_nodes()} nodes, more than the limit of {ctx.node_limit}: {how['en']}",
            )
        )
    if len(view.nodes) <= DECLUTTER_LIMIT:
        _declutter(view)
    if len(view.nodes) <= DETAIL_LIMIT:
        _add_details(ctx, view)
    _add_search(ctx, view)
    return view


def _grouping(groups: dict[str, list[str]]) -> dict[str, str]:
    """How an aggregated view grouped its nodes, by the coarsest level it took
    (:data:`visualizations.aggregate.LEVELS`): measures by goal, goals and measures by
    action field, or everything by type (a view of hundreds of plans)."""
    keys = {gid[len("group:") :] for gid in groups}
    kinds = {key.partition(":")[0] for key in keys}
    if "goal" in kinds:
        return {
            "de": "Akteure sind nach Typ, Massnahmen nach Ziel zusammengefasst.",
            "en": "actors are grouped by type, measures by goal.",
        }
    if "field" in kinds:
        return {
            "de": "Akteure sind nach Typ, Ziele und Massnahmen nach Handlungsfeld zusammengefasst.",
            "en": "actors are grouped by type, goals and measures by action field.",
        }
    if keys & {"type:Measure", "type:Goal", "type:ActionField"}:
        return {"de": "alle Knoten sind nach Typ zusammengefasst.", "en": "every node is grouped by its type."}
    return {"de": "Akteure sind nach Typ zusammengefasst.", "en": "actors are grouped by type."}


def _declutter(view: View) -> None:
    """Open up crowded places so that no two labels overlap (at any zoom: labels scale
    with the drawing). Label boxes are those of the longer of the two languages, dots
    the largest size any size mode gives the node."""
    radii = {n.id: 14.0 for n in view.nodes}
    for metric in view.size_metrics:
        if metric == "uniform":
            continue
        for nid, size in scaled_sizes({n.id: n.metrics.get(metric, 0.0) for n in view.nodes}).items():
            radii[nid] = max(radii[nid], size)
    boxes = {}
    for n in view.nodes:
        sizes = [label_box(t) for t in n.label.values()]
        boxes[n.id] = (max(w for w, _h in sizes), max(h for _w, h in sizes))
    pos = declutter({n.id: (n.x, n.y) for n in view.nodes}, boxes, radii)
    for n in view.nodes:
        n.x, n.y = pos[n.id]


def _add_details(ctx: ViewContext, view: View) -> None:
    """The detail panel's data: every resource node's detail, and for each edge between
    two actors the measures that make it."""
    rm = ctx.facts.model
    for n in view.nodes:
        if n.marker != "aggregate" and n.url:
            view.details[n.id] = node_detail(ctx.store, n.id)
    for e in view.edges:
        if rm is not None and rm.is_a(e.source, "Actor") and rm.is_a(e.target, "Actor"):
            e.measures = edge_measures(ctx.store, e.source, e.target)
            view.names.update({m: rm.names(m) for m in e.measures})


def _add_search(ctx: ViewContext, view: View) -> None:
    """What the search box matches for each node: names and titles in both languages,
    alternative labels (GSD, LERB, VLG), the number and a measure's text."""
    texts = detail_facts(ctx.store).texts
    for n in view.nodes:
        terms = list(n.label.values()) + list(ctx.facts.search.get(n.id, ()))
        terms += list(texts.get(n.id, {}).values())
        n.search = list(dict.fromkeys(terms))
