"""Remembering the answers of pure functions of short texts, successes only.

The query worker decides two things per request that depend only on text it is given:
the first wall's verdict on the query text (:func:`igel_graph.sparql_guard.check_query`,
a full lexing pass: 15-55 us for the benchmark's selective queries, more than the
hand-off) and the result format for an ``Accept`` header (:mod:`igel_graph.negotiation`).
Dashboards send the same texts again and again, so :class:`Accepted` keeps the last
answers, keyed on the exact text.

Only *successful* answers are kept. A text that raises (a refused or malformed query, an
``Accept`` nobody can serve) is never stored, so it goes through the real check every
time it comes, and a text that was never seen always does too: the cache can skip work
for a text that already passed, never let a new one through. Keys longer than
``max_chars`` are not kept (a 10 MB query would pin 10 MB), and at most ``size`` entries
are (least recently used first out).

>>> calls = []
>>> def shout(text):
...     calls.append(text)
...     if "!" in text:
...         raise ValueError(text)
...     return text.upper()
>>> seen = Accepted(shout, size=2)
>>> seen("a"), seen("a"), calls
('A', 'A', ['a'])
>>> for _ in range(2):
...     try:
...         seen("no!")
...     except ValueError:
...         pass
>>> calls
['a', 'no!', 'no!']
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

__all__ = ["Accepted"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Accepted(Generic[K, V]):
    """``function`` with its last ``size`` successful results kept, keyed on the argument.

    The argument is a string or a tuple of strings, bytes and other hashable values; the
    total length of its strings and bytes must be at most ``max_chars`` for the result to
    be kept. The cached value is shared between
    callers: treat it as read-only.
    """

    def __init__(self, function: Callable[[K], V], *, size: int = 512, max_chars: int = 8192):
        self._function = function
        self._size = size
        self._max_chars = max_chars
        self._kept: OrderedDict[K, V] = OrderedDict()

    def __call__(self, key: K) -> V:
        kept = self._kept
        try:
            value = kept[key]
        except KeyError:
            pass
        else:
            kept.move_to_end(key)
            return value
        value = self._function(key)  # raises for a refusal: nothing is stored
        if _chars(key) <= self._max_chars:
            kept[key] = value
            if len(kept) > self._size:
                kept.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        """Forget every kept answer."""
        self._kept.clear()


def _chars(key: object) -> int:
    """The length of a string (or bytes) key, or the summed length of a tuple's strings."""
    if isinstance(key, (str, bytes)):
        return len(key)
    if isinstance(key, tuple):
        return sum(len(part) if isinstance(part, (str, bytes)) else 0 for part in key)
    return 0
