"""Pagination inside the query: a SELECT text with ``LIMIT``/``OFFSET`` for one block of
rows, and the text that counts all its rows.

Used for the named queries (trusted ``.rq`` files with their parameters already bound as
RDF terms), so that the engine computes only the rows a page shows instead of the server
slicing a full result in Python.

>>> text = "PREFIX ex: <http://e/>\\n# rows\\nSELECT ?s WHERE { ?s ex:p ?o } ORDER BY ?s"
>>> page_text(text, 100, 200).splitlines()[-1]
'LIMIT 100 OFFSET 200'
>>> count_text(text)
'PREFIX ex: <http://e/>\\n# rows\\nSELECT (COUNT(*) AS ?total) WHERE { { SELECT ?s WHERE { ?s ex:p ?o } ORDER BY ?s\\n} }'
>>> page_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 2, 0)
'SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5\\n} }\\nLIMIT 2 OFFSET 0'
"""

from __future__ import annotations

import re

__all__ = ["split_prologue", "page_text", "count_text"]

#: the prologue: whitespace, comments, BASE and PREFIX declarations
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
#: a LIMIT or OFFSET of the query's own (outside strings and IRIs, which named queries do
#: not use for these words)
_OWN_MODIFIER = re.compile(r"\b(?:LIMIT|OFFSET)\s+\d+", re.IGNORECASE)


def split_prologue(text: str) -> tuple[str, str]:
    """``(prologue, rest)`` of a query text."""
    prologue = _PROLOGUE.match(text)  # a starred pattern: it always matches, maybe empty
    end = prologue.end() if prologue else 0
    return text[:end], text[end:]


def page_text(text: str, limit: int, offset: int) -> str:
    """``text`` (a SELECT) giving only rows ``offset`` to ``offset + limit - 1``: LIMIT and
    OFFSET appended, or, if it has its own, around it as a sub-select."""
    modifiers = f"LIMIT {int(limit)} OFFSET {int(offset)}"
    if not _OWN_MODIFIER.search(text):
        return f"{text.rstrip()}\n{modifiers}"
    prologue, rest = split_prologue(text)
    return f"{prologue}SELECT * WHERE {{ {{ {rest.rstrip()}\n}} }}\n{modifiers}"


def count_text(text: str) -> str:
    """A query counting the rows of ``text`` (a SELECT) as ``?total``."""
    prologue, rest = split_prologue(text)
    return f"{prologue}SELECT (COUNT(*) AS ?total) WHERE {{ {{ {rest.rstrip()}\n}} }}"
