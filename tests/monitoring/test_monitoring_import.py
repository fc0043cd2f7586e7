"""``igel monitoring import``: the example files load; broken ones are reported by sheet,
row and column and leave the store byte-identical (issue 14, "Done when")."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Literal
from rdflib.namespace import PROV, XSD

from igel_graph import resources
from igel_graph.monitoring.importer import import_monitoring
from igel_graph.namespaces import IGEL, Graphs, resource
from igel_graph.tabular import TableErrors

from .conftest import sorted_dump

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = resources.monitoring_examples_dir()
MEASURE = "plan/igel-2026-2030/measure/"


def _csv(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")


def test_example_files_load(plan_store):
    report = import_monitoring(plan_store, EXAMPLES)
    # the example files have 23 status rows, 14 indicators, 6 observations and 11 spending rows
    assert report.counts == {"status": 23, "indicators": 14, "observations": 6, "spending": 11}
    g = plan_store.graph(Graphs.MONITORING)
    reports = set(g.subjects(IGEL.reportOn, resource(MEASURE + "3.1.2")))
    assert len(reports) == 1
    (r,) = reports
    assert g.value(r, IGEL.reportedStatus) == resource("status", "started")
    assert g.value(r, IGEL.reporter) == resource("actor", "bkd")
    assert g.value(r, IGEL.validFrom) == Literal("2026-04-15T00:00:00", datatype=XSD.dateTime)
    # PROV: who, when, through which channel
    activity = g.value(r, PROV.wasGeneratedBy)
    assert g.value(activity, IGEL.channel) == Literal("spreadsheet")
    recorded = g.value(r, PROV.generatedAtTime)
    assert isinstance(recorded, Literal) and recorded.datatype == XSD.dateTime
    # recorded by this import, i.e. moments ago (the report's own date is 2026-04-15)
    age = dt.datetime.now(dt.timezone.utc) - recorded.toPython().astimezone(dt.timezone.utc)
    assert dt.timedelta(0) <= age < dt.timedelta(minutes=10), recorded
    assert g.value(r, PROV.wasAttributedTo) == resource("actor", "bkd")
    # 2.1.2's line: 800'000 of 1'000'000 paid by 31 October 2026 (spending.csv, last report)
    obs = resource("monitoring", "igel-2026-2030", "spending", "foerderprogramm-mitfinanzierung", "2026", "2026-10-31")
    assert Decimal(str(g.value(obs, IGEL.paidAmount))) == Decimal(800000)
    assert Decimal(str(g.value(obs, IGEL.committedAmount))) == Decimal(1000000)
    # nothing of it lands in a source graph
    assert (r, None, None) not in plan_store.graph(Graphs.IGEL_PLAN)


def test_importing_again_replaces_instead_of_duplicating(plan_store):
    import_monitoring(plan_store, EXAMPLES)
    first = plan_store.graph(Graphs.MONITORING)
    import_monitoring(plan_store, EXAMPLES)
    second = plan_store.graph(Graphs.MONITORING)
    assert len(set(second.subjects(IGEL.reportOn, None))) == len(set(first.subjects(IGEL.reportOn, None))) == 23


BROKEN_STATUS = """measure,status,date,reporter,note
3.1.2,started,2026-05-01,bkd,fine on its own
3.1.2,startd,2026-05-01,bkd,wrong code
9.9.9,started,2026-05-01,gsd,unknown measure
3.1.2,started,2019-05-01,bkd,date outside the plan
2.1.1,started,2026-05-01,bkd,bkd takes no part in 2.1.1
"""
BROKEN_SPENDING = """budget_line,year,date,committed,paid,reporter
epd-kampagne,2026,2026-05-01,-5,0,gsd
"""
#: (sheet, row, column letter) of each broken cell above
EXPECTED = [
    ("status", 3, "B"),
    ("status", 4, "A"),
    ("status", 5, "C"),
    ("status", 6, "A"),
    ("spending", 2, "D"),
]


def _where(errors: TableErrors) -> list[tuple[str, int, str]]:
    return [(e.sheet, e.row, e.letter) for e in errors.errors]


def test_broken_csv_reports_every_cell_and_changes_nothing(plan_store, tmp_path):
    folder = tmp_path / "broken"
    _csv(folder, "status", BROKEN_STATUS)
    _csv(folder, "spending", BROKEN_SPENDING)
    before = sorted_dump(plan_store)
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, folder)
    assert _where(info.value) == EXPECTED
    text = str(info.value)
    assert "'startd' is not a status" in text
    assert "'9.9.9' is not a measure of the plan" in text
    assert "'2019-05-01' is outside the plan (2025-01-01 to 2030-12-31)" in text
    assert "bkd neither leads nor partners in" in text
    assert "'-5' is negative" in text
    assert sorted_dump(plan_store) == before


def test_broken_xlsx_reports_the_same_cells(plan_store, tmp_path):
    wb = Workbook()
    wb.remove(wb.active)
    for name, text in (("status", BROKEN_STATUS), ("spending", BROKEN_SPENDING)):
        ws = wb.create_sheet(name)
        for line in text.strip().splitlines():
            ws.append(line.split(","))
    path = tmp_path / "broken.xlsx"
    wb.save(path)
    before = sorted_dump(plan_store)
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, path)
    assert _where(info.value) == EXPECTED
    assert sorted_dump(plan_store) == before


def test_a_token_actor_reports_only_on_its_measures(plan_store, tmp_path):
    bkd = resource("actor", "bkd")
    ok = tmp_path / "ok"
    # the plan: 3.1.2 "federführend GSD; beteiligt BKD, ..." -> BKD is a partner
    _csv(ok, "status", "measure,status,date,reporter\n3.1.2,on-track,2026-08-01,bkd\n")
    assert import_monitoring(plan_store, ok, actor=bkd).counts == {"status": 1}
    refused = tmp_path / "refused"
    _csv(refused, "status", "measure,status,date,reporter\n2.1.1,started,2026-08-01,bkd\n")
    before = sorted_dump(plan_store)
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, refused, actor=bkd)
    assert _where(info.value) == [("status", 2, "A")]
    # and it may not report in another actor's name
    other = tmp_path / "other"
    _csv(other, "status", "measure,status,date,reporter\n3.1.2,started,2026-08-01,gsd\n")
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, other, actor=bkd)
    assert _where(info.value) == [("status", 2, "D")]
    assert sorted_dump(plan_store) == before


def test_paid_above_committed_is_refused_by_the_row_check(plan_store, tmp_path):
    folder = tmp_path / "over"
    _csv(folder, "spending", "budget_line,year,date,committed,paid,reporter\nepd-kampagne,2026,2026-05-01,10,20,gsd\n")
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, folder)
    assert _where(info.value) == [("spending", 2, "E")]


def test_observation_needs_its_indicator(plan_store, tmp_path):
    folder = tmp_path / "obs"
    _csv(folder, "observations", "goal,criterion,date,value,reporter\n2.1,3,2026-05-01,5,gsd\n2.1,9,2026-05-01,5,gsd\n")
    with pytest.raises(TableErrors) as info:
        import_monitoring(plan_store, folder)
    # row 2: no indicator defined yet; row 3: goal 2.1 has criteria 1, 2, 3 only
    assert _where(info.value) == [("observations", 2, "B"), ("observations", 3, "B")]
    assert "write one of 1, 2, 3" in str(info.value)


def test_cli_exit_codes_and_template(plan_store, tmp_path):
    store_dir = tmp_path / "store"
    plan_store.close()
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "IGEL_STORE": str(store_dir)}
    folder = tmp_path / "broken"
    _csv(folder, "status", BROKEN_STATUS)
    run = [sys.executable, "-m", "igel_graph.cli.main", "monitoring"]
    bad = subprocess.run(run + ["import", str(folder)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 2, bad.stderr
    assert "Sheet 'status', row 3, column B (status)" in bad.stderr.replace("\n", " ")
    assert "Traceback" not in bad.stderr
    template = tmp_path / "t.xlsx"
    made = subprocess.run(run + ["template", "--out", str(template)], capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    wb = load_workbook(template)
    assert wb.sheetnames[:4] == ["status", "indicators", "observations", "spending"]
    assert [c.value for c in wb["status"][1]] == ["measure", "status", "date", "reporter", "note", "evidence"]
    measures = [r[0].value for r in wb["list_measures"].iter_rows(min_row=2)]
    # the plan has 15 measures, 1.1.1 to 4.1.2
    assert len(measures) == 15 and measures[0] == "1.1.1" and measures[-1] == "4.1.2"
    statuses = [r[0].value for r in wb["list_codes"].iter_rows(min_row=2) if r[0].value]
    assert statuses == ["planned", "started", "on-track", "delayed", "completed", "suspended", "dropped"]
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["status"].data_validations.dataValidation}
    assert formulas["B2"] == "list_codes!$A$2:$A$8"
    assert formulas["A2"] == "list_measures!$A$2:$A$16"
    # a department fills the template and imports it
    wb["status"].append(["3.1.3", "delayed", "2026-08-15", "bkd", "Raumfrage offen", "https://example.org/protokoll"])
    wb.save(template)
    good = subprocess.run(run + ["import", str(template), "--as", "bkd"], capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stderr
    assert "Imported 1 status" in good.stdout
    shutil.rmtree(folder)
