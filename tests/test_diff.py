"""`kaifm-kg diff`: the change between two graphs, by entity and with labels, exactly."""

import json
import shutil
import subprocess

import pytest

from kaifm_kg.build import build_graph
from kaifm_kg.cli import cli
from kaifm_kg.history.diff import diff_graphs, format_report
from conftest import SHIPPED

OLD = """\
@prefix kaifm:   <https://w3id.org/kaifm/ontology#> .
@prefix korg:    <https://w3id.org/kaifm/id/org/> .
@prefix team:    <https://w3id.org/kaifm/id/team/> .
@prefix model:   <https://w3id.org/kaifm/id/model/> .
@prefix src:     <https://w3id.org/kaifm/id/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .

team:alpha a kaifm:Consortium ; rdfs:label "Alpha consortium"@en , "알파 컨소시엄"@ko ;
    kaifm:leadOrganisation korg:alpha ; dcterms:source src:one .
korg:alpha a kaifm:Organisation ; rdfs:label "Alpha"@en , "알파"@ko ; kaifm:organisationKind kaifm:Company ;
    dcterms:source src:one .
[] a kaifm:ConsortiumMembership ; org:organization team:alpha ; org:member korg:alpha ; org:role kaifm:LeadRole ;
    dcterms:source src:one .
model:m1 a kaifm:Model ; rdfs:label "M1"@en , "엠원"@ko ; dcterms:source src:one ;
    kaifm:hasClaim [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "one" ; kaifm:value 100 ;
                     kaifm:rank kaifm:PreferredRank ; dcterms:source src:one ] ,
                   [ kaifm:property kaifm:totalParameters ; kaifm:claimKey "two" ; kaifm:value 90 ;
                     dcterms:source src:two ] .
src:one a kaifm:SourceDocument ; dcterms:title "Source one"@en ; dcterms:issued "2026-01-01"^^xsd:date .
src:two a kaifm:SourceDocument ; dcterms:title "Source two"@en ; dcterms:issued "2026-01-02"^^xsd:date .
"""
# One fact changed (Alpha's kind), one entity added (Beta), one claim re-ranked (90: normal -> deprecated).
NEW = (OLD.replace("kaifm:organisationKind kaifm:Company ;\n    dcterms:source src:one .",
                   "kaifm:organisationKind kaifm:University ;\n    dcterms:source src:one .")
          .replace("kaifm:value 90 ;", "kaifm:value 90 ; kaifm:rank kaifm:DeprecatedRank ;")
       + 'korg:beta a kaifm:Organisation ; rdfs:label "Beta"@en , "베타"@ko ;\n'
         "    kaifm:organisationKind kaifm:Company ; dcterms:source src:two .\n")

ID = "https://w3id.org/kaifm/id/"
K = "https://w3id.org/kaifm/ontology#"


def _added(prop: str, label: str, new: dict) -> dict:
    return {"change": "added", "node": f"{ID}org/beta", "node_label": "Beta", "old": None,
            "property": prop, "property_label": label, "new": new}


