"""The OpenAPI document tells the truth about errors and authentication: every write
operation declares the bearer scheme, every operation documents its error statuses with
the problem body, and the bodies sent match that schema. Secrets in a URL never reach
the access log."""

from __future__ import annotations

import logging

import pytest

from api.log_filter import RedactSecrets, redact
from api.openapi_doc import PROBLEM_SCHEMA

WRITES = [
    ("/sparql/update", "post"),
    ("/upload", "post"),
    ("/rdf-graphs", "put"),
    ("/rdf-graphs", "post"),
    ("/rdf-graphs", "delete"),
    ("/api/plans/import", "post"),
]
#: writes with a per-organisation reporting token instead of the write token
REPORTS = [("/api/monitoring/{kind}", "post")]


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/openapi.json").json()


@pytest.mark.parametrize("path, method", WRITES)
def test_write_operations_declare_bearer_security(spec, path, method):
    operation = spec["paths"][path][method]
    assert operation["security"] == [{"bearer": []}]
    assert {"401", "403", "409", "413", "415", "422"} <= set(operation["responses"])
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The write token (IGEL_WRITE_TOKEN on the server).",
    }


def test_every_operation_documents_its_errors_with_the_problem_body(spec):
    assert spec["components"]["schemas"]["Problem"] == PROBLEM_SCHEMA
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "406", "413", "415", "422"):
                content = operation["responses"][status]["content"]
                assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}, (
                    path,
                    method,
                    status,
                )
            assert "security" not in operation or (path, method) in WRITES + REPORTS, (path, method)


@pytest.mark.parametrize("path, method", REPORTS)
def test_reporting_operations_declare_the_reporting_token(spec, path, method):
    operation = spec["paths"][path][method]
    assert operation["security"] == [{"reporting": []}]
    assert {"401", "403", "422"} <= set(operation["responses"])
    # every scheme an operation names is declared (an undeclared one breaks OpenAPI clients)
    for methods in spec["paths"].values():
        for op in methods.values():
            for requirement in op.get("security", []):
                assert set(requirement) <= set(spec["components"]["securitySchemes"]), requirement


def _conforms(body: dict) -> None:
    """``body`` has every required member of the problem schema with the right type."""
    types = {"string": str, "integer": int, "array": list, "object": dict}
    for name in PROBLEM_SCHEMA["required"]:
        assert name in body, name
    for name, value in body.items():
        declared = PROBLEM_SCHEMA["properties"].get(name)
        assert declared is not None, f"undocumented member {name}"
        kinds = declared["type"] if isinstance(declared["type"], list) else [declared["type"]]
        assert any(value is None if k == "null" else isinstance(value, types[k]) for k in kinds), (name, value)


def test_422_400_404_bodies_match_the_problem_schema(client):
    bad_param = client.get("/api/queries/measures-of-actor", params={"limit": "many"})
    assert bad_param.status_code == 422
    assert bad_param.headers["content-type"].startswith("application/problem+json")
    _conforms(bad_param.json())
    assert bad_param.json()["status"] == 422 and bad_param.json()["parameter"] == "limit"
    syntax = client.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert syntax.status_code == 400
    _conforms(syntax.json())
    missing = client.get("/rdf-graphs", params={"graph": "https://w3id.org/igel/graph/none"})
    assert missing.status_code == 404
    _conforms(missing.json())
    assert missing.json()["type"] == "https://w3id.org/igel/problems/NotFound"


def test_token_in_the_query_string_is_redacted_from_the_access_log():
    # uvicorn's access record: (client, method, path with query, HTTP version, status)
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/sparql/update?access_token=s3cret&token=t0k", "1.1", 401),
        None,
    )
    assert RedactSecrets(["t0k"]).filter(record)
    line = record.getMessage()
    assert "s3cret" not in line and "t0k" not in line
    assert "access_token=***" in line and "token=***" in line
    assert redact("/sparql?query=ASK%7B%7D", ()) == "/sparql?query=ASK%7B%7D"
