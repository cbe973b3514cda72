"""The graph holds each stage of the programme, with its dates, outcomes and sources (checked against the sources)."""

import datetime

import pytest
from rdflib import Literal, Namespace

from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, ORG, RDF, RDFS, SCHEMA

STAGE = Namespace(ID["stage/"])


def slug(node) -> str:
    return str(node).rsplit("/", 1)[-1]


def date(text: str) -> Literal:
    return Literal(datetime.date.fromisoformat(text))


def outcomes(graph, stage: str, outcome) -> set[str]:
    """Teams with that outcome at that stage; every such outcome must cite a source and carry a date."""
    teams = set()
    for node in graph.subjects(KAIFM.stageOf, STAGE[stage]):
        if (node, KAIFM.outcomeKind, outcome) in graph:
            assert graph.value(node, DCTERMS.source) is not None, node
            assert graph.value(node, DCTERMS.date) is not None, node
            teams.add(slug(graph.value(node, KAIFM.team)))
    return teams


def assert_sourced(graph, node):
    assert list(graph.objects(node, DCTERMS.source)), f"{node} cites no source"


def test_stages_are_ordered_and_sourced(graph):
    stages = {slug(s): int(graph.value(s, KAIFM.sequence)) for s in graph.subjects(KAIFM.sequence, None)}
    order = sorted(stages, key=stages.get)
    assert order == ["call-2025", "document-review", "presentation-evaluation", "kick-off",
                     "first-public-presentation", "phase-1", "additional-call", "additional-evaluation",
                     "phase-2", "phase-2-leaders-published", "final-selection"]
    assert {slug(s) for s in graph.subjects(RDF.type, KAIFM.Stage)} == set(order)
    for name in order:
        assert_sourced(graph, STAGE[name])
        assert graph.value(STAGE[name], RDFS.label) is not None


def test_first_call_dates_and_fifteen_applicants(graph):
    call = STAGE["call-2025"]
    assert graph.value(call, SCHEMA.startDate) == date("2025-06-20")
    assert graph.value(call, SCHEMA.endDate) == date("2025-07-21")
    applicants = {slug(graph.value(a, KAIFM.applicant)) for a in graph.subjects(KAIFM.appliedTo, call)}
    assert applicants == {"naver-cloud", "lunit", "motif-technologies", "bionexus", "sionic-ai", "upstage",
                          "sk-telecom", "nc-ai", "lg-ai-research", "junctionmed", "kakao", "kt",
                          "konan-technology", "pion-corporation", "kaist"}
    for application in graph.subjects(KAIFM.appliedTo, call):
        assert_sourced(graph, application)


def test_document_review_narrows_fifteen_to_ten(graph):
    assert graph.value(STAGE["document-review"], KAIFM.resultDate) == date("2025-07-25")
    assert len(outcomes(graph, "document-review", KAIFM.Advanced)) == 10
    assert outcomes(graph, "document-review", KAIFM.NotSelected) == {
        "lunit", "bionexus", "sionic-ai", "junctionmed", "pion-corporation"}


def test_five_selected_and_five_not_on_4_august_2025(graph):
    assert graph.value(STAGE["presentation-evaluation"], KAIFM.resultDate) == date("2025-08-04")
    assert outcomes(graph, "presentation-evaluation", KAIFM.Selected) == {
        "naver-cloud", "upstage", "sk-telecom", "nc-ai", "lg-ai-research"}
    assert outcomes(graph, "presentation-evaluation", KAIFM.NotSelected) == {
        "kakao", "kt", "kaist", "konan-technology", "motif-technologies"}


def test_kick_off_and_first_public_presentation(graph):
    assert graph.value(STAGE["kick-off"], SCHEMA.startDate) == date("2025-09-09")
    presentation = STAGE["first-public-presentation"]
    assert graph.value(presentation, SCHEMA.startDate) == date("2025-12-30")
    venue = graph.value(presentation, SCHEMA.location)
    assert "COEX" in {str(l) for l in graph.objects(venue, RDFS.label) if l.language == "en"}.pop()


