"""Load on `kaifm-kg serve`, beside `oxigraph serve-read-only` on the same data and query as the floor.

Run: python benchmarks/serve_bench.py [--clients 32] [--seconds 30] [--workers 6] [--timeout 2]

Loopback only (127.0.0.1), bounded in time and count: each scenario runs CLIENTS concurrent keep-alive
clients for SECONDS (and at most --max-requests requests), then stops. Scenarios:
1. sparql: a canned query (teams-on with a VALUES block, SPARQL JSON) over /sparql, and the same text on
   `oxigraph serve-read-only` over an on-disk store loaded with the same dump (the floor);
2. page: entity pages (20 IRIs in both languages, HTML; the server caches a page once made);
3. api: /api/queries/teams-on?date=2026-01-20 (JSON);
4. sparql+runaway: scenario 1 again while another client sends a runaway query (a cross product) every
   second, each stopped at --timeout.
Prints a Markdown table: requests, throughput, p50 and p99 latency, errors (must be zero), and the
machine's load average before and after (the machine is shared: note it beside the figures). Targets:
≥ 50% of the floor's throughput on sparql, page p99 under 50 ms, runaway p99 within 2× of sparql's.
"""

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kaifm_kg.project import Project
from kaifm_kg.query.catalogue import load_query, typed_values
from kaifm_kg.query.terms import inject_values
from kaifm_kg.rdf.prefixes import sparql_prologue

HOST = "127.0.0.1"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAGES = ["org/upstage", "org/lg-ai-research", "org/sk-telecom", "org/naver-cloud", "org/kaist", "team/upstage",
         "team/lg-ai-research", "team/sk-telecom", "team/naver-cloud", "team/motif-technologies",
         "model/a-x-k1", "model/solar-open-100b", "stage/phase-1", "stage/phase-2", "programme/dokpamo",
         "person/lim-woo-hyung", "org/nc-ai", "team/nc-ai", "model-family/exaone", "org/motif-technologies"]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start: {url}") from error
            time.sleep(0.2)


