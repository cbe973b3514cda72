"""Export the built graph for other systems: the one table of export formats, and the writers behind it.

ttl, nt and xml are the deterministic serialisations of rdf/io.py; jsonld is compacted with the
project's context (with a frame, nested documents: jsonld.py); nq and trig hold one named graph per
source document (quads.py); csv is a zip of one table per main class (csvzip.py); quickstatements is
QuickStatements V1 for Wikidata editors; epoch is every model in the columns of Epoch AI's Notable AI Models
CSV (epoch.py). To add a format, add a row to EXPORTS and a branch to
`render`. Writers are imported on use, so the CLI starts without them.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, quoted
from ..files import write_atomically
from ..project import Project
from ..rdf.formats import FORMATS


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, file extensions (the first is the one we write), media type, and
    whether it is binary (never written to standard output)."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    binary: bool = False


EXPORTS = {f.name: f for f in (
    *(ExportFormat(f.name, f.suffixes, f.media_type) for f in FORMATS.values()),
    ExportFormat("csv", (".zip",), "application/zip", binary=True),
    ExportFormat("quickstatements", (".qs.tsv", ".tsv"), "text/tab-separated-values"),
    ExportFormat("epoch", (".epoch.csv", ".csv"), "text/csv"),
)}
EXPORT_FORMATS = tuple(EXPORTS)
_WRITERS = {"nq": ("quads", "render_nquads"), "trig": ("quads", "render_trig"), "csv": ("csvzip", "render"),
            "quickstatements": ("quickstatements", "render"), "epoch": ("epoch", "render")}
# format -> (module of this package, function)
BUILD_FILES = {"kaifm.ttl": "ttl", "kaifm.nt": "nt", "kaifm.jsonld": "jsonld"}  # what `build` writes


@dataclass(frozen=True)
class WrittenFile:
    """One file written, with the number of triples it holds."""

    path: Path
    triples: int


def guess_format(path: Path) -> str:
    """The export format a file name asks for by its extension (kaifm.trig -> trig, kaifm-csv.zip -> csv)."""
    name = Path(path).name.lower()
    for fmt in EXPORTS.values():
        if any(name.endswith(suffix) for suffix in fmt.suffixes):
            return fmt.name
    known = ", ".join(s for f in EXPORTS.values() for s in f.suffixes)
    raise InputError(f"cannot tell the format from {quoted(Path(path).name)}; give the format "
                     f"(extensions: {known})", param="out")


def render(project: Project, fmt: str, frame: str | None = None) -> bytes:
    """The project's built graph in the export format fmt; with frame (jsonld only), the framed documents."""
    if fmt not in EXPORTS:
        raise InputError(f"unknown export format {quoted(fmt)} (choose from {', '.join(EXPORTS)})", param="format")
    graph = project.graph()
    if frame is not None or fmt == "jsonld":
        from .jsonld import compact_graph, dumps, frame_graph, load_context, load_frame

        if fmt != "jsonld":
            raise InputError(f"frames are JSON-LD; use the jsonld format (not {fmt})", param="frame")
        context = load_context(project)
        if frame is None:
            return dumps(compact_graph(graph, context))
        return dumps(frame_graph(graph, load_frame(project, frame), context))
    if fmt in _WRITERS:
        module, function = _WRITERS[fmt]
        return getattr(importlib.import_module(f".{module}", __package__), function)(graph)
    from ..rdf.io import serialize

    return serialize(graph, fmt)


def write_build(project: Project, out_dir: Path) -> list[WrittenFile]:
    """The build's files (kaifm.ttl, kaifm.nt, kaifm.jsonld) written into out_dir; all are rendered before any
    is written."""
    rendered = {out_dir / name: render(project, fmt) for name, fmt in BUILD_FILES.items()}
    triples = len(project.graph())
    for path, data in rendered.items():
        write_atomically(path, data)
    return [WrittenFile(path, triples) for path in rendered]
