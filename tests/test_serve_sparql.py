"""`kaifm-kg serve`'s SPARQL 1.1 Protocol endpoint, on a real server on 127.0.0.1: the same rows as the local
engine for every canned query (SPARQLWrapper as the client), every result format, read-only, SERVICE refused
unless allowed, the row limit, and a runaway query stopped at the time limit while others are answered."""

import http.client
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from conftest import SHIPPED

from kaifm_kg.query.catalogue import Label, typed_values
from kaifm_kg.query.engines import _json_text, get_query, open_engine, resolve_name, run_query
from kaifm_kg.query.table import Table
from kaifm_kg.query.terms import inject_values
from kaifm_kg.rdf.prefixes import sparql_prologue

from test_queries import CASES, PARITY

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:p>|!<urn:x:q>)* ?b . ?c (!<urn:x:r>)* ?d }"


@pytest.fixture(scope="module")
def base(kaifm_server):
    return kaifm_server("--timeout", "3", "--workers", "2")


@pytest.fixture(scope="module")
def local(cache):
    return open_engine(SHIPPED, "oxigraph")


def call(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of an HTTP request; error statuses are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sparql(base: str, query: str, accept: str = "application/sparql-results+json", **extra):
    return call(f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **extra}), headers={"Accept": accept})


def wrapper_rows(endpoint: str, text: str) -> Table:
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(text)
    data = client.query().convert()
    names = tuple(data["head"]["vars"])
    return Table(names, [tuple(_json_text(row.get(n)) for n in names) for row in data["results"]["bindings"]])


@pytest.mark.parametrize("name, params", [CASES[s] for s in sorted(CASES)] + PARITY,
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()))
def test_sparqlwrapper_gets_the_rows_of_the_local_engine(name, params, base, local):
    definition = get_query(SHIPPED, name)
    bindings = {k: resolve_name(local, v, k) if isinstance(v, Label) else v
                for k, v in typed_values(definition, params).items()}
    served = wrapper_rows(f"{base}/sparql", sparql_prologue() + inject_values(definition.text, bindings))
    expected = run_query(SHIPPED, name, params, engine=local)
    assert served.select(expected.columns) == expected


SELECT = "SELECT ?m ?label WHERE { ?m a kaifm:Model ; rdfs:label ?label FILTER(LANG(?label) = 'ko') } ORDER BY ?m"


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+json", ox.QueryResultsFormat.JSON),
                                         ("application/json", ox.QueryResultsFormat.JSON),
                                         ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                                         ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
                                         ("text/csv", ox.QueryResultsFormat.CSV)])
def test_select_in_every_results_format(base, local, accept, fmt):
    status, headers, body = sparql(base, SELECT, accept)
    assert status == 200 and "Accept" in headers["Vary"]
    assert headers["Content-Type"].split(";")[0] == (fmt.media_type.split(";")[0] if accept != "application/json"
                                                     else "application/sparql-results+json")
    expected = local.select(SELECT, {}).rows
    if fmt == ox.QueryResultsFormat.CSV:  # lossy: pyoxigraph does not read it back
        import csv

        assert [tuple(row) for row in csv.reader(io.StringIO(body.decode("utf-8")))] == [("m", "label")] + expected
        return
    rows = list(ox.parse_query_results(body, format=fmt))
    assert [(row["m"].value, row["label"].value) for row in rows] == expected


def test_post_form_and_direct_body_and_get_agree(base):
    get = sparql(base, SELECT)[2]
    form = call(f"{base}/sparql", urllib.parse.urlencode({"query": SELECT}).encode(),
                {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    direct = call(f"{base}/sparql", SELECT.encode(), {"Accept": "application/sparql-results+json",
                                                      "Content-Type": "application/sparql-query"})
    assert form[0] == direct[0] == 200
    assert json.loads(get) == json.loads(form[2]) == json.loads(direct[2])
    assert len(json.loads(get)["results"]["bindings"]) > 5


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                   ("application/ld+json", "json-ld"),
                                                   ("application/rdf+xml", "xml")])
def test_construct_and_describe_as_rdf(base, graph, accept, rdflib_format):
    for query in ("CONSTRUCT WHERE { korg:upstage ?p ?o }", "DESCRIBE korg:upstage"):
        status, headers, body = sparql(base, query, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept), query
        served = Graph().parse(data=body, format=rdflib_format)
        assert set(served) == set(graph.triples((URIRef("https://w3id.org/kaifm/id/org/upstage"), None, None)))


