"""RDF in and out: parsing files with rdflib, with messages that name them, and deterministic serialisations
(the same graph always gives the same bytes; Turtle is written by pyoxigraph where it can be).

JSON-LD compaction needs the project's context and lives in export/jsonld.py; every other format is here.
"""

import bisect
import collections
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar, cast

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser
from rdflib.term import Node

from ..errors import InputError, quoted
from ..files import utf8_text
from .formats import FORMATS, GRAPH_FORMATS, format_of
from .namespaces import PREFIXES
from .prefixes import PREFIXES as TEXT_PREFIXES

# The Turtle family, checked by pyoxigraph first: its messages speak Turtle and give the line and column.
_OXIGRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
             "trig": ox.RdfFormat.TRIG}
_AT = re.compile(r"line (\d+)(?: between columns| column) (\d+)")
_Term = TypeVar("_Term", bound=Node)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's fixed prefixes (and only those) on graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def in_order(nodes: Iterable[_Term]) -> list[_Term]:
    """nodes sorted as rdflib orders its terms (a deterministic order)."""
    return sorted(nodes)  # type: ignore[type-var]  # rdflib's terms order; its stubs' Node does not


class _Parser(SinkParser):
    """rdflib's Turtle parser, remembering where the last '[' opened (its own line count drifts when it
    backtracks)."""

    opened = 0

    def here(self, i: int) -> str:  # called at each '[', just before its blank node is made
        self.opened = i
        return super().here(i)


class _Sink(RDFSink):
    """rdflib's Turtle sink, noting where each blank node opens: at its '[', else (a _:label, a list) on the
    current line."""

    parser: _Parser  # set as soon as the parser is made

    def __init__(self, graph: Graph):
        super().__init__(graph)
        self.opened: dict[BNode, int] = {}

    def newBlankNode(self, arg=None, uri=None, why=None) -> BNode:
        node = super().newBlankNode(arg, uri, why)
        self.opened[node] = self.parser.opened if uri is not None else self.parser.startOfLine
        return node


