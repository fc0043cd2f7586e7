"""The store layer: one interface (:class:`~igel_graph.store.base.Store`), three backends.

>>> from igel_graph.settings import Settings
>>> open_store(Settings(store="memory")).kind
'memory'
"""

from __future__ import annotations

from ..settings import Settings
from .base import AskResult, GraphResult, QueryResult, SelectResult, Store

__all__ = ["open_store", "Store", "SelectResult", "AskResult", "GraphResult", "QueryResult"]


def open_store(settings: Settings) -> Store:
    """The store the settings name: ``memory``, a SPARQL endpoint URL, or a directory
    (embedded Oxigraph). Backends are imported only when chosen."""
    kind = settings.store_kind
    if kind == "memory":
        from .memory import MemoryStore

        return MemoryStore()
    if kind == "sparql":
        from .remote import SparqlStore

        auth = None
        if settings.sparql_user:
            auth = (settings.sparql_user, settings.sparql_password or "")
        return SparqlStore(
            settings.store, update_url=settings.sparql_update_url, gsp_url=settings.sparql_gsp_url, auth=auth
        )
    from .oxigraph import OxigraphStore

    path = settings.store_path
    # a fresh checkout has no var/ yet; Oxigraph creates only the last directory itself
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..errors import StoreUnavailable

        raise StoreUnavailable(
            f"Cannot create the folder for the store {path}: {exc.strerror}.",
            hint="Choose a writable place with --store or IGEL_STORE.",
        ) from None
    return OxigraphStore(path)
