"""Settings, built by a factory from the environment (never at import time).

Every setting has an environment variable ``IGEL_<NAME>`` and a default; the README's
configuration table lists them. ``--store`` on the command line overrides ``IGEL_STORE``.

>>> s = Settings.from_env({"IGEL_STORE": "memory", "IGEL_MAX_ROWS": "50"})
>>> s.store_kind, s.max_rows
('memory', 50)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

from .errors import UsageError

__all__ = ["Settings", "get_settings"]


@dataclass(frozen=True)
class Settings:
    #: where the data lives: a directory (embedded Oxigraph), ``memory`` (rdflib), or the
    #: query URL of a SPARQL 1.1 endpoint (``http://host:8890/sparql``)
    store: str = "var/store"
    #: SPARQL Update URL of a remote store (default: the query URL)
    sparql_update_url: str | None = None
    #: Graph Store protocol URL of a remote store (default: query URL + ``-graph-crud``)
    sparql_gsp_url: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    #: the base of the resource IRIs, served at the local paths below it
    base_iri: str = "https://w3id.org/igel/"
    #: seconds a public SPARQL query may run before it is stopped
    query_timeout: float = 10.0
    #: most rows a public query returns (the response says when it was cut)
    max_rows: int = 10_000
    #: largest request body accepted, in bytes
    max_body_bytes: int = 10 * 1024 * 1024
    #: seconds an uploaded body may take to parse (in a child process, killed after that)
    upload_timeout: float = 60.0
    #: address space the child process parsing an upload may use, in bytes
    upload_memory_bytes: int = 4 * 1024 * 1024 * 1024
    #: origins allowed to read the query routes from a browser (CORS), comma-separated;
    #: ``*`` is any origin, empty switches CORS off. Never applies to the write routes.
    cors_origins: str = "*"
    #: bearer token for writes; unset means writes are off
    write_token: str | None = None
    #: who accepted writes are recorded as (PROV agent name)
    write_token_name: str | None = None
    #: worker processes that run public SPARQL queries (a timed-out one is killed)
    query_workers: int = 2
    #: threads that build whole-plan pages, views and reports at once (api/lanes.py);
    #: twice as many more may wait, beyond that the answer is 503 with Retry-After
    page_threads: int = 2
    #: seconds a page, view or report may take (waiting included) before the answer is
    #: 503 with Retry-After; the work finishes in the background and is kept
    page_timeout: float = 60.0
    host: str = "127.0.0.1"
    port: int = 8000
    #: default language of pages and labels (de or en)
    lang: str = "de"
    #: graph views with more nodes than this are aggregated
    view_node_limit: int = 1500
    #: the server computes the read model, the analysis, the plan-wide named queries and
    #: the views ahead (igel_graph/precompute.py) when the store holds more triples than
    #: this: on a smaller store each takes under a second when first asked for
    precompute_min_triples: int = 200_000
    #: seconds one named query may take when computed ahead (in a child process of its
    #: own, igel_graph/precompute_child.py): past it the child is killed, the step is
    #: recorded as timed out and the run goes on; the listing is computed when asked for
    precompute_step_timeout: float = 600.0
    #: run the reasoner during ``igel build``
    reason_on_build: bool = True

    @property
    def store_kind(self) -> str:
        """``oxigraph``, ``memory`` or ``sparql``, from the form of :attr:`store`."""
        if self.store == "memory":
            return "memory"
        if self.store.startswith(("http://", "https://")):
            return "sparql"
        return "oxigraph"

    @property
    def store_path(self) -> Path:
        return Path(self.store).expanduser()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Settings from ``IGEL_*`` variables, then ``overrides`` (None values ignored)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for f in fields(cls):
            raw = env.get("IGEL_" + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


def _convert(name: str, type_: object, raw: str):
    t = str(type_)
    try:
        if t.startswith("bool"):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if t.startswith("int"):
            return int(raw)
        if t.startswith("float"):
            return float(raw)
    except ValueError:
        raise UsageError(
            f"Setting IGEL_{name.upper()}={raw!r} is not a valid {t.split()[0]}.",
            hint="Fix or unset the environment variable.",
        ) from None
    return raw


def get_settings(**overrides) -> Settings:
    """The settings in force: environment plus explicit overrides."""
    return Settings.from_env(**overrides)