def test_ask_and_format_parameter(base):
    status, _, body = sparql(base, "ASK { korg:upstage a kaifm:Organisation }", "*/*")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = sparql(base, SELECT, "text/html", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"m,label")


def test_an_unacceptable_accept_is_406(base):
    status, _, body = sparql(base, SELECT, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_service_description(base):
    status, headers, body = call(f"{base}/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    described = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(f"{base}/sparql")
    assert (service, URIRef(sd + "endpoint"), service) in described
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in described
    browser = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    browser.request("GET", "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    answer = browser.getresponse()
    assert answer.status == 303 and answer.getheader("Location") == "/query"  # a browser goes to the query page


@pytest.mark.parametrize("request_kind", ["form", "direct", "query-text", "get"])
def test_updates_are_refused(base, request_kind, local):
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    status, _, body = {
        "form": lambda: call(f"{base}/sparql", urllib.parse.urlencode({"update": update}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"}),
        "direct": lambda: call(f"{base}/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        "query-text": lambda: sparql(base, "PREFIX x: <urn:x:>\n" + update),
        "get": lambda: call(f"{base}/sparql?" + urllib.parse.urlencode({"update": update})),
    }[request_kind]()
    assert status == 403 and b"read-only" in body
    assert json.loads(sparql(base, "ASK { <urn:x:a> ?p ?o }")[2])["boolean"] is False


def test_service_is_refused_unless_allowed(base, kaifm_server, oxigraph_server, tmp_path):
    remote = oxigraph_server()
    loaded = call(f"{remote}/store?default", b'<urn:x:a> <urn:x:b> "far away" .\n',
                  {"Content-Type": "application/n-triples"}, "POST")
    assert loaded[0] in (200, 204), loaded
    query = f"SELECT ?o WHERE {{ SERVICE <{remote}/query> {{ ?s ?p ?o }} }}"
    status, _, body = sparql(base, query)
    assert status == 403 and b"--allow-service" in body
    assert sparql(base, "# SERVICE in a comment\nSELECT ?service WHERE { BIND('SERVICE' AS ?service) }")[0] == 200
    allowing = kaifm_server("--allow-service", "--workers", "1")
    status, _, body = sparql(allowing, query)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["o"]["value"] == "far away"


def test_more_rows_than_the_limit_are_refused_saying_so(kaifm_server):
    small = kaifm_server("--max-rows", "5", "--workers", "1")
    status, _, body = sparql(small, "SELECT ?s WHERE { ?s a kaifm:Model }")
    assert status == 400 and b"more than 5 rows" in body
    assert sparql(small, "SELECT ?s WHERE { ?s a kaifm:Model } LIMIT 5")[0] == 200
    assert b"more than 5 triples" in sparql(small, "CONSTRUCT WHERE { ?s a kaifm:Model }", "text/turtle")[2]


def test_a_syntax_error_is_400_naming_the_query(base):
    status, _, body = sparql(base, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body.startswith(b"query: syntax error")


def test_cors(base):
    status, headers, _ = call(f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                              headers={"Origin": "https://example.org"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = call(f"{base}/sparql", headers={"Origin": "https://example.org",
                                                         "Access-Control-Request-Method": "POST"}, method="OPTIONS")
    assert status == 200 and "POST" in headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("runaway", [CROSS, PATH], ids=["cross-product", "property-path"])
def test_a_runaway_query_is_stopped_while_others_are_answered(kaifm_server, runaway):
    served = kaifm_server("--timeout", "2", "--workers", "2")
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("runaway", sparql(served, runaway)))
    thread.start()
    answered = []
    while thread.is_alive() and len(answered) < 5:  # other clients, while the runaway runs
        status, _, body = sparql(served, "SELECT ?m WHERE { ?m a kaifm:Model }")
        answered.append((status, len(json.loads(body)["results"]["bindings"]), thread.is_alive()))
    thread.join(60)
    assert answered and all(status == 200 and rows > 5 for status, rows, _ in answered)
    assert any(alive for _, _, alive in answered)  # at least one answer came while the runaway was running
    status, _, body = outcome["runaway"]
    assert status == 504 and b"longer than the server's limit of 2 s and was stopped" in body
    for _ in range(3):  # the killed worker was replaced: the server still answers, on every worker
        assert sparql(served, "ASK { ?s ?p ?o }")[0] == 200
