"""Paths and text helpers shared by the content tests (imported by conftest and tests).

The tests read only the project's own copies of the sources (``ontology/data/sources/``),
never ``../shared``.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "ontology" / "data"
SOURCES = DATA / "sources"
VOCABULARIES = ROOT / "ontology" / "vocabularies"

#: data file stem -> its copied source text (the document its passages quote)
SOURCE_FILES = {
    "igel-aktionsplan-2026-2030": SOURCES / "igel-aktionsplan-2026-2030.txt",
    "bw-modellprojekt": SOURCES / "bw-modellprojekt-sektorenuebergreifende-versorgung.txt",
    "reference-facts": SOURCES / "reference-facts.md",
}


def normalise(text: str) -> str:
    """The text as quotes cite it: markup removed, whitespace collapsed to single spaces.

    Markup is HTML tags (``<i>``, ``<ul …>``) and Markdown links, whose text is kept
    (``[B 36](#)`` reads ``B 36``). Nothing else changes.

    >>> normalise("a <i>b</i>\\t([B 36](#))\\n c")
    'a b (B 36) c'
    """
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.split())


def parse(path: Path) -> Graph:
    """The Turtle file at ``path`` as an rdflib graph (no store, no inference)."""
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph
