"""Reasoning: what follows from the ontology and the asserted data, in its own graph.

:func:`reason` replaces the named graph ``Graphs.INFERRED`` with the *entailment set*:

    Let A be the asserted triples (every named graph except the inferred, analysis and
    write-log graphs) and C the closure of A under the OWL axioms of the ontology that
    the rules in :mod:`.rules` implement — sub-class, sub-property, equivalent class and
    property, inverse, symmetric and transitive properties, domain, range, property
    chains of length 2 and 3, and owl:sameAs. The entailment set is every triple of
    C \\ A whose subject and object are IRIs and whose predicate is an ``igel:``
    property, or ``rdf:type`` with an ``igel:`` class.

For the IGeL ontology that is: the inverses (``leads``, ``partnerIn``, ``addressedBy``,
``hasMeasure``, ...), the roll-up ``lead``/``partner`` → ``collaborator`` →
``involvedActor`` (and ``leads``/``partnerIn`` → ``collaboratesIn`` → ``involvedIn``),
the super-classes of every typed resource, and the chains ``measureInField``
(contributesTo ∘ inActionField) and ``activeInField`` (involvedIn ∘ measureInField).

Two engines compute it. ``hermit`` runs HermiT (OWL 2 DL, through owlready2), which also
checks consistency, and completes its output with :func:`.hermit.roll_up`; ``rules`` runs
SPARQL Update rules inside the store, for data HermiT cannot take. On the real data
both produce the same set (``tests/reason``). ``auto`` picks HermiT below
:data:`HERMIT_LIMIT` asserted triples.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from rdflib import Graph, URIRef

from ..errors import InconsistentOntology, UsageError
from ..namespaces import Graphs
from ..validate import ASSERTED_EXCLUDED
from . import rules
from .explain import explain, locate_graphs
from .hermit import HermitInconsistent, ReasonerUnavailable, in_entailment_set, roll_up, run_hermit

__all__ = [
    "reason",
    "ReasonReport",
    "hermit_entailments",
    "asserted_graphs",
    "ENGINES",
    "HERMIT_LIMIT",
    "ReasonerUnavailable",
    "in_entailment_set",
]

#: asserted triples above which ``auto`` uses the rules (HermiT needs ~9 s for 15k triples)
HERMIT_LIMIT = 50_000
ENGINES = ("auto", "hermit", "rules")

#: graphs not fed to the reasoner: its own output, analysis results, the write log
_NOT_ASSERTED = ASSERTED_EXCLUDED - {Graphs.ONTOLOGY}

Progress = Optional[Callable[[str, int, int], None]]


@dataclass
class ReasonReport:
    """The outcome of :func:`reason`: the engine used, the size of the asserted input and
    of the inferred graph, seconds, rule rounds (rules only) warnings (e.g. classes
    HermiT found unsatisfiable) and, for the rules, the seconds per rule."""

    engine: str
    asserted: int
    inferred: int
    seconds: float
    rounds: int = 0
    warnings: list[str] = field(default_factory=list)
    #: seconds per rule, summed over the rounds (rules only)
    rule_seconds: dict[str, float] = field(default_factory=dict)


def asserted_graphs(store) -> dict[URIRef, int]:
    """The store's graphs that the reasoner reads, with their sizes."""
    return {g: n for g, n in store.graphs().items() if g not in _NOT_ASSERTED}


def reason(store, *, engine: str = "auto", progress: Progress = None) -> ReasonReport:
    """Replace the store's inferred graph by the entailment set (see the module docs).

    Parameters
    ----------
    store : the Store holding the ontology, vocabularies and data.
    engine : ``auto`` (HermiT below :data:`HERMIT_LIMIT` asserted triples, else rules),
        ``hermit`` or ``rules``.
    progress : optional ``callback(step, done, total)``.

    Raises
    ------
    InconsistentOntology
        HermiT found the ontology plus data inconsistent; the message names the
        individuals and axioms in conflict. The inferred graph is left as it was.
    ReasonerUnavailable
        ``hermit`` was asked for and Java is missing.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown reasoning engine {engine!r}", hint="Use one of: " + ", ".join(ENGINES) + ".")
    started = time.perf_counter()
    sources = asserted_graphs(store)
    asserted = sum(sources.values())
    if engine == "auto":
        engine = "hermit" if asserted < HERMIT_LIMIT else "rules"
    if engine == "rules":
        report = rules.materialise(store, progress=progress)
        return ReasonReport(
            "rules",
            asserted,
            report.inferred,
            time.perf_counter() - started,
            report.rounds,
            rule_seconds=report.rule_seconds,
        )

    if progress:
        progress("reading the asserted graphs", 0, 3)
    parts = {g: store.graph(g) for g in sources}
    inferred, warnings = hermit_entailments(parts, progress=progress)
    if progress:
        progress("writing the inferred graph", 2, 3)
    if len(inferred):
        store.replace_graph(Graphs.INFERRED, inferred)
    else:
        store.drop_graph(Graphs.INFERRED)
    if progress:
        progress("done", 3, 3)
    return ReasonReport("hermit", asserted, len(inferred), time.perf_counter() - started, 0, warnings)


def hermit_entailments(parts: dict[URIRef, Graph], *, progress: Progress = None) -> tuple[Graph, list[str]]:
    """The entailment set of the union of ``parts`` (graph name → content) by HermiT.

    Returns the inferred Graph and warnings. Raises :class:`InconsistentOntology` naming
    the culprits: first by :func:`.explain.explain` on the union; failing that, the graphs
    that are inconsistent on their own with the ontology and vocabularies.
    """
    union = Graph()
    for part in parts.values():
        for t in part:
            union.add(t)
    if progress:
        progress("running HermiT", 1, 3)
    try:
        output = run_hermit(union)
    except HermitInconsistent:
        raise _inconsistent(union, parts) from None
    warnings = [f"HermiT finds the class {c} unsatisfiable (no individual can be in it)." for c in output.unsatisfiable]
    inferred = roll_up(union, output.new)
    return inferred, warnings


def _inconsistent(union: Graph, parts: dict[URIRef, Graph]) -> InconsistentOntology:
    found = explain(union)
    if not found:
        base_names = {Graphs.ONTOLOGY, Graphs.VOCABULARIES}
        base = Graph()
        for name in base_names & parts.keys():
            for t in parts[name]:
                base.add(t)
        data_parts = {str(name): g for name, g in parts.items() if name not in base_names}
        culprits = locate_graphs(data_parts, base, _consistent)
        if culprits:
            found = [
                f"the conflict lies within graph <{c}> (with the ontology and vocabularies); "
                "no disjointness, property or datatype axiom explains it directly"
                for c in culprits
            ]
        else:
            found = [
                "the conflict arises only when several graphs are combined: "
                + ", ".join(f"<{p}>" for p in sorted(data_parts))
            ]
    message = "HermiT finds the ontology plus data inconsistent:\n" + "\n".join(f"  - {f}" for f in found)
    return InconsistentOntology(message, hint="Fix the data (or the axiom) named above, then run 'igel build' again.")


def _consistent(graph: Graph) -> bool:
    try:
        run_hermit(graph)
    except HermitInconsistent:
        return False
    return True
