"""Binding query parameters as RDF terms by adding a ``VALUES`` block to a query.

Used where the engine has no native binding API (a remote endpoint) or where Oxigraph's
``substitutions`` do not apply (a variable that the SELECT clause does not project).
Values are written in N-Triples syntax by Oxigraph's serialiser, which validates IRIs
and escapes quotes, backslashes and line breaks in literals: a parameter can never leave
its term, whatever text it holds.

The block goes first into the query's WHERE group, so that it binds the variables before
the rest of the pattern (as rdflib's ``initBindings`` does).

>>> from rdflib import Literal, URIRef
>>> inject_values("SELECT ?n WHERE { ?a <http://e/name> ?n }", {"a": URIRef("http://e/x")})
'SELECT ?n WHERE { VALUES (?a) { (<http://e/x>) } ?a <http://e/name> ?n }'
"""

from __future__ import annotations

import re
from typing import Mapping

from rdflib.term import Identifier

from ..errors import IgelError
from .terms import to_oxigraph

__all__ = ["values_block", "inject_values", "substitute_in_filters", "bind_as_text", "term_text"]

# Tokens that may contain braces or look like them: strings, IRIs, comments, then braces
# and the keywords that matter for finding the WHERE group.
_TOKEN = re.compile(
    r'(?P<skip>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*)'
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<word>\b(?:CONSTRUCT|WHERE|SELECT)\b)",
    re.IGNORECASE,
)


def term_text(term: Identifier) -> str:
    """An rdflib IRI, blank node or literal in SPARQL syntax.

    >>> from rdflib import Literal
    >>> term_text(Literal('say "hi"\\n', lang="de"))
    '"say \\\\"hi\\\\"\\\\n"@de'
    """
    try:
        return str(to_oxigraph(term))
    except (TypeError, ValueError) as exc:
        raise IgelError(f"Cannot bind {term!r}: {exc}", hint="Pass an IRI or literal as the parameter value.") from None


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for one row of bindings."""
    names = " ".join("?" + k.lstrip("?$") for k in bindings)
    row = " ".join(term_text(v) for v in bindings.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def inject_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with a VALUES block binding ``bindings`` at the start of its WHERE group.

    A WHERE group that is a sub-select is wrapped in a group first. The short form
    ``CONSTRUCT WHERE { ... }`` (which admits no VALUES inside) gets a trailing VALUES
    clause instead.
    """
    if not bindings:
        return sparql
    block = values_block(bindings)
    tokens = [m for m in _TOKEN.finditer(sparql) if m.lastgroup != "skip"]
    i = 0
    if tokens and tokens[0].lastgroup == "word" and tokens[0].group().upper() == "CONSTRUCT":
        if len(tokens) > 1 and tokens[1].lastgroup == "word" and tokens[1].group().upper() == "WHERE":
            return sparql.rstrip() + "\n" + block
        i = _after_group(tokens, 1)  # skip the template
    while i < len(tokens) and tokens[i].lastgroup != "open":
        i += 1
    if i >= len(tokens):
        raise IgelError("Cannot bind parameters: the query has no WHERE group.")
    start = tokens[i].end()
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if (
        nxt is not None
        and nxt.lastgroup == "word"
        and nxt.group().upper() == "SELECT"
        and not sparql[start : nxt.start()].strip()
    ):
        end = tokens[_after_group(tokens, i) - 1].start()
        return f"{sparql[:start]} {block} {{{sparql[start:end]}}} {sparql[end:]}"
    return f"{sparql[:start]} {block}{sparql[start:]}"


def _after_group(tokens: list[re.Match], i: int) -> int:
    """Index just past the brace closing the group opened at or after ``tokens[i]``."""
    while i < len(tokens) and tokens[i].lastgroup != "open":
        i += 1
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j].lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return j + 1
    raise IgelError("Cannot bind parameters: unbalanced braces in the query.")


_FILTER_TOKEN = re.compile(
    r'(?P<skip>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*)'
    r"|(?P<var>[?$][A-Za-z_0-9\u00b7\u00c0-\uffff]+)"
    r"|(?P<filter>\bFILTER\b)|(?P<open>[({])|(?P<close>[)}])",
    re.IGNORECASE,
)


def substitute_in_filters(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with the bound variables written as their terms inside every FILTER.

    For engines that do not let a FILTER inside OPTIONAL see a variable bound outside
    it (Virtuoso 7: ``OPTIONAL { ?x rdfs:label ?l FILTER(lang(?l) = ?lang) }`` with
    ``?lang`` bound by VALUES finds no label). Inside a FILTER a term is valid wherever
    a variable is, and with a single bound value the meaning is unchanged.

    >>> from rdflib import Literal
    >>> substitute_in_filters("SELECT * { ?s ?p ?l FILTER(lang(?l) = ?lang) }", {"lang": Literal("de")})
    'SELECT * { ?s ?p ?l FILTER(lang(?l) = "de") }'
    """
    if not bindings:
        return sparql
    texts = {k.lstrip("?$"): term_text(v) for k, v in bindings.items()}
    out: list[str] = []
    pos = 0
    in_filter = False
    waiting = False  # FILTER seen, its first bracket not yet
    depth = 0
    for m in _FILTER_TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "filter" and not in_filter:
            in_filter, waiting, depth = True, True, 0
        elif in_filter and kind == "open":
            depth += 1
            waiting = False
        elif in_filter and kind == "close":
            depth -= 1
            if depth == 0 and not waiting:
                in_filter = False
        elif in_filter and kind == "var" and m.group()[1:] in texts:
            out.append(sparql[pos : m.start()])
            out.append(texts[m.group()[1:]])
            pos = m.end()
    out.append(sparql[pos:])
    return "".join(out)


def variables(sparql: str) -> set[str]:
    """The names of the variables written anywhere in ``sparql`` (outside strings, IRIs
    and comments).

    >>> sorted(variables('SELECT ?a WHERE { ?a <http://e/p?x> "?y" . $b ?c ?a } # ?d'))
    ['a', 'b', 'c']
    """
    return {m.group()[1:] for m in _FILTER_TOKEN.finditer(sparql) if m.lastgroup == "var"}


def bind_as_text(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with ``bindings`` written into it, for an engine without a binding API.

    The terms go into every FILTER (:func:`substitute_in_filters`); a VALUES block binds
    only the variables still used elsewhere. A VALUES row for a variable that nothing
    else mentions changes no answer in SPARQL, but Virtuoso 7 then plans some grouped
    queries so that they return no row at all (``planning-regions`` with ``?lang``
    once its statistics have seen a larger store), so it is left out.

    >>> from rdflib import Literal
    >>> bind_as_text("SELECT ?l { ?s ?p ?l FILTER(lang(?l) = ?lang) }", {"lang": Literal("de")})
    'SELECT ?l { ?s ?p ?l FILTER(lang(?l) = "de") }'
    """
    if not bindings:
        return sparql
    text = substitute_in_filters(sparql, bindings)
    used = variables(text)
    rest = {k: v for k, v in bindings.items() if k.lstrip("?$") in used}
    return inject_values(text, rest) if rest else text
