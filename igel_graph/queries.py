"""Named SPARQL queries: ``queries/*.rq`` files with a typed metadata header.

A named query is data: one ``.rq`` file is a CLI command (``igel query NAME``), an API
endpoint and an OpenAPI entry at once. Its header, in lines at the top of the file,
says what it answers and which parameters it takes::

    #+ title: Measures of an actor, by role
    #+ description: Every measure an actor leads, takes part in as a partner, or is
    #+ description: addressed by.
    #+ tags: actors, measures
    #+ param: actor iri required - the actor, e.g. id:actor/bkd
    #+ param: role iri values=igel:lead,igel:partner,igel:addressee - only this role
    #+ param: lang string default=de values=de,en - language of the labels

In the query body a parameter ``NAME`` is the variable ``?NAME``. A value given for it
is parsed into an RDF term by the parameter's type and passed to the store as a
binding: values are never pasted into the query text. An optional parameter without a
default stays unbound, and every query is written so that unbound means "all".
``queries/README.md`` documents the format for query authors.

>>> q = get_query("measures-of-actor")                        # doctest: +SKIP
>>> q.bindings({"actor": "id:actor/bkd"})["actor"]            # doctest: +SKIP
rdflib.term.URIRef('https://w3id.org/igel/id/actor/bkd')
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .cache import MISSING, cached, peek
from .errors import IgelError, ParameterError, ParseError, UnknownQueryError
from .namespaces import PREFIXES
from .resources import queries_dir
from .store.base import SelectResult, Store

__all__ = [
    "PARAMETER_TYPES",
    "Parameter",
    "NamedQuery",
    "parse_named_query",
    "load_named_queries",
    "get_query",
    "parse_iri",
]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LINE = re.compile(r"^#\+\s*([A-Za-z_-]+)\s*:\s?(.*)$")
# An absolute IRI written without angle brackets: a scheme, then no characters that
# SPARQL forbids inside <...>.
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_IRI_CHARS = re.compile(r"^[^\s<>\"{}|\\^`]*$")
# Schemes accepted without brackets; anything else that looks like "x:y" must be a
# known prefix, so that a typo such as "igle:lead" is reported instead of being
# taken for an IRI with the scheme "igle".
_BARE_SCHEMES = ("http", "https", "urn", "mailto", "tag", "file")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- values


def parse_iri(value: str) -> URIRef:
    """An IRI from ``<...>``, a full IRI, or a CURIE with a project prefix.

    Raises :class:`ValueError` with a readable reason when ``value`` is none of these.

    >>> parse_iri("id:actor/bkd")
    rdflib.term.URIRef('https://w3id.org/igel/id/actor/bkd')
    >>> parse_iri("<https://ld.admin.ch/canton/3>")
    rdflib.term.URIRef('https://ld.admin.ch/canton/3')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        inner = text[1:-1]
        if not inner or not _IRI_CHARS.match(inner) or ":" not in inner:
            raise ValueError(f"{text} is not an absolute IRI")
        return URIRef(inner)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        if not _IRI_CHARS.match(local):
            raise ValueError(f"{text!r} contains characters not allowed in an IRI")
        return URIRef(PREFIXES[prefix] + local)
    if sep and _ABSOLUTE_IRI.match(text) and prefix.lower() in _BARE_SCHEMES:
        return URIRef(text)
    if sep:
        raise ValueError(f"unknown prefix {prefix!r} in {text!r} (known prefixes: " + ", ".join(sorted(PREFIXES)) + ")")
    raise ValueError(f"{text!r} is not an IRI")


def _parse_string(value: str) -> Literal:
    return Literal(value)


def _parse_integer(value: str) -> Literal:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{value!r} is not a whole number")
    return Literal(int(text), datatype=XSD.integer)


def _parse_decimal(value: str) -> Literal:
    text = value.strip().replace("'", "")  # Swiss thousands separator: 11'100
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(f"{value!r} is not a decimal number")
    try:
        return Literal(Decimal(text), datatype=XSD.decimal)
    except InvalidOperation:  # pragma: no cover - the pattern already rules it out
        raise ValueError(f"{value!r} is not a decimal number") from None


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _parse_boolean(value: str) -> Literal:
    text = value.strip().lower()
    if text in _TRUE:
        return Literal(True)
    if text in _FALSE:
        return Literal(False)
    raise ValueError(f"{value!r} is not true or false")


def _parse_datetime(value: str) -> Literal:
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or date-time") from None
    return Literal(moment, datatype=XSD.dateTime)


