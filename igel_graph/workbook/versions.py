"""Versions of an imported plan.

Every import of a plan is a version: ``id/plan/P/version/N``, a ``prov:Entity`` that
``dcterms:isVersionOf`` the plan, with ``dcterms:issued``, a label (``owl:versionInfo``),
``prov:wasRevisionOf`` the version before, and its complete statements as an N-Triples
snapshot (``rdf:value``, in chunks of whole lines: :func:`snapshot_chunks`). The records and snapshots live in the plan's versions graph
``graph/workbook-versions/P``; the *current* version (the latest) is also the plan's own
named graph ``graph/source/workbook/P``, which is what every view, query and the
analysis read.

Why snapshots rather than one live named graph per version: the default graph of every
query is the union of all named graphs (docs/ARCHITECTURE.md, "Named graphs"), so an
older version kept as a graph would show its removed measures and old starts in every
view. A snapshot is read back only when asked for (diff, ``?version=``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from ..errors import UsageError
from ..namespaces import GRAPH_BASE, ID_BASE

__all__ = [
    "Version",
    "UnknownVersion",
    "plan_graph",
    "versions_graph",
    "versions",
    "version_graph",
    "resolve",
    "find_version",
    "imported_plans",
    "plan_iri",
    "plan_slug",
]


class UnknownVersion(UsageError):
    """No imported plan has a version of that name (404 for ``?version=``)."""

    http_status = 404


@dataclass(frozen=True)
class Version:
    """One version of a plan: IRI, number, label, when it was issued, the version it
    revises, and the file it was imported from."""

    iri: URIRef
    number: int
    label: str
    issued: datetime
    revision_of: URIRef | None
    source: str | None


def plan_slug(plan: URIRef) -> str:
    """The plan's short name (the last segment of its IRI)."""
    return str(plan).rstrip("/").rsplit("/", 1)[-1]


def plan_iri(text: str) -> URIRef:
    """A plan given as a full IRI, ``id:plan/P`` or a bare short name ``P``.

    >>> plan_iri("igel-2026-2030")
    rdflib.term.URIRef('https://w3id.org/igel/id/plan/igel-2026-2030')
    """
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    if text.startswith("id:"):
        return URIRef(ID_BASE + text[3:])
    if "/" in text or not text:
        raise UsageError(f"'{text}' is not a plan", hint="Give its IRI or its short name, e.g. igel-2026-2030.")
    return URIRef(ID_BASE + "plan/" + text)


def plan_graph(plan: URIRef) -> URIRef:
    """The named graph holding the current version of ``plan``: a source graph
    (``graph/source/workbook/P``), so that the analysis reads it like the hand-written
    sources (igel_graph.analysis.facts.statement_graphs)."""
    return URIRef(GRAPH_BASE + "source/workbook/" + plan_slug(plan))


def versions_graph(plan: URIRef) -> URIRef:
    """The named graph holding the version records and snapshots of ``plan``
    (``graph/workbook-versions/P``, outside the source graphs)."""
    return URIRef(GRAPH_BASE + "workbook-versions/" + plan_slug(plan))


def version_iri(plan: URIRef, number: int) -> URIRef:
    """The IRI of version ``number`` of ``plan``."""
    return URIRef(f"{plan}/version/{number}")


_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?v ?label ?issued ?prev ?source WHERE {
  GRAPH ?g { ?v dcterms:isVersionOf ?plan ; owl:versionInfo ?label ; dcterms:issued ?issued .
    OPTIONAL { ?v prov:wasRevisionOf ?prev } OPTIONAL { ?v dcterms:source ?source } }
}
"""


def versions(store, plan: URIRef) -> list[Version]:
    """The versions of ``plan`` in the store, oldest first (``[]`` if never imported)."""
    graph = versions_graph(plan)
    if graph not in store.graphs():
        return []
    rows = store.query(_QUERY, {"plan": plan, "g": graph})
    found = []
    for v, label, issued, prev, source in rows:
        number = int(str(v).rsplit("/", 1)[-1])
        found.append(Version(v, number, str(label), issued.toPython(), prev, str(source) if source else None))
    return sorted(found, key=lambda v: v.number)


def resolve(store, plan: URIRef, text: str | None, *, default: str = "current") -> Version:
    """The version of ``plan`` named ``text``: its number, its label, ``current`` or
    ``previous``; ``None`` means ``default``. A :class:`UsageError` if there is none."""
    known = versions(store, plan)
    if not known:
        raise UsageError(f"<{plan}> has no imported versions", hint="Import a workbook first: igel import FILE.xlsx")
    wanted = text or default
    if wanted == "current":
        return known[-1]
    if wanted == "previous":
        if len(known) < 2:
            raise UsageError(f"<{plan}> has only one version", hint="Import the edited workbook as a second version.")
        return known[-2]
    for version in known:
        if wanted in {str(version.number), version.label, str(version.iri)}:
            return version
    names = ", ".join(f"{v.number} ({v.label})" for v in known)
    raise UsageError(f"<{plan}> has no version '{wanted}'", hint=f"Its versions: {names}.")


_PLANS = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?plan WHERE { GRAPH ?g { ?v dcterms:isVersionOf ?plan } }
"""


