"""A plan in the graph as workbook tables, and those tables (or an empty template) as an
XLSX file with drop-downs for coded columns and an instruction sheet in German and
English.

:func:`plan_tables` reads any graph holding a plan's statements (the store's asserted
data, or one version of an imported plan); the diff compares two versions through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, QB, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import UsageError
from ..namespaces import ID_BASE, IGEL
from ..tabular import column_letter
from .rdf import PlanIris
from .schema import ROLES, _ontology, actor_classes, codes, plan_classes, sheet, sheets

__all__ = ["Tables", "plan_tables", "write_xlsx", "write_template", "plan_graph_from_store", "plans_in"]

#: sheet name → rows, each a dict of column name → value (text, list of texts, int, Decimal)
Tables = dict[str, list[dict[str, Any]]]


def _lit(graph: Graph, subject: Node, predicate: URIRef, lang: str | None = None) -> str | None:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    if lang is not None:
        values = [o for o in values if o.language == lang]
    return str(sorted(values)[0]) if values else None


def _tail(iri: Node, prefix: str) -> str:
    text = str(iri)
    return text[len(prefix) :] if text.startswith(prefix) else text


def _number_key(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in text.split(".")) + (text,)


def _most_specific(types: Iterable[Node], allowed: dict[str, URIRef]) -> str | None:
    mine = [t for t in types if t in allowed.values()]
    onto = _ontology()
    for candidate in mine:
        if not any(other != candidate and (other, RDFS.subClassOf, candidate) in onto for other in mine):
            return str(candidate).rsplit("#", 1)[1]
    return None


def sorted_nodes(nodes: Iterable[Node], key: Any = None) -> list[Node]:
    """``nodes`` sorted (by ``key``, else by their text)."""
    return sorted(nodes, key=key or str)


def plans_in(graph: Graph) -> list[URIRef]:
    """The plans of ``graph`` that have measures (the ones a workbook can hold)."""
    return sorted({p for p in graph.objects(None, IGEL.partOfPlan) if isinstance(p, URIRef)})


def plan_tables(graph: Graph, plan: URIRef) -> Tables:
    """The workbook tables of ``plan`` as ``graph`` states it: its fields, goals, criteria,
    measures with starts and kinds, the actors in their roles, themes, dependencies,
    budget lines with amounts, and the quoted source sentences."""
    if (plan, RDF.type, None) not in graph:
        raise UsageError(f"<{plan}> is not a plan in the graph", hint="List the plans with: igel plans")
    iris = PlanIris(plan)
    tables: Tables = {s.name: [] for s in sheets()}
    currency = None
    for obs in graph.subjects(QB.dataSet, iris.budget):
        currency = _lit(graph, obs, IGEL.currency) or currency
    tables["plan"].append(
        {
            "id": iris.slug,
            "type": _most_specific(graph.objects(plan, RDF.type), plan_classes()),
            "label_de": _lit(graph, plan, RDFS.label, "de"),
            "label_en": _lit(graph, plan, RDFS.label, "en"),
            "title_de": _lit(graph, plan, DCTERMS.title, "de"),
            "title_en": _lit(graph, plan, DCTERMS.title, "en"),
            "currency": currency,
        }
    )
    parts = set(graph.subjects(IGEL.partOfPlan, plan))

    def of_type(kind: URIRef) -> list[Node]:
        found = [s for s in parts if (s, RDF.type, kind) in graph and isinstance(s, URIRef)]
        return sorted(found, key=lambda s: _number_key(_lit(graph, s, IGEL.number) or ""))

    def texts(subject: Node) -> dict[str, Any]:
        return {
            "number": _lit(graph, subject, IGEL.number),
            "title_de": _lit(graph, subject, DCTERMS.title, "de"),
            "title_en": _lit(graph, subject, DCTERMS.title, "en"),
            "text_de": _lit(graph, subject, IGEL.text, "de"),
            "text_en": _lit(graph, subject, IGEL.text, "en"),
        }

    fields = of_type(IGEL.ActionField)
    goals = of_type(IGEL.Goal)
    measures = of_type(IGEL.Measure)
    number_of = {s: _lit(graph, s, IGEL.number) for s in fields + goals + measures}
    item_name = {s: f"field {number_of[s]}" for s in fields}
    item_name.update({s: f"goal {number_of[s]}" for s in goals})
    item_name.update({s: f"measure {number_of[s]}" for s in measures})
    item_name[plan] = "plan"
    for f in fields:
        tables["fields"].append(texts(f))
    for g in goals:
        field = next((number_of.get(f) for f in graph.objects(g, IGEL.inActionField) if f in number_of), None)
        tables["goals"].append({**texts(g), "field": field})
        for c in sorted(
            graph.objects(g, IGEL.hasCriterion), key=lambda c: _number_key(_lit(graph, c, IGEL.number) or "")
        ):
            number = _lit(graph, c, IGEL.number)
            tables["criteria"].append(
                {
                    "goal": number_of[g],
                    "number": number,
                    "text_de": _lit(graph, c, IGEL.text, "de"),
                    "text_en": _lit(graph, c, IGEL.text, "en"),
                }
            )
            item_name[c] = f"criterion {number_of[g]}/{number}"
    actors: dict[Node, str] = {}
    for m in measures:
        start = next(iter(graph.objects(m, IGEL.start)), None)
        status = next(iter(graph.objects(m, IGEL.status)), None)
        tables["measures"].append(
            {
                **texts(m),
                "goal": sorted(number_of[g] for g in graph.objects(m, IGEL.contributesTo) if g in number_of),
                "start": _tail(start, ID_BASE + "time/") if start else None,
                "status": _tail(status, ID_BASE + "status/") if status else None,
                "kind": sorted(_tail(k, ID_BASE + "measure-kind/") for k in graph.objects(m, IGEL.measureKind)),
            }
        )
        for role, prop in ROLES.items():
            for actor in sorted_nodes(graph.objects(m, prop)):
                ident = _tail(actor, ID_BASE + "actor/")
                actors[actor] = ident
                tables["roles"].append({"measure": number_of[m], "actor": ident, "role": role})
        for other in sorted_nodes(graph.objects(m, IGEL.dependsOn), key=lambda o: _number_key(number_of.get(o) or "")):
            if other in number_of:
                tables["dependencies"].append({"measure": number_of[m], "depends_on": number_of[other]})
    classes = actor_classes()
    for actor, ident in sorted(actors.items(), key=lambda a: a[1]):
        alt = sorted(
            (str(o) if o.language == "de" else f"{o}@{o.language}")
            for o in graph.objects(actor, SKOS.altLabel)
            if isinstance(o, Literal) and o.language in {"de", "en"}
        )
        tables["actors"].append(
            {
                "id": ident,
                "name_de": _lit(graph, actor, RDFS.label, "de"),
                "name_en": _lit(graph, actor, RDFS.label, "en"),
                "type": _most_specific(graph.objects(actor, RDF.type), classes) or "Actor",
                "alt_names": alt,
                "identifiers": sorted(str(o) for o in graph.objects(actor, OWL.sameAs)),
            }
        )
        item_name[actor] = f"actor {ident}"
    for subject in [*fields, *goals, *measures]:
        for theme in sorted_nodes(graph.objects(subject, IGEL.theme)):
            tables["themes"].append({"item": item_name[subject], "theme": _tail(theme, ID_BASE + "theme/")})
    lines: dict[Node, str] = {}
    for obs in sorted_nodes(graph.subjects(QB.dataSet, iris.budget)):
        line = next(iter(graph.objects(obs, IGEL.budgetLine)), None)
        year = next(iter(graph.objects(obs, IGEL.year)), None)
        amount = next(iter(graph.objects(obs, IGEL.amount)), None)
        if line is None or year is None or amount is None:
            continue
        ident = _tail(line, f"{iris.budget}/line/")
        first = line not in lines
        lines[line] = ident
        tables["budget"].append(
            {
                "line": ident,
                "label_de": _lit(graph, line, RDFS.label, "de") if first else None,
                "label_en": _lit(graph, line, RDFS.label, "en") if first else None,
                "funds": sorted(item_name[f] for f in graph.objects(line, IGEL.funds) if f in item_name)
                if first
                else [],
                "year": int(str(year)),
                "amount": Decimal(str(amount)),
            }
        )
        item_name[line] = f"budget {ident}"
    tables["budget"].sort(key=lambda r: (r["line"], r["year"]))
    # re-attach labels and funds to each line's first row after sorting
    _first_rows_carry_line_facts(tables["budget"])
    for subject, name in sorted(item_name.items(), key=lambda i: i[1]):
        for passage in sorted_nodes(graph.objects(subject, IGEL.sourcePassage)):
            quote = _lit(graph, passage, IGEL.quote)
            doc = next(iter(graph.objects(passage, IGEL.inDocument)), None)
            if quote is None or doc is None or str(doc).startswith(ID_BASE + "source/workbook/"):
                continue  # workbook row pointers are provenance of an import, not sources
            tables["sources"].append(
                {
                    "item": name,
                    "document": _lit(graph, doc, RDFS.label, "de") or _lit(graph, doc, RDFS.label) or str(doc),
                    "section": _lit(graph, passage, IGEL.section),
                    "quote": quote,
                }
            )
    return tables


def _first_rows_carry_line_facts(rows: list[dict[str, Any]]) -> None:
    facts: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["label_de"] or row["label_en"] or row["funds"]:
            facts[row["line"]] = {k: row[k] for k in ("label_de", "label_en", "funds")}
    seen: set[str] = set()
    for row in rows:
        if row["line"] in seen:
            row.update({"label_de": None, "label_en": None, "funds": []})
        else:
            row.update(facts.get(row["line"], {}))
            seen.add(row["line"])


def plan_graph_from_store(store: Any, exclude: Iterable[URIRef] = ()) -> Graph:
    """The store's asserted statements (every graph but ontology, inferred, analysis and
    the write log, and but ``exclude``) as one Graph, to read a plan from."""
    from ..validate import ASSERTED_EXCLUDED

    wanted = [g for g in store.graphs() if g not in ASSERTED_EXCLUDED and g not in set(exclude)]
    graph = Graph()
    if wanted:
        for triple in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=wanted).triples:
            graph.add(triple)
    return graph


# ---------------------------------------------------------------- XLSX


def _cell_value(value: Any, separator: str | None) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return f"{separator} ".join(value) if value else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_xlsx(tables: Tables, out: Path, *, instructions: bool = True) -> None:
    """Write ``tables`` as an XLSX workbook at ``out``: one sheet per table in the
    metadata's order (headers bold and frozen, each header with its de/en description as
    a comment), drop-downs for coded columns, and an instruction sheet first."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    for default_sheet in list(book.worksheets):  # the empty "Sheet" a new workbook starts with
        book.remove(default_sheet)
    if instructions:
        _instruction_sheet(book)
    lists = book.create_sheet("codes")
    code_ranges: dict[str, str] = {}
    for index, name in enumerate(sorted({c.choices for s in sheets() for c in s.columns if c.choices}), start=1):
        values = codes(name)
        letter = column_letter(index)
        lists.cell(row=1, column=index, value=name).font = Font(bold=True)
        for number, value in enumerate(values, start=2):
            lists.cell(row=number, column=index, value=value)
        code_ranges[name] = f"codes!${letter}$2:${letter}${len(values) + 1}"
    for s in sheets():
        ws = book.create_sheet(s.name)
        for index, column in enumerate(s.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.name)
            cell.font = Font(bold=True)
            cell.comment = Comment(
                f"{column.label_de}: {column.description_de}\n\n{column.label_en}: {column.description_en}", "igel"
            )
            ws.column_dimensions[column_letter(index)].width = 40 if column.name.startswith(("text", "quote")) else 18
            if column.choices and not column.separator:
                check = DataValidation(type="list", formula1=f"={code_ranges[column.choices]}", allow_blank=True)
                check.error = f"Bitte einen Code aus der Liste wählen / choose a code from the list ({column.choices})"
                check.showErrorMessage = True
                ws.add_data_validation(check)
                check.add(f"{column_letter(index)}2:{column_letter(index)}5000")
        ws.freeze_panes = "A2"
        for row in tables.get(s.name, []):
            ws.append([_cell_value(row.get(c.name), c.separator) for c in s.columns])
    book.move_sheet("codes", offset=len(book.sheetnames))
    book.save(out)


