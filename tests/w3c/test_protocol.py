"""The W3C SPARQL 1.1 protocol test suite (34 tests), run as real HTTP requests against
the API served by uvicorn on loopback.

Each manifest test lists requests in the ``ht:`` vocabulary with the expected status
class, result format and ASK value. Paths start with ``/sparql/``, which the manifest
says to rewrite to the endpoint under test: queries go to ``/sparql``, updates to the
authenticated ``/sparql/update`` (with the bearer token). Before each test the store is
emptied and the test's ``ut:graphData`` loaded through the Graph Store protocol.
Source of the expectations: ``data/sparql11/protocol/manifest.ttl`` (W3C rdf-tests).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from w3c_manifest import Request, load_protocol_tests
from w3c_state import RESULTS, TOKEN

TESTS = load_protocol_tests()
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"}


def _is_update(test_name: str, req: Request) -> bool:
    """Whether a request is an update operation (sent to the update endpoint)."""
    content_type = req.headers.get("content-type", "")
    body = (req.body or b"").decode("utf-8", "replace") if content_type and "16" not in content_type else ""
    if "sparql-update" in content_type or "update=" in req.path or body.startswith("update="):
        return True
    # the bad-update tests whose body does not say it (wrong or missing media type)
    return test_name.startswith("bad_update") and "sparql-query" not in content_type


def _target(test_name: str, req: Request) -> tuple[str, dict]:
    path = req.path.replace("/sparql/", "/sparql", 1)
    if _is_update(test_name, req):
        return path.replace("/sparql", "/sparql/update", 1), dict(AUTH)
    return path, {}


def _reset(client: httpx.Client, test) -> None:
    r = client.post(
        "/sparql/update", content=b"DROP ALL", headers={**AUTH, "content-type": "application/sparql-update"}
    )
    assert r.status_code == 200, r.text
    for file, graph in test.graph_data:
        r = client.put(
            "/rdf-graphs",
            params={"graph": graph},
            content=file.read_bytes(),
            headers={**AUTH, "content-type": "application/n-triples"},
        )
        assert r.status_code in (200, 201), r.text


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return response.json()["boolean"]
    root = ET.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text.strip() == "true"


def _check(test_name: str, req: Request, response: httpx.Response) -> None:
    status_class = f"{response.status_code // 100}xx"
    assert status_class in req.statuses, f"{response.status_code} {response.text[:300]}"
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if req.format == "boolean":
        assert media in RESULT_TYPES, media
    elif req.format == "tabular":
        assert media in TABULAR_TYPES, media
        if media == "application/sparql-results+json":
            json.loads(response.content)
    elif req.format == "RDF":
        assert media in RDF_TYPES, media
    if req.boolean is not None:
        assert _boolean(response) is req.boolean


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(test, w3c_server):
    """One manifest test: every request answered as the manifest expects."""
    RESULTS[test.name] = False
    with httpx.Client(base_url=w3c_server.url, timeout=30) as client:
        _reset(client, test)
        for req in test.requests:
            path, extra = _target(test.name, req)
            response = client.request(req.method, path, content=req.body, headers={**req.headers, **extra})
            _check(test.name, req, response)
    RESULTS[test.name] = True


def test_suite_has_34_tests():
    """The manifest copy is complete (34 protocol tests, W3C rdf-tests)."""
    assert len(TESTS) == 34
