"""HTTP-level user errors of the web layer, as :class:`~igel_graph.errors.IgelError`
subclasses so that one handler turns every error into one clear message.

Kept free of web imports: the SPARQL worker processes raise them too.
"""

from __future__ import annotations

from igel_graph.errors import IgelError, NotAcceptable

__all__ = [
    "NotAcceptable",
    "UnsupportedMediaType",
    "BadRequest",
    "Forbidden",
    "Unauthorized",
    "NotFound",
    "PayloadTooLarge",
    "MethodNotAllowed",
    "Conflict",
    "ServerBusy",
    "PageTimeout",
]


class BadRequest(IgelError):
    http_status = 400


class Unauthorized(IgelError):
    """No or a wrong bearer token on a write."""

    http_status = 401


class Forbidden(IgelError):
    """Writes are switched off (no token configured), or a write would change the write log."""

    http_status = 403


class NotFound(IgelError):
    http_status = 404


class MethodNotAllowed(IgelError):
    http_status = 405


class Conflict(IgelError):
    """The request contradicts the store's state (``CREATE GRAPH`` of a graph that exists)."""

    http_status = 409


class PayloadTooLarge(IgelError):
    http_status = 413


class UnsupportedMediaType(IgelError):
    """The request body's media type or charset is not one the operation takes."""

    http_status = 415


class _RetryLater(IgelError):
    """503 with ``Retry-After`` (seconds): the request was fine, the server is not ready
    for it now (the error handler sets the header from :attr:`retry_after`)."""

    http_status = 503

    def __init__(self, message: str, *, hint: str | None = None, retry_after: int = 5):
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class ServerBusy(_RetryLater):
    """A lane of the server (:mod:`api.lanes`) is full: refused at once, not queued."""


class PageTimeout(_RetryLater):
    """A page, view or report was not ready within the lane's time limit."""
