"""Shared fixtures. Expensive work is done once per session, and every test that only reads its result shares it:

- `project`, `graph`: the shipped project and its built graph, built once from the Turtle sources. The build
  writes the dump into the session's cache, so every `Project.open()` after it (the CLI's, and those of
  unchanged project copies, whose cache key is the same) reads the dump instead of building again.
- `cache`: that cache folder, holding the dump and the record that it passed validation.
- `private_cache`: an empty cache for one test (its own cached Wikidata answers) that starts with that dump.
- `released`, `other_run`: two runs of the command line in other processes, one under PYTHONHASHSEED=1 and one
  under 2, each with an empty cache (so each builds the graph from Turtle): the first makes the release that
  every test of the exports, JSON-LD and the release reads (it holds every export format); the second makes
  `build`, the same release and the other exports again, for the tests that compare bytes, and a second
  release over its first. They run in a thread while the other tests run; the tests that read them run last.
- `broken_project`: a project copy that breaks three shapes, for the commands that must refuse it.
- `project_copy`: a writable copy of the shipped project for one test, to change.
- `oxigraph_server`: real `oxigraph serve` processes on 127.0.0.1.

Everything the session writes outside pytest's tmp_path goes under one temporary folder, removed at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kaifm_kg import Project
from kaifm_kg.rdf.namespaces import DCTERMS, ID, KAIFM, ORG, RDFS

SHIPPED = Project.open()  # the shipped data, built once for the whole session through its cache
RELEASE_DATE = "2026-11-23"
RELEASE_ENDPOINT = "http://127.0.0.1:7878/query"
OUTSIDE_RELEASE = ("quickstatements", "epoch")  # the export formats a release holds no file of
SECOND_RELEASE_EDIT, SECOND_RELEASE_DATE = ("kaifm:sequence 6 ;", "kaifm:sequence 60 ;"), "2026-11-30"
_session: dict = {}  # the session's temporary folder and _OtherRuns


def pytest_configure(config):
    """Keep the caches the tests fill (query dumps, Wikidata answers) out of the user's own cache."""
    _session["tmp"] = Path(tempfile.mkdtemp(prefix="kaifm-kg-test-"))
    os.environ["KAIFM_KG_CACHE"] = str(_session["tmp"] / "cache")


def pytest_collection_modifyitems(config, items):
    """Start _OtherRuns if a test reads them, and run those tests last, so the runs have the most time."""
    def reads_them(item) -> bool:
        return bool({"released", "other_run"} & set(getattr(item, "fixturenames", ())))

    items.sort(key=reads_them)
    if any(map(reads_them, items)):
        _session["other_runs"] = _OtherRuns(_session["tmp"] / "other-runs")


