"""Word material for synthetic data: real region names, German-looking organisation names.

Regions are real (the 26 Swiss cantons, a selection of German Landkreise) so that the
data reads like the real thing; organisations are invented from typical parts of German
organisation names, in German with an English rendering.
"""

from __future__ import annotations

import random

__all__ = ["CANTONS", "DISTRICTS", "ACTOR_KINDS", "organisation_name", "slug"]

#: (slug, German name, English name)
CANTONS = [
    ("zh", "Kanton Zürich", "Canton of Zurich"),
    ("be", "Kanton Bern", "Canton of Bern"),
    ("lu", "Kanton Luzern", "Canton of Lucerne"),
    ("ur", "Kanton Uri", "Canton of Uri"),
    ("sz", "Kanton Schwyz", "Canton of Schwyz"),
    ("ow", "Kanton Obwalden", "Canton of Obwalden"),
    ("nw", "Kanton Nidwalden", "Canton of Nidwalden"),
    ("gl", "Kanton Glarus", "Canton of Glarus"),
    ("zg", "Kanton Zug", "Canton of Zug"),
    ("fr", "Kanton Freiburg", "Canton of Fribourg"),
    ("so", "Kanton Solothurn", "Canton of Solothurn"),
    ("bs", "Kanton Basel-Stadt", "Canton of Basel-City"),
    ("bl", "Kanton Basel-Landschaft", "Canton of Basel-Country"),
    ("sh", "Kanton Schaffhausen", "Canton of Schaffhausen"),
    ("ar", "Kanton Appenzell Ausserrhoden", "Canton of Appenzell Outer Rhodes"),
    ("ai", "Kanton Appenzell Innerrhoden", "Canton of Appenzell Inner Rhodes"),
    ("sg", "Kanton St. Gallen", "Canton of St. Gallen"),
    ("gr", "Kanton Graubünden", "Canton of Grisons"),
    ("ag", "Kanton Aargau", "Canton of Aargau"),
    ("tg", "Kanton Thurgau", "Canton of Thurgau"),
    ("ti", "Kanton Tessin", "Canton of Ticino"),
    ("vd", "Kanton Waadt", "Canton of Vaud"),
    ("vs", "Kanton Wallis", "Canton of Valais"),
    ("ne", "Kanton Neuenburg", "Canton of Neuchâtel"),
    ("ge", "Kanton Genf", "Canton of Geneva"),
    ("ju", "Kanton Jura", "Canton of Jura"),
]

_DISTRICT_NAMES = [
    "Reutlingen",
    "Biberach",
    "Ravensburg",
    "Tübingen",
    "Esslingen",
    "Böblingen",
    "Ludwigsburg",
    "Rems-Murr-Kreis",
    "Göppingen",
    "Heidenheim",
    "Ostalbkreis",
    "Alb-Donau-Kreis",
    "Sigmaringen",
    "Bodenseekreis",
    "Konstanz",
    "Tuttlingen",
    "Rottweil",
    "Zollernalbkreis",
    "Freudenstadt",
    "Calw",
    "Enzkreis",
    "Karlsruhe",
    "Rastatt",
    "Ortenaukreis",
    "Emmendingen",
    "Lörrach",
    "Waldshut",
    "Breisgau-Hochschwarzwald",
    "Schwarzwald-Baar-Kreis",
    "Heilbronn",
    "Hohenlohekreis",
    "Schwäbisch Hall",
    "Main-Tauber-Kreis",
    "Neckar-Odenwald-Kreis",
    "Rhein-Neckar-Kreis",
    "Altötting",
    "Berchtesgadener Land",
    "Ebersberg",
    "Erding",
    "Freising",
    "Fürstenfeldbruck",
    "Garmisch-Partenkirchen",
    "Landsberg am Lech",
    "Miesbach",
    "Mühldorf am Inn",
    "Starnberg",
    "Traunstein",
    "Weilheim-Schongau",
    "Deggendorf",
    "Freyung-Grafenau",
    "Kelheim",
    "Landshut",
    "Passau",
    "Regen",
    "Rottal-Inn",
    "Straubing-Bogen",
    "Dingolfing-Landau",
    "Amberg-Sulzbach",
    "Cham",
    "Neumarkt",
    "Schwandorf",
    "Tirschenreuth",
    "Bamberg",
    "Bayreuth",
    "Coburg",
    "Forchheim",
    "Hof",
    "Kronach",
    "Kulmbach",
    "Lichtenfels",
    "Wunsiedel",
    "Ansbach",
    "Erlangen-Höchstadt",
    "Fürth",
    "Roth",
    "Aschaffenburg",
    "Bad Kissingen",
    "Haßberge",
    "Kitzingen",
    "Miltenberg",
    "Rhön-Grabfeld",
    "Schweinfurt",
    "Würzburg",
    "Aichach-Friedberg",
    "Augsburg",
    "Dillingen",
    "Günzburg",
    "Neu-Ulm",
    "Lindau",
    "Ostallgäu",
    "Unterallgäu",
    "Donau-Ries",
    "Oberallgäu",
    "Marburg-Biedenkopf",
    "Vogelsbergkreis",
    "Fulda",
    "Hersfeld-Rotenburg",
    "Kassel",
    "Schwalm-Eder-Kreis",
    "Waldeck-Frankenberg",
    "Werra-Meißner-Kreis",
    "Gießen",
    "Lahn-Dill-Kreis",
    "Limburg-Weilburg",
    "Wetteraukreis",
]

