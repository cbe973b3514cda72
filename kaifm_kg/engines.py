"""Run a query on pyoxigraph (default), on rdflib, or on any SPARQL 1.1 endpoint, with parameters bound by the engine.

>>> from kaifm_kg import run_query
>>> result = run_query("teams-on", params={"date": "2026-01-20"})
>>> [row[result.vars.index("team")] for row in result.rows]
['LG AI Research consortium', 'SK Telecom consortium', 'Upstage consortium']

Binding: pyoxigraph takes `substitutions`, rdflib `initBindings`; for an endpoint the values go
into a VALUES block of N-Triples terms (terms.inject_values). The oxigraph path imports neither
rdflib nor pyshacl: it loads the prebuilt dump (dump.ensure_dump).
"""

from pathlib import Path

import pyoxigraph as ox

from .dump import ensure_dump
from .errors import InputError, NotFoundError, RemoteError, first_line
from .queries import Label, QueryDef, QueryResult, load_query, parse_query, typed_values
from .terms import XSD, inject_values, lexical

ENGINES = ("oxigraph", "rdflib")
_XSD_STRING = XSD + "string"
_LOOKUP = parse_query("""\
#+ param: name | string | required | A label or alias.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name ?node WHERE {
  ?node rdfs:label|skos:altLabel|skos:prefLabel ?text .
  FILTER(isIRI(?node) && LCASE(STR(?text)) = LCASE(?name))
} ORDER BY ?node
""", "label lookup")


class OxigraphEngine:
    """An in-memory pyoxigraph store loaded from an N-Triples dump."""

    def __init__(self, dump: Path):
        self.store = ox.Store()
        self.store.load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)

    def select(self, text: str, bindings: dict) -> QueryResult:
        """Run a SELECT query with bindings (name -> pyoxigraph term) substituted by the engine."""
        try:
            solutions = self.store.query(text, substitutions={ox.Variable(k): v for k, v in bindings.items()})
        except SyntaxError as e:
            raise InputError(f"query: syntax error: {e}") from e
        except RuntimeError as e:  # e.g. a parameter missing from the SELECT clause
            raise InputError(f"query: {e}") from e
        if not isinstance(solutions, ox.QuerySolutions):
            raise InputError("query: only SELECT queries can be run")
        names = tuple(v.value for v in solutions.variables)
        try:
            rows = [tuple(map(_ox_text, solution)) for solution in solutions]  # terms in `names` order
        except OSError as e:  # a SERVICE the query calls failed
            raise RemoteError(f"query: a SERVICE endpoint failed: {e}") from e
        return QueryResult(names, rows)


def _ox_text(term) -> str | None:
    """The text of a pyoxigraph term (called for every cell, so plain strings take the shortest path)."""
    if term is None:
        return None
    if type(term) is ox.Literal:
        if term.language is not None:
            return term.value
        datatype = term.datatype.value
        return term.value if datatype == _XSD_STRING else lexical(term.value, datatype)
    return term.value if type(term) is ox.NamedNode else f"_:{term.value}"


class RdflibEngine:
    """An rdflib graph parsed from the same dump; queries are prepared once per text."""

    def __init__(self, dump: Path):
        from rdflib import Graph

        self.graph = Graph().parse(dump, format="nt")
        self._prepared = {}

    def select(self, text: str, bindings: dict) -> QueryResult:
        """Run a SELECT query with bindings passed as initBindings."""
        from rdflib import BNode, Literal, URIRef, Variable
        from rdflib.plugins.sparql import prepareQuery

        if text not in self._prepared:
            try:
                self._prepared[text] = prepareQuery(text)
            except Exception as e:  # pyparsing and the algebra translation raise several types
                raise InputError(f"query: syntax error: {e}") from e
        init = {Variable(k): (URIRef(v.value) if isinstance(v, ox.NamedNode) else
                              Literal(v.value, lang=v.language, datatype=None if v.language else v.datatype.value))
                for k, v in bindings.items()}
        result = self.graph.query(self._prepared[text], initBindings=init)
        if result.type != "SELECT":
            raise InputError("query: only SELECT queries can be run")

        def text_of(term):
            if term is None or isinstance(term, BNode):
                return None if term is None else f"_:{term}"
            if isinstance(term, Literal):
                return lexical(str(term), str(term.datatype) if term.datatype else None)
            return str(term)

        names = tuple(str(v) for v in result.vars)
        return QueryResult(names, [tuple(text_of(row[i]) for i in range(len(names))) for row in result])


