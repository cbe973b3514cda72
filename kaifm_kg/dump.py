"""The prebuilt N-Triples dump that the query path loads into pyoxigraph, without importing rdflib.

Dumps live in a per-user cache folder ($KAIFM_KG_CACHE, else $XDG_CACHE_HOME/kaifm-kg, else
~/.cache/kaifm-kg), named by a hash of the source files and of the build code: an edit to any of
them names a new dump, so a stale one is never read. `kaifm-kg build` writes the dump; when it is
missing (a fresh install, or edited data), the first query builds it once.
"""

import hashlib
import os
from pathlib import Path

from . import paths

_BUILD_CODE = ("build.py", "citations.py", "claims.py", "mint.py", "namespaces.py", "serialize.py")


def cache_dir() -> Path:
    """The folder that holds the dumps."""
    if os.environ.get("KAIFM_KG_CACHE"):
        return Path(os.environ["KAIFM_KG_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kaifm-kg"


def source_key(root: Path | None = None) -> str:
    """A hash of the build code and of every file the build reads (root's, or the shipped ones)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in [package / name for name in _BUILD_CODE] + paths.source_files(root):
        digest.update(f"{path.parent.name}/{path.name}\0".encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def dump_path(root: Path | None = None) -> Path:
    """Where the dump of root's files (or the shipped ones) is, or goes."""
    return cache_dir() / f"kaifm-{source_key(root)}.nt"


def ensure_dump(root: Path | None = None) -> Path:
    """The dump of root's files (or the shipped ones), built and cached first if missing."""
    path = dump_path(root)
    if not path.is_file():
        from .build import build_graph, write_atomically
        from .serialize import serialize

        write_atomically(path, serialize(build_graph(paths.source_files(root)), "nt"))
    return path
