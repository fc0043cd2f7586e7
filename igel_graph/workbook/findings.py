"""The analysis on one version of a plan, and which findings appear and disappear
between two versions.

A version is analysed on its own: its snapshot in a memory store together with the
store's ontology and vocabularies, read as a source graph (what the plan itself says).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from ..namespaces import Graphs
from .versions import Version, plan_graph, version_graph

__all__ = ["FindingChange", "version_findings", "findings_diff"]


@dataclass(frozen=True)
class FindingChange:
    """A finding that appears (``appeared``) or disappears between two versions: its
    IRI, kind, severity, titles in German and English, and subject."""

    iri: str
    kind: str
    severity: str
    title_de: str
    title_en: str
    subject: str
    appeared: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return dict(self.__dict__)


def version_findings(store: Any, plan: URIRef, version: Version) -> dict[str, Any]:
    """The analysis's findings on ``version`` of ``plan`` alone, by finding IRI (cached
    until the store changes)."""
    from ..cache import cached

    return cached(store, ("workbook-version-findings", str(version.iri)), lambda: _analyse(store, plan, version))


def _analyse(store: Any, plan: URIRef, version: Version) -> dict[str, Any]:
    import tempfile

    from ..analysis.run import analyse
    from ..store.oxigraph import OxigraphStore

    # a scratch Oxigraph store: the analysis's queries are many times faster there than in rdflib
    with tempfile.TemporaryDirectory(prefix="igel-version-") as folder, OxigraphStore(folder) as scratch:
        for graph in (Graphs.ONTOLOGY, Graphs.VOCABULARIES):
            if graph in store.graphs():
                scratch.load(store.graph(graph), graph)
        scratch.load(version_graph(store, plan, version), plan_graph(plan))
        result = analyse(scratch, statements="source")
    return {finding.iri: finding for finding in result.findings}


def findings_diff(store: Any, plan: URIRef, before: Version, after: Version) -> list[FindingChange]:
    """The findings present in one version's analysis and not in the other's: appeared
    first, then disappeared, each by kind and subject."""
    old = version_findings(store, plan, before)
    new = version_findings(store, plan, after)

    def change(finding: Any, appeared: bool) -> FindingChange:
        return FindingChange(
            finding.iri,
            finding.kind,
            finding.severity,
            finding.title.get("de", ""),
            finding.title.get("en", ""),
            finding.subject,
            appeared,
        )

    appeared = [change(new[i], True) for i in sorted(set(new) - set(old), key=lambda i: (new[i].kind, i))]
    gone = [change(old[i], False) for i in sorted(set(old) - set(new), key=lambda i: (old[i].kind, i))]
    return appeared + gone
