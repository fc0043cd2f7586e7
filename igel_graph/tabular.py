"""The shared row reader for spreadsheets: an XLSX workbook, a folder of CSV files, or
one CSV file, read the same way, and errors that say sheet, row and column.

A *sheet* is a worksheet of the workbook, or a CSV file (its name without ``.csv``).
The first non-empty row of a sheet is its header; every later non-empty row is a
:class:`Row`, numbered as a person sees it in the spreadsheet (1-based, header
included), so that a message can send them to the right cell.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "measures.csv").write_text("number,start\\n1.1,2027-Q1\\n\\n1.2,Q5 2027\\n")
>>> rows = list(read_table(folder, "measures"))
>>> [(r.row, r.value("number")) for r in rows]
[(2, '1.1'), (4, '1.2')]
>>> cell = rows[1].cell("start")
>>> (cell.letter, cell.column, cell.value)
('B', 'start', 'Q5 2027')
>>> print(cell.error("is not a quarter — write e.g. 2027-Q1"))
Sheet 'measures', row 4, column B (start): 'Q5 2027' is not a quarter — write e.g. 2027-Q1

Errors are gathered, not raised one by one, so that a person sees every problem of a
workbook at once:

>>> errors = ErrorCollector()
>>> for r in rows:
...     with errors.catching():
...         _ = r.cell("number").decimal()
>>> errors.raise_if_any()
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import IgelError

__all__ = [
    "Cell",
    "Row",
    "TableError",
    "TableErrors",
    "ErrorCollector",
    "read_table",
    "sheet_names",
    "header",
    "column_letter",
]


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 1-based column ``index`` (1 → A, 27 → AA).

    >>> column_letter(1), column_letter(26), column_letter(28)
    ('A', 'Z', 'AB')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class TableError(IgelError):
    """One problem in one place of a spreadsheet: bad input (exit code 2, HTTP 422).

    ``str()`` is one line: where (sheet, row, column letter and name, as far as known),
    the value, and what is wrong and what to write instead.

    >>> print(TableError("measures", 7, "start", "Q5 2027",
    ...                  "is not a quarter — write e.g. 2027-Q1", letter="C"))
    Sheet 'measures', row 7, column C (start): 'Q5 2027' is not a quarter — write e.g. 2027-Q1
    >>> print(TableError("roles", None, None, None, "sheet is missing — add it"))
    Sheet 'roles': sheet is missing — add it
    """

    exit_code = 2
    http_status = 422

    def __init__(
        self,
        sheet: str | None,
        row: int | None,
        column: str | None,
        value: Any,
        reason: str,
        *,
        letter: str | None = None,
    ):
        self.sheet, self.row, self.column, self.value = sheet, row, column, value
        self.reason, self.letter = reason, letter
        super().__init__(self._line())

    def _line(self) -> str:
        where = []
        if self.sheet is not None:
            where.append(f"Sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None or self.letter is not None:
            if self.letter and self.column:
                where.append(f"column {self.letter} ({self.column})")
            else:
                where.append(f"column {self.letter or self.column}")
        head = ", ".join(where) or "Table"
        shown = "" if self.value is None or self.value == "" else f"{self.value!r} "
        return f"{head}: {shown}{self.reason}"

    def as_dict(self) -> dict[str, Any]:
        """The error as plain data (for a JSON report): sheet, row, column, letter,
        value (as text) and message."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "value": None if self.value is None else str(self.value),
            "message": self._line(),
        }


class TableErrors(IgelError):
    """Every problem found in a spreadsheet, raised together; ``errors`` lists them in
    the order found, ``str()`` has one line per problem."""

    exit_code = 2
    http_status = 422

    def __init__(self, errors: list[TableError]):
        self.errors = list(errors)
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the spreadsheet; nothing was written:"
        super().__init__(head + "".join(f"\n  {e._line()}" for e in self.errors))


