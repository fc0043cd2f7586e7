"""Synthetic plan workbooks: plans of the IGeL shape (fields, goals, measures, actors in
roles, themes, dependencies, criteria, budget, sources) for tests and benchmarks,
deterministic for a seed, valid for ``igel import``.

>>> tables = synthetic_tables("demo", measures=12, seed=1)
>>> len(tables["measures"]), tables["plan"][0]["id"]
(12, 'demo')
>>> synthetic_tables("demo", measures=12, seed=1) == tables
True
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from ..generate.names import ACTOR_KINDS, CANTONS, organisation_name
from ..generate.texts import CRITERION_TEMPLATES, FIELDS, GOAL_TEMPLATES, MEASURE_TEMPLATES, TOPICS
from .schema import codes

__all__ = ["synthetic_tables"]


def synthetic_tables(plan_id: str, *, measures: int = 40, seed: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The workbook tables of a synthetic plan ``plan_id`` with ``measures`` measures:
    four action fields, about one goal per five measures, one actor per three measures
    (each measure has a lead and one or two partners or addressees), themes, a few
    dependencies on earlier measures, two criteria per goal and a budget line per field."""
    rng = random.Random(f"{plan_id}:{seed}")
    _, canton_de, canton_en = rng.choice(CANTONS)
    quarters = [q for q in codes("quarters") if "2026" <= q[:4] <= "2030"]
    themes = codes("themes")
    kinds = codes("measure-kinds")
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in _SHEETS}
    tables["plan"].append(
        {
            "id": plan_id,
            "type": "ActionPlan",
            "label_de": f"Aktionsplan {canton_de} ({plan_id})",
            "label_en": f"Action plan {canton_en} ({plan_id})",
            "title_de": f"Aktionsplan integrierte Versorgung {canton_de}",
            "title_en": f"Integrated care action plan {canton_en}",
            "currency": "CHF",
        }
    )
    for f, (de, en) in enumerate(FIELDS, start=1):
        tables["fields"].append({"number": str(f), "title_de": de, "title_en": en, "text_de": de, "text_en": en})
    goal_count = max(len(FIELDS), measures // 5)
    goals = []
    for g in range(goal_count):
        field = g % len(FIELDS) + 1
        number = f"{field}.{g // len(FIELDS) + 1}"
        topic = rng.choice(TOPICS)
        text_de, text_en = (t.format(topic=topic[i]) for i, t in enumerate(rng.choice(GOAL_TEMPLATES)))
        goals.append(number)
        tables["goals"].append(
            {
                "number": number,
                "field": str(field),
                "title_de": text_de[:80],
                "title_en": text_en[:80],
                "text_de": text_de,
                "text_en": text_en,
            }
        )
        for c, template in enumerate(CRITERION_TEMPLATES, start=1):
            tables["criteria"].append(
                {
                    "goal": number,
                    "number": str(c),
                    "text_de": template[0].format(topic=topic[0]),
                    "text_en": template[1].format(topic=topic[1]),
                }
            )
    actor_count = max(4, measures // 3)
    kinds_of_actors = sorted(ACTOR_KINDS)
    actors = []
    seen_names: set[str] = set()
    for a in range(actor_count):
        kind = kinds_of_actors[a % len(kinds_of_actors)]
        de, en = organisation_name(rng, kind, canton_de)
        if de in seen_names:
            de, en = f"{de} ({a})", f"{en} ({a})"
        seen_names.add(de)
        ident = f"{plan_id}-a{a}"
        actors.append((ident, de))
        tables["actors"].append(
            {"id": ident, "name_de": de, "name_en": en, "type": kind, "alt_names": [], "identifiers": []}
        )
    per_goal: dict[str, int] = {}
    numbers = []
    for m in range(measures):
        goal = goals[m % len(goals)]
        per_goal[goal] = per_goal.get(goal, 0) + 1
        number = f"{goal}.{per_goal[goal]}"
        numbers.append(number)
        lead, partner = rng.sample(actors, 2)
        topic = rng.choice(TOPICS)
        template = rng.choice(MEASURE_TEMPLATES)
        text_de = template[0].format(lead=lead[1], partner=partner[1], topic=topic[0])
        text_en = template[1].format(lead=lead[1], partner=partner[1], topic=topic[1])
        running = rng.random() < 0.1
        tables["measures"].append(
            {
                "number": number,
                "goal": [goal],
                "title_de": f"{topic[0][:1].upper()}{topic[0][1:]} ({number})"[:80],
                "title_en": f"{topic[1][:1].upper()}{topic[1][1:]} ({number})"[:80],
                "text_de": text_de,
                "text_en": text_en,
                "start": None if running else rng.choice(quarters),
                "status": "running" if running else None,
                "kind": [rng.choice(kinds)],
            }
        )
        tables["roles"].append({"measure": number, "actor": lead[0], "role": "lead"})
        tables["roles"].append({"measure": number, "actor": partner[0], "role": rng.choice(["partner", "addressee"])})
        for theme in rng.sample(themes, rng.choice([0, 1, 1, 2])):
            tables["themes"].append({"item": f"measure {number}", "theme": theme})
        if m > 3 and rng.random() < 0.15:
            other = numbers[rng.randrange(m)]
            if other != number:
                tables["dependencies"].append({"measure": number, "depends_on": other})
        tables["sources"].append(
            {"item": f"measure {number}", "document": tables["plan"][0]["title_de"], "section": "2", "quote": text_de}
        )
    for f, (de, en) in enumerate(FIELDS, start=1):
        funded = [n for n in numbers if n.startswith(f"{f}.")][:3]
        for y, year in enumerate(range(2026, 2031)):
            tables["budget"].append(
                {
                    "line": f"field-{f}",
                    "label_de": de if y == 0 else None,
                    "label_en": en if y == 0 else None,
                    "funds": [f"measure {n}" for n in funded] if y == 0 else [],
                    "year": year,
                    "amount": Decimal(rng.randrange(50, 800) * 1000),
                }
            )
    # dependencies are unique by (measure, depends_on)
    tables["dependencies"] = list({(d["measure"], d["depends_on"]): d for d in tables["dependencies"]}.values())
    return tables


_SHEETS = (
    "plan",
    "fields",
    "goals",
    "measures",
    "actors",
    "roles",
    "themes",
    "dependencies",
    "criteria",
    "budget",
    "sources",
)
