"""Side by side in one run: this project's ``/sparql``, ``oxigraph serve-read-only`` and
rdflib-endpoint on the same data with the same queries (issue 11, point 1), and whether
cheap requests wait while plan-wide named queries run (issue 11, point 2).

What it does:

1. builds the IGeL graph plus ``igel generate --scale N`` (seed 1) into an Oxigraph store
   under ``benchmarks/out/`` (kept for the next run; as ``benchmarks/query_profile.py``
   builds it: real graph, synthetic graph, rules materialised), copies it for Oxigraph's
   own server and dumps it as N-Quads for rdflib-endpoint;
2. starts, each on a free loopback port: this project (uvicorn with uvloop, as
   ``igel serve``, access log off), ``oxigraph serve-read-only --union-default-graph``
   (the ``oxigraph`` PyPI package: ``pip install -e '.[bench]'``), and rdflib-endpoint
   over an rdflib Dataset of the same quads;
3. runs ``wrk`` (Debian package ``wrk``) with ``--connections`` connections for
   ``--seconds`` per query and server, results as SPARQL JSON, after checking that the
   three answer each query with the same number of rows;
4. then, on this project only, starts two plan-wide named queries and the first builds
   of two graph views and the plan report (each with parameters that the server did not
   compute ahead: ``igel precompute`` runs on the store before the server starts), and
   meanwhile times ``/healthz``, the landing page, a resource page and a selective
   ``/sparql`` query one after another;
5. prints a Markdown table (and writes it to ``benchmarks/out/endpoints-N.md``) with
   requests/s, median and ratios.

Queries: one measure's statements (``<measure> ?p ?o``), the 2-hop partners of an actor
(actors that share a measure with it), and a GROUP BY over all measures (roles per
measure). Only loopback addresses are used; every run stops by itself.

Usage::

    python benchmarks/endpoints.py --scale 100000 --seconds 10
    python benchmarks/endpoints.py --scale 1000000 --seconds 20 --skip-rdflib   # README figures
    python benchmarks/endpoints.py --scale 100000 --blocking-only   # step 4 only, plus / and /healthz alone
    python benchmarks/endpoints.py --scale 100000 --blocking-only --app-root OTHER_CHECKOUT   # before/after
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from api_load import RDFLIB_ENDPOINT_APP, free_port, wait_up  # noqa: E402

PY = sys.executable
IGEL = "PREFIX igel: <https://w3id.org/igel/ontology#>\n"
MEASURE = "https://w3id.org/igel/id/plan/igel-2026-2030/measure/3.1.2"
ACTOR = "https://w3id.org/igel/id/actor/gsd"
QUERIES = {
    "one measure's statements": f"SELECT ?p ?o WHERE {{ <{MEASURE}> ?p ?o }}",
    "2-hop partners of an actor": IGEL
    + (
        f"SELECT DISTINCT ?other WHERE {{ ?m igel:lead|igel:partner <{ACTOR}> . "
        f"?m igel:lead|igel:partner ?other . FILTER(?other != <{ACTOR}>) }}"
    ),
    "GROUP BY over all measures": IGEL
    + (
        "SELECT ?m (COUNT(?a) AS ?actors) WHERE { ?m a igel:Measure . "
        "OPTIONAL { ?m igel:lead|igel:partner|igel:addressee ?a } } GROUP BY ?m"
    ),
}
#: plan-wide named queries that run long on a large store; with a parameter other than
#: the defaults, so that the server computes them (the defaults are computed ahead)
PLAN_WIDE = ("actors?actorType=igel:Organisation", "actors?actorType=igel:PublicAuthority")
#: pages built in Python from the whole plan, started (first build) beside the named
#: queries in the blocking check: two graph views not computed ahead (another day,
#: another centre) and the plan report
SLOW_PAGES = (
    "/views/collaboration?as_of=2026-01-01",
    "/views/ego?center=id:actor/vlg&n=3",
    "/api/reports/plans/igel-2026-2030?format=jsonld",
)
JSON = "application/sparql-results+json"


def build(scale: int) -> tuple[Path, Path]:
    """The store of the IGeL graph + ``scale`` synthetic triples, and its N-Quads dump."""
    from query_profile import open_store
    from run import data_file

    store_dir = OUT / f"endpoints-store-{scale}"
    dump = OUT / f"endpoints-data-{scale}.nq"
    if not store_dir.exists() or not dump.exists():
        shutil.rmtree(store_dir, ignore_errors=True)
        store = open_store(store_dir, data_file(scale))
        with open(dump, "wb") as out:
            store.dump(out, "nquads")
        store.close()
    return store_dir, dump


def oxigraph_binary(given: str | None) -> str:
    found = given or shutil.which("oxigraph") or str(Path(PY).parent / "oxigraph")
    if not Path(found).exists():
        raise SystemExit(
            "The oxigraph server is missing: pip install -e '.[bench]' (the 'oxigraph' "
            "package) or pass --oxigraph PATH."
        )
    return found


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    """wrk's requests/s, median and p99 (ms) and non-2xx count for ``url``."""
    proc = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "30s",
            "-H",
            f"Accept: {JSON}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 90,
    )
    out = proc.stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "median_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def rows(base: str, query: str) -> int | str:
    import httpx

    try:
        r = httpx.get(base, params={"query": query}, headers={"accept": JSON}, timeout=120)
        return len(r.json()["results"]["bindings"]) if r.status_code == 200 else f"HTTP {r.status_code}"
    except (httpx.HTTPError, ValueError) as exc:
        return type(exc).__name__


