"""Named queries as REST: list, typed parameters (422 naming the parameter), JSON, CSV,
HTML, pagination, one OpenAPI operation per query.

Expected rows: the BKD leads or takes part in measures 3.1.2 (action plan, section 2.3);
the query files are in queries/.
"""

from __future__ import annotations

import csv
import io

import pytest


def test_list_names_every_query_file(client):
    from igel_graph.queries import load_named_queries

    names = {q["name"] for q in client.get("/api/queries").json()["queries"]}
    assert names == set(load_named_queries())


def test_each_query_is_its_own_openapi_operation(client):
    from igel_graph.queries import load_named_queries

    spec = client.get("/openapi.json").json()
    for name, q in load_named_queries().items():
        op = spec["paths"][f"/api/queries/{name}"]["get"]
        assert op["summary"] == q.title
        declared = {p["name"] for p in op["parameters"]}
        assert {p.name for p in q.parameters} | {"limit", "offset", "format"} == declared


def test_run_with_an_iri_parameter(client):
    r = client.get("/api/queries/measures-of-actor", params={"actor": "id:actor/bkd"})
    assert r.status_code == 200
    body = r.json()
    assert "https://w3id.org/igel/id/plan/igel-2026-2030/measure/3.1.2" in {row["measure"] for row in body["rows"]}
    assert body["total"] == len(body["rows"])


def test_bad_or_missing_parameter_is_422_naming_it(client):
    bad = client.get("/api/queries/measures-of-actor", params={"actor": "nonsense:x"})
    assert bad.status_code == 422 and bad.json()["parameter"] == "actor"
    missing = client.get("/api/queries/measures-of-actor")
    assert missing.status_code == 422 and missing.json()["parameter"] == "actor"
    limit = client.get("/api/queries/timeline", params={"limit": "many"})
    assert limit.status_code == 422 and limit.json()["parameter"] == "limit"


def test_csv_and_html(client):
    r = client.get("/api/queries/timeline", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv") and "measure" in rows[0]
    html = client.get("/api/queries/timeline", headers={"accept": "text/html"})
    assert html.status_code == 200 and "<table>" in html.text


def test_pagination_with_limit_and_offset(client):
    full = client.get("/api/queries/timeline", params={"limit": 50}).json()
    total = full["total"]
    assert total >= 15  # one row per measure at least (15 measures)
    first = client.get("/api/queries/timeline", params={"limit": 5}).json()
    second = client.get("/api/queries/timeline", params={"limit": 5, "offset": 5}).json()
    assert first["rows"] + second["rows"] == full["rows"][:10]
    assert first["next"] and "offset=5" in first["next"] and second["previous"]


def _plain_rows(q, store, params) -> list[dict]:
    from api.routers.queries import plain

    result = q.run(store, params)
    return [{v: plain(t) for v, t in zip(result.vars, row)} for row in result.rows]


@pytest.mark.parametrize("path", ["engine", "kept"])
def test_every_named_query_pages_through_the_rows_of_the_store(client, built_oxigraph, monkeypatch, path):
    """Pages hold exactly the rows of the whole query run on the store, whether they are
    computed by the engine (LIMIT/OFFSET, here in blocks of 7 rows so that pages of 20
    cross block borders) or sliced from the whole result kept for the store's data (as
    a large store's listings are, computed ahead: igel_graph/precompute.py)."""
    import api.routers.queries as module
    from igel_graph.queries import NamedQuery, load_named_queries

    monkeypatch.setattr(module, "BLOCK", 7)
    if path == "engine":  # whatever another test kept: this one is about the engine's pages
        monkeypatch.setattr(NamedQuery, "stored", lambda self, store, bindings: None)
    for name, q in load_named_queries().items():
        params = {p.name: p.example for p in q.parameters if p.required}
        expected = _plain_rows(q, built_oxigraph, params)  # runs it and keeps the result
        if path == "kept":
            assert q.stored(built_oxigraph, q.bindings(params)) is not None, name
        got, offset = [], 0
        while True:
            r = client.get(f"/api/queries/{name}", params={**params, "limit": 20, "offset": offset})
            assert r.status_code == 200, (name, r.text)
            body = r.json()
            assert body["total"] == len(expected) == int(r.headers["x-total-count"]), name
            got += body["rows"]
            if not body["next"]:
                break
            offset += 20
        assert sorted(map(repr, got)) == sorted(map(repr, expected)), name


def test_a_new_page_size_reuses_what_the_engine_computed(client):
    """The cache key of a named query's rows holds neither limit nor offset: another page
    size of the same query runs nothing in the workers."""

    def runs() -> int:
        return client.get("/healthz").json()["queries_run"]

    first = client.get("/api/queries/timeline", params={"lang": "en", "limit": 3}).json()
    before = runs()
    other = client.get("/api/queries/timeline", params={"lang": "en", "limit": 4, "offset": 1}).json()
    assert runs() == before
    assert other["rows"][:2] == first["rows"][1:3]
