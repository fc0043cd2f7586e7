"""Linked-data reports for API consumers: a plan report, an actor profile and a theme
report, each an rdflib :class:`~rdflib.Graph` that can be framed into nested JSON-LD with
the published context :data:`REPORT_CONTEXT`, and flattened into CSV rows.

* :func:`plan_report` — plan -> action fields -> goals -> measures, each measure with its
  actors by role (lead, partner, addressee), start quarter or status, themes, and the
  budget lines said to fund it with their yearly amounts; and the plan's profile, which
  is all a model project such as the Baden-Württemberg one has: title, purpose
  (``dcterms:description``), period, funding amount and currency, region with its
  districts (and their district keys), every actor linked to the plan with the linking
  property as its role (funder, scientific partner, contributor, responsible, ...), care
  sectors and whatever else the plan is about (every sub-property of ``dcterms:subject``),
  and the plan's source passages with their quotes.
* :func:`actor_profile` — an actor, the measures it leads, takes part in or is
  addressed by, and the action fields of those measures.
* :func:`theme_report` — a theme and every measure that has it, across action fields,
  with the graph the statement is in (source or curated).

Resources are bound as RDF terms (``?plan``, ``?actor``, ``?theme``), never pasted into
query text. No web imports: the API serves these.

>>> from igel_graph.namespaces import resource
>>> g = plan_report(store, resource("plan", "igel-2026-2030"))        # doctest: +SKIP
>>> doc = frame_report(g, PLAN_FRAME, resource("plan", "igel-2026-2030"))  # doctest: +SKIP
>>> [f["number"] for f in doc["fields"]]                              # doctest: +SKIP
['1', '2', '3', '4']
"""

from __future__ import annotations

from typing import Any, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .errors import IgelError
from .namespaces import IGEL, PREFIXES, Graphs
from .store.base import AskResult, GraphResult, SelectResult, Store

__all__ = [
    "REPORT_CONTEXT",
    "PLAN_FRAME",
    "ACTOR_FRAME",
    "THEME_FRAME",
    "plan_report",
    "actor_profile",
    "theme_statement_graphs",
    "theme_report",
    "frame_report",
    "plan_rows",
    "actor_rows",
    "theme_rows",
    "ReportNotFound",
    "REVERSE_ROLES",
    "plan_roles",
    "role_labels",
    "profile_rows",
    "has_measures",
    "subject_values",
    "subject_properties",
]


class ReportNotFound(IgelError):
    """The plan, actor or theme of a report is not in the store."""

    exit_code = 2
    http_status = 404


_P = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

