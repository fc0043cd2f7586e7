"""The data of a model project's page (e.g. the Baden-Württemberg project): its profile
as the plan report states it (:func:`igel_graph.reports.plan_report`), shaped for
``api/templates/site/project.html``.

The page and the report read the same graph, so they cannot disagree: region and
districts with their keys, period, funding and funder, every actor linked to the project
with its roles (the linking properties, named by their labels in the ontology), care
sectors, purpose and the source passages. Labels are in the page's language (German when
a resource has none in it).
"""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from igel_graph import reports
from igel_graph.namespaces import IGEL, PREFIXES, Graphs
from igel_graph.store.base import AskResult, Store

from .data import select

__all__ = ["is_project", "project_page", "format_amount"]

_P = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("igel", "rdfs", "dcterms"))


def is_project(store: Store, plan: URIRef) -> bool:
    """Whether ``plan`` is a plan without action fields of its own (a model project, a
    programme): one whose page is its profile rather than a tree of measures."""
    res = store.query(
        _P
        + """ASK { ?plan a igel:Plan .
        FILTER NOT EXISTS { ?field igel:partOfPlan ?plan ; a igel:ActionField } }""",
        {"plan": plan},
    )
    return isinstance(res, AskResult) and res.value


def format_amount(amount: float, currency: str, lang: str) -> str:
    """An amount of money as a reader of ``lang`` writes it: ``1.000.000 EUR`` in German,
    ``EUR 1,000,000`` in English.

    >>> format_amount(1000000.0, "EUR", "de")
    '1.000.000 EUR'
    >>> format_amount(1000000.0, "EUR", "en")
    'EUR 1,000,000'
    """
    grouped = f"{amount:,.0f}"
    if lang == "de":
        return f"{grouped.replace(',', '.')} {currency}".strip()
    return f"{currency} {grouped}".strip()


