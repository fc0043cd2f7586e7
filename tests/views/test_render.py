"""Rendering: own template, no CDN, data embedded, assets inline when standalone."""

import json
import re

from visualizations.links import SiteLinks
from visualizations.model import Facet, View, ViewEdge, ViewNode, text
from visualizations.render import render_view, view_data

CDN_MARKERS = ("cdn", "unpkg", "jsdelivr", "cloudflare", "bootstrap", "googleapis")


def _view():
    nodes = [
        ViewNode(
            "https://w3id.org/igel/id/actor/gsd",
            text("GSD"),
            "PublicAuthority",
            0,
            0,
            url="https://w3id.org/igel/id/actor/gsd",
            facets={"type": ["PublicAuthority"]},
            colours={"type": "#D55E00"},
            metrics={"degree": 2.0},
        ),
        ViewNode(
            "https://w3id.org/igel/id/actor/vlg",
            text("VLG </script><b>x</b>"),
            "MunicipalBody",
            10,
            0,
            url="https://w3id.org/igel/id/actor/vlg",
            facets={"type": ["MunicipalBody"]},
            colours={"type": "#E69F00"},
            metrics={"degree": 1.0},
        ),
    ]
    return View(
        "collaboration",
        text("Zusammenarbeit", "Collaboration"),
        text("Bildunterschrift", "Caption"),
        nodes,
        [ViewEdge(nodes[0].id, nodes[1].id, "collaboration")],
        facets=[
            Facet(
                "type",
                text("Typ", "Type"),
                {"PublicAuthority": text("Behörde", "Authority"), "MunicipalBody": text("Gemeinden", "Municipal")},
            )
        ],
        colour_modes={"type": text("Typ", "Type")},
        legends={"type": [("#D55E00", text("Behörde", "Authority"))]},
        size_metrics={"uniform": text("gleich", "same"), "degree": text("Grad", "Degree")},
        edge_styles={"collaboration": (text("arbeitet zusammen", "collaborates"), {"color": "#555", "width": 2})},
    )


def _embedded(html):
    m = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_served_page_links_local_assets_only():
    html = render_view(_view(), lang="en", links=SiteLinks("https://w3id.org/igel/", "en", "collaboration"))
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/views/assets/vis-network.min.js" in srcs and "/views/assets/igel-view.js" in srcs
    assert not [s for s in srcs if s.startswith(("http:", "https:", "//"))]
    assert not any(marker in html.lower() for marker in CDN_MARKERS)


def test_standalone_page_inlines_vis_network():
    html = render_view(
        _view(), lang="de", links=SiteLinks("https://w3id.org/igel/", "de", "collaboration"), inline=True
    )
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert "vis-network" in html and "@version 9.1.2" in html  # the licence header stays with it
    assert '<html lang="de">' in html and "Zusammenarbeit" in html


def test_embedded_data_is_escaped_and_complete():
    html = render_view(_view(), lang="en", links=SiteLinks("https://w3id.org/igel/", "en", "collaboration"))
    assert "</script><b>" not in html  # the hostile label cannot close the data script
    data = _embedded(html)
    assert [n["label"] for n in data["nodes"]] == ["GSD", "VLG </script><b>x</b>"]
    # click target: the resource's local path under the base IRI, in the page language
    assert data["nodes"][0]["url"] == "/id/actor/gsd?lang=en"
    # node area grows with degree: degree 2 -> largest radius 42, degree 1 -> 10 + 32*sqrt(1/2)
    assert data["nodes"][0]["s"]["degree"] == 42.0
    assert data["nodes"][1]["s"]["degree"] == round(10 + 32 * 0.5**0.5, 1)
    assert data["edges"] == [{"from": data["nodes"][0]["id"], "to": data["nodes"][1]["id"], "r": "collaboration"}]


def test_language_switch_keeps_view_parameters():
    links = SiteLinks("https://w3id.org/igel/", "de", "ego", {"center": "id:actor/gsd", "n": "2"})
    assert links.same_view("en") == "/views/ego?lang=en&center=id%3Aactor%2Fgsd&n=2"


def test_view_data_default_size_is_the_views_own_metric():
    data = view_data(_view(), "en", SiteLinks("https://w3id.org/igel/", "en", "collaboration"))
    assert data["defaultSize"] == "degree"