#: the JSON-LD context of every report (published by the API at ``/context.jsonld``)
REPORT_CONTEXT: dict = {
    "@version": 1.1,
    "@vocab": PREFIXES["igel"],
    **{p: PREFIXES[p] for p in ("igel", "id", "rdfs", "xsd", "skos", "qb", "dcterms", "prov", "org", "time")},
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "text": {"@id": "igel:text", "@container": "@language"},
    "quote": {"@id": "igel:quote", "@container": "@language"},
    "fields": {"@id": "igel:hasActionField", "@container": "@set"},
    "goals": {"@id": "igel:hasGoal", "@container": "@set"},
    "measures": {"@id": "igel:hasMeasure", "@container": "@set"},
    "lead": {"@id": "igel:lead", "@container": "@set"},
    "partner": {"@id": "igel:partner", "@container": "@set"},
    "addressee": {"@id": "igel:addressee", "@container": "@set"},
    "themes": {"@id": "igel:theme", "@container": "@set"},
    "start": {"@id": "igel:start"},
    "status": {"@id": "igel:status"},
    "field": {"@id": "igel:measureInField"},
    "beginsAt": {"@id": "igel:beginsAt", "@type": "xsd:dateTime"},
    "year": {"@id": "igel:year", "@type": "xsd:integer"},
    "amount": {"@id": "igel:amount", "@type": "xsd:decimal"},
    "fundedBy": {"@reverse": "igel:funds", "@container": "@set"},
    "observations": {"@reverse": "igel:budgetLine", "@container": "@set"},
    "leads": {"@reverse": "igel:lead", "@container": "@set"},
    "partnerIn": {"@reverse": "igel:partner", "@container": "@set"},
    "addressedBy": {"@reverse": "igel:addressee", "@container": "@set"},
    "themeOf": {"@reverse": "igel:theme", "@container": "@set"},
    "sourcePassage": {"@id": "igel:sourcePassage", "@container": "@set"},
    # the profile of a plan or project
    "title": {"@id": "dcterms:title", "@container": "@language"},
    "description": {"@id": "dcterms:description", "@container": "@language"},
    "period": {"@id": "igel:period"},
    "endsAt": {"@id": "igel:endsAt", "@type": "xsd:dateTime"},
    "fundingAmount": {"@id": "igel:fundingAmount", "@type": "xsd:decimal"},
    "funder": {"@id": "igel:funder", "@container": "@set"},
    "scientificPartners": {"@id": "igel:scientificPartner", "@container": "@set"},
    "contributors": {"@id": "dcterms:contributor", "@container": "@set"},
    "responsible": {"@reverse": "igel:responsibleFor", "@container": "@set"},
    "region": {"@id": "igel:region", "@container": "@set"},
    "districts": {"@id": "igel:consistsOf", "@container": "@set"},
    "locatedIn": {"@id": "igel:locatedIn"},
    "careSectors": {"@id": "igel:careSector", "@container": "@set"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    # the comparison of two plans (igel_graph/comparison_report.py)
    "firstPlan": {"@id": "igel:firstPlan", "@type": "@id"},
    "secondPlan": {"@id": "igel:secondPlan", "@type": "@id"},
    "derivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id", "@container": "@set"},
    "rows": {"@id": "dcterms:hasPart", "@container": "@set"},
    "kind": {"@id": "dcterms:type"},
    "about": {"@id": "dcterms:subject", "@type": "@id"},
    "partsInFirst": {"@id": "igel:partsInFirst", "@type": "xsd:integer"},
    "partsInSecond": {"@id": "igel:partsInSecond", "@type": "xsd:integer"},
    "percentOfBudget": {"@id": "igel:percentOfBudget", "@type": "xsd:decimal"},
    "percentOfAllocated": {"@id": "igel:percentOfAllocated", "@type": "xsd:decimal"},
}

PLAN_FRAME: dict[str, Any] = {"fields": {"goals": {"measures": {"fundedBy": {"observations": {}}}}}, "responsible": {}}
ACTOR_FRAME: dict[str, Any] = {"leads": {}, "partnerIn": {}, "addressedBy": {}}
THEME_FRAME: dict[str, Any] = {"themeOf": {"field": {}}}

_LABELS = "?x rdfs:label ?xl ."

