"""What the OpenAPI document says about errors and authentication.

One job: every operation lists the error statuses it can answer with, each with the
problem body (RFC 9457 ``application/problem+json``, see :func:`api.errors.error_body`);
the write operations declare the bearer-token security scheme. :func:`install_openapi`
puts this into the app's ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

__all__ = ["WRITE_SECURITY", "PROBLEM_SCHEMA", "error_responses", "install_openapi", "PROBLEM_MEDIA_TYPE"]

PROBLEM_MEDIA_TYPE = "application/problem+json"

#: the security requirement of every write operation
WRITE_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}]
#: the monitoring routes: a per-organisation reporting token (``igel tokens create``)
REPORTING_SECURITY: list[dict[str, list[str]]] = [{"reporting": []}]

#: the body of every error answer (RFC 9457 members plus the project's own)
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail", "error", "message"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string", "description": "The kind of problem (the error class)."},
        "status": {"type": "integer", "description": "The HTTP status."},
        "detail": {"type": "string", "description": "What went wrong, in one message."},
        "error": {"type": "string", "description": "The kind of problem (same as title)."},
        "message": {"type": "string", "description": "What went wrong (same as detail)."},
        "hint": {"type": "string", "description": "What to do next."},
        "line": {"type": "integer"},
        "column": {"type": "integer"},
        "parameter": {"type": ["string", "null"]},
        "results": {
            "type": "array",
            "items": {"type": "object"},
            "description": "SHACL results of a rejected write (focus, path, shape, message).",
        },
        "errors": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Every invalid parameter of a 422 answer (loc, msg).",
        },
    },
}

_DESCRIPTIONS = {
    400: "Bad request: malformed SPARQL or RDF (with line and column), a refused feature, a bad IRI",
    401: "The bearer token is missing or wrong",
    403: "Writes are switched off, or the write would change the append-only write log",
    404: "Not found",
    405: "The default graph cannot be addressed on its own",
    406: "None of the accepted media types can be produced",
    409: "The update conflicts with the store (CREATE GRAPH of a graph that exists)",
    413: "The body is larger than the limit, or took too long or too much memory to parse",
    415: "The body's media type or charset is not accepted",
    422: "A parameter has an invalid value, or the data breaks the SHACL shapes",
    503: "Stopped at the time limit, or the store is unavailable",
}

#: statuses any operation can answer with: bad input, content negotiation, body limits,
#: parameter validation, an unavailable store or worker
_COMMON = (400, 404, 406, 413, 415, 422, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for ``statuses``, each with the problem body."""
    return {
        status: {
            "description": _DESCRIPTIONS.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def _problem_entry(status: int) -> dict[str, Any]:
    return error_responses(status)[status]


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` document the problem body for every error status of every
    operation (replacing FastAPI's own 422 schema, which this API does not send), and the
    bearer scheme of the write operations."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for name in ("HTTPValidationError", "ValidationError"):
            components["schemas"].pop(name, None)
        components["securitySchemes"] = {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "The write token (IGEL_WRITE_TOKEN on the server).",
            },
            "reporting": {
                "type": "http",
                "scheme": "bearer",
                "description": "A per-organisation reporting token (igel tokens create --actor ...), "
                "bound to one actor; it may report only on that actor's measures.",
            },
        }
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                secured = "security" in operation
                for status in _COMMON + ((401, 403, 409) if secured else ()):
                    key = str(status)
                    entry = _problem_entry(status)
                    if key not in responses or key == "422":
                        responses[key] = entry
                    else:
                        responses[key].setdefault("content", {}).update(entry["content"])
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
