"""Results derived from a store's data, kept on disk until the data changes.

The in-memory cache (:mod:`igel_graph.cache`) holds a result for one process; this module
is its second level for results that take long to compute on a large store (the read
model, the network analysis, the plan-wide named queries, the views), so that a process
that opens the store later (a restarted server, the next CLI command) reads them instead
of computing them again.

An entry is filed under the store's state token (:meth:`Store.state_token
<igel_graph.store.base.Store.state_token>`), which every write replaces before it
changes the data, so an entry is never read for data other than the data it was computed
from. Only a process that can write the store files entries (a read-only opening beside
the server reads them), and only when no write happened while the result was computed.
The folders of older tokens (and other programs) are removed when the first entry of a
new one is filed.

The folder also names the program that computed its entries (a digest of the project's
Python modules and named queries), so a changed program never reads what an older one
filed.

Backends without a token (memory, remote) keep nothing on disk.

The files are Python pickles: they are written by this program into the store's own
folder, which is as trusted as the data in it; nothing from a request ever reaches them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Hashable

from .store.state import DERIVED_DIR

__all__ = ["MISSING", "DERIVED_DIR", "folder", "load", "save", "exists", "entries", "program_digest"]

_log = logging.getLogger("igel.derived")

#: what :func:`load` returns when there is no entry
MISSING = object()


#: what the results are computed by: the packages' modules and the named queries
_PROGRAM = (("igel_graph", "*.py"), ("visualizations", "*.py"), ("queries", "*.rq"))


@lru_cache(maxsize=1)
def program_digest() -> str:
    """A digest of the program's own files (about 200, read once per process)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for folder, pattern in _PROGRAM:
        for path in sorted((root / folder).rglob(pattern)):
            h.update(str(path.relative_to(root)).encode("utf-8"))
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def folder(store) -> Path | None:
    """The folder of the results for the store's current data and this program
    (``igel-derived/TOKEN-PROGRAM`` in the store folder), or None where none are kept."""
    base = store.derived_dir()
    token = store.state_token() if base is not None else None
    if base is None or token is None:
        return None
    return base / f"{token}-{program_digest()}"


def _file(store, key: Hashable) -> Path | None:
    current = folder(store)
    if current is None:
        return None
    return current / (hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32] + ".pickle")


def load(store, key: Hashable):
    """The result filed for ``key`` and the store's current data, or :data:`MISSING`."""
    path = _file(store, key)
    if path is None:
        return MISSING
    try:
        with open(path, "rb") as f:
            stored_key, value = pickle.load(f)
    except FileNotFoundError:
        return MISSING
    except Exception:  # noqa: BLE001 - a damaged entry is recomputed, never shown
        _log.warning("Ignoring the unreadable derived result %s.", path)
        return MISSING
    return value if stored_key == key else MISSING


def exists(store, key: Hashable) -> bool:
    """Whether a result is filed for ``key`` and the store's current data."""
    path = _file(store, key)
    return path is not None and path.is_file()


def save(store, key: Hashable, value, *, token: str | None) -> bool:
    """File ``value`` as the result of ``key`` for the data named by ``token`` (the
    store's token when the computation began); returns whether it was filed.

    Nothing is filed when the token changed meanwhile (a write came between), when the
    store is open read-only here, or when the disk refuses (the result is still used by
    the caller; the next process computes it again).
    """
    if token is None or getattr(store, "read_only", False) or store.state_token() != token:
        return False
    path = _file(store, key)
    if path is None:
        return False
    try:
        fresh = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            _forget_others(path.parent)
        tmp = path.with_name(f".{uuid.uuid4().hex}.tmp")
        with open(tmp, "wb") as out:
            pickle.dump((key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        _log.warning("Could not keep a derived result in %s: %s", path.parent, exc)
        return False
    return True


def _forget_others(current: Path) -> None:
    """Remove the entries of every other data state or program than ``current``'s: the
    data is gone, and a program reads only its own."""
    for other in current.parent.iterdir():
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def entries(store) -> int:
    """How many results are filed for the store's current data (for status and tests)."""
    current = folder(store)
    if current is None or not current.is_dir():
        return 0
    return sum(1 for p in current.glob("*.pickle"))
