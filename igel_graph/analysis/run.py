"""The whole analysis in one call: :func:`analyse` reads the store once, builds the
projections, computes the metrics and the findings, and returns an :class:`AnalysisResult`.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..errors import StoreUnavailable
from . import crossfield, metrics
from .brokerage import ROLES, brokerage
from .communities import compare_partitions
from .facts import PlanFacts, load_facts
from .findings import SEVERITIES, Finding
from .linkpred import rank_partners
from .projections import collaboration_graph, field_graph, measure_graph
from .structural_holes import constraint, effective_size

__all__ = ["AnalysisResult", "Context", "NothingToAnalyse", "analyse", "is_empty"]


class NothingToAnalyse(StoreUnavailable):
    """The store holds no measure and no actor: there is nothing to analyse (exit code 4,
    like a store that cannot be used; HTTP 503)."""

    def __init__(self, what: str = "The store holds no plan: no measure and no actor, nothing to analyse."):
        super().__init__(what, hint="Build it first: igel --store DIR build")


def is_empty(facts: PlanFacts) -> bool:
    """Whether ``facts`` hold neither a measure nor an actor."""
    return not facts.measures() and not facts.actors()


@dataclass
class Context:
    """What the detectors of one run share: the facts, the projections and the metrics
    computed from them (a detector reads what it needs)."""

    facts: PlanFacts
    C: object = None  # collaboration graph
    cuts: dict = field(default_factory=dict)
    constraint: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    D: object = None  # dependency graph
    waves: dict = field(default_factory=dict)
    field_matrix: dict = field(default_factory=dict)
    connectors: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)


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
        :func:`linkpred.rank_partners`: scored pairs with their evidence and sentence.
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


def rank_and_limit(found: list[Finding]) -> tuple[list[Finding], dict[str, int]]:
    """The findings to keep from ``found``: one per (kind, subject) (a detector's first
    one wins), ranked by severity, kind, score and IRI, at most :data:`FINDING_LIMIT` per
    kind; and how many each kind found before that limit."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    unique: dict = {}
    for f in found:
        unique.setdefault(f.key, f)
    ranked = sorted(unique.values(), key=lambda f: (rank[f.severity], f.kind, -(f.score or 0), f.iri))
    kept: list[Finding] = []
    per_kind: dict[str, int] = {}
    for f in ranked:
        per_kind[f.kind] = per_kind.get(f.kind, 0) + 1
        if per_kind[f.kind] <= FINDING_LIMIT:
            kept.append(f)
    return kept, per_kind


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
        Empty (no findings, no metrics) when the store holds no measure and no actor.

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
    if is_empty(facts):
        res.waves = {"waves": [], "wave_of": {}, "cycles": []}
        return res

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
    res.networks["collaboration"] = {
        **summary,
        "bridges": len(cuts["bridges"]),
        "articulation_points": cuts["articulation_points"],
    }

    with _timed(t, "measures"):
        small = len(facts.measures()) <= MEASURE_COMMUNITY_LIMIT
        # shared-actor links only matter for the measure communities, computed when small
        measured = ("dependency", "actor", "reference") if small else ("dependency", "reference")
        M = measure_graph(facts, kinds=measured, max_group=MAX_GROUP)
        fom = facts.field_of_measure()
        if small:
            res.communities["measures"] = compare_partitions(M, fom)
        F = field_graph(facts, measures=M)
        res.networks["measures"] = metrics.network_summary(M)
        res.networks["fields"] = {
            **metrics.network_summary(F),
            "crossing_edges": sum(len(d["crossing"]) for *_, d in F.edges(data=True)),
        }
    with _timed(t, "crossfield"):
        D = crossfield.dependency_graph(facts)
        res.waves = crossfield.implementation_waves(D) if len(D) else {"waves": [], "wave_of": {}, "cycles": []}
        res.field_matrix = crossfield.field_matrix(facts)
        connectors = crossfield.field_connectors(crossfield.connector_graph(facts), fom)
    with _timed(t, "communities"):
        res.communities["actors"] = compare_partitions(C, _main_field(facts))
    with _timed(t, "linkprediction"):
        actor_comm = res.communities["actors"]["community_of"]
        res.suggestions = rank_partners(facts, C)

    ctx = Context(facts, C, cuts, con, summary, D, res.waves, res.field_matrix, connectors, res.suggestions)
    with _timed(t, "findings"):
        found: list[Finding] = []
        from . import kinds  # read at call time: a kind added to the registry is run

        for entry in kinds.REGISTRY:
            found += entry.detect(ctx)
        kept, res.finding_counts = rank_and_limit(found)
        for f in kept:  # provenance for the findings kept only: one lookup per subject
            f.statements = [facts.with_passage(st) for st in f.statements] or facts.passage_statements(f.subject)
        res.findings = kept

    measures = facts.measures()
    res.metrics = {
        "collaboration": actor_metrics,
        "measures": {
            "wave": res.waves["wave_of"],
            "community": res.communities.get("measures", {}).get("community_of", {}),
            "field-connector": {v: s for v, s in connectors.items() if v in measures},
        },
        "actors": {"field-connector": {v: s for v, s in connectors.items() if v in C}, "community": actor_comm},
    }
    named = set(C) | set(M) | set(F) | {e for f in res.findings for e in f.evidence}
    named |= {x for s in res.suggestions for x in (s["u"], s["v"])}
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
