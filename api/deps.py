"""FastAPI dependencies shared by the routers: the store, the settings, the language.

The store and settings are created by the app factory's lifespan and kept on
``app.state``; handlers receive them through these aliases, and tests can swap them with
``app.dependency_overrides``.

>>> from fastapi import FastAPI
>>> def read_size(store: StoreDep) -> int: ...  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from igel_graph.settings import Settings
from igel_graph.store.base import Store

__all__ = ["get_store", "get_settings", "get_lang", "pick_lang", "StoreDep", "SettingsDep", "LangDep", "LANGUAGES"]

#: languages of labels and pages
LANGUAGES = ("de", "en")


async def get_store(request: Request) -> Store:
    """The store the application opened at start-up (a coroutine, see below)."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    """The settings the application was created with (a coroutine, see below)."""
    return request.app.state.settings


def pick_lang(query_lang: str | None, accept_language: str | None, default: str = "de") -> str:
    """The page language: ``?lang=`` first, then the best of ``Accept-Language``, else ``default``.

    Returns ``"de"`` or ``"en"``.

    >>> pick_lang(None, "en-GB,en;q=0.9,de;q=0.5")
    'en'
    >>> pick_lang("de", "en")
    'de'
    >>> pick_lang(None, "fr, en;q=0.2, de;q=0.8")
    'de'
    """
    if query_lang and query_lang.lower()[:2] in LANGUAGES:
        return query_lang.lower()[:2]
    best, best_q = None, 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        if code not in LANGUAGES:
            continue
        q = 1.0
        for p in params.split(";"):
            key, _, val = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = code, q
    return best or (default if default in LANGUAGES else "de")


def get_lang(request: Request) -> str:
    """The language of this request (``de`` or ``en``), see :func:`pick_lang`."""
    settings = getattr(request.app.state, "settings", None)
    default = settings.lang if settings is not None else "de"
    return pick_lang(request.query_params.get("lang"), request.headers.get("accept-language"), default)


# The dependencies are coroutines: FastAPI runs a plain function dependency in its thread
# pool, a thread hop per dependency per request (before this, a /sparql request made
# three of them); these only read app.state and never block.


async def _lang(request: Request) -> str:
    return get_lang(request)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
LangDep = Annotated[str, Depends(_lang)]
