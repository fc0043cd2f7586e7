"""The views' cache is the core's one cache (:mod:`igel_graph.cache`), keyed on the
store's change counter."""

from __future__ import annotations

from igel_graph.cache import cached, clear

__all__ = ["cached", "clear"]
