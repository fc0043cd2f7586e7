"""A real Virtuoso open-source server for the tests: own database directory, free
loopback ports, started in the foreground as a child process and stopped afterwards.

>>> server = VirtuosoServer(Path("/tmp/v"))      # doctest: +SKIP
>>> server.start(); store = server.store(); ...; server.stop()   # doctest: +SKIP

The SPARQL endpoint used is ``/sparql-auth`` with HTTP digest authentication as ``dba``
(the database's own administrator, password ``dba`` on a fresh database; the server
listens on 127.0.0.1 only and lives as long as the test session), so that updates need
no grants to the anonymous ``SPARQL`` user. The Graph Store protocol is served at
``/sparql-graph-crud-auth``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

__all__ = ["VirtuosoServer"]

USER = PASSWORD = "dba"

_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 0
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., {d}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000
MaxQueryMem              = 1G
ThreadsPerQuery          = 2

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
ServerThreads               = 10
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
KeepAliveTimeout            = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[SPARQL]
ResultSetMaxRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 600
DeferInferenceRulesInit    = 1
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoServer:
    """One Virtuoso server in ``directory`` (its database, log and ini live there)."""

    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def start(self, timeout: float = 180) -> None:
        """Write the ini, start ``virtuoso-t +foreground`` and wait until SPARQL answers."""
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("virtuoso-t not found: apt-get install virtuoso-opensource")
        self.dir.mkdir(parents=True, exist_ok=True)
        ini = self.dir / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.dir, sql_port=self.sql_port, http_port=self.http_port))
        log = open(self.dir / "stdout.log", "wb")
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=self.dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        auth = httpx.DigestAuth(USER, PASSWORD)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited with {self.process.returncode}: " + self._log_tail())
            try:
                r = httpx.get(
                    self.query_url,
                    params={"query": "ASK {}"},
                    auth=auth,
                    timeout=5,
                    headers={"Accept": "application/sparql-results+json"},
                )
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("Virtuoso did not answer in time: " + self._log_tail())

    def _log_tail(self) -> str:
        for name in ("virtuoso.log", "stdout.log"):
            p = self.dir / name
            if p.exists():
                return p.read_text(errors="replace")[-2000:]
        return ""

    def store(self):
        """A :class:`~igel_graph.store.remote.SparqlStore` talking to this server."""
        from igel_graph.store.remote import SparqlStore

        return SparqlStore(self.query_url, gsp_url=self.gsp_url, auth=(USER, PASSWORD))

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s) and remove nothing: the
        directory is pytest's temporary directory."""
        p, self.process = self.process, None
        if p is None or p.poll() is not None:
            return
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)
