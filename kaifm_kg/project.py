"""Where the data lives and the built graph it gives: one `Project` value, used by every command.

A project is a folder holding ``ontology/`` (the OWL ontology, ``shapes.ttl``, ``context.jsonld`` and
``frames/``), ``graph/`` (the instance data; ``wikidata.ttl`` holds the links) and ``queries/``. The
shipped project is the copy inside the installed package (read-only: every command that writes data
refuses it); a checkout is any folder the user names with ``--root``.

The built graph comes through one cache: an N-Triples dump in the per-user cache folder
($KAIFM_KG_CACHE, else $XDG_CACHE_HOME/kaifm-kg, else ~/.cache/kaifm-kg) named by a key that covers
everything that shapes it: the name and bytes of every file the build reads, the code of the build
(``kaifm_kg/build/`` and ``kaifm_kg/rdf/``) and the version of rdflib. The query path loads the dump
into pyoxigraph without importing rdflib; `graph()` parses it (or builds and writes it when missing).
A passed SHACL validation's report is kept next to the dump, keyed by the shapes and the validator too.
"""

import hashlib
import importlib.util
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ViolationError
from .files import write_atomically

if TYPE_CHECKING:
    from rdflib import Graph

    from .build.validate import ValidationReport
    from .query.engines import OxigraphEngine

_PACKAGE = Path(__file__).resolve().parent
_BUILD_CODE = ("build", "rdf")  # the subpackages whose code shapes the built graph
LINKS_FILE = "wikidata.ttl"