#: (slug, German name, English name), filled once slug() is defined
DISTRICTS: list[tuple[str, str, str]] = []


def slug(text: str) -> str:
    """A lower-case ASCII identifier for ``text``.

    >>> slug("Landkreis Mühldorf am Inn")
    'landkreis-muehldorf-am-inn'
    """
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "â": "a", "é": "e", "è": "e"}
    out = "".join(table.get(c, c) for c in text.lower())
    return "-".join("".join(c if c.isalnum() else " " for c in out).split())


DISTRICTS.extend((slug("lk " + n), f"Landkreis {n}", f"{n} District") for n in _DISTRICT_NAMES)

_PLACES = [
    "Sursee",
    "Willisau",
    "Entlebuch",
    "Hochdorf",
    "Emmen",
    "Kriens",
    "Horw",
    "Ebikon",
    "Thun",
    "Biel",
    "Aarau",
    "Baden",
    "Olten",
    "Wil",
    "Chur",
    "Davos",
    "Frauenfeld",
    "Zug",
    "Schwyz",
    "Reutlingen",
    "Metzingen",
    "Riedlingen",
    "Laupheim",
    "Wangen",
    "Weingarten",
    "Bad Waldsee",
    "Münsingen",
    "Pfullingen",
    "Ochsenhausen",
    "Leutkirch",
    "Isny",
    "Tettnang",
    "Kempten",
    "Memmingen",
    "Landsberg",
    "Freising",
    "Erding",
    "Passau",
    "Bamberg",
    "Fulda",
    "Marburg",
]

#: igel class local name -> (German name patterns, English name patterns); {p} = a place
ACTOR_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "PublicAuthority": (
        ["Gesundheitsamt {p}", "Sozialamt {p}", "Amt für Gesundheit {p}", "Fachstelle Alter {p}"],
        ["Public Health Office {p}", "Social Welfare Office {p}", "Health Office {p}", "Office for Older People {p}"],
    ),
    "CareProvider": (
        [
            "Spitex {p}",
            "Pflegeheim {p}",
            "Hausarztpraxis {p}",
            "Spital {p}",
            "Apotheke am Markt {p}",
            "Physiotherapie {p}",
            "Psychiatrische Dienste {p}",
        ],
        [
            "Home Care {p}",
            "Nursing Home {p}",
            "GP Practice {p}",
            "Hospital {p}",
            "Market Pharmacy {p}",
            "Physiotherapy {p}",
            "Psychiatric Services {p}",
        ],
    ),
    "MunicipalBody": (
        ["Gemeinde {p}", "Gemeindeverband {p}", "Zweckverband Pflege {p}"],
        ["Municipality of {p}", "Association of Municipalities {p}", "Care Purpose Association {p}"],
    ),
    "Insurer": (["Krankenkasse {p}", "Versicherung Gesundheit {p}"], ["Health Insurer {p}", "Health Insurance {p}"]),
    "EducationInstitution": (
        ["Berufsfachschule Pflege {p}", "Höhere Fachschule Gesundheit {p}", "Bildungszentrum {p}"],
        ["Vocational School of Nursing {p}", "College of Health {p}", "Education Centre {p}"],
    ),
    "ResearchInstitution": (
        ["Institut für Versorgungsforschung {p}", "Forschungsstelle Pflege {p}"],
        ["Institute of Health Services Research {p}", "Nursing Research Unit {p}"],
    ),
    "Association": (
        ["Verein Gesundheit {p}", "Ärztegesellschaft {p}", "Pflegeverband {p}", "Selbsthilfe {p}"],
        ["Health Association {p}", "Medical Society {p}", "Nursing Association {p}", "Self-Help Group {p}"],
    ),
    "HealthNetwork": (["Gesundheitsnetz {p}", "Ärztenetz {p}"], ["Health Network {p}", "Physicians' Network {p}"]),
    "HealthCentre": (
        ["Gesundheitszentrum {p}", "Primärversorgungszentrum {p}"],
        ["Health Centre {p}", "Primary Care Centre {p}"],
    ),
    "CoordinationOffice": (["Koordinationsstelle Versorgung {p}"], ["Care Coordination Office {p}"]),
    "Forum": (["Forum Gesundheit {p}"], ["Health Forum {p}"]),
    "StakeholderGroup": (
        ["Angehörige in {p}", "Ältere Menschen in {p}", "Fachpersonen in {p}", "Chronisch Kranke in {p}"],
        ["Relatives in {p}", "Older people in {p}", "Professionals in {p}", "Chronically ill people in {p}"],
    ),
}


def organisation_name(rng: random.Random, kind: str, region_name: str) -> tuple[str, str]:
    """A German and an English name for an organisation of ``kind`` in a region."""
    german, english = ACTOR_KINDS[kind]
    i = rng.randrange(len(german))
    place = rng.choice(_PLACES) if rng.random() < 0.6 else region_name.split(" ", 1)[-1]
    return german[i].format(p=place), english[i].format(p=place)
