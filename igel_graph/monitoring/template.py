"""The empty monitoring workbook a department fills in: ``igel monitoring template``.

One sheet per kind with the documented columns (:data:`~.rows.SHEETS`); each header
cell carries a note explaining the column in German and English (the sheet holds only
the header, so every row a person types is data). Drop-downs offer the valid codes:
statuses, directions, measures, goals and criteria, budget lines and actors, listed on
the sheets ``list_*`` (which the import ignores).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError
from .context import PlanContext
from .rows import SHEETS

__all__ = ["write_template"]

_ROWS = 500  # rows with drop-downs (a department reports far fewer per file)


def write_template(store, out: str | Path, *, plan: str) -> Path:
    """Write the template for ``plan`` to ``out`` (an ``.xlsx`` path); returns the path."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out.name} is not an .xlsx file name", hint="Example: --out monitoring.xlsx")
    ctx = PlanContext.load(store, plan)
    if not ctx.measures:
        raise UsageError(f"the store has no measures of plan {plan!r}", hint="Run igel build first.")
    wb = Workbook()
    for default_sheet in list(wb.worksheets):  # the empty "Sheet" a new workbook starts with
        wb.remove(default_sheet)
    lists: dict[str, Sequence[Sequence[str]]] = {
        "list_measures": [("measure", "")] + [(n, "") for n in sorted(ctx.measures, key=_numeric)],
        "list_criteria": [("goal", "criterion")] + [tuple(k.split("/", 1)) for k in sorted(ctx.criteria, key=_numeric)],
        "list_codes": [("status", "direction")] + [(code, d) for code, d in _zip(list(ctx.statuses), ["up", "down"])],
        "list_budget_lines": [("budget_line", "")] + [(k, "") for k in sorted(ctx.lines)],
        "list_actors": [("reporter", "")] + [(k, "") for k in sorted(ctx.actors)],
    }
    for kind, spec in SHEETS.items():
        ws = wb.create_sheet(kind)
        for i, col in enumerate(spec, start=1):
            cell = ws.cell(row=1, column=i, value=col.name)
            cell.font = Font(bold=col.required)
            cell.comment = Comment(f"{col.de}\n{col.en}" + ("\n(Pflicht / required)" if col.required else ""), "igel")
            ws.column_dimensions[cell.column_letter].width = max(14, len(col.name) + 4)
        ws.freeze_panes = "A2"
    for name, rows in lists.items():
        ws = wb.create_sheet(name)
        for r in rows:
            values: list[str | None] = [v for v in r if v != ""]
            ws.append(values or [None])

    def listed(sheet: str, col: str, count: int) -> str:
        return f"{sheet}!${col}$2:${col}${count + 1}"

    choices: dict[tuple[str, str], str] = {
        ("status", "measure"): listed("list_measures", "A", len(ctx.measures)),
        ("status", "status"): listed("list_codes", "A", len(ctx.statuses)),
        ("status", "reporter"): listed("list_actors", "A", len(ctx.actors)),
        ("indicators", "direction"): '"up,down"',
        ("indicators", "goal"): listed("list_criteria", "A", len(ctx.criteria)),
        ("observations", "goal"): listed("list_criteria", "A", len(ctx.criteria)),
        ("observations", "reporter"): listed("list_actors", "A", len(ctx.actors)),
        ("spending", "budget_line"): listed("list_budget_lines", "A", len(ctx.lines)),
        ("spending", "reporter"): listed("list_actors", "A", len(ctx.actors)),
        ("spending", "currency"): '"CHF,EUR"',
    }
    for (kind, column), formula in choices.items():
        ws = wb[kind]
        index = [c.name for c in SHEETS[kind]].index(column) + 1
        letter = get_column_letter(index)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        dv.error = "Bitte einen Wert aus der Liste wählen / choose a value from the list"
        dv.add(f"{letter}2:{letter}{_ROWS + 1}")
        ws.add_data_validation(dv)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _numeric(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("/", ".").split("."))


def _zip(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]
