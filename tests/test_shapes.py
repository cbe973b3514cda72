"""The SHACL shapes (ontology/shapes.ttl) and `kaifm-kg validate`: each shape catches the mistake it is for."""

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

from conftest import BROKEN, SHIPPED

from kaifm_kg.build import build_graph
from kaifm_kg.cli import cli
from kaifm_kg.rdf.namespaces import ID, RDF
from kaifm_kg.build.validate import load_shapes, validate_graph

SHACL_SHACL = Path(__file__).parent / "data" / "shacl-shacl.ttl"
SHAPES = "https://w3id.org/kaifm/shapes#"

VALID = """\
@prefix kaifm:   <https://w3id.org/kaifm/ontology#> .
@prefix prog:    <https://w3id.org/kaifm/id/programme/> .
@prefix korg:    <https://w3id.org/kaifm/id/org/> .
@prefix team:    <https://w3id.org/kaifm/id/team/> .
@prefix person:  <https://w3id.org/kaifm/id/person/> .
@prefix model:   <https://w3id.org/kaifm/id/model/> .
@prefix family:  <https://w3id.org/kaifm/id/model-family/> .
@prefix stage:   <https://w3id.org/kaifm/id/stage/> .
@prefix crit:    <https://w3id.org/kaifm/id/criterion/> .
@prefix support: <https://w3id.org/kaifm/id/support/> .
@prefix place:   <https://w3id.org/kaifm/id/place/> .
@prefix src:     <https://w3id.org/kaifm/id/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix schema:  <https://schema.org/> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix plan:    <https://w3id.org/kaifm/id/plan/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix void:    <http://rdfs.org/ns/void#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .

src:s1 a kaifm:SourceDocument ; dcterms:title "Report one"@en ; dcterms:issued "2025-08-04"^^xsd:date ;
    kaifm:sourceKind kaifm:NewsArticleSource ; schema:url <https://example.org/one> ;
    kaifm:evidenceLevel kaifm:PressReport .
src:s2 a kaifm:SourceDocument ; dcterms:title "Report two"@en ; kaifm:evidenceLevel kaifm:OfficialRelease ;
    kaifm:accessedVia <https://w3id.org/kaifm/id/copy/s2-copy> ; dcterms:issued "2026-01"^^xsd:gYearMonth ;
    kaifm:datePrecision time:unitMonth .

<https://w3id.org/kaifm/id/copy/s2-copy> a kaifm:SourceCopy ; kaifm:copyKind kaifm:FullTextCopy ;
    prov:wasDerivedFrom src:s2 ; kaifm:repository "acme/notes" ; kaifm:commit "0123456789abcdef0123456789abcdef01234567" .

<https://w3id.org/kaifm/dataset> a void:Dataset ; rdfs:label "Fixture"@en , "픽스처"@ko ; dcterms:title "Fixture"@en ;
    owl:versionInfo "2026.01.15" ; kaifm:curatedUpTo "2026-01-15"^^xsd:date ; kaifm:newestSourceRead src:s2 .

prog:p a kaifm:Programme ; rdfs:label "Programme"@en , "사업"@ko ; dcterms:source src:s1 ;
    kaifm:hasStage stage:call , stage:selection , stage:kick-off , stage:phase-1 ;
    kaifm:hasClaim [ kaifm:property kaifm:fundedBy ; kaifm:value korg:ministry ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:totalBudget ; kaifm:claimKey "report-one" ;
          kaifm:value [ a schema:MonetaryAmount ; schema:value 100.0 ; schema:currency "KRW" ] ;
          kaifm:rank kaifm:PreferredRank ; kaifm:rankReason "Itemised."@en ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:totalBudget ; kaifm:claimKey "report-two" ;
          kaifm:value [ a schema:MonetaryAmount ; schema:value 120.0 ; schema:currency "KRW" ] ;
          kaifm:rank kaifm:DeprecatedRank ; kaifm:rankReason "Unverified."@en ; kaifm:rankEvidence src:s1 ;
          dcterms:source src:s2 ] .

stage:call a kaifm:Call ; rdfs:label "Call"@en , "공모"@ko ; kaifm:sequence 1 ; kaifm:stageStatus kaifm:Completed ;
    schema:startDate "2025-06-20"^^xsd:date ; schema:endDate "2025-07-21"^^xsd:date ; dcterms:source src:s1 .
stage:selection a kaifm:EvaluationRound ; rdfs:label "Selection"@en , "선정"@ko ; kaifm:sequence 2 ;
    kaifm:stageStatus kaifm:Completed ; kaifm:resultDate "2025-08-04"^^xsd:date ;
    kaifm:teamsBefore 2 ; kaifm:teamsAfter 1 ;
    kaifm:announcedBy person:kim ; schema:location place:hall ; dcterms:source src:s1 .
stage:kick-off a kaifm:Milestone ; rdfs:label "Kick-off"@en , "착수식"@ko ; kaifm:sequence 3 ;
    kaifm:stageStatus kaifm:Completed ; schema:startDate "2025-09-09"^^xsd:date ; dcterms:source src:s1 .
stage:phase-1 a kaifm:EvaluationRound ; rdfs:label "Phase 1"@en , "1차 평가"@ko ; kaifm:sequence 4 ;
    kaifm:stageStatus kaifm:Completed ; kaifm:resultDate "2026-01-15"^^xsd:date ; kaifm:criterion crit:total ;
    kaifm:usesRubric crit:scheme ;
    kaifm:averageScore [ kaifm:criterion crit:total ; schema:ratingValue 80.0 ; schema:bestRating 100.0 ;
                         dcterms:source src:s2 ] ;
    dcterms:source src:s2 .
crit:scheme a skos:ConceptScheme , kaifm:Rubric ; rdfs:label "Scheme"@en , "평가 체계"@ko ;
    skos:hasTopConcept crit:total ; dcterms:source src:s2 .
crit:total a skos:Concept , kaifm:RubricComponent ; skos:inScheme crit:scheme ; skos:topConceptOf crit:scheme ;
    skos:prefLabel "Total"@en , "총점"@ko ; rdfs:label "Total"@en , "총점"@ko ; kaifm:weight 100.0 ; dcterms:source src:s2 .

place:hall a schema:Place ; rdfs:label "Hall"@en , "홀"@ko ; dcterms:source src:s1 .

korg:ministry a kaifm:Organisation ; rdfs:label "Ministry"@en , "부처"@ko ;
    kaifm:organisationKind kaifm:GovernmentBody ; dcterms:source src:s1 .
korg:acme a kaifm:Organisation ; rdfs:label "Acme"@en , "애크미"@ko ; kaifm:organisationKind kaifm:Company ;
    skos:exactMatch <http://www.wikidata.org/entity/Q42> ; schema:url <https://acme.example> ; dcterms:source src:s1 ;
    kaifm:hasClaim [ kaifm:property kaifm:wikidataId ; kaifm:value "Q42" ; kaifm:linkMethod kaifm:CuratedWithEvidence ;
                     dcterms:source src:s1 ] .
korg:beta a kaifm:Organisation ; rdfs:label "Beta"@en , "베타"@ko ; dcterms:source src:s1 ;
    kaifm:hasClaim [ kaifm:property kaifm:parentOrganisation ; kaifm:value korg:acme ; dcterms:source src:s1 ] .

team:acme a kaifm:Consortium ; rdfs:label "Acme consortium"@en , "애크미 컨소시엄"@ko ;
    kaifm:leadOrganisation korg:acme ; kaifm:partOfProgramme prog:p ; dcterms:source src:s1 ;
    kaifm:hasClaim [ kaifm:property kaifm:memberCount ; kaifm:value 2 ; dcterms:source src:s1 ] .
team:beta a kaifm:Consortium ; rdfs:label "Beta consortium"@en , "베타 컨소시엄"@ko ;
    kaifm:leadOrganisation korg:beta ; kaifm:partOfProgramme prog:p ; dcterms:source src:s1 .

[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:acme ; org:role kaifm:LeadRole ;
   dcterms:source src:s1 .
[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:beta ; org:role kaifm:MemberRole ;
   kaifm:contribution "data"@en ; schema:startDate "2025-08"^^xsd:gYearMonth ; schema:endDate "2026-01"^^xsd:gYearMonth ;
   dcterms:source src:s1 .
[] a kaifm:ConsortiumMembership ; org:organization team:beta ; org:member korg:beta ; org:role kaifm:LeadRole ;
   dcterms:source src:s1 .

person:kim a kaifm:Person ; rdfs:label "Kim"@en , "김"@ko ; skos:altLabel "Gim"@en ; dcterms:source src:s1 ;
    org:hasMembership [ a kaifm:Position ; org:member person:kim ; org:organization korg:ministry ;
        org:role kaifm:OfficialRole ; kaifm:postTitle "Director"@en , "국장"@ko ;
        schema:startDate "2025-01-01"^^xsd:date ; dcterms:source src:s1 ] .

[ a kaifm:Application ; kaifm:appliedTo stage:call ; kaifm:applicant team:acme ; dcterms:date "2025-07-21"^^xsd:date ;
  dcterms:source src:s1 ] .
[ a kaifm:Outcome ; kaifm:stageOf stage:selection ; kaifm:team team:acme ; kaifm:outcomeKind kaifm:Selected ;
  dcterms:date "2025-08-04"^^xsd:date ; kaifm:grounds "Strong plan."@en ; dcterms:source src:s1 ] .
[ a kaifm:Outcome ; kaifm:stageOf stage:selection ; kaifm:team team:beta ; kaifm:outcomeKind kaifm:Eliminated ;
  dcterms:date "2025-08-04"^^xsd:date ; dcterms:source src:s1 ] .
[ a kaifm:Outcome ; kaifm:stageOf stage:phase-1 ; kaifm:team team:acme ; kaifm:outcomeKind kaifm:Advanced ;
  dcterms:date "2026-01-15"^^xsd:date ; kaifm:groundsCriterion crit:total ; dcterms:source src:s2 ;
  kaifm:hasScore [ kaifm:criterion crit:total ; schema:ratingValue 90.2 ; schema:bestRating 100.0 ] ;
  kaifm:hasClaim [ kaifm:property kaifm:criterionScore ; kaifm:value 90.5 ; kaifm:criterion crit:total ;
                   kaifm:officiallyPublished false ; dcterms:source src:s1 ] ] .

family:ax a kaifm:ModelFamily ; rdfs:label "AX"@en , "에이엑스"@ko ; dcterms:source src:s1 ;
    kaifm:hasClaim [ kaifm:property kaifm:developedBy ; kaifm:value korg:acme ; dcterms:source src:s1 ] .
model:ax-1 a kaifm:Model ; rdfs:label "AX 1"@en , "에이엑스 1"@ko ; dcterms:source src:s1 ;
    kaifm:hasClaim
        [ kaifm:property kaifm:developedBy ; kaifm:value team:acme ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:inFamily ; kaifm:value family:ax ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "model-card" ; kaifm:value 519000000000 ; kaifm:rank kaifm:PreferredRank ;
          kaifm:rankReason "The model card."@en ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "press" ; kaifm:value 500000000000 ; kaifm:approximate true ;
          dcterms:source src:s2 ] ,
        [ kaifm:property kaifm:activeParameters ; kaifm:value 33000000000 ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:huggingFaceId ; kaifm:value "acme/AX-1" ; dcterms:source src:s1 ] ,
        [ kaifm:property kaifm:modality ; kaifm:value kaifm:TextModality ; dcterms:source src:s1 ] ,
        [ kaifm:property schema:datePublished ; kaifm:value "2025-12"^^xsd:gYearMonth ; dcterms:source src:s2 ] .
[ a kaifm:BenchmarkResult ; kaifm:benchmarkedModel model:ax-1 ; kaifm:benchmark "KMMLU" ; kaifm:benchmarkScore 80.2 ;
  dcterms:source src:s1 ] .

support:gpu a kaifm:Support ; rdfs:label "GPUs"@en , "GPU"@ko ; kaifm:partOfProgramme prog:p ;
    kaifm:supportKind kaifm:GpuSupport ; kaifm:gpuCount 512 ; kaifm:recipient team:acme ;
    kaifm:amount [ a schema:MonetaryAmount ; schema:value 157600000000.0 ; schema:currency "KRW" ;
                   kaifm:reportedEquivalent [ a schema:MonetaryAmount ; schema:value 113000000.0 ; schema:currency "USD" ] ] ;
    dcterms:source src:s1 .

prog:other a kaifm:RelatedProgramme ; rdfs:label "Other programme"@en , "다른 사업"@ko ; dcterms:source src:s1 ;
    kaifm:hasClaim [ kaifm:property kaifm:relatedTo ; kaifm:value prog:p ; kaifm:relationKind kaifm:UsesModelsOf ;
                     dcterms:source src:s1 ] .

plan:two-teams a kaifm:Plan ; rdfs:label "Two teams by 2027"@en , "2027년까지 2개 팀"@ko ;
    kaifm:planKind kaifm:SchedulePlan ; kaifm:planAgent korg:ministry ; kaifm:statedOn "2025-08"^^xsd:gYearMonth ;
    kaifm:planStatus kaifm:PlanOpen ; kaifm:targetDate "2027"^^xsd:gYear ; kaifm:plannedTeamCount 2 ;
    kaifm:lastChecked "2026-01-15"^^xsd:date ; kaifm:lastCheckedSource src:s2 ;
    schema:description "Narrow the teams to two."@en ; dcterms:source src:s1 .
plan:first-cut a kaifm:Plan ; rdfs:label "First cut in December"@en , "12월 1차 평가"@ko ;
    kaifm:planKind kaifm:SchedulePlan ; kaifm:planAgent korg:ministry ; kaifm:statedOn "2025-08-04"^^xsd:date ;
    kaifm:planStatus kaifm:PlanSuperseded ; dcterms:isReplacedBy plan:two-teams ;
    kaifm:targetDate "2025-12"^^xsd:gYearMonth ; kaifm:concerns stage:phase-1 ;
    schema:description "A first cut in December."@en ; dcterms:source src:s1 .
"""

