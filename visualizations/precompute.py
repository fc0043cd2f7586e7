"""The views' part of computing ahead (:mod:`igel_graph.precompute`): every view as
``/views/NAME`` first shows it, without parameters."""

from __future__ import annotations

from typing import Iterable

from igel_graph.precompute import Step, model_steps, query_steps

from .registry import VIEWS, view_job

__all__ = ["view_steps", "all_steps"]


def view_steps(store, *, node_limit: int) -> list[Step]:
    """One step per view, with its default parameters."""
    return [Step(f"view {name}", *view_job(store, name, node_limit=node_limit)) for name in VIEWS]


def all_steps(store, *, node_limit: int, skip: Iterable[str] = ()) -> list[Step]:
    """Everything a large store's pages need: the read model and the analysis (the views
    read them), the views (what a strategist opens first), then the named queries but
    those named in ``skip``."""
    return [*model_steps(store), *view_steps(store, node_limit=node_limit), *query_steps(store, skip=skip)]
