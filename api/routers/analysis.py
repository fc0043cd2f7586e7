"""The findings of the network analysis (:func:`igel_graph.analysis.analyse`): gaps,
dependency problems, brokers, suggested collaborations, with their evidence.

The analysis runs on first request and is cached until the next write. Filter with
``kind`` (repeatable), ``group`` (``gaps`` or ``dependencies``) and ``severity``;
``statements=source`` analyses only what the sources say (default ``all``: source,
curated and inferred). Formats: JSON, CSV, Turtle / JSON-LD (the analysis graph).

``POST /api/analysis/whatif`` analyses a scenario (an actor joins a measure, an actor
is removed, a start moves, a dependency is added) in memory and answers with the metrics
that change and the findings that appear, disappear or change. Read-only, no token; it
runs off the event loop and answers 503 when it takes longer than ``WHATIF_SECONDS``.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from igel_graph.formats import FORMATS, content_type, serialize_graph
from igel_graph.negotiation import negotiate
from igel_graph.readmodel import analysis_of

from ..deps import StoreDep
from ..lanes import HEAVY, in_lane

router = APIRouter(prefix="/api/analysis", tags=["Analysis"])


def _groups() -> dict[str, tuple[str, ...]]:
    from igel_graph.analysis.kinds import groups

    return {g: tuple(ks) for g, ks in groups().items()}


#: finding kinds per group, from the finding-kind registry
GROUPS = _groups()
#: the time budget of one what-if (two analyses of the plan), in seconds
WHATIF_SECONDS = 60.0
#: formats of the findings: a JSON document, CSV rows, or the analysis graph
_OFFERED = ("document", "csv", "turtle", "jsonld")


@router.get(
    "/findings",
    summary="Findings of the network analysis",
    responses={200: {"content": {FORMATS[n].media_type: {} for n in _OFFERED}}},
)
@in_lane(HEAVY)
def read_findings(
    request: Request,
    store: StoreDep,
    kind: Annotated[list[str] | None, Query(description="Only these kinds (repeatable).")] = None,
    group: Annotated[
        Literal["gaps", "structure", "dependencies", "cross-field", "suggestions"] | None,
        Query(description="A group of kinds (see the finding-kind registry)."),
    ] = None,
    severity: Annotated[Literal["high", "medium", "low", "info"] | None, Query()] = None,
    statements: Annotated[Literal["all", "source"], Query(description="Which statements to analyse.")] = "all",
    format: Annotated[str | None, Query(description="json, csv, turtle or jsonld")] = None,
    as_of: Annotated[
        str | None,
        Query(description="YYYY-MM-DD: the slippage findings as of that day (default: the day of the analysis)."),
    ] = None,
) -> Response:
    """The findings, each with kind, severity, title and explanation (de/en), evidence
    IRIs and the statements (with graph and source passage) it rests on. With
    ``as_of=YYYY-MM-DD`` the four slippage kinds (late start, started before its
    prerequisite, indicator moving away, payments lagging) are those of that day: the
    monitoring reports valid and recorded by then (422 when it is not a date); the other
    findings do not depend on the day. Only ``statements=all`` reads monitoring."""
    from igel_graph.analysis.asof import analysis_as_of
    from igel_graph.monitoring.asof import parse_as_of

    fmt = negotiate(request.headers.get("accept"), format, _OFFERED, what="The findings")
    day = parse_as_of(as_of) if as_of is not None else None
    result = analysis_as_of(store, day) if day is not None and statements == "all" else analysis_of(store, statements)
    wanted = set(kind or ()) | set(GROUPS.get(group or "", ()))
    findings = [
        f for f in result.findings if (not wanted or f.kind in wanted) and (severity is None or f.severity == severity)
    ]
    headers = {"Vary": "Accept", "X-Total-Count": str(len(findings))}
    if fmt.name == "document":
        return JSONResponse(
            {
                "statements": statements,
                **({"as_of": day.isoformat()} if day is not None else {}),
                "count": len(findings),
                "findings": [f.to_dict() for f in findings],
            },
            headers=headers,
        )
    if fmt.name == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(
            ["iri", "kind", "severity", "title_de", "title_en", "explanation_de", "explanation_en", "evidence", "score"]
        )
        for f in findings:
            writer.writerow(
                [
                    f.iri,
                    f.kind,
                    f.severity,
                    f.title.get("de", ""),
                    f.title.get("en", ""),
                    f.explanation.get("de", ""),
                    f.explanation.get("en", ""),
                    " ".join(f.evidence),
                    "" if f.score is None else f.score,
                ]
            )
        return Response(buf.getvalue().encode(), media_type=content_type(fmt), headers=headers)
    graph = result.to_graph()
    if wanted or severity is not None:
        keep = {f.iri for f in findings}
        drop = {f.iri for f in result.findings} - keep
        for iri in drop:
            from rdflib import URIRef

            graph.remove((URIRef(iri), None, None))
    return Response(serialize_graph(graph, fmt), media_type=content_type(fmt), headers=headers)


@router.get("", summary="The whole analysis result (JSON)")
@in_lane(HEAVY)
def read_analysis(
    request: Request, store: StoreDep, statements: Annotated[Literal["all", "source"], Query()] = "all"
) -> JSONResponse:
    """Findings, metrics, network figures, communities, the field matrix, implementation
    waves and suggested collaborations, as JSON."""
    result = analysis_of(store, statements)
    return JSONResponse(result.to_json())


class RoleChange(BaseModel):
    """An actor joins a measure in a role."""

    model_config = ConfigDict(extra="forbid")
    actor: str = Field(
        description="IRI, its last part (krankenversicherer) or a label word only one actor has (insurers).",
        examples=["insurers"],
    )
    measure: str = Field(description="IRI or number of the measure.", examples=["1.1.4"])
    role: str = Field(default="partner", description="lead, partner or addressee.", examples=["partner"])


class StartChange(BaseModel):
    """A measure starts in another quarter."""

    model_config = ConfigDict(extra="forbid")
    measure: str = Field(examples=["2.2.1"])
    start: str = Field(description="A quarter, e.g. 2028-Q1.", examples=["2028-Q1"])


class DependencyChange(BaseModel):
    """A measure depends on another."""

    model_config = ConfigDict(extra="forbid")
    measure: str = Field(examples=["2.2.1"])
    on: str = Field(description="The prerequisite measure.", examples=["1.1.4"])


class WhatIfRequest(BaseModel):
    """A scenario: the changes applied, in memory, to the plan before it is analysed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"add_role": [{"actor": "insurers", "measure": "1.1.4", "role": "partner"}]}]},
    )
    add_role: list[RoleChange] = []
    remove_actor: list[str] = Field(default=[], description="Actors whose roles are all dropped.")
    move_start: list[StartChange] = []
    add_dependency: list[DependencyChange] = []
    statements: Literal["all", "source"] = "all"