PLANNED_STAGE = """
prog:p kaifm:hasStage stage:final .
stage:final a kaifm:EvaluationRound ; rdfs:label "Final"@en , "최종"@ko ; kaifm:sequence 5 ;
    kaifm:stageStatus kaifm:Planned ; kaifm:plannedDate {date} ; {checked} dcterms:source src:s2 .
"""
CHECKED = 'kaifm:lastChecked "2026-01-15"^^xsd:date ; kaifm:lastCheckedSource src:s2 ;'


def case(name, old, new, focus, shape, message):
    """A negative fixture: VALID with old replaced by new (old "" appends new), and the problem expected."""
    return pytest.param(old, new, str(ID[focus]) if ":" not in focus else focus, SHAPES + shape, message, id=name)


CASES = [
    # labels
    case("missing_korean_label", 'rdfs:label "Acme"@en , "애크미"@ko', 'rdfs:label "Acme"@en',
         "org/acme", "LabelShape", "one in Korean (@ko)"),
    case("missing_english_label", 'rdfs:label "Kick-off"@en , "착수식"@ko', 'rdfs:label "착수식"@ko',
         "stage/kick-off", "LabelShape", "exactly one rdfs:label in English (@en)"),
    case("two_english_labels", "", 'korg:acme rdfs:label "ACME Corp."@en .',
         "org/acme", "LabelShape", "exactly one rdfs:label in English"),
    case("alt_label_without_language", 'skos:altLabel "Gim"@en', 'skos:altLabel "Gim"',
         "person/kim", "LabelShape", "needs a language tag"),
    # entities
    case("entity_iri_outside_base", "",
         '<http://example.org/acme> a kaifm:Organisation ; rdfs:label "X"@en , "엑스"@ko ; dcterms:source src:s1 .',
         "http://example.org/acme", "EntityShape", "must be under https://w3id.org/kaifm/id/"),
    case("malformed_wikidata_link", "<http://www.wikidata.org/entity/Q42>", "<https://www.wikidata.org/wiki/Q42>",
         "org/acme", "EntityShape", "Wikidata link"),
    case("wikidata_id_with_prefix", 'kaifm:value "Q42"', 'kaifm:value "wd:Q42"',
         "org/acme", "EntityShape", "A Wikidata id is one QID string"),
    case("link_method_outside_scheme", "kaifm:linkMethod kaifm:CuratedWithEvidence", "kaifm:linkMethod kaifm:Company",
         "claim/org/acme/wikidataId", "ClaimShape", "kaifm:LinkMethodScheme"),
    case("website_as_string", "schema:url <https://acme.example>", 'schema:url "https://acme.example"',
         "org/acme", "EntityShape", "must be an IRI"),
    case("entity_without_source", "kaifm:organisationKind kaifm:GovernmentBody ; dcterms:source src:s1 .",
         "kaifm:organisationKind kaifm:GovernmentBody .", "org/ministry", "EntityShape", "Cites no source"),
    case("fact_stated_directly_on_model", "", "model:ax-1 kaifm:contextLength 4096 .",
         "model/ax-1", "FactsAreClaims", "Stated directly on the entity"),
    # programme and organisations
    case("programme_without_stages",
         "kaifm:hasStage stage:call , stage:selection , stage:kick-off , stage:phase-1 ;", "",
         "programme/p", "ProgrammeShape", "lists its stages"),
    case("organisation_kind_outside_scheme", "kaifm:organisationKind kaifm:Company",
         "kaifm:organisationKind kaifm:TextModality", "org/acme", "OrganisationShape", "OrganisationKindScheme"),
    case("consortium_without_lead", "kaifm:leadOrganisation korg:beta ;", "",
         "team/beta", "ConsortiumShape", "exactly one lead organisation"),
    case("two_leads_at_once", "",
         "[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:ministry ;"
         " org:role kaifm:LeadRole ; dcterms:source src:s1 .",
         "team/acme", "OneLeadAtATime", "Two lead organisations at the same time"),
    case("lead_without_lead_membership", "org:organization team:beta ; org:member korg:beta ; org:role kaifm:LeadRole",
         "org:organization team:beta ; org:member korg:beta ; org:role kaifm:MemberRole",
         "team/beta", "LeadHasLeadMembership", "has no current kaifm:LeadRole membership"),
    case("person_iri_in_wrong_folder", "",
         'korg:lee a kaifm:Person ; rdfs:label "Lee"@en , "이"@ko ; dcterms:source src:s1 .',
         "org/lee", "PersonShape", "A person's IRI is id/person/"),
    # models
    case("parameter_count_as_string", "kaifm:value 519000000000", 'kaifm:value "519B"',
         "model/ax-1", "ModelShape", "Total parameters: one positive xsd:integer"),
    case("developer_not_an_organisation", "kaifm:property kaifm:developedBy ; kaifm:value team:acme",
         "kaifm:property kaifm:developedBy ; kaifm:value person:kim",
         "model/ax-1", "ModelShape", "developer is a kaifm:Organisation or a kaifm:Consortium"),
    case("hugging_face_id_as_url", '"acme/AX-1"', '"https://huggingface.co/acme/AX-1"',
         "model/ax-1", "ModelShape", "Hugging Face id"),
    case("modality_outside_scheme", "kaifm:value kaifm:TextModality", "kaifm:value kaifm:Company",
         "model/ax-1", "ModelShape", "ModalityScheme"),
    case("contested_parameters_without_preference",
         'kaifm:rank kaifm:PreferredRank ;\n          kaifm:rankReason "The model card."@en ;', "",
         "model/ax-1", "ModelShape", "prefer one claim"),
    case("more_active_than_total_parameters", "kaifm:value 33000000000", "kaifm:value 600000000000",
         "model/ax-1", "ActiveNotAboveTotal", "exceed total parameters"),
    case("family_developer_not_an_organisation", "kaifm:property kaifm:developedBy ; kaifm:value korg:acme",
         "kaifm:property kaifm:developedBy ; kaifm:value place:hall",
         "model-family/ax", "ModelFamilyShape", "developer is a kaifm:Organisation"),
    case("benchmark_score_as_integer", "kaifm:benchmarkScore 80.2", "kaifm:benchmarkScore 80",
         "benchmark-result/ax-1/kmmlu", "BenchmarkResultShape", "an xsd:decimal"),
    # stages
    case("stage_without_sequence", "kaifm:sequence 3 ;", "",
         "stage/kick-off", "StageShape", "exactly one kaifm:sequence"),
    case("stage_ends_before_it_starts", 'schema:endDate "2025-07-21"', 'schema:endDate "2025-06-01"',
         "stage/call", "EndNotBeforeStart", "before it begins"),
    case("stage_status_outside_scheme", "kaifm:sequence 3 ;\n    kaifm:stageStatus kaifm:Completed",
         "kaifm:sequence 3 ;\n    kaifm:stageStatus kaifm:Selected",
         "stage/kick-off", "StageShape", "StageStatusScheme"),
    case("more_teams_after_than_before", "kaifm:teamsAfter 1", "kaifm:teamsAfter 3",
         "stage/selection", "StageShape", "no more than teamsBefore"),
    case("stage_not_listed_by_programme", "stage:kick-off , stage:phase-1", "stage:phase-1",
         "stage/kick-off", "StageShape", "listed by exactly one programme"),
    case("two_stages_with_one_sequence_number", "kaifm:sequence 3", "kaifm:sequence 2",
         "stage/kick-off", "UniqueStageSequence", "has the same sequence number"),
    case("call_without_start_date", 'schema:startDate "2025-06-20"^^xsd:date ; ', "",
         "stage/call", "CallShape", "A call has a start date"),
    case("completed_round_without_result_date", 'kaifm:resultDate "2026-01-15"^^xsd:date ;', "",
         "stage/phase-1", "EvaluationRoundShape", "completed evaluation round gives the date of its result"),
    case("held_milestone_without_date", 'schema:startDate "2025-09-09"^^xsd:date ;', "",
         "stage/kick-off", "MilestoneShape", "milestone that took place gives its date"),
    # applications and outcomes
    case("applicant_not_a_consortium", "kaifm:applicant team:acme", "kaifm:applicant korg:ministry",
         "application/call/ministry", "ApplicationShape", "exactly one applicant, a kaifm:Consortium"),
    case("outcome_outside_scheme", "kaifm:outcomeKind kaifm:Advanced", "kaifm:outcomeKind kaifm:LeadRole",
         "outcome/phase-1/acme", "OutcomeShape", "a concept of kaifm:OutcomeScheme"),
    case("outcome_without_source", "kaifm:groundsCriterion crit:total ; dcterms:source src:s2 ;",
         "kaifm:groundsCriterion crit:total ;", "outcome/phase-1/acme", "OutcomeShape", "cites at least one source"),
    case("outcome_dated_before_selection", 'dcterms:date "2026-01-15"', 'dcterms:date "2025-07-01"',
         "outcome/phase-1/acme", "OutcomeAfterSelection", "before the team's selection"),
    case("advance_after_elimination", "",
         '[ a kaifm:Outcome ; kaifm:stageOf stage:phase-1 ; kaifm:team team:beta ; kaifm:outcomeKind kaifm:Advanced ;'
         ' dcterms:date "2026-01-15"^^xsd:date ; dcterms:source src:s2 ] .',
         "outcome/phase-1/beta", "NoAdvanceAfterElimination", "eliminated at an earlier stage"),
    case("score_above_best_rating", "schema:ratingValue 90.2", "schema:ratingValue 120.5",
         "outcome/phase-1/acme/score/total", "ScoreShape", "no higher than its schema:bestRating"),
    # memberships and positions
    case("membership_without_source", 'schema:endDate "2026-01"^^xsd:gYearMonth ;\n   dcterms:source src:s1 .',
         'schema:endDate "2026-01"^^xsd:gYearMonth .', "membership/acme/beta", "ConsortiumMembershipShape",
         "cites at least one source"),
    case("member_not_an_organisation", "org:member korg:beta ; org:role kaifm:MemberRole",
         "org:member person:kim ; org:role kaifm:MemberRole", "membership/acme/kim", "ConsortiumMembershipShape",
         "exactly one kaifm:Organisation"),
    case("role_outside_scheme", "org:role kaifm:MemberRole", "org:role kaifm:Advanced",
         "membership/acme/beta", "ConsortiumMembershipShape", "a concept of kaifm:RoleScheme"),
    case("membership_ends_before_it_begins", 'schema:endDate "2026-01"', 'schema:endDate "2025-01"',
         "membership/acme/beta", "EndNotBeforeStart", "before it begins"),
    case("membership_hung_off_consortium", "",
         "team:acme org:hasMembership [ a kaifm:ConsortiumMembership ; org:organization team:acme ;"
         " org:member korg:ministry ; org:role kaifm:MemberRole ; dcterms:source src:s1 ] .",
         "membership/acme/ministry", "ConsortiumMembershipShape", "Hung off the consortium"),
    case("post_ends_before_it_begins", 'schema:startDate "2025-01-01"^^xsd:date ;',
         'schema:startDate "2025-01-01"^^xsd:date ; schema:endDate "2024-06-01"^^xsd:date ;',
         "position/kim/ministry", "EndNotBeforeStart", "before it begins"),
    case("post_start_date_as_text", 'schema:startDate "2025-01-01"^^xsd:date ;', 'schema:startDate "January 2025" ;',
         "position/kim/ministry", "PositionShape", "A post has at most one start date"),
    # support and money
    case("support_kind_outside_scheme", "kaifm:supportKind kaifm:GpuSupport", "kaifm:supportKind kaifm:Company",
         "support/gpu", "SupportShape", "SupportKindScheme"),
    case("amount_as_integer", "schema:value 157600000000.0", "schema:value 157600000000",
         "amount/157600000000-krw", "MonetaryAmountShape", "non-negative xsd:decimal"),
    case("currency_not_iso_4217", 'schema:value 113000000.0 ; schema:currency "USD"',
         'schema:value 113000000.0 ; schema:currency "dollars"', "amount/113000000-dollars",
         "MonetaryAmountShape", "ISO 4217"),
    # claims and dates
    case("claim_without_source", "kaifm:value 2 ; dcterms:source src:s1", "kaifm:value 2",
         "claim/team/acme/memberCount", "ClaimShape", "A claim cites at least one source"),
    case("deprecated_claim_without_reason", 'kaifm:rankReason "Unverified."@en ;', "",
         "claim/programme/p/totalBudget/report-two", "ClaimShape", "says why in kaifm:rankReason"),
    case("rank_outside_scheme", "kaifm:rank kaifm:PreferredRank ;\n          kaifm:rankReason \"The model card.\"@en",
         "kaifm:rank kaifm:Completed ;\n          kaifm:rankReason \"The model card.\"@en",
         "claim/model/ax-1/totalParameters/model-card", "ClaimShape", "kaifm:RankScheme"),
    case("non_best_claim_value_outside_range", "kaifm:value 500000000000", 'kaifm:value "500B"',
         "claim/model/ax-1/totalParameters/press", "ClaimValueFitsRange", "does not fit the range"),
    case("record_key_on_a_claim", 'kaifm:value 2 ;', 'kaifm:value 2 ; kaifm:recordKey "second" ;',
         "claim/team/acme/memberCount", "RecordKeyShape", "not kaifm:recordKey"),
    case("two_preferred_values", "kaifm:value 500000000000 ;",
         'kaifm:value 500000000000 ; kaifm:rank kaifm:PreferredRank ; kaifm:rankReason "Rounded."@en ;',
         "model/ax-1", "OnePreferredValue", "More than one claim for"),
    case("precision_not_a_time_unit", "kaifm:datePrecision time:unitMonth .\n\n<https://w3id.org/kaifm/id/copy",
         "kaifm:datePrecision time:unitWeek .\n\n<https://w3id.org/kaifm/id/copy", "source/s2", "DatePrecisionShape", "time:unitDay"),
    case("precision_disagrees_with_datatype", '"2026-01"^^xsd:gYearMonth ;\n    kaifm:datePrecision time:unitMonth',
         '"2026-01"^^xsd:gYearMonth ;\n    kaifm:datePrecision time:unitYear', "source/s2",
         "DatePrecisionAgreesWithDatatype", "disagrees with this date's datatype"),
    case("month_written_as_first_day", '"2026-01"^^xsd:gYearMonth ;\n    kaifm:datePrecision time:unitMonth',
         '"2026-01-01"^^xsd:date ;\n    kaifm:datePrecision time:unitMonth', "source/s2",
         "DatePrecisionAgreesWithDatatype", "a month an xsd:gYearMonth"),
    # sources
    case("cited_source_not_described", 'rdfs:label "Beta"@en , "베타"@ko ; dcterms:source src:s1',
         'rdfs:label "Beta"@en , "베타"@ko ; dcterms:source src:s9', "source/s9", "CitedSourceShape",
         "not described as a kaifm:SourceDocument"),
    case("source_without_title", 'dcterms:title "Report two"@en ;', "",
         "source/s2", "SourceDocumentShape", "A source has a title"),
    case("source_date_as_text", 'dcterms:issued "2025-08-04"^^xsd:date', 'dcterms:issued "4 August 2025"',
         "source/s1", "SourceDocumentShape", "publication date"),
    case("source_without_evidence_level", "kaifm:evidenceLevel kaifm:PressReport", "",
         "source/s1", "SourceDocumentShape", "exactly one evidence level"),
    case("copy_commit_not_a_hash", '"0123456789abcdef0123456789abcdef01234567"', '"0123abc"',
         "copy/s2-copy", "SourceCopyShape", "40-digit"),
    # rubrics and scores
    case("rubric_without_source", "skos:hasTopConcept crit:total ; dcterms:source src:s2 .", "skos:hasTopConcept crit:total .",
         "criterion/scheme", "RubricShape", "A rubric cites at least one source"),
    case("rubric_points_as_integer", "kaifm:weight 100.0", "kaifm:weight 100",
         "criterion/total", "RubricComponentShape", "maximum points"),
    case("criterion_score_without_criterion", "kaifm:value 90.5 ; kaifm:criterion crit:total ;", "kaifm:value 90.5 ;",
         "claim/outcome/phase-1/acme/criterionScore", "CriterionScoreNamesCriterion", "names exactly one criterion"),
    # related programmes
    case("related_programme_not_related", "kaifm:hasClaim [ kaifm:property kaifm:relatedTo ; kaifm:value prog:p ;",
         "kaifm:hasClaim [ kaifm:property kaifm:operator ; kaifm:value korg:acme ;",
         "programme/other", "RelatedProgrammeShape", "related to at least one kaifm:Programme"),
    # plans
    case("plan_without_agent", "kaifm:planKind kaifm:SchedulePlan ; kaifm:planAgent korg:ministry ; kaifm:statedOn \"2025-08\"",
         "kaifm:planKind kaifm:SchedulePlan ; kaifm:statedOn \"2025-08\"",
         "plan/two-teams", "PlanShape", "A plan is held by at least one"),
    case("open_plan_not_checked", 'kaifm:lastChecked "2026-01-15"^^xsd:date ; kaifm:lastCheckedSource src:s2 ;\n    schema:description "Narrow',
         'schema:description "Narrow', "plan/two-teams", "OpenPlanChecked", "An open plan gives the date"),
    case("superseded_plan_without_successor", "dcterms:isReplacedBy plan:two-teams ;", "",
         "plan/first-cut", "SupersededPlanNamesSuccessor", "names the plan that replaced it"),
    case("open_plan_past_its_date", 'kaifm:targetDate "2027"^^xsd:gYear', 'kaifm:targetDate "2025"^^xsd:gYear',
         "plan/two-teams", "OpenPlanOverdue", "Stale: an open plan"),
    # planned stages and the as-of date
    case("planned_stage_not_checked", "", PLANNED_STAGE.replace("{date}", '"2027"^^xsd:gYear').replace("{checked}", ""),
         "stage/final", "OpenStageChecked", "A planned stage gives the date"),
    case("planned_stage_past_its_date", "", PLANNED_STAGE.replace("{date}", '"2025-12"^^xsd:gYearMonth').replace("{checked}", CHECKED),
         "stage/final", "PlannedStageOverdue", "Stale: planned for"),
    case("dataset_without_newest_source", " ; kaifm:newestSourceRead src:s2 .", " .",
         "https://w3id.org/kaifm/dataset", "DatasetShape", "names the newest source read"),
    case("as_of_date_before_newest_source", 'kaifm:curatedUpTo "2026-01-15"', 'kaifm:curatedUpTo "2025-12-31"',
         "https://w3id.org/kaifm/dataset", "CuratedUpToNewestSource", "publication date of the newest source read"),
]


