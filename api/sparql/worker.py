"""The worker process that runs public SPARQL queries.

Each worker is a separate OS process, so a query that runs too long is stopped for real:
the pool kills the process and starts another (:mod:`api.sparql.pool`); a worker that
crashes (the engine aborting on some input) costs only the query it was running. A
worker opens the data read-only (:class:`WorkerSpec`), then answers :class:`QueryJob`
messages on its socket (:mod:`.frames`): it vets the query (:mod:`.safety`), negotiates
the result format, runs the query, caps the rows, and sends back the serialised bytes
(:class:`QueryOutput`). On an Oxigraph store the bytes come from pyoxigraph's own
serialisers (:mod:`.results`); the server passes them through untouched.

Messages (tuples): ``("open", spec)`` -> ``("ready", graph count)``; ``("close",)`` ->
``("closed",)``; ``("query", job)`` -> ``("ok", QueryOutput)`` or ``("error", payload)``.
A new worker first sends ``("hello",)``.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field
from typing import Any

__all__ = ["WorkerSpec", "QueryJob", "QueryOutput", "worker_main", "error_payload", "EMPTY_GRAPH"]

#: a graph name that is never used: stands for "no graphs" in an explicit dataset
EMPTY_GRAPH = "urn:x-igel:no-graph"
#: how much lower a worker's CPU priority is than the server's (nice increment)
_NICE = 5
#: query texts whose passing verdict a worker keeps, and the longest text kept
VERDICTS_KEPT = 512
VERDICT_MAX_CHARS = 16_384


@dataclass(frozen=True)
class WorkerSpec:
    """How a worker opens the data.

    ``kind``: ``oxigraph`` (``path`` opened read-only), ``snapshot`` (``graphs``: graph IRI
    -> N-Triples text, loaded into an rdflib memory store) or ``remote`` (``settings`` of
    a SPARQL endpoint, opened with ``open_store``).
    """

    kind: str
    path: str | None = None
    graphs: dict[str, str] = field(default_factory=dict)
    settings: Any = None
    allowed_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryJob:
    """One query: its text, the protocol dataset (None: the query's own FROM clauses or
    the union of all graphs), the client's ``Accept`` header or chosen media type, the
    base IRI for relative IRIs, and the row cap."""

    query: str
    #: both None, or both given (a protocol or FROM dataset lists exactly its graphs)
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    accept: str | None = None
    #: a format name of :mod:`igel_graph.formats` (``?format=``); None: negotiate ``accept``
    format: str | None = None
    base_iri: str = "http://127.0.0.1/sparql"
    max_rows: int = 10_000
    #: the text itself returns at most ``max_rows`` rows (a LIMIT the server wrote, as in
    #: a page of a named query): serialised without the row cap's size check
    capped: bool = False


@dataclass(frozen=True)
class QueryOutput:
    """A serialised answer: its media type, bytes and query form; ``truncated`` when the
    row cap cut it; ``rows`` the number of rows or triples when they were counted."""

    media_type: str
    body: bytes
    form: str
    truncated: bool = False
    rows: int | None = None


def error_payload(exc: BaseException) -> dict:
    """An error as plain data the pool can rebuild (exceptions with keyword-only
    constructor arguments do not survive pickling)."""
    from igel_graph.errors import IgelError

    if isinstance(exc, IgelError):
        return {
            "cls": type(exc).__name__,
            "module": type(exc).__module__,
            "message": exc.message,
            "hint": exc.hint,
            "status": exc.http_status,
            "line": getattr(exc, "line", None),
            "column": getattr(exc, "column", None),
        }
    from igel_graph.sparql_guard import engine_failure

    # never the engine's own text: it can repeat what another service answered
    return {
        "cls": "IgelError",
        "module": "igel_graph.errors",
        "status": 500,
        "line": None,
        "column": None,
        "message": engine_failure(exc).message,
        "hint": None,
    }


# ---------------------------------------------------------------- the data, read-only


class _OxigraphReader:
    """An Oxigraph store on disk opened read-only (several processes may do so while
    the server holds it open for writing); answers are serialised by pyoxigraph."""

    def __init__(self, path: str):
        import pyoxigraph

        from igel_graph.namespaces import PREFIXES
        from igel_graph.store.reading import open_read_only

        self._ox = pyoxigraph
        # workers reopen right after each write, when the writer is most likely compacting
        self._store = open_read_only(path)
        self._prefixes = {k: str(v) for k, v in PREFIXES.items()}

    def graphs(self) -> set:
        from rdflib import URIRef

        return {URIRef(g.value) for g in self._store.named_graphs() if hasattr(g, "value")}

    def answer(self, job: QueryJob, fmt, form: str) -> QueryOutput:
        formats, results = _HOT["formats"], _HOT["results"]
        ox, media = self._ox, fmt.media_type
        kwargs: dict = {"base_iri": job.base_iri}
        if job.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs] or [ox.DefaultGraph()]
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or (EMPTY_GRAPH,)]

        # A SELECT answered in JSON is capped by a LIMIT in its text where it can be, and
        # serialised once (results.cap_in_text); anything else is capped while it is written.
        capping = None
        if fmt.name == "json" and form == "SELECT" and not job.capped:
            capping = _HOT["json_caps"]((job.query, job.max_rows))
        try:
            try:
                result = self._store.query(job.query if capping is None else capping[0], **kwargs)
            except SyntaxError:
                if capping is None:
                    raise
                capping = None  # the engine's error is about the text the client wrote
                result = self._store.query(job.query, **kwargs)
        except SyntaxError as exc:
            raise _HOT["sparql_syntax_error"](exc, job.query) from None
        if isinstance(result, ox.QueryBoolean):
            return QueryOutput(media, formats.serialize_ask(_HOT["AskResult"](bool(result)), fmt), form)
        if isinstance(result, ox.QuerySolutions):
            if job.capped:
                return QueryOutput(media, result.serialize(format=results.results_format(fmt)), form)
            if capping is not None:
                body, truncated, rows = results.json_solutions_bytes(
                    result.serialize(format=ox.QueryResultsFormat.JSON), job.max_rows
                )
                return QueryOutput(media, body, form, truncated, rows)
            body, truncated, rows = results.solutions_bytes(result, fmt, job.max_rows)
            return QueryOutput(media, body, form, truncated, rows)
        body, truncated, count = results.triples_bytes(result, fmt, job.max_rows, self._prefixes)
        return QueryOutput(media, body, form, truncated, count)


class _StoreReader:
    """Any :class:`~igel_graph.store.base.Store` (rdflib memory snapshot or remote);
    answers are serialised by :mod:`igel_graph.formats`."""

    def __init__(self, store):
        self._store = store

    def graphs(self) -> set:
        return set(self._store.graphs())

    def answer(self, job: QueryJob, fmt, form: str) -> QueryOutput:
        from rdflib import URIRef

        from igel_graph import formats
        from igel_graph.store.base import AskResult, GraphResult, SelectResult

        limit, media = job.max_rows, fmt.media_type
        # An empty list may read as "not given" to a backend: name a graph that never exists.
        default = [URIRef(g) for g in job.default_graphs or (EMPTY_GRAPH,)] if job.default_graphs is not None else None
        named = [URIRef(g) for g in job.named_graphs or (EMPTY_GRAPH,)] if job.named_graphs is not None else None
        # BASE on the first line keeps the line numbers of any error message right.
        result = self._store.query(f"BASE <{job.base_iri}> " + job.query, default_graph=default, named_graphs=named)
        if isinstance(result, SelectResult):
            truncated = len(result.rows) > limit
            capped = SelectResult(result.vars, result.rows[:limit])
            body = formats.serialize_select(capped, fmt, truncated=truncated, max_rows=limit)
            return QueryOutput(media, body, form, truncated, len(capped.rows))
        if isinstance(result, GraphResult):
            truncated = len(result.triples) > limit
            kept = GraphResult(result.triples[:limit])
            return QueryOutput(media, formats.serialize_graph(kept, fmt), form, truncated, len(kept.triples))
        assert isinstance(result, AskResult)
        return QueryOutput(media, formats.serialize_ask(result, fmt), form)


def _open(spec: WorkerSpec):
    if spec.kind == "oxigraph":
        if spec.path is None:
            raise ValueError("an oxigraph worker needs the store's path")
        return _OxigraphReader(spec.path)
    if spec.kind == "snapshot":
        from rdflib import Graph, URIRef

        from igel_graph.store.memory import MemoryStore

        store = MemoryStore()
        for iri, ntriples in spec.graphs.items():
            g = Graph()
            g.parse(data=ntriples, format="nt")
            store.load(g, URIRef(iri))
        return _StoreReader(store)
    if spec.kind == "remote":
        from igel_graph.store import open_store

        return _StoreReader(open_store(spec.settings))
    raise ValueError(f"unknown worker kind {spec.kind!r}")


# ---------------------------------------------------------------- one query


def _execute(reader, own: set, job: QueryJob) -> QueryOutput:
    """Vet ``job``, negotiate its format and answer it from ``reader``."""
    if not _HOT:
        _load_hot_path()
    check_own_graphs = _HOT["check_own_graphs"]
    info = _HOT["verdicts"](job.query)  # the first wall (refusals raise; api/sparql/memo.py)
    if job.default_graphs is None and job.named_graphs is None:
        check_own_graphs(info.default_graphs, own, "FROM")
        check_own_graphs(info.named_graphs, own, "FROM NAMED")
        if info.has_dataset:
            job = QueryJob(
                **{
                    **job.__dict__,
                    "default_graphs": tuple(info.default_graphs),
                    "named_graphs": tuple(info.named_graphs),
                }
            )
    fmt = _HOT["formats_chosen"]((job.accept, job.format, info.form))
    return reader.answer(job, fmt, info.form)


def _choose_format(key: tuple[str | None, str | None, str]):
    """The format of the result of a query of ``form`` for ``(accept, format name, form)``
    (:func:`igel_graph.negotiation.negotiate`; NotAcceptable when none fits)."""
    accept, name, form = key
    kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else form.lower()
    formats = _HOT["formats"]
    return _HOT["negotiate"](accept, name, formats.formats_for(kind), what=f"A {form} result")


#: what every query uses, imported once per worker (a function-level import costs a
#: lookup in the import system on every call)
_HOT: dict = {}


def _load_hot_path() -> None:
    """Import the engine, scanner, negotiation and serialisers now, not in the first
    query's time budget."""
    import pyoxigraph  # noqa: F401

    from igel_graph import formats
    from igel_graph.negotiation import negotiate
    from igel_graph.store.base import AskResult
    from igel_graph.store.rdfio import sparql_syntax_error

    from . import results
    from .memo import Accepted
    from .safety import check_own_graphs, scan_query

    _HOT.update(
        negotiate=negotiate,
        formats=formats,
        results=results,
        check_own_graphs=check_own_graphs,
        scan_query=scan_query,
        # the first wall's verdicts on texts that passed it (a refused text is checked
        # again each time it comes; api/sparql/memo.py)
        verdicts=Accepted(scan_query, size=VERDICTS_KEPT, max_chars=VERDICT_MAX_CHARS),
        formats_chosen=Accepted(_choose_format, size=256, max_chars=2048),
        AskResult=AskResult,
        sparql_syntax_error=sparql_syntax_error,
        # how a SELECT text is capped for a JSON answer (api/sparql/results.py)
        json_caps=Accepted(lambda key: results.cap_in_text(*key), size=VERDICTS_KEPT, max_chars=VERDICT_MAX_CHARS),
    )


