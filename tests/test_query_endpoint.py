"""Hostile parameter values on every engine, and `--endpoint` and `push` against a real Oxigraph server on 127.0.0.1."""

import json
import socket
import urllib.request

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, Store

from conftest import SHIPPED

from kaifm_kg.cli import cli
from kaifm_kg.query.engines import EndpointEngine, open_engine, run_query
from kaifm_kg.errors import NotFoundError
from kaifm_kg.query.catalogue import list_queries, parse_query
from kaifm_kg.query.table import Table
from kaifm_kg.query.terms import inject_values, lexical

from test_queries import CASES, PARITY

HOSTILE = 'x" } UNION { ?s ?p ?o } # \'\'\' """ \\" \\u0022 }} {{ <http://evil/> . UNION\n DROP ALL ;'
ECHO = """#+ param: q | string | required | Any text.
SELECT ?q ?echo WHERE { BIND(STR(?q) AS ?echo) }
"""

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { %s }"


@pytest.fixture(scope="module")
def runner_env(cache):
    """Run the CLI with the private cache."""
    def run(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, env={"KAIFM_KG_CACHE": str(cache)})
    return run


@pytest.fixture(scope="module")
def endpoint(oxigraph_server, cache, runner_env):
    """The query URL of a server the graph was pushed into with `kaifm-kg push`."""
    base = oxigraph_server()
    result = runner_env("push", "--endpoint", f"{base}/store")
    assert result.exit_code == 0, result.output
    return f"{base}/query"


@pytest.fixture(scope="module")
def local(cache):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAIFM_KG_CACHE", str(cache))
        return open_engine(SHIPPED, "oxigraph")


def _dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_push_loads_every_triple(endpoint, cache):
    dump = SHIPPED.dump_path()
    rows = run_query(SHIPPED, COUNT % "?s ?p ?o", engine=EndpointEngine(endpoint)).rows
    assert rows == [(str(len(dump.read_bytes().splitlines())),)]


@pytest.mark.parametrize("name, params", [CASES[s] for s in sorted(CASES)] + PARITY,
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()))
def test_the_endpoint_gives_the_same_rows_as_oxigraph_in_process(name, params, endpoint, local):
    assert run_query(SHIPPED, name, params, endpoint=endpoint) == run_query(SHIPPED, name, params, engine=local)


