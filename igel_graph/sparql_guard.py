"""The first wall: what a SPARQL text would make Oxigraph do, decided before it runs.

Refused with :class:`~igel_graph.errors.ForbiddenQuery` (HTTP 400, CLI exit 2):

* ``SERVICE`` anywhere, in any case, ``SILENT`` or not, to an IRI or a variable (a
  federated call would leave this machine, from Rust, where no Python guard reaches);
* ``LOAD`` in an update (it fetches a URL);
* ``FROM`` / ``FROM NAMED`` naming a graph by a prefix this text does not declare, or by a
  relative IRI (the caller then checks the graphs against the store's own with
  :func:`check_own_graphs`);
* an IRI (``<...>``) holding whitespace of any kind (U+00A0, U+2003, U+3000 ...), ``'``,
  ``"``, ``{``, ``}``, ``|``, ``^``, a backtick, ``\\`` or a control character: the
  SPARQL grammar forbids most of these, Oxigraph accepts some, and texts on which two
  readers disagree are where an attack hides (issue 12: ``<http://e/\\u3000#>`` made an
  earlier scanner lose track and miss a ``SERVICE``);
* a ``<`` that Oxigraph may read either as "less than" or as the start of an IRI, where
  the two readings would see different code (an IRI holding ``#``, ``(``, ``)``, ``[``,
  ``]`` or a keyword, right after a value inside parentheses);
* a word that holds a refused keyword (``trueSERVICE``, ``PREFIXex:``): Oxigraph matches
  keywords without a word boundary, so such a word can be two tokens to it;
* nesting deeper than :data:`MAX_DEPTH` groups/brackets (or :data:`MAX_TERM_DEPTH`
  parentheses and square brackets), and texts longer than :data:`MAX_CHARS` characters.

A text that is not even lexically SPARQL (a stray character, a string or IRI that is never
closed) raises :class:`~igel_graph.errors.QuerySyntaxError` with line and column. Every
refusal names the line and column it is about.

Why a lexer transcribed from Oxigraph and not rdflib's parser
-------------------------------------------------------------
The decision must be taken on the text *as Oxigraph reads it*. Two routes were measured
(2026-12-06, this machine):

* rdflib's SPARQL parser (pyparsing): 10-20 ms for a small query, 2.2 s for a 44 KB and
  11 s for a 320 KB ``VALUES`` query (the issue asks for 10 MB queries to work), a
  ``RecursionError`` from 50 nested groups or 30 nested parentheses; and it reads some
  texts differently from Oxigraph: it expands ``\\uXXXX`` escapes in the whole text
  before parsing (Oxigraph only inside strings and IRIs), and its comments end only at
  ``\\n`` (Oxigraph's also at ``\\r``). ``# \\u000A \"\"\"`` ... ``\"\"\"`` hides a
  ``SERVICE`` line from rdflib that Oxigraph runs.
* pyoxigraph 0.5 exposes no parsed query, algebra or service handler.

So this module lexes the text with Oxigraph's own terminal rules (spargebra's
``parser.rs``: comments end at ``\\r`` or ``\\n``; whitespace is exactly space, tab, CR,
LF; strings close at the first unescaped quote; an IRI runs from ``<`` to the first ``>``;
prefixed names carry ``\\``-escapes and ``%XX``), in one linear pass without recursion.
In SPARQL every keyword is reserved, so once the tokens are Oxigraph's, a ``SERVICE`` token
is a ``SERVICE`` clause (or a syntax error), which is exactly what a parse would say. The
one place where Oxigraph's lexing depends on the grammar, ``<`` after a value inside
parentheses, is handled by refusing whenever the two readings could differ. Anything the
lexer does not recognise is refused, so a gap in it fails closed.
The fuzz test (``tests/api/test_sparql_safety_fuzz.py``) checks the verdicts against
Oxigraph itself: every generated text that made Oxigraph connect to a loopback listener
must be refused here.

This is wall one; wall two (:mod:`igel_graph.netwall`) takes the network away from the
processes that run queries, for the day this module is wrong.

>>> info = check_query("PREFIX g: <http://g/> SELECT * FROM g:one FROM NAMED <http://g/two> { ?s ?p 'FROM' }")
>>> info.form, [str(x) for x in info.default_graphs], [str(x) for x in info.named_graphs]
('SELECT', ['http://g/one'], ['http://g/two'])
>>> check_query("ASK { ?service <p> 'SERVICE' . ex:SERVICE ?p ?o } # SERVICE").form
'ASK'
>>> check_query("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
igel_graph.errors.ForbiddenQuery: SERVICE <http://x/> is refused (line 1, column 12): this endpoint does not make federated calls.
  Copy the remote data into a graph of this store, or query the remote endpoint yourself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from rdflib import URIRef

from .errors import ForbiddenQuery, IgelError
from .sparql_lexer import NOT_AN_IRI as _NOT_AN_IRI
from .sparql_lexer import TOKEN as _TOKEN
from .sparql_lexer import position as _position
from .sparql_lexer import syntax_error as _syntax

__all__ = [
    "QueryInfo",
    "UpdateFacts",
    "check_query",
    "check_update",
    "check_own_graphs",
    "engine_failure",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_TERM_DEPTH",
]

#: Longest text accepted, in characters (a 10 MB VALUES query must pass; 64 MB bounds the
#: lexer's time, about 1 s per 10 MB, and the engine's parse).
MAX_CHARS = 64 * 1024 * 1024
#: Deepest nesting of ``{ ( [`` together. Oxigraph's recursive parser crashes the process
#: (stack overflow, SIGSEGV) at about 5,000 nested groups, rdflib's (memory stores,
#: updates) raises RecursionError from 40; the project's named queries reach 8.
MAX_DEPTH = 32
#: Deepest nesting of ``(`` and ``[`` together: Oxigraph's parse time grows exponentially
#: with nested blank-node brackets and collections (measured: 24 -> 0.06 s, 40 -> 0.2 s,
#: 80 -> 3.3 s, 200 nested collections -> 39 s); rdflib fails from 30 parentheses.
MAX_TERM_DEPTH = 16

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# --------------------------------------------------------------------------- the lexer
# One lexer for every reader of SPARQL text in the project: igel_graph/sparql_lexer.py
# (imported above as _TOKEN, _position, _syntax); the refusals below are this module's.

# Not allowed inside an IRI here: any whitespace (str \s covers U+00A0, U+2003, U+3000,
# U+2028 ...), quotes, braces, | ^ ` \ <, and control characters.
_BAD_IRI_CHAR = re.compile(r"[\s'\"{}|^`\\<\x00-\x1f\x7f-\x9f]")
# In an IRI that might instead be read as "less than": characters that would open a
# comment or change the nesting under the other reading, and keywords.
_AMBIGUOUS_IRI = re.compile(r"[#()\[\]]|SERVICE|LOAD|FROM", re.IGNORECASE)
# A value ends here, so a following "<" may be "less than".
_OPERAND_END = frozenset({"var", "string", "number", "iri", "pname", "word", "lang", "close"})


# A run of VALUES rows of plain terms, taken in one regex match (a 10 MB VALUES query has
# a million tokens; one Python step each would take seconds). It holds only tokens the
# main loop would read the same way, at constant nesting, and stops at anything else.
_SP = r"[ \t\r\n]*"
_IRI_OK = r"<[^>\s'\"{}|^`\\<\x00-\x1f\x7f-\x9f]*>"
_SHORT_STRING = r"\"[^\"\\\r\n]*(?:\\[^\r\n][^\"\\\r\n]*)*\"|'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*'"
_VALUE = (
    r"(?:"
    + _IRI_OK
    + r"|(?:"
    + _SHORT_STRING
    + r")(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^"
    + _IRI_OK
    + r")?|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?![\w.])|UNDEF\b|true\b|false\b)"
)
_VALUES_BULK = re.compile(r"(?:" + _SP + r"(?:\((?:" + _SP + _VALUE + r")*" + _SP + r"\)|" + _VALUE + r"))*")


@dataclass
class QueryInfo:
    """What a query is: its form and the graphs its ``FROM`` / ``FROM NAMED`` clauses name."""

    form: str
    default_graphs: list[URIRef] = field(default_factory=list)
    named_graphs: list[URIRef] = field(default_factory=list)
    #: the prefixes the text declares itself (name -> namespace IRI)
    declared_prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass
class UpdateFacts:
    """What the lexer saw in an update (it has passed every check)."""

    operations: int = 0


def _where(text: str, pos: int) -> str:
    line, column = _position(text, pos)
    return f"line {line}, column {column}"


def _forbid(text: str, pos: int, subject: str, why: str, hint: str) -> ForbiddenQuery:
    return ForbiddenQuery(f"{subject} is refused ({_where(text, pos)}): {why}", hint=hint)


def _char_name(ch: str) -> str:
    return repr(ch) if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def _head(kind: str, value: str) -> str:
    """The part of a word or prefixed name that Oxigraph could split into a keyword and
    more: a whole word, or the prefix of a prefixed name (its local part is read greedily)."""
    return value.upper() if kind == "word" else value.split(":", 1)[0].upper()


def _refuse_service(text: str, pos: int, target: str) -> ForbiddenQuery:
    return _forbid(
        text,
        pos,
        f"SERVICE {target}".rstrip(),
        "this endpoint does not make federated calls.",
        "Copy the remote data into a graph of this store, or query the remote endpoint yourself.",
    )


def _bad_iri(text: str, pos: int, content: str, bad: re.Match) -> ForbiddenQuery:
    shown = content[:60] + ("..." if len(content) > 60 else "")
    return _forbid(
        text,
        pos + 1 + bad.start(),
        f"The IRI <{shown}>",
        f"it contains {_char_name(bad.group())}, which this endpoint does not accept in an IRI.",
        "Percent-encode the character (e.g. %20 for a space) or remove it.",
    )


def _scan(text: str, kind: str, *, watch: tuple[str, ...]) -> list[tuple[str, str, int]]:
    """Lex ``text`` as Oxigraph does, in one pass, and raise for every refusal that needs
    only tokens and nesting: SERVICE (and LOAD in updates) wherever a word holds them,
    words holding one of ``watch`` without being it, IRIs with refused characters,
    ambiguous ``<``, nesting, size.

    Returns the tokens the structure checks need: every word and prefixed name and the
    token right after each (enough for ``PREFIX p: <iri>`` and ``FROM NAMED <iri>``), as
    ``(kind, value, position)``; IRIs come without their ``<>``."""
    if len(text) > MAX_CHARS:
        raise ForbiddenQuery(
            f"The {kind} has {len(text):,} characters; this endpoint reads at most {MAX_CHARS:,}.",
            hint="Split it into several smaller requests.",
        )
    match = _TOKEN.match
    n = len(text)
    out: list[tuple[str, str, int]] = []
    stack: list[str] = []  # open brackets: "{", "v" (a VALUES block), "(", "d" (a data row), "["
    term_depth = 0
    prev = ""  # kind of the previous token
    keep = False  # keep the next token (it follows a word or prefixed name)
    values_pending = False  # a VALUES keyword waits for its block
    pending_service = -1  # position of a SERVICE keyword whose target comes next
    pos = 0
    while True:
        m = match(text, pos)
        if m is None:
            at = pos
            while at < n and text[at] in " \t\r\n":
                at += 1
            if at < n and text[at] == "#":
                at = n
            raise _syntax(
                text, at, f"Unexpected character {_char_name(text[at])}." if at < n else "Unexpected end of text.", kind
            )
        t_kind = m.lastgroup
        if t_kind is None:  # every alternative of _TOKEN is a named group, so never; refuse, do not pass
            raise _syntax(text, pos, "Unexpected text.", kind)
        if t_kind == "end":
            break
        start = m.start(t_kind)
        value = m.group(t_kind)
        pos = m.end()
        if t_kind == "lt":
            if text.startswith("<<", start):
                raise _forbid(
                    text,
                    start,
                    "'<<'",
                    "quoted triples (RDF-star) are not accepted here.",
                    "Write the triple's parts as separate patterns.",
                )
            end = text.find(">", start + 1)
            content = text[start + 1 : end] if end != -1 else None
            ambiguous = prev in _OPERAND_END and bool(stack) and stack[-1] == "("
            if ambiguous and (content is None or _NOT_AN_IRI.search(content)):
                t_kind = "punct"  # Oxigraph cannot read an IRI here: "less than"
            elif content is None:
                raise _syntax(text, start, "An IRI starts here with '<' but is never closed with '>'.", kind)
            else:
                bad = _BAD_IRI_CHAR.search(content)
                if bad:
                    raise _bad_iri(text, start, content, bad)
                t_kind, value, pos = "iri", "<" + content + ">", end + 1
        if t_kind == "iri":
            if prev in _OPERAND_END and stack and stack[-1] == "(" and _AMBIGUOUS_IRI.search(value):
                raise _forbid(
                    text,
                    start,
                    f"'{value}'",
                    "after a value inside parentheses it may be read as 'less than' or as an "
                    "IRI, and the two readings differ.",
                    "Write a space after '<' when you compare, or name the IRI with a PREFIX.",
                )
            value = value[1:-1]
        elif t_kind == "open":
            if value == "{":
                opened = "v" if values_pending else "{"
                values_pending = False
            elif value == "(":
                opened = "d" if stack and stack[-1] == "v" else "("
            else:
                opened = "["
            stack.append(opened)
            if opened != "{" and opened != "v":
                term_depth += 1
            if len(stack) > MAX_DEPTH or term_depth > MAX_TERM_DEPTH:
                raise _forbid(
                    text,
                    start,
                    "The nesting",
                    f"it is deeper than {MAX_DEPTH} groups ({MAX_TERM_DEPTH} parentheses and brackets) at this point.",
                    "Flatten the query; no real query needs that depth.",
                )
            if opened == "v" and len(stack) < MAX_DEPTH and term_depth < MAX_TERM_DEPTH:
                bulk = _VALUES_BULK.match(text, pos)  # a starred group: it always matches, maybe empty
                pos = bulk.end() if bulk else pos
        elif t_kind == "close":
            if stack and stack.pop() in "(d[":
                term_depth -= 1
            # an unbalanced closer is the engine's syntax error to report
        elif t_kind == "word" or t_kind == "pname":
            head = _head(t_kind, value)
            if "SERVICE" in head:
                if head != "SERVICE" or t_kind != "word":
                    raise _refuse_service(text, start, "")
                pending_service = start
            elif kind == "update" and "LOAD" in head:
                raise _forbid(
                    text,
                    start,
                    "LOAD",
                    "this service fetches nothing from the web.",
                    "Upload the data with PUT/POST to /rdf-graphs?graph=... instead.",
                )
            else:
                for keyword in watch:
                    if keyword in head and not (t_kind == "word" and head == keyword):
                        raise _forbid(
                            text,
                            start,
                            f"'{value}'",
                            f"it holds the keyword {keyword}, which the store's parser may read "
                            "as a keyword of its own.",
                            f"Write {keyword} as a word of its own, and do not use it in a prefix name.",
                        )
            values_pending = head == "VALUES" and t_kind == "word"
        if pending_service != -1 and start != pending_service:
            if not (t_kind == "word" and value.upper() == "SILENT"):
                raise _refuse_service(text, pending_service, f"<{value}>" if t_kind == "iri" else value)
        if values_pending and t_kind not in ("word", "var", "open", "close"):
            values_pending = False
        if keep or t_kind == "word" or t_kind == "pname":
            out.append((t_kind, value, start))
        keep = t_kind == "word" or t_kind == "pname"
        prev = t_kind
    if pending_service != -1:
        raise _refuse_service(text, pending_service, "")
    return out


def check_query(text: str, prefixes: Mapping[str, str] | None = None) -> QueryInfo:
    """Check a query (see the module docstring) and say what it is: its form and the
    graphs its ``FROM`` / ``FROM NAMED`` clauses name, as absolute IRIs. ``prefixes``:
    prefixes declared for the text from outside (the CLI's project prefixes).

    Raises :class:`ForbiddenQuery` for anything refused, :class:`QuerySyntaxError` for a
    text the lexer cannot read."""
    tokens = _scan(text, "query", watch=("FROM", "PREFIX", "NAMED"))
    prefixes = dict(prefixes or {})
    info = QueryInfo(form="")
    i, count = 0, len(tokens)
    while i < count:
        kind, value, pos = tokens[i]
        word = value.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < count and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            name, _, local = tokens[i + 1][1].partition(":")
            if not local:
                prefixes[name] = info.declared_prefixes[name] = tokens[i + 2][1]
            i += 3
            continue
        if word in _FORMS and not info.form:
            info.form = word
        elif word == "FROM":
            named = i + 1 < count and tokens[i + 1][0] == "word" and tokens[i + 1][1].upper() == "NAMED"
            j = i + 2 if named else i + 1
            clause = "FROM NAMED" if named else "FROM"
            if j >= count or tokens[j][0] not in ("iri", "pname"):
                raise _syntax(text, pos, f"{clause} must be followed by a graph IRI.", "query")
            iri = _resolve(text, tokens[j], prefixes, clause)
            (info.named_graphs if named else info.default_graphs).append(iri)
            i = j + 1
            continue
        i += 1
    info.form = info.form or "SELECT"
    return info


def _resolve(text: str, token: tuple[str, str, int], prefixes: dict[str, str], clause: str) -> URIRef:
    """The absolute graph IRI a FROM clause names; undeclared prefixes and relative IRIs
    are refused (their meaning would be the engine's guess, not this text's)."""
    kind, value, pos = token
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix not in prefixes:
            raise _forbid(
                text,
                pos,
                f"{clause} {value}",
                f"the prefix '{prefix}:' is not declared in the query.",
                "Declare it with PREFIX or write the graph's full IRI.",
            )
        iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    else:
        iri = value
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise ForbiddenQuery(
            f"{clause} <{iri}> is refused ({_where(text, pos)}): name graphs with absolute IRIs.",
            hint="Write the graph's full IRI, e.g. <https://w3id.org/igel/graph/curated>.",
        )
    return URIRef(iri)


def check_update(text: str) -> UpdateFacts:
    """Check an update (see the module docstring): raise :class:`ForbiddenQuery` for
    ``SERVICE``, ``LOAD`` and the other refusals, :class:`QuerySyntaxError` for a text the
    lexer cannot read."""
    tokens = _scan(text, "update", watch=("USING", "WITH", "NAMED"))
    return UpdateFacts(operations=1 + sum(1 for k, v, _ in tokens if k == "punct" and v == ";"))


def check_own_graphs(named: Iterable[URIRef], own: set, clause: str) -> None:
    """Refuse a ``FROM``/``USING`` clause naming a graph the store does not hold."""
    for graph in named:
        if graph not in own:
            raise ForbiddenQuery(
                f"{clause} <{graph}> is refused: it is not a graph of this store, and this "
                "endpoint fetches nothing from the web.",
                hint="Name one of the graphs listed at /service-description, or use GRAPH ?g.",
            )


def engine_failure(exc: BaseException, kind: str = "query") -> IgelError:
    """The error to show for an engine failure that is not a syntax error: a fixed text
    naming only the exception's class (and, for an update, that nothing was applied).

    The engine's own message may carry what another service answered (a SERVICE call, a
    remote store), so it is never passed on; it goes to the log instead."""
    import logging

    logging.getLogger("igel.sparql").warning("%s failed in the store: %r", kind, exc)
    applied = " and was not applied" if kind == "update" else ""
    return IgelError(
        f"The {kind} failed in the store{applied} ({type(exc).__name__}).",
        hint="Details are not shown because they may come from another service.",
    )
