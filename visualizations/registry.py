"""The views by name, how to build one, and a small cache of built views.

>>> sorted(VIEWS)
['collaboration', 'comparison', 'dependencies', 'ego', 'plan', 'themes']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from igel_graph.errors import UnknownQueryError
from igel_graph.store.base import Store

from .cache import cached
from .cache import clear as clear_cache
from .model import Text, View
from .render import VIEW_TITLES
from .views import collaboration, comparison, dependencies, ego, plan, themes
from .views.common import ViewContext

__all__ = ["ViewSpec", "VIEWS", "build_view", "clear_cache", "UnknownView"]


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
        ViewSpec("collaboration", collaboration.TITLE, collaboration.CAPTION, collaboration.build),
        ViewSpec("dependencies", dependencies.TITLE, dependencies.CAPTION, dependencies.build),
        ViewSpec("themes", themes.TITLE, themes.CAPTION, themes.build),
        ViewSpec("ego", ego.TITLE, ego.CAPTION, ego.build, ("center", "n", "expand")),
        ViewSpec("comparison", comparison.TITLE, comparison.CAPTION, comparison.build, ("a", "b", "expand")),
    )
}
VIEW_TITLES.update({name: spec.title for name, spec in VIEWS.items()})


def build_view(store: Store, name: str, params: Mapping[str, str] | None = None, *, node_limit: int = 1500) -> View:
    """Build view ``name`` from ``store``; cached until the store's graphs change.

    Raises :class:`UnknownView` for an unknown name and :class:`IgelError` for a bad
    parameter (e.g. an ego centre that is not in the graph).

    >>> build_view(store, "collaboration").name  # doctest: +SKIP
    'collaboration'
    """
    spec = VIEWS.get(name)
    if spec is None:
        raise UnknownView(f"No view named {name!r}.", hint="Views: " + ", ".join(VIEWS))
    params = {k: str(v) for k, v in (params or {}).items() if k in spec.params and v not in (None, "")}
    return cached(
        store,
        ("view", name, tuple(sorted(params.items())), node_limit),
        lambda: spec.builder(ViewContext(store, node_limit=node_limit, params=params)),
    )
