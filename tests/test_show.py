"""`kaifm-kg show` and `stats`: what a user sees."""

from kaifm_kg.cli import cli


def test_show_lg_ai_research_prints_facts_with_sources(runner):
    result = runner.invoke(cli, ["show", "LG AI Research"])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/kaifm/id/org/lg-ai-research" in result.output
    assert "LG AI연구원" in result.output or "LG AI 연구원" in result.output
    assert "source:" in result.output
    assert "LG AI Research consortium" in result.output


def test_show_by_korean_label(runner):
    result = runner.invoke(cli, ["show", "업스테이지"])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/kaifm/id/org/upstage" in result.output
    assert "source:" in result.output


def test_show_by_prefixed_name_in_korean(runner):
    result = runner.invoke(cli, ["show", "model:a-x-k1", "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert "519000000000" in result.output
    assert "Other claims" in result.output


def test_unknown_name_exits_2_with_suggestions(runner):
    result = runner.invoke(cli, ["show", "LG AI Reserch"])
    assert result.exit_code == 2
    assert "nothing in the graph is called" in result.output
    assert "lg ai research" in result.output.lower()


def test_stats_counts_triples_and_classes(runner, graph):
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0
    assert f"triples\t{len(graph)}" in result.output
    assert "kaifm:Consortium\t" in result.output
