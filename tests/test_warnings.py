"""SHACL warnings (sh:severity sh:Warning) are reported but do not fail validation, build or release."""

from kaifm_kg import Project
from kaifm_kg.cli import cli

WARNING_SHAPE = """
@prefix sh:    <http://www.w3.org/ns/shacl#> .
@prefix kaifm: <https://w3id.org/kaifm/ontology#> .
@prefix kaifmsh: <https://w3id.org/kaifm/shapes#> .
kaifmsh:ModelNeedsAFamilyWarning a sh:NodeShape ;
    sh:targetClass kaifm:Model ;
    sh:property [ sh:path kaifm:modelFamily ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "A curator should look for this model's family."@en ] .
"""


def _with_warning_shape(root):
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + WARNING_SHAPE, encoding="utf-8")
    return Project.open(root)


def test_warnings_are_listed_but_the_graph_conforms(project_copy):
    report = _with_warning_shape(project_copy).validation()
    assert report.conforms and not report.violations
    warned = [r for r in report.results if r.severity == "Warning"]
    assert warned and all(r.shape == "kaifmsh:ModelNeedsAFamilyWarning" for r in warned)
    assert report.text.startswith(f"Conforms, with {len(warned)} warning(s)")
    assert "Warning: A curator should look for this model's family." in report.text


def test_validate_and_build_exit_0_and_print_the_warnings(runner, project_copy, tmp_path):
    _with_warning_shape(project_copy)
    checked = runner.invoke(cli, ["validate", "--root", str(project_copy)])
    assert checked.exit_code == 0, checked.output
    assert "warning(s)" in checked.output and "Warning:" in checked.output
    built = runner.invoke(cli, ["build", "--root", str(project_copy), "--out", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "dist" / "kaifm.ttl").is_file()
