"""User-facing errors: one clear message, where possible with line and column.

Every error the CLI or the API shows a user derives from :class:`IgelError`; the CLI
prints ``str(error)`` and exits with ``error.exit_code``, the API answers with
``error.http_status``. Anything else is a bug.
"""

from __future__ import annotations

__all__ = [
    "IgelError",
    "UsageError",
    "NotAcceptable",
    "ParseError",
    "QuerySyntaxError",
    "UnknownQueryError",
    "ParameterError",
    "ValidationFailed",
    "StoreUnavailable",
    "ForbiddenQuery",
    "QueryTimeout",
    "InconsistentOntology",
]


class IgelError(Exception):
    """Base of all errors meant for a user. ``hint`` says what to do next."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  {self.hint}" if self.hint else self.message


class UsageError(IgelError):
    """A wrong value of an option or argument (an unknown format, engine or graph, a
    missing query text, a malformed IRI): bad input, like malformed RDF."""

    exit_code = 2


class NotAcceptable(UsageError):
    """None of the formats the client accepts (``Accept``, ``?format=``, ``--format``)
    can be given for this result."""

    http_status = 406


class ParseError(IgelError):
    """Malformed RDF: carries the file, line and column when the parser tells them."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ):
        where = source or "input"
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.source, self.line, self.column = source, line, column


class QuerySyntaxError(ParseError):
    """Malformed SPARQL."""


class UnknownQueryError(IgelError):
    exit_code = 2
    http_status = 404


class ParameterError(IgelError):
    """A named query's parameter is missing or has a value of the wrong type."""

    exit_code = 2
    http_status = 422

    def __init__(self, message: str, *, parameter: str, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.parameter = parameter


class ValidationFailed(IgelError):
    """SHACL validation failed; ``results`` lists (focus node, path, message, shape)."""

    exit_code = 3
    http_status = 422

    def __init__(self, message: str, *, results: list[dict] | None = None, report_text: str = ""):
        super().__init__(message)
        self.results = results or []
        self.report_text = report_text


class StoreUnavailable(IgelError):
    """The store cannot be opened or the remote endpoint cannot be reached."""

    exit_code = 4
    http_status = 503


class ForbiddenQuery(IgelError):
    """A query uses something the public endpoint refuses (SERVICE, LOAD, remote FROM, update):
    bad input, so the CLI exits with 2 like for malformed RDF."""

    exit_code = 2
    http_status = 400


class QueryTimeout(IgelError):
    exit_code = 5
    http_status = 503


class InconsistentOntology(IgelError):
    """The reasoner found the ontology plus data inconsistent; the message names the culprits."""

    exit_code = 3
    http_status = 422
