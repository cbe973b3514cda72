"""The canned queries as an HTTP API: /api/queries lists them with their typed parameters,
/api/queries/NAME?PARAM=…&format=json|csv|md|table runs one (parameters typed and bound by the engine, as on
the command line), and /api/openapi.json describes it all as an OpenAPI 3.1 document.
"""

from .. import __version__
from ..errors import InputError
from ..query.catalogue import LANGUAGES, QueryDef, typed_values
from ..query.engines import OxigraphEngine, run_query
from ..query.table import ROW_FORMATS, Table, format_rows
from .protocol import Refused

ROW_MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                   "md": "text/markdown; charset=utf-8", "table": "text/plain; charset=utf-8"}
_SCHEMAS: dict[str, dict[str, object]] = {
    "date": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|today)$"}, "integer": {"type": "integer"},
    "lang": {"type": "string", "enum": list(LANGUAGES)}, "iri-or-label": {"type": "string"},
    "string": {"type": "string"}}


class StoreEngine(OxigraphEngine):
    """The oxigraph engine over a store a worker already holds."""

    def __init__(self, store):
        self.store = store


def run_canned(store, definition: QueryDef, params: dict[str, str]) -> Table:
    """Run a canned query in a worker (the definition is given, so no project is needed)."""
    return run_query(None, definition, params, engine=StoreEngine(store))


def check_call(definition: QueryDef, params: dict[str, str], fmt: str, allow_service: bool) -> None:
    """Refuse a bad format or parameter value before a worker is asked (InputError naming it)."""
    if fmt not in ROW_FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(ROW_FORMATS)})", param="format")
    if definition.federated and not allow_service:
        raise Refused(f"query {definition.name} calls another endpoint (SERVICE), which this server does not "
                      "allow (kaifm-kg serve --allow-service)", param="query")
    typed_values(definition, params)


def describe(definition: QueryDef) -> dict:
    """A query as the listing gives it."""
    return {"name": definition.name, "summary": definition.summary, "description": definition.description,
            "federated": definition.federated, "url": f"/api/queries/{definition.name}",
            "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.default is None,
                        "description": p.doc} for p in definition.params]}


def answer(table: Table, fmt: str) -> tuple[str, bytes]:
    """The media type and body of a query's rows in fmt."""
    return ROW_MEDIA_TYPES[fmt], format_rows(table, fmt).encode("utf-8")


def _parameter(param) -> dict:
    schema = {"type": "string", "enum": list(param.choices)} if param.choices else dict(_SCHEMAS[param.type])
    if param.default is not None:
        schema["default"] = param.default
    return {"name": param.name, "in": "query", "required": param.default is None, "description": param.doc,
            "schema": schema}


_ERROR = {"description": "An error: the message names the parameter at fault",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(definition: QueryDef) -> dict:
    rows = {"type": "array", "items": {"type": "object", "additionalProperties": {"type": ["string", "null"]}}}
    formats = {"name": "format", "in": "query", "required": False, "description": "How to write the rows.",
               "schema": {"type": "string", "enum": list(ROW_FORMATS), "default": "json"}}
    return {"get": {
        "operationId": "query_" + definition.name.replace("-", "_"), "tags": ["canned queries"],
        "summary": definition.summary.get("en", definition.name), "description": definition.description,
        "parameters": [_parameter(p) for p in definition.params] + [formats],
        "responses": {
            "200": {"description": "The rows: labels in the chosen language and the sources of each fact",
                    "content": {"application/json": {"schema": rows}, "text/csv": {"schema": {"type": "string"}},
                                "text/markdown": {"schema": {"type": "string"}},
                                "text/plain": {"schema": {"type": "string"}}}},
            "400": _ERROR, "403": _ERROR, "504": _ERROR}}}


def openapi(definitions: list[QueryDef]) -> dict:
    """The OpenAPI 3.1 document of the API (and of the SPARQL endpoint)."""
    sparql_query = {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                    "description": "A SPARQL 1.1 query; the project's prefixes are declared. Without it, GET "
                                   "answers the Service Description."}
    paths = {
        "/api/queries": {"get": {
            "operationId": "list_queries", "tags": ["canned queries"], "summary": "The canned queries",
            "responses": {"200": {"description": "Every canned query with its typed parameters", "content": {
                "application/json": {"schema": {"type": "array",
                                                "items": {"$ref": "#/components/schemas/Query"}}}}}}}},
        **{f"/api/queries/{d.name}": _operation(d) for d in definitions},
        "/sparql": {
            "get": {"operationId": "sparql_get", "tags": ["SPARQL"], "summary": "SPARQL 1.1 Protocol query",
                    "parameters": [sparql_query],
                    "responses": {"200": {"description": "Results by Accept: SPARQL JSON, XML, CSV, TSV; Turtle, "
                                                         "N-Triples, JSON-LD, RDF/XML"},
                                  "400": {"description": "A malformed query, or more rows than the limit"},
                                  "403": {"description": "An update, or SERVICE where not allowed"},
                                  "504": {"description": "The query ran past the time limit and was stopped"}}},
            "post": {"operationId": "sparql_post", "tags": ["SPARQL"], "summary": "SPARQL 1.1 Protocol query",
                     "requestBody": {"content": {
                         "application/sparql-query": {"schema": {"type": "string"}},
                         "application/x-www-form-urlencoded": {"schema": {
                             "type": "object", "properties": {"query": {"type": "string"}}}}}},
                     "responses": {"200": {"description": "As for GET"}, "400": {"description": "As for GET"},
                                   "403": {"description": "As for GET"}, "504": {"description": "As for GET"}}}},
    }
    param = {"type": "object", "properties": {
        "name": {"type": "string"}, "type": {"type": "string", "enum": list(_SCHEMAS)},
        "default": {"type": ["string", "null"]}, "required": {"type": "boolean"}, "description": {"type": "string"}}}
    schemas = {
        "Error": {"type": "object", "required": ["error", "status"], "properties": {
            "error": {"type": "string"}, "param": {"type": ["string", "null"]}, "status": {"type": "integer"}}},
        "Query": {"type": "object", "required": ["name", "params", "url"], "properties": {
            "name": {"type": "string"}, "summary": {"type": "object", "additionalProperties": {"type": "string"}},
            "description": {"type": "string"}, "federated": {"type": "boolean"}, "url": {"type": "string"},
            "params": {"type": "array", "items": param}}}}
    return {"openapi": "3.1.0",
            "info": {"title": "kaifm-kg", "version": __version__,
                     "description": "The knowledge graph of South Korea's Independent AI Foundation Model programme "
                                    "(독자 AI 파운데이션 모델 프로젝트): canned queries and a SPARQL endpoint. "
                                    "Every fact cites its sources.",
                     "license": {"name": "CC-BY-4.0 (data), MIT (code)", "identifier": "CC-BY-4.0"}},
            "servers": [{"url": "/"}], "paths": paths, "components": {"schemas": schemas}}
