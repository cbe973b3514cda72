"""Docs that cannot drift: every command has help with an example and appears in the README, and every
example in the package's docstrings runs."""

import doctest
import importlib
from pathlib import Path

import pytest

import kaifm_kg
from kaifm_kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = Path(kaifm_kg.__file__).parent
# every module whose source holds a docstring example (>>>), by module name
EXAMPLES = sorted(".".join(("kaifm_kg", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
                  for p in PACKAGE.rglob("*.py") if ">>>" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_an_example_and_is_in_the_readme(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"kaifm-kg {command}" in README


def test_readme_gives_the_test_command_that_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest -q"
    assert command in README and command in ci


def test_the_package_and_the_query_engines_have_examples():
    assert {"kaifm_kg", "kaifm_kg.query.engines"} <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_docstring_examples_run(cache, name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0, result
