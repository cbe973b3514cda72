"""The corrections issue 10 lists, found by checking facts against their sources: each stays corrected (the
settled budget and the Deputy Prime Minister's start date are in test_phase2_facts.py)."""

from rdflib import Literal, URIRef

from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, SCHEMA


def _claims(graph, subject, prop):
    return [c for c in graph.objects(subject, KAIFM.hasClaim) if graph.value(c, KAIFM.property) == prop]


def test_42dot_is_sk_telecom_s_mobility_and_on_device_partner_not_services(graph):
    membership = ID["membership/sk-telecom/42dot"]
    truthy = set(graph.objects(membership, KAIFM.contribution))
    assert truthy == {Literal("mobility AI and on-device model development", lang="en")}
    services = [c for c in _claims(graph, membership, KAIFM.contribution)
                if str(graph.value(c, KAIFM.value)) == "services"]
    assert services and all(graph.value(c, KAIFM.rank) == KAIFM.DeprecatedRank for c in services)


def test_the_kim_chang_insight_is_in_english_and_dated_14_august_2025(graph):
    source = ID["source/kimchang-32721"]
    assert str(graph.value(source, DCTERMS.language)) == "en"
    assert str(graph.value(source, DCTERMS.issued)) == "2025-08-14"


def test_a_x_k1_s_licence_cites_the_model_card_not_the_readme(graph):
    (claim,) = _claims(graph, ID["model/a-x-k1"], SCHEMA.license)
    assert graph.value(claim, KAIFM.value) == URIRef("http://spdx.org/licenses/Apache-2.0")
    sources = set(graph.objects(claim, DCTERMS.source))
    assert ID["source/github-skt-a-x-k1"] not in sources
    assert any(graph.value(s, KAIFM.sourceKind) == KAIFM.ModelCardSource for s in sources)
    (report,) = _claims(graph, ID["model/a-x-k1"], KAIFM.technicalReport)
    assert ID["source/github-skt-a-x-k1"] not in set(graph.objects(report, DCTERMS.source))


def test_titles_we_supplied_say_so(graph):
    for source in ("article-002", "epium-skt-consortium"):
        assert graph.value(ID[f"source/{source}"], KAIFM.titleSupplied) == Literal(True), source

