"""No two ontology terms differ only in case (issue 10): the properties that did (kaifm:outcome beside the class
kaifm:Outcome, ...) were renamed in 0.2.0, and their old names stay as deprecated aliases that the build reads."""

from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kaifm_kg.build import build_graph
from kaifm_kg.rdf.io import load_files
from kaifm_kg.rdf.namespaces import DCTERMS, KAIFM, OWL
from conftest import SHIPPED

RENAMED = {"stage": "hasStage", "call": "appliedTo", "outcome": "outcomeKind", "score": "hasScore",
           "modelFamily": "inFamily", "model": "benchmarkedModel"}
ONTOLOGY = load_files(SHIPPED.ontology_files())


def _deprecated() -> set:
    return set(ONTOLOGY.subjects(OWL.deprecated, Literal(True)))


def test_no_two_current_terms_differ_only_in_case():
    terms = {str(t)[len(str(KAIFM)):] for t in ONTOLOGY.subjects() if str(t).startswith(str(KAIFM))
             and t not in _deprecated()}
    folded: dict[str, set] = {}
    for term in terms:
        folded.setdefault(term.casefold(), set()).add(term)
    assert [names for names in folded.values() if len(names) > 1] == []


def test_each_old_name_is_a_deprecated_alias_of_its_new_name_and_the_graph_uses_only_new_names():
    assert {str(t)[len(str(KAIFM)):] for t in _deprecated()} == set(RENAMED)
    graph = SHIPPED.graph()
    for old, new in RENAMED.items():
        assert ONTOLOGY.value(KAIFM[old], DCTERMS.isReplacedBy) == KAIFM[new]
        assert (KAIFM[old], OWL.equivalentProperty, KAIFM[new]) in ONTOLOGY
        assert KAIFM[new] not in _deprecated()
        assert not list(graph.triples((None, KAIFM[old], None))), old
        assert not list(graph.subjects(KAIFM.property, KAIFM[old])), old
        assert list(graph.triples((None, KAIFM[new], None))), new


DATA = """@prefix kaifm: <https://w3id.org/kaifm/ontology#> .
@prefix team: <https://w3id.org/kaifm/id/team/> .
@prefix stage: <https://w3id.org/kaifm/id/stage/> .
@prefix family: <https://w3id.org/kaifm/id/model-family/> .
@prefix src: <https://w3id.org/kaifm/id/source/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/kaifm/id/model/m> kaifm:hasClaim [ kaifm:property kaifm:{family} ; kaifm:value family:f ;
    dcterms:source src:s ] .
[ a kaifm:Outcome ; kaifm:stageOf stage:p ; kaifm:team team:t ; kaifm:{outcome} kaifm:Advanced ;
  dcterms:source src:s ] .
"""


def test_data_written_with_the_old_names_builds_the_graph_of_the_new_names(tmp_path):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(DATA.replace("{family}", "modelFamily").replace("{outcome}", "outcome"), encoding="utf-8")
    new.write_text(DATA.replace("{family}", "inFamily").replace("{outcome}", "outcomeKind"), encoding="utf-8")
    from_old, from_new = build_graph(SHIPPED.ontology_files() + [old]), build_graph(SHIPPED.ontology_files() + [new])
    assert isomorphic(from_old, from_new)
    claim = URIRef("https://w3id.org/kaifm/id/claim/model/m/inFamily")
    assert (claim, KAIFM.property, KAIFM.inFamily) in from_old
