"""One format registry: the same result in the same format is the same bytes from the
CLI and from the API (issue 11, point 5).

The CLI runs in this process on the folder the test server holds open, so it reads it
read-only (:mod:`igel_graph.store.reading`); the server is the real app over HTTP with
its real worker processes, with a row cap above the size of every named query on the
real data, so that one page (``limit``) holds all the rows the CLI prints.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from igel_graph.formats import RESULT_FORMATS
from igel_graph.queries import load_named_queries

#: above the row count of every named query on the real data (the largest has a few hundred)
ROWS = 5_000


@pytest.fixture(scope="module")
def wide(built_oxigraph):
    """An API server over the built store whose row cap lets one page hold every row."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    settings = Settings(store=str(built_oxigraph.path), max_rows=ROWS, query_timeout=30.0)
    with ServerThread(create_app(settings, store=built_oxigraph)) as running:
        with httpx.Client(base_url=running.url, timeout=60) as client:
            yield client


@pytest.fixture
def igel(built_oxigraph, capsysbinary):
    """``igel --store BUILT ARGS...`` in this process: (exit code, stdout bytes, stderr text)."""
    from igel_graph.cli.main import run

    def call(*args: str) -> tuple[int, bytes, str]:
        try:
            run(["--store", str(built_oxigraph.path), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsysbinary.readouterr()
        return code, out, err.decode()

    return call


def test_every_named_query_in_every_result_format_is_the_same_bytes_in_cli_and_api(wide, igel):
    queries = load_named_queries()
    assert len(queries) >= 15  # every .rq file of queries/
    compared = 0
    for name, q in queries.items():
        params = {p.name: p.example for p in q.parameters if p.required}
        cli_params = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
        for fmt in RESULT_FORMATS:
            code, out, err = igel("query", name, *cli_params, "--format", fmt)
            assert code == 0, (name, fmt, err)
            r = wide.get(f"/api/queries/{name}", params={**params, "format": fmt, "limit": ROWS})
            assert r.status_code == 200, (name, fmt, r.text)
            assert int(r.headers["x-total-count"]) < ROWS, name  # one page holds them all
            assert r.content == out, (name, fmt)
            compared += 1
        # and the rows are there: CSV has a header and one line per row of the total
        csv_body = wide.get(f"/api/queries/{name}", params={**params, "format": "csv", "limit": ROWS})
        assert csv_body.content.count(b"\r\n") >= int(csv_body.headers["x-total-count"]) + 1, name
    assert compared == len(queries) * 4


def test_ask_as_csv_and_tsv_is_the_same_in_cli_and_sparql_endpoint(wide, igel):
    # the plan has measures (the action plan lists 15), so the answer is true
    ask = "ASK { ?m a <https://w3id.org/igel/ontology#Measure> }"
    for fmt, expected in (("csv", b"_askResult\r\ntrue\r\n"), ("tsv", b"?_askResult\ntrue\n")):
        code, out, err = igel("sparql", ask, "--format", fmt)
        assert code == 0, err
        api = wide.get("/sparql?query=" + quote(ask) + "&format=" + fmt)
        assert api.status_code == 200
        assert out == api.content == expected


def test_select_through_sparql_endpoint_is_the_same_bytes_as_the_cli(wide, igel):
    """/sparql's workers write with pyoxigraph straight from the engine; the CLI through
    the registry: the bytes agree in every result format."""
    select = (
        "SELECT ?m ?label WHERE { ?m a <https://w3id.org/igel/ontology#Measure> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?m ?label"
    )
    for fmt in RESULT_FORMATS:
        code, out, err = igel("sparql", select, "--format", fmt)
        assert code == 0, err
        api = wide.get("/sparql", params={"query": select, "format": fmt})
        assert api.status_code == 200
        assert api.content == out, fmt
    assert out.count(b"\n") > 15  # TSV: a header and a label per measure and language
