"""A query that would run for minutes is stopped at the timeout (its worker process is
killed), while other requests keep being answered; the pool recovers afterwards."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from api_test_config import QUERY_TIMEOUT

# asserts on timing and on the worker pool's load: runs alone, after the parallel part
pytestmark = pytest.mark.alone

# 4,000 triples cubed: ~6e10 combinations, minutes of work for any engine.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_pathological_query_is_stopped_while_others_are_served(server, client):
    before = client.get("/healthz").json()["workers_restarted"]
    outcome = {}

    def slow():
        start = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=60) as c:
            r = c.get("/sparql", params={"query": PATHOLOGICAL})
        outcome["status"], outcome["body"] = r.status_code, r.json()
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)  # the slow query is running in one worker now
    answered = []
    while thread.is_alive():
        start = time.monotonic()
        page = client.get("/id/actor/gsd.ttl")
        query = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        answered.append((page.status_code, query.status_code, time.monotonic() - start))
        time.sleep(0.2)
    thread.join()
    assert outcome["status"] == 503
    assert outcome["body"]["error"] == "QueryTimeout"
    assert QUERY_TIMEOUT - 0.5 <= outcome["elapsed"] < QUERY_TIMEOUT + 5
    assert answered, "no request was made while the slow query ran"
    assert all(p == 200 and q == 200 for p, q, _ in answered)
    assert max(t for _, _, t in answered) < QUERY_TIMEOUT
    health = client.get("/healthz").json()
    assert health["workers_restarted"] == before + 1
    # the replacement worker comes up and the endpoint answers fully again
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        results = [client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code for _ in range(4)]
        if results == [200] * 4:
            break
    assert results == [200] * 4
