"""The query catalogue: canned SPARQL in queries/<name>.rq, its `#+` header, and typed parameters.

A query file opens with header lines, then the SPARQL:

    #+ summary@en: One line in English.
    #+ summary@ko: 한국어 한 줄 요약.
    #+ description: What the rows are and what each column holds (may take several lines).
    #+ param: NAME | TYPE | DEFAULT | What the parameter is.
    #+ federated: true      (only for a query that reads another endpoint through SERVICE)

TYPE is one of `date`, `string`, `integer`, `lang`, `iri-or-label` or `one-of:A,B,C` (a word from a
fixed list, such as `one-of:yes,no,any`); DEFAULT is a value, `today`
(dates) or `required`. A parameter is bound through the engine, never pasted into the text, and
must appear in the SELECT clause (pyoxigraph binds only projected variables); the runner leaves
parameter columns out of the result. Every engine reads a parameter alike (pyoxigraph substitutes
it, rdflib pre-binds it, an endpoint gets a VALUES block, terms.inject_values) where it is used:
- in the top-level group (patterns, FILTERs, expressions), or in a subquery whose SELECT projects it
  (and so does every subquery around that one);
- never as a bare `BIND(?param AS ?x)` (pyoxigraph leaves that unbound; write `BIND(STR(?param) AS ?x)`)
  nor in `BOUND(?param)` (false on pyoxigraph, which substitutes the value).
The .rq files also run as they are, with no parameter bound (a developer sending one to an endpoint):
each query opens its group with its parameters' fallbacks, which the engines' values override:
`BIND(COALESCE(?lang, "en") AS ?labelLang)` gives the default, and `BIND(COALESCE(?team, rdf:nil) AS ?given)`
makes a required IRI match nothing (rdf:nil names nothing), so the query answers no rows rather than every row.
docs/queries.md says why (the planner counts the BIND's value as bound) and gives the other rules.
A federated query names its SERVICE by a parameter (`SERVICE ?wikidata`), so it runs on the oxigraph
engine or a store's endpoint, never offline.
"""

import datetime
import re
from dataclasses import dataclass, field
from pyoxigraph import Literal, NamedNode

from ..errors import InputError, NotFoundError, quoted
from ..files import utf8_text
from ..project import Project
from ..rdf.dates import is_date
from ..rdf.names import iri_of
from .table import Table
from .terms import XSD

PARAM_TYPES = ("date", "string", "integer", "lang", "iri-or-label")
LANGUAGES = ("en", "ko")
_HEADER = re.compile(r"#\+\s*([\w@-]+)\s*:\s?(.*)")
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ONE_OF = re.compile(r"one-of:([\w-]+(?:,[\w-]+)+)")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    type: str
    default: str | None  # None: required
    doc: str

    @property
    def choices(self) -> tuple[str, ...]:
        """The words a one-of parameter takes (none for the other types)."""
        found = _ONE_OF.fullmatch(self.type)
        return tuple(found.group(1).split(",")) if found else ()


@dataclass(frozen=True)
class Label:
    """A parameter value of type iri-or-label that is not an IRI: the engine looks the name up."""

    text: str


@dataclass(frozen=True)
class QueryDef:
    """A query with its header: name, summaries by language, description, parameters and SPARQL text."""

    name: str
    text: str
    summary: dict[str, str] = field(default_factory=dict)
    description: str = ""
    params: tuple[Param, ...] = ()
    federated: bool = False  # reads another endpoint through SERVICE

    def param(self, name: str) -> Param | None:
        """The declared parameter called name, if any."""
        return next((p for p in self.params if p.name == name), None)


def _parse_param(value: str, where: str) -> Param:
    parts = [part.strip() for part in value.split("|")]
    if len(parts) != 4:
        raise InputError(f"{where}: a param line needs 'NAME | TYPE | DEFAULT | description', got {quoted(value)}")
    name, kind, default, doc = parts
    if not _VARNAME.fullmatch(name):
        raise InputError(f"{where}: parameter name {quoted(name)} is not a SPARQL variable name")
    if kind not in PARAM_TYPES and not _ONE_OF.fullmatch(kind):
        raise InputError(f"{where}: parameter {name} has unknown type {quoted(kind)} (choose from "
                         f"{', '.join(PARAM_TYPES)} or one-of:A,B,...)")
    param = Param(name, kind, None if default == "required" else default, doc)
    if param.default is not None:
        convert(param, param.default)  # a bad default is the file's error, found when the header is read
    return param


