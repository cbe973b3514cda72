"""The canned queries as an HTTP API on a real server: the listing, running with typed parameters (a bad value
is a 400 naming the parameter), every row format, and an OpenAPI document that a validator accepts."""

import csv
import io
import json
import urllib.parse

import pytest
from openapi_spec_validator import validate

from conftest import SHIPPED

from kaifm_kg.query.catalogue import list_queries
from kaifm_kg.query.engines import open_engine, run_query

from test_queries import CASES
from test_serve_sparql import call


@pytest.fixture(scope="module")
def base(kaifm_server):
    return kaifm_server("--timeout", "5", "--workers", "2")


def get(base: str, path: str, **params):
    status, headers, body = call(f"{base}{path}" + ("?" + urllib.parse.urlencode(params) if params else ""))
    return status, headers, body


def test_the_listing_names_every_query_with_typed_parameters(base):
    status, headers, body = get(base, "/api/queries")
    listed = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert set(listed) == {q.name for q in list_queries(SHIPPED)}
    assert {"name": "date", "type": "date", "default": "today", "required": False,
            "description": "The day to look at (YYYY-MM-DD); default today."} in listed["teams-on"]["params"]
    assert listed["consortium-members"]["params"][0]["required"] is True
    assert listed["timeline"]["summary"]["ko"]


@pytest.mark.parametrize("name, params", [CASES[s] for s in sorted(CASES)], ids=sorted(CASES))
def test_each_query_gives_the_local_rows(base, cache, name, params):
    status, _, body = get(base, f"/api/queries/{name}", **params)
    expected = run_query(SHIPPED, name, params, engine=open_engine(SHIPPED))
    assert status == 200
    assert json.loads(body) == [dict(zip(expected.columns, row)) for row in expected.rows]


def test_row_formats(base):
    status, headers, body = get(base, "/api/queries/teams-on", date="2026-01-20", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [r["lead"] for r in rows] == ["LG AI Research", "SK Telecom", "Upstage"]
    status, headers, body = get(base, "/api/queries/teams-on", date="2026-01-20", format="md", lang="ko")
    assert status == 200 and headers["Content-Type"].startswith("text/markdown") and "업스테이지".encode() in body


@pytest.mark.parametrize("params, param, words", [
    ({"date": "2026-13-45"}, "date", "is not a date"),
    ({"date": "2026-01-20", "lang": "fr"}, "lang", "is not a language"),
    ({"dat": "2026-01-20"}, "dat", "takes date, lang"),
    ({"format": "xlsx"}, "format", "unknown format"),
])
def test_a_bad_value_is_400_naming_the_parameter(base, params, param, words):
    status, headers, body = get(base, "/api/queries/teams-on", **params)
    error = json.loads(body)
    assert status == 400 and error["param"] == param and words in error["error"]
    assert error["error"].startswith(f"{param}: ")


def test_missing_required_parameter_and_unknown_names(base):
    status, _, body = get(base, "/api/queries/consortium-members")
    assert status == 400 and json.loads(body)["param"] == "team"
    status, _, body = get(base, "/api/queries/consortium-members", team="LG AI Reserch")
    assert status == 404 and "Did you mean" in json.loads(body)["error"]
    status, _, body = get(base, "/api/queries/timelne")
    assert status == 404 and "timeline" in json.loads(body)["error"]


def test_federated_queries_are_refused_without_allow_service(base):
    status, _, body = get(base, "/api/queries/wikidata-organisations")
    assert status == 403 and "--allow-service" in json.loads(body)["error"]


def test_the_openapi_document_is_valid_and_describes_every_query(base):
    status, _, body = get(base, "/api/openapi.json")
    document = json.loads(body)
    validate(document)  # raises on an invalid OpenAPI document
    assert status == 200 and document["openapi"].startswith("3.1")
    for query in list_queries(SHIPPED):
        operation = document["paths"][f"/api/queries/{query.name}"]["get"]
        names = {p["name"]: p for p in operation["parameters"]}
        assert set(names) == {p.name for p in query.params} | {"format"}
        for param in query.params:
            assert names[param.name]["required"] is (param.default is None)
    assert document["paths"]["/api/queries/teams-on"]["get"]["parameters"][1]["schema"]["enum"] == ["en", "ko"]
    official = document["paths"]["/api/queries/reported-scores"]["get"]["parameters"][1]
    assert (official["name"], official["schema"]["enum"]) == ("official", ["yes", "no", "any"])
