"""Request body size limit (HTTP 413), as ASGI middleware.

The limit is ``settings.max_body_bytes``; a declared ``Content-Length`` above it is
refused before the body is read, and a chunked body is cut off as soon as it passes it.
"""

from __future__ import annotations

import json

__all__ = ["BodySizeLimit"]


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse request bodies larger than ``max_bytes`` (default: the app's settings)."""

    def __init__(self, app, max_bytes: int | None = None):
        self.app = app
        self.max_bytes = max_bytes

    def _limit(self, scope) -> int:
        if self.max_bytes is not None:
            return self.max_bytes
        settings = getattr(scope["app"].state, "settings", None)
        return settings.max_body_bytes if settings is not None else 10 * 1024 * 1024

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send, limit: int) -> None:
        body = json.dumps(
            {
                "error": "PayloadTooLarge",
                "message": f"The request body is larger than the limit of {limit} bytes.",
                "hint": "Send less data per request, or raise IGEL_MAX_BODY_BYTES.",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