def imported_plans(store) -> list[URIRef]:
    """The plans that were imported from a workbook (they have versions), by IRI."""
    return sorted({p for (p,) in store.query(_PLANS) if isinstance(p, URIRef)}, key=str)


def find_version(store, text: str, plan: URIRef | None = None) -> tuple[URIRef, Version]:
    """The plan and version named ``text`` (a version IRI, a label, a number, or
    ``current``) among the imported plans, or of ``plan`` only when given.

    Raises :class:`UnknownVersion` (404) naming the known versions when none fits, and a
    :class:`UsageError` (400) when a label or number fits versions of several plans."""
    plans = [plan] if plan is not None else imported_plans(store)
    by_plan = {p: versions(store, p) for p in plans}
    known = [(p, v) for p, vs in by_plan.items() for v in vs]
    wanted = text.strip()
    if wanted.startswith("<") and wanted.endswith(">"):
        wanted = wanted[1:-1]
    if wanted == "current":
        found = [(p, vs[-1]) for p, vs in by_plan.items() if vs]
    else:
        found = [(p, v) for p, v in known if wanted == str(v.iri)]
        found = found or [(p, v) for p, v in known if wanted == v.label]
        found = found or [(p, v) for p, v in known if wanted == str(v.number)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            f"The version '{wanted}' is ambiguous: " + ", ".join(f"<{v.iri}>" for _, v in found),
            hint="Give the version's IRI.",
        )
    where = f" of <{plan}>" if plan is not None else ""
    names = "; ".join(f"{plan_slug(p)}: {v.label} <{v.iri}>" for p, v in known) or "none (no plan was imported)"
    raise UnknownVersion(f"There is no version '{wanted}'{where}. Known versions: {names}.")


def version_graph(store, plan: URIRef, version: Version) -> Graph:
    """The statements of ``version`` of ``plan`` (parsed from its snapshot)."""
    rows = store.query(
        "SELECT ?value WHERE { GRAPH ?g { ?v ?p ?value } }",
        {"g": versions_graph(plan), "v": version.iri, "p": RDF.value},
    )
    graph = Graph()
    for (value,) in rows:
        graph.parse(data=str(value), format="nt")
    return graph


def record(
    plan: URIRef, number: int, label: str, issued: datetime, previous: URIRef | None, source: str, snapshot: Graph
) -> Graph:
    """The version record of a new version (with its snapshot) as a graph."""
    graph = Graph()
    v = version_iri(plan, number)
    graph.add((v, RDF.type, PROV.Entity))
    graph.add((v, DCTERMS.isVersionOf, plan))
    graph.add((v, OWL.versionInfo, Literal(label)))
    graph.add((v, DCTERMS.issued, Literal(issued)))
    graph.add((v, DCTERMS.source, Literal(source)))
    if previous is not None:
        graph.add((v, PROV.wasRevisionOf, previous))
    for chunk in snapshot_chunks(snapshot):
        graph.add((v, RDF.value, Literal(chunk)))
    return graph


#: characters of one snapshot literal: Virtuoso's Graph Store rejects a body holding a
#: line of about 100 kB ("unsupported type text/plain"); 64 kB lines still pass
CHUNK = 16_000


def snapshot_chunks(snapshot: Graph, size: int = CHUNK) -> list[str]:
    """The N-Triples of ``snapshot`` as texts of whole lines, each at most ``size``
    characters unless one line alone is longer (:func:`version_graph` parses them all).

    >>> g = Graph().add((URIRef("urn:a"), RDF.value, Literal("x")))
    >>> [chunk.split()[-2] for chunk in snapshot_chunks(g)]
    ['"x"']
    """
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for line in sorted(snapshot.serialize(format="nt").splitlines(keepends=True)):
        if not line.strip():
            continue
        if current and length + len(line) > size:
            chunks.append("".join(current))
            current, length = [], 0
        current.append(line)
        length += len(line)
    if current:
        chunks.append("".join(current))
    return chunks
