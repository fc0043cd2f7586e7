"""Reading RDF files: format guessing and parse errors with line and column.

Expected positions are counted by hand in the small inputs written by each test.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, URIRef

from igel_graph.errors import ParseError
from igel_graph.rdfio import guess_format, normalise_format, parse_file, parse_text


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("a.ttl", "turtle"),
        ("a.nt", "nt"),
        ("a.nq", "nquads"),
        ("a.trig", "trig"),
        ("a.rdf", "xml"),
        ("a.owl", "xml"),
        ("a.jsonld", "json-ld"),
        ("A.TTL", "turtle"),
    ],
)
def test_guess_format_by_suffix(name, fmt):
    assert guess_format(name) == fmt


def test_unknown_suffix_is_a_parse_error_naming_the_file():
    with pytest.raises(ParseError) as err:
        guess_format("notes.docx")
    assert "notes.docx" in str(err.value) and ".docx" in str(err.value)


def test_unknown_format_name_lists_the_known_ones():
    with pytest.raises(ParseError) as err:
        normalise_format("yaml")
    assert "'yaml'" in str(err.value) and "turtle" in str(err.value)


def test_turtle_file_parses(tmp_path):
    f = tmp_path / "ok.ttl"
    f.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c , ex:d .\n")
    g = parse_file(f)
    assert isinstance(g, Graph) and not isinstance(g, Dataset)
    assert set(g.objects()) == {URIRef("http://example.org/c"), URIRef("http://example.org/d")}


def test_trig_file_gives_a_dataset(tmp_path):
    f = tmp_path / "ok.trig"
    f.write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }\n")
    ds = parse_file(f)
    assert isinstance(ds, Dataset)
    assert len(ds.graph(URIRef("http://example.org/g"))) == 1


def test_turtle_error_has_line_and_column(tmp_path):
    f = tmp_path / "bad.ttl"
    # line 3, the undeclared prefix "foo:" starts at column 11 (counted by hand)
    f.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b foo:c .\n")
    with pytest.raises(ParseError) as err:
        parse_file(f)
    assert (err.value.line, err.value.column) == (3, 11)
    assert str(err.value).startswith(f"{f}, line 3, column 11:")
    assert "foo" in str(err.value)


def test_ntriples_error_has_line(tmp_path):
    f = tmp_path / "bad.nt"
    f.write_text("<http://a.org/x> <http://a.org/y> <http://a.org/z> .\n<http://a.org/x> <y> .\n")
    with pytest.raises(ParseError) as err:
        parse_file(f)
    assert err.value.line == 2


def test_rdfxml_error_has_line(tmp_path):
    f = tmp_path / "bad.rdf"
    f.write_text(
        "<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        "<rdf:Description rdf:about='http://a.org/x'>\n</rdf:RDF>\n"
    )
    with pytest.raises(ParseError) as err:
        parse_file(f)
    assert err.value.line == 4


def test_jsonld_error_has_line_and_column():
    with pytest.raises(ParseError) as err:
        parse_text('{"@id":\n "x" "y"}', "jsonld", source="upload.jsonld")
    assert (err.value.line, err.value.column) == (2, 6)
    assert str(err.value).startswith("upload.jsonld, line 2")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ParseError, match="no such file"):
        parse_file(tmp_path / "absent.ttl")
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(ParseError, match="directory"):
        parse_file(tmp_path / "dir.ttl")


def test_non_utf8_file(tmp_path):
    f = tmp_path / "latin.ttl"
    f.write_bytes('@prefix ex: <http://example.org/> .\nex:a ex:b "Zürich" .\n'.encode("latin-1"))
    with pytest.raises(ParseError) as err:
        parse_file(f)
    assert err.value.line == 2


# ------------------------------------------------------------------ untrusted input (issue 12)


def test_rdf_xml_with_a_doctype_is_refused_before_rdflib_expands_it():
    from igel_graph.errors import ParseError
    from igel_graph.rdfio import parse_text

    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "x">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    with pytest.raises(ParseError) as info:
        parse_text(text, "xml", source="plan.rdf")
    assert info.value.line == 2 and "DOCTYPE" in str(info.value)


def test_the_projects_own_json_ld_context_is_inlined_and_others_refused():
    from igel_graph.errors import ParseError
    from igel_graph.rdfio import parse_text

    # "label" is a language map in the reports' context (igel_graph/reports.py)
    own = (
        '{"@context": "https://w3id.org/igel/context.jsonld", "@id": "https://w3id.org/igel/id/actor/x", '
        '"label": {"de": "X"}}'
    )
    g = parse_text(own, "json-ld")
    assert [str(o) for o in g.objects()] == ["X"]
    with pytest.raises(ParseError) as info:
        parse_text(own.replace("https://w3id.org/igel/context.jsonld", "https://example.org/ctx"), "json-ld")
    assert "is not fetched" in str(info.value)


def test_isolated_parse_returns_n_triples_and_hits_its_time_limit():
    from igel_graph.untrusted_rdf import ParseLimitExceeded, parse_isolated

    out = parse_isolated(
        b"@prefix : <http://e/> . :a :b 1 .", "turtle", "http://e/", timeout=60, memory_bytes=4 * 1024**3
    )
    assert out == b'<http://e/a> <http://e/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    with pytest.raises(ParseLimitExceeded) as info:
        parse_isolated(b"@prefix : <http://e/> . :a :b 1 .", "turtle", None, timeout=0.001, memory_bytes=4 * 1024**3)
    assert info.value.http_status == 413


def test_five_megabytes_of_character_references_parse_in_seconds_in_the_child():
    # the review's 5 MB RDF/XML of character references held rdflib (expat) for 16 s
    import time

    from igel_graph.untrusted_rdf import parse_isolated

    body = (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:e="http://e/"><rdf:Description rdf:about="http://e/s"><e:p>'
        + "&#x41;" * 800_000
        + "</e:p></rdf:Description></rdf:RDF>"
    ).encode()
    assert len(body) > 4_800_000
    started = time.monotonic()
    out = parse_isolated(body, "xml", None, timeout=60, memory_bytes=4 * 1024**3)
    assert out.startswith(b'<http://e/s> <http://e/p> "AAAA') and out.count(b"A") == 800_000
    assert time.monotonic() - started < 15
