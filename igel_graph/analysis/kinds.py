"""The finding-kind registry: one entry per kind of finding.

An entry says what the kind is called (de/en), which group of the gap report it belongs
to, which page or view shows it, the written rule that sets its severity, the detector
that finds it and the templates of its title and explanation (de/en). A new kind is one
entry here and one detector function ``detector(ctx) -> list[Finding]`` (``ctx`` is the
:class:`~igel_graph.analysis.run.Context` of one analysis run).

Detectors build their findings with :func:`make`, which fills the kind's templates with
values given per language, so the wording of a kind lives in this file only.

>>> kind("absent-stakeholder").label["en"]
'Concerned group without a role'
>>> kind("absent-stakeholder").iri
'https://w3id.org/igel/id/finding-kind/absent-stakeholder'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..namespaces import resource

__all__ = ["FindingKind", "REGISTRY", "GROUPS", "kind", "make", "groups"]

#: the groups of kinds, in the order a report shows them (de, en)
GROUPS = {
    "gaps": ("Lücken", "Gaps"),
    "structure": ("Netzwerkstruktur", "Network structure"),
    "dependencies": ("Abhängigkeiten und Termine", "Dependencies and schedule"),
    "cross-field": ("Über Handlungsfelder hinweg", "Across action fields"),
    "suggestions": ("Vorschläge", "Suggestions"),
    "implementation": ("Umsetzung", "Implementation"),
}


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding.

    Attributes
    ----------
    key : str
        Short code, e.g. ``absent-stakeholder`` (``igel:findingKind`` in the graph).
    label : dict
        ``de``/``en`` name of the kind.
    group : str
        A key of :data:`GROUPS`.
    view : str
        The path of the page or view that shows findings of this kind.
    severity_rule : dict
        ``de``/``en``: the written rule by which the detector sets the severity.
    title, text : dict
        ``de``/``en`` templates (``str.format`` fields) of the title and explanation.
    detector : str or callable
        ``module:function`` under :mod:`igel_graph.analysis` (or a dotted module path
        elsewhere) that finds the kind, or the function itself.
    """

    key: str
    label: dict
    group: str
    view: str
    severity_rule: dict
    title: dict
    text: dict
    detector: object

    @property
    def iri(self) -> str:
        """``https://w3id.org/igel/id/finding-kind/{key}``."""
        return str(resource("finding-kind", self.key))

    def detect(self, ctx) -> list:
        """Run the detector on one analysis context."""
        return self.function()(ctx)

    def function(self):
        """The detector as a function."""
        if callable(self.detector):
            return self.detector
        module, func = self.detector.split(":")
        name = module if "." in module else f"{__package__}.{module}"
        return getattr(importlib.import_module(name), func)


def _k(key, de, en, group, view, rule_de, rule_en, title, text, detector):
    return FindingKind(key, {"de": de, "en": en}, group, view, {"de": rule_de, "en": rule_en}, title, text, detector)


