"""Every user error becomes one clear answer: the status of the
:class:`~igel_graph.errors.IgelError` and a problem body (RFC 9457,
``application/problem+json``; an HTML page for a browser) with the message, the hint,
and where it applies the line and column, the parameter, or the SHACL results. Never a
traceback. The body's schema is :data:`api.openapi_doc.PROBLEM_SCHEMA`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from igel_graph.errors import IgelError
from igel_graph.negotiation import wants_html

from .openapi_doc import PROBLEM_MEDIA_TYPE

__all__ = ["install_error_handlers", "error_body", "problem"]

_log = logging.getLogger("igel.api")

#: the base of the problem type IRIs (one per error class)
_PROBLEM_TYPE = "https://w3id.org/igel/problems/"


def problem(kind: str, status: int, message: str) -> dict:
    """The RFC 9457 members of a problem body, with the project's ``error`` and
    ``message`` (the same values, kept for existing clients).

    >>> problem("NotFound", 404, "There is no graph <g>.")["type"]
    'https://w3id.org/igel/problems/NotFound'
    """
    return {
        "type": _PROBLEM_TYPE + kind,
        "title": kind,
        "status": status,
        "detail": message,
        "error": kind,
        "message": message,
    }


def error_body(exc: IgelError) -> dict:
    """The problem body describing ``exc``."""
    body: dict = problem(type(exc).__name__, exc.http_status, exc.message)
    if exc.hint:
        body["hint"] = exc.hint
    for attr in ("line", "column", "parameter"):
        value = getattr(exc, attr, None)
        if value is not None:
            body[attr] = value
    results = getattr(exc, "results", None)
    if results:
        body["results"] = [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in results]
    return body


def _wants_html(request: Request) -> bool:
    return wants_html(request.headers.get("accept"))


async def _igel_error(request: Request, exc: IgelError) -> Response:
    headers = {"Vary": "Accept"}
    if exc.http_status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="igel"'
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:  # 503 of a full or slow lane (api/problems.py, _RetryLater)
        headers["Retry-After"] = str(int(retry_after))
    if _wants_html(request):
        from .deps import get_lang
        from .templates import render

        return render(
            request,
            "error.html",
            {"title": type(exc).__name__, "error": exc, "status": exc.http_status},
            lang=get_lang(request),
            status_code=exc.http_status,
            headers=headers,
        )
    return JSONResponse(error_body(exc), status_code=exc.http_status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = [str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path", "header")]
    name = where[0] if where else None
    message = (
        f"Parameter '{name}': {first.get('msg', 'invalid value')}."
        if name
        else f"Invalid request: {first.get('msg', 'invalid value')}."
    )
    body = {
        **problem("ParameterError", 422, message),
        "parameter": name,
        "errors": [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg")} for e in errors],
    }
    return JSONResponse(body, status_code=422, media_type=PROBLEM_MEDIA_TYPE)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback on the server, one message for the client."""
    _log.error("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    body = problem("InternalError", 500, "The server failed to answer this request; the error was logged.")
    return JSONResponse(body, status_code=500, media_type=PROBLEM_MEDIA_TYPE)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    # starlette types a handler as taking any Exception, though it passes only the class
    # registered with it
    app.add_exception_handler(IgelError, _igel_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
