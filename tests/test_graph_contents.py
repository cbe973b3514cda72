"""The size and shape the foundation issue promises: teams, organisations, models, labels, contested claims."""

from rdflib import Literal

from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, ORG, RDF, RDFS


def instances(graph, cls):
    return set(graph.subjects(RDF.type, cls))


def test_counts_meet_the_promise(graph):
    assert len(instances(graph, KAIFM.Consortium)) >= 16
    members = set(graph.objects(None, ORG.member)) & instances(graph, KAIFM.Organisation)
    assert len(members) > 60
    assert len(instances(graph, KAIFM.EvaluationRound)) >= 6
    assert len(instances(graph, KAIFM.Model)) >= 8


def test_every_organisation_and_person_has_one_english_and_one_korean_label(graph):
    for node in instances(graph, KAIFM.Organisation) | instances(graph, KAIFM.Person):
        langs = sorted(l.language for l in graph.objects(node, RDFS.label) if isinstance(l, Literal))
        assert langs == ["en", "ko"], node
        korean = next(str(l) for l in graph.objects(node, RDFS.label) if l.language == "ko")
        assert any("\uac00" <= ch <= "\ud7a3" for ch in korean), node


def test_every_record_cites_a_source(graph):
    for cls in (KAIFM.ConsortiumMembership, KAIFM.Position, KAIFM.Outcome, KAIFM.Application, KAIFM.Claim):
        for node in instances(graph, cls):
            assert graph.value(node, DCTERMS.source) is not None, node


def test_every_cited_source_is_described(graph):
    for source in set(graph.objects(None, DCTERMS.source)):
        assert graph.value(source, DCTERMS.title) is not None, source
        assert graph.value(source, DCTERMS.issued) is not None, source


def test_contested_a_x_k1_parameters_keep_both_sources(graph):
    model = ID["model/a-x-k1"]
    claims = [c for c in graph.objects(model, KAIFM.hasClaim)
              if graph.value(c, KAIFM.property) == KAIFM.totalParameters]
    values = {int(graph.value(c, KAIFM.value)) for c in claims}
    assert {519_000_000_000, 500_000_000_000} <= values
    sources = {s for c in claims for s in graph.objects(c, DCTERMS.source)}
    assert ID["source/article-003"] in sources and len(sources) >= 2
    assert set(graph.objects(model, KAIFM.totalParameters)) == {Literal(519_000_000_000)}


def test_contested_budget_keeps_every_figure_with_its_source(graph):
    claims = [c for c in graph.objects(ID["programme/dokpamo"], KAIFM.hasClaim)
              if graph.value(c, KAIFM.property) == KAIFM.totalBudget]
    assert len(claims) >= 2
    assert all(graph.value(c, DCTERMS.source) is not None for c in claims)
    assert len([c for c in claims if graph.value(c, KAIFM.rank) == KAIFM.PreferredRank]) == 1


def test_riiid_membership_is_kept_as_a_deprecated_claim(graph):
    claims = [c for c in graph.subjects(KAIFM.value, ID["org/riiid"])
              if graph.value(c, KAIFM.property) == ORG.hasMember]
    assert claims and all(graph.value(c, KAIFM.rank) == KAIFM.DeprecatedRank for c in claims)
    assert ID["source/article-004"] in {s for c in claims for s in graph.objects(c, DCTERMS.source)}
    assert (ID["team/sk-telecom"], ORG.hasMember, ID["org/riiid"]) not in graph


def test_organisation_relationships(graph):
    assert (ID["org/nc-ai"], KAIFM.spunOffFrom, ID["org/ncsoft"]) in graph
    assert (ID["org/42dot"], KAIFM.parentOrganisation, ID["org/hyundai-motor-group"]) in graph