_PLAN_PARTS = [
    # the plan, its fields, goals and measures (the tree, from the forward statements)
    """CONSTRUCT { ?plan a ?t ; rdfs:label ?l ; igel:hasActionField ?field .
                   ?field a igel:ActionField ; igel:number ?fn ; rdfs:label ?fl ; igel:hasGoal ?goal .
                   ?goal a igel:Goal ; igel:number ?gn ; rdfs:label ?gl ; igel:text ?gt ; igel:hasMeasure ?m .
                   ?m a igel:Measure ; igel:number ?mn ; rdfs:label ?ml ; igel:text ?mt . }
       WHERE { ?plan a ?t ; rdfs:label ?l . FILTER(?t IN (igel:ActionPlan, igel:Plan, igel:Strategy,
                 igel:FundingProgramme, igel:PlanningReport, igel:ModelProject))
               OPTIONAL { ?field igel:partOfPlan ?plan ; a igel:ActionField ; igel:number ?fn ; rdfs:label ?fl .
                 OPTIONAL { ?goal igel:inActionField ?field ; a igel:Goal ; igel:number ?gn ; rdfs:label ?gl .
                   OPTIONAL { ?goal igel:text ?gt }
                   OPTIONAL { ?m igel:contributesTo ?goal ; a igel:Measure ; igel:number ?mn ; rdfs:label ?ml .
                              OPTIONAL { ?m igel:text ?mt } } } } }""",
    # roles, with the actors' labels and types
    """CONSTRUCT { ?m ?role ?a . ?a a ?at ; rdfs:label ?al . }
       WHERE { ?m igel:partOfPlan ?plan ; a igel:Measure ; ?role ?a .
               FILTER(?role IN (igel:lead, igel:partner, igel:addressee))
               ?a rdfs:label ?al . OPTIONAL { ?a a ?at FILTER(STRSTARTS(STR(?at), STR(igel:))) } }""",
    # start quarter or status, and themes
    """CONSTRUCT { ?m ?p ?v . ?v rdfs:label ?vl ; igel:beginsAt ?b . }
       WHERE { ?m igel:partOfPlan ?plan ; a igel:Measure ; ?p ?v .
               FILTER(?p IN (igel:start, igel:status, igel:theme))
               OPTIONAL { ?v rdfs:label ?vl } OPTIONAL { ?v igel:beginsAt ?b } }""",
    # budget lines said to fund a measure, with their observations
    """CONSTRUCT { ?line igel:funds ?m ; rdfs:label ?ll . ?obs igel:budgetLine ?line ; igel:year ?y ;
                   igel:amount ?amt ; igel:currency ?cur . }
       WHERE { ?m igel:partOfPlan ?plan ; a igel:Measure . ?line igel:funds ?m .
               OPTIONAL { ?line rdfs:label ?ll }
               OPTIONAL { ?obs a igel:BudgetObservation ; igel:budgetLine ?line ; igel:year ?y ;
                          igel:amount ?amt . OPTIONAL { ?obs igel:currency ?cur } } }""",
]

#: properties from an actor to a plan that make the actor one of the plan's actors (the
#: report lists them under their reverse term, e.g. ``responsible``); every property from
#: the plan to an actor counts without being listed
REVERSE_ROLES = (IGEL.responsibleFor,)

_ACTOR_NODE = """?a a ?at ; rdfs:label ?al ; skos:altLabel ?aal ; igel:sourcePassage ?asp .
                 ?asp igel:quote ?aq ; igel:section ?asec ."""
_ACTOR_WHERE = """?a rdfs:label ?al . OPTIONAL { ?a a ?at FILTER(STRSTARTS(STR(?at), STR(igel:))) }
                 OPTIONAL { ?a skos:altLabel ?aal }
                 OPTIONAL { ?a igel:sourcePassage ?asp . ?asp igel:quote ?aq . OPTIONAL { ?asp igel:section ?asec } }"""

