"""Issue 10: the phase-2 evaluation and what followed, checked against the sources (see the notes in each test).

Each fact is looked up in the built graph with its sources; figures the ministry did not publish must say so.
"""

from decimal import Decimal

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import SKOS, XSD

from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, ORG, RDF, SCHEMA

STAGE = Namespace(ID["stage/"])
TEAM = Namespace(ID["team/"])
MODEL = Namespace(ID["model/"])
KORG = Namespace(ID["org/"])
SRC = Namespace(ID["source/"])
CRIT = Namespace(ID["criterion/"])
PLAN = Namespace(ID["plan/"])
PROG = Namespace(ID["programme/"])
SUPPORT = Namespace(ID["support/"])
DATASET = URIRef("https://w3id.org/kaifm/dataset")
SPDX = Namespace("http://spdx.org/licenses/")


def slug(node) -> str:
    return str(node).rsplit("/", 1)[-1]


def sources(graph, node) -> set[str]:
    return {slug(s) for s in graph.objects(node, DCTERMS.source)}


def claims(graph, subject, prop):
    """(value, claim node) for each claim of subject about prop."""
    return [(graph.value(c, KAIFM.value), c) for c in graph.objects(subject, KAIFM.hasClaim)
            if graph.value(c, KAIFM.property) == prop]


def claim(graph, subject, prop, value):
    """The one claim of subject giving value for prop; it must cite a source."""
    found = [c for v, c in claims(graph, subject, prop) if v == value]
    assert len(found) == 1, (subject, prop, value, [v for v, _ in claims(graph, subject, prop)])
    assert sources(graph, found[0]), found[0]
    return found[0]


def outcome(graph, stage, team):
    nodes = [o for o in graph.subjects(KAIFM.stageOf, STAGE[stage]) if graph.value(o, KAIFM.team) == TEAM[team]]
    assert len(nodes) == 1, (stage, team)
    return nodes[0]


# --- the phase-2 evaluation (MSIT releases of 18 and 20 Aug 2026; briefing of 18 Aug 2026) ---------------------------

def test_phase_2_is_completed_with_its_dates(graph):
    phase2 = STAGE["phase-2"]
    assert graph.value(phase2, KAIFM.stageStatus) == KAIFM.Completed
    assert graph.value(phase2, SCHEMA.startDate) == Literal("2026-08-07", datatype=XSD.date)
    assert graph.value(phase2, KAIFM.resultDate) == Literal("2026-08-18", datatype=XSD.date)
    assert (int(graph.value(phase2, KAIFM.teamsBefore)), int(graph.value(phase2, KAIFM.teamsAfter))) == (4, 3)
    assert "msit-20260818-phase-2-results" in sources(graph, phase2)
    leaders = STAGE["phase-2-leaders-published"]
    assert graph.value(leaders, SCHEMA.startDate) == Literal("2026-08-20", datatype=XSD.date)
    assert "msit-20260820-phase-2-explanation" in sources(graph, leaders)


def test_three_teams_advance_and_motif_is_eliminated(graph):
    for team in ("upstage", "sk-telecom", "lg-ai-research"):
        node = outcome(graph, "phase-2", team)
        assert graph.value(node, KAIFM.outcomeKind) == KAIFM.Advanced
        assert graph.value(node, DCTERMS.date) == Literal("2026-08-18", datatype=XSD.date)
        assert "msit-20260818-phase-2-results" in sources(graph, node)
        assert graph.value(node, KAIFM.grounds) is not None
    motif = outcome(graph, "phase-2", "motif-technologies")
    assert graph.value(motif, KAIFM.outcomeKind) == KAIFM.Eliminated
    assert graph.value(motif, KAIFM.grounds) is not None


def test_the_third_stage_is_planned_without_an_official_date(graph):
    final = STAGE["final-selection"]
    assert graph.value(final, KAIFM.stageStatus) == KAIFM.Planned
    assert graph.value(final, KAIFM.resultDate) is None
    assert graph.value(final, KAIFM.lastChecked) is not None
    assert graph.value(final, KAIFM.lastCheckedSource) is not None


# --- scores and their standing ---------------------------------------------------------------------------------------

