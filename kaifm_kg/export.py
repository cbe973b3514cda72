"""Export the built graph for other systems: one writer per format, each a function graph -> bytes.

ttl, nt, jsonld and xml are the deterministic serialisations of serialize.py (JSON-LD compacted with
the project's context; with a frame, one of the nested documents of jsonld.py); nq and trig hold one
named graph per source document (quads.py); csv is a zip of one table per main class (tables.py);
quickstatements is QuickStatements V1 for Wikidata editors. To add a format, write a function
render(graph) -> bytes and name its module and function in _WRITERS; the CLI's `export --format`
choices come from EXPORT_FORMATS. Writers are imported on use, so the CLI starts without them.
"""

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

_GRAPH_FORMATS = ("ttl", "nt", "jsonld", "xml")  # serialize.serialize(graph, fmt)
_WRITERS = {"nq": ("quads", "render_nquads"), "trig": ("quads", "render_trig"), "csv": ("tables", "render"),
            "quickstatements": ("quickstatements", "render")}  # format -> (module of this package, function)
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml", "csv", "quickstatements")
BINARY_FORMATS = ("csv",)  # a zip file: never written to standard output
FORMAT_BY_SUFFIX = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
                    ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".zip": "csv"}


def guess_format(path: Path) -> str:
    """The export format a file name asks for by its extension (kaifm.trig -> trig, kaifm-csv.zip -> csv)."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"--out: cannot tell the format from {path.name!r}; give --format "
                         f"(extensions: {', '.join(sorted(FORMAT_BY_SUFFIX))})")
    return fmt


def export(graph: "Graph", fmt: str, frame: str | None = None) -> bytes:
    """graph rendered in the export format fmt; with frame (jsonld only), the framed JSON-LD documents."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"--format: unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    if frame is not None:
        if fmt != "jsonld":
            raise InputError(f"--frame: frames are JSON-LD; use --format jsonld (not {fmt})")
        from .jsonld import dumps, frame_graph

        return dumps(frame_graph(graph, frame))
    if fmt in _GRAPH_FORMATS:
        from .serialize import serialize

        return serialize(graph, fmt)
    module, function = _WRITERS[fmt]
    return getattr(importlib.import_module(f".{module}", __package__), function)(graph)