EXPECTED = {
    "old": "old.ttl", "new": "new.ttl",
    "summary": {"entities_added": 1, "entities_removed": 0, "entities_changed": 1, "facts_added": 5,
                "facts_removed": 0, "facts_changed": 1, "claims_reranked": 1, "sources_added": 0,
                "sources_removed": 0},
    "entities": [
        {"iri": f"{ID}org/alpha", "label": "Alpha", "label_ko": "알파", "types": ["Organisation"],
         "status": "changed",
         "facts": [{"change": "changed", "node": f"{ID}org/alpha", "node_label": "Alpha",
                    "property": f"{K}organisationKind", "property_label": "organisation kind",
                    "old": {"iri": f"{K}Company", "label": "company"},
                    "new": {"iri": f"{K}University", "label": "university"}}]},
        {"iri": f"{ID}org/beta", "label": "Beta", "label_ko": "베타", "types": ["Organisation"], "status": "added",
         "facts": [
             _added("http://purl.org/dc/terms/source", "source", {"iri": f"{ID}source/two", "label": "Source two"}),
             _added("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "type",
                    {"iri": f"{K}Organisation", "label": "Organisation"}),
             _added("http://www.w3.org/2000/01/rdf-schema#label", "name",
                    {"label": "Beta", "value": "Beta", "language": "en"}),
             _added("http://www.w3.org/2000/01/rdf-schema#label", "name",
                    {"label": "베타", "value": "베타", "language": "ko"}),
             _added(f"{K}organisationKind", "organisation kind", {"iri": f"{K}Company", "label": "company"})]}],
    "claims_reranked": [
        {"claim": f"{ID}claim/model/m1/totalParameters/two", "entity": f"{ID}model/m1", "entity_label": "M1",
         "property": f"{K}totalParameters", "property_label": "total parameters",
         "value": {"label": "90", "value": "90", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
         "old_rank": {"iri": f"{K}NormalRank", "label": "normal"},
         "new_rank": {"iri": f"{K}DeprecatedRank", "label": "deprecated"}}],
    "sources_added": [],
    "sources_removed": [],
}


@pytest.fixture(scope="module")
def fixture_graphs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    (folder / "old.ttl").write_text(OLD, encoding="utf-8")
    (folder / "new.ttl").write_text(NEW, encoding="utf-8")
    return [build_graph(SHIPPED.ontology_files() + [folder / name]) for name in ("old.ttl", "new.ttl")]


def test_the_diff_of_two_fixture_graphs_is_exactly_right(fixture_graphs):
    report = diff_graphs(*fixture_graphs, "old.ttl", "new.ttl")
    assert report == EXPECTED
    assert json.loads(format_report(report, "json")) == EXPECTED


def test_the_markdown_names_entities_facts_and_ranks_in_words(fixture_graphs):
    text = format_report(diff_graphs(*fixture_graphs, "old.ttl", "new.ttl"), "md")
    assert "## Entities added\n\n- Beta / 베타 (Organisation)" in text
    assert "- changed: organisation kind: company → university" in text
    assert "- M1: total parameters = 90: normal → deprecated" in text


def test_a_corrected_claim_value_is_a_change_of_that_claim(fixture_graphs, tmp_path):
    (tmp_path / "corrected.ttl").write_text(OLD.replace("kaifm:value 90 ;", "kaifm:value 95 ;"), encoding="utf-8")
    corrected = build_graph(SHIPPED.ontology_files() + [tmp_path / "corrected.ttl"])
    report = diff_graphs(fixture_graphs[0], corrected)
    assert report["summary"]["facts_changed"] == 1 and report["summary"]["facts_added"] == 0
    [fact] = report["entities"][0]["facts"]
    assert (fact["node"], fact["change"], fact["old"]["value"], fact["new"]["value"]) == (
        f"{ID}claim/model/m1/totalParameters/two", "changed", "90", "95")


def test_no_change_is_said_so(fixture_graphs):
    report = diff_graphs(fixture_graphs[0], fixture_graphs[0])
    assert not any(report["summary"].values())
    assert "No changes." in format_report(report)


def test_the_cli_names_a_one_fact_edit_and_its_entity(runner, project_copy):
    models = project_copy / "graph" / "models.ttl"
    text = models.read_text(encoding="utf-8")
    assert text.count("kaifm:value 519000000000") == 1
    models.write_text(text.replace("kaifm:value 519000000000", "kaifm:value 520000000000"), encoding="utf-8")
    result = runner.invoke(cli, ["diff", "--root", str(project_copy), str(SHIPPED.root)])
    assert result.exit_code == 0, result.output
    assert "### A.X K1 / 에이닷엑스 K1 (Model)" in result.output
    assert "- changed: total parameters: 519000000000 → 520000000000" in result.output
    assert "Facts: 0 added, 0 removed, 2 changed." in result.output
    as_json = runner.invoke(cli, ["diff", "--format", "json", str(SHIPPED.root), str(project_copy)])
    report = json.loads(as_json.output)
    assert [e["label"] for e in report["entities"]] == ["A.X K1"]
    facts = {(f["node"], f["property_label"], f["change"]) for f in report["entities"][0]["facts"]}
    assert facts == {(f"{ID}model/a-x-k1", "total parameters", "changed"),
                     (f"{ID}claim/model/a-x-k1/totalParameters/developer", "value", "changed")}


def test_bad_input_is_exit_2_and_a_difference_is_exit_0(runner, tmp_path):
    assert runner.invoke(cli, ["diff", str(tmp_path / "nowhere"), str(SHIPPED.root)]).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert runner.invoke(cli, ["diff", str(tmp_path / "empty"), str(SHIPPED.root)]).exit_code == 2
    assert runner.invoke(cli, ["diff", str(SHIPPED.root), str(SHIPPED.root)]).exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revisions_of_graph_are_built_and_compared(runner, project_copy):
    def git(*args):
        subprocess.run(["git", "-C", str(project_copy), *args], check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "ontology", "graph")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    people = project_copy / "graph" / "people.ttl"
    people.write_text(people.read_text(encoding="utf-8").replace('"Bae Kyung-hoon"@en', '"Bae Kyunghoon"@en'),
                      encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "second")
    result = runner.invoke(cli, ["diff", "--root", str(project_copy), "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "- changed: name: Bae Kyung-hoon → Bae Kyunghoon" in result.output
    assert runner.invoke(cli, ["diff", "--root", str(project_copy), "no-such-rev", "HEAD"]).exit_code == 2
