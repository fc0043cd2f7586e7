"""The site's pages: landing, plan explorer, project pages, gap report, timeline,
finance, SPARQL editor.

Content comes from :mod:`visualizations.pages` (named queries and the analysis); the
templates are in ``api/templates/site/`` and extend the layout ``base.html``. Every page
takes ``?lang=de|en``; the language switch keeps the other parameters.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from visualizations.links import SiteLinks
from visualizations.pages import content, gaps, project
from visualizations.pages.sparql import DEFAULT_QUERY, examples

from ..deps import LangDep, SettingsDep, StoreDep
from ..export import EXPORT_HEADER
from ..lanes import HEAVY, LIGHT, in_lane
from ..templates import render

__all__ = ["router", "PAGES"]

router = APIRouter(tags=["Pages"])

#: page paths of the site (used by the static export): path -> navigation key
PAGES = {
    "/": "home",
    "/plan": "plan",
    "/gaps": "gaps",
    "/timeline": "timeline",
    "/finance": "finance",
    "/query": "sparql",
}

_COUNT_LABELS = [
    ("Plan", "Pläne", "plans"),
    ("ActionField", "Handlungsfelder", "action fields"),
    ("Goal", "Ziele", "goals"),
    ("Measure", "Massnahmen", "measures"),
    ("Actor", "Akteure", "actors"),
    ("Theme", "Themen", "themes"),
    ("CareSector", "Versorgungsbereiche", "care sectors"),
    ("EvaluationCriterion", "Evaluationskriterien", "evaluation criteria"),
    ("SourcePassage", "Quellenstellen", "source passages"),
    ("Finding", "Befunde", "findings"),
]


def _page(request: Request, name: str, context: dict, lang: str, settings, active: str) -> HTMLResponse:
    links = SiteLinks(settings.base_iri, lang)
    ctx = {"res": links.resource, **context}
    return render(request, f"site/{name}.html", ctx, lang=lang, active=active)


@router.get("/", response_class=HTMLResponse, summary="Landing page")
@in_lane(LIGHT)
def read_landing(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """What the platform holds and where each kind of user starts."""
    data = content.landing(store, lang)
    data["count_labels"] = [(key, de if lang == "de" else en) for key, de, en in _COUNT_LABELS]
    return _page(request, "landing", data, lang, settings, "home")


@router.get("/plan", response_class=HTMLResponse, summary="Plan explorer")
@in_lane(HEAVY)
def read_plan_explorer(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    plan: str | None = None,
    version: Annotated[
        str | None, Query(description="A version of an imported plan (label, number or IRI); default: the current one.")
    ] = None,
) -> HTMLResponse:
    """Action fields → goals → measures with actors, start, themes, budget, criteria, source.
    A plan without action fields (a model project, ``?plan=id:plan/bw-modellprojekt``)
    gets its project page instead (see :func:`read_project`). An imported plan can be
    shown as one of its versions (``?version=``; an unknown one is 404 naming the known
    ones), and its page links the others."""
    from rdflib import URIRef

    from igel_graph.workbook.version_store import store_at
    from igel_graph.workbook.versions import find_version, imported_plans
    from visualizations.versions import version_picker
    from visualizations.views.common import expand_iri

    if plan and project.is_project(store, URIRef(expand_iri(plan))):
        return _project_page(request, store, settings, lang, URIRef(expand_iri(plan)))
    chosen = find_version(store, version, URIRef(expand_iri(plan)) if plan else None) if version else None
    if chosen is not None and not plan:
        plan = str(chosen[0])
    source = store_at(store, *chosen) if chosen is not None else store
    data = content.plan_explorer(source, lang, expand_iri(plan) if plan else None)
    data["title"] = data["plan_label"]
    shown = URIRef(expand_iri(plan)) if plan else content.PLAN
    if chosen is None and shown in imported_plans(store):
        chosen = find_version(store, "current", shown)
    data["versions"] = (
        version_picker(
            store, chosen, lang, lambda v: f"/plan?{urlencode({'plan': str(shown), 'version': v, 'lang': lang})}"
        )
        if chosen is not None
        else None
    )
    # the view link names the version by IRI: a label or number may be another plan's too
    data["version_param"] = str(chosen[1].iri) if version and chosen is not None else None
    data["role_labels"] = [
        ("lead", "Federführung" if lang == "de" else "Lead"),
        ("partner", "Partner" if lang == "de" else "Partners"),
        ("addressee", "Adressaten" if lang == "de" else "Addressees"),
    ]
    return _page(request, "plan", data, lang, settings, "plan")


@router.get(
    "/projects/{slug}",
    response_class=HTMLResponse,
    summary="Project page",
    responses={404: {"description": "No plan or project of that name"}},
)
@in_lane(HEAVY)
def read_project(request: Request, slug: str, store: StoreDep, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """A model project (or any plan) by the last part of its IRI, e.g. ``bw-modellprojekt``
    for ``id:plan/bw-modellprojekt``: region and districts, period, funding and funder,
    actors with their roles, care sectors, purpose and the source passages."""
    from igel_graph.namespaces import resource

    return _project_page(request, store, settings, lang, resource("plan", slug))


def _project_page(request: Request, store, settings, lang: str, plan) -> HTMLResponse:
    data = project.project_page(store, plan, lang)  # ReportNotFound -> 404 problem
    data["title"] = data["label"]
    data["report"] = str(plan).rsplit("/", 1)[-1]
    return _page(request, "project", data, lang, settings, "plan")


@router.get("/gaps", response_class=HTMLResponse, summary="Gap report")
@in_lane(HEAVY)
def read_gap_report(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    severity: str = "",
    kind: str = "",
    field: str = "",
    actor: str = "",
    as_of: str | None = None,
) -> HTMLResponse:
    """The five most important findings first, then every finding grouped by kind; the
    filters ``severity``, ``kind``, ``field`` and ``actor`` (IRIs) narrow the list (an
    unknown value matches nothing). Each finding links to its view with its evidence
    highlighted and to its statements and their sources. ``as_of=YYYY-MM-DD`` (default
    today) is the day whose monitoring reports the slippage findings read (422 when it is
    not a date)."""
    from igel_graph.monitoring.asof import parse_as_of

    day = parse_as_of(as_of)  # a bad day: 422 (ParameterError) before any work
    data = gaps.gap_report(store, lang, gaps.GapFilters(severity, kind, field, actor), day)
    data["title"] = "Lückenbericht" if lang == "de" else "Gap report"
    data["read_only"] = EXPORT_HEADER in request.headers
    data["as_of_given"] = bool(as_of and as_of.strip())  # the filters keep a chosen day
    return _page(request, "gaps", data, lang, settings, "gaps")


@router.get("/timeline", response_class=HTMLResponse, summary="Timeline of measure starts")
@in_lane(HEAVY)
def read_timeline(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """Measures by start quarter and action field, as a chart and a table."""
    data = content.timeline_page(store, lang)
    data["title"] = "Zeitplan" if lang == "de" else "Timeline"
    return _page(request, "timeline", data, lang, settings, "timeline")


@router.get("/finance", response_class=HTMLResponse, summary="Financing table and chart")
@in_lane(HEAVY)
def read_finance(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """The budget re-computed from its cells beside the printed totals, with a chart."""
    data = content.finance_page(store, lang)
    data["title"] = "Finanzierung" if lang == "de" else "Financing"
    return _page(request, "finance", data, lang, settings, "finance")


@router.get("/query", response_class=HTMLResponse, summary="SPARQL editor")
def read_sparql_editor(request: Request, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """A SPARQL editor with the named queries as examples; results from ``/sparql``."""
    data = {"examples": examples(lang), "default_query": DEFAULT_QUERY, "title": "SPARQL"}
    return _page(request, "query", data, lang, settings, "sparql")


#: a small icon (a node and two links), so that browsers do not log a missing favicon
_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M3 13L8 4l5 9" '
    'stroke="#0b5cad" stroke-width="2" fill="none"/><circle cx="8" cy="4" r="3" fill="#0b5cad"/></svg>'
)


@router.get("/favicon.ico", include_in_schema=False)
def read_favicon() -> Response:
    """The site icon (SVG)."""
    return Response(_ICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
