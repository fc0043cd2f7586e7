"""The whole analysis in one call: :func:`analyse` reads the store once, builds the
projections, computes the metrics and the findings, and returns an :class:`AnalysisResult`.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import crossfield, gaps, metrics
from .brokerage import ROLES, brokerage
from .communities import compare_partitions
from .facts import PlanFacts, load_facts
from .findings import SEVERITIES, Finding
from .linkpred import suggest_collaborations
from .projections import collaboration_graph, field_graph, measure_graph
from .structural_holes import constraint, effective_size

__all__ = ["AnalysisResult", "analyse"]

#: an actor or theme shared by more measures than this is not a measure-graph link
MAX_GROUP = 50
#: findings kept per kind, most severe and highest scored first (all are counted in
#: ``AnalysisResult.finding_counts``): 8,000 "single actor" findings help no reader
FINDING_LIMIT = 200
#: above this many measures, communities are compared on the actor network only
#: (Louvain in pure Python on 60,000 measures would take minutes)
MEASURE_COMMUNITY_LIMIT = 5000


@dataclass
class AnalysisResult:
    """Everything one analysis run produced.

    Attributes
    ----------
    statements : str
        ``source`` or ``all``: which statements were read.
    findings : list of Finding
        Sorted by severity, kind, then score (highest first).
    metrics : dict
        Projection → metric → node IRI → value (``collaboration``: actor metrics;
        ``measures``: wave, knock-on size, community).
    networks : dict
        Projection → whole-network figures (:func:`metrics.network_summary`).
    communities : dict
        ``measures`` (measure graph vs the measures' action fields; only up to
        ``MEASURE_COMMUNITY_LIMIT`` measures) and ``actors`` (collaboration graph vs each
        actor's main field), each from :func:`communities.compare_partitions`.
    field_matrix : dict
        :func:`crossfield.field_matrix`.
    waves : dict
        :func:`crossfield.implementation_waves`.
    suggestions : list of dict
        :func:`linkpred.suggest_collaborations`.
    labels : dict
        IRI → {"de": …, "en": …} for every IRI the result names.
    finding_counts : dict
        Kind → number of findings before keeping the ``FINDING_LIMIT`` first of each.
    timings : dict
        Step → seconds.
    """

    statements: str
    findings: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    networks: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    field_matrix: dict = field(default_factory=dict)
    waves: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    finding_counts: dict = field(default_factory=dict)

    def by_kind(self, kind: str) -> list[Finding]:
        """The findings of one kind."""
        return [f for f in self.findings if f.kind == kind]

    def to_graph(self):
        """The result as an rdflib Graph (see :mod:`igel_graph.analysis.export`)."""
        from .export import to_graph

        return to_graph(self)

    def to_json(self) -> dict:
        """The result as a JSON-ready dict (see :mod:`igel_graph.analysis.export`)."""
        from .export import to_json

        return to_json(self)


@contextmanager
def _timed(timings, step):
    start = time.perf_counter()
    yield
    timings[step] = round(time.perf_counter() - start, 3)


def analyse(store, *, statements: str = "all") -> AnalysisResult:
    """Run the network analysis on ``store``.

    Parameters
    ----------
    store : igel_graph.store.base.Store or PlanFacts
    statements : {"source", "all"}
        ``source``: only what the sources say; ``all``: with curated and inferred
        statements.

    Returns
    -------
    AnalysisResult

    Examples
    --------
    >>> result = analyse(store)                                      # doctest: +SKIP
    >>> [f.kind for f in result.findings][:2]                         # doctest: +SKIP
    ['absent-stakeholder', 'absent-stakeholder']
    """
    t: dict = {}
    with _timed(t, "read"):
        facts = store if isinstance(store, PlanFacts) else load_facts(store, statements)
    res = AnalysisResult(statements=facts.statements, timings=t)

    with _timed(t, "collaboration"):
        C = collaboration_graph(facts)
        cuts = metrics.cut_structure(C)
        con = constraint(C, weight="weight")
        summary = metrics.network_summary(C)
        actor_metrics = {
            "degree": metrics.degree(C),
            "betweenness": metrics.betweenness(C),
            "closeness": metrics.closeness(C),
            "eigenvector": metrics.eigenvector(C, weight="weight"),
            "constraint": con,
            "effective-size": effective_size(C, weight="weight"),
            "core-number": cuts["core_number"],
        }
    with _timed(t, "brokerage"):
        roles = brokerage(C, {v: d.get("type") for v, d in C.nodes(data=True)})
        for role in (*ROLES, "total"):
            actor_metrics["brokerage-" + role] = {v: r[role] for v, r in roles.items()}
    res.networks["collaboration"] = {**summary, "bridges": len(cuts["bridges"]),
                                     "articulation_points": cuts["articulation_points"]}

    with _timed(t, "measures"):
        small = len(facts.measures()) <= MEASURE_COMMUNITY_LIMIT
        # shared-actor links only matter for the measure communities, computed when small
        kinds = ("dependency", "actor", "reference") if small else ("dependency", "reference")
        M = measure_graph(facts, kinds=kinds, max_group=MAX_GROUP)
        fom = facts.field_of_measure()
        if small:
            res.communities["measures"] = compare_partitions(M, fom)
        F = field_graph(facts, measures=M)
        res.networks["measures"] = metrics.network_summary(M)
        res.networks["fields"] = {**metrics.network_summary(F),
                                  "crossing_edges": sum(len(d["crossing"]) for *_, d in F.edges(data=True))}
    with _timed(t, "crossfield"):
        D = crossfield.dependency_graph(facts)
        res.waves = crossfield.implementation_waves(D)
        res.field_matrix = crossfield.field_matrix(facts)
        connectors = crossfield.field_connectors(crossfield.connector_graph(facts), fom)
    with _timed(t, "communities"):
        res.communities["actors"] = compare_partitions(C, _main_field(facts))
    with _timed(t, "linkprediction"):
        actor_comm = res.communities["actors"]["community_of"]
        res.suggestions = suggest_collaborations(C, community=actor_comm)

    with _timed(t, "findings"):
        found = []
        found += gaps.absent_stakeholders(facts)
        found += gaps.only_addressed(facts)
        found += gaps.lone_measures(facts)
        found += gaps.uncoordinated_pairs(facts)
        found += gaps.brokers(facts, C, cuts, con, summary)
        found += _suggestion_findings(facts, res.suggestions)
        found += gaps.scheduling(facts, D)
        found += gaps.budget_gaps(facts)
        found += crossfield.cross_field_findings(facts, res.field_matrix, D, res.waves, connectors)
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        unique = {f.iri: f for f in found}
        ranked = sorted(unique.values(),
                        key=lambda f: (rank[f.severity], f.kind, -(f.score or 0), f.iri))
        kept, per_kind = [], {}
        for f in ranked:
            per_kind[f.kind] = per_kind.get(f.kind, 0) + 1
            if per_kind[f.kind] <= FINDING_LIMIT:
                kept.append(f)
        res.finding_counts = per_kind
        for f in kept:  # provenance for the findings kept only: one lookup per subject
            f.statements = ([facts.with_passage(st) for st in f.statements]
                            or facts.passage_statements(f.evidence[0]))
        res.findings = kept

    measures = facts.measures()
    res.metrics = {
        "collaboration": actor_metrics,
        "measures": {
            "wave": res.waves["wave_of"],
            "community": res.communities.get("measures", {}).get("community_of", {}),
            "field-connector": {v: s for v, s in connectors.items() if v in measures},
        },
        "actors": {"field-connector": {v: s for v, s in connectors.items() if v in C},
                   "community": actor_comm},
    }
    named = set(C) | set(M) | set(F) | {e for f in res.findings for e in f.evidence}
    res.labels = {i: {"de": facts.label(i, "de"), "en": facts.label(i, "en")} for i in sorted(named)}
    return res


def _main_field(facts):
    """Actor → the action field where it leads or partners in most measures (ties: the
    first field IRI): the official partition the actor communities are compared with."""
    from collections import Counter

    counts: dict = {}
    fom = facts.field_of_measure()
    for m, f in fom.items():
        for a in facts.collaborators(m):
            counts.setdefault(a, Counter())[f] += 1
    return {a: min(c, key=lambda f: (-c[f], f)) for a, c in counts.items()}


def _suggestion_findings(facts, suggestions):
    out = []
    for s in suggestions:
        u, v, common = s["u"], s["v"], s["common"]
        names_de = ", ".join(facts.name(w, "de") for w in common)
        names_en = ", ".join(facts.name(w, "en") for w in common)
        ms = sorted((facts.measures_of(u) | facts.measures_of(v))
                    & frozenset().union(*(facts.measures_of(w) for w in common)))
        out.append(Finding(
            "suggested-collaboration", "info",
            {"de": f"Zusammenarbeit {facts.name(u, 'de')} – {facts.name(v, 'de')}",
             "en": f"Collaboration {facts.name(u, 'en')} – {facts.name(v, 'en')}"},
            {"de": f"{facts.name(u, 'de')} und {facts.name(v, 'de')} arbeiten beide mit "
                   f"{names_de} zusammen, aber nicht miteinander (Resource-Allocation-Index "
                   f"{s['resource_allocation']:.2f}, Adamic–Adar {s['adamic_adar']:.2f}).",
             "en": f"{facts.name(u, 'en')} and {facts.name(v, 'en')} both work with {names_en} "
                   f"but not with each other (resource allocation {s['resource_allocation']:.2f}, "
                   f"Adamic–Adar {s['adamic_adar']:.2f})."},
            [u, v, *common],
            gaps._role_statements(facts, ms, {u, v, *common}),
            score=s["resource_allocation"]))
    return out
