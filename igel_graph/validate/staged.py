"""Validate a file before ``igel load`` writes it, at the speed of the store engine.

``igel load`` judges a file together with the store's asserted data, by the rules of
:func:`igel_graph.validate.validate_with_context`: new data may complete what is there, and
only results about resources the file mentions count. With rdflib and pySHACL a file of a
million triples took 7 minutes and 4.5 GB (issue 11, point 4). Here:

1. the file is parsed by Oxigraph into a *scratch* store in memory (this is also the
   syntax check: a malformed file raises :class:`~igel_graph.errors.ParseError` with line
   and column);
2. the context (the store's asserted graphs, but not the graph a ``--replace`` empties)
   and the ontology (for ``sh:class`` over the asserted ``rdfs:subClassOf``, no inference)
   are copied beside it;
3. the union is validated by the Rust engine of the ``shacl`` package (PyPI, MIT OR
   Apache-2.0), which gives pySHACL's verdicts on every test file and on mutations breaking
   every shape (tests/build/test_validate_staged.py, with pySHACL as the reference);
4. results whose focus node the file does not mention are dropped.

The target store is not touched, so a file that fails changes nothing; the caller loads it
afterwards (``Store.load``, whose large-input path is Oxigraph's bulk loader).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import shacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .. import resources
from ..errors import IgelError, ParseError
from ..namespaces import Graphs
from ..rdfio import parse_file
from ..store.rdfio import _syntax_errors, rdf_format, scan
from ..store.terms import to_oxigraph, to_rdflib
from . import _RESULT_ORDER, ASSERTED_EXCLUDED, ValidationReport

__all__ = ["validate_for_load", "validate_union", "validate_graphs", "reads_natively", "OWN_GRAPH"]

#: the scratch store's graph holding the file being judged; the context and the ontology
#: go into graphs of their own beside it
OWN_GRAPH = ox.NamedNode("urn:igel:scratch:own")
CONTEXT_GRAPH = ox.NamedNode("urn:igel:scratch:context")
ONTOLOGY_GRAPH = ox.NamedNode("urn:igel:scratch:ontology")

#: formats Oxigraph parses for the scratch store; the others (RDF/XML, JSON-LD, N3) go
#: through rdflib's guarded parser (entity expansion and remote contexts refused) as before
_NATIVE = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE)

Progress = Callable[[str, int, int], None]


def validate_for_load(
    store: Any,
    path: Path,
    target: URIRef,
    *,
    replace: bool = False,
    format: str | None = None,
    shapes: Graph | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the RDF file ``path`` as ``igel load`` would put it into ``target`` of
    ``store``: together with the store's asserted graphs (less ``target`` when
    ``replace``) and its ontology graph (the project's ontology when it has none),
    keeping the results about resources the file mentions.

    Returns the :class:`~igel_graph.validate.ValidationReport` (``data_size``: the file's
    triples), sorted like :func:`~igel_graph.validate.validate`'s. Raises
    :class:`~igel_graph.errors.ParseError` for a malformed file or a dataset format (TriG,
    N-Quads), which names its own graphs. Nothing is written to ``store``.
    """
    step = progress or (lambda *_: None)
    fmt = rdf_format(format, path)
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        raise ParseError(
            "TriG and N-Quads name their own graphs; igel load takes one graph",
            source=str(path),
            hint="Convert it to Turtle, or load each graph separately.",
        )
    step("reading the file", 0, 3)
    own_text = _plain_text(path, fmt, format)
    in_scratch = own_text is None
    statements = own_text[1] if own_text is not None else 0
    scratch = ox.Store()
    if own_text is None:
        _read_file(scratch, path, fmt, format)
    step("copying the store's data beside it", 1, 3)
    graphs = store.graphs()
    for g in graphs:
        if g not in ASSERTED_EXCLUDED and not (replace and g == target):
            _copy(store, g, scratch, CONTEXT_GRAPH)
    if Graphs.ONTOLOGY in graphs:
        _copy(store, Graphs.ONTOLOGY, scratch, ONTOLOGY_GRAPH)
    else:
        scratch.bulk_load(path=str(resources.ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    step("validating", 2, 3)
    if own_text is None:
        results = validate_union(scratch, shapes)
    else:
        # the file's own text first, then the store's data: the engine parses the file
        # once, and no store is filled with a copy of it
        text = own_text[0] + "\n" + _union_text(scratch)
        own_text = None
        results = _engine_results(text, "nt" if fmt == ox.RdfFormat.N_TRIPLES else "turtle", shapes)
        del text
        if results:  # which of them the file is blamed for needs the file in a store
            _read_file(scratch, path, fmt, format)

    kept = [r for r in results if _mentioned(scratch, r["focus"])]
    # the scan counted statements as written; the store counts distinct triples
    size = _graph_size(scratch, OWN_GRAPH) if in_scratch or results else statements
    step("validated", 3, 3)
    return ValidationReport(conforms=not any(r["severity"] == SH.Violation for r in kept), results=kept, data_size=size)


def _plain_text(path: Path, fmt: ox.RdfFormat, format: str | None) -> tuple[str, int] | None:
    """The text of an N-Triples or Turtle file without blank nodes, and its number of
    statements, after a full syntax check (:class:`~igel_graph.errors.ParseError` with line
    and column); None for any other file, which goes into the scratch store instead.

    Without blank nodes, the file's text and the store's dump can be given to the engine
    as one text: no label of one can stand for a node of the other.
    """
    if fmt not in _NATIVE or not path.is_file():
        return None
    data = path.read_bytes()
    blank = (b"_:",) if fmt == ox.RdfFormat.N_TRIPLES else (b"_:", b"[", b"(")
    if any(marker in data for marker in blank):
        return None
    checked = scan(path, format=format)
    try:
        return data.decode("utf-8"), checked.statements
    except UnicodeDecodeError:
        return None  # the scan accepted it, so let the scratch store read it


def reads_natively(path: Path, format: str | None) -> bool:
    """True if Oxigraph parses ``path`` here (N-Triples, Turtle); False for the formats
    that go through rdflib's guarded parser (RDF/XML, JSON-LD, N3)."""
    return rdf_format(format, path) in _NATIVE


def validate_union(scratch: ox.Store, shapes: Graph | None = None) -> list[dict]:
    """The SHACL results on the union of the named graphs of ``scratch``, no inference,
    as dicts like :func:`~igel_graph.validate.validate`'s (rdflib terms; the English
    ``sh:message`` of the shape), sorted the same way.

    ``shapes``: the shapes graph; default ``ontology/shapes.ttl``.
    """
    return _engine_results(_union_text(scratch), "nt", shapes)


def validate_graphs(graphs: list[Graph], shapes: Graph | None = None) -> list[dict]:
    """The engine's results on the union of the rdflib ``graphs`` (data, ontology, ...),
    as :func:`validate_union` gives them; each graph keeps its blank nodes apart."""
    scratch = ox.Store()
    for i, graph in enumerate(graphs):
        _add_graph(scratch, graph, ox.NamedNode(f"urn:igel:scratch:part:{i}"))
    return validate_union(scratch, shapes)


def _add_graph(scratch: ox.Store, graph: Graph, into: ox.NamedNode) -> None:
    """Put the triples of the rdflib ``graph`` into graph ``into`` of the scratch store."""
    scratch.bulk_extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), into)  # type: ignore[arg-type]
        for s, p, o in graph
    )


