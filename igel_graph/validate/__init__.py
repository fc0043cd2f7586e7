"""SHACL validation of asserted data against ``ontology/shapes.ttl``.

Validation runs on what the sources and curators *assert*, with no inference: pySHACL's
OWL-RL inference would add the very types that ``sh:class`` checks look for, so an actor
typed nowhere would pass (docs/ARCHITECTURE.md, "Known traps"). The ontology is mixed in only so
that ``sh:class igel:Actor`` accepts an ``igel:PublicAuthority`` through the asserted
``rdfs:subClassOf`` axioms.

Large data (see :func:`validate_store`): pySHACL would copy the data graph to mix the
ontology into it; a graph built here is ours, so pySHACL mixes it in in place. From
:data:`PARALLEL_MIN_TRIPLES` triples on, the shapes are split into independent groups
(:mod:`.groups`) validated at the same time in forked processes (:mod:`.forked`), which
share the graph copy-on-write; their results together are the single run's.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.results
(True, [])
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .. import resources
from ..errors import IgelError
from ..namespaces import PREFIXES, Graphs
from ..rdfio import parse_file
from .forked import can_fork, run_forked
from .groups import shape_groups

__all__ = [
    "ValidationReport",
    "validate",
    "validate_file",
    "validate_store",
    "validate_with_context",
    "asserted_data",
    "describe_result",
    "short",
    "ASSERTED_EXCLUDED",
    "PARALLEL_MIN_TRIPLES",
]

#: graphs that hold no assertions to validate: reasoner and analysis output, the write log
ASSERTED_EXCLUDED = frozenset({Graphs.ONTOLOGY, Graphs.INFERRED, Graphs.ANALYSIS, Graphs.WRITES})

#: :func:`validate_store` uses two processes from this many asserted triples on (below it,
#: starting a process costs more than it saves)
PARALLEL_MIN_TRIPLES = 50_000

_RESULT_ORDER = ("focus", "shape", "path", "value", "constraint", "severity", "message")


@dataclass
class ValidationReport:
    """The outcome of one SHACL validation.

    ``results`` holds one dict per violated constraint with the keys ``focus``, ``path``,
    ``value``, ``message``, ``severity``, ``constraint`` and ``shape`` (rdflib terms, or
    None; ``message`` a str). ``text`` says the same, one line per result, naming the
    resource and the rule.
    """

    conforms: bool
    results: list[dict] = field(default_factory=list)
    data_size: int = 0

    @property
    def text(self) -> str:
        if self.conforms and not self.results:
            return f"Conforms: {self.data_size} triples checked, no violations."
        lines = [f"{len(self.results)} violation(s) in {self.data_size} triples:"]
        lines += ["  " + describe_result(r) for r in self.results]
        return "\n".join(lines)


def validate(
    data: Union[Graph, Dataset, Iterable[Graph]],
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    processes: int = 1,
) -> ValidationReport:
    """Validate asserted data with the project's SHACL shapes, without inference.

    Parameters
    ----------
    data : a Graph, a Dataset (its named graphs are validated together, as one graph), or
        several graphs to validate as their union.
    shapes : the shapes graph; default ``ontology/shapes.ttl``.
    ontology : class and property axioms mixed in for ``sh:class`` over subclasses;
        default ``ontology/igel.ttl``.
    processes : how many processes may validate at once (see :func:`validate_store`); only
        from the main thread of a program, as it forks.

    Returns
    -------
    ValidationReport, sorted by focus node, shape, path, value, constraint, severity and
    message, so that reports compare stably.
    """
    graph = _as_graph(data)
    shapes, ontology = _defaults(shapes, ontology)
    # the caller's own Graph is left as it is: pySHACL mixes the ontology into a copy
    return _check(graph, shapes, ontology, inplace=graph is not data, processes=processes)


def _check(graph: Graph, shapes: Graph, ontology: Graph, *, inplace: bool, processes: int) -> ValidationReport:
    """Validate ``graph`` (changed when ``inplace``: the ontology is added to it), in up to
    ``processes`` processes."""
    size = len(graph)
    groups = shape_groups(shapes, graph, processes, ontology=ontology) if processes > 1 else []

    def run(use_shapes: list[URIRef] | None) -> tuple[bool, list[dict]]:
        conforms, results_graph, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            inplace=inplace,
            use_shapes=[str(s) for s in use_shapes] if use_shapes else None,
        )
        return bool(conforms), [
            _result(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult)
        ]

    try:
        runs = run_forked(run, groups) if groups else [run(None)]
    except TypeError:
        # pySHACL 0.40 fails itself when sh:lessThanOrEquals meets an ill-typed literal
        # ("'<=' not supported between instances of 'Literal'"); the Rust engine of
        # igel load reports the literal's sh:datatype result instead (and the pair)
        return _engine_report(graph, shapes, ontology)
    results = sorted((r for _, part in runs for r in part), key=lambda r: tuple(str(r[k]) for k in _RESULT_ORDER))
    return ValidationReport(conforms=all(conforms for conforms, _ in runs), results=results, data_size=size)


def _engine_report(graph: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """The report of the Rust SHACL engine (:mod:`.staged`) on ``graph`` with ``ontology``."""
    from .staged import validate_graphs

    results = validate_graphs([graph, ontology], shapes)
    conforms = not any(r["severity"] == SH.Violation for r in results)
    return ValidationReport(conforms=conforms, results=results, data_size=len(graph))


def validate_file(
    path: Union[str, Path], *, context: Graph | None = None, shapes: Graph | None = None, format: str | None = None
) -> ValidationReport:
    """Validate an RDF file; with ``context`` (e.g. the store's vocabularies and data) the
    file is checked together with it (see :func:`validate_with_context`).

    Raises :class:`~igel_graph.errors.ParseError` (with line and column) for a malformed file.
    """
    own = _as_graph(parse_file(path, format))
    if context is None:
        return validate(own, shapes=shapes)
    return validate_with_context(own, context, shapes=shapes)


def validate_with_context(
    own: Graph, context: Union[Graph, Iterable[Graph]], *, shapes: Graph | None = None, ontology: Graph | None = None
) -> ValidationReport:
    """Validate ``own`` together with ``context`` (data it refers to), keeping only the
    results whose focus node is a resource that ``own`` mentions: new data is judged, and
    may complete, but is not blamed for, what is already there.
    """
    combined = _as_graph(([context] if isinstance(context, Graph) else list(context)) + [own])
    shapes, ontology = _defaults(shapes, ontology)
    report = _check(combined, shapes, ontology, inplace=True, processes=1)
    mine = set(own.subjects()) | {o for o in own.objects() if not isinstance(o, Literal)}
    kept = [r for r in report.results if r["focus"] in mine]
    return ValidationReport(
        conforms=not any(r["severity"] == SH.Violation for r in kept), results=kept, data_size=len(own)
    )


def asserted_data(store) -> Graph:
    """The store's asserted statements (sources, curated, vocabularies, uploads) as one Graph.

    Built with one CONSTRUCT over every named graph except the ontology, the inferred,
    the analysis and the write-log graphs, so that large stores need no per-graph copies.
    """
    wanted = [g for g in store.graphs() if g not in ASSERTED_EXCLUDED]
    graph = Graph()
    if not wanted:
        return graph
    with _collector_paused():
        result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=wanted)
        for t in result.triples:
            graph.add(t)
    return graph


def validate_store(store, *, shapes: Graph | None = None, processes: int | None = None) -> ValidationReport:
    """Validate the store's asserted data (see :func:`asserted_data`) with the ontology
    graph of the store, when it has one, for the class hierarchy.

    ``processes``: how many processes may validate at once; by default two (where the
    system can fork and has two cores) from :data:`PARALLEL_MIN_TRIPLES` asserted triples
    on, else one. The report is the same either way. Call it from the main thread of a
    program when more than one process may be used.
    """
    shapes, ontology = _defaults(shapes, store.graph(Graphs.ONTOLOGY) if Graphs.ONTOLOGY in store.graphs() else None)
    graph = asserted_data(store)
    if processes is None:
        big = len(graph) >= PARALLEL_MIN_TRIPLES and can_fork() and (os.cpu_count() or 1) >= 2
        processes = 2 if big else 1
    return _check(graph, shapes, ontology, inplace=True, processes=processes)


def describe_result(result: dict) -> str:
    """One line for one result: resource, rule (shape and constraint), path, message.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import SH
    >>> describe_result({"focus": URIRef("https://w3id.org/igel/id/plan/p/measure/1"),
    ...     "path": URIRef("https://w3id.org/igel/ontology#lead"), "value": None,
    ...     "message": "A measure needs a lead actor", "severity": SH.Violation,
    ...     "constraint": SH.MinCountConstraintComponent, "shape": None})
    'Violation: id:plan/p/measure/1 igel:lead — A measure needs a lead actor (rule: sh:MinCountConstraintComponent)'
    """
    severity = short(result["severity"]).split(":")[-1] if result["severity"] else "Violation"
    where = short(result["focus"])
    if result["path"] is not None:
        where += " " + short(result["path"])
    rule = short(result["constraint"]) if result["constraint"] else "?"
    if result["shape"] is not None and not isinstance(result["shape"], BNode):
        rule = f"{short(result['shape'])}, {rule}"
    value = f" (value {short(result['value'])})" if result["value"] is not None else ""
    # no square brackets: rich would take "[rule: ...]" for markup and swallow it
    return f"{severity}: {where} — {result['message']}{value} (rule: {rule})"


def short(term: Node | None) -> str:
    """A compact name for a term: a prefixed name when a project prefix fits."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            ((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)), key=lambda item: len(item[1]), default=None
        )
        return f"{best[0]}:{text[len(best[1]) :]}" if best else f"<{text}>"
    if isinstance(term, Literal):
        return repr(str(term)) if len(str(term)) < 60 else repr(str(term)[:57] + "...")
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _result(report: Graph, node: Node) -> dict:
    messages = [str(m) for m in report.objects(node, SH.resultMessage)]
    english = [str(m) for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal) and m.language == "en"]
    return {
        "focus": report.value(node, SH.focusNode),
        "path": _path(report, report.value(node, SH.resultPath)),
        "value": report.value(node, SH.value),
        "message": (english or sorted(messages) or ["(no message)"])[0],
        "severity": report.value(node, SH.resultSeverity),
        "constraint": report.value(node, SH.sourceConstraintComponent),
        "shape": report.value(node, SH.sourceShape),
    }


