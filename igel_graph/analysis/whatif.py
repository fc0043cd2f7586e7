"""What-if: the analysis of a changed plan, without touching the store.

A scenario is a list of changes applied to the facts read from the store (in memory,
never written back):

- ``add_role``: an actor joins a measure as ``lead``, ``partner`` or ``addressee``;
- ``remove_actor``: an actor leaves every measure (all its roles and representations);
- ``move_start``: a measure starts in another quarter (e.g. ``2028-Q1``);
- ``add_dependency``: a measure depends on another.

:func:`what_if` analyses the plan as it is and as the scenario makes it and returns the
metrics that change and the findings that appear, disappear or change (a finding is the
same when kind and subject are: its IRI).

>>> s = parse_scenario({"add_role": [{"actor": "insurers", "measure": "1.1.4",
...                                   "role": "partner"}]})
>>> s.add_role
[('insurers', '1.1.4', 'partner')]
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

from ..errors import UsageError
from ..namespaces import resource
from .facts import PlanFacts, load_facts
from .run import NothingToAnalyse, analyse, is_empty

__all__ = [
    "Scenario",
    "ScenarioError",
    "parse_scenario",
    "parse_option",
    "resolve",
    "apply",
    "what_if",
    "ROLES",
    "SCENARIO_GRAPH",
]

ROLES = ("lead", "partner", "addressee")
#: the graph name the scenario's statements are recorded under (never written anywhere)
SCENARIO_GRAPH = "urn:igel:what-if"
_KEYS = ("add_role", "remove_actor", "move_start", "add_dependency")


class ScenarioError(UsageError):
    """A scenario names an unknown actor, measure, role or quarter, or is malformed
    (exit code 2; HTTP 400)."""


@dataclass
class Scenario:
    """The changes of a what-if, as given (names, numbers or IRIs)."""

    add_role: list = field(default_factory=list)  # (actor, measure, role)
    remove_actor: list = field(default_factory=list)  # actor
    move_start: list = field(default_factory=list)  # (measure, quarter)
    add_dependency: list = field(default_factory=list)  # (measure, prerequisite)

    def empty(self) -> bool:
        return not any(getattr(self, k) for k in _KEYS)


def parse_scenario(data) -> Scenario:
    """A :class:`Scenario` from a JSON/YAML-shaped dict::

    {"add_role": [{"actor": …, "measure": …, "role": "partner"}],
     "remove_actor": ["vlg"],
     "move_start": [{"measure": "1.1.4", "start": "2028-Q1"}],
     "add_dependency": [{"measure": "2.2.1", "on": "1.1.4"}]}
    """
    if not isinstance(data, dict):
        raise ScenarioError("A scenario is an object with add_role, remove_actor, move_start and/or add_dependency.")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ScenarioError(f"Unknown scenario key(s): {', '.join(unknown)}.", hint=f"Use {', '.join(_KEYS)}.")
    s = Scenario()
    try:
        for item in data.get("add_role") or []:
            s.add_role.append((str(item["actor"]), str(item["measure"]), str(item.get("role", "partner"))))
        for item in data.get("remove_actor") or []:
            s.remove_actor.append(str(item["actor"]) if isinstance(item, dict) else str(item))
        for item in data.get("move_start") or []:
            s.move_start.append((str(item["measure"]), str(item["start"])))
        for item in data.get("add_dependency") or []:
            s.add_dependency.append((str(item["measure"]), str(item["on"])))
    except (KeyError, TypeError) as exc:
        raise ScenarioError(
            f"Malformed scenario entry: missing or wrong field {exc}.",
            hint='e.g. {"add_role": [{"actor": "insurers", "measure": "1.1.4", "role": "partner"}]}',
        ) from None
    return s


def _split(text: str, parts: int) -> list[str]:
    """Split ``text`` on ``:`` into ``parts`` pieces, keeping ``http(s)://…`` IRIs whole."""
    pieces, out = text.split(":"), []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if p in ("http", "https") and i + 1 < len(pieces) and pieces[i + 1].startswith("//"):
            p = p + ":" + pieces[i + 1]
            i += 1
        elif p == "id" and i + 1 < len(pieces) and "/" in pieces[i + 1]:
            p = p + ":" + pieces[i + 1]  # a prefixed name id:actor/x
            i += 1
        out.append(p)
        i += 1
    if len(out) != parts:
        raise ScenarioError(f"{text!r} should have {parts} parts separated by ':'.")
    return out


def parse_option(option: str, value: str) -> tuple[str, ...] | str:
    """One command-line change: ``add_role`` ``ACTOR:MEASURE:ROLE``, ``remove_actor``
    ``ACTOR``, ``move_start`` ``MEASURE:QUARTER`` (``2028-Q1``), ``add_dependency``
    ``MEASURE:PREREQUISITE``."""
    if option == "add_role":
        return tuple(_split(value, 3))
    if option == "remove_actor":
        return value
    return tuple(_split(value, 2))


# ---------------------------------------------------------------------------- resolve


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("(", " ").replace(")", " ").split())


