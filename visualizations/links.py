"""Where the links of a view or page point: the running site, or files of a static export.

:class:`SiteLinks` maps a resource IRI under the configured base to its local path
(``https://w3id.org/igel/id/actor/gsd`` → ``/id/actor/gsd``) and views to ``/views/NAME``.
The static export rewrites these site paths to file names afterwards
(:mod:`api.export`; docs/ARCHITECTURE.md, "Offline pages"), so pages are rendered one way only.
"""

from __future__ import annotations

from urllib.parse import urlencode

__all__ = ["SiteLinks", "local_path"]


def local_path(iri: str, base_iri: str) -> str | None:
    """The site path of ``iri`` if it lies under ``base_iri``, else None.

    >>> local_path("https://w3id.org/igel/id/actor/gsd", "https://w3id.org/igel/")
    '/id/actor/gsd'
    >>> local_path("http://www.wikidata.org/entity/Q12121", "https://w3id.org/igel/") is None
    True
    """
    if iri.startswith(base_iri):
        return "/" + iri[len(base_iri) :].lstrip("/")
    return None


class SiteLinks:
    """Links of the running site for one request: ``lang`` and the view's own parameters."""

    def __init__(
        self,
        base_iri: str,
        lang: str,
        view: str | None = None,
        params: dict[str, str] | None = None,
        version: str | None = None,
    ):
        self.base_iri = base_iri
        self.lang = lang
        self.view_name = view
        self.params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        #: the plan version shown (``?version=``): every view link keeps it
        self.version = version or None

    def resource(self, iri: str) -> str:
        """The page of a resource: its local path (with the language), or the IRI itself."""
        path = local_path(iri, self.base_iri)
        return f"{path}?lang={self.lang}" if path else iri

    def view(self, name: str, lang: str | None = None, **params: str) -> str:
        """The page of view ``name`` with ``params`` (and the version shown, if any).

        >>> SiteLinks("", "en", version="v1").view("plan")
        '/views/plan?lang=en&version=v1'
        """
        query = {"lang": lang or self.lang, **{k: v for k, v in params.items() if v not in (None, "")}}
        if self.version and "version" not in params:
            query["version"] = self.version
        return f"/views/{name}?{urlencode(query)}"

    def same_view(self, lang: str | None = None, **changes: str) -> str:
        """This view with the language or parameters changed (the URL state is kept)."""
        params = {**self.params, **changes}
        return self.view(self.view_name or "plan", lang, **params)

    @property
    def home(self) -> str:
        return f"/?lang={self.lang}"

    def asset(self, name: str) -> str:
        return f"/views/assets/{name}"
