"""`kaifm-kg query`: what the user sees, the exit codes, the output formats, the dump and its cache."""

import json
import os
import subprocess
import sys

import pytest
from pyoxigraph import NamedNode

from conftest import SHIPPED

from kaifm_kg.cli import cli
from kaifm_kg import Project
from kaifm_kg.query.engines import run_query
from kaifm_kg.errors import InputError
from kaifm_kg.query.table import format_rows
from kaifm_kg.query.catalogue import parse_query
from kaifm_kg.query.table import Table
from kaifm_kg.query.terms import inject_values


@pytest.fixture
def invoke(runner, cache):
    """Run the CLI with the private cache and no $COLUMNS (so a table is not fitted to a terminal's width)."""
    def run(*args, input=None):
        return runner.invoke(cli, list(args), input=input, env={"KAIFM_KG_CACHE": str(cache), "COLUMNS": None})
    return run


def test_list_shows_every_query_with_its_summary(invoke):
    result = invoke("query", "--list")
    assert result.exit_code == 0, result.output
    assert "teams-on" in result.output and "date:date=today" in result.output
    assert "출처" in invoke("query", "--list", "--lang", "ko").output


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
def test_teams_on_in_every_format(invoke, fmt):
    result = invoke("query", "teams-on", "--param", "date=2026-01-20", "--format", fmt)
    assert result.exit_code == 0, result.output
    for lead in ("LG AI Research", "SK Telecom", "Upstage"):
        assert lead in result.output
    assert "Motif" not in result.output
    if fmt == "json":
        assert [r["lead"] for r in json.loads(result.stdout)] == ["LG AI Research", "SK Telecom", "Upstage"]


def test_lang_option_gives_korean_labels(invoke):
    result = invoke("query", "teams-on", "-p", "date=2026-02-21", "--lang", "ko", "--format", "csv")
    assert "모티프테크놀로지스 컨소시엄" in result.output