#: parameter type -> (parser, what a user must give, the XSD type or "IRI")
PARAMETER_TYPES: dict[str, tuple[Callable[[str], Identifier], str, str]] = {
    "iri": (parse_iri, "an IRI: id:actor/bkd, igel:lead or <https://...>", "IRI"),
    "string": (_parse_string, "a text", str(XSD.string)),
    "integer": (_parse_integer, "a whole number such as 2026", str(XSD.integer)),
    "decimal": (_parse_decimal, "a decimal number such as 1500.5", str(XSD.decimal)),
    "boolean": (_parse_boolean, "true or false", str(XSD.boolean)),
    "datetime": (_parse_datetime, "an ISO 8601 date-time such as 2026-01-01T00:00:00", str(XSD.dateTime)),
}


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a named query, bound to the variable ``?name``.

    ``default`` and ``choices`` are written as a user would type them (``id:actor/gsd``);
    :meth:`parse` turns a value into the RDF term the query is given.
    """

    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""
    choices: tuple[str, ...] = ()
    #: a value that makes sense on the real data (help texts, API docs, tests)
    example: str | None = None

    @property
    def expected(self) -> str:
        """What a valid value looks like, for messages and help."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return PARAMETER_TYPES[self.type][1]

    def parse(self, value: str) -> Identifier:
        """The RDF term for ``value``; :class:`ParameterError` when it does not fit."""
        parser = PARAMETER_TYPES[self.type][0]
        try:
            term = parser(value)
        except ValueError as exc:
            raise ParameterError(
                f"Parameter '{self.name}' expects {self.expected}; got {value!r} ({exc}).", parameter=self.name
            ) from None
        if self.choices and term not in {parser(c) for c in self.choices}:
            raise ParameterError(
                f"Parameter '{self.name}' expects {self.expected}; got {value!r}.", parameter=self.name
            )
        return term

    def describe(self) -> str:
        """One line: ``name (type, default de)``."""
        extra = "required" if self.required else (f"default {self.default}" if self.default is not None else "optional")
        return f"{self.name} ({self.type}, {extra})"


@dataclass
class NamedQuery:
    """One ``.rq`` file: its metadata, its SPARQL text and how to run it.

    ``name`` is the file stem (``measures-of-actor``); ``parameters`` are in header order.
    """

    name: str
    title: str
    sparql: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    path: Path | None = None

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; :class:`ParameterError` if there is none."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(
            f"Query '{self.name}' has no parameter '{name}' (its parameters: {known}).", parameter=name
        )

    def bindings(self, params: Mapping[str, object] | None = None) -> dict[str, Identifier]:
        """The RDF terms to bind, by variable name, for user-given ``params``.

        Values are strings as a user types them (rdflib terms are accepted too). A
        missing value (absent, None or empty) takes the default; without a default an
        optional parameter stays unbound and a required one raises
        :class:`ParameterError`, as does an unknown name or a value of the wrong type.
        """
        given = {k: v for k, v in (params or {}).items() if v is not None and str(v).strip() != ""}
        for name in given:
            self.parameter(name)  # unknown names raise
        out: dict[str, Identifier] = {}
        for p in self.parameters:
            if p.name in given:
                out[p.name] = p.parse(str(given[p.name]))
            elif p.default is not None:
                out[p.name] = p.parse(p.default)
            elif p.required:
                raise ParameterError(
                    f"Query '{self.name}' needs parameter '{p.name}': {p.description} (expects {p.expected}).",
                    parameter=p.name,
                    hint=f"Example: igel query {self.name} --param {p.name}={p.example or 'VALUE'}",
                )
        return out

    def result_key(self, bindings: Mapping[str, Identifier]) -> tuple:
        """The cache key of this query's whole result with ``bindings`` (the same for
        every caller: the CLI, the API's pages and :mod:`igel_graph.precompute`)."""
        return ("named-query", self.name, tuple(sorted((k, v.n3()) for k, v in bindings.items())))

    def run(self, store: Store, params: Mapping[str, object] | None = None) -> SelectResult:
        """Run the query on ``store`` with ``params`` bound as RDF terms: the whole
        result, computed once per state of the store's data (and kept on disk for it,
        :mod:`igel_graph.derived`, so the plan-wide listings of a large store are
        computed once after each change, not once per request or process)."""
        bindings = self.bindings(params)
        return cached(store, self.result_key(bindings), lambda: self.evaluate(store, bindings), persist=True)

    def stored(self, store: Store, bindings: Mapping[str, Identifier]) -> SelectResult | None:
        """The whole result with ``bindings`` if it is already kept for the store's
        data (in this process or on disk), else None; never runs the query."""
        value = peek(store, self.result_key(bindings))
        return None if value is MISSING else value

    def evaluate(self, store: Store, bindings: Mapping[str, Identifier]) -> SelectResult:
        """Run the query with ``bindings`` on ``store`` now (no cache)."""
        result = store.query(self.sparql, bindings)
        if not isinstance(result, SelectResult):  # load_named_queries admits SELECT only
            raise IgelError(f"Query '{self.name}' did not return a table of rows.")
        return result


