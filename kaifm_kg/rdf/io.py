"""RDF in and out with rdflib: parsing files with messages that name them, and deterministic
serialisations (the same graph always gives the same bytes).

JSON-LD compaction needs the project's context and lives in export/jsonld.py; every other format is here.
"""

import collections
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import InputError, quoted
from ..files import utf8_text
from .formats import FORMATS, GRAPH_FORMATS, format_of
from .namespaces import PREFIXES

# The Turtle family, checked by pyoxigraph first: its messages speak Turtle and give the line and column.
_OXIGRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
             "trig": ox.RdfFormat.TRIG}
_AT = re.compile(r"line (\d+)(?: between columns| column) (\d+)")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's fixed prefixes (and only those) on graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into graph; an unreadable or malformed file raises InputError naming it, and for
    text that is not UTF-8 or Turtle (N-Triples, TriG, N-Quads) with a syntax error, the line and column."""
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
        graph.parse(data=data, format=fmt.rdflib_name, publicID=path.resolve().as_uri())
    except BadSyntax as e:  # what pyoxigraph took and rdflib does not: rdflib's reason, at its place
        start = e._str.rfind(b"\n", 0, e._i) + 1
        column = len(e._str[start:e._i].decode("utf-8", "replace")) + 1
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


def load_files(files: Iterable[Path]) -> Graph:
    """Parse every file into one graph (blank nodes stay distinct per file)."""
    graph = Graph()
    for path in files:
        parse_file(Path(path), graph)
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """graph in fmt (ttl, nt or xml), deterministically: N-Triples sorted, RDF/XML sorted (rdfxml.py)."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"unknown graph format {quoted(fmt)} (choose from {', '.join(GRAPH_FORMATS)})",
                         param="format")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if fmt == "xml":
        from .rdfxml import serialize_rdfxml

        return serialize_rdfxml(graph)
    return graph.serialize(format="turtle", encoding="utf-8")
