"""IRIs of the real IGeL action plan 2026–2030 as the analysis tests name them (shared by
test_real_findings.py and test_real_calibration.py)."""

from __future__ import annotations

from igel_graph.namespaces import resource

P = ("plan", "igel-2026-2030")


def actor(name: str) -> str:
    """The IRI of actor ``name`` (e.g. ``gsd``) as a string."""
    return str(resource("actor", name))


def measure(number: str) -> str:
    """The IRI of measure ``number`` (e.g. ``1.1.4``) of the plan."""
    return str(resource(*P, "measure", number))


def goal(number: str) -> str:
    """The IRI of goal ``number`` (e.g. ``4.1``) of the plan."""
    return str(resource(*P, "goal", number))


def field(number: str) -> str:
    """The IRI of action field ``number`` of the plan."""
    return str(resource(*P, "field", number))
