"""Servers that lie or stall (scripted on 127.0.0.1): answers that are not SPARQL results, a 404, and an
answer dripped one byte a second. Every command gives exit 3 with a message that says what went wrong,
and `--timeout` is a deadline for the whole request: the hang tests run the CLI in a child process
that must end by itself (it is killed, and the test fails, if it does not)."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kaifm_kg.cli import cli
from loopback import serve

ROW = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
NOT_RESULTS = {
    "no head": {"results": {"bindings": []}},
    "no bindings": {"head": {"vars": ["x"]}},
    "bindings not a list": {"head": {"vars": ["x"]}, "results": {"bindings": {"x": 1}}},
    "a cell without type": {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": "1"}}]}},
    "a cell of unknown type": {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "?", "value": "1"}}]}},
    "a cell without value": {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}},
    "a row that is a list": {"head": {"vars": ["x"]}, "results": {"bindings": [["1"]]}},
    "vars not strings": {"head": {"vars": [1]}, "results": {"bindings": []}},
    "a JSON list": [],
    "a JSON string": "results",
    "an ASK answer": {"head": {}, "boolean": True},
}
COMMANDS = {
    "query": ["query", "--file", "-", "--endpoint", "{url}", "--timeout", "{timeout}"],
    "link": ["link", "--type", "org", "--endpoint", "{url}", "--no-cache", "--retries", "0", "--timeout", "{timeout}"],
    "link --check": ["link", "--check", "--endpoint", "{url}", "--retries", "0", "--timeout", "{timeout}"],
}
QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"


def _run(command: str, url: str, timeout: float = 5, cache=None):
    args = [a.format(url=url, timeout=timeout) for a in COMMANDS[command]]
    return CliRunner().invoke(cli, args, input=QUERY, env={"KAIFM_KG_CACHE": str(cache)})


def _error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaifm-kg: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("what", NOT_RESULTS)
def test_an_answer_that_is_not_sparql_results_is_exit_3(command, what, cache):
    body = json.dumps(NOT_RESULTS[what]).encode()
    with serve(lambda handler: handler.reply(200, body)) as url:
        line = _error(_run(command, url, cache=cache), 3)
    assert "not SPARQL JSON" in line and url in line


@pytest.mark.parametrize("command", COMMANDS)
def test_an_answer_that_is_not_json_is_exit_3(command, cache):
    with serve(lambda handler: handler.reply(200, b"<html>hello</html>", "text/html")) as url:
        line = _error(_run(command, url, cache=cache), 3)
    assert "not JSON" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_a_404_is_named_as_the_http_error_it_is(command, cache):
    with serve(lambda handler: handler.reply(404, b"Not Found: no such dataset", "text/plain")) as url:
        line = _error(_run(command, url, cache=cache), 3)
    assert "HTTP 404" in line and "no such dataset" in line
    assert "connect" not in line


def test_push_to_a_404_store_is_named_as_the_http_error_it_is(cache):
    with serve(lambda handler: handler.reply(404, b"no store here", "text/plain"), path="/store") as url:
        result = CliRunner().invoke(cli, ["push", "--endpoint", url],
                                                    env={"KAIFM_KG_CACHE": str(cache)})
    line = _error(result, 3)
    assert "HTTP 404" in line and "connect" not in line


def test_a_good_answer_is_read(cache):
    with serve(lambda handler: handler.reply(200, json.dumps(ROW).encode())) as url:
        result = _run("query", url, cache=cache)
    assert result.exit_code == 0 and result.stdout.split()[:3] == ["x", "-", "1"], result.stdout
    assert "as of" not in result.output  # its answer to the as-of question names no day: no note, no failure


# -- hangs: a server that drips its answer ------------------------------------------------------------------

def _child(args: list[str], cache, limit: float = 90) -> subprocess.CompletedProcess:
    """The CLI in a child process that must end by itself within limit seconds (else the test fails)."""
    env = {**os.environ, "KAIFM_KG_CACHE": str(cache)}
    try:
        return subprocess.run([sys.executable, "-m", "kaifm_kg", *args], input=QUERY, env=env,
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kaifm-kg {' '.join(args)} still ran after {limit} s: --timeout is not a deadline")


@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers"])
@pytest.mark.parametrize("command", COMMANDS)
def test_an_endpoint_that_drips_its_answer_is_cut_off_at_the_deadline(command, headers, cache):
    body = json.dumps(ROW).encode() * 20
    with serve(lambda handler: handler.drip(body, interval=0.5, headers=headers)) as url:
        args = [a.format(url=url, timeout=2) for a in COMMANDS[command]]
        result = _child(args, cache)
    assert result.returncode == 3, result.stderr
    assert "no complete answer within 2 s" in result.stderr


def test_link_retries_a_dripping_endpoint_as_documented(cache):
    """Each try has the whole --timeout; a silent endpoint costs (retries + 1) × timeout plus the waits."""
    requests = []
    body = json.dumps(ROW).encode() * 20
    with serve(lambda handler: handler.drip(body, interval=0.5), requests=requests) as url:
        result = _child(["link", "--type", "org", "--endpoint", url, "--no-cache", "--retries", "1",
                         "--timeout", "1"], cache)
    assert result.returncode == 3, result.stderr
    assert "no complete answer within 1 s (2 attempts)" in result.stderr
    assert len(requests) == 2


def test_push_to_a_store_that_drips_its_answer_is_cut_off(cache):
    with serve(lambda handler: handler.drip(b"ok" * 100, interval=0.5), path="/store") as url:
        result = _child(["push", "--endpoint", url, "--timeout", "2"], cache)
    assert result.returncode == 3, result.stderr
    assert "no complete answer within 2 s" in result.stderr


def test_push_to_a_store_that_never_reads_is_cut_off(cache):
    """The deadline covers sending: a store that accepts no connection and reads nothing."""
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        result = _child(["push", "--endpoint", f"http://127.0.0.1:{silent.getsockname()[1]}/store", "--timeout", "2"],
                        cache)
    assert result.returncode == 3, result.stderr
    assert "within 2 s" in result.stderr


def test_the_help_and_readme_give_the_cost_of_retries():
    from pathlib import Path

    help_text = CliRunner().invoke(cli, ["link", "--help"], terminal_width=200).output
    assert "(retries + 1) × timeout" in " ".join(help_text.split())
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "(retries + 1) × timeout" in readme