def test_file_and_stdin_run_any_select(invoke, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kaifm/ontology#Consortium> }\n")
    assert invoke("query", "--file", str(query), "--format", "csv").stdout == "n\n16\n"
    assert invoke("query", "--file", "-", "--format", "csv", input=query.read_text()).stdout == "n\n16\n"
    assert invoke("query", "--file", "-", "--engine", "rdflib", "--format", "csv",
                  input=query.read_text()).stdout == "n\n16\n"


@pytest.mark.parametrize("args, message", [
    (["query", "teams-on", "-p", "date=20-01-2026"], "--param date"),
    (["query", "teams-on", "-p", "date=2026-02-30"], "--param date"),
    (["query", "teams-on", "-p", "when=2026-01-20"], "--param when"),
    (["query", "teams-on", "-p", "date"], "KEY=VALUE"),
    (["query", "consortium-members"], "--param team"),
    (["query", "consortium-members", "-p", "team=No Such Team"], "nothing in the graph is called"),
    (["query", "consortium-members", "-p", "team=http://x/> } UNION {"], "not a valid IRI"),
    (["query", "team-on"], "Did you mean: teams-on"),
    (["query", "../timeline"], "no query is called"),
    (["query"], "give either a query NAME or --file"),
    (["query", "timeline", "--endpoint", "ftp://example.org/sparql"], "--endpoint"),
    (["query", "reported-scores", "-p", "official=maybe"], "--param official: 'maybe' is not one of yes, no, any"),
])
def test_bad_input_exits_2_naming_the_problem(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("text", ["SELECT ?s WHERE { ?s ?p }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_unparseable_or_non_select_file_exits_2(invoke, text, engine):
    result = invoke("query", "--file", "-", "--engine", engine, input=text)
    assert result.exit_code == 2
    assert "query:" in result.output


def test_an_ambiguous_label_asks_for_an_iri(cache, monkeypatch):
    monkeypatch.setenv("KAIFM_KG_CACHE", str(cache))
    query = parse_query("#+ param: x | iri-or-label | required | A name.\nSELECT ?x WHERE { }\n", "ambiguous")
    with pytest.raises(InputError, match="give an IRI"):
        run_query(SHIPPED, query, {"x": "member"})  # the role concept and the ontology property share the label


def test_where_brace_skips_braces_in_strings_iris_and_comments():
    text = 'PREFIX a: <http://e/(x#>\n# { not this\nSELECT (CONCAT("{", "}") AS ?b) ?p WHERE { ?s ?p ?o }'
    injected = inject_values(text, {"p": NamedNode("http://e/p")})
    assert injected.endswith("WHERE { VALUES (?p) { (<http://e/p>) } ?s ?p ?o }")


def test_table_aligns_hangul_and_md_escapes_pipes():
    result = Table(("name", "note"), [("업스테이지", "a|b"), ("LG", None)])
    table = format_rows(result, "table").splitlines()
    assert table[2] == "업스테이지  a|b" and table[3] == "LG" and table[-1] == "(2 rows)"
    assert "a\\|b" in format_rows(result, "md")
    assert json.loads(format_rows(result, "json"))[1] == {"name": "LG", "note": None}


def test_the_query_path_imports_neither_rdflib_nor_pyshacl(cache):
    code = ("import sys\nfrom kaifm_kg.cli import main\nsys.argv = ['kaifm-kg', 'query', 'timeline']\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "bad = [m for m in ('rdflib', 'pyshacl') if m in sys.modules]\nassert not bad, bad\n")
    env = {**{k: v for k, v in os.environ.items() if k != "COLUMNS"}, "KAIFM_KG_CACHE": str(cache)}  # whole cells
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Kick-off ceremony" in done.stdout


def test_dump_is_keyed_by_the_sources_and_built_once(project_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("KAIFM_KG_CACHE", str(tmp_path / "cache"))
    first = Project.open(project_copy).dump()
    assert first.is_file() and first == Project.open(project_copy).dump_path()
    assert Project.open(project_copy).dump().stat().st_mtime_ns == first.stat().st_mtime_ns
    with open(project_copy / "graph" / "people.ttl", "a", encoding="utf-8") as handle:
        handle.write("\n# an edit\n")
    assert Project.open(project_copy).dump_path() != first


CITED = Table(("team", "note", "sources"), [
    ("업스테이지 컨소시엄", "a long note " * 8, "SBS 2026-01-15 https://sbs.example/1; Naver, NC AI out; one more team 2026-01 https://dt.example/2"),
    ("LG AI Research consortium", None, "SBS 2026-01-15 https://sbs.example/1; ZDNet 2026-02 https://z.example/3; "
                                        "X 2026 a.txt; Y 2026 b.txt"),
])


def test_a_table_cites_its_sources_by_number_under_it():
    lines = format_rows(CITED, "table").splitlines()
    assert lines[2].endswith("[1,2]") and lines[3].endswith("[1,3-5]")
    assert lines[lines.index("(2 rows)") + 1:] == [
        "", "[1] SBS 2026-01-15 https://sbs.example/1", "[2] Naver, NC AI out; one more team 2026-01 https://dt.example/2",
        "[3] ZDNet 2026-02 https://z.example/3", "[4] X 2026 a.txt", "[5] Y 2026 b.txt"]
    assert "https://" not in "\n".join(lines[:lines.index("(2 rows)")])


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_table_fits_the_width_cutting_long_cells(width):
    from kaifm_kg.query.table import display_width

    text = format_rows(CITED, "table", width)
    table = text.split("\n\n")[0].splitlines()
    assert all(display_width(line) <= width for line in table)
    assert "…" in table[2] and table[3].endswith("[1,3-5]")  # references are never cut
    assert len({display_width(line[:line.index("[")]) for line in table[2:4]}) == 1  # the columns stay aligned
    assert "[4] X 2026 a.txt" in text


def test_other_formats_keep_the_citations_whole():
    assert "SBS 2026-01-15 https://sbs.example/1; Naver, NC AI out; one more team" in format_rows(CITED, "csv", 40)
    assert json.loads(format_rows(CITED, "json", 40))[1]["sources"].startswith("SBS 2026-01-15 https://sbs.example/1; ZDNet")
    assert "| a long note a long note" in format_rows(CITED, "md", 40)


def test_query_fits_the_terminal_unless_wide(runner, cache):
    def run(*args):
        return runner.invoke(cli, ["query", "eliminations", "--lang", "ko", *args],
                             env={"KAIFM_KG_CACHE": str(cache), "COLUMNS": "70"})

    from kaifm_kg.query.table import display_width

    fitted, wide = run(), run("--wide")
    assert fitted.exit_code == wide.exit_code == 0
    table = fitted.output.split("\n\n")[0].splitlines()
    assert all(display_width(line) <= 70 for line in table) and any("…" in line for line in table)
    assert max(map(display_width, wide.output.split("\n\n")[0].splitlines())) > 70 and "…" not in wide.output
    assert fitted.output.split("\n\n")[1] == wide.output.split("\n\n")[1]  # the same numbered sources
    assert "[1] " in fitted.output and "https://" in fitted.output.split("\n\n")[1]


@pytest.mark.parametrize("kind, default, message", [
    ("one-of:yes", "yes", "unknown type 'one-of:yes'"),  # a choice of one is no choice
    ("one-of:yes,no", "maybe", "'maybe' is not one of yes, no"),  # the file's own default is checked
])
def test_a_one_of_parameter_needs_two_words_and_a_default_among_them(kind, default, message):
    with pytest.raises(InputError, match=message):
        parse_query(f"#+ param: x | {kind} | {default} | A word.\nSELECT ?x WHERE {{ }}\n", "choices")
