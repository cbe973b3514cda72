"""Docs that cannot drift: every command has help with an example and appears in the README."""

import doctest
from pathlib import Path

import pytest

import kaifm_kg
from kaifm_kg.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_an_example_and_is_in_the_readme(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"kaifm-kg {command}" in README


def test_readme_gives_the_test_command_that_ci_runs():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest -q"
    assert command in README and command in ci


def test_the_package_docstring_example_runs():
    result = doctest.testmod(kaifm_kg)
    assert result.attempted > 0 and result.failed == 0
