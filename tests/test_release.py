"""`kaifm-kg release DIR`: the full set of files, checksums that verify, VoID counts that match the data,
valid CITATION.cff and HTML, a changelog, and a previous release left untouched by a failed one. Most tests
read the session's release (conftest.released, made in another process); that a release is the same bytes in
another run is in test_reproducible.py."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kaifm_kg.export import release as release_module
from kaifm_kg.rdf.io import load_files
from kaifm_kg.cli import cli
from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, OWL, RDF, RDFS, SKOS
from conftest import BROKEN, RELEASE_DATE, RELEASE_ENDPOINT, SECOND_RELEASE_DATE, SHIPPED

from kaifm_kg import __version__ as CODE_VERSION
from kaifm_kg.export.void import dataset_version
from kaifm_kg.export.void import DATASET, DCAT, VOID

FILES = {"CHANGELOG.md", "CITATION.cff", "SHA256SUMS", "context.jsonld", "kaifm-consortia.jsonld",
         "kaifm-csv.zip", "kaifm-models.jsonld", "kaifm-ontology.html", "kaifm-ontology.jsonld",
         "kaifm-ontology.rdf", "kaifm-ontology.ttl", "kaifm-rounds.jsonld", "kaifm.jsonld", "kaifm.nq", "kaifm.nt",
         "kaifm.rdf", "kaifm.trig", "kaifm.ttl", "shacl-report.ttl", "shapes.ttl", "void.ttl"}

VERSION = dataset_version(SHIPPED.graph())  # the data's version, from graph/dataset.ttl


def _release(*args):
    return CliRunner().invoke(cli, ["release", *map(str, args)])


@pytest.fixture(scope="module")
def void(released):
    return Graph().parse(released[0] / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def dump(released):
    return Graph().parse(released[0] / "kaifm.nt", format="nt")


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_the_release_has_every_file_and_says_what_it_wrote(released):
    folder, output = released
    assert {p.name for p in folder.iterdir()} == FILES
    assert f"released data {VERSION} ({RELEASE_DATE}, made with kaifm-kg {CODE_VERSION}) into {folder}" in output
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_sha256sums_verifies(released):
    folder, _ = released
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in sums) == sorted(FILES - {"SHA256SUMS"})
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def _count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def test_the_void_triple_count_equals_a_sparql_count_over_the_dump(void, dump, graph):
    assert int(void.value(DATASET, VOID.triples)) == _count(dump, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(void.value(DATASET, VOID.triples)) == len(graph)
    assert int(void.value(DATASET, VOID.distinctSubjects)) == _count(
        dump, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert int(void.value(DATASET, VOID.entities)) == _count(
        dump, 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER STRSTARTS(STR(?s), "https://w3id.org/kaifm/id/") }'
    )


def test_class_and_property_partitions_equal_sparql_counts(void, dump):
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
               for p in void.objects(DATASET, VOID.classPartition)}
    counted = {row[0]: int(row[1]) for row in dump.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert classes == counted and classes[KAIFM.Consortium] == 16
    properties = {void.value(p, VOID.property): int(void.value(p, VOID.triples))
                  for p in void.objects(DATASET, VOID.propertyPartition)}
    assert properties == {row[0]: int(row[1]) for row in dump.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}


def test_void_describes_version_licence_examples_endpoint_and_dumps(void, released):
    folder, _ = released
    assert str(void.value(DATASET, OWL.versionInfo)) == VERSION
    assert str(void.value(DATASET, DCTERMS.issued)) == "2026-11-23"
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(RELEASE_ENDPOINT)
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert len(examples) == 4 and URIRef("https://w3id.org/kaifm/id/programme/dokpamo") in examples
    dumps = {URIRef(u).split("/")[-1] for u in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {"kaifm.ttl", "kaifm.nt", "kaifm.nq", "kaifm.trig", "kaifm.jsonld", "kaifm.rdf"}
    described = set(void.subjects(RDF.type, DCAT.Distribution))
    assert len(described) == 14
    for dist in described:
        name = str(void.value(dist, DCAT.downloadURL)).split("/")[-1]
        assert int(void.value(dist, DCAT.byteSize)) == (folder / name).stat().st_size
        assert str(void.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")


def test_the_ontology_shapes_and_report_are_included(released):
    folder, _ = released
    ontology = load_files(SHIPPED.ontology_files())
    for name, fmt in (("kaifm-ontology.ttl", "turtle"), ("kaifm-ontology.rdf", "xml"),
                      ("kaifm-ontology.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(folder / name, format=fmt), ontology), name
    assert (folder / "shapes.ttl").read_bytes() == SHIPPED.shapes_file.read_bytes()
    report = Graph().parse(folder / "shacl-report.ttl", format="turtle")
    assert "true" in {str(o) for o in report.objects(None, URIRef("http://www.w3.org/ns/shacl#conforms"))}


def test_three_versions_each_with_its_own_source():
    """The data (graph/dataset.ttl, YYYY.MM.DD) and the ontology (semantic, its versionIRI ending in its
    versionInfo, the prior version named) are versioned apart from the code (test_packaging.py)."""
    ontology = load_files(SHIPPED.ontology_files())
    header = URIRef(str(KAIFM).rstrip("#"))
    info, iri = str(ontology.value(header, OWL.versionInfo)), str(ontology.value(header, OWL.versionIRI))
    assert re.fullmatch(r"\d+\.\d+\.\d+", info) and iri == f"{header}/{info}"
    assert ontology.value(header, OWL.priorVersion) is not None
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}(\.\d+)?", VERSION)


def test_citation_cff_is_valid_cff_1_2(released):
    text = (released[0] / "CITATION.cff").read_text(encoding="utf-8")
    fields, authors = {}, []
    for line in text.splitlines():
        top = re.fullmatch(r"([a-z-]+): (.+)", line)
        item = re.fullmatch(r"  - (?:name: )?(\".*\")", line)
        assert top or item or re.fullmatch(r"[a-z-]+:", line), line
        if top:
            value = top.group(2)
            fields[top.group(1)] = json.loads(value) if value.startswith('"') else value
        elif line.startswith("  - name: "):
            authors.append(json.loads(item.group(1)))
    assert fields["cff-version"] == "1.2.0" and fields["message"] and fields["title"]
    assert fields["version"] == VERSION and fields["date-released"] == "2026-11-23"
    assert fields["license"] == "CC-BY-4.0" and fields["type"] == "dataset"
    assert re.fullmatch(r"https://\S+", fields["repository"]) and authors == ["kaifm-kg maintainers"]


class _Checker(HTMLParser):
    """Checks that every element opened is closed in order, and collects ids, texts and what the page would load."""

    VOID_ELEMENTS = frozenset({"meta", "br", "hr", "img", "link", "input", "source"})

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.text, self.errors, self.doctype, self.loads = [], [], [], [], None, []

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        names = [a for a, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"duplicate attribute in <{tag}>")
        self.ids += [v for a, v in attrs if a == "id"]
        self.loads += [v for a, v in attrs if a == "src" or (tag == "link" and a == "href")]
        if tag not in self.VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"</{tag}> does not close the open element")

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def ontology_page(released):
    page = (released[0] / "kaifm-ontology.html").read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return page, checker


def test_the_ontology_page_is_pylode_s_valid_html5_and_loads_nothing_remote(ontology_page):
    page, checker = ontology_page
    assert page.startswith("<!DOCTYPE html>") and checker.doctype == "DOCTYPE html"
    assert not checker.errors and not checker.stack
    assert len(checker.ids) == len(set(checker.ids))
    assert '<html lang="en">' in page and "charset=utf-8" in page and "<title>" in page
    assert 'id="pylode"' in page and "made by" in page  # pyLODE's own credit line
    assert checker.loads and all(url.startswith("data:") for url in checker.loads)  # its icons, inlined
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(https?:)?//", page)


def test_every_term_and_concept_has_its_anchor_and_both_languages(ontology_page):
    page, checker = ontology_page
    ontology = load_files(SHIPPED.ontology_files())
    terms = {t for t in ontology.subjects() if str(t).startswith(str(KAIFM))}
    assert terms and {str(t)[len(str(KAIFM)):] for t in terms} <= set(checker.ids)
    text = "".join(checker.text)
    for term in set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty)):
        if term in terms:
            labels = {name.language: str(name) for name in ontology.objects(term, RDFS.label)}
            assert f"{labels['en']} / {labels['ko']}" in text
    for concept in ontology.subjects(SKOS.inScheme, None):
        for name in ontology.objects(concept, SKOS.prefLabel):
            assert (f'<td lang="ko">{name}</td>' if name.language == "ko" else f"<td>{name}</td>") in page
    definitions = list(ontology.objects(KAIFM.wikidataId, SKOS.definition))
    assert {d.language for d in definitions} == {"en", "ko"} and all(str(d) in text for d in definitions)
    assert "Consortium / 컨소시엄" in text and 'href="#ConsortiumMembership"' in page


def test_the_ontology_page_is_the_same_bytes_under_another_hash_seed_and_leaves_logging_alone(released):
    code = ("import logging, sys\n"
            "from kaifm_kg import Project\n"
            "from kaifm_kg.export.ontodoc import render\n"
            "from kaifm_kg.rdf.io import bind_prefixes, load_files\n"
            "sys.stdout.buffer.write(render(bind_prefixes(load_files(Project.open().ontology_files()))))\n"
            "root = logging.getLogger()\n"
            "sys.exit(0 if (root.level, root.handlers) == (logging.WARNING, []) else 9)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False,
                         env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    assert run.stdout == (released[0] / "kaifm-ontology.html").read_bytes()
    assert b"DEBUG" not in run.stderr and b"INFO" not in run.stderr


def test_a_second_release_records_its_diff_above_the_first(other_run):
    """Made by conftest._OtherRuns: a copy of a first release, released again from a project copy where one
    stage's sequence number went from 6 to 60."""
    second = other_run.second_release
    changelog = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    new, old = f"## {VERSION} — {SECOND_RELEASE_DATE}", f"## {VERSION} — {RELEASE_DATE}"
    assert changelog.index(new) < changelog.index(old)
    assert (f"### Changes from release {VERSION} ({RELEASE_DATE}) to release {VERSION} ({SECOND_RELEASE_DATE})"
            in changelog)
    assert "##### Phase 1 evaluation / 1차 단계평가 (Evaluation round, Stage)" in changelog
    assert "- changed: sequence: 6 → 60" in changelog
    assert "First release:" in changelog.split(old)[1]
    assert (second / "SHA256SUMS").read_text(encoding="utf-8") == release_module.checksums(
        {p.name: p.read_bytes() for p in second.iterdir() if p.name != "SHA256SUMS"}).decode("utf-8")


