"""Monitoring writes and the dashboard: ``POST /api/monitoring/{status,observations,spending}``
with a per-organisation token, and ``GET /monitoring``.

A write carries its rows as JSON (an array of objects, or ``{"items": [...]}``) or as
CSV (a header line, then rows), with the columns of the spreadsheet sheet of that kind
(:data:`igel_graph.monitoring.rows.SHEETS`). The bearer token names the actor
(``igel tokens create --actor bkd``): it may report status only on measures that actor
leads or partners in, and only in its own name; the token of the actor responsible for
the plan (the department) on everything. Missing, unknown or revoked token: 401; a row
the token may not report: 403; any other bad row: 422 with sheet, row and column of
each. Nothing is written unless every row is right; data and its PROV record (graph
``writes``) are written in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from igel_graph.monitoring.context import PlanContext
from igel_graph.monitoring.importer import import_rows, rows_from_mappings
from igel_graph.monitoring.tokens import TokenFile, tokens_file
from igel_graph.namespaces import Graphs

from ..deps import LangDep, SettingsDep, StoreDep
from ..export import EXPORT_HEADER
from ..lanes import HEAVY, in_lane
from ..openapi_doc import REPORTING_SECURITY, error_responses
from ..problems import BadRequest, NotFound, Unauthorized, UnsupportedMediaType
from ..write_log import new_record, record_update
from ..write_path import writing, written

router = APIRouter(tags=["Monitoring"])

#: URL segment → sheet kind
KINDS = {"status": "status", "observations": "observations", "spending": "spending"}

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "text/csv": {"schema": {"type": "string"}},
        },
    },
    "security": REPORTING_SECURITY,
}


def token_actor(request: Request, store) -> URIRef:
    """The actor of the request's bearer token; :class:`Unauthorized` (401) when the
    token is missing, unknown or revoked. The token itself is never echoed."""
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        token = ""
    return actor_of_token(request.app.state.settings, store, token.strip())


def actor_of_token(settings, store, token: str) -> URIRef:
    """The actor ``token`` is bound to; :class:`Unauthorized` (401) when it is empty,
    unknown or revoked."""
    code = TokenFile(tokens_file(settings)).actor_of(token) if token else None
    if code is None:
        raise Unauthorized(
            "This report needs a valid reporting token (Authorization: Bearer ...); it is missing, unknown or revoked.",
            hint="Ask the department for a token: igel tokens create --actor CODE.",
        )
    actors = PlanContext.load(store).actors
    if code not in actors:
        raise Unauthorized(f"The token's actor {code!r} is not in the store.", hint="Ask for a new token.")
    return actors[code]


def parse_body(body: bytes, content_type: str | None) -> list[dict[str, Any]]:
    """The rows of a JSON or CSV body as mappings; :class:`BadRequest` (400) for a body
    that is neither, :class:`UnsupportedMediaType` (415) for another media type."""
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest("The body is not UTF-8 text.") from None
    if media in ("application/json", ""):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BadRequest(
                f"The body is not JSON: {exc}.", hint='Send an array of objects, e.g. [{"measure": "3.1.2", ...}].'
            ) from None
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = data["items"]
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
            raise BadRequest("The JSON body must be an object or an array of objects, one per row.")
        return [{str(k): (v if v is None or isinstance(v, str) else str(v)) for k, v in d.items()} for d in data]
    if media == "text/csv":
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count) if first else ","
        return [dict(r) for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)]
    raise UnsupportedMediaType(f"Cannot read rows sent as {media}.", hint="Send application/json or text/csv.")


@router.post(
    "/api/monitoring/{kind}",
    summary="Report status, indicator values or spending (per-organisation token)",
    openapi_extra=_BODY,
    responses=error_responses(400, 401, 403, 404, 413, 415, 422),
)
async def report(kind: str, request: Request, store: StoreDep) -> JSONResponse:
    """Record rows of one kind (``status``, ``observations``, ``spending``) for the
    token's actor, all or nothing; answers with the number of rows and the activity."""
    if kind not in KINDS:
        raise NotFound(f"There is no monitoring kind {kind!r}.", hint="Use status, observations or spending.")
    body = await request.body()
    items = parse_body(body, request.headers.get("content-type"))
    actor = await run_in_threadpool(token_actor, request, store)
    code = str(actor).rsplit("/", 1)[-1]
    rows = rows_from_mappings(KINDS[kind], items)
    record = new_record(who=code, action=f"monitoring {kind}", graphs=[Graphs.MONITORING], detail=f"{len(rows)} rows")
    async with writing(request):
        report_ = await run_in_threadpool(
            lambda: import_rows(store, {KINDS[kind]: rows}, actor=actor, channel="api", also=record_update(record))
        )
        written(request)
    return JSONResponse(
        {"status": "ok", "rows": report_.counts, "graph": str(report_.graph), "activity": str(record.activity)},
        status_code=201,
    )


# ---------------------------------------------------------------- dashboard and form


