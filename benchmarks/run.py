"""Store benchmarks: build time, rule materialisation, SHACL validation, peak memory and
the latency of every named query at several sizes, on the embedded Oxigraph store and on
rdflib in memory, with raw pyoxigraph for the same query strings. Not part of the test
suite: nothing here passes or fails.

Usage (from the checkout)::

    python benchmarks/run.py                       # 10k and 100k triples
    python benchmarks/run.py --scales 10000 100000 1000000 --memory-max 100000

Synthetic data comes from ``igel generate`` (seed 1) and is cached in ``benchmarks/out``.
Each backend and size runs in its own process (its peak memory is its own); a run that
exceeds ``--timeout`` seconds is reported as skipped. The tables are printed and written
to ``benchmarks/out/results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT))


def data_file(scale: int) -> Path:
    """The synthetic N-Triples file of ``scale`` (generated once, seed 1)."""
    from igel_graph.generate import write_dataset

    path = OUT / f"data-{scale}.nt"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        write_dataset(tmp, scale=scale, seed=1, format="nt")
        tmp.rename(path)
    return path


def run_one(backend: str, scale: int, args) -> dict:
    cmd = [
        sys.executable,
        str(HERE / "store_bench.py"),
        "--backend",
        backend,
        "--data",
        str(data_file(scale)),
        "--repeat",
        str(args.repeat),
    ]
    if scale > args.reason_max:
        cmd.append("--skip-reason")
    if scale > args.shacl_max:
        cmd.append("--skip-shacl")
    if backend == "oxigraph" and scale >= args.views_min:
        cmd.append("--views")
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"skipped": f"over {args.timeout} s"}
    if proc.returncode != 0:
        return {"skipped": "failed: " + proc.stderr.strip().splitlines()[-1][:200]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def ms(seconds: float | None) -> str:
    return "> 120 s (stopped)" if seconds is None else f"{seconds * 1000:,.1f}"


def ratio(a: float | None, b: float | None) -> str:
    return "–" if not a or not b else f"{a / b:,.2f}"


def tables(results: dict, scales: list[int]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}; "
        f"measured {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
    ]
    lines += [
        "| size (triples asked) | backend | triples in store | build real graph s | "
        "load synthetic s | rule materialisation s | load + rules s | SHACL s | "
        "peak MB after load | peak MB after rules | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scale in scales:
        for backend in ("oxigraph", "memory"):
            r = results.get((backend, scale))
            if r is None:
                continue
            if "skipped" in r:
                lines.append(f"| {scale:,} | {backend} | skipped: {r['skipped']} | | | | | | | | |")
                continue
            st = r["steps"]
            f = lambda k: f"{st[k]:,.2f}" if k in st else "not run"  # noqa: E731
            mb = lambda k: f"{r[k]:,.0f}" if k in r else "not run"  # noqa: E731
            both = (
                "rule materialisation" in st
                and f"{st['load synthetic'] + st['rule materialisation']:,.2f}"
                or "not run"
            )
            lines.append(
                f"| {scale:,} | {backend} | {r['triples']:,} | {f('build real graph')} | "
                f"{f('load synthetic')} | {f('rule materialisation')} | {both} | "
                f"{f('SHACL validation')} | {mb('peak_load_mb')} | {mb('peak_rules_mb')} | "
                f"{r['peak_mb']:,.0f} |"
            )
    for scale in scales:
        ox = results.get(("oxigraph", scale), {})
        mem = results.get(("memory", scale), {})
        names = sorted(set(ox.get("queries", {})) | set(mem.get("queries", {})))
        if not names:
            continue
        lines += [
            "",
            f"Query latency at {scale:,} triples (median ms; ratios: store/raw Oxigraph, rdflib/Oxigraph store)",
            "",
            "| query | Oxigraph store | raw pyoxigraph | store/raw | API first page + total | "
            "API first page, kept (new process) | rdflib memory | rdflib/Oxigraph |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name in names:
            o = ox.get("queries", {}).get(name, {})
            m = mem.get("queries", {}).get(name, {})
            mtxt = ms(m["store"]) if m else ("skipped: " + mem["skipped"] if "skipped" in mem else "–")
            otxt = ms(o["store"]) if "store" in o else "–"
            rtxt = ms(o["raw"]) if "raw" in o else "–"
            atxt = ms(o["api"]) if "api" in o else "–"
            ktxt = o["kept"] if isinstance(o.get("kept"), str) else ms(o["kept"]) if "kept" in o else "–"
            lines.append(
                f"| {name} | {otxt} | {rtxt} | "
                f"{ratio(o.get('store'), o.get('raw'))} | {atxt} | {ktxt} | {mtxt} | "
                f"{ratio(m.get('store'), o.get('store'))} |"
            )
    for scale in scales:
        r = results.get(("oxigraph", scale), {})
        views, ahead = r.get("views"), r.get("ahead")
        if ahead:
            total = r["steps"].get("compute ahead", sum(v for v in ahead.values() if v == v))
            lines += [
                "",
                f"Computing ahead at {scale:,} triples (igel_graph/precompute.py, as the server does "
                f"after a change, one step after another): {total:,.0f} s in all",
                "",
                "| step | s |",
                "|---|---|",
            ]
            lines += [f"| {label} | {'failed' if v != v else f'{v:,.1f}'} |" for label, v in ahead.items()]
        if not views:
            continue
        lines += [
            "",
            f"First opening of each view at {scale:,} triples (Oxigraph, a new process; "
            "read from what was computed ahead, JSON data with defaults)",
            "",
            "| view | first opening ms |",
            "|---|---|",
        ]
        lines += [
            f"| {name} | {'over 600 s (stopped)' if s is None else f'{s * 1000:,.0f}'} |" for name, s in views.items()
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument(
        "--memory-max", type=int, default=100_000, help="largest size run on rdflib in memory (default 100000)"
    )
    ap.add_argument(
        "--reason-max", type=int, default=10_000, help="largest size with rule materialisation (default 10000)"
    )
    ap.add_argument(
        "--shacl-max", type=int, default=100_000, help="largest size with SHACL validation (default 100000)"
    )
    ap.add_argument(
        "--views-min",
        type=int,
        default=1_000_000,
        help="smallest size at which the analysis runs and every view's first build is timed (default 1000000)",
    )
    ap.add_argument(
        "--timeout", type=int, default=5400, help="seconds per backend and size (1M with views: about an hour)"
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results: dict = {}
    for scale in args.scales:
        for backend in ("oxigraph", "memory"):
            if backend == "memory" and scale > args.memory_max:
                results[(backend, scale)] = {"skipped": f"rdflib above {args.memory_max:,} triples"}
                continue
            print(f"running {backend} at {scale:,} ...", file=sys.stderr, flush=True)
            results[(backend, scale)] = run_one(backend, scale, args)
    text = tables(results, args.scales)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({f"{b}-{s}": r for (b, s), r in results.items()}, indent=1), encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
