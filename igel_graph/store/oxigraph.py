"""The embedded backend: Oxigraph on disk, the default store.

Queries go to Oxigraph as **strings** (its own SPARQL engine, not rdflib's), with the
union of all named graphs as default graph. Parameters are bound through Oxigraph's
``substitutions`` as RDF terms, never pasted into the text.

Loading has two paths, chosen by the size of the input (:data:`LARGE_INPUT_BYTES`):

* **Small inputs** (the ontology, the vocabularies, the curated sources) are fully atomic:
  the input is parsed completely before the store is touched, then added in one Oxigraph
  transaction (``Store.extend``); replacing a graph that has content is one SPARQL update.
  Whatever fails, the store is as it was.
* **Large inputs** would need that transaction to hold every triple in memory (1M
  N-Triples lines: 58 s and 2.2 GB). They are first parsed once in full by a streaming
  parser that keeps nothing; only if the whole input is well-formed are they written by
  Oxigraph's bulk loader (1M lines: about 14 s and under 1 GB). See :meth:`OxigraphStore.load`
  for what is and is not atomic on this path.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import IgelError, StoreUnavailable
from ..sparql_guard import check_query, check_update, engine_failure
from .base import DUMP_FORMATS, AskResult, Bindings, GraphResult, QueryResult, SelectResult, Store
from .bindings import inject_values
from .rdfio import (
    Source,
    has_blank_node,
    is_path,
    parse_stream,
    parse_triples,
    rdf_format,
    rereadable,
    scan,
    source_name,
    source_size,
    sparql_syntax_error,
    triple_digest,
)
from .state import DERIVED_DIR, new_token, read_token
from .terms import to_oxigraph, to_rdflib, triple_to_oxigraph, triple_to_rdflib

#: where write_graphs stages a graph's triples before one update moves them into place
STAGING = "urn:x-igel:staging:"

__all__ = ["OxigraphStore"]

#: Inputs larger than this (bytes of a file, stream or bytes; characters of text) take the
#: large-input path of :meth:`OxigraphStore.load`. 20 MB is about 130k N-Triples lines,
#: which one transaction loads in about 4 s and 300 MB; the transaction's memory grows by
#: about 2 KB a triple, the bulk loader's stays under 1 GB. Read on every load, so a test
#: can lower it.
LARGE_INPUT_BYTES = 20_000_000

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class OxigraphStore(Store):
    """An Oxigraph store in directory ``path`` (created if missing), or in memory when
    ``path`` is None.

    Only one process can open a directory for writing at a time; a second one gets
    :class:`~igel_graph.errors.StoreUnavailable`.
    """

    kind = "oxigraph"
    #: the state token as this object last read or wrote it (:meth:`state_token`)
    _token: str | None = None

    def __init__(self, path: Path | str | None) -> None:
        if path is None:
            # a scratch store in memory (a plan version's store, igel_graph.workbook.version_store)
            self.path: Path | None = None
            self._store = ox.Store()
            return
        self.path = Path(path).expanduser()
        if self.path.exists() and not self.path.is_dir():
            raise StoreUnavailable(
                f"The store location {self.path} is a file, not a directory.",
                hint="Choose a directory with --store or IGEL_STORE.",
            )
        try:
            self._store = ox.Store(str(self.path))
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreUnavailable(
                    f"The store {self.path} is in use by another process.",
                    hint="Stop the other igel process (for example 'igel serve') or use "
                    "another directory with --store.",
                ) from None
            raise StoreUnavailable(
                f"Cannot open the store {self.path}: {text}",
                hint="Check that the directory is writable and holds an "
                "Oxigraph store, or choose another with --store.",
            ) from None

    # --- the state token (igel_graph.store.state)
    def state_token(self) -> str | None:
        if self.path is None:
            return None  # a scratch store in memory: nothing outlives it
        token = self._token
        if token is None:
            token = read_token(self.path) or new_token(self.path)
            self._token = token
        return token

    def derived_dir(self) -> Path | None:
        return None if self.path is None else self.path / DERIVED_DIR

    def _before_write(self) -> None:
        if self.path is not None:
            self._token = new_token(self.path)

    @property
    def raw(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for benchmarks comparing with it)."""
        return self._store

    # --- queries
    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        check_query(sparql)  # SERVICE and the rest: refused before Oxigraph sees the text
        kwargs: dict = {}
        if default_graph is not None:
            kwargs["default_graph"] = [to_oxigraph(URIRef(g)) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [to_oxigraph(URIRef(g)) for g in named_graphs]
        try:
            if bindings:
                result = self._query_bound(sparql, bindings, kwargs)
            else:
                result = self._store.query(sparql, **kwargs)
            return _convert(result)
        except SyntaxError as exc:
            raise sparql_syntax_error(exc, sparql) from None
        except (OSError, RuntimeError) as exc:
            raise engine_failure(exc) from None  # never echo what another service answered

    def _query_bound(self, sparql: str, bindings: Bindings, kwargs: dict):
        """Bind through Oxigraph's ``substitutions``; Oxigraph substitutes only variables
        the query projects (SEP-0007), so others are bound by a VALUES block."""
        try:
            subst: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
                ox.Variable(k.lstrip("?$")): to_oxigraph(v) for k, v in bindings.items()
            }
        except (TypeError, ValueError) as exc:
            raise IgelError(
                f"Cannot bind the parameters: {exc}", hint="Pass IRIs and literals as parameter values."
            ) from None
        try:
            return self._store.query(sparql, substitutions=subst, **kwargs)
        except RuntimeError as exc:
            if "projection" not in str(exc):
                raise
        return self._store.query(inject_values(sparql, bindings), **kwargs)

    def update(self, sparql: str) -> None:
        check_update(sparql)  # SERVICE, LOAD and the rest: refused before Oxigraph sees the text
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise sparql_syntax_error(exc, sparql, kind="update") from None
        except OSError as exc:
            raise engine_failure(exc, "update") from None  # nothing was applied

    def write_graphs(self, parts: Mapping[URIRef, tuple[Graph, bool]]) -> None:
        """Write several named graphs all or nothing (see :meth:`Store.write_graphs`).

        Each graph's triples first go into a staging graph of their own (Oxigraph's
        ``extend``, one transaction each); one short update then moves (to replace) or
        adds each into place and drops the staging graphs, so every target changes in one
        transaction or none does. Not one ``INSERT DATA`` holding everything: a
        2,000-measure plan with its provenance is 150 million characters of update text,
        over what the first wall reads (:data:`igel_graph.sparql_guard.MAX_CHARS`).
        """
        staged: list[ox.NamedNode] = []
        steps: list[str] = []
        try:
            for graph, (triples, replace) in parts.items():
                target = ox.NamedNode(str(graph))
                if not len(triples):
                    if replace:
                        steps.append(f"DROP SILENT GRAPH {target}")
                    continue
                tmp = ox.NamedNode(STAGING + uuid.uuid4().hex)
                staged.append(tmp)
                quads = (triple_to_oxigraph(*t) for t in triples)
                self._store.extend(ox.Quad(q.subject, q.predicate, q.object, tmp) for q in quads)
                steps.append(f"{'MOVE' if replace else 'ADD'} SILENT GRAPH {tmp} TO GRAPH {target}")
                steps.append(f"DROP SILENT GRAPH {tmp}")
            if steps:
                self.update(" ;\n".join(steps))
        except BaseException:
            for tmp in staged:
                self._store.remove_graph(tmp)
            raise

    # --- loading
    def load(self, source: Source, graph: URIRef, *, format: str | None = None, replace: bool = False) -> int:
        """Add the triples of ``source`` to ``graph`` (or replace its content) and return
        the number of triples the graph then holds.

        Malformed input raises :class:`~igel_graph.errors.ParseError` with line and
        column and leaves the store unchanged, whatever the size of the input.

        Inputs up to :data:`LARGE_INPUT_BYTES` are loaded in one transaction: any failure
        leaves the store unchanged. Larger ones are parsed once in full, keeping nothing,
        and then written by Oxigraph's bulk loader, which is *not* transactional (its
        documentation: "if the operation fails in the middle, only a part of the data may
        be written"; it writes batches of up to a million quads as sorted files and adds
        them to the database one by one). A syntax error therefore still writes nothing:
        the first pass finds it. What can still leave part of the input written is a
        failure of the second pass itself:

        * an I/O error while writing (disk full, a failing disk) or while reading the
          input again, or the input changing on disk between the two passes (the second
          pass then hits an error the first did not see). The load raises
          :class:`~igel_graph.errors.IgelError`; a graph that was empty before is then
          removed again, so a load into a new graph is undone, while a graph added to or
          being replaced keeps what was written (the message says so);
        * the process dying (killed, out of memory, power loss) during the write, or
          while a replace removes old triples: what was done by then stays;
        * other readers of the same store object see the graph grow while it loads.

        That is accepted because none of these depends on the input (which was proven
        well-formed) and each is repaired by loading the same file again with
        ``replace=True``, as ``igel build`` does; the alternative, one transaction, needs
        over 2 GB at 1M triples. Replacing a large graph first removes those of its
        triples that the input does not have (found by fingerprints taken in the first
        pass, see :meth:`_remove_stale`), then bulk-loads the input: until that ends,
        readers see the old triples the input keeps plus a growing part of the new ones.
        """
        g = ox.NamedNode(str(graph))
        source = rereadable(source)  # a pipe can be read only once; large inputs need two
        size = source_size(source)
        if size is not None and size > LARGE_INPUT_BYTES:
            self._load_large(source, g, format=format, replace=replace)
            return self._graph_size(g)
        triples = parse_triples(source, format=format)  # raises before any write
        if replace and self._graph_size(g):
            self._replace(g, triples)
        else:
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
        return self._graph_size(g)

    def _load_large(self, source: Source, g: ox.NamedNode, *, format: str | None, replace: bool) -> None:
        """Check all of ``source``, then bulk-load it into ``g`` (see :meth:`load`)."""
        had = self._graph_size(g)
        # A ParseError here: nothing written. Replacing a graph that has content also
        # fingerprints the input (about 4 s a million lines, so only when needed).
        checked = scan(source, format=format, digests=replace and bool(had))
        try:
            if replace and had:
                self._remove_stale(g, checked.digests or set())
            if checked.named_graphs:
                # TriG or N-Quads naming graphs: the bulk loader would keep those names,
                # but a load puts every statement into ``g``.
                self._store.bulk_extend(
                    ox.Quad(q.subject, q.predicate, q.object, g) for q in parse_stream(source, format=format)
                )
            else:
                where = {"path": str(source)} if is_path(source) else {"input": source}
                self._store.bulk_load(**where, format=rdf_format(format, source), to_graph=g)
        except (IgelError, SyntaxError, OSError, ValueError) as exc:
            if not had:
                self._store.remove_graph(g)
            state = (
                "was removed again"
                if not had
                else "is only partly replaced"
                if replace
                else "may hold part of the input"
            )
            detail = exc.message if isinstance(exc, IgelError) else str(exc)
            raise IgelError(
                f"Loading {source_name(source)} into <{g.value}> failed while writing, after "
                f"the input had been checked: {detail}. The graph {state}.",
                hint="Check the disk space and that the file is not being changed, then load it again with replace.",
            ) from None

    def _remove_stale(self, g: ox.NamedNode, keep: set[bytes]) -> int:
        """Remove from ``g`` every triple whose :func:`triple_digest` is not in ``keep``,
        and every triple with a blank node; return how many were removed.

        Triples the new input also has stay (the bulk load writes them again, which
        changes nothing), so rebuilding a large graph from nearly the same file removes
        little. Oxigraph has no bulk removal: dropping a graph of a million triples in
        one transaction takes over a minute and 700 MB more; one small transaction per
        removed triple takes as long but no memory.
        """
        removed = 0
        # Oxigraph iterates over a snapshot, so removing while iterating is safe.
        for q in self._store.quads_for_pattern(None, None, None, g):
            if has_blank_node(q.subject, q.object) or triple_digest(q.subject, q.predicate, q.object) not in keep:
                self._store.remove(q)
                removed += 1
        return removed

    def _replace(self, g: ox.NamedNode, triples: list[ox.Triple]) -> None:
        """Swap the content of graph ``g`` for ``triples`` in one transaction.

        pyoxigraph has no transaction object, but one SPARQL update is one transaction.
        Without blank nodes, only the difference is written (a rebuild usually changes
        little); otherwise the graph is dropped and refilled.
        """
        old = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store.quads_for_pattern(None, None, None, g)}
        new = set(triples)
        if not any(_has_bnode(t) for t in old | new):
            removed, added = old - new, new - old
            parts = []
            if removed:
                parts.append(f"DELETE DATA {{ GRAPH {g} {{ {_triples_text(removed)} }} }}")
            if added:
                parts.append(f"INSERT DATA {{ GRAPH {g} {{ {_triples_text(added)} }} }}")
            if parts:
                self._store.update(" ;\n".join(parts))
            return
        self._store.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{ {_triples_text(new)} }} }}")

    def _graph_size(self, g: ox.NamedNode) -> int:
        res = _solutions(self._store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        for row in res:
            return int(row["n"].value)
        return 0

    def drop_graph(self, graph: URIRef) -> None:
        g = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)

    def graphs(self) -> dict[URIRef, int]:
        sizes = {URIRef(row["g"].value): int(row["n"].value) for row in _solutions(self._store, _GRAPH_SIZES)}
        return dict(sorted(sizes.items()))

    def dump(self, out: IO[bytes], format: str = "nquads", graph: URIRef | None = None) -> None:
        if graph is None and format not in DUMP_FORMATS:
            raise IgelError(
                f"cannot dump the whole dataset as {format!r}", hint="Use nquads or trig, or name one graph."
            )
        fmt = rdf_format(format)
        if graph is not None:
            self._store.dump(out, fmt, from_graph=ox.NamedNode(str(graph)))
            return
        # The named graphs only: the default graph is not part of the model.
        quads = (
            q for q in self._store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)
        )
        out.write(ox.serialize(quads, format=fmt) or b"")

    def graph(self, graph: URIRef) -> Graph:
        g = Graph(identifier=graph)
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
            g.add(triple_to_rdflib(q))
        return g

    def size(self) -> int:
        return sum(self.graphs().values())

    def flush(self) -> None:
        """Move RocksDB's write-ahead log into table files.

        Every process that opens the store read-only (the server's query workers after
        each write, ``igel query`` beside ``igel serve``) replays that log first. Unflushed,
        it grows with the writes: after two 60k-triple uploads and the analysis refreshes
        that followed them it held 117 MB, and the workers' reopening after the next write
        took over 30 s, while ``/sparql`` answered 503.
        """
        store = getattr(self, "_store", None)
        if store is not None:
            store.flush()

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            store.flush()
            # RocksDB releases its lock when the object goes away.
            del self._store


def _has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _triples_text(triples) -> str:
    """Triples in N-Triples syntax, which is also valid SPARQL ``INSERT DATA`` syntax."""
    text = ox.serialize((ox.Triple(t.subject, t.predicate, t.object) for t in triples), format=ox.RdfFormat.N_TRIPLES)
    return (text or b"").decode("utf-8")


def _solutions(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    """The rows of one of this module's own SELECT queries."""
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise IgelError(f"expected rows, got {type(result).__name__}")
    return result


def _convert(result) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(sol[i]) for i in range(len(names))) for sol in result]
        return SelectResult(names, rows)
    if isinstance(result, ox.QueryTriples):
        return GraphResult([triple_to_rdflib(t) for t in result])
    raise IgelError(f"unexpected query result {type(result).__name__}")
