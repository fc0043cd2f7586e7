"""The static export: standalone files, nothing loaded from elsewhere, links to files."""

import re

import pytest

from api.export import export_site, export_targets
from igel_graph.settings import Settings


@pytest.fixture(scope="module")
def exported(oxi_built, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    report = export_site(oxi_built, Settings(store=str(out / "unused")), out)
    return out, report


def test_every_page_and_view_in_both_languages(exported):
    out, report = exported
    for stem in export_targets().values():
        for lang in ("de", "en"):
            assert (out / f"{stem}.{lang}.html").is_file()
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "MIT License" in (out / "vis-network-LICENSE.txt").read_text(encoding="utf-8")


def test_files_load_nothing_from_anywhere(exported):
    out, _ = exported
    for path in out.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script src=" not in html, path.name
        assert '<link rel="stylesheet"' not in html, path.name
        assert not re.search(r'src="(?!data:)[^"]+"', html), path.name


def test_links_point_to_exported_files_or_iris(exported):
    out, _ = exported
    html = (out / "view-collaboration.en.html").read_text(encoding="utf-8")
    assert 'href="view-plan.en.html"' in html and 'href="view-collaboration.de.html"' in html
    assert '"url": "https://w3id.org/igel/id/actor/gsd"' in html
    landing = (out / "index.de.html").read_text(encoding="utf-8")
    assert 'href="plan.de.html"' in landing and 'href="index.en.html"' in landing
    assert 'href="/' not in landing  # no site-absolute path survives


def test_the_monitoring_dashboard_is_exported_read_only_with_its_charts(exported):
    out, _ = exported
    for lang, banner in (("de", "Beispieldaten"), ("en", "Example data")):
        html = (out / f"monitoring.{lang}.html").read_text(encoding="utf-8")
        # the dashboard with its inline SVG charts: status per field and per goal, the starts
        # timeline, the money, and one per indicator with values (observations.csv: 1.1/1,
        # 2.1/3, 3.1/2 and 4.1/3)
        assert html.count('<svg class="chart"') >= 8, lang
        assert 'id="example-banner"' in html and banner in html
        assert 'id="as-of-line"' in html
        # read-only: no reporting form, no token field, nothing posting to a server
        assert "<form" not in html and 'name="token"' not in html and 'method="post"' not in html
        assert 'id="read-only-note"' in html
        # links to other exported pages are files; measure links go to their IRIs
        assert f'href="gaps.{lang}.html' in html
        assert 'href="https://w3id.org/igel/id/plan/igel-2026-2030/measure/2.1.1"' in html
        assert 'href="/' not in html


def test_the_exported_collaboration_view_names_its_day_without_asking_a_server(exported):
    out, _ = exported
    html = (out / "view-collaboration.en.html").read_text(encoding="utf-8")
    # the status colours are those of the export's day (no as_of: the day it ran)
    assert 'id="as-of-line"' in html and '<option value="status"' in html
    assert 'id="as-of-form"' not in html and 'name="as_of"' not in html
