"""Opening an Oxigraph store read-only beside a writer that compacts.

The server's query workers reopen the store read-only right after every write, when the
writer's RocksDB is most likely flushing and compacting; measured before the retry, 5 of
28 such openings failed with "IO error: No such file or directory" (a table file deleted
between reading the file list and opening it), and the worker was lost.
"""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox

from igel_graph.store.reading import open_read_only


def _compacting_writer(path: str, stop: threading.Event) -> threading.Thread:
    writer = ox.Store(path)

    def work() -> None:
        round_ = 0
        while not stop.is_set():
            writer.extend(
                ox.Quad(
                    ox.NamedNode(f"http://example.org/s{round_}-{i}"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal(str(i) * 20),
                    ox.NamedNode("http://example.org/g"),
                )
                for i in range(3000)
            )
            writer.flush()
            if round_ % 5 == 0:
                writer.optimize()
            round_ += 1

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_read_only_opening_survives_the_writers_compaction(tmp_path):
    stop = threading.Event()
    thread = _compacting_writer(str(tmp_path), stop)
    try:
        time.sleep(0.5)  # some table files exist before the first opening
        sizes = []
        for _ in range(12):
            reader = open_read_only(str(tmp_path))
            row = next(iter(reader.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
            sizes.append(int(row["n"].value))
            del reader
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert len(sizes) == 12
    # each opening saw the data as it stood then: the writer only adds
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0] > 0
