"""Export the built graph for other systems: the one table of export formats, and the writers behind it.

ttl, nt and xml are the deterministic serialisations of rdf/io.py; jsonld is compacted with the
project's context (with a frame, nested documents: jsonld.py); nq and trig hold one named graph per
source document (quads.py); csv is a zip of one table per main class (csvzip.py); quickstatements is
QuickStatements V1 for Wikidata editors; epoch is every model in the columns of Epoch AI's Notable AI Models
CSV (epoch.py). ttl, nt, nq and trig are made from the build's N-Triples dump, the others from rdflib's graph.
To add a format, add a row to EXPORTS and a branch to `render`. Writers are imported on use, so the CLI
starts without them.
"""

import hashlib
import importlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, quoted
from ..files import folder_lock, remove_stale_temps, write_atomically
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
_WRITERS = {"csv": ("csvzip", "render"), "quickstatements": ("quickstatements", "render"), "epoch": ("epoch", "render")}
# format -> (module of this package, function)
BUILD_FILES = {"kaifm.ttl": "ttl", "kaifm.nt": "nt", "kaifm.jsonld": "jsonld"}  # what `build` writes
MANIFEST = "SHA256SUMS"  # written last by `build` and `release`: the files, each with its SHA-256


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
    if frame is None and (data := _from_dump(project, fmt)) is not None:
        return data
    graph = project.graph()
    if frame is not None or fmt == "jsonld":
        from .jsonld import compact_graph, dumps, frame_graph, frame_selection, load_context, load_frame

        if fmt != "jsonld":
            raise InputError(f"frames are JSON-LD; use the jsonld format (not {fmt})", param="frame")
        context = load_context(project)
        if frame is None:
            return dumps(compact_graph(graph, context))
        framing = load_frame(project, frame)  # first: it checks the frame's name
        return dumps(frame_graph(frame_selection(project, frame), framing, context))
    if fmt in _WRITERS:
        module, function = _WRITERS[fmt]
        return getattr(importlib.import_module(f".{module}", __package__), function)(graph)
    from ..rdf.io import serialize

    return serialize(graph, fmt)


def _from_dump(project: Project, fmt: str) -> bytes | None:
    """nt, ttl, nq and trig straight from the project's dump (the built graph's sorted N-Triples), without the
    rdflib graph that every other format reads: an export in a fresh process then costs about what pyoxigraph's
    own parse and write do. None for other formats, or Turtle that needs rdflib (a blank node)."""
    if fmt not in ("nt", "ttl", "nq", "trig"):
        return None
    from ..rdf.io import turtle_from_ntriples
    from .quads import render_nquads, render_trig

    data = project.dump().read_bytes()
    if fmt == "nq":
        return render_nquads(data)
    if fmt == "trig":
        return render_trig(data)
    return data if fmt == "nt" else turtle_from_ntriples(data)


def checksums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS: one line per file, `HEX  NAME`, sorted by name, as sha256sum writes it."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def write_build(project: Project, out_dir: Path) -> list[WrittenFile]:
    """The build's files (kaifm.ttl, kaifm.nt, kaifm.jsonld) written into out_dir, then SHA256SUMS of them.

    All are rendered before any is written, and each is written atomically; a build killed half-way can
    leave files of two builds side by side, which `sha256sum -c SHA256SUMS` then reports (the manifest is
    written last, so it always describes one build). The build holds the lock `.OUT.lock` beside out_dir
    and first removes the temporary files a killed build left in it.
    """
    rendered = {name: render(project, fmt) for name, fmt in BUILD_FILES.items()}
    triples = len(project.graph())
    out_dir = Path(out_dir)
    with folder_lock(out_dir, "build", param="out"):
        remove_stale_temps(out_dir, [*rendered, MANIFEST])
        for name, data in rendered.items():
            write_atomically(out_dir / name, data)
        write_atomically(out_dir / MANIFEST, checksums(rendered))
    return [WrittenFile(out_dir / name, triples) for name in rendered]
