"""Inline SVG charts: bar heights proportional to the values (computed by hand)."""

import re

from visualizations.pages.svg import stacked_bars, timeline


def test_stacked_bar_heights():
    svg = stacked_bars(
        ["2026", "2027"],
        {"A": {"2026": 100.0, "2027": 50.0}, "B": {"2027": 50.0}},
        {"A": "#111111", "B": "#222222"},
        title="Kosten",
        width=400,
        height=300,
    )
    # plot height = 300 - 40 (bottom) - 20 (top) = 240; the peak (100) fills it
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert heights == [240.0, 120.0, 120.0]
    assert "<title>Kosten</title>" in svg and "2027 · B: 50 " in svg


def test_timeline_puts_items_in_their_cells():
    svg = timeline(
        [("f1", "Feld 1")], ["Q1 2026", "Q2 2026"], [("f1", "Q2 2026", "1.1.1 Massnahme", "#0b5cad")], title="Zeitplan"
    )
    assert "<title>1.1.1 Massnahme · Q2 2026</title>" in svg
    assert ">Feld 1<" in svg