def write_template(out: Path) -> None:
    """An empty plan workbook at ``out``: the instruction sheet, every sheet with its
    headers, and drop-downs for the coded columns."""
    write_xlsx({}, out)


_INSTRUCTIONS = [
    (
        "Plan-Arbeitsmappe — so füllen Sie sie aus",
        "Plan workbook — how to fill it in",
    ),
    (
        "Jedes Blatt beschreibt einen Teil des Plans; die erste Zeile sind die Spaltennamen, sie bleiben unverändert.",
        "Each sheet describes one part of the plan; the first row holds the column names, keep them as they are.",
    ),
    (
        "Pflichtblätter: plan, fields, goals, measures, actors, roles. Die übrigen dürfen leer bleiben.",
        "Required sheets: plan, fields, goals, measures, actors, roles. The others may stay empty.",
    ),
    (
        "Listen in einer Zelle mit ; trennen (z.B. mehrere Ziele einer Massnahme).",
        "Separate lists within a cell with ; (e.g. several goals of a measure).",
    ),
    (
        "Codes (Start, Status, Art, Rolle, Thema, Akteurtyp) aus den Auswahllisten wählen; das Blatt codes zeigt alle.",
        "Choose codes (start, status, kind, role, theme, actor type) from the drop-downs; the sheet codes lists them all.",
    ),
    (
        "Jede Massnahme braucht mindestens eine federführende Rolle (role = lead) im Blatt roles.",
        "Every measure needs at least one lead (role = lead) in the sheet roles.",
    ),
    (
        "Import: igel import DATEI.xlsx — Fehler werden mit Blatt, Zeile und Spalte gemeldet, geschrieben wird dann nichts.",
        "Import: igel import FILE.xlsx — problems are reported with sheet, row and column, and then nothing is written.",
    ),
]


