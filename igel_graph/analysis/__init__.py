"""Network analysis of the knowledge graph: projections, metrics and findings.

>>> from igel_graph.analysis import analyse, write_analysis     # doctest: +SKIP
>>> result = analyse(store, statements="all")                   # doctest: +SKIP
>>> write_analysis(result, store)                               # doctest: +SKIP

:func:`analyse` reads the store once (:mod:`.facts`), builds the networkx projections
(:mod:`.projections`), computes centralities, structural holes and brokerage
(:mod:`.metrics`, :mod:`.structural_holes`, :mod:`.brokerage`), communities
(:mod:`.communities`), gap and cross-field findings (:mod:`.gaps`, :mod:`.crossfield`,
:mod:`.linkpred`, :mod:`.relevance`; one detector per entry of the finding-kind
registry :mod:`.kinds`) and returns an :class:`AnalysisResult`; :func:`write_analysis` stores
it in the analysis named graph (:mod:`.export`).
"""

from .export import to_graph, to_json, write_analysis, write_csv, write_json
from .facts import STATEMENTS, PlanFacts, Statement, load_facts
from .findings import KINDS, SEVERITIES, Finding, finding_iri
from .kinds import REGISTRY, FindingKind
from .run import AnalysisResult, NothingToAnalyse, analyse, is_empty

__all__ = [
    "analyse",
    "write_analysis",
    "AnalysisResult",
    "Finding",
    "Statement",
    "PlanFacts",
    "KINDS",
    "REGISTRY",
    "FindingKind",
    "NothingToAnalyse",
    "is_empty",
    "SEVERITIES",
    "STATEMENTS",
    "finding_iri",
    "load_facts",
    "to_graph",
    "to_json",
    "write_csv",
    "write_json",
]
