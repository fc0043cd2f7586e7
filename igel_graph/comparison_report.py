"""The comparison report of two plans: what each covers and how each spends, as RDF
(framed into JSON-LD with the reports' context, or Turtle) and as CSV rows.

The figures are the rows of the named queries ``plan-comparison`` (coverage of themes,
care sectors, measure kinds and actor types) and ``plan-money-shares`` (money per action
field and theme, and the rest not allocated); the report only reshapes them:

* the report node, an ``igel:PlanComparison`` with ``igel:firstPlan`` and
  ``igel:secondPlan``, ``prov:wasDerivedFrom`` both plans, and a label in German and English;
* one ``igel:ComparisonRow`` per query row (``dcterms:hasPart`` of the report), its
  ``dcterms:type`` the dimension ("theme", "care sector", "measure kind", "actor type") or
  the money level ("money per field", "money per theme", "money not allocated"),
  ``dcterms:subject`` the concept or the funded field or theme, ``rdfs:label`` its name;
  coverage rows with ``igel:coveredBy``, ``igel:partsInFirst`` and ``igel:partsInSecond``;
  money rows with ``prov:wasDerivedFrom`` their plan, ``igel:amount``, ``igel:currency``,
  ``igel:percentOfBudget`` and (field and theme rows) ``igel:percentOfAllocated``.

No web imports: the API serves it (``GET /api/reports/comparison?a=&b=``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .namespaces import ID_BASE, IGEL
from .store.base import AskResult, Store

__all__ = [
    "COMPARISON_FRAME",
    "MONEY_TYPES",
    "COLUMNS",
    "check_plans",
    "comparison_iri",
    "comparison_report",
    "comparison_rows",
]

#: the framing of the report: the comparison with its rows nested
COMPARISON_FRAME: dict[str, Any] = {"rows": {}}

#: dcterms:type of a money row per level of plan-money-shares
MONEY_TYPES = {"field": "money per field", "theme": "money per theme", "not allocated": "money not allocated"}

#: the columns of the CSV form, in order
COLUMNS = (
    "kind",
    "dimension",
    "concept",
    "label",
    "coveredBy",
    "partsA",
    "partsB",
    "side",
    "plan",
    "amount",
    "currency",
    "percent",
    "percentOfAllocated",
)


def comparison_iri(a: URIRef, b: URIRef) -> URIRef:
    """The report's IRI, the same for the same two plans in the same order:
    ``id:comparison/<short a>--<short b>`` (a version of plan P is short ``P@N``)."""
    return URIRef(f"{ID_BASE}comparison/{_short(a)}--{_short(b)}")


def _short(plan: URIRef) -> str:
    """``P`` for plan ``id:plan/P``, ``P@N`` for its version ``id:plan/P/version/N``, else a hash.

    >>> _short(URIRef(ID_BASE + "plan/igel-2026-2030/version/2"))
    'igel-2026-2030@2'
    """
    text = str(plan)
    rest = text[len(ID_BASE) + 5 :]
    if text.startswith(ID_BASE + "plan/") and "/" not in rest:
        return rest
    name, _, number = rest.partition("/version/")
    if text.startswith(ID_BASE + "plan/") and number.isdigit() and "/" not in name:
        return f"{name}@{number}"
    return "x" + hashlib.sha1(text.encode()).hexdigest()[:12]


def check_plans(store: Store, a: URIRef, b: URIRef) -> None:
    """Raise :class:`~igel_graph.reports.ReportNotFound` (HTTP 404, exit code 2) naming the
    first of ``a`` and ``b`` that the store holds nothing about."""
    from .reports import ReportNotFound

    for key, plan in (("a", a), ("b", b)):
        res = store.query("ASK { ?plan ?p ?o }", {"plan": plan})
        if not (isinstance(res, AskResult) and res.value):
            raise ReportNotFound(
                f"There is no plan <{plan}> in the store (parameter {key}).",
                hint="Give a plan as id:plan/<name>, e.g. id:plan/igel-2026-2030; /compare lists them.",
            )


def _coverage(store: Store, a: URIRef, b: URIRef) -> tuple[list[dict], list[dict]]:
    from .queries import get_query

    out = []
    for lang in ("de", "en"):
        out.append(get_query("plan-comparison").run(store, {"a": a, "b": b, "lang": lang}).dicts())
    return out[0], out[1]


def _money(store: Store, a: URIRef, b: URIRef) -> tuple[list[dict], list[dict]]:
    from .queries import get_query

    out = []
    for lang in ("de", "en"):
        out.append(get_query("plan-money-shares").run(store, {"a": a, "b": b, "lang": lang}).dicts())
    return out[0], out[1]


def comparison_report(store: Store, a: URIRef, b: URIRef) -> Graph:
    """The comparison of plans ``a`` and ``b`` as a graph rooted at :func:`comparison_iri`."""
    graph = Graph()
    for prefix, ns in (("igel", IGEL), ("dcterms", DCTERMS), ("prov", PROV)):
        graph.bind(prefix, ns)
    report = comparison_iri(a, b)
    graph.add((report, RDF.type, IGEL.PlanComparison))
    graph.add((report, IGEL.firstPlan, a))
    graph.add((report, IGEL.secondPlan, b))
    graph.add((report, PROV.wasDerivedFrom, a))
    graph.add((report, PROV.wasDerivedFrom, b))
    graph.add((report, RDFS.label, Literal("Planvergleich", lang="de")))
    graph.add((report, RDFS.label, Literal("Plan comparison", lang="en")))

    def row(key: str, kind: str, subject: Any, labels: tuple[Any, Any]) -> URIRef:
        node = URIRef(f"{report}/row/{hashlib.sha1(key.encode()).hexdigest()[:12]}")
        graph.add((report, DCTERMS.hasPart, node))
        graph.add((node, RDF.type, IGEL.ComparisonRow))
        graph.add((node, DCTERMS.type, Literal(kind)))
        if subject is not None:
            graph.add((node, DCTERMS.subject, subject))
        for label, lang in zip(labels, ("de", "en")):
            if label is not None:
                graph.add((node, RDFS.label, Literal(str(label), lang=lang)))
        return node

    de, en = _coverage(store, a, b)
    english = {(str(r["dimension"]), str(r["concept"])): r["conceptLabel"] for r in en}
    for r in de:
        key = (str(r["dimension"]), str(r["concept"]))
        node = row("|".join(key), key[0], r["concept"], (r["conceptLabel"], english.get(key)))
        graph.add((node, IGEL.coveredBy, Literal(str(r["coveredBy"]))))
        graph.add((node, IGEL.partsInFirst, Literal(int(str(r["partsA"])), datatype=XSD.integer)))
        graph.add((node, IGEL.partsInSecond, Literal(int(str(r["partsB"])), datatype=XSD.integer)))

    de, en = _money(store, a, b)
    english_money = {(str(r["side"]), str(r["level"]), str(r["item"])): r["itemLabel"] for r in en}
    for r in de:
        money_key = (str(r["side"]), str(r["level"]), str(r["item"]))
        node = row(
            "|".join(money_key), MONEY_TYPES[money_key[1]], r["item"], (r["itemLabel"], english_money.get(money_key))
        )
        graph.add((node, PROV.wasDerivedFrom, r["plan"]))
        graph.add((node, IGEL.amount, Literal(str(r["amount"]), datatype=XSD.decimal)))
        if r["currency"] is not None:
            graph.add((node, IGEL.currency, Literal(str(r["currency"]))))
        if r["percent"] is not None:
            graph.add((node, IGEL.percentOfBudget, Literal(str(r["percent"]), datatype=XSD.decimal)))
        if r["percentOfAllocated"] is not None:
            graph.add((node, IGEL.percentOfAllocated, Literal(str(r["percentOfAllocated"]), datatype=XSD.decimal)))
    return graph


def comparison_rows(store: Store, a: URIRef, b: URIRef, lang: str = "de") -> list[dict[str, Any]]:
    """The report as CSV rows (:data:`COLUMNS`): first the coverage rows (``kind``
    "coverage"), then the money rows (``kind`` "money"), each as the query gives it."""
    from .queries import get_query

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    rows: list[dict[str, Any]] = []
    for r in get_query("plan-comparison").run(store, {"a": a, "b": b, "lang": lang}).dicts():
        rows.append(
            {
                **dict.fromkeys(COLUMNS, ""),
                "kind": "coverage",
                "dimension": text(r["dimension"]),
                "concept": text(r["concept"]),
                "label": text(r["conceptLabel"]),
                "coveredBy": text(r["coveredBy"]),
                "partsA": text(r["partsA"]),
                "partsB": text(r["partsB"]),
            }
        )
    for r in get_query("plan-money-shares").run(store, {"a": a, "b": b, "lang": lang}).dicts():
        rows.append(
            {
                **dict.fromkeys(COLUMNS, ""),
                "kind": "money",
                "dimension": MONEY_TYPES[str(r["level"])],
                "concept": text(r["item"]),
                "label": text(r["itemLabel"]),
                "side": text(r["side"]),
                "plan": text(r["plan"]),
                "amount": text(r["amount"]),
                "currency": text(r["currency"]),
                "percent": text(r["percent"]),
                "percentOfAllocated": text(r["percentOfAllocated"]),
            }
        )
    return rows
