"""Bad input never gives a traceback: one line on stderr that names the file, line and column or the
parameter, and the documented exit code (2 for bad input); the value quoted is cut short."""

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kaifm_kg.cli import cli

LONG = "x" * 128 * 1024  # a 128 KB value


@pytest.fixture
def run(cache):
    """Run the CLI in process with the session's cache; stdout and stderr apart."""
    def invoke(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input,
                                                  env={"KAIFM_KG_CACHE": str(cache)})
    return invoke


def _one_line_error(result, code: int, *words: str) -> str:
    """The error line of result, checked: the exit code, one line starting 'kaifm-kg: error:', no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaifm-kg: error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# -- outputs that cannot be written -------------------------------------------------------------------------

@pytest.fixture
def read_only(tmp_path):
    """A folder no one may write into (made immutable as well when the tests run as root)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    try:
        (folder / "probe").touch()
    except PermissionError:
        pass
    else:  # root writes anywhere: mark the folder immutable instead
        (folder / "probe").unlink()
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)]).returncode:
            pytest.skip("running as root on a file system without immutable folders")
        immutable = True
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)


@pytest.fixture
def empty_endpoint():
    """A SPARQL endpoint on 127.0.0.1 that answers every query with no rows."""
    from loopback import serve

    with serve(lambda handler: handler.reply(200, json.dumps(
            {"head": {"vars": []}, "results": {"bindings": []}}).encode())) as url:
        yield url


@pytest.mark.parametrize("args, path", [
    (["build", "--root", "{tiny}", "--out", "{ro}"], "{ro}/kaifm.ttl"),
    (["build", "--root", "{tiny}", "--out", "{ro}/dist"], "{ro}/dist"),
    (["export", "--root", "{tiny}", "--format", "ttl", "--out", "{ro}/kaifm.ttl"], "{ro}/kaifm.ttl"),
    (["export", "--root", "{tiny}", "--out", "{ro}/kaifm-csv.zip"], "{ro}/kaifm-csv.zip"),
    (["release", "{ro}/latest", "--root", "{tiny}", "--date", "2026-11-30"], "{ro}"),
    (["release", "{ro}", "--root", "{tiny}", "--date", "2026-11-30"], "{ro}"),
    (["link", "--check", "--endpoint", "{endpoint}", "--out", "{ro}/check.csv"], "{ro}/check.csv"),
])
def test_an_unwritable_output_is_one_line_and_exit_2(run, read_only, empty_endpoint, tiny, args, path):
    fill = {"ro": read_only, "endpoint": empty_endpoint, "tiny": tiny}
    result = run(*(a.format(**fill) for a in args))
    _one_line_error(result, 2, path.format(**fill))
    assert os.listdir(read_only) == []


# -- text that is not UTF-8 ---------------------------------------------------------------------------------

BAD_UTF8 = b"SELECT ?s WHERE {\n  ?s ?p \"caf\xe9\" .\n}\n"


def test_a_query_file_that_is_not_utf8_names_its_line_and_column(run, tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes(BAD_UTF8)
    _one_line_error(run("query", "--file", path), 2, f"{path}:2:13:", "not UTF-8")
    _one_line_error(run("query", "--file", "-", input=BAD_UTF8), 2, "<stdin>:2:13:", "not UTF-8")


def test_a_data_file_that_is_not_utf8_names_its_line_and_column(run, project_copy):
    path = project_copy / "graph" / "latin1.ttl"
    path.write_bytes(b'@prefix ex: <http://example.org/> .\n\nex:a ex:b "caf\xe9" .\n')
    line = _one_line_error(run("build", "--root", project_copy, "--out", project_copy / "dist"), 2,
                           f"{path}:3:15:", "not UTF-8")
    assert "position" not in line and "codec" not in line


def test_a_review_file_that_is_not_utf8_names_its_line(run, project_copy, tmp_path):
    review = tmp_path / "review.csv"
    review.write_bytes(b"action,entity,qid,retrieved,endpoint,accept\nlink,x,Q1,2026-01-01,http://x/,\xff\n")
    _one_line_error(run("link", "--root", project_copy, "--accept", review), 2, f"{review}:2:", "not UTF-8")


def test_a_parameter_made_of_bytes_that_are_not_utf8_is_refused(run):
    """Python turns command-line bytes that are not UTF-8 into lone surrogates; they are not text to bind."""
    _one_line_error(run("query", "search", "-p", "text=caf\udce9"), 2, "--param text", "not text")
    _one_line_error(run("show", "caf\udce9"), 2, "NAME", "nothing in the graph")


# -- Turtle a person can fix --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, where, words", [
    ("ex:a ex:b ex:c .\nthis is not turtle .\n", "3:1", ["this"]),
    ('ex:a ex:b "x" ;\n  ex:d "unterminated .\n', "3:8", []),
    ("ex:a ex:b ex:c\nex:d ex:e ex:f .\n", "3:1", ["dot"]),
    ("ex:a ex:b foo:c .\n", "2:11", ["foo:", "not been declared"]),
    ("ex:a ex:b <http://x y> .\n", "2:11", ["IRI"]),
    ('ex:a ex:b "x"@ .\n', "2:15", ["language"]),
    ("ex:a ex:b [ ex:c 1 .\n", "2:20", ["]"]),
])
def test_a_turtle_syntax_error_gives_line_column_and_turtle_words(run, project_copy, text, where, words):
    path = project_copy / "graph" / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n" + text, encoding="utf-8")
    line = _one_line_error(run("validate", "--root", project_copy), 2, f"{path}:{where}:", "Turtle syntax error",
                           *words)
    for n3 in ("N3", "forSome", "forAll", "ancient", "Bad syntax"):
        assert n3 not in line


