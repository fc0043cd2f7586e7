"""One palette per dimension, shared by every graph view, the timeline and the finance chart.

* **action fields**: :func:`field_colours` gives each action field of the store one colour,
  by its place among all fields (ordered by number), so field 2 has the same colour in
  every view and chart whatever else the view shows;
* **types**: :func:`type_style` gives each igel class a (colour, shape) pair: distinct
  colours first, then the same colours again with another shape, so two types never look
  alike;
* **communities**: :func:`community_colour`;
* **edges**: :data:`EDGE_COLOURS`; the suggestion and finding edges use colours no node
  has (:data:`SUGGESTION_COLOURS`), so a dashed suggestion never reads as a kind of node;
* **implementation status** (issue 14): :data:`STATUS_COLOURS`, one colour per status
  code of the SKOS scheme, used by the monitoring dashboard, the profiles and the
  collaboration view's "colour by status"; none of them is a type, field or suggestion
  colour, so a status never reads as a kind of node or a suggested tie;
* **money** (issue 14): :data:`MONEY_COLOURS` for planned, committed and paid amounts in
  the monitoring dashboard's chart and legend: a grey for the plan, then a mid and a dark
  teal, so the three read as a sequence from promise to payment; none is a status, type,
  field or coverage colour.

Every colour here has at least 3:1 contrast against white (WCAG 2.x non-text contrast),
which :func:`contrast` computes and the tests check.
"""

from __future__ import annotations

import zlib
from typing import Iterable, Mapping

__all__ = [
    "NODE_COLOURS",
    "FIELD_COLOURS",
    "TYPE_SHAPES",
    "TYPE_ORDER",
    "EDGE_COLOURS",
    "SUGGESTION_COLOURS",
    "NO_FIELD",
    "COVERAGE_COLOURS",
    "STATUS_COLOURS",
    "MONEY_COLOURS",
    "type_style",
    "field_colours",
    "community_colour",
    "contrast",
]

#: qualitative colours, each >= 3:1 on white (Okabe–Ito and Tol, darkened where needed)
NODE_COLOURS: list[str] = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#882255",
    "#332288",
    "#8a7a00",
    "#AA4499",
    "#117733",
    "#4d7a00",
    "#2f7f99",
    "#6b6b6b",
    "#5d3fa0",
    "#8c6d31",
    "#1d2330",
]

#: action fields in plan order: strongly different hues first, each dark enough to carry
#: white text above 4.5:1 (the timeline writes measure numbers on them)
FIELD_COLOURS: list[str] = ["#0b5cad", "#a33d00", "#117733", "#882255", "#6b5d00", "#332288", "#8f3384", "#1f6275"]

#: a node that belongs to no action field
NO_FIELD = "#7d8597"

#: vis-network shapes used for types once the colours run out (the markers of findings,
#: diamond, square, star and triangle, are kept free)
TYPE_SHAPES: list[str] = ["dot", "hexagon", "triangleDown"]

#: the igel classes the views show, most common first: these get a colour of their own
TYPE_ORDER: list[str] = [
    "Measure",
    "PublicAuthority",
    "CareProvider",
    "Goal",
    "ActionField",
    "MunicipalBody",
    "Insurer",
    "EducationInstitution",
    "Association",
    "Theme",
    "StakeholderGroup",
    "ResearchInstitution",
    "Forum",
    "ActionPlan",
    "CitedMeasure",
    "EvaluationCriterion",
    "CoordinationOffice",
    "Body",
    "HealthCentre",
    "HealthNetwork",
    "CareSector",
    "Strategy",
    "FundingProgramme",
    "PlanningReport",
    "ModelProject",
    "Plan",
    "LongTermCarePlanningRegion",
    "ModelRegion",
    "CareRegion",
    "Canton",
    "District",
    "Municipality",
    "AdministrativeArea",
    "Organisation",
    "Actor",
    "MeasurePart",
]

#: the comparison view's coverage classes
COVERAGE_COLOURS: dict[str, str] = {
    "both": "#009E73",
    "A": "#0072B2",
    "B": "#b35900",
    "neither": "#7d8597",
    "plan": "#1d2330",
}

#: status code -> colour: grey-blue before work starts, blue and green while it runs and
#: when done, amber, orange and near-black for delayed, suspended and dropped (they must
#: stand out); a mid grey for "no report yet"
STATUS_COLOURS: dict[str, str] = {
    "planned": "#6f7c91",
    "started": "#3a6fd8",
    "on-track": "#2a7d4f",
    "delayed": "#b87800",
    "completed": "#004e8a",
    "suspended": "#d9480f",
    "dropped": "#262626",
    "none": "#949494",
}

#: amount -> colour in the planned/committed/paid chart: grey for what the plan foresees,
#: teal getting darker as money is committed and then paid (4.3, 4.1 and 9.4 : 1 on white)
MONEY_COLOURS: dict[str, str] = {
    "planned": "#7a7a7a",
    "committed": "#2b8a8a",
    "paid": "#0b4f4f",
}

#: edge relation -> colour; distinct from every node colour where the edge is a finding
SUGGESTION_COLOURS: dict[str, str] = {"suggested": "#c0003c", "uncoordinated": "#6a1b9a"}
EDGE_COLOURS: dict[str, str] = {
    "structure": "#8a93a6",
    "lead": "#1d2330",
    "partner": "#5b6475",
    "addressee": "#8a93a6",
    "theme": "#8f6a00",
    "dependsOn": "#882255",
    "refersTo": "#2f7f99",
    "collaboration": "#5b6475",
    "shared_actor": "#0072B2",
    "shared_theme": "#8f6a00",
    "crossField": "#882255",
    "careSector": "#0a7f8c",
    "covers": "#0a7f8c",
    "aggregate": "#8a93a6",
    **SUGGESTION_COLOURS,
}


def type_style(kind: str) -> tuple[str, str]:
    """The (colour, vis-network shape) of igel class ``kind``: distinct pairs for the
    classes of :data:`TYPE_ORDER`; any other class gets a stable pair from its name.

    >>> type_style("Measure")
    ('#0072B2', 'dot')
    >>> type_style(TYPE_ORDER[len(NODE_COLOURS)])
    ('#0072B2', 'hexagon')
    """
    if kind == "Group":
        return "#6b6b6b", "square"
    i = TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER) + zlib.crc32(kind.encode()) % 12
    k = len(NODE_COLOURS)
    return NODE_COLOURS[i % k], TYPE_SHAPES[(i // k) % len(TYPE_SHAPES)]


def field_colours(fields: Iterable[str], numbers: Mapping[str, str]) -> dict[str, str]:
    """One colour per action field of the store, by plan number (then IRI): pass every
    field the store has, not those of one view, so that colours agree across views.

    >>> field_colours(["f2", "f1"], {"f1": "1", "f2": "2"})
    {'f1': '#0b5cad', 'f2': '#a33d00'}
    """

    def key(f: str):
        num = numbers.get(f, "")
        return ([int(p) if p.isdigit() else 0 for p in num.split(".")] if num else [999], f)

    ordered = sorted(set(fields), key=key)
    return {f: FIELD_COLOURS[i % len(FIELD_COLOURS)] for i, f in enumerate(ordered)}


def community_colour(index: int) -> str:
    """The colour of the ``index``-th community (cycling through :data:`NODE_COLOURS`)."""
    return NODE_COLOURS[index % len(NODE_COLOURS)]


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    """The WCAG 2.x contrast ratio of two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast("#000000"), 1)
    21.0
    >>> round(contrast("#0072B2"), 2)
    5.19
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
