"""How the whole pipeline grows with the graph: build, validate, each export, release and the query load.

Run: python benchmarks/pipeline_bench.py [--scales 1,10,100] [--steps build,validate,...] [--budget S]
                                          [--memory GB] [--out FILE]

At each scale a synthetic project is made (scale.py: the data's Turtle files copied with their IRIs renamed per
copy) and each step runs in a fresh interpreter, so that its peak memory (ru_maxrss) is its own:
- build: `Project.graph()` from the Turtle files (parse, mint, ranks, truthy view, ORG shortcuts, superclass
  types, citations) and the dump it writes. Every later step starts from that dump (not timed);
- validate: SHACL validation of the built graph with each engine (`validate --engine pyshacl|pyrudof`);
- export FORMAT: `render` in each export format (nt, ttl, nq and trig are made from the dump, as `export` does;
  the others from the rdflib graph, parsed from the dump first and not timed);
- frame NAME: `render` of the framed JSON-LD (`export --format jsonld --frame NAME`: the frame's CONSTRUCT on
  pyoxigraph, then pyld a few documents at a time);
- rdflib walk: a pass over the parsed rdflib graph's triples, the floor of any step that reads it (the graph
  of 1M triples holds 2.5 GB);
- release: `make_release` (validation, every export, the framed JSON-LD, the ontology files, VoID, checksums);
- query load: loading the dump into pyoxigraph, as every `kaifm-kg query` does.
Beside each step is its floor, what the bare library does with the same data: pyoxigraph parsing the Turtle
files (build), rudof validating the same graph with the same shapes (validate), pyoxigraph writing the format
(export; none for csv and quickstatements, which pyoxigraph does not write). Figures are CPU seconds of the step
(scale.py) and the peak resident memory of its process; k is the growth exponent from the first scale above
1× to the largest (1.0 is linear). A step predicted to take more than --budget CPU seconds, or more than
--memory GB, at the next scale is not run there.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from scale import cpu_seconds, exponent, machine_load, predicted, scaled_project

HERE = Path(__file__).resolve()
OX_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "xml": "RDF_XML",
              "jsonld": "JSON_LD"}  # export format -> the pyoxigraph format that is its floor


def steps() -> list[str]:
    """The steps, in the order they run (build first: it leaves the dump the others start from)."""
    from kaifm_kg.export import EXPORT_FORMATS
    from kaifm_kg.export.jsonld import FRAMES

    return ["build", "validate pyshacl", "validate pyrudof", *(f"export {f}" for f in EXPORT_FORMATS),
            *(f"frame {name}" for name in FRAMES), "release", "query load", "rdflib walk"]


def floor_of(step: str) -> str | None:
    """The floor step beside step, if it has one."""
    if step == "build":
        return "floor parse"
    if step.startswith("validate"):
        return "floor rudof"
    fmt = step.removeprefix("export ")
    return f"floor write {fmt}" if fmt in OX_FORMATS else None


# -- one step, in a fresh interpreter ---------------------------------------------------------------------------

def run_step(step: str, root: Path, work: Path) -> dict:
    """CPU seconds of step on the project at root (its dump already in the cache, except for build)."""
    import pyoxigraph as ox

    from kaifm_kg.export import render
    from kaifm_kg.project import Project

    project = Project.open(root)
    if step == "build":
        seconds, _ = cpu_seconds(project.graph)
        return {"seconds": seconds, "triples": len(project.graph())}
    if step == "floor parse":
        store = ox.Store()
        seconds, _ = cpu_seconds(lambda: [store.load(path=str(f), format=ox.RdfFormat.TURTLE)
                                          for f in project.source_files()])
        return {"seconds": seconds, "triples": len(store)}
    if step == "query load":
        from kaifm_kg.query.engines import OxigraphEngine

        seconds, engine = cpu_seconds(lambda: OxigraphEngine(project.dump()))
        return {"seconds": seconds, "triples": len(engine.store)}
    if step.startswith("floor write"):
        store = ox.Store()
        store.load(path=str(project.dump()), format=ox.RdfFormat.N_TRIPLES)
        fmt = getattr(ox.RdfFormat, OX_FORMATS[step.removeprefix("floor write ")])
        seconds, data = cpu_seconds(lambda: store.dump(format=fmt, from_graph=ox.DefaultGraph())
                                    if not fmt.supports_datasets else store.dump(format=fmt))
        return {"seconds": seconds, "bytes": len(data)}
    if step == "floor rudof":
        import pyrudof

        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        text = project.dump().read_text(encoding="utf-8")

        def validate():
            rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
            rudof.read_shacl(str(project.shapes_file))
            return rudof.validate_shacl()
        seconds, report = cpu_seconds(validate)
        return {"seconds": seconds, "conforms": report.conforms}
    if step in ("export nt", "export ttl", "export nq", "export trig"):  # made from the dump (export._from_dump)
        seconds, data = cpu_seconds(lambda: render(project, step.split()[1]))
        return {"seconds": seconds, "bytes": len(data)}
    graph = project.graph()  # parsed from the dump, not timed
    if step == "rdflib walk":
        seconds, count = cpu_seconds(lambda: sum(1 for _ in graph))
        return {"seconds": seconds, "triples": count}
    if step.startswith("validate"):
        from kaifm_kg.build.validate import load_shapes, validate_graph

        shapes = load_shapes(project.shapes_file)
        seconds, report = cpu_seconds(lambda: validate_graph(graph, shapes, engine=step.split()[1]))
        return {"seconds": seconds, "conforms": report.conforms, "problems": len(report.results)}
    if step.startswith("export"):
        seconds, data = cpu_seconds(lambda: render(project, step.split()[1]))
        return {"seconds": seconds, "bytes": len(data)}
    if step.startswith("frame"):
        seconds, data = cpu_seconds(lambda: render(project, "jsonld", frame=step.split()[1]))
        return {"seconds": seconds, "bytes": len(data)}
    if step == "release":
        from kaifm_kg.export.release import make_release

        seconds, _ = cpu_seconds(lambda: make_release(project, work / "release", date="2026-01-01"))
        return {"seconds": seconds}
    raise SystemExit(f"unknown step {step!r}")


def in_child(step: str, root: Path, work: Path, cache: Path) -> dict:
    """run_step in a fresh interpreter, with its peak memory in MB."""
    env = dict(os.environ, KAIFM_KG_CACHE=str(cache))
    child = subprocess.run([sys.executable, str(HERE), "--step", step, "--root", str(root), "--work", str(work)],
                           capture_output=True, text=True, env=env)
    if child.returncode:
        return {"error": (child.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(child.stdout)


# -- the table --------------------------------------------------------------------------------------------------

def measure(scales: list[int], chosen: list[str], budget: float, memory_gb: float) -> tuple[dict, dict]:
    """{step: {scale: figures}} for the chosen steps and their floors, and {scale: triples}."""
    from kaifm_kg.project import Project

    order = [name for step in chosen for name in (step, floor_of(step)) if name]
    order = list(dict.fromkeys(order))
    found, triples, left_out = {}, {}, set()
    for at, scale in enumerate(scales):
        with tempfile.TemporaryDirectory(prefix=f"kaifm-x{scale}-") as tmp:
            root = scaled_project(Project.open().root, scale, Path(tmp) / "project")
            cache, work = Path(tmp) / "cache", Path(tmp) / "work"
            cache.mkdir()
            work.mkdir()
            # the build leaves the dump every other step starts from
            built = in_child("build", root, work, cache)
            triples[scale] = built.get("triples", 0)
            for step in order:
                if step in left_out:
                    continue
                figures = built if step == "build" else in_child(step, root, work, cache)
                print(f"  {scale}× {step}: {figures}  ({machine_load()})", file=sys.stderr, flush=True)
                found.setdefault(step, {})[scale] = figures
                if "error" in figures:
                    left_out.add(step)
                elif at + 1 < len(scales):
                    k = _k(found[step], triples) or 1.0
                    too_slow = predicted(figures["seconds"], scale, scales[at + 1], k) > budget
                    too_big = figures["peak_mb"] * scales[at + 1] / scale > memory_gb * 1024
                    if too_slow or too_big:
                        left_out.add(step)
    return found, triples


def _k(by_scale: dict, triples: dict) -> float | None:
    ran = sorted(s for s, f in by_scale.items() if "seconds" in f and s in triples)
    above = [s for s in ran if s > 1]
    if not above or len(ran) < 2:
        return None
    first = above[0] if len(above) > 1 else ran[0]
    last = ran[-1]
    return exponent(by_scale[last]["seconds"], triples[last], by_scale[first]["seconds"], triples[first])


def table(found: dict, triples: dict, scales: list[int], chosen: list[str]) -> str:
    """A Markdown table: each step and its floor, CPU seconds and peak MB at each scale, and k."""
    head = ["step", *(f"{s}× CPU s / MB" for s in scales), "k", "floor", *(f"{s}× floor s" for s in scales),
            "floor k"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def cell(figures: dict | None, memory: bool = True) -> str:
        if not figures:
            return "—"
        if "error" in figures:
            return "failed"
        return f"{figures['seconds']:.2f}" + (f" / {figures['peak_mb']:.0f}" if memory else "")

    for step in chosen:
        floor = floor_of(step)
        k, floor_k = _k(found.get(step, {}), triples), _k(found.get(floor, {}), triples) if floor else None
        lines.append("| " + " | ".join([
            step, *(cell(found.get(step, {}).get(s)) for s in scales), "" if k is None else f"{k:.2f}",
            floor or "—", *(cell(found.get(floor, {}).get(s), memory=False) if floor else "—" for s in scales),
            "" if floor_k is None else f"{floor_k:.2f}"]) + " |")
    sizes = ", ".join(f"{s}× = {triples[s]} triples" for s in scales if s in triples)
    return "\n".join(lines) + f"\n\nBuilt graph sizes: {sizes}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="sizes, comma-separated, in the order run")
    parser.add_argument("--steps", help="comma-separated steps to run (default all: " + ", ".join(steps()) + ")")
    parser.add_argument("--budget", type=float, default=1800.0,
                        help="leave a step out at a size where it is predicted to take longer (CPU s; default 1800)")
    parser.add_argument("--memory", type=float, default=12.0,
                        help="leave a step out at a size where it is predicted to need more (GB; default 12)")
    parser.add_argument("--out", type=Path, help="also write the table, with the date and the load, to this file")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # a child: one step, its figures as JSON
        figures = run_step(args.step, args.root, args.work)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    chosen = [s.strip() for s in args.steps.split(",")] if args.steps else steps()
    start = f"Run {datetime.datetime.now().isoformat(timespec='minutes')}: `python benchmarks/pipeline_bench.py " \
            f"{' '.join(sys.argv[1:])}`; {machine_load()} at the start"
    found, triples = measure(scales, chosen, args.budget, args.memory)
    text = f"{start}\n\n{table(found, triples, scales, chosen)}\n\n{machine_load()} at the end\n"
    print(text)
    if args.out:
        args.out.write_text("# Pipeline benchmark\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
