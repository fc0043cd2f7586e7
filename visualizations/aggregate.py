"""Aggregation of views bigger than the node limit: actors by type, measures by goal.

A group becomes one node that stands for its members; edges between groups are summed.
A group listed in ``expand`` keeps its members, so a click on a group node (which links
to the same view with the group added to ``expand``) opens it up.

A store of many plans (the synthetic million triples: 592 plans, 7,129 goals) is still
far above the limit when measures are grouped by goal, and laying out 17,000 nodes took
the plan view minutes. Then coarser levels follow (:data:`LEVELS`): goals and measures
by action field, and at last every node by its type. A level is taken only while the one
before is over the limit and the new one is smaller. A node whose group at a level is
expanded falls back to its group at the finer level, so opening an action field shows
its goals and the measure groups of each goal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Iterable

import networkx as nx

from .graphdata import ViewFacts

__all__ = ["group_key", "field_key", "type_key", "aggregate", "ACTOR_TYPES", "LEVELS"]

#: node types grouped by type (every kind of actor)
ACTOR_TYPES = {
    "PublicAuthority",
    "CareProvider",
    "MunicipalBody",
    "Insurer",
    "EducationInstitution",
    "ResearchInstitution",
    "Association",
    "Forum",
    "Body",
    "CoordinationOffice",
    "StakeholderGroup",
    "HealthCentre",
    "HealthNetwork",
    "Actor",
    "Organisation",
}


def group_key(node: str, data: dict, facts: ViewFacts) -> str | None:
    """The group a node falls into when its view is aggregated, or None to keep it.

    >>> group_key("a", {"type": "Insurer"}, ViewFacts())
    'type:Insurer'
    """
    kind = data.get("type") or facts.types.get(node, "")
    if kind in ACTOR_TYPES:
        return f"type:{kind}"
    if kind == "Measure":
        goal = facts.goals.get(node)
        return f"goal:{goal}" if goal else "type:Measure"
    return None


def field_key(node: str, data: dict, facts: ViewFacts) -> str | None:
    """The coarser group: a goal or measure by its action field (its first, by IRI), an
    actor by its type; None to keep the node.

    >>> facts = ViewFacts(types={"m": "Measure"}); facts.fields["m"] = {"f2", "f1"}
    >>> field_key("m", {}, facts)
    'field:f1'
    """
    kind = data.get("type") or facts.types.get(node, "")
    if kind in ("Measure", "Goal"):
        fields = facts.fields.get(node)
        return f"field:{min(fields)}" if fields else group_key(node, data, facts)
    return group_key(node, data, facts)


def type_key(node: str, data: dict, facts: ViewFacts) -> str | None:
    """The coarsest group: every node by its type.

    >>> type_key("p", {"type": "ActionPlan"}, ViewFacts())
    'type:ActionPlan'
    """
    kind = data.get("type") or facts.types.get(node, "")
    return f"type:{kind}" if kind else None


#: the levels of aggregation, finest first
LEVELS: tuple[Callable[[str, dict, ViewFacts], str | None], ...] = (group_key, field_key, type_key)


def aggregate(
    G: nx.Graph,
    facts: ViewFacts,
    *,
    limit: int,
    expand: Iterable[str] = (),
    key: Callable[[str, dict, ViewFacts], str | None] = group_key,
) -> tuple[nx.Graph, dict[str, list[str]]]:
    """``G`` with grouped nodes if it has more than ``limit`` nodes.

    Returns the (possibly) aggregated graph and ``{group node id: members}``; group nodes
    have ``type`` ``"Group"``, ``label_de``/``label_en`` with the member count, ``members``
    and ``expand`` (the group key). Edges between groups carry ``weight`` (how many
    member edges they stand for) and ``relation`` ``"aggregate"``. A graph within the
    limit is returned unchanged with no groups.
    """
    if G.number_of_nodes() <= limit:
        return G, {}
    keep_open = set(expand)
    levels = LEVELS if key is group_key else (key,)
    if any(k.startswith("goal:") for k in keep_open):
        # an opened goal: grouped by field (or type) its measures would be out of sight again
        levels = levels[:1]
    elif any(k.startswith("field:") for k in keep_open):
        # an opened field: by type its goals would be out of sight again
        levels = levels[:2]
    best = _grouped(G, facts, keep_open, levels[:1])
    for depth in range(2, len(levels) + 1):
        if best[0].number_of_nodes() <= limit:
            break
        coarser = _grouped(G, facts, keep_open, levels[:depth])
        if coarser[0].number_of_nodes() >= best[0].number_of_nodes():
            break
        best = coarser
    return best


def _grouped(
    G: nx.Graph,
    facts: ViewFacts,
    keep_open: set[str],
    keys: tuple[Callable[[str, dict, ViewFacts], str | None], ...],
) -> tuple[nx.Graph, dict[str, list[str]]]:
    """``G`` grouped by the last of ``keys``; a node whose group is in ``keep_open`` takes
    its group by the key before, and so on, and stays itself when all are open or None."""
    owner: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for n, data in G.nodes(data=True):
        owner[n] = n
        for key in reversed(keys):
            k = key(n, data, facts)
            if k is None:
                break
            if k not in keep_open:
                gid = "group:" + k
                owner[n] = gid
                members[gid].append(n)
                break
    H = nx.Graph()
    for n, data in G.nodes(data=True):
        if owner[n] == n:
            H.add_node(n, **data)
    for gid, ms in members.items():
        k = gid[len("group:") :]
        kind, _, value = k.partition(":")
        if kind == "type":
            name = facts.type_label(value)
        else:
            name = {lang: facts.label(value, lang) for lang in ("de", "en")}
            num = facts.numbers.get(value)
            if num:
                name = {lang: t if num in t else f"{num} {t}" for lang, t in name.items()}
        H.add_node(
            gid,
            type="Group",
            members=len(ms),
            expand=k,
            label_de=f"{name['de']} ({len(ms)})",
            label_en=f"{name['en']} ({len(ms)})",
        )
    weights: Counter = Counter()
    relations: dict[tuple[str, str], str] = {}
    for u, v, data in G.edges(data=True):
        a, b = owner[u], owner[v]
        if a == b:
            continue
        pair = (a, b) if a <= b else (b, a)
        weights[pair] += 1
        grouped = a.startswith("group:") or b.startswith("group:")
        relations[pair] = "aggregate" if grouped else str(data.get("relation", "aggregate"))
    for (a, b), w in weights.items():
        H.add_edge(a, b, weight=float(w), relation=relations[a, b])
    return H, dict(members)
