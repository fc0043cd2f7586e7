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

from typing import Mapping

from rdflib.term import Identifier

from ..errors import IgelError
from ..sparql_lexer import Token, tokens
from .terms import to_oxigraph

__all__ = ["values_block", "inject_values", "substitute_in_filters", "bind_as_text", "term_text"]


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
    # braces and the words that find the WHERE group; the rest cannot hold a brace
    toks = [t for t in tokens(sparql) if t.value in ("{", "}") or (t.kind == "word" and t.value.upper() in _FORM_WORDS)]
    i = 0
    if toks and _is_word(toks[0], "CONSTRUCT"):
        if len(toks) > 1 and _is_word(toks[1], "WHERE"):
            return sparql.rstrip() + "\n" + block
        i = _after_group(toks, 1)  # skip the template
    while i < len(toks) and toks[i].value != "{":
        i += 1
    if i >= len(toks):
        raise IgelError("Cannot bind parameters: the query has no WHERE group.")
    start = toks[i].end
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and _is_word(nxt, "SELECT") and not sparql[start : nxt.start].strip():
        end = toks[_after_group(toks, i) - 1].start
        return f"{sparql[:start]} {block} {{{sparql[start:end]}}} {sparql[end:]}"
    return f"{sparql[:start]} {block}{sparql[start:]}"


_FORM_WORDS = frozenset({"CONSTRUCT", "WHERE", "SELECT"})


def _is_word(token: Token, word: str) -> bool:
    return token.kind == "word" and token.value.upper() == word


def _after_group(toks: list[Token], i: int) -> int:
    """Index just past the brace closing the group opened at or after ``toks[i]``."""
    while i < len(toks) and toks[i].value != "{":
        i += 1
    depth = 0
    for j in range(i, len(toks)):
        value = toks[j].value
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    raise IgelError("Cannot bind parameters: unbalanced braces in the query.")


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
    for t in tokens(sparql):
        kind = t.kind
        if _is_word(t, "FILTER") and not in_filter:
            in_filter, waiting, depth = True, True, 0
        elif in_filter and kind == "open":
            depth += 1
            waiting = False
        elif in_filter and kind == "close":
            depth -= 1
            if depth == 0 and not waiting:
                in_filter = False
        elif in_filter and kind == "var" and t.value[1:] in texts:
            out.append(sparql[pos : t.start])
            out.append(texts[t.value[1:]])
            pos = t.end
    out.append(sparql[pos:])
    return "".join(out)


def variables(sparql: str) -> set[str]:
    """The names of the variables written anywhere in ``sparql`` (outside strings, IRIs
    and comments).

    >>> sorted(variables('SELECT ?a WHERE { ?a <http://e/p?x> "?y" . $b ?c ?a } # ?d'))
    ['a', 'b', 'c']
    """
    return {t.value[1:] for t in tokens(sparql) if t.kind == "var"}


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
