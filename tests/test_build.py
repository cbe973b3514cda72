"""`kaifm-kg build`: three files and their SHA256SUMS, deterministic, isomorphic to the built graph, atomic on
failure."""

import json

import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from kaifm_kg.cli import cli
from conftest import SHIPPED

FILES = ("kaifm.ttl", "kaifm.nt", "kaifm.jsonld")
FORMATS = {"kaifm.ttl": "turtle", "kaifm.nt": "nt", "kaifm.jsonld": "json-ld"}


@pytest.mark.parametrize("path", SHIPPED.source_files(), ids=lambda p: p.name)
def test_every_shipped_turtle_file_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_three_files_and_says_so(dist):
    out, output = dist
    for name in FILES:
        assert (out / name).stat().st_size > 0
        assert f"wrote {out / name}" in output
    assert "kaifm:Consortium" in output
    assert f"wrote {out / 'SHA256SUMS'}" in output and "sha256sum -c SHA256SUMS" in output


@pytest.mark.parametrize("name", FILES)
def test_each_export_parses_back_isomorphic(dist, graph, name):
    out, _ = dist
    parsed = Graph().parse(out / name, format=FORMATS[name])
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_jsonld_through_pyld_is_isomorphic(dist, graph):
    out, _ = dist
    doc = json.loads((out / "kaifm.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(jsonld.expand(doc), {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), graph)


def test_build_is_byte_identical(dist, runner, tmp_path):
    out, _ = dist
    assert runner.invoke(cli, ["build", "--out", str(tmp_path)]).exit_code == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_syntax_error_names_file_and_line_and_keeps_previous_build(runner, project_copy, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", "--root", str(project_copy), "--out", str(out)]).exit_code == 0
    before = {name: (out / name).read_bytes() for name in FILES}
    broken = project_copy / "graph" / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n',
                      encoding="utf-8")
    result = runner.invoke(cli, ["build", "--root", str(project_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{broken}:3" in result.output
    assert {name: (out / name).read_bytes() for name in FILES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, "SHA256SUMS"])


def test_missing_root_folder_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["build", "--root", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "--root" in result.output
