"""Blank nodes get content-derived IRIs; claims give the truthy view by rank."""

import pytest
from rdflib import Literal, URIRef


from kaifm_kg import InputError
from kaifm_kg.build import build_graph
from kaifm_kg.rdf.namespaces import ID, KAIFM, ORG

from conftest import PREFIXES

DATA = PREFIXES + """
korg:acme a kaifm:Organisation ; rdfs:label "Acme"@en , "애크미"@ko .
team:acme a kaifm:Consortium ; rdfs:label "Acme consortium"@en , "애크미 컨소시엄"@ko .
[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:acme ;
   org:role kaifm:LeadRole ; dcterms:source src:s1 .
model:m a kaifm:Model ; rdfs:label "M"@en , "엠"@ko ;
   kaifm:hasClaim
     [ kaifm:property kaifm:totalParameters ; kaifm:value 519 ; kaifm:rank kaifm:PreferredRank ; dcterms:source src:s1 ] ,
     [ kaifm:property kaifm:totalParameters ; kaifm:value 500 ; dcterms:source src:s2 ] ,
     [ kaifm:property kaifm:activeParameters ; kaifm:value 33 ; dcterms:source src:s1 ] ,
     [ kaifm:property kaifm:activeParameters ; kaifm:value 30 ; kaifm:rank kaifm:DeprecatedRank ; dcterms:source src:s2 ] ,
     [ kaifm:property kaifm:architecture ; kaifm:value "mixture of experts"@en ; dcterms:source src:s1 ] .
[] a kaifm:Outcome ; kaifm:stageOf stage:phase-1 ; kaifm:team team:acme ; kaifm:outcome kaifm:Advanced ;
   dcterms:date "2026-01-15"^^xsd:date ; dcterms:source src:s1 ;
   kaifm:score [ kaifm:criterion crit:total ; schema:ratingValue 90.2 ; schema:bestRating 100.0 ] .
"""


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return build_graph([path])


def test_membership_outcome_and_score_iris_come_from_content(built):
    membership = ID["membership/acme/acme"]
    assert (membership, ORG.role, KAIFM.LeadRole) in built
    outcome = ID["outcome/phase-1/acme"]
    assert (outcome, KAIFM.outcome, KAIFM.Advanced) in built
    assert (outcome, KAIFM.score, URIRef(f"{outcome}/score/total")) in built


def test_claim_iris_name_subject_property_and_value(built):
    claim = ID["claim/model/m/totalParameters/519"]
    assert (claim, KAIFM.rank, KAIFM.PreferredRank) in built
    assert (ID["claim/model/m/totalParameters/500"], KAIFM.rank, KAIFM.NormalRank) in built


def test_truthy_view_keeps_preferred_else_normal_never_deprecated(built):
    model = ID["model/m"]
    assert set(built.objects(model, KAIFM.totalParameters)) == {Literal(519)}
    assert set(built.objects(model, KAIFM.activeParameters)) == {Literal(33)}
    assert set(built.objects(model, KAIFM.architecture)) == {Literal("mixture of experts", lang="en")}


def test_no_blank_nodes_remain(built):
    assert not [n for n in built.all_nodes() if n.__class__.__name__ == "BNode"]


def test_same_input_gives_same_iris(tmp_path, built):
    again = tmp_path / "again.ttl"
    again.write_text(DATA, encoding="utf-8")
    assert set(build_graph([again])) == set(built)


def test_blank_node_without_a_rule_is_an_input_error(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + '[] rdfs:label "orphan"@en .\n', encoding="utf-8")
    with pytest.raises(InputError, match="cannot be given an IRI") as err:
        build_graph([path])
    assert "orphan" in str(err.value)


def test_literal_values_with_text_get_a_readable_key_and_hash(built):
    keys = [str(s) for s in built.subjects(KAIFM.value, Literal("mixture of experts", lang="en"))]
    assert len(keys) == 1 and keys[0].startswith(str(ID["claim/model/m/architecture/mixture-of-experts-"]))
    assert Literal("2026-01-15", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")) in set(built.objects(ID["outcome/phase-1/acme"], None))
