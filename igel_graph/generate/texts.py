"""Sentence templates for synthetic measures, goals and criteria, in German and English."""

from __future__ import annotations

__all__ = ["TOPICS", "MEASURE_TEMPLATES", "GOAL_TEMPLATES", "CRITERION_TEMPLATES", "FIELDS"]

#: (German, English) topics a measure or goal is about
TOPICS = [
    (
        "die Koordination an der Schnittstelle zwischen Spital und Spitex",
        "coordination at the interface between hospital and home care",
    ),
    ("die Versorgung chronisch kranker Menschen", "care for chronically ill people"),
    ("die Entlastung pflegender Angehöriger", "relief for family carers"),
    ("den elektronischen Datenaustausch", "electronic data exchange"),
    ("die interprofessionelle Weiterbildung", "interprofessional further training"),
    ("die Gesundheitskompetenz der Bevölkerung", "the health literacy of the population"),
    ("die Prävention im Alter", "prevention in old age"),
    ("regionale Gesundheitszentren", "regional health centres"),
    ("die Palliativversorgung zu Hause", "palliative care at home"),
    ("die Finanzierung koordinierter Leistungen", "the financing of coordinated services"),
]

#: measure texts: {lead}, {partner}, {topic} (German) / their English renderings
MEASURE_TEMPLATES = [
    (
        "{lead} erarbeitet zusammen mit {partner} ein Konzept für {topic}.",
        "{lead} drafts a concept for {topic} together with {partner}.",
    ),
    (
        "{lead} prüft in Rücksprache mit {partner} Massnahmen für {topic}.",
        "{lead} examines measures for {topic} in consultation with {partner}.",
    ),
    (
        "{lead} baut gemeinsam mit {partner} ein Angebot für {topic} auf.",
        "{lead} builds up a service for {topic} jointly with {partner}.",
    ),
    (
        "{lead} fördert in Zusammenarbeit mit {partner} Pilotprojekte für {topic}.",
        "{lead} supports pilot projects for {topic} in cooperation with {partner}.",
    ),
]

GOAL_TEMPLATES = [
    ("Die Rahmenbedingungen für {topic} sind geklärt.", "The framework for {topic} is clarified."),
    ("Angebote für {topic} sind in der Region verankert.", "Services for {topic} are established in the region."),
    (
        "Die Akteure arbeiten bei {topic} verbindlich zusammen.",
        "The stakeholders work together on {topic} on a binding basis.",
    ),
]

CRITERION_TEMPLATES = [
    ("Vorliegen eines Berichts zu {topic}", "A report on {topic} is available"),
    ("Anzahl umgesetzter Projekte zu {topic}", "Number of projects on {topic} carried out"),
]

#: action fields of every synthetic plan: (German, English)
FIELDS = [
    ("Rahmenbedingungen und Steuerung", "Framework and governance"),
    ("Versorgungsmodelle", "Models of care"),
    ("Fachkräfte und Bildung", "Workforce and education"),
    ("Bevölkerung und Gesundheitskompetenz", "Population and health literacy"),
]
