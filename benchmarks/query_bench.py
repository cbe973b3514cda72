"""How fast the canned queries answer, and how the query path grows with the graph.

Run: python benchmarks/query_bench.py [--runs N] [--scales 100,1000] [--no-rdflib]

Prints three Markdown tables:
1. each canned query on pyoxigraph once the dump is loaded (target: under 5 ms) and on rdflib
   (prepared once), with the row count;
2. the whole `kaifm-kg query timeline` as a subprocess against the floor, a bare script that imports
   pyoxigraph, loads the same dump and runs the same query (target: within 3 times the floor), the two
   run alternately in one session, wall and CPU medians;
3. load and query times on synthetic graphs 100 and 1000 times larger, made by copying the built graph
   with every IRI under https://w3id.org/kaifm/id/ renamed per copy (the ontology is shared), with the
   time per triple relative to the shipped graph and the growth exponent k in time ∝ triples^k
   (1.0 is linear growth). Beside them, the floor: bare pyoxigraph on a generic graph of the same
   size (eight predicates, a subject per eight triples, nothing of the project's), loading it and sorting one
   predicate's triples (`ORDER BY`, as the timeline does), so that growth which pyoxigraph itself
   shows at a size can be told from growth the project's queries add. `--scales ""` skips this table.

Python's cyclic garbage collector is off while a step is timed (it is collected before), so its
passes over earlier allocations are not counted against the store.
"""

import argparse
import gc
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kaifm_kg.project import Project
from kaifm_kg.query.catalogue import list_queries, typed_values
from kaifm_kg.query.engines import open_engine
from kaifm_kg.query.table import Table, format_rows

SHIPPED = Project.open()

ID = "https://w3id.org/kaifm/id/"
# parameter values for the queries that need them (IRIs, so no label lookup is timed)
PARAMS = {
    "teams-on": {"date": "2026-01-20"},
    "consortium-members": {"team": ID + "team/sk-telecom"},
    "organisation-roles": {"org": ID + "org/kaist"},
    "sources-for": {"entity": ID + "model/a-x-k1"},
    "team-history": {"team": ID + "team/naver-cloud"},
    "search": {"text": "exaone"},
}
SCALED = ("timeline", "teams-on", "contested-claims", "sources-for")
FLOOR_NS = "http://example.org/floor/"
FLOOR = """import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
for row in store.query(open(sys.argv[2], encoding="utf-8").read(), substitutions={ox.Variable("lang"): ox.Literal("en")}):
    print("\\t".join("" if t is None else t.value for t in row))
"""


def timed(func, runs: int) -> list[float]:
    """Seconds each of runs calls of func took, with the cyclic garbage collector off while each runs."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def per_query(runs: int, with_rdflib: bool) -> Table:
    """Table 1: every offline canned query on both engines; oxigraph runs go round the queries, so a busy
    spell on a shared machine falls on all of them rather than on one."""
    engines = {"oxigraph": open_engine(SHIPPED, "oxigraph")}
    if with_rdflib:
        engines["rdflib"] = open_engine(SHIPPED, "rdflib")
    queries = [(q, typed_values(q, PARAMS.get(q.name, {}))) for q in list_queries(SHIPPED) if not q.federated]
    ox_times = {query.name: [] for query, _ in queries}
    for _ in range(runs):
        for query, bindings in queries:
            ox_times[query.name] += timed(lambda: engines["oxigraph"].select(query.text, bindings), 1)
    rows = []
    for query, bindings in queries:
        count = len(engines["oxigraph"].select(query.text, bindings).rows)
        rd = "-"
        if with_rdflib:
            engines["rdflib"].select(query.text, bindings)  # prepare once
            rd = ms(statistics.median(timed(lambda: engines["rdflib"].select(query.text, bindings), 3)))
        times = ox_times[query.name]
        rows.append((query.name, str(count), ms(statistics.median(times)), ms(min(times)),
                     "yes" if statistics.median(times) < 0.005 else "no", rd))
    return Table(("query", "rows", "oxigraph median ms", "oxigraph min ms", "under 5 ms", "rdflib median ms"),
                       rows)


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
    query.write_text(next(q.text for q in list_queries(SHIPPED) if q.name == "timeline"), encoding="utf-8")
    floor = work / "floor.py"
    floor.write_text(FLOOR, encoding="utf-8")
    commands = {"kaifm-kg query timeline": [cli, "query", "timeline"],
                "floor (python + pyoxigraph + load + query)": [sys.executable, str(floor), str(dump), str(query)]}
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_run(command))
    floor_wall = statistics.median(w for w, _ in samples[list(commands)[1]])
    rows = []
    for name, values in samples.items():
        wall = statistics.median(w for w, _ in values)
        rows.append((name, ms(wall), ms(statistics.median(c for _, c in values)), f"{wall / floor_wall:.2f}"))
    return Table(("command", "wall median ms", "cpu median ms", "× floor"), rows)


def synthetic(dump: Path, scale: int, target: Path) -> Path:
    """The dump copied scale times, every IRI under ID renamed per copy (copy 0 is the original)."""
    text = dump.read_text(encoding="utf-8")
    with target.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            out.write(text if copy == 0 else text.replace(ID, f"{ID}copy{copy}/"))
    return target


def generic(triples: int, target: Path) -> Path:
    """A graph of nothing but pyoxigraph's floor: triples triples, eight predicates, one literal per subject."""
    with target.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<{FLOOR_NS}s{i // 8}> <{FLOOR_NS}p{i % 8}> "{(i * 7919) % triples:09d}" .\n')
    return target


def _measure(path: Path, runs: int, queries: dict[str, tuple[str, dict]]) -> tuple[dict[str, float], int]:
    """Best-of-runs seconds to load path into a fresh store and to run each query on it; and its triples."""
    loads = []
    for _ in range(runs):
        store = ox.Store()
        loads += timed(lambda: store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES), 1)
    measures = {"load": min(loads)}
    for name, (text, bindings) in queries.items():
        measures[name] = min(timed(lambda: list(store.query(text, substitutions=bindings)), runs))
    return measures, len(store)


