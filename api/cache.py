"""Caches of the API that live until the next write, keyed on the store's state.

The key of the state is :func:`igel_graph.cache.cache_key`: the store's identity and its
``change_counter``, which every write method of every backend bumps. It is the one cache
key concept of the platform (the read model, the views and the analysis key on it too).
The server is the only process that writes its store (Oxigraph admits one writing
process; the query workers only read, and keep no cache), so it sees every change. A
request keys what it stores on the state it first looked at, so a page computed while a
write ran is never kept under the state after it. This is what lets a resource page or a
selective named query answer in well under a millisecond when warm.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable

from fastapi import Request

from igel_graph.cache import cache_key

__all__ = ["generation", "cached", "ResponseCache", "response_cache"]


def generation(request: Request) -> Hashable:
    """The state of the app's store as ``request`` first saw it (a cache key: the store's
    identity and change counter), the same for every look of the request."""
    seen = getattr(request.state, "store_state", None)
    if seen is None:
        seen = cache_key(request.app.state.store, "api")
        request.state.store_state = seen
    return seen


def cached(request: Request, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per store state, kept on ``app.state`` under ``name``."""
    state = request.app.state
    key = "_cache_" + name
    entry = getattr(state, key, None)
    gen = generation(request)
    if entry is None or entry[0] != gen:
        entry = (gen, compute())
        setattr(state, key, entry)
    return entry[1]


class ResponseCache:
    """A bounded LRU of response parts ``(body, media type, headers)`` by key and store state."""

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, tuple] = OrderedDict()

    def get(self, request: Request, key: Hashable):
        full = (generation(request), key)
        item = self._items.get(full)
        if item is not None:
            self._items.move_to_end(full)
        return item

    def put(self, request: Request, key: Hashable, value: Any) -> None:
        self._items[(generation(request), key)] = value
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


def response_cache(request: Request) -> ResponseCache:
    """The app's response cache (created on first use)."""
    state = request.app.state
    cache = getattr(state, "response_cache", None)
    if cache is None:
        cache = state.response_cache = ResponseCache()
    return cache