class EndpointEngine:
    """A remote SPARQL 1.1 endpoint reached through SPARQLWrapper; any failure raises RemoteError."""

    def __init__(self, url: str, timeout: float = 30.0):
        self.url, self.timeout = url, timeout

    def select(self, text: str, bindings: dict) -> QueryResult:
        """POST the query with a VALUES block for bindings and read the JSON results."""
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        from . import __version__  # importlib.metadata only on this path

        client = SPARQLWrapper(self.url, agent=f"kaifm-kg/{__version__} (https://w3id.org/kaifm)")
        client.setQuery(inject_values(text, bindings))
        client.queryType = SELECT  # SPARQLWrapper guesses updates from words like "load" even in comments
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(self.timeout, 1)))
        try:
            data = client.query().convert()
        except QueryBadFormed as e:
            raise InputError(f"query: the endpoint {self.url} rejected it as malformed: {first_line(e)}") from e
        except (SPARQLWrapperException, OSError, ValueError) as e:  # URLError and timeouts are OSErrors
            raise RemoteError(f"endpoint {self.url} failed: {first_line(e)}") from e
        if not isinstance(data, dict) or "results" not in data:
            raise RemoteError(f"endpoint {self.url} did not answer with SPARQL JSON SELECT results")
        names = tuple(data["head"]["vars"])
        return QueryResult(names, [tuple(_json_text(row.get(n)) for n in names) for row in data["results"]["bindings"]])


def _json_text(cell: dict | None) -> str | None:
    if cell is None:
        return None
    if cell["type"] in ("literal", "typed-literal"):
        return lexical(cell["value"], cell.get("datatype"))
    return cell["value"] if cell["type"] == "uri" else f"_:{cell['value']}"


def open_engine(engine: str = "oxigraph", endpoint: str | None = None, root: Path | None = None,
                timeout: float = 30.0):
    """An engine to run queries on: the endpoint when one is given, else oxigraph or rdflib over the built graph."""
    if endpoint:
        if not endpoint.startswith(("http://", "https://")):
            raise InputError(f"--endpoint: {endpoint!r} is not an http(s) URL")
        return EndpointEngine(endpoint, timeout)
    if engine not in ENGINES:
        raise InputError(f"--engine: unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    dump = ensure_dump(root)
    return OxigraphEngine(dump) if engine == "oxigraph" else RdflibEngine(dump)


def _resolve_label(backend, param: str, label: Label):
    rows = backend.select(_LOOKUP.text, {"name": ox.Literal(label.text)}).rows
    nodes = sorted({row[1] for row in rows})
    if not nodes:
        raise NotFoundError(f"--param {param}: nothing in the graph is called {label.text!r}")
    if len(nodes) > 1:
        raise InputError(f"--param {param}: {label.text!r} names {len(nodes)} things ({', '.join(nodes)}); give an IRI")
    return ox.NamedNode(nodes[0])


def get_query(query: str | QueryDef, root: Path | None = None) -> QueryDef:
    """A QueryDef as is; a name of a canned query; or SPARQL text (anything with a space or a brace)."""
    if isinstance(query, QueryDef):
        return query
    if any(ch.isspace() or ch == "{" for ch in query):
        return parse_query(query, "query")
    return load_query(query, root)


def run_query(query: str | QueryDef, params: dict[str, str] | None = None, engine="oxigraph",
              endpoint: str | None = None, root: Path | None = None, timeout: float = 30.0) -> QueryResult:
    """Run a canned query (by name), SPARQL text or a QueryDef, with params (name -> text) typed and bound by the engine.

    engine is "oxigraph", "rdflib" or an engine from open_engine (to reuse a loaded store);
    endpoint, when given, sends the query to that SPARQL endpoint instead. Parameter columns are
    left out of the rows.
    """
    definition = get_query(query, root)
    values = typed_values(definition, params or {})
    backend = open_engine(engine, endpoint, root, timeout) if isinstance(engine, str) or endpoint else engine
    if definition.federated and isinstance(backend, RdflibEngine):
        raise InputError(f"query {definition.name} is federated (SERVICE): run it with --engine oxigraph or --endpoint")
    bindings = {name: _resolve_label(backend, name, v) if isinstance(v, Label) else v for name, v in values.items()}
    result = backend.select(definition.text, bindings)
    keep = [i for i, name in enumerate(result.vars) if name not in bindings]
    return QueryResult(tuple(result.vars[i] for i in keep), [tuple(row[i] for i in keep) for row in result.rows])