def write_fixture(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """Write VALID, with old replaced by new (or new appended when old is empty), to tmp_path/name.ttl."""
    if old:
        assert VALID.count(old) == 1, f"{old!r} must occur once in VALID"
        text = VALID.replace(old, new)
    else:
        text = VALID + new + "\n"
    path = tmp_path / f"{name}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHIPPED.shapes_file)


@pytest.fixture(scope="module")
def checked(tmp_path_factory, shapes):
    """check(name, old, new) -> (built graph, report) of that fixture, built and validated once per module."""
    done = {}

    def check(name: str, old: str, new: str):
        if name not in done:
            path = write_fixture(tmp_path_factory.mktemp("fixtures"), name, old, new)
            graph = build_graph(SHIPPED.ontology_files() + [path])
            done[name] = graph, validate_graph(graph, shapes)
        return done[name]

    return check


def test_the_valid_fixture_conforms(checked):
    _, report = checked("valid", "", "")
    assert report.conforms, report.text


@pytest.mark.parametrize("old, new, focus, shape, message", CASES)
def test_each_negative_fixture_is_caught(checked, request, old, new, focus, shape, message):
    _, report = checked(request.node.callspec.id, old, new)
    hits = [r for r in report.results if r.focus == focus and r.shape == "kaifmsh:" + shape[len(SHAPES):]]
    assert hits, report.text
    warned = {r.severity for r in hits} == {"Warning"}  # the stale-facts checks warn; they do not fail the build
    assert report.conforms == warned, report.text
    assert any(message in r.messages["en"] and r.messages["ko"] for r in hits), report.text


def test_every_shape_has_a_negative_fixture(shapes):
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf) for s in shapes.subjects(p, None)}
    covered = {param.values[3] for param in CASES}
    assert {str(s) for s in targeted} <= covered