def _resolve(facts: PlanFacts, ref: str, candidates: set[str], what: str) -> str:
    """The IRI of ``ref`` among ``candidates``: an IRI, ``id:…``, the IRI's last part, a
    number (measures), a label or a word of a label (de or en) that only one has."""
    ref = ref.strip()
    if ref.startswith("id:"):
        ref = str(resource(ref[3:]))
    if ref in candidates:
        return ref
    by_tail = [c for c in candidates if c.rsplit("/", 1)[-1] == ref]
    by_number = [c for c in candidates if facts.numbers.get(c) == ref]
    for found in (by_tail, by_number):
        if len(found) == 1:
            return found[0]
    key = _norm(ref)
    labels = {c: [_norm(v) for v in facts.labels.get(c, {}).values()] for c in candidates}
    exact = [c for c, ls in labels.items() if key in ls]
    if len(exact) == 1:
        return exact[0]
    words = [c for c, ls in labels.items() if any(key in l.split() or key == l for l in ls)]
    if not words:
        words = [c for c, ls in labels.items() if any(key in l for l in ls)]
    if len(words) == 1:
        return words[0]
    if len(words) > 1:
        names = ", ".join(sorted(c.rsplit("/", 1)[-1] for c in words)[:8])
        raise ScenarioError(f"The {what} {ref!r} is ambiguous: {names}.", hint="Give the IRI or its last part.")
    raise ScenarioError(
        f"Unknown {what} {ref!r}.",
        hint=f"Give the IRI, its last part or the label of {'an' if what[0] in 'aeiou' else 'a'} {what} of the plan.",
    )


def _quarter(facts: PlanFacts, ref: str) -> str:
    ref = ref.strip()
    iri = ref if ref in facts.quarter_order else str(resource("time", ref.removeprefix("id:time/")))
    if iri not in facts.quarter_order:
        raise ScenarioError(f"Unknown quarter {ref!r}.", hint="Write it as 2028-Q1 (2025-Q1 … 2031-Q4).")
    return iri


def resolve(facts: PlanFacts, scenario: Scenario) -> Scenario:
    """The scenario with every actor, measure and quarter as an IRI; raises
    :class:`ScenarioError` naming the first unknown one."""
    if scenario.empty():
        raise ScenarioError(
            "The scenario changes nothing.",
            hint="Give at least one of add_role, remove_actor, move_start, add_dependency.",
        )
    actors = set(facts.actors()) | {g for _, g in facts.pairs("concerns")}
    measures = set(facts.measures())
    out = Scenario()
    for a, m, role in scenario.add_role:
        if role not in ROLES:
            raise ScenarioError(f"Unknown role {role!r}.", hint=f"Use one of {', '.join(ROLES)}.")
        out.add_role.append((_resolve(facts, a, actors, "actor"), _resolve(facts, m, measures, "measure"), role))
    for a in scenario.remove_actor:
        out.remove_actor.append(_resolve(facts, a, actors, "actor"))
    for m, q in scenario.move_start:
        out.move_start.append((_resolve(facts, m, measures, "measure"), _quarter(facts, q)))
    for m, p in scenario.add_dependency:
        mi, pi = _resolve(facts, m, measures, "measure"), _resolve(facts, p, measures, "measure")
        if mi == pi:
            raise ScenarioError(f"A measure cannot depend on itself ({m}).")
        out.add_dependency.append((mi, pi))
    return out


# ---------------------------------------------------------------------------- apply


#: the caches of PlanFacts that depend on the statements a scenario changes: dropped from
#: the copy (they are rebuilt on first use); every other attribute (labels, types, the
#: read model, the store to ask for passages) is shared with the original
_DERIVED = ("_idx", "_fog", "_fom", "_roles", "_collab", "_mof", "_tom", "_scope", "_parts")


def apply(facts: PlanFacts, scenario: Scenario) -> PlanFacts:
    """A copy of ``facts`` with the (resolved) scenario applied; ``facts`` is unchanged."""
    new = copy.copy(facts)
    new.triples = {p: {k: list(v) for k, v in d.items()} for p, d in facts.triples.items()}
    for derived in _DERIVED:
        new.__dict__.pop(derived, None)
    t = new.triples
    for a, m, role in scenario.add_role:
        t.setdefault(role, {}).setdefault((m, a), []).append(SCENARIO_GRAPH)
    for a in scenario.remove_actor:
        for role in (*ROLES, "represents"):
            for key in [k for k in t.get(role, {}) if a in (k[1] if role != "represents" else k[0], k[1])]:
                del t[role][key]
    for m, q in scenario.move_start:
        for pred in ("start", "status"):
            for key in [k for k in t.get(pred, {}) if k[0] == m]:
                del t[pred][key]
        t.setdefault("start", {})[(m, q)] = [SCENARIO_GRAPH]
    for m, p in scenario.add_dependency:
        t.setdefault("dependsOn", {}).setdefault((m, p), []).append(SCENARIO_GRAPH)
    return new


# ---------------------------------------------------------------------------- compare


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9
    return a == b


