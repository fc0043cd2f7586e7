"""The whole plan: plans, action fields, goals, measures, actors, themes and regions."""

from __future__ import annotations

import networkx as nx

from ..graphdata import plan_graph
from ..model import text
from .common import ViewContext, finish

TITLE = text("Der ganze Plan", "The whole plan")
CAPTION = text(
    "Alle Pläne mit ihren Handlungsfeldern, Zielen und Massnahmen, den beteiligten Akteuren "
    "(Linienstärke: federführend, Partner, gestrichelt: Adressat), Themen und Regionen. "
    "Farbe nach Typ; Filter blenden Typen, Handlungsfelder, Themen und Rollen aus.",
    "Every plan with its action fields, goals and measures, the actors involved (line "
    "weight: lead, partner; dashed: addressee), themes and regions. Colour by type; the "
    "filters hide types, action fields, themes and roles.",
)


def build(ctx: ViewContext):
    """The whole-plan view from :func:`visualizations.graphdata.plan_graph`."""
    M = plan_graph(ctx.store, ctx.facts)
    G = nx.Graph()
    G.add_nodes_from(M.nodes(data=True))
    nested = {u for u, _v, rel in M.edges(keys=True) if rel in ("contributesTo", "inActionField")}
    for u, v, data in M.edges(data=True):
        # a goal or measure already hangs from its field or goal: its partOfPlan line
        # would only tie everything to the plan node and hide the structure
        if data["relation"] == "partOfPlan" and u in nested:
            continue
        # one drawn line per pair; the role edges win over the structural ones
        if G.has_edge(u, v) and data["relation"] not in ("lead", "partner", "addressee"):
            continue
        G.add_edge(u, v, relation=data["relation"])
    return finish(ctx, "plan", TITLE, CAPTION, G)