def test_official_item_leaders_cite_the_explanatory_release(graph):
    """20 Aug 2026: the leader and its score for each item (AAII 11.9 Motif; expert 29.5 and public 7.6 LG; ...)."""
    expected = {("motif-technologies", "phase-2-aaii"): 11.9, ("lg-ai-research", "phase-2-expert"): 29.5,
                ("lg-ai-research", "phase-2-public"): 7.6}
    for (team, criterion), value in expected.items():
        scores = [s for s in graph.objects(outcome(graph, "phase-2", team), KAIFM.hasScore)
                  if graph.value(s, KAIFM.criterion) == CRIT[criterion]]
        assert len(scores) == 1, (team, criterion)
        assert float(graph.value(scores[0], SCHEMA.ratingValue)) == value
        assert int(graph.value(scores[0], KAIFM.placing)) == 1
        assert "msit-20260820-phase-2-explanation" in sources(graph, scores[0])
        assert graph.value(scores[0], KAIFM.officiallyPublished) is None


def test_category_averages_and_gaps_are_official(graph):
    averages = {slug(graph.value(s, KAIFM.criterion)): s for s in graph.objects(STAGE["phase-2"], KAIFM.averageScore)}
    assert float(graph.value(averages["phase-2-benchmark"], SCHEMA.ratingValue)) == 22.5
    assert float(graph.value(averages["phase-2-benchmark"], KAIFM.topToBottomGap)) == 4.0
    assert float(graph.value(averages["phase-2-user"], KAIFM.topToBottomGap)) == 5.0
    assert "msit-20260818-phase-2-results" in sources(graph, averages["phase-2-benchmark"])


def test_press_reported_totals_say_they_are_not_official(graph):
    totals = {"sk-telecom": 70.6, "upstage": 69.9, "lg-ai-research": 69.0, "motif-technologies": 65.8}
    for team, value in totals.items():
        node = claim(graph, outcome(graph, "phase-2", team), KAIFM.criterionScore, Literal(Decimal(str(value))))
        assert graph.value(node, KAIFM.criterion) == CRIT["phase-2-total"]
        assert graph.value(node, KAIFM.officiallyPublished) == Literal(False)
        assert graph.value(node, KAIFM.claimKey) == Literal("press-total")


def test_asking_for_official_figures_only_leaves_out_the_press_totals(graph):
    rows = graph.query("""
        SELECT ?value WHERE {
          ?o kaifm:stageOf <https://w3id.org/kaifm/id/stage/phase-2> ; kaifm:hasClaim ?c .
          ?c kaifm:property kaifm:criterionScore ; kaifm:value ?value .
          FILTER NOT EXISTS { ?c kaifm:officiallyPublished false }
        }""", initNs={"kaifm": KAIFM})
    assert list(rows) == []


# --- the rubrics of the two rounds -----------------------------------------------------------------------------------

def test_the_two_rubrics_compare_side_by_side(graph):
    rows = graph.query("""
        SELECT ?stage ?component ?points WHERE {
          ?stage kaifm:usesRubric ?rubric .
          ?component skos:inScheme ?rubric ; kaifm:weight ?points .
        }""", initNs={"kaifm": KAIFM, "skos": SKOS})
    points = {(slug(s), slug(c)): float(p) for s, c, p in rows}
    assert points[("phase-1", "total")] == points[("phase-2", "phase-2-total")] == 100.0
    assert {c: points[("phase-2", c)] for c in ("phase-2-aaii", "phase-2-nia-benchmark", "phase-2-expert",
                                                "phase-2-expert-users", "phase-2-public")} == {
        "phase-2-aaii": 25.0, "phase-2-nia-benchmark": 15.0, "phase-2-expert": 35.0,
        "phase-2-expert-users": 15.0, "phase-2-public": 10.0}
    assert graph.value(CRIT["phase-2-independence"], KAIFM.passFailCheck) == Literal(True)
    assert int(graph.value(CRIT["phase-2-expert"], KAIFM.evaluatorsTakingPart)) == 10
    assert int(graph.value(CRIT["phase-2-expert-users"], KAIFM.evaluatorsTakingPart)) == 49
    assert int(graph.value(CRIT["phase-2-public"], KAIFM.evaluatorsSelected)) == 200
    assert int(graph.value(CRIT["phase-2-public"], KAIFM.evaluatorsTakingPart)) == 185
    assert graph.value(CRIT["phase-2-aaii"], KAIFM.conductedBy) == KORG["artificial-analysis"]


# --- the phase-2 models ----------------------------------------------------------------------------------------------

