"""The files a view page needs, all local: vis-network (from the installed pyvis package),
this package's view script and stylesheet, and vis-network's licence notice.

pyvis 0.3.2 ships vis-network 9.1.2 under ``pyvis/templates/lib/vis-9.1.2/``; its own
template still fetches it (and Bootstrap) from CDNs, so the views use that file directly.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from igel_graph.errors import IgelError

__all__ = ["ASSETS", "asset_path", "asset_text", "MEDIA_TYPES"]

_STATIC = Path(__file__).resolve().parent / "static"

#: asset name -> file
ASSETS: dict[str, Path] = {
    "vis-network.min.js": Path(str(files("pyvis"))) / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js",
    "igel-view.js": _STATIC / "igel-view.js",
    "igel-view.css": _STATIC / "igel-view.css",
    "vis-network-LICENSE.txt": _STATIC / "vis-network-LICENSE.txt",
}

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def asset_path(name: str) -> Path:
    """The file of asset ``name``; :class:`IgelError` if unknown or missing."""
    path = ASSETS.get(name)
    if path is None:
        raise IgelError(f"Unknown view asset {name!r}.", hint="Known: " + ", ".join(ASSETS))
    if not path.is_file():
        raise IgelError(
            f"View asset {name!r} is missing at {path}.", hint="Reinstall pyvis==0.3.2, which ships vis-network 9.1.2."
        )
    return path


@cache
def asset_text(name: str) -> str:
    """The content of asset ``name`` (cached: the files do not change while running)."""
    return asset_path(name).read_text(encoding="utf-8")