def test_a_non_conforming_graph_makes_no_release_and_leaves_the_previous_one(released, tmp_path, broken_project):
    folder, _ = released
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    before = _snapshot(copy)
    result = _release(copy, "--root", broken_project, "--date", "2026-12-01")
    assert result.exit_code == 1
    assert "no release was made" in result.output
    assert all(f"<{ID[focus]}>" in result.output for focus in BROKEN)
    assert _snapshot(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


def test_a_failure_while_writing_leaves_the_previous_release_untouched(tmp_path, monkeypatch):
    from kaifm_kg import files

    target = tmp_path / "release"
    files.replace_folder(target, {"kaifm.nt": b"old\n", "void.ttl": b"old\n"})
    before = _snapshot(target)
    written, write = [], files._write_new

    def failing(path, data):
        if written:
            raise OSError("disk full")
        written.append(path)
        write(path, data)
    monkeypatch.setattr(files, "_write_new", failing)
    with pytest.raises(OSError, match="disk full"):
        files.replace_folder(target, {"kaifm.nt": b"new\n", "void.ttl": b"new\n"})
    assert _snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]


def test_a_folder_that_holds_something_else_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _release(tmp_path, "--date", "2026-11-23")
    assert result.exit_code == 2 and "holds no release" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert _release(tmp_path / "new", "--date", "23 November").exit_code == 2
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