def landing_check(api: str, samples: int) -> dict:
    """With nothing else running: the first ``/`` (it counts the store), then p50 and p99
    of ``/`` and ``/healthz`` (``samples`` each)."""
    import httpx

    result: dict = {}
    with httpx.Client(timeout=600) as c:
        start = time.perf_counter()
        c.get(f"{api}/")
        result["first /"] = (time.perf_counter() - start) * 1000
        for name in ("/", "/healthz"):
            values = []
            for _ in range(samples):
                start = time.perf_counter()
                c.get(f"{api}{name}")
                values.append((time.perf_counter() - start) * 1000)
            values.sort()
            result[name] = {"p50": statistics.median(values), "p99": values[max(0, int(len(values) * 0.99) - 1)]}
    return result


def blocking_check(api: str, samples: int) -> dict:
    """p99 of /healthz, the landing page, a resource page and a selective /sparql while
    two plan-wide named queries and the first builds of two views and the plan report
    run (started in threads; the queries end at the endpoint's time limit or earlier)."""
    import httpx

    slow: list = []

    def fetch(path):
        with httpx.Client(timeout=600) as c:
            start = time.monotonic()
            r = c.get(f"{api}{path}")
            slow.append((path, r.status_code, time.monotonic() - start))

    paths = [f"/api/queries/{name}&limit=10" for name in PLAN_WIDE] + list(SLOW_PAGES)
    threads = [threading.Thread(target=fetch, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    time.sleep(0.3)
    targets = {
        "/healthz": f"{api}/healthz",
        "landing page /": f"{api}/",
        "resource page /id/actor/gsd.ttl": f"{api}/id/actor/gsd.ttl",
        "selective /sparql": f"{api}/sparql?query=" + quote(QUERIES["one measure's statements"]),
    }
    latencies: dict[str, list[float]] = {k: [] for k in targets}
    with httpx.Client(timeout=120) as c:
        for _ in range(samples):
            for name, url in targets.items():
                start = time.perf_counter()
                c.get(url, headers={"accept": JSON if "sparql" in url else "*/*"})
                latencies[name].append((time.perf_counter() - start) * 1000)
    running = sum(t.is_alive() for t in threads)
    for t in threads:
        t.join(660)
    result = {}
    for name, values in latencies.items():
        values.sort()
        result[name] = {"p50": statistics.median(values), "p99": values[max(0, int(len(values) * 0.99) - 1)]}
    return {"latencies": result, "named": slow, "still_running_at_end": running, "started": len(threads)}


def compute_ahead(store_dir: Path, app_root: Path) -> float:
    """``igel precompute`` on ``store_dir`` with the code at ``app_root`` (what is kept is
    kept per program: a server started from the same code finds it), so that the server
    does not compute a large store's listings and views in the background while it is
    measured. Seconds taken (a few when everything is kept already)."""
    env = {**os.environ, "PYTHONPATH": str(app_root)}
    start = time.monotonic()
    subprocess.run(
        [PY, "-m", "igel_graph.cli.main", "--store", str(store_dir), "precompute"],
        cwd=app_root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - start


def start_api(store_dir: Path, port: int, app_root: Path) -> subprocess.Popen:
    """This project's API over ``store_dir`` (uvicorn with uvloop, as ``igel serve``),
    from the code at ``app_root``."""
    env = {**os.environ, "IGEL_STORE": str(store_dir), "PYTHONPATH": str(app_root)}
    return subprocess.Popen(
        [
            PY,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--loop",
            "uvloop",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=app_root,
        env=env,
    )


def blocking_only(args) -> None:
    """Only this project: the landing check, then the blocking check (no wrk, no other
    servers). The store is copied, so the API's analysis and writes leave it as built."""
    print(f"building / reusing the store at scale {args.scale} ...", flush=True)
    store_dir, _ = build(args.scale)
    work = Path(tempfile.mkdtemp(prefix="igel-blocking-"))
    port = free_port()
    proc = None
    try:
        shutil.copytree(store_dir, work / "store")
        print(f"computing ahead: {compute_ahead(work / 'store', Path(args.app_root).resolve()):.0f} s", flush=True)
        proc = start_api(work / "store", port, Path(args.app_root).resolve())
        api = f"http://127.0.0.1:{port}"
        wait_up(api + "/healthz", 600)
        landing = landing_check(api, args.samples)
        blocking = blocking_check(api, args.samples)
        report = blocking_table(args, landing, blocking)
        print(report)
        OUT.mkdir(exist_ok=True)
        (OUT / f"blocking-{args.scale}.md").write_text(report)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def blocking_table(args, landing: dict, blocking: dict) -> str:
    """The Markdown report of :func:`blocking_only`."""
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; scale {args.scale:,} synthetic triples + the IGeL graph; "
        f"code at {args.app_root}; {args.samples} samples per request.",
        "",
        f"Nothing else running: first / {landing['first /']:.1f} ms; "
        + "; ".join(f"{n} p50 {landing[n]['p50']:.1f} ms, p99 {landing[n]['p99']:.1f} ms" for n in ("/", "/healthz")),
    ]
    return "\n".join(lines) + "\n" + _blocking_lines(blocking)


def _blocking_lines(blocking: dict) -> str:
    lines = [
        "",
        f"While the named queries {', '.join(PLAN_WIDE)} and the first builds of {', '.join(SLOW_PAGES)} ran "
        f"({blocking['still_running_at_end']} of {blocking['started']} still running when the sampling ended):",
        "",
        "| request | p50 ms | p99 ms |",
        "|---|---|---|",
    ]
    for name, lat in blocking["latencies"].items():
        lines.append(f"| {name} | {lat['p50']:.1f} | {lat['p99']:.1f} |")
    lines += ["", "Slow requests: " + "; ".join(f"{n} HTTP {s} after {t:.1f} s" for n, s, t in blocking["named"])]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100_000, help="synthetic triples (100000 quick, 1000000 README)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per query and server")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--oxigraph", help="path of the oxigraph server binary")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave rdflib-endpoint out (slow to load at 1M)")
    parser.add_argument("--samples", type=int, default=50, help="requests per target in the blocking check")
    parser.add_argument(
        "--blocking-only",
        action="store_true",
        help="only this project: time / and /healthz, then the blocking check (no wrk, no other servers)",
    )
    parser.add_argument(
        "--app-root", default=str(ROOT), help="serve the API from this checkout (to compare before and after)"
    )
    args = parser.parse_args()
    if args.blocking_only:
        blocking_only(args)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    oxigraph = oxigraph_binary(args.oxigraph)

    print(f"building / reusing the store at scale {args.scale} ...", flush=True)
    store_dir, dump = build(args.scale)
    print(f"computing ahead: {compute_ahead(store_dir, ROOT):.0f} s", flush=True)
    work = Path(tempfile.mkdtemp(prefix="igel-endpoints-"))
    procs: list[subprocess.Popen] = []
    try:
        shutil.copytree(store_dir, work / "oxigraph-store")
        ports = {
            "this project /sparql": free_port(),
            "oxigraph serve-read-only": free_port(),
            "rdflib-endpoint": free_port(),
        }
        procs.append(start_api(store_dir, ports["this project /sparql"], ROOT))
        procs.append(
            subprocess.Popen(
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    str(work / "oxigraph-store"),
                    "--union-default-graph",
                    "--bind",
                    f"127.0.0.1:{ports['oxigraph serve-read-only']}",
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        if not args.skip_rdflib:
            procs.append(
                subprocess.Popen([PY, "-c", RDFLIB_ENDPOINT_APP, str(dump), str(ports["rdflib-endpoint"])], cwd=work)
            )
        else:
            del ports["rdflib-endpoint"]
        bases = {
            name: f"http://127.0.0.1:{port}" + ("/query" if "oxigraph" in name else "/sparql")
            for name, port in ports.items()
        }
        wait_up(f"http://127.0.0.1:{ports['this project /sparql']}/healthz", 600)
        for base in bases.values():
            wait_up(base + "?query=" + quote("ASK {}"), 1800)
        print("row counts (same data, same answers):")
        for qname, query in QUERIES.items():
            print(f"  {qname}: " + ", ".join(f"{n} {rows(b, query)}" for n, b in bases.items()), flush=True)
        results: dict = {}
        for name, base in bases.items():  # rdflib-endpoint last: its unfinished requests load the CPU
            for qname, query in QUERIES.items():
                url = base + "?query=" + quote(query)
                res = run_wrk(url, args.seconds, args.connections)
                results[(name, qname)] = res
                print(
                    f"{name:26s} {qname:28s} {res['rps']:9.1f} req/s  p50 {res['median_ms']:8.2f} ms  "
                    f"p99 {res['p99_ms']:8.2f} ms  non-2xx {res['non2xx']}",
                    flush=True,
                )
        api = f"http://127.0.0.1:{ports['this project /sparql']}"
        blocking = blocking_check(api, args.samples)
        report = table(args, results, list(bases), blocking)
        print(report)
        OUT.mkdir(exist_ok=True)
        (OUT / f"endpoints-{args.scale}.md").write_text(report)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


def table(args, results: dict, servers: list[str], blocking: dict) -> str:
    ours, engine = "this project /sparql", "oxigraph serve-read-only"
    reference = "rdflib-endpoint" if "rdflib-endpoint" in servers else None

    def cell(res: dict) -> str:
        if not res["requests"] or res["non2xx"] == res["requests"]:
            return "did not finish"
        text = f"{res['rps']:,.1f} req/s, p50 {res['median_ms']:.1f} ms"
        return text + (f" ({res['non2xx']} non-2xx)" if res["non2xx"] else "")

    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}, Python {platform.python_version()}; scale {args.scale:,} synthetic triples "
        f"+ the IGeL graph; wrk, {args.connections} connections, {args.seconds} s per cell, SPARQL JSON.",
        "",
        "| query | "
        + " | ".join(servers)
        + " | ours : Oxigraph"
        + (" | ours : rdflib-endpoint |" if reference else " |"),
        "|---" * (len(servers) + 2 + bool(reference)) + "|",
    ]
    for qname in QUERIES:
        row = [cell(results[(s, qname)]) for s in servers]
        a, b = results[(ours, qname)]["rps"], results[(engine, qname)]["rps"]
        row.append(f"{a / b:.2f}" if b else "–")
        if reference:
            c = results[(reference, qname)]["rps"]
            row.append(f"{a / c:.1f}" if c else "–")
        lines.append(f"| {qname} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n" + _blocking_lines(blocking)


if __name__ == "__main__":
    main()