# The profile of a plan: what a model project consists of (one query per aspect, so that
# optional parts do not multiply each other's rows).
_PROFILE_PARTS = [
    # title, purpose, funding amount and currency
    """CONSTRUCT { ?plan dcterms:title ?t ; dcterms:description ?d ; igel:fundingAmount ?amt ; igel:currency ?cur . }
       WHERE { ?plan a igel:Plan . { ?plan dcterms:title ?t } UNION { ?plan dcterms:description ?d }
               UNION { ?plan igel:fundingAmount ?amt } UNION { ?plan igel:currency ?cur } }""",
    # the period
    """CONSTRUCT { ?plan igel:period ?per . ?per rdfs:label ?pl ; igel:beginsAt ?b ; igel:endsAt ?e . }
       WHERE { ?plan a igel:Plan ; igel:period ?per . OPTIONAL { ?per rdfs:label ?pl }
               OPTIONAL { ?per igel:beginsAt ?b } OPTIONAL { ?per igel:endsAt ?e } }""",
    # the region
    """CONSTRUCT { ?plan igel:region ?r . ?r a ?rt ; rdfs:label ?rl . }
       WHERE { ?plan a igel:Plan ; igel:region ?r . OPTIONAL { ?r rdfs:label ?rl }
               OPTIONAL { ?r a ?rt FILTER(STRSTARTS(STR(?rt), STR(igel:))) } }""",
    # the region's districts with their keys and where they lie
    """CONSTRUCT { ?r igel:consistsOf ?d . ?d a ?dt ; rdfs:label ?dl ; igel:districtKey ?k ; igel:locatedIn ?in .
                   ?in rdfs:label ?inl . }
       WHERE { ?plan a igel:Plan ; igel:region ?r . ?r igel:consistsOf ?d . ?d rdfs:label ?dl .
               OPTIONAL { ?d a ?dt FILTER(STRSTARTS(STR(?dt), STR(igel:))) }
               OPTIONAL { ?d igel:districtKey ?k }
               OPTIONAL { ?d igel:locatedIn ?in . ?in rdfs:label ?inl } }""",
    # every actor the plan links to, by the linking property (its role)
    """CONSTRUCT { ?plan ?role ?a . """
    + _ACTOR_NODE
    + """ }
       WHERE { ?plan a igel:Plan ; ?role ?a . ?a a igel:Actor . FILTER(?role != rdf:type) """
    + _ACTOR_WHERE
    + """ }""",
    # actors linked to the plan by a property from the actor (REVERSE_ROLES)
    """CONSTRUCT { ?a ?role ?plan . """
    + _ACTOR_NODE
    + """ }
       WHERE { VALUES ?role { """
    + " ".join(f"<{p}>" for p in REVERSE_ROLES)
    + """ }
               ?plan a igel:Plan . ?a ?role ?plan ; a igel:Actor . """
    + _ACTOR_WHERE
    + """ }""",
    # the funder, whatever its type (the report shows it even when nothing types it an actor)
    """CONSTRUCT { ?plan igel:funder ?f . ?f a ?ft ; rdfs:label ?fl . }
       WHERE { ?plan a igel:Plan ; igel:funder ?f . OPTIONAL { ?f rdfs:label ?fl }
               OPTIONAL { ?f a ?ft FILTER(STRSTARTS(STR(?ft), STR(igel:))) } }""",
    # what the plan is about: care sectors, and every other property the ontology declares
    # a sub-property of dcterms:subject (so a new facet needs no change here)
    """CONSTRUCT { ?plan ?p ?s . ?s a ?st ; rdfs:label ?sl . }
       WHERE { ?plan a igel:Plan ; ?p ?s . ?p rdfs:subPropertyOf dcterms:subject . FILTER(isIRI(?s))
               OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?s a ?st FILTER(STRSTARTS(STR(?st), STR(igel:))) } }""",
    # the plan's source passages, with the document they are in
    """CONSTRUCT { ?plan igel:sourcePassage ?sp . ?sp rdfs:label ?spl ; igel:quote ?q ; igel:section ?sec ;
                   igel:inDocument ?doc . ?doc rdfs:label ?docl . }
       WHERE { ?plan a igel:Plan ; igel:sourcePassage ?sp . ?sp igel:quote ?q .
               OPTIONAL { ?sp rdfs:label ?spl } OPTIONAL { ?sp igel:section ?sec }
               OPTIONAL { ?sp igel:inDocument ?doc . OPTIONAL { ?doc rdfs:label ?docl } } }""",
]

_ACTOR_PARTS = [
    """CONSTRUCT { ?actor a ?t ; rdfs:label ?l ; igel:sourcePassage ?sp . ?sp igel:quote ?q . }
       WHERE { ?actor rdfs:label ?l . OPTIONAL { ?actor a ?t FILTER(STRSTARTS(STR(?t), STR(igel:))) }
               OPTIONAL { ?actor igel:sourcePassage ?sp . ?sp igel:quote ?q } }""",
    """CONSTRUCT { ?m ?role ?actor ; a igel:Measure ; igel:number ?n ; rdfs:label ?ml ;
                   igel:measureInField ?field ; igel:start ?s ; igel:status ?st .
                   ?field igel:number ?fn ; rdfs:label ?fl . ?s rdfs:label ?sl . ?st rdfs:label ?stl . }
       WHERE { ?m ?role ?actor . FILTER(?role IN (igel:lead, igel:partner, igel:addressee))
               ?m a igel:Measure ; igel:number ?n ; rdfs:label ?ml .
               OPTIONAL { ?m igel:contributesTo/igel:inActionField ?field . ?field igel:number ?fn ; rdfs:label ?fl }
               OPTIONAL { ?m igel:start ?s . ?s rdfs:label ?sl }
               OPTIONAL { ?m igel:status ?st . ?st rdfs:label ?stl } }""",
]

