"""Wall one (issue 12): the query check of :mod:`igel_graph.sparql_guard` on Oxigraph's own
reading of the text, on its own and behind the real endpoint; engine errors that never
echo another service's answer.

The U+3000 and ``'`` reproductions below reached a loopback listener before this check
(issue 12: "8 of 8 variants (GET, POST form, POST direct) reached a loopback listener").
"""

from __future__ import annotations

import time

import httpx
import pytest
from safety_support import AUTH, GRAPH, REMOTE_MARK, Listener, small_server

from igel_graph import sparql_guard
from igel_graph.errors import ForbiddenQuery, QuerySyntaxError
from igel_graph.sparql_guard import MAX_DEPTH, check_query, check_update

#: the reproduction of issue 12, exactly as filed (U+3000 inside the first IRI)
ISSUE_U3000 = "SELECT * WHERE { OPTIONAL { ?s <http://e/\u3000#> ?o } SERVICE <http://127.0.0.1:9911/x> { ?x ?p ?o } }"
#: the same with a ' inside the IRI ("A ' inside an IRI works the same way")
ISSUE_QUOTE = "SELECT * WHERE { OPTIONAL { ?s <http://e/'#> ?o } SERVICE <http://127.0.0.1:9911/x> { ?x ?p ?o } }"


# ------------------------------------------------------------------ the check itself


@pytest.mark.parametrize("text,column", [(ISSUE_U3000, 42), (ISSUE_QUOTE, 42)])
def test_issue_reproductions_are_refused_at_the_odd_character(text, column):
    # column 42: the character after "<http://e/" (the IRI's "<" is column 32)
    with pytest.raises(ForbiddenQuery) as err:
        check_query(text)
    assert f"line 1, column {column}" in err.value.message and "IRI" in err.value.message


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", " ", "\t"])
def test_any_whitespace_inside_an_iri_is_refused(space):
    with pytest.raises(ForbiddenQuery, match="column 31"):  # the character after "<http://e/"
        check_query(f"SELECT * WHERE {{ ?s <http://e/{space}x> ?o }}")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * where { service <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { SeRvIcE SILENT <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://x/> AS ?u) SERVICE ?u { ?s ?p ?o } }",
        # Oxigraph ends a comment at CR; rdflib and the old scan did not
        "SELECT * WHERE { ?s ?p ?o # note\r SERVICE <http://x/> { ?a ?b ?c } \n}",
        # keywords without a word boundary: Oxigraph reads "true" then "SERVICE"
        "SELECT * WHERE { ?s ?p trueSERVICE <http://x/> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://x/> { ?a ?b ?c } }",
        # a "<" after a value in parentheses that could hide a SERVICE as an IRI
        "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b)SERVICE?s#>\n{ ?x ?y ?z } }",
        # an escaped '#' in a prefixed name is no comment to Oxigraph
        "SELECT * WHERE { ?s <http://e/p> ex:a\\#b . SERVICE <http://x/> {} }",
        "SELECT * WHERE { { { OPTIONAL { ?s ?p ?o MINUS { SERVICE <http://x/> { } } } } } }",
        "SELECT * WHERE { FILTER EXISTS { SERVICE <http://x/> { } } }",
    ],
)
def test_service_in_any_form_is_refused(text):
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        check_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?service <http://e/p> 'SERVICE' . ?s ex:SERVICE ?o } # SERVICE <http://x/> {}",
        'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { }\n""" }',
        "SELECT ?x WHERE { BIND(1 AS ?x) FILTER(?x<2&&?x>0) }",
        "SELECT ?x WHERE { BIND(1 AS ?x) FILTER(?x < 2 && ?x > 0) }",
        "SELECT * WHERE { VALUES (?a ?b) { (<http://x/v#1> <http://x/v#2>) (UNDEF 'x') } }",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l "
        "FILTER(lang(?l) = 'de' && ?s IN (<http://e/a#b>, <http://e/c>)) } ORDER BY ?l LIMIT 5",
        "SELECT * WHERE { ?s <http://e/p>+ ?o . ?s (<http://e/a>|^<http://e/b>)* ?x . ?s <http://e/c>? ?y }",
    ],
)
def test_legitimate_queries_pass(text):
    assert check_query(text).form == "SELECT"


