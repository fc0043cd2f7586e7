"""Aggregation of views bigger than the node limit: actors by type, measures by goal.

A group becomes one node that stands for its members; edges between groups are summed.
A group listed in ``expand`` keeps its members, so a click on a group node (which links
to the same view with the group added to ``expand``) opens it up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Iterable

import networkx as nx

from .graphdata import ViewFacts

__all__ = ["group_key", "aggregate", "ACTOR_TYPES"]

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
    owner: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for n, data in G.nodes(data=True):
        k = key(n, data, facts)
        if k is None or k in keep_open:
            owner[n] = n
        else:
            gid = "group:" + k
            owner[n] = gid
            members[gid].append(n)
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