def cache_dir() -> Path:
    """The per-user folder that holds the dumps and the cached Wikidata answers."""
    if os.environ.get("KAIFM_KG_CACHE"):
        return Path(os.environ["KAIFM_KG_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kaifm-kg"


def _shipped_root() -> Path:
    bundled = _PACKAGE / "data"
    return bundled if (bundled / "ontology").is_dir() else _PACKAGE.parent


def _module_file(name: str) -> Path | None:
    """The file of an installed module, found without importing it."""
    spec = importlib.util.find_spec(name)
    return Path(spec.origin) if spec is not None and spec.origin else None


def _digest(parts: Iterable[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for name, path in parts:
        digest.update(f"{name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class Project:
    """The folders of one project, and its built graph, cached. Make one with `Project.open`."""

    root: Path
    shipped: bool = False
    data_files: tuple[Path, ...] | None = None  # files built instead of graph/*.ttl (see with_data_files)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, root: Path | str | None = None) -> "Project":
        """The project at root (a folder with ontology/ and graph/), or the shipped one when root is None."""
        if root is None:
            return cls(_shipped_root(), shipped=True)
        folder = Path(root)
        missing = [name for name in ("ontology", "graph") if not (folder / name).is_dir()]
        if missing:
            raise InputError(f"{folder} is not a project folder (no {' or '.join(f'{m}/' for m in missing)})",
                             param="root")
        return cls(folder)

    def with_data_files(self, files: Iterable[Path]) -> "Project":
        """This project with files (Turtle, N-Triples or JSON-LD) as its data instead of graph/*.ttl."""
        return Project(self.root, self.shipped, tuple(Path(f) for f in files))

    # -- paths -------------------------------------------------------------------------------------
    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (the SHACL shapes excluded), sorted."""
        return sorted(p for p in self.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")

    def graph_files(self) -> list[Path]:
        """The instance data's files: graph/*.ttl sorted, or the files given to with_data_files."""
        if self.data_files is not None:
            return list(self.data_files)
        return sorted((self.root / "graph").glob("*.ttl"))

    def source_files(self) -> list[Path]:
        """Everything the build reads: ontology, then data."""
        return self.ontology_files() + self.graph_files()

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        return self.ontology_dir / "context.jsonld"

    @property
    def frames_dir(self) -> Path:
        return self.ontology_dir / "frames"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def links_file(self) -> Path:
        return self.root / "graph" / LINKS_FILE

    def require_writable(self, what: str) -> None:
        """Refuse to write what into the shipped (installed, read-only) copy of the data."""
        if self.shipped:
            raise InputError(f"{what} would change the installed package's data in {self.root}; "
                             "give the folder of a checkout", param="root")

    # -- the built graph, through one cache --------------------------------------------------------
    def cache_key(self) -> str:
        """A hash of every file the build reads, of the build's code and of rdflib's version."""
        if "key" not in self._memo:
            code = sorted(p for folder in _BUILD_CODE for p in (_PACKAGE / folder).glob("*.py"))
            rdflib_init = _module_file("rdflib")
            parts = [(f"code/{p.parent.name}/{p.name}", p) for p in code]
            parts += [("rdflib", rdflib_init)] if rdflib_init else []
            parts += [(f"{p.parent.name}/{p.name}", p) for p in self.source_files()]
            try:
                self._memo["key"] = _digest(parts)
            except OSError as e:
                raise InputError(f"{e.filename}: cannot read: {e.strerror}") from e
        return self._memo["key"]

    def dump_path(self) -> Path:
        """Where the N-Triples dump of this project's built graph is, or goes."""
        return cache_dir() / f"kaifm-{self.cache_key()}.nt"

    def dump(self) -> Path:
        """The dump of the built graph, built and written first when missing (written again from the graph in
        memory when the cache lost it)."""
        path = self.dump_path()
        if not path.is_file():
            if "graph" in self._memo:
                from .rdf.io import serialize

                write_atomically(path, serialize(self._memo["graph"], "nt"))
            else:
                self.graph()
        return path

    def graph(self) -> "Graph":
        """The built graph (rdflib): parsed from the dump, else built from the files and dumped.
        The same object is returned on every call: copy it before changing it."""
        if "graph" not in self._memo:
            from .build import build_graph, dumped_graph
            from .rdf.io import serialize

            path = self.dump_path()
            if path.is_file():
                graph = dumped_graph(path)
            else:
                if not self.graph_files():
                    raise InputError(f"{self.root / 'graph'}: no data files; the graph would hold the ontology "
                                     "alone", param="root")
                graph = build_graph(self.source_files())
                write_atomically(path, serialize(graph, "nt"))
            self._memo["graph"] = graph
        return self._memo["graph"]

    def validation(self, engine: str = "pyshacl") -> "ValidationReport":
        """The SHACL validation report of the built graph against this project's shapes, by engine (pyshacl or
        pyrudof: build/validate.py)."""
        if ("report", engine) not in self._memo:
            from .build.validate import load_shapes, validate_graph

            self._memo[("report", engine)] = validate_graph(self.graph(), load_shapes(self.shapes_file), engine)
        return self._memo[("report", engine)]

    def oxigraph(self) -> "OxigraphEngine":
        """The built graph in a pyoxigraph store, loaded from the dump once and shared by every query and frame
        run on this project (read it; do not change it)."""
        if "oxigraph" not in self._memo:
            from .query.engines import OxigraphEngine

            self._memo["oxigraph"] = OxigraphEngine(self.dump())
        return self._memo["oxigraph"]

    def _report_file(self) -> Path:
        shapes_code = _PACKAGE / "build" / "validate.py"
        parts = [("dump", self.dump_path()), ("shapes", self.shapes_file), ("code", shapes_code)]
        parts += [(name, path) for name in ("pyshacl", "pyoxigraph") if (path := _module_file(name))]
        return cache_dir() / f"kaifm-{self.cache_key()}-{_digest(parts)}.report.ttl"

    def check(self, consequence: str = "refused") -> bytes:
        """Raise ViolationError (with the report; its message ends with consequence) unless the built graph
        conforms to the shapes, and return the SHACL report (Turtle) of the conforming graph. A graph that
        passed once is not validated again: its report is kept beside the dump, keyed by the shapes and the
        validator too."""
        self.dump()
        kept = self._report_file()
        try:
            return kept.read_bytes()
        except FileNotFoundError:
            pass
        from .build.validate import format_report

        report = self.validation()
        if not report.conforms:
            raise ViolationError(f"{len(report.violations)} SHACL violation(s) found; {consequence}",
                                 report=report.text)
        text = format_report(report, "ttl").encode("utf-8")
        write_atomically(kept, text)
        return text