def test_every_named_query_of_the_project_passes():
    from igel_graph.queries import load_named_queries

    queries = load_named_queries()
    assert queries  # the project ships named queries (queries/*.rq)
    for named in queries.values():
        check_query(named.sparql)


def test_from_clauses_are_read_with_their_prefixes():
    info = check_query("PREFIX g: <http://g/> SELECT * FROM g:one FROM NAMED <http://g/two> WHERE { }")
    assert [str(x) for x in info.default_graphs] == ["http://g/one"]
    assert [str(x) for x in info.named_graphs] == ["http://g/two"]
    with pytest.raises(ForbiddenQuery, match="not declared"):
        check_query("SELECT * FROM ex:g WHERE { }")
    with pytest.raises(ForbiddenQuery, match="absolute"):
        check_query("SELECT * FROM <g> WHERE { }")
    # Oxigraph would read FROM + ex:g; the check cannot know which graph that is
    with pytest.raises(ForbiddenQuery, match="FROM"):
        check_query("PREFIX ex: <http://g/> SELECT * FROMex:g WHERE { }")


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <http://x/>",
        "load silent <http://x/> INTO GRAPH <http://g/>",
        "CLEAR ALL ; LOAD <http://x/>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    ],
)
def test_updates_with_load_or_service_are_refused(text):
    with pytest.raises(ForbiddenQuery, match="LOAD|SERVICE"):
        check_update(text)


def test_nesting_is_refused_before_any_engine_sees_it():
    # issue 12: 5,000 nested { } (a 20 KB query) crashed a worker
    text = "SELECT * WHERE " + "{ " * 5000 + "}" * 5000
    started = time.perf_counter()
    with pytest.raises(ForbiddenQuery, match=f"deeper than {MAX_DEPTH}") as err:
        check_query(text)
    assert time.perf_counter() - started < 0.5
    assert f"column {16 + 2 * MAX_DEPTH}" in err.value.message  # the 65th "{"
    assert check_query("SELECT * WHERE " + "{ " * 30 + "}" * 30).form == "SELECT"
    with pytest.raises(ForbiddenQuery, match="parentheses and brackets"):
        check_query("SELECT * WHERE { ?s ?p " + "[ ?p " * 30 + "?o" + " ]" * 30 + " }")


def test_size_limit(monkeypatch):
    monkeypatch.setattr(sparql_guard, "MAX_CHARS", 1000)
    with pytest.raises(ForbiddenQuery, match="at most 1,000"):
        check_query("SELECT * WHERE { ?s ?p ?o }" + " " * 1000)


def test_a_large_values_query_is_checked_in_linear_time():
    rows = " ".join(f'(<http://example.org/item/{i}> "label {i}")' for i in range(25_000))
    text = f"SELECT * WHERE {{ VALUES (?s ?l) {{ {rows} }} ?s ?p ?o }}"
    assert len(text) > 1_000_000
    started = time.perf_counter()
    assert check_query(text).form == "SELECT"
    # about 0.1 s here; rdflib's parser took 11 s for a third of this
    assert time.perf_counter() - started < 3.0


def test_syntax_errors_name_line_and_column():
    with pytest.raises(QuerySyntaxError) as err:
        check_query("SELECT *\nWHERE { ?s ?p ?o .\n  ?s ?p \u00a0 }")
    assert (err.value.line, err.value.column) == (3, 9)  # after two spaces and '?s ?p '
    with pytest.raises(QuerySyntaxError, match="never closed"):
        check_query("SELECT * WHERE { ?s ?p <http://e/")


# ------------------------------------------------------------------ engine errors


def test_engine_failures_never_echo_the_remote_answer():
    import pyoxigraph

    secret = b"SECRET-INTERNAL-ANSWER-91c2"
    with Listener(status="500 Internal Server Error", body=secret) as listener:
        try:
            list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
            raised = None
        except (OSError, RuntimeError) as exc:
            raised = exc
    assert raised is not None and "SECRET" in str(raised)  # Oxigraph itself echoes it
    shown = sparql_guard.engine_failure(raised)
    assert "SECRET" not in str(shown) and str(shown).startswith("The query failed in the store")


# ------------------------------------------------------------------ behind the endpoint


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with small_server(tmp_path_factory.mktemp("safety") / "store") as url:
        with httpx.Client(base_url=url, timeout=60) as c:
            yield c


