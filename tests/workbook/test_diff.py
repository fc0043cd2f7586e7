"""Versions and their diff: the IGeL workbook imported, edited (one measure removed, one
added, one start moved, one partner added, one amount changed), imported again; the
diff names exactly those five changes."""

from __future__ import annotations

import json

import pytest
from wbhelp import Edit, run_cli

from igel_graph.namespaces import resource
from igel_graph.workbook.export import plan_graph_from_store, plan_tables, write_xlsx

PLAN = resource("plan", "igel-2026-2030")

# (kind, item, before, after, actor): the five edits of `edited` below
FIVE = {
    ("measure-removed", "measure 3.1.3"),
    ("measure-added", "measure 4.1.3"),
    ("start-moved", "measure 2.1.1"),
    ("role-gained", "measure 4.1.2"),
    ("amount-changed", "budget forum-umsetzung 2027"),
}


def edited_workbook(original, out):
    """``original`` with the five edits of :data:`FIVE`, saved as ``out``."""
    edit = Edit(original)
    # 3.1.3: its roles, themes and sources go with it (no dependency or budget line names it)
    edit.delete("measures", number="3.1.3")
    edit.delete("roles", measure="3.1.3")
    edit.delete("themes", item="measure 3.1.3")
    edit.delete("sources", item="measure 3.1.3")
    edit.append(
        "measures",
        number="4.1.3",
        goal="4.1",
        title_de="Patientenpfade digital begleiten",
        title_en="Accompany patient pathways digitally",
        text_de="Das GSD begleitet Patientenpfade digital.",
        text_en="The GSD accompanies patient pathways digitally.",
        start="2028-Q2",
    )
    edit.append("roles", measure="4.1.3", actor="gsd", role="lead")
    edit.set("measures", "start", "2026-Q3", number="2.1.1")  # was 2026-Q1
    edit.append("roles", measure="4.1.2", actor="vlg", role="partner")
    edit.set("budget", "amount", 450000, line="forum-umsetzung", year=2027)  # was 400000
    return edit.save(out)


@pytest.fixture(scope="module")
def two_versions(source_store, tmp_path_factory):
    """A closed store folder with the IGeL workbook imported twice: as exported, then edited."""
    from wbhelp import load_graphs as _load

    from igel_graph.store.oxigraph import OxigraphStore
    from igel_graph.workbook.importer import import_workbook

    folder = tmp_path_factory.mktemp("diff")
    original = folder / "igel.xlsx"
    write_xlsx(plan_tables(plan_graph_from_store(source_store), PLAN), original)
    edited = edited_workbook(original, folder / "igel-edited.xlsx")

    store = OxigraphStore(folder / "store")
    _load(store, sources=False)
    import_workbook(store, original, version_label="Druck")
    import_workbook(store, edited, version_label="Revision")
    store.close()
    return folder / "store"


def test_diff_json_has_exactly_the_five_changes(two_versions, capsys):
    code, out, err = run_cli(["--store", str(two_versions), "diff", "igel-2026-2030", "--format", "json"], capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert {(c["kind"], c["item"]) for c in answer["changes"]} == FIVE
    assert len(answer["changes"]) == 5
    by_kind = {c["kind"]: c for c in answer["changes"]}
    assert (by_kind["start-moved"]["before"], by_kind["start-moved"]["after"]) == ("2026-Q1", "2026-Q3")
    assert (by_kind["role-gained"]["actor"], by_kind["role-gained"]["after"]) == ("vlg", "partner")
    # Abbildung 1: forum-umsetzung 2027 is 400 (thousand CHF)
    assert (by_kind["amount-changed"]["before"], by_kind["amount-changed"]["after"]) == ("400000", "450000")
    assert answer["from"].endswith("/version/1") and answer["to"].endswith("/version/2")


def test_diff_by_labels_and_reverse(two_versions, capsys):
    code, out, _ = run_cli(
        [
            "--store",
            str(two_versions),
            "diff",
            "igel-2026-2030",
            "--from",
            "Revision",
            "--to",
            "Druck",
            "--format",
            "json",
        ],
        capsys,
    )
    kinds = {(c["kind"], c["item"]) for c in json.loads(out)["changes"]}
    assert ("measure-added", "measure 3.1.3") in kinds and ("measure-removed", "measure 4.1.3") in kinds
    assert ("role-lost", "measure 4.1.2") in kinds and len(kinds) == 5


def test_diff_table_and_turtle(two_versions, capsys):
    code, out, _ = run_cli(["--store", str(two_versions), "diff", "igel-2026-2030"], capsys)
    assert code == 0 and "5 change(s)" in out and "start moved" in out
    code, out, _ = run_cli(["--store", str(two_versions), "diff", "igel-2026-2030", "--format", "turtle"], capsys)
    from rdflib import Graph
    from rdflib.namespace import DCTERMS

    graph = Graph().parse(data=out, format="turtle")
    assert {str(o) for o in graph.objects(None, DCTERMS.type)} == {k for k, _ in FIVE}


def test_unknown_version_is_one_message(two_versions, capsys):
    code, _, err = run_cli(["--store", str(two_versions), "diff", "igel-2026-2030", "--from", "7"], capsys)
    assert code == 2 and "has no version '7'" in err and "Traceback" not in err


def test_export_of_a_version(two_versions, tmp_path, capsys):
    out = tmp_path / "v1"
    code, _, err = run_cli(
        [
            "--store",
            str(two_versions),
            "export-workbook",
            "--plan",
            "igel-2026-2030",
            "--version",
            "1",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    numbers = (out / "measures.csv").read_text(encoding="utf-8")
    assert "3.1.3" in numbers and "4.1.3" not in numbers
