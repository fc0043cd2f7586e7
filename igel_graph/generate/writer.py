"""Streaming RDF writers for the generator: N-Triples, or Turtle grouped by subject.

Terms arrive already as strings: an IRI as ``"<...>"`` (see :func:`iri`), a literal as
the output of :func:`literal`. Writing strings straight to the file keeps generation of
a million triples to seconds.
"""

from __future__ import annotations

from typing import IO

from ..namespaces import ID_BASE, PREFIXES

__all__ = ["iri", "literal", "NTriplesWriter", "TurtleWriter", "open_writer"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI term: ``<value>``."""
    return f"<{value}>"


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term in N-Triples syntax (escaped; optional language or datatype IRI).

    >>> literal('Er sagte "ja"', lang="de")
    '"Er sagte \\\\"ja\\\\""@de'
    """
    body = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^<{datatype}>"
    return body


class NTriplesWriter:
    """Writes each triple as one N-Triples line."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def triple(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} .\n")
        self.count += 1

    def close(self) -> None:
        self.out.flush()


class TurtleWriter(NTriplesWriter):
    """Writes Turtle: prefixes for the vocabularies, IRIs under ``id:`` relative to an
    ``@base``, and consecutive triples of one subject as one block."""

    _USED = ("igel", "rdf", "rdfs", "xsd", "skos", "dcterms", "org", "qb", "prov")

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._subject: str | None = None
        self._prefixes = [(k, PREFIXES[k]) for k in self._USED]
        out.write(f"@base <{ID_BASE}> .\n")
        for name, ns in self._prefixes:
            out.write(f"@prefix {name}: <{ns}> .\n")

    def _short(self, term: str) -> str:
        if not term.startswith("<"):
            if "^^<" in term:
                head, dt = term.rsplit("^^", 1)
                return head + "^^" + self._short(dt)
            return term
        value = term[1:-1]
        if value.startswith(ID_BASE):
            return "<" + value[len(ID_BASE) :] + ">"
        for name, ns in self._prefixes:
            if value.startswith(ns):
                local = value[len(ns) :]
                if local and local.replace("_", "a").replace("-", "a").isalnum() and local[0].isalpha():
                    return f"{name}:{local}"
        return term

    def triple(self, s: str, p: str, o: str) -> None:
        pred = "a" if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" else self._short(p)
        if s == self._subject:
            self.out.write(f" ;\n    {pred} {self._short(o)}")
        else:
            if self._subject is not None:
                self.out.write(" .\n")
            self.out.write(f"\n{self._short(s)} {pred} {self._short(o)}")
            self._subject = s
        self.count += 1

    def close(self) -> None:
        if self._subject is not None:
            self.out.write(" .\n")
        super().close()


def open_writer(out: IO[str], format: str) -> NTriplesWriter:
    """A writer for ``format``: ``nt`` (N-Triples) or ``turtle``."""
    if format in ("nt", "ntriples", "n-triples"):
        return NTriplesWriter(out)
    if format in ("turtle", "ttl"):
        return TurtleWriter(out)
    from ..errors import UsageError

    raise UsageError(f"unknown output format {format!r}", hint="Use nt or turtle.")
