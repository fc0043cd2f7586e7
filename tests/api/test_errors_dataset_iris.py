"""An empty or relative ``default-graph-uri`` / ``named-graph-uri`` is bad input (400
with one message), not a server error (issue 12 found 500)."""

from __future__ import annotations

import pytest

from igel_graph.errors import UsageError
from igel_graph.iris import absolute_iri

ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize("value", ["", "relative", "http://e/a b", "http://e/a\u3000b"])
def test_absolute_iri_refuses_what_the_protocol_cannot_use(value):
    with pytest.raises(UsageError) as info:
        absolute_iri(value, "default-graph-uri")
    assert info.value.http_status == 400 and "default-graph-uri" in info.value.message


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["", "relative"])
def test_bad_dataset_iri_on_sparql_is_400(client, param, value):
    r = client.get("/sparql", params={"query": ASK, param: value})
    assert r.status_code == 400, r.text
    assert param in r.json()["message"]
