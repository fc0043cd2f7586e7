"""Writes that carry their record: the PROV-O log of accepted writes (the graph
``https://w3id.org/igel/graph/writes``), kept append-only, and applied in the same
transaction as the data it records.

* :func:`protect_log` refuses (403), before anything runs, every SPARQL Update
  operation that names the log as a target (``DROP``/``CLEAR``/``CREATE`` of it, ``WITH``
  it, ``MOVE`` out of it, ``ADD``/``COPY`` into it, data or templates in it). Operations
  that reach it without naming it (``DROP ALL``, ``CLEAR NAMED``, ``GRAPH ?g``
  templates) run, and the same transaction puts the log back as it was (so the SPARQL
  protocol's ``CLEAR ALL`` still works). It returns the graphs the update can change.
* :func:`refuse_log_target` refuses Graph Store writes and uploads into the log graph.
* :func:`write_graph` and :func:`run_update` send the data change and its PROV record as
  **one** SPARQL update, which Oxigraph (and a remote server) applies as one transaction:
  after a crash, a write is either present with its record or absent.
* :func:`changed_graphs` compares the graphs an update could change before and after it.

Kept free of web imports apart from the problem types.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from pyparsing import ParseBaseException
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.plugins.sparql.algebra import translatePName, translatePrologue
from rdflib.plugins.sparql.parser import parseUpdate

from igel_graph.errors import IgelError, QuerySyntaxError
from igel_graph.namespaces import Graphs, resource
from igel_graph.store.base import GraphResult, SelectResult, Store

from .problems import Conflict, Forbidden, NotFound

__all__ = [
    "Record",
    "Scope",
    "new_record",
    "protect_log",
    "refuse_log_target",
    "write_graph",
    "run_update",
    "graph_state",
    "changed_graphs",
    "add_generated",
    "record_update",
    "LOG",
]

#: the PROV log graph; only the API's own records go into it
LOG = Graphs.WRITES
#: graphs larger than this are compared by size only in :func:`graph_state` (a content
#: fingerprint reads every triple: about 1 s per 100k)
FINGERPRINT_MAX = 200_000


def _log_refusal(what: str) -> Forbidden:
    return Forbidden(
        f"{what}: the write log <{LOG}> is append-only; it records every accepted "
        "write and only the server adds to it.",
        hint="Read it at /rdf-graphs?graph=" + str(LOG) + " or with GRAPH in /sparql.",
    )


def refuse_log_target(graph: URIRef) -> None:
    """Raise :class:`Forbidden` (403) if ``graph`` is the write log."""
    if URIRef(graph) == LOG:
        raise _log_refusal("This graph cannot be written through the API")


@dataclass(frozen=True)
class Record:
    """A PROV activity of one write: its IRI and its triples as N-Triples text."""

    activity: URIRef
    ntriples: str


def new_record(*, who: str, action: str, graphs: list[URIRef], detail: str = "") -> Record:
    """The PROV-O record of a write: activity ``id:write/<uuid>``, its agent ``who``,
    start and end time (the write is one transaction), what was done, and the graphs it
    generated (``graphs``; for an update they are added by :func:`add_generated` once its
    effect is known)."""
    now = Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    activity = resource("write", str(uuid.uuid4()))
    agent = resource("agent", who)
    g = Graph()
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"Schreibzugriff: {action}", lang="de")))
    g.add((activity, RDFS.label, Literal(f"Write: {action}", lang="en")))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.startedAtTime, now))
    g.add((activity, PROV.endedAtTime, now))
    g.add((activity, DCTERMS.type, Literal(action)))
    if detail:
        g.add((activity, DCTERMS.description, Literal(detail[:2000])))
    for graph in graphs:
        g.add((activity, PROV.generated, graph))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(who)))
    return Record(activity, g.serialize(format="nt"))


def _insert_record(record: Record) -> str:
    return f"INSERT DATA {{ GRAPH {LOG.n3()} {{\n{record.ntriples}\n}} }}"


def record_update(record: Record) -> str:
    """The SPARQL update that appends ``record`` to the log, for a caller that runs it in
    the same transaction as its own data change (the monitoring writes)."""
    return _insert_record(record)


def _iri(value) -> URIRef | None:
    return value if isinstance(value, URIRef) else None


@dataclass
class Scope:
    """Which named graphs an update can change: ``targets`` by name; ``open`` when it can
    reach graphs it does not name (``DROP ALL``, ``CLEAR NAMED``, a template or
    ``DELETE WHERE`` with ``GRAPH ?g``), the write log among them."""

    targets: set = field(default_factory=set)
    open: bool = False


def protect_log(text: str) -> Scope:
    """Refuse an update that names the write log as a target (403); say which graphs it
    can change (the default graph, which holds no data here, left out).

    An *open* update (see :class:`Scope`) is not refused: :func:`run_update` restores
    the log in the same transaction, so ``DROP ALL`` empties every graph but the log.
    Raises :class:`QuerySyntaxError` for a text rdflib cannot parse. Only the graph names
    of the parse tree are resolved (rdflib's full algebra translation takes time
    quadratic in the size of an ``INSERT DATA``: 15 s for 1,000 triples).
    """
    try:
        parsed = parseUpdate(text)
    except ParseBaseException as exc:
        raise QuerySyntaxError(
            str(getattr(exc, "msg", exc)),
            source="SPARQL update",
            line=getattr(exc, "lineno", None),
            column=getattr(exc, "col", None),
        ) from None
    scope = Scope()
    prologue = None
    for declarations, op in zip(_get(parsed, "prologue") or [], _get(parsed, "request") or []):
        try:
            prologue = translatePrologue(declarations, None, prologue=prologue)
        except Exception as exc:  # noqa: BLE001 - rdflib raises plain Exceptions (unknown prefix)
            raise QuerySyntaxError(str(exc), source="SPARQL update") from None
        _op_targets(op, lambda term: _resolve(term, prologue), scope)
    return scope


def _get(node, key):
    """``node[key]`` or None (a CompValue's own ``get`` answers a missing key with the key)."""
    return node[key] if key in node else None


def _resolve(term, prologue):
    """A graph term of the parse tree as an IRI (prefixed names and relative IRIs
    resolved), a Variable, or the keyword (``ALL``, ``NAMED``, ``DEFAULT``)."""
    if isinstance(term, (Variable, str)) and not isinstance(term, URIRef):
        return term
    try:
        return translatePName(term, prologue)
    except Exception as exc:  # noqa: BLE001 - an undeclared prefix
        raise QuerySyntaxError(str(exc), source="SPARQL update") from None


def _op_targets(op, resolve, scope: Scope) -> None:
    """Add the graphs one update operation can change to ``scope``; raise if it names the
    log as a target."""
    name = op.name
    targets = scope.targets
    if name in ("Drop", "Clear", "Create"):
        graph = resolve(_get(op, "graphiri"))
        if graph in ("ALL", "NAMED"):
            scope.open = True
        if graph == LOG:
            raise _log_refusal(f"{name.upper()} GRAPH <{LOG}> is refused")
        if isinstance(graph, URIRef):
            targets.add(graph)
    elif name in ("Add", "Move", "Copy"):
        source, target = (resolve(g) for g in op["graph"])
        if target == LOG or (name == "Move" and source == LOG):
            raise _log_refusal(f"{name.upper()} touching <{LOG}> is refused")
        targets |= {g for g in (target, source if name == "Move" else None) if isinstance(g, URIRef)}
    elif name in ("InsertData", "DeleteData", "DeleteWhere"):
        keyword = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE"}[name]
        _template_targets(_get(op, "quads"), resolve, keyword, scope)
    elif name == "Modify":
        with_graph = resolve(_get(op, "withClause")) if _get(op, "withClause") is not None else None
        if with_graph == LOG:
            raise _log_refusal(f"WITH <{LOG}> is refused")
        for clause in ("delete", "insert"):
            part = _get(op, clause)
            if part is None:
                continue
            quads = _get(part, "quads")
            _template_targets(quads, resolve, clause.upper(), scope)
            if quads is not None and _get(quads, "triples") and isinstance(with_graph, URIRef):
                targets.add(with_graph)


def _template_targets(quads, resolve, what: str, scope: Scope) -> None:
    for block in (_get(quads, "quadsNotTriples") or []) if quads is not None else []:
        graph = resolve(block["term"])
        if isinstance(graph, Variable):
            scope.open = True  # the variable may be bound to any graph, the log too
        elif graph == LOG:
            raise _log_refusal(f"{what} in GRAPH <{LOG}> is refused")
        else:
            scope.targets.add(graph)


def write_graph(store: Store, graph: URIRef, ntriples: str, record: Record, *, replace: bool) -> None:
    """Add ``ntriples`` to ``graph`` (or replace its content) and append ``record`` to the
    log in one transaction (one SPARQL update).

    A remote store registers the graphs it loads itself, so there the data goes through
    :meth:`Store.load` and the record follows in a second request.
    """
    if store.kind == "sparql":
        store.load(ntriples.encode("utf-8"), graph, format="nt", replace=replace)
        store.update(_insert_record(record))
        return
    parts = [f"DROP SILENT GRAPH {graph.n3()}"] if replace else []
    if ntriples.strip():
        parts.append(f"INSERT DATA {{ GRAPH {graph.n3()} {{\n{ntriples}\n}} }}")
    parts.append(_insert_record(record))
    store.update(" ;\n".join(parts))


def drop_graph(store: Store, graph: URIRef, record: Record) -> None:
    """Drop ``graph`` and append ``record`` in one transaction."""
    store.update(f"DROP SILENT GRAPH {graph.n3()} ;\n{_insert_record(record)}")


def run_update(store: Store, text: str, record: Record, *, restore_log: bool = False) -> None:
    """Run the user's update ``text`` and append ``record`` in one transaction.

    With ``restore_log`` (an open update, see :class:`Scope`), the same transaction then
    puts the log back as it was before, plus ``record``: whatever ``DROP ALL`` or a
    ``GRAPH ?g`` template did to it is undone before anyone can see it.

    The engine's own refusals (``CREATE`` of a graph that exists, ``DROP`` of one that
    does not, without ``SILENT``) become 409 / 404 / 400 with its message; the update then
    changed nothing.
    """
    record_op = _insert_record(record)
    if restore_log:
        old = store.graph(LOG).serialize(format="nt")
        record_op = (
            f"DROP SILENT GRAPH {LOG.n3()} ;\nINSERT DATA {{ GRAPH {LOG.n3()} {{\n{old}\n{record.ntriples}\n}} }}"
        )
    # The user's text may end in ';' (allowed) or in a comment: try the joining that
    # keeps it valid; a syntax error is raised before anything is written.
    try:
        try:
            store.update(f"{text}\n;\n{record_op}")
        except QuerySyntaxError:
            store.update(f"{text}\n{record_op}")
    except IgelError:
        raise
    except (RuntimeError, ValueError) as exc:
        message = str(exc)
        if "already exists" in message:
            raise Conflict(
                f"The update changed nothing: {message}.", hint="Use CREATE SILENT GRAPH to ignore a graph that exists."
            ) from None
        if "does not exist" in message:
            raise NotFound(
                f"The update changed nothing: {message}.",
                hint="Use DROP SILENT / CLEAR SILENT to ignore a missing graph.",
            ) from None
        raise IgelError(f"The update failed and changed nothing: {message}.") from None


def add_generated(store: Store, record: Record, graphs: list[URIRef]) -> None:
    """Complete ``record`` with the graphs the write changed (known only afterwards)."""
    if graphs:
        triples = " ".join(f"{record.activity.n3()} {PROV.generated.n3()} {g.n3()} ." for g in graphs)
        store.update(f"INSERT DATA {{ GRAPH {LOG.n3()} {{ {triples} }} }}")


def graph_state(store: Store, graphs: set[URIRef]) -> dict[URIRef, tuple[int, bytes | None]]:
    """Size and content fingerprint of each of ``graphs`` (fingerprint None above
    :data:`FINGERPRINT_MAX` triples, where only the size is compared)."""
    state = {}
    for graph in graphs:
        res = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
        assert isinstance(res, SelectResult)
        size = int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0
        digest = None
        if size <= FINGERPRINT_MAX:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
            assert isinstance(triples, GraphResult)
            acc = 0
            for s, p, o in triples.triples:  # order-free: XOR of the triples' hashes
                line = f"{s.n3()} {p.n3()} {o.n3()}".encode("utf-8")
                acc ^= int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
            digest = acc.to_bytes(16, "big")
        state[graph] = (size, digest)
    return state


def changed_graphs(before: dict, after: dict) -> list[URIRef]:
    """The graphs whose size or content differs between two :func:`graph_state` s."""
    return sorted(g for g in set(before) | set(after) if before.get(g) != after.get(g))
