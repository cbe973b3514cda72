"""What the scale benchmarks share: synthetic copies of the graph, CPU timing, growth exponents, the machine's load.

A synthetic graph N times the size is N copies of the project's data with every IRI under
https://w3id.org/kaifm/id/ renamed per copy: `.../id/team/sk-telecom` becomes `.../id/team/c7-sk-telecom` in
copy 7 (copy 0 is the original), so each copy is a programme of its own that still meets the shapes' IRI
patterns; the ontology (classes, properties, enumerations) is shared. The same rule renames a built dump
(N-Triples, for the query benchmark) and the data's Turtle sources (for the build benchmark).

Times are CPU seconds of this process (user + system, every thread: `time.process_time`) with Python's
cyclic garbage collector off while a step runs: the machine is shared, and CPU time moves far less than
wall time when other work competes for the two cores. Growth is the exponent k in time ∝ triples^k between
two sizes (1.0 is linear; 0 means the time does not grow).
"""

import gc
import math
import os
import re
import shutil
import time
from pathlib import Path

_ID_FOLDER = re.compile(r"(https://w3id\.org/kaifm/id/[a-z-]+/)")


def renamed(text: str, copy: int) -> str:
    """text with every IRI under the project's id space renamed for copy (copy 0 is unchanged)."""
    return text if copy == 0 else _ID_FOLDER.sub(rf"\g<1>c{copy}-", text)


def scaled_dump(dump: Path, scale: int, target: Path) -> Path:
    """The N-Triples dump copied scale times, renamed per copy, written to target."""
    text = dump.read_text(encoding="utf-8")
    with target.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            out.write(renamed(text, copy))
    return target


def scaled_project(root: Path, scale: int, target: Path) -> Path:
    """A project folder at target whose graph/ holds each of root's data files scale times, renamed per copy
    (copy-N-NAME.ttl); ontology/ and queries/ are root's."""
    for folder in ("ontology", "queries"):
        shutil.copytree(root / folder, target / folder)
    (target / "graph").mkdir(parents=True)
    for source in sorted((root / "graph").glob("*.ttl")):
        text = source.read_text(encoding="utf-8")
        for copy in range(scale):
            (target / "graph" / f"copy-{copy}-{source.name}").write_text(renamed(text, copy), encoding="utf-8")
    return target


def cpu_seconds(func) -> tuple[float, object]:
    """CPU seconds func() took (garbage collector off meanwhile), and what it returned."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        value = func()
        return time.process_time() - start, value
    finally:
        gc.enable()


def exponent(seconds: float, triples: int, base_seconds: float, base_triples: int) -> float:
    """k in seconds ∝ triples^k between a base size and a larger one."""
    return math.log(max(seconds, 1e-6) / max(base_seconds, 1e-6)) / math.log(triples / base_triples)


def predicted(seconds: float, scale: int, next_scale: int, k: float) -> float:
    """The time a step that took seconds at scale should take at next_scale, growing at least linearly."""
    return seconds * (next_scale / scale) ** max(k, 1.0)


def machine_load() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` gives them, and the number of cores."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
