"""Bounded loopback load run of the API (issue 5, point 7), and the same SPARQL query
against rdflib-endpoint serving the same data, in the same run.

What it does:

1. builds the IGeL data into a temporary Oxigraph store (or uses ``--store DIR``);
2. starts ``uvicorn api.app:create_app --factory`` (one worker process) and
   rdflib-endpoint over an rdflib Dataset with the same quads, each on a free loopback port;
3. runs ``wrk`` (Debian package ``wrk``) with 16 connections for ``--seconds`` per
   scenario, or, without wrk, a bounded httpx load (``--requests`` per scenario);
4. prints median, p99 and requests/s per scenario and the ratio /sparql : rdflib-endpoint.

Scenarios: a resource page (HTML) and its Turtle, a selective named query (the actors
of one measure), and a one-measure SPARQL lookup on /sparql and on rdflib-endpoint.
Only loopback addresses are targeted; every run stops by itself.

Usage::

    python benchmarks/api_load.py --seconds 10
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MEASURE = "https://w3id.org/igel/id/plan/igel-2026-2030/measure/3.1.2"
LOOKUP = "PREFIX igel: <https://w3id.org/igel/ontology#> SELECT ?p ?o WHERE { <%s> ?p ?o }" % MEASURE
CONNECTIONS = 16

RDFLIB_ENDPOINT_APP = """
import sys
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=False)
import uvicorn
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def build_store(target: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from igel_graph.build import build_graph
    from igel_graph.store.oxigraph import OxigraphStore

    with OxigraphStore(target) as store:
        build_graph(store, reason=True, validate=True)
        with open(target.parent / "dataset.nq", "wb") as out:
            store.dump(out, "nquads")


def run_wrk(url: str, seconds: int, accept: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"Accept: {accept}", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"median_ms": ms("50%"), "p99_ms": ms("99%"), "rps": rps, "non2xx": int(errors.group(1)) if errors else 0}


def run_httpx(url: str, requests: int, accept: str) -> dict:
    import asyncio

    import httpx

    async def main():
        latencies: list[float] = []
        bad = 0
        queue = iter(range(requests))

        async def worker(client):
            nonlocal bad
            for _ in queue:
                start = time.perf_counter()
                r = await client.get(url, headers={"accept": accept})
                latencies.append((time.perf_counter() - start) * 1000)
                bad += r.status_code >= 300

        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=CONNECTIONS)) as client:
            start = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(CONNECTIONS)))
            elapsed = time.perf_counter() - start
        latencies.sort()
        return {
            "median_ms": statistics.median(latencies),
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
            "rps": len(latencies) / elapsed,
            "non2xx": bad,
        }

    return asyncio.run(main())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an existing Oxigraph store directory (default: build one)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per scenario with wrk")
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario without wrk")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="igel-bench-"))
    procs: list[subprocess.Popen] = []
    try:
        if args.store:
            store = Path(args.store)
            sys.path.insert(0, str(ROOT))
            from igel_graph.store.oxigraph import OxigraphStore

            with OxigraphStore(store) as s, open(work / "dataset.nq", "wb") as out:
                s.dump(out, "nquads")
        else:
            store = work / "store"
            print("building the store ...", flush=True)
            build_store(store)
        api_port, ref_port = free_port(), free_port()
        env = {**os.environ, "IGEL_STORE": str(store), "PYTHONPATH": str(ROOT)}
        procs.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "uvicorn",
                    "api.app:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(api_port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        procs.append(
            subprocess.Popen([PY, "-c", RDFLIB_ENDPOINT_APP, str(work / "dataset.nq"), str(ref_port)], cwd=work)
        )
        api, ref = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{ref_port}"
        wait_up(api + "/healthz")
        wait_up(ref + "/sparql?query=" + quote("ASK {}"))
        scenarios = [
            ("resource page (HTML)", api + "/id/plan/igel-2026-2030/measure/3.1.2", "text/html"),
            ("resource (Turtle)", api + "/id/plan/igel-2026-2030/measure/3.1.2.ttl", "text/turtle"),
            (
                "named query actors-of-measure",
                api + "/api/queries/actors-of-measure?measure=" + quote(MEASURE),
                "application/json",
            ),
            ("/sparql one-measure lookup", api + "/sparql?query=" + quote(LOOKUP), "application/sparql-results+json"),
            ("rdflib-endpoint same lookup", ref + "/sparql?query=" + quote(LOOKUP), "application/sparql-results+json"),
        ]
        use_wrk = shutil.which("wrk") is not None
        print(
            f"load generator: {'wrk' if use_wrk else 'httpx'}, {CONNECTIONS} connections, "
            f"{str(args.seconds) + ' s' if use_wrk else str(args.requests) + ' requests'} per scenario"
        )
        results = {}
        for name, url, accept in scenarios:
            import httpx

            for _ in range(20):  # warm up (caches, worker imports)
                httpx.get(url, headers={"accept": accept}, timeout=60)
            res = run_wrk(url, args.seconds, accept) if use_wrk else run_httpx(url, args.requests, accept)
            results[name] = res
            print(
                f"{name:34s} median {res['median_ms']:7.2f} ms   p99 {res['p99_ms']:7.2f} ms   "
                f"{res['rps']:8.0f} req/s   non-2xx {res['non2xx']}",
                flush=True,
            )
        ours, theirs = results["/sparql one-measure lookup"], results["rdflib-endpoint same lookup"]
        print(
            f"/sparql vs rdflib-endpoint: {ours['rps'] / theirs['rps']:.1f}x the throughput, "
            f"median {theirs['median_ms'] / ours['median_ms']:.1f}x lower"
        )
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
