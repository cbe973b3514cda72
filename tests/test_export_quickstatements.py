"""`kaifm-kg export --format quickstatements`: V1 commands for the graph's referenced facts about linked entities."""

import re

from kaifm_kg.cli import cli
from kaifm_kg.rdf.namespaces import KAIFM
from kaifm_kg import Project
from kaifm_kg.export.quickstatements import render

QID = re.compile(r"Q[1-9][0-9]*")


def _lines(graph) -> list[list[str]]:
    return [line.split("\t") for line in render(graph).decode("utf-8").splitlines()]


def test_the_programme_is_created_with_its_labels_then_its_facts(graph):
    lines = _lines(graph)
    assert lines[0] == ["CREATE"]
    assert ["LAST", "Len", '"Independent AI Foundation Model Project"'] in lines
    assert ["LAST", "Lko", '"독자 AI 파운데이션 모델 프로젝트"'] in lines
    assert ["LAST", "Ako", '"독파모"'] in lines
    assert ["LAST", "P31", "Q1298668"] in lines and ["LAST", "P17", "Q884"] in lines
    assert any(line[:3] == ["LAST", "P8324", "Q33366149"] for line in lines)


def test_every_fact_names_linked_items_and_cites_a_source_url(graph):
    linked = {str(q) for q in graph.objects(None, KAIFM.wikidataId)}
    facts = [line for line in _lines(graph) if len(line) > 3]
    participants = {line[2] for line in facts if line[1] == "P710"}
    assert {"Q127983087", "Q493145", "Q39949", "Q39913"} <= participants <= linked
    assert "Q49210" not in participants  # NYU was a research partner, not a member
    for line in facts:
        assert QID.fullmatch(line[2]) and line[2] in linked, line
        assert line[3] == "S854" and line[4].startswith('"http'), line
        assert len(line) == 5 or (len(line) == 7 and line[5] == "S577"), line
        assert len(line) == 5 or re.fullmatch(r"\+\d{4}-\d\d-\d\dT00:00:00Z/(9|10|11)", line[6]), line


def test_facts_between_linked_entities_and_a_linked_programme(project_copy):
    (project_copy / "graph" / "extra.ttl").write_text("""\
@prefix kaifm: <https://w3id.org/kaifm/ontology#> .
@prefix korg: <https://w3id.org/kaifm/id/org/> .
@prefix prog: <https://w3id.org/kaifm/id/programme/> .
@prefix src: <https://w3id.org/kaifm/id/source/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
korg:sk-telecom kaifm:hasClaim [ kaifm:property kaifm:parentOrganisation ; kaifm:claimKey "newsroom" ;
    kaifm:value korg:sk-group ;
    dcterms:source src:sktelecom-219714 ] .
prog:dokpamo kaifm:hasClaim [ kaifm:property kaifm:wikidataId ; kaifm:value "Q900999" ; dcterms:source src:msit-1212 ] .
""", encoding="utf-8")
    lines = _lines(Project.open(project_copy).graph())
    assert ["Q493145", "P749", "Q494158", "S854", '"https://news.sktelecom.com/?p=219714"'] in lines
    assert ["CREATE"] not in lines and not any(line[0] == "LAST" for line in lines)
    assert any(line[:3] == ["Q900999", "P710", "Q127983087"] for line in lines)


def test_the_cli_writes_the_commands(runner, tmp_path):
    out = tmp_path / "kaifm.qs.tsv"
    result = runner.invoke(cli, ["export", "--format", "quickstatements", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("CREATE\nLAST\tLen\t")
    printed = runner.invoke(cli, ["export", "--format", "quickstatements"])
    assert printed.output == out.read_text(encoding="utf-8")
    assert runner.invoke(cli, ["export", "--format", "turtle-star"]).exit_code == 2