def _guard_network(allowed: tuple[str, ...]) -> None:
    """Refuse outbound connections except to loopback and ``allowed`` hosts: a second
    line behind the query inspection (Python-level only; Oxigraph's own calls are kept
    out by refusing SERVICE before execution)."""
    import ipaddress

    allowed_set = set(allowed)

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect":
            address = args[1]
            host = address[0] if isinstance(address, tuple) else None
            if host is None or host in allowed_set:
                return
            try:
                if ipaddress.ip_address(host).is_loopback:
                    return
            except ValueError:
                pass
            raise PermissionError(f"outbound connection to {host} refused by the query worker")
        if (
            event == "socket.getaddrinfo"
            and args
            and args[0] not in allowed_set
            and args[0] not in ("localhost",)
            and not str(args[0]).startswith("127.")
        ):
            raise PermissionError(f"name lookup of {args[0]} refused by the query worker")

    sys.addaudithook(hook)


def _enter_wall(allowed_hosts: tuple[str, ...]) -> None:
    """The second wall against outbound calls (:mod:`igel_graph.netwall`): the worker
    moves into an empty network namespace first thing, before it opens any data or reads
    any query (its socket pair to the server keeps working). ``allowed_hosts`` is
    non-empty only for a remote store's worker, which needs the network."""
    from igel_graph.netwall import enter_network_wall

    enter_network_wall(tuple(allowed_hosts))