def test_k_exaone_2_0(graph):
    """LG's README and Hugging Face collection: 750B total, 37B active, Apache-2.0, arXiv 2608.04505."""
    model = MODEL["k-exaone-2-0"]
    claim(graph, model, KAIFM.totalParameters, Literal(750000000000))
    claim(graph, model, KAIFM.activeParameters, Literal(37000000000))
    claim(graph, model, SCHEMA.license, SPDX["Apache-2.0"])
    claim(graph, model, KAIFM.huggingFaceId, Literal("LGAI-EXAONE/K-EXAONE-2.0-750B-A37B"))
    claim(graph, model, KAIFM.technicalReport, URIRef("https://arxiv.org/abs/2608.04505"))
    claim(graph, model, KAIFM.predecessorModel, MODEL["k-exaone"])
    assert (model, KAIFM.team, TEAM["lg-ai-research"]) in graph


@pytest.mark.parametrize("model, total, active, team", [
    ("a-x-k2", 688000000000, None, "sk-telecom"),
    ("solar-open-2", 250000000000, 15000000000, "upstage"),
    ("motif-3", 314000000000, None, "motif-technologies"),
])
def test_phase_2_models_have_size_team_and_sources(graph, model, total, active, team):
    assert (MODEL[model], KAIFM.totalParameters, Literal(total)) in graph
    if active:
        assert (MODEL[model], KAIFM.activeParameters, Literal(active)) in graph
    assert (MODEL[model], KAIFM.team, TEAM[team]) in graph
    assert (MODEL[model], KAIFM.submittedTo, STAGE["phase-2"]) in graph


def test_aaii_standings_are_dated_benchmark_results_by_artificial_analysis(graph):
    """The Artificial Analysis snapshot of 18 Aug 2026 (aieconlab data/aaii_snapshot.json)."""
    expected = {"motif-3": 47.4, "solar-open-2": 37.4, "a-x-k2": 35.0, "k-exaone-2-0": 31.0}
    found = {}
    for result in graph.subjects(RDF.type, KAIFM.BenchmarkResult):
        if str(graph.value(result, KAIFM.benchmark)) == "Artificial Analysis Intelligence Index":
            model = slug(graph.value(result, KAIFM.benchmarkedModel))
            if model in expected:
                assert graph.value(result, KAIFM.evaluatedBy) == KORG["artificial-analysis"]
                assert graph.value(result, DCTERMS.date) is not None
                assert sources(graph, result)
                found[model] = float(graph.value(result, KAIFM.benchmarkScore))
    assert found == expected


def test_derived_releases_point_to_their_base_model(graph):
    bases = {slug(o) for s, o in graph.subject_objects(KAIFM.quantisationOf)}
    bases |= {slug(o) for s, o in graph.subject_objects(KAIFM.derivedFromModel)}
    assert {"solar-open-2", "a-x-k2", "k-exaone-2-0"} <= bases


# --- teams, money, people --------------------------------------------------------------------------------------------

def test_sk_ax_and_technomatrix_join_sk_telecom_on_14_july_2026(graph):
    for member in ("sk-ax", "technomatrix"):
        nodes = [m for m in graph.subjects(ORG.member, KORG[member])
                 if graph.value(m, ORG.organization) == TEAM["sk-telecom"]]
        assert len(nodes) == 1
        assert graph.value(nodes[0], SCHEMA.startDate) == Literal("2026-07-14", datatype=XSD.date)
        assert sources(graph, nodes[0])


def test_gpu_support_per_period(graph):
    counts = {slug(s): int(graph.value(s, KAIFM.gpuCount))
              for s in (SUPPORT["gpu-2025-h2"], SUPPORT["gpu-2026-h1"], SUPPORT["gpu-2026-h2"])}
    assert counts == {"gpu-2025-h2": 500, "gpu-2026-h1": 768, "gpu-2026-h2": 1000}


def test_the_settled_2025_budget_is_preferred_and_its_parts_add_up(graph):
    amounts = {}
    for value, node in claims(graph, PROG["dokpamo"], KAIFM.totalBudget):
        amounts[float(graph.value(value, SCHEMA.value))] = node
    settled = amounts[213600000000.0]
    assert graph.value(settled, KAIFM.rank) == KAIFM.PreferredRank
    assert graph.value(settled, KAIFM.determinationMethod) == KAIFM.SettledFigure
    assert {193600000000.0, 200000000000.0} <= set(amounts)
    assert pytest.approx(213.6) == 158.6 + 50 + 5


def test_bae_is_deputy_prime_minister_from_1_october_2025(graph):
    titles = {}
    for position in graph.objects(ID["person/bae-kyung-hoon"], ORG.hasMembership):
        for value, node in claims(graph, position, KAIFM.postTitle):
            titles[str(value)] = node
    node = titles["Deputy Prime Minister and Minister of Science and ICT"]
    assert graph.value(node, SCHEMA.startDate) == Literal("2025-10-01", datatype=XSD.date)
    assert graph.value(node, KAIFM.rank) == KAIFM.PreferredRank
    assert sources(graph, node)