_THEME_PARTS = [
    """CONSTRUCT { ?theme a igel:Theme ; rdfs:label ?l ; skos:definition ?d . }
       WHERE { ?theme rdfs:label ?l . OPTIONAL { ?theme skos:definition ?d } }""",
    """CONSTRUCT { ?m igel:theme ?theme ; a igel:Measure ; igel:number ?n ; rdfs:label ?ml ;
                   igel:measureInField ?field . ?field igel:number ?fn ; rdfs:label ?fl . }
       WHERE { ?m igel:theme ?theme ; a igel:Measure ; igel:number ?n ; rdfs:label ?ml .
               OPTIONAL { ?m igel:contributesTo/igel:inActionField ?field . ?field igel:number ?fn ; rdfs:label ?fl } }""",
]


def _exists(store: Store, iri: URIRef, what: str) -> None:
    res = store.query("ASK { ?x ?p ?o }", {"x": iri})
    if not (isinstance(res, AskResult) and res.value):
        raise ReportNotFound(
            f"There is no {what} <{iri}> in the store.",
            hint=f"List the {what}s with the SPARQL endpoint or the named queries.",
        )


def _construct(store: Store, parts: Iterable[str], bindings: dict) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for body in parts:
        res = store.query(_P + body, bindings)
        assert isinstance(res, GraphResult)
        for t in res.triples:
            g.add(t)
    return g


def plan_report(store: Store, plan: URIRef) -> Graph:
    """The plan report of ``plan`` as a graph (see the module docstring for its content).

    Raises :class:`ReportNotFound` when the store does not know ``plan``.
    """
    _exists(store, plan, "plan")
    return _construct(store, _PLAN_PARTS + _PROFILE_PARTS, {"plan": plan})


def actor_profile(store: Store, actor: URIRef) -> Graph:
    """The profile of ``actor``: its labels, types and source, and its measures by role."""
    _exists(store, actor, "actor")
    return _construct(store, _ACTOR_PARTS, {"actor": actor})


def theme_report(store: Store, theme: URIRef) -> Graph:
    """The theme report of ``theme``: every measure with it, with its action field."""
    _exists(store, theme, "theme")
    return _construct(store, _THEME_PARTS, {"theme": theme})


def frame_report(graph: Graph, frame: dict, root: URIRef, *, context: dict | str | None = None) -> dict:
    """Frame a report graph into nested JSON-LD rooted at ``root``.

    ``frame`` is one of :data:`PLAN_FRAME`, :data:`ACTOR_FRAME`, :data:`THEME_FRAME`;
    nodes are embedded wherever they are referenced. The result's ``@context`` is
    ``context`` (for example the URL where the API publishes :data:`REPORT_CONTEXT`), or
    the context itself when None. Expanding the result gives the graph's triples back.
    """
    from pyld import jsonld

    # Through N-Quads, so that every literal keeps its exact lexical form as a string
    # (rdflib's JSON-LD writer turns decimals into JSON numbers, which round-trip as
    # different literals).
    expanded = jsonld.from_rdf(graph.serialize(format="nt"), {"format": "application/n-quads"})
    full = {"@context": REPORT_CONTEXT, "@id": str(root), "@embed": "@always", **frame}
    framed = jsonld.frame(
        expanded, full, {"omitGraph": True, "embed": "@always", "documentLoader": _no_remote_documents}
    )
    _sort_by_number(framed)
    if isinstance(context, str):
        framed["@context"] = context
    return framed


