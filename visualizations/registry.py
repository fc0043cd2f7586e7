"""The views by name, how to build one, and a small cache of built views.

>>> sorted(VIEWS)
['collaboration', 'comparison', 'dependencies', 'ego', 'plan', 'themes']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from rdflib import URIRef

from igel_graph.errors import UnknownQueryError
from igel_graph.monitoring.asof import parse_as_of
from igel_graph.store.base import Store
from igel_graph.workbook.version_store import store_at
from igel_graph.workbook.versions import Version

from .cache import cached
from .cache import clear as clear_cache
from .model import Text, View
from .render import VIEW_TITLES
from .views import collaboration, comparison, dependencies, ego, plan, themes
from .views.common import ViewContext

__all__ = ["ViewSpec", "VIEWS", "build_view", "view_job", "clear_cache", "UnknownView"]


class UnknownView(UnknownQueryError):
    """No view of that name (404)."""


@dataclass(frozen=True)
class ViewSpec:
    """A view: its title and caption and the function that builds it.

    ``params`` names the request parameters the view reads (besides ``lang``).
    """

    name: str
    title: Text
    caption: Text
    builder: Callable[[ViewContext], View]
    params: tuple[str, ...] = ("expand",)


VIEWS: dict[str, ViewSpec] = {
    spec.name: spec
    for spec in (
        ViewSpec("plan", plan.TITLE, plan.CAPTION, plan.build),
        ViewSpec(
            "collaboration",
            collaboration.TITLE,
            collaboration.CAPTION,
            collaboration.build,
            ("expand", "as_of", "colour"),
        ),
        ViewSpec("dependencies", dependencies.TITLE, dependencies.CAPTION, dependencies.build),
        ViewSpec("themes", themes.TITLE, themes.CAPTION, themes.build),
        ViewSpec("ego", ego.TITLE, ego.CAPTION, ego.build, ("center", "n", "expand")),
        ViewSpec("comparison", comparison.TITLE, comparison.CAPTION, comparison.build, ("a", "b", "expand")),
    )
}
VIEW_TITLES.update({name: spec.title for name, spec in VIEWS.items()})


def view_job(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    node_limit: int = 1500,
    version: tuple[URIRef, Version] | None = None,
) -> tuple[tuple, Callable[[], View]]:
    """The cache key of view ``name`` with these arguments and the function that builds
    it (see :func:`build_view`; :mod:`visualizations.precompute` files it ahead)."""
    spec = VIEWS.get(name)
    if spec is None:
        raise UnknownView(f"No view named {name!r}.", hint="Views: " + ", ".join(VIEWS))
    params = {k: str(v) for k, v in (params or {}).items() if k in spec.params and v not in (None, "")}
    if "as_of" in spec.params:
        # the day, resolved (a bad one: 422): the cache keeps one view per day, and
        # "today" moves on at midnight
        params["as_of"] = parse_as_of(params.get("as_of")).isoformat()
    source, shown = store, None
    if version is not None:
        source = store_at(store, *version)
        shown = None if source is store else str(version[1].iri)
    key = ("view", name, tuple(sorted(params.items())), node_limit, shown)
    return key, lambda: spec.builder(ViewContext(source, node_limit=node_limit, params=params))


def build_view(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    node_limit: int = 1500,
    version: tuple[URIRef, Version] | None = None,
) -> View:
    """Build view ``name`` from ``store``; cached until the store's graphs change, and
    kept on disk for the store's data (:mod:`igel_graph.derived`).

    ``version`` (a plan and one of its versions, :func:`igel_graph.workbook.versions.find_version`)
    builds it with that version of the plan in place of the current one
    (:func:`igel_graph.workbook.version_store.store_at`); the version is part of the cache key.

    Raises :class:`UnknownView` for an unknown name and :class:`IgelError` for a bad
    parameter (e.g. an ego centre that is not in the graph).

    >>> build_view(store, "collaboration").name  # doctest: +SKIP
    'collaboration'
    """
    key, build = view_job(store, name, params, node_limit=node_limit, version=version)
    return cached(store, key, build, persist=True)
