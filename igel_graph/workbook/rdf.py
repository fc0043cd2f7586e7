"""Turn a checked plan workbook into RDF: the statements of the plan, for every
resource a pointer to the sheet and row it came from (and to the quoted source
sentence where the ``sources`` sheet gives one), and for every statement its
reification naming the row and the CSVW column(s) it was read from (see :func:`_reify`).

IRIs follow the hand-written data (``ontology/data/igel-aktionsplan-2026-2030.ttl``):
``id/plan/P``, ``id/plan/P/field/1``, ``id/plan/P/goal/1.1``,
``id/plan/P/goal/1.1/criterion/1``, ``id/plan/P/measure/1.1.2``, ``id/actor/A``,
``id/plan/P/budget/line/L/2027``; labels are made the same way (number and title).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

from ..namespaces import ID_BASE, IGEL
from .reader import Record, Workbook, parse_item
from .schema import ROLES, actor_classes, code_iri, plan_classes

__all__ = ["PlanIris", "to_graph", "is_provenance", "without_provenance", "without_reifications", "slugify"]


def slugify(text: str) -> str:
    """A short IRI-safe name for ``text``.

    >>> slugify("Aktionsplan IGeL 2026–2030")
    'aktionsplan-igel-2026-2030'
    """
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:60] or hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class PlanIris:
    """The IRIs of one plan's resources."""

    plan: URIRef

    def field(self, number: str) -> URIRef:
        return URIRef(f"{self.plan}/field/{number}")

    def goal(self, number: str) -> URIRef:
        return URIRef(f"{self.plan}/goal/{number}")

    def criterion(self, goal: str, number: str) -> URIRef:
        return URIRef(f"{self.plan}/goal/{goal}/criterion/{number}")

    def measure(self, number: str) -> URIRef:
        return URIRef(f"{self.plan}/measure/{number}")

    @property
    def budget(self) -> URIRef:
        return URIRef(f"{self.plan}/budget")

    def line(self, line: str) -> URIRef:
        return URIRef(f"{self.plan}/budget/line/{line}")

    def observation(self, line: str, year: int) -> URIRef:
        return URIRef(f"{self.plan}/budget/line/{line}/{year}")

    @property
    def slug(self) -> str:
        return str(self.plan).rstrip("/").rsplit("/", 1)[-1]

    def workbook_document(self, version: int) -> URIRef:
        return URIRef(f"{ID_BASE}source/workbook/{self.slug}/version/{version}")

    def row_passage(self, version: int, sheet: str, row: int) -> URIRef:
        return URIRef(f"{ID_BASE}source/workbook/{self.slug}/version/{version}/{sheet}/{row}")


def decimal_lexical(number: Decimal) -> str:
    """The canonical xsd:decimal form of ``number`` (at least one decimal place, as the
    hand-written data writes amounts).

    >>> decimal_lexical(Decimal("100000")), decimal_lexical(Decimal("1250.50"))
    ('100000.0', '1250.5')
    """
    text = format(number.normalize(), "f")
    if "." not in text:
        return text + ".0"
    return text.rstrip("0").rstrip(".") + ("" if text.rstrip("0").rstrip(".") != text.split(".")[0] else ".0")


def actor_iri(ident: str) -> URIRef:
    """The IRI of a workbook actor id: a full IRI as it is, a short name under ``id/actor/``."""
    if ident.startswith(("http://", "https://")):
        return URIRef(ident)
    return URIRef(ID_BASE + "actor/" + ident)


def _both(graph: Graph, subject: URIRef, predicate: URIRef, de: str | None, en: str | None) -> None:
    if de:
        graph.add((subject, predicate, Literal(de, lang="de")))
    if en:
        graph.add((subject, predicate, Literal(en, lang="en")))


def _alt_names(subject: URIRef, names: list[str]) -> list[tuple[URIRef, URIRef, Literal]]:
    """The ``skos:altLabel`` statements of ``subject`` for the names of one cell."""
    # "GSD" is German, "GSD@en" English: the cell keeps one list for both languages
    found = []
    for name in names:
        text, at, lang = name.rpartition("@")
        if at and lang in {"de", "en"} and text:
            found.append((subject, SKOS.altLabel, Literal(text.strip(), lang=lang)))
        else:
            found.append((subject, SKOS.altLabel, Literal(name, lang="de")))
    return found


def statement_iri(passage: URIRef, triple: tuple) -> URIRef:
    """The IRI of the reification of ``triple`` read from the row ``passage``: the row's
    IRI and a digest of the triple (the same triple from the same row, the same IRI)."""
    digest = hashlib.sha1(" ".join(term.n3() for term in triple).encode()).hexdigest()[:12]
    return URIRef(f"{passage}/statement/{digest}")


