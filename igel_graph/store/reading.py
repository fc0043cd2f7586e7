"""Reading a store that another process holds: the read-only commands of the CLI
(``igel query``, ``igel sparql``, ``igel export``, ``igel stats``) while ``igel serve`` runs.

An embedded Oxigraph folder admits one process that opens it for writing; while the
server holds it, opening it again fails. pyoxigraph 0.5 offers one other way in,
``Store.read_only``: the data as it stands when it is opened, readable beside the
writer (the server's own query workers read it so). pyoxigraph documents reading a
store that another process is *writing* at that moment as undefined: a write accepted
by the server while such a command runs can make it fail with the engine's message
(exit 1); run it again.

:func:`open_for_reading` tries the ordinary opening first and falls back to the
read-only one only when that fails; it says which it used.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import StoreUnavailable
from ..settings import Settings
from .base import Store
from .oxigraph import OxigraphStore
from .state import read_token

__all__ = ["ReadOnlyOxigraphStore", "open_read_only", "open_for_reading", "describe", "OWN", "READ_ONLY"]

#: how the store was opened: by this process alone (reading and writing)...
OWN = "own"
#: ... or read-only beside the process that holds it (``igel serve``)
READ_ONLY = "read-only"


#: pauses between attempts to open read-only while the writer compacts (seconds, about 6 s in all)
OPEN_RETRY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5, 3.0)


def open_read_only(path: str) -> ox.Store:
    """``pyoxigraph.Store.read_only(path)``, tried again after a pause when it fails
    because the writer's compaction deleted a file between RocksDB reading the file list
    and opening the file ("IO error: No such file or directory"; measured: 5 of 28
    openings failed while another thread wrote, flushed and compacted, and an immediate
    second try failed too). Any other error, or the same one after about 6 s of pauses,
    is raised as it is.
    """
    for pause in (*OPEN_RETRY_PAUSES, None):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as exc:
            if pause is None or "No such file" not in str(exc):
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


class ReadOnlyOxigraphStore(OxigraphStore):
    """An Oxigraph folder opened read-only (``pyoxigraph.Store.read_only``) beside the
    process that holds it for writing. Queries, graphs, dumps and sizes work as on
    :class:`OxigraphStore`; every write raises :class:`StoreUnavailable`."""

    #: it reads results derived by the writer (:mod:`igel_graph.derived`), never files any
    read_only = True

    def __init__(self, path: Path | str) -> None:  # noqa: D107 - the class says it
        self.path = Path(path).expanduser()
        try:
            self._store = open_read_only(str(self.path))
            # after the data: a write in flight has bumped it before changing the data,
            # so what it names is never older than what was opened
            self._token = read_token(self.path)
        except (OSError, RuntimeError) as exc:
            raise StoreUnavailable(
                f"Cannot open the store {self.path} read-only: {exc}",
                hint="Check that the folder holds an Oxigraph store, or choose another with --store.",
            ) from None

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable(
            f"The store {self.path} is open read-only here: another process holds it for writing.",
            hint="Stop that process (for example 'igel serve') to write, or write through its API.",
        )

    def state_token(self) -> str | None:
        """The token as it was when the store was opened: the data read here is the
        data as of then, and the writer may give it a new one at any moment. None when
        the store has none (this process never writes one)."""
        return self._token

    def _before_write(self) -> None:
        """Give no new token: every write is refused here, and the token is the writer's."""

    update = _refuse
    load = _refuse
    replace_graph = _refuse
    drop_graph = _refuse

    def close(self) -> None:
        """Let the read-only handle go (nothing to flush: nothing was written)."""
        if getattr(self, "_store", None) is not None:
            del self._store


def open_for_reading(settings: Settings) -> tuple[Store, str]:
    """The store the settings name, opened for reading, and how: :data:`OWN` (the
    ordinary opening: no other process holds it, or not an Oxigraph folder) or
    :data:`READ_ONLY` (an Oxigraph folder another process holds, such as ``igel serve``).
    The ordinary opening's error is raised when the read-only one fails too."""
    from . import open_store

    try:
        return open_store(settings), OWN
    except StoreUnavailable as refused:
        if settings.store_kind != "oxigraph" or not settings.store_path.is_dir():
            raise
        try:
            return ReadOnlyOxigraphStore(settings.store_path), READ_ONLY
        except StoreUnavailable:
            raise refused from None


def describe(store: Store, how: str) -> str:
    """One line for stderr saying which store a command read and how it was opened."""
    where = str(getattr(store, "path", "")) or store.kind
    if how == READ_ONLY:
        return f"Reading {where} read-only: another process (igel serve?) holds it; the data as of now."
    return f"Reading {where} ({store.kind}, opened by this command)."
