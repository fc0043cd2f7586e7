"""Conversion between rdflib terms and pyoxigraph terms.

The store interface speaks rdflib terms; the embedded backend speaks pyoxigraph terms.
Literals are normalised on the way back so that results compare equal across backends:
an ``xsd:string`` literal becomes a plain rdflib literal (no datatype), as rdflib itself
parses ``"x"``, and a language-tagged literal keeps only its language.

>>> to_rdflib(to_oxigraph(Literal("Zürich", lang="de")))
rdflib.term.Literal('Zürich', lang='de')
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

__all__ = ["to_oxigraph", "to_rdflib", "graph_name", "quad_to_rdflib", "triple_to_rdflib", "triple_to_oxigraph"]

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib IRI, blank node or literal.

    Raises :class:`TypeError` for anything else (a variable, a quoted graph): the caller
    passes terms, never strings, so a string here is a bug to report loudly.
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r} ({type(term).__name__})")


def triple_to_oxigraph(subject: Node, predicate: Node, object: Node) -> ox.Triple:
    """An rdflib triple as a pyoxigraph triple.

    Raises :class:`TypeError` for a literal subject or a predicate that is not an IRI,
    which no RDF graph holds.
    """
    s, p, o = to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(object)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {subject!r} {predicate!r} {object!r}")
    return ox.Triple(s, p, o)


def to_rdflib(term) -> Node | None:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``: unbound)."""
    if term is None:
        return None
    return _to_rdflib(term)


# Results repeat terms (types, labels, plans) and rdflib's Literal constructor is costly:
# a cache keeps large results close to the speed of raw pyoxigraph.
@lru_cache(maxsize=200_000)
def _to_rdflib(term) -> Node | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING or dt == _LANG_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term from Oxigraph: {term!r}")


def graph_name(graph) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The pyoxigraph graph name for an rdflib graph IRI (``None``: the default graph)."""
    if graph is None:
        return ox.DefaultGraph()
    return to_oxigraph(graph)  # type: ignore[return-value]


def quad_to_rdflib(quad: ox.Quad) -> tuple[Node, Node, Node, Node | None]:
    """An Oxigraph quad as an rdflib ``(s, p, o, g)`` tuple (``g`` None for the default graph)."""
    s, p, o = triple_to_rdflib(quad)
    return (s, p, o, to_rdflib(quad.graph_name))


def triple_to_rdflib(triple: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    """The subject, predicate and object of an Oxigraph triple (or quad) as rdflib terms.

    >>> triple_to_rdflib(ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b"), ox.Literal("c")))
    (rdflib.term.URIRef('http://e/a'), rdflib.term.URIRef('http://e/b'), rdflib.term.Literal('c'))
    """
    return (_term(triple.subject), _term(triple.predicate), _term(triple.object))


def _term(term: object) -> Node:
    """A bound term as rdflib (a triple's positions are never unbound)."""
    node = _to_rdflib(term)
    if node is None:
        raise TypeError(f"not a term of a triple: {term!r}")
    return node
