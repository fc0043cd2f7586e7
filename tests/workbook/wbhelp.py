"""Helpers of the workbook tests: edit an XLSX sheet by column name, run the CLI."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


class Edit:
    """Open ``path`` for editing; rows are addressed by their values, columns by name."""

    def __init__(self, path: Path):
        self.path = path
        self.book = load_workbook(path)

    def _columns(self, sheet: str) -> list[str]:
        return [c.value for c in self.book[sheet][1]]

    def rows(self, sheet: str) -> list[dict]:
        names = self._columns(sheet)
        ws = self.book[sheet]
        return [dict(zip(names, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]

    def find(self, sheet: str, **match) -> list[int]:
        """The spreadsheet row numbers whose cells equal ``match``."""
        return [i for i, row in enumerate(self.rows(sheet), start=2) if all(row.get(k) == v for k, v in match.items())]

    def delete(self, sheet: str, **match) -> int:
        found = self.find(sheet, **match)
        for number in reversed(found):
            self.book[sheet].delete_rows(number)
        return len(found)

    def set(self, sheet: str, column: str, value, **match) -> None:
        (number,) = self.find(sheet, **match)
        self.book[sheet].cell(row=number, column=self._columns(sheet).index(column) + 1, value=value)

    def append(self, sheet: str, **values) -> None:
        self.book[sheet].append([values.get(name) for name in self._columns(sheet)])

    def save(self, path: Path | None = None) -> Path:
        self.book.save(path or self.path)
        return path or self.path


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run ``igel ARGV`` in-process: its exit code, stdout and stderr."""
    from igel_graph.cli.main import run

    code = 0
    try:
        run(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def load_graphs(store, *, sources: bool) -> None:
    """Load the ontology and vocabularies into ``store``, with ``sources`` every data file too."""
    from igel_graph.build import read_sources
    from igel_graph.namespaces import Graphs

    for graph, (content, _) in read_sources().items():
        if sources or graph in (Graphs.ONTOLOGY, Graphs.VOCABULARIES):
            store.load(content, graph)