def test_shapes_follow_the_conventions_the_validator_relies_on(shapes):
    """Named shapes; a shape holds either core constraints or one SPARQL constraint; queries hold no comments
    (validate.py puts each query on one line); every message is in English and Korean."""
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) & set(shapes.subjects(SH.sparql, None)):
        assert not set(shapes.objects(shape, SH.property)), shape
        assert len(set(shapes.objects(shape, SH.sparql))) == 1, shape
    for shape in shapes.subjects(SH.targetClass, None):
        assert str(shape).startswith(SHAPES), shape
    for query in shapes.objects(None, SH.select):
        assert "#" not in query
    for node in set(shapes.subjects(SH.message, None)):
        assert {m.language for m in shapes.objects(node, SH.message)} == {"en", "ko"}, node


def test_shapes_are_valid_shacl(shapes):
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=Graph().parse(SHACL_SHACL), inference="none")
    assert conforms, text


def test_shipped_graph_conforms(graph):
    report = SHIPPED.validation()
    assert report.conforms, report.text


def rudof_verdict(graph: Graph) -> tuple[bool, set[str]]:
    """Whether graph conforms and which focus nodes fail, according to rudof, the second engine of validate."""
    pytest.importorskip("pyrudof")
    report = validate_graph(graph, load_shapes(SHIPPED.shapes_file), engine="pyrudof")
    return report.conforms, {r.focus for r in report.results}


