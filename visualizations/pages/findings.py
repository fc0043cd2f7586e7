"""The findings as the analysis graph holds them, read once per store state.

``igel analyse`` writes each finding (``igel:Finding``) with its kind, severity, subject
(``igel:subject``), labels, explanation and evidence into the analysis graph; profiles read
them from there (not from a run of their own), so a page shows what the store says.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from igel_graph.cache import cached
from igel_graph.namespaces import PREFIXES, Graphs
from igel_graph.store.base import SelectResult, Store

__all__ = ["StoredFinding", "stored_findings", "findings_about", "SEVERITY_ORDER"]

#: the order a reader meets severities in: most severe first
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}

_Q = f"""PREFIX igel: <{PREFIXES["igel"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
SELECT ?f ?kind ?severity ?subject ?p ?o WHERE {{
  GRAPH <{Graphs.ANALYSIS}> {{
    ?f a igel:Finding ; igel:findingKind ?kind ; igel:severity ?severity ; igel:subject ?subject .
    OPTIONAL {{ VALUES ?p {{ rdfs:label igel:explanation igel:evidence igel:score }} ?f ?p ?o }}
  }}
}}"""


@dataclass
class StoredFinding:
    """One finding of the analysis graph: ``title`` and ``explanation`` are {lang: text},
    ``evidence`` the IRIs it rests on (sorted), ``score`` its ranking score or None."""

    iri: str
    kind: str
    severity: str
    subject: str
    title: dict[str, str] = field(default_factory=dict)
    explanation: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    score: float | None = None


def _load(store: Store) -> list[StoredFinding]:
    res = store.query(_Q)
    assert isinstance(res, SelectResult)
    found: dict[str, StoredFinding] = {}
    evidence: dict[str, set[str]] = defaultdict(set)
    for f, kind, severity, subject, p, o in res.rows:
        item = found.setdefault(str(f), StoredFinding(str(f), str(kind), str(severity), str(subject)))
        if p is None:
            continue
        pred = str(p).rsplit("#", 1)[-1]
        if pred == "label":
            item.title[getattr(o, "language", None) or "de"] = str(o)
        elif pred == "explanation":
            item.explanation[getattr(o, "language", None) or "de"] = str(o)
        elif pred == "evidence":
            evidence[str(f)].add(str(o))
        elif pred == "score":
            item.score = float(str(o))
    for iri, item in found.items():
        item.evidence = sorted(evidence[iri])
    return sorted(found.values(), key=lambda x: (SEVERITY_ORDER.get(x.severity, 9), x.kind, x.iri))


def stored_findings(store: Store) -> list[StoredFinding]:
    """Every finding in the analysis graph, most severe first (empty when not analysed);
    cached until the store changes."""
    return cached(store, ("stored-findings",), lambda: _load(store))


def findings_about(store: Store, iri: str) -> list[StoredFinding]:
    """The findings whose ``igel:subject`` is ``iri``, most severe first."""
    return [f for f in stored_findings(store) if f.subject == iri]