@dataclass
class ErrorCollector:
    """Gathers :class:`TableError` s, then raises them all at once as :class:`TableErrors`."""

    errors: list[TableError] = field(default_factory=list)

    def add(self, error: TableError) -> None:
        """Record one problem."""
        self.errors.append(error)

    @contextmanager
    def catching(self) -> Iterator[None]:
        """Run a block; a :class:`TableError` (or every one of a :class:`TableErrors`)
        raised inside is recorded instead of propagating."""
        try:
            yield
        except TableErrors as many:
            self.errors.extend(many.errors)
        except TableError as one:
            self.errors.append(one)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """Raise :class:`TableErrors` with everything recorded; do nothing if none."""
        if self.errors:
            raise TableErrors(self.errors)


@dataclass(frozen=True)
class Cell:
    """One cell of a row: its sheet, row, column name (the header) and letter, and value.

    ``value`` is what the file holds: text (stripped; an empty cell is ``None``), or for
    XLSX also a number, date or boolean.
    """

    sheet: str
    row: int
    column: str
    letter: str
    value: Any

    def error(self, reason: str) -> TableError:
        """A :class:`TableError` pointing at this cell."""
        return TableError(self.sheet, self.row, self.column, self.value, reason, letter=self.letter)

    @property
    def empty(self) -> bool:
        """Whether the cell holds nothing."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self, *, required: bool = False) -> str | None:
        """The value as text (a whole number without ``.0``); ``None`` if empty, or a
        :class:`TableError` if ``required``."""
        if self.empty:
            if required:
                raise self.error("is empty — this column needs a value")
            return None
        value = self.value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        return str(value).strip()

    def integer(self, *, required: bool = False) -> int | None:
        """The value as a whole number, or a :class:`TableError` saying what to write."""
        text = self.text(required=required)
        if text is None:
            return None
        if isinstance(self.value, bool):
            raise self.error("is not a whole number — write e.g. 2027")
        try:
            return int(text)
        except ValueError:
            raise self.error("is not a whole number — write e.g. 2027") from None

    def decimal(self, *, required: bool = False) -> Decimal | None:
        """The value as a decimal number (``.`` as decimal point, ``'`` or spaces as
        thousands separators allowed), or a :class:`TableError` saying what to write."""
        text = self.text(required=required)
        if text is None:
            return None
        if isinstance(self.value, bool):
            raise self.error("is not a number — write e.g. 150000 or 1250.50")
        cleaned = text.replace("'", "").replace("’", "").replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise self.error("is not a number — write e.g. 150000 or 1250.50") from None
        if not number.is_finite():
            raise self.error("is not a number — write e.g. 150000 or 1250.50")
        return number

    def date(self, *, required: bool = False) -> _dt.date | None:
        """The value as a date (an XLSX date or ``YYYY-MM-DD``), or a :class:`TableError`."""
        if isinstance(self.value, _dt.datetime):
            return self.value.date()
        if isinstance(self.value, _dt.date):
            return self.value
        text = self.text(required=required)
        if text is None:
            return None
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise self.error("is not a date — write e.g. 2027-03-31") from None


@dataclass(frozen=True)
class Row:
    """One non-empty data row of a sheet: ``sheet``, ``row`` (1-based, as the spreadsheet
    shows it) and its cells by column name (the header text)."""

    sheet: str
    row: int
    cells: dict[str, Cell]

    @property
    def columns(self) -> list[str]:
        """The sheet's column names, in order."""
        return list(self.cells)

    def cell(self, column: str) -> Cell:
        """The cell under header ``column``; a column the sheet lacks reads as an empty
        cell (the caller checks required columns against :func:`header`)."""
        found = self.cells.get(column)
        if found is None:
            return Cell(self.sheet, self.row, column, "?", None)
        return found

    def value(self, column: str) -> Any:
        """The value under header ``column`` (``None`` if empty or absent)."""
        return self.cell(column).value

    def error(self, reason: str) -> TableError:
        """A :class:`TableError` pointing at the whole row."""
        return TableError(self.sheet, self.row, None, None, reason)


