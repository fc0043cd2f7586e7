"""Scale: the whole analysis on a synthetic 1M-triple dataset (15,000 actors, 60,000
measures) in an embedded Oxigraph store. Marked slow; the figures go to the benchmark
table (``igel generate`` of the store layer makes the official dataset; this test builds
a dataset of the same shape itself so that it does not depend on that command).

Run: ``pytest tests/analysis/test_scale.py -m slow -s``
"""

from __future__ import annotations

import itertools
import random
import resource as rlimit
import time

import pytest

from igel_graph.namespaces import IGEL, Graphs

pytestmark = pytest.mark.slow

ID = "https://w3id.org/igel/id/synthetic/"
ACTOR_TYPES = ("PublicAuthority", "CareProvider", "MunicipalBody", "Insurer", "Association",
               "EducationInstitution", "ResearchInstitution", "StakeholderGroup", "Forum", "Body")


def synthetic_ntriples(plans=250, fields=4, goals=3, measures=20, actors=15000, seed=1):
    """N-Triples of ``plans`` plans; each plan's first actor (a department) leads all its
    measures, the rest are drawn from a pool with a long-tailed popularity."""
    rnd = random.Random(seed)
    src, cur = [], []
    t = lambda s, p, o: f"<{s}> <{p}> {o} ."  # noqa: E731
    iri = lambda x: f"<{x}>"  # noqa: E731
    typ = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for a in range(actors):
        s = f"{ID}actor/{a}"
        src.append(t(s, typ, iri(IGEL[ACTOR_TYPES[a % len(ACTOR_TYPES)]])))
        src.append(t(s, label, f'"Akteur {a}"@de'))
        src.append(t(s, label, f'"Actor {a}"@en'))
    for q in range(32):
        s = f"{ID}quarter/{q}"
        src.append(t(s, str(IGEL.year), f'"{2025 + q // 4}"^^<http://www.w3.org/2001/XMLSchema#integer>'))
        src.append(t(s, str(IGEL.quarter), f'"{q % 4 + 1}"^^<http://www.w3.org/2001/XMLSchema#integer>'))
    pool = range(plans, actors)
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(pool))))
    for p in range(plans):
        plan = f"{ID}plan/{p}"
        dept = f"{ID}actor/{p}"
        plan_measures = []
        for f in range(fields):
            fi = f"{plan}/field/{f}"
            src.append(t(fi, typ, iri(IGEL.ActionField)))
            src.append(t(fi, str(IGEL.number), f'"{f + 1}"'))
            for g in range(goals):
                gi = f"{fi}/goal/{g}"
                src.append(t(gi, typ, iri(IGEL.Goal)))
                src.append(t(gi, str(IGEL.inActionField), iri(fi)))
                if rnd.random() < 0.3:
                    src.append(t(gi, str(IGEL.concerns), iri(f"{ID}actor/{rnd.randrange(actors)}")))
                for m in range(measures):
                    mi = f"{gi}/measure/{m}"
                    plan_measures.append(mi)
                    src += [t(mi, typ, iri(IGEL.Measure)), t(mi, str(IGEL.partOfPlan), iri(plan)),
                            t(mi, str(IGEL.contributesTo), iri(gi)),
                            t(mi, str(IGEL.number), f'"{f + 1}.{g + 1}.{m + 1}"'),
                            t(mi, label, f'"Massnahme {p}/{f}.{g}.{m}"@de'),
                            t(mi, label, f'"Measure {p}/{f}.{g}.{m}"@en'),
                            t(mi, str(IGEL.lead), iri(dept)),
                            t(mi, str(IGEL.start), iri(f"{ID}quarter/{rnd.randrange(32)}")),
                            t(mi, str(IGEL.theme), iri(f"{ID}theme/{rnd.randrange(6)}")),
                            t(mi, str(IGEL.text), f'"Volltext der Massnahme {p}/{f}.{g}.{m}"@de'),
                            t(mi, str(IGEL.text), f'"Full text of measure {p}/{f}.{g}.{m}"@en'),
                            t(mi, str(IGEL.sourcePassage), iri(f"{mi}/passage"))]
                    for a in rnd.choices(pool, cum_weights=cum, k=rnd.randint(0, 3)):
                        src.append(t(mi, str(IGEL.partner), iri(f"{ID}actor/{a}")))
                    for a in rnd.choices(pool, cum_weights=cum, k=rnd.randint(0, 1)):
                        src.append(t(mi, str(IGEL.addressee), iri(f"{ID}actor/{a}")))
        for mi in rnd.sample(plan_measures, len(plan_measures) // 10):
            cur.append(t(mi, str(IGEL.dependsOn), iri(rnd.choice(plan_measures))))
    return "\n".join(src) + "\n", "\n".join(cur) + "\n"


def test_whole_analysis_at_one_million_triples(tmp_path):
    from igel_graph.analysis import analyse, write_analysis
    from igel_graph.store.oxigraph import OxigraphStore

    source, curated = synthetic_ntriples()
    store = OxigraphStore(tmp_path / "store")
    store.load(source, Graphs.IGEL_PLAN, format="nt")
    store.load(curated, Graphs.CURATED, format="nt")
    size = store.size()
    assert size >= 900_000
    start = time.perf_counter()
    result = analyse(store, statements="all")
    analysed = time.perf_counter() - start
    stored = write_analysis(result, store)
    total = time.perf_counter() - start
    peak_mb = rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{size} triples; analyse {analysed:.1f} s, with storing {total:.1f} s "
          f"({stored} triples stored); peak RSS {peak_mb:.0f} MB; steps {result.timings}")
    assert result.networks["collaboration"]["nodes"] > 10_000
    assert result.findings
    assert total < 60
    assert peak_mb < 4096
    store.close()
