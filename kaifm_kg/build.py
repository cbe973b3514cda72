"""Load the ontology and the data, mint IRIs, derive the truthy view, and write the release files."""

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import paths
from .citations import add_citations
from .claims import add_default_ranks, add_truthy_triples
from .errors import InputError
from .mint import mint_iris
from .namespaces import KAIFM, PREFIXES, RDF, RDFS
from .serialize import serialize

BUILD_FORMATS = {"kaifm.ttl": "ttl", "kaifm.nt": "nt", "kaifm.jsonld": "jsonld"}

_FORMAT_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                     ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".trig": "trig", ".nq": "nquads"}


@dataclass(frozen=True)
class WrittenFile:
    """One file the build wrote, with the number of triples it holds."""

    path: Path
    triples: int


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's fixed prefixes (and only those) on graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into graph; an unreadable or malformed file raises InputError naming it."""
    graph = graph if graph is not None else Graph()
    fmt = _FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format (expected one of {', '.join(sorted(_FORMAT_BY_SUFFIX))})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as e:
        line = re.search(r"at line (\d+)", str(e))
        where = f"{path}:{line.group(1)}" if line else str(path)
        reason = getattr(e, "_why", "") or str(e).splitlines()[-1]
        raise InputError(f"{where}: Turtle syntax error: {reason}") from e
    except Exception as e:  # every other parser reports its own way; keep its message
        raise InputError(f"{path}: cannot parse as {fmt}: {e}") from e
    return graph


def load_files(files: Iterable[Path]) -> Graph:
    """Parse every file into one graph (blank nodes stay distinct per file)."""
    graph = Graph()
    for path in files:
        parse_file(Path(path), graph)
    return graph


def add_superclass_types(graph: Graph) -> None:
    """Type each instance with the kaifm superclasses of its kaifm classes (Call is a Stage, Consortium an Organisation)."""
    parents = {}
    for cls, parent in graph.subject_objects(RDFS.subClassOf):
        if str(cls).startswith(str(KAIFM)) and str(parent).startswith(str(KAIFM)):
            parents.setdefault(cls, set()).add(parent)
    for cls in parents:
        ancestors, todo = set(), list(parents[cls])
        while todo:
            parent = todo.pop()
            if parent not in ancestors:
                ancestors.add(parent)
                todo.extend(parents.get(parent, ()))
        for instance in list(graph.subjects(RDF.type, cls)):
            for ancestor in ancestors:
                graph.add((instance, RDF.type, ancestor))


def build_graph(files: Iterable[Path] | None = None) -> Graph:
    """The built graph: the files (default: shipped ontology and data) with IRIs minted, truthy triples,
    kaifm superclass types and source citations added."""
    raw = load_files(paths.source_files() if files is None else list(files))
    graph = mint_iris(raw)
    add_default_ranks(graph)
    add_truthy_triples(graph)
    add_superclass_types(graph)
    add_citations(graph)
    return bind_prefixes(graph)


def write_atomically(target: Path, data: bytes) -> None:
    """Write data to target through a temporary file in the same folder, so a failure never leaves a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_build(graph: Graph, out_dir: Path, dump: Path | None = None) -> list[WrittenFile]:
    """Serialise graph as Turtle, N-Triples and JSON-LD into out_dir, and the N-Triples also to dump (the
    query path's prebuilt graph, see dump.py) when given; all are rendered before any is written."""
    rendered = {out_dir / name: serialize(graph, fmt) for name, fmt in BUILD_FORMATS.items()}
    if dump is not None:
        rendered[dump] = rendered[out_dir / "kaifm.nt"]
    written = []
    for path, data in rendered.items():
        write_atomically(path, data)
        written.append(WrittenFile(path, len(graph)))
    return written
