"""The whole plan: plans, action fields, goals, measures, actors, themes and regions."""

from __future__ import annotations

import networkx as nx

from ..graphdata import ViewFacts, plan_graph
from ..layout import layered_layout
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
    return finish(ctx, "plan", TITLE, CAPTION, G, pos=structured_layout(G, ctx.facts))


#: the columns of the structured layout, left to right, by type
_PLANS = {"ActionPlan", "Strategy", "FundingProgramme", "PlanningReport", "ModelProject", "Plan"}
_COLUMNS = (_PLANS, {"ActionField"}, {"Goal"}, {"Measure", "MeasurePart", "CitedMeasure"})


def _column(kind: str, facts: ViewFacts, node: str) -> int:
    for i, kinds in enumerate(_COLUMNS):
        if kind in kinds:
            return i
    model = facts.model
    return 4 if model is not None and model.is_a(node, "Actor") else 5


def structured_layout(G: nx.Graph, facts: ViewFacts) -> dict:
    """The whole plan read left to right: plans, action fields, goals, measures, actors,
    then themes, regions and the rest, one column each. Within a column a node sits at
    the mean row of its neighbours in the columns before it (so a goal stands beside its
    field and a measure beside its goal), ties broken by plan number and name."""
    columns: list[list[str]] = [[] for _ in range(6)]
    for n, data in G.nodes(data=True):
        columns[_column(data.get("type", ""), facts, n)].append(n)
    row: dict[str, float] = {}

    def number_key(n: str):
        num = facts.numbers.get(n, "")
        return [int(p) if p.isdigit() else 0 for p in num.split(".")] if num else [999]

    for col in columns:

        def key(n: str):
            before = [row[m] for m in G.neighbors(n) if m in row]
            return (sum(before) / len(before) if before else 1e9, number_key(n), facts.label(n, "de"))

        col.sort(key=key)
        for i, n in enumerate(col):
            row[n] = float(i)
    return layered_layout([c for c in columns if c], dx=340.0, dy=60.0)
