"""The base-IRI <-> local-path mapping: resource IRIs under ``settings.base_iri`` are
served at the path below it on this host.

>>> to_local("https://w3id.org/igel/id/actor/gsd", "https://w3id.org/igel/")
'/id/actor/gsd'
>>> to_local("https://w3id.org/igel/ontology#Measure", "https://w3id.org/igel/")
'/ontology#Measure'
>>> to_local("http://example.org/x", "https://w3id.org/igel/") is None
True
>>> str(to_iri("/id/actor/gsd", "https://w3id.org/igel/"))
'https://w3id.org/igel/id/actor/gsd'
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import URIRef

__all__ = ["to_local", "to_iri", "href"]


def to_local(iri: str, base: str) -> str | None:
    """The local path serving ``iri``, or None when it is not under ``base``."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    return "/" + quote(rest, safe="/#:@!$&'()*+,;=-._~%")


def to_iri(path: str, base: str) -> URIRef:
    """The IRI served at local ``path`` (``/id/...`` -> ``base + id/...``)."""
    return URIRef(base + path.lstrip("/"))


def href(iri: str, base: str) -> str:
    """Where a page links for ``iri``: the local path if it is ours, else the IRI."""
    local = to_local(str(iri), base)
    return local if local is not None else str(iri)
