"""The findings of the network analysis (:func:`igel_graph.analysis.analyse`): gaps,
dependency problems, brokers, suggested collaborations, with their evidence.

The analysis runs on first request and is cached until the next write. Filter with
``kind`` (repeatable), ``group`` (``gaps`` or ``dependencies``) and ``severity``;
``statements=source`` analyses only what the sources say (default ``all``: source,
curated and inferred). Formats: JSON, CSV, Turtle / JSON-LD (the analysis graph).
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ..deps import StoreDep
from ..negotiation import FORMAT_NAMES, choose
from ..problems import NotAcceptable
from ..sparql.formats import graph_to_bytes

router = APIRouter(prefix="/api/analysis", tags=["Analysis"])

#: finding kinds per group
GROUPS = {
    "gaps": ("absent-stakeholder", "uncoordinated-pair", "single-actor-measure", "actorless-measure",
             "only-addressed", "budget-gap", "unused-budget-line"),
    "dependencies": ("scheduling-conflict", "dependency-cycle"),
}
_OFFERED = ["application/json", "text/csv", "text/turtle", "application/ld+json"]


async def analysis_result(request: Request, store, statements: str):
    """The analysis of the store: the read model's one run per store state and
    ``statements`` (:func:`igel_graph.readmodel.analysis_of`), computed off the event loop."""
    from igel_graph.readmodel import analysis_of

    return await run_in_threadpool(analysis_of, store, statements)


@router.get("/findings", summary="Findings of the network analysis",
            responses={200: {"content": {m: {} for m in _OFFERED}}})
async def read_findings(
    request: Request, store: StoreDep,
    kind: Annotated[list[str] | None, Query(description="Only these kinds (repeatable).")] = None,
    group: Annotated[Literal["gaps", "dependencies"] | None, Query(description="A group of kinds.")] = None,
    severity: Annotated[Literal["high", "medium", "low", "info"] | None, Query()] = None,
    statements: Annotated[Literal["all", "source"], Query(description="Which statements to analyse.")] = "all",
    format: Annotated[str | None, Query(description="json, csv, turtle or jsonld")] = None,
) -> Response:
    """The findings, each with kind, severity, title and explanation (de/en), evidence
    IRIs and the statements (with graph and source passage) it rests on."""
    if format:
        media = FORMAT_NAMES.get(format.lower(), "application/json" if format.lower() == "json" else None)
        if format.lower() == "json":
            media = "application/json"
        if media not in _OFFERED:
            raise NotAcceptable(f"Unknown format '{format}'.", hint="Use json, csv, turtle or jsonld.")
    else:
        media = choose(request.headers.get("accept"), _OFFERED)
        if media is None:
            raise NotAcceptable("Findings are JSON, CSV, Turtle or JSON-LD.")
    result = await analysis_result(request, store, statements)
    wanted = set(kind or ()) | set(GROUPS.get(group or "", ()))
    findings = [f for f in result.findings
                if (not wanted or f.kind in wanted) and (severity is None or f.severity == severity)]
    headers = {"Vary": "Accept", "X-Total-Count": str(len(findings))}
    if media == "application/json":
        return JSONResponse({"statements": statements, "count": len(findings),
                             "findings": [f.to_dict() for f in findings]}, headers=headers)
    if media == "text/csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(["iri", "kind", "severity", "title_de", "title_en", "explanation_de",
                         "explanation_en", "evidence", "score"])
        for f in findings:
            writer.writerow([f.iri, f.kind, f.severity, f.title.get("de", ""), f.title.get("en", ""),
                             f.explanation.get("de", ""), f.explanation.get("en", ""), " ".join(f.evidence),
                             "" if f.score is None else f.score])
        return Response(buf.getvalue().encode(), media_type="text/csv; charset=utf-8", headers=headers)
    graph = result.to_graph()
    if wanted or severity is not None:
        keep = {f.iri for f in findings}
        drop = {f.iri for f in result.findings} - keep
        for iri in drop:
            from rdflib import URIRef

            graph.remove((URIRef(iri), None, None))
    return Response(graph_to_bytes(graph, media),
                    media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""), headers=headers)


@router.get("", summary="The whole analysis result (JSON)")
async def read_analysis(request: Request, store: StoreDep,
                        statements: Annotated[Literal["all", "source"], Query()] = "all") -> JSONResponse:
    """Findings, metrics, network figures, communities, the field matrix, implementation
    waves and suggested collaborations, as JSON."""
    result = await analysis_result(request, store, statements)
    return JSONResponse(result.to_json())
