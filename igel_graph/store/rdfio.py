"""Reading RDF input for the stores: format names, sources, and parse errors.

Every backend parses its input here, with Oxigraph's parser, *before* touching the
store: a syntax error on line 900 of a file therefore writes nothing anywhere. Small
inputs are parsed into a list (:func:`parse_triples`); a large one is first checked by a
streaming parse that keeps nothing (:func:`scan`) and then read a second time
(:func:`parse_stream`, or by Oxigraph's bulk loader). The same
parser for all three backends also means that they hold the very same triples.

Blank nodes are renamed to fresh identifiers on every parse, so that two files both
using ``_:b1`` do not share a node once loaded.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterator, TypeGuard, Union

import pyoxigraph as ox
from rdflib import Graph

from ..errors import ParseError, QuerySyntaxError
from .terms import triple_to_oxigraph

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs arrives in Python 3.13

__all__ = [
    "Source",
    "rdf_format",
    "parse_triples",
    "scan",
    "triple_digest",
    "has_blank_node",
    "Scan",
    "source_size",
    "parse_stream",
    "rereadable",
    "sparql_syntax_error",
    "locate_syntax_error",
    "source_name",
    "is_path",
    "SUFFIX_FORMATS",
]

Source = Union[Path, str, bytes, Graph, IO[bytes]]

#: file suffix -> rdflib format name
SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

#: rdflib format name (and common aliases) -> Oxigraph format
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "pretty-xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
}

_LINE_COL = re.compile(r"line (\d+) column (\d+)")
_AT = re.compile(r"error at (\d+):(\d+):?\s*")


def rdf_format(name: str | None, source: object = None) -> ox.RdfFormat:
    """The Oxigraph format for an rdflib format name, or guessed from a file's suffix
    (Turtle when there is nothing to go by)."""
    if name is None and is_path(source):
        name = SUFFIX_FORMATS.get(Path(source).suffix.lower())
    if name is None:
        return ox.RdfFormat.TURTLE
    try:
        return _OX_FORMATS[name.lower()]
    except KeyError:
        known = ", ".join(sorted({"turtle", "nt", "nquads", "trig", "xml", "n3", "json-ld"}))
        raise ParseError(f"unknown RDF format {name!r}", hint=f"Use one of: {known}.") from None


def is_path(source: object) -> TypeGuard[Path | str]:
    """True if ``source`` names a file (a Path, or a str that is an existing file's name)
    rather than being RDF text."""
    if isinstance(source, Path):
        return True
    # A str is a file name when it is one short line naming an existing file; RDF text
    # (the other meaning of a str) practically always spans lines or has no such file.
    return isinstance(source, str) and "\n" not in source and len(source) < 4096 and os.path.isfile(source)


def source_name(source: object) -> str:
    """How error messages name the input: the file path, or ``input``."""
    if is_path(source):
        return str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) else "input"


def parse_triples(source: Source, *, format: str | None = None, rename_blank_nodes: bool = True) -> list[ox.Triple]:
    """Parse ``source`` completely and return its triples as Oxigraph terms.

    ``source`` is a file path, RDF text, bytes, an open binary file or an rdflib Graph.
    The triples of a dataset format (TriG, N-Quads) are returned without their graph
    names: the caller puts them all into one named graph. ``rename_blank_nodes=False``
    keeps the labels of the input (for reading a server's answer, not for loading).

    Raises :class:`~igel_graph.errors.ParseError` naming the source, line and column (for
    an rdflib Graph, which has no positions: the term the store cannot hold, such as the
    relative IRI rdflib's RDF/XML parser makes of an unqualified attribute).

    >>> [str(t.object) for t in parse_triples('<http://e/a> <http://e/b> "c" .', format="nt")]
    ['"c"']
    """
    if isinstance(source, Graph):
        triples = []
        for s, p, o in source:
            try:
                triples.append(triple_to_oxigraph(s, p, o))
            except (TypeError, ValueError) as exc:
                raise ParseError(
                    f"the statement {s.n3()} {p.n3()} {o.n3()} cannot be stored: {exc}",
                    source=source_name(source),
                    hint="Use absolute IRIs (http://..., https://..., urn:...) and qualified attribute names.",
                ) from None
        return triples
    fmt = rdf_format(format, source)
    name = source_name(source)
    with _syntax_errors(name):
        quads = list(_parse(source, fmt, rename_blank_nodes=rename_blank_nodes))
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


@dataclass(frozen=True)
class Scan:
    """What a syntax check of an input found: ``statements`` parsed (duplicates counted
    each time), whether any of them is in a named graph (TriG, N-Quads), and, when asked
    for, the :func:`triple_digest` of every statement without a blank node."""

    statements: int
    named_graphs: bool
    digests: set[bytes] | None = field(default=None, repr=False, compare=False)


def triple_digest(subject, predicate, object) -> bytes:
    """A 128-bit fingerprint of one triple of Oxigraph terms, from its N-Triples text.

    Equal triples have equal digests; two different triples share one with a probability
    of about 2**-128, so a set of digests stands for a set of triples at a fraction of
    its memory (about 100 MB for a million).
    """
    text = f"{subject} {predicate} {object}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def has_blank_node(subject, object) -> bool:
    """True if a triple with this subject and object has a blank node (a predicate never
    is one)."""
    return isinstance(subject, ox.BlankNode) or isinstance(object, ox.BlankNode)


def scan(source: Source, *, format: str | None = None, digests: bool = False) -> Scan:
    """Parse ``source`` completely, keeping nothing, to prove it is well-formed.

    The quads stream through the parser and are dropped, so memory stays flat whatever the
    size of the input (about 1.5 s and 40 MB for one million N-Triples lines). With
    ``digests=True`` the :func:`triple_digest` of every triple without a blank node is
    kept (about 4 s and 100 MB more a million lines): blank nodes get new identifiers on
    every load, so such a triple never equals one already stored. An open binary file
    that can seek is put back where it was, so that it can be read again.

    Raises :class:`~igel_graph.errors.ParseError` naming the source, line and column, as
    :func:`parse_triples` does.

    >>> scan('<http://e/a> <http://e/b> "c" .', format="nt")
    Scan(statements=1, named_graphs=False)
    """
    if isinstance(source, Graph):
        return Scan(len(source), False)
    fmt = rdf_format(format, source)
    stream = source if _seekable(source) else None
    start = stream.tell() if stream is not None else None
    count, named = 0, False
    seen: set[bytes] | None = set() if digests else None
    with _syntax_errors(source_name(source)):
        for quad in _parse(source, fmt, rename_blank_nodes=False):
            count += 1
            if not named and not isinstance(quad.graph_name, ox.DefaultGraph):
                named = True
            if seen is not None and not has_blank_node(quad.subject, quad.object):
                seen.add(triple_digest(quad.subject, quad.predicate, quad.object))
    if stream is not None and start is not None:
        stream.seek(start)
    return Scan(count, named, seen)


def source_size(source: Source) -> int | None:
    """The size of ``source`` in bytes (characters for text), or None when it cannot be
    known without reading it (a stream that cannot seek) or is not text (an rdflib Graph).
    The size of a stream counts from where it stands."""
    if is_path(source):
        return os.path.getsize(source)
    if isinstance(source, (str, bytes)):
        return len(source)
    if _seekable(source):
        here = source.tell()
        end = source.seek(0, io.SEEK_END)
        source.seek(here)
        return end - here
    return None


def rereadable(source: Source) -> Source:
    """``source``, or for a stream that cannot seek (a pipe, standard input) its content
    as an in-memory binary file with the same ``name``, so that it can be read twice."""
    if not _is_stream(source) or _seekable(source):
        return source
    copy = io.BytesIO(source.read())
    name = getattr(source, "name", None)
    if isinstance(name, str):
        copy.name = name  # error messages keep naming the original input
    return copy


def parse_stream(source: Source, *, format: str | None = None) -> Iterator[ox.Quad]:
    """The quads of ``source``, one at a time, blank nodes renamed as for loading.

    Memory stays flat, but a syntax error only surfaces when the parser reaches it (as a
    :class:`~igel_graph.errors.ParseError`): check the input with :func:`scan` first when
    nothing may be written before it.
    """
    fmt = rdf_format(format, source)
    with _syntax_errors(source_name(source)):
        yield from _parse(source, fmt, rename_blank_nodes=True)


def _is_stream(source: object) -> TypeIs[IO[bytes]]:
    return not isinstance(source, (str, bytes, Path, Graph)) and hasattr(source, "read")


def _seekable(source: object) -> TypeGuard[IO[bytes]]:
    seekable = getattr(source, "seekable", None)
    return _is_stream(source) and callable(seekable) and bool(seekable())


def _parse(source: Source, fmt: ox.RdfFormat, *, rename_blank_nodes: bool):
    """Oxigraph's streaming parser over a path, text, bytes or an open binary file."""
    if is_path(source):
        return ox.parse(path=str(source), format=fmt, rename_blank_nodes=rename_blank_nodes)
    if isinstance(source, (str, bytes)) or _is_stream(source):
        return ox.parse(source, fmt, rename_blank_nodes=rename_blank_nodes)
    raise ParseError(
        f"cannot read RDF from a {type(source).__name__}",
        hint="Pass a file path, RDF text, a binary file or an rdflib Graph.",
    )


def locate_syntax_error(data: bytes, format: str, name: str) -> ParseError | None:
    """The :class:`~igel_graph.errors.ParseError` Oxigraph's parser finds in ``data``
    (with line and column), or None when it parses or the format is not one Oxigraph
    reads. For parsers that say *that* the input is wrong but not *where*.

    >>> locate_syntax_error(b"<http://e/a> <http://e/b> .", "nt", "x.nt").line
    1
    """
    try:
        fmt = rdf_format(format)
        with _syntax_errors(name):
            for _ in _parse(data, fmt, rename_blank_nodes=False):
                pass
    except ParseError as err:
        return err
    except Exception:  # noqa: BLE001 - only a locator: any other failure means "no position"
        return None
    return None


@contextmanager
def _syntax_errors(name: str):
    """Turn Oxigraph's SyntaxError and OSError into one ParseError naming the source."""
    try:
        yield
    except SyntaxError as exc:
        raise _rdf_syntax_error(exc, name) from None
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", source=name) from None


def _rdf_syntax_error(exc: SyntaxError, name: str) -> ParseError:
    """A ParseError from Oxigraph's ``SyntaxError`` (which carries the position in
    ``args[1]`` as ``(file, line, column, text, end line, end column)``)."""
    message = str(exc.args[0]) if exc.args else str(exc)
    line = column = None
    if len(exc.args) > 1 and isinstance(exc.args[1], tuple) and len(exc.args[1]) >= 3:
        line, column = exc.args[1][1], exc.args[1][2]
    else:
        m = _LINE_COL.search(message)
        if m:
            line, column = int(m.group(1)), int(m.group(2))
    # Oxigraph prefixes the position to the message; say it once.
    message = re.sub(r"^Parser error (between|at) line \d+ column \d+( and line \d+ column \d+)?: ", "", message)
    return ParseError(
        message or "syntax error",
        source=name,
        line=line,
        column=column,
        hint="Fix the RDF syntax at that position; nothing was loaded.",
    )


def sparql_syntax_error(exc: Exception, sparql: str, *, kind: str = "query") -> QuerySyntaxError:
    """A QuerySyntaxError with line and column from an Oxigraph or rdflib (pyparsing)
    parse error of ``sparql``."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    message = str(exc.args[0]) if getattr(exc, "args", None) else str(exc)
    m = _AT.match(message)
    if m:  # Oxigraph: "error at 3:11: expected one of ..."
        line, column = int(m.group(1)), int(m.group(2))
        message = message[m.end() :]
    if line is not None and column is not None and hasattr(exc, "msg"):
        message = str(exc.msg)  # pyparsing: the message without its own position suffix
    return QuerySyntaxError(message or "syntax error", source=f"SPARQL {kind}", line=line, column=column)
