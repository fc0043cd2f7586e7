"""Locates the data folders (``ontology/``, ``queries/``): the one place that knows where.

In a built wheel they are packaged as ``igel_graph/_resources/``; in a checkout (also an
editable install) they are the top-level folders beside the package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

__all__ = [
    "ontology_dir",
    "data_dir",
    "queries_dir",
    "ontology_file",
    "shapes_file",
    "source_files",
    "monitoring_examples_dir",
]


@cache
def _root() -> Path:
    packaged = Path(str(files("igel_graph"))) / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "Cannot find the ontology folder: neither the packaged copy "
        f"({packaged}) nor a checkout ({checkout}) has one. Reinstall the package."
    )


def ontology_dir() -> Path:
    """The folder holding ``igel.ttl``, ``shapes.ttl`` and ``vocabularies/``."""
    return _root() / "ontology"


def data_dir() -> Path:
    """The folder of source data files, one per source (``ontology/data``)."""
    return ontology_dir() / "data"


def queries_dir() -> Path:
    """The folder of named SPARQL queries (``queries/*.rq``)."""
    return _root() / "queries"


def ontology_file() -> Path:
    """The OWL ontology, ``ontology/igel.ttl``."""
    return ontology_dir() / "igel.ttl"


def shapes_file() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def monitoring_examples_dir() -> Path:
    """The example monitoring set, one CSV file per kind (``ontology/examples/monitoring``)."""
    return ontology_dir() / "examples" / "monitoring"


def source_files() -> list[Path]:
    """The data files in ``ontology/data`` (Turtle), sorted by name."""
    return sorted(data_dir().glob("*.ttl"))
