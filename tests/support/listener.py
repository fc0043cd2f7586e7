"""A loopback listener that counts the connections it is offered: it stands for every
server a file or query might name, so a test can show that nothing was fetched."""

from __future__ import annotations

import socket
import threading

__all__ = ["ConnectionCounter"]


class ConnectionCounter:
    """A TCP listener on 127.0.0.1 (a free port) that accepts and closes connections,
    counting them in :attr:`connections`. Bounded: accepts with a 0.2 s timeout and
    stops on :meth:`close`."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="connection-counter")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        """Stop accepting and release the port."""
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
