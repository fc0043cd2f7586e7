"""Two versions of the same plan as two plans, so that the one comparison answers them.

The named queries ``plan-comparison`` and ``plan-money-shares`` compare two plans by IRI,
and everything of a plan hangs off its IRI (``igel:partOfPlan``, budget lines, roles in
its measures). Two versions of one imported plan share that IRI, and so do their parts.
To compare them unchanged, this module makes a store copy in memory in which each chosen
version is a plan of its own:

* the version's snapshot (:func:`~igel_graph.workbook.versions.version_graph`) is loaded
  into a graph of its own (:func:`compared_graph`), with the plan's IRI and every IRI
  under it (``P/measure/1.1.2``, ``P/field/1`` ...) renamed under the version's IRI
  (``P/version/1``, ``P/version/1/measure/1.1.2`` ...), so that the parts of two versions
  never merge;
* the renamed plan is labelled "PLAN (Version LABEL)" (de) and "PLAN (version LABEL)" (en);
* every other graph is kept as it is (the plan's current graph too, so that the plan
  itself can be compared with one of its versions), actors and vocabularies shared; the
  inferred graph is derived again (``igel_graph.reason``, engine ``rules``) when the
  store has one, so that the versions get the same entailments as the plans.

A side of a comparison is named by ``PLAN@VERSION`` (a plan as ``id:plan/P``, its short
name or IRI; a version by label, number or IRI, as ``?version=``), or by a version's IRI
alone; anything else is a plan. The copy is built once per store state and pair of
versions and kept in the one cache (``igel_graph.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ..cache import cached
from ..namespaces import ID_BASE, Graphs
from .versions import UnknownVersion, Version, find_version, imported_plans, plan_graph, plan_iri, versions

__all__ = ["Side", "compared_graph", "side", "comparison_store", "version_label", "version_choices"]

#: the label properties whose text names a plan (igel_graph.readmodel reads them)
_NAMES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the IRI the queries compare (the plan's, or the
    version's) and, for a version, the plan and the version."""

    iri: URIRef
    plan: URIRef
    version: Version | None = None


def _expand(text: str) -> str:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith("/id/"):
        return ID_BASE + text[4:]
    return text


def side(store: Any, text: str) -> Side:
    """The side named ``text``: ``PLAN@VERSION``, a version's IRI, or a plan.

    An unknown version is :class:`~igel_graph.workbook.versions.UnknownVersion` (404)
    naming the known ones; a malformed plan a :class:`~igel_graph.errors.UsageError`."""
    text = _expand(text)
    plan_text, at, version_text = text.rpartition("@")
    if at:
        plan = plan_iri(_expand(plan_text))
        if not versions(store, plan):
            raise UnknownVersion(
                f"<{plan}> has no imported versions to choose from ('{text}').",
                hint="Versions exist for imported plans only: " + ", ".join(str(p) for p in imported_plans(store)),
            )
        plan, version = find_version(store, version_text, plan)
        return Side(version.iri, plan, version)
    if "/version/" in text and text.startswith(("http://", "https://")):
        plan, version = find_version(store, text)
        return Side(version.iri, plan, version)
    plan = plan_iri(text)
    return Side(plan, plan)


def compared_graph(plan: URIRef, version: Version) -> URIRef:
    """The named graph of the copy that holds ``version`` of ``plan`` as a plan of its
    own: the plan's graph with ``/version/N`` appended."""
    return URIRef(f"{plan_graph(plan)}/version/{version.number}")


def version_label(name: str, version: Version, lang: str) -> str:
    """How the copy names ``version`` of a plan called ``name``.

    >>> from datetime import datetime
    >>> v = Version(URIRef("urn:p/version/1"), 1, "Druck", datetime(2026, 1, 1), None, None)
    >>> version_label("Aktionsplan", v, "de"), version_label("Action plan", v, "en")
    ('Aktionsplan (Version Druck)', 'Action plan (version Druck)')
    """
    return f"{name} ({'Version' if lang == 'de' else 'version'} {version.label})"


def renamed(snapshot: Graph, plan: URIRef, version: Version) -> Graph:
    """``snapshot`` with ``plan`` and every IRI under it renamed under the version's IRI
    and the plan's names marked with the version (:func:`version_label`)."""
    old, new = str(plan), str(version.iri)

    def rename(term: Any) -> Any:
        if isinstance(term, URIRef) and (term == plan or str(term).startswith(old + "/")):
            return URIRef(new + str(term)[len(old) :])
        return term

    out = Graph()
    for s, p, o in snapshot:
        if s == plan and p in _NAMES and isinstance(o, Literal):
            lang = o.language or "de"
            out.add((version.iri, p, Literal(version_label(str(o), version, lang[:2]), lang=o.language)))
            continue
        out.add((rename(s), p, rename(o)))
    return out


def comparison_store(store: Any, a: Side, b: Side) -> Any:
    """The store in which ``a`` and ``b`` are compared: ``store`` itself when neither is
    a version, else the copy described in the module's docstring (cached until the
    store changes)."""
    chosen = tuple(sorted({(str(s.plan), s.version.number) for s in (a, b) if s.version is not None}))
    if not chosen:
        return store
    sides = {(str(s.plan), s.version.number): s for s in (a, b) if s.version is not None}
    return cached(store, ("version-pair", chosen), lambda: _build(store, [sides[k] for k in chosen]))


def _build(store: Any, sides: list[Side]) -> Any:
    from ..store.oxigraph import OxigraphStore
    from .versions import version_graph

    present = store.graphs()
    scratch = OxigraphStore(None)
    for graph in present:
        if graph not in (Graphs.INFERRED, Graphs.ANALYSIS):
            scratch.load(store.graph(graph), graph)
    for s in sides:
        assert s.version is not None
        snapshot = version_graph(store, s.plan, s.version)
        scratch.load(renamed(snapshot, s.plan, s.version), compared_graph(s.plan, s.version))
    if Graphs.INFERRED in present:
        from ..reason import reason

        reason(scratch, engine="rules")
    return scratch


def version_choices(store: Any) -> list[tuple[URIRef, Version]]:
    """Every version of every imported plan, by plan, oldest first (for pickers)."""
    return [(plan, v) for plan in imported_plans(store) for v in versions(store, plan)]