def _sort_by_number(node) -> None:
    """Order embedded lists by ``number`` (fields 1-4, goals 1.1, 1.2, ...), else by ``@id``,
    so that a report reads in the plan's order and compares stably."""
    if isinstance(node, dict):
        for value in node.values():
            _sort_by_number(value)
    elif isinstance(node, list):
        for item in node:
            _sort_by_number(item)
        if all(isinstance(item, dict) for item in node):
            node.sort(
                key=lambda d: (
                    _num_key(d.get("number", "")) if isinstance(d.get("number"), str) else (),
                    str(d.get("@id", "")),
                )
            )


def _no_remote_documents(url, options=None):
    raise IgelError(f"JSON-LD processing tried to fetch {url}; reports load nothing from the web.")


def _label(graph: Graph, node, lang: str) -> str:
    labels = {l.language: str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    return labels.get(lang) or labels.get("de") or next(iter(labels.values()), "")


def _num_key(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in str(text).split("."))


def plan_rows(graph: Graph, plan: URIRef, lang: str = "de") -> list[dict]:
    """One row per measure of the plan report: field, goal, measure, actors by role,
    start or status, themes, and the budget total of the lines said to fund it."""
    rows = []
    for field in graph.objects(plan, IGEL.hasActionField):
        for goal in graph.objects(field, IGEL.hasGoal):
            for m in graph.objects(goal, IGEL.hasMeasure):
                start = graph.value(m, IGEL.start)
                status = graph.value(m, IGEL.status)
                lines = list(graph.subjects(IGEL.funds, m))
                amount = sum(
                    float(str(graph.value(o, IGEL.amount) or 0))
                    for line in lines
                    for o in graph.subjects(IGEL.budgetLine, line)
                )
                rows.append(
                    {
                        "field": str(graph.value(field, IGEL.number)),
                        "field_label": _label(graph, field, lang),
                        "goal": str(graph.value(goal, IGEL.number)),
                        "goal_label": _label(graph, goal, lang),
                        "measure": str(graph.value(m, IGEL.number)),
                        "measure_iri": str(m),
                        "measure_label": _label(graph, m, lang),
                        "lead": "; ".join(sorted(_label(graph, a, lang) for a in graph.objects(m, IGEL.lead))),
                        "partner": "; ".join(sorted(_label(graph, a, lang) for a in graph.objects(m, IGEL.partner))),
                        "addressee": "; ".join(
                            sorted(_label(graph, a, lang) for a in graph.objects(m, IGEL.addressee))
                        ),
                        "start": _label(graph, start, lang) if start is not None else "",
                        "status": _label(graph, status, lang) if status is not None else "",
                        "themes": "; ".join(sorted(_label(graph, t, lang) for t in graph.objects(m, IGEL.theme))),
                        "budget_lines": "; ".join(sorted(_label(graph, line, lang) for line in lines)),
                        "budget_chf": f"{amount:.0f}" if lines else "",
                    }
                )
    return sorted(rows, key=lambda r: _num_key(r["measure"]))


def has_measures(graph: Graph, plan: URIRef) -> bool:
    """Whether the plan report ``graph`` holds any measure of ``plan`` (an action plan does,
    a model project does not)."""
    return any(
        True
        for field in graph.objects(plan, IGEL.hasActionField)
        for goal in graph.objects(field, IGEL.hasGoal)
        for _ in graph.objects(goal, IGEL.hasMeasure)
    )


def plan_roles(graph: Graph, plan: URIRef) -> dict[URIRef, list[URIRef]]:
    """The actors of a plan report with their roles: actor -> the properties linking it to
    the plan (from the plan, e.g. ``igel:funder``, or one of :data:`REVERSE_ROLES`), in
    IRI order. Actors are taken in the order of their IRIs."""
    roles: dict[URIRef, set[URIRef]] = {}
    for p, a in graph.predicate_objects(plan):
        if not isinstance(p, URIRef) or not isinstance(a, URIRef):
            continue  # actors are named by IRIs (ontology/igel.ttl)
        if p == IGEL.funder or (p != RDF.type and (a, RDF.type, IGEL.Actor) in graph):
            roles.setdefault(a, set()).add(p)
    for p in REVERSE_ROLES:
        for a in graph.subjects(p, plan):
            if isinstance(a, URIRef):
                roles.setdefault(a, set()).add(p)
    return {a: sorted(ps) for a, ps in sorted(roles.items())}


def subject_properties(store: Store) -> set[URIRef]:
    """The properties the ontology declares sub-properties of ``dcterms:subject``: what a
    plan can be about (``igel:careSector``, ``igel:theme``, ...)."""
    res = store.query(_P + "SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf dcterms:subject }")
    assert isinstance(res, SelectResult)
    return {p for (p,) in res.rows if isinstance(p, URIRef)}


def subject_values(graph: Graph, plan: URIRef, properties: set[URIRef]) -> list[tuple[URIRef, URIRef]]:
    """(property, value) for every value of one of ``properties`` (see
    :func:`subject_properties`) that the plan report states for ``plan``, sorted."""
    return sorted(
        (p, v)
        for p, v in graph.predicate_objects(plan)
        if isinstance(p, URIRef) and p in properties and isinstance(v, URIRef)
    )


def role_labels(store: Store, properties: Iterable[URIRef], lang: str = "de") -> dict[URIRef, str]:
    """The label of each property in ``lang`` as the ontology states it (``rdfs:label``),
    falling back to German, then to the property's local name when the ontology has none."""
    out: dict[URIRef, str] = {}
    for p in properties:
        res = store.query(_P + "SELECT ?l WHERE { ?p rdfs:label ?l }", {"p": p})
        assert isinstance(res, SelectResult)
        labels = {l.language: str(l) for (l,) in res.rows if isinstance(l, Literal)}
        out[p] = labels.get(lang) or labels.get("de") or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return out


def _texts(graph: Graph, node, prop, lang: str) -> list[str]:
    """The ``prop`` literals of ``node`` in ``lang``; when there is none, in German; when
    there is none either, in whatever language there is (a quote is in its source's
    language only). Sorted."""
    values = [l for l in graph.objects(node, prop) if isinstance(l, Literal)]
    chosen = (
        [str(l) for l in values if l.language == lang]
        or [str(l) for l in values if l.language in ("de", None)]
        or [str(l) for l in values]
    )
    return sorted(chosen)


def profile_rows(
    graph: Graph,
    plan: URIRef,
    lang: str = "de",
    labels: dict[URIRef, str] | None = None,
    subjects: Iterable[URIRef] = (),
) -> list[dict]:
    """The plan's profile as rows ``aspect, iri, label, role, value, detail``: title,
    description (its purpose, and further facts), period (value: begin, detail: end), funding (value: amount, detail:
    currency), region, district (value: district key), actor (role: its roles, named by
    ``labels`` of :func:`role_labels`), care sector, subject (a value of one of the
    ``subjects`` properties other than the care sector; role: the property's label from
    ``labels``), source (value: the quote)."""
    labels = labels or {}
    rows: list[dict] = []

    def row(aspect, iri="", label="", role="", value="", detail=""):
        rows.append(
            {
                "aspect": aspect,
                "iri": str(iri),
                "label": label,
                "role": role,
                "value": str(value),
                "detail": str(detail),
            }
        )

    for t in _texts(graph, plan, DCTERMS.title, lang):
        row("title", plan, t)
    for d in _texts(graph, plan, DCTERMS.description, lang):
        row("description", plan, d)
    for per in graph.objects(plan, IGEL.period):
        row(
            "period",
            per,
            _label(graph, per, lang),
            value=graph.value(per, IGEL.beginsAt) or "",
            detail=graph.value(per, IGEL.endsAt) or "",
        )
    for amount in graph.objects(plan, IGEL.fundingAmount):
        row("funding", value=f"{float(str(amount)):.0f}", detail=graph.value(plan, IGEL.currency) or "")
    for r in sorted(graph.objects(plan, IGEL.region), key=str):
        row("region", r, _label(graph, r, lang))
        for district in sorted(
            graph.objects(r, IGEL.consistsOf), key=lambda d: str(graph.value(d, IGEL.districtKey) or d)
        ):
            row(
                "district", district, _label(graph, district, lang), value=graph.value(district, IGEL.districtKey) or ""
            )
    for a, props in plan_roles(graph, plan).items():
        row("actor", a, _label(graph, a, lang), role="; ".join(labels.get(p, str(p)) for p in props))
    for sec in sorted(graph.objects(plan, IGEL.careSector), key=lambda x: _label(graph, x, lang)):
        row("care-sector", sec, _label(graph, sec, lang))
    for p, value in subject_values(graph, plan, set(subjects or ())):
        if p != IGEL.careSector:
            row("subject", value, _label(graph, value, lang), role=labels.get(p, str(p)))
    for sp in sorted(graph.objects(plan, IGEL.sourcePassage), key=str):
        for q in _texts(graph, sp, IGEL.quote, lang):
            row("source", sp, _label(graph, sp, lang), value=q, detail=graph.value(sp, IGEL.section) or "")
    return rows


def actor_rows(graph: Graph, actor: URIRef, lang: str = "de") -> list[dict]:
    """One row per (measure, role) of an actor profile."""
    rows = []
    for role in (IGEL.lead, IGEL.partner, IGEL.addressee):
        for m in graph.subjects(role, actor):
            field = graph.value(m, IGEL.measureInField)
            start, status = graph.value(m, IGEL.start), graph.value(m, IGEL.status)
            rows.append(
                {
                    "actor": str(actor),
                    "actor_label": _label(graph, actor, lang),
                    "role": str(role).split("#")[-1],
                    "measure": str(graph.value(m, IGEL.number)),
                    "measure_iri": str(m),
                    "measure_label": _label(graph, m, lang),
                    "field": str(graph.value(field, IGEL.number)) if field is not None else "",
                    "start": _label(graph, start, lang) if start is not None else "",
                    "status": _label(graph, status, lang) if status is not None else "",
                }
            )
    return sorted(rows, key=lambda r: (_num_key(r["measure"]), r["role"]))


def theme_rows(graph: Graph, theme: URIRef, lang: str = "de", stated: dict | None = None) -> list[dict]:
    """One row per measure of a theme report, with its field; ``stated`` maps a measure
    IRI to the graphs the theme statement is in (see :func:`theme_statement_graphs`)."""
    rows = []
    for m in graph.subjects(IGEL.theme, theme):
        field = graph.value(m, IGEL.measureInField)
        rows.append(
            {
                "theme": str(theme),
                "theme_label": _label(graph, theme, lang),
                "field": str(graph.value(field, IGEL.number)) if field is not None else "",
                "field_label": _label(graph, field, lang) if field is not None else "",
                "measure": str(graph.value(m, IGEL.number)),
                "measure_iri": str(m),
                "measure_label": _label(graph, m, lang),
                "stated_in": "; ".join(sorted(stated.get(str(m), []))) if stated else "",
            }
        )
    return sorted(rows, key=lambda r: (_num_key(r["field"] or "0"), _num_key(r["measure"])))


def theme_statement_graphs(store: Store, theme: URIRef) -> dict[str, list[str]]:
    """For each measure with ``theme``: the named graphs stating it (source, curated, ...)."""
    res = store.query("SELECT ?m ?g WHERE { GRAPH ?g { ?m ?p ?theme } }", {"theme": theme, "p": IGEL.theme})
    assert isinstance(res, SelectResult)
    out: dict[str, list[str]] = {}
    for m, g in res.rows:
        name = "curated" if g == Graphs.CURATED else ("inferred" if g == Graphs.INFERRED else str(g))
        out.setdefault(str(m), []).append(name)
    return out
