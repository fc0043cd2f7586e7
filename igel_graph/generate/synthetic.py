"""The synthetic IGeL-shaped dataset: plans of Swiss cantons and German districts, with
action fields, goals, criteria, measures, actors in roles, themes, dependencies, budgets
and source passages, shaped like the real data and valid against ``ontology/shapes.ttl``
(together with ``ontology/vocabularies``, which define the quarters, themes and status).

Everything is drawn from one :class:`random.Random` seeded by the caller, in a fixed
order: the same ``scale`` and ``seed`` give the same bytes. Resource IRIs carry ``gen-``
so they never collide with the real data.

Sizes, for ``scale`` N (triples wanted): about N/66 actors and N/1430 plans of about 60
measures each (~23 triples per measure with its passage, goals, budget share).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from rdflib.namespace import DCTERMS, ORG, QB, RDF, RDFS, XSD

from ..namespaces import IGEL, resource
from .names import CANTONS, DISTRICTS, organisation_name
from .texts import CRITERION_TEMPLATES, FIELDS, GOAL_TEMPLATES, MEASURE_TEMPLATES, TOPICS
from .writer import NTriplesWriter, iri, literal

__all__ = ["GenerateReport", "generate", "plan_counts"]

THEMES = [
    "gesundheitsfoerderung",
    "praevention",
    "gesundheitskompetenz",
    "digitalisierung",
    "finanzierung",
    "interprofessionelle-zusammenarbeit",
]
QUARTERS = [f"{y}-Q{q}" for y in range(2025, 2032) for q in range(1, 5)]  # as in vocabularies
#: actor kinds and their weights among generated organisations
_KIND_WEIGHTS = {
    "CareProvider": 30,
    "PublicAuthority": 8,
    "MunicipalBody": 12,
    "Insurer": 3,
    "EducationInstitution": 5,
    "ResearchInstitution": 2,
    "Association": 12,
    "HealthNetwork": 4,
    "HealthCentre": 5,
    "CoordinationOffice": 2,
    "Forum": 2,
    "StakeholderGroup": 15,
}
_LEAD_KINDS = ("PublicAuthority", "CoordinationOffice", "CareProvider", "MunicipalBody", "HealthNetwork")

_TITLE = iri(str(DCTERMS.title))
T = {
    k: iri(str(v))
    for k, v in {
        "type": RDF.type,
        "label": RDFS.label,
        "unitOf": ORG.unitOf,
        "dataSet": QB.dataSet,
        "structure": QB.structure,
    }.items()
}


def _I(term) -> str:
    return iri(str(term))


@dataclass
class GenerateReport:
    """What was generated: triples written and resources per kind."""

    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def plan_counts(scale: int) -> tuple[int, int]:
    """(plans, actors) for a wanted number of triples.

    >>> plan_counts(1_000_000)
    (592, 15151)
    """
    return max(1, round(scale / 1690)), max(40, scale // 66)


class _Builder:
    def __init__(self, rng: random.Random, out: NTriplesWriter, progress) -> None:
        self.rng, self.out, self.progress = rng, out, progress
        self.counts: dict[str, int] = {}

    def t(self, s: str, p: str, o: str) -> None:
        self.out.triple(s, p, o)

    def typed(self, s: str, cls, de: str, en: str) -> None:
        self.t(s, T["type"], _I(cls))
        self.t(s, T["label"], literal(de, lang="de"))
        self.t(s, T["label"], literal(en, lang="en"))
        self.counts[cls.split("#")[-1]] = self.counts.get(cls.split("#")[-1], 0) + 1

    # --- regions and actors

    def titled(self, s, de: str, en: str) -> None:
        """A short ``dcterms:title`` in German and English (at most 80 characters, as the
        shapes require of fields, goals and measures)."""
        self.t(s, _TITLE, literal(de[:80], lang="de"))
        self.t(s, _TITLE, literal(en[:80], lang="en"))

    def regions(self, n: int) -> list[tuple[str, str, str, str]]:
        """The first ``n`` regions, cantons and districts alternating:
        (area IRI, German name, English name, currency)."""
        cantons = [(c, IGEL.Canton, "CHF") for c in CANTONS]
        districts = [(d, IGEL.District, "EUR") for d in DISTRICTS]
        mixed = [x for pair in zip(cantons, districts) for x in pair] + districts[len(cantons) :]
        out = []
        for (slug_, de, en), cls, currency in mixed[:n]:
            area = _I(resource("area", "gen-" + slug_))
            self.typed(area, cls, de, en)
            out.append((area, de, en, currency))
        return out

    def actors(self, n: int, regions) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
        """n actors spread over the regions; returns region -> kind -> [(iri, de, en)]."""
        kinds = list(_KIND_WEIGHTS)
        weights = [_KIND_WEIGHTS[k] for k in kinds]
        pool: dict[str, dict[str, list]] = {r[0]: {} for r in regions}
        for i in range(n):
            area, region_de = regions[i % len(regions)][:2]
            kind = self.rng.choices(kinds, weights)[0] if i >= len(regions) else "PublicAuthority"
            de, en = organisation_name(self.rng, kind, region_de)
            a = _I(resource("actor", f"gen-{i:06d}"))
            self.typed(a, IGEL[kind], de, en)
            self.t(a, _I(IGEL.locatedIn), area)
            pool[area].setdefault(kind, []).append((a, de, en))
        return pool

    # --- one plan
    def plan(self, i: int, region, actors: dict[str, list], period: int) -> None:
        rng, t = self.rng, self.t
        area, region_de, region_en, currency = region
        pid = f"gen-{i:05d}"
        plan = _I(resource("plan", pid))
        self.typed(
            plan,
            IGEL.ActionPlan,
            f"Aktionsplan Integrierte Versorgung {region_de} {period}–{period + 4}",
            f"Integrated Care Action Plan {region_en} {period}–{period + 4}",
        )
        t(plan, _I(IGEL.region), area)
        doc = _I(resource("source", pid))
        self.typed(
            doc, IGEL.SourceDocument, f"Aktionsplan {region_de} (synthetisch)", f"Action plan {region_en} (synthetic)"
        )
        authorities = actors.get("PublicAuthority") or [a for k in actors for a in actors[k]]
        t(authorities[0][0], _I(IGEL.responsibleFor), plan)
        leads = [a for k in _LEAD_KINDS for a in actors.get(k, [])] or authorities
        partners = [a for k, v in actors.items() if k != "StakeholderGroup" for a in v]
        addressees = actors.get("StakeholderGroup", []) + actors.get("CareProvider", [])
        measures: list[tuple[str, int]] = []  # (iri, start quarter index or -1)
        for f, (field_de, field_en) in enumerate(FIELDS, start=1):
            fld = _I(resource("plan", pid, "field", str(f)))
            self.typed(fld, IGEL.ActionField, f"Handlungsfeld {f}: {field_de}", f"Action field {f}: {field_en}")
            t(fld, _I(IGEL.number), literal(str(f)))
            self.titled(fld, field_de, field_en)
            t(fld, _I(IGEL.partOfPlan), plan)
            for g in range(1, rng.randint(2, 4) + 1):
                number = f"{f}.{g}"
                goal = _I(resource("plan", pid, "goal", number))
                topic = rng.choice(TOPICS)
                gde, gen = rng.choice(GOAL_TEMPLATES)
                self.typed(goal, IGEL.Goal, f"Ziel {number}", f"Goal {number}")
                t(goal, _I(IGEL.number), literal(number))
                self.titled(goal, f"{topic[0]} stärken", f"Strengthen {topic[1]}")
                t(goal, _I(IGEL.inActionField), fld)
                t(goal, _I(IGEL.partOfPlan), plan)
                t(goal, _I(IGEL.text), literal(gde.format(topic=topic[0]), lang="de"))
                t(goal, _I(IGEL.text), literal(gen.format(topic=topic[1]), lang="en"))
                for c, (cde, cen) in enumerate(CRITERION_TEMPLATES[: rng.randint(1, 2)], start=1):
                    crit = _I(resource("plan", pid, "goal", number, "criterion", str(c)))
                    t(crit, T["type"], _I(IGEL.EvaluationCriterion))
                    t(crit, _I(IGEL.text), literal(cde.format(topic=topic[0]), lang="de"))
                    t(crit, _I(IGEL.text), literal(cen.format(topic=topic[1]), lang="en"))
                    t(goal, _I(IGEL.hasCriterion), crit)
                for m in range(1, rng.randint(3, 7) + 1):
                    measures.append(
                        self.measure(pid, plan, doc, goal, f"{number}.{m}", topic, leads, partners, addressees)
                    )
        self.dependencies(measures, cycle=i % 20 == 0)
        self.budget(pid, plan, measures, currency)

    def measure(self, pid, plan, doc, goal, number, topic, leads, partners, addressees):
        rng, t = self.rng, self.t
        m = _I(resource("plan", pid, "measure", number))
        self.typed(m, IGEL.Measure, f"Massnahme {number}", f"Measure {number}")
        t(m, _I(IGEL.number), literal(number))
        self.titled(m, f"{topic[0]}: Vorhaben {number}", f"{topic[1]}: initiative {number}")
        t(m, _I(IGEL.partOfPlan), plan)
        t(m, _I(IGEL.contributesTo), goal)
        lead_list = rng.sample(leads, min(len(leads), rng.choice((1, 1, 1, 2))))
        partner_list = [p for p in rng.sample(partners, min(len(partners), rng.randint(0, 3))) if p not in lead_list]
        addr_list = rng.sample(addressees, min(len(addressees), rng.randint(0, 2)))
        de_t, en_t = rng.choice(MEASURE_TEMPLATES)
        partner_de = partner_list[0][1] if partner_list else "weiteren Akteuren"
        partner_en = partner_list[0][2] if partner_list else "other stakeholders"
        de = de_t.format(lead=lead_list[0][1], partner=partner_de, topic=topic[0])
        t(m, _I(IGEL.text), literal(de, lang="de"))
        t(m, _I(IGEL.text), literal(en_t.format(lead=lead_list[0][2], partner=partner_en, topic=topic[1]), lang="en"))
        start = -1
        if rng.random() < 0.12:
            t(m, _I(IGEL.status), _I(resource("status", "running")))
        else:
            start = rng.randrange(len(QUARTERS))
            t(m, _I(IGEL.start), _I(resource("time", QUARTERS[start])))
        for a in lead_list:
            t(m, _I(IGEL.lead), a[0])
        for a in partner_list:
            t(m, _I(IGEL.partner), a[0])
        for a in addr_list:
            t(m, _I(IGEL.addressee), a[0])
        for theme in rng.sample(THEMES, rng.choice((1, 1, 2))):
            t(m, _I(IGEL.theme), _I(resource("theme", theme)))
        passage = _I(resource("source", pid, "passage", "measure-" + number))
        t(m, _I(IGEL.sourcePassage), passage)
        t(passage, T["type"], _I(IGEL.SourcePassage))
        t(passage, _I(IGEL.inDocument), doc)
        t(passage, _I(IGEL.section), literal("2." + number.split(".")[0]))
        t(passage, _I(IGEL.quote), literal(f"{number} {de}", lang="de"))
        return m, start

    def dependencies(self, measures, cycle: bool) -> None:
        """A quarter of the measures depend on an earlier one (some start before it: a
        scheduling conflict); with ``cycle`` (every twentieth plan, the first included)
        three measures also depend on each other in a circle."""
        rng = self.rng
        for k in range(1, len(measures)):
            if rng.random() < 0.25:
                self.t(measures[k][0], _I(IGEL.dependsOn), measures[rng.randrange(k)][0])
        if cycle and len(measures) >= 3:
            a, b, c = rng.sample(measures, 3)
            for x, y in ((a, b), (b, c), (c, a)):
                self.t(x[0], _I(IGEL.dependsOn), y[0])

    def budget(self, pid, plan, measures, currency: str) -> None:
        rng, t = self.rng, self.t
        ds = _I(resource("plan", pid, "budget"))
        t(ds, T["type"], _I(IGEL.BudgetDataSet))
        t(ds, T["structure"], _I(IGEL.budgetStructure))
        t(plan, _I(IGEL.budgetDataSet), ds)
        total = 0
        for n in range(1, rng.randint(2, 3) + 1):
            line = _I(resource("plan", pid, "budget", "line", f"line-{n}"))
            self.typed(line, IGEL.BudgetLine, f"Budgetposition {n}", f"Budget line {n}")
            t(line, _I(IGEL.funds), rng.choice(measures)[0])
            for year in range(2026, 2031):
                if rng.random() < 0.15:
                    continue  # an empty cell, as in the real table
                amount = rng.randrange(5, 80) * 10_000
                total += amount
                obs = _I(resource("plan", pid, "budget", "line", f"line-{n}", str(year)))
                t(obs, T["type"], _I(IGEL.BudgetObservation))
                t(obs, T["dataSet"], ds)
                t(obs, _I(IGEL.budgetLine), line)
                t(obs, _I(IGEL.year), literal(str(year), datatype=str(XSD.integer)))
                t(obs, _I(IGEL.amount), literal(f"{amount}.0", datatype=str(XSD.decimal)))
                t(obs, _I(IGEL.currency), literal(currency))
        overall = _I(resource("plan", pid, "budget", "total", "overall"))
        t(overall, T["type"], _I(IGEL.StatedTotal))
        t(overall, _I(IGEL.totalKind), literal("overall"))
        t(overall, _I(IGEL.amount), literal(f"{total}.0", datatype=str(XSD.decimal)))
        t(overall, _I(IGEL.currency), literal(currency))


def generate(
    scale: int, seed: int, out: NTriplesWriter, progress: Callable[[int, int], None] | None = None
) -> GenerateReport:
    """Write a synthetic dataset of about ``scale`` triples to ``out``.

    ``progress(done, total)`` is called after each plan with the triples written so far
    and the expected total. Deterministic: equal arguments give equal output.
    """
    rng = random.Random(seed)
    n_plans, n_actors = plan_counts(scale)
    b = _Builder(rng, out, progress)
    regions = b.regions(min(len(CANTONS) + len(DISTRICTS), max(3, n_plans)))
    pool = b.actors(n_actors, regions)
    order = list(range(len(regions)))
    rng.shuffle(order)
    for i in range(n_plans):
        region = regions[order[i % len(regions)]]
        # a region's next plan covers the next five years
        b.plan(i, region, pool[region[0]], 2026 + 5 * (i // len(regions)))
        if progress:
            progress(out.count, max(scale, out.count))
    out.close()
    return GenerateReport(triples=out.count, counts=dict(sorted(b.counts.items())))
