"""Independent groups of SHACL shapes, for validating one data graph in several processes.

pySHACL validates shape after shape; each shape with a target is validated on its own
focus nodes, and the shapes it refers to (``sh:property``, ``sh:node``, ``sh:or`` ...) are
checked only through it. A *group* is a set of targeted shapes together with every shape
they refer to. Two groups give the report of the whole shapes graph, split in two, when no
targeted shape is in both (it would be reported twice). pySHACL runs one group with
``use_shapes``: only the listed shapes, plus the blank-node shapes inside them, are known
to it, and a named shape left out of the list is *skipped* where it is referred to. So a
group lists its targeted shapes and every named shape they reach.

Groups are balanced by an estimate of their work: focus nodes times the shapes checked
on each.

>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...     ex:A sh:targetClass ex:C ; sh:property ex:Ap .
...     ex:Ap sh:path ex:p ; sh:minCount 1 .
...     ex:B sh:targetSubjectsOf ex:q ; sh:node ex:Bn .
...     ex:Bn sh:property [ sh:path ex:q ; sh:maxCount 1 ] .''')
>>> data = Graph().parse(format="turtle", data='''
...     @prefix ex: <http://example.org/> . ex:x a ex:C . ex:y ex:q 1 . ex:z ex:q 2 .''')
>>> [[str(s).split("/")[-1] for s in group] for group in shape_groups(shapes, data, 2)]
[['B', 'Bn'], ['A', 'Ap']]
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

__all__ = ["CORE", "shape_groups"]

#: SHACL Core terms: targets, shape structure, the core constraint parameters and what
#: pySHACL reads beside them. Shapes that use any other term of the SHACL namespace (SPARQL
#: constraints and targets, rules, custom components, JavaScript) are not split.
CORE = frozenset(
    SH[name]
    for name in """
    NodeShape PropertyShape
    targetClass targetNode targetObjectsOf targetSubjectsOf
    property path inversePath alternativePath zeroOrMorePath oneOrMorePath zeroOrOnePath
    node and or not xone qualifiedValueShape qualifiedMinCount qualifiedMaxCount
    qualifiedValueShapesDisjoint
    class datatype nodeKind
    minCount maxCount minExclusive minInclusive maxExclusive maxInclusive minLength maxLength
    pattern flags languageIn uniqueLang hasValue in equals disjoint lessThan lessThanOrEquals
    closed ignoredProperties
    deactivated severity message name description order group defaultValue
    """.split()
)

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
# pySHACL expands any other use_shapes entry as a prefixed name (see Validator.run)
_IRI_SCHEMES = ("http:", "https:", "urn:", "file:")


def shape_groups(shapes: Graph, data: Graph, n: int, *, ontology: Graph | None = None) -> list[list[URIRef]]:
    """Split ``shapes`` into at most ``n`` groups to validate ``data`` with separately.

    Parameters
    ----------
    shapes : the shapes graph.
    data : the data graph (only read, to estimate how much work each shape is).
    n : the number of groups wanted.
    ontology : class axioms beside ``data`` (its subclasses count for ``sh:targetClass``).

    Returns
    -------
    A list of groups, each a sorted list of shape IRIs for pySHACL's ``use_shapes``, the
    heaviest first. The union of the groups' reports is the report of ``shapes``. An
    empty list when the shapes cannot be split (a non-core feature, a targeted blank node,
    an IRI pySHACL would misread) or nothing is targeted: validate them in one run.
    """
    if n < 2 or _uses_more_than_core(shapes):
        return []
    targeted, implicit = _targeted(shapes)
    if any(isinstance(t, BNode) for t in targeted):
        return []  # use_shapes takes IRIs only
    reach = {t: _reach(shapes, t) for t in targeted}
    named = {s for shapes_of in reach.values() for s in shapes_of if isinstance(s, URIRef)}
    if any(not s.lower().startswith(_IRI_SCHEMES) for s in named):
        return []
    components = _components(targeted, reach)
    weights = {
        i: sum(_focus_estimate(shapes, data, ontology, t, t in implicit) * len(reach[t]) for t in members)
        for i, members in enumerate(components)
    }
    loads = [0] * n
    members: list[set[URIRef]] = [set() for _ in range(n)]
    # heaviest first, each into the lightest group so far (LPT scheduling)
    for i in sorted(weights, key=lambda i: (-weights[i], sorted(str(t) for t in components[i]))):
        k = min(range(n), key=loads.__getitem__)
        loads[k] += weights[i]
        members[k] |= {s for t in components[i] for s in reach[t] if isinstance(s, URIRef)}
    groups = [sorted(members[k]) for k in sorted(range(n), key=lambda k: -loads[k]) if members[k]]
    return groups if len(groups) > 1 else []


def _uses_more_than_core(shapes: Graph) -> bool:
    used = {p for p in shapes.predicates() if isinstance(p, URIRef) and p.startswith(str(SH))}
    used |= {o for o in shapes.objects(None, RDF.type) if isinstance(o, URIRef) and o.startswith(str(SH))}
    return bool(used - CORE)


def _targeted(shapes: Graph) -> tuple[set[Node], set[Node]]:
    """Every shape with a target, and those of them that are classes (an implicit target:
    their instances); a class that is not typed as a shape is over-counted, harmlessly."""
    explicit = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    classes = {OWL.Class} | set(shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class))
    implicit = {s for c in classes for s in shapes.subjects(RDF.type, c)}
    return explicit | implicit, implicit


def _reach(shapes: Graph, shape: Node) -> set[Node]:
    """``shape`` and every shape it refers to, directly or through other shapes."""
    seen, todo = {shape}, [shape]
    while todo:
        node = todo.pop()
        refs = [o for p in _SHAPE_VALUED for o in shapes.objects(node, p)]
        refs += [item for p in _SHAPE_LISTS for lst in shapes.objects(node, p) for item in shapes.items(lst)]
        for ref in refs:
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def _components(targeted: set[Node], reach: dict[Node, set[Node]]) -> list[set[Node]]:
    """Targeted shapes joined when one refers to the other: they must share a group."""
    parent = {t: t for t in targeted}

    def root(t: Node) -> Node:
        while parent[t] != t:
            t = parent[t]
        return t

    for t in targeted:
        for other in reach[t] & targeted:
            parent[root(other)] = root(t)
    groups: dict[Node, set[Node]] = {}
    for t in targeted:
        groups.setdefault(root(t), set()).add(t)
    return list(groups.values())


def _focus_estimate(shapes: Graph, data: Graph, ontology: Graph | None, shape: Node, is_class: bool) -> int:
    """About how many focus nodes ``shape`` has in ``data`` (at least 1)."""
    graphs = [data] if ontology is None else [data, ontology]
    classes = set(shapes.objects(shape, SH.targetClass)) | ({shape} if is_class else set())
    for c in list(classes):
        for g in graphs:
            classes.update(x for x in g.transitive_subjects(RDFS.subClassOf, c) if x is not None)
    count = sum(len(set(data.subjects(RDF.type, c))) for c in classes)
    count += len(list(shapes.objects(shape, SH.targetNode)))
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        count += len(set(data.subjects(p, None)))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        count += len(set(data.objects(None, p)))
    return max(count, 1)
