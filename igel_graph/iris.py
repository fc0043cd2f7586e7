"""Checking an IRI given as text before it names a graph or goes into SPARQL text.

One job: :func:`absolute_iri` accepts what SPARQL's ``IRIREF`` production accepts
between ``<`` and ``>`` (no spaces, no control characters, none of ``<>"{}|^`\\``) and
only absolute IRIs (a scheme, then ``:``); anything else raises
:class:`~igel_graph.errors.UsageError` (exit 2, HTTP 400) naming the parameter. An IRI
that passes can be written as ``<iri>`` (:meth:`rdflib.URIRef.n3`) without changing the
meaning of the text around it.

>>> absolute_iri("https://w3id.org/igel/graph/curated")
rdflib.term.URIRef('https://w3id.org/igel/graph/curated')
>>> absolute_iri("relative/graph", "graph")
Traceback (most recent call last):
...
igel_graph.errors.UsageError: graph: 'relative/graph' is not an absolute IRI.
  Give a full IRI with a scheme, such as https://example.org/g.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .errors import UsageError

__all__ = ["absolute_iri", "is_absolute_iri"]

# SPARQL 1.1 IRIREF: '<' ([^<>"{}|^`\]-[#x00-#x20])* '>'; a scheme per RFC 3986.
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*')
# Unicode spaces and separators are legal in IRIREF but no real graph name has them, and
# some tokenisers end an IRI there: refuse them too.
_UNICODE_SPACE = re.compile(r"[\u0085\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]")


def is_absolute_iri(text: str) -> bool:
    """True if ``text`` is an absolute IRI that can be written as ``<text>`` safely."""
    return bool(_IRI.fullmatch(text)) and not _UNICODE_SPACE.search(text)


def absolute_iri(text: str | None, parameter: str | None = None) -> URIRef:
    """``text`` as a :class:`URIRef` if it is an absolute IRI (:func:`is_absolute_iri`);
    else :class:`UsageError` naming ``parameter``."""
    where = f"{parameter}: " if parameter else ""
    if text is None or not text.strip():
        raise UsageError(
            f"{where}an IRI is needed, and none was given.",
            hint="Give a full IRI with a scheme, such as https://example.org/g.",
        )
    if not is_absolute_iri(text):
        shown = text if len(text) <= 200 else text[:200] + "…"
        reason = (
            "has characters an IRI cannot hold (spaces, quotes, <>{}|^`\\)"
            if _IRI.match(text)
            else "is not an absolute IRI"
        )
        raise UsageError(
            f"{where}{shown!r} {reason}.", hint="Give a full IRI with a scheme, such as https://example.org/g."
        )
    return URIRef(text)