REGISTRY: tuple[FindingKind, ...] = (
    _k(
        "absent-stakeholder",
        "Betroffene Gruppe ohne Rolle",
        "Concerned group without a role",
        "gaps",
        "/gaps",
        "Ein Befund pro Gruppe, mit allen Bereichen, die sie nennen. Hoch: der Plan nennt die "
        "Gruppe als handelnd oder als Zweck eines Handlungsfelds; mittel: als Begünstigte; "
        "tief: nur in einem Eigenschaftswort (z. B. «patientenzentriert»). Wie der Plan die "
        "Gruppe nennt, ist kuratiert (igel:mentionedAs); ohne Angabe gilt mittel. Bereiche, in "
        "deren Massnahmen die Gruppe Zielgruppe ist, zählen nicht, ausser sie soll handeln.",
        "One finding per group, listing every scope that names it. High: the plan names the "
        "group as acting or as the purpose of an action field; medium: as beneficiaries; "
        'low: only in an adjective (e.g. "patient-centred"). How the plan names the group '
        "is curated (igel:mentionedAs); without it, medium. Scopes whose measures address the "
        "group as their target do not count, unless the group is meant to act.",
        {"de": "{group}: genannt in {scopes}, aber ohne Rolle", "en": "{group}: named in {scopes} but without a role"},
        {
            "de": "Der Plan nennt {group} ({mentions}), doch sie führen keine der {n} Massnahme(n) "
            "dieser Bereiche und sind an keiner als Partner beteiligt; dort handeln {actors}.{extra}",
            "en": "The plan names {group} ({mentions}), yet they lead none of the {n} measure(s) of "
            "these scopes and partner in none; those acting there are {actors}.{extra}",
        },
        "gaps:absent_stakeholders",
    ),
    _k(
        "expected-actor-absent",
        "Erwartete Akteursart fehlt",
        "Expected actor type absent",
        "gaps",
        "/gaps",
        "Ein Befund pro Akteursart. Die kuratierte Zuordnung (stakeholder-relevance.ttl) sagt, "
        "welche Akteursart bei welchem Thema oder welcher Massnahmenart zu erwarten ist. Hoch: "
        "kein Akteur dieser Art führt oder ist Partner in irgendeiner Massnahme des Plans; "
        "mittel: die Art handelt anderswo im Plan, fehlt aber in diesen Massnahmen.",
        "One finding per actor type. The curated mapping (stakeholder-relevance.ttl) says which "
        "actor type one expects for which theme or measure kind. High: no actor of the type "
        "leads or partners in any measure of the plan; medium: the type acts elsewhere in the "
        "plan but not in these measures.",
        {"de": "{type} fehlen in {measures}", "en": "{type} absent from {measures}"},
        {
            "de": "{reasons} Keine Akteurin dieser Art führt {measures} oder ist dort Partnerin{elsewhere}.",
            "en": "{reasons} No actor of this type leads or partners in {measures}{elsewhere}.",
        },
        "relevance:expected_actors_absent",
    ),
    _k(
        "only-addressed",
        "Nur adressiert, nie beteiligt",
        "Only ever addressed, never involved",
        "gaps",
        "/gaps",
        "Mittel: eine Organisation (keine Personengruppe), die nur adressiert wird und die niemand "
        "vertritt, der mitwirkt; tief: sie wird von einer mitwirkenden Organisation vertreten "
        "(igel:represents); Info: eine Personengruppe (Zielgruppe ist hier Absicht, keine Lücke).",
        "Medium: an organisation (not a group of people) that is only addressed and that no "
        "acting organisation represents; low: an acting organisation represents it "
        "(igel:represents); info: a group of people (being the target group is the intent here, "
        "not a gap).",
        {"de": "{actor}: nur Zielgruppe", "en": "{actor}: only a target group"},
        {
            "de": "{actor} werden in {n} Massnahme(n) angesprochen ({measures}), führen aber keine "
            "und sind in keiner Partner.{extra}",
            "en": "{actor} are addressed by {n} measure(s) ({measures}) but lead none and partner in none.{extra}",
        },
        "gaps:only_addressed",
    ),
    _k(
        "single-actor-measure",
        "Massnahme mit nur einem Akteur",
        "Measure with a single actor",
        "gaps",
        "/gaps",
        "Mittel: genau eine Akteurin führt oder ist Partnerin.",
        "Medium: exactly one actor leads or partners.",
        {"de": "{measure}: nur {actor}", "en": "{measure}: {actor} alone"},
        {
            "de": "{measure} wird allein von {actor} getragen; kein Partner ist genannt.{extra}",
            "en": "{measure} rests on {actor} alone; no partner is named.{extra}",
        },
        "gaps:single_actor_measures",
    ),
    _k(
        "actorless-measure",
        "Massnahme ohne Akteur",
        "Measure without an actor",
        "gaps",
        "/gaps",
        "Hoch: niemand führt die Massnahme oder ist Partner.",
        "High: nobody leads or partners in the measure.",
        {"de": "{measure} hat keinen verantwortlichen Akteur", "en": "{measure} has no responsible actor"},
        {
            "de": "Der Text von {measure} nennt niemanden, der die Massnahme führt oder mitträgt; "
            "niemand ist für die Umsetzung verantwortlich.",
            "en": "The text of {measure} names nobody who leads or partners in it; nobody is "
            "responsible for carrying it out.",
        },
        "gaps:actorless_measures",
    ),
    _k(
        "uncoordinated-pair",
        "Akteure ohne gemeinsame Massnahme",
        "Actors without a shared measure",
        "gaps",
        "/views/collaboration",
        "Ein Befund pro Akteurin (die mit mehr Massnahmen; bei Gleichstand die erste IRI), mit "
        "allen Akteuren, mit denen sie Ziel, Thema oder Abhängigkeit teilt, aber keine Massnahme. "
        "Mittel: mindestens eine Abhängigkeit zwischen ihren Massnahmen; sonst tief.",
        "One finding per actor (the one with more measures; on a tie the first IRI), listing "
        "every actor it shares a goal, theme or dependency with but no measure. Medium: at least "
        "one dependency between their measures; otherwise low.",
        {"de": "{actor} arbeitet neben {others}", "en": "{actor} works side by side with {others}"},
        {
            "de": "{actor} hat mit {others} keine gemeinsame Massnahme, obwohl sie am selben Ziel "
            "oder Thema arbeiten: {why}.",
            "en": "{actor} shares no measure with {others}, although they work on the same goal or theme: {why}.",
        },
        "gaps:uncoordinated_pairs",
    ),
    _k(
        "sole-broker",
        "Einzige Verbindungsstelle",
        "Sole broker",
        "structure",
        "/views/collaboration",
        "Hoch: ihr Ausfall schneidet mehr als eine Akteurin ab; mittel: genau eine.",
        "High: without it more than one actor is cut off; medium: exactly one.",
        {
            "de": "{actor} ist die einzige Verbindung für {n} Akteur(e)",
            "en": "{actor} is the only link for {n} actor(s)",
        },
        {
            "de": "Fiele {actor} aus, wären {cut} von allen anderen Akteuren abgeschnitten: sie "
            "arbeiten nur mit ihm/ihr zusammen.",
            "en": "Without {actor}, {cut} would be cut off from all other actors: they work with no one else.",
        },
        "gaps:sole_brokers",
    ),
    _k(
        "hub-and-spoke",
        "Sternförmige Struktur",
        "Hub-and-spoke structure",
        "structure",
        "/views/collaboration",
        "Hoch: die Zentralisierung nach Freeman unter den mitwirkenden Akteuren (führend oder "
        "Partner; Adressaten zählen nicht) erreicht 0,5 und der Hub hat den tiefsten Constraint.",
        "High: Freeman degree centralisation among the collaborating actors (lead or partner; "
        "addressees do not count) reaches 0.5 and the hub has the lowest constraint.",
        {"de": "Alles läuft über {actor}", "en": "Everything runs through {actor}"},
        {
            "de": "{actor} arbeitet mit {share} der {n} mitwirkenden Akteure (führend oder Partner) "
            "zusammen; die Zentralisierung nach Freeman beträgt unter ihnen {cz} (1 = reiner "
            "Stern). Der Constraint von {actor} ist mit {con} der tiefste (nächster: {next}): "
            "die anderen sind kaum untereinander verbunden.",
            "en": "{actor} works with {share} of the {n} collaborating actors (lead or partner); "
            "Freeman degree centralisation among them is {cz} (1 = a pure star). {actor}'s "
            "constraint is the lowest at {con} (next: {next}): the others are hardly "
            "connected among themselves.",
        },
        "gaps:hub_and_spoke",
    ),
    _k(
        "suggested-collaboration",
        "Vorgeschlagene Zusammenarbeit",
        "Suggested collaboration",
        "suggestions",
        "/views/collaboration",
        "Info: ein Vorschlag, kein Mangel. Ein Befund pro Akteurin mit ihren bestbewerteten "
        "Kandidaten (Punkte aus gemeinsamen Zielen, Themen, Abhängigkeiten, Handlungsfeldern, "
        "gemeinsamen Partnern und erwarteten Akteursarten).",
        "Info: a suggestion, not a defect. One finding per actor with its best-scored "
        "candidates (points from shared goals, themes, dependencies, action fields, shared "
        "partners and expected actor types).",
        {"de": "Zusammenarbeit für {actor}: {others}", "en": "Collaboration for {actor}: {others}"},
        {"de": "{sentences}", "en": "{sentences}"},
        "linkpred:suggestion_findings",
    ),
    _k(
        "scheduling-conflict",
        "Terminkonflikt",
        "Scheduling conflict",
        "dependencies",
        "/timeline",
        "Hoch: eine Massnahme beginnt vor einer Massnahme, von der sie abhängt (ein Befund pro abhängige Massnahme).",
        "High: a measure starts before a measure it depends on (one finding per dependent measure).",
        {"de": "{measure} beginnt vor {prereqs}", "en": "{measure} starts before {prereqs}"},
        {
            "de": "{measure} ({when}) hängt von {prereqs_when} ab, beginnt aber früher.",
            "en": "{measure} ({when}) depends on {prereqs_when} but starts earlier.",
        },
        "gaps:scheduling_conflicts",
    ),
    _k(
        "dependency-cycle",
        "Zirkuläre Abhängigkeit",
        "Dependency cycle",
        "dependencies",
        "/views/dependencies",
        "Hoch: Massnahmen hängen im Kreis voneinander ab.",
        "High: measures depend on each other in a circle.",
        {"de": "Zirkuläre Abhängigkeit zwischen {measures}", "en": "Circular dependency among {measures}"},
        {
            "de": "Diese Massnahmen hängen im Kreis voneinander ab; keine kann zuerst fertig werden.",
            "en": "These measures depend on each other in a circle; none can be finished first.",
        },
        "gaps:dependency_cycles",
    ),
    _k(
        "knock-on-risk",
        "Verzögerung mit Folgewirkung",
        "Delay with knock-on effect",
        "dependencies",
        "/views/dependencies",
        "Mittel: die Verzögerung hält Massnahmen eines anderen Handlungsfelds auf; tief: nur "
        "im eigenen (mindestens zwei wartende Massnahmen).",
        "Medium: the delay holds up measures of another action field; low: only in its own (at "
        "least two waiting measures).",
        {"de": "Verzögert sich {measure}, warten {n} Massnahmen", "en": "If {measure} is delayed, {n} measures wait"},
        {
            "de": "Von {measure} hängen direkt oder indirekt {held} ab{other}.",
            "en": "{held} depend on {measure} directly or indirectly{other}.",
        },
        "crossfield:knock_on_findings",
    ),
    _k(
        "cross-field-link",
        "Handlungsfeldübergreifende Verbindung",
        "Link across action fields",
        "cross-field",
        "/views/plan",
        "Ein Befund pro Handlungsfeld mit den späteren Feldern, mit denen es verknüpft ist. "
        "Mittel: eine Abhängigkeit führt über die Grenze; Info: nur dieselbe zitierte Massnahme "
        "oder derselbe zitierte Plan (verschiedene Massnahmen desselben Berichts zählen nicht).",
        "One finding per action field with the later fields it is linked to. Medium: a dependency "
        "crosses the boundary; info: only the same cited measure or the same cited plan "
        "(different measures of one report do not count).",
        {"de": "{field} ist mit {others} verknüpft", "en": "{field} is linked with {others}"},
        {
            "de": "Über die Grenze der Handlungsfelder hinweg: {parts}. Verzögerungen oder "
            "Änderungen wirken in beide Felder.",
            "en": "Across the boundary of the action fields: {parts}. Delays or changes affect both fields.",
        },
        "crossfield:cross_field_links",
    ),
    _k(
        "field-connector",
        "Klammer zwischen Handlungsfeldern",
        "Holds action fields together",
        "cross-field",
        "/views/collaboration",
        "Mittel: eine Akteurin, über die mindestens die Hälfte der kürzesten Wege zwischen "
        "Massnahmen verschiedener Felder führt; sonst Info.",
        "Medium: an actor on at least half of the shortest paths between measures of different fields; otherwise info.",
        {"de": "{node} hält die Handlungsfelder zusammen", "en": "{node} holds the action fields together"},
        {
            "de": "{share} der kürzesten Verbindungen zwischen Massnahmen verschiedener "
            "Handlungsfelder führen über {node}.",
            "en": "{share} of the shortest links between measures of different action fields pass through {node}.",
        },
        "crossfield:connector_findings",
    ),
    _k(
        "late-start",
        "Verspäteter Start",
        "Late start",
        "implementation",
        "/monitoring",
        "Hoch: das geplante Startquartal ist seit über 90 Tagen vorbei und kein Start gemeldet; "
        "mittel: vorbei, kein Start gemeldet; tief: der Start wurde erst nach dem Quartal gemeldet. "
        "Aufgegebene Massnahmen zählen nicht.",
        "High: the planned start quarter ended more than 90 days ago and no start is reported; "
        "medium: ended, no start reported; low: the start was reported only after the quarter. "
        "Dropped measures do not count.",
        {
            "de": "{example}{measure} nicht im geplanten Quartal {quarter} gestartet",
            "en": "{example}{measure} did not start in its planned quarter {quarter}",
        },
        {
            "de": "Der Plan sieht den Start von {measure} im {quarter} vor; gemeldet ist: {state} "
            "({days} Tage nach Quartalsende, Stand {asof}).",
            "en": "The plan has {measure} start in {quarter}; reported: {state} ({days} days after "
            "the end of the quarter, as of {asof}).",
        },
        "slippage:late_starts",
    ),
    _k(
        "started-before-prerequisite",
        "Start vor Abschluss der Voraussetzung",
        "Started before its prerequisite",
        "implementation",
        "/monitoring",
        "Hoch: eine Massnahme ist als gestartet gemeldet, bevor eine Massnahme, von der sie "
        "abhängt, als abgeschlossen gemeldet war.",
        "High: a measure is reported started before a measure it depends on was reported completed.",
        {
            "de": "{example}{measure} gestartet vor Abschluss von {prereqs}",
            "en": "{example}{measure} started before {prereqs} was completed",
        },
        {
            "de": "{measure} ist seit {started} als gestartet gemeldet, hängt aber ab von {prereqs_state}.",
            "en": "{measure} is reported started since {started} but depends on {prereqs_state}.",
        },
        "slippage:started_before_prerequisite",
    ),
    _k(
        "indicator-moving-away",
        "Indikator entfernt sich vom Ziel",
        "Indicator moving away from its target",
        "implementation",
        "/monitoring",
        "Mittel: der letzte Wert liegt weiter vom Ziel entfernt als der vorherige (oder der "
        "Ausgangswert); hoch: er liegt zudem auf der falschen Seite des Ausgangswerts.",
        "Medium: the latest value is farther from the target than the one before (or the "
        "baseline); high: it is also on the wrong side of the baseline.",
        {
            "de": "{example}{indicator}: {before} → {after}, weg vom Ziel {target}",
            "en": "{example}{indicator}: {before} → {after}, away from the target {target}",
        },
        {
            "de": "{indicator} ({unit}) lag zuletzt bei {after} (Stichtag {date}), vorher bei {before}; "
            "Ausgangswert {baseline}, Ziel {target} bis {target_date}.",
            "en": "{indicator} ({unit}) was last {after} (on {date}), {before} before; baseline "
            "{baseline}, target {target} by {target_date}.",
        },
        "slippage:indicators_moving_away",
    ),
    _k(
        "payments-lagging",
        "Auszahlungen hinter Plan",
        "Payments lagging the plan",
        "implementation",
        "/monitoring",
        "Ab der Jahresmitte: der ausbezahlte Anteil ist kleiner als die Hälfte des vergangenen "
        "Jahresanteils. Mittel; hoch, wenn das Jahr vorbei ist. Posten ohne Meldung zählen nicht.",
        "From mid-year on: the share paid is below half the share of the year gone by. Medium; "
        "high when the year has ended. Lines without a report do not count.",
        {
            "de": "{example}{line} {year}: {share} ausbezahlt",
            "en": "{example}{line} {year}: {share} paid",
        },
        {
            "de": "Von {planned} CHF für {year} sind bis {date} {paid} CHF ausbezahlt ({share}), "
            "während {gone} des Jahres vorbei sind.",
            "en": "Of CHF {planned} planned for {year}, CHF {paid} were paid by {date} ({share}), "
            "while {gone} of the year has gone by.",
        },
        "slippage:payments_lagging",
    ),
)


