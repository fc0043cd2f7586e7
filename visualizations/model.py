"""What a graph view holds before it is drawn: nodes, edges, legend, facets and caption.

A :class:`View` is independent of pyvis and of HTML: view builders fill it from networkx
graphs, :mod:`.render` turns it into a page. Texts are ``{lang: text}`` dicts and are
resolved to one language only when the page is rendered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .palette import NODE_COLOURS, TYPE_ORDER, community_colour, type_style

__all__ = [
    "Text",
    "ViewNode",
    "ViewEdge",
    "Facet",
    "View",
    "PALETTE",
    "TYPE_COLOURS",
    "text",
    "colour_for",
    "local_name",
]

#: a text in several languages
Text = Mapping[str, str]


def text(de: str, en: str | None = None) -> dict[str, str]:
    """A ``{lang: text}`` dict; English defaults to the German text."""
    return {"de": de, "en": en if en is not None else de}


def local_name(iri: str) -> str:
    """The last path segment or fragment of an IRI.

    >>> local_name("https://w3id.org/igel/ontology#Measure")
    'Measure'
    """
    return iri.rstrip("/").replace("#", "/").rsplit("/", 1)[-1]


#: the node colours and the type colours, kept under their old names; the palettes
#: themselves live in :mod:`visualizations.palette` (one per dimension, shared everywhere)
PALETTE = list(NODE_COLOURS)
TYPE_COLOURS = {kind: type_style(kind)[0] for kind in TYPE_ORDER}


def colour_for(index: int) -> str:
    """The ``index``-th colour of :data:`PALETTE` (cycling)."""
    return community_colour(index)


@dataclass
class ViewNode:
    """One node as the page will draw it.

    ``facets`` maps a facet key (``type``, ``field``, ``theme``, ``role``) to the values the
    node has; ``colours`` a colour mode (``type``, ``field``, ``community``) to its colour;
    ``metrics`` a metric key to its value (sizes are derived when rendering); ``facts``
    are tooltip lines (label, value) beside the label; ``url`` is where a click goes.
    """

    id: str
    label: Text
    type: str
    x: float = 0.0
    y: float = 0.0
    url: str | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    facts: list[tuple[Text, Text | str]] = field(default_factory=list)
    #: every text a search should match (both languages, alternative labels, number, text)
    search: list[str] = field(default_factory=list)
    shape: str = "dot"  # the type's shape (visualizations.palette.type_style)
    marker: str | None = None  # "broker", "aggregate", "center"
    hop: int | None = None  # ego view: distance from the centre
    members: int = 0  # aggregate: how many nodes it stands for
    expand: str | None = None  # aggregate: the key that expands it
    group: str | None = None  # member of an expanded group: the key that collapses it
    status: str | None = None  # implementation status it is coloured by (collaboration view)


@dataclass
class ViewEdge:
    """One edge: ``relation`` picks its style and is the edge's facet value."""

    source: str
    target: str
    relation: str
    weight: float = 1.0
    title: Text | None = None
    directed: bool = False
    #: the measures that make the edge (collaboration: both actors lead or partner in them)
    measures: list[str] = field(default_factory=list)
    #: colour mode -> the edge's own colour in that mode (else its relation's style)
    colours: dict[str, str] = field(default_factory=dict)
    #: the implementation status the edge is coloured by (collaboration view)
    status: str | None = None


@dataclass
class Facet:
    """A filter group: ``values`` maps each value to its label, in display order.

    ``on`` is ``"node"`` (hides nodes without a checked value) or ``"edge"``.
    """

    key: str
    label: Text
    values: dict[str, Text]
    on: str = "node"


@dataclass
class View:
    """A complete graph view, before rendering."""

    name: str
    title: Text
    caption: Text
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    facets: list[Facet] = field(default_factory=list)
    #: colour modes offered: key -> label; legend entries per mode: key -> [(colour, label)]
    colour_modes: dict[str, Text] = field(default_factory=dict)
    legends: dict[str, list[tuple[str, Text]]] = field(default_factory=dict)
    #: legend entry shapes of the type mode: label (de) -> vis-network shape
    legend_shapes: dict[str, str] = field(default_factory=dict)
    #: metrics offered for node size: key -> label
    size_metrics: dict[str, Text] = field(default_factory=dict)
    #: relation key -> (label, style dict: color, dashes, width, arrows)
    edge_styles: dict[str, tuple[Text, dict]] = field(default_factory=dict)
    #: extra legend lines for node markers: marker -> label
    markers: dict[str, Text] = field(default_factory=dict)
    physics: bool = False
    max_hop: int | None = None  # ego view: the largest distance present
    aggregated: bool = False
    notes: list[Text] = field(default_factory=list)
    #: node id -> its detail (visualizations.details.node_detail), shown by the panel
    details: dict[str, dict] = field(default_factory=dict)
    #: IRI -> name of resources the panel names without drawing them (an edge's measures)
    names: dict[str, Text] = field(default_factory=dict)
    #: the colour mode the page opens with (``?colour=``), else the first offered
    default_colour: str | None = None
    #: the day whose monitoring knowledge the view shows (``?as_of=``), ISO; None: not used
    as_of: str | None = None

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}


def scaled_sizes(values: Mapping[str, float], *, smallest: float = 10.0, largest: float = 42.0) -> dict[str, float]:
    """Node radii for metric ``values``: area proportional to the value.

    >>> scaled_sizes({"a": 0.0, "b": 4.0})
    {'a': 10.0, 'b': 42.0}
    """
    top = max((v for v in values.values() if v is not None and math.isfinite(v)), default=0.0)
    if top <= 0:
        return {k: smallest for k in values}
    return {
        k: round(smallest + (largest - smallest) * math.sqrt(max(v or 0.0, 0.0) / top), 1) for k, v in values.items()
    }


def legend_from(colours: Iterable[tuple[str, str, Text]]) -> list[tuple[str, Text]]:
    """Legend entries (colour, label) from (value, colour, label) triples, each value once."""
    seen: dict[str, tuple[str, Text]] = {}
    for value, colour, label in colours:
        seen.setdefault(value, (colour, label))
    return list(seen.values())
