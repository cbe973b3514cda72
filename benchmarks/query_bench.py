"""How fast the canned queries answer, and how every one of them grows with the graph.

Run: python benchmarks/query_bench.py [--runs N] [--scales 10,100,1000] [--budget S] [--no-rdflib] [--out FILE]

Prints three Markdown tables (and writes them to FILE with the date, the commit and the machine's load):
1. each offline canned query on the shipped graph: its rows, and milliseconds on pyoxigraph once the dump is
   loaded and on rdflib (prepared once);
2. the whole `kaifm-kg query timeline` as a subprocess against the floor, a bare script that imports
   pyoxigraph, loads the same dump and runs the same query, the two run alternately, wall and CPU medians;
3. growth: loading the dump and every offline canned query on synthetic graphs 10, 100 and 1000 times the
   shipped one (scale.py says how they are made and timed), in CPU seconds (best of the runs), with the
   growth exponent k from the first synthetic size to the largest (1.0 is linear). The targets: k ≤ 1.1 for
   every query, and k ≤ 0.2 for a query whose answer does not grow (the same rows at every size, as for a
   question about one team). Beside them the floor: bare pyoxigraph on a generic graph of the same size
   (eight predicates, a subject per eight triples), loading it and sorting one predicate's triples, so that
   growth pyoxigraph itself shows can be told from growth a query adds. A query predicted to take more than
   --budget seconds at the next size is not run there (its k is then taken over the sizes it ran at).
   `--scales ""` skips this table.
"""

import argparse
import datetime
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from scale import cpu_seconds, exponent, machine_load, predicted, scaled_dump
from kaifm_kg.project import Project
from kaifm_kg.query.catalogue import list_queries, typed_values
from kaifm_kg.query.engines import open_engine
from kaifm_kg.query.table import Table, format_rows

SHIPPED = Project.open()

ID = "https://w3id.org/kaifm/id/"
# parameter values for the queries that need them (IRIs of the original copy, so no label lookup is timed)
PARAMS = {
    "teams-on": {"date": "2026-01-20"},
    "consortium-members": {"team": ID + "team/sk-telecom"},
    "organisation-roles": {"org": ID + "org/kaist"},
    "sources-for": {"entity": ID + "model/a-x-k1"},
    "team-history": {"team": ID + "team/naver-cloud"},
    "search": {"text": "exaone"},
}
FLAT, LINEAR = 0.2, 1.1  # the targets for k
FLOOR_NS = "http://example.org/floor/"
FLOOR = """import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
text = open(sys.argv[2], encoding="utf-8").read()
for row in store.query(text, substitutions={ox.Variable("lang"): ox.Literal("en")}):
    print("\\t".join("" if t is None else t.value for t in row))
"""


def offline_queries() -> dict[str, tuple[str, dict]]:
    """Every canned query that runs offline: name -> (text, bindings for pyoxigraph)."""
    return {q.name: (q.text, typed_values(q, PARAMS.get(q.name, {}))) for q in list_queries(SHIPPED)
            if not q.federated}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def per_query(runs: int, with_rdflib: bool) -> Table:
    """Table 1: every offline canned query on both engines; the oxigraph runs go round the queries, so a busy
    spell on a shared machine falls on all of them rather than on one."""
    oxigraph = open_engine(SHIPPED, "oxigraph")
    rdflib = open_engine(SHIPPED, "rdflib") if with_rdflib else None
    queries = offline_queries()
    times = {name: [] for name in queries}
    for _ in range(runs):
        for name, (text, bindings) in queries.items():
            times[name].append(cpu_seconds(lambda t=text, b=bindings: oxigraph.select(t, b))[0])
    rows = []
    for name, (text, bindings) in queries.items():
        count = len(oxigraph.select(text, bindings).rows)
        rd = "-"
        if rdflib is not None:
            rdflib.select(text, bindings)  # prepare once
            rd = ms(statistics.median(cpu_seconds(lambda t=text, b=bindings: rdflib.select(t, b))[0] for _ in range(3)))
        rows.append((name, str(count), ms(statistics.median(times[name])), rd))
    return Table(("query", "rows", "oxigraph median ms", "rdflib median ms"), rows)


def _run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def cli_vs_floor(runs: int, dump: Path, work: Path) -> Table:
    """Table 2: `kaifm-kg query timeline` against the bare pyoxigraph floor, alternately."""
    cli = shutil.which("kaifm-kg") or str(Path(sys.executable).with_name("kaifm-kg"))
    query = work / "timeline.rq"
    query.write_text(offline_queries()["timeline"][0], encoding="utf-8")
    floor = work / "floor.py"
    floor.write_text(FLOOR, encoding="utf-8")
    commands = {"kaifm-kg query timeline": [cli, "query", "timeline"],
                "floor (python + pyoxigraph + load + query)": [sys.executable, str(floor), str(dump), str(query)]}
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_run(command))
    floor_cpu = statistics.median(c for _, c in samples[list(commands)[1]])
    rows = []
    for name, values in samples.items():
        cpu = statistics.median(c for _, c in values)
        rows.append((name, ms(statistics.median(w for w, _ in values)), ms(cpu), f"{cpu / floor_cpu:.2f}"))
    return Table(("command", "wall median ms", "cpu median ms", "× floor (cpu)"), rows)