def kind(key: str) -> FindingKind:
    """The registry entry of ``key`` (``KeyError`` for an unknown kind)."""
    for k in REGISTRY:  # read at call time, so that an added entry is found
        if k.key == key:
            return k
    raise KeyError(key)


def groups() -> dict[str, list[str]]:
    """Group → the kind keys in it, in registry order."""
    out: dict[str, list[str]] = {g: [] for g in GROUPS}
    for k in REGISTRY:
        out[k.group].append(k.key)
    return out


def _fill(template: str, values: dict, lang: str) -> str:
    def pick(v):
        if isinstance(v, dict) and lang in v:
            return v[lang]
        return v

    return template.format(**{name: pick(v) for name, v in values.items()})


def make(key, severity, subject, values, evidence, statements=(), score=None):
    """A :class:`~igel_graph.analysis.findings.Finding` of kind ``key`` about
    ``subject``, its title and explanation filled from the kind's templates.

    ``values`` maps a template field to a string (same in both languages) or to
    ``{"de": …, "en": …}``.
    """
    from .findings import Finding

    k = kind(key)
    return Finding(
        key,
        severity,
        {lang: _fill(k.title[lang], values, lang) for lang in ("de", "en")},
        {lang: _fill(k.text[lang], values, lang) for lang in ("de", "en")},
        [subject, *evidence],
        list(statements),
        score=score,
        subject=subject,
    )