def _instruction_sheet(book: Any) -> None:
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet("instructions")
    ws.column_dimensions["A"].width = 90
    ws.column_dimensions["B"].width = 90
    for row, (de, en) in enumerate(_INSTRUCTIONS, start=1):
        ws.cell(row=row, column=1, value=de)
        ws.cell(row=row, column=2, value=en)
        if row == 1:
            ws.cell(row=row, column=1).font = ws.cell(row=row, column=2).font = Font(bold=True, size=14)
    start = len(_INSTRUCTIONS) + 2
    ws.cell(row=start, column=1, value="Blatt / Spalte — Beschreibung").font = Font(bold=True)
    ws.cell(row=start, column=2, value="Sheet / column — description").font = Font(bold=True)
    row = start + 1
    for s in sheets():
        ws.cell(row=row, column=1, value=f"{s.name}: {s.title_de} — {s.description_de}").font = Font(bold=True)
        ws.cell(row=row, column=2, value=f"{s.name}: {s.title_en} — {s.description_en}").font = Font(bold=True)
        row += 1
        for c in s.columns:
            need = " (Pflicht)" if c.required else ""
            ws.cell(row=row, column=1, value=f"  {c.name}{need}: {c.description_de}").alignment = Alignment(
                wrap_text=True
            )
            ws.cell(
                row=row, column=2, value=f"  {c.name}{' (required)' if c.required else ''}: {c.description_en}"
            ).alignment = Alignment(wrap_text=True)
            row += 1
    _ = sheet  # the metadata is the one description of the columns


def write_csv_folder(tables: Tables, out: Path) -> None:
    """Write ``tables`` as a folder of CSV files (UTF-8, one per sheet, header first)."""
    import csv

    out.mkdir(parents=True, exist_ok=True)
    for s in sheets():
        with open(out / f"{s.name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(s.names)
            for row in tables.get(s.name, []):
                values = [_cell_value(row.get(c.name), c.separator) for c in s.columns]
                writer.writerow(["" if v is None else v for v in values])
