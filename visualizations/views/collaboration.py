"""The actor collaboration network with the gap findings of the analysis drawn on it."""

from __future__ import annotations

import math

from igel_graph.monitoring.asof import NO_REPORT, WORST_FIRST, monitoring_as_of, parse_as_of, worst_status
from igel_graph.readmodel import read_model

from ..details import edge_measures
from ..model import View, text
from ..palette import STATUS_COLOURS
from .common import ViewContext, finish

TITLE = text("Zusammenarbeit der Akteure", "Actor collaboration")
CAPTION = text(
    "Zwei Akteure sind verbunden, wenn sie eine Massnahme gemeinsam führen oder als Partner "
    "tragen (Linienstärke: Gewicht nach Newman). Gestrichelt rot: vorgeschlagene "
    "Zusammenarbeit, die fehlt; gestrichelt violett: Akteure am selben Ziel oder Thema ohne "
    "gemeinsame Massnahme. Rauten: einzige Verbindungsstellen; Dreiecke: Gruppen, die nur "
    "adressiert, nie beteiligt sind.",
    "Two actors are linked when they lead or partner in the same measure (line weight: "
    "Newman weight). Dashed red: a suggested collaboration that is missing; dashed purple: "
    "actors on the same goal or theme without a shared measure. Diamonds: sole brokers; "
    "triangles: groups that are only addressed, never involved.",
)
STATUS_CAPTION = text(
    "Farbe nach Umsetzungsstand: eine Linie trägt den schlechtesten aktuellen Stand der "
    "Massnahmen, die sie bilden, ein Akteur den schlechtesten der Massnahmen, die er führt "
    "(eingestellt, sistiert, verzögert zuerst).",
    "Colour by implementation status: a line takes the worst current status of the measures "
    "that make it, an actor the worst of the measures it leads (dropped, suspended, delayed "
    "first).",
)

UNCOORDINATED = "uncoordinated"


def analysis_metrics(ctx: ViewContext, nodes: list[str]) -> dict[str, dict[str, float]]:
    """The collaboration metrics of the analysis for ``nodes``: the values ``igel analyse``
    stored in the analysis graph (what the ``analysis-metrics`` query returns), and for a
    node without a stored value (a large network stores the top values only, or the store
    was not analysed yet) the value of the same analysis run in memory. The view never
    computes a centrality of its own, so its dashed suggestions never enter one.
    """
    from igel_graph.readmodel import stored_metrics

    stored = stored_metrics(ctx.store)
    live = ctx.analysis.metrics.get("collaboration", {})
    out: dict[str, dict[str, float]] = {}
    for metric, values in live.items():
        saved = stored.get("collaboration/" + metric, {})
        chosen = {n: float(saved[n]) if n in saved else float(values[n]) for n in nodes if n in saved or n in values}
        # constraint is undefined (NaN) for an actor without ties: no value, not a fake one
        out[metric] = {n: v for n, v in chosen.items() if math.isfinite(v)}
    return out


