"""Build the knowledge graph from ``ontology/`` into a store.

One call does what ``igel build`` does: parse the ontology, the vocabularies and every
source file; validate the asserted data with SHACL (before anything touches the store,
so invalid data never gets in); load each file into its named graph, replacing what was
there (so a rebuild is idempotent); and reason into the inferred graph.

=========================================  =============================================
file                                       named graph
=========================================  =============================================
``ontology/igel.ttl``                      ``Graphs.ONTOLOGY``
``ontology/vocabularies/*.ttl`` (union)    ``Graphs.VOCABULARIES``
``ontology/data/X.ttl``                    ``graph_for_source("X")``
reasoner output                            ``Graphs.INFERRED``
=========================================  =============================================
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from rdflib import Dataset, Graph, URIRef

from . import resources
from .errors import IgelError, ValidationFailed
from .namespaces import PREFIXES, Graphs, graph_for_source
from .rdfio import parse_file
from .reason import ReasonReport
from .reason import reason as run_reasoner
from .validate import ValidationReport, validate

__all__ = ["BuildReport", "build_graph", "read_sources", "class_counts"]

Progress = Optional[Callable[[str, int, int], None]]

_CLASS_COUNTS = (
    "PREFIX igel: <{igel}>\nPREFIX owl: <{owl}>\n".format(**PREFIXES)
    + """SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  GRAPH ?declared { ?class a owl:Class }
  FILTER(isIRI(?class) && STRSTARTS(STR(?class), STR(igel:)))
  OPTIONAL {
    GRAPH ?g { ?x a ?class }
    # one individual under several names (the canton, its LINDAS and Wikidata IRIs) counts
    # once: by the smallest of its owl:sameAs names that has the class
    FILTER NOT EXISTS { ?x (owl:sameAs|^owl:sameAs)+ ?alias . ?alias a ?class
                        FILTER(STR(?alias) < STR(?x)) }
  }
} GROUP BY ?class"""
)


@dataclass
class BuildReport:
    """What a build did.

    Attributes
    ----------
    graph_sizes : every non-empty named graph of the store afterwards, with its size.
    class_counts : every ``igel:`` class of the ontology with its number of instances in
        the union of all graphs (inferred types included), zero where there are none.
    conforms : whether the asserted data passed SHACL validation (False only when
        validation ran with ``raise_on_violation=False``; ``True`` when skipped).
    inferred : triples in the inferred graph (0 without reasoning).
    findings : findings the analysis stored (0 without analysis).
    durations : seconds per step: ``parse``, ``validate``, ``load``, ``reason``,
        ``analyse``, ``total``.
    validation, reasoning : the detailed reports (None when the step was skipped).
    """

    graph_sizes: dict[URIRef, int] = field(default_factory=dict)
    class_counts: dict[URIRef, int] = field(default_factory=dict)
    conforms: bool = True
    inferred: int = 0
    findings: int = 0
    durations: dict[str, float] = field(default_factory=dict)
    validation: ValidationReport | None = None
    reasoning: ReasonReport | None = None


def read_sources() -> dict[URIRef, tuple[Graph, list[Path]]]:
    """Parse the ontology, the vocabularies and the data files.

    Returns named graph → (content, the files it came from), in load order: ontology,
    vocabularies, then the data files by name. Raises
    :class:`~igel_graph.errors.ParseError` (file, line, column) for a malformed file.
    """
    ontology = resources.ontology_file()
    if not ontology.is_file():
        raise IgelError(
            f"The ontology file {ontology} is missing.", hint="Restore ontology/igel.ttl (or reinstall the package)."
        )
    out: dict[URIRef, tuple[Graph, list[Path]]] = {Graphs.ONTOLOGY: (_graph(ontology), [ontology])}
    vocab_files = sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl"))
    vocabularies = Graph()
    for path in vocab_files:
        for t in _graph(path):
            vocabularies.add(t)
    if vocab_files:
        out[Graphs.VOCABULARIES] = (vocabularies, vocab_files)
    for path in resources.source_files():
        out[graph_for_source(path.stem)] = (_graph(path), [path])
    return out


def build_graph(
    store,
    *,
    reason: bool = True,
    validate: bool = True,
    progress: Progress = None,
    engine: str = "auto",
    analyse: bool = True,
    examples: bool = True,
) -> BuildReport:
    """Build ontology, vocabularies and sources into ``store``, validate, and reason.

    Parameters
    ----------
    store : the target :class:`~igel_graph.store.base.Store`; graphs of other origin
        (uploads, analysis) are left alone.
    reason : run the reasoner into ``Graphs.INFERRED``; without it that graph is dropped,
        because it would describe data that may have changed.
    validate : SHACL-validate the asserted data (sources, curated, vocabularies) first.
    progress : optional ``callback(step, done, total)`` for a progress bar.
    engine : reasoning engine, see :func:`igel_graph.reason.reason`.
    analyse : run the network analysis and store its metrics and findings in
        ``Graphs.ANALYSIS`` (so that a built store is an analysed one: pages, views and
        finding links work at once).
    examples : import the example monitoring set (``ontology/examples/monitoring``)
        into ``Graphs.EXAMPLE_MONITORING``, replacing it; without, that graph is dropped.

    Returns
    -------
    BuildReport

    Raises
    ------
    ParseError
        A file is malformed (the store is untouched).
    ValidationFailed
        The data violates the shapes; ``.results`` and ``.report_text`` say where (the
        store is untouched).
    InconsistentOntology
        HermiT finds the data inconsistent (the data is loaded, the inferred graph is not
        replaced).

    Examples
    --------
    >>> from igel_graph.store.memory import MemoryStore            # doctest: +SKIP
    >>> report = build_graph(MemoryStore())                        # doctest: +SKIP
    >>> report.class_counts[IGEL.Measure]                          # doctest: +SKIP
    15
    """
    started = time.perf_counter()
    durations: dict[str, float] = {}
    tick = _Ticker(progress, total=3 + int(validate) + int(reason) + int(analyse))

    t0 = time.perf_counter()
    tick("parsing ontology and sources")
    sources = read_sources()
    durations["parse"] = time.perf_counter() - t0

    report = BuildReport()
    if validate:
        t0 = time.perf_counter()
        tick("validating with SHACL")
        data = [g for name, (g, _) in sources.items() if name != Graphs.ONTOLOGY]
        report.validation = validate_data(data, sources[Graphs.ONTOLOGY][0])
        report.conforms = report.validation.conforms
        durations["validate"] = time.perf_counter() - t0
        if not report.conforms:
            raise ValidationFailed(
                f"The data violates the shapes ({len(report.validation.results)} violation(s)); "
                "nothing was loaded.\n" + report.validation.text,
                results=report.validation.results,
                report_text=report.validation.text,
            )

    t0 = time.perf_counter()
    tick("loading named graphs")
    for name, (graph, _) in sources.items():
        store.replace_graph(name, graph)
    store.drop_graph(Graphs.EXAMPLE_MONITORING)
    if examples and resources.monitoring_examples_dir().is_dir():
        from .monitoring.importer import import_monitoring

        import_monitoring(
            store,
            resources.monitoring_examples_dir(),
            graph=Graphs.EXAMPLE_MONITORING,
            channel="example",
            example=True,
            backdate=True,
        )
    durations["load"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if reason:
        tick("reasoning")
        report.reasoning = run_reasoner(store, engine=engine)
        report.inferred = report.reasoning.inferred
    else:
        store.drop_graph(Graphs.INFERRED)
    durations["reason"] = time.perf_counter() - t0

    if analyse:
        from .readmodel import store_analysis

        t0 = time.perf_counter()
        tick("analysing the networks")
        result = store_analysis(store)
        report.findings = len(result.findings)
        durations["analyse"] = time.perf_counter() - t0

    tick("counting")
    report.graph_sizes = store.graphs()
    report.class_counts = class_counts(store)
    durations["total"] = time.perf_counter() - started
    report.durations = durations
    tick("done")
    return report


def validate_data(data: list[Graph], ontology: Graph) -> ValidationReport:
    """SHACL report for the asserted data graphs, with the ontology for the class hierarchy."""
    return validate(data, ontology=ontology)


def class_counts(store) -> dict[URIRef, int]:
    """Every ``igel:`` class declared in the store with its number of instances in the
    union of the graphs; individuals that are ``owl:sameAs`` each other count once."""
    result = store.query(_CLASS_COUNTS)
    return {row[0]: int(row[1]) for row in result.rows if row[0] is not None}


def _graph(path: Path) -> Graph:
    parsed = parse_file(path)
    if not isinstance(parsed, Dataset):
        return parsed
    flat = Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


class _Ticker:
    """Calls ``progress(step, done, total)`` with a running step number."""

    def __init__(self, progress: Progress, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, step: str) -> None:
        if self.progress is not None:
            self.progress(step, min(self.done, self.total), self.total)
        self.done += 1