def _label(graph, node, lang: str) -> str:
    labels = {l.language: str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    return labels.get(lang) or labels.get("de") or next(iter(labels.values()), str(node).rsplit("/", 1)[-1])


def _year(value) -> int | None:
    return int(str(value)[:4]) if value is not None else None


def _quotes(graph, node, lang: str, home=None) -> list[dict]:
    """The source passages of ``node`` in the report graph with their quotes, in IRI order;
    ``own`` says whether a passage is in the document ``home`` (the project's own source)."""
    out = []
    for sp in sorted(graph.objects(node, IGEL.sourcePassage)):
        quotes = [l for l in graph.objects(sp, IGEL.quote) if isinstance(l, Literal)]
        if not quotes:
            continue
        # a quote is in its source's language; show that one, not a translation
        quote = next((q for q in quotes if q.language == "de"), quotes[0])
        doc = graph.value(sp, IGEL.inDocument)
        out.append(
            {
                "iri": str(sp),
                "label": _label(graph, sp, lang),
                "quote": str(quote),
                "repeat": False,
                "quote_lang": quote.language or "",
                "section": str(graph.value(sp, IGEL.section) or ""),
                "document": str(doc) if doc is not None else "",
                "own": home is None or doc == home,
            }
        )
    return out


def _home_document(graph, plan):
    """The project's own source document: the one most of its passages are in (the
    project page; reference data adds a few passages of its own)."""
    from collections import Counter

    docs = Counter(graph.value(sp, IGEL.inDocument) for sp in graph.objects(plan, IGEL.sourcePassage))
    docs.pop(None, None)
    return docs.most_common(1)[0][0] if docs else None


def _own_descriptions(store: Store, plan: URIRef, lang: str) -> tuple[list[str], list[str]]:
    """The plan's descriptions in ``lang`` (German when none), split into those stated in
    the graph that types the plan (its own source: its purpose) and those stated elsewhere
    (reference data: further facts)."""
    rows = select(
        store,
        _P
        + """SELECT DISTINCT ?d ?g ?home WHERE {
        GRAPH ?home { ?plan a ?t } FILTER(?t != igel:Plan && ?home != ?inferred)
        GRAPH ?g { ?plan dcterms:description ?d } }""",
        {"plan": plan, "inferred": Graphs.INFERRED},
    )
    homes = {r["home"] for r in rows}
    by_lang: dict[str, tuple[list[str], list[str]]] = {}
    for r in rows:
        d = r["d"]
        own, other = by_lang.setdefault(d.language or "", ([], []))
        (own if r["g"] in homes else other).append(str(d))
    own, other = by_lang.get(lang) or by_lang.get("de") or ([], [])
    return sorted(set(own)), sorted(set(other))


def project_page(store: Store, plan: URIRef, lang: str) -> dict:
    """The page data of the project ``plan``: ``plan``, ``label``, ``title``, ``purpose``
    and ``facts`` (its descriptions from its own source and from reference data),
    ``period`` (label, first and last year), ``funding`` (amount, currency, text),
    ``funders``, ``regions`` (each with its ``districts``: label, district key, where it
    lies, its roles, its ``sources``), ``actors`` (each with ``roles`` and ``sources``),
    ``sectors``, ``facets`` (what else the project is about, e.g. integration dimensions:
    each with the property's ``label`` and its ``concepts``) and ``sources`` (the project's
    passages not shown with a region or actor).
    Each source is a passage with its quote, ``section``, ``own`` (in the project's own
    source document, not reference data) and ``repeat`` (quoted earlier on the page).

    Raises :class:`igel_graph.reports.ReportNotFound` when the store does not know ``plan``.
    """
    graph = reports.plan_report(store, plan)
    home = _home_document(graph, plan)
    roles = reports.plan_roles(graph, plan)
    about = reports.subject_values(graph, plan, reports.subject_properties(store))
    names = reports.role_labels(store, {p for props in roles.values() for p in props} | {p for p, _ in about}, lang)

    def ref(node) -> dict:
        return {"iri": str(node), "label": _label(graph, node, lang)}

    period = None
    per = graph.value(plan, IGEL.period)
    if per is not None:
        begins, ends = graph.value(per, IGEL.beginsAt), graph.value(per, IGEL.endsAt)
        # igel:endsAt is the first instant after the period: 2019-01-01 ends 2016–2018
        last = ends.toPython() if ends is not None else None
        last_year = (
            last.year - 1
            if last is not None and (last.month, last.day, last.hour, last.minute) == (1, 1, 0, 0)
            else last.year
            if last is not None
            else None
        )
        period = {
            "iri": str(per),
            "label": _label(graph, per, lang),
            "first_year": _year(begins),
            "last_year": last_year,
        }
    funding = None
    amount = graph.value(plan, IGEL.fundingAmount)
    if amount is not None:
        currency = str(graph.value(plan, IGEL.currency) or "")
        funding = {"amount": float(amount), "currency": currency, "text": format_amount(float(amount), currency, lang)}
    funders = sorted((ref(f) for f in graph.objects(plan, IGEL.funder)), key=lambda r: r["label"])

    district_iris = set()
    regions = []
    for r in sorted(graph.objects(plan, IGEL.region)):
        districts = []
        for d in graph.objects(r, IGEL.consistsOf):
            district_iris.add(d)
            located = graph.value(d, IGEL.locatedIn)
            districts.append(
                {
                    **ref(d),
                    "key": str(graph.value(d, IGEL.districtKey) or ""),
                    "located_in": ref(located) if located is not None else None,
                    "roles": [names[p] for p in roles.get(d, [])],
                }
            )
        districts.sort(key=lambda d: (d["key"] or "~", d["label"]))
        regions.append({**ref(r), "districts": districts, "sources": _quotes(graph, r, lang, home)})

    actors = []
    for a, props in roles.items():
        if a in district_iris:  # shown with their region
            continue
        actors.append(
            {
                **ref(a),
                "roles": [names[p] for p in props],
                "role_iris": [str(p) for p in props],
                "types": sorted(str(t) for t in graph.objects(a, RDF.type)),
                "sources": _quotes(graph, a, lang, home),
            }
        )
    # the project's own bodies first (who is responsible, who funds), then by name
    actors.sort(key=lambda a: (not (set(a["role_iris"]) & {str(IGEL.responsibleFor), str(IGEL.funder)}), a["label"]))

    # a passage quoted once on the page is referred to, not repeated: region, then actors
    # in page order, then the project's remaining passages
    seen: set[str] = set()
    for item in regions + actors:
        for q in item["sources"]:
            q["repeat"] = q["iri"] in seen
            seen.add(q["iri"])
    names_of_plan = {str(l) for l in graph.objects(plan, RDFS.label)} | {
        str(l) for l in graph.objects(plan, DCTERMS.title)
    }
    # the title passage only repeats the heading
    remaining = [
        q for q in _quotes(graph, plan, lang, home) if q["iri"] not in seen and q["quote"] not in names_of_plan
    ]
    sectors = sorted((ref(v) for p, v in about if p == IGEL.careSector), key=lambda r: r["label"])
    facets: dict = {}
    for p, v in about:
        if p != IGEL.careSector:
            facets.setdefault(p, {"iri": str(p), "label": names[p], "concepts": []})["concepts"].append(ref(v))
    for facet in facets.values():
        facet["concepts"].sort(key=lambda r: r["label"])
    purpose, facts = _own_descriptions(store, plan, lang)
    titles = {l.language: str(l) for l in graph.objects(plan, DCTERMS.title) if isinstance(l, Literal)}
    return {
        "plan": str(plan),
        "label": _label(graph, plan, lang),
        "title": titles.get(lang) or titles.get("de") or "",
        "purpose": purpose,
        "facts": facts,
        "period": period,
        "funding": funding,
        "funders": funders,
        "regions": regions,
        "actors": actors,
        "sectors": sectors,
        "facets": sorted(facets.values(), key=lambda f: f["label"]),
        "sources": remaining,
    }
