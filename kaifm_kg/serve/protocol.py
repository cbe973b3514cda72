"""The SPARQL 1.1 Protocol at /sparql: reading a request, refusing what a read-only public endpoint must not
do, running the query in a worker, and the Service Description.

- GET ?query=…, POST application/x-www-form-urlencoded (query=…) or POST application/sparql-query (the
  query as the body); `default-graph-uri` / `named-graph-uri` are honoured. The project's prefixes are
  declared for every query, as on the command line.
- Results by Accept (or `format=json|xml|csv|tsv|ttl|nt|jsonld|rdf`): SELECT as SPARQL JSON, XML, CSV or
  TSV; ASK as JSON or XML; CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML.
- Read-only: an update (`update=`, application/sparql-update, or update text) is refused (403). SERVICE is
  refused (403) unless the server allows it, so the endpoint cannot be made a proxy. More rows (or
  triples) than the server's limit are refused (400) rather than cut silently.
"""

import itertools
import json
import re
from dataclasses import dataclass
from typing import cast

from ..errors import InputError, quoted
from ..query.table import Table
from ..rdf.formats import FORMATS
from ..rdf.prefixes import PREFIXES
from .negotiation import LD_FORMATS, choose

QUERY_TYPES = ("application/sparql-query",)
UPDATE_TYPES = ("application/sparql-update",)
FORM_TYPE = "application/x-www-form-urlencoded"
RESULT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
_ALIASES = {"application/json": "application/sparql-results+json"}  # what browsers' and scripts' Accept says
GRAPH_RESULT_FORMATS = {FORMATS[name].suffixes[0].lstrip("."): FORMATS[name].media_type for name in LD_FORMATS}
_UPDATE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*"  # the prologue, its IRIs blanked out (linear)
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_NOISE = re.compile(r'''\#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>''', re.X)
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.I)


class Refused(InputError):
    """A request this read-only endpoint does not carry out: an update, or SERVICE when not allowed (HTTP 403)."""


class TooLarge(InputError):
    """A result larger than the server's row limit (HTTP 400: the query asks for too much)."""


@dataclass(frozen=True)
class SparqlRequest:
    """One query to run, with what the client accepts and the server's limits."""

    text: str
    accept: str | None = None
    fmt: str | None = None  # format=… in the request, over Accept
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    allow_service: bool = False
    max_rows: int = 10000


def read_request(method: str, params: dict[str, list[str]], content_type: str, body: bytes) -> dict:
    """The protocol's fields of a request (query, default-graph-uri, named-graph-uri, format) as lists, from the
    URL and, for a POST, the form or the direct body; an update or a request without one query raises."""
    kind = content_type.split(";")[0].strip().lower()
    fields = {key: list(values) for key, values in params.items()}
    if method == "POST":
        if kind in UPDATE_TYPES:
            raise Refused("this endpoint is read-only: SPARQL Update is not accepted", param="update")
        if kind in QUERY_TYPES:
            try:
                fields.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError as e:
                raise InputError(f"the query is not UTF-8 text (byte {e.start})", param="query") from e
        elif kind != FORM_TYPE:
            raise InputError(f"a POST must be {FORM_TYPE} or application/sparql-query, not {quoted(kind)}",
                             param="content-type")
    if "update" in fields:
        raise Refused("this endpoint is read-only: SPARQL Update is not accepted", param="update")
    if len(fields.get("query", [])) > 1:
        raise InputError("give one query, not several", param="query")
    return fields


def check_query(text: str, allow_service: bool) -> None:
    """Refuse update text, and SERVICE unless allowed (keywords found outside comments, strings and IRIs)."""
    if not text.strip():
        raise InputError("the query is empty", param="query")
    bare = _NOISE.sub(" ", text)
    if _UPDATE.match(bare):
        raise Refused("this endpoint is read-only: SPARQL Update is not accepted", param="query")
    if not allow_service and _SERVICE.search(bare):
        raise Refused("SERVICE (federated query) is not allowed on this endpoint; the operator can allow it "
                      "(kaifm-kg serve --allow-service)", param="query")


