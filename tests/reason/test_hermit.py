"""HermiT through owlready2 (igel_graph.reason.hermit): entailments, consistency, and
the explanation of an inconsistency."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from reason_expected import EXPECTED, FIXTURES, MINI_DATA_GRAPH

from igel_graph.errors import InconsistentOntology
from igel_graph.namespaces import Graphs
from igel_graph.reason import hermit as hermit_module
from igel_graph.reason import hermit_entailments


def test_hermit_with_roll_up_gives_the_expected_set(mini):
    ontology, data = mini
    inferred, warnings = hermit_entailments({Graphs.ONTOLOGY: ontology, MINI_DATA_GRAPH: data})
    assert set(inferred) == EXPECTED
    assert warnings == []


def test_owlready2_alone_misses_the_super_property_values(mini):
    # the trap roll_up exists for: HermiT's output through owlready2 has the chain
    # values but not lead -> collaborator -> involvedActor
    from reason_expected import GSD, F, M

    from igel_graph.namespaces import IGEL

    ontology, data = mini
    union = ontology + data
    raw = hermit_module.run_hermit(union).new
    assert (M, IGEL.measureInField, F) in raw
    assert (M, IGEL.collaborator, GSD) not in raw
    assert (M, IGEL.collaborator, GSD) in hermit_module.roll_up(union, raw)


def test_real_data_is_consistent(real_parts):
    inferred, warnings = hermit_entailments(real_parts)
    assert len(inferred) > 0
    assert warnings == []  # no unsatisfiable class in the ontology


def _contradiction(real_parts, name: str) -> str:
    fixture = Graph().parse(FIXTURES / name)
    parts = {Graphs.ONTOLOGY: real_parts[Graphs.ONTOLOGY], URIRef("urn:test:" + name): fixture}
    with pytest.raises(InconsistentOntology) as err:
        hermit_entailments(parts)
    return str(err.value)


def test_disjoint_classes_are_named(real_parts):
    message = _contradiction(real_parts, "contradictory-classes.ttl")
    assert message.startswith("HermiT finds the ontology plus data inconsistent")
    assert "id:actor/bevoelkerung is both igel:Organisation and igel:StakeholderGroup" in message
    assert "igel:Organisation owl:disjointWith igel:StakeholderGroup" in message
    assert "id:actor/bevoelkerung a igel:PublicAuthority" in message  # why it is an organisation


def test_disjoint_properties_are_named(real_parts):
    message = _contradiction(real_parts, "contradictory-roles.ttl")
    assert "id:plan/test/measure/9.9.1 is related to id:actor/gsd by both igel:lead and igel:addressee" in message
    assert "igel:lead owl:propertyDisjointWith igel:addressee" in message


def test_conflict_through_a_domain_is_traced(real_parts):
    message = _contradiction(real_parts, "contradictory-domain.ttl")
    assert "id:plan/test/goal/9.9 is both igel:Goal and igel:Measure" in message
    assert "owl:AllDisjointClasses" in message
    # the statement and the domain axiom that make the goal a measure
    assert "id:plan/test/goal/9.9 igel:start id:time/2026-Q1 (domain of igel:" in message
    assert ": igel:Measure)" in message


def test_missing_java_says_what_to_do(monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    monkeypatch.setattr(hermit_module, "_FALLBACK_JAVA", "/nonexistent/java")
    with pytest.raises(hermit_module.ReasonerUnavailable) as err:
        hermit_module.java_executable()
    assert "make test" in str(err.value) and "default-jre-headless" in str(err.value)
    assert err.value.exit_code == 4


def test_java_is_found_here():
    assert Path(hermit_module.java_executable()).name.startswith("java")
