"""Saved views and tours: data files under ``visualizations/saved/`` (see its README).

A saved view is a state of the explorer (view, filters, focus, selection, highlight) with
a caption in German and English; a tour is an ordered list of saved views. The explorer
embeds the tours in every view page (:func:`tours_data`) and plays them with
next/previous, as state in the URL.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from igel_graph.errors import IgelError

__all__ = ["SAVED_DIR", "saved_views", "tours", "tours_data", "step_hash"]

SAVED_DIR = Path(__file__).resolve().parent / "saved"
_KEYS = {"view", "off", "focus", "depth", "select", "highlight", "finding", "caption"}


@lru_cache(maxsize=1)
def saved_views() -> dict[str, dict[str, Any]]:
    """Every saved view of ``views.json`` by id; raises :class:`IgelError` naming the
    entry and key when one is malformed."""
    views = json.loads((SAVED_DIR / "views.json").read_text(encoding="utf-8"))
    for vid, v in views.items():
        unknown = set(v) - _KEYS
        if unknown:
            raise IgelError(f"Saved view {vid!r}: unknown key(s) {sorted(unknown)}.")
        if not isinstance(v.get("view"), str) or set(v.get("caption", {})) != {"de", "en"}:
            raise IgelError(f"Saved view {vid!r}: needs a 'view' and a caption in de and en.")
        if v.get("depth") is not None and v["depth"] not in (1, 2, 3):
            raise IgelError(f"Saved view {vid!r}: depth must be 1, 2 or 3.")
    return views


@lru_cache(maxsize=1)
def tours() -> dict[str, dict[str, Any]]:
    """Every tour of ``tours.json`` by id; each step must be a saved view."""
    data = json.loads((SAVED_DIR / "tours.json").read_text(encoding="utf-8"))
    views = saved_views()
    for tid, tour in data.items():
        missing = [s for s in tour.get("steps", []) if s not in views]
        if missing or not tour.get("steps"):
            raise IgelError(f"Tour {tid!r}: steps {missing} are not saved views.")
    return data


def step_hash(vid: str) -> str:
    """The explorer's URL state (the part after ``#``) of saved view ``vid``.

    >>> step_hash("gsd-sole-broker").startswith("focus=")
    True
    """
    from urllib.parse import quote

    v = saved_views()[vid]
    parts = []
    if v.get("focus"):
        parts += [f"focus={quote(v['focus'], safe='')}", f"depth={v.get('depth', 1)}"]
    if v.get("select"):
        parts.append(f"sel={quote(v['select'], safe='')}")
    if v.get("highlight"):
        parts.append("hl=" + ",".join(quote(h, safe="") for h in v["highlight"]))
    if v.get("off"):
        parts.append("off=" + ",".join(quote(o, safe=":") for o in v["off"]))
    return "&".join(parts)


def tours_data(lang: str) -> dict[str, Any]:
    """The tours as the explorer reads them: id -> title and steps (view, URL state,
    caption) in ``lang``."""
    views = saved_views()
    return {
        tid: {
            "title": tour["title"].get(lang) or tour["title"]["de"],
            "steps": [
                {
                    "id": s,
                    "view": views[s]["view"],
                    "state": step_hash(s),
                    "caption": views[s]["caption"].get(lang) or views[s]["caption"]["de"],
                }
                for s in tour["steps"]
            ],
        }
        for tid, tour in tours().items()
    }
