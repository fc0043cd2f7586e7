"""How fast a large graph view becomes usable in headless Chromium.

Builds a view of about 2,000 nodes, renders it as a standalone page (every script
inline, positions precomputed with networkx, physics off), opens it in Debian's Chromium
and reports:

- server side: build (store reads, layout, styling) and render time, page size;
- browser side: time from navigation start until vis-network has drawn every node
  ("interactive": the network answers to zoom, drag, search and filters), and the time
  a filter change and a redraw take.

Data: ``--source synthetic`` (default) generates a dataset with the synthetic generator
(``igel generate --scale N --seed S``), loads it into a temporary Oxigraph store and takes
the collaboration view (node limit lifted); ``--source random`` uses a seeded random
graph with the projections' node attributes, for when no generator is at hand.

Run: .venv/bin/python benchmarks/views_bench.py [--source random] [--nodes 2000]
The figure is reported, not asserted (speed targets live in benchmarks, not in tests).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def synthetic_view(scale: int, seed: int, view: str, tmp: Path):
    """The view ``view`` of a dataset from ``igel generate`` (loaded into Oxigraph)."""
    from igel_graph.store.oxigraph import OxigraphStore
    from visualizations.registry import build_view

    store_dir = tmp / "store"
    data = tmp / "synthetic.nt"
    cmd = [
        sys.executable,
        "-m",
        "igel_graph.cli.main",
        "generate",
        "--scale",
        str(scale),
        "--seed",
        str(seed),
        "--out",
        str(data),
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("igel generate failed (use --source random without the generator):\n" + done.stderr[-2000:])
    from igel_graph.build import build_graph
    from igel_graph.namespaces import graph_for_source
    from igel_graph.reason import reason

    store = OxigraphStore(store_dir)
    # ontology and vocabularies, then the synthetic plans, then the roll-ups the views read
    build_graph(store, reason=False, validate=False)
    store.load(data, graph_for_source("synthetic"))
    reason(store, engine="rules")
    t = time.perf_counter()
    v = build_view(store, view, node_limit=10**9)
    return v, time.perf_counter() - t


def random_view(nodes: int, seed: int):
    """A collaboration-like view of ``nodes`` actors: a seeded scale-free graph whose
    nodes carry the projection attributes (label, type, field)."""
    import networkx as nx

    from visualizations.build import assemble, view_edges, view_nodes
    from visualizations.graphdata import ViewFacts

    types = [
        "PublicAuthority",
        "CareProvider",
        "MunicipalBody",
        "Insurer",
        "Association",
        "EducationInstitution",
        "StakeholderGroup",
    ]
    t = time.perf_counter()
    G = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    G = nx.relabel_nodes(G, {i: f"https://w3id.org/igel/id/actor/synthetic-{i}" for i in G})
    facts = ViewFacts()
    for i, n in enumerate(G):
        G.nodes[n].update(label_de=f"Akteur {i}", label_en=f"Actor {i}", type=types[i % len(types)])
        facts.fields[n] = {f"https://w3id.org/igel/id/plan/p/field/{i % 4 + 1}"}
    for u, v in G.edges():
        G.edges[u, v]["relation"] = "collaboration"
    nodes_ = view_nodes(G, facts)
    v = assemble(
        "collaboration", {"de": "Synthetisch", "en": "Synthetic"}, {"de": "", "en": ""}, nodes_, view_edges(G), facts
    )
    return v, time.perf_counter() - t


def measure(html_path: Path, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto(html_path.as_uri())
            page.wait_for_function("window.igelView && window.igelView.ready", timeout=120000)
            ready = page.evaluate("igelView.readyAt")
            drawn = page.evaluate("igelView.drawnNodes")
            filt = page.evaluate("""() => { const t = performance.now();
                document.querySelector('input[data-facet=type]').click();
                igelView.network.redraw(); return performance.now() - t; }""")
            out.append({"ready_ms": ready, "drawn": drawn, "filter_ms": filt})
            page.close()
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", choices=("synthetic", "random"), default="synthetic")
    ap.add_argument("--nodes", type=int, default=2000, help="random source: number of nodes")
    ap.add_argument("--scale", type=int, default=1, help="synthetic source: generator scale")
    ap.add_argument("--view", default="collaboration", help="synthetic source: the view to take")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from visualizations.links import SiteLinks
    from visualizations.render import render_view

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.source == "synthetic":
            view, build_s = synthetic_view(args.scale, args.seed, args.view, tmp)
        else:
            view, build_s = random_view(args.nodes, args.seed)
        t = time.perf_counter()
        html = render_view(view, lang="en", links=SiteLinks("https://w3id.org/igel/", "en", view.name), inline=True)
        render_s = time.perf_counter() - t
        path = tmp / "view.html"
        path.write_text(html, encoding="utf-8")
        results = measure(path, args.runs)
    ready = sorted(r["ready_ms"] for r in results)
    print(f"view: {view.name} ({args.source}), {len(view.nodes)} nodes, {len(view.edges)} edges")
    print(f"server: build + layout {build_s:.2f} s, render {render_s:.2f} s, page {len(html) / 1e6:.2f} MB")
    print(
        f"browser: interactive after {ready[len(ready) // 2]:.0f} ms (median of {len(ready)}; "
        f"all: {', '.join(f'{r:.0f}' for r in ready)}), drawn nodes {results[0]['drawn']}, "
        f"filter + redraw {results[0]['filter_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
