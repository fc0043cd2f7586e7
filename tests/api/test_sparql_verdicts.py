"""The first wall's verdicts kept per query text (api/sparql/memo.py, used by the query
worker): a text that passed is not lexed again, a refused one is checked every time it
comes, and however full the cache is, a new text always gets the real check."""

from __future__ import annotations

import time

import httpx
import pytest
from safety_support import REMOTE_MARK, Listener, small_server

from api.sparql.memo import Accepted
from igel_graph.errors import ForbiddenQuery, NotAcceptable
from igel_graph.sparql_guard import check_query

#: issue 12's reproduction (U+3000 inside an IRI hides the SERVICE from a naive scanner)
HIDDEN_SERVICE = "SELECT * WHERE {{ OPTIONAL {{ ?s <http://e/\u3000#> ?o }} SERVICE <{url}> {{ ?x ?p ?o }} }}"


class _Counting:
    """check_query, counting its calls (the real check, not a stand-in)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text):
        self.calls += 1
        return check_query(text)


def test_a_refused_text_stays_refused_however_often_it_comes():
    check = _Counting()
    verdicts = Accepted(check, size=8)
    text = "SELECT * { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }"
    for _ in range(5):
        with pytest.raises(ForbiddenQuery, match="SERVICE"):
            verdicts(text)
    assert check.calls == 5  # checked each time: a refusal is never remembered
    assert len(verdicts) == 0


def test_a_full_cache_never_admits_a_new_refused_text():
    check = _Counting()
    verdicts = Accepted(check, size=16)
    for i in range(40):  # more accepted texts than it keeps
        assert verdicts(f"SELECT * {{ ?s ?p {i} }}").form == "SELECT"
    assert len(verdicts) == 16
    calls = check.calls
    # new texts, each one character away from a kept one or hiding a SERVICE
    refused = [f"SELECT * {{ ?s ?p {i} SERVICE <http://x/> {{}} }}" for i in range(24, 40)]
    refused += [HIDDEN_SERVICE.format(url=f"http://127.0.0.1:{port}/x") for port in range(9000, 9010)]
    for text in refused:
        with pytest.raises(ForbiddenQuery):
            verdicts(text)
    assert check.calls == calls + len(refused)
    assert len(verdicts) == 16


def test_a_kept_verdict_is_the_real_one_and_skips_the_lexer():
    check = _Counting()
    verdicts = Accepted(check, size=4)
    text = "PREFIX g: <http://g/> ASK FROM g:one FROM NAMED <http://g/two> { ?s ?p ?o }"
    first, again = verdicts(text), verdicts(text)
    assert check.calls == 1 and again is first
    real = check_query(text)
    assert (again.form, again.default_graphs, again.named_graphs) == (
        real.form,
        real.default_graphs,
        real.named_graphs,
    )
    assert [str(g) for g in again.default_graphs] == ["http://g/one"]  # written in the text above


def test_long_texts_are_checked_every_time_and_not_kept():
    check = _Counting()
    verdicts = Accepted(check, size=4, max_chars=100)
    text = "SELECT * { ?s ?p ?o } # " + "x" * 200
    verdicts(text)
    verdicts(text)
    assert check.calls == 2 and len(verdicts) == 0


def test_least_recently_used_goes_first():
    check = _Counting()
    verdicts = Accepted(check, size=2)
    a, b, c = "ASK { ?a ?p ?o }", "ASK { ?b ?p ?o }", "ASK { ?c ?p ?o }"
    verdicts(a)
    verdicts(b)
    verdicts(a)  # a is now the most recent
    verdicts(c)  # b goes
    calls = check.calls
    verdicts(a)
    assert check.calls == calls
    verdicts(b)
    assert check.calls == calls + 1


def test_a_format_nobody_serves_is_refused_each_time():
    from api.sparql import worker

    worker._load_hot_path()
    chosen = worker._HOT["formats_chosen"]
    for _ in range(3):
        with pytest.raises(NotAcceptable, match="A SELECT result cannot be given as 'image/png'"):
            chosen(("image/png", None, "SELECT"))
    assert chosen(("application/sparql-results+json", None, "SELECT")).name == "json"
    assert chosen((None, "csv", "SELECT")).name == "csv"


# ------------------------------------------------------------------ behind the endpoint


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with small_server(tmp_path_factory.mktemp("verdicts") / "store") as url:
        with httpx.Client(base_url=url, timeout=60) as c:
            yield c


def test_repeated_refused_queries_get_400_every_time_and_no_connection(endpoint):
    ok = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(20):  # the accepted text is kept by every worker that ran it
        r = endpoint.get("/sparql", params={"query": ok})
        assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "3"
    with Listener() as listener:
        text = HIDDEN_SERVICE.format(url=listener.url)
        statuses = [endpoint.get("/sparql", params={"query": text}).status_code for _ in range(12)]
        time.sleep(0.2)  # a call from a worker would have arrived by now
    assert statuses == [400] * 12
    assert listener.connections == 0
    r = endpoint.get("/sparql", params={"query": ok})
    assert r.status_code == 200 and REMOTE_MARK not in r.text
