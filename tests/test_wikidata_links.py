"""The shipped links to Wikidata and ROR (graph/wikidata.ttl): exactly the verified identifiers, with evidence."""

import pytest
from rdflib import Literal, URIRef

from kaifm_kg.rdf.io import parse_file
from conftest import SHIPPED

from kaifm_kg.remote.links import render
from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, RDF, SKOS, WD

# The QIDs written in the "QID (verified)" column and the verified-identifier sections of the
# project's researched Wikidata identifiers (the facts file the graph was curated from), for the entities the
# graph has. Its unverified guesses (LG Corporation Q136778, Lee Jae-myung Q12612760) are not here.
EXPECTED_QIDS = {
    "org/msit": "Q33366149", "org/upstage": "Q127983087", "org/sk-telecom": "Q493145", "org/kaist": "Q39949",
    "org/seoul-national-university": "Q39913", "org/university-of-wisconsin-madison": "Q838330",
    "org/kakao": "Q17684312", "org/kt": "Q485908", "org/openai": "Q21708200", "org/anthropic": "Q116758847",
    "org/hyundai-motor-group": "Q59243", "org/postech": "Q40018", "org/korea-university": "Q39997",
    "org/yonsei-university": "Q39988", "org/hanyang-university": "Q40006", "org/sogang-university": "Q374457",
    "org/etri": "Q623863", "org/new-york-university": "Q49210", "org/hugging-face": "Q108943604",
    "org/nvidia": "Q182477", "org/sk-group": "Q494158",
}
# The ROR ids the same file lists for organisations of the graph (LG's record 03ddh2c27 mixes several
# LG companies, so LG Corporation is left without one).
EXPECTED_RORS = {
    "org/msit": "01wpjm123", "org/upstage": "015tdma78", "org/sk-telecom": "015jqby91", "org/kaist": "05apxxy63",
    "org/seoul-national-university": "04h9pn542", "org/university-of-wisconsin-madison": "01y2jtd41",
    "org/kakao": "02kb2dn85", "org/kt": "043n4tt17", "org/openai": "05wx9n238", "org/anthropic": "056y0v115",
    "org/hyundai-motor-group": "05kxbz959", "org/postech": "04xysgw12", "org/korea-university": "047dqcg40",
    "org/yonsei-university": "01wjejq96", "org/hanyang-university": "046865y68", "org/sogang-university": "056tn4839",
    "org/etri": "03ysstz10", "org/new-york-university": "0190ak572", "org/hugging-face": "02grspc61",
    "org/nvidia": "03jdj4y14", "org/sk-group": "03696td91", "org/naver": "04nzrnx83", "org/naver-cloud": "041051y78",
    "org/lg-ai-research": "00nt82y31", "org/nia": "02hjfaw18",
}


def _by_entity(graph, prop) -> dict:
    return {str(s)[len(str(ID)):]: str(o) for s, o in graph.subject_objects(prop)}


def test_the_graph_links_every_verified_qid_and_no_other(graph):
    assert _by_entity(graph, KAIFM.wikidataId) == EXPECTED_QIDS


def test_the_graph_carries_the_listed_ror_ids(graph):
    assert _by_entity(graph, KAIFM.rorId) == EXPECTED_RORS


@pytest.mark.parametrize("qid", ["Q136778", "Q12612760", "Q486976", "Q483006", "Q30273328"])
def test_unverified_guesses_are_not_asserted(graph, qid):
    assert not list(graph.subjects(None, Literal(qid)))
    assert not list(graph.subjects(None, WD[qid]))


def test_each_identifier_has_its_iri_as_exact_match(graph):
    matches = {(str(s), str(o)) for s, o in graph.subject_objects(SKOS.exactMatch)}
    expected = {(str(ID[e]), str(WD[q])) for e, q in EXPECTED_QIDS.items()}
    expected |= {(str(ID[e]), f"https://ror.org/{r}") for e, r in EXPECTED_RORS.items()}
    assert matches == expected


def test_each_identifier_claim_says_how_it_was_established(graph):
    claims = [c for c in graph.subjects(RDF.type, KAIFM.Claim)
              if graph.value(c, KAIFM.property) in (KAIFM.wikidataId, KAIFM.rorId)]
    assert len(claims) == len(EXPECTED_QIDS) + len(EXPECTED_RORS)
    for claim in claims:
        assert graph.value(claim, KAIFM.linkMethod) == KAIFM.CuratedWithEvidence
        assert graph.value(claim, KAIFM.linkEvidence).language == "en"
        sources = set(graph.objects(claim, DCTERMS.source))
        ror = [s for s in sources if str(s).startswith(str(ID["source/ror-"]))]
        assert len(ror) == 1 and (ror[0], RDF.type, KAIFM.SourceDocument) in graph, claim
        url = graph.value(ror[0], URIRef("https://schema.org/url"))
        assert str(url) == f"https://ror.org/{str(ror[0]).rsplit('ror-', 1)[1]}"


def test_the_links_file_is_in_the_layout_accept_writes():
    path = SHIPPED.links_file
    text = path.read_bytes()
    assert render(parse_file(path)) == text
    assert text.startswith(b"# kaifm-kg: links to Wikidata and ROR.\n") and b"\nPREFIX kaifm: " in text
    assert not [line for line in text.splitlines() if line != line.rstrip()]  # no trailing spaces
