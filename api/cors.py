"""Cross-origin reads (CORS) for browser applications on other hosts, never for writes.

One job, as ASGI middleware: a request with an ``Origin`` header to a read route gets
``Access-Control-Allow-Origin`` (any origin by default; ``IGEL_CORS_ORIGINS`` lists the
allowed ones, comma-separated, or is empty to switch CORS off), and a preflight
(``OPTIONS`` with ``Access-Control-Request-Method``) for a read is answered here. The
write routes (``/sparql/update``, ``/upload``, and ``PUT``/``POST``/``DELETE`` of
``/rdf-graphs``) never get those headers, so a page on another host cannot send a write
from a visitor's browser. No credentials are ever allowed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

__all__ = ["ReadOnlyCors", "is_write", "WRITE_PATHS"]

#: paths that are writes whatever the method
WRITE_PATHS = ("/sparql/update", "/upload")
#: a path written by some methods (the Graph Store protocol) and read by the others
_GSP = "/rdf-graphs"
_READ_METHODS = ("GET", "HEAD", "POST")
_ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type"


def is_write(path: str, method: str) -> bool:
    """True if ``method`` on ``path`` changes data (CORS is never granted there).

    >>> is_write("/rdf-graphs", "PUT"), is_write("/rdf-graphs", "GET"), is_write("/sparql", "POST")
    (True, False, False)
    """
    path = path.rstrip("/") or "/"
    if path in WRITE_PATHS:
        return True
    return path == _GSP and method.upper() not in ("GET", "HEAD", "OPTIONS")


@lru_cache(maxsize=8)
def _origins(raw: str | None) -> tuple[str, ...]:
    """The origins of an ``IGEL_CORS_ORIGINS`` value (kept: it is read on every request)."""
    return tuple(o.strip() for o in (raw or "").split(",") if o.strip())


class ReadOnlyCors:
    """CORS headers on read routes only; ``origins`` default to the app's settings."""

    def __init__(self, app, origins: Iterable[str] | None = None):
        self.app = app
        self.origins = tuple(origins) if origins is not None else None

    def _allowed(self, scope) -> tuple[str, ...]:
        if self.origins is not None:
            return self.origins
        settings = getattr(scope["app"].state, "settings", None)
        return _origins(settings.cors_origins if settings is not None else "*")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers") or []}
        origin = headers.get(b"origin", b"").decode("latin-1")
        method = scope["method"].upper()
        requested = headers.get(b"access-control-request-method", b"").decode("latin-1").upper()
        path = scope.get("path", "/")
        allowed = self._allowed(scope)
        grant = None
        if origin and allowed:
            grant = "*" if "*" in allowed else (origin if origin in allowed else None)
        if method == "OPTIONS" and requested:  # a preflight
            if grant is None or is_write(path, requested) or requested not in _READ_METHODS:
                await _plain(send, 403 if origin else 400, [])
                return
            await _plain(
                send,
                204,
                [
                    (b"access-control-allow-origin", grant.encode("latin-1")),
                    (b"access-control-allow-methods", b"GET, HEAD, POST"),
                    (b"access-control-allow-headers", _ALLOWED_HEADERS.encode()),
                    (b"access-control-max-age", b"600"),
                    (b"vary", b"Origin"),
                ],
            )
            return
        if grant is None or is_write(path, method):
            await self.app(scope, receive, send)
            return

        async def with_cors(message):
            if message["type"] == "http.response.start":
                extra = [
                    (b"access-control-allow-origin", grant.encode("latin-1")),
                    (b"access-control-expose-headers", b"X-Result-Rows, X-Result-Truncated, Content-Disposition"),
                ]
                if grant != "*":
                    extra.append((b"vary", b"Origin"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, with_cors)


async def _plain(send, status: int, headers: list) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers + [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
