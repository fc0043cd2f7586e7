"""Reading RDF input for the stores: format names, sources, and parse errors.

Every backend parses its input here, with Oxigraph's parser, *before* touching the
store: a syntax error on line 900 of a file therefore writes nothing anywhere. The same
parser for all three backends also means that they hold the very same triples.

Blank nodes are renamed to fresh identifiers on every parse, so that two files both
using ``_:b1`` do not share a node once loaded.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import IO, Union

import pyoxigraph as ox
from rdflib import Graph

from ..errors import ParseError, QuerySyntaxError
from .terms import to_oxigraph

__all__ = [
    "Source",
    "rdf_format",
    "parse_triples",
    "sparql_syntax_error",
    "source_name",
    "SUFFIX_FORMATS",
]

Source = Union[Path, str, bytes, Graph, IO[bytes]]

#: file suffix -> rdflib format name
SUFFIX_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".rdf": "xml",
    ".owl": "xml", ".xml": "xml", ".n3": "n3", ".jsonld": "json-ld", ".json": "json-ld",
}

#: rdflib format name (and common aliases) -> Oxigraph format
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES, "n-triples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "n-quads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML, "pretty-xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3, "json-ld": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD,
}

_LINE_COL = re.compile(r"line (\d+) column (\d+)")
_AT = re.compile(r"error at (\d+):(\d+):?\s*")


def rdf_format(name: str | None, source: object = None) -> ox.RdfFormat:
    """The Oxigraph format for an rdflib format name, or guessed from a file's suffix
    (Turtle when there is nothing to go by)."""
    if name is None and isinstance(source, (str, Path)) and _looks_like_path(source):
        name = SUFFIX_FORMATS.get(Path(source).suffix.lower())
    if name is None:
        return ox.RdfFormat.TURTLE
    try:
        return _OX_FORMATS[name.lower()]
    except KeyError:
        known = ", ".join(sorted({"turtle", "nt", "nquads", "trig", "xml", "n3", "json-ld"}))
        raise ParseError(f"unknown RDF format {name!r}", hint=f"Use one of: {known}.") from None


def _looks_like_path(source: object) -> bool:
    if isinstance(source, Path):
        return True
    # A str is a file name when it is one short line naming an existing file; RDF text
    # (the other meaning of a str) practically always spans lines or has no such file.
    return (isinstance(source, str) and "\n" not in source and len(source) < 4096
            and os.path.isfile(source))


def source_name(source: object) -> str:
    """How error messages name the input: the file path, or ``input``."""
    if isinstance(source, (str, Path)) and _looks_like_path(source):
        return str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) else "input"


def parse_triples(source: Source, *, format: str | None = None,
                  rename_blank_nodes: bool = True) -> list[ox.Triple]:
    """Parse ``source`` completely and return its triples as Oxigraph terms.

    ``source`` is a file path, RDF text, bytes, an open binary file or an rdflib Graph.
    The triples of a dataset format (TriG, N-Quads) are returned without their graph
    names: the caller puts them all into one named graph. ``rename_blank_nodes=False``
    keeps the labels of the input (for reading a server's answer, not for loading).

    Raises :class:`~igel_graph.errors.ParseError` naming the source, line and column.

    >>> [str(t.object) for t in parse_triples('<http://e/a> <http://e/b> "c" .', format="nt")]
    ['"c"']
    """
    if isinstance(source, Graph):
        return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in source]
    fmt = rdf_format(format, source)
    name = source_name(source)
    try:
        if isinstance(source, (str, Path)) and _looks_like_path(source):
            with open(source, "rb") as fh:
                quads = list(ox.parse(fh, fmt, rename_blank_nodes=rename_blank_nodes))
        elif isinstance(source, (str, bytes)):
            quads = list(ox.parse(source, fmt, rename_blank_nodes=rename_blank_nodes))
        elif isinstance(source, io.IOBase) or hasattr(source, "read"):
            quads = list(ox.parse(source, fmt, rename_blank_nodes=rename_blank_nodes))
        else:
            raise ParseError(f"cannot read RDF from a {type(source).__name__}",
                             hint="Pass a file path, RDF text, a binary file or an rdflib Graph.")
    except SyntaxError as exc:
        raise _rdf_syntax_error(exc, name) from None
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", source=name) from None
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


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
    message = re.sub(r"^Parser error (between|at) line \d+ column \d+( and line \d+ column \d+)?: ",
                     "", message)
    return ParseError(message or "syntax error", source=name, line=line, column=column,
                      hint="Fix the RDF syntax at that position; nothing was loaded.")


def sparql_syntax_error(exc: Exception, sparql: str, *, kind: str = "query") -> QuerySyntaxError:
    """A QuerySyntaxError with line and column from an Oxigraph or rdflib (pyparsing)
    parse error of ``sparql``."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    message = str(exc.args[0]) if getattr(exc, "args", None) else str(exc)
    m = _AT.match(message)
    if m:  # Oxigraph: "error at 3:11: expected one of ..."
        line, column = int(m.group(1)), int(m.group(2))
        message = message[m.end():]
    if line is not None and column is not None and hasattr(exc, "msg"):
        message = str(exc.msg)  # pyparsing: the message without its own position suffix
    return QuerySyntaxError(message or "syntax error", source=f"SPARQL {kind}", line=line,
                            column=column)