def _engine_results(text: str, format: str, shapes: Graph | None) -> list[dict]:
    """The engine's results on the RDF ``text`` (``nt`` or ``turtle``), as
    :func:`validate_union` gives them."""
    shapes_graph, engine = _shapes(shapes)
    try:
        report = engine.validate_text(text, format=format, allow_warnings=True)
    except Exception as exc:  # noqa: BLE001 - the engine's failure becomes one clear message
        raise IgelError(f"The SHACL engine failed: {exc}") from None
    del text
    results = [_result(r, shapes_graph) for r in report.results]
    results.sort(key=lambda r: tuple(str(r[k]) for k in _RESULT_ORDER))
    return results


def _read_file(scratch: ox.Store, path: Path, fmt: ox.RdfFormat, format: str | None) -> None:
    """Parse ``path`` into the scratch store's own graph; a malformed file raises
    :class:`~igel_graph.errors.ParseError` (line and column)."""
    if fmt not in _NATIVE:
        _add_graph(scratch, parse_file(path, format), OWN_GRAPH)
        return
    if not path.is_file():
        raise ParseError("no such file" if not path.exists() else "is not a file", source=str(path))
    with _syntax_errors(str(path)):
        # bulk_load parses in full before it adds anything: a malformed file leaves the
        # scratch store empty, and it is thrown away anyway
        scratch.bulk_load(path=str(path), format=fmt, to_graph=OWN_GRAPH)


