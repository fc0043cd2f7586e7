"""IGeL ↔ BW: which care sectors and themes each plan covers, side by side."""

from __future__ import annotations

import networkx as nx

from igel_graph.namespaces import resource

from ..layout import layered_layout
from ..model import text
from ..palette import COVERAGE_COLOURS
from .common import ViewContext, finish

TITLE = text("IGeL und BW im Vergleich", "IGeL and BW compared")
CAPTION = text(
    "Links der Luzerner Aktionsplan und seine Teile, rechts das baden-württembergische "
    "Modellprojekt; dazwischen die acht Versorgungsbereiche und sechs Querschnittsthemen. "
    "Eine Linie heisst: der Plan oder einer seiner Teile nennt den Bereich oder das Thema. "
    "Farbe «Abdeckung»: beide, nur einer, keiner.",
    "Left the Lucerne action plan and its parts, right the Baden-Württemberg model "
    "project; between them the eight care sectors and six cross-cutting themes. A line "
    "means: the plan or one of its parts names the sector or theme. Colour 'coverage': "
    "both, one only, neither.",
)

COVERAGE = {
    "both": (COVERAGE_COLOURS["both"], text("beide Pläne", "both plans")),
    "A": (COVERAGE_COLOURS["A"], text("nur IGeL", "IGeL only")),
    "B": (COVERAGE_COLOURS["B"], text("nur BW", "BW only")),
    "neither": (COVERAGE_COLOURS["neither"], text("keiner", "neither")),
}


def build(ctx: ViewContext):
    """Two plans, their parts that name a sector or theme, and the concepts between."""
    from igel_graph.queries import get_query

    facts = ctx.facts
    plan_a = str(resource("plan", "igel-2026-2030"))
    plan_b = str(resource("plan", "bw-modellprojekt"))
    rows = get_query("coverage-comparison").run(ctx.store, {"lang": "de"}).dicts()
    covered = {str(r["concept"]): str(r["coveredBy"]) for r in rows}
    G = nx.Graph()
    for p in (plan_a, plan_b):
        G.add_node(p, type=facts.types.get(p, "Plan"), label_de=facts.label(p, "de"), label_en=facts.label(p, "en"))
    for c in covered:
        G.add_node(c, type=facts.types.get(c, "Theme"), label_de=facts.label(c, "de"), label_en=facts.label(c, "en"))
    parts = {plan_a: [], plan_b: []}
    for plan, part, concept in _links(ctx, (plan_a, plan_b)):
        if concept not in G:
            continue
        if part == plan:
            G.add_edge(plan, concept, relation="covers")
            continue
        if part not in G:
            G.add_node(
                part,
                type=facts.types.get(part, "Measure"),
                label_de=facts.label(part, "de"),
                label_en=facts.label(part, "en"),
            )
            G.add_edge(part, plan, relation="partOfPlan")
            parts[plan].append(part)
        G.add_edge(part, concept, relation="theme" if facts.types.get(concept) == "Theme" else "careSector")
    concepts = sorted(covered, key=lambda c: (facts.types.get(c, ""), facts.label(c, "de")))
    layers = [
        sorted(parts[plan_a], key=lambda m: facts.numbers.get(m, m)),
        [plan_a],
        concepts,
        [plan_b],
        sorted(parts[plan_b], key=lambda m: facts.numbers.get(m, m)),
    ]
    pos = layered_layout([layer for layer in layers if layer], dx=330.0, dy=80.0)
    view = finish(
        ctx,
        "comparison",
        TITLE,
        CAPTION,
        G,
        pos=pos,
        facet_keys=("type", "field", "theme"),
        colour_modes=("type", "field"),
        size_metrics=("degree",),
    )
    view.colour_modes = {"coverage": text("Abdeckung", "Coverage"), **view.colour_modes}
    for n in view.nodes:
        n.colours["coverage"] = COVERAGE.get(covered.get(n.id, ""), (COVERAGE_COLOURS["plan"], None))[0]
        if n.id in covered:
            n.facts.append((text("Abgedeckt von", "Covered by"), COVERAGE[covered[n.id]][1]))
    view.legends = {
        "coverage": [(c, label) for c, label in COVERAGE.values()]
        + [(COVERAGE_COLOURS["plan"], text("Plan oder Teil", "plan or part"))],
        **view.legends,
    }
    return view


def _links(ctx: ViewContext, plans) -> list[tuple[str, str, str]]:
    """(plan, plan or part, concept) for every care sector or theme a plan or its part names."""
    from rdflib import URIRef

    from igel_graph.namespaces import IGEL
    from igel_graph.store.base import SelectResult

    out = []
    direct = f"SELECT DISTINCT ?c WHERE {{ ?plan <{IGEL.careSector}>|<{IGEL.theme}> ?c }}"
    parts = (
        f"SELECT DISTINCT ?part ?c WHERE {{ ?part <{IGEL.partOfPlan}> ?plan ; <{IGEL.careSector}>|<{IGEL.theme}> ?c }}"
    )
    for plan in plans:
        res = ctx.store.query(direct, {"plan": URIRef(plan)})
        assert isinstance(res, SelectResult)
        out.extend((plan, plan, str(c)) for (c,) in res)
        res = ctx.store.query(parts, {"plan": URIRef(plan)})
        assert isinstance(res, SelectResult)
        out.extend((plan, str(p), str(c)) for p, c in res)
    return out