def test_related_programmes_are_their_own_entities(graph):
    for programme in ("modu-ai", "frontier-ai"):
        node = PROG[programme]
        assert (node, RDF.type, KAIFM.RelatedProgramme) in graph
        assert (node, RDF.type, KAIFM.Programme) not in graph
        assert (node, KAIFM.relatedTo, PROG["dokpamo"]) in graph
        assert not list(graph.objects(node, KAIFM.hasStage))


# --- sources, plans, the as-of date ----------------------------------------------------------------------------------

def test_every_source_has_exactly_one_evidence_level(graph):
    scheme = KAIFM.EvidenceLevelScheme
    for source in graph.subjects(RDF.type, KAIFM.SourceDocument):
        levels = list(graph.objects(source, KAIFM.evidenceLevel))
        assert len(levels) == 1, source
        assert (levels[0], SKOS.inScheme, scheme) in graph, source


def test_the_phase_2_releases_are_official_and_read_through_recorded_copies(graph):
    for name in ("msit-20260818-phase-2-results", "msit-20260820-phase-2-explanation"):
        source = SRC[name]
        assert graph.value(source, KAIFM.evidenceLevel) == KAIFM.OfficialRelease
        assert str(graph.value(source, SCHEMA.url)).startswith("https://www.korea.kr/")
        copy = graph.value(source, KAIFM.accessedVia)
        assert (copy, RDF.type, KAIFM.SourceCopy) in graph
        assert (copy, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source) in graph
        assert len(str(graph.value(copy, KAIFM.commit))) == 40


def test_every_plan_has_agent_date_status_and_source(graph):
    plans = set(graph.subjects(RDF.type, KAIFM.Plan))
    assert len(plans) >= 40
    for plan in plans:
        assert graph.value(plan, KAIFM.planAgent) is not None, plan
        assert graph.value(plan, KAIFM.statedOn) is not None, plan
        assert (graph.value(plan, KAIFM.planStatus), SKOS.inScheme, KAIFM.PlanStatusScheme) in graph, plan
        assert sources(graph, plan), plan
        if graph.value(plan, KAIFM.planStatus) == KAIFM.PlanOpen:
            assert graph.value(plan, KAIFM.lastChecked) is not None, plan


def test_the_programme_target_is_a_plan(graph):
    plan = PLAN["msit-target-95-percent"]
    assert graph.value(plan, KAIFM.planAgent) == KORG["msit"]
    assert graph.value(plan, KAIFM.targetPerformanceRatio) == Literal(Decimal("0.95"))
    assert graph.value(plan, KAIFM.planStatus) == KAIFM.PlanOpen


def test_the_dataset_says_how_far_it_is_curated(graph):
    as_of = graph.value(DATASET, KAIFM.curatedUpTo)
    assert as_of is not None and as_of.datatype == XSD.date
    newest = graph.value(DATASET, KAIFM.newestSourceRead)
    assert str(graph.value(newest, DCTERMS.issued)) == str(as_of)


def test_no_open_plan_or_planned_stage_is_past_its_date_unexplained(graph):
    as_of = str(graph.value(DATASET, KAIFM.curatedUpTo))
    for plan in graph.subjects(KAIFM.planStatus, KAIFM.PlanOpen):
        target = graph.value(plan, KAIFM.targetDate)
        if target is not None and str(target) < as_of[:len(str(target))]:
            assert graph.value(plan, KAIFM.openReason) is not None, plan
    for stage in graph.subjects(KAIFM.stageStatus, KAIFM.Planned):
        for date in graph.objects(stage, KAIFM.plannedDate):
            if str(date) < as_of[:len(str(date))]:
                assert graph.value(stage, KAIFM.openReason) is not None, stage


def test_imprecise_dates_carry_their_precision_in_the_datatype(graph):
    """No first-day date stands for a month or year: kaifm:datePrecision, where the build derives it, agrees."""
    units = {XSD.date: "unitDay", XSD.gYearMonth: "unitMonth", XSD.gYear: "unitYear"}
    for node, precision in graph.subject_objects(KAIFM.datePrecision):
        for _, value in graph.predicate_objects(node):
            if isinstance(value, Literal) and value.datatype in units and value.datatype != XSD.date:
                assert str(precision).endswith(units[value.datatype]), (node, value, precision)
