"""The rdflib in-memory backend: small tests, and the reference the others are compared
against.

The dataset is an :class:`rdflib.Dataset` whose default graph is the union of its named
graphs. rdflib would fetch the IRI of a ``FROM`` or ``LOAD`` from the web and would call
a ``SERVICE``: the first is switched off globally (``SPARQL_LOAD_GRAPHS = False``), the
second is refused by inspecting the parsed query. rdflib has no query timeout.
"""

from __future__ import annotations

from typing import IO, Sequence

import rdflib.plugins.sparql
from pyparsing import ParseException
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.paths import Path
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..errors import ForbiddenQuery, IgelError
from ._results import from_rdflib_result
from .base import DUMP_FORMATS, Bindings, QueryResult, Store
from .rdfio import Source, parse_triples, sparql_syntax_error
from .terms import triple_to_rdflib

__all__ = ["MemoryStore"]

# Never fetch FROM/LOAD IRIs from the network: resolve them in the dataset only.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class _UnionDataset(Dataset):
    """A Dataset whose default graph is the union of its graphs *as Oxigraph and Virtuoso
    form it*: a triple stated in two graphs matches twice.

    rdflib alone would match it once. Matching the other backends keeps results (counts
    above all) identical across backends, so that tests on this store tell the truth
    about the embedded one.
    """

    def __init__(self, default_names: set | None = None, named: set | None = None, store="default") -> None:
        super().__init__(store=store, default_union=True)
        #: graphs forming the default graph, and graphs GRAPH ?g sees (None: all)
        self._default_names = default_names
        self._named = named

    def triples(self, triple_or_quad, context=None):
        s, p, o, c = self._spoc(triple_or_quad)
        ctx = self._graph(context or c)
        if (ctx is not None and ctx != self._default_context) or isinstance(p, Path):
            yield from super().triples(triple_or_quad, context)
            return
        only = self._default_names
        for (ts, tp, to), graphs in self.store.triples((s, p, o), context=None):
            for g in graphs:
                if only is None or g.identifier in only:
                    yield ts, tp, to

    def get_context(self, identifier, quoted=False, base=None):
        if self._named is not None and identifier not in self._named:
            return Graph()  # GRAPH <g> for a graph outside named_graphs: empty
        return super().get_context(identifier, quoted=quoted, base=base)

    def contexts(self, triple=None):
        for g in self.store.contexts(triple):
            if not isinstance(g, Graph):
                g = self.get_context(g)
            if self._named is None or g.identifier in self._named:
                yield g


class MemoryStore(Store):
    """An RDF dataset held by rdflib in memory.

    >>> from rdflib import URIRef
    >>> s = MemoryStore()
    >>> s.load('<http://e/a> <http://e/b> "c" .', URIRef("http://e/g"), format="nt")
    1
    >>> s.query("ASK { ?s ?p 'c' }").value
    True
    """

    kind = "memory"

    def __init__(self) -> None:
        self._ds = _UnionDataset()

    # --- queries
    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        try:
            parsed = parseQuery(sparql)
            algebra = translateQuery(parsed)
        except ParseException as exc:
            raise sparql_syntax_error(exc, sparql) from None
        except IgelError:
            raise
        except Exception as exc:  # rdflib raises plain exceptions for some semantic errors
            raise sparql_syntax_error(exc, sparql) from None
        _refuse_service(algebra.algebra)
        target: Dataset = self._ds
        if default_graph is not None or named_graphs is not None:
            target = self._view(default_graph, named_graphs)
        init = {k: v for k, v in (bindings or {}).items()}
        result = target.query(algebra, initBindings=init)
        return from_rdflib_result(result)

    def _view(self, default_graph: Sequence[URIRef] | None, named_graphs: Sequence[URIRef] | None) -> Dataset:
        """The dataset seen through a window: its default graph is the union of
        ``default_graph`` and its ``GRAPH`` sees ``named_graphs`` (each default: every
        named graph the store lists in :meth:`graphs`).

        The window shares the triples of the store instead of copying them: a copy took
        seconds per query on the real data, and the analysis asks one such query per
        subject whose source passage it cites."""
        every = set(self.graphs())
        return _UnionDataset(
            every if default_graph is None else {URIRef(g) for g in default_graph},
            every if named_graphs is None else {URIRef(g) for g in named_graphs},
            store=self._ds.store,
        )

    def update(self, sparql: str) -> None:
        try:
            parsed = parseUpdate(sparql)
            algebra = translateUpdate(parsed)
        except ParseException as exc:
            raise sparql_syntax_error(exc, sparql, kind="update") from None
        except Exception as exc:
            raise sparql_syntax_error(exc, sparql, kind="update") from None
        for op in algebra.algebra:
            if op.name == "Load":  # rdflib would fetch the IRI from the web
                raise ForbiddenQuery("LOAD is not allowed: load files with 'igel load' instead.")
            _refuse_service(op)
        snapshot = list(self._ds.quads((None, None, None, None)))
        try:
            self._ds.update(algebra)
        except Exception as exc:
            # all or nothing: put the dataset back as it was
            self._restore(snapshot)
            raise IgelError(f"SPARQL update failed and was undone: {exc}") from None

    def _restore(self, quads) -> None:
        self._ds = _UnionDataset()
        for s, p, o, g in quads:
            self._ds.graph(g).add((s, p, o))

    # --- loading
    def load(self, source: Source, graph: URIRef, *, format: str | None = None, replace: bool = False) -> int:
        if isinstance(source, Graph):
            triples = list(source)
        else:
            triples = [triple_to_rdflib(t) for t in parse_triples(source, format=format)]
        # Parsed completely: from here on nothing can fail half-way.
        if replace:
            self._ds.remove_graph(graph)
        target = self._ds.graph(URIRef(graph))
        for t in triples:
            target.add(t)
        return len(target)

    def drop_graph(self, graph: URIRef) -> None:
        self._ds.remove_graph(URIRef(graph))

    def graphs(self) -> dict[URIRef, int]:
        sizes: dict[URIRef, int] = {}
        for g in self._ds.graphs():
            if g.identifier == DATASET_DEFAULT_GRAPH_ID or not isinstance(g.identifier, URIRef):
                continue
            n = len(g)
            if n:
                sizes[URIRef(g.identifier)] = n
        return dict(sorted(sizes.items()))

    def dump(self, out: IO[bytes], format: str = "nquads", graph: URIRef | None = None) -> None:
        if graph is not None:
            data = self._ds.graph(URIRef(graph)).serialize(format=format, encoding="utf-8")
        elif format in DUMP_FORMATS:
            dataset = Dataset()
            for name in self.graphs():
                g = dataset.graph(name)
                for t in self._ds.graph(name):
                    g.add(t)
            data = dataset.serialize(format=format, encoding="utf-8")
        else:
            raise IgelError(
                f"cannot dump the whole dataset as {format!r}", hint="Use nquads or trig, or name one graph."
            )
        out.write(data)

    def graph(self, graph: URIRef) -> Graph:
        g = Graph(identifier=graph)
        for t in self._ds.graph(URIRef(graph)):
            g.add(t)
        return g


def _refuse_service(node) -> None:
    """Raise ForbiddenQuery if the algebra tree contains a SERVICE pattern."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            if n.name == "ServiceGraphPattern":
                raise ForbiddenQuery("SERVICE is not allowed: queries run on this dataset only.")
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)):
            stack.extend(n)
