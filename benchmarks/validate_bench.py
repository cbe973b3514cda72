"""How long `kaifm-kg validate` takes on the shipped graph, and where the time goes.

Run: python benchmarks/validate_bench.py [--runs N] [--root DIR]

Prints (1) the wall time of a cold `kaifm-kg validate` run end to end (a new interpreter each time,
median of N runs) and (2) a breakdown measured in a fresh interpreter: imports, parsing the files,
the rest of the build (minting, ranks, truthy triples, superclass types), loading the shapes, the
core shapes on rdflib, the copy into pyoxigraph, the SPARQL-constraint shapes on pyoxigraph, and the
slowest shapes. The validator is kaifm_kg.build.validate; the split below mirrors what validate_graph does.
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def cold_runs(runs: int, root_args: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) times of `python -m kaifm_kg validate`, each in a new interpreter.

    CPU time is the steadier figure when other processes share the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kaifm_kg", "validate", *root_args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def breakdown(root: Path | None) -> dict:
    """Seconds spent in each step of a validation, measured in this (fresh) interpreter."""
    steps = {}
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    import rdflib  # noqa: F401
    lap("import rdflib")
    import pyshacl
    lap("import pyshacl")
    import pyoxigraph  # noqa: F401
    lap("import pyoxigraph")
    from kaifm_kg import Project
    from kaifm_kg.build import add_superclass_types, validate
    from kaifm_kg.build.claims import add_default_ranks, add_truthy_triples
    from kaifm_kg.build.mint import mint_iris
    from kaifm_kg.rdf.io import load_files

    project = Project.open(root)
    lap("import kaifm_kg")

    raw = load_files(project.source_files())
    lap("parse ontology and data")
    graph = mint_iris(raw)
    add_default_ranks(graph)
    add_truthy_triples(graph)
    add_superclass_types(graph)
    lap("build (mint, ranks, truthy, types)")
    shapes = validate._one_line_queries(validate.load_shapes(project.shapes_file))
    sparql = sorted(set(shapes.subjects(validate.SH.sparql, None)))
    core = sorted({s for t in validate._TARGETS for s in shapes.subjects(t, None)} - set(sparql))
    lap("load shapes")
    core_ok, _, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", use_shapes=[str(s) for s in core])
    lap(f"pySHACL core shapes on rdflib ({len(core)} shapes)")
    store = validate._oxigraph_copy(graph)
    lap("copy into pyoxigraph")
    sparql_ok, _, _ = pyshacl.validate(store, shacl_graph=shapes, inference="none",
                                       use_shapes=[str(s) for s in sparql])
    lap(f"pySHACL SPARQL shapes on pyoxigraph ({len(sparql)} shapes)")
    report = validate.validate_graph(graph, validate.load_shapes(project.shapes_file))
    lap("validate_graph, all of it, once more")

    per_shape = {}
    for shape in core + sparql:
        start = time.perf_counter()
        pyshacl.validate(graph if shape in core else store, shacl_graph=shapes, inference="none",
                         use_shapes=[str(shape)])
        per_shape[str(shape).rsplit("#", 1)[-1]] = time.perf_counter() - start
    slowest = dict(sorted(per_shape.items(), key=lambda item: -item[1])[:6])
    return {"steps": steps, "slowest_shapes": slowest, "triples": len(graph),
            "conforms": report.conforms, "problems": len(report.results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs to time (default 5)")
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder to validate (default: the shipped data)")
    parser.add_argument("--breakdown-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.breakdown_only:
        print(json.dumps(breakdown(args.root)))
        return

    root_args = ["--root", str(args.root)] if args.root else []
    walls, cpus = cold_runs(args.runs, root_args)
    print(f"cold `kaifm-kg validate`, {args.runs} runs: wall median {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}); CPU median {statistics.median(cpus):.2f} s")
    child = subprocess.run([sys.executable, __file__, "--breakdown-only", *root_args], capture_output=True, text=True,
                           check=True)
    figures = json.loads(child.stdout)
    print(f"\nbreakdown in a fresh interpreter ({figures['triples']} triples; conforms: {figures['conforms']}, "
          f"{figures['problems']} problem(s)):")
    for name, seconds in figures["steps"].items():
        print(f"  {seconds:6.3f} s  {name}")
    print("\nslowest shapes, each run alone:")
    for name, seconds in figures["slowest_shapes"].items():
        print(f"  {seconds:6.3f} s  kaifmsh:{name}")


if __name__ == "__main__":
    main()
