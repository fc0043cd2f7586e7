"""The plan workbook's sheets and columns, read from its CSVW metadata file
(``ontology/workbook/plan-workbook-metadata.json``), and the code lists of its
drop-down columns, read from the ontology and its vocabularies.

The one description drives the reader (which sheets and columns exist, which are
required, which are lists), the template (headers, notes, drop-downs) and the
documentation (:func:`markdown`).

>>> names = [s.name for s in sheets()]
>>> names[:4]
['plan', 'fields', 'goals', 'measures']
>>> sheet("roles").column("role").choices
'roles'
>>> codes("roles")
['lead', 'partner', 'addressee']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ..namespaces import ID_BASE, IGEL
from ..resources import ontology_dir

__all__ = [
    "Column",
    "Sheet",
    "metadata_file",
    "sheets",
    "sheet",
    "codes",
    "REQUIRED_SHEETS",
    "ROLES",
    "markdown",
]

#: sheets a workbook must have (the others may be left out when a plan has nothing for them)
REQUIRED_SHEETS = ("plan", "fields", "goals", "measures", "actors", "roles")

#: the role column's codes and the property each stands for
ROLES = {"lead": IGEL.lead, "partner": IGEL.partner, "addressee": IGEL.addressee}

#: vocabulary files and the IRI folder of the code lists named in the metadata's ``igel:choices``
_VOCABULARIES = {
    "quarters": ("quarters.ttl", "time/"),
    "statuses": ("measure-status.ttl", "status/"),
    "measure-kinds": ("measure-kinds.ttl", "measure-kind/"),
    "themes": ("themes.ttl", "theme/"),
}


@dataclass(frozen=True)
class Column:
    """One column: its header ``name``, labels and descriptions in German and English,
    datatype (``string``, ``integer``, ``decimal``), whether it is ``required``, the
    ``separator`` of a list cell and the name of its code list (``choices``)."""

    name: str
    label_de: str
    label_en: str
    description_de: str
    description_en: str
    datatype: str
    required: bool
    separator: str | None
    choices: str | None


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, titles and descriptions (de/en), columns and primary key."""

    name: str
    title_de: str
    title_en: str
    description_de: str
    description_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    def column(self, name: str) -> Column:
        """The column called ``name`` (``KeyError`` if the sheet has none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """The column names in order."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> bool:
        """Whether a workbook must have this sheet."""
        return self.name in REQUIRED_SHEETS


def metadata_file() -> Path:
    """The CSVW metadata file that describes the workbook."""
    return ontology_dir() / "workbook" / "plan-workbook-metadata.json"


def _text(values: list[dict], language: str) -> str:
    for value in values:
        if value.get("@language") == language:
            return str(value["@value"])
    return str(values[0]["@value"]) if values else ""


@lru_cache(maxsize=1)
def sheets() -> tuple[Sheet, ...]:
    """Every sheet of the workbook, in the order of the metadata file."""
    data = json.loads(metadata_file().read_text(encoding="utf-8"))
    result = []
    for table in data["tables"]:
        schema = table["tableSchema"]
        columns = tuple(
            Column(
                name=c["name"],
                label_de=_text(c["rdfs:label"], "de"),
                label_en=_text(c["rdfs:label"], "en"),
                description_de=_text(c["dc:description"], "de"),
                description_en=_text(c["dc:description"], "en"),
                datatype=c.get("datatype", "string"),
                required=bool(c.get("required", False)),
                separator=c.get("separator"),
                choices=c.get("igel:choices"),
            )
            for c in schema["columns"]
        )
        key = schema.get("primaryKey") or ()
        result.append(
            Sheet(
                name=table["igel:sheet"],
                title_de=_text(table["dc:title"], "de"),
                title_en=_text(table["dc:title"], "en"),
                description_de=_text(table["dc:description"], "de"),
                description_en=_text(table["dc:description"], "en"),
                columns=columns,
                key=(key,) if isinstance(key, str) else tuple(key),
            )
        )
    return tuple(result)


def sheet(name: str) -> Sheet:
    """The sheet called ``name``."""
    for candidate in sheets():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "igel.ttl", format="turtle")
    return graph


def _subclasses(root: URIRef) -> list[URIRef]:
    graph = _ontology()
    found: list[URIRef] = []
    todo = [root]
    while todo:
        current = todo.pop()
        for sub in sorted(graph.subjects(RDFS.subClassOf, current), key=str):
            if isinstance(sub, URIRef) and sub not in found and str(sub).startswith(str(IGEL._NS)):
                found.append(sub)
                todo.append(sub)
    return found


def actor_classes() -> dict[str, URIRef]:
    """The actor types a workbook may name (igel:Actor and every igel: subclass), by
    local name."""
    classes = [IGEL.Actor, *_subclasses(IGEL.Actor)]
    return {str(c).rsplit("#", 1)[1]: c for c in classes}


def plan_classes() -> dict[str, URIRef]:
    """The plan types a workbook may name (igel:Plan and its igel: subclasses), by local name."""
    classes = [IGEL.Plan, *_subclasses(IGEL.Plan)]
    return {str(c).rsplit("#", 1)[1]: c for c in classes}


@lru_cache(maxsize=None)
def _vocabulary_codes(name: str) -> tuple[str, ...]:
    file, folder = _VOCABULARIES[name]
    graph = Graph()
    graph.parse(ontology_dir() / "vocabularies" / file, format="turtle")
    prefix = ID_BASE + folder
    found = {str(s)[len(prefix) :] for s in graph.subjects(RDF.type, None) if str(s).startswith(prefix)}
    return tuple(sorted(found))


def codes(name: str) -> list[str]:
    """The allowed values of the code list ``name`` (an ``igel:choices`` of the metadata)."""
    if name == "roles":
        return list(ROLES)
    if name == "actor-types":
        return sorted(actor_classes())
    if name == "plan-types":
        return sorted(plan_classes())
    return list(_vocabulary_codes(name))


def code_iri(name: str, code: str) -> URIRef:
    """The IRI of ``code`` of a vocabulary code list (``quarters`` 2027-Q1 → ``id/time/2027-Q1``)."""
    return URIRef(ID_BASE + _VOCABULARIES[name][1] + code)


def markdown() -> str:
    """The workbook's documentation as Markdown: one section per sheet, one table row
    per column (name, required, German and English description)."""
    lines = ["# Plan workbook / Plan-Arbeitsmappe", ""]
    for s in sheets():
        need = "required / Pflicht" if s.required else "optional"
        lines += [
            f"## `{s.name}` — {s.title_de} / {s.title_en} ({need})",
            "",
            f"{s.description_de}  ",
            s.description_en,
            "",
        ]
        lines += ["| column | required | Beschreibung | description |", "|---|---|---|---|"]
        for c in s.columns:
            extra = f" Codes: `{c.choices}`." if c.choices else ""
            lines.append(
                f"| `{c.name}` | {'yes' if c.required else 'no'} | {c.description_de}{extra} | {c.description_en}{extra} |"
            )
        lines.append("")
    return "\n".join(lines)