def _path(report: Graph, path: Node | None) -> Node | None:
    # a complex path (inverse, sequence) is a blank node: show it as text rather than _:b1
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        if inverse is not None:
            return Literal(f"^{short(inverse)}")
        return Literal("(complex path)")
    return path


def _as_graph(data: Union[Graph, Dataset, Iterable[Graph]]) -> Graph:
    """One plain Graph holding every triple of ``data`` (named graphs flattened): ``data``
    itself when it is a plain Graph, else a new one."""
    if isinstance(data, Dataset):
        graph = Graph()
        with _collector_paused():
            for s, p, o, _ in data.quads((None, None, None, None)):
                graph.add((s, p, o))
        return graph
    if isinstance(data, Graph):
        return data
    graph = Graph()
    with _collector_paused():
        for part in data:
            for t in _as_graph(part):
                graph.add(t)
    return graph


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a graph is filled: a large graph means
    millions of new objects, none in a cycle, and the collector would walk them all again
    and again (a third of the time of reading a million triples)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _defaults(shapes: Graph | None, ontology: Graph | None) -> tuple[Graph, Graph]:
    """The shapes and ontology graphs given, or else the project's own."""
    return (
        shapes if shapes is not None else _load_default(resources.shapes_file(), "shapes"),
        ontology if ontology is not None else _load_default(resources.ontology_file(), "ontology"),
    )


#: (path, mtime, size) -> the parsed triples: parsing shapes.ttl and igel.ttl took two
#: thirds of a second, on every small validation (a monitoring form post) as well
_PARSED: dict[tuple[str, int, int], tuple] = {}


def _load_default(path: Path, what: str) -> Graph:
    """The project's shapes or ontology file as a new Graph, parsed once per version of
    the file. Each caller gets its own copy: pySHACL adds to the shapes graph it is given."""
    if not path.is_file():
        raise IgelError(
            f"The {what} file {path} is missing.", hint="Reinstall the package or restore ontology/ in the checkout."
        )
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        parsed = _as_graph(parse_file(path))
        _PARSED[key] = (tuple(parsed), list(parsed.namespaces()))
    triples, namespaces = _PARSED[key]
    graph = Graph()
    for prefix, ns in namespaces:
        graph.bind(prefix, ns, override=True)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
