"""Content negotiation: pick a media type from the ``Accept`` header (with q-values) or
an explicit ``format`` name.

>>> choose("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
'application/ld+json'
>>> choose("*/*", ["text/turtle", "application/n-triples"])
'text/turtle'
>>> choose("image/png", ["text/turtle"]) is None
True
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["parse_accept", "choose", "FORMAT_NAMES", "SUFFIXES", "RDF_MEDIA_TYPES", "RDFLIB_FORMATS"]

#: ``?format=`` names -> media type (SPARQL results and RDF graphs)
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "html": "text/html",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "nq": "application/n-quads",
}

#: file suffix of a resource or report -> media type
SUFFIXES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
    ".csv": "text/csv",
    ".json": "application/json",
}

#: RDF graph media types in order of preference when the client accepts anything
RDF_MEDIA_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]

#: media type -> rdflib serializer name
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}

#: aliases clients send for the media types above
_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
}


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
        target = _ALIASES.get(rng, rng)
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
