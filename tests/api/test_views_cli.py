"""``igel views --out DIR``: the command writes the export; bad input gives one message."""

import pytest
import typer
from typer.testing import CliRunner

from api.cli import register_views as register
from igel_graph.errors import IgelError


@pytest.fixture
def cli_app(monkeypatch):
    """A Typer app with only the ``views`` command registered (as the plugin loader does).

    Without ``igel``'s main callback nothing resets the store chosen by an earlier
    in-process ``igel --store …`` run of another test: forget it, so IGEL_STORE counts."""
    from igel_graph.cli import app as igel_app

    monkeypatch.delitem(igel_app._state, "settings", raising=False)
    app = typer.Typer()

    @app.callback()
    def main():
        """IGeL."""

    register(app)
    return app


def test_views_command_writes_the_site(cli_app, tmp_path, monkeypatch):
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    store_dir = tmp_path / "store"
    store = OxigraphStore(store_dir)
    build_graph(store, reason=False, validate=False)
    store.close()
    monkeypatch.setenv("IGEL_STORE", str(store_dir))
    result = CliRunner().invoke(cli_app, ["views", "--out", str(tmp_path / "site"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "view-collaboration.en.html").is_file()
    assert not (tmp_path / "site" / "view-collaboration.de.html").exists()
    assert f"Open {tmp_path / 'site' / 'index.en.html'} in a browser" in result.output


def test_unknown_language_is_one_clear_error(cli_app, tmp_path):
    result = CliRunner().invoke(cli_app, ["views", "--out", str(tmp_path), "--lang", "fr"])
    assert isinstance(result.exception, IgelError)
    assert "Unknown language fr" in str(result.exception)
