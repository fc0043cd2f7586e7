"""The gap report and the findings API as of a day (issue 14: every page showing status
takes ``as_of``): the slippage findings are those of the chosen day, the others stay.

Expected values come from ontology/examples/monitoring/status.csv: the rows
``1.1.4,started,2026-09-01`` and ``1.1.3,started,2026-02-01`` / ``1.1.3,delayed,2026-09-30``
(1.1.3 never reported completed), with the curated dependency of 1.1.4 on 1.1.3. So on
31 October 2026 1.1.4 has started before its prerequisite was completed; on 31 August 2026
it had not started yet, and that finding is absent.
"""

from __future__ import annotations

from html import unescape

M114 = "https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.4"
SLIPPAGE = {"late-start", "started-before-prerequisite", "indicator-moving-away", "payments-lagging"}


def _findings(client, day: str) -> list[dict]:
    r = client.get("/api/analysis/findings", params={"as_of": day})
    assert r.status_code == 200
    body = r.json()
    assert body["as_of"] == day
    assert body["count"] == len(body["findings"])
    return body["findings"]


def _started_early(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["kind"] == "started-before-prerequisite" and f["subject"] == M114]


def test_the_api_lists_slippage_as_of_the_day(client):
    before, after = _findings(client, "2026-08-31"), _findings(client, "2026-10-31")
    assert _started_early(before) == []
    [found] = _started_early(after)
    assert found["severity"] == "high"
    assert "2026-09-01" in found["explanation"]["en"]  # the day 1.1.4 was reported started
    # the findings that do not read monitoring are the same on both days
    plan_only = [sorted(f["iri"] for f in fs if f["kind"] not in SLIPPAGE) for fs in (before, after)]
    assert plan_only[0] == plan_only[1] and plan_only[0]
    # 2.1.1 (planned Q1 2026, only "planned"/"delayed"): late by 152 days on 31 Aug -> high
    late = {f["subject"].rsplit("/", 1)[-1]: f["severity"] for f in before if f["kind"] == "late-start"}
    assert late["2.1.1"] == "high"


def test_the_api_as_of_in_csv_and_turtle(client):
    [found] = _started_early(_findings(client, "2026-10-31"))

    def get(day: str, fmt: str) -> str:
        return client.get("/api/analysis/findings", params={"as_of": day, "format": fmt}).text

    assert found["iri"] in get("2026-10-31", "csv") and found["iri"] not in get("2026-08-31", "csv")
    assert f"<{found['iri']}>" in get("2026-10-31", "turtle") or found["iri"].rsplit("/", 1)[-1] in get(
        "2026-10-31", "turtle"
    )
    assert found["iri"].rsplit("/", 1)[-1] not in get("2026-08-31", "turtle")


def test_a_bad_day_is_422(client):
    for path in ("/gaps", "/api/analysis/findings"):
        r = client.get(path, params={"as_of": "2026-02-30"})
        assert r.status_code == 422, path
        assert "as_of '2026-02-30' is not a date" in r.text


def _page(client, day: str | None, **params) -> str:
    r = client.get("/gaps", params={"lang": "en", **({"as_of": day} if day else {}), **params})
    assert r.status_code == 200
    return unescape(r.text)


def test_the_page_shows_the_day_and_its_slippage(client):
    before, after = _page(client, "2026-08-31"), _page(client, "2026-10-31")
    for day, html in (("2026-08-31", before), ("2026-10-31", after)):
        assert f'<p class="as-of-line" id="as-of-line">As of {day}</p>' in html
        assert f'<input type="date" name="as_of" value="{day}">' in html
    started_early = [line for line in after.splitlines() if "started before" in line and "1.1.4" in line]
    assert started_early, "the finding on 1.1.4 is listed on 31 October"
    assert not [line for line in before.splitlines() if "started before" in line and "1.1.4" in line]
    assert "Example data: " in after
    # the filters keep the chosen day
    filtered = _page(client, "2026-08-31", kind="late-start")
    assert '<input type="hidden" name="as_of" value="2026-08-31">' in filtered
    assert "As of 2026-08-31" in filtered


def test_without_a_day_the_page_is_as_of_today(client):
    import datetime as dt

    html = _page(client, None)
    assert f"As of {dt.date.today().isoformat()}" in html
    assert '<input type="hidden" name="as_of"' not in html  # the filters do not pin today


def test_german_page(client):
    r = client.get("/gaps", params={"lang": "de", "as_of": "2026-10-31"})
    assert "Stand: 2026-10-31" in unescape(r.text)


def _article(html: str, iri: str) -> str:
    start = html.index(f'id="f-{iri.rsplit("/", 1)[-1]}-all"')
    return html[start : html.index("</article>", start)]


def test_a_finding_of_another_day_has_no_resource_link(client):
    """spending.csv: epd-kampagne 2026 paid 0 by 30 June (lagging on 1 August 2026, 58 % of
    the year gone) and 45'000 of 50'000 later, so today's analysis graph does not hold that
    finding: the report lists it on 1 August but links no resource page for it."""
    cell = "/budget/line/epd-kampagne/2026"
    lagging = [f for f in _findings(client, "2026-08-01") if f["kind"] == "payments-lagging"]
    [epd] = [f for f in lagging if f["subject"].endswith(cell)]
    today = client.get("/api/analysis/findings", params={"kind": "payments-lagging"}).json()["findings"]
    assert epd["iri"] not in {f["iri"] for f in today}
    html = _page(client, "2026-08-01")
    path = epd["iri"].split("https://w3id.org/igel", 1)[1]
    assert path not in _article(html, epd["iri"])
    # a finding the analysis graph holds keeps its link (2.1.1 is late on both days)
    [late] = [
        f for f in _findings(client, "2026-08-01") if f["kind"] == "late-start" and f["subject"].endswith("/2.1.1")
    ]
    assert late["iri"].split("https://w3id.org/igel", 1)[1] in _article(html, late["iri"])