def _parse_turtle(data: bytes, graph: Graph, base: str) -> dict:
    """What rdflib's Turtle parser does, also returning the line (1-based) where each blank node opens."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    sink = _Sink(graph)
    sink.parser = _Parser(sink, baseURI=base, turtle=True)
    sink.parser.loadBuf(text)
    for prefix, namespace in sink.parser._bindings.items():
        graph.bind(prefix, namespace)
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    return {node: bisect.bisect_left(breaks, at) + 1 for node, at in sink.opened.items()}


def parse_file(path: Path, graph: Graph | None = None, origins: dict | None = None) -> Graph:
    """Parse one RDF file into graph; an unreadable or malformed file raises InputError naming it, and for
    text that is not UTF-8 or Turtle (N-Triples, TriG, N-Quads) with a syntax error, the line and column.

    With origins (a dict), each blank node of a Turtle file is noted in it as (path, line where it opens)."""
    path = Path(path)
    graph = graph if graph is not None else Graph()
    fmt = format_of(path)
    if fmt is None:
        known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
        raise InputError(f"{path}: unknown RDF format (expected one of {known})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    if fmt.name != "xml":  # RDF/XML may declare another encoding; every other format is UTF-8
        data = utf8_text(data, str(path)).encode("utf-8")
    if fmt.name in _OXIGRAPH:
        _check_syntax(path, data, _OXIGRAPH[fmt.name])
    try:
        if origins is not None and fmt.name == "ttl":
            lines = _parse_turtle(data, graph, path.resolve().as_uri())
            origins.update((node, (path, line)) for node, line in lines.items())
        else:
            graph.parse(data=data, format=fmt.rdflib_name, publicID=path.resolve().as_uri())
    except BadSyntax as e:  # what pyoxigraph took and rdflib does not: rdflib's reason, at its place
        text = e._str.decode("utf-8", "replace") if isinstance(e._str, bytes) else e._str
        at = len(e._str[:e._i].decode("utf-8", "replace")) if isinstance(e._str, bytes) else e._i
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        name = _OXIGRAPH[fmt.name].name if fmt.name in _OXIGRAPH else fmt.name
        raise InputError(f"{path}:{e.lines + 1}:{column}: {name} syntax error: {e._why}") from e
    except Exception as e:  # every other parser reports its own way; keep its message
        raise InputError(f"{path}: cannot parse as {fmt.name}: {e}") from e
    return graph


def _check_syntax(path: Path, data: bytes, fmt: ox.RdfFormat) -> None:
    """Raise InputError `path:LINE:COLUMN: Turtle syntax error: reason` for the first syntax error in data."""
    try:
        collections.deque(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()), maxlen=0)
    except SyntaxError as e:
        message = str(e)
        at = _AT.search(message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        reason = re.sub(r"\s*\(line \d+\)$", "", message.partition(": ")[2] or message)
        text = data.decode("utf-8").splitlines()
        here = text[line - 1][column - 1:] if line <= len(text) else ""
        if reason.startswith("Unexpected end") and here[:1] in "\"'" and here:
            reason = "a string opened here is not closed (a string on several lines needs \"\"\"…\"\"\")"
        raise InputError(f"{path}:{line}:{column}: {fmt.name} syntax error: {reason}") from e


def load_files(files: Iterable[Path], origins: dict | None = None) -> Graph:
    """Parse every file into one graph (blank nodes stay distinct per file); origins as for parse_file."""
    graph = Graph()
    for path in files:
        parse_file(Path(path), graph, origins)
    return graph


def curated_turtle(graph: Graph, header: str) -> bytes:
    """graph as a Turtle file kept under version control: header (comment lines), then rdflib's longturtle
    layout with the project's prefixes (subjects and predicates sorted, one object per line, blank nodes in
    canonical order), without trailing spaces. The same triples give the same bytes, and a change of a
    triple changes only the lines around it."""
    named = bind_prefixes(Graph(bind_namespaces="none"))
    named += graph
    text = named.serialize(format="longturtle", canon=True)
    return (header + "\n" + "".join(line.rstrip() + "\n" for line in text.splitlines())).encode("utf-8")


def serialize(graph: Graph, fmt: str) -> bytes:
    """graph in fmt (ttl, nt or xml), deterministically: N-Triples sorted, RDF/XML sorted (rdfxml.py), Turtle in
    the N-Triples' order (rdflib's layout for a graph with blank nodes or relative IRIs)."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"unknown graph format {quoted(fmt)} (choose from {', '.join(GRAPH_FORMATS)})",
                         param="format")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines()  # bytes sort as their text does
        return b"".join(line + b"\n" for line in sorted({line for line in lines if line.strip()}))
    if fmt == "xml":
        from .rdfxml import serialize_rdfxml

        return serialize_rdfxml(graph)
    turtle = turtle_from_ntriples(serialize(graph, "nt"))
    if turtle is None:  # a blank node, which rdflib nests where it is used, or a relative IRI (void.ttl's files)
        return graph.serialize(format="turtle", encoding="utf-8")
    return turtle


def turtle_from_ntriples(data: bytes) -> bytes | None:
    """Turtle of sorted N-Triples, written by pyoxigraph in their order (so subjects in IRI order) with the
    project's prefixes; None if the data holds a blank node or a relative IRI, which pyoxigraph would label or
    refuse.

    rdflib's Turtle writer grows faster than the graph (it files every IRI's namespace in a trie that it
    searches linearly); this grows linearly, and the project's exports give it their dump as it is."""
    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:  # a relative IRI, which rdflib writes into N-Triples as it is
        return None
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return None
    return written_by_oxigraph(triples, ox.RdfFormat.TURTLE)


def written_by_oxigraph(items: Iterable, fmt: ox.RdfFormat) -> bytes:
    """Triples as Turtle, or quads as TriG, written by pyoxigraph with the project's prefixes, sorted (its own
    order changes from one process to the next), and a blank line after them. Kept as bytes throughout: a str of
    a large graph, and its encoding, would each cost the text's size again."""
    written = cast(bytes, ox.serialize(items, format=fmt, prefixes=TEXT_PREFIXES))
    header, end = [], 0
    while written.startswith(b"@prefix ", end):
        line_end = written.index(b"\n", end) + 1
        header.append(written[end:line_end])
        end = line_end
    return b"".join([*sorted(header), b"\n", memoryview(written)[end:]])
