"""The SHACL test context: the project's shapes, ontology and vocabularies, parsed."""

from __future__ import annotations

from rdflib import Graph

from igel_graph import resources


def shapes_context() -> tuple[Graph, Graph, Graph]:
    """(shapes, ontology for rdfs:subClassOf, the vocabularies), each a new Graph."""
    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    ontology = Graph().parse(resources.ontology_file(), format="turtle")
    vocabularies = Graph()
    for path in sorted((resources.ontology_dir() / "vocabularies").glob("*.ttl")):
        vocabularies.parse(path, format="turtle")
    return shapes, ontology, vocabularies