@pytest.mark.parametrize("old, new", [pytest.param("", "", id="valid")] + [
    pytest.param(*param.values[:2], id=param.id) for param in CASES])
def test_pyrudof_agrees_with_pyshacl_on_the_fixtures(checked, request, old, new):
    graph, report = checked(request.node.callspec.id, old, new)
    assert rudof_verdict(graph) == (report.conforms, {r.focus for r in report.results})


def test_pyrudof_agrees_with_pyshacl_on_the_shipped_graph(graph):
    report = SHIPPED.validation()
    assert rudof_verdict(graph) == (report.conforms, {r.focus for r in report.results})


# --- the command line -----------------------------------------------------------------------------
# Each shape is checked on its fixture above, at library level; one failing project proves the wiring.

def test_validate_exits_1_naming_each_broken_entity(runner, broken_project):
    for engine in ("pyshacl", "pyrudof"):
        result = runner.invoke(cli, ["validate", "--root", str(broken_project), "--engine", engine])
        assert result.exit_code == 1, result.output
        lines = result.output.splitlines()
        for focus, message in BROKEN.items():
            assert any(f"<{ID[focus]}>" in line and message in line for line in lines), (engine, focus, result.output)


def test_validate_files_reports_label_iri_path_value_and_message(runner, tmp_path):
    path = write_fixture(tmp_path, "more_active_than_total_parameters", "kaifm:value 33000000000",
                         "kaifm:value 600000000000")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "exceed" in line)
    assert line.startswith(f"AX 1 <{ID['model/ax-1']}> kaifm:activeParameters")
    assert '"600000000000"^^xsd:integer' in line


