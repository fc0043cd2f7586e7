"""The finding: one thing the analysis found, explained and traceable.

A finding has a kind (``absent-stakeholder``, ``sole-broker``, …), a severity, a title
and an explanation in German and English, the resources it is about (``evidence``) and
the statements behind it, each with the graph and source passage it comes from. Its IRI
is stable: it depends only on the kind and the evidence, so the same finding keeps its
address from run to run and a report can link to it.

>>> f = Finding("single-actor-measure", "medium", {"de": "…", "en": "…"},
...             {"de": "…", "en": "…"}, ["https://w3id.org/igel/id/x"])
>>> f.iri
'https://w3id.org/igel/id/finding/single-actor-measure/6a0575e2e92c'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..namespaces import resource
from .facts import Statement

__all__ = ["Finding", "SEVERITIES", "finding_iri", "KINDS", "statements_of"]

SEVERITIES = ("high", "medium", "low", "info")

#: every finding kind with a one-line description (de, en)
KINDS: dict[str, tuple[str, str]] = {
    "absent-stakeholder": (
        "Betroffene Gruppe ohne Rolle", "Concerned group without a role"),
    "uncoordinated-pair": (
        "Akteure ohne gemeinsame Massnahme", "Actors without a shared measure"),
    "single-actor-measure": (
        "Massnahme mit nur einem Akteur", "Measure with a single actor"),
    "actorless-measure": (
        "Massnahme ohne Akteur", "Measure without an actor"),
    "only-addressed": (
        "Nur adressiert, nie beteiligt", "Only ever addressed, never involved"),
    "sole-broker": (
        "Einzige Verbindungsstelle", "Sole broker"),
    "hub-and-spoke": (
        "Sternförmige Struktur", "Hub-and-spoke structure"),
    "suggested-collaboration": (
        "Vorgeschlagene Zusammenarbeit", "Suggested collaboration"),
    "scheduling-conflict": (
        "Terminkonflikt", "Scheduling conflict"),
    "dependency-cycle": (
        "Zirkuläre Abhängigkeit", "Dependency cycle"),
    "budget-gap": (
        "Budgetlücke", "Budget gap"),
    "unused-budget-line": (
        "Budgetposition ohne Massnahme", "Budget line funding no measure"),
    "cross-field-link": (
        "Handlungsfeldübergreifende Verbindung", "Link across action fields"),
    "field-connector": (
        "Klammer zwischen Handlungsfeldern", "Holds action fields together"),
    "knock-on-risk": (
        "Verzögerung mit Folgewirkung", "Delay with knock-on effect"),
}


def finding_iri(kind: str, evidence) -> str:
    """``https://w3id.org/igel/id/finding/{kind}/{hash}``: the hash is the first 12 hex
    digits of SHA-256 over the kind and the sorted evidence IRIs, one per line."""
    text = "\n".join([kind, *sorted(set(map(str, evidence)))])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return str(resource("finding", kind, digest))


@dataclass
class Finding:
    """One finding of the analysis.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    severity : str
        ``high``, ``medium``, ``low`` or ``info``.
    title, explanation : dict
        Language (``de``, ``en``) → text.
    evidence : list of str
        The IRIs of the resources the finding is about, most important first.
    statements : list of Statement
        The statements that produced it, with graph and source passage.
    score : float, optional
        A ranking score where the kind has one (link prediction, betweenness).
    """

    kind: str
    severity: str
    title: dict
    explanation: dict
    evidence: list
    statements: list = field(default_factory=list)
    score: float | None = None
    iri: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        self.evidence = list(dict.fromkeys(map(str, self.evidence)))
        seen: dict = {}
        for st in self.statements:
            seen.setdefault((st.subject, st.predicate, st.object, st.graph), st)
        self.statements = list(seen.values())
        if not self.iri:
            self.iri = finding_iri(self.kind, self.evidence)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        out = {"iri": self.iri, "kind": self.kind, "severity": self.severity,
               "title": dict(self.title), "explanation": dict(self.explanation),
               "evidence": list(self.evidence),
               "statements": [s.to_dict() for s in self.statements]}
        if self.score is not None:
            out["score"] = self.score
        return out


def statements_of(facts, triples) -> list[Statement]:
    """The recorded statements for ``(subject, predicate local name, object)`` triples."""
    out: list[Statement] = []
    for s, p, o in triples:
        out.extend(facts.statement(s, p, o))
    return out
