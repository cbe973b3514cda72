"""Run a query on pyoxigraph (default), on rdflib, or on any SPARQL 1.1 endpoint, with parameters bound by the engine.

>>> from kaifm_kg import Project, run_query
>>> table = run_query(Project.open(), "teams-on", params={"date": "2026-01-20"})
>>> table.column("team")
['LG AI Research consortium', 'SK Telecom consortium', 'Upstage consortium']

Binding: pyoxigraph takes `substitutions`, rdflib `initBindings`; for an endpoint the values go
into a VALUES block of N-Triples terms (terms.inject_values). Every engine knows the project's
prefixes (rdf/prefixes.py), as Wikidata's service knows its own, so a query need not declare them.
The oxigraph path imports neither rdflib nor pyshacl: it loads the project's dump (Project.dump).
"""

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from ..errors import InputError, RemoteError, quoted
from ..project import Project
from ..rdf.names import choose
from ..rdf.prefixes import PREFIXES, sparql_prologue
from .asof import as_of_notes, curated_up_to, query_dates
from .catalogue import Label, QueryDef, load_query, parse_query, typed_values
from .table import Table
from .terms import XSD, inject_values, lexical

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import ResultRow
    from rdflib.term import Identifier

ENGINES = ("oxigraph", "rdflib")
_XSD_STRING = XSD + "string"
_NAMES = "rdfs:label|skos:altLabel|skos:prefLabel"
_LOOKUP = f"""SELECT DISTINCT ?node ?name WHERE {{
  ?node {_NAMES} ?text .
  FILTER(isIRI(?node) && LCASE(STR(?text)) = LCASE(?name))
}}"""
_ALL_NAMES = f"SELECT DISTINCT ?text WHERE {{ ?node {_NAMES} ?text . FILTER(isIRI(?node)) }}"
_AT = re.compile(r"error at (\d+):(\d+)")
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")  # the prefixed name a parser stopped after


def _syntax_error(error: Exception, text: str) -> InputError:
    """A parser's complaint as one line; an undeclared prefix is named as such."""
    message = str(error).strip()
    name = None
    if message.startswith("Unknown namespace prefix"):  # rdflib
        name = message.rpartition(":")[2].strip()
    elif "Prefix not found" in message and (at := _AT.search(message)):  # pyoxigraph: find the name at line:col
        line, column = int(at.group(1)), int(at.group(2))
        lines = text.splitlines()
        before = lines[line - 1][:column - 1] if 0 < line <= len(lines) else ""
        found = _PREFIXED.search(before)
        name = found.group(1) or "" if found else None
    if name is not None:
        return InputError(f"the prefix {quoted(name + ':')} is not declared; add PREFIX {name[:50]}: <IRI> (the "
                          f"project's own prefixes are declared already: {', '.join(PREFIXES)})", param="query")
    first = message.splitlines()[0] if message else type(error).__name__
    return InputError(f"syntax error: {first if len(first) < 300 else quoted(first)}", param="query")


class OxigraphEngine:
    """An in-memory pyoxigraph store loaded from an N-Triples dump."""

    def __init__(self, dump: Path):
        self.store = ox.Store()
        self.store.load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)

    def select(self, text: str, bindings: dict) -> Table:
        """Run a SELECT query with bindings (name -> pyoxigraph term) substituted by the engine."""
        try:
            solutions = self.store.query(text, prefixes=PREFIXES,
                                         substitutions={ox.Variable(k): v for k, v in bindings.items()})
        except SyntaxError as e:
            raise _syntax_error(e, text) from e
        except RuntimeError as e:  # e.g. a parameter missing from the SELECT clause
            raise InputError(str(e), param="query") from e
        if not isinstance(solutions, ox.QuerySolutions):
            raise InputError("only SELECT queries can be run", param="query")
        names = tuple(v.value for v in solutions.variables)
        try:
            rows = [tuple(map(_ox_text, solution)) for solution in solutions]  # terms in `names` order
        except OSError as e:  # a SERVICE the query calls failed
            raise RemoteError(f"a SERVICE endpoint the query calls failed: {e}") from e
        return Table(names, rows)


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
        self._prepared: dict[str, Query] = {}

    def select(self, text: str, bindings: dict) -> Table:
        """Run a SELECT query with bindings passed as initBindings."""
        from rdflib import BNode, Literal, URIRef, Variable
        from rdflib.plugins.sparql import prepareQuery

        if text not in self._prepared:
            try:
                self._prepared[text] = prepareQuery(text, initNs=PREFIXES)
            except Exception as e:  # pyparsing and the algebra translation raise several types
                raise _syntax_error(e, text) from e
        init: dict[str, Identifier] = {  # rdflib's stubs take names; a Variable is one
            Variable(k): (URIRef(v.value) if isinstance(v, ox.NamedNode) else
                          Literal(v.value, lang=v.language, datatype=None if v.language else v.datatype.value))
            for k, v in bindings.items()}
        result = self.graph.query(self._prepared[text], initBindings=init)
        if result.type != "SELECT":
            raise InputError("only SELECT queries can be run", param="query")

        def text_of(term):
            if term is None or isinstance(term, BNode):
                return None if term is None else f"_:{term}"
            if isinstance(term, Literal):
                return lexical(str(term), str(term.datatype) if term.datatype else None)
            return str(term)

        # a SELECT result has its variables and yields ResultRows
        names, rows = tuple(str(v) for v in cast(list, result.vars)), cast(Iterable["ResultRow"], result)
        return Table(names, [tuple(text_of(row[i]) for i in range(len(names))) for row in rows])


