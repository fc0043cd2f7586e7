"""Import of a large synthetic plan workbook (issue 15, point 4): how long reading and
checking the sheets, turning them into RDF, SHACL validation and the one write take.

What it does:

1. writes a synthetic workbook with ``--measures`` measures (``igel generate --workbook``);
2. opens a temporary embedded Oxigraph store holding the ontology and the vocabularies;
3. imports the workbook as a plan's first version and prints the time of each step and
   the triples written.

It measures and reports; it does not pass or fail.

Usage::

    python benchmarks/workbook_import.py --measures 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from igel_graph.build import read_sources
    from igel_graph.namespaces import Graphs
    from igel_graph.store.oxigraph import OxigraphStore
    from igel_graph.workbook import importer
    from igel_graph.workbook.export import write_xlsx
    from igel_graph.workbook.reader import read_workbook
    from igel_graph.workbook.synthetic import synthetic_tables

    with tempfile.TemporaryDirectory(prefix="igel-bench-") as folder:
        path = Path(folder) / "plan.xlsx"
        t0 = time.perf_counter()
        write_xlsx(synthetic_tables("bench", measures=args.measures, seed=args.seed), path)
        t1 = time.perf_counter()
        store = OxigraphStore(Path(folder) / "store")
        for graph, (content, _) in read_sources().items():
            if graph in (Graphs.ONTOLOGY, Graphs.VOCABULARIES):
                store.load(content, graph)
        t2 = time.perf_counter()
        read_workbook(path)  # the sheet checks alone, for the breakdown
        t3 = time.perf_counter()
        result = importer.import_workbook(store, path)
        t4 = time.perf_counter()
        store.close()
    print(f"workbook: {args.measures} measures, {path.stat().st_size if path.exists() else 0} bytes")
    print(f"write workbook      {t1 - t0:8.2f} s")
    print(f"read + check sheets {t3 - t2:8.2f} s")
    print(f"import (read, match, RDF, SHACL, write) {t4 - t3:8.2f} s, {result.triples:,} triples")


if __name__ == "__main__":
    main()
