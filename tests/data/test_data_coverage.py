"""``ontology/data/COVERAGE.md`` covers both sources and states only what the data holds.

Issue 10: "every sentence (or table row) → the statements that model it, or 'not modelled,
because …'". The quotes of COVERAGE.md (its backtick spans) must together cover every line
of both sources, and every statement it writes in short form (``m:1.1.2 igel:lead a:gsd``)
must be in the data files or the vocabularies.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, QB, RDF, RDFS
from sourcetext import DATA, SOURCE_FILES, VOCABULARIES, normalise, parse

from igel_graph.namespaces import ID_BASE, IGEL

COVERAGE = DATA / "COVERAGE.md"
PLAN = ID_BASE + "plan/igel-2026-2030/"
#: the short forms COVERAGE.md declares in its legend
SHORT = {
    "id:": ID_BASE,
    "f:": PLAN + "field/",
    "g:": PLAN + "goal/",
    "m:": PLAN + "measure/",
    "a:": ID_BASE + "actor/",
    "bl:": PLAN + "budget/line/",
}
PREDICATES = {"igel:": str(IGEL._NS), "dcterms:": str(DCTERMS), "org:": str(ORG), "qb:": str(QB), "rdfs:": str(RDFS)}


@pytest.fixture(scope="module")
def spans() -> list[str]:
    """Every backtick span of COVERAGE.md, longest first."""
    text = COVERAGE.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`([^`]+)`", text)), key=len, reverse=True)


@pytest.fixture(scope="module")
def data() -> Graph:
    union = Graph()
    for path in [*sorted(DATA.glob("*.ttl")), *sorted(VOCABULARIES.glob("*.ttl"))]:
        union += parse(path)
    return union


@pytest.mark.parametrize("stem", ["igel-aktionsplan-2026-2030", "bw-modellprojekt"])
def test_every_line_of_the_source_is_quoted(spans, stem):
    quotes = [s for s in spans if len(s) >= 4]
    uncovered = []
    for line in SOURCE_FILES[stem].read_text(encoding="utf-8").splitlines():
        rest = normalise(line)
        for quote in quotes:
            rest = rest.replace(quote, " ")
        if re.search(r"\w", rest):
            uncovered.append((normalise(line)[:60], rest.strip()[:80]))
    assert uncovered == []


def _resolve(token: str, table: dict[str, str]) -> URIRef | None:
    for prefix, base in table.items():
        if token.startswith(prefix) and len(token) > len(prefix):
            return URIRef(base + token[len(prefix) :])
    return None


def test_every_statement_written_is_in_the_data(spans, data):
    checked = 0
    for span in spans:
        tokens = span.split(None, 2)
        if len(tokens) < 2:
            continue
        subject = _resolve(tokens[0], SHORT)
        predicate = RDF.type if tokens[1] == "a" else _resolve(tokens[1], PREDICATES)
        if subject is None or predicate is None:
            continue
        if len(tokens) == 2 or tokens[2].startswith('"'):
            assert (subject, predicate, None) in data, span
        else:
            for obj in tokens[2].split(", "):
                target = _resolve(obj, PREDICATES) if tokens[1] == "a" else _resolve(obj, SHORT)
                assert target is not None, span
                assert (subject, predicate, target) in data, (span, obj)
        checked += 1
    assert checked > 150  # COVERAGE.md states the model, not only prose