def worker_main(sock, allowed_hosts: tuple[str, ...] = ()) -> None:
    """Entry point of a worker process: serve messages on ``sock`` until it closes.

    ``sock`` is the worker's end of a socket pair (the pool's transport, :mod:`.frames`)
    or a ``multiprocessing`` connection (same messages; used by tests that drive a worker
    by hand)."""
    _enter_wall(allowed_hosts)
    # Queries run at a lower CPU priority than the server process, so that its event loop
    # (health checks, pages, handing out work) is never starved by long queries.
    try:
        os.nice(_NICE)
    except OSError:
        pass
    import rdflib.plugins.sparql

    from . import frames

    # rdflib would fetch FROM graphs from the web; never.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    _guard_network(allowed_hosts)
    _load_hot_path()

    if isinstance(sock, socket.socket):
        sock.setblocking(True)
        receive, send = (lambda: frames.receive(sock)), (lambda m: frames.send(sock, m))
    else:  # a multiprocessing Connection (the same messages, its own framing)
        receive, send = sock.recv, sock.send
    reader, own = None, set()
    try:
        send(("hello",))
    except OSError:  # the server stopped while this worker started
        return
    while True:
        try:
            message = receive()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        kind = message[0]
        reply: tuple[Any, ...]
        try:
            if kind == "open":
                reader = _open(message[1])
                own = reader.graphs()
                reply = ("ready", len(own))
            elif kind == "close":
                reader, own = None, set()
                import gc

                gc.collect()
                reply = ("closed",)
            elif kind == "query":
                if reader is None:
                    raise RuntimeError("worker has no store open")
                reply = ("ok", _execute(reader, own, message[1]))
            else:
                raise ValueError(f"unknown message {kind!r}")
        except Exception as exc:  # noqa: BLE001 - every failure goes back as a message
            reply = ("error", error_payload(exc))
        try:
            send(reply)
        except OSError:
            return
