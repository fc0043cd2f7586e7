"""Query results of an Oxigraph store serialised by pyoxigraph itself, capped at a row limit.

This is the hot path of ``/sparql``: the worker hands the result to the engine's own
serialiser and passes the bytes through; no term becomes a Python object.

The row cap in one run of the query: pyoxigraph writes the solutions as TSV, where each
row is exactly one line (line breaks inside literals are escaped), into a buffer that
counts lines as they arrive and stops the serialiser once it holds one row more than the
cap. The rows kept are then given in the format asked for by pyoxigraph (TSV -> JSON,
XML or CSV: a parse and a write, both native). CONSTRUCT and DESCRIBE triples are counted
as they stream into ``pyoxigraph.serialize``.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> for i in range(5):
...     store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(i)))
>>> run = lambda: store.query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
>>> from igel_graph.formats import FORMATS
>>> body, truncated, rows = solutions_bytes(run(), FORMATS["csv"], 3)
>>> body.split(), truncated, rows
([b's', b'http://e/0', b'http://e/1', b'http://e/2'], True, 3)
>>> solutions_bytes(run(), FORMATS["json"], 10)
(b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://e/0"}},{"s":...}}]}}', False, 5)
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox

from igel_graph.formats import Format

__all__ = ["results_format", "rdf_format", "solutions_bytes", "triples_bytes"]


def results_format(fmt: Format) -> "ox.QueryResultsFormat":
    """pyoxigraph's writer of SELECT results in ``fmt`` (the registry names it)."""
    return getattr(ox.QueryResultsFormat, fmt.results or "JSON")


def rdf_format(fmt: Format) -> "ox.RdfFormat":
    """pyoxigraph's writer of triples in ``fmt`` (the registry names it)."""
    return getattr(ox.RdfFormat, fmt.rdf or "N_TRIPLES")


class _Full(Exception):
    """The result has more rows than the cap."""


class _Rows:
    """A write target for TSV results that keeps what it is given and stops the writer
    once it holds the header line and ``cap + 1`` rows."""

    def __init__(self, cap: int):
        self.cap = cap
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.cap + 1:
            raise _Full
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""


def solutions_bytes(solutions: "ox.QuerySolutions", fmt: Format, cap: int) -> tuple[bytes, bool, int]:
    """SELECT ``solutions`` in ``fmt``, at most ``cap`` rows: ``(body, truncated, rows)``.

    A cut JSON answer also says so in the body: ``"truncated": true, "maxRows": cap``
    (clients ignore unknown top-level keys).
    """
    buffer = _Rows(cap)
    try:
        # pyoxigraph writes to any object with write(); its stub asks for IO[bytes]
        solutions.serialize(buffer, ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
        truncated = False
    except _Full:
        truncated = True
    table = b"".join(buffer.parts)
    if truncated:
        end = -1
        for _ in range(cap + 1):  # the header and cap rows
            end = table.index(b"\n", end + 1)
        table = table[: end + 1]
        rows = cap
    else:
        rows = table.count(b"\n") - 1
    if fmt.name == "tsv":
        return table, truncated, rows
    body = ox.parse_query_results(table, ox.QueryResultsFormat.TSV).serialize(format=results_format(fmt)) or b""
    if truncated and fmt.name == "json":
        body = body[:-1] + b',"truncated":true,"maxRows":%d}' % cap
    return body, truncated, rows


class _Counted:
    """The first ``cap`` items of ``items``; ``truncated`` tells whether there were more."""

    def __init__(self, items: Iterable, cap: int):
        self._items, self._cap = items, cap
        self.truncated = False
        self.count = 0

    def __iter__(self) -> Iterator:
        for item in self._items:
            if self.count == self._cap:
                self.truncated = True
                return
            self.count += 1
            yield item


def triples_bytes(
    triples: Iterable, fmt: Format, cap: int, prefixes: dict[str, str] | None = None
) -> tuple[bytes, bool, int]:
    """CONSTRUCT / DESCRIBE triples in ``fmt``, at most ``cap``: ``(body, truncated, count)``."""
    counted = _Counted(triples, cap)
    writer = rdf_format(fmt)
    use = prefixes if writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(counted, format=writer, prefixes=use) or b""
    return body, counted.truncated, counted.count
