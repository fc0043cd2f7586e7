"""The finding: one thing the analysis found, explained and traceable.

A finding has a kind (``absent-stakeholder``, ``sole-broker``, …; the kinds are the
entries of :mod:`.kinds`), a severity, a title and an explanation in German and English,
the one resource it is about (``subject``), the resources that support it (``evidence``,
the subject first) and the statements behind it, each with the graph and source passage
it comes from. There is at most one finding per kind and subject. Its IRI is stable: it
depends only on the kind and the subject, so the same finding keeps its address from run
to run (and across a what-if scenario) and a report can link to it.

>>> f = Finding("single-actor-measure", "medium", {"de": "…", "en": "…"},
...             {"de": "…", "en": "…"}, ["https://w3id.org/igel/id/x"])
>>> f.subject
'https://w3id.org/igel/id/x'
>>> f.iri
'https://w3id.org/igel/id/finding/single-actor-measure/6a0575e2e92c'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..namespaces import resource
from .facts import Statement

__all__ = ["Finding", "SEVERITIES", "finding_iri", "KINDS", "statements_of"]

SEVERITIES = ("high", "medium", "low", "info")


class _Kinds(dict):
    """Kind key → (label de, label en), filled from :data:`.kinds.REGISTRY` on first use
    (kept for readers that list the kinds with their labels)."""

    def _fill(self):
        from . import kinds

        if dict.__len__(self) != len(kinds.REGISTRY):  # refilled when the registry grows
            dict.clear(self)
            for k in kinds.REGISTRY:
                dict.__setitem__(self, k.key, (k.label["de"], k.label["en"]))

    def __getitem__(self, key):
        self._fill()
        return dict.__getitem__(self, key)

    def __contains__(self, key):
        self._fill()
        return dict.__contains__(self, key)

    def __iter__(self):
        self._fill()
        return dict.__iter__(self)

    def __len__(self):
        self._fill()
        return dict.__len__(self)

    def items(self):
        self._fill()
        return dict.items(self)

    def keys(self):
        self._fill()
        return dict.keys(self)

    def values(self):
        self._fill()
        return dict.values(self)

    def get(self, key, default=None):
        self._fill()
        return dict.get(self, key, default)


#: every finding kind with its label (de, en), in the order of the registry
KINDS: dict[str, tuple[str, str]] = _Kinds()


def finding_iri(kind: str, subject) -> str:
    """``https://w3id.org/igel/id/finding/{kind}/{hash}``: the hash is the first 12 hex
    digits of SHA-256 over the kind and the subject IRI, one per line. (A list is
    accepted too: its distinct IRIs are sorted, so order does not matter.)"""
    items = [subject] if isinstance(subject, str) else list(subject)
    text = "\n".join([kind, *sorted(set(map(str, items)))])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return str(resource("finding", kind, digest))


@dataclass
class Finding:
    """One finding of the analysis.

    Attributes
    ----------
    kind : str
        A key of :data:`.kinds.REGISTRY`.
    severity : str
        ``high``, ``medium``, ``low`` or ``info``, by the kind's written rule.
    title, explanation : dict
        Language (``de``, ``en``) → text.
    evidence : list of str
        The IRIs of the resources that support the finding; the subject first.
    statements : list of Statement
        The statements that produced it, with graph and source passage.
    score : float, optional
        A ranking score where the kind has one (link prediction, betweenness).
    subject : str
        The resource the finding is about (default: the first evidence IRI).
    """

    kind: str
    severity: str
    title: dict
    explanation: dict
    evidence: list
    statements: list = field(default_factory=list)
    score: float | None = None
    iri: str = ""
    subject: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        evidence = [str(e) for e in self.evidence]
        self.subject = str(self.subject or (evidence[0] if evidence else ""))
        self.evidence = list(dict.fromkeys([self.subject, *evidence] if self.subject else evidence))
        seen: dict = {}
        for st in self.statements:
            seen.setdefault((st.subject, st.predicate, st.object, st.graph), st)
        self.statements = list(seen.values())
        if not self.iri:
            self.iri = finding_iri(self.kind, self.subject)

    @property
    def key(self) -> tuple[str, str]:
        """``(kind, subject)``: unique among the findings of one analysis."""
        return (self.kind, self.subject)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        out: dict[str, Any] = {
            "iri": self.iri,
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "title": dict(self.title),
            "explanation": dict(self.explanation),
            "evidence": list(self.evidence),
            "statements": [s.to_dict() for s in self.statements],
        }
        if self.score is not None:
            out["score"] = self.score
        return out


def statements_of(facts, triples) -> list[Statement]:
    """The recorded statements for ``(subject, predicate local name, object)`` triples."""
    out: list[Statement] = []
    for s, p, o in triples:
        out.extend(facts.statement(s, p, o))
    return out
