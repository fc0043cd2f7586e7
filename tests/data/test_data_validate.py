"""The real data, as a whole, against the SHACL shapes and the OWL ontology.

The union of the four data files and the vocabularies is what the build validates (no
inference; ``ontology/igel.ttl`` mixed in for the subclass hierarchy). It must conform;
HermiT must find it consistent with the ontology, and the inferences the analyses rely on
(roles rolled up, actors placed in action fields) must follow from it.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from sourcetext import DATA, VOCABULARIES, parse

from igel_graph.namespaces import IGEL, Graphs, graph_for_source, resource
from igel_graph.validate import validate


@pytest.fixture(scope="module")
def data_and_vocabularies() -> Graph:
    """The union of ``ontology/data/*.ttl`` and ``ontology/vocabularies/*.ttl``."""
    union = Graph()
    for path in [*sorted(DATA.glob("*.ttl")), *sorted(VOCABULARIES.glob("*.ttl"))]:
        for triple in parse(path):
            union.add(triple)
    return union


def test_data_files_are_the_five_expected():
    stems = {p.stem for p in DATA.glob("*.ttl")}
    assert stems == {
        "igel-aktionsplan-2026-2030",
        "bw-modellprojekt",
        "reference-facts",
        "curated",
        "stakeholder-relevance",
    }
    assert {graph_for_source(s) for s in stems} == {
        *Graphs.SOURCES,
        Graphs.CURATED,
        graph_for_source("stakeholder-relevance"),
    }


def test_combined_data_conforms_to_the_shapes(data_and_vocabularies):
    report = validate(data_and_vocabularies)
    assert report.conforms, report.text


def test_without_the_curated_file_1_1_1_has_no_lead(data_and_vocabularies):
    """The lead of 1.1.1 is an interpretation: the sources alone leave the shape unmet."""
    sources_only = Graph()
    curated = parse(DATA / "curated.ttl")
    for triple in data_and_vocabularies:
        if triple not in curated:
            sources_only.add(triple)
    report = validate(sources_only)
    assert not report.conforms
    focus = {str(r["focus"]) for r in report.results}
    assert focus == {str(resource("plan", "igel-2026-2030", "measure", "1.1.1"))}


@pytest.mark.slow
def test_hermit_finds_the_data_consistent_and_places_actors():
    from igel_graph import resources
    from igel_graph.reason import hermit_entailments

    vocabularies = Graph()
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        vocabularies += parse(path)
    parts = {Graphs.ONTOLOGY: parse(resources.ontology_file()), Graphs.VOCABULARIES: vocabularies}
    parts.update({graph_for_source(p.stem): parse(p) for p in sorted(DATA.glob("*.ttl"))})
    inferred, _warnings = hermit_entailments(parts)  # raises InconsistentOntology otherwise
    gsd, bkd = resource("actor", "gsd"), resource("actor", "bkd")
    field = lambda n: resource("plan", "igel-2026-2030", "field", n)  # noqa: E731
    # GSD leads measures in all four fields; the BKD is a partner in 3.1.2 and 3.1.3 only
    assert {o for o in inferred.objects(gsd, IGEL.activeInField)} == {field(n) for n in "1234"}
    assert set(inferred.objects(bkd, IGEL.activeInField)) == {field("3")}
    assert (bkd, IGEL.collaboratesIn, resource("plan", "igel-2026-2030", "measure", "3.1.2")) in inferred
