"""`kaifm-kg export`: every format parses back to the built graph, named graphs by source, CSV tables, and the
command's options. The formats are read from the session's release (conftest.released), which holds every one
of them as `render` makes it for `export`; kaifm.jsonld is parsed back in test_jsonld.py."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kaifm_kg.cli import cli

from kaifm_kg.export import EXPORT_FORMATS, guess_format, render
from kaifm_kg.project import Project
from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, RDF, RDFS, SCHEMA, XSD
from kaifm_kg.export.quads import DEFAULT
from kaifm_kg.export.csvzip import TABLES

GRAPH_FILES = {"kaifm.ttl": "turtle", "kaifm.nt": "nt", "kaifm.rdf": "xml"}
QUAD_FILES = {"kaifm.nq": "nquads", "kaifm.trig": "trig"}
SRC = Namespace(ID["source/"])


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_each_graph_export_parses_back_isomorphic(released, graph, name):
    parsed = Graph().parse(released[0] / name, format=GRAPH_FILES[name])
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


@pytest.mark.parametrize("name", QUAD_FILES)
def test_the_named_graphs_together_are_the_build(released, graph, name):
    dataset = Dataset()
    dataset.parse(released[0] / name, format=QUAD_FILES[name])
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, graph)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert URIRef(SRC["github-skt-a-x-k1"]) in names
    assert all(str(n).startswith(str(SRC)) for n in names if n != dataset.default_graph.identifier)


@pytest.fixture(scope="module")
def parts(released):
    """The released kaifm.trig's graphs, {source IRI: Graph, DEFAULT: the default graph}."""
    dataset = Dataset()
    dataset.parse(released[0] / "kaifm.trig", format="trig")
    return {DEFAULT if g.identifier == dataset.default_graph.identifier else g.identifier: g
            for g in dataset.graphs() if len(g)}


def test_a_claim_and_its_truthy_triple_are_in_each_of_its_sources_graphs(parts):
    model, claim = ID["model/a-x-k1"], ID["claim/model/a-x-k1/totalParameters/developer"]
    for source in ("github-skt-a-x-k1", "msit-1212", "prnewswire-302649836"):
        part = parts[SRC[source]]
        assert (model, KAIFM.totalParameters, None) in part
        assert (model, KAIFM.hasClaim, claim) in part
        assert (claim, KAIFM.rank, KAIFM.PreferredRank) in part
        assert (claim, DCTERMS.source, SRC[source]) in part
        assert len(list(part.objects(claim, DCTERMS.source))) == 1  # each graph names only itself
    assert (model, KAIFM.totalParameters, None) not in parts[SRC["article-003"]]  # the deprecated 500B claim's source
    assert (model, RDFS.label, None) in parts[SRC["article-003"]]  # but it names the model


def test_records_go_to_their_sources_and_unsourced_nodes_to_the_default_graph(parts):
    membership = ID["membership/lg-ai-research/elice"]
    assert (membership, RDF.type, None) not in parts[DEFAULT]
    assert (membership, RDF.type, KAIFM.ConsortiumMembership) in parts[SRC["collector-977677580"]]
    assert (KAIFM.Consortium, RDFS.label, None) in parts[DEFAULT]
    assert (SRC["msit-1212"], DCTERMS.title, None) in parts[DEFAULT]
    amounts = [s for name, part in parts.items() if name is not DEFAULT
               for s in part.subjects(RDF.type, SCHEMA.MonetaryAmount)]
    assert amounts  # money amounts travel with the claims and records that hold them


def test_a_claimed_value_written_in_a_non_canonical_form_goes_to_its_claims_source(parts):
    # 69.0, a decimal kept as written: a store that canonicalises it to 69 no longer matched it to its claim
    outcome, score = ID["outcome/phase-2/lg-ai-research"], Literal("69.0", datatype=XSD.decimal)
    assert (outcome, KAIFM.criterionScore, score) in parts[SRC["landxi-research-note-20260924"]]
    assert (outcome, KAIFM.criterionScore, score) not in parts[SRC["msit-20260818-phase-2-results"]]
    assert (outcome, RDF.type, None) in parts[SRC["msit-20260818-phase-2-results"]]  # the outcome's own source


