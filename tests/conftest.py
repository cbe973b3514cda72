"""Shared fixtures: the built graph (once per session) and a CLI runner."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaifm_kg import build_graph
from kaifm_kg.paths import data_root

PREFIXES = """\
@prefix kaifm:   <https://w3id.org/kaifm/ontology#> .
@prefix korg:    <https://w3id.org/kaifm/id/org/> .
@prefix team:    <https://w3id.org/kaifm/id/team/> .
@prefix model:   <https://w3id.org/kaifm/id/model/> .
@prefix stage:   <https://w3id.org/kaifm/id/stage/> .
@prefix crit:    <https://w3id.org/kaifm/id/criterion/> .
@prefix src:     <https://w3id.org/kaifm/id/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix schema:  <https://schema.org/> .
@prefix time:    <http://www.w3.org/2006/time#> .
"""


@pytest.fixture(scope="session")
def graph():
    """The graph built from the shipped ontology and data."""
    return build_graph()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the shipped ontology/ and graph/ folders, for tests that break them."""
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(data_root() / folder, root / folder)
    return root
