"""Aggregation above the node limit: actors by type, measures by goal, expandable."""

import networkx as nx

from visualizations.aggregate import aggregate
from visualizations.graphdata import ViewFacts


def _graph():
    G = nx.Graph()
    for i in range(3):
        G.add_node(f"ins{i}", type="Insurer")
    for i in range(2):
        G.add_node(f"auth{i}", type="PublicAuthority")
    for m in ("m1", "m2"):
        G.add_node(m, type="Measure")
    G.add_node("theme", type="Theme")
    G.add_edges_from([("ins0", "m1"), ("ins1", "m1"), ("ins2", "m2"), ("auth0", "m2"), ("auth1", "theme")])
    facts = ViewFacts()
    facts.goals = {"m1": "g1", "m2": "g1"}
    facts.labels = {"g1": {"de": "Ziel", "en": "Goal"}}
    facts.numbers = {"g1": "1.1"}
    return G, facts


def test_within_the_limit_nothing_changes():
    G, facts = _graph()
    H, groups = aggregate(G, facts, limit=100)
    assert H is G and groups == {}


def test_groups_by_type_and_goal():
    G, facts = _graph()
    H, groups = aggregate(G, facts, limit=5)
    # by hand: 3 insurers -> 1 group, 2 authorities -> 1 group, both measures -> goal g1, theme stays
    assert sorted(H) == ["group:goal:g1", "group:type:Insurer", "group:type:PublicAuthority", "theme"]
    assert H.nodes["group:type:Insurer"]["members"] == 3
    assert H.nodes["group:goal:g1"]["label_en"] == "1.1 Goal (2)"
    # insurer->measure edges: ins0-m1, ins1-m1, ins2-m2 = 3 member edges
    assert H.edges["group:type:Insurer", "group:goal:g1"]["weight"] == 3.0
    assert H.edges["group:type:PublicAuthority", "theme"]["weight"] == 1.0


def test_expanded_group_keeps_its_members():
    G, facts = _graph()
    H, groups = aggregate(G, facts, limit=5, expand=["type:Insurer"])
    assert {"ins0", "ins1", "ins2"} <= set(H)
    assert "group:type:Insurer" not in H
    assert H.edges["ins2", "group:goal:g1"]["weight"] == 1.0


def _many_goals():
    """Four goals with one measure each, two goals per action field."""
    G = nx.Graph()
    facts = ViewFacts()
    for i, f in ((1, "f1"), (2, "f1"), (3, "f2"), (4, "f2")):
        G.add_node(f"g{i}", type="Goal")
        G.add_node(f"m{i}", type="Measure")
        G.add_edge(f"m{i}", f"g{i}", relation="contributesTo")
        facts.goals[f"m{i}"] = f"g{i}"
        facts.fields[f"g{i}"] = {f}
        facts.fields[f"m{i}"] = {f}
    facts.labels = {"f1": {"de": "Feld 1", "en": "Field 1"}, "f2": {"de": "Feld 2", "en": "Field 2"}}
    return G, facts


def test_still_too_many_groups_by_field():
    G, facts = _many_goals()
    # by goal: 4 goals + 4 goal groups = 8 nodes, over the limit of 3; by field: 2 groups
    # of 4 members (2 goals, 2 measures), within it
    H, groups = aggregate(G, facts, limit=3)
    assert sorted(H) == ["group:field:f1", "group:field:f2"]
    assert H.nodes["group:field:f1"]["members"] == 4
    assert H.nodes["group:field:f1"]["label_en"] == "Field 1 (4)"
    assert H.number_of_edges() == 0  # every edge lies inside one field


def test_opened_field_shows_its_goals_and_measure_groups():
    G, facts = _many_goals()
    H, groups = aggregate(G, facts, limit=3, expand=["field:f1"])
    # f1 falls back to the goal level (g1, g2 and their measure groups), f2 stays one
    # group; by type the opened field's members would vanish again, so that level is skipped
    assert sorted(H) == ["g1", "g2", "group:field:f2", "group:goal:g1", "group:goal:g2"]
    assert H.edges["g1", "group:goal:g1"]["weight"] == 1.0
