"""Render a :class:`~visualizations.model.View` to a standalone HTML page.

The graph is held in a pyvis :class:`~pyvis.network.Network` (nodes, edges, options), but
pyvis's own template is not used: it loads vis-network and Bootstrap from CDNs. This
module's template (``templates/view.html``) embeds the network data as JSON and either
inlines the scripts (static export, ``inline=True``) or links them from the app.
Nodes and edges are appended to the network's lists directly: ``Network.add_edge``
scans every existing edge, which makes large views quadratic.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from .assets import asset_text
from .details import SECTION_LABELS
from .links import SiteLinks
from .model import View
from .saved import tours_data

__all__ = ["UI", "to_network", "view_data", "render_view", "VIEW_TITLES"]

_env = Environment(
    loader=FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

#: interface strings of the view pages
UI = {
    "site": {"de": "IGeL Wissensgraph", "en": "IGeL knowledge graph"},
    "skip": {"de": "Zur Suche und den Filtern springen", "en": "Skip to search and filters"},
    "views": {"de": "Ansichten", "en": "Views"},
    "language": {"de": "Sprache", "en": "Language"},
    "controls": {"de": "Steuerung der Ansicht", "en": "View controls"},
    "search": {"de": "Knoten suchen", "en": "Find a node"},
    "search_hint": {"de": "Name, z. B. Gemeinden", "en": "Name, e.g. Gemeinden"},
    "find": {"de": "Suchen", "en": "Find"},
    "colour": {"de": "Farbe nach", "en": "Colour by"},
    "size": {"de": "Grösse nach", "en": "Size by"},
    "legend": {"de": "Legende", "en": "Legend"},
    "as_of": {"de": "Umsetzungsstand: was gemeldet war am", "en": "Implementation status as known on"},
    "as_of_choose": {"de": "Stand", "en": "As of"},
    "as_of_show": {"de": "Anzeigen", "en": "Show"},
    "filters": {"de": "Filter", "en": "Filters"},
    "all": {"de": "alle", "en": "all"},
    "none": {"de": "keine", "en": "none"},
    "hops": {"de": "Schritte vom Zentrum", "en": "Steps from the centre"},
    "nodes": {"de": "Knoten", "en": "nodes"},
    "size_note": {
        "de": "Die Fläche eines Knotens wächst mit der gewählten Kennzahl.",
        "en": "A node's area grows with the chosen metric.",
    },
    "howto": {
        "de": "Mausrad zoomt, Ziehen verschiebt, ein Klick auf einen Knoten oder eine Linie zeigt die Details, "
        "ein Doppelklick die Nachbarschaft. Per Tastatur: Suche benutzen, oder die Grafik fokussieren "
        "und mit den Pfeiltasten von Knoten zu Knoten gehen (Eingabe öffnet die Seite).",
        "en": "Scroll to zoom, drag to pan, click a node or a line for its details, double-click for its "
        "neighbourhood. With the keyboard: use the search, or focus the graph and step from node to node "
        "with the arrow keys (Enter opens the page).",
    },
    "licence": {"de": "Grafik: vis-network (MIT-Lizenz).", "en": "Graphics: vis-network (MIT licence)."},
    "click": {
        "de": "Klicken zeigt die Details, Doppelklick die Nachbarschaft",
        "en": "Click for details, double-click for its neighbourhood",
    },
    "shown": {"de": "{n} von {total} Knoten sichtbar", "en": "{n} of {total} nodes shown"},
    "found": {"de": "{n} Treffer", "en": "{n} matches"},
    "notFound": {"de": "Kein Knoten gefunden", "en": "No node found"},
    "hiddenHit": {"de": "Der Treffer ist durch einen Filter ausgeblendet.", "en": "The match is hidden by a filter."},
    "open": {"de": "Seite öffnen", "en": "open page"},
    "expand": {"de": "Klicken klappt die Gruppe auf", "en": "Click to expand the group"},
    "details": {"de": "Details", "en": "Details"},
    "details_hint": {
        "de": "Einen Knoten oder eine Linie anklicken (oder suchen), um hier Details zu sehen.",
        "en": "Click a node or a line (or search) to see its details here.",
    },
    "close": {"de": "Schliessen", "en": "Close"},
    "open_page": {"de": "Ganze Seite öffnen", "en": "Open the full page"},
    "focus": {"de": "Fokus auf Nachbarschaft", "en": "Focus on neighbourhood"},
    "unfocus": {"de": "Ganze Ansicht", "en": "Whole view"},
    "steps": {"de": "Schritte", "en": "steps"},
    "reset": {"de": "Zurücksetzen", "en": "Reset"},
    "export": {"de": "Exportieren", "en": "Export"},
    "show_controls": {"de": "Steuerung zeigen", "en": "Show controls"},
    "hide_controls": {"de": "Steuerung ausblenden", "en": "Hide controls"},
    "more_quotes": {"de": "{n} weitere auf der ganzen Seite", "en": "{n} more on the full page"},
    "link": {"de": "Verbindung", "en": "Link"},
    "edge_none": {
        "de": "Keine gemeinsame Massnahme: die Linie ist ein Befund der Analyse.",
        "en": "No shared measure: the line is a finding of the analysis.",
    },
    "tour": {"de": "Rundgang", "en": "Tour"},
    "tour_step": {"de": "Schritt {i} von {n}", "en": "Step {i} of {n}"},
    "previous": {"de": "Zurück", "en": "Previous"},
    "next": {"de": "Weiter", "en": "Next"},
    "tour_end": {"de": "Rundgang beenden", "en": "End the tour"},
    "expand_group": {"de": "Gruppe aufklappen", "en": "Expand the group"},
    "collapse_group": {"de": "Gruppe zuklappen", "en": "Collapse the group"},
}

#: view name -> title (filled by the registry, used for the navigation)
VIEW_TITLES: dict[str, dict[str, str]] = {}


def _t(texts, lang: str) -> str:
    if isinstance(texts, str):
        return texts
    return (texts or {}).get(lang) or (texts or {}).get("de") or ""


def to_network(view: View, lang: str, links: SiteLinks) -> Network:
    """The view as a pyvis network: one dict per node and edge, plus vis options.

    Node dicts carry vis-network's keys (``id``, ``label``, ``x``, ``y``) and this
    project's short keys read by ``igel-view.js``: ``f`` facets, ``c`` colours per mode,
    ``s`` sizes per metric, ``metrics`` the metric values, ``tip`` tooltip lines,
    ``url``, ``mk`` marker, ``hop``, ``st`` the implementation status it is coloured by.
    Edge dicts: ``from``, ``to``, ``r`` relation, ``w`` weight, ``t`` title, ``ms`` the
    measures that make it, ``c`` its own colours per mode, ``st`` its status.
    """
    from .model import scaled_sizes

    net = Network(directed=any(e.directed for e in view.edges))
    sizes = {
        m: scaled_sizes({n.id: n.metrics.get(m, 0.0) for n in view.nodes}) for m in view.size_metrics if m != "uniform"
    }
    for n in view.nodes:
        if n.expand:
            url = links.same_view(expand=",".join(filter(None, [links.params.get("expand"), n.expand])))
        else:
            url = links.resource(n.url) if n.url else None
        tip = [[_t(k, lang), _t(v, lang)] for k, v in n.facts]
        if n.expand:
            tip.append([_t(UI["expand"], lang), str(n.members)])
        node = {
            "id": n.id,
            "label": _t(n.label, lang),
            "x": n.x,
            "y": n.y,
            "url": url,
            "f": {k: v for k, v in n.facets.items() if v},
            "c": n.colours,
            "s": {"uniform": 14.0, **{m: s[n.id] for m, s in sizes.items()}},
            "tip": tip,
            "q": n.search or [_t(n.label, "de"), _t(n.label, "en")],
        }
        if n.shape != "dot":
            node["shape"] = n.shape
        if n.expand:
            node["xk"] = n.expand
        if n.group:
            node["gk"] = n.group
        if n.metrics:
            # the values themselves (the analysis's, where the view shows an analysed
            # network), so that a reader of the JSON sees what the sizes stand for
            node["metrics"] = dict(n.metrics)
        if n.marker:
            node["mk"] = n.marker
        if n.hop is not None:
            node["hop"] = n.hop
        if n.status:
            node["st"] = n.status
        net.nodes.append(node)
        net.node_ids.append(n.id)
        net.node_map[n.id] = node
    for e in view.edges:
        edge = {"from": e.source, "to": e.target, "r": e.relation}
        if e.weight != 1.0:
            edge["w"] = round(e.weight, 3)
        if e.title:
            edge["t"] = _t(e.title, lang)
        if e.measures:
            edge["ms"] = e.measures
        if e.colours:
            edge["c"] = e.colours
        if e.status:
            edge["st"] = e.status
        net.edges.append(edge)
    net.options = {"physics": {"enabled": view.physics}}
    return net


def view_data(view: View, lang: str, links: SiteLinks) -> dict:
    """The JSON object embedded in the page and read by ``igel-view.js``."""
    net = to_network(view, lang, links)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    # the first metric the view offers after "uniform" is the one it is about
    default_size = next((m for m in view.size_metrics if m != "uniform"), "uniform")
    return {
        "name": view.name,
        "nodes": nodes,
        "edges": edges,
        "facets": [{"key": f.key, "on": f.on} for f in view.facets],
        "colourModes": list(view.colour_modes),
        "defaultColour": view.default_colour if view.default_colour in view.colour_modes else None,
        "asOf": view.as_of,
        "sizeModes": list(view.size_metrics),
        "defaultSize": default_size,
        "edgeStyles": {k: style for k, (_label, style) in view.edge_styles.items()},
        "physics": json.loads(options)["physics"]["enabled"],
        "maxHop": view.max_hop,
        "hops": min(2, view.max_hop) if view.max_hop else None,
        "ui": {k: _t(v, lang) for k, v in UI.items()},
        "lang": lang,
        "details": {k: _resolve(v, lang, links) for k, v in view.details.items()},
        "names": _names(view, lang, links),
        "expanded": [k for k in (links.params.get("expand") or "").split(",") if k],
        "tours": tours_data(lang),
        "viewUrls": {name: {"url": links.view(name)} for name in VIEW_TITLES},
        "relLabels": {k: _t(label, lang) for k, (label, _style) in view.edge_styles.items()},
        "measuresHeading": _t(SECTION_LABELS["measures"], lang),
    }


def _resolve(obj, lang: str, links: SiteLinks):
    """A detail (visualizations.details) in one language: ``{"de", "en"}`` texts become
    strings, and every ``iri`` gets the ``url`` of its page."""
    if isinstance(obj, dict):
        if obj and set(obj) <= {"de", "en"}:
            return _t(obj, lang)
        out = {k: _resolve(v, lang, links) for k, v in obj.items()}
        if isinstance(obj.get("iri"), str):
            out["url"] = links.resource(obj["iri"])
        return out
    if isinstance(obj, list):
        return [_resolve(v, lang, links) for v in obj]
    return obj


def _names(view: View, lang: str, links: SiteLinks) -> dict:
    """IRI -> [name, page URL] of every measure an edge names (the panel lists them)."""
    out = {}
    for e in view.edges:
        for m in e.measures:
            if m not in out:
                out[m] = {"label": _t(view.names.get(m) or {"de": m}, lang), "url": links.resource(m)}
    return out


def render_view(
    view: View,
    *,
    lang: str,
    links: SiteLinks,
    inline: bool = False,
    served: bool = True,
    versions: dict | None = None,
) -> str:
    """The complete HTML page of ``view`` in ``lang``.

    ``served``: the page is answered by the server, so a form asking it for another day
    (``as_of``) works; a file of the static export shows the day only.

    With ``inline`` every script and stylesheet is embedded, so the file works opened
    from disk; otherwise they are linked from ``/views/assets/``. ``versions`` is the
    version picker (:func:`visualizations.versions.version_picker`), shown in the panel.
    """
    data = view_data(view, lang, links)
    counts: dict[tuple[str, str], int] = {}
    for n in view.nodes:
        for key, values in n.facets.items():
            for v in values:
                counts[key, v] = counts.get((key, v), 0) + 1
    for e in view.edges:
        counts["relation", e.relation] = counts.get(("relation", e.relation), 0) + 1
    facets = [
        {
            "key": f.key,
            "on": f.on,
            "label": _t(f.label, lang),
            "values": [(v, _t(lbl, lang), counts.get((f.key, v), 0)) for v, lbl in f.values.items()],
        }
        for f in view.facets
    ]
    assets = {
        "vis_js_url": links.asset("vis-network.min.js"),
        "view_js_url": links.asset("igel-view.js"),
        "view_css_url": links.asset("igel-view.css"),
        "licence_url": links.asset("vis-network-LICENSE.txt"),
    }
    if inline:
        assets.update(
            vis_js=asset_text("vis-network.min.js"),
            view_js=asset_text("igel-view.js"),
            view_css=asset_text("igel-view.css"),
        )
    template = _env.get_template("view.html")
    return template.render(
        lang=lang,
        inline=inline,
        assets=assets,
        ui={k: _t(v, lang) for k, v in UI.items()},
        title=_t(view.title, lang),
        caption=_t(view.caption, lang),
        notes=[_t(n, lang) for n in view.notes],
        versions=versions,
        links={
            "home": links.home,
            "views": [
                {"name": name, "href": links.view(name), "label": _t(title, lang), "current": name == view.name}
                for name, title in VIEW_TITLES.items()
            ],
            "langs": [(code, links.same_view(code)) for code in ("de", "en")],
        },
        labels=sorted({n["label"] for n in data["nodes"]}),
        colour_modes=[(k, _t(v, lang)) for k, v in view.colour_modes.items()],
        default_colour=data["defaultColour"] or next(iter(view.colour_modes), None),
        as_of=view.as_of,
        as_of_form=served and not inline,
        size_metrics=[(k, _t(v, lang)) for k, v in view.size_metrics.items()],
        default_size=data["defaultSize"],
        legends=[
            (
                k,
                [
                    (c, _t(lbl, lang), view.legend_shapes.get(_t(lbl, "de"), "dot") if k == "type" else "dot")
                    for c, lbl in view.legends.get(k, [])
                ],
            )
            for k in view.colour_modes
        ],
        markers=[(k, _t(v, lang)) for k, v in view.markers.items()],
        edge_legend=[(k, _t(lbl, lang), style) for k, (lbl, style) in view.edge_styles.items()],
        facets=facets,
        max_hop=view.max_hop,
        hops=data["hops"],
        node_count=len(view.nodes),
        data=data,
    )
