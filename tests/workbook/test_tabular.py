"""The shared row reader: XLSX and CSV read alike, row numbers as a person sees them,
and errors that name sheet, row, column and value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from igel_graph.tabular import (
    ErrorCollector,
    TableError,
    TableErrors,
    header,
    read_table,
    sheet_names,
)


def _xlsx(path, sheets):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


SHEETS = {
    "measures": [
        ["number", "title", "start", "amount"],
        ["1.1", "Versorgungsnetz", "2027-Q1", 150000],
        [None, None, None, None],  # an empty row: skipped, but counted in the numbering
        ["1.2", "  Pflege  ", "Q5 2027", "zwölf"],
    ],
    "actors": [["name"], ["Kanton Luzern"]],
}


@pytest.fixture(params=["xlsx", "csv"])
def table(request, tmp_path):
    if request.param == "xlsx":
        return _xlsx(tmp_path / "plan.xlsx", SHEETS)
    folder = tmp_path / "plan"
    folder.mkdir()
    for name, rows in SHEETS.items():
        lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_rows_carry_sheet_row_and_cells(table):
    rows = list(read_table(table, "measures"))
    # row 1 is the header, row 3 is empty: the data rows are 2 and 4, as the spreadsheet shows
    assert [(r.sheet, r.row) for r in rows] == [("measures", 2), ("measures", 4)]
    assert rows[1].value("title") == "Pflege"  # stripped
    cell = rows[1].cell("start")
    assert (cell.letter, cell.column, cell.value) == ("C", "start", "Q5 2027")
    assert rows[0].cell("amount").decimal() == Decimal(150000)
    assert rows[1].columns == ["number", "title", "start", "amount"]


def test_every_sheet_in_order(table):
    assert sorted(sheet_names(table)) == ["actors", "measures"]
    assert {(r.sheet, r.row) for r in read_table(table)} == {("measures", 2), ("measures", 4), ("actors", 2)}
    assert header(table, "measures") == [("A", "number"), ("B", "title"), ("C", "start"), ("D", "amount")]


def test_error_line_names_the_cell(table):
    cell = list(read_table(table, "measures"))[1].cell("start")
    message = str(cell.error("is not a quarter — write e.g. 2027-Q1"))
    assert message == "Sheet 'measures', row 4, column C (start): 'Q5 2027' is not a quarter — write e.g. 2027-Q1"


def test_typed_values_say_what_to_write(table):
    cell = list(read_table(table, "measures"))[1].cell("amount")
    with pytest.raises(TableError) as caught:
        cell.decimal()
    assert (
        str(caught.value)
        == "Sheet 'measures', row 4, column D (amount): 'zwölf' is not a number — write e.g. 150000 or 1250.50"
    )
    assert caught.value.exit_code == 2 and caught.value.http_status == 422


def test_missing_sheet_is_one_clear_error(table):
    with pytest.raises(TableError) as caught:
        list(read_table(table, "roles"))
    assert str(caught.value).startswith("Sheet 'roles': sheet is missing")


def test_collector_gathers_all_errors(table):
    errors = ErrorCollector()
    for row in read_table(table, "measures"):
        with errors.catching():
            row.cell("amount").decimal()
        with errors.catching():
            row.cell("number").integer()
    with pytest.raises(TableErrors) as caught:
        errors.raise_if_any()
    where = [(e.row, e.letter) for e in caught.value.errors]
    assert where == [(2, "A"), (4, "D"), (4, "A")]  # '1.1', 'zwölf', '1.2' are not whole numbers
    assert str(caught.value).startswith("3 problems in the spreadsheet; nothing was written:")


def test_semicolon_csv_and_quoted_line_breaks(tmp_path):
    # Excel in German locales writes ';'; a quoted cell may span lines and later rows keep their numbers
    path = tmp_path / "goals.csv"
    path.write_text('nr;text\n1;"zwei\nZeilen"\n2;drei\n', encoding="utf-8-sig")
    rows = list(read_table(path))
    assert [(r.row, r.value("nr"), r.value("text")) for r in rows] == [(2, "1", "zwei\nZeilen"), (4, "2", "drei")]


def test_xlsx_dates_and_whole_numbers(tmp_path):
    path = _xlsx(tmp_path / "d.xlsx", {"s": [["when", "year"], [dt.datetime(2027, 3, 31), 2027.0]]})
    row = next(read_table(path, "s"))
    assert row.cell("when").date() == dt.date(2027, 3, 31)
    assert row.cell("year").text() == "2027" and row.cell("year").integer() == 2027


def test_not_a_spreadsheet(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("not a zip")
    with pytest.raises(TableError, match="is not a readable .xlsx workbook"):
        list(read_table(bad))
    with pytest.raises(TableError, match="does not exist"):
        list(read_table(tmp_path / "nothing"))
