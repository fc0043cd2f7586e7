"""The SPARQL editor's examples: the named queries with their parameters filled in.

A named query's parameters (``?lang``, ``?plan``) are bound when it runs through the
API; pasted into the editor they would be unbound, so each example gets a ``VALUES``
line with the parameter defaults (or a sample value), built from the RDF terms.
"""

from __future__ import annotations

__all__ = ["examples", "DEFAULT_QUERY"]

DEFAULT_QUERY = """PREFIX igel: <https://w3id.org/igel/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?measure ?label WHERE {
  ?measure a igel:Measure ; rdfs:label ?label .
  FILTER(LANG(?label) = "de")
} ORDER BY ?measure LIMIT 20"""


def examples(lang: str) -> list[dict]:
    """One dict per named query: ``name``, ``title``, ``description``, ``sparql``."""
    from igel_graph.queries import load_named_queries

    out = []
    for name, q in sorted(load_named_queries().items()):
        text = q.sparql
        lines = []
        for p in q.parameters:
            value = p.default if p.name != "lang" else lang
            if value in (None, ""):
                continue
            rendered = _render(p, value)
            if rendered:
                lines.append(f"  VALUES ?{p.name} {{ {rendered} }}")
        if lines:
            # put the VALUES lines at the start of the outermost WHERE group
            idx = text.find("WHERE {")
            if idx >= 0:
                cut = idx + len("WHERE {")
                text = text[:cut] + "\n" + "\n".join(lines) + text[cut:]
        out.append({"name": name, "title": q.title, "description": q.description, "sparql": text})
    return out


def _render(param, value) -> str | None:
    """The parameter's value as an RDF term in SPARQL syntax (``<iri>``, ``"de"``)."""
    from igel_graph.errors import IgelError

    try:
        return param.parse(str(value)).n3()
    except IgelError:  # an example with a bad default is shown without it
        return None