def generic(triples: int, target: Path) -> Path:
    """A graph of nothing but pyoxigraph's floor: triples triples, eight predicates, one literal per subject."""
    with target.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<{FLOOR_NS}s{i // 8}> <{FLOOR_NS}p{i % 8}> "{(i * 7919) % triples:09d}" .\n')
    return target


def _measure(path: Path, runs: int, queries: dict, skip: set) -> dict[str, tuple[float, int]]:
    """CPU seconds (best of runs; one run for a step over a second) and rows (triples, for the load) of loading
    path into a fresh store and of each query not in skip."""
    store = ox.Store()
    measured = {"load": (cpu_seconds(lambda: store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES))[0],
                         len(store))}
    for name, (text, bindings) in queries.items():
        if name in skip:
            continue
        best, rows = cpu_seconds(lambda t=text, b=bindings: len(list(store.query(t, substitutions=b))))
        for _ in range(runs - 1 if best < 1 else 0):
            best = min(best, cpu_seconds(lambda t=text, b=bindings: list(store.query(t, substitutions=b)))[0])
        measured[name] = (best, rows)
    return measured


def growth(dump: Path, scales: list[int], work: Path, runs: int, budget: float) -> Table:
    """Table 3: load and every offline query at 1× and each synthetic size, with k and its target."""
    queries = {name: (text, {ox.Variable(k): v for k, v in bindings.items()})
               for name, (text, bindings) in offline_queries().items()}
    floor_queries = {"sort": (f"SELECT ?s ?o WHERE {{ ?s <{FLOOR_NS}p0> ?o }} ORDER BY ?o", {})}
    sizes = [1] + scales
    found = {}  # (graph, step) -> {scale: (seconds, rows)}
    triples = {}
    skip = {"kaifm": set(), "floor": set()}
    for at, scale in enumerate(sizes):
        path = dump if scale == 1 else scaled_dump(dump, scale, work / f"kaifm-x{scale}.nt")
        kaifm = _measure(path, runs if scale < 1000 else 1, queries, skip["kaifm"])
        if path != dump:
            path.unlink()
        triples[scale] = kaifm["load"][1]
        floor_path = generic(triples[scale], work / f"floor-x{scale}.nt")
        floor = _measure(floor_path, runs if scale < 1000 else 1, floor_queries, skip["floor"])
        floor_path.unlink()
        for graph, measures in (("kaifm", kaifm), ("floor", floor)):
            for step, value in measures.items():
                found.setdefault((graph, step), {})[scale] = value
                if at + 1 < len(sizes):  # a step that would take too long at the next size is left out there
                    k = _k(found[(graph, step)], triples) or 1.0
                    if predicted(value[0], scale, sizes[at + 1], k) > budget:
                        skip[graph].add(step)
    rows = []
    for (graph, step), by_scale in found.items():
        k = _k(by_scale, triples)
        counts = [by_scale[s][1] for s in sorted(by_scale)]
        flat = graph == "kaifm" and step != "load" and len(counts) > 1 and counts[-1] == counts[0]
        target = FLAT if flat else LINEAR
        largest = max(by_scale)
        rows.append((f"{graph} {step}", str(counts[0]), f"{counts[-1]} at {largest}×",
                     *(f"{by_scale[s][0]:.4f}" if s in by_scale else "—" for s in sizes),
                     "" if k is None else f"{k:.2f}", f"≤ {target}",
                     "" if k is None or graph == "floor" else ("yes" if k <= target else "NO")))
    return Table(("step", "rows 1×", "rows at largest", *(f"s at {s}×" for s in sizes), "k", "target", "met"),
                 rows)


def _k(by_scale: dict[int, tuple[float, int]], triples: dict[int, int]) -> float | None:
    """The growth exponent from the first synthetic size (or 1×, when there is only one) to the largest."""
    synthetic = sorted(s for s in by_scale if s > 1)
    if not synthetic:
        return None
    first = synthetic[0] if len(synthetic) > 1 else 1
    last = synthetic[-1]
    return exponent(by_scale[last][0], triples[last], by_scale[first][0], triples[first])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="repetitions per measurement (default 30)")
    parser.add_argument("--scales", default="10,100,1000",
                        help='synthetic graph sizes, comma-separated; "" skips the synthetic graphs')
    parser.add_argument("--budget", type=float, default=120.0,
                        help="leave a query out at a size where it is predicted to take longer (CPU s; default 120)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib column")
    parser.add_argument("--out", type=Path, help="also write the tables, with the date and the load, to this file")
    args = parser.parse_args()
    dump = SHIPPED.dump()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    sections = [f"Run {datetime.datetime.now().isoformat(timespec='minutes')} on {_commit()}, pyoxigraph "
                f"{ox.__version__}: `{' '.join(['python', 'benchmarks/query_bench.py', *sys.argv[1:]])}`; "
                f"{machine_load()} at the start"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sections.append("## Canned queries on the shipped graph, dump loaded (CPU ms)\n\n"
                        + format_rows(per_query(args.runs, not args.no_rdflib), "md"))
        print(sections[-1])
        sections.append("## `kaifm-kg query timeline` against the floor\n\n"
                        + format_rows(cli_vs_floor(max(args.runs // 3, 5), dump, work), "md"))
        print(sections[-1])
        if scales:
            sections.append("## Growth on synthetic graphs (CPU seconds), and bare pyoxigraph on a generic graph "
                            "of the same size (floor)\n\n"
                            + format_rows(growth(dump, scales, work, min(args.runs, 5), args.budget), "md"))
            print(sections[-1])
    sections.append(f"{machine_load()} at the end")
    if args.out:
        args.out.write_text("# Query benchmark\n\n" + "\n\n".join(s.strip() for s in sections) + "\n",
                            encoding="utf-8")


def _commit() -> str:
    """The checkout's commit (with `+changes` when the work tree differs), or "an installed copy"."""
    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD")
    return f"commit {commit}{'+changes' if git('status', '--porcelain') else ''}" if commit else "an installed copy"


if __name__ == "__main__":
    main()
