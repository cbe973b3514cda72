"""The wheel ships ontology/, graph/ and queries/, and `build` works from it in any directory."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True)
    return next(out.glob("kaifm_kg-*.whl"))


def test_wheel_contains_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"kaifm_kg/data/{p.relative_to(ROOT).as_posix()}"
               for folder in ("ontology", "graph", "queries") for p in (ROOT / folder).glob("*.*")
               if p.suffix in (".ttl", ".rq", ".jsonld")}
    assert shipped and shipped <= names
    templates = {f"kaifm_kg/serve/templates/{p.name}" for p in (ROOT / "kaifm_kg" / "serve" / "templates").glob("*.html")}
    assert templates and templates <= names  # the pages of `serve` and `site`


def test_build_from_the_unpacked_wheel_in_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-m", "kaifm_kg", "build", "--out", "out"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "kaifm.ttl").stat().st_size > 0
    probe = subprocess.run([sys.executable, "-c", "from kaifm_kg import Project; print(Project.open().root)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == str(site / "kaifm_kg" / "data")


def test_wheel_carries_both_licence_texts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    licences = {n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n}
    assert {"LICENSE", "LICENSES/CC-BY-4.0.txt", "LICENSES/MIT.txt"} <= licences


def test_sdist_holds_what_the_tests_need(tmp_path):
    """The source distribution runs its own tests: benchmarks/ (a test runs the query benchmark), .ci/ and
    the licences travel with the code."""
    import tarfile

    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)], cwd=ROOT,
                   check=True, capture_output=True)
    with tarfile.open(next(tmp_path.glob("kaifm_kg-*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"benchmarks/query_bench.py", "tests/conftest.py", "LICENSES/CC-BY-4.0.txt", "LICENSES/MIT.txt",
            "LICENSE", ".ci/minimum-versions.txt", "queries/timeline.rq"} <= names
