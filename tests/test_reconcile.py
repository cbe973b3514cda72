"""`kaifm-kg link`, `--accept` and `--check` against a real Oxigraph server holding Wikidata-shaped data."""

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kaifm_kg.rdf.io import parse_file
from kaifm_kg.cli import cli
from kaifm_kg.errors import InputError
from kaifm_kg import Project
from kaifm_kg.remote.links import accept, render
from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, SKOS, WD
from conftest import SHIPPED
from kaifm_kg.remote.reconcile import Subject, candidates, propose
from kaifm_kg.remote.wikidata import WikidataClient

FIXTURE = Path(__file__).parent / "data" / "wikidata-fixture.ttl"


@pytest.fixture(scope="module")
def wikidata(oxigraph_server) -> str:
    """The SPARQL endpoint of a server loaded with the Wikidata-shaped fixture."""
    return oxigraph_server(FIXTURE) + "/query"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KAIFM_KG_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def proposals(graph, wikidata, tmp_path_factory):
    client = WikidataClient(wikidata, cache=tmp_path_factory.mktemp("cache"))
    return propose(graph, client, "all")


def _ranked(proposals, iri: str) -> list:
    return [p for p in proposals if p.subject.iri == str(ID[iri])]


def test_the_company_ranks_above_its_product_of_the_same_name(proposals):
    first, second = _ranked(proposals, "org/naver-cloud")
    assert (first.qid, first.rank, first.certainty) == ("Q900102", 1, "certain")
    assert "ROR id 041051y78 matches" in "; ".join(first.reasons)
    assert second.qid == "Q900101"  # the product, despite its lower QID
    assert any("does not fit an organisation" in r for r in second.reasons)
    assert first.score > second.score


def test_the_right_one_of_two_people_of_the_same_name_ranks_first(proposals):
    first, second = _ranked(proposals, "person/kim-sung-hoon")
    assert first.qid == "Q900122" and second.qid == "Q900121"
    assert any("employer Upstage (Q127983087)" in r for r in first.reasons)
    assert first.certainty == "certain"


def test_a_name_only_match_is_never_certain(proposals):
    for proposal in proposals:
        strong = [r for r in proposal.reasons if "matches (P" in r or "is linked to this entity" in r]
        if not strong:
            assert proposal.certainty != "certain", proposal
    first, second = _ranked(proposals, "org/liner")
    assert (first.qid, first.certainty) == ("Q900112", "likely")
    assert "type business (Q4830453) fits an organisation" in first.reasons


def test_a_language_neutral_label_is_found(proposals):
    (found,) = _ranked(proposals, "org/twelve-labs")
    assert found.qid == "Q900151" and "English label 'Twelve Labs' is the item's label exactly" in found.reasons


def test_every_candidate_is_explained_and_linked_entities_are_skipped(proposals):
    assert all(p.reasons for p in proposals)
    assert not _ranked(proposals, "org/upstage")
    assert [p.certainty for p in _ranked(proposals, "org/ncsoft")] == ["none"]


def test_names_reach_the_endpoint_only_as_escaped_literals(wikidata, tmp_path):
    client = WikidataClient(wikidata, cache=tmp_path)
    nasty = Subject("https://example.org/x", "org", "x", (('Liner" } ?item ?p ?o . #', "en", False),
                                                             ("Liner\\", "en", True), ("라이너\n}", "ko", False)))
    assert candidates(client, nasty) == {}


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*")))).hexdigest()


def test_link_writes_ranked_proposals_to_the_review_file_and_nothing_into_graph(runner, wikidata, project_copy,
                                                                                tmp_path):
    before = _digest(project_copy / "graph"), _digest(SHIPPED.root / "graph")
    out = tmp_path / "proposals.csv"
    result = runner.invoke(cli, ["link", "--root", str(project_copy), "--endpoint", wikidata, "--type", "person",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (_digest(project_copy / "graph"), _digest(SHIPPED.root / "graph")) == before
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["qid"]]
    assert [(r["qid"], r["rank"]) for r in rows] == [("Q900122", "1"), ("Q900121", "2")]
    assert all(r["accept"] == "no" and r["explanation"] for r in rows)


def test_link_prints_a_table_with_explanations(runner, wikidata):
    result = runner.invoke(cli, ["link", "--endpoint", wikidata, "--type", "org"])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if "Q900102" in l)
    assert "certain" in line and "ROR id 041051y78 matches" in line


