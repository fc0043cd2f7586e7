"""The store interface shared by the three backends.

A store holds an RDF dataset of named graphs. The default graph of every query is the
union of all named graphs (so a query without ``GRAPH`` sees everything); ``GRAPH ?g``
tells which graph a statement is in. Results use rdflib terms so that callers never see
which backend answered.

Backends: :mod:`.oxigraph` (embedded on disk, the default), :mod:`.memory` (rdflib in
memory) and :mod:`.remote` (any SPARQL 1.1 endpoint with Update and Graph Store protocol).
Open one with :func:`igel_graph.store.open_store`.
"""

from __future__ import annotations

import functools
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Mapping, Sequence, Union

from rdflib import Graph, URIRef
from rdflib.term import Identifier, Node

__all__ = [
    "Store",
    "SelectResult",
    "AskResult",
    "GraphResult",
    "QueryResult",
    "Bindings",
    "DUMP_FORMATS",
]

#: variable name (without ``?``) -> rdflib term to substitute
Bindings = Mapping[str, Identifier]

#: dataset dump formats and their media types
DUMP_FORMATS = {"nquads": "application/n-quads", "trig": "application/trig"}


@dataclass
class SelectResult:
    """Rows of a SELECT query: ``vars`` in projection order, each row a tuple of terms
    (``None`` where a variable is unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as dicts keyed by variable name."""
        return [dict(zip(self.vars, row)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)


@dataclass
class AskResult:
    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def graph(self) -> Graph:
        g = Graph()
        for t in self.triples:
            g.add(t)
        return g

    def __len__(self) -> int:
        return len(self.triples)


QueryResult = Union[SelectResult, AskResult, GraphResult]

#: the methods that change a store; every backend's versions bump the change counter
_WRITE_METHODS = ("update", "load", "replace_graph", "drop_graph", "write_graphs")


def _counting(method):
    """``method`` that bumps the store's change counter when it returns or fails (a failed
    write changes nothing, but counting it too only costs one recomputation)."""

    @functools.wraps(method)
    def write(self, *args, **kwargs):
        self._before_write()
        try:
            return method(self, *args, **kwargs)
        finally:
            with _COUNTER_LOCK:
                self.__dict__["_changes"] = self.__dict__.get("_changes", 0) + 1

    write._counts_changes = True
    return write


_COUNTER_LOCK = threading.Lock()


class Store(ABC):
    """One RDF dataset of named graphs behind a SPARQL 1.1 interface.

    All methods raise :class:`igel_graph.errors.IgelError` subclasses for bad input
    (``QuerySyntaxError`` with line/column, ``ParseError``, ``StoreUnavailable``).
    """

    #: short name of the backend: ``oxigraph``, ``memory`` or ``sparql``
    kind: str = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for name in _WRITE_METHODS:
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_counts_changes", False):
                setattr(cls, name, _counting(method))

    @property
    def change_counter(self) -> int:
        """A number that grows with every write made through this store object: every
        cache of something computed from the store keys on it (with the store's identity).

        It costs nothing to read on every backend. It counts the writes of this process:
        an embedded Oxigraph store admits one writing process (the one holding it), so
        that is all of them; a remote endpoint written by other clients too is only as
        fresh as this process's own writes.

        >>> from igel_graph.store.memory import MemoryStore
        >>> s = MemoryStore(); before = s.change_counter
        >>> s.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        >>> s.change_counter > before
        True
        """
        return self.__dict__.get("_changes", 0)

    def state_token(self) -> str | None:
        """A name for the store's data as it is now that stays the same across processes
        and openings, or None where the backend keeps none (memory and remote stores).

        Results derived from the data may be kept on disk under it
        (:mod:`igel_graph.derived`) and read by a later process: a process that opens the
        store finds them as long as nothing was written since. Every write through a
        store object gives the store a new token *before* it changes the data, so a crash
        in the middle can only cost a recomputation, never leave an old result looking
        current.
        """
        return None

    def derived_dir(self) -> Path | None:
        """The folder for results derived from this store's data (None: keep none)."""
        return None

    def _before_write(self) -> None:  # noqa: B027 - optional for backends
        """Called by every write method before it writes (a new state token)."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query string; ``bindings`` are substituted as RDF terms.

        ``default_graph``: graphs whose union is the default graph (default: all named
        graphs). ``named_graphs``: graphs visible to ``GRAPH`` (default: all).
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update string, all or nothing."""

    @abstractmethod
    def load(
        self,
        source: Union[Path, str, bytes, Graph, IO[bytes]],
        graph: URIRef,
        *,
        format: str | None = None,
        replace: bool = False,
    ) -> int:
        """Parse ``source`` and add its triples to named graph ``graph`` atomically.

        ``source`` is a file path, RDF text (str or bytes), an open binary file, or an rdflib Graph.
        ``format`` is an rdflib format name (``turtle``, ``nt``, ``xml``, ``json-ld``,
        ``trig``); guessed from the suffix when None. With ``replace`` the graph's old
        content is dropped in the same transaction. A parse error anywhere leaves the
        store unchanged. Returns the number of triples in the graph afterwards.
        """

    def replace_graph(self, graph: URIRef, data: Union[Path, str, Graph], *, format: str | None = None) -> int:
        """Replace named graph ``graph`` by ``data`` atomically; returns its new size."""
        return self.load(data, graph, format=format, replace=True)

    @abstractmethod
    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples (no error if absent)."""

    @abstractmethod
    def graphs(self) -> dict[URIRef, int]:
        """Every non-empty named graph with its number of triples."""

    @abstractmethod
    def dump(self, out: IO[bytes], format: str = "nquads", graph: URIRef | None = None) -> None:
        """Write the dataset (or one graph) to ``out``: ``nquads`` or ``trig`` for the
        dataset; for one graph also ``turtle``, ``nt``, ``xml``, ``json-ld``."""

    def graph(self, graph: URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        res = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        assert isinstance(res, GraphResult)
        g = Graph(identifier=graph)
        for t in res.triples:
            g.add(t)
        return g

    def write_graphs(self, parts: Mapping[URIRef, tuple[Graph, bool]]) -> None:
        """Write several named graphs at once, all or nothing: ``parts`` maps a graph to
        its new triples and whether they replace its content (else they are added).

        This default is one SPARQL update (atomic on the embedded and memory stores); a
        remote endpoint stages the triples first, because one update holding them all
        can be too large for the server's SPARQL compiler (Virtuoso: "memory exhausted").
        """
        steps = []
        for graph, (triples, replace) in parts.items():
            if replace:
                steps.append(f"DROP SILENT GRAPH <{graph}>")
            if len(triples):
                steps.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples.serialize(format='nt')}}} }}")
        if steps:
            self.update(" ;\n".join(steps))

    def size(self) -> int:
        """Number of quads in all named graphs."""
        return sum(self.graphs().values())

    def flush(self) -> None:  # noqa: B027 - optional for backends
        """Write what is held in memory into the backend's files (nothing to do for most)."""

    def close(self) -> None:  # noqa: B027 - optional for backends
        """Release files or connections."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
