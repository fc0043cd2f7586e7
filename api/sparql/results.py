"""Query results of an Oxigraph store serialised by pyoxigraph itself, capped at a row limit.

This is the hot path of ``/sparql``: the worker hands the engine's own serialiser the
result and passes the bytes through; no term is converted to Python objects.

The row cap without counting rows in Python: every format has a least number of bytes
per row (JSON ``{},`` is 3, TSV a line break is 1), so an answer shorter than
``(cap + 1) * least`` bytes has at most ``cap`` rows. The serialiser writes into a
buffer that stops it at that many bytes; only a result that reaches it is run again,
its first ``cap + 1`` rows taken in Python, written as TSV (Oxigraph's terms print in
N-Triples syntax, which is what TSV holds) and re-serialised by pyoxigraph into the
format asked for. CONSTRUCT and DESCRIBE triples are counted as they stream into
``pyoxigraph.serialize``.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> for i in range(5):
...     store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(i)))
>>> run = lambda: store.query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
>>> body, truncated, rows = solutions_bytes(run, "text/csv", 3)
>>> body.split(), truncated, rows
([b's', b'http://e/0', b'http://e/1', b'http://e/2'], True, 3)
>>> solutions_bytes(run, "text/csv", 100)[1:]  # 5 short rows: no count needed
(False, None)
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

__all__ = ["RESULT_FORMATS", "RDF_FORMATS", "solutions_bytes", "triples_bytes"]

SRJ = "application/sparql-results+json"

#: SELECT media types -> pyoxigraph's serialiser
RESULT_FORMATS = {
    SRJ: ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: CONSTRUCT / DESCRIBE media types -> pyoxigraph's serialiser
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: the fewest bytes one row takes in each format: JSON ``{},``, XML
#: ``<result></result>``, CSV ``\r\n``, TSV ``\n``
_LEAST_ROW_BYTES = {SRJ: 3, "application/sparql-results+xml": 17, "text/csv": 2,
                    "text/tab-separated-values": 1}


class _Full(Exception):
    """The serialiser wrote more than the buffer admits."""


class _Buffer:
    """A write target that keeps what it is given and stops the writer at ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _Full
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""

    def value(self) -> bytes:
        return b"".join(self.parts)


def _capped_again(solutions, media: str, cap: int) -> tuple[bytes, bool, int]:
    names = [v.value for v in solutions.variables]
    lines = ["\t".join("?" + n for n in names)]
    count = 0
    width = range(len(names))
    for solution in islice(solutions, cap + 1):
        count += 1
        if count > cap:
            break
        lines.append("\t".join("" if (t := solution[i]) is None else str(t) for i in width))
    truncated = count > cap
    table = ("\n".join(lines) + "\n").encode()
    body = ox.parse_query_results(table, ox.QueryResultsFormat.TSV).serialize(format=RESULT_FORMATS[media])
    if truncated and media == SRJ:
        # the JSON says so too (clients ignore unknown top-level keys)
        body = body[:-1] + b',"truncated":true,"maxRows":%d}' % cap
    return body, truncated, min(count, cap)


def solutions_bytes(run: Callable[[], "ox.QuerySolutions"], media: str,
                    cap: int) -> tuple[bytes, bool, int | None]:
    """SELECT results in ``media``, at most ``cap`` rows: ``(body, truncated, rows)``.

    ``run`` runs the query and returns its solutions; it is called a second time only
    when the answer reaches the size where it might hold more than ``cap`` rows.
    ``rows`` is the number of rows when they were counted, else None.
    """
    buffer = _Buffer((cap + 1) * _LEAST_ROW_BYTES[media])
    try:
        run().serialize(buffer, RESULT_FORMATS[media])
        return buffer.value(), False, None
    except _Full:
        pass
    return _capped_again(run(), media, cap)


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


def triples_bytes(triples: Iterable, media: str, cap: int,
                  prefixes: dict[str, str] | None = None) -> tuple[bytes, bool, int]:
    """CONSTRUCT / DESCRIBE triples in ``media``, at most ``cap``: ``(body, truncated, count)``."""
    counted = _Counted(triples, cap)
    fmt = RDF_FORMATS[media]
    use = prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(counted, format=fmt, prefixes=use)
    return body, counted.truncated, counted.count