def test_cli_query_on_the_endpoint(endpoint, runner_env):
    result = runner_env("query", "teams-on", "-p", "date=2026-02-21", "--endpoint", endpoint, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["lead"] for r in json.loads(result.stdout)] == [
        "LG AI Research", "Motif Technologies", "SK Telecom", "Upstage"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_hostile_text_comes_back_unchanged_as_one_value(cache, engine, monkeypatch):
    monkeypatch.setenv("KAIFM_KG_CACHE", str(cache))
    result = run_query(SHIPPED, parse_query(ECHO, "echo"), {"q": HOSTILE}, engine=engine)
    assert result == Table(("echo",), [(HOSTILE,)])


def test_hostile_text_is_one_escaped_literal_in_the_values_block():
    text = inject_values(ECHO, {"q": Literal(HOSTILE)})
    assert text.count("UNION") == HOSTILE.count("UNION")  # only inside the escaped literal
    assert [s["echo"].value for s in Store().query(text)] == [HOSTILE]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_hostile_label_is_looked_up_not_pasted(cache, engine, monkeypatch):
    monkeypatch.setenv("KAIFM_KG_CACHE", str(cache))
    with pytest.raises(NotFoundError, match=r"params\.team"):
        run_query(SHIPPED, "consortium-members", {"team": HOSTILE}, engine=engine)


def test_hostile_text_is_harmless_on_the_endpoint(endpoint, runner_env):
    assert run_query(SHIPPED, parse_query(ECHO, "echo"), {"q": HOSTILE}, endpoint=endpoint) == \
        Table(("echo",), [(HOSTILE,)])
    result = runner_env("query", "consortium-members", "-p", f"team={HOSTILE}", "--endpoint", endpoint)
    assert result.exit_code == 2
    assert "nothing in the graph is called" in result.output


def test_the_endpoint_rejecting_a_malformed_query_is_bad_input(endpoint, runner_env):
    result = runner_env("query", "--file", "-", "--endpoint", endpoint, input="SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 2


def test_a_query_whose_comment_says_load_is_still_sent_as_a_query(endpoint, runner_env):
    text = "#+ summary@en: Count the triples.\n#+ description: what the last load put in the store.\n" \
           "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    result = runner_env("query", "--file", "-", "--endpoint", endpoint, "--format", "csv", input=text)
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 0


def test_a_dead_endpoint_exits_3_with_no_rows(runner_env):
    result = runner_env("query", "timeline", "--endpoint", f"{_dead_url()}/query", "--format", "csv")
    assert result.exit_code == 3
    assert "cannot connect" in result.output
    assert "date,event" not in result.output


def test_a_silent_endpoint_times_out_with_exit_3(runner_env):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        result = runner_env("query", "timeline", "--endpoint", url, "--timeout", "1")
    assert result.exit_code == 3
    assert "no complete answer within 1 s" in result.output


def test_push_into_a_named_graph_replace_and_append(oxigraph_server, runner_env):
    """Each push is checked: a replace drops what the named graph held, an append keeps it; the default graph
    stays empty."""
    base = oxigraph_server()
    graph = "https://w3id.org/kaifm/graph"
    triples = len(SHIPPED.dump_path().read_bytes().splitlines())
    extra = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"

    def count(pattern: str) -> int:
        return int(run_query(SHIPPED, COUNT % pattern, endpoint=f"{base}/query").rows[0][0])

    for args, other_data, word in ((["--graph", graph], False, "loaded"), (["--graph", graph], True, "loaded"),
                                   (["--graph", graph, "--append"], True, "added")):
        if other_data:  # a triple that is not the graph's in the named graph before this push
            request = urllib.request.Request(f"{base}/store?graph={graph}", data=extra, method="POST",
                                             headers={"Content-Type": "application/n-triples"})
            urllib.request.urlopen(request, timeout=10).close()
        result = runner_env("push", "--endpoint", f"{base}/store", *args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"{word} {triples} triples into "), result.output
        kept = 1 if "--append" in args else 0
        assert count(f"GRAPH <{graph}> {{ ?s ?p ?o }}") == triples + kept, args
        assert count("?s ?p ?o") == 0, args


@pytest.mark.parametrize("args, code", [
    (["--endpoint", "DEAD/store"], 3),
    (["--endpoint", "not-a-url"], 2),
    (["--endpoint", "http://127.0.0.1:1/store", "--graph", "not an iri"], 2),
])
def test_push_errors_give_the_documented_exit_codes(runner_env, args, code):
    args = [a.replace("DEAD", _dead_url()) for a in args]
    result = runner_env("push", *args)
    assert result.exit_code == code, result.output


def _sparqlwrapper_rows(url: str, text: str) -> tuple[list[str], list[tuple]]:
    """The columns and rows a developer gets sending text as it is to url with SPARQLWrapper."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    columns = data["head"]["vars"]

    def cell(value: dict | None) -> str | None:
        return None if value is None else lexical(value["value"], value.get("datatype"))
    return columns, [tuple(cell(row.get(name)) for name in columns) for row in data["results"]["bindings"]]


@pytest.mark.parametrize("query", [q for q in list_queries(SHIPPED) if not q.federated], ids=lambda q: q.name)
def test_each_query_file_runs_as_it_is_with_no_parameter_bound(query, endpoint, local):
    """A required parameter left unbound gives no rows, not every row; the others fall back to their defaults."""
    columns, rows = _sparqlwrapper_rows(endpoint, query.text)
    if any(p.default is None for p in query.params):
        assert rows == [], query.name
        return
    expected = run_query(SHIPPED, query, {}, engine=local)
    assert [c for c in columns if query.param(c) is None] == list(expected.columns)
    keep = [i for i, c in enumerate(columns) if query.param(c) is None]
    assert [tuple(row[i] for i in keep) for row in rows] == expected.rows, query.name