def test_phase_one_results_grounds_and_scores(graph):
    assert graph.value(STAGE["phase-1"], KAIFM.resultDate) == date("2026-01-15")
    assert outcomes(graph, "phase-1", KAIFM.Advanced) == {"lg-ai-research", "sk-telecom", "upstage"}
    assert outcomes(graph, "phase-1", KAIFM.Eliminated) == {"naver-cloud", "nc-ai"}
    naver = ID["outcome/phase-1/naver-cloud"]
    assert graph.value(naver, KAIFM.groundsCriterion) == ID["criterion/independence"]
    assert graph.value(naver, KAIFM.grounds) is not None
    lg_total = ID["outcome/phase-1/lg-ai-research/score/total"]
    assert float(graph.value(lg_total, SCHEMA.ratingValue)) == pytest.approx(90.2)
    weights = {slug(c): float(graph.value(c, KAIFM.weight)) for c in
               (ID["criterion/benchmark"], ID["criterion/expert"], ID["criterion/user"])}
    assert weights == {"benchmark": 40.0, "expert": 35.0, "user": 25.0}


def test_additional_call_applicants_and_teams_that_declined(graph):
    call = STAGE["additional-call"]
    assert graph.value(call, SCHEMA.startDate) == date("2026-01-23")
    assert graph.value(call, SCHEMA.endDate) == date("2026-02-12")
    applicants = {slug(graph.value(a, KAIFM.applicant)) for a in graph.subjects(KAIFM.appliedTo, call)}
    assert applicants == {"motif-technologies", "trillion-labs"}
    assert {"naver-cloud", "nc-ai"} <= outcomes(graph, "additional-call", KAIFM.Declined)


def test_motif_selected_on_20_february_2026(graph):
    assert graph.value(STAGE["additional-evaluation"], KAIFM.resultDate) == date("2026-02-20")
    assert outcomes(graph, "additional-evaluation", KAIFM.Selected) == {"motif-technologies"}
    assert outcomes(graph, "additional-evaluation", KAIFM.NotSelected) == {"trillion-labs"}


def test_second_stage_is_completed_and_final_two_are_planned(graph):
    # issue 10: phase 2 was evaluated from 7 Aug and decided on 18 Aug 2026; the third stage has no official date
    assert graph.value(STAGE["phase-2"], KAIFM.stageStatus) == KAIFM.Completed
    assert graph.value(STAGE["final-selection"], KAIFM.stageStatus) == KAIFM.Planned
    claims = list(graph.objects(STAGE["final-selection"], KAIFM.hasClaim))
    planned = {graph.value(c, KAIFM.value) for c in claims if graph.value(c, KAIFM.property) == KAIFM.plannedDate}
    assert len(planned) >= 2, "the sources disagree on when the final two are chosen"


def test_elice_joined_lg_consortium_on_25_february_2026(graph):
    membership = ID["membership/lg-ai-research/elice"]
    assert graph.value(membership, ORG.organization) == ID["team/lg-ai-research"]
    assert graph.value(membership, SCHEMA.startDate) == date("2026-02-25")
    assert_sourced(graph, membership)


def test_programme_names_ministry_agencies_and_goal(graph):
    programme = ID["programme/dokpamo"]
    labels = {l.language: str(l) for l in graph.objects(programme, RDFS.label)}
    assert labels["ko"] == "독자 AI 파운데이션 모델 프로젝트"
    assert graph.value(programme, KAIFM.fundedBy) == ID["org/msit"]
    assert {ID["org/nipa"], ID["org/nia"], ID["org/tta"]} <= set(graph.objects(programme, KAIFM.agency))
    assert float(graph.value(programme, KAIFM.targetPerformanceRatio)) == 0.95
    budget = graph.value(programme, KAIFM.totalBudget)
    assert str(graph.value(budget, SCHEMA.currency)) == "KRW"