@pytest.mark.parametrize("fmt, suffix", [("nt", ".nt"), ("json-ld", ".jsonld")])
def test_validate_reads_n_triples_and_json_ld(runner, tmp_path, fmt, suffix):
    path = tmp_path / f"valid{suffix}"
    Graph().parse(data=VALID, format="turtle").serialize(path, format=fmt, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_validate_unparseable_file_exits_2_naming_file_and_line(runner, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n',
                      encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:3" in result.output


def test_validate_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "nope.ttl" in result.output


@pytest.mark.parametrize("fmt", ["json", "ttl"])
def test_validate_formats(runner, tmp_path, fmt):
    path = write_fixture(tmp_path, "missing_korean_label", 'rdfs:label "Acme"@en , "애크미"@ko', 'rdfs:label "Acme"@en')
    result = runner.invoke(cli, ["validate", str(path), "--format", fmt])
    assert result.exit_code == 1
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["conforms"] is False
        hit = next(r for r in data["results"] if r["focus"] == str(ID["org/acme"]))
        assert hit["focus_label"] == "Acme" and hit["path"] == "rdfs:label" and hit["messages"]["ko"]
    else:
        report = Graph().parse(data=result.stdout, format="turtle")
        assert (None, SH.conforms, Literal(False)) in report
        assert (None, SH.focusNode, ID["org/acme"]) in report


def test_build_with_violations_writes_nothing_and_exits_1(runner, broken_project, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--root", str(broken_project), "--out", str(out)])
    assert result.exit_code == 1
    assert f"<{ID['org/upstage']}>" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_shapes_are_not_part_of_the_built_graph(graph):
    assert SHIPPED.shapes_file not in SHIPPED.ontology_files()
    assert (None, RDF.type, SH.NodeShape) not in graph
