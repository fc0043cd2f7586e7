"""SHACL validation of asserted data against ``ontology/shapes.ttl``.

Validation runs on what the sources and curators *assert*, with no inference: pySHACL's
OWL-RL inference would add the very types that ``sh:class`` checks look for, so an actor
typed nowhere would pass (see DESIGN.md, "Known traps"). The ontology is mixed in only so
that ``sh:class igel:Actor`` accepts an ``igel:PublicAuthority`` through the asserted
``rdfs:subClassOf`` axioms.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.results
(True, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence, Union

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from . import resources
from .errors import IgelError
from .namespaces import PREFIXES, Graphs
from .rdfio import parse_file

__all__ = ["ValidationReport", "validate", "validate_file", "validate_store", "validate_with_context", "asserted_data",
           "describe_result", "short",
           "ASSERTED_EXCLUDED"]

#: graphs that hold no assertions to validate: reasoner and analysis output, the write log
ASSERTED_EXCLUDED = frozenset({Graphs.ONTOLOGY, Graphs.INFERRED, Graphs.ANALYSIS, Graphs.WRITES})


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


def validate(data: Union[Graph, Dataset, Iterable[Graph]], *, shapes: Graph | None = None,
             ontology: Graph | None = None) -> ValidationReport:
    """Validate asserted data with the project's SHACL shapes, without inference.

    Parameters
    ----------
    data : a Graph, a Dataset (its named graphs are validated together, as one graph), or
        several graphs to validate as their union.
    shapes : the shapes graph; default ``ontology/shapes.ttl``.
    ontology : class and property axioms mixed in for ``sh:class`` over subclasses;
        default ``ontology/igel.ttl``.

    Returns
    -------
    ValidationReport, sorted by focus node then shape so that reports compare stably.
    """
    graph = _as_graph(data)
    shapes = shapes if shapes is not None else _load_default(resources.shapes_file(), "shapes")
    ontology = ontology if ontology is not None else _load_default(resources.ontology_file(), "ontology")
    conforms, results_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
        allow_warnings=True, allow_infos=True,
    )
    results = sorted((_result(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult)),
                     key=lambda r: (str(r["focus"]), str(r["shape"]), str(r["path"]), str(r["value"])))
    return ValidationReport(conforms=bool(conforms), results=results, data_size=len(graph))


def validate_file(path: Union[str, Path], *, context: Graph | None = None, shapes: Graph | None = None,
                  format: str | None = None) -> ValidationReport:
    """Validate an RDF file; with ``context`` (e.g. the store's vocabularies and data) the
    file is checked together with it (see :func:`validate_with_context`).

    Raises :class:`~igel_graph.errors.ParseError` (with line and column) for a malformed file.
    """
    own = _as_graph(parse_file(path, format))
    if context is None:
        return validate(own, shapes=shapes)
    return validate_with_context(own, context, shapes=shapes)


def validate_with_context(own: Graph, context: Union[Graph, Iterable[Graph]], *,
                          shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``own`` together with ``context`` (data it refers to), keeping only the
    results whose focus node is a resource that ``own`` mentions: new data is judged, and
    may complete, but is not blamed for, what is already there.
    """
    combined = Graph()
    for part in ([context] if isinstance(context, Graph) else list(context)) + [own]:
        for t in part:
            combined.add(t)
    report = validate(combined, shapes=shapes, ontology=ontology)
    mine = set(own.subjects()) | {o for o in own.objects() if not isinstance(o, Literal)}
    kept = [r for r in report.results if r["focus"] in mine]
    return ValidationReport(conforms=not any(r["severity"] == SH.Violation for r in kept),
                            results=kept, data_size=len(own))


def asserted_data(store) -> Graph:
    """The store's asserted statements (sources, curated, vocabularies, uploads) as one Graph.

    Built with one CONSTRUCT over every named graph except the ontology, the inferred,
    the analysis and the write-log graphs, so that large stores need no per-graph copies.
    """
    wanted = [g for g in store.graphs() if g not in ASSERTED_EXCLUDED]
    graph = Graph()
    if not wanted:
        return graph
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=wanted)
    for t in result.triples:
        graph.add(t)
    return graph


def validate_store(store, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate the store's asserted data (see :func:`asserted_data`) with the ontology
    graph of the store, when it has one, for the class hierarchy."""
    ontology = store.graph(Graphs.ONTOLOGY) if Graphs.ONTOLOGY in store.graphs() else None
    return validate(asserted_data(store), shapes=shapes, ontology=ontology)


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
        best = max(((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)),
                   key=lambda item: len(item[1]), default=None)
        return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"
    if isinstance(term, Literal):
        return repr(str(term)) if len(str(term)) < 60 else repr(str(term)[:57] + "...")
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _result(report: Graph, node: Node) -> dict:
    messages = [str(m) for m in report.objects(node, SH.resultMessage)]
    english = [str(m) for m in report.objects(node, SH.resultMessage)
               if isinstance(m, Literal) and m.language == "en"]
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


def _as_graph(data: Union[Graph, Dataset, Sequence[Graph]]) -> Graph:
    """One plain Graph holding every triple of ``data`` (named graphs flattened)."""
    if isinstance(data, Dataset):
        graph = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    if isinstance(data, Graph):
        return data
    graph = Graph()
    for part in data:
        for t in _as_graph(part):
            graph.add(t)
    return graph


def _load_default(path: Path, what: str) -> Graph:
    if not path.is_file():
        raise IgelError(f"The {what} file {path} is missing.",
                        hint="Reinstall the package or restore ontology/ in the checkout.")
    parsed = parse_file(path)
    return _as_graph(parsed)
