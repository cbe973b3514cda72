"""Shared fixtures: the built graph (once per session) and a CLI runner."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaifm_kg import Project

SHIPPED = Project.open()  # the shipped data, built once for the whole session through its cache


def pytest_configure(config):
    """Keep the caches the tests fill (query dumps, Wikidata answers) out of the user's own cache."""
    os.environ["KAIFM_KG_CACHE"] = tempfile.mkdtemp(prefix="kaifm-kg-test-cache-")


def pytest_unconfigure(config):
    """Remove the session's cache folder."""
    shutil.rmtree(os.environ.pop("KAIFM_KG_CACHE", ""), ignore_errors=True)


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
    """The session's private query-dump cache (KAIFM_KG_CACHE, set above), filled once."""
    project.check()  # the dump, and the record that it conforms, as `kaifm-kg build` leaves them
    return Path(os.environ["KAIFM_KG_CACHE"])


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the shipped ontology/ and graph/ folders, for tests that break them."""
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(SHIPPED.root / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def oxigraph_server():
    """Start real `oxigraph serve` processes (in memory) on 127.0.0.1: call it with an RDF file to load, or
    nothing, and get the base URL (BASE/query, BASE/store). All are stopped when the session ends."""
    import socket
    import subprocess
    import sys
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
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"kaifm-kg serve did not start: {log.read_text()}")
                time.sleep(0.1)

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    shutil.rmtree(logs, ignore_errors=True)
