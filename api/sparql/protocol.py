"""Reading a SPARQL 1.1 protocol request: where the query (or update) text is, which
dataset parameters came with it, and the checks the protocol asks for (one operation
string, a known media type, UTF-8).

Both query and update endpoints use :func:`read_operation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from fastapi import Request

from ..problems import BadRequest, UnsupportedMediaType

__all__ = ["Operation", "read_operation"]

FORM = "application/x-www-form-urlencoded"


@dataclass
class Operation:
    """The operation text and the protocol parameters of one request."""

    text: str
    params: dict[str, list[str]] = field(default_factory=dict)

    def all(self, name: str) -> list[str]:
        return self.params.get(name, [])

    def one(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None


def _media_type(request: Request) -> tuple[str | None, str | None]:
    raw = request.headers.get("content-type")
    if not raw:
        return None, None
    parts = [p.strip() for p in raw.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(
            f"The request body is in {charset}; this endpoint reads UTF-8 only.",
            hint="Send the body encoded as UTF-8 (charset=utf-8).",
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedMediaType(
            f"The request body is not valid UTF-8 (byte {exc.start}).", hint="Send the body encoded as UTF-8."
        ) from None


def _read_only() -> BadRequest:
    return BadRequest(
        "This endpoint is read-only: it runs queries, not updates.",
        hint="Send updates to /sparql/update with the bearer token.",
    )


async def read_operation(request: Request, kind: str, direct_type: str) -> Operation:
    """The ``kind`` (``query`` or ``update``) text of a GET or POST protocol request.

    GET: ``?query=``. POST: a form body (``application/x-www-form-urlencoded``) with the
    text in ``kind``, or the bare text with media type ``direct_type``. Protocol
    parameters are taken from the URL and, for forms, from the body. Raises
    :class:`BadRequest` (missing or repeated text) or :class:`UnsupportedMediaType`.
    """
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "GET":
        texts = params.get(kind, [])
    else:
        media, charset = _media_type(request)
        body = await request.body()
        if media == FORM:
            text = _decode(body, charset)
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            texts = params.get(kind, [])
        elif media == direct_type:
            texts = [_decode(body, charset)] + params.get(kind, [])
        elif kind == "query" and media == "application/sparql-update":
            raise _read_only()
        else:
            shown = media or "no media type"
            raise UnsupportedMediaType(
                f"A SPARQL {kind} cannot be sent as {shown}.",
                hint=f"POST it as {FORM} (field '{kind}') or as {direct_type}.",
            )
    if not texts and kind == "query" and params.get("update"):
        raise _read_only()
    if not texts:
        raise BadRequest(f"No SPARQL {kind} given.", hint=f"Pass the {kind} text in the '{kind}' parameter.")
    if len(texts) > 1:
        raise BadRequest(
            f"{len(texts)} '{kind}' parameters given; the protocol allows exactly one.",
            hint=f"Send one {kind} per request (several operations go in one text, separated by ';').",
        )
    return Operation(texts[0], params)
