"""Helpers of the SPARQL safety tests: a loopback listener that counts connections and
answers like a SPARQL endpoint, and a small API server with writes on (real uvicorn on
127.0.0.1, real worker processes, a real Oxigraph store on disk)."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from pathlib import Path

from api_test_config import LIGHT_QUERY_WORKERS, TOKEN

#: what the listener answers: one remote row, so a call that got through would show it
REMOTE_MARK = "REMOTE-ROW-6f1c"
_ANSWER = (
    '{"head":{"vars":["x","p","o"]},"results":{"bindings":[{"o":{"type":"literal","value":"' + REMOTE_MARK + '"}}]}}'
).encode()
#: the graph the small store holds
GRAPH = "https://w3id.org/igel/graph/safety-test"


class Listener:
    """A TCP listener on 127.0.0.1 (a free port) counting the connections it gets; each
    one is answered with a SPARQL JSON result holding :data:`REMOTE_MARK`. Bounded: it
    stops when closed, accepts with a 0.2 s timeout."""

    def __init__(self, status: str = "200 OK", body: bytes = _ANSWER):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._reply = (
            f"HTTP/1.1 {status}\r\nContent-Type: application/sparql-results+json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode() + body
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True, name="loopback-listener")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            try:
                conn.settimeout(1.0)
                conn.recv(65536)
                conn.sendall(self._reply)
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()

    def __enter__(self) -> "Listener":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def small_store(path: Path):
    """An Oxigraph store at ``path`` holding three triples in :data:`GRAPH`."""
    from rdflib import Graph, URIRef

    from igel_graph.store.oxigraph import OxigraphStore

    g = Graph()
    g.parse(
        data="""<https://example.org/s1> <https://example.org/p> "o1" .
<https://example.org/s2> <https://example.org/p> "o2" .
<https://example.org/s1> <https://example.org/q> <https://example.org/s2> .""",
        format="nt",
    )
    store = OxigraphStore(path)
    store.load(g, URIRef(GRAPH))
    return store


@contextmanager
def small_server(path: Path):
    """The API over :func:`small_store` with writes on (bearer ``TOKEN``) and one long-query
    lane; yields its URL."""
    from api.app import create_app
    from api.serve_thread import ServerThread
    from igel_graph.settings import Settings

    store = small_store(path)
    settings = Settings(store=str(path), write_token=TOKEN, query_timeout=20.0, query_workers=LIGHT_QUERY_WORKERS)
    try:
        with ServerThread(create_app(settings, store=store)) as running:
            yield running.url
    finally:
        store.close()


AUTH = {"Authorization": f"Bearer {TOKEN}"}
