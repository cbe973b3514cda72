"""Load the graph as it was somewhere else: a release folder, a dump file, a project folder or a git revision.

Used by `kaifm-kg diff` (both sides) and by `kaifm-kg release` (the previous release in DIR).
"""

import hashlib
import subprocess
import tempfile
from pathlib import Path

from rdflib import Graph

from ..errors import InputError, quoted
from ..project import Project
from ..rdf.io import parse_file

RELEASE_DUMP = "kaifm.nt"  # the file of a release (or a build's output folder) that holds its graph
MANIFEST = "SHA256SUMS"  # written last into a release or a build's folder


def is_release(folder: Path) -> bool:
    """Whether folder holds a release or a build's output (its N-Triples dump)."""
    return (folder / RELEASE_DUMP).is_file()


def load_snapshot(spec: str, repository: Path | None = None) -> Graph:
    """The built graph that spec names: a release or build folder (its kaifm.nt), a project folder (its
    ontology/ and graph/, built), an RDF dump file (.ttl, .nt, .jsonld, .rdf) or a git revision of the
    repository (default: the current folder), whose ontology/ and graph/ files are built."""
    path = Path(spec)
    if path.is_dir():
        if is_release(path):
            _check_dump(path)
            return parse_file(path / RELEASE_DUMP)
        if (path / "graph").is_dir():
            return Project.open(path).graph()
        raise InputError(f"{spec}: a folder, but neither a release (no {RELEASE_DUMP}) nor a project (no graph/)")
    if path.is_file():
        return parse_file(path)
    return _build_revision(spec, repository or Path.cwd())


def _check_dump(folder: Path) -> None:
    """Refuse a folder whose SHA256SUMS gives its dump another hash: it mixes the files of two builds (one
    stopped half-way) or was edited since."""
    sums = folder / MANIFEST
    if not sums.is_file():
        return
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        if name == RELEASE_DUMP and hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            raise InputError(f"{folder / name}: does not match {sums}: the folder mixes files of two builds (one "
                             "stopped half-way?) or was changed since; build or release it again")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as e:
        raise InputError(f"cannot run git to read a revision: {e.strerror or e}") from e


def _build_revision(rev: str, repo: Path) -> Graph:
    """Build ontology/*.ttl (the shapes excluded) and graph/*.ttl as they are at rev (git show REV:path)."""
    if rev.startswith("-") or _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode:
        raise InputError(f"{quoted(rev)}: not a release folder, project folder, dump file or git revision of {repo}")
    listing = _git(repo, "ls-tree", "--name-only", rev, "--", "ontology/", "graph/").stdout.decode("utf-8")
    names = [n for n in listing.splitlines()
             if n.endswith(".ttl") and n.count("/") == 1 and n != "ontology/shapes.ttl"]
    if not any(n.startswith("graph/") for n in names):
        raise InputError(f"{rev}: the revision has no graph/*.ttl files in {repo}")
    with tempfile.TemporaryDirectory(prefix=f"kaifm-{rev.replace('/', '-')}-") as tmp:
        for name in names:
            shown = _git(repo, "show", f"{rev}:./{name}")
            if shown.returncode:
                raise InputError(f"{rev}:{name}: {shown.stderr.decode('utf-8', 'replace').strip()}")
            target = Path(tmp) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
        return Project.open(tmp).graph()
