"""`kaifm-kg build`: every source parses; three files and their SHA256SUMS; a syntax error names its file and
line and keeps the previous build. That build writes the same in another process is in test_reproducible.py;
that its files (the release's files of the same names) parse back to the built graph, in test_export.py and
test_jsonld.py."""

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kaifm_kg import Project
from kaifm_kg.cli import cli
from kaifm_kg.export import BUILD_FILES
from kaifm_kg.rdf.prefixes import ID, PREFIXES
from conftest import SHIPPED


@pytest.mark.parametrize("path", SHIPPED.source_files(), ids=lambda p: p.name)
def test_every_shipped_turtle_file_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_three_files_and_their_sums_and_says_so(dist):
    out, output = dist
    for name in BUILD_FILES:
        assert (out / name).stat().st_size > 0
        assert f"wrote {out / name}" in output
    assert "kaifm:Consortium" in output
    assert f"wrote {out / 'SHA256SUMS'}" in output and "sha256sum -c SHA256SUMS" in output


def test_syntax_error_names_file_and_line_and_keeps_previous_build(runner, project_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in BUILD_FILES:  # what a previous build left
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in BUILD_FILES}
    broken = project_copy / "graph" / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n',
                      encoding="utf-8")
    result = runner.invoke(cli, ["build", "--root", str(project_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{broken}:3" in result.output
    assert {name: (out / name).read_bytes() for name in BUILD_FILES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(BUILD_FILES)


def test_missing_root_folder_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["build", "--root", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "--root" in result.output


def test_every_kind_of_iri_the_graph_mints_has_a_prefix():
    """A Turtle export names every IRI under id/ by a prefix, whether the graph was parsed from graph/*.ttl
    (which declare prefixes) or loaded from the N-Triples cache (which declares none)."""
    kinds = {str(term)[len(ID):].split("/")[0] for triple in SHIPPED.graph() for term in triple
             if str(term).startswith(ID) and "/" in str(term)[len(ID):]}
    assert kinds and {ID + kind + "/" for kind in kinds} <= set(PREFIXES.values())


def test_a_dump_the_cache_lost_is_written_again_from_the_graph_in_memory(cache, tmp_path, monkeypatch):
    project = Project.open(SHIPPED.root)
    project.graph()
    monkeypatch.setenv("KAIFM_KG_CACHE", str(tmp_path / "emptied"))
    dump = project.dump()
    assert dump.parent == tmp_path / "emptied"
    assert dump.read_bytes() == (cache / dump.name).read_bytes()
