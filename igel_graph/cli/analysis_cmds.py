"""``igel analyse``: run the network analysis, print the report, store and export it.
``igel whatif``: the same analysis of a changed plan, in memory, and what changes."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..analysis import (
    STATEMENTS,
    NothingToAnalyse,
    analyse,
    is_empty,
    load_facts,
    write_analysis,
    write_csv,
    write_json,
)
from ..errors import ParameterError
from .app import app, cli_settings, console

__all__ = ["analyse_command", "whatif_command"]

_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


@app.command("analyse")
def analyse_command(
    json_file: Optional[Path] = typer.Option(None, "--json", help="Also write the full result as JSON to FILE."),
    csv_dir: Optional[Path] = typer.Option(
        None, "--csv", help="Also write findings.csv, evidence.csv, metrics.csv into DIR."
    ),
    statements: str = typer.Option(
        "all", "--statements", help="'source': only what the sources say; 'all': with curated and inferred statements."
    ),
    lang: str = typer.Option("de", "--lang", help="Language of the report: de or en."),
    store_result: bool = typer.Option(
        True, "--store/--no-store", help="Write metrics and findings into the analysis named graph."
    ),
    limit: int = typer.Option(40, "--limit", help="Findings shown in the report (all are stored and exported)."),
) -> None:
    """Find collaboration gaps, sole brokers, absent stakeholders, expected actor types
    that are absent and cross-field dependencies; write them into the analysis graph.

    An empty store (no measure, no actor) prints one message and exits with code 4.

    Example: igel analyse --json analysis.json --csv analysis/
    """
    if statements not in STATEMENTS:
        raise ParameterError(
            f"--statements must be one of {', '.join(STATEMENTS)}, not {statements!r}.", parameter="statements"
        )
    if lang not in ("de", "en"):
        raise ParameterError(f"--lang must be de or en, not {lang!r}.", parameter="lang")
    from ..store import open_store

    with open_store(cli_settings()) as store:
        facts = load_facts(store, statements)
        if is_empty(facts):
            raise NothingToAnalyse()
        result = analyse(facts)
        stored = write_analysis(result, store) if store_result else 0
    _report(result, lang, limit)
    if json_file:
        write_json(result, json_file)
        console.print(f"JSON written to {json_file}")
    if csv_dir:
        files = write_csv(result, csv_dir)
        console.print(f"CSV written: {', '.join(str(f) for f in files)}")
    if store_result:
        console.print(
            f"{len(result.findings)} findings and the metrics stored in the analysis "
            f"graph ({stored} triples). Ask for them: igel query analysis-findings"
        )


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
        for col in ("Akteur" if de else "Actor", "degree", "betweenness", "constraint", "effective size", "brokerage"):
            table.add_column(col, justify="left" if col in ("Akteur", "Actor") else "right")
        for node, b in top:
            con = actors["constraint"].get(node)
            table.add_row(
                result.labels.get(node, {}).get(lang, node),
                str(actors["degree"][node]),
                f"{b:.3f}",
                "–" if con != con else f"{con:.3f}",
                f"{actors['effective-size'][node]:.2f}"
                if actors["effective-size"][node] == actors["effective-size"][node]
                else "–",
                str(actors["brokerage-total"][node]),
            )
        console.print(table)

    findings = Table(title=("Befunde" if de else "Findings") + f" ({len(result.findings)})", show_lines=True)
    findings.add_column("!", no_wrap=True)
    findings.add_column("Art" if de else "Kind", no_wrap=True)
    findings.add_column("Befund" if de else "Finding")
    for f in result.findings[:limit]:
        findings.add_row(
            f"[{_SEVERITY_STYLE[f.severity]}]{f.severity}[/]",
            f.kind,
            f"[bold]{f.title[lang]}[/bold]\n{f.explanation[lang]}\n[dim]{f.iri}[/dim]",
        )
    console.print(findings)
    if len(result.findings) > limit:
        console.print(f"… {len(result.findings) - limit} more (--limit, --json, --csv)", style="dim")
    waves = result.waves.get("waves", [])
    if any(len(w) for w in waves[1:]):
        console.print(
            ("Umsetzungswellen: " if de else "Implementation waves: ") + " → ".join(str(len(w)) for w in waves)
        )


@app.command("whatif")
def whatif_command(
    add_role: list[str] = typer.Option(
        [],
        "--add-role",
        help="ACTOR:MEASURE:ROLE, e.g. insurers:1.1.4:partner (role: lead, partner, addressee). Repeatable.",
    ),
    remove_actor: list[str] = typer.Option([], "--remove-actor", help="ACTOR: drop all its roles. Repeatable."),
    move_start: list[str] = typer.Option([], "--move-start", help="MEASURE:QUARTER, e.g. 2.2.1:2028-Q1. Repeatable."),
    add_dependency: list[str] = typer.Option(
        [], "--add-dependency", help="MEASURE:PREREQUISITE, e.g. 2.2.1:1.1.4. Repeatable."
    ),
    scenario_file: Optional[Path] = typer.Option(
        None,
        "--scenario",
        help="A JSON (or YAML, if PyYAML is installed) file with add_role, remove_actor, move_start, add_dependency.",
    ),
    json_file: Optional[Path] = typer.Option(None, "--json", help="Also write the result as JSON to FILE."),
    statements: str = typer.Option("all", "--statements", help="'source' or 'all' (see igel analyse)."),
    lang: str = typer.Option("de", "--lang", help="Language of the report: de or en."),
) -> None:
    """Analyse the plan as a scenario changes it, without touching the store: the
    metrics that change and the findings that appear, disappear or change.

    ACTOR and MEASURE are an IRI, its last part (krankenversicherer), a measure number
    (1.1.4) or a label word only one actor has (insurers). Unknown names exit with
    code 2, an empty store with code 4.

    Example: igel whatif --add-role insurers:1.1.4:partner
    """
    import json

    from ..analysis.whatif import Scenario, ScenarioError, parse_option, what_if

    if statements not in STATEMENTS:
        raise ParameterError(
            f"--statements must be one of {', '.join(STATEMENTS)}, not {statements!r}.", parameter="statements"
        )
    if lang not in ("de", "en"):
        raise ParameterError(f"--lang must be de or en, not {lang!r}.", parameter="lang")
    scenario = _read_scenario(scenario_file) if scenario_file else Scenario()
    scenario.add_role += [parse_option("add_role", v) for v in add_role]
    scenario.remove_actor += [parse_option("remove_actor", v) for v in remove_actor]
    scenario.move_start += [parse_option("move_start", v) for v in move_start]
    scenario.add_dependency += [parse_option("add_dependency", v) for v in add_dependency]
    if scenario.empty():
        raise ScenarioError("No change given.", hint="e.g. igel whatif --add-role insurers:1.1.4:partner")
    from ..store import open_store

    with open_store(cli_settings()) as store:
        result = what_if(store, scenario, statements=statements)
    _whatif_report(result, lang)
    if json_file:
        json_file.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        console.print(f"JSON written to {json_file}")


def _read_scenario(path: Path):
    from ..analysis.whatif import ScenarioError, parse_scenario

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"Cannot read the scenario file {path}: {exc.strerror}.") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise ScenarioError(
                "YAML scenarios need PyYAML, which is not installed.", hint="Write the scenario as JSON."
            ) from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ScenarioError(f"{path}: not valid YAML ({exc}).") from None
    else:
        import json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}).") from None
    return parse_scenario(data)


def _whatif_report(result, lang):
    de = lang == "de"
    for change in result["scenario"]:
        console.print(("Szenario: " if de else "Scenario: ") + change[lang], style="bold")
    metrics = Table(title="Geänderte Kennzahlen" if de else "Changed metrics")
    for col in (
        "Knoten" if de else "Node",
        "Kennzahl" if de else "Metric",
        "vorher" if de else "before",
        "nachher" if de else "after",
    ):
        metrics.add_column(col)
    fmt = lambda x: f"{x:.3f}" if isinstance(x, float) else str(x)  # noqa: E731
    for row in result["networks"]:
        metrics.add_row(row["projection"], row["figure"], fmt(row["before"]), fmt(row["after"]))
    for row in result["metrics"]:
        metrics.add_row(
            row["label"].get(lang, row["node"]),
            f"{row['projection']}/{row['metric']}",
            fmt(row["before"]),
            fmt(row["after"]),
        )
    console.print(metrics)
    words = {"appear": ("neu", "appears"), "disappear": ("entfällt", "disappears"), "change": ("geändert", "changes")}
    table = Table(title="Befunde" if de else "Findings", show_lines=True)
    table.add_column("±", no_wrap=True)
    table.add_column("!", no_wrap=True)
    table.add_column("Art" if de else "Kind", no_wrap=True)
    table.add_column("Befund" if de else "Finding")
    for key in ("disappear", "appear", "change"):
        for f in result["findings"][key]:
            table.add_row(
                words[key][0 if de else 1],
                f"[{_SEVERITY_STYLE[f['severity']]}]{f['severity']}[/]",
                f["kind"],
                f"[bold]{f['title'][lang]}[/bold]\n{f['explanation'][lang]}",
            )
    console.print(table)
    c = result["counts"]
    console.print(("Befunde: " if de else "Findings: ") + f"{c['before']} → {c['after']}")
