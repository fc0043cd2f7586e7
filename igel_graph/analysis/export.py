"""Analysis results as linked data, JSON and CSV, and into the analysis named graph.

RDF shape (graph ``https://w3id.org/igel/graph/analysis``)::

    <id/finding/{kind}/{hash}> a igel:Finding ;
        igel:findingKind "absent-stakeholder" ; igel:severity "high" ;
        igel:subject <actor/angehoerige> ;
        rdfs:label "…"@de, "…"@en ; igel:explanation "…"@de, "…"@en ;
        igel:evidence <actor/angehoerige>, … ; igel:score 1.0 ;
        igel:evidenceStatement <id/finding/{kind}/{hash}/statement/1> .
    <…/statement/1> a rdf:Statement ; rdf:subject … ; rdf:predicate … ; rdf:object … ;
        dcterms:isPartOf <graph the statement is in> ; igel:sourcePassage <passage> ;
        igel:justification "…"@en .
    <id/metric/collaboration/betweenness/{hash}> a igel:MetricValue ;
        igel:metric "collaboration/betweenness" ; igel:metricOf <actor/gsd> ; igel:value 0.9 .

The N-Triples text is written directly (no rdflib graph in between) so that writing a
million-triple result stays fast.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from datetime import datetime, timezone
from pathlib import Path

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import DCTERMS, XSD

from ..namespaces import IGEL, Graphs, resource

__all__ = ["to_json", "to_ntriples", "to_graph", "write_json", "write_csv", "write_analysis"]


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def to_json(result) -> dict:
    """A JSON-ready dict: findings, metrics, networks, communities, field matrix,
    waves, suggestions, labels and timings."""
    return {
        "statements": result.statements,
        "findings": [f.to_dict() for f in result.findings],
        "finding_counts": result.finding_counts,
        "metrics": {
            p: {m: {n: _num(v) for n, v in vals.items()} for m, vals in ms.items()} for p, ms in result.metrics.items()
        },
        "networks": result.networks,
        "communities": {
            name: {k: v for k, v in c.items() if k != "community_of"} for name, c in result.communities.items()
        },
        "field_matrix": result.field_matrix,
        "waves": {"waves": result.waves.get("waves", []), "cycles": result.waves.get("cycles", [])},
        "suggestions": [{k: v for k, v in s.items() if not k.startswith("_")} for s in result.suggestions],
        "labels": result.labels,
        "timings": result.timings,
    }


def write_json(result, path) -> Path:
    """Write :func:`to_json` to ``path`` (UTF-8, indented)."""
    path = Path(path)
    path.write_text(json.dumps(to_json(result), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def write_csv(result, directory) -> list[Path]:
    """Write ``findings.csv``, ``evidence.csv`` and ``metrics.csv`` into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    with open(out / "findings.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "iri",
                "kind",
                "severity",
                "score",
                "title_de",
                "title_en",
                "explanation_de",
                "explanation_en",
                "evidence",
                "subject",
            ]
        )
        for f in result.findings:
            w.writerow(
                [
                    f.iri,
                    f.kind,
                    f.severity,
                    "" if f.score is None else f.score,
                    f.title.get("de", ""),
                    f.title.get("en", ""),
                    f.explanation.get("de", ""),
                    f.explanation.get("en", ""),
                    " ".join(f.evidence),
                    f.subject,
                ]
            )
    files.append(out / "findings.csv")
    with open(out / "evidence.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["finding", "subject", "predicate", "object", "graph", "passage", "justification"])
        for f in result.findings:
            for s in f.statements:
                w.writerow([f.iri, s.subject, s.predicate, s.object, s.graph, s.passage or "", s.justification or ""])
    files.append(out / "evidence.csv")
    with open(out / "metrics.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["projection", "metric", "node", "label_de", "value"])
        for proj, ms in result.metrics.items():
            for metric, vals in ms.items():
                for node, v in vals.items():
                    w.writerow(
                        [proj, metric, node, result.labels.get(node, {}).get("de", ""), "" if _num(v) is None else v]
                    )
    files.append(out / "metrics.csv")
    return files


def _iri(x) -> str:
    return f"<{x}>"


def _lit(text, lang=None) -> str:
    s = json.dumps(str(text), ensure_ascii=False)  # a valid N-Triples string escape
    return f"{s}@{lang}" if lang else s


def _typed(value) -> str:
    if isinstance(value, bool) or isinstance(value, int):
        return f'"{int(value)}"^^<{XSD.integer}>'
    return f'"{float(value)!r}"^^<{XSD.double}>'


def metric_iri(projection, metric, node) -> str:
    digest = hashlib.sha256(str(node).encode("utf-8")).hexdigest()[:12]
    return str(resource("metric", projection, metric, digest))


#: metric values per metric written to RDF on large networks (JSON and CSV carry all)
METRIC_ROWS = 1000
#: metrics where a low value stands out (written lowest first)
_LOW_FIRST = {"constraint"}


def _top(metric, vals, limit):
    items = [(n, v) for n, v in vals.items() if _num(v) is not None]
    if len(items) <= limit:
        return items
    low = metric in _LOW_FIRST
    return sorted(items, key=lambda t: (t[1] if low else -t[1], str(t[0])))[:limit]


def to_ntriples(result, *, metric_rows=METRIC_ROWS) -> str:
    """The result as N-Triples text: findings, their statements, and for each metric
    its ``metric_rows`` most telling values (highest; lowest for constraint)."""
    lines: list[str] = []
    add = lines.append
    a, label = _iri(RDF.type), _iri(RDFS.label)
    run = resource("analysis", result.statements)
    add(f"{_iri(run)} {label} {_lit('Netzwerkanalyse (' + result.statements + ')', 'de')} .")
    add(f"{_iri(run)} {label} {_lit('Network analysis (' + result.statements + ')', 'en')} .")
    add(
        f"{_iri(run)} {_iri(DCTERMS.created)} "
        f'"{datetime.now(timezone.utc).replace(microsecond=0).isoformat()}"^^<{XSD.dateTime}> .'
    )
    for f in result.findings:
        s = _iri(f.iri)
        add(f"{s} {a} {_iri(IGEL.Finding)} .")
        add(f"{s} {_iri(DCTERMS.isPartOf)} {_iri(run)} .")
        add(f"{s} {_iri(IGEL.findingKind)} {_lit(f.kind)} .")
        add(f"{s} {_iri(IGEL.severity)} {_lit(f.severity)} .")
        if f.subject:
            add(f"{s} {_iri(IGEL.subject)} {_iri(f.subject)} .")
        for lang, text in sorted(f.title.items()):
            add(f"{s} {label} {_lit(text, lang)} .")
        for lang, text in sorted(f.explanation.items()):
            add(f"{s} {_iri(IGEL.explanation)} {_lit(text, lang)} .")
        for e in f.evidence:
            add(f"{s} {_iri(IGEL.evidence)} {_iri(e)} .")
        if f.score is not None:
            add(f"{s} {_iri(IGEL.score)} {_typed(float(f.score))} .")
        for i, st in enumerate(f.statements, 1):
            node = _iri(f"{f.iri}/statement/{i}")
            add(f"{s} {_iri(IGEL.evidenceStatement)} {node} .")
            add(f"{node} {a} {_iri(RDF.Statement)} .")
            add(f"{node} {_iri(RDF.subject)} {_iri(st.subject)} .")
            add(f"{node} {_iri(RDF.predicate)} {_iri(st.predicate)} .")
            add(f"{node} {_iri(RDF.object)} {_iri(st.object)} .")
            add(f"{node} {_iri(DCTERMS.isPartOf)} {_iri(st.graph)} .")
            if st.passage:
                add(f"{node} {_iri(IGEL.sourcePassage)} {_iri(st.passage)} .")
            if st.justification:
                add(f"{node} {_iri(IGEL.justification)} {_lit(st.justification, 'en')} .")
    mv, metric_p, of_p, value_p = (_iri(IGEL.MetricValue), _iri(IGEL.metric), _iri(IGEL.metricOf), _iri(IGEL.value))
    for proj, ms in result.metrics.items():
        for metric, vals in ms.items():
            name = _lit(f"{proj}/{metric}")
            for node, v in _top(metric, vals, metric_rows):
                s = _iri(metric_iri(proj, metric, node))
                add(f"{s} {a} {mv} .")
                add(f"{s} {metric_p} {name} .")
                add(f"{s} {of_p} {_iri(node)} .")
                add(f"{s} {value_p} {_typed(v)} .")
    return "\n".join(lines) + "\n"


def to_graph(result) -> Graph:
    """The result as an rdflib Graph named after the analysis graph."""
    g = Graph(identifier=Graphs.ANALYSIS)
    g.parse(data=to_ntriples(result), format="nt")
    g.bind("igel", str(IGEL._NS))
    return g


def write_analysis(result, store) -> int:
    """Replace the analysis named graph of ``store`` by ``result``; returns its size."""
    return store.load(to_ntriples(result), Graphs.ANALYSIS, format="nt", replace=True)