# -- bad numbers and URLs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e400"])
@pytest.mark.parametrize("command", [["query", "timeline", "--endpoint", "http://127.0.0.1:1/query"],
                                     ["query", "timeline"],
                                     ["push", "--endpoint", "http://127.0.0.1:1/store"],
                                     ["link", "--endpoint", "http://127.0.0.1:1/sparql"],
                                     ["link", "--check", "--endpoint", "http://127.0.0.1:1/sparql"]])
def test_a_timeout_that_is_not_a_positive_number_is_refused(run, command, value):
    _one_line_error(run(*command, "--timeout", value), 2, "--timeout")


@pytest.mark.parametrize("args, flag", [(["--sparql-endpoint", "not a url"], "--sparql-endpoint"),
                                        (["--base-url", "http://x y/"], "--base-url"),
                                        (["--base-url", "ftp://example.org/"], "--base-url"),
                                        (["--repository", "http://[::1/"], "--repository"),
                                        (["--date", "2026-02-30"], "--date")])
def test_release_refuses_a_bad_url_or_date_before_writing(run, tmp_path, args, flag):
    _one_line_error(run("release", tmp_path / "latest", *args), 2, flag)
    assert os.listdir(tmp_path) == []


# -- files that are not what they claim ---------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    ("notes.csv", "name,comment\nLG,looks right\n"),
    ("empty.csv", ""),
    ("proposals.json", json.dumps([{"name": "LG", "accept": "yes"}])),
    ("proposals.json", json.dumps({"rows": []})),
    ("proposals.json", "[1, 2"),
])
def test_accepting_a_file_that_is_not_a_review_file_is_exit_2(run, project_copy, tmp_path, name, text):
    review = tmp_path / name
    review.write_text(text, encoding="utf-8")
    before = (project_copy / "graph" / "wikidata.ttl").read_bytes()
    _one_line_error(run("link", "--root", project_copy, "--accept", review), 2, str(review))
    assert (project_copy / "graph" / "wikidata.ttl").read_bytes() == before


@pytest.mark.parametrize("args", [["build", "--out", "{tmp}/dist"], ["validate"], ["stats"], ["query", "timeline"],
                                  ["export", "--format", "nt"], ["release", "{tmp}/latest"],
                                  ["push", "--endpoint", "http://127.0.0.1:1/store"], ["show", "LG"]])
def test_a_project_with_no_data_files_is_refused(run, project_copy, tmp_path, args):
    for path in (project_copy / "graph").glob("*.ttl"):
        path.unlink()
    result = run(*(a.format(tmp=tmp_path) for a in args), "--root", project_copy)
    _one_line_error(result, 2, "--root", "no data files")
    assert not (tmp_path / "dist").exists() and not (tmp_path / "latest").exists()


# -- long values are quoted cut short -----------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["query", "teams-on", "-p", f"date={LONG}"],
    ["query", "teams-on", "-p", f"{LONG}=1"],
    ["query", "teams-on", "-p", LONG],
    ["query", "consortium-members", "-p", f"team={LONG}"],
    ["query", "consortium-members", "-p", f"team=kaifm:{LONG} x"],
    ["query", LONG],
    ["query", "timeline", "--format", LONG],
    ["query", "timeline", "--timeout", LONG],
    ["query", "timeline", "--endpoint", f"http://{LONG}/"],
    ["query", "timeline", f"--{LONG}"],
    ["show", LONG],
    ["show", f"kaifm:{LONG}"],
    [LONG],
    ["export", "--out", f"kaifm.{LONG}"],
    ["export", "--format", "jsonld", "--frame", LONG],
    ["release", "{tmp}/latest", "--date", LONG],
    ["release", "{tmp}/latest", "--base-url", f"http://example.org/{LONG} "],
    ["diff", LONG],
    ["push", "--endpoint", "http://127.0.0.1:1/store", "--graph", f"not an iri {LONG}"],
    ["link", "--endpoint", LONG],
    ["link", "--out", f"proposals.{LONG}"],
])
def test_a_128kb_value_is_quoted_cut_short(run, tmp_path, args):
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2, (result.stdout[:500], result.stderr[:500])
    assert len(result.stderr) < 2000 and len(result.stdout) < 2000, result.stderr[:500]
    assert "x" * 100 in result.stderr  # the start of the value is shown


def test_a_long_value_in_a_query_file_or_review_file_is_cut_short(run, project_copy, tmp_path):
    query = tmp_path / "long.rq"
    query.write_text(f"#+ param: {LONG} | string | required | x\nSELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    result = run("query", "--file", query)
    assert result.exit_code == 2 and len(result.stderr) < 2000, result.stderr[:500]
    review = tmp_path / "review.json"
    for bad in ({"qid": LONG}, {"entity": LONG}, {"retrieved": LONG}, {"endpoint": LONG}):
        row = {"action": "link", "entity": "https://w3id.org/kaifm/id/org/ncsoft", "qid": "Q900999",
               "endpoint": "http://x/sparql", "retrieved": "2026-11-23", "accept": "yes", **bad}
        review.write_text(json.dumps([row]), encoding="utf-8")
        result = run("link", "--root", project_copy, "--accept", review)
        assert result.exit_code == 2 and len(result.stderr) < 2000, result.stderr[:500]
