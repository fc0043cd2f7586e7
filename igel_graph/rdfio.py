"""Reading RDF files into rdflib graphs, with errors a user can act on.

One job: turn a file (or text) into an :class:`rdflib.Graph` or :class:`rdflib.Dataset`,
and turn every parser failure into a :class:`~igel_graph.errors.ParseError` that names the
file, the line and the column. rdflib's parsers do not all report positions (its N-Triples
parser names only the bad line), so on failure the same bytes are parsed again with
pyoxigraph, whose errors carry line and column, to locate the mistake.

>>> g = parse_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .", "turtle")
>>> len(g)
1
>>> guess_format("plan.ttl"), guess_format("dump.nq")
('turtle', 'nquads')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Union
from xml.sax import SAXParseException

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import QuotedGraph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import ParseError
from .store.rdfio import SUFFIX_FORMATS, locate_syntax_error
from .untrusted_rdf import guard_bytes

__all__ = ["FORMATS", "QUAD_FORMATS", "guess_format", "normalise_format", "parse_file", "parse_text"]

#: file suffix -> rdflib format name (the stores' table: one list of suffixes)
FORMATS: dict[str, str] = SUFFIX_FORMATS

#: formats that carry named graphs (parsed into a Dataset)
QUAD_FORMATS = frozenset({"nquads", "trig"})

# user spellings -> rdflib names
_ALIASES = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "nquads": "nquads",
    "n-quads": "nquads",
    "trig": "trig",
    "xml": "xml",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf": "xml",
    "n3": "n3",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
}


def normalise_format(name: str) -> str:
    """The rdflib format name for a user's spelling (``ttl``, ``N-Triples``, ``jsonld``).

    Raises :class:`ParseError` for an unknown format, listing the known ones.
    """
    fmt = _ALIASES.get(name.strip().lower())
    if fmt is None:
        known = ", ".join(sorted(set(_ALIASES.values())))
        raise ParseError(f"unknown RDF format {name!r}", source=None, hint=f"Use one of: {known}.")
    return fmt


def guess_format(path: Union[str, Path]) -> str:
    """The rdflib format of a file, from its suffix (``.ttl`` → ``turtle``).

    Raises :class:`ParseError` when the suffix is not an RDF one.
    """
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        known = " ".join(sorted(FORMATS))
        raise ParseError(
            f"cannot tell the RDF format from the suffix {suffix or '(none)'!r}",
            source=str(path),
            hint=f"Name the format, or use one of the suffixes {known}.",
        )
    return fmt


def parse_file(path: Union[str, Path], format: str | None = None) -> Union[Graph, Dataset]:
    """Parse an RDF file.

    Parameters
    ----------
    path : the file.
    format : an rdflib format name or alias; guessed from the suffix when None.

    Returns
    -------
    A :class:`Graph` for triple formats, a :class:`Dataset` for TriG and N-Quads.

    Raises
    ------
    ParseError
        The file is missing or unreadable, the format unknown, or the content malformed
        (then with line and column).
    """
    path = Path(path)
    fmt = normalise_format(format) if format else guess_format(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise ParseError("is a directory, not an RDF file", source=str(path)) from None
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror}", source=str(path)) from None
    return _parse_bytes(data, fmt, str(path))


def parse_text(text: Union[str, bytes], format: str, source: str = "input") -> Union[Graph, Dataset]:
    """Parse RDF text in ``format``; ``source`` names it in error messages."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _parse_bytes(data, normalise_format(format), source)


def _parse_bytes(data: bytes, fmt: str, source: str) -> Union[Graph, Dataset]:
    # rdflib would expand XML entities and fetch JSON-LD contexts: refuse both first.
    data = guard_bytes(data, fmt, own_contexts=_own_contexts() if fmt == "json-ld" else None, source=source)
    target: Union[Graph, Dataset] = Dataset() if fmt in QUAD_FORMATS else Graph()
    try:
        target.parse(data=data, format=fmt)
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise ParseError("the file is not UTF-8 text", source=source, line=line, column=column) from None
    except Exception as exc:  # noqa: BLE001 - every parser failure becomes one ParseError
        raise _located(exc, data, fmt, source) from None
    if fmt == "n3":
        _refuse_n3_extensions(target, source)
    _refuse_relative_iris(target, source)
    return target


def _refuse_relative_iris(graph: Union[Graph, Dataset], source: str) -> None:
    """Raise :class:`ParseError` if the parse left an IRI without a scheme (rdflib's RDF/XML
    parser makes ``<parse>`` of an unqualified attribute ``parse="..."``; a relative IRI
    with no base stays relative), which no store can hold."""
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and ":" not in term:
                raise ParseError(
                    f"the IRI <{term}> has no scheme, so it cannot be stored",
                    source=source,
                    hint="Use absolute IRIs (or a base IRI), and qualified names for RDF/XML attributes.",
                )


def _own_contexts() -> dict:
    """The project's own JSON-LD context by its published IRI (put inline, not fetched)."""
    from .namespaces import ID_BASE
    from .reports import REPORT_CONTEXT
    from .untrusted_rdf import OWN_CONTEXT_PATH

    site = ID_BASE[: -len("id/")].rstrip("/")  # https://w3id.org/igel
    return {site + OWN_CONTEXT_PATH: REPORT_CONTEXT}


def _refuse_n3_extensions(graph: Union[Graph, Dataset], source: str) -> None:
    """Raise :class:`ParseError` if an N3 parse produced variables or formulas, which are
    not RDF and which no store can hold."""
    for triple in graph:
        for term in triple:
            if isinstance(term, Variable):
                raise ParseError(
                    f"N3 variables ({term.n3()}) are not RDF and cannot be loaded",
                    source=source,
                    hint="Write plain triples with IRIs or blank nodes.",
                )
            if isinstance(term, QuotedGraph):
                raise ParseError(
                    "N3 formulas ({ ... }) are not RDF triples and cannot be loaded",
                    source=source,
                    hint="Write plain triples (Turtle is N3 without formulas).",
                )


def _located(exc: Exception, data: bytes, fmt: str, source: str) -> ParseError:
    """A ParseError for ``exc`` with the best line/column we can find: Oxigraph's parser
    locates most errors; rdflib's own exceptions are the fallback."""
    located = locate_syntax_error(data, fmt, source)
    if located is not None and located.line is not None:
        return located
    if isinstance(exc, BadSyntax):
        text = exc._str.decode("utf-8", "replace")
        line, column = _position(text, exc._i)
        return ParseError(f"bad syntax ({exc._why})", source=source, line=line, column=column)
    if isinstance(exc, SAXParseException):
        sax_column = exc.getColumnNumber()
        return ParseError(
            exc.getMessage(),
            source=source,
            line=exc.getLineNumber(),
            column=None if sax_column is None else sax_column + 1,
        )
    if isinstance(exc, json.JSONDecodeError):
        return ParseError(exc.msg, source=source, line=exc.lineno, column=exc.colno)
    if located is not None:  # no position, but a clearer reason than most rdflib errors
        return located
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ParseError(message, source=source)


def _position(text: Union[str, bytes], index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index."""
    if isinstance(text, str):
        line, last = text.count("\n", 0, index) + 1, text.rfind("\n", 0, index)
    else:
        line, last = text.count(b"\n", 0, index) + 1, text.rfind(b"\n", 0, index)
    return line, index - (last + 1) + 1