async def _get(reader, writer, target: str, headers: dict[str, str]) -> int:
    """One GET on a keep-alive connection: the status (the body is read and dropped)."""
    lines = [f"GET {target} HTTP/1.1", f"Host: {HOST}"] + [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length, chunked = None, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length:
        await reader.readexactly(length)
    return status


async def _client(port: int, targets: list[tuple[str, dict]], stop: float, budget: list[int], out: list, errors: list,
                  offset: int) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = offset
    try:
        while time.monotonic() < stop and budget[0] > 0:
            budget[0] -= 1
            target, headers = targets[i % len(targets)]
            i += 1
            start = time.perf_counter()
            try:
                status = await _get(reader, writer, target, headers)
            except (OSError, ValueError, asyncio.IncompleteReadError) as e:
                errors.append(repr(e))
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            out.append(time.perf_counter() - start)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def _runaways(port: int, stop: float, statuses: list) -> None:
    """A runaway query every second, each on its own connection (its answer comes at the time limit)."""
    async def one():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            statuses.append(await _get(reader, writer, "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}),
                                       {"Accept": "application/sparql-results+json"}))
        finally:
            writer.close()

    tasks = []
    while time.monotonic() < stop:
        tasks.append(asyncio.create_task(one()))
        await asyncio.sleep(1.0)
    await asyncio.gather(*tasks)


def load(port: int, targets, clients: int, seconds: float, max_requests: int, runaway: bool = False) -> dict:
    """Run the clients against port; latencies and errors."""
    async def main():
        stop = time.monotonic() + seconds
        latencies, errors, runaway_statuses, budget = [], [], [], [max_requests]
        jobs = [_client(port, targets, stop, budget, latencies, errors, n) for n in range(clients)]
        if runaway:
            jobs.append(_runaways(port, stop, runaway_statuses))
        started = time.perf_counter()
        await asyncio.gather(*jobs)
        return latencies, errors, runaway_statuses, time.perf_counter() - started

    latencies, errors, runaway_statuses, elapsed = asyncio.run(main())
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else float("nan"),
            "errors": len(errors), "error_kinds": sorted(set(map(str, errors))), "runaways": runaway_statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()

    project = Project.open()
    dump = project.dump()
    definition = load_query("teams-on", project)
    text = sparql_prologue() + inject_values(definition.text, typed_values(definition, {"date": "2026-01-20"}))
    sparql = [("/sparql?" + urllib.parse.urlencode({"query": text}), {"Accept": "application/sparql-results+json"})]
    pages = [(f"/id/{path}?lang={lang}", {"Accept": "text/html"}) for path in PAGES for lang in ("en", "ko")]
    api = [("/api/queries/teams-on?date=2026-01-20", {})]

    tmp = Path(tempfile.mkdtemp(prefix="kaifm-serve-bench-"))
    processes = []
    try:
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        subprocess.run([oxigraph, "load", "--location", str(tmp / "db"), "--file", str(dump)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        floor_port, port = free_port(), free_port()
        processes.append(subprocess.Popen([oxigraph, "serve-read-only", "--location", str(tmp / "db"), "--bind",
                                           f"{HOST}:{floor_port}"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        processes.append(subprocess.Popen([sys.executable, "-m", "kaifm_kg", "serve", "--port", str(port), "--workers",
                                           str(args.workers), "--timeout", str(args.timeout)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_until_up(f"http://{HOST}:{floor_port}/query?query=ASK%7B%7D", processes[0])
        wait_until_up(f"http://{HOST}:{port}/sparql?query=ASK%7B%7D", processes[1])
        floor_sparql = [("/query?" + urllib.parse.urlencode({"query": text}),
                         {"Accept": "application/sparql-results+json"})]
        for targets, target_port in ((pages, port), (sparql, port), (api, port), (floor_sparql, floor_port)):
            load(target_port, targets, 4, 2.0, 10_000)  # warm up: caches filled, connections made
        before = os.getloadavg()
        runs = [("sparql (teams-on)", "oxigraph serve-read-only (floor)", load(floor_port, floor_sparql, args.clients,
                                                                              args.seconds, args.max_requests)),
                ("sparql (teams-on)", "kaifm-kg serve", load(port, sparql, args.clients, args.seconds,
                                                            args.max_requests)),
                ("entity pages (HTML)", "kaifm-kg serve", load(port, pages, args.clients, args.seconds,
                                                              args.max_requests)),
                ("api (teams-on JSON)", "kaifm-kg serve", load(port, api, args.clients, args.seconds,
                                                              args.max_requests)),
                ("sparql + a runaway every 1 s", "kaifm-kg serve", load(port, sparql, args.clients, args.seconds,
                                                                       args.max_requests, runaway=True))]
        after = os.getloadavg()
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{args.clients} clients × {args.seconds:g} s per scenario, --workers {args.workers}, --timeout "
          f"{args.timeout:g}; load average before {before[0]:.2f}, after {after[0]:.2f} ({os.cpu_count()} cores)\n")
    print("| scenario | server | requests | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for scenario, server, r in runs:
        kinds = f" ({', '.join(r['error_kinds'])})" if r["errors"] else ""
        print(f"| {scenario} | {server} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['errors']}{kinds} |")
    floor, ours, runaway = runs[0][2], runs[1][2], runs[4][2]
    print(f"\nsparql throughput: {100 * ours['rps'] / floor['rps']:.0f}% of the floor (target ≥ 50%); "
          f"page p99 {runs[2][2]['p99']:.1f} ms (target < 50); p99 with runaways {runaway['p99'] / ours['p99']:.2f}× "
          f"without (target ≤ 2); runaway answers: {sorted(set(runaway['runaways']))} × {len(runaway['runaways'])}")


if __name__ == "__main__":
    main()