def _dashboard_context(store, lang: str, as_of_text: str | None) -> dict:
    from igel_graph.monitoring.asof import parse_as_of
    from visualizations.pages.monitoring import dashboard, form_choices
    from visualizations.pages.monitoring_charts import STATUS_COLOURS

    # a malformed day: 422 with one message (ParameterError), as every page taking as_of
    data = dashboard(store, lang, parse_as_of(as_of_text))
    data.update(
        choices=form_choices(store, lang),
        colours=STATUS_COLOURS,
        errors={"status": {}, "observations": {}},
        values={"status": {}, "observations": {}},
        done="",
        form_error="",
        title="Umsetzung" if lang == "de" else "Monitoring",
    )
    return data


@router.get("/monitoring", response_class=HTMLResponse, summary="Monitoring dashboard", tags=["Pages"])
@in_lane(HEAVY)
def read_monitoring(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    as_of: str | None = None,
    saved: str | None = None,
) -> HTMLResponse:
    """Status per field and goal, planned against reported starts, indicators against
    baseline and target, money planned/committed/paid, the implementation findings, all
    as of ``as_of`` (YYYY-MM-DD, default today); and the reporting form. ``saved``
    (``status`` or ``observations``) confirms the report the form just recorded."""
    data = _dashboard_context(store, lang, as_of)
    if saved in ("status", "observations"):
        data["done"] = _SAVED[lang]
    # the static export's copy is for reading: no reporting form, no day to choose
    data["read_only"] = EXPORT_HEADER in request.headers
    return _render(request, data, lang, settings)


def _render(request: Request, data: dict, lang: str, settings, status_code: int = 200) -> HTMLResponse:
    from visualizations.links import SiteLinks

    from ..templates import render

    links = SiteLinks(settings.base_iri, lang)
    return render(
        request, "site/monitoring.html", {"res": links.resource, **data}, lang=lang, active="monitoring",
        status_code=status_code,
    )  # fmt: skip


_SAVED = {"de": "Gespeichert.", "en": "Saved."}

#: a rejected form comes back as the page itself, its messages beside the fields; an
#: accepted one is answered with a redirect to the dashboard (303, see other)
_FORM_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}
_FORM_RESPONSES: dict[int | str, dict[str, Any]] = {
    303: {"description": "Recorded: see the dashboard, which confirms it (?saved=KIND)"},
    401: {"description": "No, an unknown or a revoked reporting token: the form with its message", **_FORM_PAGE},
    403: {"description": "The token's organisation may not report on this measure", **_FORM_PAGE},
    422: {"description": "A field is wrong: the form with a message per field", **_FORM_PAGE},
}


@router.post(
    "/monitoring/report",
    response_class=HTMLResponse,
    summary="Reporting form",
    tags=["Pages"],
    responses=_FORM_RESPONSES,
)
async def post_report(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> Response:
    """The browser form: one status report or indicator value, checked like every other
    input. Accepted: a redirect (303) to the dashboard, which confirms it, so that the
    post returns as soon as the report is written (and a reload does not post again);
    rejected: the page with a message per field (401, 403, 422)."""
    from igel_graph.monitoring.rows import RowsNotAllowed
    from igel_graph.tabular import TableError, TableErrors

    form = dict(await request.form())
    kind = "observations" if form.get("kind") == "observations" else "status"
    values = {k: str(v) for k, v in form.items() if k != "token"}
    row: dict[str, str | None] = {}
    if kind == "status":
        row = {k: values.get(k) for k in ("measure", "status", "date", "note", "evidence")}
    else:
        goal, _, number = (values.get("criterion_key") or "").partition("/")
        row = {"goal": goal, "criterion": number, "date": values.get("date"), "value": values.get("value"),
               "source": values.get("source")}  # fmt: skip
    errors: dict[str, str] = {}
    status_code = 200
    try:
        actor = await run_in_threadpool(_form_actor, request, store, str(form.get("token") or ""))
    except Unauthorized as exc:
        actor = None
        errors["token"] = exc.message
        status_code = 401
    if actor is not None:
        row["reporter"] = str(actor).rsplit("/", 1)[-1]
        rows = rows_from_mappings(kind, [row])
        record = new_record(
            who=row["reporter"] or "form", action=f"monitoring {kind} (form)", graphs=[Graphs.MONITORING]
        )
        try:
            async with writing(request):
                await run_in_threadpool(
                    lambda: import_rows(store, {kind: rows}, actor=actor, channel="form", also=record_update(record))
                )
                written(request)
            return RedirectResponse(f"/monitoring?lang={lang}&saved={kind}#report", status_code=303)
        except (TableErrors, TableError) as exc:
            problems = exc.errors if isinstance(exc, TableErrors) else [exc]
            for e in problems:
                errors.setdefault(e.column or "form", e.reason)
            status_code = 403 if isinstance(exc, RowsNotAllowed) else 422
    data = await run_in_threadpool(_dashboard_context, store, lang, None)
    data["errors"][kind] = errors
    data["values"][kind] = values
    data["form_error"] = errors.get("form", "")
    return _render(request, data, lang, settings, status_code)


def _form_actor(request: Request, store, token: str) -> URIRef:
    return actor_of_token(request.app.state.settings, store, token.strip())