def build(ctx: ViewContext):
    """Collaboration graph plus edges for suggested and uncoordinated pairs, markers for
    sole brokers (and the hub of a hub-and-spoke finding) and only-addressed groups."""
    from igel_graph.analysis.projections import collaboration_graph

    G = collaboration_graph(ctx.store).copy()
    for _u, _v, d in G.edges(data=True):
        d["relation"] = "collaboration"
    result = ctx.analysis
    model = read_model(ctx.store)
    brokers: set[str] = set()
    gaps: set[str] = set()
    for f in result.findings:
        ev = list(f.evidence)
        if f.kind in ("suggested-collaboration", "uncoordinated-pair") and len(ev) >= 2:
            # a finding is about one actor (its subject) and names its candidates among
            # the evidence: one dashed edge to each of them
            u = getattr(f, "subject", None) or ev[0]
            rel = "suggested" if f.kind == "suggested-collaboration" else UNCOORDINATED
            for v in [x for x in ev if x != u and model.is_a(x, "Actor")]:
                for n in (u, v):
                    if n not in G:
                        G.add_node(n)
                if not G.has_edge(u, v) or G.edges[u, v]["relation"] == UNCOORDINATED:
                    G.add_edge(u, v, relation=rel, weight=1.0, finding=f.iri, title=f.title)
        elif f.kind in ("sole-broker", "hub-and-spoke") and ev:
            brokers.add(ev[0])
        elif f.kind == "only-addressed" and ev:
            gaps.add(ev[0])
            if ev[0] not in G:
                G.add_node(ev[0])
    facts = ctx.facts
    for n, data in G.nodes(data=True):
        data.setdefault("type", facts.types.get(n, "Actor"))
        data.setdefault("label_de", facts.label(n, "de"))
        data.setdefault("label_en", facts.label(n, "en"))
    view = finish(
        ctx,
        "collaboration",
        TITLE,
        CAPTION,
        G,
        size_metrics=("degree", "betweenness", "brokerage-total"),
        facet_keys=("type", "field", "goal", "theme", "role", "kind", "start"),
        metrics=analysis_metrics(ctx, list(G)),
        colour_modes=("type", "field", "community", "status"),
    )
    colour_by_status(ctx, view)
    for n in view.nodes:
        if n.id in brokers:
            n.marker = "broker"
        elif n.id in gaps:
            n.marker = "gap"
    titles = {(u, v): d.get("title") for u, v, d in G.edges(data=True) if d.get("title")}
    for e in view.edges:
        e.title = titles.get((e.source, e.target)) or titles.get((e.target, e.source))
    view.markers.update(
        {
            "broker": text("einzige Verbindungsstelle (Befund)", "sole broker (finding)"),
            "gap": text("nur adressiert, nie beteiligt (Befund)", "only addressed, never involved (finding)"),
        }
    )
    return view


def colour_by_status(ctx: ViewContext, view: View) -> None:
    """The "status" colour mode (issue 14), as known on ``?as_of=`` (default today): each
    collaboration edge gets the worst current status of the measures that make it (those
    both actors lead or partner in, :func:`..details.edge_measures`), each actor the worst
    status of the measures it leads; a legend entry per status present, labelled from the
    SKOS scheme. Statuses are read from :func:`igel_graph.monitoring.asof.monitoring_as_of`
    (the rule of the ``measure-status`` query); a part of a measure counts as its measure.
    """
    day = parse_as_of(ctx.params.get("as_of"))
    mon = monitoring_as_of(ctx.store, day)
    rm = read_model(ctx.store)
    whole = _parent_measures(ctx.store)

    def status_of(measures) -> str:
        codes = []
        for m in {whole.get(m, m) for m in measures}:
            report = mon.latest(m)
            codes.append(report.code if report is not None else NO_REPORT)
        return worst_status(codes)

    used: set[str] = set()
    for n in view.nodes:
        led = [m for m, roles in rm.measures_of(n.id).items() if "lead" in roles] if rm.is_a(n.id, "Actor") else []
        code = status_of(led) if led else NO_REPORT
        n.colours["status"] = STATUS_COLOURS[code]
        n.status = code if led else None
        used.add(code)
    for e in view.edges:
        if e.relation != "collaboration":
            continue
        measures = e.measures or edge_measures(ctx.store, e.source, e.target)
        if not measures:
            continue
        e.status = status_of(measures)
        e.colours["status"] = STATUS_COLOURS[e.status]
        used.add(e.status)
    labels = _status_labels(ctx.store, rm)
    view.legends["status"] = [(STATUS_COLOURS[c], labels[c]) for c in WORST_FIRST if c in used]
    view.as_of = day.isoformat()
    view.default_colour = ctx.params.get("colour")
    view.caption = {lang: f"{view.caption[lang]} {STATUS_CAPTION[lang]}" for lang in ("de", "en")}


def _parent_measures(store) -> dict[str, str]:
    """A part of a measure → its measure (status is reported on measures)."""
    from igel_graph.namespaces import PREFIXES

    q = f"PREFIX igel: <{PREFIXES['igel']}>\nSELECT ?part ?m WHERE {{ ?part igel:partOfMeasure ?m }}"
    return {str(part): str(m) for part, m in store.query(q).rows}


def _status_labels(store, rm) -> dict[str, dict[str, str]]:
    """Status code → its de/en label in the implementation-status scheme ("no report" for
    :data:`NO_REPORT`)."""
    from igel_graph.monitoring.context import PlanContext

    out = {code: rm.names(str(iri)) for code, iri in PlanContext.load(store).statuses.items()}
    out[NO_REPORT] = text("keine Meldung / führt keine Massnahme", "no report / leads no measure")
    return out
