"""A small cache of results computed from a store, valid until the store changes.

The store's named-graph sizes stand for its state: every write changes at least one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from igel_graph.store.base import Store

__all__ = ["cached", "clear"]

T = TypeVar("T")
_cache: "OrderedDict[tuple, object]" = OrderedDict()
_lock = threading.Lock()
_SIZE = 64


def cached(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for the same store state and ``key``."""
    full = (id(store), tuple(sorted(store.graphs().items())), key)
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            return _cache[full]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _cache[full] = value
        while len(_cache) > _SIZE:
            _cache.popitem(last=False)
    return value


def clear() -> None:
    """Forget everything (tests that rebuild a store call this)."""
    with _lock:
        _cache.clear()
