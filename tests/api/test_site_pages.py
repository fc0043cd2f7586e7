"""Timeline and finance pages: titles, the lead column and one colour per action field.

Leads and starts are those of the action plan (section 2): 3.1.2 starts in Q2 2026 under
the GSD; 1.1.1 is the cantonal government's.
"""

from __future__ import annotations

import re
from html import unescape

from visualizations.pages.colours import field_colour


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_timeline_rows_name_measure_lead_and_field_in_its_colour(client):
    html = unescape(client.get("/timeline", params={"lang": "de"}).text)
    rows = _rows(html)
    assert len(rows) == 15  # the plan's 15 measures
    row = next(r for r in rows if "3.1.2 Neue interprofessionelle Bildungsangebote" in r)
    assert "Q2 2026" in row and "Gesundheits- und Sozialdepartement des Kantons Luzern (GSD)" in row
    first = next(r for r in rows if "1.1.1 " in r)
    assert "Regierungsrat des Kantons Luzern" in first
    for r in rows:
        number = re.search(r">(\d)\.\d\.\d ", r).group(1)
        assert f"background:{field_colour(number)}" in r, r[:200]
    # the chart paints each measure in its field's colour too
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert re.search(r'fill="' + field_colour("3") + r'"><title>3\.1\.2 ', svg)
    assert len({field_colour(n) for n in "1234"}) == 4
