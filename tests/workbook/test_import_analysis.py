"""``igel import`` brings the analysis graph up to date: after importing a small generated
plan workbook, the stored metrics (the analysis graph) cover the new plan's actors, and the
command says that it analysed."""

from __future__ import annotations

import pytest
from wbhelp import load_graphs, run_cli

from igel_graph.namespaces import IGEL, resource

PLAN = resource("plan", "kleinplan")


@pytest.fixture
def analysed_store(tmp_path):
    """A closed store folder with the real sources, analysed (no plan 'kleinplan' yet)."""
    from igel_graph.readmodel import store_analysis
    from igel_graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    load_graphs(store, sources=True)
    store_analysis(store)
    store.close()
    return tmp_path / "store"


def _collaborators(store) -> set[str]:
    """The actors leading or partnering a measure of the new plan (the collaboration
    network's nodes that the plan brings)."""
    rows = store.query(
        f"""PREFIX igel: <{IGEL._NS}>
        SELECT DISTINCT ?a WHERE {{ ?m igel:partOfPlan ?plan ; ?role ?a . VALUES ?role {{ igel:lead igel:partner }} }}""",
        {"plan": PLAN},
    )
    return {str(a) for (a,) in rows}


def test_import_refreshes_the_analysis(analysed_store, tmp_path, capsys):
    from igel_graph.readmodel import stored_metrics
    from igel_graph.store.oxigraph import OxigraphStore

    workbook = tmp_path / "klein.xlsx"
    code, _, err = run_cli(
        ["generate", "--workbook", "--measures", "12", "--plan", "kleinplan", "--out", str(workbook)], capsys
    )
    assert code == 0, err
    code, out, err = run_cli(["--store", str(analysed_store), "import", str(workbook)], capsys)
    assert code == 0, err
    assert "Imported:" in out and "Analysed:" in out
    assert "Analysing the networks again" in err

    with OxigraphStore(analysed_store) as store:
        new = _collaborators(store)
        metrics = stored_metrics(store)
    assert new, "the generated plan has leads and partners"
    degree = metrics["collaboration/degree"]
    assert new <= set(degree), sorted(new - set(degree))[:5]


def test_no_analyse_leaves_the_analysis_graph(analysed_store, tmp_path, capsys):
    from igel_graph.namespaces import Graphs
    from igel_graph.store.oxigraph import OxigraphStore

    with OxigraphStore(analysed_store) as store:
        before = store.graphs()[Graphs.ANALYSIS]
    workbook = tmp_path / "klein.xlsx"
    run_cli(["generate", "--workbook", "--measures", "12", "--plan", "kleinplan", "--out", str(workbook)], capsys)
    code, out, _ = run_cli(["--store", str(analysed_store), "import", str(workbook), "--no-analyse"], capsys)
    assert code == 0 and "Analysed:" not in out
    with OxigraphStore(analysed_store) as store:
        assert store.graphs()[Graphs.ANALYSIS] == before
