"""Linked-data reports: the plan report, actor profiles and theme reports
(:mod:`igel_graph.reports`), as framed JSON-LD with the context published at
``/context.jsonld``, as Turtle (or N-Triples, RDF/XML), and as CSV.

The format comes from ``?format=`` (jsonld, turtle, nt, rdfxml, csv) or ``Accept``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph, URIRef

from igel_graph import reports
from igel_graph.formats import FORMATS, Format, content_type, serialize_graph
from igel_graph.namespaces import resource
from igel_graph.negotiation import negotiate

from ..deps import LangDep, StoreDep
from ..lanes import HEAVY, in_lane

router = APIRouter(tags=["Reports"])

#: report formats, the server's preference first (CSV: rows of the report's own shape)
_OFFERED = ("jsonld", "turtle", "csv", "ntriples", "rdfxml")
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {FORMATS[n].media_type: {} for n in _OFFERED}},
    404: {"description": "Unknown plan, actor or theme"},
}


@router.get(
    "/context.jsonld",
    summary="The JSON-LD context of the reports",
    responses={200: {"content": {"application/ld+json": {}}}},
)
def read_context() -> Response:
    """The ``@context`` every report refers to (terms for fields, goals, measures, roles,
    budget, with their IRIs in the IGeL ontology)."""
    return Response(
        json.dumps({"@context": reports.REPORT_CONTEXT}, indent=2).encode(),
        media_type="application/ld+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _media(request: Request, fmt: str | None) -> Format:
    return negotiate(request.headers.get("accept"), fmt, _OFFERED, what="A report")


def _csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return buf.getvalue().encode()


def _answer(request: Request, media: Format, graph: Graph, frame: dict, root: URIRef, rows) -> Response:
    headers = {
        "Vary": "Accept",
        "Link": f'<{request.url_for("read_context")}>; rel="http://www.w3.org/ns/json-ld#context"',
    }
    if media.name == "jsonld":  # framed with the published context, not the registry's compaction
        doc = reports.frame_report(graph, frame, root, context=str(request.url_for("read_context")))
        return JSONResponse(doc, media_type=media.media_type, headers=headers)
    if media.name == "csv":
        return Response(_csv(rows()), media_type=content_type(media), headers=headers)
    return Response(serialize_graph(graph, media), media_type=content_type(media), headers=headers)


@router.get("/api/reports/plans/{plan}", summary="Plan report", responses=_RESPONSES)
@in_lane(HEAVY)
def read_plan_report(
    request: Request, plan: str, store: StoreDep, lang: LangDep, format: str | None = None
) -> Response:
    """Plan -> action fields -> goals -> measures with actors by role, start or status,
    themes and the budget lines funding them; and the plan's profile: title, purpose,
    period, funding and funder, region and districts (with district keys), every actor
    linked to the plan with its role, care sectors and source passages. ``plan`` is the
    last part of the plan's IRI, e.g. ``igel-2026-2030`` for
    ``https://w3id.org/igel/id/plan/igel-2026-2030`` or ``bw-modellprojekt`` for the
    Baden-Württemberg model project.

    CSV has one row per measure; for a plan without measures (a model project) one row
    per aspect of its profile: ``aspect`` (title, description, period, funding, region,
    district, actor, care-sector, subject, source), ``iri``, ``label``, ``role``,
    ``value``, ``detail``."""
    media = _media(request, format)
    iri = resource("plan", plan)
    graph = reports.plan_report(store, iri)

    def rows() -> list[dict]:
        if reports.has_measures(graph, iri):
            return reports.plan_rows(graph, iri, lang)
        roles = reports.plan_roles(graph, iri)
        subjects = reports.subject_properties(store)
        named = {p for props in roles.values() for p in props} | {
            p for p, _ in reports.subject_values(graph, iri, subjects)
        }
        return reports.profile_rows(graph, iri, lang, reports.role_labels(store, named, lang), subjects)

    return _answer(request, media, graph, reports.PLAN_FRAME, iri, rows)


@router.get("/api/reports/comparison", summary="Two plans compared", responses=_RESPONSES)
@in_lane(HEAVY)
def read_comparison_report(
    request: Request,
    store: StoreDep,
    lang: LangDep,
    a: Annotated[
        str, Query(description="The first plan (IRI or id:plan/...), or a version: id:plan/P@VERSION or its IRI.")
    ] = "id:plan/igel-2026-2030",
    b: Annotated[str, Query(description="The second plan or version.")] = "id:plan/bw-modellprojekt",
    format: str | None = None,
) -> Response:
    """Any two plans side by side, as the /compare page shows them (two versions of an
    imported plan too, compared as two plans: ``id:plan/P@VERSION`` or the version's IRI): per theme, care
    sector, measure kind and actor type whether each plan covers it and in how many parts
    (named query ``plan-comparison``), and per plan its money per action field and theme
    with the rest not allocated, as amount and percent (``plan-money-shares``).

    JSON-LD and Turtle: an ``igel:PlanComparison`` with one ``igel:ComparisonRow`` per
    row (``rows``). CSV: one row per coverage row (``kind`` coverage) and per money row
    (``kind`` money) with the columns ``kind``, ``dimension``, ``concept``, ``label``,
    ``coveredBy``, ``partsA``, ``partsB``, ``side``, ``plan``, ``amount``, ``currency``,
    ``percent``, ``percentOfAllocated``."""
    from igel_graph.comparison_report import COMPARISON_FRAME, check_plans, comparison_iri, comparison_rows
    from igel_graph.comparison_report import comparison_report as build
    from igel_graph.workbook.version_pair import comparison_store, side

    media = _media(request, format)
    # a malformed plan: UsageError, 400; an unknown version: 404 naming the known ones
    side_a, side_b = side(store, a), side(store, b)
    compared = comparison_store(store, side_a, side_b)
    plan_a, plan_b = side_a.iri, side_b.iri
    check_plans(compared, plan_a, plan_b)
    graph = build(compared, plan_a, plan_b)
    root = comparison_iri(plan_a, plan_b)
    rows = comparison_rows(compared, plan_a, plan_b, lang) if media.name == "csv" else []
    return _answer(request, media, graph, COMPARISON_FRAME, root, lambda: rows)


@router.get("/api/reports/actors/{actor}", summary="Actor profile", responses=_RESPONSES)
@in_lane(HEAVY)
def read_actor_profile(
    request: Request, actor: str, store: StoreDep, lang: LangDep, format: str | None = None
) -> Response:
    """An actor with the measures it leads, takes part in as partner, or is addressed by,
    and their action fields. ``actor`` as in ``id:actor/{actor}``, e.g. ``gsd``."""
    media = _media(request, format)
    iri = resource("actor", actor)
    graph = reports.actor_profile(store, iri)
    return _answer(request, media, graph, reports.ACTOR_FRAME, iri, lambda: reports.actor_rows(graph, iri, lang))


@router.get("/api/reports/themes/{theme}", summary="Theme report across action fields", responses=_RESPONSES)
@in_lane(HEAVY)
def read_theme_report(
    request: Request, theme: str, store: StoreDep, lang: LangDep, format: str | None = None
) -> Response:
    """A cross-cutting theme and every measure that has it, with its action field (CSV
    also says whether the source states it or it is curated). ``theme`` as in
    ``id:theme/{theme}``, e.g. ``digitalisierung``."""
    media = _media(request, format)
    iri = resource("theme", theme)
    graph = reports.theme_report(store, iri)
    return _answer(
        request,
        media,
        graph,
        reports.THEME_FRAME,
        iri,
        lambda: reports.theme_rows(graph, iri, lang, reports.theme_statement_graphs(store, iri)),
    )