def _reify(graph: Graph, origin: dict, passage_of: Callable[[str, int], URIRef]) -> None:
    """Trace every statement of the plan to the cells it was read from: its reification
    (``rdf:Statement``, as the curated graph traces its statements) with
    ``prov:wasDerivedFrom`` the row's passage (``igel:sheet``, ``igel:row``) and
    ``igel:column`` each CSVW column name it was read from. Statements the importer makes
    for a row as a whole (the budget data set's structure) name the row only."""
    for triple, rows in origin.items():
        for (sheet, row), columns in rows.items():
            passage = passage_of(sheet, row)
            st = statement_iri(passage, triple)
            graph.add((st, RDF.type, RDF.Statement))
            graph.add((st, RDF.subject, triple[0]))
            graph.add((st, RDF.predicate, triple[1]))
            graph.add((st, RDF.object, triple[2]))
            graph.add((st, PROV.wasDerivedFrom, passage))
            for column in sorted(columns):
                graph.add((st, IGEL.column, Literal(column)))


def to_graph(
    book: Workbook,
    plan: URIRef,
    *,
    version: int,
    version_label: str,
    actors: dict[str, URIRef] | None = None,
    documents: dict[str, URIRef] | None = None,
) -> Graph:
    """The RDF of ``book`` as plan ``plan``, version number ``version``.

    ``actors`` maps workbook actor ids to the IRIs of existing actors they were matched
    to (others get ``id/actor/ID``); ``documents`` maps source document titles to
    existing documents. Every resource has ``igel:sourcePassage`` to a passage naming its
    sheet and row in the workbook (a document of its own per version).
    """
    iris = PlanIris(plan)
    graph = Graph()
    actors = actors or {}
    documents = documents or {}
    document = iris.workbook_document(version)
    name = book.path.name
    graph.add((document, RDF.type, IGEL.SourceDocument))
    _both(
        graph,
        document,
        RDFS.label,
        f"Arbeitsmappe {name}, Version {version_label}",
        f"Workbook {name}, version {version_label}",
    )

    # (triple) -> {(sheet, row): columns it was read from}: reified at the end
    origin: dict[tuple, dict[tuple[str, int], set[str]]] = {}

    def put(record: Record, columns: tuple[str, ...], subject: URIRef, predicate: URIRef, obj) -> None:
        """Add a statement of the plan, read from ``columns`` of ``record``'s row."""
        graph.add((subject, predicate, obj))
        row_passage(record)
        origin.setdefault((subject, predicate, obj), {}).setdefault((record.sheet, record.row), set()).update(columns)

    def both(
        record: Record, subject: URIRef, predicate: URIRef, de: str | None, en: str | None, de_from, en_from
    ) -> None:
        """The German and English value of a statement, each from its own columns."""
        if de:
            put(record, de_from, subject, predicate, Literal(de, lang="de"))
        if en:
            put(record, en_from, subject, predicate, Literal(en, lang="en"))

    def row_passage(record: Record) -> URIRef:
        """The passage of ``record``'s row (made on first use)."""
        passage = iris.row_passage(version, record.sheet, record.row)
        if (passage, RDF.type, IGEL.SourcePassage) not in graph:
            graph.add((passage, RDF.type, IGEL.SourcePassage))
            graph.add((passage, IGEL.inDocument, document))
            where = f"{record.sheet}!{record.row}"
            graph.add((passage, IGEL.section, Literal(where)))
            graph.add((passage, DCTERMS.identifier, Literal(where)))
            graph.add((passage, IGEL.sheet, Literal(record.sheet)))
            graph.add((passage, IGEL.row, Literal(record.row, datatype=XSD.integer)))
            _both(
                graph,
                passage,
                RDFS.label,
                f"Blatt {record.sheet}, Zeile {record.row}",
                f"Sheet {record.sheet}, row {record.row}",
            )
            cells = "; ".join(f"{c.letter} {c.column}={c.text()}" for c in record.source.cells.values() if not c.empty)
            graph.add((passage, IGEL.quote, Literal(cells, lang="de")))
        return passage

    def provenance(subject: URIRef, record: Record) -> None:
        graph.add((subject, IGEL.sourcePassage, row_passage(record)))

    # --- the plan
    (plan_row,) = book.rows("plan")
    put(plan_row, ("type",), plan, RDF.type, plan_classes()[plan_row["type"]])
    both(plan_row, plan, RDFS.label, plan_row["label_de"], plan_row["label_en"], ("label_de",), ("label_en",))
    both(plan_row, plan, DCTERMS.title, plan_row["title_de"], plan_row["title_en"], ("title_de",), ("title_en",))
    provenance(plan, plan_row)
    currency = plan_row["currency"] or "CHF"

    def numbered(subject: URIRef, kind: URIRef, record: Record) -> None:
        put(record, ("number",), subject, RDF.type, kind)
        put(record, ("number",), subject, IGEL.number, Literal(record["number"]))
        title_de, title_en = record["title_de"], record["title_en"]
        both(
            record,
            subject,
            RDFS.label,
            f"{record['number']} {title_de}" if title_de else None,
            f"{record['number']} {title_en}" if title_en else None,
            ("number", "title_de"),
            ("number", "title_en"),
        )
        both(record, subject, DCTERMS.title, title_de, title_en, ("title_de",), ("title_en",))
        both(record, subject, IGEL.text, record["text_de"], record["text_en"], ("text_de",), ("text_en",))
        put(record, ("number",), subject, IGEL.partOfPlan, plan)
        provenance(subject, record)

    for r in book.rows("fields"):
        numbered(iris.field(r["number"]), IGEL.ActionField, r)
    for r in book.rows("goals"):
        goal = iris.goal(r["number"])
        numbered(goal, IGEL.Goal, r)
        put(r, ("field",), goal, IGEL.inActionField, iris.field(r["field"]))
    for r in book.rows("criteria"):
        criterion = iris.criterion(r["goal"], r["number"])
        put(r, ("goal", "number"), criterion, RDF.type, IGEL.EvaluationCriterion)
        put(r, ("number",), criterion, IGEL.number, Literal(r["number"]))
        both(
            r,
            criterion,
            RDFS.label,
            f"Ziel {r['goal']}, Kriterium {r['number']}",
            f"Goal {r['goal']}, criterion {r['number']}",
            ("goal", "number"),
            ("goal", "number"),
        )
        both(r, criterion, IGEL.text, r["text_de"], r["text_en"], ("text_de",), ("text_en",))
        put(r, ("goal", "number"), iris.goal(r["goal"]), IGEL.hasCriterion, criterion)
        provenance(criterion, r)
    for r in book.rows("measures"):
        measure = iris.measure(r["number"])
        numbered(measure, IGEL.Measure, r)
        for goal in r["goal"]:
            put(r, ("goal",), measure, IGEL.contributesTo, iris.goal(goal))
        if r["start"]:
            put(r, ("start",), measure, IGEL.start, code_iri("quarters", r["start"]))
        if r["status"]:
            put(r, ("status",), measure, IGEL.status, code_iri("statuses", r["status"]))
        for kind in r["kind"] or []:
            put(r, ("kind",), measure, IGEL.measureKind, code_iri("measure-kinds", kind))

    # --- actors and roles
    classes = actor_classes()
    for r in book.rows("actors"):
        actor = actors.get(r["id"]) or actor_iri(r["id"])
        put(r, ("type",), actor, RDF.type, classes[r["type"]])
        both(r, actor, RDFS.label, r["name_de"], r["name_en"], ("name_de",), ("name_en",))
        for alt in _alt_names(actor, r["alt_names"] or []):
            put(r, ("alt_names",), *alt)
        for identifier in r["identifiers"] or []:
            put(r, ("identifiers",), actor, OWL.sameAs, URIRef(identifier))
        provenance(actor, r)
    for r in book.rows("roles"):
        actor = actors.get(r["actor"]) or actor_iri(r["actor"])
        put(r, ("measure", "actor", "role"), iris.measure(r["measure"]), ROLES[r["role"]], actor)

    # --- themes, dependencies
    item_iri = _item_resolver(iris, actors)
    for r in book.rows("themes"):
        put(r, ("item", "theme"), item_iri(r["item"]), IGEL.theme, code_iri("themes", r["theme"]))
    for r in book.rows("dependencies"):
        put(r, ("measure", "depends_on"), iris.measure(r["measure"]), IGEL.dependsOn, iris.measure(r["depends_on"]))

    # --- budget (RDF Data Cube, as in the hand-written data)
    budget_rows = book.rows("budget")
    if budget_rows:
        # the data set is the plan's (its row on sheet plan), its name the plan's label
        dataset = iris.budget
        put(plan_row, (), plan, IGEL.budgetDataSet, dataset)
        put(plan_row, (), dataset, RDF.type, IGEL.BudgetDataSet)
        put(plan_row, (), dataset, RDF.type, QB.DataSet)
        put(plan_row, (), dataset, QB.structure, IGEL.budgetStructure)
        both(
            plan_row,
            dataset,
            RDFS.label,
            f"Budget {plan_row['label_de']}",
            f"Budget {plan_row['label_en'] or plan_row['label_de']}",
            ("label_de",),
            ("label_en",) if plan_row["label_en"] else ("label_de",),
        )
        labels: dict[str, tuple[str | None, str | None]] = {}
        for r in budget_rows:
            line = iris.line(r["line"])
            if r["line"] not in labels or (r["label_de"] and not labels[r["line"]][0]):
                labels[r["line"]] = (r["label_de"], r["label_en"])
            put(r, ("line",), line, RDF.type, IGEL.BudgetLine)
            both(r, line, RDFS.label, r["label_de"], r["label_en"], ("label_de",), ("label_en",))
            for funded in r["funds"] or []:
                put(r, ("funds",), line, IGEL.funds, item_iri(funded))
            provenance(line, r)
        for r in budget_rows:
            obs = iris.observation(r["line"], r["year"])
            de, en = labels[r["line"]]
            put(r, ("line", "year"), obs, RDF.type, IGEL.BudgetObservation)
            put(r, ("line", "year"), obs, RDF.type, QB.Observation)
            both(
                r,
                obs,
                RDFS.label,
                f"{de or r['line']}, {r['year']}",
                f"{en or de or r['line']}, {r['year']}",
                ("label_de", "year"),
                ("label_en", "year"),
            )
            put(r, ("line", "year"), obs, QB.dataSet, dataset)
            put(r, ("line",), obs, IGEL.budgetLine, iris.line(r["line"]))
            put(r, ("year",), obs, IGEL.year, Literal(r["year"], datatype=XSD.integer))
            put(r, ("amount",), obs, IGEL.amount, Literal(decimal_lexical(r["amount"]), datatype=XSD.decimal))
            put(plan_row, ("currency",) if plan_row["currency"] else (), obs, IGEL.currency, Literal(currency))
            provenance(obs, r)

    _reify(graph, origin, lambda sheet, row: iris.row_passage(version, sheet, row))

    # --- quoted source sentences
    for r in book.rows("sources"):
        doc = documents.get(r["document"]) or URIRef(ID_BASE + "source/" + slugify(r["document"]))
        if (doc, RDF.type, IGEL.SourceDocument) not in graph and r["document"] not in documents:
            graph.add((doc, RDF.type, IGEL.SourceDocument))
            graph.add((doc, RDFS.label, Literal(r["document"], lang="de")))
        digest = hashlib.sha1(f"{r['section']}|{r['quote']}".encode()).hexdigest()[:12]
        passage = URIRef(f"{doc}/passage/{digest}")
        graph.add((passage, RDF.type, IGEL.SourcePassage))
        graph.add((passage, IGEL.inDocument, doc))
        graph.add((passage, IGEL.quote, Literal(r["quote"], lang="de")))
        if r["section"]:
            graph.add((passage, IGEL.section, Literal(r["section"])))
        graph.add((item_iri(r["item"]), IGEL.sourcePassage, passage))
    return graph


