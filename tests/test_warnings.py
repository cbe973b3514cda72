"""SHACL warnings (sh:severity sh:Warning) are reported but do not fail validation, build or release."""

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from kaifm_kg import Project
from kaifm_kg.build.validate import format_report
from kaifm_kg.cli import cli
from kaifm_kg.export.release import make_release

from conftest import copy_project

WARNING_SHAPE = """
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix kaifm: <https://w3id.org/kaifm/ontology#> .
@prefix kaifmsh: <https://w3id.org/kaifm/shapes#> .
kaifmsh:ModelNeedsAFamilyWarning a sh:NodeShape ;
    sh:targetClass kaifm:Model ;
    sh:property [ sh:path kaifm:inFamily ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "A curator should look for this model's family."@en ] .
"""


@pytest.fixture(scope="module")
def warned(tmp_path_factory, cache) -> Project:
    """A project copy whose shapes hold one more, of severity Warning, that some models break."""
    root = copy_project(tmp_path_factory.mktemp("warned") / "project")
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + WARNING_SHAPE, encoding="utf-8")
    return Project.open(root)


def test_warnings_are_listed_but_the_graph_conforms(warned):
    warned.check()  # passes (and its report is kept: `build` below need not validate again)
    report = warned.validation()
    assert report.conforms and not report.violations
    warned_results = [r for r in report.results if r.severity == "Warning"]
    assert warned_results and all(r.shape == "kaifmsh:ModelNeedsAFamilyWarning" for r in warned_results)
    assert report.text.startswith(f"Conforms, with {len(warned_results)} warning(s)")
    assert "Warning: A curator should look for this model's family." in report.text


def test_validate_and_build_exit_0_and_print_the_warnings(runner, warned, tmp_path):
    checked = runner.invoke(cli, ["validate", "--root", str(warned.root)])
    assert checked.exit_code == 0, checked.output
    assert "warning(s)" in checked.output and "Warning:" in checked.output
    built = runner.invoke(cli, ["build", "--root", str(warned.root), "--out", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "dist" / "kaifm.ttl").is_file()


def test_a_release_takes_the_report_kept_by_the_check_with_its_warnings_and_does_not_validate_again(
        warned, tmp_path, monkeypatch):
    warned.check()
    expected = Graph().parse(data=format_report(warned.validation(), "ttl"), format="turtle")
    assert (None, SH.resultSeverity, SH.Warning) in expected
    monkeypatch.setattr(Project, "validation", lambda *args, **kwargs: pytest.fail("validated again"))
    make_release(Project.open(warned.root), tmp_path / "release", date="2026-12-04")
    assert isomorphic(Graph().parse(tmp_path / "release" / "shacl-report.ttl", format="turtle"), expected)
