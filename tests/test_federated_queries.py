"""The federated canned queries: the graph in one Oxigraph server, Wikidata-shaped data in another, via SERVICE."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from conftest import SHIPPED

from kaifm_kg.cli import cli
from kaifm_kg.query.engines import run_query
from kaifm_kg.errors import InputError
from kaifm_kg.query.catalogue import list_queries
from kaifm_kg.query.terms import inject_values

FIXTURE = Path(__file__).parent / "data" / "wikidata-fixture.ttl"
FEDERATED = ("wikidata-models", "wikidata-organisations")


@pytest.fixture(scope="module")
def servers(oxigraph_server, cache) -> tuple[str, str]:
    """(the graph's query endpoint, the Wikidata-shaped one); the graph is loaded with `kaifm-kg push`."""
    wikidata, store = oxigraph_server(FIXTURE), oxigraph_server()
    result = CliRunner().invoke(cli, ["push", "--endpoint", f"{store}/store"])
    assert result.exit_code == 0, result.output
    return f"{store}/query", f"{wikidata}/query"


def _rows(runner, name, servers, *extra) -> list[dict]:
    store, wikidata = servers
    result = runner.invoke(cli, ["query", name, "--endpoint", store, "-p", f"wikidata={wikidata}",
                                 "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_federated_queries_are_marked():
    assert sorted(q.name for q in list_queries(SHIPPED) if q.federated) == list(FEDERATED)


def test_organisations_get_founding_date_headquarters_and_website(runner, servers):
    rows = {r["qid"]: r for r in _rows(runner, "wikidata-organisations", servers)}
    assert rows["Q127983087"] == {"organisation": "Upstage", "qid": "Q127983087", "wikidata_label": "Upstage",
                                  "founded": "2020-10-01", "headquarters": "Seoul",
                                  "website": "https://www.upstage.ai/"}
    assert rows["Q485908"]["wikidata_label"] == "Korea Tourism Organization"
    korean = {r["qid"]: r for r in _rows(runner, "wikidata-organisations", servers, "--lang", "ko")}
    assert korean["Q33366149"]["organisation"] == "과학기술정보통신부"
    assert korean["Q33366149"]["headquarters"] == "세종특별자치시"


def test_models_are_matched_to_the_items_their_developers_made(runner, servers):
    rows = _rows(runner, "wikidata-models", servers)
    found = {r["model"]: (r["item"], r["match"]) for r in rows}
    assert found["Solar Open 100B"] == ("http://www.wikidata.org/entity/Q900141", "same name")
    assert found["Whisper"] == ("http://www.wikidata.org/entity/Q900143", "same name")
    assert found["A.X K1"] == (None, "")
    assert not any(r["item_label"] == "Solar Pro" for r in rows)


def test_the_oxigraph_engine_in_process_can_federate_too(servers):
    result = run_query(SHIPPED, "wikidata-organisations", {"wikidata": servers[1]})
    assert ("Upstage", "Q127983087") in {row[:2] for row in result.rows}


@pytest.mark.parametrize("name", FEDERATED)
def test_rdflib_refuses_a_federated_query(name):
    with pytest.raises(InputError, match="federated"):
        run_query(SHIPPED, name, {"wikidata": "http://127.0.0.1:9/query"}, engine="rdflib")


def test_the_service_endpoint_is_a_checked_iri_written_as_one(runner):
    result = runner.invoke(cli, ["query", "wikidata-organisations", "--endpoint", "http://127.0.0.1:9/query",
                                 "-p", "wikidata=http://x/> } DROP ALL #"])
    assert result.exit_code == 2 and "not a valid IRI" in result.output
    text = inject_values("SELECT ?w WHERE { SERVICE ?w { ?s ?p ?o } }", {"w": NamedNode("http://h/sparql")})
    assert "SERVICE <http://h/sparql> {" in text and "VALUES (?w) { (<http://h/sparql>) }" in text