def pytest_unconfigure(config):
    """Stop _OtherRuns if they are still going, and remove the session's folder (cache included)."""
    if "other_runs" in _session:
        _session.pop("other_runs").stop()
    os.environ.pop("KAIFM_KG_CACHE", None)
    shutil.rmtree(_session.pop("tmp", ""), ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite tests/golden/*.csv from the shipped graph instead of comparing (review the diff).")


PREFIXES = """\
@prefix kaifm:   <https://w3id.org/kaifm/ontology#> .
@prefix korg:    <https://w3id.org/kaifm/id/org/> .
@prefix team:    <https://w3id.org/kaifm/id/team/> .
@prefix model:   <https://w3id.org/kaifm/id/model/> .
@prefix stage:   <https://w3id.org/kaifm/id/stage/> .
@prefix crit:    <https://w3id.org/kaifm/id/criterion/> .
@prefix src:     <https://w3id.org/kaifm/id/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix schema:  <https://schema.org/> .
@prefix time:    <http://www.w3.org/2006/time#> .
"""


@pytest.fixture(scope="session")
def project() -> Project:
    """The shipped project."""
    return SHIPPED


@pytest.fixture(scope="session")
def graph(project):
    """The graph built from the shipped ontology and data (shared: copy it before changing it)."""
    return project.graph()


@pytest.fixture(scope="session")
def cache(project) -> Path:
    """The session's private cache (KAIFM_KG_CACHE, set above), holding the shipped graph's dump and its check."""
    project.check()  # the dump, and the record that it conforms, as `kaifm-kg build` leaves them
    return _session["tmp"] / "cache"


@pytest.fixture
def private_cache(cache, tmp_path, monkeypatch) -> Path:
    """A cache of this test's own (KAIFM_KG_CACHE), holding a copy of the shipped graph's dump and its check."""
    folder = tmp_path / "cache"
    folder.mkdir()
    for path in cache.glob(f"kaifm-{SHIPPED.cache_key()}*"):
        shutil.copy(path, folder / path.name)
    monkeypatch.setenv("KAIFM_KG_CACHE", str(folder))
    return folder


@pytest.fixture
def runner():
    """A CLI runner: result.stdout is standard output alone (the rows), result.output both streams as a terminal
    shows them (click 8.2 and later, the lower bound in pyproject.toml)."""
    return CliRunner()


def copy_project(root: Path) -> Path:
    """A writable copy of the shipped ontology/, graph/ and queries/ folders in root."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(SHIPPED.root / folder, root / folder)
    return root


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A small project (the shipped ontology, the shapes tests' valid fixture as data): quick to build and release."""
    from test_shapes import VALID

    root = tmp_path / "tiny"
    for folder in ("ontology", "queries"):
        shutil.copytree(SHIPPED.root / folder, root / folder)
    (root / "graph").mkdir()
    (root / "graph" / "data.ttl").write_text(VALID, encoding="utf-8")
    return root


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the shipped project, for a test that changes it."""
    return copy_project(tmp_path / "project")


def edit_graph_files(root: Path, edit) -> None:
    """Apply edit(graph) to each graph file of root, rewriting the files it changed."""
    for path in Project.open(root).graph_files():
        data = Graph().parse(path, format="turtle")
        before = len(data)
        if edit(data) or len(data) != before:
            data.serialize(path, format="turtle")


def remove_korean_label(data: Graph, node=ID["org/upstage"]) -> None:
    for label in list(data.objects(node, RDFS.label)):
        if label.language == "ko":
            data.remove((node, RDFS.label, label))


def remove_membership_sources(data: Graph) -> None:
    for membership in list(data.subjects(ORG.member, ID["org/elice"])):
        if (membership, ORG.organization, ID["team/lg-ai-research"]) in data:
            data.remove((membership, DCTERMS.source, None))


def raise_active_parameters(data: Graph) -> bool:
    for claim in list(data.objects(ID["model/a-x-k1"], KAIFM.hasClaim)):
        if (claim, KAIFM.property, KAIFM.activeParameters) in data:
            data.set((claim, KAIFM.value, Literal(600_000_000_000)))
            return True
    return False


# focus node (under id/) -> part of the message, for each violation broken_project holds
BROKEN = {"org/upstage": "one in Korean (@ko)", "membership/lg-ai-research/elice": "cites at least one source",
          "model/a-x-k1": "exceed total parameters"}


@pytest.fixture(scope="session")
def broken_project(tmp_path_factory, cache) -> Path:
    """A project copy with three violations (BROKEN): a Korean label removed, a membership's sources removed,
    active parameters above the total. Its graph is built once, into the session's cache. Do not change it."""
    root = copy_project(tmp_path_factory.mktemp("broken") / "project")
    for edit in (remove_korean_label, remove_membership_sources, raise_active_parameters):
        edit_graph_files(root, edit)
    Project.open(root).dump()
    return root


class _Run:
    """Commands of `python -m kaifm_kg` (a step may also be a function), each in its own process with the run's
    PYTHONHASHSEED and an empty cache of the run's own, so the graph is built from Turtle again."""

    def __init__(self, folder: Path, seed: str, steps: list):
        self.folder, self.seed, self.steps, self.cache = folder, seed, steps, folder / "cache"
        self.done: list[subprocess.CompletedProcess] = []
        self.finished = threading.Event()

    def output(self, command: str) -> str:
        """What the run's first `command` (build, release, export ...) printed."""
        return next(step.stdout for step in self.done if step.args[0] == command)


class _OtherRuns:
    """The runs the session compares its bytes with, one after another in a thread while the tests run:

    - `first` (PYTHONHASHSEED=1): `release` of the shipped data, the release the tests read (`released`);
    - `second` (PYTHONHASHSEED=2): `build`, the same `release`, an `export` of each format a release leaves out,
      then a second release over a copy of its first, from a project copy with one change (SECOND_RELEASE_EDIT).
    """

    def __init__(self, folder: Path):
        first, second = folder / "first", folder / "second"
        self.first = _Run(first, "1", [["release", str(first / "release"), "--date", RELEASE_DATE,
                                         "--sparql-endpoint", RELEASE_ENDPOINT]])
        self.second = run = _Run(second, "2", [])
        run.dist, run.release, run.second_release = second / "dist", second / "release", second / "second-release"
        run.exports = {fmt: second / "exports" / fmt for fmt in OUTSIDE_RELEASE}
        edited = copy_project(second / "edited")
        programme = edited / "graph" / "programme.ttl"
        text = programme.read_text(encoding="utf-8")
        assert text.count(SECOND_RELEASE_EDIT[0]) == 1
        programme.write_text(text.replace(*SECOND_RELEASE_EDIT), encoding="utf-8")
        run.steps = [["build", "--out", str(run.dist)],
                     ["release", str(run.release), "--date", RELEASE_DATE, "--sparql-endpoint", RELEASE_ENDPOINT],
                     *(["export", "--format", fmt, "--out", str(out)] for fmt, out in run.exports.items()),
                     lambda: shutil.copytree(run.release, run.second_release),
                     ["release", str(run.second_release), "--root", str(edited), "--date", SECOND_RELEASE_DATE]]
        self.process: subprocess.Popen | None = None
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for run in (self.first, self.second):
                env = {**os.environ, "PYTHONHASHSEED": run.seed, "KAIFM_KG_CACHE": str(run.cache)}
                for step in run.steps:
                    if self.stopped:
                        return
                    if callable(step):
                        step()
                        continue
                    self.process = subprocess.Popen([sys.executable, "-m", "kaifm_kg", *step], env=env, text=True,
                                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    out, err = self.process.communicate()
                    run.done.append(subprocess.CompletedProcess(step, self.process.returncode, out, err))
                    if self.process.returncode:
                        break
                run.finished.set()
        finally:  # a run that failed or was stopped is finished too: wait() says what went wrong
            self.first.finished.set()
            self.second.finished.set()

    def wait(self, run: _Run) -> _Run:
        """run, once it has finished (each command's exit status checked)."""
        run.finished.wait()
        for step in run.done:
            assert step.returncode == 0, f"kaifm-kg {' '.join(step.args)}: {step.stdout}{step.stderr}"
        assert len(run.done) == sum(not callable(step) for step in run.steps), "a step of the run failed"
        return run

    def stop(self) -> None:
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def released() -> tuple[Path, str]:
    """(folder, what the command printed) of `kaifm-kg release` of the shipped data, made by the first of
    _OtherRuns. Read it, never change it: copy it first."""
    run = _session["other_runs"].wait(_session["other_runs"].first)
    return run.folder / "release", run.output("release")


@pytest.fixture(scope="session")
def other_run() -> _Run:
    """The second of _OtherRuns, finished: read its folders (dist, release, exports, second_release), never
    change them."""
    return _session["other_runs"].wait(_session["other_runs"].second)


@pytest.fixture(scope="session")
def oxigraph_server():
    """Start real `oxigraph serve` processes (in memory) on 127.0.0.1: call it with an RDF file to load, or
    nothing, and get the base URL (BASE/query, BASE/store). All are stopped when the session ends."""
    import socket
    import time
    import urllib.request

    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    processes = []

    def start(data: Path | None = None) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        processes.append(subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        if data is not None:
            kind = {".ttl": "text/turtle", ".nt": "application/n-triples"}[data.suffix]
            request = urllib.request.Request(f"{base}/store?default", data=data.read_bytes(), method="POST",
                                             headers={"Content-Type": kind})
            urllib.request.urlopen(request, timeout=10).close()
        return base

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def kaifm_server(cache):
    """Start real `kaifm-kg serve` processes on 127.0.0.1 (uvicorn, in a subprocess): call it with extra
    command-line arguments and get the base URL. All are stopped when the session ends."""
    import subprocess
    import sys
    import time
    import urllib.request

    processes = []
    logs = Path(tempfile.mkdtemp(prefix="kaifm-kg-serve-logs-"))

    def start(*args: str) -> str:
        port = free_port()
        log = logs / f"serve-{port}.log"
        with open(log, "wb") as err:
            process = subprocess.Popen([sys.executable, "-m", "kaifm_kg", "serve", "--port", str(port), *args],
                                       stdout=subprocess.DEVNULL, stderr=err,
                                       env={**os.environ, "KAIFM_KG_CACHE": str(cache)})
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=5).close()
                return base
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"kaifm-kg serve did not start: {log.read_text()}") from error
                time.sleep(0.1)

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    shutil.rmtree(logs, ignore_errors=True)
