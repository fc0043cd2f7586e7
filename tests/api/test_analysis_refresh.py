"""After an accepted write, the server brings the analysis graph up to date in the
background: the stored metrics and the findings follow the data, and no request waits."""

from __future__ import annotations

import time

import httpx
import pytest
from api_test_config import TOKEN

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
INSURERS = "https://w3id.org/igel/id/actor/krankenversicherer"
# "insurers join 1.1.4 as partner" (1.1.4 reviews financing and remuneration mechanisms)
JOIN = (
    """PREFIX igel: <https://w3id.org/igel/ontology#>
INSERT DATA { GRAPH <https://w3id.org/igel/graph/source/test-refresh> {
  <https://w3id.org/igel/id/plan/igel-2026-2030/measure/1.1.4> igel:partner <%s> } }"""
    % INSURERS
)


def _stored_degree(client, node: str) -> float | None:
    r = client.get(
        "/api/queries/analysis-metrics", params={"metric": "collaboration/degree", "node": node, "format": "document"}
    )
    rows = r.json()["rows"]
    return float(rows[0]["value"]) if rows else None


def test_a_write_refreshes_the_stored_analysis(write_server):
    with httpx.Client(base_url=write_server.url, timeout=60) as c:
        before = _stored_degree(c, INSURERS) or 0.0
        gsd_before = _stored_degree(c, "https://w3id.org/igel/id/actor/gsd")
        r = c.post("/sparql/update", content=JOIN.encode(), headers=AUTH)
        assert r.status_code == 200, r.text
        started = time.monotonic()
        # the write answered before the analysis ran; cheap requests keep answering
        assert c.get("/healthz").status_code == 200
        after = before
        while time.monotonic() - started < 120 and after == before:
            time.sleep(0.5)
            after = _stored_degree(c, INSURERS) or 0.0
        # the insurers now share 1.1.4 with its lead (the GSD) and its partners
        assert after > before
        assert _stored_degree(c, "https://w3id.org/igel/id/actor/gsd") >= gsd_before