def parse_query(text: str, name: str) -> QueryDef:
    """Read the `#+` header of a query's text; name says where the text came from, for messages."""
    if not _is_text(text):
        raise InputError(f"{name}: the query is not text (it holds lone surrogates: bytes that were not UTF-8?)")
    summary, description, params, federated = {}, [], [], False
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        where = f"{name}:{number}"
        if key.startswith("summary@"):
            summary[key.partition("@")[2]] = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            params.append(_parse_param(value, where))
        elif key == "federated" and value in ("true", "false"):
            federated = value == "true"
        else:
            raise InputError(f"{where}: unknown header field {quoted(key)} or value (summary@en, summary@ko, "
                             f"description, param, federated: true|false)")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError(f"{name}: a parameter is declared twice ({quoted(', '.join(names))})")
    return QueryDef(name, text, summary, " ".join(description), tuple(params), federated)


def query_names(project: Project) -> list[str]:
    """The names of the project's canned queries (queries/NAME.rq), sorted."""
    return sorted(path.stem for path in project.queries_dir.glob("*.rq"))


def list_queries(project: Project) -> list[QueryDef]:
    """Every canned query of the project, parsed, sorted by name."""
    return [load_query(name, project) for name in query_names(project)]


def load_query(name: str, project: Project) -> QueryDef:
    """The canned query called name; an unknown name raises NotFoundError with the closest names."""
    path = project.queries_dir / f"{name}.rq"
    if not _VARNAME.fullmatch(name.replace("-", "_")) or not path.is_file():
        import difflib

        close = difflib.get_close_matches(name, query_names(project), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " The catalogue lists them all."
        raise NotFoundError(f"no query is called {quoted(name)}.{hint}", param="query")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    return parse_query(utf8_text(data, str(path)), path.stem)


def _today() -> str:
    return datetime.date.today().isoformat()


def _is_text(value: str) -> bool:
    """Whether value can be written as UTF-8 (no lone surrogates, which Python makes of bytes that are not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def convert(param: Param, value: str):
    """value (text from the user or the header) as the term to bind, or a Label to look up; bad values raise
    InputError."""
    where = f"params.{param.name}"
    if not _is_text(value):
        raise InputError(f"{quoted(value)} is not text (bytes that are not UTF-8?)", param=where)
    if param.type == "date":
        text = _today() if value == "today" else value
        if not is_date(text):
            raise InputError(f"{quoted(value)} is not a date (YYYY-MM-DD or 'today')", param=where)
        return Literal(text, datatype=NamedNode(XSD + "date"))
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            raise InputError(f"{quoted(value)} is not an integer", param=where)
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if param.type == "lang":
        if value not in LANGUAGES:
            raise InputError(f"{quoted(value)} is not a language of the graph ({', '.join(LANGUAGES)})", param=where)
        return Literal(value)
    if param.type == "iri-or-label":
        if not value.strip():
            raise InputError("give a label or an IRI", param=where)
        iri = iri_of(value)
        if iri is not None:
            try:
                return NamedNode(iri)
            except ValueError as e:
                raise InputError(f"{quoted(value)} is not a valid IRI: {e}", param=where) from e
        return Label(value.strip())
    if param.choices and value not in param.choices:
        raise InputError(f"{quoted(value)} is not one of {', '.join(param.choices)}", param=where)
    return Literal(value)


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """KEY=VALUE strings as a dict; a malformed or repeated one raises InputError."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"expected KEY=VALUE, got {quoted(pair)}", param="params")
        if key.strip() in values:
            raise InputError(f"{quoted(key.strip())} is given twice", param="params")
        values[key.strip()] = value
    return values


def typed_values(query: QueryDef, given: dict[str, str]) -> dict:
    """Each declared parameter's value (given, else its default) converted; unknown or missing names raise
    InputError."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        takes = ", ".join(p.name for p in query.params) or "no parameters"
        name = unknown[0]
        if _VARNAME.fullmatch(name) and len(name) <= 100:
            raise InputError(f"query {query.name} takes {takes}", param=f"params.{name}")
        raise InputError(f"query {query.name} takes {takes}, not {quoted(name)}", param="params")
    values = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise InputError(f"query {query.name} needs it ({param.doc})", param=f"params.{param.name}")
        values[param.name] = convert(param, value)
    return values


def catalogue(project: Project, lang: str = "en") -> Table:
    """The canned queries as rows: name, parameters (name:type=default, lang left out) and summary in lang."""
    rows = []
    for query in list_queries(project):
        params = ", ".join(f"{p.name}:{p.type}" + ("" if p.default is None else f"={p.default}")
                           for p in query.params if p.type != "lang")
        rows.append((query.name, params, query.summary.get(lang) or query.summary.get("en", "")))
    return Table(("query", "parameters", "summary"), rows)
