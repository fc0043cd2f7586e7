"""Interactive graph views of the IGeL knowledge graph, and the pages of the site.

Views are built from the projections and findings of :mod:`igel_graph.analysis`, laid
out on the server with networkx (:mod:`.layout`), aggregated above the node limit
(:mod:`.aggregate`) and rendered with pyvis into this package's own offline template
(:mod:`.render`): vis-network is inlined or served by the app, never loaded from a CDN.
"""

__all__ = ["VIEWS", "build_view", "render_view"]


def __getattr__(name):  # keep ``import visualizations`` cheap: load views on first use
    if name in ("VIEWS", "build_view"):
        from . import registry

        return getattr(registry, name)
    if name == "render_view":
        from .render import render_view

        return render_view
    raise AttributeError(name)