def scaling(dump: Path, scales: list[int], work: Path) -> Table:
    """Table 3: load and query times at each scale, time per triple relative to scale 1, and the floor beside them."""
    canned = {q.name: q for q in list_queries(SHIPPED) if q.name in SCALED}
    queries = {name: (canned[name].text, {ox.Variable(k): v for k, v in
                                          typed_values(canned[name], PARAMS.get(name, {})).items()})
               for name in SCALED}
    floor_queries = {"sort": (f"SELECT ?s ?o WHERE {{ ?s <{FLOOR_NS}p0> ?o }} ORDER BY ?o", {})}
    base, rows = {}, []  # (graph, step) -> (seconds, triples) at scale 1
    for scale in [1] + scales:
        runs = 10 if scale == 1 else 3 if scale < 1000 else 1  # best of runs: the machine may be shared
        path = dump if scale == 1 else synthetic(dump, scale, work / f"kaifm-x{scale}.nt")
        measured, triples = _measure(path, runs, queries)
        if path != dump:
            path.unlink()
        floor_path = generic(triples, work / f"floor-x{scale}.nt")
        floor, _ = _measure(floor_path, runs, floor_queries)
        floor_path.unlink()
        for graph, measures in (("kaifm", measured), ("floor", floor)):
            for step, seconds in measures.items():
                first, first_triples = base.setdefault((graph, step), (seconds, triples))
                exponent = math.log(seconds / first) / math.log(triples / first_triples) if scale > 1 else 1.0
                rows.append((f"{scale}×", str(triples), f"{graph} {step}", f"{seconds:.4f}",
                             f"{seconds / triples / (first / first_triples):.2f}", f"{exponent:.2f}"))
    return Table(("graph", "triples", "step", "seconds", "per triple ÷ 1×", "growth exponent"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="repetitions per measurement (default 30)")
    parser.add_argument("--scales", default="100,1000",
                        help='synthetic graph sizes, comma-separated; "" skips the synthetic graphs')
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib column")
    args = parser.parse_args()
    dump = SHIPPED.dump()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("## Canned queries, dump loaded\n")
        print(format_rows(per_query(args.runs, not args.no_rdflib), "md"))
        print("## `kaifm-kg query timeline` against the floor\n")
        print(format_rows(cli_vs_floor(max(args.runs // 3, 5), dump, work), "md"))
        scales = [int(s) for s in args.scales.split(",") if s.strip()]
        if scales:
            print("## Synthetic graphs, and bare pyoxigraph on a generic graph of the same size (floor)\n")
            print(format_rows(scaling(dump, scales, work), "md"))


if __name__ == "__main__":
    main()
