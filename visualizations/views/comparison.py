"""Any two plans (``?a=PLAN&b=PLAN``, by default IGeL and BW) or two versions of an
imported plan (``?a=id:plan/P@1&b=id:plan/P@2``): which care sectors and themes each
covers, side by side, from the named query ``plan-comparison``."""

from __future__ import annotations

import networkx as nx

from igel_graph.errors import IgelError

from ..layout import layered_layout
from ..model import Text, text
from ..palette import COVERAGE_COLOURS
from .common import ViewContext, expand_iri, finish


class UnknownPlan(IgelError):
    """A plan to compare that the store does not hold (404)."""

    http_status = 404


TITLE = text("Zwei Pläne im Vergleich", "Two plans compared")
CAPTION = text(
    "Links Plan A und seine Teile, rechts Plan B und seine Teile (ohne Wahl: der Luzerner "
    "Aktionsplan und das baden-württembergische Modellprojekt); dazwischen die "
    "Versorgungsbereiche und Querschnittsthemen. Eine Linie heisst: der Plan oder einer "
    "seiner Teile nennt den Bereich oder das Thema. Farbe «Abdeckung»: beide, nur einer, keiner.",
    "Left plan A and its parts, right plan B and its parts (by default the Lucerne action "
    "plan and the Baden-Württemberg model project); between them the care sectors and "
    "cross-cutting themes. A line means: the plan or one of its parts names the sector or "
    "theme. Colour 'coverage': both, one only, neither.",
)
#: the caption of today's IGeL ↔ BW view (no plans chosen)
DEFAULT_CAPTION = text(
    "Links der Luzerner Aktionsplan und seine Teile, rechts das baden-württembergische "
    "Modellprojekt; dazwischen die acht Versorgungsbereiche und sechs Querschnittsthemen. "
    "Eine Linie heisst: der Plan oder einer seiner Teile nennt den Bereich oder das Thema. "
    "Farbe «Abdeckung»: beide, nur einer, keiner.",
    "Left the Lucerne action plan and its parts, right the Baden-Württemberg model "
    "project; between them the eight care sectors and six cross-cutting themes. A line "
    "means: the plan or one of its parts names the sector or theme. Colour 'coverage': "
    "both, one only, neither.",
)

#: the plans compared when the request names none (today's IGeL ↔ BW view)
DEFAULT_A = "id:plan/igel-2026-2030"
DEFAULT_B = "id:plan/bw-modellprojekt"
#: the dimensions of plan-comparison this view draws
DIMENSIONS = ("care sector", "theme")


def coverage_legend(name_a: Text, name_b: Text) -> dict[str, tuple[str, Text]]:
    """Colour and wording of each answer of ``coveredBy`` for plans called ``name_a`` and ``name_b``."""
    return {
        "both": (COVERAGE_COLOURS["both"], text("beide Pläne", "both plans")),
        "A": (COVERAGE_COLOURS["A"], text(f"nur {name_a['de']}", f"{name_a['en']} only")),
        "B": (COVERAGE_COLOURS["B"], text(f"nur {name_b['de']}", f"{name_b['en']} only")),
        "neither": (COVERAGE_COLOURS["neither"], text("keiner", "neither")),
    }


def chosen_plans(ctx: ViewContext) -> tuple[str, str]:
    """The IRIs of plans ``a`` and ``b`` of the request (defaults: IGeL and BW) as
    :func:`compared` gives them; an unknown plan is an error naming it (HTTP 404)."""
    _, plan_a, plan_b = compared(ctx)
    return plan_a, plan_b