# ---------------------------------------------------------------- reading


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _csv_files(path: Path) -> dict[str, Path]:
    if path.is_dir():
        return {p.stem: p for p in sorted(path.glob("*.csv"))}
    return {path.stem: path}


def _is_xlsx(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in {".xlsx", ".xlsm"}


def _check_path(path: Path) -> None:
    if not path.exists():
        raise TableError(
            None, None, None, None, f"{path} does not exist — give an .xlsx file or a folder of .csv files"
        )
    if path.is_file() and path.suffix.lower() not in {".xlsx", ".xlsm", ".csv"}:
        raise TableError(None, None, None, None, f"{path.name} is neither an .xlsx nor a .csv file")


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of ``path`` in order: the worksheets of an XLSX file, the CSV files of
    a folder (by name without ``.csv``), or the one CSV file."""
    path = Path(path)
    _check_path(path)
    if _is_xlsx(path):
        workbook = _open_xlsx(path)
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()
    return list(_csv_files(path))


def _open_xlsx(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(None, None, None, None, f"{path.name} is not a readable .xlsx workbook ({exc})") from None


def _xlsx_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[Any]]]:
    workbook = _open_xlsx(path)
    try:
        if sheet not in workbook.sheetnames:
            raise TableError(sheet, None, None, None, "sheet is missing — add a sheet of this name")
        worksheet = workbook[sheet]
        for counter, cells in enumerate(worksheet.iter_rows(), start=1):
            number = next((c.row for c in cells if getattr(c, "row", None)), counter)
            yield number, [_clean(c.value) for c in cells]
    finally:
        workbook.close()


def _csv_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[Any]]]:
    files = _csv_files(path)
    if sheet not in files:
        raise TableError(sheet, None, None, None, f"sheet is missing — add the file {sheet}.csv")
    try:
        text = files[sheet].read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            sheet, None, None, None, f"is not UTF-8 text (byte {exc.start}) — save the CSV as UTF-8"
        ) from None
    first = text.split("\n", 1)[0]
    # German spreadsheet programs write ';' as the separator; take whichever the header uses
    delimiter = max(",;\t", key=first.count) if first else ","
    # csv counts physical lines, so a quoted cell with a line break keeps rows right
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for values in reader:
        yield start, [_clean(v) for v in values]
        start = reader.line_num + 1


def _raw_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[Any]]]:
    if _is_xlsx(path):
        return _xlsx_rows(path, sheet)
    return _csv_rows(path, sheet)


def header(path: str | Path, sheet: str) -> list[tuple[str, str]]:
    """The column names of ``sheet`` with their letters, as ``(letter, name)`` pairs, in
    order (empty header cells are skipped); ``[]`` for an empty sheet."""
    path = Path(path)
    _check_path(path)
    for _, values in _raw_rows(path, sheet):
        if any(v is not None for v in values):
            return [(column_letter(i), str(v)) for i, v in enumerate(values, start=1) if v is not None]
    return []


def read_table(path: str | Path, sheet: str | None = None) -> Iterator[Row]:
    """The data rows of ``sheet`` (every sheet in order if ``None``) of ``path``: an
    ``.xlsx`` file, a folder of ``.csv`` files or one ``.csv`` file.

    The first non-empty row is the header; empty rows are skipped; row numbers are those
    the spreadsheet shows. A missing sheet or unreadable file is a :class:`TableError`.
    """
    path = Path(path)
    _check_path(path)
    sheets = [sheet] if sheet is not None else sheet_names(path)
    for name in sheets:
        names: list[tuple[int, str]] | None = None
        for number, values in _raw_rows(path, name):
            if not any(v is not None for v in values):
                continue
            if names is None:
                names = [(i, str(v)) for i, v in enumerate(values) if v is not None]
                continue
            cells = {
                column: Cell(
                    name,
                    number,
                    column,
                    column_letter(i + 1),
                    values[i] if i < len(values) else None,
                )
                for i, column in names
            }
            yield Row(name, number, cells)