# --------------------------------------------------------------------------- parsing


def _header_error(source: str, line: int, message: str) -> ParseError:
    return ParseError(message, source=source, line=line, hint="See queries/README.md for the header format.")


def _parse_param(spec: str, source: str, line: int, body: str) -> Parameter:
    head, sep, description = spec.partition(" - ")
    try:
        tokens = shlex.split(head)
    except ValueError as exc:
        raise _header_error(source, line, f"cannot read parameter line: {exc}") from None
    if len(tokens) < 2:
        raise _header_error(
            source, line, "a parameter needs a name and a type: #+ param: NAME TYPE [required|default=VALUE] - text"
        )
    name, type_ = tokens[0], tokens[1].lower()
    if not _NAME.match(name):
        raise _header_error(source, line, f"{name!r} is not a valid parameter name")
    if type_ not in PARAMETER_TYPES:
        raise _header_error(
            source, line, f"unknown parameter type {type_!r} (types: " + ", ".join(PARAMETER_TYPES) + ")"
        )
    required, default, example = False, None, None
    choices: tuple[str, ...] = ()
    for token in tokens[2:]:
        if token == "required":
            required = True
        elif token.startswith("default="):
            default = token[len("default=") :]
        elif token.startswith("example="):
            example = token[len("example=") :]
        elif token.startswith("values="):
            choices = tuple(v.strip() for v in token[len("values=") :].split(",") if v.strip())
        else:
            raise _header_error(
                source,
                line,
                f"unknown parameter option {token!r} (options: required, default=VALUE, values=A,B, example=VALUE)",
            )
    if required and default is not None:
        raise _header_error(source, line, f"parameter '{name}' cannot be required and have a default")
    if not re.search(r"[?$]" + re.escape(name) + r"\b", body):
        raise _header_error(source, line, f"parameter '{name}' is not used as ?{name} in the query")
    param = Parameter(name, type_, required, default, description.strip() if sep else "", choices, example)
    for value in [v for v in (default, example) if v is not None] + list(choices):
        try:
            param.parse(value)
        except ParameterError as exc:
            raise _header_error(source, line, exc.message) from None
    return param


def parse_named_query(text: str, name: str, *, source: str | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file.

    Raises :class:`ParseError` (with the line) for a malformed header, a parameter the
    body does not use, or a query that is not a SELECT.
    """
    source = source or f"{name}.rq"
    lines = text.splitlines()
    meta: dict[str, list[str]] = {"title": [], "description": [], "tags": []}
    params_at: list[tuple[int, str]] = []
    body_start = len(lines)
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            body_start = i
            break
        m = _HEADER_LINE.match(stripped)
        if not m:
            continue  # an ordinary comment
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "param":
            params_at.append((i + 1, value))
        elif key in meta:
            meta[key].append(value)
        else:
            raise _header_error(source, i + 1, f"unknown header key {key!r} (keys: title, description, tags, param)")
    body = "\n".join(lines[body_start:])
    if len(meta["title"]) != 1:
        raise _header_error(source, 1, "the header needs exactly one '#+ title:' line")
    code = re.sub(r"<[^>\s]*>", "<>", body)  # IRIs first: they may hold a '#'
    code = re.sub(r"#[^\n]*", "", code)  # good enough to find the query form
    form = _FORM.search(code)
    if not form or form.group(1).upper() != "SELECT":
        raise _header_error(source, body_start + 1, "a named query must be a SELECT query")
    params = [_parse_param(spec, source, line, body) for line, spec in params_at]
    names = [p.name for p in params]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise _header_error(source, params_at[0][0], "parameter declared twice: " + ", ".join(dupes))
    tags = [t.strip() for line in meta["tags"] for t in line.split(",") if t.strip()]
    return NamedQuery(
        name=name,
        title=meta["title"][0],
        sparql=text,
        description=" ".join(meta["description"]),
        tags=tags,
        parameters=params,
    )


def load_named_queries(folder: Path | str | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (default: the project's ``queries/``), by name.

    Files are read afresh on each call, so an edited ``.rq`` takes effect at once.
    """
    root = Path(folder) if folder is not None else queries_dir()
    out: dict[str, NamedQuery] = {}
    for path in sorted(root.glob("*.rq")):
        query = parse_named_query(path.read_text(encoding="utf-8"), path.stem, source=str(path))
        query.path = path
        out[query.name] = query
    return out


def get_query(name: str, folder: Path | str | None = None) -> NamedQuery:
    """The named query ``name``; :class:`UnknownQueryError` suggests close names."""
    queries = load_named_queries(folder)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    close += [q for q in queries if name and name in q and q not in close][: 3 - len(close)]
    hint = ("Did you mean: " + ", ".join(close) + "?") if close else "List the named queries with: igel queries"
    raise UnknownQueryError(f"There is no named query '{name}'.", hint=hint)
