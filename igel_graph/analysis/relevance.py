"""Stakeholder relevance: which actor types one expects where, and how the plan names
the groups it concerns.

Both come from the curated file ``ontology/data/stakeholder-relevance.ttl``:

- ``igel:RelevanceRule``: a theme (``igel:relevantTheme``) and/or measure kinds
  (``igel:relevantMeasureKind``) → the actor type one expects among the leads and
  partners of such a measure (``igel:expectedActorType``), with a justification (de/en).
  A measure matches a rule when it has one of the rule's themes (its own or its goal's;
  any, if the rule names none) and one of its measure kinds (``igel:measureKind``; any,
  if the rule names none);
- ``igel:mentionedAs`` on the reification of an ``igel:concerns`` statement: how the
  plan names the group there: ``acting``, ``purpose``, ``beneficiary`` or ``attribute``.

Both are read once per :class:`~igel_graph.analysis.facts.PlanFacts` from the graphs the
facts were read from, and can be set directly for facts built in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import IGEL
from .findings import statements_of
from .kinds import make

__all__ = ["Rule", "rules", "mentions", "expected_actors_absent", "matching_measures"]

_NS = str(IGEL._NS)
_PREFIXES = f"PREFIX igel: <{_NS}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
_Q_RULES = (
    _PREFIXES
    + """SELECT ?r ?type ?theme ?kind ?j WHERE {
  ?r a igel:RelevanceRule ; igel:expectedActorType ?type .
  OPTIONAL { ?r igel:relevantTheme ?theme }
  OPTIONAL { ?r igel:relevantMeasureKind ?kind }
  OPTIONAL { ?r igel:justification ?j }
}"""
)
_Q_MENTIONS = (
    _PREFIXES
    + """SELECT ?s ?o ?mode WHERE {
  ?st rdf:subject ?s ; rdf:predicate igel:concerns ; rdf:object ?o ; igel:mentionedAs ?mode }"""
)


@dataclass(frozen=True)
class Rule:
    """One relevance rule: measures with one of ``themes`` and one of ``kinds`` (an empty
    set matches anything) should have an actor of class ``actor_type`` (local name)."""

    iri: str
    actor_type: str
    themes: frozenset = frozenset()
    kinds: frozenset = frozenset()
    justification: tuple = ()  # ((lang, text), ...)

    def matches(self, facts, measure: str) -> bool:
        """Whether ``measure`` is one this rule is about."""
        if self.themes and not self.themes & facts.themes_of_measure().get(measure, set()):
            return False
        if self.kinds and not self.kinds & facts.objects_of(measure, "measureKind"):
            return False
        return bool(self.themes or self.kinds)

    def reason(self, lang: str) -> str:
        texts = dict(self.justification)
        return texts.get(lang) or next(iter(texts.values()), "")


def _query(facts, text):
    source = facts.__dict__.get("_source")
    if source is None:
        return []
    store, kw = source
    return store.query(text, **kw).rows


def rules(facts) -> list[Rule]:
    """The relevance rules of the facts' graphs (cached on ``facts``)."""
    cached = facts.__dict__.get("_rules")
    if cached is None:
        acc: dict[str, dict] = {}
        for r, t, theme, kind, j in _query(facts, _Q_RULES):
            e = acc.setdefault(
                str(r), {"type": str(t).removeprefix(_NS), "themes": set(), "kinds": set(), "just": set()}
            )
            if theme is not None:
                e["themes"].add(str(theme))
            if kind is not None:
                e["kinds"].add(str(kind))
            if j is not None:
                e["just"].add((j.language or "", str(j)))
        cached = [
            Rule(r, e["type"], frozenset(e["themes"]), frozenset(e["kinds"]), tuple(sorted(e["just"])))
            for r, e in sorted(acc.items())
        ]
        facts.__dict__["_rules"] = cached
    return cached


def mentions(facts) -> dict[tuple[str, str], str]:
    """``(scope, group) → mode``: how the plan names a concerned group (cached)."""
    cached = facts.__dict__.get("_mentions")
    if cached is None:
        cached = {(str(s), str(o)): str(m) for s, o, m in _query(facts, _Q_MENTIONS)}
        facts.__dict__["_mentions"] = cached
    return cached


def matching_measures(facts, rule: Rule) -> list[str]:
    """The measures a rule is about, sorted."""
    return sorted(m for m in facts.measures() if rule.matches(facts, m))


def expected_actors_absent(ctx):
    """Measures where the relevance mapping expects an actor type that neither leads nor
    partners there: one finding per actor type, listing the measures and the reasons."""
    from .gaps import _role_statements, collaborating_actors, names, team

    facts = ctx.facts
    acting = collaborating_actors(facts)
    per_type: dict[str, dict[str, list[Rule]]] = {}
    for rule in rules(facts):
        members = facts.of_type(rule.actor_type)
        for m in matching_measures(facts, rule):
            if members & team(facts, m):
                continue
            per_type.setdefault(rule.actor_type, {}).setdefault(m, []).append(rule)
    out = []
    for actor_type, by_measure in sorted(per_type.items()):
        type_iri = _NS + actor_type
        members = sorted(facts.of_type(actor_type))
        elsewhere = sorted(acting & set(members))
        measures = sorted(by_measure)
        used = sorted({r for rs in by_measure.values() for r in rs}, key=lambda r: r.iri)
        reasons = {lang: " ".join(r.reason(lang) for r in used) for lang in ("de", "en")}
        where = {"de": "", "en": ""}
        if elsewhere:
            ms = sorted({m for a in elsewhere for m in facts.measures_of(a)})
            where = {
                "de": f"; sie wirken anderswo mit ({names(facts, elsewhere)['de']}: {names(facts, ms)['de']})",
                "en": f"; they take part elsewhere ({names(facts, elsewhere)['en']}: {names(facts, ms)['en']})",
            }
        out.append(
            make(
                "expected-actor-absent",
                "medium" if elsewhere else "high",
                type_iri,
                {
                    "type": _type_name(facts, type_iri, members),
                    "measures": names(facts, measures, 4),
                    "reasons": reasons,
                    "elsewhere": where,
                },
                [*measures, *(r.iri for r in used), *members],
                statements_of(
                    facts,
                    [
                        (m, "theme", t)
                        for m in measures
                        for r in by_measure[m]
                        for t in sorted(r.themes & facts.objects_of(m, "theme"))
                    ]
                    + [
                        (m, "measureKind", k)
                        for m in measures
                        for r in by_measure[m]
                        for k in sorted(r.kinds & facts.objects_of(m, "measureKind"))
                    ],
                )
                + _role_statements(facts, measures),
            )
        )
    return out


def _type_name(facts, type_iri, members) -> dict:
    """The name of an actor type: its label, else the name of its only member."""
    labels = facts.labels.get(type_iri)
    if labels:
        return {"de": facts.label(type_iri, "de"), "en": facts.label(type_iri, "en")}
    if len(members) == 1:
        return {"de": facts.name(members[0], "de"), "en": facts.name(members[0], "en")}
    local = type_iri.rsplit("#", 1)[-1]
    return {"de": local, "en": local}
