"""Every user error becomes one clear answer: the status of the
:class:`~igel_graph.errors.IgelError` and a JSON body (or an HTML page for a browser)
with the message, the hint, and where it applies the line and column, the parameter,
or the SHACL results. Never a traceback.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from igel_graph.errors import IgelError

from .negotiation import choose

__all__ = ["install_error_handlers", "error_body"]


def error_body(exc: IgelError) -> dict:
    """The JSON body describing ``exc``."""
    body: dict = {"error": type(exc).__name__, "message": exc.message}
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
    return choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html" \
        and "text/html" in (request.headers.get("accept") or "")


async def _igel_error(request: Request, exc: IgelError) -> Response:
    headers = {"Vary": "Accept"}
    if exc.http_status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="igel"'
    if _wants_html(request):
        from .deps import get_lang
        from .templates import render

        return render(request, "error.html", {"title": type(exc).__name__, "error": exc,
                                              "status": exc.http_status},
                      lang=get_lang(request), status_code=exc.http_status, headers=headers)
    return JSONResponse(error_body(exc), status_code=exc.http_status, headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = [str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path", "header")]
    name = where[0] if where else None
    message = (f"Parameter '{name}': {first.get('msg', 'invalid value')}." if name
               else f"Invalid request: {first.get('msg', 'invalid value')}.")
    body = {"error": "ParameterError", "message": message, "parameter": name,
            "detail": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]}
    return JSONResponse(body, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(IgelError, _igel_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
