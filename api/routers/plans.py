"""Plans brought in as workbooks: upload, versions, diff.

* ``POST /api/plans/import`` — a plan workbook (.xlsx, multipart field ``file``), with the
  bearer token. ``dry_run=true`` checks it and answers the validation report without
  writing; otherwise it is imported as the plan's next version. A broken workbook
  answers 422 with one entry per problem (sheet, row, column, value, message) and
  changes nothing.
* ``GET /api/plans/{plan}/versions`` and ``GET /api/plans/{plan}/diff?from=&to=`` (JSON
  with a top-level ``changes`` list; ``Accept: text/turtle`` gives the changeset).
* Pages: ``/plans`` (imported plans and their versions), ``/plans/upload``,
  ``/plans/{plan}/diff``.

``{plan}`` is the plan's short name (the last segment of its IRI, e.g. ``igel-2026-2030``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from igel_graph.tabular import TableErrors
from igel_graph.workbook.diff import changes_graph, changes_json, version_diff
from igel_graph.workbook.versions import plan_iri, versions
from visualizations.links import SiteLinks
from visualizations.pages import plans as pages

from ..deps import LangDep, SettingsDep, StoreDep
from ..errors import problem
from ..openapi_doc import WRITE_SECURITY
from ..problems import BadRequest, NotFound
from ..templates import render
from ..write_path import write_lock, written
from ..writes_support import require_writer

__all__ = ["router"]

router = APIRouter(tags=["Plans"])

WriterDep = Annotated[str, Depends(require_writer)]
FromParam = Annotated[str | None, Query(alias="from", description="Version: number, label or 'previous' (default).")]
ToParam = Annotated[str | None, Query(alias="to", description="Version: number, label or 'current' (default).")]


def _plan(slug: str):
    if "/" in slug or not slug:
        raise NotFound(f"There is no plan '{slug}'.")
    return plan_iri(slug)


def _known(store, slug: str):
    plan = _plan(slug)
    if not versions(store, plan):
        raise NotFound(
            f"The plan '{slug}' has no imported versions.", hint="Import a workbook first (POST /api/plans/import)."
        )
    return plan


def _table_errors(exc: TableErrors) -> JSONResponse:
    body = problem("TableErrors", 422, str(exc).split("\n", 1)[0])
    body["errors"] = [e.as_dict() for e in exc.errors]
    return JSONResponse(body, status_code=422, media_type="application/problem+json")


@router.post(
    "/api/plans/import",
    summary="Import a plan workbook (validated; dry run shows the report first)",
    openapi_extra={"security": WRITE_SECURITY},
    responses={
        201: {"description": "Imported as a new version"},
        200: {"description": "Dry run: the workbook is valid; nothing was written"},
        422: {"description": "Problems, each with sheet, row, column and value; nothing was written"},
    },
)
async def import_plan(
    request: Request,
    store: StoreDep,
    who: WriterDep,
    file: Annotated[UploadFile, File(description="The plan workbook (.xlsx).")],
    dry_run: Annotated[bool, Query(description="Check only; write nothing.")] = False,
    plan: Annotated[str | None, Query(description="Plan IRI or short name (default: sheet plan, column id).")] = None,
    version: Annotated[str | None, Query(description="Label of the new version (default: its number).")] = None,
) -> Response:
    """Check the workbook sheet by sheet, match its actors, validate it with SHACL
    together with the store, and (unless ``dry_run``) write it as the plan's next
    version in one transaction."""
    from igel_graph.workbook.importer import check_workbook, import_workbook

    name = Path(file.filename or "plan.xlsx").name
    if not name.lower().endswith(".xlsx"):
        raise BadRequest(
            f"'{name}' is not an .xlsx workbook.", hint="Upload the plan workbook as .xlsx (see /plans/upload)."
        )
    data = await file.read()
    target = plan_iri(plan) if plan else None
    with tempfile.TemporaryDirectory(prefix="igel-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            # one import at a time: the check sees exactly the data the write changes
            async with write_lock(request.app):
                if dry_run:
                    _, result, _ = await run_in_threadpool(
                        check_workbook, store, path, plan=target, version_label=version
                    )
                else:
                    async with request.app.state.query_pool.writing():
                        result = await run_in_threadpool(
                            import_workbook, store, path, plan=target, version_label=version
                        )
                        written(request)
        except TableErrors as exc:
            return _table_errors(exc)
    body: dict[str, Any] = {**result.as_dict(), "by": who}
    slug = str(result.plan).rsplit("/", 1)[-1]
    body["pages"] = {"plan": f"/plan?plan=id:plan/{slug}", "versions": "/plans", "diff": f"/plans/{slug}/diff"}
    return JSONResponse(body, status_code=200 if dry_run else 201)


@router.get("/api/plans/{plan}/versions", summary="The imported versions of a plan")
def read_versions(plan: str, store: StoreDep) -> JSONResponse:
    """The versions, oldest first; the last one is current."""
    iri = _known(store, plan)
    known = versions(store, iri)
    return JSONResponse(
        {
            "plan": str(iri),
            "current": str(known[-1].iri),
            "versions": [
                {
                    "iri": str(v.iri),
                    "number": v.number,
                    "label": v.label,
                    "issued": v.issued.isoformat(),
                    "revision_of": str(v.revision_of) if v.revision_of else None,
                    "file": v.source,
                }
                for v in known
            ],
        }
    )


@router.get(
    "/api/plans/{plan}/diff",
    summary="What changed between two versions of a plan",
    responses={200: {"content": {"application/json": {}, "text/turtle": {}, "application/ld+json": {}}}},
)
def read_diff(plan: str, request: Request, store: StoreDep, from_: FromParam = None, to: ToParam = None) -> Response:
    """Measures added, removed, renumbered or retitled, starts moved, roles gained and
    lost per actor, themes, criteria and budget amounts: a top-level ``changes`` list
    (JSON), or the changeset as Turtle / JSON-LD for a report to cite."""
    iri = _known(store, plan)
    old, new, changes = version_diff(store, iri, from_, to)
    accept = request.headers.get("accept", "")
    if "text/turtle" in accept or "application/ld+json" in accept:
        from rdflib import URIRef

        graph = changes_graph(
            changes, changeset=URIRef(f"{new.iri}/changes-from/{old.number}"), before=old.iri, after=new.iri
        )
        turtle = "text/turtle" in accept
        return Response(
            graph.serialize(format="turtle" if turtle else "json-ld"),
            media_type="text/turtle" if turtle else "application/ld+json",
        )
    return JSONResponse(changes_json(changes, plan=str(iri), before=str(old.iri), after=str(new.iri)))


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/api/workbook/template",
    summary="The empty plan workbook (XLSX) with drop-downs and instructions",
    responses={200: {"content": {_XLSX: {}}}},
)
def read_template() -> Response:
    """An empty plan workbook: an instruction sheet (de/en), every sheet with its
    headers, drop-downs for the coded columns."""
    from igel_graph.workbook.export import write_template

    with tempfile.TemporaryDirectory(prefix="igel-template-") as folder:
        path = Path(folder) / "plan-workbook.xlsx"
        write_template(path)
        data = path.read_bytes()
    return Response(
        data, media_type=_XLSX, headers={"Content-Disposition": 'attachment; filename="plan-workbook.xlsx"'}
    )


# ---------------------------------------------------------------- pages


def _page(request: Request, name: str, context: dict, lang: str, settings) -> HTMLResponse:
    links = SiteLinks(settings.base_iri, lang)
    return render(request, f"site/{name}.html", {"res": links.resource, **context}, lang=lang, active="plans")


@router.get("/plans", response_class=HTMLResponse, summary="Imported plans and their versions")
def read_plans(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """Every plan brought in as a workbook, its versions, and links to its pages and diffs."""
    data = pages.plans_overview(store, lang)
    data["title"] = "Eigene Pläne" if lang == "de" else "Own plans"
    return _page(request, "plan_list", data, lang, settings)


@router.get("/plans/upload", response_class=HTMLResponse, summary="Upload a plan workbook")
def read_upload(request: Request, settings: SettingsDep, lang: LangDep) -> HTMLResponse:
    """Choose a workbook, enter the write token, check it (the validation report comes
    first), then import it."""
    data = pages.upload_page(lang)
    data["title"] = "Plan hochladen" if lang == "de" else "Upload a plan"
    return _page(request, "plan_upload", data, lang, settings)


@router.get("/plans/{plan}/diff", response_class=HTMLResponse, summary="Diff of two versions of a plan")
async def read_diff_page(
    plan: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    from_: FromParam = None,
    to: ToParam = None,
) -> HTMLResponse:
    """The changes between two versions, and the findings of the analysis that appear
    and disappear (the analysis runs on each version, off the event loop)."""
    iri = await run_in_threadpool(_known, store, plan)
    data = await run_in_threadpool(pages.diff_page, store, iri, from_, to, lang)
    data["title"] = ("Änderungen: " if lang == "de" else "Changes: ") + data["label"]
    return _page(request, "plan_diff", data, lang, settings)


@router.get("/compare", response_class=HTMLResponse, summary="Two plans compared")
async def read_compare(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    a: Annotated[
        str, Query(description="The first plan (IRI or id:plan/...), or a version: id:plan/P@VERSION or its IRI.")
    ] = "id:plan/igel-2026-2030",
    b: Annotated[str, Query(description="The second plan or version.")] = "id:plan/bw-modellprojekt",
) -> HTMLResponse:
    """Any two plans side by side (named query ``plan-comparison``): themes, care
    sectors, measure kinds and actor types each covers, and where they overlap. ``a``
    and ``b`` may be versions of an imported plan (``id:plan/P@VERSION``, version by
    number, label or IRI; or the version's IRI): they are compared as two plans; an
    unknown version is 404 naming the known ones."""
    data = await run_in_threadpool(pages.compare_page, store, a, b, lang)
    data["title"] = "Pläne im Vergleich" if lang == "de" else "Plans compared"
    return _page(request, "plan_compare", data, lang, settings)
