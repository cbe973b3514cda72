"""`kaifm-kg release DIR`: a validated, self-describing, checksummed release of the graph, written atomically.

A release holds every export (kaifm.ttl, .nt, .nq, .trig, .jsonld, .rdf, kaifm-csv.zip and the framed
JSON-LD kaifm-consortia.jsonld, kaifm-models.jsonld, kaifm-rounds.jsonld), the ontology (Turtle,
RDF/XML, JSON-LD and an HTML page), the JSON-LD context, the SHACL shapes and the validation report,
void.ttl (VoID + DCAT), CITATION.cff, CHANGELOG.md and SHA256SUMS (of every other file, for
`sha256sum -c SHA256SUMS`). Nothing is written unless the graph conforms to the shapes. A previous
release in DIR is compared with the new one and the change heads CHANGELOG.md, above the older entries.

A failed release, even one killed with SIGKILL, leaves the previous one untouched: the files are written
and synced into a new folder next to DIR, which takes DIR's place in one step (files.replace_folder: an
atomic exchange on Linux; elsewhere two renames, undone by the next release if a crash comes between).
The next release removes what a killed one left (`.DIR.new-*`, `.DIR.old-*`). A release holds the lock
`.DIR.lock` from start to end: a second release into the same folder fails (exit 2) naming the first.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import __version__
from ..errors import InputError, quoted
from ..files import folder_lock, recover_folder, replace_folder
from ..history.diff import diff_graphs, format_markdown
from ..history.snapshot import is_release, load_snapshot
from ..project import Project
from ..rdf.dates import is_date
from ..rdf.formats import FORMATS
from ..rdf.io import bind_prefixes, load_files, serialize
from ..rdf.namespaces import DCTERMS, OWL
from ..remote.sparql import check_url
from . import EXPORTS, checksums, render
from .jsonld import FRAMES
from .ontodoc import render as render_ontology_page
from .void import DATASET, Distribution, dataset_version, describe_release

REPOSITORY = "https://w3id.org/kaifm"
TITLE = "kaifm-kg: knowledge graph of South Korea's Independent AI Foundation Model programme"
ABSTRACT = ("Every consortium, member, model, stage and outcome of the programme, each fact with its source; "
            "disagreeing reports kept as ranked claims.")
_DATA = (("kaifm.ttl", "ttl", "The graph in Turtle"), ("kaifm.nt", "nt", "The graph in N-Triples"),
         ("kaifm.nq", "nq", "The graph in N-Quads, one named graph per source document"),
         ("kaifm.trig", "trig", "The graph in TriG, one named graph per source document"),
         ("kaifm.jsonld", "jsonld", "The graph in JSON-LD, compacted with context.jsonld"),
         ("kaifm.rdf", "xml", "The graph in RDF/XML"),
         ("kaifm-csv.zip", "csv", "One CSV table per main class, with English and Korean labels"))
_FRAMED = {"consortium": "kaifm-consortia.jsonld", "model": "kaifm-models.jsonld", "round": "kaifm-rounds.jsonld"}
_ONTOLOGY = (("kaifm-ontology.ttl", "ttl", "The ontology in Turtle"),
             ("kaifm-ontology.rdf", "xml", "The ontology in RDF/XML"),
             ("kaifm-ontology.jsonld", "jsonld", "The ontology in JSON-LD"))


@dataclass(frozen=True)
class Release:
    """What `release` wrote: where, the data's version and the code's, the date, how many triples, the files
    and the change."""

    folder: Path
    version: str
    code_version: str
    date: str
    triples: int
    files: tuple[str, ...]
    changes: dict | None  # the diff report from the previous release in the folder, if there was one


def _check_folder(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder", param="folder")
    if target.is_dir() and any(target.iterdir()) and not (is_release(target) and (target / "void.ttl").is_file()):
        raise InputError(f"{target}: not empty and holds no release (no kaifm.nt and void.ttl); "
                         "give a new or empty folder, or the folder of a previous release", param="folder")


def _rendered(project: Project, version: str, date: str, report: bytes) -> tuple[dict, list]:
    """The release's files as bytes (all but void.ttl, CITATION.cff, CHANGELOG.md, SHA256SUMS) and their
    DCAT descriptions."""
    files, dists = {}, []
    for name, fmt, title in _DATA:
        files[name] = render(project, fmt)
        dists.append(Distribution(name, title, len(files[name]), EXPORTS[fmt].media_type, dump=fmt != "csv",
                                  package_of="text/csv" if fmt == "csv" else None))
    for frame in FRAMES:
        name = _FRAMED[frame]
        files[name] = render(project, "jsonld", frame=frame)
        dists.append(Distribution(name, f"Nested JSON-LD documents: the {frame} frame", len(files[name]),
                                  EXPORTS["jsonld"].media_type))
    ontology = bind_prefixes(load_files(project.ontology_files()))
    for name, fmt, title in _ONTOLOGY:
        files[name] = render_ontology(ontology, fmt, project)
        dists.append(Distribution(name, title, len(files[name]), FORMATS[fmt].media_type, of="ontology"))
    files["kaifm-ontology.html"] = render_ontology_page(ontology)
    dists.append(Distribution("kaifm-ontology.html", "The ontology's documentation (English and Korean)",
                              len(files["kaifm-ontology.html"]), "text/html", of="ontology"))
    files["context.jsonld"] = project.context_file.read_bytes()
    files["shapes.ttl"] = project.shapes_file.read_bytes()
    files["shacl-report.ttl"] = report
    return files, dists


def citation(version: str, date: str, repository: str | None = None) -> bytes:
    """CITATION.cff (Citation File Format 1.2.0) for the release; strings are YAML double-quoted scalars."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)
    lines = ["cff-version: 1.2.0", f"message: {q('If you use this dataset, please cite it as below.')}",
             "type: dataset", f"title: {q(TITLE)}",
             f"abstract: {q(ABSTRACT)}",
             f"version: {q(version)}", f"date-released: {q(date)}", "license: CC-BY-4.0",
             "authors:", f"  - name: {q('kaifm-kg maintainers')}", f"repository: {q(repository or REPOSITORY)}",
             f"url: {q(str(DATASET))}", "keywords:",
             *(f"  - {q(k)}" for k in ("knowledge graph", "linked data", "AI foundation model", "South Korea",
                                        "독자 AI 파운데이션 모델"))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _previous_version(folder: Path) -> tuple[str, str]:
    """The version and date a release's void.ttl gives."""
    void = Graph().parse(folder / "void.ttl", format="turtle")
    return str(void.value(DATASET, OWL.versionInfo) or "?"), str(void.value(DATASET, DCTERMS.issued) or "?")


def _changelog(target: Path, graph: Graph, version: str, date: str) -> tuple[bytes, dict | None]:
    """CHANGELOG.md: this release's entry (its diff from the release in target, if any) above the older ones."""
    changes, older = None, ""
    if (target / "void.ttl").is_file() and is_release(target):
        old_version, old_date = _previous_version(target)
        changes = diff_graphs(load_snapshot(str(target)), graph, f"release {old_version} ({old_date})",
                              f"release {version} ({date})")
        body = format_markdown(changes, level=3)
        if (target / "CHANGELOG.md").is_file():
            older = (target / "CHANGELOG.md").read_text(encoding="utf-8").partition("\n")[2].strip("\n")
    else:
        body = f"First release: {len(graph)} triples."
    text = (f"# Changelog\n\n## {version} — {date}\n\nMade with kaifm-kg {__version__}.\n\n{body.strip()}\n"
            + (f"\n{older}\n" if older else ""))
    return text.encode("utf-8"), changes


def render_ontology(ontology: Graph, fmt: str, project: Project) -> bytes:
    """The ontology in fmt (ttl, xml, or jsonld compacted with the project's context)."""
    if fmt == "jsonld":
        from .jsonld import compact_graph, dumps, load_context

        return dumps(compact_graph(ontology, load_context(project)))
    return serialize(ontology, fmt)


def make_release(project: Project, target: Path, date: str | None = None, base_url: str | None = None,
                 endpoint: str | None = None, repository: str | None = None) -> Release:
    """Build, validate and write a release of project into target (see the module's docstring); raise
    ViolationError (nothing written) when the graph does not conform."""
    date = date or datetime.date.today().isoformat()
    if not is_date(date):
        raise InputError(f"{quoted(date)} is not a date in the form YYYY-MM-DD", param="date")
    for url, param in ((base_url, "base_url"), (endpoint, "sparql_endpoint"), (repository, "repository")):
        if url is not None:
            check_url(url, param)
    target = Path(target)
    with folder_lock(target, "release", param="folder"):
        recover_folder(target)
        _check_folder(target)
        report = project.check("no release was made")
        graph = project.graph()
        version = dataset_version(graph)
        files, dists = _rendered(project, version, date, report)
        void = describe_release(graph, version, date, dists, base_url, endpoint)
        files["void.ttl"] = serialize(void, "ttl")
        files["CITATION.cff"] = citation(version, date, repository)
        files["CHANGELOG.md"], changes = _changelog(target, graph, version, date)
        files["SHA256SUMS"] = checksums(files)
        replace_folder(target, files)
    return Release(target, version, __version__, date, len(graph), tuple(sorted(files)), changes)
