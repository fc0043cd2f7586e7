"""The graph views: ``/views`` (the list), ``/views/{name}`` (one view), ``/views/assets/…``.

Views are built by :mod:`visualizations` from the store and rendered with its offline
template; the scripts are served from ``/views/assets/`` (vis-network from the installed
pyvis package), so nothing is loaded from the internet.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from igel_graph.errors import IgelError
from igel_graph.workbook.version_store import is_current
from igel_graph.workbook.versions import find_version
from visualizations.assets import MEDIA_TYPES, asset_path
from visualizations.links import SiteLinks
from visualizations.registry import VIEWS, build_view
from visualizations.render import render_view, view_data
from visualizations.saved import tours_data
from visualizations.versions import version_json, version_picker

from ..deps import LangDep, SettingsDep, StoreDep
from ..export import EXPORT_HEADER
from ..lanes import HEAVY, in_lane
from ..templates import pick, render

__all__ = ["router"]

router = APIRouter(tags=["Views"])


@router.get("/views", response_class=HTMLResponse, summary="The graph views")
def list_views(request: Request, lang: LangDep) -> HTMLResponse:
    """The list of graph views with what each shows."""
    links = SiteLinks("", lang)
    items = [
        {"name": name, "href": links.view(name), "title": pick(spec.title, lang), "caption": pick(spec.caption, lang)}
        for name, spec in VIEWS.items()
    ]
    tours = [
        {
            "title": tour["title"],
            "first": tour["steps"][0]["caption"],
            "href": links.view(tour["steps"][0]["view"])
            + f"#{tour['steps'][0]['state'] + '&' if tour['steps'][0]['state'] else ''}tour={tid}&step=1",
        }
        for tid, tour in tours_data(lang).items()
    ]
    return render(
        request,
        "views/index.html",
        {"title": pick({"de": "Ansichten", "en": "Views"}, lang), "views": items, "tours": tours},
        lang=lang,
        active="views",
    )


@router.get("/views/assets/{name}", summary="A script or stylesheet of the views", include_in_schema=False)
def read_view_asset(name: str) -> FileResponse:
    """vis-network, the view script and stylesheet, and vis-network's licence notice."""
    try:
        path = asset_path(name)
    except IgelError as exc:
        exc.http_status = 404
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/views/{name}", summary="One graph view", response_class=HTMLResponse)
@in_lane(HEAVY)
def read_view(
    name: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    center: str | None = None,
    n: str | None = None,
    expand: str | None = None,
    a: Annotated[str | None, Query(description="comparison: the first plan (default id:plan/igel-2026-2030)")] = None,
    b: Annotated[
        str | None, Query(description="comparison: the second plan (default id:plan/bw-modellprojekt)")
    ] = None,
    format: str | None = None,
    as_of: str | None = None,
    colour: str | None = None,
    version: Annotated[
        str | None,
        Query(description="A version of an imported plan (label, number or IRI); default: each plan's current one."),
    ] = None,
):
    """The view ``name`` (plan, collaboration, dependencies, themes, ego, comparison) as
    an interactive page, or its data with ``format=json``.

    ``center`` and ``n`` choose the ego view's resource and radius; ``expand`` lists the
    groups of an aggregated view to open (comma-separated). The collaboration view takes
    ``colour=status`` (open coloured by implementation status) and ``as_of=YYYY-MM-DD``
    (the day whose reports count, default today; 422 when it is not a date); ``version``
    shows that version of an imported plan instead of its current one (an unknown one is
    404 and names the known versions). ``a`` and ``b`` choose the two plans of the
    comparison view (plans or imported plans; default IGeL and BW).
    """
    given = {"center": center, "n": n, "expand": expand, "as_of": as_of, "colour": colour, "a": a, "b": b}
    params = {k: v for k, v in given.items() if v is not None}
    chosen = find_version(store, version) if version else None
    view = build_view(store, name, params, node_limit=settings.view_node_limit, version=chosen)
    links = SiteLinks(settings.base_iri, lang, name, {k: v for k, v in params.items() if v}, version=version)
    if format == "json":
        data = view_data(view, lang, links)
        if chosen is not None:
            data["version"] = version_json(chosen, is_current(store, *chosen))
        return JSONResponse(data)
    # the static export's copy shows the day without the form that asks the server for another
    served = EXPORT_HEADER not in request.headers
    picker = version_picker(store, chosen, lang, lambda v: links.same_view(version=v))
    if name == "comparison" and any("@" in side or "/version/" in side for side in (a or "", b or "")):
        # the two sides are versions already: a third "version shown" would mislead
        picker = None
    html = render_view(view, lang=lang, links=links, inline=False, served=served, versions=picker)
    return HTMLResponse(html, headers={"Content-Language": lang, "Vary": "Accept-Language"})
