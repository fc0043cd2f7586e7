"""``igel load`` (with its SHACL validation) against ``oxigraph load`` of the same file.

Side by side in one run (issue 11, point 4): the IGeL graph is built into a store
(``igel build --no-reason --no-analyse``), the synthetic file (``igel generate --scale N
--seed 1``) is loaded into a copy of it with ``igel load``, and into an empty directory
with ``oxigraph load`` (the ``oxigraph`` PyPI package, ``pip install -e '.[bench]'``).
Wall time and peak resident memory come from ``/usr/bin/time -v``. It measures and
reports; it does not pass or fail. Target: igel load at most 3x oxigraph load's time,
peak memory at most 2 GB.

    python benchmarks/load_bench.py --scale 1000000     # README figures
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds user + system) of ``cmd`` under
    /usr/bin/time -v. CPU time is shown too because on a shared machine the wall time
    depends on what else runs."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    assert wall and rss, proc.stderr
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
    return seconds, int(rss.group(1)) / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="synthetic triples (1000000 for the README)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    igel = [str(BIN / "python"), "-m", "igel_graph.cli.main"]
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("oxigraph is not installed: pip install -e '.[bench]'")
    data = OUT / f"load-data-{args.scale}.nt"
    if not data.exists():
        subprocess.run([*igel, "generate", "--scale", str(args.scale), "--seed", "1", "--out", str(data)], check=True)
    base, ours, theirs = (OUT / f"load-{name}-{args.scale}" for name in ("base", "igel", "oxigraph"))
    if not base.exists():
        subprocess.run([*igel, "--store", str(base), "build", "--no-reason", "--no-analyse"], check=True, cwd=ROOT)
    for folder in (ours, theirs):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, ours)
    env_note = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"loading {data.name} ({data.stat().st_size / 1e6:.0f} MB) ...", flush=True)
    load_before = os.getloadavg()[0]
    ox_s, ox_mb, ox_cpu = timed([oxigraph, "load", "--location", str(theirs), "--file", str(data)])
    igel_s, igel_mb, igel_cpu = timed([*igel, "--store", str(ours), "load", str(data)])
    load_after = os.getloadavg()[0]
    for folder in (ours, theirs):
        shutil.rmtree(folder, ignore_errors=True)
    lines = [
        f"## igel load vs oxigraph load ({datetime.date.today()}, {env_note})",
        "",
        f"{args.scale:,} synthetic triples (`igel generate --seed 1`), N-Triples, one run, side by side; "
        f"load average {load_before:.1f} before, {load_after:.1f} after (CPU time counts what the run itself did).",
        "",
        "| command | wall time | CPU time (user + system) | peak RSS |",
        "|---|---:|---:|---:|",
        f"| `oxigraph load` | {ox_s:.1f} s | {ox_cpu:.1f} s | {ox_mb:,.0f} MB |",
        f"| `igel load` (SHACL-validated beside the IGeL data, shacl engine) | {igel_s:.1f} s | {igel_cpu:.1f} s | {igel_mb:,.0f} MB |",
        f"| ratio | {igel_s / ox_s:.2f}x (target <= 3x) | {igel_cpu / ox_cpu:.2f}x | {igel_mb / ox_mb:.2f}x (target <= 2 GB) |",
        "",
    ]
    report = "\n".join(lines)
    (OUT / f"load-{args.scale}.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
