"""The gap report leads with the five most important findings and filters the rest.

Expected findings are those of ``/api/analysis/findings`` on the built store (the analysis
graph): the plan's data gives exactly five of severity "high" (three concerned groups
without a role: patients, relatives, health professionals; and the GSD as hub and as
sole link of the VLG and the IGeL Forum bodies).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

GSD = "https://w3id.org/igel/id/actor/gsd"
FIELD3 = "https://w3id.org/igel/id/plan/igel-2026-2030/field/3"


def _gaps(client, **params) -> str:
    r = client.get("/gaps", params={"lang": "en", **params})
    assert r.status_code == 200
    return unescape(r.text)


def _shown(html: str) -> tuple[int, int]:
    """(shown, total) from the heading "All findings (N of M)"."""
    m = re.search(r'\(<span id="shown-count">(\d+)</span> of (\d+)\)', html)
    assert m, "the heading counts the findings shown"
    return int(m.group(1)), int(m.group(2))


def _findings(client) -> list[dict]:
    return client.get("/api/analysis/findings").json()["findings"]


def _lead(html: str) -> str:
    return html[html.index('<section class="lead-findings"') : html.index('<section aria-labelledby="all-heading"')]


def _on_example_data(finding) -> bool:
    return any("/id/example/" in e for e in finding["evidence"])


def test_the_five_high_findings_lead_by_the_stated_rule(client):
    findings = _findings(client)
    # the plan's own high findings (tests/analysis/test_real_calibration pins them at 5);
    # findings on the invented example monitoring data never enter the lead
    high = [f for f in findings if f["severity"] == "high" and not _on_example_data(f)]
    assert len(high) == 5
    assert any(_on_example_data(f) and f["severity"] == "high" for f in findings)
    html = _gaps(client)
    assert 'id="example-banner"' in html
    lead = _lead(html)
    ids = re.findall(r'<article class="finding" id="f-([0-9a-f]{12})"', lead)
    # severity, then the number of resources it rests on (most first)
    expected = sorted(high, key=lambda f: (-len(f["evidence"]), f["iri"]))
    assert len(ids) == 5 and ids[0] == expected[0]["iri"].rsplit("/", 1)[-1]
    assert {i for i in ids} == {f["iri"].rsplit("/", 1)[-1] for f in high}
    counts = [len(next(f for f in high if f["iri"].endswith(i))["evidence"]) for i in ids]
    assert counts == sorted(counts, reverse=True)
    assert "Order: by severity first" in lead


def test_filters_narrow_the_list_and_stay_in_the_url(client):
    findings = _findings(client)
    total = len(findings)
    html = _gaps(client, severity="high")
    assert _shown(html) == (sum(f["severity"] == "high" for f in findings), total)
    assert '<option value="high" selected>' in html
    only = _gaps(client, kind="sole-broker")
    assert _shown(only) == (1, total) and 'id="sole-broker"' in only and 'id="hub-and-spoke"' not in only
    none = _gaps(client, severity="high", kind="knock-on-risk")
    assert '<p class="notice" id="no-match">No finding matches these filters.' in none


def test_actor_and_field_filters(client):
    findings = _findings(client)
    about_gsd = _gaps(client, actor=GSD)
    shown = _shown(about_gsd)[0]
    # at least every finding whose evidence names the GSD
    assert shown >= sum(1 for f in findings if GSD in f["evidence"]) > 0
    assert f'<option value="{GSD}" selected>' in about_gsd
    field3 = _gaps(client, field=FIELD3)
    all_part = field3[field3.index('aria-labelledby="all-heading"') :]
    assert "Health professionals: named in 3 Continuously optimise" in all_part
    assert "1.1.1 IGeL strategy 2035 ff. adopted: Cantonal government" not in all_part  # 1.1.1 is in field 1


def test_each_finding_links_its_view_with_selection_and_highlight(client):
    html = _gaps(client, kind="sole-broker")
    part = html[html.index('aria-labelledby="all-heading"') :]
    link = unescape(re.search(r'href="(/views/[^"]+)">Show in the view', part).group(1))
    url = urlsplit(link)
    q = parse_qs(url.query)
    assert url.path == "/views/collaboration"
    assert q["select"] == [GSD] and q["lang"] == ["en"]
    highlight = q["highlight"][0].split(",")
    assert GSD in highlight and "https://w3id.org/igel/id/actor/vlg" in highlight
    # the fragment the explorer reads: sel=<IRI>&hl=<IRI,...>, each IRI percent-encoded
    frag = dict(part.split("=", 1) for part in url.fragment.split("&"))
    assert unquote(frag["sel"]) == GSD
    assert [unquote(h) for h in frag["hl"].split(",")] == highlight


def test_each_finding_lists_its_statements_and_sources(client):
    part = _gaps(client, kind="hub-and-spoke")
    part = part[part.index('aria-labelledby="all-heading"') :]
    evidence = part[part.index('<details class="evidence">') :]
    assert re.search(r"Evidence: \d+ statements and their sources", evidence)
    assert "/id/source/igel-aktionsplan-2026-2030/passage/" in evidence
    assert "– lead –" in evidence  # the ontology's label of igel:lead