def _copy(store: Any, graph: URIRef, scratch: ox.Store, into: ox.NamedNode) -> None:
    """Copy ``graph`` of ``store`` into graph ``into`` of the scratch store (straight from
    Oxigraph when the store is one, else through rdflib)."""
    raw = getattr(store, "raw", None)
    if isinstance(raw, ox.Store):
        name = ox.NamedNode(str(graph))
        scratch.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, into) for q in raw.quads_for_pattern(None, None, None, name)
        )
        return
    _add_graph(scratch, store.graph(graph), into)


def _union_text(scratch: ox.Store) -> str:
    """Every named graph of ``scratch`` as one N-Triples text. One store's dump names each
    blank node the same way in every graph, so the union keeps them apart and together as
    the store does."""
    out = io.BytesIO()
    for g in scratch.named_graphs():
        scratch.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=g)
    return out.getvalue().decode("utf-8")


#: (path, mtime, size) of the shapes file -> (its graph, the engine's compiled shapes)
_COMPILED: dict[tuple[str, int, int], tuple[Graph, Any]] = {}


def _shapes(shapes: Graph | None) -> tuple[Graph, Any]:
    """The shapes graph (for the shapes' messages) and the engine's compiled shapes."""
    if shapes is not None:
        return shapes, shacl.Shapes.from_turtle(shapes.serialize(format="turtle"))
    path = resources.shapes_file()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _COMPILED:
        _COMPILED[key] = (Graph().parse(path, format="turtle"), shacl.Shapes.from_file(str(path)))
    return _COMPILED[key]


def _term(text: str | None) -> Node | None:
    """An rdflib term from the engine's N-Triples spelling of one (exact: parsed by
    Oxigraph as the object of a statement)."""
    if text is None:
        return None
    if text.startswith("_:"):
        parsed = ox.BlankNode(text[2:])
        return to_rdflib(parsed)
    quads = list(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    return to_rdflib(quads[0].object)


def _result(result: Any, shapes: Graph) -> dict:
    """One engine result as the dict :func:`~igel_graph.validate.describe_result` takes:
    the message is the shape's English ``sh:message`` (the engine's messages carry no
    language), else the engine's first."""
    shape = _term(result.source_shape)
    messages = list(shapes.objects(shape, SH.message)) if shape is not None else []
    english = [str(m) for m in messages if isinstance(m, Literal) and m.language == "en"]
    path = result.path
    return {
        "focus": _term(result.focus_node),
        "path": None if path is None else (_term(path) if path.startswith("<") else Literal(path)),
        "value": _term(result.value),
        "message": (english or sorted(str(m) for m in messages) or [result.message or "(no message)"])[0],
        "severity": URIRef(result.severity_iri),
        "constraint": URIRef(result.component_iri),
        "shape": shape,
    }


def _mentioned(scratch: ox.Store, node: Node | None) -> bool:
    """True if the file (the scratch store's own graph) has ``node`` as subject or object."""
    if node is None:
        return False
    term: Any = to_oxigraph(node)
    if not isinstance(term, ox.Literal) and next(scratch.quads_for_pattern(term, None, None, OWN_GRAPH), None):
        return True
    return next(scratch.quads_for_pattern(None, None, term, OWN_GRAPH), None) is not None


def _graph_size(scratch: ox.Store, graph: ox.NamedNode) -> int:
    """How many triples ``graph`` of the scratch store holds."""
    rows: Any = scratch.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return next(int(row["n"].value) for row in rows)
