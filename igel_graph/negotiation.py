"""Content negotiation: which format of the registry (:mod:`igel_graph.formats`) a client
gets, from an explicit name (``?format=``, ``--format``, a file suffix) or the ``Accept``
header (q-values honoured). Every route of the API and the CLI decide through
:func:`negotiate`.

>>> choose("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
'application/ld+json'
>>> choose("*/*", ["text/turtle", "application/n-triples"])
'text/turtle'
>>> choose("image/png", ["text/turtle"]) is None
True
>>> negotiate("text/csv, */*;q=0.1", None, ["json", "csv"]).name
'csv'
>>> negotiate(None, "ttl", ["html", "turtle"]).media_type
'text/turtle'
"""

from __future__ import annotations

from typing import Sequence

from .errors import NotAcceptable
from .formats import FORMATS, MEDIA_ALIASES, Format, find_format

__all__ = ["parse_accept", "choose", "negotiate", "wants_html"]


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """The ranges of an ``Accept`` header as ``(media range, q, specificity)``, best first.

    Missing or empty header means ``*/*``. Ranges with ``q=0`` are kept (they exclude).
    """
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else (1 if media.endswith("/*") else 2)
        ranges.append((media, q, specificity, index))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(m, q, s) for m, q, s, _ in ranges]


def _quality(media: str, ranges: list[tuple[str, float, int]]) -> float:
    """q of ``media`` under the most specific matching range (0 when none matches)."""
    best_spec, best_q = -1, 0.0
    for rng, q, _spec in ranges:
        target = MEDIA_ALIASES.get(rng, rng)
        if target == media or rng == media:
            match = 2
        elif rng.endswith("/*") and rng != "*/*" and media.startswith(rng[:-1]):
            match = 1
        elif rng == "*/*":
            match = 0
        else:
            continue
        if match > best_spec:
            best_spec, best_q = match, q
    return best_q if best_spec >= 0 else 0.0


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client likes best, or None (answer 406).

    Ties go to the earlier entry of ``offered`` (the server's preference).
    """
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for media in offered:
        q = _quality(media, ranges)
        if q > best_q:
            best, best_q = media, q
    return best


def wants_html(accept: str | None, against: str = "application/json") -> bool:
    """Whether the client asks for a web page: it names ``text/html`` and likes it better
    than the machine-readable answer ``against`` (a browser; not ``curl``'s ``*/*``)."""
    return "text/html" in (accept or "") and choose(accept, [against, "text/html"]) == "text/html"


def negotiate(accept: str | None, name: str | None, offered: Sequence[str], *, what: str = "This resource") -> Format:
    """The format of ``offered`` (format names, the server's preference first) the
    client gets: the one called ``name`` when given (``?format=``, a suffix), else the
    best under ``accept``. :class:`NotAcceptable` (406) naming the choices when none fits.
    """
    if name:
        found = find_format(name, offered)
        if found is None:
            raise NotAcceptable(
                f"Unknown format '{name}' for {what[0].lower() + what[1:]}.",
                hint="Use one of: " + ", ".join(offered) + ".",
            )
        return found
    media = choose(accept, [FORMATS[n].media_type for n in offered])
    if media is None:
        raise NotAcceptable(
            f"{what} cannot be given as {accept!r}.",
            hint="Accept one of: "
            + ", ".join(FORMATS[n].media_type for n in offered)
            + "; or name one with ?format= ("
            + ", ".join(offered)
            + ").",
        )
    return next(FORMATS[n] for n in offered if FORMATS[n].media_type == media)