@router.post(
    "/whatif",
    summary="What-if: the analysis of a changed plan (read-only)",
    responses={
        400: {"description": "Unknown actor, measure, role or quarter, or no change."},
        503: {"description": "The store is empty, or the analysis took too long."},
    },
)
async def what_if_endpoint(body: WhatIfRequest, store: StoreDep) -> JSONResponse:
    """Apply the scenario to the facts read from the store (in memory; nothing is
    written), analyse the plan before and after, and answer with ``scenario`` (the
    resolved changes, de/en), ``metrics`` and ``networks`` (values that change, before
    and after) and ``findings`` (``appear``, ``disappear``, ``change``), and ``counts``.

    Example: ``{"add_role": [{"actor": "insurers", "measure": "1.1.4", "role": "partner"}]}``.
    """
    from igel_graph.analysis.whatif import parse_scenario, what_if
    from igel_graph.errors import QueryTimeout

    data = body.model_dump(exclude={"statements"})
    scenario = parse_scenario(data)
    try:
        with anyio.fail_after(WHATIF_SECONDS):
            # a thread cannot be stopped: past the budget it is abandoned and finishes alone
            result = await anyio.to_thread.run_sync(
                lambda: what_if(store, scenario, statements=body.statements), abandon_on_cancel=True
            )
    except TimeoutError:
        raise QueryTimeout(
            f"The what-if analysis took longer than {WHATIF_SECONDS:g} s.",
            hint="Try again when the server is less busy.",
        ) from None
    return JSONResponse(result)
