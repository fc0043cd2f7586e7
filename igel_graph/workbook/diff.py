"""What changed between two versions of a plan (or any two plans' workbook tables).

Both sides are read as workbook tables (:func:`~igel_graph.workbook.export.plan_tables`)
and compared by their keys: measures by number (a measure that disappears under one
number and appears under another with the same title is *renumbered*), roles by measure,
actor and role, budget amounts by line and year. What belongs to an added or removed
measure (its roles, themes, dependencies) is part of that one change, not listed again.

>>> before = {"measures": [{"number": "1", "title_de": "A", "title_en": "A", "start": "2027-Q1"}]}
>>> after = {"measures": [{"number": "1", "title_de": "A", "title_en": "A", "start": "2027-Q3"}]}
>>> [(c.kind, c.item, c.before, c.after) for c in diff_tables(before, after)]
[('start-moved', 'measure 1', '2027-Q1', '2027-Q3')]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

__all__ = ["Change", "diff_tables", "changes_json", "changes_graph", "version_diff", "KINDS"]

#: change kind → (German, English) wording
KINDS: dict[str, tuple[str, str]] = {
    "measure-added": ("Massnahme neu", "measure added"),
    "measure-removed": ("Massnahme entfernt", "measure removed"),
    "measure-renumbered": ("Massnahme umnummeriert", "measure renumbered"),
    "measure-retitled": ("Massnahme umbenannt", "measure retitled"),
    "measure-text-changed": ("Massnahmentext geändert", "measure text changed"),
    "measure-goal-changed": ("Ziel der Massnahme geändert", "measure's goal changed"),
    "measure-kind-changed": ("Art der Massnahme geändert", "measure kind changed"),
    "start-moved": ("Start verschoben", "start moved"),
    "role-gained": ("Rolle hinzugekommen", "role gained"),
    "role-lost": ("Rolle weggefallen", "role lost"),
    "theme-added": ("Thema hinzugekommen", "theme added"),
    "theme-removed": ("Thema weggefallen", "theme removed"),
    "dependency-added": ("Abhängigkeit neu", "dependency added"),
    "dependency-removed": ("Abhängigkeit entfernt", "dependency removed"),
    "criterion-added": ("Kriterium neu", "criterion added"),
    "criterion-removed": ("Kriterium entfernt", "criterion removed"),
    "criterion-changed": ("Kriterium geändert", "criterion changed"),
    "amount-added": ("Betrag neu", "amount added"),
    "amount-removed": ("Betrag entfernt", "amount removed"),
    "amount-changed": ("Betrag geändert", "amount changed"),
    "goal-added": ("Ziel neu", "goal added"),
    "goal-removed": ("Ziel entfernt", "goal removed"),
    "goal-retitled": ("Ziel umbenannt", "goal retitled"),
    "field-added": ("Handlungsfeld neu", "action field added"),
    "field-removed": ("Handlungsfeld entfernt", "action field removed"),
    "field-retitled": ("Handlungsfeld umbenannt", "action field retitled"),
    "actor-renamed": ("Akteur umbenannt", "actor renamed"),
    "actor-type-changed": ("Akteurtyp geändert", "actor type changed"),
}


@dataclass(frozen=True)
class Change:
    """One change: its ``kind`` (a key of :data:`KINDS`), the ``item`` it concerns
    (``measure 1.1.2``, ``budget forum-umsetzung 2027``), the value ``before`` and
    ``after`` (text; ``None`` where there is none), and for roles the ``actor``."""

    kind: str
    item: str
    before: str | None = None
    after: str | None = None
    actor: str | None = None

    @property
    def label_de(self) -> str:
        return KINDS[self.kind][0]

    @property
    def label_en(self) -> str:
        return KINDS[self.kind][1]

    def as_dict(self) -> dict[str, Any]:
        """Plain data, with the wording in both languages."""
        return {**asdict(self), "label_de": self.label_de, "label_en": self.label_en}


def _by(rows: list[dict[str, Any]], *keys: str) -> dict[tuple, dict[str, Any]]:
    return {tuple(r.get(k) for k in keys): r for r in rows}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(value) if value else None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _title(row: dict[str, Any]) -> str:
    return f"{row.get('title_de') or ''} / {row.get('title_en') or ''}"


def diff_tables(before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]) -> list[Change]:
    """The changes from ``before`` to ``after`` (workbook tables), in a stable order:
    fields, goals, measures, starts, roles, themes, dependencies, criteria, budget, actors."""
    changes: list[Change] = []
    rows = {name: (before.get(name, []), after.get(name, [])) for name in set(before) | set(after)}

    def numbered(sheet: str, word: str) -> None:
        old, new = (_by(r, "number") for r in rows.get(sheet, ([], [])))
        for key in sorted(set(old) - set(new)):
            changes.append(Change(f"{word}-removed", f"{word} {key[0]}", before=_title(old[key])))
        for key in sorted(set(new) - set(old)):
            changes.append(Change(f"{word}-added", f"{word} {key[0]}", after=_title(new[key])))
        for key in sorted(set(old) & set(new)):
            if _title(old[key]) != _title(new[key]):
                changes.append(Change(f"{word}-retitled", f"{word} {key[0]}", _title(old[key]), _title(new[key])))

    numbered("fields", "field")
    numbered("goals", "goal")

    old_m, new_m = (_by(r, "number") for r in rows.get("measures", ([], [])))
    gone = sorted(set(old_m) - set(new_m))
    came = sorted(set(new_m) - set(old_m))
    renumbered: dict[tuple, tuple] = {}
    for key in gone:
        twin = [k for k in came if _title(new_m[k]) == _title(old_m[key]) and k not in renumbered.values()]
        if len(twin) == 1:
            renumbered[key] = twin[0]
    for key in gone:
        if key in renumbered:
            changes.append(
                Change("measure-renumbered", f"measure {renumbered[key][0]}", before=key[0], after=renumbered[key][0])
            )
        else:
            changes.append(Change("measure-removed", f"measure {key[0]}", before=_title(old_m[key])))
    for key in came:
        if key not in renumbered.values():
            changes.append(Change("measure-added", f"measure {key[0]}", after=_title(new_m[key])))
    # a renumbered measure is compared with its old self; added/removed ones carry their details
    pairs = [(k, k) for k in sorted(set(old_m) & set(new_m))] + sorted(renumbered.items())
    old_number = {new[0]: old[0] for old, new in pairs}
    for old_key, new_key in pairs:
        a, b = old_m[old_key], new_m[new_key]
        item = f"measure {new_key[0]}"
        if _title(a) != _title(b):
            changes.append(Change("measure-retitled", item, _title(a), _title(b)))
        if (a.get("text_de"), a.get("text_en")) != (b.get("text_de"), b.get("text_en")):
            changes.append(Change("measure-text-changed", item, a.get("text_de"), b.get("text_de")))
        if sorted(a.get("goal") or []) != sorted(b.get("goal") or []):
            changes.append(Change("measure-goal-changed", item, _text(a.get("goal")), _text(b.get("goal"))))
        if (a.get("start"), a.get("status")) != (b.get("start"), b.get("status")):
            changes.append(
                Change("start-moved", item, a.get("start") or a.get("status"), b.get("start") or b.get("status"))
            )
        if sorted(a.get("kind") or []) != sorted(b.get("kind") or []):
            changes.append(Change("measure-kind-changed", item, _text(a.get("kind")), _text(b.get("kind"))))

    kept = set(old_number)  # measures present on both sides, by their new number

    def mapped(row: dict[str, Any], side: str, column: str = "measure") -> str | None:
        number = row.get(column)
        if side == "before":
            return next((new for new, old in old_number.items() if old == number), None)
        return number if number in kept else None

    def related(sheet: str, keys: tuple[str, ...], added: str, removed: str, describe) -> None:
        old_rows, new_rows = rows.get(sheet, ([], []))
        old = {}
        for r in old_rows:
            number = mapped(r, "before", keys[0]) if keys[0] == "measure" else r.get(keys[0])
            if number is not None:
                old[(number, *[r.get(k) for k in keys[1:]])] = r
        new = {}
        for r in new_rows:
            number = mapped(r, "after", keys[0]) if keys[0] == "measure" else r.get(keys[0])
            if number is not None:
                new[(number, *[r.get(k) for k in keys[1:]])] = r
        for key in sorted(set(new) - set(old), key=str):
            changes.append(describe(added, key))
        for key in sorted(set(old) - set(new), key=str):
            changes.append(describe(removed, key))

    related(
        "roles",
        ("measure", "actor", "role"),
        "role-gained",
        "role-lost",
        lambda kind, k: Change(
            kind,
            f"measure {k[0]}",
            after=k[2] if kind == "role-gained" else None,
            before=k[2] if kind == "role-lost" else None,
            actor=k[1],
        ),
    )

    def item_alive(item: str, side: str) -> str | None:
        kind, _, key = item.partition(" ")
        if kind != "measure":
            return item
        number = key if side == "after" else next((new for new, old in old_number.items() if old == key), None)
        return f"measure {number}" if number in kept else None

    old_t = {(item_alive(r["item"], "before"), r["theme"]) for r in rows.get("themes", ([], []))[0]}
    new_t = {(item_alive(r["item"], "after"), r["theme"]) for r in rows.get("themes", ([], []))[1]}
    for where, theme in sorted((w, t) for w, t in new_t - old_t if w):
        changes.append(Change("theme-added", where, after=theme))
    for where, theme in sorted((w, t) for w, t in old_t - new_t if w):
        changes.append(Change("theme-removed", where, before=theme))

    old_d = {(mapped(r, "before"), mapped(r, "before", "depends_on")) for r in rows.get("dependencies", ([], []))[0]}
    new_d = {(mapped(r, "after"), mapped(r, "after", "depends_on")) for r in rows.get("dependencies", ([], []))[1]}
    for m, d in sorted(p for p in new_d - old_d if None not in p):
        changes.append(Change("dependency-added", f"measure {m}", after=d))
    for m, d in sorted(p for p in old_d - new_d if None not in p):
        changes.append(Change("dependency-removed", f"measure {m}", before=d))

    old_c, new_c = (_by(r, "goal", "number") for r in rows.get("criteria", ([], [])))
    for key in sorted(set(new_c) - set(old_c), key=str):
        changes.append(Change("criterion-added", f"criterion {key[0]}/{key[1]}", after=new_c[key].get("text_de")))
    for key in sorted(set(old_c) - set(new_c), key=str):
        changes.append(Change("criterion-removed", f"criterion {key[0]}/{key[1]}", before=old_c[key].get("text_de")))
    for key in sorted(set(old_c) & set(new_c), key=str):
        if (old_c[key].get("text_de"), old_c[key].get("text_en")) != (
            new_c[key].get("text_de"),
            new_c[key].get("text_en"),
        ):
            changes.append(
                Change(
                    "criterion-changed",
                    f"criterion {key[0]}/{key[1]}",
                    old_c[key].get("text_de"),
                    new_c[key].get("text_de"),
                )
            )

    old_b, new_b = (_by(r, "line", "year") for r in rows.get("budget", ([], [])))
    for key in sorted(set(new_b) - set(old_b), key=str):
        changes.append(Change("amount-added", f"budget {key[0]} {key[1]}", after=_text(new_b[key]["amount"])))
    for key in sorted(set(old_b) - set(new_b), key=str):
        changes.append(Change("amount-removed", f"budget {key[0]} {key[1]}", before=_text(old_b[key]["amount"])))
    for key in sorted(set(old_b) & set(new_b), key=str):
        if Decimal(old_b[key]["amount"]) != Decimal(new_b[key]["amount"]):
            changes.append(
                Change(
                    "amount-changed",
                    f"budget {key[0]} {key[1]}",
                    _text(old_b[key]["amount"]),
                    _text(new_b[key]["amount"]),
                )
            )

    old_a, new_a = (_by(r, "id") for r in rows.get("actors", ([], [])))
    for key in sorted(set(old_a) & set(new_a), key=str):
        a, b = old_a[key], new_a[key]
        if (a.get("name_de"), a.get("name_en")) != (b.get("name_de"), b.get("name_en")):
            changes.append(Change("actor-renamed", f"actor {key[0]}", a.get("name_de"), b.get("name_de")))
        if a.get("type") != b.get("type"):
            changes.append(Change("actor-type-changed", f"actor {key[0]}", a.get("type"), b.get("type")))
    return changes


def changes_json(changes: list[Change], *, plan: str, before: str, after: str) -> dict[str, Any]:
    """The JSON answer: the plan, the two versions, and a top-level ``changes`` list."""
    return {"plan": plan, "from": before, "to": after, "changes": [c.as_dict() for c in changes]}


def changes_graph(changes: list[Change], *, changeset: URIRef, before: URIRef, after: URIRef) -> Graph:
    """The changes as RDF, so that a report can cite them: a ``prov:Entity`` changeset
    derived from the two versions, and per change a node with its kind
    (``dcterms:type``), labels in German and English, the item and the values before
    and after (``rdfs:comment``)."""
    graph = Graph()
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.add((changeset, RDF.type, PROV.Entity))
    graph.add((changeset, PROV.wasDerivedFrom, before))
    graph.add((changeset, PROV.wasDerivedFrom, after))
    graph.add((changeset, RDFS.label, Literal(f"Änderungen {before} → {after}", lang="de")))
    graph.add((changeset, RDFS.label, Literal(f"Changes {before} → {after}", lang="en")))
    for index, change in enumerate(changes, start=1):
        node = URIRef(f"{changeset}/change/{index}")
        graph.add((changeset, DCTERMS.hasPart, node))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, DCTERMS.type, Literal(change.kind)))
        graph.add((node, RDFS.label, Literal(f"{change.label_de}: {change.item}", lang="de")))
        graph.add((node, RDFS.label, Literal(f"{change.label_en}: {change.item}", lang="en")))
        graph.add((node, DCTERMS.subject, Literal(change.item)))
        if change.actor:
            graph.add((node, DCTERMS.contributor, Literal(change.actor)))
        graph.add((node, RDFS.comment, Literal(f"{change.before or '—'} → {change.after or '—'}")))
    return graph


def version_diff(
    store: Any, plan: URIRef, before: str | None = None, after: str | None = None
) -> tuple[Any, Any, list[Change]]:
    """The changes of ``plan`` from version ``before`` (default: the previous one) to
    ``after`` (default: the current one); versions named by number, label, ``previous``
    or ``current``. Returns the two :class:`~igel_graph.workbook.versions.Version` s and
    the changes."""
    from .export import plan_tables
    from .versions import resolve, version_graph

    old = resolve(store, plan, before, default="previous")
    new = resolve(store, plan, after, default="current")
    changes = diff_tables(
        plan_tables(version_graph(store, plan, old), plan), plan_tables(version_graph(store, plan, new), plan)
    )
    return old, new, changes
