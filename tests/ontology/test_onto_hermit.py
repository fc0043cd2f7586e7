"""HermiT (through owlready2) on the ontology and its vocabularies: consistent, and the
disjointness axioms really fire on contradictory data (issue 2: "HermiT finds ... a
deliberately contradictory file inconsistent").

owlready2 cannot read Turtle, so the graphs are converted to RDF/XML with rdflib first
(docs/ARCHITECTURE.md, "Known traps"). HermiT needs Java; the project's setup installs it.
"""

from __future__ import annotations

import io

import owlready2
import pytest
from rdflib import Graph

from igel_graph import resources
from igel_graph.namespaces import IGEL, ONTOLOGY_IRI

pytestmark = pytest.mark.slow

PREFIXES = """
@prefix igel: <https://w3id.org/igel/ontology#> .
@base <https://w3id.org/igel/id/> .
"""


def _ontology_and_vocabularies() -> Graph:
    graph = Graph().parse(resources.ontology_file(), format="turtle")
    for path in sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _reason(graph: Graph) -> owlready2.World:
    """Run HermiT on ``graph`` in a World of its own and return the World.

    Raises owlready2.OwlReadyInconsistentOntologyError when HermiT finds the graph inconsistent.
    """
    world = owlready2.World()
    world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(graph.serialize(format="xml").encode("utf-8")))
    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    return world


def _with(turtle: str) -> Graph:
    graph = _ontology_and_vocabularies()
    graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


def test_ontology_and_vocabularies_are_consistent():
    world = _reason(_ontology_and_vocabularies())
    # HermiT realised the vocabularies: the 28 quarters are there as igel:Quarter
    quarters = list(world[str(IGEL.Quarter)].instances(world=world))
    assert len(quarters) == 28


def test_property_chain_places_an_actor_in_an_action_field():
    """actor → measure → goal → action field (issue 2 point 4), computed by hand."""
    world = _reason(
        _with("""
        <m> a igel:Measure ; igel:lead <a> ; igel:contributesTo <g> .
        <g> a igel:Goal ; igel:inActionField <f> .
        <f> a igel:ActionField .
        <a> a igel:PublicAuthority .
    """)
    )
    actor = world["https://w3id.org/igel/id/a"]
    measure = world["https://w3id.org/igel/id/m"]
    assert [f.iri for f in measure.measureInField] == ["https://w3id.org/igel/id/f"]
    assert [f.iri for f in actor.activeInField] == ["https://w3id.org/igel/id/f"]
    assert [m.iri for m in actor.leads] == ["https://w3id.org/igel/id/m"]


@pytest.mark.parametrize(
    "turtle",
    [
        # a measure cannot be an actor (AllDisjointClasses)
        "<x> a igel:Measure , igel:Actor .",
        # an actor cannot lead a measure and only be addressed by it (propertyDisjointWith)
        "<m> a igel:Measure ; igel:lead <a> ; igel:addressee <a> . <a> a igel:PublicAuthority .",
        # the inverse spelling says the same
        "<a> a igel:Actor ; igel:leads <m> ; igel:addressedBy <m> .",
        # an organisation is not a stakeholder group, even through subclasses
        "<p> a igel:PublicAuthority , igel:StakeholderGroup .",
        # a total printed by the source is not an observation
        "<t> a igel:StatedTotal , igel:BudgetObservation .",
        # igel:start ranges over quarters; the status "running" is not one
        "<m> a igel:Measure ; igel:start <status/running> .",
    ],
    ids=[
        "measure-actor",
        "lead-addressee",
        "leads-addressedBy",
        "organisation-group",
        "total-observation",
        "start-status",
    ],
)
def test_contradictions_are_inconsistent(turtle):
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(_with(turtle))


def test_a_district_may_be_an_authority():
    """German Landkreise are territories and the bodies that act (modelling.md): not disjoint."""
    _reason(_with("<area/lk-x> a igel:District , igel:PublicAuthority ."))
