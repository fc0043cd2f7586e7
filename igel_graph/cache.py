"""One cache for everything computed from a store, valid until the store changes.

The key of an entry is the store's identity (a number given once per store object), its :attr:`~igel_graph.store.base.Store.change_counter`
and the caller's key; every write bumps the counter, so an entry is never stale (a relabel
that keeps every graph's size, for example, is seen). Concurrent callers asking for the same
missing entry wait for one computation instead of running it twice.

``persist=True`` adds a second level on disk (:mod:`igel_graph.derived`) for results that
take long on a large store: a later process opening the same data reads them instead of
computing them again.

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

from . import derived

__all__ = ["cached", "clear", "cache_key", "put", "peek", "MISSING"]

#: what :func:`peek` returns when nothing is kept for the key
MISSING = derived.MISSING

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


def cached(store, key: Hashable, compute: Callable[[], T], *, persist: bool = False) -> T:
    """``compute()``, or its earlier result for the same store state and ``key``;
    ``persist``: also kept on disk for the store's data (:mod:`igel_graph.derived`) and
    read from there by a process that has not computed it."""
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
            value = _compute(store, key, compute) if persist else compute()
        finally:
            with _lock:
                _computing.pop(full, None)
        _remember(full, value)
        return value


def _remember(full: tuple, value) -> None:
    """Keep ``value`` under the full key ``full``, the least recently used entry going
    when there are more than :data:`_SIZE`."""
    with _lock:
        _entries[full] = value
        while len(_entries) > _SIZE:
            _entries.popitem(last=False)


def peek(store, key: Hashable):
    """The result kept for ``key`` and the store's current state, in memory or on disk,
    without computing it: :data:`MISSING` when there is none (a caller that cannot wait
    for the computation, such as a request, then takes another way)."""
    full = cache_key(store, key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]
    value = derived.load(store, key)
    if value is not MISSING:
        _remember(full, value)
    return value


def _compute(store, key: Hashable, compute: Callable[[], T]) -> T:
    """The result filed on disk for the store's data, else ``compute()`` filed there."""
    value = derived.load(store, key)
    if value is not derived.MISSING:
        return value
    token = store.state_token()  # before computing: a write meanwhile must not be filed under it
    value = compute()
    derived.save(store, key, value, token=token)
    return value


def put(store, key: Hashable, value, *, persist: bool = False) -> None:
    """Keep ``value`` as the result of ``key`` for the store's current state (for a
    write that is known not to change it, e.g. storing the analysis, which it does not
    read); ``persist``: on disk too."""
    if persist:
        derived.save(store, key, value, token=store.state_token())
    _remember(cache_key(store, key), value)  # the key outside the lock: it may take the lock itself


def clear() -> None:
    """Forget everything (tests that rebuild a store call this)."""
    with _lock:
        _entries.clear()