class EndpointEngine:
    """A remote SPARQL 1.1 endpoint, reached through the project's HTTP client (remote/sparql.py)."""

    def __init__(self, url: str, timeout: float = 30.0):
        from ..remote.sparql import HttpClient

        self.client = HttpClient(url, timeout)

    def select(self, text: str, bindings: dict) -> Table:
        """POST the query, the project's prefixes declared and a VALUES block for bindings, and read the results."""
        from ..remote.sparql import select

        data = select(self.client, sparql_prologue() + inject_values(text, bindings))
        names = tuple(data["head"]["vars"])
        return Table(names, [tuple(_json_text(row.get(n)) for n in names) for row in data["results"]["bindings"]])


def _json_text(cell: dict | None) -> str | None:
    if cell is None:
        return None
    if cell["type"] in ("literal", "typed-literal"):
        return lexical(cell["value"], cell.get("datatype"))
    return cell["value"] if cell["type"] == "uri" else f"_:{cell['value']}"


def open_engine(project: Project | None, engine: str = "oxigraph", endpoint: str | None = None,
                timeout: float = 30.0):
    """An engine to run queries on: the endpoint when one is given, else oxigraph (the project's one store) or
    rdflib over the project's graph."""
    if endpoint:
        return EndpointEngine(endpoint, timeout)
    if engine not in ENGINES:
        raise InputError(f"unknown engine {quoted(engine)} (choose from {', '.join(ENGINES)})", param="engine")
    if project is None:
        raise ValueError("a project is needed to load its graph")
    return project.oxigraph() if engine == "oxigraph" else RdflibEngine(project.dump())


def resolve_name(backend, label: Label, param: str) -> ox.NamedNode:
    """The node a label names on backend, by the one rule of rdf/names.py."""
    rows = backend.select(_LOOKUP, {"name": ox.Literal(label.text)}).rows
    matches = [row[0] for row in rows]
    known = [] if matches else [(row[0] or "").casefold() for row in backend.select(_ALL_NAMES, {}).rows]
    return ox.NamedNode(choose(label.text, matches, known, param=param))


def get_query(project: Project | None, query: str | QueryDef) -> QueryDef:
    """A QueryDef as is; a name of a canned query; or SPARQL text (anything with a space or a brace)."""
    if isinstance(query, QueryDef):
        return query
    if any(ch.isspace() or ch == "{" for ch in query):
        return parse_query(query, "query")
    if project is None:
        raise ValueError(f"a project is needed to find the canned query {query}")
    return load_query(query, project)


def run_query(project: Project | None, query: str | QueryDef, params: dict[str, str] | None = None, engine="oxigraph",
              endpoint: str | None = None, timeout: float = 30.0) -> Table:
    """Run a canned query (by name), SPARQL text or a QueryDef on the project's graph, with params (name -> text)
    typed and bound by the engine.

    engine is "oxigraph", "rdflib" or an engine from open_engine (to reuse a loaded store); endpoint, when
    given, sends the query to that SPARQL endpoint instead (with either, project may be None for a QueryDef).
    Parameter columns are left out of the rows. The table's notes give the day the graph is curated up to, and a
    caveat for a date asked about after it.
    """
    definition = get_query(project, query)
    values = typed_values(definition, params or {})
    backend = open_engine(project, engine, endpoint, timeout) if isinstance(engine, str) or endpoint else engine
    if definition.federated and isinstance(backend, RdflibEngine):
        raise InputError(f"query {definition.name} is federated (SERVICE): run it on oxigraph or an endpoint",
                         param="engine")
    bindings = {name: resolve_name(backend, v, f"params.{name}") if isinstance(v, Label) else v
                for name, v in values.items()}
    table = backend.select(definition.text, bindings)
    lang = values["lang"].value if "lang" in values else "en"
    notes = as_of_notes(curated_up_to(backend), query_dates(definition, values), lang)
    return Table(table.columns, table.rows, notes).select([name for name in table.columns if name not in bindings])