def _send(client: httpx.Client, how: str, text: str) -> httpx.Response:
    if how == "get":
        return client.get("/sparql", params={"query": text})
    if how == "form":
        return client.post("/sparql", data={"query": text})
    return client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"})


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("template", [ISSUE_U3000, ISSUE_QUOTE])
def test_issue_reproductions_get_400_and_no_connection(endpoint, how, template):
    with Listener() as listener:
        text = template.replace("http://127.0.0.1:9911/x", listener.url)
        r = _send(endpoint, how, text)
        time.sleep(0.2)  # a call from the worker would have arrived by now
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "ForbiddenQuery" and REMOTE_MARK not in r.text
    assert listener.connections == 0


def test_update_with_hidden_service_gets_400_and_no_connection(endpoint):
    with Listener() as listener:
        text = (
            f"INSERT {{ GRAPH <{GRAPH}> {{ ?x ?p ?o }} }} WHERE {{ OPTIONAL {{ ?s <http://e/\u3000#> ?o }} "
            f"SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
        )
        r = endpoint.post(
            "/sparql/update", content=text.encode(), headers={**AUTH, "content-type": "application/sparql-update"}
        )
    assert r.status_code == 400 and r.json()["error"] == "ForbiddenQuery"
    assert listener.connections == 0


def test_deep_nesting_gets_400_and_the_workers_keep_answering(endpoint):
    r = _send(endpoint, "direct", "SELECT * WHERE " + "{ " * 5000 + "}" * 5000)
    assert r.status_code == 400 and "deeper than" in r.json()["message"]
    ok = _send(endpoint, "get", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert ok.status_code == 200 and ok.json()["results"]["bindings"][0]["n"]["value"] == "3"


def test_using_graph_uri_cannot_smuggle_service_or_load(endpoint):
    """The route pastes ``using-graph-uri`` into the update text; the store checks the
    final text again, so a parameter that closes the IRI gets nowhere."""
    with Listener() as listener:
        for smuggled in (
            f"http://g/> WHERE {{ }} ; LOAD <{listener.url}",
            f"http://g/> WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }} ; INSERT {{ ?s ?p ?o }} USING <http://g/",
        ):
            r = endpoint.post(
                "/sparql/update",
                params={"using-graph-uri": smuggled},
                content=f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}".encode(),
                headers={**AUTH, "content-type": "application/sparql-update"},
            )
            assert r.status_code == 400, r.text
        time.sleep(0.2)
    assert listener.connections == 0


def test_using_must_name_graphs_of_the_store_when_they_are_known():
    from rdflib import URIRef

    from api.sparql.safety import inspect_update

    text = "INSERT { GRAPH <http://g/a> { ?s ?p ?o } } USING <http://127.0.0.1:1/x> WHERE { ?s ?p ?o }"
    assert [str(g) for g in inspect_update(text).using_graphs] == ["http://127.0.0.1:1/x"]
    with pytest.raises(ForbiddenQuery, match="^USING <http://127.0.0.1:1/x> is refused"):
        inspect_update(text, own={URIRef("http://g/a")})
    assert inspect_update(text.replace("http://127.0.0.1:1/x", "http://g/a"), own={URIRef("http://g/a")})


def test_the_text_that_hides_service_from_rdflibs_parser_is_refused():
    """Why the check does not rest on rdflib's parser: rdflib expands ``\\u000A`` before
    it parses, so its comment ends early and the SERVICE line falls into a long string;
    Oxigraph keeps the comment whole and runs the SERVICE (it calls the listener)."""
    import pyoxigraph
    from rdflib.plugins.sparql.parser import parseQuery

    with Listener() as listener:
        text = f'SELECT * WHERE {{ ?s ?p ?o . # \\u000A """\nSERVICE <{listener.url}> {{ ?x ?y ?z }}\n# """ ?p2 ?o2\n}}'
        assert "ServiceGraphPattern" not in repr(parseQuery(text))
        store = pyoxigraph.Store()
        store.add(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode("http://e/s"), pyoxigraph.NamedNode("http://e/p"), pyoxigraph.Literal("o")
            )
        )
        list(store.query(text, use_default_graph_as_union=True))
        assert listener.connections == 1
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        check_query(text)
