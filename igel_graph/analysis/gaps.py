"""Gap findings: who is missing, who works alone, who holds everything, what is late.

Each detector takes the :class:`~igel_graph.analysis.run.Context` of one run and returns
a list of :class:`~igel_graph.analysis.findings.Finding`, at most one per subject. The
wording and the severity rules are in the registry (:mod:`.kinds`); the explanations are
written for a policy reader, in German and English.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from . import relevance
from .findings import statements_of
from .kinds import make

__all__ = [
    "absent_stakeholders",
    "uncoordinated_pairs",
    "single_actor_measures",
    "actorless_measures",
    "only_addressed",
    "sole_brokers",
    "hub_and_spoke",
    "scheduling_conflicts",
    "dependency_cycles",
    "collaborating_actors",
    "MAX_STATEMENTS",
]

#: statements kept per finding (a hub's finding would otherwise cite thousands)
MAX_STATEMENTS = 60
_COLLAB = ("lead", "partner")


def name(facts, iri) -> dict:
    """``{"de": …, "en": …}``: the display name of ``iri`` in both languages."""
    return {"de": facts.name(iri, "de"), "en": facts.name(iri, "en")}


def names(facts, iris, limit=6) -> dict:
    """The display names of ``iris`` joined by commas, ``(+n)`` beyond ``limit``."""
    out = {}
    for lang in ("de", "en"):
        items = [facts.name(i, lang) for i in iris]
        text = ", ".join(items[:limit])
        if len(items) > limit:
            text += f" (+{len(items) - limit})"
        out[lang] = text
    return out


def _role_statements(facts, measures, actors=None, roles=_COLLAB):
    triples = []
    by_measure = facts.roles()
    for m in sorted(measures):
        for role in roles:
            for a in sorted(by_measure.get(m, {}).get(role, ())):
                if actors is None or a in actors:
                    triples.append((m, role, a))
    return statements_of(facts, triples[:MAX_STATEMENTS])


def collaborating_actors(facts) -> set[str]:
    """The actors that lead or partner in at least one measure or part of a measure: the
    population of every share about collaboration (addressees do not collaborate)."""
    return {a for m in facts.roles() for a in facts.collaborators(m)}


def team(facts, measure) -> frozenset:
    """The leads and partners of a measure and of its parts (``igel:partOfMeasure``:
    one activity of the measure with actors of its own)."""
    parts = facts.__dict__.get("_parts")
    if parts is None:
        parts = {}
        for p, m in facts.pairs("partOfMeasure"):
            parts.setdefault(m, []).append(p)
        facts.__dict__["_parts"] = parts
    out = facts.collaborators(measure)
    for p in parts.get(measure, ()):
        out = out | facts.collaborators(p)
    return out


def _scope_measures(facts):
    """Scope IRI → the measures it covers (field, goal, theme, measure, plan)."""
    cached = facts.__dict__.get("_scope")
    if cached is not None:
        return cached
    scope: dict[str, set[str]] = defaultdict(set)
    fom = facts.field_of_measure()
    for m in facts.measures():
        scope[m].add(m)
        if m in fom:
            scope[fom[m]].add(m)
        for g in facts.goal_of().get(m, ()):
            scope[g].add(m)
        for t in facts.themes_of_measure().get(m, ()):
            scope[t].add(m)
        for p in facts.objects_of(m, "partOfPlan"):
            scope[p].add(m)
    facts.__dict__["_scope"] = scope
    return scope


#: how the plan can name a concerned group (igel:mentionedAs), strongest first, with
#: the words used in the explanation
MENTIONS = {
    "acting": {"de": "als Handelnde", "en": "as acting"},
    "purpose": {"de": "als Zweck", "en": "as its purpose"},
    "beneficiary": {"de": "als Begünstigte", "en": "as beneficiaries"},
    None: {"de": "als betroffen", "en": "as concerned"},
    "attribute": {"de": "nur im Eigenschaftswort", "en": "only in an adjective"},
}
_MENTION_RANK = {m: i for i, m in enumerate(MENTIONS)}


def mention_severity(modes) -> str:
    """The severity rule of ``absent-stakeholder`` (see the registry): high when a scope
    names the group as acting or as its purpose; medium as beneficiaries or unrecorded;
    low when every mention is an adjective."""
    modes = set(modes)
    if modes & {"acting", "purpose"}:
        return "high"
    if modes & {"beneficiary", None}:
        return "medium"
    return "low"


def absent_stakeholders(ctx):
    """Groups the text names as concerned by a field, goal, theme or measure who lead or
    partner in none of its measures: one finding per group, listing the scopes."""
    facts = ctx.facts
    scope = _scope_measures(facts)
    mentioned = relevance.mentions(facts)
    collaborating = collaborating_actors(facts)
    per_group: dict[str, list] = defaultdict(list)
    for subject, group in facts.pairs("concerns"):
        measures = scope.get(subject, set())
        if not measures or any(group in team(facts, m) for m in measures):
            continue
        mode = mentioned.get((subject, group))
        addressed = {m for m in measures if group in facts.roles().get(m, {}).get("addressee", ())}
        if addressed and mode not in ("acting", "purpose"):
            continue  # the group is the target of these measures, as meant: no gap
        per_group[group].append((subject, mode, measures))
    out = []
    for group, scopes in sorted(per_group.items()):
        scopes.sort(key=lambda t: (_MENTION_RANK[t[1]], t[0]))
        measures = sorted(set().union(*(ms for _, _, ms in scopes)))
        addressed = sorted(m for m in measures if group in facts.roles().get(m, {}).get("addressee", ()))
        leads = sorted({a for m in measures for a in facts.collaborators(m)})
        extra = {"de": "", "en": ""}
        if group not in collaborating:
            extra["de"] += " Im ganzen Plan führen sie keine Massnahme und sind nirgends Partner."
            extra["en"] += " In the whole plan they lead no measure and partner in none."
        if addressed:
            extra["de"] += f" Sie werden nur adressiert ({names(facts, addressed)['de']})."
            extra["en"] += f" They are only addressed ({names(facts, addressed)['en']})."
        mentions = {
            lang: "; ".join(f"{facts.name(s, lang)} {MENTIONS[mode][lang]}" for s, mode, _ in scopes)
            for lang in ("de", "en")
        }
        out.append(
            make(
                "absent-stakeholder",
                mention_severity(mode for _, mode, _ in scopes),
                group,
                {
                    "group": name(facts, group),
                    "scopes": names(facts, [s for s, _, _ in scopes], 4),
                    "mentions": mentions,
                    "n": len(measures),
                    "actors": names(facts, leads),
                    "extra": extra,
                },
                [*(s for s, _, _ in scopes), *measures],
                statements_of(facts, [(s, "concerns", group) for s, _, _ in scopes])
                + _role_statements(facts, measures)
                + _role_statements(facts, addressed, {group}, ("addressee",)),
            )
        )
    return out


def uncoordinated_pairs(ctx, *, max_context=50, limit=200):
    """Actors on the same goal or theme, or on measures that depend on each other, who
    share no measure; one finding per actor (the one of a pair with more measures) listing
    the others. A goal or theme with more than ``max_context`` collaborators is skipped
    (it says little about any one pair); the ``limit`` findings with most contexts are kept."""
    facts = ctx.facts
    shared_measure = set()
    for m in facts.measures():
        for u, v in combinations(sorted(facts.collaborators(m)), 2):
            shared_measure.add((u, v))
    contexts: dict[str, tuple[set[str], set[str]]] = {}
    scope = _scope_measures(facts)
    for c in sorted(facts.of_type("Goal") | facts.of_type("Theme")):
        ms = scope.get(c, set())
        actors = {a for m in ms for a in facts.collaborators(m)}
        if 2 <= len(actors) <= max_context:
            contexts[c] = (ms, actors)
    dependent: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m, pre in facts.pairs("dependsOn"):
        for u in facts.collaborators(m):
            for v in facts.collaborators(pre):
                if u != v:
                    dependent[tuple(sorted((u, v)))].append((m, pre))
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c, (_, actors) in contexts.items():
        for pair in combinations(sorted(actors), 2):
            if pair not in shared_measure:
                found[pair].append(c)
    for pair in dependent:
        if pair not in shared_measure:
            found.setdefault(pair, [])
    by_subject: dict[str, list[tuple[str, list[str], list]]] = defaultdict(list)
    for (u, v), ctxs in found.items():
        nu, nv = len(facts.measures_of(u)), len(facts.measures_of(v))
        subject, other = (u, v) if nu > nv or (nu == nv and u < v) else (v, u)
        by_subject[subject].append((other, ctxs, dependent.get((u, v), [])))
    out = []
    for subject, items in by_subject.items():
        items.sort(key=lambda t: (-(len(t[1]) + 2 * len(t[2])), t[0]))
        why = {"de": [], "en": []}
        measures, triples = set(), []
        for other, ctxs, deps in items:
            for lang in ("de", "en"):
                parts = [facts.name(c, lang) for c in ctxs]
                parts += [
                    f"{facts.name(m, lang)} {'hängt ab von' if lang == 'de' else 'depends on'} {facts.name(p, lang)}"
                    for m, p in deps
                ]
                why[lang].append(f"{facts.name(other, lang)}: {', '.join(parts)}")
            for c in ctxs:
                measures |= {m for m in contexts[c][0] if {subject, other} & facts.collaborators(m)}
            for m, p in deps:
                measures |= {m, p}
                triples.append((m, "dependsOn", p))
        others = [o for o, _, _ in items]
        score = float(sum(len(c) + 2 * len(d) for _, c, d in items))
        out.append(
            make(
                "uncoordinated-pair",
                "medium" if any(d for _, _, d in items) else "low",
                subject,
                {
                    "actor": name(facts, subject),
                    "others": names(facts, others, 4),
                    "why": {lang: "; ".join(why[lang]) for lang in ("de", "en")},
                },
                [*others, *sorted({c for _, cs, _ in items for c in cs}), *sorted(measures)],
                _role_statements(facts, measures, {subject, *others}) + statements_of(facts, triples),
                score=score,
            )
        )
    out.sort(key=lambda f: (-f.score, f.subject))
    return out[:limit]


def actorless_measures(ctx):
    """Measures nobody leads or partners in (high)."""
    facts = ctx.facts
    return [
        make("actorless-measure", "high", m, {"measure": name(facts, m)}, [], [])
        for m in sorted(facts.measures())
        if not team(facts, m)
    ]


def single_actor_measures(ctx):
    """Measures with exactly one lead or partner (medium)."""
    facts = ctx.facts
    out = []
    for m in sorted(facts.measures()):
        members = team(facts, m)
        if len(members) != 1:
            continue
        (actor,) = members
        addressed = sorted(facts.roles().get(m, {}).get("addressee", ()))
        extra = {"de": "", "en": ""}
        if addressed:
            extra = {
                "de": f" Adressiert werden {names(facts, addressed)['de']}, beteiligt sind sie nicht.",
                "en": f" It addresses {names(facts, addressed)['en']} without involving them.",
            }
        out.append(
            make(
                "single-actor-measure",
                "medium",
                m,
                {"measure": name(facts, m), "actor": name(facts, actor), "extra": extra},
                [actor, *addressed],
                _role_statements(facts, [m], roles=("lead", "partner", "addressee")),
            )
        )
    return out


def only_addressed(ctx):
    """Actors who are addressees of measures but never lead or partner in one; the
    severity rule (registry) separates organisations from groups of people and counts
    representation (``igel:represents``)."""
    facts = ctx.facts
    collaborating = collaborating_actors(facts)
    addressed: dict[str, set[str]] = defaultdict(set)
    for m, a in facts.pairs("addressee"):
        addressed[a].add(m)
    represented_by: dict[str, set[str]] = defaultdict(set)
    for rep, group in facts.pairs("represents"):
        if rep in collaborating:
            represented_by[group].add(rep)
    people = facts.of_type("StakeholderGroup")
    out = []
    for a in sorted(set(addressed) - collaborating):
        ms = sorted(addressed[a])
        reps = sorted(represented_by.get(a, ()))
        extra = {"de": "", "en": ""}
        if a in people:
            severity = "info"
            extra = {
                "de": " Als Zielgruppe ist das so gewollt; mitwirken könnten sie dennoch.",
                "en": " As a target group that is intended; they could still take part.",
            }
        elif reps:
            severity = "low"
            extra = {
                "de": f" Sie werden vertreten durch {names(facts, reps)['de']}, die mitwirken.",
                "en": f" They are represented by {names(facts, reps)['en']}, who take part.",
            }
        else:
            severity = "medium"
        out.append(
            make(
                "only-addressed",
                severity,
                a,
                {"actor": name(facts, a), "n": len(ms), "measures": names(facts, ms), "extra": extra},
                [*ms, *reps],
                _role_statements(facts, ms, {a}, ("addressee",))
                + statements_of(facts, [(r, "represents", a) for r in reps]),
            )
        )
    return out


def sole_brokers(ctx):
    """Articulation points of the collaboration graph and whom their removal cuts off."""
    facts, G = ctx.facts, ctx.C
    out = []
    for p, cut_off in sorted(ctx.cuts["separated"].items()):
        if not cut_off:
            continue
        ms = sorted({m for v in cut_off for w in G[v] for m in G.edges[v, w].get("measures", ())})
        out.append(
            make(
                "sole-broker",
                "high" if len(cut_off) > 1 else "medium",
                p,
                {"actor": name(facts, p), "n": len(cut_off), "cut": names(facts, cut_off)},
                list(cut_off),
                _role_statements(facts, ms, {p, *cut_off}),
                score=float(len(cut_off)),
            )
        )
    return out


def hub_and_spoke(ctx, *, hub_threshold=0.5):
    """A hub-and-spoke finding when Freeman degree centralisation among the collaborating
    actors reaches ``hub_threshold`` and the hub has the lowest constraint."""
    from .metrics import degree_centralization

    facts, G = ctx.facts, ctx.C
    collaborating = collaborating_actors(facts) & set(G)
    H = G.subgraph(collaborating)
    finite = {v: c for v, c in ctx.constraint.items() if c == c and v in collaborating}
    cz = degree_centralization(H)
    if not finite or len(H) < 3 or cz < hub_threshold:
        return []
    hub = max(H.degree, key=lambda t: (t[1], str(t[0])))[0]
    lowest = min(finite, key=lambda v: (finite[v], str(v)))
    if hub != lowest:
        return []
    others = sorted(c for v, c in finite.items() if v != hub)
    share = H.degree(hub) / (len(H) - 1)
    fmt = lambda x: {"de": f"{x:.2f}".replace(".", ","), "en": f"{x:.2f}"}  # noqa: E731
    return [
        make(
            "hub-and-spoke",
            "high",
            hub,
            {
                "actor": name(facts, hub),
                "share": {"de": f"{share:.0%}".replace("%", " %"), "en": f"{share:.0%}"},
                "n": len(H) - 1,
                "cz": fmt(cz),
                "con": fmt(finite[hub]),
                "next": fmt(others[0]) if others else "–",
            },
            sorted(H[hub], key=str),
            _role_statements(facts, sorted(facts.measures()), {hub}),
            score=cz,
        )
    ]


def _start_text(facts, m):
    order = facts.start_order(m)
    if order == float("-inf"):
        return {"de": "läuft bereits", "en": "already running"}
    year, q = divmod(int(order), 4)
    return {"de": f"Q{q + 1} {year}", "en": f"Q{q + 1} {year}"}


def scheduling_conflicts(ctx):
    """Measures that start before a measure they depend on: one finding per dependent
    measure, listing the prerequisites that start later."""
    facts = ctx.facts
    late: dict[str, list[str]] = defaultdict(list)
    for m, pre in facts.pairs("dependsOn"):
        sm, sp_ = facts.start_order(m), facts.start_order(pre)
        if sm is not None and sp_ is not None and sm < sp_:
            late[m].append(pre)
    out = []
    for m, pres in sorted(late.items()):
        when = {
            lang: ", ".join(f"{facts.name(p, lang)} ({_start_text(facts, p)[lang]})" for p in pres)
            for lang in ("de", "en")
        }
        out.append(
            make(
                "scheduling-conflict",
                "high",
                m,
                {
                    "measure": name(facts, m),
                    "prereqs": names(facts, pres),
                    "when": _start_text(facts, m),
                    "prereqs_when": when,
                },
                pres,
                statements_of(
                    facts,
                    [(m, "dependsOn", p) for p in pres]
                    + [(x, "start", q) for x in (m, *pres) for q in sorted(facts.objects_of(x, "start"))]
                    + [(x, "status", s) for x in (m, *pres) for s in sorted(facts.objects_of(x, "status"))],
                ),
            )
        )
    return out


def dependency_cycles(ctx):
    """Dependency cycles (strongly connected components): subject the first measure."""
    import networkx as nx

    facts, D = ctx.facts, ctx.D
    out = []
    for comp in nx.strongly_connected_components(D):
        if len(comp) < 2 and not any(D.has_edge(v, v) for v in comp):
            continue
        cyc = sorted(comp)
        out.append(
            make(
                "dependency-cycle",
                "high",
                cyc[0],
                {"measures": names(facts, cyc)},
                cyc[1:],
                statements_of(facts, [(u, "dependsOn", v) for u, v in D.subgraph(comp).edges]),
            )
        )
    return out
