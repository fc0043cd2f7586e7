"""Static export: every view and page as standalone HTML files that work opened from disk.

The pages are rendered by the web application itself (in-process, through Starlette's
test client, so no port is opened), then made standalone: stylesheets and scripts are
inlined, links between exported pages point to their files, links to resources point
to their IRIs (resource pages are not exported), and links to server-only endpoints
(API docs, dumps, SPARQL) to the configured server address.

File names: ``index.html`` (the German landing page), ``PAGE.LANG.html`` for the pages
and ``view-NAME.LANG.html`` for the views, e.g. ``view-collaboration.en.html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from igel_graph.errors import IgelError
from igel_graph.settings import Settings
from igel_graph.store.base import Store

__all__ = ["ExportReport", "export_site", "export_targets", "LANGS", "EXPORT_HEADER"]

LANGS = ("de", "en")
#: the origin the in-process client requests pages from
_CLIENT_BASE = "http://127.0.0.1"
#: sent with every page the export requests: a page with a form that writes to the
#: server (the monitoring dashboard) renders read-only, without it
EXPORT_HEADER = "X-Igel-Static-Export"
#: site path -> file stem of the exported page
PAGE_FILES = {
    "/": "index",
    "/plan": "plan",
    "/gaps": "gaps",
    "/timeline": "timeline",
    "/finance": "finance",
    "/monitoring": "monitoring",
    "/query": "query",
    "/views": "views",
}


@dataclass
class ExportReport:
    """What an export wrote: file name -> size in bytes."""

    out: Path
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total_bytes(self) -> int:
        return sum(self.files.values())


def export_targets() -> dict[str, str]:
    """Site path -> file stem for every page and view the export writes."""
    from visualizations.registry import VIEWS

    targets = dict(PAGE_FILES)
    targets.update({f"/views/{name}": f"view-{name}" for name in VIEWS})
    return targets


def _file_for(path: str, query: str, default_lang: str, targets: dict[str, str]) -> str | None:
    stem = targets.get(path.rstrip("/") or "/")
    if stem is None:
        return None
    lang = (parse_qs(query).get("lang") or [default_lang])[0]
    return f"{stem}.{lang if lang in LANGS else default_lang}.html"


class _Rewriter:
    """Makes one rendered page standalone (see the module docstring)."""

    def __init__(self, client, settings: Settings, targets: dict[str, str]):
        self.client = client
        self.settings = settings
        self.targets = targets
        self.server = f"http://{settings.host}:{settings.port}"
        self._assets: dict[str, str] = {}

    def asset(self, path: str) -> str:
        if path not in self._assets:
            r = self.client.get(path)
            if r.status_code != 200:
                raise IgelError(f"Export: asset {path} answered {r.status_code}.")
            self._assets[path] = r.text
        return self._assets[path]

    def link(self, url: str, lang: str) -> str:
        if url.startswith(_CLIENT_BASE + "/"):  # absolute links the layout builds from the request
            url = url[len(_CLIENT_BASE) :]
        if not url.startswith("/") or url.startswith("//"):
            return url
        if url.startswith("/views/assets/vis-network-LICENSE.txt"):
            return "vis-network-LICENSE.txt"
        parts = urlsplit(url)
        frag = f"#{parts.fragment}" if parts.fragment else ""
        target = _file_for(parts.path, parts.query, lang, self.targets)
        if target:
            return target + frag
        if parts.path.startswith("/id/"):
            return self.settings.base_iri.rstrip("/") + parts.path
        return self.server + url

    def page(self, html: str, lang: str) -> str:
        html = re.sub(
            r'<link rel="stylesheet" href="(/[^"]+)">', lambda m: f"<style>{self.asset(m.group(1))}</style>", html
        )
        # a script may contain "</script" only escaped; the inlined files are checked
        html = re.sub(
            r'<script src="(/[^"]+)"></script>',
            lambda m: f"<script>{_script_safe(self.asset(m.group(1)))}</script>",
            html,
        )
        html = re.sub(
            r'(href|action)="([^"]*)"', lambda m: f'{m.group(1)}="{self.link(_unescape(m.group(2)), lang)}"', html
        )
        # node links inside the view data (JSON): "url": "/id/..."
        html = re.sub(
            r'"url": "(/[^"]*)"', lambda m: '"url": "' + self.link(m.group(1).replace("\\u0026", "&"), lang) + '"', html
        )
        return html


def _unescape(url: str) -> str:
    return url.replace("&amp;", "&")


def _script_safe(code: str) -> str:
    if "</script" in code.lower():
        raise IgelError("Export: a script contains '</script' and cannot be inlined.")
    return code


def export_site(store: Store, settings: Settings, out: Path | str, *, langs=LANGS, progress=None) -> ExportReport:
    """Write every page and view of the site into ``out`` as standalone HTML.

    Parameters
    ----------
    store : the built store to export (must hold the plan data)
    settings : base IRI, node limit and server address used in links
    out : folder to write into (created; existing files of the same name are replaced)
    langs : languages to write
    progress : optional callable(str) told each file as it is written

    Returns
    -------
    ExportReport
        the files written with their sizes

    Raises
    ------
    IgelError
        when the store is empty or a page cannot be rendered.
    """
    from starlette.testclient import TestClient

    from api.app import create_app

    if not store.graphs():
        raise IgelError("The store is empty: there is nothing to export.", hint="Build it first: igel build")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport(out)
    targets = export_targets()
    app = create_app(settings, store=store)
    with TestClient(app, base_url=_CLIENT_BASE) as client:
        rewriter = _Rewriter(client, settings, targets)
        for lang in langs:
            for path, stem in targets.items():
                r = client.get(path, params={"lang": lang}, headers={"Accept": "text/html", EXPORT_HEADER: "1"})
                if r.status_code != 200:
                    raise IgelError(f"Export: {path} answered {r.status_code}: {r.text[:300]}")
                html = rewriter.page(r.text, lang)
                name = f"{stem}.{lang}.html"
                (out / name).write_text(html, encoding="utf-8")
                report.files[name] = len(html.encode("utf-8"))
                if progress:
                    progress(name)
        first = f"index.{langs[0]}.html"
        (out / "index.html").write_text((out / first).read_text(encoding="utf-8"), encoding="utf-8")
        report.files["index.html"] = report.files[first]
        licence = rewriter.asset("/views/assets/vis-network-LICENSE.txt")
        (out / "vis-network-LICENSE.txt").write_text(licence, encoding="utf-8")
        report.files["vis-network-LICENSE.txt"] = len(licence.encode("utf-8"))
    return report
