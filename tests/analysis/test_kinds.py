"""The finding-kind registry: every entry complete in both languages, its detector
runnable, its severity rule written down and followed; a new kind is one entry."""

from __future__ import annotations

import string

import pytest

from igel_graph.analysis import KINDS, analyse
from igel_graph.analysis import kinds as registry
from igel_graph.analysis.gaps import mention_severity
from igel_graph.analysis.kinds import GROUPS, REGISTRY, FindingKind, groups, kind, make

# /monitoring: the dashboard of the implementation findings (issue 14)
VIEWS = {"/gaps", "/timeline", "/views/collaboration", "/views/dependencies", "/views/plan", "/monitoring"}


def _fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda k: k.key)
def test_entry_is_complete(entry):
    assert entry.iri == f"https://w3id.org/igel/id/finding-kind/{entry.key}"
    for part in (entry.label, entry.severity_rule, entry.title, entry.text):
        assert set(part) == {"de", "en"} and all(part.values())
    assert entry.label["de"] != entry.label["en"]
    # the same fields in both languages: a value given once fills both
    assert _fields(entry.title["de"]) == _fields(entry.title["en"])
    assert _fields(entry.text["de"]) == _fields(entry.text["en"])
    assert entry.group in GROUPS and entry.view in VIEWS
    assert callable(entry.function())
    assert KINDS[entry.key] == (entry.label["de"], entry.label["en"])


def test_keys_are_unique_and_grouped():
    keys = [k.key for k in REGISTRY]
    assert len(keys) == len(set(keys))
    assert sorted(k for ks in groups().values() for k in ks) == sorted(keys)
    assert not {"budget-gap", "unused-budget-line"} & set(keys)  # no gap from a partial allocation
    with pytest.raises(KeyError):
        kind("no-such-kind")


@pytest.mark.parametrize(
    "modes, severity",
    [
        (["acting"], "high"),
        (["attribute", "purpose"], "high"),
        (["beneficiary"], "medium"),
        ([None], "medium"),
        (["attribute", "beneficiary"], "medium"),
        (["attribute"], "low"),
        (["attribute", "attribute"], "low"),
    ],
)
def test_absent_stakeholder_severity_rule(modes, severity):
    # the registry's rule: high for acting or purpose, medium for beneficiaries or an
    # unrecorded mention, low when every mention is an adjective
    assert mention_severity(modes) == severity
    rule = kind("absent-stakeholder").severity_rule["en"]
    assert "High: the plan names the group as acting or as the purpose" in rule
    assert "low: only in an adjective" in rule


def test_make_fills_both_languages():
    f = make(
        "single-actor-measure",
        "medium",
        "https://w3id.org/igel/id/m",
        {"measure": {"de": "Massnahme 1", "en": "measure 1"}, "actor": "GSD", "extra": ""},
        ["https://w3id.org/igel/id/gsd"],
    )
    assert f.title == {"de": "Massnahme 1: nur GSD", "en": "measure 1: GSD alone"}
    assert f.subject == "https://w3id.org/igel/id/m" and f.evidence[0] == f.subject


def test_a_new_kind_is_one_entry_and_one_detector(toy_store, monkeypatch):
    def themeless(ctx):
        facts = ctx.facts
        return [
            make("themeless-measure", "low", m, {"measure": facts.name(m, "en")}, [])
            for m in sorted(facts.measures())
            if not facts.themes_of_measure().get(m)
        ]

    entry = FindingKind(
        "themeless-measure",
        {"de": "Massnahme ohne Thema", "en": "Measure without a theme"},
        "gaps",
        "/gaps",
        {"de": "Tief.", "en": "Low."},
        {"de": "{measure} ohne Thema", "en": "{measure} without a theme"},
        {"de": "{measure} hat kein Thema.", "en": "{measure} has no theme."},
        themeless,
    )
    monkeypatch.setattr(registry, "REGISTRY", (*REGISTRY, entry))
    found = analyse(toy_store).by_kind("themeless-measure")
    # the toy's m2 and m4 have no theme (m1 and m3 have T)
    assert [f.subject.rsplit("/", 1)[-1] for f in found] == ["m2", "m4"]
    assert found[0].title["en"].endswith(" without a theme")
