"""Which budget lines fund what, with the amounts of the financing table.

Money has one source on every page: the ``financing-table`` named query. A budget line's
amount is that query's line total (kind ``line``), never a sum of our own; what a line
funds is the curated ``igel:funds`` (to a measure, or to a goal where a line serves several
of its measures).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from igel_graph.namespaces import PREFIXES

from .data import run_query, select

__all__ = ["BudgetLine", "funding"]

_Q_FUNDS = f"PREFIX igel: <{PREFIXES['igel']}>\nSELECT DISTINCT ?line ?x WHERE {{ ?line igel:funds ?x }} ORDER BY ?line"


@dataclass(frozen=True)
class BudgetLine:
    """A line of the financing table: its IRI, its name ("Konzipierung" lines carry their
    group: "Massnahmen: Konzipierung") and its total in CHF (None where the table has none)."""

    iri: str
    name: str
    amount: float | None


def funding(store, lang: str) -> dict[str, list[BudgetLine]]:
    """Funded resource (measure or goal) IRI → the budget lines that fund it, in line order."""
    lines: dict[str, BudgetLine] = {}
    for r in run_query(store, "financing-table", {"lang": lang}):
        if str(r["kind"]) != "line":
            continue
        label = str(r.get("lineLabel") or "")
        if r.get("groupLabel"):
            label = f"{r['groupLabel']}: {label}".strip()
        amount = float(r["amount"]) if r.get("amount") is not None else None
        lines[str(r["line"])] = BudgetLine(str(r["line"]), label, amount)
    out: dict[str, list[BudgetLine]] = defaultdict(list)
    for r in select(store, _Q_FUNDS):
        line = lines.get(str(r["line"]))
        if line is not None:
            out[str(r["x"])].append(line)
    return dict(out)