def compared(ctx: ViewContext) -> tuple[ViewContext, str, str]:
    """The context to build on and the IRIs of plans ``a`` and ``b`` in it.

    A side may be a version of an imported plan (``id:plan/P@VERSION`` or the version's
    IRI): then the context reads the store copy in which the chosen versions are plans of
    their own (:func:`igel_graph.workbook.version_pair.comparison_store`) and the side's
    IRI is the version's; an unknown version is 404 naming the known ones."""
    from igel_graph.workbook.version_pair import comparison_store, side

    sides = [side(ctx.store, ctx.params.get(key) or default) for key, default in (("a", DEFAULT_A), ("b", DEFAULT_B))]
    store = comparison_store(ctx.store, sides[0], sides[1])
    if store is not ctx.store:
        ctx = ViewContext(store, node_limit=ctx.node_limit, params=ctx.params)
    for key, s in zip(("a", "b"), sides):
        if str(s.iri) not in ctx.facts.types:
            raise UnknownPlan(
                f"There is no plan {str(s.iri)!r} to compare (parameter {key}).",
                hint="Choose a plan on /compare, e.g. a=id:plan/igel-2026-2030.",
            )
    return ctx, str(sides[0].iri), str(sides[1].iri)


def build(ctx: ViewContext):
    """Two plans, their parts that name a sector or theme, and the concepts between."""
    from rdflib import URIRef

    from igel_graph.queries import get_query

    ctx, plan_a, plan_b = compared(ctx)
    facts = ctx.facts
    rows = get_query("plan-comparison").run(ctx.store, {"a": URIRef(plan_a), "b": URIRef(plan_b), "lang": "de"}).dicts()
    covered = {str(r["concept"]): str(r["coveredBy"]) for r in rows if str(r["dimension"]) in DIMENSIONS}
    label_a = text(facts.label(plan_a, "de"), facts.label(plan_a, "en"))
    label_b = text(facts.label(plan_b, "de"), facts.label(plan_b, "en"))
    default = (plan_a, plan_b) == (expand_iri(DEFAULT_A), expand_iri(DEFAULT_B))
    if default:  # today's IGeL ↔ BW view, worded as before
        name_a, name_b = text("IGeL", "IGeL"), text("BW", "BW")
    else:  # plan names are long and alike ("Aktionsplan … Kanton X"): the caption names A and B
        name_a, name_b = text("A", "A"), text("B", "B")
    coverage = coverage_legend(name_a, name_b)
    G = nx.Graph()
    for p in (plan_a, plan_b):
        G.add_node(p, type=facts.types.get(p, "Plan"), label_de=facts.label(p, "de"), label_en=facts.label(p, "en"))
    for c in covered:
        G.add_node(c, type=facts.types.get(c, "Theme"), label_de=facts.label(c, "de"), label_en=facts.label(c, "en"))
    parts: dict[str, list[str]] = {plan_a: [], plan_b: []}
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
    title, caption = TITLE, CAPTION
    if default:
        title, caption = text("IGeL und BW im Vergleich", "IGeL and BW compared"), DEFAULT_CAPTION
    else:
        caption = text(
            f"A: {label_a['de']}. B: {label_b['de']}. " + CAPTION["de"],
            f"A: {label_a['en']}. B: {label_b['en']}. " + CAPTION["en"],
        )
    view = finish(
        ctx,
        "comparison",
        title,
        caption,
        G,
        pos=pos,
        facet_keys=("type", "field", "theme"),
        colour_modes=("type", "field"),
        size_metrics=("degree",),
    )
    view.colour_modes = {"coverage": text("Abdeckung", "Coverage"), **view.colour_modes}
    for n in view.nodes:
        n.colours["coverage"] = coverage.get(covered.get(n.id, ""), (COVERAGE_COLOURS["plan"], None))[0]
        if n.id in covered:
            n.facts.append((text("Abgedeckt von", "Covered by"), coverage[covered[n.id]][1]))
    view.legends = {
        "coverage": [(c, label) for c, label in coverage.values()]
        + [(COVERAGE_COLOURS["plan"], text("Plan oder Teil", "plan or part"))],
        **view.legends,
    }
    return view


def _links(ctx: ViewContext, plans) -> list[tuple[str, str, str]]:
    """(plan, plan or part, concept) for every care sector or theme a plan or its part names."""
    from rdflib import URIRef

    from igel_graph.namespaces import IGEL
    from igel_graph.store.base import SelectResult

    out: list[tuple[str, str, str]] = []
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
