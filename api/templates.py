"""The Jinja2 environment of the HTML pages, over ``api/templates/``.

Every page extends ``base.html`` (site header, navigation, language switch, footer) and
is rendered with :func:`render`, which adds what the layout needs: ``lang``, ``nav``,
``tr`` (interface strings in the page language), ``pick`` (choose from a
``{lang: text}`` dict) and ``lang_url`` (this page in the other language). Stylesheets
come from ``/static`` (no CDN: the pages work offline).

Example (in a handler)::

    return render(request, "resource.html", {"title": "GSD"}, lang=lang)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .iri import href

__all__ = ["TEMPLATE_DIR", "STATIC_DIR", "NAV", "UI", "env", "templates", "render", "tr", "pick"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

#: the site navigation: (key, local path, German label, English label)
NAV: list[tuple[str, str, str, str]] = [
    ("home", "/", "Start", "Home"),
    ("plan", "/plan", "Plan", "Plan"),
    ("views", "/views", "Ansichten", "Views"),
    ("gaps", "/gaps", "Lücken", "Gaps"),
    ("timeline", "/timeline", "Zeitplan", "Timeline"),
    ("finance", "/finance", "Finanzen", "Finance"),
    ("monitoring", "/monitoring", "Umsetzung", "Monitoring"),
    ("plans", "/plans", "Eigene Pläne", "Own plans"),
    ("sparql", "/query", "SPARQL", "SPARQL"),
    ("docs", "/docs", "API-Dokumentation", "API docs"),
    ("dumps", "/dumps", "Downloads", "Dumps"),
]

#: interface strings: key -> {lang: text}
UI: dict[str, dict[str, str]] = {
    "site": {"de": "IGeL Wissensgraph", "en": "IGeL knowledge graph"},
    "language": {"de": "Sprache", "en": "Language"},
    "skip": {"de": "Zum Inhalt springen", "en": "Skip to content"},
    "severity_high": {"de": "hoch", "en": "high"},
    "severity_medium": {"de": "mittel", "en": "medium"},
    "severity_low": {"de": "niedrig", "en": "low"},
    "severity_info": {"de": "Hinweis", "en": "info"},
    "property": {"de": "Eigenschaft", "en": "Property"},
    "value": {"de": "Wert", "en": "Value"},
    "graph": {"de": "Graph", "en": "Graph"},
    "incoming": {"de": "Eingehende Verweise", "en": "Incoming links"},
    "source": {"de": "Quelle", "en": "Source"},
    "formats": {"de": "Formate", "en": "Formats"},
    "not_found": {"de": "Nicht gefunden", "en": "Not found"},
    "queries": {"de": "Benannte Abfragen", "en": "Named queries"},
    "parameters": {"de": "Parameter", "en": "Parameters"},
    "run": {"de": "Ausführen", "en": "Run"},
    "rows": {"de": "Zeilen", "en": "rows"},
    "next": {"de": "Weiter", "en": "Next"},
    "previous": {"de": "Zurück", "en": "Previous"},
    "truncated": {"de": "Ergebnis gekürzt auf", "en": "Result truncated to"},
    "footer": {
        "de": "Daten: Aktionsplan IGeL 2026–2030 (Kanton Luzern) und Modellprojekt "
        "Sektorenübergreifende Versorgung (Baden-Württemberg).",
        "en": "Data: IGeL action plan 2026–2030 (Canton of Lucerne) and the cross-sector "
        "care model project (Baden-Württemberg).",
    },
}

env = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=env)


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in ``lang`` from a ``{lang: text}`` mapping, else German, else any.

    >>> pick({"de": "Massnahme", "en": "Measure"}, "en")
    'Measure'
    >>> pick({"de": "nur Deutsch"}, "en")
    'nur Deutsch'
    """
    if not texts:
        return ""
    return texts.get(lang) or texts.get("de") or next(iter(texts.values()), "")


def tr(key: str, lang: str) -> str:
    """An interface string of :data:`UI` in ``lang`` (the key itself if unknown)."""
    return pick(UI.get(key), lang) or key


def _base(request: Request) -> str:
    settings = getattr(request.app.state, "settings", None)
    return settings.base_iri if settings is not None else "https://w3id.org/igel/"


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    lang: str = "de",
    status_code: int = 200,
    active: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render template ``name`` with the layout's variables added.

    ``active`` is the key of the :data:`NAV` entry to highlight. Returns the HTML
    response with ``Content-Language`` set and ``Vary: Accept-Language``.
    """
    ctx: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "nav": [(key, path, de if lang == "de" else en) for key, path, de, en in NAV],
        "active": active,
        "tr": lambda key: tr(key, lang),
        "pick": lambda texts: pick(texts, lang),
        "lang_url": lambda code: str(request.url.include_query_params(lang=code)),
        "href": lambda iri: href(str(iri), _base(request)),
    }
    ctx.update(context or {})
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=dict(headers or {}))
    response.headers["Content-Language"] = lang
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response
