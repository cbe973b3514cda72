"""The query benchmark still runs and measures every canned query (its figures are not asserted: they are
read by hand and recorded in the README)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import SHIPPED

from kaifm_kg import run_query
from kaifm_kg.query.engines import open_engine
from kaifm_kg.query.catalogue import list_queries

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "query_bench.py"


def _bench_params() -> dict:
    sys.path.insert(0, str(SCRIPT.parent))  # the script imports scale.py from its folder
    spec = importlib.util.spec_from_file_location("query_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PARAMS


def test_query_bench_times_every_offline_query_on_the_rows_it_answers(cache):
    run = subprocess.run([sys.executable, str(SCRIPT), "--runs", "1", "--scales", "", "--no-rdflib"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in run.stdout.splitlines() if line.startswith("| ")]
    counts = {row[0]: row[1] for row in cells if len(row) == 4}
    engine, params = open_engine(SHIPPED, "oxigraph"), _bench_params()
    offline = [q.name for q in list_queries(SHIPPED) if not q.federated]
    assert offline and set(offline) <= set(counts)
    for name in offline:
        assert int(counts[name]) == len(run_query(SHIPPED, name, params=params.get(name), engine=engine).rows), name
    assert any(row[0] == "kaifm-kg query timeline" for row in cells)


def test_a_synthetic_project_is_a_valid_graph_twice_the_size(tmp_path, monkeypatch):
    """The scale benchmarks measure valid data: two renamed copies conform and hold about twice the triples."""
    sys.path.insert(0, str(SCRIPT.parent))
    from scale import scaled_project

    from kaifm_kg import Project

    monkeypatch.setenv("KAIFM_KG_CACHE", str(tmp_path / "cache"))
    copy = Project.open(scaled_project(SHIPPED.root, 2, tmp_path / "project"))
    report = copy.validation("pyrudof")
    assert report.conforms, report.text
    assert 1.7 * len(SHIPPED.graph()) < len(copy.graph()) < 2 * len(SHIPPED.graph())


def test_pipeline_bench_reports_each_step_beside_its_floor(tmp_path):
    script = SCRIPT.with_name("pipeline_bench.py")
    run = subprocess.run([sys.executable, str(script), "--scales", "1", "--steps", "export nt,query load",
                          "--out", str(tmp_path / "pipeline.md")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {line.split("|")[1].strip(): line for line in (tmp_path / "pipeline.md").read_text().splitlines()
            if line.startswith("| ")}
    assert "floor write nt" in rows["export nt"] and "failed" not in rows["export nt"]
    assert float(rows["query load"].split("|")[2].split("/")[0]) > 0