def _pick(request: SparqlRequest, offers: dict[str, str]) -> str:
    """The media type to answer in, from format=… or else Accept; InputError (406 by the caller) when none fits."""
    if request.fmt is not None:
        if request.fmt not in offers:
            raise NotAcceptable(f"{quoted(request.fmt)} is not a format of this result (choose from "
                                f"{', '.join(offers)})", param="format")
        return offers[request.fmt]
    accept = request.accept
    for alias, real in _ALIASES.items():
        accept = accept.replace(alias, real) if accept else accept
    chosen = choose(accept, list(offers.values()))
    if chosen is None:
        raise NotAcceptable(f"none of the media types in Accept ({quoted(request.accept)}) is offered for this "
                            f"result: {', '.join(offers.values())}", param="accept")
    return chosen


class NotAcceptable(InputError):
    """No representation the client accepts (HTTP 406)."""


def execute(store, request: SparqlRequest) -> tuple[str, bytes]:
    """Run request on store (in a worker): the media type and the body of the answer."""
    import pyoxigraph as ox

    try:
        result = store.query(request.text, prefixes=PREFIXES,
                             default_graph=[ox.NamedNode(g) for g in request.default_graphs] or None,
                             named_graphs=[ox.NamedNode(g) for g in request.named_graphs] or None)
    except SyntaxError as e:
        raise InputError(f"syntax error: {str(e).strip().splitlines()[0] if str(e).strip() else e}",
                         param="query") from e
    except ValueError as e:  # a bad graph IRI
        raise InputError(str(e), param="default-graph-uri") from e
    try:
        if isinstance(result, ox.QueryBoolean):
            media = _pick(request, {k: RESULT_FORMATS[k] for k in ("json", "xml")})
            # serialize returns the bytes when given no output (pyoxigraph's stubs say bytes | None), here and below
            return media, cast(bytes, result.serialize(format=ox.QueryResultsFormat.from_media_type(media)))
        if isinstance(result, ox.QuerySolutions):
            media = _pick(request, RESULT_FORMATS)
            return media, _solutions(result, request.max_rows, ox.QueryResultsFormat.from_media_type(media))
        media = _pick(request, GRAPH_RESULT_FORMATS)
        triples = _limited(result, request.max_rows, "triples")
        return media, cast(bytes, ox.serialize(triples, format=ox.RdfFormat.from_media_type(media), prefixes=PREFIXES))
    except OSError as e:  # a SERVICE the query calls failed
        from ..errors import RemoteError

        raise RemoteError(f"a SERVICE endpoint the query calls failed: {e}") from e


def _limited(items, max_rows: int, what: str) -> list:
    kept = list(itertools.islice(items, max_rows + 1))
    if len(kept) > max_rows:
        raise TooLarge(f"the result has more than {max_rows} {what}, the server's limit; add a LIMIT (and OFFSET "
                       "to page through it)", param="query")
    return kept


def _solutions(solutions, max_rows: int, fmt) -> bytes:
    """At most max_rows solutions serialised in fmt (through TSV, pyoxigraph's lossless text form)."""
    import pyoxigraph as ox

    names = [v.value for v in solutions.variables]
    rows = _limited(solutions, max_rows, "rows")
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    # no output given, so serialize returns the bytes
    return cast(bytes, ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt))


def for_page(media: str, body: bytes):
    """An answer of `execute` (asked for JSON results or Turtle) as the query page shows it: a Table of the values,
    {"boolean": …} for ASK, or {"text": …} for a graph."""
    if media != RESULT_FORMATS["json"]:
        return {"text": body.decode("utf-8")}
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    names = tuple(data["head"]["vars"])
    return Table(names, [tuple((row.get(n) or {}).get("value") for n in names) for row in data["results"]["bindings"]])


def service_description(endpoint: str):
    """The SPARQL 1.1 Service Description of the endpoint at URL endpoint, as an rdflib graph."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    graph = Graph()
    graph.bind("sd", sd)
    service, dataset, default = URIRef(endpoint), BNode("dataset"), BNode("default")
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    for language in ("SPARQL10Query", "SPARQL11Query"):
        graph.add((service, sd.supportedLanguage, sd[language]))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        graph.add((service, sd.resultFormat, formats[fmt]))
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    graph.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(
        "Read-only: SPARQL Update is refused. The kaifm-kg prefixes (kaifm:, korg:, team:, model:, schema:, org:, "
        "…) are declared for every query. Queries run under a time limit and a row limit.", lang="en")))
    return graph
