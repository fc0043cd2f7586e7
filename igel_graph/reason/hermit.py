"""OWL 2 DL reasoning with HermiT, through owlready2.

HermiT checks the ontology plus the asserted data for consistency and realises it: the
classes of every individual and the values of every object property. owlready2 hands
back only part of that (docs/ARCHITECTURE.md, "Known traps"): the *direct* classes of each
individual, and property values that are neither asserted nor the inverse of an asserted
value — HermiT's "known instances" of a super-property do not include the values of its
sub-properties. :func:`roll_up` completes that output with the class hierarchy, the
sub-property hierarchy and the inverses, so that the result is the full entailment set
defined in :mod:`igel_graph.reason` and can be compared with the rule engine's.

owlready2 reads N-Triples, not Turtle: the input is written as N-Triples to a temporary
file and loaded into a World of its own, which is closed afterwards.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import IgelError
from ..namespaces import IGEL

__all__ = [
    "ReasonerUnavailable",
    "HermitInconsistent",
    "HermitOutput",
    "java_executable",
    "run_hermit",
    "roll_up",
    "in_entailment_set",
    "IGEL_NS",
]

IGEL_NS = str(IGEL._NS)
_INFERENCES_ONTOLOGY = "http://inferrences/"  # owlready2's name, spelled its way
_FALLBACK_JAVA = "/usr/bin/java"


class ReasonerUnavailable(IgelError):
    """HermiT cannot run here (no Java, or Java failed)."""

    exit_code = 4
    http_status = 503


class HermitInconsistent(Exception):
    """Internal: HermiT said "inconsistent"; :mod:`igel_graph.reason` explains it."""


@dataclass
class HermitOutput:
    """What one HermiT run added: ``new`` triples (types, property values, class
    hierarchy) and the named classes it found unsatisfiable (equivalent to owl:Nothing)."""

    new: Graph
    unsatisfiable: list[URIRef] = field(default_factory=list)
    seconds: float = 0.0


def java_executable() -> str:
    """The Java executable owlready2 will start; raises :class:`ReasonerUnavailable`."""
    import owlready2

    found = shutil.which(owlready2.JAVA_EXE) or (_FALLBACK_JAVA if Path(_FALLBACK_JAVA).exists() else None)
    if found is None:
        raise ReasonerUnavailable(
            "HermiT needs Java, and no 'java' executable was found.",
            hint="Run 'make test' (it installs Java when missing) or "
            "'sudo apt-get install default-jre-headless'; or use 'igel reason --engine rules'.",
        )
    owlready2.JAVA_EXE = found
    return found


def run_hermit(graph: Graph) -> HermitOutput:
    """Run HermiT on ``graph`` (ontology plus data) and return what owlready2 added.

    Raises
    ------
    HermitInconsistent
        HermiT found the input inconsistent.
    ReasonerUnavailable
        Java is missing or HermiT failed for another reason.
    """
    import time

    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, World, sync_reasoner

    java_executable()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="igel-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = World()
        # owlready2 prints warnings (e.g. on qb:DimensionProperty punning) to stderr;
        # they are about its Python mapping, not about the logic, so keep them off the CLI
        quiet = contextlib.redirect_stderr(io.StringIO())
        try:
            quiet.__enter__()
            world.get_ontology(path.as_uri()).load()
            try:
                # ignore_unsupported_datatypes: a stray xsd:date must not stop the check of
                # everything else (the shapes reject such dates where they matter)
                sync_reasoner(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
            except OwlReadyInconsistentOntologyError:
                raise HermitInconsistent() from None
            except OwlReadyJavaError as exc:
                first = str(exc).strip().splitlines()
                raise ReasonerUnavailable(
                    "HermiT failed: " + (first[1] if len(first) > 1 else first[0] if first else "?"),
                    hint="Check the ontology with 'igel validate', or use 'igel reason --engine rules'.",
                ) from None
            buffer = io.BytesIO()
            world.get_ontology(_INFERENCES_ONTOLOGY).save(buffer, format="ntriples")
        finally:
            quiet.__exit__(None, None, None)
            world.close()
    new = Graph()
    new.parse(data=buffer.getvalue(), format="nt")
    unsatisfiable = sorted(
        {s for s, o in new.subject_objects(OWL.equivalentClass) if o == OWL.Nothing and isinstance(s, URIRef)}
    )
    return HermitOutput(new=new, unsatisfiable=unsatisfiable, seconds=time.perf_counter() - started)


def in_entailment_set(triple) -> bool:
    """Whether a triple belongs to the compared entailment set: subject and object are
    IRIs, and the predicate is an ``igel:`` property, or ``rdf:type`` with an ``igel:`` class."""
    s, p, o = triple
    if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
        return False
    if p == RDF.type:
        return str(o).startswith(IGEL_NS)
    return str(p).startswith(IGEL_NS)


def roll_up(asserted: Graph, new: Graph) -> Graph:
    """The entailment set from HermiT's output: (asserted ∪ new) closed under the class
    hierarchy, the property hierarchy, inverse and symmetric properties, minus what is
    asserted, restricted by :func:`in_entailment_set`.

    HermiT has already done the hard part (chains, domains, ranges, sameAs); this adds
    the values owlready2 leaves out.
    """
    axioms = _Axioms(_chain(asserted, new))
    known = set(asserted)
    closure: set = set()
    todo = [t for t in _chain(asserted, new) if isinstance(t[0], URIRef) and isinstance(t[2], URIRef)]
    while todo:
        s, p, o = todo.pop()
        if (s, p, o) in closure:
            continue
        closure.add((s, p, o))
        if p == RDF.type:
            todo.extend((s, RDF.type, c) for c in axioms.superclasses(o))
            continue
        for q in axioms.superproperties(p):
            todo.append((s, q, o))
            todo.extend((o, r, s) for r in axioms.inverses(q))
    result = Graph()
    for t in closure:
        if t not in known and in_entailment_set(t):
            result.add(t)
    return result


def _chain(*graphs: Graph) -> Iterable:
    for g in graphs:
        yield from g


class _Axioms:
    """The class and property hierarchies and inverses of a graph, transitively closed."""

    def __init__(self, triples: Iterable):
        self._sub_class: dict = {}
        self._sub_prop: dict = {}
        self._inverse: dict = {}
        for s, p, o in triples:
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            if p == RDFS.subClassOf:
                self._sub_class.setdefault(s, set()).add(o)
            elif p == OWL.equivalentClass:
                self._sub_class.setdefault(s, set()).add(o)
                self._sub_class.setdefault(o, set()).add(s)
            elif p == RDFS.subPropertyOf:
                self._sub_prop.setdefault(s, set()).add(o)
            elif p == OWL.equivalentProperty:
                self._sub_prop.setdefault(s, set()).add(o)
                self._sub_prop.setdefault(o, set()).add(s)
            elif p == OWL.inverseOf:
                self._inverse.setdefault(s, set()).add(o)
                self._inverse.setdefault(o, set()).add(s)
            elif p == RDF.type and o == OWL.SymmetricProperty:
                self._inverse.setdefault(s, set()).add(s)
        self._class_cache: dict = {}
        self._prop_cache: dict = {}

    def superclasses(self, c) -> set:
        """``c`` and every class above it."""
        if c not in self._class_cache:
            self._class_cache[c] = _reach(c, self._sub_class)
        return self._class_cache[c]

    def superproperties(self, p) -> set:
        """``p`` and every property above it."""
        if p not in self._prop_cache:
            self._prop_cache[p] = _reach(p, self._sub_prop)
        return self._prop_cache[p]

    def inverses(self, p) -> set:
        return self._inverse.get(p, set())


def _reach(start, edges: dict) -> set:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