def _item_resolver(iris: PlanIris, actors: dict[str, URIRef]) -> Callable[[str], URIRef]:
    def resolve(text: str) -> URIRef:
        parsed = parse_item(text)
        assert parsed is not None  # the reader checked every item
        kind, key = parsed
        if kind == "plan":
            return iris.plan
        if kind == "field":
            return iris.field(key)
        if kind == "goal":
            return iris.goal(key)
        if kind == "measure":
            return iris.measure(key)
        if kind == "actor":
            return actors.get(key) or actor_iri(key)
        if kind == "criterion":
            goal, _, number = key.partition("/")
            return iris.criterion(goal, number)
        return iris.line(key)

    return resolve


def is_provenance(graph: Graph, triple: tuple) -> bool:
    """Whether ``triple`` is a provenance pointer: an ``igel:sourcePassage`` link, or a
    statement about a source passage, a source document or a statement (its reification
    naming the row and column it was read from)."""
    s, p, _ = triple
    if p == IGEL.sourcePassage:
        return True
    return (
        (s, RDF.type, IGEL.SourcePassage) in graph
        or (s, RDF.type, IGEL.SourceDocument) in graph
        or (s, RDF.type, RDF.Statement) in graph
    )


def without_provenance(graph: Graph) -> Graph:
    """A copy of ``graph`` without its provenance pointers (see :func:`is_provenance`)."""
    result = Graph()
    for triple in graph:
        if not is_provenance(graph, triple):
            result.add(triple)
    return result


def without_reifications(graph: Graph) -> Graph:
    """A copy of ``graph`` without the reifications :func:`to_graph` adds (the
    ``rdf:Statement`` resources naming each statement's row and column)."""
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    result = Graph()
    for triple in graph:
        if triple[0] not in statements:
            result.add(triple)
    return result
