"""Blank nodes get IRIs from what identifies them (records by content, claims by subject, property and key);
two nodes never share one silently; claims give the truthy view by rank."""

import os
import subprocess
import sys

import pytest
from rdflib import Literal, URIRef


from kaifm_kg import InputError
from kaifm_kg.build import build_graph, mint
from kaifm_kg.build.mint import mint_iris
from kaifm_kg.rdf.io import load_files, serialize
from kaifm_kg.rdf.namespaces import ID, KAIFM, ORG, RDF, SCHEMA

from conftest import PREFIXES

DATA = PREFIXES + """
korg:acme a kaifm:Organisation ; rdfs:label "Acme"@en , "애크미"@ko .
team:acme a kaifm:Consortium ; rdfs:label "Acme consortium"@en , "애크미 컨소시엄"@ko .
[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:acme ;
   org:role kaifm:LeadRole ; dcterms:source src:s1 .
model:m a kaifm:Model ; rdfs:label "M"@en , "엠"@ko ;
   kaifm:hasClaim
     [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "card" ; kaifm:value 519 ; kaifm:rank kaifm:PreferredRank ;
       dcterms:source src:s1 ] ,
     [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "press" ; kaifm:value 500 ; dcterms:source src:s2 ] ,
     [ kaifm:property kaifm:activeParameters ; kaifm:claimKey "card" ; kaifm:value 33 ; dcterms:source src:s1 ] ,
     [ kaifm:property kaifm:activeParameters ; kaifm:claimKey "press" ; kaifm:value 30 ; kaifm:rank kaifm:DeprecatedRank ;
       dcterms:source src:s2 ] ,
     [ kaifm:property kaifm:architecture ; kaifm:value "mixture of experts"@en ; dcterms:source src:s1 ] .
[] a kaifm:Outcome ; kaifm:stageOf stage:phase-1 ; kaifm:team team:acme ; kaifm:outcomeKind kaifm:Advanced ;
   dcterms:date "2026-01-15"^^xsd:date ; dcterms:source src:s1 ;
   kaifm:hasScore [ kaifm:criterion crit:total ; schema:ratingValue 90.2 ; schema:bestRating 100.0 ] .
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
    assert (outcome, KAIFM.outcomeKind, KAIFM.Advanced) in built
    assert (outcome, KAIFM.hasScore, URIRef(f"{outcome}/score/total")) in built


def test_claim_iris_name_subject_property_and_key_never_the_value(built):
    assert (ID["claim/model/m/totalParameters/card"], KAIFM.value, Literal(519)) in built
    assert (ID["claim/model/m/totalParameters/press"], KAIFM.rank, KAIFM.NormalRank) in built
    assert (ID["claim/model/m/architecture"], KAIFM.value, Literal("mixture of experts", lang="en")) in built


def test_truthy_view_keeps_preferred_else_normal_never_deprecated(built):
    model = ID["model/m"]
    assert set(built.objects(model, KAIFM.totalParameters)) == {Literal(519)}
    assert set(built.objects(model, KAIFM.activeParameters)) == {Literal(33)}
    assert set(built.objects(model, KAIFM.architecture)) == {Literal("mixture of experts", lang="en")}


def test_no_blank_nodes_remain(built):
    assert not [n for n in built.all_nodes() if n.__class__.__name__ == "BNode"]


def test_same_input_gives_same_iris_in_another_process_under_another_hash_seed(tmp_path, built):
    code = ("import sys\nfrom kaifm_kg.build import build_graph\nfrom kaifm_kg.rdf.io import serialize\n"
            "sys.stdout.buffer.write(serialize(build_graph([sys.argv[1]]), 'nt'))\n")
    seed = "2" if os.environ.get("PYTHONHASHSEED") != "2" else "1"
    again = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data.ttl")], capture_output=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    assert again.stdout == serialize(built, "nt")


def test_blank_node_without_a_rule_is_an_input_error(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + '[] rdfs:label "orphan"@en .\n', encoding="utf-8")
    with pytest.raises(InputError, match="cannot be given an IRI") as err:
        build_graph([path])
    assert "orphan" in str(err.value)


def test_a_corrected_value_keeps_the_claim_iri(tmp_path, built):
    path = tmp_path / "corrected.ttl"
    path.write_text(DATA.replace("kaifm:value 519 ;", "kaifm:value 520 ;")
                    .replace('"mixture of experts"@en', '"dense"@en'), encoding="utf-8")
    corrected = build_graph([path])
    assert set(corrected.subjects(KAIFM.property, None)) == set(built.subjects(KAIFM.property, None))
    assert (ID["claim/model/m/totalParameters/card"], KAIFM.value, Literal(520)) in corrected
    assert (ID["claim/model/m/architecture"], KAIFM.value, Literal("dense", lang="en")) in corrected


def _clash(tmp_path, text: str) -> str:
    path = tmp_path / "clash.ttl"
    path.write_text(DATA + text, encoding="utf-8")
    with pytest.raises(InputError, match="cannot share one IRI") as err:
        build_graph([path])
    return str(err.value)


def _line(needle: str, text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_rejoined_member_is_an_error_naming_both_records_until_a_record_key_tells_them_apart(tmp_path):
    rejoined = ("[] a kaifm:ConsortiumMembership ; org:organization team:acme ; org:member korg:acme ;\n"
                '   org:role kaifm:MemberRole ; schema:startDate "2026-03-01"^^xsd:date ; dcterms:source src:s2 .\n')
    message = _clash(tmp_path, rejoined)
    assert "<https://w3id.org/kaifm/id/membership/acme/acme>" in message and "kaifm:recordKey" in message
    path = tmp_path / "clash.ttl"
    first, second = _line("[] a kaifm:ConsortiumMembership", DATA), len(DATA.splitlines()) + 1
    assert f"{path}:{first} [" in message and "kaifm:LeadRole" in message
    assert f"{path}:{second} [" in message and "kaifm:MemberRole" in message
    path.write_text(DATA + rejoined.replace("org:role kaifm:MemberRole", 'kaifm:recordKey "rejoined" ; org:role kaifm:MemberRole'),
                    encoding="utf-8")
    built = build_graph([path])
    assert (ID["membership/acme/acme"], ORG.role, KAIFM.LeadRole) in built
    assert (ID["membership/acme/acme/rejoined"], ORG.role, KAIFM.MemberRole) in built
    assert (ID["membership/acme/acme"], ORG.role, KAIFM.MemberRole) not in built


def test_two_keyless_claims_of_one_property_are_an_error_naming_both(tmp_path):
    message = _clash(tmp_path, "model:m kaifm:hasClaim\n"
                               "    [ kaifm:property kaifm:contextLength ; kaifm:value 4096 ; dcterms:source src:s1 ] ,\n"
                               "    [ kaifm:property kaifm:contextLength ; kaifm:value 8192 ; dcterms:source src:s2 ] .\n")
    assert "<https://w3id.org/kaifm/id/claim/model/m/contextLength>" in message and "kaifm:claimKey" in message
    lines = len(DATA.splitlines())
    assert f"clash.ttl:{lines + 2} [" in message and '"4096"' in message
    assert f"clash.ttl:{lines + 3} [" in message and '"8192"' in message


def test_a_clash_is_placed_at_each_node_s_opening_bracket_whatever_the_layout(tmp_path):
    message = _clash(tmp_path, "model:m\n    kaifm:hasClaim\n        [\n            kaifm:property kaifm:contextLength ;\n"
                               "            kaifm:value 4096 ;\n        ] ,\n        [ kaifm:property kaifm:contextLength ;"
                               " kaifm:value 8192 ] ;\n.\n")
    lines = len(DATA.splitlines())
    assert f"clash.ttl:{lines + 3} [" in message and f"clash.ttl:{lines + 7} [" in message


def test_a_key_that_is_not_a_slug_is_an_error_naming_the_claim(tmp_path):
    path = tmp_path / "bad-key.ttl"
    path.write_text(DATA.replace('kaifm:claimKey "press" ; kaifm:value 500', 'kaifm:claimKey "Press Release" ; kaifm:value 500'),
                    encoding="utf-8")
    with pytest.raises(InputError, match="must be one lower-case slug") as err:
        build_graph([path])
    assert "'Press Release'" in str(err.value) and f"bad-key.ttl:{_line('Press Release', path.read_text())}" in str(err.value)


def test_equal_amounts_are_one_value_node(tmp_path):
    path = tmp_path / "amounts.ttl"
    amount = '[ a schema:MonetaryAmount ; schema:value 100.0 ; schema:currency "KRW" ]'
    path.write_text(DATA + f"team:acme kaifm:hasClaim [ kaifm:property kaifm:totalBudget ; kaifm:value {amount} ;"
                           f" dcterms:source src:s1 ] ,\n    [ kaifm:property kaifm:gpuSupportBudget ;"
                           f" kaifm:value {amount} ; dcterms:source src:s2 ] .\n", encoding="utf-8")
    built = build_graph([path])
    assert set(built.subjects(SCHEMA.currency, Literal("KRW"))) == {ID["amount/100-krw"]}


def test_mint_iris_leaves_its_input_unchanged(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    raw = load_files([path])
    before = set(raw)
    minted = mint_iris(raw)
    assert set(raw) == before
    assert (ID["claim/model/m/architecture"], RDF.type, KAIFM.Claim) in minted
    assert (ID["outcome/phase-1/acme/score/total"], RDF.type, KAIFM.Score) in minted


def test_benchmark_names_give_a_readable_key():
    assert mint._key(Literal("LiveCodeBench v6"), {}) == "livecodebench-v6"
    assert mint._key(Literal("점수"), {}) == mint._short_hash(Literal("점수").n3())


def test_the_shipped_claims_all_survive_the_build_each_under_its_own_iri(project, graph):
    written = list(load_files(project.graph_files()).objects(None, KAIFM.hasClaim))
    built = set(graph.subjects(RDF.type, KAIFM.Claim))
    assert len(written) == len(built) == len(set(graph.objects(None, KAIFM.hasClaim))) > 250
    keys = [str(k) for k in graph.objects(None, KAIFM.claimKey)]
    assert all(mint.KEY.fullmatch(k) for k in keys) and len(keys) >= 88