def test_the_quad_exports_come_from_the_dump_without_parsing_the_graph(cache, project):
    fresh = Project.open(project.root)
    for fmt in ("nq", "trig"):
        assert render(fresh, fmt)
    assert "graph" not in fresh._memo  # the rdflib graph was never parsed


@pytest.fixture(scope="module")
def tables(released) -> dict[str, list[list[str]]]:
    """The tables of the release's kaifm-csv.zip, by file name."""
    archive = zipfile.ZipFile(released[0] / "kaifm-csv.zip")
    return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))) for name in archive.namelist()}


def test_the_csv_zip_has_one_table_per_main_class(tables, graph):
    assert sorted(tables) == sorted(f"{name}.csv" for name in TABLES)
    for name, (cls, _) in TABLES.items():
        rows = tables[f"{name}.csv"]
        expected = set(graph.subjects(RDF.type, cls))
        if name == "organisations":
            expected = {s for s in expected if (s, RDF.type, KAIFM.Consortium) not in graph}
        assert len(rows) - 1 == len(expected), name
        assert [r[0] for r in rows[1:]] == sorted(str(s) for s in expected)


def test_csv_rows_carry_english_and_korean_labels(tables):
    memberships = tables["memberships.csv"]
    members = {row[0]: dict(zip(memberships[0], row)) for row in memberships[1:]}
    elice = members[str(ID["membership/lg-ai-research/elice"])]
    assert (elice["member_en"], elice["member_ko"], elice["role_en"], elice["role_ko"]) == (
        "Elice", "엘리스", "member", "참여 기관")
    assert elice["consortium_ko"] == "LG AI연구원 컨소시엄" and elice["start"] == "2026-02-25"
    claims = tables["claims.csv"]
    header = claims[0]
    row = next(dict(zip(header, r)) for r in claims[1:] if r[0].endswith("a-x-k1/totalParameters/archyde"))
    assert (row["subject_en"], row["property_en"], row["value"], row["truthy"]) == (
        "A.X K1", "total parameters", "500000000000", "false")


def test_the_format_is_guessed_from_the_file_name(released):
    assert [guess_format(Path(n)) for n in ("a.ttl", "b.NQ", "c.trig", "d.json", "e.rdf", "f.zip", "g.qs.tsv")] == [
        "ttl", "nq", "trig", "jsonld", "xml", "csv", "quickstatements"]
    formats = {"kaifm.ttl": "ttl", "kaifm.nt": "nt", "kaifm.rdf": "xml", "kaifm.jsonld": "jsonld",
               "kaifm.nq": "nq", "kaifm.trig": "trig", "kaifm-csv.zip": "csv"}
    assert {name: guess_format(released[0] / name) for name in formats} == formats  # the names the release uses
    assert set(EXPORT_FORMATS) >= {"ttl", "nt", "nq", "trig", "jsonld", "xml", "csv", "quickstatements"}


def test_the_cli_needs_a_format_on_stdout_and_a_file_for_csv(runner, released, tmp_path):
    assert runner.invoke(cli, ["export"]).exit_code == 2
    assert runner.invoke(cli, ["export", "--out", str(tmp_path / "kaifm.txt")]).exit_code == 2
    assert runner.invoke(cli, ["export", "--format", "csv"]).exit_code == 2
    assert runner.invoke(cli, ["export", "--format", "ttl", "--frame", "model"]).exit_code == 2
    printed = runner.invoke(cli, ["export", "--format", "nt"])
    assert printed.exit_code == 0 and printed.output.count("\n") > 5000
    assert printed.output == (released[0] / "kaifm.nt").read_text(encoding="utf-8")


def test_the_cli_writes_the_format_the_file_name_names(runner, released, tmp_path):
    out = tmp_path / "kaifm-csv.zip"
    result = runner.invoke(cli, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert out.read_bytes() == (released[0] / out.name).read_bytes()


def test_the_cli_writes_a_framed_document(runner, released, tmp_path):
    out = tmp_path / "consortia.jsonld"
    result = runner.invoke(cli, ["export", "--frame", "consortium", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {d["@id"] for d in doc["@graph"]} >= {"team/lg-ai-research", "team/upstage"}
    assert out.read_bytes() == (released[0] / "kaifm-consortia.jsonld").read_bytes()