def test_accept_turns_accepted_rows_into_links_with_their_evidence(runner, wikidata, project_copy, tmp_path):
    out = tmp_path / "proposals.json"
    runner.invoke(cli, ["link", "--root", str(project_copy), "--endpoint", wikidata, "--out", str(out)])
    rows = json.loads(out.read_text(encoding="utf-8"))
    for row in rows:
        row["accept"] = "yes" if row["qid"] in ("Q900102", "Q900122") else "no"
    out.write_text(json.dumps(rows), encoding="utf-8")
    result = runner.invoke(cli, ["link", "--root", str(project_copy), "--accept", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 link(s) added" in result.output
    graph = Project.open(project_copy).graph()
    cloud = ID["org/naver-cloud"]
    assert (cloud, SKOS.exactMatch, WD.Q900102) in graph
    claim = next(c for c in graph.objects(cloud, KAIFM.hasClaim) if graph.value(c, KAIFM.property) == KAIFM.wikidataId)
    assert graph.value(claim, KAIFM.linkMethod) == KAIFM.ReviewedProposal
    assert "ROR id 041051y78 matches" in str(graph.value(claim, KAIFM.linkEvidence))
    assert graph.value(graph.value(claim, DCTERMS.source), KAIFM.sourceKind) == KAIFM.DatabaseRecordSource
    assert str(graph.value(ID["person/kim-sung-hoon"], KAIFM.wikidataId)) == "Q900122"
    with pytest.raises(InputError, match="already has a Wikidata link"):
        accept(Project.open(project_copy), out)
    _assert_in_the_links_layout(Project.open(project_copy).links_file)


def _assert_in_the_links_layout(path: Path) -> None:
    """The file is its own rendering (header, then longturtle), and the same bytes under another hash seed."""
    text = path.read_bytes()
    assert text.startswith(b"# kaifm-kg: links to Wikidata and ROR.\n") and render(parse_file(path)) == text
    code = ("import sys\nfrom kaifm_kg.rdf.io import parse_file\nfrom kaifm_kg.remote.links import render\n"
            "sys.stdout.buffer.write(render(parse_file(sys.argv[1])))\n")
    again = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "777"})
    assert again.stdout == text


def test_accept_refuses_a_bad_row_and_writes_nothing(runner, graph, project_copy, tmp_path):
    before = Project.open(project_copy).links_file.read_bytes()
    review = tmp_path / "review.json"
    row = {"action": "link", "entity": str(ID["org/ncsoft"]), "qid": "Q39913", "endpoint": "http://x/sparql",
           "retrieved": "2026-11-23", "accept": "yes"}
    review.write_text(json.dumps([row | {"qid": "Q12x"}]), encoding="utf-8")
    result = runner.invoke(cli, ["link", "--root", str(project_copy), "--accept", str(review)])
    assert result.exit_code == 2 and "row 1: 'Q12x' is not a Wikidata item id" in result.output, result.output
    for bad, message in (({}, "Q39913 is already the link of"), ({"action": "confirm"}, "has no kaifm:wikidataId"),
                         ({"entity": "https://example.org/nothing"}, "not an entity of the graph"),
                         ({"retrieved": "yesterday"}, "not a date"), ({"action": ""}, "cannot be accepted")):
        review.write_text(json.dumps([row | bad]), encoding="utf-8")
        with pytest.raises(InputError, match=message):
            accept(Project.open(project_copy), review)
    assert Project.open(project_copy).links_file.read_bytes() == before


def test_check_catches_a_redirected_and_a_relabelled_item(runner, wikidata):
    result = runner.invoke(cli, ["link", "--check", "--endpoint", wikidata])
    assert result.exit_code == 1, result.output
    assert "2 of 21 Wikidata links failed the check" in result.output
    assert "Seoul National University (Q39913: redirect)" in result.output
    assert "KT (Q485908: relabelled)" in result.output
    assert "Q39913 redirects to Q900013" in result.output
    assert result.output.count("  ok  ") == 19


def test_accepting_check_results_records_the_confirmation(runner, wikidata, project_copy, tmp_path):
    out = tmp_path / "check.csv"
    result = runner.invoke(cli, ["link", "--root", str(project_copy), "--check", "--endpoint", wikidata,
                                 "--out", str(out)])
    assert result.exit_code == 1 and out.exists()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    for row in rows:
        row["accept"] = "yes" if row["qid"] == "Q127983087" else "no"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(cli, ["link", "--root", str(project_copy), "--accept", str(out)])
    assert result.exit_code == 0 and "1 confirmed" in result.output, result.output
    links = parse_file(Project.open(project_copy).links_file)
    methods = {str(links.value(c, KAIFM.value)): links.value(c, KAIFM.linkMethod)
               for c in links.objects(ID["org/upstage"], KAIFM.hasClaim)}
    assert methods == {"Q127983087": KAIFM.ConfirmedByCheck, "015tdma78": KAIFM.CuratedWithEvidence}
    _assert_in_the_links_layout(Project.open(project_copy).links_file)
