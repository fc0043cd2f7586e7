"""``igel analyse``: run the network analysis, print the report, store and export it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..analysis import STATEMENTS, analyse, write_analysis, write_csv, write_json
from ..errors import ParameterError
from .app import app, cli_settings, console

__all__ = ["analyse_command"]

_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


@app.command("analyse")
def analyse_command(
    json_file: Optional[Path] = typer.Option(None, "--json", help="Also write the full result as JSON to FILE."),
    csv_dir: Optional[Path] = typer.Option(None, "--csv", help="Also write findings.csv, evidence.csv, metrics.csv into DIR."),
    statements: str = typer.Option("all", "--statements", help="'source': only what the sources say; 'all': with curated and inferred statements."),
    lang: str = typer.Option("de", "--lang", help="Language of the report: de or en."),
    store_result: bool = typer.Option(True, "--store/--no-store", help="Write metrics and findings into the analysis named graph."),
    limit: int = typer.Option(40, "--limit", help="Findings shown in the report (all are stored and exported)."),
) -> None:
    """Find collaboration gaps, sole brokers, absent stakeholders, budget gaps and
    cross-field dependencies; write them into the analysis graph.

    Example: igel analyse --json analysis.json --csv analysis/
    """
    if statements not in STATEMENTS:
        raise ParameterError(f"--statements must be one of {', '.join(STATEMENTS)}, not {statements!r}.",
                             parameter="statements")
    if lang not in ("de", "en"):
        raise ParameterError(f"--lang must be de or en, not {lang!r}.", parameter="lang")
    from ..store import open_store

    with open_store(cli_settings()) as store:
        result = analyse(store, statements=statements)
        stored = write_analysis(result, store) if store_result else 0
    _report(result, lang, limit)
    if json_file:
        write_json(result, json_file)
        console.print(f"JSON written to {json_file}")
    if csv_dir:
        files = write_csv(result, csv_dir)
        console.print(f"CSV written: {', '.join(str(f) for f in files)}")
    if store_result:
        console.print(f"{len(result.findings)} findings and the metrics stored in the analysis "
                      f"graph ({stored} triples). Ask for them: igel query analysis-findings")


def _report(result, lang, limit):
    net = result.networks.get("collaboration", {})
    de = lang == "de"
    summary = Table(title="Zusammenarbeitsnetz" if de else "Collaboration network")
    summary.add_column("Kennzahl" if de else "Figure")
    summary.add_column("Wert" if de else "Value", justify="right")
    for key in ("nodes", "edges", "density", "components", "isolates", "degree_centralization", "bridges"):
        value = net.get(key)
        summary.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    for name, comm in result.communities.items():
        summary.add_row(f"{name}: modularity Louvain", f"{comm.get('modularity_louvain', 0):.3f}")
        summary.add_row(f"{name}: modularity action fields", f"{comm.get('modularity_official', 0):.3f}")
    console.print(summary)

    actors = result.metrics.get("collaboration", {})
    top = sorted(actors.get("betweenness", {}).items(), key=lambda t: -t[1])[:10]
    if top:
        table = Table(title="Akteure nach Vermittlung" if de else "Actors by brokerage")
        for col in ("Akteur" if de else "Actor", "degree", "betweenness", "constraint",
                    "effective size", "brokerage"):
            table.add_column(col, justify="left" if col in ("Akteur", "Actor") else "right")
        for node, b in top:
            con = actors["constraint"].get(node)
            table.add_row(result.labels.get(node, {}).get(lang, node), str(actors["degree"][node]),
                          f"{b:.3f}", "–" if con != con else f"{con:.3f}",
                          f"{actors['effective-size'][node]:.2f}" if actors['effective-size'][node] == actors['effective-size'][node] else "–",
                          str(actors["brokerage-total"][node]))
        console.print(table)

    findings = Table(title=("Befunde" if de else "Findings") + f" ({len(result.findings)})",
                     show_lines=True)
    findings.add_column("!", no_wrap=True)
    findings.add_column("Art" if de else "Kind", no_wrap=True)
    findings.add_column("Befund" if de else "Finding")
    for f in result.findings[:limit]:
        findings.add_row(f"[{_SEVERITY_STYLE[f.severity]}]{f.severity}[/]", f.kind,
                         f"[bold]{f.title[lang]}[/bold]\n{f.explanation[lang]}\n[dim]{f.iri}[/dim]")
    console.print(findings)
    if len(result.findings) > limit:
        console.print(f"… {len(result.findings) - limit} more (--limit, --json, --csv)", style="dim")
    waves = result.waves.get("waves", [])
    if any(len(w) for w in waves[1:]):
        console.print(("Umsetzungswellen: " if de else "Implementation waves: ")
                      + " → ".join(str(len(w)) for w in waves))
