"""Run the app with uvicorn in a background thread on a free loopback port: for tests
with real HTTP clients and for the load benchmark.

>>> with ServerThread(create_app(settings, store=store)) as server:   # doctest: +SKIP
...     httpx.get(server.url + "/healthz")
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

__all__ = ["ServerThread", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn serving ``app`` on ``host:port`` (a free loopback port by default)."""

    def __init__(self, app, host: str = "127.0.0.1", port: int | None = None, *, startup_timeout: float = 180.0):
        self.host, self.port = host, port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name="igel-test-server", daemon=True)
        self._timeout = startup_timeout

    def __enter__(self) -> "ServerThread":
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self.server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the server thread stopped during start-up")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self._thread.join(30)