def _metric_changes(before, after, labels) -> list[dict]:
    out = []
    for proj in sorted(set(before.metrics) | set(after.metrics)):
        b_ms, a_ms = before.metrics.get(proj, {}), after.metrics.get(proj, {})
        for metric in sorted(set(b_ms) | set(a_ms)):
            b, a = b_ms.get(metric, {}), a_ms.get(metric, {})
            for node in sorted(set(b) | set(a)):
                if not _same(b.get(node), a.get(node)):
                    out.append(
                        {
                            "projection": proj,
                            "metric": metric,
                            "node": node,
                            "label": labels.get(node, {}),
                            "before": _clean(b.get(node)),
                            "after": _clean(a.get(node)),
                        }
                    )
    return out


def _network_changes(before, after) -> list[dict]:
    out = []
    for proj in sorted(set(before.networks) | set(after.networks)):
        b, a = before.networks.get(proj, {}), after.networks.get(proj, {})
        for key in sorted(set(b) | set(a)):
            if not _same(b.get(key), a.get(key)):
                out.append({"projection": proj, "figure": key, "before": b.get(key), "after": a.get(key)})
    return out


def _clean(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def _brief(f) -> dict:
    return {
        "iri": f.iri,
        "kind": f.kind,
        "subject": f.subject,
        "severity": f.severity,
        "title": dict(f.title),
        "explanation": dict(f.explanation),
        "evidence": list(f.evidence),
    }


def compare(before, after) -> dict:
    """What changed between two analyses: ``metrics`` and ``networks`` (the values that
    differ, before and after) and ``findings`` (``appear``, ``disappear``, ``change``)."""
    b = {f.key: f for f in before.findings}
    a = {f.key: f for f in after.findings}
    labels = {**before.labels, **after.labels}
    changed = []
    for key in sorted(set(a) & set(b)):
        fb, fa = b[key], a[key]
        if fb.severity != fa.severity or fb.evidence != fa.evidence or fb.explanation != fa.explanation:
            changed.append({**_brief(fa), "severity_before": fb.severity, "explanation_before": dict(fb.explanation)})
    return {
        "metrics": _metric_changes(before, after, labels),
        "networks": _network_changes(before, after),
        "findings": {
            "appear": [_brief(a[k]) for k in sorted(set(a) - set(b))],
            "disappear": [_brief(b[k]) for k in sorted(set(b) - set(a))],
            "change": changed,
        },
    }


def describe(facts: PlanFacts, scenario: Scenario) -> list[dict]:
    """The resolved changes in words (de/en), for a report."""
    n = lambda i, lang: facts.name(i, lang)  # noqa: E731
    out = []
    role_words = {
        "lead": ("federführend", "lead"),
        "partner": ("Partner", "partner"),
        "addressee": ("Zielgruppe", "addressee"),
    }
    for a, m, role in scenario.add_role:
        de, en = role_words[role]
        out.append(
            {
                "change": "add_role",
                "actor": a,
                "measure": m,
                "role": role,
                "de": f"{n(a, 'de')} neu in {n(m, 'de')} ({de})",
                "en": f"{n(a, 'en')} added to {n(m, 'en')} as {en}",
            }
        )
    for a in scenario.remove_actor:
        out.append(
            {"change": "remove_actor", "actor": a, "de": f"{n(a, 'de')} fällt weg", "en": f"{n(a, 'en')} removed"}
        )
    for m, q in scenario.move_start:
        out.append(
            {
                "change": "move_start",
                "measure": m,
                "start": q,
                "de": f"{n(m, 'de')} beginnt {n(q, 'de')}",
                "en": f"{n(m, 'en')} starts {n(q, 'en')}",
            }
        )
    for m, p in scenario.add_dependency:
        out.append(
            {
                "change": "add_dependency",
                "measure": m,
                "on": p,
                "de": f"{n(m, 'de')} hängt ab von {n(p, 'de')}",
                "en": f"{n(m, 'en')} depends on {n(p, 'en')}",
            }
        )
    return out


def what_if(store, scenario: Scenario, *, statements: str = "all") -> dict:
    """Analyse the plan as it is and with ``scenario`` applied, in memory.

    Parameters
    ----------
    store : Store or PlanFacts
        Read only; nothing is written.
    scenario : Scenario
        As given by a user (names, numbers or IRIs); resolved against the facts.

    Returns
    -------
    dict
        ``scenario`` (the resolved changes with de/en wording), ``metrics``,
        ``networks`` and ``findings`` as :func:`compare` gives them, and ``counts``
        (findings before and after).

    Raises
    ------
    NothingToAnalyse
        The store holds no plan.
    ScenarioError
        The scenario names an unknown actor, measure, role or quarter.
    """
    facts = store if isinstance(store, PlanFacts) else load_facts(store, statements)
    if is_empty(facts):
        raise NothingToAnalyse()
    resolved = resolve(facts, scenario)
    changed = apply(facts, resolved)
    before = analyse(facts)
    after = analyse(changed)
    return {
        "statements": facts.statements,
        "scenario": describe(facts, resolved),
        **compare(before, after),
        "counts": {"before": len(before.findings), "after": len(after.findings)},
    }
