"""One cache for everything computed from a store, valid until the store changes.

The key of an entry is the store's identity (a number given once per store object), its :attr:`~igel_graph.store.base.Store.change_counter`
and the caller's key; every write bumps the counter, so an entry is never stale (a relabel
that keeps every graph's size, for example, is seen). Concurrent callers asking for the same
missing entry wait for one computation instead of running it twice.

>>> from igel_graph.store.memory import MemoryStore
>>> s = MemoryStore(); calls = []
>>> cached(s, "answer", lambda: calls.append(1) or 42), cached(s, "answer", lambda: 0)
(42, 42)
>>> s.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
>>> cached(s, "answer", lambda: 43)
43
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

__all__ = ["cached", "clear", "cache_key", "put"]

T = TypeVar("T")
_SIZE = 128
_entries: "OrderedDict[tuple, object]" = OrderedDict()
_computing: dict[tuple, threading.Lock] = {}
_lock = threading.Lock()
_identities = itertools.count()


def _identity(store) -> int:
    """A number for ``store`` that no other store object ever gets (``id()`` is reused
    once an object is gone, and a new store would then find an old store's entries)."""
    ident = store.__dict__.get("_cache_identity")
    if ident is None:
        with _lock:
            ident = store.__dict__.setdefault("_cache_identity", next(_identities))
    return ident


def cache_key(store, key: Hashable) -> tuple:
    """The full key of ``key`` for the current state of ``store``."""
    return (_identity(store), store.change_counter, key)


def cached(store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for the same store state and ``key``."""
    full = cache_key(store, key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]  # type: ignore[return-value]
        gate = _computing.setdefault(full, threading.Lock())
    with gate:
        with _lock:
            if full in _entries:
                return _entries[full]  # type: ignore[return-value]
        try:
            value = compute()
        finally:
            with _lock:
                _computing.pop(full, None)
        with _lock:
            _entries[full] = value
            while len(_entries) > _SIZE:
                _entries.popitem(last=False)
        return value


def put(store, key: Hashable, value) -> None:
    """Keep ``value`` as the result of ``key`` for the store's current state (for a
    write that is known not to change it, e.g. storing the analysis, which it does not read)."""
    full = cache_key(store, key)  # outside the lock: it may take the lock itself
    with _lock:
        _entries[full] = value
        while len(_entries) > _SIZE:
            _entries.popitem(last=False)


def clear() -> None:
    """Forget everything (tests that rebuild a store call this)."""
    with _lock:
        _entries.clear()
