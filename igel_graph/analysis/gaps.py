"""Gap findings: who is missing, who works alone, who holds everything, what is unfunded.

Each function takes the :class:`~igel_graph.analysis.facts.PlanFacts` (and a projection
where it needs one) and returns a list of :class:`~igel_graph.analysis.findings.Finding`.
The explanations are written for a policy reader, in German and English.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from .findings import Finding, statements_of

__all__ = [
    "absent_stakeholders",
    "uncoordinated_pairs",
    "lone_measures",
    "only_addressed",
    "brokers",
    "scheduling",
    "budget_gaps",
    "MAX_STATEMENTS",
]

#: statements kept per finding (a hub's finding would otherwise cite thousands)
MAX_STATEMENTS = 60
_COLLAB = ("lead", "partner")


def _names(facts, iris, lang, limit=6):
    names = [facts.name(i, lang) for i in iris]
    more = len(names) - limit
    text = ", ".join(names[:limit])
    if more > 0:
        text += f" (+{more})"
    return text


def _role_statements(facts, measures, actors=None, roles=_COLLAB):
    triples = []
    by_measure = facts.roles()
    for m in sorted(measures):
        for role in roles:
            for a in sorted(by_measure.get(m, {}).get(role, ())):
                if actors is None or a in actors:
                    triples.append((m, role, a))
    return statements_of(facts, triples[:MAX_STATEMENTS])


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


def absent_stakeholders(facts):
    """Groups the text names as concerned by a field, goal, theme or measure, who lead or
    partner in none of its measures. Severity high when the group collaborates nowhere."""
    scope = _scope_measures(facts)
    collaborating = {a for m in facts.measures() for a in facts.collaborators(m)}
    out = []
    for subject, group in facts.pairs("concerns"):
        measures = scope.get(subject, set())
        if not measures or any(group in facts.collaborators(m) for m in measures):
            continue
        nowhere = group not in collaborating
        addressed = sorted(m for m in measures
                           if group in facts.roles().get(m, {}).get("addressee", ()))
        g_de, g_en = facts.name(group, "de"), facts.name(group, "en")
        s_de, s_en = facts.name(subject, "de"), facts.name(subject, "en")
        leads = sorted({a for m in measures for a in facts.collaborators(m)})
        extra_de = (" Im ganzen Plan führen sie keine Massnahme und sind nirgends Partner."
                    if nowhere else "")
        extra_en = " In the whole plan they lead no measure and partner in none." if nowhere else ""
        if addressed:
            extra_de += f" Sie werden nur adressiert ({_names(facts, addressed, 'de')})."
            extra_en += f" They are only addressed ({_names(facts, addressed, 'en')})."
        out.append(Finding(
            "absent-stakeholder", "high" if nowhere else "medium",
            {"de": f"{g_de}: betroffen von {s_de}, aber ohne Rolle",
             "en": f"{g_en}: concerned by {s_en} but without a role"},
            {"de": f"Der Plan nennt {g_de} als betroffen von {s_de}, doch sie führen keine "
                   f"der {len(measures)} Massnahme(n) und sind an keiner als Partner beteiligt;"
                   f" dort handeln {_names(facts, leads, 'de')}.{extra_de}",
             "en": f"The plan names {g_en} as concerned by {s_en}, yet they lead none of its "
                   f"{len(measures)} measure(s) and partner in none; those acting there are "
                   f"{_names(facts, leads, 'en')}.{extra_en}"},
            [group, subject, *sorted(measures)],
            statements_of(facts, [(subject, "concerns", group)])
            + _role_statements(facts, measures)
            + _role_statements(facts, addressed, {group}, ("addressee",))))
    return out


def uncoordinated_pairs(facts, *, max_context=50, limit=200):
    """Actor pairs on the same goal or theme, or on measures that depend on each other,
    who share no measure. A goal or theme with more than ``max_context`` collaborators
    is skipped (it says little about any one pair); the ``limit`` pairs with the most
    shared contexts are returned."""
    shared_measure = set()
    for m in facts.measures():
        for u, v in combinations(sorted(facts.collaborators(m)), 2):
            shared_measure.add((u, v))
    contexts: dict[str, tuple[set[str], set[str]]] = {}
    scope = _scope_measures(facts)
    for ctx in sorted(facts.of_type("Goal") | facts.of_type("Theme")):
        ms = scope.get(ctx, set())
        actors = {a for m in ms for a in facts.collaborators(m)}
        if 2 <= len(actors) <= max_context:
            contexts[ctx] = (ms, actors)
    dependent: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for m, pre in facts.pairs("dependsOn"):
        for u in facts.collaborators(m):
            for v in facts.collaborators(pre):
                if u != v:
                    dependent[tuple(sorted((u, v)))].append((m, pre))
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ctx, (_, actors) in contexts.items():
        for pair in combinations(sorted(actors), 2):
            if pair not in shared_measure:
                found[pair].append(ctx)
    for pair in dependent:
        if pair not in shared_measure:
            found.setdefault(pair, [])
    ranked = sorted(found, key=lambda p: (-len(found[p]) - 2 * len(dependent.get(p, ())), p))
    out = []
    for u, v in ranked[:limit]:
        ctxs = found[(u, v)]
        deps = dependent.get((u, v), [])
        ms_u = {m for c in ctxs for m in contexts[c][0] if u in facts.collaborators(m)}
        ms_v = {m for c in ctxs for m in contexts[c][0] if v in facts.collaborators(m)}
        for m, pre in deps:
            ms_u |= {x for x in (m, pre) if u in facts.collaborators(x)}
            ms_v |= {x for x in (m, pre) if v in facts.collaborators(x)}
        why_de = [facts.name(c, "de") for c in ctxs] + [
            f"{facts.name(m, 'de')} hängt ab von {facts.name(p, 'de')}" for m, p in deps]
        why_en = [facts.name(c, "en") for c in ctxs] + [
            f"{facts.name(m, 'en')} depends on {facts.name(p, 'en')}" for m, p in deps]
        u_de, v_de, u_en, v_en = (facts.name(u, "de"), facts.name(v, "de"),
                                  facts.name(u, "en"), facts.name(v, "en"))
        out.append(Finding(
            "uncoordinated-pair", "medium" if deps else "low",
            {"de": f"{u_de} und {v_de} arbeiten nebeneinander", "en": f"{u_en} and {v_en} work side by side"},
            {"de": f"{u_de} ({_names(facts, sorted(ms_u), 'de')}) und {v_de} "
                   f"({_names(facts, sorted(ms_v), 'de')}) arbeiten am selben Thema oder Ziel "
                   f"({'; '.join(why_de)}), haben aber keine gemeinsame Massnahme.",
             "en": f"{u_en} ({_names(facts, sorted(ms_u), 'en')}) and {v_en} "
                   f"({_names(facts, sorted(ms_v), 'en')}) work on the same theme or goal "
                   f"({'; '.join(why_en)}) but share no measure."},
            [u, v, *ctxs, *sorted(ms_u | ms_v)],
            _role_statements(facts, ms_u, {u}) + _role_statements(facts, ms_v, {v})
            + statements_of(facts, [(m, "dependsOn", p) for m, p in deps]),
            score=float(len(ctxs) + 2 * len(deps))))
    return out


def lone_measures(facts):
    """Measures with no actor (high) and with a single lead/partner (medium)."""
    out = []
    for m in sorted(facts.measures()):
        team = facts.collaborators(m)
        addressed = sorted(facts.roles().get(m, {}).get("addressee", ()))
        m_de, m_en = facts.name(m, "de"), facts.name(m, "en")
        if not team:
            out.append(Finding(
                "actorless-measure", "high",
                {"de": f"{m_de} hat keinen verantwortlichen Akteur", "en": f"{m_en} has no responsible actor"},
                {"de": f"Der Text von {m_de} nennt niemanden, der die Massnahme führt oder "
                       "mitträgt; niemand ist für die Umsetzung verantwortlich.",
                 "en": f"The text of {m_en} names nobody who leads or partners in it; "
                       "nobody is responsible for carrying it out."},
                [m], []))  # the measure's own passage is added for the findings kept
        elif len(team) == 1:
            (actor,) = team
            tail_de = (f" Adressiert werden {_names(facts, addressed, 'de')}, beteiligt sind sie nicht."
                       if addressed else "")
            tail_en = (f" It addresses {_names(facts, addressed, 'en')} without involving them."
                       if addressed else "")
            out.append(Finding(
                "single-actor-measure", "medium",
                {"de": f"{m_de}: nur {facts.name(actor, 'de')}", "en": f"{m_en}: {facts.name(actor, 'en')} alone"},
                {"de": f"{m_de} wird allein von {facts.name(actor, 'de')} getragen; kein "
                       f"Partner ist genannt.{tail_de}",
                 "en": f"{m_en} rests on {facts.name(actor, 'en')} alone; no partner is "
                       f"named.{tail_en}"},
                [m, actor, *addressed],
                _role_statements(facts, [m], roles=("lead", "partner", "addressee"))))
    return out


def only_addressed(facts):
    """Actors who are addressees of measures but never lead or partner in one."""
    collaborating = {a for m in facts.measures() for a in facts.collaborators(m)}
    addressed: dict[str, set[str]] = defaultdict(set)
    for m, a in facts.pairs("addressee"):
        addressed[a].add(m)
    out = []
    for a in sorted(set(addressed) - collaborating):
        ms = sorted(addressed[a])
        a_de, a_en = facts.name(a, "de"), facts.name(a, "en")
        out.append(Finding(
            "only-addressed", "medium",
            {"de": f"{a_de}: nur Zielgruppe", "en": f"{a_en}: only a target group"},
            {"de": f"{a_de} werden in {len(ms)} Massnahme(n) angesprochen "
                   f"({_names(facts, ms, 'de')}), führen aber keine und sind in keiner Partner.",
             "en": f"{a_en} are addressed by {len(ms)} measure(s) ({_names(facts, ms, 'en')}) "
                   "but lead none and partner in none."},
            [a, *ms],
            _role_statements(facts, ms, {a}, ("addressee",))))
    return out


def brokers(facts, G, cuts, constraint, summary, *, hub_threshold=0.5):
    """Sole brokers (articulation points of the collaboration graph ``G`` and whom
    their removal cuts off) and a hub-and-spoke finding when Freeman degree
    centralisation reaches ``hub_threshold`` and the hub has the lowest constraint."""
    out = []
    for p, cut_off in sorted(cuts["separated"].items()):
        if not cut_off:
            continue
        ms = sorted({m for v in cut_off for w in G[v] for m in G.edges[v, w].get("measures", ())})
        p_de, p_en = facts.name(p, "de"), facts.name(p, "en")
        out.append(Finding(
            "sole-broker", "high" if len(cut_off) > 1 else "medium",
            {"de": f"{p_de} ist die einzige Verbindung für {len(cut_off)} Akteur(e)",
             "en": f"{p_en} is the only link for {len(cut_off)} actor(s)"},
            {"de": f"Fiele {p_de} aus, wären {_names(facts, cut_off, 'de')} von allen anderen "
                   "Akteuren abgeschnitten: sie arbeiten nur mit ihm/ihr zusammen.",
             "en": f"Without {p_en}, {_names(facts, cut_off, 'en')} would be cut off from all "
                   "other actors: they work with no one else."},
            [p, *cut_off],
            _role_statements(facts, ms, {p, *cut_off}),
            score=float(len(cut_off))))
    finite = {v: c for v, c in constraint.items() if c == c}
    if finite and summary["degree_centralization"] >= hub_threshold:
        hub = max(G.degree, key=lambda t: (t[1], str(t[0])))[0]
        lowest = min(finite, key=lambda v: (finite[v], str(v)))
        if hub == lowest:
            others = sorted(c for v, c in finite.items() if v != hub)
            second = others[0] if others else float("nan")
            h_de, h_en = facts.name(hub, "de"), facts.name(hub, "en")
            share = G.degree(hub) / max(len(G) - 1, 1)
            cz = summary["degree_centralization"]
            out.append(Finding(
                "hub-and-spoke", "high",
                {"de": f"Alles läuft über {h_de}", "en": f"Everything runs through {h_en}"},
                {"de": f"{h_de} arbeitet mit {share:.0%} der Akteure zusammen; die "
                       f"Zentralisierung nach Freeman beträgt {cz:.2f} (1 = reiner Stern). "
                       f"Der Constraint von {h_de} ist mit {finite[hub]:.2f} der tiefste "
                       f"(nächster: {second:.2f}): die anderen sind kaum untereinander verbunden.",
                 "en": f"{h_en} works with {share:.0%} of the actors; Freeman degree "
                       f"centralisation is {cz:.2f} (1 = a pure star). {h_en}'s constraint "
                       f"is the lowest at {finite[hub]:.2f} (next: {second:.2f}): the others "
                       "are hardly connected among themselves."},
                [hub, *sorted(G[hub], key=str)],
                _role_statements(facts, sorted(facts.measures()), {hub}),
                score=cz))
    return out


def scheduling(facts, dependency_graph):
    """Measures that start before a measure they depend on, and dependency cycles."""
    import networkx as nx

    out = []
    for m, pre in facts.pairs("dependsOn"):
        sm, sp_ = facts.start_order(m), facts.start_order(pre)
        if sm is None or sp_ is None or not sm < sp_:
            continue
        when = {x: _start_text(facts, x) for x in (m, pre)}
        out.append(Finding(
            "scheduling-conflict", "high",
            {"de": f"{facts.name(m, 'de')} beginnt vor {facts.name(pre, 'de')}",
             "en": f"{facts.name(m, 'en')} starts before {facts.name(pre, 'en')}"},
            {"de": f"{facts.name(m, 'de')} ({when[m][0]}) hängt von {facts.name(pre, 'de')} "
                   f"({when[pre][0]}) ab, beginnt aber früher.",
             "en": f"{facts.name(m, 'en')} ({when[m][1]}) depends on {facts.name(pre, 'en')} "
                   f"({when[pre][1]}) but starts earlier."},
            [m, pre],
            statements_of(facts, [(m, "dependsOn", pre)]
                          + [(x, "start", q) for x in (m, pre) for q in sorted(facts.objects_of(x, "start"))]
                          + [(x, "status", s) for x in (m, pre) for s in sorted(facts.objects_of(x, "status"))])))
    for comp in nx.strongly_connected_components(dependency_graph):
        if len(comp) < 2 and not any(dependency_graph.has_edge(v, v) for v in comp):
            continue
        cyc = sorted(comp)
        out.append(Finding(
            "dependency-cycle", "high",
            {"de": f"Zirkuläre Abhängigkeit zwischen {_names(facts, cyc, 'de')}",
             "en": f"Circular dependency among {_names(facts, cyc, 'en')}"},
            {"de": "Diese Massnahmen hängen im Kreis voneinander ab; keine kann zuerst fertig werden.",
             "en": "These measures depend on each other in a circle; none can be finished first."},
            cyc,
            statements_of(facts, [(u, "dependsOn", v) for u, v in dependency_graph.subgraph(comp).edges])))
    return out


def _start_text(facts, m):
    order = facts.start_order(m)
    if order == float("-inf"):
        return ("läuft bereits", "already running")
    year, q = divmod(int(order), 4)
    return (f"Q{q + 1} {year}", f"Q{q + 1} {year}")


def budget_gaps(facts, *, limit=500):
    """Fields, goals and measures no budget line funds, and lines that fund no measure.

    Budget links (``igel:funds``) are interpretations; without any, nothing can be said
    and nothing is reported."""
    funds = facts.pairs("funds")
    if not funds:
        return []
    funded = {m for _, m in funds}
    lines = facts.of_type("BudgetLine") | {line for line, _ in funds}
    fom = facts.field_of_measure()
    scope = _scope_measures(facts)
    out = []
    fields_unfunded = set()
    for f in sorted(facts.of_type("ActionField")):
        ms = sorted(scope.get(f, ()))
        if ms and not funded & set(ms):
            fields_unfunded.add(f)
            out.append(_budget_finding(facts, f, ms, "high"))
    for g in sorted(facts.of_type("Goal")):
        ms = sorted(scope.get(g, ()))
        if ms and not funded & set(ms) and not any(fom.get(m) in fields_unfunded for m in ms):
            out.append(_budget_finding(facts, g, ms, "medium"))
    covered = {f for f in fields_unfunded} | {
        g for g in facts.of_type("Goal") if scope.get(g) and not funded & scope[g]}
    for m in sorted(facts.measures() - funded):
        if fom.get(m) in covered or facts.goal_of().get(m, set()) & covered:
            continue
        out.append(_budget_finding(facts, m, [m], "low"))
    used = {line for line, _ in funds}
    for line in sorted(lines - used):
        amount = facts.line_amount.get(line, 0.0)
        out.append(Finding(
            "unused-budget-line", "medium",
            {"de": f"{facts.name(line, 'de')}: keiner Massnahme zugeordnet",
             "en": f"{facts.name(line, 'en')}: funds no measure"},
            {"de": f"Die Budgetposition {facts.name(line, 'de')} (CHF {amount:,.0f}) ist keiner "
                   "Massnahme zugeordnet.",
             "en": f"The budget line {facts.name(line, 'en')} (CHF {amount:,.0f}) is linked to "
                   "no measure."},
            [line], [],
            score=amount))
    return out[:limit]


def _budget_finding(facts, scope_iri, measures, severity):
    s_de, s_en = facts.name(scope_iri, "de"), facts.name(scope_iri, "en")
    triples = [(m, "contributesTo", g) for m in measures for g in sorted(facts.goal_of().get(m, ()))]
    triples += [(g, "inActionField", f) for g in sorted({g for _, _, g in triples})
                for f in sorted(facts.objects_of(g, "inActionField"))]
    many = len(measures) > 1
    return Finding(
        "budget-gap", severity,
        {"de": f"{s_de}: keine Budgetposition", "en": f"{s_en}: no budget line"},
        {"de": (f"Keine Position der Finanzierungstabelle ist einer der {len(measures)} "
                f"Massnahmen von {s_de} zugeordnet ({_names(facts, measures, 'de')}).") if many else
               f"Keine Position der Finanzierungstabelle ist {s_de} zugeordnet.",
         "en": (f"No line of the financing table is linked to any of the {len(measures)} "
                f"measures of {s_en} ({_names(facts, measures, 'en')}).") if many else
               f"No line of the financing table is linked to {s_en}."},
        [scope_iri, *measures], statements_of(facts, triples[:MAX_STATEMENTS]))
