"""Import a plan workbook into the store as a new version of the plan.

Read and check the workbook (every problem with sheet, row and column), match its
actors to those already in the graph, turn it into RDF, validate that with the SHACL
shapes together with the rest of the store, and only then write, in one SPARQL Update:
the plan's graph replaced by the new version, and the version record added. When
anything is wrong nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ..namespaces import ID_BASE, IGEL
from ..tabular import ErrorCollector, TableError, TableErrors
from . import versions as V
from .rdf import actor_iri, to_graph, without_reifications
from .reader import Workbook, read_workbook

__all__ = ["ImportResult", "import_workbook", "match_actors", "check_workbook"]


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    plan: URIRef
    graph: URIRef
    version: int
    label: str
    triples: int
    matches: list[str] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict:
        """Plain data for a JSON answer."""
        return {
            "plan": str(self.plan),
            "graph": str(self.graph),
            "version": self.version,
            "label": self.label,
            "triples": self.triples,
            "actor_matches": self.matches,
            "written": self.written,
        }


_ACTORS = """
PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?a WHERE { ?a a ?t . ?t rdfs:subClassOf* igel:Actor . FILTER(isIRI(?a)) }
"""


def _actor_facts(store, graphs: list[URIRef]) -> dict[URIRef, tuple[set[str], set[str]]]:
    """Existing actors (outside ``graphs``' complement) → (names casefolded, sameAs IRIs)."""
    facts: dict[URIRef, tuple[set[str], set[str]]] = {}
    if not graphs:
        return facts
    ontology_graph = [g for g in store.graphs() if str(g).endswith("/ontology")]
    rows = store.query(_ACTORS, default_graph=graphs + ontology_graph)
    actors = {a for (a,) in rows}
    if not actors:
        return facts
    q = """SELECT ?a ?p ?o WHERE { VALUES ?p { <%s> <%s> <%s> } ?a ?p ?o }""" % (RDFS.label, SKOS.altLabel, OWL.sameAs)
    for a, p, o in store.query(q, default_graph=graphs):
        if a not in actors:
            continue
        names, same = facts.setdefault(a, (set(), set()))
        (same if p == OWL.sameAs else names).add(str(o) if p == OWL.sameAs else str(o).casefold())
    for a in actors:
        facts.setdefault(a, (set(), set()))
    return facts


def match_actors(store, book: Workbook, plan: URIRef, errors: ErrorCollector) -> tuple[dict[str, URIRef], list[str]]:
    """Match the workbook's actors to actors already in the graph (outside this plan's
    own graphs): by the same IRI, a shared external identifier (``owl:sameAs``), or a
    name equal to a label or alternative label. Returns the matches (workbook id →
    existing IRI) and one sentence per match; an actor whose name fits several existing
    actors is an error (give its id to choose)."""
    from ..validate import ASSERTED_EXCLUDED

    own = {V.plan_graph(plan), V.versions_graph(plan)}
    graphs = [g for g in store.graphs() if g not in ASSERTED_EXCLUDED and g not in own]
    facts = _actor_facts(store, graphs)
    matches: dict[str, URIRef] = {}
    said: list[str] = []
    for r in book.rows("actors"):
        ident = r["id"]
        where = f"Sheet 'actors', row {r.row}"
        mine = actor_iri(ident)
        if mine in facts:
            matches[ident] = mine
            said.append(f"{where}: actor '{ident}' is the existing <{mine}> (same identifier)")
            continue
        shared = [a for a, (_, same) in facts.items() if same & set(r["identifiers"] or [])]
        if len(shared) == 1:
            matches[ident] = shared[0]
            said.append(f"{where}: actor '{ident}' is the existing <{shared[0]}> (same external identifier)")
            continue
        names = {n.casefold() for n in [r["name_de"], r["name_en"]] if n}
        names |= {n.rpartition("@")[0].casefold() if "@" in n else n.casefold() for n in r["alt_names"] or []}
        by_name = sorted(a for a, (labels, _) in facts.items() if labels & names)
        if len(by_name) == 1:
            matches[ident] = by_name[0]
            said.append(f"{where}: actor '{ident}' is the existing <{by_name[0]}> (same name)")
        elif len(by_name) > 1:
            errors.add(
                r.cell("name_de").error(
                    "matches several existing actors by name ("
                    + ", ".join(str(a).removeprefix(ID_BASE + "actor/") for a in by_name)
                    + ") — write the id of the one you mean in column id"
                )
            )
    return matches, said


def _where(graph: Graph, focus) -> tuple[str | None, int | None]:
    """The sheet and row a resource came from (its workbook row passage)."""
    for passage in [focus, *graph.objects(focus, IGEL.sourcePassage)]:
        for section in graph.objects(passage, IGEL.section):
            text = str(section)
            if "!" in text and str(passage).startswith(ID_BASE + "source/workbook/"):
                sheet, _, row = text.partition("!")
                return sheet, int(row)
    return None, None


def check_workbook(
    store, path: str | Path, *, plan: URIRef | None = None, version_label: str | None = None
) -> tuple[Graph, ImportResult, Graph]:
    """Everything an import does short of writing: returns the new version's graph, the
    result (``written`` False) and the version record. Raises :class:`TableErrors` for
    any problem, SHACL violations included (mapped to sheet and row)."""
    from ..errors import UsageError
    from ..namespaces import Graphs
    from ..validate import ASSERTED_EXCLUDED, describe_result, validate_with_context

    path = Path(path)
    book = read_workbook(path)
    if Graphs.VOCABULARIES not in store.graphs():
        raise UsageError(
            "The store has no vocabularies (quarters, themes, ...) to check the workbook against",
            hint="Build it first: igel build",
        )
    (plan_row,) = book.rows("plan")
    plan = plan or URIRef(ID_BASE + "plan/" + plan_row["id"])
    known = V.versions(store, plan)
    number = known[-1].number + 1 if known else 1
    label = version_label or str(number)
    if any(v.label == label for v in known):
        raise TableErrors(
            [
                TableError(
                    None, None, None, label, "is already a version label of this plan — choose another with --version"
                )
            ]
        )
    errors = ErrorCollector()
    matches, said = match_actors(store, book, plan, errors)
    errors.raise_if_any()
    own = {V.plan_graph(plan), V.versions_graph(plan)}
    documents = _documents(store, own)
    graph = to_graph(book, plan, version=number, version_label=label, actors=matches, documents=documents)
    context = [store.graph(g) for g in store.graphs() if g not in ASSERTED_EXCLUDED and g not in own]
    ontology = next((store.graph(g) for g in store.graphs() if str(g).endswith("/ontology")), None)
    # the statements' reifications (row and column of each) are not what the shapes check
    report = validate_with_context(without_reifications(graph), context, ontology=ontology)
    if not report.conforms:
        problems = []
        for violation in report.results:
            sheet, row = _where(graph, violation["focus"])
            problems.append(
                TableError(
                    sheet, row, None, None, f"{describe_result(violation)} — correct the row so that the plan is valid"
                )
            )
        raise TableErrors(problems)
    issued = datetime.now(timezone.utc).replace(microsecond=0)
    previous = known[-1].iri if known else None
    rec = V.record(plan, number, label, issued, previous, path.name, graph)
    result = ImportResult(plan, V.plan_graph(plan), number, label, len(graph), said)
    return graph, result, rec


def _documents(store, exclude: set[URIRef]) -> dict[str, URIRef]:
    """Existing source documents (outside the graphs ``exclude``) by their labels, to
    reuse their IRIs."""
    graphs = [g for g in store.graphs() if g not in exclude]
    if not graphs:
        return {}
    rows = store.query(
        "SELECT ?d ?l WHERE { ?d a <%s> ; <%s> ?l }" % (IGEL.SourceDocument, RDFS.label),
        default_graph=graphs,
    )
    found: dict[str, URIRef] = {}
    for d, label in rows:
        if isinstance(d, URIRef) and not str(d).startswith(ID_BASE + "source/workbook/"):
            found.setdefault(str(label), d)
    return found


def import_workbook(
    store, path: str | Path, *, plan: URIRef | None = None, version_label: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Import the workbook at ``path`` as the next version of its plan (``plan`` overrides
    the plan sheet's id). With ``dry_run`` everything is checked and nothing written.
    Raises :class:`TableErrors` (exit code 2, HTTP 422) listing every problem; then the
    store is unchanged."""
    graph, result, rec = check_workbook(store, path, plan=plan, version_label=version_label)
    if dry_run:
        return result
    target, history = V.plan_graph(result.plan), V.versions_graph(result.plan)
    # the current graph replaced and the record added, all or nothing (on every backend)
    store.write_graphs({target: (graph, True), history: (rec, False)})
    result.written = True
    return result
