"""Caches that live until the next write.

The server is the only writer of its store (Oxigraph admits one writing process), and
every accepted write bumps ``app.state.generation``; so anything computed from the
store can be kept, keyed by generation, and is never stale. This is what lets a resource
page or a selective named query answer in well under a millisecond when warm.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable

from fastapi import Request

__all__ = ["generation", "cached", "ResponseCache", "response_cache"]


def generation(request: Request) -> int:
    """The write generation of the app serving ``request``."""
    return getattr(request.app.state, "generation", 0)


def cached(request: Request, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per write generation, kept on ``app.state`` under ``name``."""
    state = request.app.state
    key = "_cache_" + name
    entry = getattr(state, key, None)
    gen = generation(request)
    if entry is None or entry[0] != gen:
        entry = (gen, compute())
        setattr(state, key, entry)
    return entry[1]


class ResponseCache:
    """A bounded LRU of response parts ``(body, media type, headers)`` by key and generation."""

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, tuple] = OrderedDict()

    def get(self, request: Request, key: Hashable):
        item = self._items.get((generation(request), key))
        if item is not None:
            self._items.move_to_end((generation(request), key))
        return item

    def put(self, request: Request, key: Hashable, value: tuple) -> None:
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
