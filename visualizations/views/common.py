"""What every view builder shares: the request context and the finishing steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import networkx as nx

from igel_graph.errors import IgelError
from igel_graph.namespaces import ID_BASE
from igel_graph.store.base import Store

from ..aggregate import aggregate
from ..build import assemble, view_edges, view_nodes
from ..graphdata import ViewFacts, view_facts
from ..model import Text, View, text

__all__ = ["ViewContext", "finish", "expand_iri"]


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
    facet_keys=("type", "field", "theme", "role"),
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
        view.notes.append(
            text(
                f"Die Ansicht hat {G.number_of_nodes()} Knoten, mehr als die Grenze von "
                f"{ctx.node_limit}: Akteure sind nach Typ, Massnahmen nach Ziel zusammengefasst.",
                f"The view has {G.number_of_nodes()} nodes, more than the limit of {ctx.node_limit}: "
                "actors are grouped by type, measures by goal.",
            )
        )
    return view
