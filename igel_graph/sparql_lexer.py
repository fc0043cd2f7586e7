"""The SPARQL lexer: SPARQL text cut into tokens exactly as Oxigraph cuts it.

Every part of the project that reads SPARQL text token by token uses this module: the
first wall (:mod:`igel_graph.sparql_guard`, which adds the refusals), parameter binding
for engines without a binding API (:mod:`igel_graph.store.bindings`) and the protocol's
``using-graph-uri`` (``api/writes_support.py``). One lexer, so that they can never
disagree about where a string, an IRI or a comment ends; the rules are those of
spargebra's ``parser.rs`` (why they and not rdflib's parser: see
:mod:`igel_graph.sparql_guard`).

>>> [(t.kind, t.value) for t in tokens('SELECT ?s { ?s <http://e/p> "}#" } # }')]
[('word', 'SELECT'), ('var', '?s'), ('open', '{'), ('var', '?s'), ('iri', '<http://e/p>'), ('string', '"}#"'), ('close', '}')]
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .errors import QuerySyntaxError

__all__ = ["TOKEN", "NOT_AN_IRI", "Token", "tokens", "position", "syntax_error"]

# Character classes as in spargebra's parser.rs, widened only where that cannot move a
# token boundary (name characters are \w plus the few PN_CHARS that \w lacks).
_NAME = r"[\w\-\u00B7\u0300-\u036F\u203F\u2040]"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
#: one token, with the whitespace and comments before it; its kind is the named group
TOKEN = re.compile(
    # whitespace and comments before the token are part of the match
    r"(?:[ \t\r\n]+|#[^\r\n]*)*"
    r"(?:(?P<iri><[^>\s'\"{}|^`\\<\x00-\x1f\x7f-\x9f]*>)"
    r"|(?P<lt><)"
    r"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*'"
    r'|"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*")'
    r"|(?P<var>[?$]" + _NAME + r"+)"
    r"|(?P<bnode>_:" + _NAME + r"(?:[\w\-.\u00B7\u0300-\u036F\u203F\u2040]*" + _NAME + r")?)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<pname>(?:[^\W\d_](?:[\w\-.\u00B7\u0300-\u036F\u203F\u2040]*" + _NAME + r")?)?:"
    r"(?:(?:"
    + _NAME
    + r"|:|"
    + _PLX
    + r")(?:(?:"
    + _NAME
    + r"|[.:]|"
    + _PLX
    + r")*(?:"
    + _NAME
    + r"|:|"
    + _PLX
    + r"))?)?)"
    r"|(?P<word>[^\W\d]" + _NAME + r"*)"
    r"|(?P<open>[{(\[])"
    r"|(?P<close>[})\]])"
    r"|(?P<punct>[.,;*/|^!=>+\-&~?])"
    r"|(?P<end>$))"
)


#: Oxigraph's IRI parser rejects these, so where "<" may be "less than", it is.
NOT_AN_IRI = re.compile(r'[\x00-\x20"<^`{|}\x7f]')


class Token(NamedTuple):
    """One token: ``kind`` (``word``, ``var``, ``iri``, ``string``, ``pname``, ``bnode``,
    ``lang``, ``number``, ``open``, ``close``, ``punct``), its text and where it is."""

    kind: str
    value: str
    start: int
    end: int


def position(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of ``pos``; lines end at LF (CR LF counts once).

    >>> position("SELECT\\n  ?x", 9)
    (2, 3)
    """
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


def syntax_error(text: str, pos: int, message: str, kind: str = "query") -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` about ``text`` at ``pos``, with its line and column."""
    line, column = position(text, pos)
    return QuerySyntaxError(
        message, source=f"SPARQL {kind}", line=line, column=column, hint="Check the text near that position."
    )


def tokens(text: str, kind: str = "query") -> Iterator[Token]:
    """The tokens of ``text`` in order, whitespace and comments left out.

    A ``<`` that opens an IRI is one ``iri`` token; one that does not (``?a < 3``) is
    ``punct``. Raises :class:`QuerySyntaxError` (line and column) at a character no
    SPARQL token starts with, or a string that is never closed.
    """
    match = TOKEN.match
    n = len(text)
    pos = 0
    while True:
        m = match(text, pos)
        if m is None or m.lastgroup is None:
            at = pos
            while at < n and text[at] in " \t\r\n":
                at += 1
            if at < n and text[at] == "#":
                at = n
            what = f"Unexpected character {text[at]!r}." if at < n else "Unexpected end of text."
            raise syntax_error(text, at, what, kind)
        t_kind = m.lastgroup
        if t_kind == "end":
            return
        start, pos = m.start(t_kind), m.end()
        value = m.group(t_kind)
        if t_kind == "lt":
            close = text.find(">", start + 1)
            if close != -1 and not NOT_AN_IRI.search(text, start + 1, close):
                t_kind, value, pos = "iri", text[start : close + 1], close + 1
            else:
                t_kind = "punct"
        yield Token(t_kind, value, start, pos)
